import { sql, type Kysely } from 'kysely';
import type { DB, Role } from '../db/schema.ts';

/** The only SQL for single sign-on: finding, linking and creating people and their grants. */
export function findUserBySubject(db: Kysely<DB>, subject: string) {
  return db.selectFrom('app_user').select(['id', 'email', 'status', 'oidc_subject']).where('oidc_subject', '=', subject).executeTakeFirst();
}

export function findUserByEmail(db: Kysely<DB>, email: string) {
  return db
    .selectFrom('app_user')
    .select(['id', 'email', 'status', 'oidc_subject'])
    .where(sql<string>`lower(email)`, '=', email.toLowerCase())
    .executeTakeFirst();
}

export async function linkSubject(db: Kysely<DB>, userId: string, subject: string, now: Date): Promise<void> {
  await db.updateTable('app_user').set({ oidc_subject: subject, updated_at: now }).where('id', '=', userId).execute();
}

export async function insertUser(
  db: Kysely<DB>,
  user: { id: string; email: string; name: string; locale: 'id' | 'en' | null; subject: string; now: Date },
): Promise<void> {
  await db
    .insertInto('app_user')
    .values({
      id: user.id,
      email: user.email,
      name: user.name,
      // No password: this person signs in through the IdP (an admin may still send a reset link).
      password_hash: null,
      locale: user.locale,
      oidc_subject: user.subject,
      password_changed_at: null,
      last_login_at: null,
      created_at: user.now,
      updated_at: user.now,
    })
    .execute();
}

/** Active agencies by code, for resolving `role@opdCode` entries of the role map. */
export function activeOpdsByCode(db: Kysely<DB>, codes: string[]) {
  if (codes.length === 0) return Promise.resolve([]);
  return db.selectFrom('opd').select(['id', 'code']).where('code', 'in', codes).where('active', '=', true).execute();
}

export function grantsOf(db: Kysely<DB>, userId: string) {
  return db.selectFrom('role_grant').select(['role', 'opd_id']).where('user_id', '=', userId).execute();
}

export async function insertGrant(db: Kysely<DB>, grant: { id: string; userId: string; role: Role; opdId: string | null; now: Date }): Promise<void> {
  await db
    .insertInto('role_grant')
    .values({ id: grant.id, user_id: grant.userId, role: grant.role, opd_id: grant.opdId, granted_by: null, created_at: grant.now })
    .execute();
}

export async function touchLastLogin(db: Kysely<DB>, userId: string, now: Date): Promise<void> {
  await db.updateTable('app_user').set({ last_login_at: now }).where('id', '=', userId).execute();
}
