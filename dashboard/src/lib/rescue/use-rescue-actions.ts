// How a page moves rescue cases: one click for the plain steps, a dialog for those that need words or a
// choice (close with a cause, false alarm with a note, escalation, a dispatch when the lift has no
// contracted firm). A refusal shows the server's sentence: in the dialog when one is open, else a toast.
// A case someone else moved meanwhile is read again.
import { ref, shallowRef } from 'vue'
import { ElMessage } from 'element-plus'
import { ApiError } from '../../api/client.ts'
import type { RescueActionBody, RescueActionName, RescueCase } from '../../api/types.ts'
import { useRescueDeskStore } from '../../stores/rescue-desk.ts'
import { i18n } from '../../i18n/index.ts'
import { errorText, reportError } from '../common/report-error.ts'

export type DialogKind = 'close' | 'false_alarm' | 'escalate' | 'dispatch'
export interface ActionDialog { kind: DialogKind, case: RescueCase }

const NEEDS_WORDS: readonly RescueActionName[] = ['close', 'false_alarm', 'escalate']

export function useRescueActions (afterChange: (updated: RescueCase) => void = () => {}) {
  const desk = useRescueDeskStore()
  const busy = ref<string | null>(null)
  const dialog = shallowRef<ActionDialog | null>(null)
  const dialogError = ref<string | null>(null)

  async function run (c: RescueCase, body: RescueActionBody): Promise<void> {
    busy.value = `${c.id}:${body.action}`
    try {
      const updated = await desk.act(c.id, body)
      ElMessage({ type: 'success', message: i18n.global.t('rescue.done', { action: i18n.global.t(`rescue.actions.${body.action}`) }), grouping: true, duration: 2000 })
      afterChange(updated)
    } catch (err) {
      // 409 "changed by someone else", or a firm that lost the case to an escalation (403/404): read again.
      if (err instanceof ApiError && [403, 404, 409].includes(err.status)) void desk.load().catch(() => { /* reported below */ })
      throw err
    } finally {
      busy.value = null
    }
  }

  /** A button was pressed. */
  function start (c: RescueCase, action: RescueActionName) {
    const noContractedFirm = action === 'dispatch' && c.contractedFirmId === null
    if (NEEDS_WORDS.includes(action) || noContractedFirm) {
      dialogError.value = null
      dialog.value = { kind: action as DialogKind, case: c }
      return
    }
    run(c, { action }).catch(reportError)
  }

  /** The dialog was confirmed; it stays open with the server's reason when refused. */
  async function submit (body: RescueActionBody) {
    const open = dialog.value
    if (open === null) return
    dialogError.value = null
    try {
      await run(open.case, body)
      dialog.value = null
    } catch (err) {
      if (err instanceof ApiError && err.handled) return
      dialogError.value = errorText(err)
    }
  }

  function cancel () {
    dialog.value = null
    dialogError.value = null
  }

  const isBusy = (c: RescueCase, action?: RescueActionName) => (action === undefined ? busy.value?.startsWith(`${c.id}:`) === true : busy.value === `${c.id}:${action}`)

  return { busy, dialog, dialogError, start, submit, cancel, isBusy }
}
