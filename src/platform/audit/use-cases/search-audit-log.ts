import type { Kysely } from 'kysely';
import type { Deps } from '../../deps.ts';
import type { DB } from '../../db/schema.ts';
import type { Actor } from '../../auth/actor.ts';
import { ensure, platformPolicy } from '../../auth/policy.ts';
import { validationError } from '../../http/errors.ts';
import { scrub } from '../record-audit.ts';
import { opdNames, searchAuditRows, type AuditFilter, type AuditRow } from '../repo.ts';
import { startOfDay, startOfNextDay } from '../time-zone.ts';

export const PAGE_SIZE = 50;
export const MAX_API_PAGE_SIZE = 200;

/** Filters as people type them: dates are local calendar days, the action may be a prefix. */
export interface AuditSearchInput {
  actor?: string;
  /** Exact (`user.updated`), or a prefix when it ends in `.` or `*` (`user.`, `user.*`). */
  action?: string;
  targetType?: string;
  targetId?: string;
  opdId?: string;
  /** `YYYY-MM-DD`, inclusive, in the configured time zone. */
  from?: string;
  /** `YYYY-MM-DD`, inclusive, in the configured time zone. */
  to?: string;
  requestId?: string;
  /** Cursor: the `nextBefore` of the previous page. */
  before?: string;
  limit?: number;
}

export interface AuditRole {
  role: string;
  opdId: string | null;
  opdName: string | null;
}

/** One audit record, ready for a page, the API or a CSV line. */
export interface AuditEntry {
  id: string;
  at: Date;
  actorLabel: string;
  actorName: string | null;
  actorUserId: string | null;
  actorTokenId: string | null;
  /** As stored: `role` or `role@<agency id>`. */
  actorRoles: string[];
  roles: AuditRole[];
  opdId: string | null;
  opdName: string | null;
  action: string;
  targetType: string;
  targetId: string | null;
  before: unknown;
  after: unknown;
  requestId: string | null;
  ip: string | null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const clean = (value: string | undefined) => value?.trim() || undefined;

/** Turns typed filters into the repository's filter; dates become instants in `timeZone`. */
export function auditFilter(input: AuditSearchInput, timeZone: string): Omit<AuditFilter, 'limit'> {
  const from = clean(input.from);
  const to = clean(input.to);
  if (from && to && to < from) throw validationError([{ field: 'to', messageKey: 'audit.range_invalid' }]);
  const action = clean(input.action);
  const isPrefix = !!action && (action.endsWith('.') || action.endsWith('*'));
  return {
    actor: clean(input.actor),
    action: isPrefix ? undefined : action,
    actionPrefix: isPrefix ? action!.replace(/\*$/, '') || undefined : undefined,
    targetType: clean(input.targetType),
    targetId: clean(input.targetId),
    opdId: clean(input.opdId),
    fromAt: from ? startOfDay(from, timeZone) : undefined,
    untilAt: to ? startOfNextDay(to, timeZone) : undefined,
    requestId: clean(input.requestId),
    beforeId: clean(input.before),
  };
}

/** Rows as entries: snapshots scrubbed again (rows written before a key was known secret), role agencies named. */
export async function toEntries(db: Kysely<DB>, rows: AuditRow[]): Promise<AuditEntry[]> {
  const split = (r: string) => {
    const at = r.indexOf('@');
    return at < 0 ? { role: r, opdId: null } : { role: r.slice(0, at), opdId: r.slice(at + 1) };
  };
  const ids = [...new Set(rows.flatMap((r) => r.actor_roles.map((x) => split(x).opdId).filter((id): id is string => !!id && UUID.test(id))))];
  const names = await opdNames(db, ids);
  return rows.map((r) => ({
    id: String(r.id),
    at: r.at,
    actorLabel: r.actor_label,
    actorName: r.actor_name,
    actorUserId: r.actor_user_id,
    actorTokenId: r.actor_token_id,
    actorRoles: r.actor_roles,
    roles: r.actor_roles.map((x) => {
      const { role, opdId } = split(x);
      return { role, opdId, opdName: opdId ? (names.get(opdId) ?? null) : null };
    }),
    opdId: r.opd_id,
    opdName: r.opd_name,
    action: r.action,
    targetType: r.target_type,
    targetId: r.target_id,
    before: scrub(r.before),
    after: scrub(r.after),
    requestId: r.request_id,
    ip: r.ip,
  }));
}

/**
 * One page of the audit log for admins and auditors, newest first, with a keyset cursor
 * (`nextBefore`) so paging stays fast and stable while new rows keep arriving.
 */
export async function searchAuditLog(
  deps: Pick<Deps, 'db' | 'config'>,
  actor: Actor | null,
  input: AuditSearchInput,
): Promise<{ entries: AuditEntry[]; nextBefore: string | null }> {
  ensure(actor, platformPolicy.readAudit(actor));
  const limit = Math.min(Math.max(input.limit ?? PAGE_SIZE, 1), MAX_API_PAGE_SIZE);
  const rows = await searchAuditRows(deps.db, { ...auditFilter(input, deps.config.timeZone), limit: limit + 1 });
  const entries = await toEntries(deps.db, rows.slice(0, limit));
  return { entries, nextBefore: rows.length > limit ? entries[entries.length - 1]!.id : null };
}
