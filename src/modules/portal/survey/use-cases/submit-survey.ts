import { sql } from 'kysely';
import type { Deps } from '../../../../platform/deps.ts';
import { sha256 } from '../../../../platform/auth/crypto.ts';
import { AppError, validationError, type FieldError } from '../../../../platform/http/errors.ts';
import { localDay } from '../../local-day.ts';
import { ELEMENT_CODES } from '../ikm.ts';
import { findOpenSurveyToken, insertSurveyResponses, useSurveyToken } from '../repo.ts';

export const GENDERS = ['L', 'P'] as const;
export const EDUCATIONS = ['sd', 'smp', 'sma', 'diploma', 's1', 's2_s3'] as const;
export const OCCUPATIONS = ['pns', 'tni_polri', 'swasta', 'wirausaha', 'pelajar', 'lainnya'] as const;

/** One answer sheet: U1-U9 (1-4) and the optional respondent profile of the regulation's form. */
export interface SurveyAnswers {
  answers: Record<string, number>;
  gender?: (typeof GENDERS)[number];
  education?: (typeof EDUCATIONS)[number];
  occupation?: (typeof OCCUPATIONS)[number];
  suggestion?: string;
}

const invalidLink = () => new AppError('not_found', 'portal.survey.link_invalid');

/** What the survey page shows about the service; a used, expired or unknown link is not found. */
export async function openSurvey(deps: Pick<Deps, 'db' | 'clock'>, token: string) {
  if (token.length < 20 || token.length > 200) throw invalidLink();
  const row = await findOpenSurveyToken(deps.db, sha256(token), deps.clock.now());
  if (!row) throw invalidLink();
  return { serviceId: row.service_id, serviceName: row.service_name, serviceKey: row.service_key, opdName: row.opd_name, expiresAt: row.expires_at };
}

/**
 * Stores one answer sheet and uses the link up, in one transaction. The answer keeps no trace of
 * the link or of who sent it (no audit row, no IP), so the survey stays anonymous.
 */
export async function submitSurvey(deps: Pick<Deps, 'db' | 'clock' | 'ids' | 'config'>, token: string, input: SurveyAnswers): Promise<{ serviceKey: string }> {
  const errors: FieldError[] = [];
  const values = ELEMENT_CODES.map((code) => {
    const v = input.answers[code];
    if (v === undefined) errors.push({ field: code, messageKey: 'portal.survey.answer_required' });
    else if (!Number.isInteger(v) || v < 1 || v > 4) errors.push({ field: code, messageKey: 'validation.enum' });
    return v ?? 0;
  });
  const survey = await openSurvey(deps, token);
  if (errors.length) throw validationError(errors);
  await deps.db.transaction().execute(async (tx) => {
    const now = deps.clock.now();
    const open = await findOpenSurveyToken(tx, sha256(token), now);
    if (!open || !(await useSurveyToken(tx, sha256(token), now))) throw invalidLink();
    const [u1, u2, u3, u4, u5, u6, u7, u8, u9] = values as [number, number, number, number, number, number, number, number, number];
    await insertSurveyResponses(tx, [
      {
        id: deps.ids.uuid(),
        service_id: open.service_id,
        opd_id: open.opd_id,
        submitted_at: now,
        local_day: localDay(now, deps.config.timeZone),
        u1, u2, u3, u4, u5, u6, u7, u8, u9,
        gender: input.gender ?? null,
        education: input.education ?? null,
        occupation: input.occupation ?? null,
        suggestion: input.suggestion?.trim() || null,
      },
    ]);
    await sql`UPDATE portal_service SET popularity = popularity + 1 WHERE service_id = ${open.service_id}`.execute(tx);
  });
  return { serviceKey: survey.serviceKey };
}
