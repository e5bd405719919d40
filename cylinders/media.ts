// The gases a cylinder may hold and what follows from each for its inspections and its life, as data
// (domain.md §6, TSG 23-2021): the defaults the migration writes into cylinder_media, which an admin may
// edit, and the rule that a mixture takes the shortest interval of its components. Pure: the dashboard,
// the simulators and the fill check's in-memory view all use it.

/** Medium groups, each with its own inspection interval in TSG 23-2021. */
export const MEDIUM_GROUPS = ['lpg', 'cng', 'industrial', 'inert', 'corrosive', 'diving'] as const
export type MediumGroup = typeof MEDIUM_GROUPS[number]

export interface Medium {
  /** 'LPG', 'CNG', 'O2', … ; the code a cylinder's registration and a station's fill check name. */
  code: string
  nameZh: string
  nameEn: string
  group: MediumGroup
  /** Years between periodic inspections (定期检验周期). */
  inspectionIntervalYears: number
  /** Years from manufacture to the first inspection (LPG: 4); null: the interval. */
  firstInspectionYears: number | null
  /** Design life (设计使用年限) in years from manufacture. */
  designLifeYears: number
  /** Years of life a passed inspection near the end of the design life adds (LPG: 4, scrapped at 12); 0: none. */
  lifeExtensionYears: number
  /** Above this the installation's pressure alarm sounds (LPG 2.1 MPa). */
  maxWorkingPressureMpa: number
  /** For a mixture: the media it is made of; its interval and life are the shortest of them and its own. */
  components: string[] | null
}

const medium = (code: string, nameZh: string, nameEn: string, group: MediumGroup, inspectionIntervalYears: number,
  designLifeYears: number, maxWorkingPressureMpa: number, extra: Partial<Medium> = {}): Medium => ({
  code, nameZh, nameEn, group, inspectionIntervalYears, firstInspectionYears: null, designLifeYears, lifeExtensionYears: 0,
  maxWorkingPressureMpa, components: null, ...extra
})

/**
 * Defaults: LPG steel cylinders (GB 5842-2006) every 4 years, design life 8 years, +4 after a pass, so scrapped
 * at 12; CNG vehicle cylinders every 3 years, 15-year life; industrial gases 3 years; N₂, inert and
 * high-purity gases 5 years; corrosive gases and diving air 2 years. Seamless steel industrial cylinders
 * have a 30-year design life (GB/T 5099), welded acetylene cylinders 30 (GB 11638) — the registry may
 * record a cylinder's own design life from its mark. Pressures: the nominal working pressure of the usual
 * cylinder for the gas.
 */
export const DEFAULT_MEDIA: readonly Medium[] = [
  medium('LPG', '液化石油气', 'Liquefied petroleum gas', 'lpg', 4, 8, 2.1, { firstInspectionYears: 4, lifeExtensionYears: 4 }),
  medium('CNG', '压缩天然气', 'Compressed natural gas', 'cng', 3, 15, 20),
  medium('O2', '氧气', 'Oxygen', 'industrial', 3, 30, 15),
  medium('CO2', '二氧化碳', 'Carbon dioxide', 'industrial', 3, 30, 15),
  medium('C2H2', '溶解乙炔', 'Dissolved acetylene', 'industrial', 3, 30, 3),
  medium('H2', '氢气', 'Hydrogen', 'industrial', 3, 30, 15),
  medium('N2', '氮气', 'Nitrogen', 'inert', 5, 30, 15),
  medium('AR', '氩气', 'Argon', 'inert', 5, 30, 15),
  medium('CL2', '氯气', 'Chlorine', 'corrosive', 2, 30, 2),
  medium('NH3', '液氨', 'Ammonia', 'corrosive', 2, 30, 3),
  medium('AIR_DIVING', '潜水呼吸用压缩空气', 'Diving air', 'diving', 2, 30, 30),
  // The usual welding shield gas (Ar + CO₂): 3 years, its CO₂'s interval, not argon's 5.
  medium('MIX', '混合气体（氩/二氧化碳）', 'Mixture (argon / carbon dioxide)', 'industrial', 5, 30, 15, { components: ['AR', 'CO2'] })
]

/** The shortest inspection interval of some media: a mixture's rule (TSG 23-2021). */
export function intervalFor (media: readonly Pick<Medium, 'inspectionIntervalYears'>[]): number {
  if (media.length === 0) throw new Error('intervalFor needs at least one medium')
  return Math.min(...media.map((m) => m.inspectionIntervalYears))
}

/**
 * A medium as the lifecycle rules apply it: for a mixture, the shortest interval, first inspection and
 * design life of itself and its components, and the lowest pressure limit. An unknown component is
 * ignored (the media routes refuse one; an edited table must not break every mixture that named it).
 */
export function effectiveMedium (m: Medium, table: ReadonlyMap<string, Medium>): Medium {
  if (m.components === null || m.components.length === 0) return m
  const parts = [m, ...m.components.map((c) => table.get(c)).filter((c): c is Medium => c !== undefined)]
  const firsts = parts.map((p) => p.firstInspectionYears ?? p.inspectionIntervalYears)
  return {
    ...m,
    inspectionIntervalYears: intervalFor(parts),
    firstInspectionYears: Math.min(...firsts),
    designLifeYears: Math.min(...parts.map((p) => p.designLifeYears)),
    lifeExtensionYears: Math.min(...parts.map((p) => p.lifeExtensionYears)),
    maxWorkingPressureMpa: Math.min(...parts.map((p) => p.maxWorkingPressureMpa))
  }
}

/** The media by code, each already resolved as effectiveMedium says. */
export function mediaByCode (media: readonly Medium[]): Map<string, Medium> {
  const raw = new Map(media.map((m) => [m.code, m]))
  return new Map(media.map((m) => [m.code, effectiveMedium(m, raw)]))
}
