// English for the emergency center. Same keys as emergency-zh-cn.ts (the types say so).
import type { alarmZh, alertsZh, figuresZh, rescueZh } from './emergency-zh-cn.ts'

export const rescueEn: typeof rescueZh = {
  board: 'Emergency dispatch desk', boardHint: 'Entrapment rescues under way, longest waiting first', empty: 'No entrapment rescue under way', firmEmpty: 'No rescue dispatched to your firm', count: '{n} under way', open: 'Open the case',
  status: { reported: 'Reported, not dispatched', dispatched: 'Dispatched', accepted: 'Accepted', arrived: 'On site', released: 'Released', called_back: 'Called back', closed: 'Closed', false_alarm: 'False alarm' },
  actions: { dispatch: 'Dispatch', accept: 'Accept', arrive: 'Arrived', release: 'Released', call_back: 'Call back', close: 'Close', false_alarm: 'False alarm', escalate: 'Escalate' },
  steps: { reported: 'Reported', dispatch: 'Dispatched', accept: 'Accepted (responding)', arrive: 'Arrived on site', release: 'Passengers released', call_back: 'Called back', close: 'Closed', false_alarm: 'Marked false alarm', escalate: 'Escalated', warn: 'Reminder', call: 'Call (joined this case)', alert: 'Alert (joined this case)' },
  level: 'Level {n}', levels: { 1: 'Level 1 · maintenance firm', 2: 'Level 2 · grid rescue station / another firm', 3: 'Level 3 · 110 / 119' },
  sources: { between_floors: 'Trapped between floors', at_landing: 'Trapped at a landing', terminal_code: 'Terminal reports entrapment', alarm_with_passenger: 'Alarm button · passenger inside', phone: 'Phone call' },
  kinds: { at_landing: 'Trapped at a landing', between_floors: 'Trapped between floors' },
  offlineSince: 'Terminal offline since {t}: check the situation by phone',
  clock: { waited: 'Waiting', limit: 'Arrival limit {n} min', left: '{t} left', over: '{t} over', arrived: 'Arrived after {t}', stopped: 'Clock stopped' },
  rescueId: 'Rescue ID', address: 'Address', district: 'District', firm: 'Responder', contractedFirm: 'Contracted firm', firmPhone: '24-hour phone',
  useUnit: 'Use unit', useUnitPhone: 'Use unit phone', caller: 'Caller', reportedAt: 'Reported at', cause: 'Cause', equipmentCode: 'Equipment code',
  noFirm: 'None', notDispatched: 'Not dispatched yet', levelTwoFirm: 'Grid rescue station (level 2)', noStation: 'Not set',
  dialog: {
    closeTitle: 'Close the case', closeLabel: 'Fault cause (required to close)', closePlaceholder: 'e.g. door lock circuit contact loose, repaired',
    falseAlarmTitle: 'Mark as false alarm', falseAlarmLabel: 'How was it established', falseAlarmPlaceholder: 'e.g. called back: nobody in the car, sensor fault',
    escalateTitle: 'Escalate the rescue', escalateLevel: 'Escalate to', escalateFirm: 'Level 2 responder', escalateFirmHint: 'The district\'s grid rescue station or another firm',
    escalateReason: 'Reason', escalateReasonDefault: 'escalated by the dispatcher', level3Hint: 'Level 3: call 110 / 119 now, and record it here',
    dispatchTitle: 'Dispatch', dispatchFirm: 'Send to', submit: 'OK', cancel: 'Cancel'
  },
  done: 'Recorded: {action}',
  dispatchTo: 'Dispatch → {firm}',
  call: {
    title: 'Phone call', hint: 'Find the lift by the rescue ID the caller reads in the car (6 digits), the address or the equipment code', placeholder: 'Rescue ID / address / equipment code',
    caller: 'Caller / number', submit: 'Open a case', none: 'No lift found', opened: 'Case opened: rescue ID {rescueId}', joined: 'This lift already has case #{id} under way: the call joined it', choose: 'Choose a lift'
  },
  page: { title: 'Rescue case #{id}', facts: 'Case', timeline: 'Timeline', notFound: 'No such rescue case, or not in your scope', back: 'Back to the desk', closedNote: 'The case is over', arrivalTook: 'Reported → arrived: {m} min', rescueTook: 'Arrived → released: {m} min' },
  timeline: { actor: 'By', system: 'System', level: 'Level', firm: 'Firm', detail: 'Detail' },
  stale: 'Someone else updated the case; it has been read again'
}

export const alarmEn: typeof alarmZh = {
  label: 'Alarm', soundOn: 'Sound', soundOff: 'Muted', ringing: '{n} waiting', quiet: 'Nothing waiting', mute: 'Mute the alarm', unmute: 'Unmute the alarm',
  enableSound: 'Enable sound', blocked: 'The browser does not play sound yet: click "Enable sound" or anywhere on the page', unsupported: 'This browser cannot play the alarm',
  silence: 'Silence', deskBanner: 'New entrapment, gas leak, non-compliant filling or escalation: {n} waiting', firmBanner: 'New dispatch: {n} waiting for acceptance'
}

export const alertsEn: typeof alertsZh = {
  title: 'Alerts', total: '{n} alerts', all: 'All', type: 'Type', severity: 'Severity', status: 'Status', raisedAt: 'Raised', lift: 'Lift', firm: 'Maintenance firm',
  firmPhone: '24-hour phone', useUnit: 'Use unit', empty: 'No alert matches', detail: 'Alert', history: 'History',
  types: {
    entrapment: 'Entrapment', alarm_button: 'Alarm button', alarm_in_service: 'Alarm during maintenance / fire service', sensor_stuck: 'Sensor possibly stuck', fault: 'Faults (all)', power_outage: 'Power outage',
    fire_recall: 'Fire recall', earthquake: 'Earthquake mode', offline: 'Terminal offline',
    inspection_overdue: 'Inspection overdue or failed', inspection_due_soon: 'Inspection due soon', inspection_running: 'Unfit and still running', danger_overdue: 'Hidden danger past its deadline', maintenance_overdue: 'Maintenance overdue', maintenance_unrecorded: 'Inspection mode without a maintenance record',
    cylinder_leak: 'Gas cylinder leak', cylinder_overpressure: 'Gas cylinder over-pressure', non_compliant_filling: 'Non-compliant filling (filled although refused)',
    cylinder_inspection_overdue: 'Filling unit: cylinders overdue for inspection', cylinder_past_life: 'Filling unit: cylinders past design life'
  },
  faultPrefix: 'Fault',
  faults: {
    '01': 'Safety circuit open', '02': 'Door close failure', '03': 'Door open failure', '04': 'Stopped outside door zone', '05': 'Unintended car movement', '06': 'Motor run-time limiter',
    '07': 'Floor position lost', '08': 'Fault preventing restart', overspeed: 'Overspeed', door_open_running: 'Door open while running', overrun_top: 'Overrun at top',
    overrun_bottom: 'Overrun at bottom', door_lock_circuit: 'Door lock circuit open'
  },
  severities: { critical: 'Critical', major: 'Major', minor: 'Minor', warning: 'Warning' },
  statuses: { open: 'Open', raised: 'Raised', acknowledged: 'Acknowledged', assigned: 'Assigned', cleared: 'Cleared', closed: 'Closed', all: 'Any status' },
  steps: { raised: 'Raised', acknowledged: 'Acknowledged', assigned: 'Assigned', cleared: 'Cleared', closed: 'Closed', updated: 'Updated', comment: 'Comment' },
  acknowledge: 'Acknowledge', assign: 'Assign', close: 'Close', comment: 'Comment', addComment: 'Add comment', commentPlaceholder: 'Note (optional)',
  assignTo: 'Assign to a maintenance firm', entrapmentNote: 'An entrapment closes with its rescue case', openRescue: 'Open the rescue case', rescueCase: 'Rescue case #{id}', actor: 'By', time: 'Time',
  done: '{step}: done'
}

export const figuresEn: typeof figuresZh = {
  title: 'Rescue figures', period: 'Period', thisMonth: 'This month', lastMonth: 'Last month', custom: 'Custom', download: 'Download CSV',
  total: 'City total', byDistrict: 'By district', byFirm: 'By contracted firm (cases of its lifts)', byResponder: 'By responder (timed from its own dispatch)', name: 'Name', cases: 'Cases', falseAlarms: 'False alarms', liftsInUse: 'Lifts in use',
  arrivals: 'Arrived', rescues: 'Released', limitDecided: 'Decided', lateNoArrival: 'Late, nobody on site',
  ofArrivals: 'of {n} arrived cases', ofRescues: 'of {n} released cases', ofDecided: 'of {n} decided cases, {late} late with nobody on site', ofCases: 'of {n} cases', ofLifts: '{n} lifts in use',
  arrivalMean: 'Mean arrival (min)', arrivalP90: 'Arrival p90 (min)', rescueMean: 'Mean rescue (min)', rescueP90: 'Rescue p90 (min)',
  withinLimit: 'Arrived within limit', per10k: 'Entrapments / 10,000 lifts / month', falseAlarmShare: 'False-alarm share', minutes: 'min', none: 'No rescue case in this period',
  chartArrival: 'Arrival and rescue time (min)',
  definitions: 'Definitions', periodNote: 'Cases reported from {from} to {to} (Beijing time)',
  defs: {
    arrival: 'Arrival: reported → arrived for the city, a district and a contracted firm (the passenger\'s wait); for a responder, its own dispatch → arrived; false alarms excluded; p90 is nearest-rank (a value that occurred)',
    rescue: 'Rescue: arrived → released',
    withinLimit: 'Within limit: cases arrived within their district\'s limit ÷ (cases arrived + cases past the limit with nobody on site); cases not yet at their limit and not arrived are left out',
    per10k: 'Entrapments per 10,000 lifts per month: real entrapments (false alarms excluded) ÷ lifts in use (status in use, registry today) ÷ months passed × 10,000; a contracted firm over its own lifts; no rate for a responder',
    firms: 'A case counts for the lift\'s contracted firm; when a grid station or another firm came, it also counts for that responder, timed from its own dispatch',
    falseAlarm: 'False-alarm share: false alarms ÷ all cases',
    compare: 'Published values for comparison: Zhongwei, July 2023: 12.60 min arrival, 3.72 min rescue, 100% within 30 min; Jiangsu 2020: 13.1 / 4.8 min'
  }
}
