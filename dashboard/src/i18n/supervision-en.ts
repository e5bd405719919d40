// Spot checks (双随机、一公开) and hidden dangers (隐患闭环): plans, results, the public page; cases and their loop.
import type { reportZh, supervisionZh } from './supervision-zh-cn.ts'

export const supervisionEn: typeof supervisionZh = {
  unclosedDangers: 'Hidden dangers not closed', overdueDangers: '{n} open past their deadline', latestPlan: 'Latest spot check',
  spotChecks: 'Spot checks', draw: 'Draw', drawTitle: 'New spot-check plan (random lifts, random inspectors)', title: 'Title', titleHint: 'e.g. Q4 2026 random lift checks',
  district: 'Drawn from', wholeCity: 'Whole city', sampleSize: 'Lifts to draw', seed: 'Seed', seedHint: 'Empty: the server draws one; it is published with the plan',
  drawn: '{n} lifts drawn', plans: 'Plans', drawnOn: 'Drawn on', population: 'Lifts in use', checked: 'Checked', progress: '{checked}/{items}',
  fingerprint: 'Population fingerprint', reproducible: 'The same seed on the same population (same fingerprint) draws the same lifts and inspectors again.',
  weightRule: 'Risk weight = 1 + 2 for a public place + age/10 (≤ 30 years) + 0.25 per fault (≤ 20) + 1 per entrapment (≤ 5) + 1 per late or failed inspection (≤ 3)',
  items: 'Drawn lifts', position: '#', lift: 'Lift', address: 'Address', useUnit: 'Use unit', weight: 'Risk weight', inspector: 'Inspector', result: 'Result',
  factors: 'public place {p} · age {age} · faults {f} · entrapments {e} · late/failed {l}', yes: 'yes', no: 'no', unknownAge: 'unknown',
  results: { pass: 'Pass', rectify: 'Rectify', fail: 'Fail' }, record: 'Record', findings: 'Findings', findingsPrompt: 'Findings (a fail or a rectification order opens a hidden-danger case)',
  recorded: 'Result of {code} recorded', notYours: 'Drawn for another inspector', publicPage: 'Public page', noPlans: 'No plans yet',
  publicTitle: 'Random spot checks of lifts: plans and results', publicNote: 'Plans, their seeds and the results of the lifts already checked; no personal data. Lifts still to be checked are not shown.',
  noResults: 'No results recorded yet',
  dangers: 'Hidden dangers', status: 'Status', openDanger: 'Open a case', danger: 'Hidden danger', level: 'Level', levels: { general: 'General', major: 'Major' },
  sources: { inspection: 'Inspection', spot_check: 'Spot check', incident: 'Incident', maintenance: 'Maintenance', report: 'Report' },
  statuses: { open: 'To rectify', rectified: 'Rectified, awaiting acceptance', closed: 'Closed' }, statusFilter: { unclosed: 'Not closed', all: 'All' },
  overdueOnly: 'Overdue only', overdue: '{n} days overdue', description: 'Description', measure: 'Measure required', responsible: 'Responsible person', deadline: 'Deadline', foundOn: 'Found on',
  fourSystems: 'One case, four rules: who answers, the measure, the deadline, the acceptance', owner: 'Use unit',
  events: 'Steps', actions: { opened: 'Opened', rectified: 'Rectified', accepted: 'Accepted', returned: 'Returned' },
  note: 'Note', rectifyNote: 'What was done', returnNote: 'Why it is returned', photos: 'Evidence photos', addPhotos: 'Add photos', rectify: 'Submit rectification', accept: 'Accept', return: 'Return',
  needPhoto: 'Upload at least one photo of the rectification first', stepDone: '{action}', noDangers: 'No cases match', code: 'Equipment code', opened: 'Case #{id} opened'
}

// The monthly report (print page).
export const reportEn: typeof reportZh = {
  title: 'Lift safety supervision, monthly report ({month})', asOf: 'As of {date} (the city\'s date)', print: 'Print', futureMonth: 'That month has not begun', monthly: 'Monthly report',
  rate: '1. Periodic inspection: 定检率 by district (at the month\'s end)', periodRate: 'Period form, this month', target: 'Target {n}%.',
  trend: '2. 定检率 over 12 months (month ends)', incidents: '3. Accidents, entrapments and rates per 10,000 lifts (this month)', liftsInUse: 'Lifts in use',
  accidents: 'Accidents', incidentsAll: 'Accidents and incidents', deaths: 'Deaths', entrapments: 'Entrapments', accidentsPer10k: 'Accidents per 10k', deathsPer10k: 'Deaths per 10k', entrapmentsPer10k: 'Entrapments per 10k',
  dangers: '4. Hidden dangers', found: 'Found this month', closed: 'Closed this month', openNow: 'Not closed (now)', overdueNow: 'Overdue (now)', total: 'Total',
  spotChecks: '5. Spot checks', none: 'None this month', filedBy: 'Filed by (seal):', head: 'Head:', filedOn: 'Date:'
}
