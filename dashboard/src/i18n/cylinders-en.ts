// Gas cylinder texts: the cylinder list and figures, a filling unit's day, a cylinder's timeline, the public lookup.
import type { cylindersZh } from './cylinders-zh-cn.ts'

export const cylindersEn: typeof cylindersZh = {
  title: 'Gas cylinders', mine: 'Our cylinders', total: '{n} in all', search: 'Code or registration number (prefix)', status: 'Status', unit: 'Filling unit', allUnits: 'All filling units',
  medium: 'Medium', code: 'Code', registrationNo: 'Registration no.', nextDue: 'Next inspection', lastInspected: 'Last inspection', endOfLife: 'Design life until', made: 'Made on',
  manufacturer: 'Manufacturer', serial: 'Serial', volume: 'Volume', pressure: 'Nominal pressure', capacity: 'Max fill', tare: 'Tare', scrapped: 'Scrapped on', scrapReason: 'Scrap reason',
  rate: 'Cylinder inspection rate', inUse: 'In use', overdue: 'Inspection overdue', failed: 'Failed inspection', pastLife: 'Past design life', scrappedCount: 'Scrapped', formula: 'How it is computed',
  byUnit: 'Inspection rate by filling unit', alerts: 'Filling unit alerts (daily scan)', noAlerts: 'No open alerts', cylindersN: '{n} cylinders', earliest: 'earliest {date}',
  today: 'Today at the stations', fills: 'Fills', refusals: 'Refused', forced: 'Forced fills', reasons: 'Why refused', noRefusals: 'No refusal today',
  mustNotFill: 'Cylinders it must not fill', mustNotFillTotal: '{n} must not be filled', noneMustNot: 'None', stations: 'Stations', open: 'Open',
  timeline: 'Lifecycle trace', noEvents: 'Nothing recorded', back: 'Back to the cylinders', notFound: 'No such cylinder, or not in your scope',
  statuses: { in_use: 'In use', inspection_overdue: 'Inspection overdue', failed: 'Failed', scrapped: 'Scrapped' },
  kinds: { registered: 'Registered', filled: 'Filled', refused: 'Refused', inspected: 'Inspected', transferred: 'Transferred', scrapped: 'Scrapped', forced_fill: 'Filled despite refusal' },
  reasonNames: { unregistered: 'Unregistered', wrong_medium: 'Wrong medium', other_unit: 'Another unit\'s', inspection_overdue: 'Inspection overdue', failed: 'Failed', scrapped: 'Scrapped', past_design_life: 'Past design life' },
  alertTypes: { cylinder_inspection_overdue: 'Cylinders overdue', cylinder_past_life: 'Cylinders past their life' },
  results: { pass: 'pass', fail: 'fail' },
  details: { massKg: '{n} kg', operator: 'by {name}', station: 'station {code}', result: 'result: {r}', nextDue: 'next due {date}', from: 'from {from}', reason: 'reason: {r}' },
  lookup: {
    title: 'Cylinder lookup', hint: 'Scan the code on the cylinder, or type it', placeholder: 'Cylinder code', submit: 'Look up', owner: 'Owner / filling unit',
    unknown: 'No cylinder has this code: do not use it; call the filling unit', safe: 'May be used', unsafe: 'Must not be used or filled', throttled: 'Too many look-ups; try again shortly'
  }
}
