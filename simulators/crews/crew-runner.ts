// The maintenance crews at work, in the fleet process that plays the lifts: visits arrive at a city-wide
// rate (a Poisson process), each to a firm in proportion to its lifts; the crew signs in as the firm's
// maintainer, takes a lift from its work list (GET /api/maintenance/due), starts the visit, puts that very
// lift in 检修 through the fleet for the part of the visit crew-plan.ts says (the terminal then vouches for
// the record), records the items as it goes, uploads photos, names two workers with their signatures and
// submits; the use unit's safety manager confirms some records later. A failed call ends that visit
// only (logged once), as a dropped phone would; the draft stays on the server like a phone's.
import { createRng, type Rng } from '../../platform/prng.ts'
import type { LiftInput, LiftState } from '../lift/lift-types.ts'
import type { CrewsFile } from './crew-file.ts'
import { createCrewApi, CrewApiError, type CrewApi, type VisitAnswer } from './crew-api.ts'
import { CREW_SHARES, CREW_VISIT_MINUTES, pickCrew, pickLift, planVisit, type CrewShares, type VisitPlan } from './crew-plan.ts'
import { photoPng, signatureDataUrl } from './images.ts'

export interface CrewOptions {
  apiUrl: string
  seed: string
  /** Visits started across the city per hour. */
  visitsPerHour: number
  minutes: readonly [number, number]
  shares: CrewShares
}

export const CREW_DEFAULTS = { minutes: CREW_VISIT_MINUTES, shares: CREW_SHARES } as const
/** A draft older than this (and than two of the longest visits) was left behind, not being worked on. */
const STALE_DRAFT_MS = 3 * 3_600_000

/** What the crews need of the fleet: which lifts it plays, their state, and a hand on their 检修 switch. */
export interface CrewFleet {
  lift (equipmentCode: string): LiftState | undefined
  perform (equipmentCode: string, input: LiftInput): void
}

export interface CrewStats { started: number, submitted: number, verified: number, failedItems: number, confirmed: number, errors: number, inProgress: number, resumed: number }

export interface CrewRecord { id: number, equipmentCode: string, firmName: string, plan: VisitPlan, late: boolean, visit: VisitAnswer }

export function createCrewRunner (file: CrewsFile, options: CrewOptions, deps: { fleet: CrewFleet, log?: (line: string) => void, fetch?: typeof fetch, onRecord?: (record: CrewRecord) => void }) {
  const log = deps.log ?? (() => {})
  const rng = createRng(`${options.seed}:crews`)
  const crews = file.crews.map((crew) => ({ crew, api: createCrewApi(options.apiUrl, crew, deps.fetch), lifts: 0, rng: rng.fork(`firm:${crew.firmId}`) }))
  const confirmer = file.confirmer == null ? null : { ...file.confirmer, api: createCrewApi(options.apiUrl, file.confirmer, deps.fetch) }
  const stats: CrewStats = { started: 0, submitted: 0, verified: 0, failedItems: 0, confirmed: 0, errors: 0, inProgress: 0, resumed: 0 }
  const busy = new Set<string>()
  const timers = new Set<NodeJS.Timeout>()
  const wakers = new Set<() => void>()
  const running = new Set<Promise<void>>()
  const reported = new Set<string>()
  let stopped = false
  let arrivals: NodeJS.Timeout | null = null

  /** Waits ms; false when the runner stopped meanwhile (the visit is abandoned, its draft stays). */
  function pause (ms: number): Promise<boolean> {
    if (stopped) return Promise.resolve(false)
    return new Promise((resolve) => {
      const wake = () => { clearTimeout(timer); timers.delete(timer); wakers.delete(wake); resolve(!stopped) }
      const timer = setTimeout(wake, Math.max(0, ms))
      timers.add(timer)
      wakers.add(wake)
    })
  }

  function fail (what: string, err: unknown) {
    stats.errors++
    const text = err instanceof CrewApiError ? err.message : `${what}: ${(err as Error).message}`
    // One line per kind of failure: a service that is down must not flood the demo's console.
    const key = err instanceof CrewApiError ? `${err.status}:${err.code}` : (err as Error).message
    if (!reported.has(key)) {
      reported.add(key)
      log(`crews: ${text}`)
    }
  }

  /** Lifts the server has no checklist for (the registry's hydraulic lifts, say): a crew learns once. */
  const noChecklist = new Set<string>()
  const free = (code: string) => {
    const s = deps.fleet.lift(code)
    return s !== undefined && !busy.has(code) && !noChecklist.has(code) && s.phase !== 'trapped' && s.phase !== 'inspection' && s.visit === null
  }

  async function visit (index: number): Promise<void> {
    const { crew, api, rng: crewRng } = crews[index]!
    const due = await api.due()
    crews[index]!.lifts = due.items.filter((d) => deps.fleet.lift(d.equipmentCode) !== undefined).length
    const choice = pickLift(crewRng, due.items, { shares: options.shares, available: free, confirmerUnit: confirmer?.useUnitName ?? null })
    if (choice === null) return
    const code = choice.lift.equipmentCode
    busy.add(code)
    try {
      await carryOut(api, crew, crewRng, code, choice.late, choice.lift.useUnitName)
    } finally {
      busy.delete(code)
    }
  }

  async function carryOut (api: CrewApi, crew: CrewsFile['crews'][number], crewRng: Rng, code: string, late: boolean, useUnitName: string) {
    let draft: VisitAnswer
    try {
      draft = await api.start(code)
    } catch (err) {
      if (!(err instanceof CrewApiError && err.code === 'maintenance.no_checklist')) throw err
      noChecklist.add(code)
      return
    }
    stats.started++
    stats.inProgress++
    try {
      const plan = planVisit(crewRng, {
        equipmentCode: code, items: draft.items, workers: crew.workers, photosMin: draft.photosMin, minutes: options.minutes, shares: options.shares,
        confirmable: confirmer !== null && useUnitName === confirmer.useUnitName
      })
      const t0 = Date.now()
      const at = (ms: number) => pause(t0 + ms - Date.now())
      if (plan.inspection !== null) {
        if (!await at(plan.inspection.fromMs)) return
        deps.fleet.perform(code, { type: 'start_inspection', durationMs: plan.inspection.toMs - plan.inspection.fromMs })
      }
      if (!await at(plan.durationMs / 2)) return
      const firstHalf = Math.floor(plan.photos / 2)
      await api.record(draft.id, { results: Object.fromEntries(plan.firstHalf.map((c) => [c, plan.results[c]!])) })
      for (let i = 0; i < firstHalf; i++) await api.photo(draft.id, photoPng(crewRng))
      if (!await at(plan.durationMs)) return
      await api.record(draft.id, {
        results: plan.results,
        workers: plan.workers.map((w) => ({ name: w.name, certificateNo: w.certificateNo, signature: signatureDataUrl(crewRng) }))
      })
      for (let i = firstHalf; i < plan.photos; i++) await api.photo(draft.id, photoPng(crewRng))
      const record = await api.submit(draft.id)
      stats.submitted++
      if (record.verification?.verified === true) stats.verified++
      stats.failedItems += Object.values(plan.results).filter((r) => r.result === 'fail').length
      deps.onRecord?.({ id: record.id, equipmentCode: code, firmName: crew.firmName, plan, late, visit: record })
      if (plan.confirmAfterMs !== null && confirmer !== null && await pause(plan.confirmAfterMs)) {
        await confirmer.api.confirm(record.id, confirmer.name, signatureDataUrl(crewRng))
        stats.confirmed++
      }
    } finally {
      stats.inProgress--
    }
  }

  /**
   * Drafts a crew left when the simulator stopped (the phone went off) are finished when it comes back, as
   * the dashboard retries a phone's draft: the rest of the items, workers, photos, submitted with the end the
   * visit would have had. Only its own and only stale ones: a person signed in as `maintainer` may be
   * doing a visit on the phone page right now.
   */
  async function resume (index: number): Promise<void> {
    const { crew, api, rng: crewRng } = crews[index]!
    const staleBefore = Date.now() - Math.max(2 * options.minutes[1] * 60_000, STALE_DRAFT_MS)
    for (const d of (await api.due()).items) {
      if (stopped) return
      if (d.draftId === null || d.draftStartedAt === null || new Date(d.draftStartedAt).getTime() > staleBefore || deps.fleet.lift(d.equipmentCode) === undefined) continue
      const draft = await api.visit(d.draftId)
      if (draft.createdBy !== crew.username) continue
      const plan = planVisit(crewRng, {
        equipmentCode: d.equipmentCode, items: draft.items, workers: crew.workers, photosMin: draft.photosMin, minutes: options.minutes, shares: options.shares, confirmable: false
      })
      await api.record(draft.id, {
        results: Object.fromEntries(draft.items.filter((i) => i.result === null).map((i) => [i.code, plan.results[i.code]!])),
        workers: plan.workers.map((w) => ({ name: w.name, certificateNo: w.certificateNo, signature: signatureDataUrl(crewRng) }))
      })
      for (let i = draft.photos.length; i < plan.photos; i++) await api.photo(draft.id, photoPng(crewRng))
      await api.submit(draft.id, new Date(new Date(draft.startedAt).getTime() + plan.durationMs).toISOString())
      stats.resumed++
    }
  }

  function arrive () {
    arrivals = null
    if (stopped) return
    const index = pickCrew(rng, crews.map((c) => c.lifts))
    if (index !== null) {
      const job = visit(index).catch((err) => fail(`visit by ${crews[index]!.crew.username}`, err)).finally(() => running.delete(job))
      running.add(job)
    }
    schedule()
  }

  function schedule () {
    if (stopped || options.visitsPerHour <= 0) return
    arrivals = setTimeout(arrive, rng.exponential(3_600_000 / options.visitsPerHour))
  }

  return {
    stats: (): CrewStats => ({ ...stats }),
    /**
     * Signs every crew in and reads its work list (how many of its lifts the fleet plays), finishes the
     * drafts it left last time, then starts the visits.
     */
    async start (): Promise<void> {
      await Promise.all(crews.map(async (c, index) => {
        try {
          c.lifts = (await c.api.due()).items.filter((d) => deps.fleet.lift(d.equipmentCode) !== undefined).length
          await resume(index)
        } catch (err) {
          fail(`start of ${c.crew.username}`, err)
        }
      }))
      if (confirmer !== null) await confirmer.api.signIn().catch((err) => fail(`sign-in of ${confirmer.username}`, err))
      schedule()
    },
    /** One visit by this firm's crew now (tests, a scripted demo); resolves when it is submitted (or failed). */
    visitNow (firmId: number): Promise<void> {
      const index = crews.findIndex((c) => c.crew.firmId === firmId)
      if (index < 0) return Promise.reject(new Error(`no crew for firm ${firmId}`))
      const job = visit(index).finally(() => running.delete(job))
      running.add(job)
      return job
    },
    /** Stops starting visits and abandons those under way (their drafts stay); resolves once they have let go. */
    async stop (): Promise<CrewStats> {
      stopped = true
      if (arrivals !== null) clearTimeout(arrivals)
      for (const wake of [...wakers]) wake()
      await Promise.allSettled([...running])
      return { ...stats }
    }
  }
}

export type CrewRunner = ReturnType<typeof createCrewRunner>
