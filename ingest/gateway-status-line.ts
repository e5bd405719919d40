// The gateway's own status (se/v1/{gatewayId}/status) as a line of the `gateway_status` measurement
// (docs/measurements.md). Ingest handles this channel itself: it belongs to the gateway, not to a kind.
import type { GatewayStatus } from '../protocol/payloads.ts'
import { quoteString } from '../platform/influx/line-protocol.ts'

export function gatewayStatusLine (gatewayId: string, s: GatewayStatus): string {
  const fw = s.fw === undefined ? '' : `,fw=${quoteString(s.fw)}`
  return `gateway_status,gateway=${gatewayId} online=${s.online}${fw} ${s.ts}\n`
}
