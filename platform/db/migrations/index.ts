// Migrations in the order they apply. Each is plain DDL, applied once, in its own transaction step.
// Kept as modules (not .sql files) so the compiled service carries them without a copy step.
import registry from './001-registry.ts'
import alertsRescue from './002-alerts-rescue.ts'
import storedMessages from './003-stored-messages.ts'
import notify from './004-notify.ts'
import audit from './006-audit.ts'
import registryHistory from './007-registry-history.ts'

export const MIGRATIONS: Array<{ name: string, sql: string }> = [
  { name: '001-registry', sql: registry },
  { name: '002-alerts-rescue', sql: alertsRescue },
  { name: '003-stored-messages', sql: storedMessages },
  { name: '004-notify', sql: notify },
  { name: '006-audit', sql: audit },
  { name: '007-registry-history', sql: registryHistory }
]
