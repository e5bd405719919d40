// The message catalog: every text the service says to a person, by a stable key, in each dashboard
// language (zh-CN first, English). Errors carry a key and params (message.ts); the API renders them in the
// request's language and sends the key as `code` for integrators to branch on.
//
// English on purpose, and not in here: log lines (read by operators with the code at hand), the MQTT
// `errors` topic's reports to gateways (machine-facing, fixed in docs/gateway-protocol.md), the CLI tools,
// and what people typed (causes, comments). What the service writes into records itself is in notes.ts.
import { HTTP_MESSAGES } from '../platform/http/messages.ts'
import { REGISTRY_MESSAGES } from '../elevators/csv-messages.ts'
import { RESCUE_MESSAGES } from '../rescue/messages.ts'
import { NOTE_MESSAGES } from '../rescue/notes.ts'

export const CATALOG = { ...HTTP_MESSAGES, ...RESCUE_MESSAGES, ...REGISTRY_MESSAGES, ...NOTE_MESSAGES }
