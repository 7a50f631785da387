import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { DB } from '../../../platform/db/schema.ts';
import type { Availability } from '../db.ts';
import type { TokenFacts } from './search-query.ts';

/**
 * The catalogue's SQL. The katalog's service rows are read (never written) for what the portal
 * shows; the portal's own rows hold publishing settings and a search copy of the katalog texts.
 */

// ---- Search ---------------------------------------------------------------------------------

/** Stems, stop words, synonyms and typo corrections for the query words, in one round trip. */
export async function analyzeTokens(db: Kysely<DB>, tokens: string[], normalized: string) {
  if (tokens.length === 0) return { facts: [] as TokenFacts[], reverse: [] as { term: string; expansion: string }[] };
  const result = await sql<{ facts: TokenFacts[] | null; reverse: { term: string; expansion: string }[] | null }>`
    WITH t AS (
      SELECT token, ord, (ts_lexize('indonesian_stem', token))[1] AS stem, ts_lexize('indonesian_stem', token) = '{}' AS stop_word
      FROM unnest(${tokens}::text[]) WITH ORDINALITY AS u(token, ord)
    ), k AS (
      SELECT t.*, (t.stop_word OR EXISTS (SELECT 1 FROM portal_search_word w WHERE w.word = t.token OR (t.stem IS NOT NULL AND w.stem = t.stem))) AS known
      FROM t
    )
    SELECT
      (SELECT json_agg(json_build_object(
          'token', k.token,
          'stopWord', k.stop_word,
          'known', k.known,
          'expansions', ARRAY(SELECT s.expansion FROM portal_search_synonym s WHERE s.term = k.token ORDER BY s.expansion),
          'corrections', CASE WHEN k.known OR length(k.token) < 4 THEN ARRAY[]::text[] ELSE ARRAY(
            SELECT w.word FROM portal_search_word w
            WHERE w.word % k.token
            ORDER BY similarity(w.word, k.token) DESC, w.word
            LIMIT 2) END
        ) ORDER BY k.ord) FROM k) AS facts,
      (SELECT json_agg(json_build_object('term', s.term, 'expansion', s.expansion))
         FROM portal_search_synonym s
        WHERE position(' ' || s.expansion || ' ' IN ${` ${normalized} `}) > 0) AS reverse
  `.execute(db);
  const row = result.rows[0];
  return { facts: row?.facts ?? [], reverse: row?.reverse ?? [] };
}

export interface CatalogueFilter {
  opdId?: string;
  topic?: string;
  lifeEvent?: string;
}

export interface ServiceHit {
  service_id: string;
  key: string;
  name: string;
  description: string | null;
  opd_id: string | null;
  opd_name: string | null;
  opd_abbreviation: string | null;
  sla_working_days: number | null;
  fee: string | null;
  availability: Availability;
  score: number;
  total: string;
}

function filterSql(f: CatalogueFilter) {
  return sql.join(
    [
      sql`p.published`,
      f.opdId ? sql`p.opd_id = ${f.opdId}` : null,
      f.topic ? sql`EXISTS (SELECT 1 FROM portal_service_topic st WHERE st.service_id = p.service_id AND st.topic_code = ${f.topic})` : null,
      f.lifeEvent ? sql`EXISTS (SELECT 1 FROM portal_service_life_event sl WHERE sl.service_id = p.service_id AND sl.life_event_code = ${f.lifeEvent})` : null,
    ].filter((c): c is NonNullable<typeof c> => c !== null),
    sql` AND `,
  );
}

/** How many text matches beyond the requested page are re-ranked by closeness to the name. */
export const RERANK_MARGIN = 40;

/**
 * Where the searcher lives (`home`: a regency/city code such as 35.78), as a rank of an agency's
 * region: 2 for their own regency/city, 1 for the province, 0 elsewhere. The one definition
 * behind the search bonus and the browsing order.
 */
function homeRank(regionCode: RawBuilder<unknown>, home: string): RawBuilder<number> {
  return sql<number>`CASE ${regionCode} WHEN ${home} THEN 2 WHEN ${home.split('.')[0]!} THEN 1 ELSE 0 END`;
}

/**
 * Search bonus for the home rank (+0.1 a step), so when every regency offers the same service the
 * searcher's own comes first without outranking a clearly better match elsewhere.
 */
function homeBonus(opdId: RawBuilder<unknown>, home: string | null | undefined): RawBuilder<number> {
  if (!home) return sql<number>`0`;
  return sql<number>`COALESCE((SELECT 0.1 * ${homeRank(sql`o.region_code`, home)} FROM opd o WHERE o.id = ${opdId}), 0)`;
}

/**
 * Display columns of the page of results (`top`), read from the katalog (live) and the owner
 * agency; the ranking itself only touches the narrow portal rows.
 */
function hitsOf(total: RawBuilder<unknown>) {
  return sql`
    SELECT p.service_id, s.key, s.name, s.description, s.opd_id, o.name AS opd_name, o.abbreviation AS opd_abbreviation,
      s.sla_working_days, s.fee, p.availability, top.score, ${total} AS total
    FROM top
    JOIN portal_service p ON p.service_id = top.service_id
    JOIN katalog_service s ON s.id = top.service_id
    LEFT JOIN opd o ON o.id = s.opd_id
    ORDER BY top.score DESC, top.search_name, top.service_id`;
}

/**
 * Published services matching a tsquery, best first. Every match is scored by text relevance
 * (ts_rank: name and keywords weigh most) and use (popularity), and counted in the same pass; the
 * best of them (the page plus RERANK_MARGIN) are re-ranked by how close the whole query is to the
 * name (trigram word similarity), which costs too much to compute for thousands of matches.
 */
export async function searchByText(db: Kysely<DB>, input: { tsquery: string; raw: string; filter: CatalogueFilter; home?: string | null; limit: number; offset: number }): Promise<ServiceHit[]> {
  const result = await sql<ServiceHit>`
    WITH best AS (
      SELECT service_id, opd_id, search_name, base, count(*) OVER () AS total
      FROM (
        -- OFFSET 0 keeps the score computed while scanning, so only narrow rows (not the vectors) are counted and sorted.
        SELECT p.service_id, p.opd_id, p.search_name, ts_rank(p.search_vector, q.query) + 0.02 * ln(1 + p.popularity) AS base
        FROM portal_service p, to_tsquery('indonesian', ${input.tsquery}) AS q(query)
        WHERE ${filterSql(input.filter)} AND p.search_vector @@ q.query
        OFFSET 0
      ) AS matches
      ORDER BY base DESC, service_id
      LIMIT ${input.offset + input.limit + RERANK_MARGIN}
    ), top AS (
      SELECT service_id, search_name, total, base + 0.3 * word_similarity(${input.raw}, search_name) + ${homeBonus(sql`best.opd_id`, input.home)} AS score
      FROM best ORDER BY score DESC, search_name, service_id LIMIT ${input.limit} OFFSET ${input.offset}
    )
    ${hitsOf(sql`top.total`)}
  `.execute(db);
  return result.rows;
}

/** The last resort for words the index does not know: names that contain something like the query. */
export async function searchByTrigram(db: Kysely<DB>, input: { raw: string; filter: CatalogueFilter; home?: string | null; limit: number; offset: number }): Promise<ServiceHit[]> {
  const result = await sql<ServiceHit>`
    WITH m AS MATERIALIZED (
      SELECT p.service_id, p.search_name, word_similarity(${input.raw}, p.search_name) + 0.02 * ln(1 + p.popularity) + ${homeBonus(sql`p.opd_id`, input.home)} AS score
      FROM portal_service p
      WHERE ${filterSql(input.filter)} AND ${input.raw} <% p.search_name
    ), top AS (
      SELECT * FROM m ORDER BY score DESC, search_name, service_id LIMIT ${input.limit} OFFSET ${input.offset}
    )
    ${hitsOf(sql`(SELECT count(*) FROM m)`)}
  `.execute(db);
  return result.rows;
}

/** Browsing without a query: the most used first. */
export async function browse(db: Kysely<DB>, input: { filter: CatalogueFilter; home?: string | null; limit: number; offset: number }): Promise<ServiceHit[]> {
  // Where the searcher lives first (their regency/city, then the province), then the most used.
  const home = input.home ? homeRank(sql`o.region_code`, input.home) : sql`0`;
  const result = await sql<ServiceHit>`
    WITH top AS (
      SELECT p.service_id, p.search_name, ${home} * 1e12 + p.popularity::float8 AS score
      FROM portal_service p LEFT JOIN opd o ON o.id = p.opd_id
      WHERE ${filterSql(input.filter)}
      ORDER BY score DESC, p.search_name, p.service_id
      LIMIT ${input.limit} OFFSET ${input.offset}
    )
    ${hitsOf(sql`(SELECT count(*) FROM portal_service p WHERE ${filterSql(input.filter)})`)}
  `.execute(db);
  return result.rows.map((r) => ({ ...r, score: 0 }));
}

// ---- Reference lists and counts ---------------------------------------------------------------

export function listTopicsWithCounts(db: Kysely<DB>) {
  return db
    .selectFrom('portal_topic as t')
    .select((eb) => [
      't.code',
      't.name_id',
      't.name_en',
      eb
        .selectFrom('portal_service_topic as st')
        .innerJoin('portal_service as p', 'p.service_id', 'st.service_id')
        .select((e) => e.fn.countAll<string>().as('n'))
        .whereRef('st.topic_code', '=', 't.code')
        .where('p.published', '=', true)
        .as('count'),
    ])
    .orderBy('t.sort')
    .execute();
}

export function listLifeEventsWithCounts(db: Kysely<DB>) {
  return db
    .selectFrom('portal_life_event as t')
    .select((eb) => [
      't.code',
      't.name_id',
      't.name_en',
      eb
        .selectFrom('portal_service_life_event as sl')
        .innerJoin('portal_service as p', 'p.service_id', 'sl.service_id')
        .select((e) => e.fn.countAll<string>().as('n'))
        .whereRef('sl.life_event_code', '=', 't.code')
        .where('p.published', '=', true)
        .as('count'),
    ])
    .orderBy('t.sort')
    .execute();
}

/** Agencies with at least one published service. */
export function listAgenciesWithServices(db: Kysely<DB>) {
  return db
    .selectFrom('portal_service as p')
    .innerJoin('opd as o', 'o.id', 'p.opd_id')
    .select((eb) => ['o.id', 'o.name', 'o.abbreviation', 'o.kind', eb.fn.countAll<string>().as('count')])
    .where('p.published', '=', true)
    .groupBy(['o.id', 'o.name', 'o.abbreviation', 'o.kind'])
    .orderBy('o.name')
    .execute();
}

export function findTopic(db: Kysely<DB>, code: string) {
  return db.selectFrom('portal_topic').selectAll().where('code', '=', code).executeTakeFirst();
}

export function findLifeEvent(db: Kysely<DB>, code: string) {
  return db.selectFrom('portal_life_event').selectAll().where('code', '=', code).executeTakeFirst();
}

export function listTopics(db: Kysely<DB>) {
  return db.selectFrom('portal_topic').selectAll().orderBy('sort').execute();
}

export function listLifeEvents(db: Kysely<DB>) {
  return db.selectFrom('portal_life_event').selectAll().orderBy('sort').execute();
}

export function findOpdName(db: Kysely<DB>, opdId: string) {
  return db.selectFrom('opd').select(['id', 'name', 'abbreviation']).where('id', '=', opdId).executeTakeFirst();
}

// ---- One service --------------------------------------------------------------------------------

/** A katalog service with the portal's settings (null when the portal never touched it). */
function serviceDetailQuery(db: Kysely<DB>) {
  return db
    .selectFrom('katalog_service as s')
    .leftJoin('portal_service as p', 'p.service_id', 's.id')
    .leftJoin('opd as o', 'o.id', 's.opd_id')
    .select([
      's.id',
      's.key',
      's.name',
      's.description',
      's.opd_id',
      'o.name as opd_name',
      'o.abbreviation as opd_abbreviation',
      'o.website as opd_website',
      's.kind',
      's.audience',
      's.ral_code',
      's.standard',
      's.sla_working_days',
      's.fee',
      's.fee_note',
      's.channels',
      's.version',
      's.updated_at',
      'p.published',
      'p.published_at',
      'p.availability',
      'p.elsewhere_url',
      'p.in_person_where',
      'p.keywords',
      'p.popularity',
    ]);
}

export type ServiceDetailRow = NonNullable<Awaited<ReturnType<typeof findServiceById>>>;

export function findServiceById(db: Kysely<DB>, serviceId: string) {
  return serviceDetailQuery(db).where('s.id', '=', serviceId).executeTakeFirst();
}

export function findServiceByKey(db: Kysely<DB>, key: string) {
  return serviceDetailQuery(db).where('s.key', '=', key).executeTakeFirst();
}

/** Whether the service has a published online form (an 'online' service without one cannot take requests yet). */
export async function hasPublishedForm(db: Kysely<DB>, serviceId: string): Promise<boolean> {
  const row = await db.selectFrom('portal_form').select('id').where('service_id', '=', serviceId).where('status', '=', 'published').executeTakeFirst();
  return row !== undefined;
}

export function serviceTopicCodes(db: Kysely<DB>, serviceId: string) {
  return db.selectFrom('portal_service_topic').select('topic_code').where('service_id', '=', serviceId).execute().then((r) => r.map((x) => x.topic_code));
}

export function serviceLifeEventCodes(db: Kysely<DB>, serviceId: string) {
  return db.selectFrom('portal_service_life_event').select('life_event_code').where('service_id', '=', serviceId).execute().then((r) => r.map((x) => x.life_event_code));
}

/** A service's topics and life events with their labels, in one round trip. */
export async function serviceTopicsAndEvents(db: Kysely<DB>, serviceId: string) {
  const result = await sql<{ kind: 'topic' | 'event'; code: string; name_id: string; name_en: string }>`
    SELECT 'topic' AS kind, t.code, t.name_id, t.name_en, t.sort FROM portal_service_topic st JOIN portal_topic t ON t.code = st.topic_code WHERE st.service_id = ${serviceId}
    UNION ALL
    SELECT 'event', e.code, e.name_id, e.name_en, e.sort FROM portal_service_life_event se JOIN portal_life_event e ON e.code = se.life_event_code WHERE se.service_id = ${serviceId}
    ORDER BY 1, 5
  `.execute(db);
  return { topics: result.rows.filter((r) => r.kind === 'topic'), lifeEvents: result.rows.filter((r) => r.kind === 'event') };
}

/** Names of the apps that deliver a service (katalog). */
export function serviceAppNames(db: Kysely<DB>, serviceId: string) {
  return db
    .selectFrom('katalog_service_app as sa')
    .innerJoin('katalog_app as a', 'a.id', 'sa.app_id')
    .select(['a.name', 'a.url'])
    .where('sa.service_id', '=', serviceId)
    .orderBy('a.name')
    .execute();
}

// ---- Staff: the agency's public services --------------------------------------------------------

export interface ManagedFilter {
  opdIds: 'all' | string[];
  opdId?: string;
  search?: string;
  published?: boolean;
  limit: number;
  offset: number;
}

const likePattern = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

export async function listManagedServices(db: Kysely<DB>, f: ManagedFilter) {
  if (f.opdIds !== 'all' && f.opdIds.length === 0) return [];
  let q = db
    .selectFrom('katalog_service as s')
    .leftJoin('portal_service as p', 'p.service_id', 's.id')
    .leftJoin('opd as o', 'o.id', 's.opd_id')
    .select(['s.id', 's.key', 's.name', 's.opd_id', 'o.name as opd_name', 'p.published', 'p.availability', 'p.published_at'])
    .where('s.kind', '=', 'publik');
  if (f.opdIds !== 'all') q = q.where('s.opd_id', 'in', f.opdIds);
  if (f.opdId) q = q.where('s.opd_id', '=', f.opdId);
  if (f.search) q = q.where('s.name', 'ilike', likePattern(f.search));
  if (f.published === true) q = q.where('p.published', '=', true);
  if (f.published === false) q = q.where((eb) => eb.or([eb('p.published', 'is', null), eb('p.published', '=', false)]));
  return q.orderBy('o.name').orderBy('s.name').orderBy('s.id').limit(f.limit).offset(f.offset).execute();
}

/**
 * Creates the portal's row for a katalog service (unpublished, in person) if it has none yet. Its
 * search fields are empty until `refreshSearchCopies` builds them (callers do, in the same transaction).
 */
export async function ensurePortalRow(db: Kysely<DB>, serviceId: string, now: Date): Promise<void> {
  await db
    .insertInto('portal_service')
    .values({ service_id: serviceId, katalog_version: 0, opd_id: null, opd_label: null, elsewhere_url: null, in_person_where: null, published_at: null, updated_at: now })
    .onConflict((oc) => oc.column('service_id').doNothing())
    .execute();
}

export function currentSettings(db: Kysely<DB>, serviceId: string) {
  return db
    .selectFrom('portal_service')
    .select(['published', 'published_at', 'availability', 'elsewhere_url', 'in_person_where', 'keywords'])
    .where('service_id', '=', serviceId)
    .executeTakeFirst();
}

export async function updateSettingsRow(
  db: Kysely<DB>,
  serviceId: string,
  set: Partial<{ published: boolean; published_at: Date | null; availability: Availability; elsewhere_url: string | null; in_person_where: string | null; keywords: string }>,
  now: Date,
): Promise<void> {
  await db.updateTable('portal_service').set({ ...set, updated_at: now }).where('service_id', '=', serviceId).execute();
}

export async function replaceTopics(db: Kysely<DB>, serviceId: string, codes: string[]): Promise<void> {
  await db.deleteFrom('portal_service_topic').where('service_id', '=', serviceId).execute();
  if (codes.length) await db.insertInto('portal_service_topic').values(codes.map((topic_code) => ({ service_id: serviceId, topic_code }))).execute();
}

export async function replaceLifeEvents(db: Kysely<DB>, serviceId: string, codes: string[]): Promise<void> {
  await db.deleteFrom('portal_service_life_event').where('service_id', '=', serviceId).execute();
  if (codes.length) await db.insertInto('portal_service_life_event').values(codes.map((life_event_code) => ({ service_id: serviceId, life_event_code }))).execute();
}

export async function knownCodes(db: Kysely<DB>, table: 'portal_topic' | 'portal_life_event', codes: string[]): Promise<Set<string>> {
  if (codes.length === 0) return new Set();
  const rows = await db.selectFrom(table).select('code').where('code', 'in', codes).execute();
  return new Set(rows.map((r) => r.code));
}

// ---- Keeping the search copy current ------------------------------------------------------------

/**
 * Rebuilds the search fields of every portal row whose katalog row (or owner agency) changed since
 * they were built, plus `ids`; unpublishes rows whose katalog service is no longer public. Returns
 * the ids rebuilt, whose words then go into the vocabulary.
 */
export async function refreshSearchCopies(db: Kysely<DB>, now: Date, ids: string[] = []): Promise<string[]> {
  const result = await sql<{ service_id: string }>`
    UPDATE portal_service p SET
      opd_id = s.opd_id,
      opd_label = concat_ws(' ', o.name, o.abbreviation),
      search_name = lower(concat_ws(' ', s.name, nullif(p.keywords, ''), o.abbreviation)),
      search_vector =
        setweight(to_tsvector('indonesian', concat_ws(' ', s.name, p.keywords)), 'A') ||
        setweight(to_tsvector('indonesian', coalesce(s.description, '')), 'B') ||
        setweight(to_tsvector('indonesian', concat_ws(' ', o.name, o.abbreviation,
          (SELECT string_agg(t.name_id, ' ') FROM portal_service_topic st JOIN portal_topic t ON t.code = st.topic_code WHERE st.service_id = p.service_id),
          (SELECT string_agg(e.name_id, ' ') FROM portal_service_life_event se JOIN portal_life_event e ON e.code = se.life_event_code WHERE se.service_id = p.service_id))), 'C') ||
        setweight(to_tsvector('indonesian', coalesce(s.standard->>'SD5', '')), 'D'),
      published = p.published AND s.kind = 'publik',
      katalog_version = s.version,
      updated_at = ${now}
    FROM katalog_service s LEFT JOIN opd o ON o.id = s.opd_id
    WHERE s.id = p.service_id
      AND (p.katalog_version <> s.version
        OR p.opd_id IS DISTINCT FROM s.opd_id
        OR p.opd_label IS DISTINCT FROM concat_ws(' ', o.name, o.abbreviation)
        OR (p.published AND s.kind <> 'publik')
        OR p.service_id = ANY(${ids}::uuid[]))
    RETURNING p.service_id
  `.execute(db);
  return result.rows.map((r) => r.service_id);
}

/** Adds the words of these services' texts (with their stems) to the typo-correction vocabulary. */
export async function addToVocabulary(db: Kysely<DB>, ids: string[]): Promise<void> {
  if (ids.length === 0) return;
  await sql`
    INSERT INTO portal_search_word (word, stem)
    SELECT DISTINCT w, (ts_lexize('indonesian_stem', w))[1]
    FROM portal_service p
    JOIN katalog_service s ON s.id = p.service_id,
    regexp_split_to_table(lower(concat_ws(' ', s.name, p.keywords, s.description, s.standard->>'SD5') || ' ' || coalesce(p.opd_label, '')), '[^a-z0-9]+') AS w
    WHERE p.service_id = ANY(${ids}::uuid[]) AND length(w) BETWEEN 2 AND 40
    ON CONFLICT (word) DO NOTHING
  `.execute(db);
}

/** Popularity for ranking: survey answers of the last year (the requests part adds its own counts). */
export async function setPopularity(db: Kysely<DB>, serviceId: string, popularity: number): Promise<void> {
  await db.updateTable('portal_service').set({ popularity }).where('service_id', '=', serviceId).execute();
}

/** Moves the portal's agency-owned rows when two agencies merge. */
export async function moveAgencyRecords(db: Kysely<DB>, fromId: string, toId: string): Promise<void> {
  await db.updateTable('portal_service').set({ opd_id: toId }).where('opd_id', '=', fromId).execute();
  await db.updateTable('portal_survey_response').set({ opd_id: toId }).where('opd_id', '=', fromId).execute();
  await db.updateTable('portal_consent').set({ opd_id: toId }).where('opd_id', '=', fromId).execute();
}
