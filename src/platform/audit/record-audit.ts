import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import type { Actor } from '../auth/actor.ts';
import { actorLabel, actorRoles } from '../auth/actor.ts';
import type { Clock } from '../deps.ts';

/** Who caused a change, as the audit log remembers it. */
export interface AuditContext {
  actor: Actor | null;
  requestId?: string;
  ip?: string;
  /** Label for changes made without a person or token (CLI, jobs, first start). */
  system?: string;
}

export interface AuditEntry {
  action: string;
  targetType: string;
  targetId?: string | null;
  opdId?: string | null;
  before?: unknown;
  after?: unknown;
}

const SECRET_KEYS = /(password|passwd|token_?hash|secret|api_?key)/i;

/** Drops secrets from before/after snapshots: the audit log must never hold a credential. */
export function scrub(value: unknown): unknown {
  if (value === undefined || value === null) return null;
  if (Array.isArray(value)) return value.map(scrub);
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>)
        .filter(([k]) => !SECRET_KEYS.test(k))
        .map(([k, v]) => [k, scrub(v)]),
    );
  }
  return value;
}

/**
 * Appends one audit row. Call it with the same transaction as the change it records, so the two
 * commit or roll back together. The table itself refuses UPDATE and DELETE.
 */
export async function recordAudit(db: Kysely<DB>, clock: Clock, context: AuditContext, entry: AuditEntry): Promise<void> {
  await recordAudits(db, clock, context, [entry]);
}

/**
 * Appends one audit row per entry, in multi-row inserts: for bulk changes (imports) that must
 * audit every record without one round trip each. Same transaction rule as `recordAudit`.
 */
export async function recordAudits(db: Kysely<DB>, clock: Clock, context: AuditContext, entries: AuditEntry[]): Promise<void> {
  const at = clock.now();
  // 14 parameters a row; PostgreSQL allows 65,535 per statement.
  for (let i = 0; i < entries.length; i += 2000) {
    await db
      .insertInto('audit_log')
      .values(entries.slice(i, i + 2000).map((entry) => auditRow(at, context, entry)))
      .execute();
  }
}

function auditRow(at: Date, context: AuditContext, entry: AuditEntry) {
  const actor = context.actor;
  return {
    at,
    actor_user_id: actor?.kind === 'user' ? actor.userId : null,
    actor_token_id: actor?.kind === 'token' ? actor.tokenId : null,
    actor_label: actor ? actorLabel(actor) : (context.system ?? 'system'),
    actor_roles: actor ? actorRoles(actor) : [],
    opd_id: entry.opdId ?? null,
    action: entry.action,
    target_type: entry.targetType,
    target_id: entry.targetId ?? null,
    before: entry.before === undefined ? null : JSON.stringify(scrub(entry.before)),
    after: entry.after === undefined ? null : JSON.stringify(scrub(entry.after)),
    request_id: context.requestId ?? null,
    ip: context.ip ?? null,
  };
}
