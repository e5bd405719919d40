// The one place errors become visible: the server's own message in a toast, never a blank page.
import { ElMessage } from 'element-plus'
import { ApiError } from '../../api/client.ts'
import { i18n } from '../../i18n/index.ts'

export function errorText (err: unknown): string {
  const t = i18n.global.t
  if (err instanceof ApiError) {
    if (err.status === 0) return t('error.network', { detail: err.message })
    return t('error.status', { status: err.status, message: err.message })
  }
  return err instanceof Error ? err.message : String(err)
}

export function reportError (err: unknown) {
  if (err instanceof ApiError && err.handled) return
  if (!(err instanceof ApiError)) console.error(err)
  ElMessage({ type: 'error', message: errorText(err), showClose: true, duration: 6000, grouping: true })
}
