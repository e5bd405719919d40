// Schemas shared by several routes. Each route declares its own request and response schemas; these are
// the common pieces, registered once so the OpenAPI document names them.
import { Type, type Static } from 'typebox'
import { ROLES } from '../store/users.ts'

export const ErrorResponse = Type.Object({
  statusCode: Type.Integer(),
  error: Type.String(),
  message: Type.String(),
  details: Type.Optional(Type.Array(Type.Object({ path: Type.Optional(Type.String()), line: Type.Optional(Type.Integer()), message: Type.String() })))
}, { $id: 'Error', title: 'Error' })
export type ErrorResponse = Static<typeof ErrorResponse>

export const errorResponses = (...codes: Array<400 | 401 | 403 | 404 | 409 | 429 | 503>) =>
  Object.fromEntries(codes.map((c) => [c, Type.Ref('Error')]))

export const IdParams = Type.Object({ id: Type.Integer({ minimum: 1 }) })
export const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) => Type.Union([schema, Type.Null()])
export const DateString = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'YYYY-MM-DD' })
export const Timestamp = Type.String({ format: 'date-time' })

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
