// Building blocks of the API's record schemas. The records live in core (cut by domain) so the server
// validates and documents them and the dashboard derives its types from them (type-only imports, nothing
// enters its bundle). Pure TypeBox: nothing here or in a core schema module may import the server.
import { Type, type TLiteral, type TSchema, type TUnion } from 'typebox'

export const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) => Type.Union([schema, Type.Null()])
/**
 * Instants are ISO 8601 strings on the wire. The server hands the serializer the Dates its stores read,
 * which it writes as such strings, so a route may answer with either; the schema is a plain date-time
 * string all the same. The dashboard reads the wire's type (Date → string, dashboard/src/api/types.ts).
 */
export const Timestamp = Type.Unsafe<string | Date>(Type.String({ format: 'date-time' }))
export const DateString = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'YYYY-MM-DD' })
type Literals<T extends readonly string[]> =
  T extends readonly [infer First extends string, ...infer Rest extends readonly string[]] ? [TLiteral<First>, ...Literals<Rest>]
    : T extends readonly [] ? [] : [TLiteral<T[number]>]
/**
 * One of the given strings. The declared type keeps the tuple: TypeBox derives a union's type member by
 * member, and from the array `map` returns it would derive `never` (a plain string[] becomes one member).
 */
export const literals = <const T extends readonly string[]>(values: T): TUnion<Literals<T>> =>
  Type.Union(values.map((v) => Type.Literal(v))) as TUnion<Literals<T>>

/** A page of a list and the number of matching rows, so a pager needs no second request. */
export const Page = <T extends TSchema>(item: T) => Type.Object({ total: Type.Integer({ description: 'matching rows on all pages' }), items: Type.Array(item) })
