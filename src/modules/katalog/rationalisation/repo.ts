import { sql, type Kysely, type SelectQueryBuilder } from 'kysely';
import type { DB } from '../../../platform/db/schema.ts';
import { LIVE_LIFECYCLES, type ArchKind, type Decision, type TimeClass } from '../db.ts';
import { CURRENT_LIFECYCLES, ENDED_LIFECYCLES } from './metrics.ts';

/** Which apps a query may see: the agencies the actor reads ('all' or a list), narrowed to one. */
export interface Scope {
  opdIds: 'all' | string[];
  opdId?: string;
}

const nothing = (s: Scope) => s.opdIds !== 'all' && s.opdIds.length === 0;

/** Narrows a query over `katalog_app as a` to the scope. */
function scoped<Q extends SelectQueryBuilder<any, any, any>>(query: Q, s: Scope): Q {
  let q = query as SelectQueryBuilder<any, any, any>;
  if (s.opdIds !== 'all') q = q.where('a.opd_id', 'in', s.opdIds);
  if (s.opdId) q = q.where('a.opd_id', '=', s.opdId);
  return q as Q;
}

// ---- TIME assessments ---------------------------------------------------------------------------

export async function insertAssessment(
  db: Kysely<DB>,
  row: { app_id: string; functional_fit: number; technical_fit: number; classification: TimeClass; note: string | null; assessed_by: string | null; assessed_label: string; assessed_at: Date },
): Promise<string> {
  const { id } = await db.insertInto('katalog_time_assessment').values(row).returning('id').executeTakeFirstOrThrow();
  return String(id);
}

const assessmentColumns = ['t.id', 't.app_id', 't.functional_fit', 't.technical_fit', 't.classification', 't.note', 't.assessed_label', 't.assessed_at'] as const;

export function assessmentsForApp(db: Kysely<DB>, appId: string) {
  return db.selectFrom('katalog_time_assessment as t').select(assessmentColumns).where('t.app_id', '=', appId).orderBy('t.assessed_at', 'desc').orderBy('t.id', 'desc').execute();
}

export type AssessmentRow = Awaited<ReturnType<typeof assessmentsForApp>>[number];

/** The newest assessment of every current app in scope. */
export async function latestAssessments(db: Kysely<DB>, s: Scope) {
  if (nothing(s)) return [];
  return scoped(
    db
      .selectFrom('katalog_time_assessment as t')
      .innerJoin('katalog_app as a', 'a.id', 't.app_id')
      .leftJoin('opd', 'opd.id', 'a.opd_id')
      .distinctOn('t.app_id')
      .select([...assessmentColumns, 'a.name', 'a.acronym', 'a.opd_id', 'opd.name as opd_name', 'a.synthetic'])
      .where('a.lifecycle', 'in', CURRENT_LIFECYCLES),
    s,
  )
    .orderBy('t.app_id')
    .orderBy('t.assessed_at', 'desc')
    .orderBy('t.id', 'desc')
    .execute();
}

// ---- Decisions ----------------------------------------------------------------------------------

export function insertDecision(
  db: Kysely<DB>,
  row: {
    id: string;
    app_id: string;
    decision: Decision;
    target_app_id: string | null;
    replacement_name: string | null;
    target_date: string | null;
    reason: string;
    legal_basis: string | null;
    decided_by: string | null;
    decided_label: string;
    decided_at: Date;
  },
) {
  return db.insertInto('katalog_decision').values(row).execute();
}

function decisionQuery(db: Kysely<DB>) {
  return db
    .selectFrom('katalog_decision as d')
    .innerJoin('katalog_app as a', 'a.id', 'd.app_id')
    .leftJoin('opd', 'opd.id', 'a.opd_id')
    .leftJoin('katalog_app as target', 'target.id', 'd.target_app_id')
    .select([
      'd.id',
      'd.app_id',
      'a.name as app_name',
      'a.acronym as app_acronym',
      'a.lifecycle as app_lifecycle',
      'a.opd_id',
      'opd.name as opd_name',
      'a.synthetic',
      'd.decision',
      'd.target_app_id',
      'target.name as target_app_name',
      'target.lifecycle as target_lifecycle',
      'd.replacement_name',
      // As text: the driver would turn a date into a Date at local midnight, a day off in UTC+7.
      sql<string | null>`to_char(d.target_date, 'YYYY-MM-DD')`.as('target_date'),
      'd.reason',
      'd.legal_basis',
      'd.status',
      'd.decided_label',
      'd.decided_at',
      'd.closed_by_label',
      'd.closed_at',
    ]);
}

export function findDecision(db: Kysely<DB>, id: string) {
  return decisionQuery(db).where('d.id', '=', id).executeTakeFirst();
}

export type DecisionRow = NonNullable<Awaited<ReturnType<typeof findDecision>>>;

export function decisionsForApp(db: Kysely<DB>, appId: string) {
  return decisionQuery(db).where('d.app_id', '=', appId).orderBy('d.decided_at', 'desc').execute();
}

export function openDecisionOf(db: Kysely<DB>, appId: string) {
  return db.selectFrom('katalog_decision').select('id').where('app_id', '=', appId).where('status', '=', 'planned').executeTakeFirst();
}

export type DecisionStatusFilter = 'open' | 'overdue' | 'done' | 'cancelled' | 'all';

export async function searchDecisions(db: Kysely<DB>, s: Scope & { status: DecisionStatusFilter; today: string; limit: number; offset: number }) {
  if (nothing(s)) return [];
  let q = scoped(decisionQuery(db), s);
  if (s.status === 'open' || s.status === 'overdue') q = q.where('d.status', '=', 'planned');
  if (s.status === 'overdue') q = q.where('d.target_date', '<', s.today);
  if (s.status === 'done' || s.status === 'cancelled') q = q.where('d.status', '=', s.status);
  q = s.status === 'open' || s.status === 'overdue' ? q.orderBy(sql`d.target_date ASC NULLS LAST`).orderBy('d.decided_at') : q.orderBy('d.decided_at', 'desc');
  return q.orderBy('d.id').limit(s.limit).offset(s.offset).execute();
}

export async function countOpenDecisions(db: Kysely<DB>, s: Scope & { today: string }): Promise<{ open: number; overdue: number }> {
  if (nothing(s)) return { open: 0, overdue: 0 };
  const row = await scoped(
    db
      .selectFrom('katalog_decision as d')
      .innerJoin('katalog_app as a', 'a.id', 'd.app_id')
      .select([sql<string>`count(*)`.as('open'), sql<string>`count(*) FILTER (WHERE d.target_date < ${s.today})`.as('overdue')])
      .where('d.status', '=', 'planned'),
    s,
  ).executeTakeFirstOrThrow();
  return { open: Number(row.open), overdue: Number(row.overdue) };
}

/** Closes a planned decision; false when it was no longer planned (closed by someone else). */
export async function closeDecision(db: Kysely<DB>, id: string, status: 'done' | 'cancelled', label: string, at: Date): Promise<boolean> {
  const result = await db.updateTable('katalog_decision').set({ status, closed_by_label: label, closed_at: at }).where('id', '=', id).where('status', '=', 'planned').executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export function appLifecycle(db: Kysely<DB>, id: string) {
  return db.selectFrom('katalog_app').select(['id', 'name', 'lifecycle']).where('id', '=', id).executeTakeFirst();
}

// ---- Portfolio ----------------------------------------------------------------------------------

/**
 * Net moves into and out of the active states, per agency (the app's current owner) and local
 * month. Each event is compared with the app's previous event, so only real changes count and
 * several moves in one month net out.
 */
export async function lifecycleDeltas(db: Kysely<DB>, s: Scope, timeZone: string) {
  if (nothing(s)) return [];
  const live = sql.join(LIVE_LIFECYCLES.map((l) => sql.lit(l)));
  const moves = scoped(
    db
      .selectFrom('katalog_app_event as e')
      .innerJoin('katalog_app as a', 'a.id', 'e.app_id')
      .select([
        'a.opd_id',
        sql<string>`to_char(e.at AT TIME ZONE ${timeZone}, 'YYYY-MM')`.as('month'),
        sql<number>`CASE WHEN e.to_lifecycle IN (${live}) THEN 1 ELSE 0 END`.as('live'),
        sql<number>`COALESCE(LAG(CASE WHEN e.to_lifecycle IN (${live}) THEN 1 ELSE 0 END) OVER (PARTITION BY e.app_id ORDER BY e.at, e.id), 0)`.as('was_live'),
      ]),
    s,
  );
  const rows = await db
    .selectFrom(moves.as('m'))
    .select(['m.opd_id', 'm.month', sql<string>`SUM(m.live - m.was_live)`.as('delta')])
    .whereRef('m.live', '<>', 'm.was_live')
    .groupBy(['m.opd_id', 'm.month'])
    .execute();
  return rows.map((r) => ({ opdId: r.opd_id, month: r.month, delta: Number(r.delta) }));
}

/** Apps whose latest move merged, retired or replaced them, with the local year of that move. */
export async function endedApps(db: Kysely<DB>, s: Scope, timeZone: string) {
  if (nothing(s)) return [];
  const latest = scoped(
    db
      .selectFrom('katalog_app_event as e')
      .innerJoin('katalog_app as a', 'a.id', 'e.app_id')
      .distinctOn('e.app_id')
      .select(['e.app_id', 'e.to_lifecycle', 'a.lifecycle', 'a.yearly_cost', 'a.opd_id', sql<number>`EXTRACT(YEAR FROM e.at AT TIME ZONE ${timeZone})::int`.as('year')]),
    s,
  )
    .orderBy('e.app_id')
    .orderBy('e.at', 'desc')
    .orderBy('e.id', 'desc');
  const rows = await db.selectFrom(latest.as('l')).selectAll().where('l.to_lifecycle', 'in', ENDED_LIFECYCLES).where('l.lifecycle', 'in', ENDED_LIFECYCLES).execute();
  return rows.map((r) => ({ appId: r.app_id, opdId: r.opd_id, year: Number(r.year), yearlyCost: r.yearly_cost === null ? null : Number(r.yearly_cost) }));
}

/** Every current (planned or running) app in scope with what the portfolio report needs. */
export async function currentApps(db: Kysely<DB>, s: Scope) {
  if (nothing(s)) return [];
  return scoped(
    db
      .selectFrom('katalog_app as a')
      .leftJoin('opd', 'opd.id', 'a.opd_id')
      .select([
        'a.id',
        'a.key',
        'a.name',
        'a.acronym',
        'a.description',
        'a.opd_id',
        'opd.name as opd_name',
        'a.category',
        'a.hosting',
        'a.url',
        'a.yearly_cost',
        'a.legal_basis',
        'a.lifecycle',
        'a.synthetic',
      ])
      .select((eb) =>
        eb
          .exists(eb.selectFrom('katalog_app_code as c').select('c.app_id').whereRef('c.app_id', '=', 'a.id').where('c.usage', 'in', ['rab', 'ral']))
          .as('has_capability_code'),
      )
      .where('a.lifecycle', 'in', CURRENT_LIFECYCLES),
    s,
  )
    .orderBy('a.name')
    .orderBy('a.id')
    .execute();
}

export type CurrentAppRow = Awaited<ReturnType<typeof currentApps>>[number];

/** Names of the agencies that own apps in scope (including ones no longer running). */
export async function opdNamesInScope(db: Kysely<DB>, s: Scope) {
  if (nothing(s)) return new Map<string, string>();
  const rows = await scoped(db.selectFrom('katalog_app as a').innerJoin('opd', 'opd.id', 'a.opd_id').select(['opd.id', 'opd.name']).distinct(), s).execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}

export function findOpd(db: Kysely<DB>, id: string) {
  return db.selectFrom('opd').select(['id', 'name', 'code']).where('id', '=', id).executeTakeFirst();
}

/** Level-2 capabilities (RAB business processes, RAL services) of the reference architecture. */
export function levelTwoCapabilities(db: Kysely<DB>, kinds: ArchKind[]) {
  return db.selectFrom('arch_ref').select(['code', 'kind', 'name', 'parent_code']).where('kind', 'in', kinds).where('level', '=', 2).orderBy('code').execute();
}

/** RAB/RAL codes carried by the active apps in scope. */
export async function activeAppCapabilityCodes(db: Kysely<DB>, s: Scope) {
  if (nothing(s)) return [];
  return scoped(
    db
      .selectFrom('katalog_app_code as c')
      .innerJoin('katalog_app as a', 'a.id', 'c.app_id')
      .leftJoin('opd', 'opd.id', 'a.opd_id')
      .select(['c.code', 'a.id', 'a.name', 'a.acronym', 'opd.name as opd_name'])
      .where('c.usage', 'in', ['rab', 'ral'])
      .where('a.lifecycle', 'in', LIVE_LIFECYCLES),
    s,
  )
    .orderBy('a.name')
    .orderBy('a.id')
    .execute();
}
