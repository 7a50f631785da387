import { sql, type Kysely } from 'kysely';
import type { DB, Role } from '../db/schema.ts';

/** The only SQL for accounts: people, their role grants and their one-time links. */
export function findUserByEmail(db: Kysely<DB>, email: string) {
  return db.selectFrom('app_user').selectAll().where(sql<string>`lower(email)`, '=', email.toLowerCase()).executeTakeFirst();
}

export function findUserById(db: Kysely<DB>, id: string) {
  return db.selectFrom('app_user').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function countRecentFailures(db: Kysely<DB>, key: string, since: Date): Promise<number> {
  const row = await db
    .selectFrom('login_failure')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('throttle_key', '=', key)
    .where('at', '>', since)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function recordFailures(db: Kysely<DB>, keys: string[], at: Date): Promise<void> {
  await db.insertInto('login_failure').values(keys.map((throttle_key) => ({ throttle_key, at }))).execute();
}

export async function clearFailures(db: Kysely<DB>, key: string): Promise<void> {
  await db.deleteFrom('login_failure').where('throttle_key', '=', key).execute();
}

export async function countActiveAdmins(db: Kysely<DB>): Promise<number> {
  const row = await db
    .selectFrom('role_grant as g')
    .innerJoin('app_user as u', 'u.id', 'g.user_id')
    .select((eb) => eb.fn.count<string>('u.id').distinct().as('n'))
    .where('g.role', '=', 'admin')
    .where('u.status', '=', 'active')
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export interface UserListFilter {
  search?: string;
  opdId?: string;
  /** Limit to users holding a grant in one of these agencies (agency admins' view). */
  withinOpdIds?: string[];
  limit: number;
  offset: number;
}

export async function listUsers(db: Kysely<DB>, filter: UserListFilter) {
  let q = db.selectFrom('app_user as u').select(['u.id', 'u.email', 'u.name', 'u.status', 'u.created_at', 'u.last_login_at']);
  if (filter.search) {
    const like = `%${filter.search.toLowerCase().replace(/[%_\\]/g, '\\$&')}%`;
    q = q.where((eb) => eb.or([eb(sql`lower(u.name)`, 'like', like), eb(sql`lower(u.email)`, 'like', like)]));
  }
  if (filter.opdId) {
    const opdId = filter.opdId;
    q = q.where((eb) => eb.exists(eb.selectFrom('role_grant as g').select('g.id').whereRef('g.user_id', '=', 'u.id').where('g.opd_id', '=', opdId)));
  }
  if (filter.withinOpdIds) {
    const ids = filter.withinOpdIds;
    if (ids.length === 0) return [];
    q = q.where((eb) => eb.exists(eb.selectFrom('role_grant as g').select('g.id').whereRef('g.user_id', '=', 'u.id').where('g.opd_id', 'in', ids)));
  }
  return q.orderBy('u.name').orderBy('u.id').limit(filter.limit).offset(filter.offset).execute();
}

export function grantsOf(db: Kysely<DB>, userIds: string[]) {
  if (userIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('role_grant as g')
    .leftJoin('opd as o', 'o.id', 'g.opd_id')
    .select(['g.id', 'g.user_id', 'g.role', 'g.opd_id', 'o.name as opd_name', 'g.created_at'])
    .where('g.user_id', 'in', userIds)
    .orderBy('g.created_at')
    .execute();
}

export function findGrant(db: Kysely<DB>, grantId: string) {
  return db.selectFrom('role_grant').selectAll().where('id', '=', grantId).executeTakeFirst();
}

export function findExistingGrant(db: Kysely<DB>, userId: string, role: Role, opdId: string | null) {
  let q = db.selectFrom('role_grant').selectAll().where('user_id', '=', userId).where('role', '=', role);
  q = opdId ? q.where('opd_id', '=', opdId) : q.where('opd_id', 'is', null);
  return q.executeTakeFirst();
}

export function findValidToken(db: Kysely<DB>, hash: string, purpose: 'setup_admin' | 'password_reset', now: Date) {
  return db
    .selectFrom('one_time_token')
    .selectAll()
    .where('token_hash', '=', hash)
    .where('purpose', '=', purpose)
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .executeTakeFirst();
}
