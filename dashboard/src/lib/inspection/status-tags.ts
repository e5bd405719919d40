// Tag colours of a lift's inspection status.
import type { InspectionStatus } from '../../api/types.ts'

export const STATUS_TAG: Record<InspectionStatus, 'danger' | 'warning' | 'success' | 'info'> = {
  valid: 'success', due_soon: 'warning', overdue: 'danger', failed: 'danger', unknown: 'info'
}
