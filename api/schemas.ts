// Schemas shared by several routes. Each route declares its own request and response schemas; these are
// the common pieces, registered once so the OpenAPI document names them.
import { Type, type Static, type TSchema } from 'typebox'
import { ROLES } from '../store/users.ts'

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
export const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) => Type.Union([schema, Type.Null()])
export const DateString = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'YYYY-MM-DD' })
export const Timestamp = Type.String({ format: 'date-time' })

/** limit/offset of every paged list. The bounds keep one answer small; a bad value is a 400 naming it. */
export const PageQuery = {
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50, description: 'rows per page' })),
  offset: Type.Optional(Type.Integer({ minimum: 0, default: 0, description: 'rows to skip' }))
}
/** A page of a list and the number of matching rows, so a pager needs no second request. */
export const Page = <T extends TSchema>(item: T) => Type.Object({ total: Type.Integer({ description: 'matching rows on all pages' }), items: Type.Array(item) })
/** Free-text filter of a list: a substring, matched case-insensitively. */
export const SearchText = (description: string) => Type.Optional(Type.String({ maxLength: 100, description }))

export const RoleSchema = Type.Union(ROLES.map((r) => Type.Literal(r)))

export const UserSchema = Type.Object({
  id: Type.Integer(),
  username: Type.String(),
  displayName: Nullable(Type.String()),
  role: RoleSchema,
  maintenanceFirmId: Nullable(Type.Integer()),
  useUnitId: Nullable(Type.Integer()),
  enabled: Type.Boolean()
}, { $id: 'User', title: 'User' })
