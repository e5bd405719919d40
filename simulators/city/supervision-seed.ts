// The demo city's spot checks and hidden dangers, made through the capability's own stores and draw so they
// read as an inspector's work: last quarter's plan fully checked, this month's under way; what the checks
// found and the failed inspections not yet passed again open hidden-danger cases, some past their deadline.
import type { Db } from '../../platform/db/db.ts'
import { addDays, daysBetween } from '../../platform/calendar.ts'
import { createRng } from '../../platform/prng.ts'
import { createSpotCheckStore } from '../../inspection/spot-checks-store.ts'
import { createDangerStore } from '../../inspection/dangers-store.ts'
import { drawSpotCheck, populationFingerprint } from '../../inspection/spot-draw.ts'

const FINDINGS = ['轿厢应急照明不亮', '层门门锁啮合长度不足 7 mm', '制动器闸瓦磨损超标', '底坑积水、有杂物', '紧急报警装置无法接通值班室', '安全管理制度未上墙、无使用标志']

export async function seedSupervision (db: Db, options: { today: string, seed: string, timeZone?: string }) {
  const { today } = options
  const timeZone = options.timeZone ?? 'Asia/Shanghai'
  const rng = createRng(`${options.seed}:supervision`)
  const spotChecks = createSpotCheckStore(db)
  const dangers = createDangerStore(db)
  const pool = await spotChecks.inspectorPool(undefined)
  const [admin] = await db.query<{ id: number }>("select id from users where role = 'admin' order by id limit 1")
  const population = await spotChecks.population(null, today, timeZone)
  if (population.length === 0 || pool.length === 0 || admin === undefined) return { plans: 0, dangers: 0 }

  let opened = 0
  const plans = [
    { title: `${today.slice(0, 4)}年第三季度电梯双随机抽查`, drawnOn: addDays(today, -80), size: 30, checkedShare: 1 },
    { title: `${today.slice(0, 7).replace('-', '年')}月电梯双随机抽查`, drawnOn: addDays(today, -6), size: 20, checkedShare: 0.3 }
  ]
  for (const plan of plans) {
    const seed = `${options.seed}-${plan.drawnOn}`
    const drawn = drawSpotCheck(population, plan.size, seed, pool)
    const id = await spotChecks.create({ title: plan.title, districtId: null, sampleSize: plan.size, seed, population: population.length, populationFingerprint: populationFingerprint(population), drawnOn: plan.drawnOn }, drawn, admin.id)
    const { items } = (await spotChecks.get(id))!
    for (const item of items.slice(0, Math.round(items.length * plan.checkedShare))) {
      const on = addDays(plan.drawnOn, rng.int(0, Math.min(40, daysBetween(plan.drawnOn, today))))
      const result = rng.weighted([['pass', 80], ['rectify', 15], ['fail', 5]] as const)
      const findings = result === 'pass' ? null : rng.pick(FINDINGS)
      await spotChecks.record(id, item.id, { result, findings, checkedOn: on }, item.inspectorId ?? admin.id)
      if (findings !== null) {
        await dangers.create({ equipmentCode: item.equipmentCode, source: 'spot_check', sourceRef: `spot-check-item:${item.id}`, level: result === 'fail' ? 'major' : 'general',
          description: findings, measure: `按 TSG T7001 要求整改：${findings}`, responsible: null, foundOn: on, deadline: addDays(on, 30) }, item.inspectorId, today)
        opened++
      }
    }
  }
  // Failed periodic inspections not passed since: each is a case the use unit must close.
  const failed = await db.query<{ code: string, reportNo: string, on: string }>(`
    select e.equipment_code as code, r.report_no as "reportNo", r.inspected_on::text as on
    from inspection_records r join elevators e on e.id = r.elevator_id
    where r.result = 'fail' and r.inspected_on > $1::date - 120 and e.status = 'in_use'
      and not exists (select 1 from inspection_records later where later.elevator_id = r.elevator_id and later.inspected_on > r.inspected_on)
    order by r.inspected_on desc limit 12`, [today])
  for (const f of failed) {
    await dangers.create({ equipmentCode: f.code, source: 'inspection', sourceRef: f.reportNo, level: 'major', description: `定期检验不合格（报告 ${f.reportNo}）`,
      measure: '按检验报告所列不合格项整改，整改后申请复检', responsible: null, foundOn: f.on, deadline: addDays(f.on, 30) }, admin.id, today)
    opened++
  }
  return { plans: plans.length, dangers: opened }
}
