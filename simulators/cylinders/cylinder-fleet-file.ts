// The cylinder simulator's file: which station and installation gateways it plays, their secrets, and the
// cylinders each may meet (a station: its filling unit's; an installation: the bottles it watches). The
// demo writes it from the registry at each start (simulators/cylinders/prepare-cylinders.ts), mode 0600.
import { chmod, readFile, rename, writeFile } from 'node:fs/promises'
import { Type, type Static } from 'typebox'
import { Compile } from 'typebox/compile'
import { ID_PATTERN } from '../../protocol/topics.ts'

const Id = Type.String({ pattern: ID_PATTERN.source })

export const SimCylinder = Type.Object({
  code: Id,
  medium: Type.String(),
  /** Max fill mass, kg; null when the registry does not say. */
  capacityKg: Type.Union([Type.Number(), Type.Null()]),
  maxPressureMPa: Type.Optional(Type.Number()),
  /** Past its inspection date by the registry when the file was written: a station brings such one now and then. */
  overdue: Type.Optional(Type.Boolean())
}, { additionalProperties: false })

export const SimStation = Type.Object({
  gatewayId: Id,
  secret: Type.String({ minLength: 1 }),
  stationCode: Id,
  cylinders: Type.Array(SimCylinder, { minItems: 1 })
}, { additionalProperties: false })

export const SimInstallation = Type.Object({
  gatewayId: Id,
  secret: Type.String({ minLength: 1 }),
  cylinders: Type.Array(SimCylinder, { minItems: 1 })
}, { additionalProperties: false })

export const CylinderFleetFile = Type.Object({
  version: Type.Literal(1),
  broker: Type.Optional(Type.String()),
  stations: Type.Array(SimStation),
  installations: Type.Array(SimInstallation)
}, { additionalProperties: false })

export type SimCylinder = Static<typeof SimCylinder>
export type SimStation = Static<typeof SimStation>
export type SimInstallation = Static<typeof SimInstallation>
export type CylinderFleetFile = Static<typeof CylinderFleetFile>

const check = Compile(CylinderFleetFile)

export async function readCylinderFleetFile (file: string): Promise<CylinderFleetFile> {
  const parsed: unknown = JSON.parse(await readFile(file, 'utf8'))
  if (!check.Check(parsed)) {
    const first = [...check.Errors(parsed)].find((e) => e.keyword !== 'boolean')
    throw new Error(`${file}: ${first?.instancePath || '(top level)'} ${first?.message ?? 'is not a cylinder fleet file'}`)
  }
  return parsed
}

/** Atomically, readable by its owner only (it holds gateway secrets). */
export async function writeCylinderFleetFile (file: string, fleet: CylinderFleetFile): Promise<void> {
  const tmp = `${file}.${process.pid}.tmp`
  await writeFile(tmp, `${JSON.stringify(fleet)}\n`, { mode: 0o600 })
  await chmod(tmp, 0o600) // the mode above is masked by the umask
  await rename(tmp, file)
}
