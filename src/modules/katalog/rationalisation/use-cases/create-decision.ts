import type { Deps } from '../../../../platform/deps.ts';
import { ensure } from '../../../../platform/auth/policy.ts';
import { actorLabel } from '../../../../platform/auth/actor.ts';
import { AppError, validationError, type FieldError } from '../../../../platform/http/errors.ts';
import { recordAudit, type AuditContext } from '../../../../platform/audit/record-audit.ts';
import type { Decision } from '../../db.ts';
import { katalogPolicy } from '../../policy.ts';
import { getApp } from '../../use-cases/get-app.ts';
import { isEnded } from '../metrics.ts';
import { appLifecycle, insertDecision, openDecisionOf } from '../repo.ts';
import '../messages.ts';

export interface DecisionInput {
  decision: Decision;
  /** The app to merge into (merge only). */
  targetAppId?: string | null;
  /** The national general application that replaces it (replace only). */
  replacementName?: string | null;
  /** 'YYYY-MM-DD' */
  targetDate?: string | null;
  reason: string;
  legalBasis?: string | null;
}

const isDate = (s: string) => /^\d{4}-\d{2}-\d{2}$/.test(s) && !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s);
const unique = (error: unknown) => (error as { code?: string })?.code === '23505';

/**
 * Records what will happen to an app: keep it, merge it into another, retire it, or replace it
 * with a national general application. Only the SPBE team (and admins) decide; an app has at
 * most one open decision, which is carried out or cancelled before the next.
 */
export async function createDecision(deps: Pick<Deps, 'db' | 'clock' | 'ids'>, audit: AuditContext, appId: string, input: DecisionInput): Promise<{ decisionId: string }> {
  const actor = audit.actor;
  const app = await getApp(deps, actor, appId);
  ensure(actor, katalogPolicy.rationalise(actor));

  const errors: FieldError[] = [];
  const reason = input.reason?.trim() ?? '';
  if (!reason) errors.push({ field: 'reason', messageKey: 'validation.required' });
  if (input.targetDate && !isDate(input.targetDate)) errors.push({ field: 'targetDate', messageKey: 'validation.date' });
  const targetAppId = input.decision === 'merge' ? (input.targetAppId ?? null) : null;
  const replacementName = input.decision === 'replace' ? input.replacementName?.trim() || null : null;
  if (input.decision === 'merge') {
    if (!targetAppId) errors.push({ field: 'targetAppId', messageKey: 'katalog.merged_into_required' });
    else if (targetAppId === app.id) errors.push({ field: 'targetAppId', messageKey: 'katalog.merged_into_self' });
    else {
      const target = await appLifecycle(deps.db, targetAppId);
      if (!target) errors.push({ field: 'targetAppId', messageKey: 'katalog.unknown_app' });
      else if (isEnded(target.lifecycle)) errors.push({ field: 'targetAppId', messageKey: 'katalog.rat.decision.target_ended' });
    }
  }
  if (input.decision === 'replace' && !replacementName) errors.push({ field: 'replacementName', messageKey: 'katalog.replaced_by_required' });
  if (errors.length) throw validationError(errors);
  if (isEnded(app.lifecycle)) throw new AppError('conflict', 'katalog.rat.app_ended');
  if (await openDecisionOf(deps.db, app.id)) throw new AppError('conflict', 'katalog.rat.decision.already_open');

  const row = {
    id: deps.ids.uuid(),
    app_id: app.id,
    decision: input.decision,
    target_app_id: targetAppId,
    replacement_name: replacementName,
    target_date: input.targetDate || null,
    reason,
    legal_basis: input.legalBasis?.trim() || null,
    decided_by: actor.kind === 'user' ? actor.userId : null,
    decided_label: actorLabel(actor),
    decided_at: deps.clock.now(),
  };
  try {
    await deps.db.transaction().execute(async (tx) => {
      await insertDecision(tx, row);
      await recordAudit(tx, deps.clock, audit, { action: 'katalog.decision.created', targetType: 'katalog_decision', targetId: row.id, opdId: app.opd_id, after: row });
    });
  } catch (error) {
    // Two people deciding at once: the partial unique index keeps one open decision per app.
    if (unique(error)) throw new AppError('conflict', 'katalog.rat.decision.already_open');
    throw error;
  }
  return { decisionId: row.id };
}
