// The signed-in user and the login exchange, as the API sends and receives them.
import { Type } from 'typebox'
import { literals, Nullable, Timestamp } from '../platform/http/schema-blocks.ts'
import { ROLES } from '../platform/http/roles.ts'

export const RoleSchema = literals(ROLES)

export const User = Type.Object({
  id: Type.Integer(),
  username: Type.String(),
  displayName: Nullable(Type.String()),
  role: RoleSchema,
  maintenanceFirmId: Nullable(Type.Integer()),
  useUnitId: Nullable(Type.Integer()),
  fillingUnitId: Nullable(Type.Integer({ description: 'a filling_unit user\'s gas-cylinder filling unit' })),
  enabled: Type.Boolean()
}, { $id: 'User', title: 'User' })

export const LoginBody = Type.Object({ username: Type.String({ minLength: 1, maxLength: 64 }), password: Type.String({ minLength: 1, maxLength: 200 }) })
export const LoginAnswer = Type.Object({ token: Type.String(), expiresAt: Timestamp, user: Type.Ref('User') })
