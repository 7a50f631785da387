import Type from 'typebox';
import { StringEnum, Uuid } from '../http/validation.ts';
import type { Locale } from '../i18n/index.ts';
import type { ApiScope } from './scopes.ts';
import { TOKEN_STATUSES, type TokenWithStatus } from './use-cases/token-status.ts';

const Name = Type.String({ minLength: 1, maxLength: 100 });
const Scope = Type.String({ minLength: 1, maxLength: 100 });

/** Unknown scopes pass the schema and are refused by the use case with a message naming them. */
export const NewTokenBody = Type.Object({
  name: Name,
  scopes: Type.Array(Scope, { minItems: 1, maxItems: 50 }),
  expiresOn: Type.Optional(Type.String({ format: 'date', description: 'Last day the token works (YYYY-MM-DD, in the configured time zone)' })),
});
export const OpdParams = Type.Object({ opdId: Uuid() });
export const TokenParams = Type.Object({ opdId: Uuid(), tokenId: Uuid() });
export const PickQuery = Type.Object({ opdId: Type.Optional(Type.Union([Uuid(), Type.Literal('')])) });

// Response schemas: the presenters. The hash never appears; the plaintext only in CreatedTokenOut.
const Timestamp = Type.String({ format: 'date-time' });
const NullableTimestamp = Type.Union([Timestamp, Type.Null()]);

export const TokenOut = Type.Object({
  id: Type.String(),
  opdId: Type.String(),
  name: Type.String(),
  prefix: Type.String({ description: 'The visible part of the token: padu_<prefix>_…' }),
  scopes: Type.Array(Type.String()),
  status: StringEnum(TOKEN_STATUSES),
  createdAt: Timestamp,
  expiresAt: NullableTimestamp,
  lastUsedAt: NullableTimestamp,
  revokedAt: NullableTimestamp,
});
export const CreatedTokenOut = Type.Object({
  ...TokenOut.properties,
  token: Type.String({ description: 'The token itself. Shown only in this answer; Padu keeps only its hash.' }),
});
export const TokenListOut = Type.Object({ items: Type.Array(TokenOut) });
export const WhoAmIOut = Type.Object({
  id: Type.String(),
  name: Type.String(),
  opdId: Type.String(),
  scopes: Type.Array(Type.String()),
});
export const ScopeListOut = Type.Object({ items: Type.Array(Type.Object({ scope: Type.String(), description: Type.String() })) });

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function presentToken(t: TokenWithStatus) {
  return {
    id: t.id,
    opdId: t.opd_id,
    name: t.name,
    prefix: t.token_prefix,
    scopes: t.scopes,
    status: t.status,
    createdAt: t.created_at.toISOString(),
    expiresAt: iso(t.expires_at),
    lastUsedAt: iso(t.last_used_at),
    revokedAt: iso(t.revoked_at),
  };
}

export function presentScope(s: ApiScope, locale: Locale) {
  return { scope: s.scope, description: s.description[locale] };
}
