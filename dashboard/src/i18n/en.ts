// English. Same keys as zh-cn.ts (the type says so).
import type { Messages } from './zh-cn.ts'
import { alarmEn, alertsEn, figuresEn, rescueEn } from './emergency-en.ts'
import { inspectionEn } from './inspection-en.ts'
import { maintenanceEn } from './maintenance-en.ts'
import { cylindersEn } from './cylinders-en.ts'

export const en: Messages = {
  app: { name: 'Tianjian', subtitle: 'Elevator safety supervision', skip: 'Skip to content' },
  nav: { home: 'Home', maintenanceFirms: 'Maintenance firms', rescue: 'Desk', dispatches: 'Dispatches', maintenance: 'Maintenance', alerts: 'Alerts', figures: 'Figures', elevators: 'Elevators', gateways: 'Gateways', system: 'System', audit: 'Audit log', cylinders: 'Cylinders', apiDocs: 'API docs', logout: 'Sign out', language: '语言', menu: 'Menu' },
  role: { admin: 'Administrator', dispatcher: 'Dispatcher', maintainer: 'Maintenance firm', inspector: 'Inspector', use_unit: 'Use unit', filling_unit: 'Filling unit' },
  login: {
    title: 'Sign in', username: 'Username', password: 'Password', submit: 'Sign in', failed: 'Sign-in failed',
    throttled: 'Too many failed sign-ins; try again in {s} s', sessionEnded: 'Your session has ended; please sign in again',
    usernameRequired: 'Enter your username', passwordRequired: 'Enter your password'
  },
  common: {
    loading: 'Loading…', refresh: 'Refresh', retry: 'Retry', none: '—', yes: 'Yes', no: 'No', all: 'All', total: '{n} lifts',
    online: 'Online', offline: 'Offline', unknownPresence: 'Unknown', back: 'Back', view: 'View', reset: 'Reset', open: 'Open', close: 'Close', cancel: 'Cancel', save: 'Save'
  },
  error: {
    network: 'Cannot reach the server: {detail}', forbidden: 'Your role may not open that page', notFound: 'Page not found', notFoundHint: 'There is no page at {path}.',
    status: 'Request failed ({status}): {message}'
  },
  live: { connecting: 'Connecting to live data', open: 'Live', reconnecting: 'Connection lost; reconnecting in {s} s', closed: 'Live data not connected' },
  home: {
    dispatcher: 'Fleet overview', maintainer: 'My maintained lifts', inspector: 'Periodic inspection', admin: 'Administration', use_unit: 'Our lifts', filling_unit: 'Our cylinders',
    fleet: 'Lifts', online: 'Online', offline: 'Offline', onlineUnavailable: 'This process runs no broker: online status is not available',
    openList: 'Open the list', openOffline: 'Show offline lifts', overdue: 'Inspection overdue', overdueInUse: 'In use and overdue',
    registry: 'Registry', districts: 'Districts', useUnits: 'Use units', firms: 'Maintenance firms', elevators: 'Elevators', gateways: 'Gateways',
    links: 'Administration', gatewaysLink: 'Gateway status and rejected messages', systemLink: 'System health', docsLink: 'API documentation (OpenAPI)',
    myLifts: 'My lifts', showAll: 'Show all',
    openRescues: 'Entrapment rescues under way', awaitingDispatch: 'Awaiting dispatch', openAlerts: 'Open alerts', openBoard: 'Open the dispatch desk', myDispatches: 'Rescues dispatched to us',
    awaitingAccept: 'Awaiting acceptance', figuresLink: 'Rescue figures (arrival times, share within the limit, entrapments per 10,000 lifts)', alertsLink: 'Alert list', rescueLink: 'Emergency dispatch desk',
    wall: {
      openCases: 'Entrapment rescues under way (longest waiting first)', today: 'Today', month: 'This month', withinLimit: 'Arrived within limit',
      trend: 'Entrapments per day, last 30 days', real: 'Entrapments', offlineByDistrict: 'Lifts with their terminal offline, by district ({n} in all)', noneOffline: 'No lift has its terminal offline'
    }
  },
  elevator: {
    equipmentCode: 'Equipment code', rescueId: 'Rescue ID', address: 'Address', building: 'Building', floors: 'Floors', district: 'District',
    useUnit: 'Use unit', maintenanceFirm: 'Maintenance firm', kind: 'Kind', status: 'Status', publicPlace: 'Public gathering place',
    lastInspection: 'Last inspection', nextInspection: 'Next inspection', gateway: 'Gateway', overdue: 'Overdue', presence: 'Online',
    liveState: 'Current state', noGateway: 'No gateway',
    kinds: { traction: 'Traction lift', hydraulic: 'Hydraulic lift', escalator: 'Escalator', moving_walk: 'Moving walk' },
    statuses: { in_use: 'In use', stopped: 'Stopped', scrapped: 'Scrapped' }
  },
  list: {
    title: 'Elevators', search: 'Equipment code / rescue ID / address', district: 'District', useUnit: 'Use unit', maintenanceFirm: 'Maintenance firm',
    status: 'Status', kind: 'Kind', online: 'Presence', overdue: 'Inspection', overdueOnly: 'Overdue', notOverdue: 'Not overdue',
    empty: 'No lift matches', floorShort: 'floor {floor}'
  },
  lift: {
    facts: 'Registry', live: 'Live state', history: 'History', floor: 'Floor', direction: 'Direction', doors: 'Doors', doorZone: 'Door zone',
    occupancy: 'Car', mode: 'Service mode', lastReport: 'Last report', notReported: 'No state reported yet', car: 'Car',
    dir: { 0: 'Stopped', 1: 'Up', 2: 'Down' }, moving: 'Running', stopped: 'Stopped',
    doorClosed: 'Closed and locked', doorOpen: 'Not locked', inZone: 'In door zone', outZone: 'Outside door zone', occupied: 'Occupied', empty: 'Empty',
    speed: 'Speed', load: 'Load', power: 'Power', powerNormal: 'Normal', powerOutage: 'Outage', trips: 'Trips', runHours: 'Running hours',
    ranges: { hour: 'Last hour', day: 'Last day', week: 'Last week' }, noHistory: 'No data in this period',
    downsampled: 'One point per {s} s', floorSeries: 'Floor', speedSeries: 'Speed (m/s)', notFound: 'No such lift, or not in your scope'
  },
  mode: { 0: 'Out of service', 1: 'Normal', 2: 'Inspection', 3: 'Fire recall', 4: 'Firefighter', 5: 'Emergency power', 6: 'Earthquake', 7: 'Unknown' },
  gateways: {
    title: 'Gateways', search: 'Gateway id or name', id: 'Gateway', name: 'Name', status: 'Status', lastSeen: 'Last seen', firmware: 'Firmware',
    rate: 'Msg/min', messages: 'Accepted', rejected: 'Rejected', equipment: 'Lifts', disabled: 'Disabled', rejections: 'Last rejected messages',
    rejectionsOf: 'Last rejected messages of gateway {id}', time: 'Time', topic: 'Topic', accepted: 'Accepted items', rejectedItems: 'Rejected items',
    reason: 'Reason', path: 'Field', message: 'Message', item: 'Item', noRejections: 'Nothing rejected since the broker started', empty: 'No gateways yet', noMatch: 'No gateway matches',
    sinceStart: 'Counts since the broker started'
  },
  system: {
    title: 'System health', overall: 'Overall', ok: 'OK', degraded: 'Degraded', broker: 'MQTT broker', influx: 'InfluxDB time series',
    database: 'Registry database', redis: 'Cluster Redis', up: 'Up', down: 'Down', detail: 'Detail', version: 'Version', backlog: 'Points waiting', spool: 'Spooled on disk',
    checkedAt: 'Checked at {t}', adminOnly: 'Each part\'s state is shown to administrators only'
  },
  audit: {
    title: 'Audit log', total: '{n} entries', hint: 'Every change made through the API and every sign-in, successful or not: who, when, from where, and what changed. The log is append-only: nobody can change or delete an entry.',
    at: 'Time', actor: 'User', action: 'Action', target: 'Record', targetType: 'Record type', targetId: 'Record id', ip: 'Address', status: 'Answer',
    from: 'From', to: 'To', allOf: 'All {record} actions', empty: 'No matching entries', field: 'Field', before: 'Before', after: 'After',
    noRecord: 'This action records no change of content',
    records: { auth: 'sign-in', user: 'user', gateway: 'gateway', district: 'district', use_unit: 'use unit', maintenance_firm: 'maintenance firm', elevator: 'elevator', webhook: 'webhook', inspection: 'inspection record', incident: 'incident' },
    targets: { user: 'User', gateway: 'Gateway', district: 'District', use_unit: 'Use unit', maintenance_firm: 'Maintenance firm', elevator: 'Elevator', webhook: 'Webhook', alerts: 'Alert', rescues: 'Rescue case' },
    actions: {
      auth: { login: 'Signed in', login_failed: 'Sign-in failed', logout: 'Signed out' },
      user: { create: 'Created user', update: 'Changed user' },
      gateway: { create: 'Provisioned gateway', update: 'Changed gateway', rotate_secret: 'Rotated gateway secret', delete: 'Removed gateway' },
      district: { create: 'Created district', update: 'Changed district' },
      use_unit: { create: 'Created use unit', update: 'Changed use unit' },
      maintenance_firm: { create: 'Created maintenance firm', update: 'Changed maintenance firm' },
      elevator: { create: 'Registered elevator', update: 'Changed elevator', delete: 'Removed elevator', import: 'Imported elevators (CSV)' },
      webhook: { create: 'Added webhook', update: 'Enabled/disabled webhook', delete: 'Removed webhook' },
      inspection: { create: 'Recorded an inspection', import: 'Imported inspection records (CSV)' },
      incident: { create: 'Recorded an incident' }
    }
  },
  districts: {
    title: 'Rescue settings by district', name: 'District', arrivalLimit: 'Arrival limit', minutes: '{n} min', station: 'Grid rescue station (level 2)',
    noStation: 'None', edit: 'Edit'
  },
  rescue: rescueEn,
  alerts: alertsEn,
  figures: figuresEn,
  alarm: alarmEn,
  inspection: inspectionEn,
  maintenance: maintenanceEn,
  cylinders: cylindersEn
}
