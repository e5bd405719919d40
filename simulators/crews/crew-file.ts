// The crews file: for each maintenance firm of the city, the login its technicians use on the API and the
// workers who sign its records, plus the use unit's safety manager who confirms some of them. The demo
// writes it next to the fleet file (DATA_DIR/demo-crews.json) with passwords generated when the users are
// created, readable by its owner only, so no crew password can be read from the code or the logs.
import { readFile } from 'node:fs/promises'
import { Type, type Static } from 'typebox'
import { Compile } from 'typebox/compile'
import { writePrivateJson } from '../credentials.ts'

const Login = { username: Type.String({ minLength: 1, maxLength: 64 }), password: Type.String({ minLength: 1 }) }

export const CrewWorker = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 50 }),
  certificateNo: Type.Union([Type.String({ minLength: 1, maxLength: 64 }), Type.Null()], { description: '特种设备作业人员证; null: not certified' })
}, { additionalProperties: false })

export const Crew = Type.Object({
  firmId: Type.Integer({ minimum: 1 }),
  firmName: Type.String(),
  ...Login,
  workers: Type.Array(CrewWorker, { minItems: 2, description: 'at least one certified' })
}, { additionalProperties: false })

export const CrewsFile = Type.Object({
  version: Type.Literal(1),
  api: Type.Optional(Type.String({ description: 'http:// URL of the Tianjian API' })),
  crews: Type.Array(Crew, { minItems: 1 }),
  confirmer: Type.Optional(Type.Union([Type.Object({ ...Login, name: Type.String({ minLength: 1, maxLength: 50 }), useUnitName: Type.String({ minLength: 1 }) }, { additionalProperties: false }), Type.Null()]))
}, { additionalProperties: false })

export type CrewWorker = Static<typeof CrewWorker>
export type Crew = Static<typeof Crew>
export type CrewsFile = Static<typeof CrewsFile>

const check = Compile(CrewsFile)

export class CrewsFileError extends Error {
  constructor (file: string, message: string) {
    super(`${file}: ${message}`)
    this.name = 'CrewsFileError'
  }
}

/** Checks a parsed crews file; errors name the JSON path of the bad value. */
export function validateCrewsFile (value: unknown, file: string): CrewsFile {
  if (!check.Check(value)) {
    const first = [...check.Errors(value)].find((e) => e.keyword !== 'boolean')
    const path = first?.instancePath === '' ? '(top level)' : first?.instancePath
    throw new CrewsFileError(file, `${path} ${first?.message ?? 'is not a crews file'}`)
  }
  const firms = new Set<number>()
  for (const [i, crew] of value.crews.entries()) {
    if (firms.has(crew.firmId)) throw new CrewsFileError(file, `/crews/${i} firm ${crew.firmId} is listed twice`)
    firms.add(crew.firmId)
    if (!crew.workers.some((w) => w.certificateNo !== null)) throw new CrewsFileError(file, `/crews/${i} has no certified worker (a record needs one)`)
  }
  return value
}

export async function readCrewsFile (file: string): Promise<CrewsFile> {
  let text: string
  try {
    text = await readFile(file, 'utf8')
  } catch (err) {
    throw new CrewsFileError(file, `cannot read: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`)
  }
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch (err) {
    throw new CrewsFileError(file, `not valid JSON: ${(err as Error).message}`)
  }
  return validateCrewsFile(parsed, file)
}

export const writeCrewsFile = (file: string, crews: CrewsFile): Promise<void> => writePrivateJson(file, crews)
