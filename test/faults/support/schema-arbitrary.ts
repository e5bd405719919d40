// fast-check values from the OpenAPI document the service publishes at /docs/json: `validFor` makes values
// a route's schema accepts, `fuzzFor` mostly-valid values with one thing wrong, or anything at all. Only
// what the document uses is covered (objects, arrays, strings with pattern, format date-time / date / uri,
// integers, numbers, booleans, enum, anyOf / oneOf, nullable, $ref to components).
import fc from 'fast-check'

export type JsonSchema = Record<string, any>
export interface OpenApiDoc { paths: Record<string, Record<string, any>>, components?: { schemas?: Record<string, JsonSchema> } }

const MAX_ARRAY = 4

function resolve (schema: JsonSchema, doc: OpenApiDoc): JsonSchema {
  const ref = schema.$ref as string | undefined
  if (ref === undefined) return schema
  const name = ref.replace(/^#\/components\/schemas\//, '')
  const found = doc.components?.schemas?.[name]
  if (found === undefined) throw new Error(`unresolved $ref ${ref}`)
  return resolve(found, doc)
}

function stringFor (schema: JsonSchema): fc.Arbitrary<string> {
  const min = schema.minLength ?? 0
  const max = schema.maxLength ?? Math.max(min, 40)
  const fits = (s: string) => s.length >= min && s.length <= max
  // Webhook targets: a closed local port, never a real host (deliveries may be attempted).
  if (schema.format === 'uri') return fc.webPath().map((p) => `http://127.0.0.1:9/${p.replace(/^\//, '')}`).filter(fits)
  if (schema.format === 'date-time') return fc.date({ min: new Date('2020-01-01T00:00:00Z'), max: new Date('2030-01-01T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString())
  if (schema.format === 'date' || schema.pattern === '^\\d{4}-\\d{2}-\\d{2}$') {
    return fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2040-01-01T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10))
  }
  if (schema.pattern !== undefined) return fc.stringMatching(new RegExp(schema.pattern as string)).filter(fits)
  return fc.string({ minLength: min, maxLength: Math.min(max, 200), unit: 'grapheme-composite' }).filter(fits)
}

/** Values the schema accepts. */
export function validFor (input: JsonSchema, doc: OpenApiDoc, depth = 0): fc.Arbitrary<unknown> {
  const schema = resolve(input, doc)
  let arb: fc.Arbitrary<unknown>
  if (schema.anyOf !== undefined || schema.oneOf !== undefined) {
    arb = fc.oneof(...(schema.anyOf ?? schema.oneOf as JsonSchema[]).map((s: JsonSchema) => validFor(s, doc, depth + 1)))
  } else if (schema.enum !== undefined) {
    arb = fc.constantFrom(...schema.enum as unknown[])
  } else if (schema.const !== undefined) {
    arb = fc.constant(schema.const)
  } else {
    switch (schema.type) {
      case 'string': arb = stringFor(schema); break
      case 'integer': arb = fc.integer({ min: schema.minimum ?? -1_000_000, max: schema.maximum ?? 1_000_000 }); break
      case 'number': arb = fc.double({ min: schema.minimum ?? -1e6, max: schema.maximum ?? 1e6, noNaN: true, noDefaultInfinity: true }); break
      case 'boolean': arb = fc.boolean(); break
      case 'null': arb = fc.constant(null); break
      case 'array': {
        const items = validFor(schema.items ?? {}, doc, depth + 1)
        const constraints = { minLength: schema.minItems ?? 0, maxLength: Math.max(schema.minItems ?? 0, Math.min(schema.maxItems ?? MAX_ARRAY, MAX_ARRAY)) }
        arb = schema.uniqueItems === true ? fc.uniqueArray(items, { ...constraints, selector: (v) => JSON.stringify(v) }) : fc.array(items, constraints)
        break
      }
      case 'object': {
        const properties = (schema.properties ?? {}) as Record<string, JsonSchema>
        const model = Object.fromEntries(Object.entries(properties).map(([k, s]) => [k, validFor(s, doc, depth + 1)]))
        arb = fc.record(model, { requiredKeys: (schema.required ?? []) as string[] })
        break
      }
      default: arb = depth > 3 ? fc.constant(null) : fc.jsonValue({ maxDepth: 2 })
    }
  }
  return schema.nullable === true ? fc.option(arb, { nil: null }) : arb
}

/** One property replaced by any JSON, a required one removed, or an unknown one added. */
function mutatedObject (schema: JsonSchema, doc: OpenApiDoc): fc.Arbitrary<unknown> {
  const s = resolve(schema, doc)
  const keys = Object.keys(s.properties ?? {})
  return fc.tuple(validFor(s, doc), fc.nat(), fc.jsonValue({ maxDepth: 2 }), fc.constantFrom('replace', 'remove', 'add')).map(([value, pick, any, how]) => {
    const o = { ...(value as Record<string, unknown>) }
    const key = keys.length === 0 ? 'unknownField' : keys[pick % keys.length]!
    if (how === 'replace') o[key] = any
    else if (how === 'remove') delete o[key]
    else o[`x_${key}`] = any
    return o
  })
}

/** Mostly the schema's values, many with one thing wrong, some anything at all. */
export function fuzzFor (schema: JsonSchema, doc: OpenApiDoc): fc.Arbitrary<unknown> {
  const s = resolve(schema, doc)
  return fc.oneof(
    { weight: 4, arbitrary: validFor(s, doc) },
    ...(s.type === 'object' ? [{ weight: 4, arbitrary: mutatedObject(s, doc) }] : []),
    { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 3 }) }
  )
}

/** A query or path value as text: the schema's value, or any string. */
export function textFor (schema: JsonSchema, doc: OpenApiDoc): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 3, arbitrary: validFor(schema, doc).map((v) => typeof v === 'string' ? v : JSON.stringify(v)) },
    { weight: 1, arbitrary: fc.string({ maxLength: 80, unit: 'grapheme-composite' }) },
    { weight: 1, arbitrary: fc.constantFrom('', '-1', '0', '1e309', 'NaN', 'null', 'true', '[]', '{}', '..', '%', '\u0000', 'x'.repeat(5000), '9'.repeat(30)) }
  )
}
