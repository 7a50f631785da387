import type { Deps } from '../../../../platform/deps.ts';
import { ensure } from '../../../../platform/auth/policy.ts';
import { actorLabel } from '../../../../platform/auth/actor.ts';
import { AppError } from '../../../../platform/http/errors.ts';
import { recordAudit, type AuditContext } from '../../../../platform/audit/record-audit.ts';
import type { Lifecycle } from '../../db.ts';
import { katalogPolicy } from '../../policy.ts';
import { updateApp } from '../../use-cases/update-app.ts';
import type { AppInput } from '../../use-cases/app-input.ts';
import { isEnded } from '../metrics.ts';
import { appLifecycle, closeDecision, type DecisionRow } from '../repo.ts';
import { getDecision } from './get-decision.ts';
import '../messages.ts';

/** The lifecycle move each kind of decision makes. */
export function lifecycleChangeFor(d: Pick<DecisionRow, 'decision' | 'target_app_id' | 'replacement_name'>): AppInput & { lifecycle: Lifecycle } {
  switch (d.decision) {
    case 'keep':
      return { lifecycle: 'aktif' };
    case 'merge':
      return { lifecycle: 'digabung', mergedIntoId: d.target_app_id };
    case 'retire':
      return { lifecycle: 'dipensiunkan' };
    case 'replace':
      return { lifecycle: 'diganti_aplikasi_umum', replacedBy: d.replacement_name };
  }
}

/**
 * Carries a decision out: moves the app's lifecycle (through the same update as an edit, so the
 * app's history and the portfolio curve see it) and closes the decision, in one transaction with
 * both audit rows. If anything fails nothing changes and the decision stays open.
 */
export async function carryOutDecision(deps: Pick<Deps, 'db' | 'clock'>, audit: AuditContext, decisionId: string): Promise<{ appId: string; lifecycle: Lifecycle }> {
  const actor = audit.actor;
  const decision = await getDecision(deps, actor, decisionId);
  ensure(actor, katalogPolicy.rationalise(actor));
  if (decision.status !== 'planned') throw new AppError('conflict', 'katalog.rat.decision.closed');
  const change = lifecycleChangeFor(decision);
  const now = deps.clock.now();
  await deps.db.transaction().execute(async (tx) => {
    // Closing first takes the row lock, so a second click or a concurrent cancel waits and fails.
    if (!(await closeDecision(tx, decision.id, 'done', actorLabel(actor), now))) throw new AppError('conflict', 'katalog.rat.decision.closed');
    if (decision.decision === 'merge') {
      const target = await appLifecycle(tx, decision.target_app_id!);
      if (!target || isEnded(target.lifecycle)) throw new AppError('conflict', 'katalog.rat.decision.target_ended');
    }
    await updateApp(deps, audit, decision.app_id, change, { tx });
    await recordAudit(tx, deps.clock, audit, {
      action: 'katalog.decision.carried_out',
      targetType: 'katalog_decision',
      targetId: decision.id,
      opdId: decision.opd_id,
      before: { status: 'planned', lifecycle: decision.app_lifecycle },
      after: { status: 'done', lifecycle: change.lifecycle },
    });
  });
  return { appId: decision.app_id, lifecycle: change.lifecycle };
}
