import type { Kysely } from 'kysely';
import type { DB } from '../../../../platform/db/schema.ts';
import type { Deps } from '../../../../platform/deps.ts';
import { ensure, platformPolicy } from '../../../../platform/auth/policy.ts';
import { sha256 } from '../../../../platform/auth/crypto.ts';
import { recordAudit, type AuditContext } from '../../../../platform/audit/record-audit.ts';
import { serviceForStaff } from '../../catalogue/use-cases/staff-access.ts';
import { insertSurveyToken } from '../repo.ts';

export const SURVEY_VALID_DAYS = 30;

export interface IssuedSurvey {
  /** The secret; shown or mailed once, only its hash is kept. */
  token: string;
  url: string;
  expiresAt: Date;
}

/**
 * A one-time satisfaction survey link for a service. For other use cases (a request that has just
 * completed): call it inside their transaction, after their own policy check; it records nothing
 * in the audit log itself.
 */
export async function issueSurveyToken(
  db: Kysely<DB>,
  deps: Pick<Deps, 'clock' | 'ids' | 'config'>,
  input: { serviceId: string; userId?: string | null; reference?: string | null; validDays?: number },
): Promise<IssuedSurvey> {
  const token = deps.ids.token(24);
  const now = deps.clock.now();
  const expiresAt = new Date(now.getTime() + (input.validDays ?? SURVEY_VALID_DAYS) * 86_400_000);
  await insertSurveyToken(db, {
    token_hash: sha256(token),
    service_id: input.serviceId,
    user_id: input.userId ?? null,
    reference: input.reference ?? null,
    created_at: now,
    expires_at: expiresAt,
    used_at: null,
  });
  return { token, url: `${deps.config.baseUrl}/survei/${token}`, expiresAt };
}

/** Staff hand a survey link to someone they served (at the counter, by phone). */
export async function issueSurveyLink(deps: Pick<Deps, 'db' | 'clock' | 'ids' | 'config'>, audit: AuditContext, serviceId: string): Promise<IssuedSurvey & { serviceName: string }> {
  const actor = audit.actor;
  const service = await serviceForStaff(deps.db, actor, serviceId);
  ensure(actor, platformPolicy.portalIssueSurveys(actor, service.opd_id));
  const issued = await deps.db.transaction().execute(async (tx) => {
    const result = await issueSurveyToken(tx, deps, { serviceId });
    await recordAudit(tx, deps.clock, audit, {
      action: 'portal.survey.link_issued',
      targetType: 'katalog_service',
      targetId: serviceId,
      opdId: service.opd_id,
      after: { expiresAt: result.expiresAt },
    });
    return result;
  });
  return { ...issued, serviceName: service.name };
}
