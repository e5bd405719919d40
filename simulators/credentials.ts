// The fleet file: which gateways the simulator plays, their secrets and their lifts. The demo writes it
// when it seeds the city (secrets are shown only once by the gateway store), readable by its owner only.
import { chmod, readFile, rename, stat, writeFile } from 'node:fs/promises'
import { Type, type Static } from 'typebox'
import { Compile } from 'typebox/compile'
import { ID_PATTERN } from '../protocol/topics.ts'

const Id = Type.String({ pattern: ID_PATTERN.source })

export const FleetLift = Type.Object({
  equipmentCode: Id,
  lowest: Type.Integer({ minimum: -10, maximum: 300, description: 'floor label of the bottom landing' }),
  landings: Type.Integer({ minimum: 2, maximum: 300 }),
  speed: Type.Number({ minimum: 0.1, maximum: 25, description: 'rated speed, m/s' }),
  traffic: Type.Optional(Type.Number({ minimum: 0, maximum: 20, description: 'passenger traffic relative to an average lift' }))
}, { additionalProperties: false })

export const FleetGateway = Type.Object({
  id: Id,
  secret: Type.String({ minLength: 1 }),
  fw: Type.Optional(Type.String({ maxLength: 64 })),
  lifts: Type.Array(FleetLift, { minItems: 1 })
}, { additionalProperties: false })

export const FleetFile = Type.Object({
  version: Type.Literal(1),
  broker: Type.Optional(Type.String({ description: 'mqtt:// URL of the broker' })),
  gateways: Type.Array(FleetGateway, { minItems: 1 })
}, { additionalProperties: false })

export type FleetLift = Static<typeof FleetLift>
export type FleetGateway = Static<typeof FleetGateway>
export type FleetFile = Static<typeof FleetFile>

const check = Compile(FleetFile)

export class FleetFileError extends Error {
  constructor (file: string, message: string) {
    super(`${file}: ${message}`)
    this.name = 'FleetFileError'
  }
}

/** Checks a parsed fleet file; errors name the JSON path of the bad value. */
export function validateFleetFile (value: unknown, file: string): FleetFile {
  if (!check.Check(value)) {
    const first = [...check.Errors(value)].find((e) => e.keyword !== 'boolean')
    const path = first?.instancePath === '' ? '(top level)' : first?.instancePath
    throw new FleetFileError(file, `${path} ${first?.message ?? 'is not a fleet file'}`)
  }
  const seen = new Map<string, string>()
  const gatewayIds = new Set<string>()
  for (const gateway of value.gateways) {
    if (gatewayIds.has(gateway.id)) throw new FleetFileError(file, `gateway ${gateway.id} is listed twice`)
    gatewayIds.add(gateway.id)
    for (const lift of gateway.lifts) {
      const other = seen.get(lift.equipmentCode)
      if (other !== undefined) throw new FleetFileError(file, `lift ${lift.equipmentCode} is listed under gateways ${other} and ${gateway.id}`)
      seen.set(lift.equipmentCode, gateway.id)
    }
  }
  return value
}

export async function readFleetFile (file: string): Promise<FleetFile> {
  let text: string
  try {
    text = await readFile(file, 'utf8')
  } catch (err) {
    throw new FleetFileError(file, `cannot read: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`)
  }
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch (err) {
    throw new FleetFileError(file, `not valid JSON: ${(err as Error).message}`)
  }
  return validateFleetFile(parsed, file)
}

/** Whether others than the owner may read the file: it holds gateway secrets. */
export async function isShared (file: string): Promise<boolean> {
  return ((await stat(file)).mode & 0o077) !== 0
}

/** Writes the file atomically (a crash leaves the old file or the new, never half) with mode 0600. */
export async function writeFleetFile (file: string, fleet: FleetFile): Promise<void> {
  await writePrivateJson(file, fleet)
}

/** JSON only its owner may read (secrets, passwords), written atomically: the old file or the new, never half. */
export async function writePrivateJson (file: string, value: unknown): Promise<void> {
  const tmp = `${file}.${process.pid}.tmp`
  await writeFile(tmp, `${JSON.stringify(value, null, 1)}\n`, { mode: 0o600 })
  await chmod(tmp, 0o600) // the mode above is masked by the umask
  await rename(tmp, file)
}
