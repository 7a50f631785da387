import Type from 'typebox';
import { Email, StringEnum, Uuid } from '../http/validation.ts';
import { ROLES } from '../db/schema.ts';
import { PASSWORD_MAX_LENGTH } from '../auth/passwords.ts';

const Password = Type.String({ minLength: 1, maxLength: PASSWORD_MAX_LENGTH });

export const LoginBody = Type.Object({ email: Email(), password: Password });
export const ForgotBody = Type.Object({ email: Email() });
export const ResetBody = Type.Object({ token: Type.String({ minLength: 10, maxLength: 200 }), newPassword: Password, confirmPassword: Password });
export const ChangePasswordBody = Type.Object({ currentPassword: Password, newPassword: Password, confirmPassword: Password });
export const SetupBody = Type.Object({ token: Type.String({ minLength: 10, maxLength: 200 }), name: Type.String({ minLength: 1, maxLength: 200 }), email: Email(), password: Password });
export const NewUserBody = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 200 }),
  email: Email(),
  role: StringEnum(ROLES),
  opdId: Type.Optional(Uuid()),
  password: Type.Optional(Password),
});
export const UpdateUserBody = Type.Object({
  name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
  email: Type.Optional(Email()),
  status: Type.Optional(StringEnum(['active', 'disabled'] as const)),
});
export const GrantBody = Type.Object({ role: StringEnum(ROLES), opdId: Type.Optional(Uuid()) });

// Response schemas: the presenters. Anything not listed here never leaves the server.
export const GrantOut = Type.Object({
  id: Type.String(),
  role: StringEnum(ROLES),
  opdId: Type.Union([Type.String(), Type.Null()]),
  opdName: Type.Union([Type.String(), Type.Null()]),
});
export const UserOut = Type.Object({
  id: Type.String(),
  name: Type.String(),
  email: Type.String(),
  status: StringEnum(['active', 'disabled'] as const),
  grants: Type.Array(GrantOut),
});
export const UserListOut = Type.Object({ items: Type.Array(UserOut), hasNext: Type.Boolean(), page: Type.Integer() });
export const MeOut = Type.Object({
  id: Type.String(),
  name: Type.String(),
  email: Type.String(),
  grants: Type.Array(Type.Object({ role: StringEnum(ROLES), opdId: Type.Union([Type.String(), Type.Null()]) })),
});
export const Ok = Type.Object({ ok: Type.Boolean() });

export function presentUser(u: { id: string; name: string; email: string; status: 'active' | 'disabled'; grants: { id: string; role: string; opd_id: string | null; opd_name: string | null }[] }) {
  return {
    id: u.id,
    name: u.name,
    email: u.email,
    status: u.status,
    grants: u.grants.map((g) => ({ id: g.id, role: g.role as (typeof ROLES)[number], opdId: g.opd_id, opdName: g.opd_name })),
  };
}
