// Tag colours for alert severities and statuses, shared by the list and the detail.
import type { AlertStatus, Severity } from '../../api/types.ts'

type TagType = 'danger' | 'warning' | 'primary' | 'info' | 'success'

export const SEVERITY_TAG: Record<Severity, TagType> = { critical: 'danger', major: 'warning', minor: 'primary', warning: 'info' }
export const STATUS_TAG: Record<AlertStatus, TagType> = { raised: 'danger', acknowledged: 'warning', assigned: 'primary', cleared: 'success', closed: 'info' }
