import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';

/** The only SQL that reads the audit log (writing is `recordAudit`). */

export interface AuditFilter {
  /** Case-insensitive substring of the actor's label (email, `token:<name>`) or the person's name. */
  actor?: string;
  action?: string;
  /** Matches actions starting with this text (`user.`). */
  actionPrefix?: string;
  targetType?: string;
  targetId?: string;
  opdId?: string;
  /** Inclusive lower bound. */
  fromAt?: Date;
  /** Exclusive upper bound. */
  untilAt?: Date;
  requestId?: string;
  /** Keyset cursor: only rows with a smaller id. */
  beforeId?: string;
  limit: number;
}

const likeEscape = (text: string) => text.replace(/[%_\\]/g, '\\$&');

function baseQuery(db: Kysely<DB>) {
  return db
    .selectFrom('audit_log as a')
    .leftJoin('app_user as u', 'u.id', 'a.actor_user_id')
    .leftJoin('opd as o', 'o.id', 'a.opd_id')
    .select([
      'a.id',
      'a.at',
      'a.actor_label',
      'u.name as actor_name',
      'a.actor_user_id',
      'a.actor_token_id',
      'a.actor_roles',
      'a.opd_id',
      'o.name as opd_name',
      'a.action',
      'a.target_type',
      'a.target_id',
      'a.before',
      'a.after',
      'a.request_id',
      'a.ip',
    ]);
}

export type AuditRow = Awaited<ReturnType<ReturnType<typeof baseQuery>['execute']>>[number];

/** Matching rows, newest first (by id: the order in which they were appended). */
export function searchAuditRows(db: Kysely<DB>, filter: AuditFilter): Promise<AuditRow[]> {
  let q = baseQuery(db);
  if (filter.actor) {
    const like = `%${likeEscape(filter.actor.toLowerCase())}%`;
    q = q.where((eb) => eb.or([eb(sql`lower(a.actor_label)`, 'like', like), eb(sql`lower(u.name)`, 'like', like)]));
  }
  if (filter.action) q = q.where('a.action', '=', filter.action);
  if (filter.actionPrefix) q = q.where('a.action', 'like', `${likeEscape(filter.actionPrefix)}%`);
  if (filter.targetType) q = q.where('a.target_type', '=', filter.targetType);
  if (filter.targetId) q = q.where('a.target_id', '=', filter.targetId);
  if (filter.opdId) q = q.where('a.opd_id', '=', filter.opdId);
  if (filter.fromAt) q = q.where('a.at', '>=', filter.fromAt);
  if (filter.untilAt) q = q.where('a.at', '<', filter.untilAt);
  if (filter.requestId) q = q.where('a.request_id', '=', filter.requestId);
  if (filter.beforeId) q = q.where('a.id', '<', filter.beforeId);
  return q.orderBy('a.id', 'desc').limit(filter.limit).execute();
}

/** Every row about one record, newest first. */
export function auditRowsForTarget(db: Kysely<DB>, targetType: string, targetId: string, limit: number): Promise<AuditRow[]> {
  return baseQuery(db).where('a.target_type', '=', targetType).where('a.target_id', '=', targetId).orderBy('a.id', 'desc').limit(limit).execute();
}

/** Agency names by id, for role labels such as `admin_opd@<id>`. */
export async function opdNames(db: Kysely<DB>, ids: string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db.selectFrom('opd').select(['id', 'name']).where('id', 'in', ids).execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}
