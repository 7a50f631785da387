import type { Deps } from '../../../../platform/deps.ts';
import { ensure } from '../../../../platform/auth/policy.ts';
import { actorLabel } from '../../../../platform/auth/actor.ts';
import { AppError } from '../../../../platform/http/errors.ts';
import { recordAudit, type AuditContext } from '../../../../platform/audit/record-audit.ts';
import { katalogPolicy } from '../../policy.ts';
import { closeDecision } from '../repo.ts';
import { getDecision } from './get-decision.ts';
import '../messages.ts';

/** Withdraws an open decision; the app keeps its lifecycle and may get a new decision. */
export async function cancelDecision(deps: Pick<Deps, 'db' | 'clock'>, audit: AuditContext, decisionId: string): Promise<void> {
  const actor = audit.actor;
  const decision = await getDecision(deps, actor, decisionId);
  ensure(actor, katalogPolicy.rationalise(actor));
  if (decision.status !== 'planned') throw new AppError('conflict', 'katalog.rat.decision.closed');
  const now = deps.clock.now();
  await deps.db.transaction().execute(async (tx) => {
    if (!(await closeDecision(tx, decision.id, 'cancelled', actorLabel(actor), now))) throw new AppError('conflict', 'katalog.rat.decision.closed');
    await recordAudit(tx, deps.clock, audit, {
      action: 'katalog.decision.cancelled',
      targetType: 'katalog_decision',
      targetId: decision.id,
      opdId: decision.opd_id,
      before: { status: 'planned' },
      after: { status: 'cancelled' },
    });
  });
}
