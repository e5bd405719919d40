// Migrations in the order they apply. Each is plain DDL, applied once, in its own transaction step.
// Kept as modules (not .sql files) so the compiled service carries them without a copy step.
import registry from './001-registry.ts'
import alertsRescue from './002-alerts-rescue.ts'
import storedMessages from './003-stored-messages.ts'
import notify from './004-notify.ts'
import liveTickets from './005-live-tickets.ts'
import gatewayEquipmentKinds from './006-gateway-equipment-kinds.ts'
import rescueLevelSince from './007-rescue-level-since.ts'
import alertsEntrapmentKind from './008-alerts-entrapment-kind.ts'
import audit from './009-audit.ts'
import registryHistory from './010-registry-history.ts'
import inspection from './011-inspection.ts'
import maintenance from './012-maintenance.ts'
import inspectionRunning from './013-inspection-running.ts'
import inspectionReigns from './014-inspection-reigns.ts'
import cylinders from './015-cylinders.ts'
import alertsSubjects from './016-alerts-subjects.ts'
import cylinderAlerts from './017-cylinder-alerts.ts'
import inspectionSpotChecks from './018-inspection-spot-checks.ts'
import inspectionDangers from './019-inspection-dangers.ts'
import inspectionNotices from './020-inspection-notices.ts'
import inspectionKpiLifts from './021-inspection-kpi-lifts.ts'
import inspectionCountedLifts from './022-inspection-counted-lifts.ts'
import inspectionReignsCovering from './023-inspection-reigns-covering.ts'
import cylinderAlertsCommon from './024-cylinder-alerts-common.ts'
import cylinderFillsOnce from './025-cylinder-fills-once.ts'
import liftPlace from './026-lift-place.ts'

export const MIGRATIONS: Array<{ name: string, sql: string }> = [
  { name: '001-registry', sql: registry },
  { name: '002-alerts-rescue', sql: alertsRescue },
  { name: '003-stored-messages', sql: storedMessages },
  { name: '004-notify', sql: notify },
  { name: '005-live-tickets', sql: liveTickets },
  { name: '006-gateway-equipment-kinds', sql: gatewayEquipmentKinds },
  { name: '007-rescue-level-since', sql: rescueLevelSince },
  { name: '008-alerts-entrapment-kind', sql: alertsEntrapmentKind },
  { name: '009-audit', sql: audit },
  { name: '010-registry-history', sql: registryHistory },
  { name: '011-inspection', sql: inspection },
  { name: '012-maintenance', sql: maintenance },
  { name: '013-inspection-running', sql: inspectionRunning },
  { name: '014-inspection-reigns', sql: inspectionReigns },
  { name: '015-cylinders', sql: cylinders },
  { name: '016-alerts-subjects', sql: alertsSubjects },
  { name: '017-cylinder-alerts', sql: cylinderAlerts },
  { name: '018-inspection-spot-checks', sql: inspectionSpotChecks },
  { name: '019-inspection-dangers', sql: inspectionDangers },
  { name: '020-inspection-notices', sql: inspectionNotices },
  { name: '021-inspection-kpi-lifts', sql: inspectionKpiLifts },
  { name: '022-inspection-counted-lifts', sql: inspectionCountedLifts },
  { name: '023-inspection-reigns-covering', sql: inspectionReignsCovering },
  { name: '024-cylinder-alerts-common', sql: cylinderAlertsCommon },
  { name: '025-cylinder-fills-once', sql: cylinderFillsOnce },
  { name: '026-lift-place', sql: liftPlace }
]
