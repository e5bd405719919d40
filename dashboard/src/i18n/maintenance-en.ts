import type { maintenanceZh } from './maintenance-zh-cn.ts'

export const maintenanceEn: typeof maintenanceZh = {
  title: 'Maintenance', today: 'Today {date}', overdue: 'Overdue', dueToday: 'Due today', dueSoon: 'Due soon', inProgress: 'In progress', ok: 'OK', noRecord: 'No record',
  empty: 'Nothing needs doing', all: 'All', dueBy: 'due by {date}', start: 'Start maintenance', resume: 'Continue', started: 'started {time}',
  intervals: { half_monthly: 'Half-monthly', quarterly: 'Quarterly', half_yearly: 'Half-yearly', annual: 'Annual' },
  statuses: { overdue: 'Overdue', due_soon: 'Due soon', ok: 'OK', no_record: 'No maintenance record' },
  results: { pass: 'Pass', fail: 'Fail', na: 'N/A' },
  visit: 'Maintenance visit', checklist: 'Checklist', version: 'checklist version {n}', items: '{done}/{total} items recorded', allPass: 'The rest pass', note: 'Note (required for a fail)',
  photos: 'Photos', photosNeed: 'at least {n}', addPhoto: 'Take / choose a photo', removePhoto: 'Remove', workers: 'Workers', workerName: 'Name', certificate: 'Certificate no. (certified workers)',
  addWorker: 'Add a worker', sign: 'Sign', clear: 'Clear', signed: 'Signed', unsigned: 'Not signed', saveWorkers: 'Save workers and signatures',
  submit: 'Submit the record', submitted: 'Submitted', problems: 'Before submitting:', gps: 'Position {lat}, {lon} (±{acc} m)', noGps: 'No position',
  verification: 'IoT check', verified: 'Verified by the lift\'s terminal (inspection mode)', verdicts: { inspection_mode_seen: 'The terminal reported inspection mode during the visit', no_terminal: 'The lift has no monitoring terminal', offline: 'No data from the terminal during the visit', no_inspection_mode: 'No inspection mode seen during the visit', too_short: 'The visit was too short', far_from_lift: 'The visit started away from the lift', unavailable: 'Cannot be checked right now' },
  confirm: 'Use unit\'s confirmation', confirmName: 'Safety manager\'s name', confirmed: 'Confirmed by {name} at {time}', notConfirmed: 'Not confirmed by the use unit yet', doConfirm: 'Sign and confirm',
  hash: 'Record hash', seq: 'No. {n}', chainValid: 'Record chain intact ({n})', chainBroken: 'Record chain broken at no. {seq}: {reason}',
  breaks: { content_changed: 'content changed', previous_hash_mismatch: 'previous hash does not match', missing_record: 'record missing', head_mismatch: 'last records missing' },
  history: 'Maintenance records', followUps: 'Failed items not yet fixed', noRecords: 'No maintenance records', photosCount: '{n} photo(s)', failedCount: '{n} failed',
  firms: 'Maintenance firms', firm: 'Firm', lifts: 'Lifts', records: 'Records', onTimeRate: 'On time', verifiedRate: 'Terminal-verified', overdueLifts: 'Overdue lifts', openFollowUps: 'Open failed items', liftsPerWorker: 'Lifts per worker',
  firmsNote: 'On time: within 15 days of the lift\'s previous maintenance; terminal-verified: the lift\'s terminal reported inspection mode during the visit; overdue lifts and open items as of today',
  startedAt: 'Maintained at', interval: 'Interval', result: 'Result', seqShort: 'Chain no.', print: 'Print', printTitle: 'Lift maintenance record', doPrint: 'Print this page',
  form: { lift: 'Equipment code', address: 'Location', firm: 'Maintenance firm', useUnit: 'Use unit', time: 'Time', item: 'Maintenance item', requirement: 'Requirement', signatures: 'Workers\' signatures', unitSignature: 'Use unit\'s safety manager', chain: 'Record chain', corrects: 'Corrects record {id}' }
}
