import { sql, type Insertable, type Kysely } from 'kysely';
import type { DB } from '../../../platform/db/schema.ts';
import type { PortalSurveyResponseTable, PortalSurveyTokenTable } from '../db.ts';
import type { IkmTotals } from './ikm.ts';

/** The survey's SQL: one-time links, anonymous answers, and integer totals for the index. */

export async function insertSurveyToken(db: Kysely<DB>, row: Insertable<PortalSurveyTokenTable>): Promise<void> {
  await db.insertInto('portal_survey_token').values(row).execute();
}

/** A link that is neither used nor expired, with the service it is about. */
export function findOpenSurveyToken(db: Kysely<DB>, hash: string, now: Date) {
  return db
    .selectFrom('portal_survey_token as t')
    .innerJoin('katalog_service as s', 's.id', 't.service_id')
    .leftJoin('opd as o', 'o.id', 's.opd_id')
    .select(['t.token_hash', 't.service_id', 't.expires_at', 's.name as service_name', 's.key as service_key', 's.opd_id', 'o.name as opd_name'])
    .where('t.token_hash', '=', hash)
    .where('t.used_at', 'is', null)
    .where('t.expires_at', '>', now)
    .executeTakeFirst();
}

/** Marks a link used; false when another submission used it first. */
export async function useSurveyToken(db: Kysely<DB>, hash: string, now: Date): Promise<boolean> {
  const r = await db.updateTable('portal_survey_token').set({ used_at: now }).where('token_hash', '=', hash).where('used_at', 'is', null).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function insertSurveyResponses(db: Kysely<DB>, rows: Insertable<PortalSurveyResponseTable>[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 1000) await db.insertInto('portal_survey_response').values(rows.slice(i, i + 1000)).execute();
}

/** Respondents and per-element sums of answers, for a service or an agency, between two local days. */
export async function surveyTotals(db: Kysely<DB>, scope: { serviceId?: string; opdId?: string }, from: string, to: string): Promise<IkmTotals> {
  const row = await sql<{ n: string; s1: string; s2: string; s3: string; s4: string; s5: string; s6: string; s7: string; s8: string; s9: string }>`
    SELECT count(*) AS n,
      coalesce(sum(u1), 0) AS s1, coalesce(sum(u2), 0) AS s2, coalesce(sum(u3), 0) AS s3,
      coalesce(sum(u4), 0) AS s4, coalesce(sum(u5), 0) AS s5, coalesce(sum(u6), 0) AS s6,
      coalesce(sum(u7), 0) AS s7, coalesce(sum(u8), 0) AS s8, coalesce(sum(u9), 0) AS s9
    FROM portal_survey_response
    WHERE local_day BETWEEN ${from} AND ${to}
      ${scope.serviceId ? sql`AND service_id = ${scope.serviceId}` : sql``}
      ${scope.opdId ? sql`AND opd_id = ${scope.opdId}` : sql``}
  `.execute(db);
  const r = row.rows[0]!;
  return { respondents: Number(r.n), sums: [r.s1, r.s2, r.s3, r.s4, r.s5, r.s6, r.s7, r.s8, r.s9].map(Number) };
}

/** Totals per calendar year for the given years (local days), in one round trip. */
export async function surveyTotalsByYear(db: Kysely<DB>, scope: { serviceId?: string; opdId?: string }, years: number[]): Promise<Map<number, IkmTotals>> {
  const from = `${Math.min(...years)}-01-01`;
  const to = `${Math.max(...years)}-12-31`;
  const rows = await sql<{ year: number; n: string; s1: string; s2: string; s3: string; s4: string; s5: string; s6: string; s7: string; s8: string; s9: string }>`
    SELECT extract(year FROM local_day)::int AS year, count(*) AS n,
      sum(u1) AS s1, sum(u2) AS s2, sum(u3) AS s3, sum(u4) AS s4, sum(u5) AS s5, sum(u6) AS s6, sum(u7) AS s7, sum(u8) AS s8, sum(u9) AS s9
    FROM portal_survey_response
    WHERE local_day BETWEEN ${from} AND ${to}
      ${scope.serviceId ? sql`AND service_id = ${scope.serviceId}` : sql``}
      ${scope.opdId ? sql`AND opd_id = ${scope.opdId}` : sql``}
    GROUP BY 1
  `.execute(db);
  return new Map(rows.rows.map((r) => [Number(r.year), { respondents: Number(r.n), sums: [r.s1, r.s2, r.s3, r.s4, r.s5, r.s6, r.s7, r.s8, r.s9].map(Number) }]));
}

/** Answers in the last year per service, for ranking by use. */
export async function countResponsesSince(db: Kysely<DB>, serviceId: string, sinceDay: string): Promise<number> {
  const row = await db
    .selectFrom('portal_survey_response')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('service_id', '=', serviceId)
    .where('local_day', '>=', sinceDay)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
