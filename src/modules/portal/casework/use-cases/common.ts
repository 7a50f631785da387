import type { Kysely } from 'kysely';
import type { DB } from '../../../../platform/db/schema.ts';
import type { Deps } from '../../../../platform/deps.ts';
import type { Actor } from '../../../../platform/auth/actor.ts';
import { AppError } from '../../../../platform/http/errors.ts';
import { recordAudit, type AuditContext } from '../../../../platform/audit/record-audit.ts';
import type { MessageKey } from '../../../../platform/i18n/index.ts';
import type { RequestEventKind, RequestStatus } from '../../db.ts';
import { notifyCitizen } from '../../requests/notify.ts';
import { caseAccess, refuseUnlessAllowed, refuseUnlessCaseStaff, type CaseAccess } from '../policy.ts';
import { findCase, insertEvent, lockRequest, updateRequestAt, type CaseRow, type RequestRow } from '../repo.ts';
import '../messages.ts';

export type CaseDeps = Pick<Deps, 'db' | 'clock' | 'ids' | 'config' | 'mail'>;

export const userIdOf = (actor: Actor | null): string | null => (actor?.kind === 'user' ? actor.userId : null);

/** Loads a submitted request for a staff route and applies the 401/403/404 rule. */
export async function caseForStaff(db: Kysely<DB>, actor: Actor | null, requestId: string, need: keyof CaseAccess = 'read'): Promise<{ row: CaseRow; access: CaseAccess; actor: Actor }> {
  refuseUnlessCaseStaff(actor);
  const row = await findCase(db, requestId);
  if (!row) throw new AppError('not_found', 'error.not_found');
  const access = caseAccess(actor, row.opd_id);
  refuseUnlessAllowed(access, need);
  return { row, access, actor };
}

export interface Transition {
  requestId: string;
  /** The version the officer saw; a different one means someone changed the request meanwhile (409). */
  version: number;
  from: readonly RequestStatus[];
  /** The new status; undefined keeps it (assignment, escalation). */
  to?: RequestStatus;
  event: RequestEventKind;
  message?: string | null;
  internal?: boolean;
  data?: Record<string, unknown>;
  audit: string;
  set?: Parameters<typeof updateRequestAt>[3];
  /** The citizen's notice for a public change. */
  notice?: { messageKey: MessageKey; params?: Record<string, string | number> };
  /** More work in the same transaction (files, clock, survey link); may add notice params. */
  inside?: (tx: Kysely<DB>, row: RequestRow, now: Date) => Promise<Record<string, string | number> | void>;
}

/**
 * One officer action on a request, all in one transaction: the version check (stale → 409), the
 * change, its history event, the audit row and the citizen's notice (inbox and mail).
 */
export async function transition(deps: CaseDeps, audit: AuditContext, t: Transition): Promise<void> {
  const { row: seen } = await caseForStaff(deps.db, audit.actor, t.requestId, 'act');
  if (!t.from.includes(seen.status)) throw new AppError('conflict', 'portal.case.error.wrong_status');
  await deps.db.transaction().execute(async (tx) => {
    const row = await lockRequest(tx, t.requestId);
    if (!row || row.opd_id !== seen.opd_id) throw new AppError('not_found', 'error.not_found');
    if (row.version !== t.version) throw new AppError('conflict', 'portal.case.error.stale');
    if (!t.from.includes(row.status)) throw new AppError('conflict', 'portal.case.error.wrong_status');
    const now = deps.clock.now();
    const changed = await updateRequestAt(tx, row.id, row.version, { ...(t.to ? { status: t.to } : {}), ...t.set, updated_at: now });
    if (!changed) throw new AppError('conflict', 'portal.case.error.stale');
    const extra = (await t.inside?.(tx, row, now)) ?? {};
    await insertEvent(tx, {
      id: deps.ids.uuid(),
      request_id: row.id,
      at: now,
      kind: t.event,
      actor_user_id: userIdOf(audit.actor),
      from_status: row.status,
      to_status: t.to ?? row.status,
      message: t.message ?? null,
      internal: t.internal ?? false,
      data: t.data,
    });
    await recordAudit(tx, deps.clock, audit, {
      action: t.audit,
      targetType: 'portal_request',
      targetId: row.id,
      opdId: row.opd_id,
      before: { status: row.status, version: row.version },
      after: { status: t.to ?? row.status, version: row.version + 1, ...(t.data ?? {}) },
    });
    if (t.notice) {
      await notifyCitizen(tx, deps, {
        requestId: row.id,
        userId: row.citizen_id,
        messageKey: t.notice.messageKey,
        params: { number: row.tracking_number ?? '', service: seen.service_name, ...t.notice.params, ...extra },
      });
    }
  });
  if (t.notice) deps.mail.mailQueued();
}
