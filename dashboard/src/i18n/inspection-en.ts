// Periodic inspection texts: the inspector's home, a lift's inspection records and the record form.
import type { inspectionZh } from './inspection-zh-cn.ts'

export const inspectionEn: typeof inspectionZh = {
  notice: 'Notify', noticed: 'Notified', noticeSent: 'Supervision notice sent to {unit}', notices: 'Supervision notices', acknowledge: 'Acknowledge', acknowledged: 'Acknowledged {at}', noticeFrom: 'from {who}, {at}',
  rate: 'Inspection rate', rateNow: 'Inspection rate (today)', target: 'Target {n}%', trend: 'Inspection rate over 12 months (month ends) against the target', targetLine: 'Target',
  overdue: 'In use and overdue', dueSoon: 'Due within 30 days', failed: 'Failed, not re-inspected', incidents12: 'Incidents, last 12 months',
  deaths: '{n} deaths', per10k: 'Accidents per 10,000: {a} · deaths: {d} · entrapments: {e}', formula: 'How it is computed',
  byDistrict: 'Inspection rate and overdue lifts by district', district: 'District', inUse: 'In use', overdueCount: 'Overdue', rateCol: 'Rate', dueSoonCount: 'Due in 30 days',
  running: 'Unfit and still running (违规使用)', runningHint: 'Overdue or failed lifts whose terminal still reports trips, counted from the day after they were valid until; updated by the daily scan', unfitSince: 'Not to be used since {date}',
  tripsSince: 'Trips since', tripsUnknown: 'no trip counter', movingPoints: '{n} moving states', lastMoving: 'Last moving',
  shownForm: 'Shown above, the at-date form:', periodRate: 'Period form: {rate} ({onTime} on time of {due} due).',
  overdueList: 'Lifts in use overdue or failed', dueSoonList: 'Lifts due within 30 days (the use unit applies a month ahead)', incidentList: 'Recent incidents',
  lift: 'Lift', address: 'Address', useUnit: 'Use unit', contact: 'Contact', validUntil: 'Valid until', daysLeft: 'Days left', days: '{n} days', overdueDays: '{n} days overdue',
  occurredOn: 'Date', kind: 'Kind', casualties: 'Casualties', cause: 'Cause', source: 'Source', none: 'None', showAll: 'Show all', downloadCsv: 'Export CSV',
  history: 'Inspection records', status: 'Inspection status', basis: { records: 'from inspection records', registry: 'from the registry (no inspection record yet)', none: 'no inspection on record' },
  statuses: { valid: 'Valid', due_soon: 'Due soon', overdue: 'Overdue', failed: 'Failed, not re-inspected', unknown: 'Unknown' },
  kinds: { periodic: 'Periodic inspection', self_test: 'Self-test', acceptance: 'Acceptance inspection' },
  results: { pass: 'Pass', fail: 'Fail', pass_after_retest: 'Pass on re-inspection' },
  incidentKinds: { accident: 'Accident', incident: 'Incident' },
  incidentSources: { inspection: 'Inspection', police: 'Police', rescue: 'Rescue case', report: 'Report' },
  inspectedOn: 'Inspected on', body: 'Inspection body', inspector: 'Inspector', result: 'Result', reportNo: 'Report no.', nextDue: 'Next due', enteredBy: 'Entered by',
  addRecord: 'Record an inspection', save: 'Save', saved: 'Inspection {no} recorded', noRecords: 'No inspection records yet', required: 'Enter the {field}'
}
