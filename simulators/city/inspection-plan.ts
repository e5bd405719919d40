// The demo city's inspection past, planned without a database: for every lift an acceptance inspection when
// it was installed, then one a year by the TSG T7001-2023 schedule (inspection/schedule.ts's kindForYear):
// most a few weeks before the due date, some late, a few failed and passed on re-inspection some weeks
// later, a handful failed and not yet re-inspected; the latest record is the lift's registered dates, so
// the city's spread of overdue and due-soon lifts (city-plan.ts) stays as planned. Also the incidents of
// the last five years at about the published rates (domain.md §5). The same city and seed give the same past.
import { createRng } from '../../platform/prng.ts'
import type { CityPlan } from './city-plan.ts'
import { addDays, addMonths } from '../../platform/calendar.ts'
import { kindForYear, type InspectionKind, type InspectionResult } from '../../inspection/schedule.ts'

export interface PlannedRecord { lift: number, kind: InspectionKind, inspectedOn: string, body: string, inspector: string, result: InspectionResult, reportNo: string, nextDue: string | null }
export interface PlannedIncident { lift: number, kind: 'accident' | 'incident', occurredOn: string, injured: number, deaths: number, cause: string, source: 'inspection' | 'police' | 'rescue' | 'report' }

const PERIODIC_BODY = '青海省特种设备检验检测院'
const TEST_BODIES = ['西宁市安达电梯检测有限公司', '青海恒信特种设备检测有限公司', '西宁市质量技术监督检测中心']
const INSPECTORS = ['马建国', '李文华', '张海涛', '韩志强', '祁永红', '赵立新', '鲁晓东', '冶金花']
const CAUSES: Record<'accident' | 'incident', string[]> = {
  accident: ['制动器失效，轿厢意外移动', '层门被外力撞开，人员坠入井道', '维保作业未设防护，人员被挤压'],
  incident: ['关门时夹伤乘客手臂', '乘客扒门自救时摔伤', '自动扶梯梳齿板夹伤儿童脚部', '轿厢平层不准，乘客绊倒受伤', '电梯冲顶，乘客受轻伤']
}

/** Chances, per inspection: late; failed then re-inspected; and for the latest one, failed and not yet re-inspected. */
const LATE = 0.06
const FAILED = 0.02
const FAILED_OPEN = 0.004

export function planInspections (plan: CityPlan, options: { seed: string, today: string }): { records: PlannedRecord[], incidents: PlannedIncident[] } {
  const rng = createRng(`${options.seed}:inspections`)
  const records: PlannedRecord[] = []
  let serial = 0
  const reportNo = (date: string) => `QH-DJ-${date.slice(0, 4)}-${String(++serial).padStart(6, '0')}`
  const bodyOf = (kind: InspectionKind) => (kind === 'self_test' ? rng.pick(TEST_BODIES) : PERIODIC_BODY)

  plan.lifts.forEach((lift, index) => {
    const last = lift.lastInspectionDate!
    const next = lift.nextInspectionDate!
    const installedYear = Number(lift.equipmentCode.slice(10, 14))
    let accepted = `${installedYear}-${String(rng.int(1, 12)).padStart(2, '0')}-${String(rng.int(1, 28)).padStart(2, '0')}`
    // The registered last inspection is the latest record: the acceptance comes at least a year before it.
    if (accepted > addMonths(last, -12)) accepted = addMonths(last, -12)
    const add = (kind: InspectionKind, inspectedOn: string, result: InspectionResult, nextDue: string | null) =>
      records.push({ lift: index, kind, inspectedOn, body: bodyOf(kind), inspector: rng.pick(INSPECTORS), result, reportNo: reportNo(inspectedOn), nextDue })
    add('acceptance', accepted, 'pass', addMonths(accepted, 12))
    let due = addMonths(accepted, 12)
    for (let year = 1; ; year++) {
      const kind = kindForYear(year)
      // Up to 2 months early without moving the due month (TSG T7001); late ones reset the cycle.
      const late = rng.chance(LATE)
      const on = late ? addDays(due, rng.int(5, 90)) : addDays(due, -rng.int(3, 55))
      if (on >= addDays(last, -30)) break
      if (rng.chance(FAILED)) {
        add(kind, on, 'fail', null)
        const again = addDays(on, rng.int(7, 35))
        if (again >= addDays(last, -30)) break
        due = late ? addMonths(again, 12) : addMonths(due, 12)
        add(kind, again, 'pass_after_retest', due)
      } else {
        due = late ? addMonths(on, 12) : addMonths(due, 12)
        add(kind, on, 'pass', due)
      }
    }
    add(kindForYear(Math.max(1, Number(last.slice(0, 4)) - installedYear)), last, 'pass', next)
    // A few lifts failed an inspection since and wait for their re-inspection: they must not run.
    const failedOn = addDays(last, rng.int(20, 200))
    if (rng.chance(FAILED_OPEN) && failedOn < options.today) add(kindForYear(Number(failedOn.slice(0, 4)) - installedYear + 1), failedOn, 'fail', null)
  })

  // Incidents of the last five years: a few injuries a year per 5,000 lifts, an accident every few years.
  const incidents: PlannedIncident[] = []
  const scale = plan.lifts.length / 5000
  const year = Number(options.today.slice(0, 4))
  for (let y = year - 4; y <= year; y++) {
    const events: Array<'accident' | 'incident'> = []
    for (let i = 0, n = Math.round(scale * rng.int(2, 5)); i < n; i++) events.push('incident')
    if (rng.chance(Math.min(1, 0.35 * scale))) events.push('accident')
    for (const kind of events) {
      const occurredOn = addDays(`${y}-01-01`, rng.int(0, 364))
      if (occurredOn >= options.today) continue
      incidents.push({
        lift: rng.int(0, plan.lifts.length - 1), kind, occurredOn, cause: rng.pick(CAUSES[kind]),
        injured: kind === 'incident' ? rng.int(1, 2) : rng.int(0, 2), deaths: kind === 'accident' && rng.chance(0.6) ? 1 : 0,
        source: kind === 'accident' ? rng.pick(['police', 'inspection'] as const) : rng.pick(['report', 'rescue', 'inspection'] as const)
      })
    }
  }
  incidents.sort((a, b) => (a.occurredOn < b.occurredOn ? -1 : 1))
  return { records, incidents }
}
