import type { Deps } from '../../../../platform/deps.ts';
import { ensure } from '../../../../platform/auth/policy.ts';
import { actorLabel } from '../../../../platform/auth/actor.ts';
import { AppError, validationError, type FieldError } from '../../../../platform/http/errors.ts';
import { recordAudit, type AuditContext } from '../../../../platform/audit/record-audit.ts';
import type { TimeClass } from '../../db.ts';
import { katalogPolicy } from '../../policy.ts';
import { getApp } from '../../use-cases/get-app.ts';
import { classifyTime, isEnded } from '../metrics.ts';
import { insertAssessment } from '../repo.ts';
import '../messages.ts';

export interface AssessmentInput {
  functionalFit: number;
  technicalFit: number;
  note?: string | null;
}

const validFit = (n: unknown) => Number.isInteger(n) && (n as number) >= 1 && (n as number) <= 5;

/**
 * Records a TIME assessment of an app: its functional and technical fit (1–5) and the class they
 * give. Earlier assessments stay as history; the newest one counts. The SPBE team scores any app,
 * an agency admin only their own agency's.
 */
export async function assessApp(deps: Pick<Deps, 'db' | 'clock'>, audit: AuditContext, appId: string, input: AssessmentInput): Promise<{ assessmentId: string; classification: TimeClass }> {
  const actor = audit.actor;
  const app = await getApp(deps, actor, appId);
  ensure(actor, katalogPolicy.edit(actor, app.opd_id));
  const errors: FieldError[] = [];
  if (!validFit(input.functionalFit)) errors.push({ field: 'functionalFit', messageKey: 'katalog.rat.time.fit_range' });
  if (!validFit(input.technicalFit)) errors.push({ field: 'technicalFit', messageKey: 'katalog.rat.time.fit_range' });
  if (errors.length) throw validationError(errors);
  if (isEnded(app.lifecycle)) throw new AppError('conflict', 'katalog.rat.app_ended');

  const classification = classifyTime(input.functionalFit, input.technicalFit);
  const now = deps.clock.now();
  const note = input.note?.trim() || null;
  const assessmentId = await deps.db.transaction().execute(async (tx) => {
    const id = await insertAssessment(tx, {
      app_id: app.id,
      functional_fit: input.functionalFit,
      technical_fit: input.technicalFit,
      classification,
      note,
      assessed_by: actor.kind === 'user' ? actor.userId : null,
      assessed_label: actorLabel(actor),
      assessed_at: now,
    });
    await recordAudit(tx, deps.clock, audit, {
      action: 'katalog.time.assessed',
      targetType: 'katalog_time_assessment',
      targetId: id,
      opdId: app.opd_id,
      after: { appId: app.id, functionalFit: input.functionalFit, technicalFit: input.technicalFit, classification, note },
    });
    return id;
  });
  return { assessmentId, classification };
}
