import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import type { Clock } from '../deps.ts';
import type { Actor } from './actor.ts';
import { sha256 } from './crypto.ts';

/** API tokens look like `padu_<8-char prefix>_<secret>`; the prefix lets admins recognise them. */
export const TOKEN_PATTERN = /^padu_([A-Za-z0-9_-]{8})_([A-Za-z0-9_-]{20,})$/;

export async function resolveApiToken(db: Kysely<DB>, clock: Clock, raw: string): Promise<Actor | null> {
  if (!TOKEN_PATTERN.test(raw)) return null;
  const row = await db
    .selectFrom('api_token')
    .select(['id', 'name', 'opd_id', 'scopes', 'expires_at', 'revoked_at', 'last_used_at'])
    .where('token_hash', '=', sha256(raw))
    .executeTakeFirst();
  const now = clock.now();
  if (!row || row.revoked_at || (row.expires_at && row.expires_at <= now)) return null;
  // At most one write a minute per token, also when several processes see the same token at once.
  const staleBefore = new Date(now.getTime() - 60_000);
  if (!row.last_used_at || row.last_used_at < staleBefore) {
    await db
      .updateTable('api_token')
      .set({ last_used_at: now })
      .where('id', '=', row.id)
      .where((eb) => eb.or([eb('last_used_at', 'is', null), eb('last_used_at', '<', staleBefore)]))
      .execute();
  }
  return { kind: 'token', tokenId: row.id, name: row.name, opdId: row.opd_id, scopes: row.scopes, grants: [] };
}

export function hasScope(actor: Actor | null, scope: string): boolean {
  if (!actor || actor.kind !== 'token') return false;
  return actor.scopes.includes(scope) || actor.scopes.includes(`${scope.split(':')[0]}:*`);
}
