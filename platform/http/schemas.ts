// Server-side schema pieces shared by several routes: the error answer (registered once so the OpenAPI
// document names it), ids and paging queries. Records the dashboard reads are in core (platform/http/schema-blocks.ts
// and the domain schema modules), so both sides use one definition.
import { Type, type Static } from 'typebox'

export const ErrorResponse = Type.Object({
  statusCode: Type.Integer(),
  error: Type.String(),
  code: Type.String({ description: 'stable key of the message (e.g. rescue.wrong_status, auth.wrong_credentials): branch on this, not on the text' }),
  message: Type.String({ description: 'for a person, in the language of Accept-Language (zh* → Chinese; English otherwise)' }),
  details: Type.Optional(Type.Array(Type.Object({ path: Type.Optional(Type.String()), line: Type.Optional(Type.Integer()), message: Type.String() })))
}, { $id: 'Error', title: 'Error' })
export type ErrorResponse = Static<typeof ErrorResponse>

export const errorResponses = (...codes: Array<400 | 401 | 403 | 404 | 409 | 429 | 503>) =>
  Object.fromEntries(codes.map((c) => [c, Type.Ref('Error')]))

export const IdParams = Type.Object({ id: Type.Integer({ minimum: 1 }) })

/** limit/offset of every paged list. The bounds keep one answer small; a bad value is a 400 naming it. */
export const PageQuery = {
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50, description: 'rows per page' })),
  offset: Type.Optional(Type.Integer({ minimum: 0, default: 0, description: 'rows to skip' }))
}
/** Free-text filter of a list: a substring, matched case-insensitively. */
export const SearchText = (description: string) => Type.Optional(Type.String({ maxLength: 100, description }))
