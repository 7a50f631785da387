import { recordAudit, type AuditContext } from '../../../../platform/audit/record-audit.ts';
import { AppError } from '../../../../platform/http/errors.ts';
import { bumpGerbangVersion, gerbangChanged } from '../../changes.ts';
import { decideRequestRow, findAccessRequest, findSameRight, insertRight, type AccessRequestRow } from '../repo.ts';
import { loadAccessRequest, type GerbangDeps } from './visibility.ts';

export interface Decision {
  decision: 'approve' | 'reject';
  reason: string;
  /** Limits for the right an approval creates (else the service's defaults apply). */
  rateLimitRps?: number | null;
  dailyQuota?: number | null;
}

/**
 * The providing agency approves (creating the access right in the same transaction, or reusing
 * an identical one) or rejects a pending request, with a reason the consumer sees.
 */
export async function decideAccessRequest(deps: GerbangDeps, audit: AuditContext, requestId: string, input: Decision): Promise<AccessRequestRow> {
  const request = await loadAccessRequest(deps, audit.actor, requestId, 'decide');
  if (request.status !== 'pending') throw new AppError('conflict', 'gerbang.request_decided');
  const now = deps.clock.now();
  const decidedBy = audit.actor?.kind === 'user' ? audit.actor.userId : null;
  await deps.db.transaction().execute(async (tx) => {
    let rightId: string | null = null;
    if (input.decision === 'approve') {
      const right = {
        id: deps.ids.uuid(),
        service_id: request.service_id,
        subsystem_id: request.subsystem_id,
        group_id: null,
        method: request.method,
        path: request.path,
        rate_limit_rps: input.rateLimitRps ?? null,
        daily_quota: input.dailyQuota ?? null,
        request_id: request.id,
        granted_by: decidedBy,
        created_at: now,
      };
      const same = await findSameRight(tx, right);
      if (same) rightId = same.id;
      else {
        await insertRight(tx, right);
        rightId = right.id;
      }
    }
    const status = input.decision === 'approve' ? 'approved' : 'rejected';
    if (!(await decideRequestRow(tx, request.id, { status, decided_by: decidedBy, decided_at: now, decision_reason: input.reason.trim(), right_id: rightId }))) {
      throw new AppError('conflict', 'gerbang.request_decided');
    }
    await bumpGerbangVersion(tx);
    await recordAudit(tx, deps.clock, audit, {
      action: input.decision === 'approve' ? 'gerbang.access_approved' : 'gerbang.access_rejected',
      targetType: 'gerbang_access_request',
      targetId: request.id,
      opdId: request.provider_opd_id,
      before: { status: 'pending' },
      after: { status, reason: input.reason.trim(), rightId },
    });
  });
  gerbangChanged();
  return (await findAccessRequest(deps.db, request.id))!;
}
