import type { Kysely } from 'kysely';
import type { DB, Role } from '../db/schema.ts';
import type { Clock, Ids } from '../deps.ts';
import type { Actor, Grant } from './actor.ts';
import { sha256 } from './crypto.ts';

export interface SessionSettings {
  idleMinutes: number;
  absoluteHours: number;
}

export async function loadGrants(db: Kysely<DB>, userId: string): Promise<Grant[]> {
  const rows = await db.selectFrom('role_grant').select(['role', 'opd_id']).where('user_id', '=', userId).execute();
  return rows.map((r) => ({ role: r.role as Role, opdId: r.opd_id }));
}

/** Starts a session and returns the raw token for the cookie; only its hash is stored. */
export async function createSession(
  db: Kysely<DB>,
  deps: { clock: Clock; ids: Ids },
  settings: SessionSettings,
  input: { userId: string; ip?: string; userAgent?: string; method?: string },
): Promise<string> {
  const token = deps.ids.token(32);
  const now = deps.clock.now();
  await db
    .insertInto('user_session')
    .values({
      token_hash: sha256(token),
      user_id: input.userId,
      created_at: now,
      last_seen_at: now,
      expires_at: new Date(now.getTime() + settings.absoluteHours * 3_600_000),
      ip: input.ip ?? null,
      user_agent: input.userAgent?.slice(0, 300) ?? null,
      auth_method: input.method ?? 'password',
    })
    .execute();
  return token;
}

/**
 * The signed-in person behind a session cookie, or null when the session is unknown, past its
 * absolute expiry, idle too long, or the account is disabled. Refreshes the idle timer at most
 * once a minute so reads do not become writes on every request.
 */
export async function resolveSession(
  db: Kysely<DB>,
  clock: Clock,
  settings: SessionSettings,
  token: string,
): Promise<Actor | null> {
  const hash = sha256(token);
  const row = await db
    .selectFrom('user_session as s')
    .innerJoin('app_user as u', 'u.id', 's.user_id')
    .select(['s.user_id', 's.last_seen_at', 's.expires_at', 'u.name', 'u.email', 'u.status'])
    .where('s.token_hash', '=', hash)
    .executeTakeFirst();
  if (!row) return null;
  const now = clock.now();
  const idleLimit = new Date(row.last_seen_at.getTime() + settings.idleMinutes * 60_000);
  if (row.expires_at <= now || idleLimit <= now || row.status !== 'active') {
    await db.deleteFrom('user_session').where('token_hash', '=', hash).execute();
    return null;
  }
  if (now.getTime() - row.last_seen_at.getTime() > 60_000) {
    await db.updateTable('user_session').set({ last_seen_at: now }).where('token_hash', '=', hash).execute();
  }
  return {
    kind: 'user',
    userId: row.user_id,
    name: row.name,
    email: row.email,
    grants: await loadGrants(db, row.user_id),
    sessionHash: hash,
  };
}

export async function destroySession(db: Kysely<DB>, token: string): Promise<void> {
  await db.deleteFrom('user_session').where('token_hash', '=', sha256(token)).execute();
}

/** Ends every session of a user, except optionally the one making the request. */
export async function destroyUserSessions(db: Kysely<DB>, userId: string, exceptHash?: string): Promise<void> {
  let q = db.deleteFrom('user_session').where('user_id', '=', userId);
  if (exceptHash) q = q.where('token_hash', '!=', exceptHash);
  await q.execute();
}
