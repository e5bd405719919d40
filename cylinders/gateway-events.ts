// The cylinder kinds' bus events: a monitored bottle's reading, announced as it arrives (before the disk
// sync, like a lift's event: an alarm must not wait for an fdatasync) for the monitoring rules
// (./monitor-alerts.ts). Not relayed: the rules run on the node the installation's gateway is connected to.
import type { MonitorReading } from './payloads.ts'

export interface CylinderMonitorReceived {
  cylinderCode: string
  gatewayId: string
  reading: MonitorReading
}

declare module '../platform/events/bus.ts' {
  interface BusEvents {
    'cylinder.monitor': CylinderMonitorReceived
  }
}
