import { CompiledQuery, sql, type Kysely } from 'kysely';
import type { DB } from '../../../platform/db/schema.ts';
import type { GerbangEvidenceTable } from './db.ts';
import type { EvidenceStore } from './writer.ts';

/** The only SQL of the evidence log. */
type Db = Kysely<DB>;

const SEAL_LOCK = 7011007;

// ---- Writing ------------------------------------------------------------------------------------

/**
 * Runs one statement. The writer thread passes a raw `pg` client (no query builder on the hot
 * path; `name` makes it a prepared statement on PostgreSQL); the in-thread log passes Kysely.
 */
export type RunSql = (text: string, values: unknown[], name?: string) => Promise<{ rows: Record<string, unknown>[] }>;

/** `RunSql` over Kysely, for the in-thread log (statements are never named there). */
export const kyselyRunner =
  (db: Db): RunSql =>
  async (text, values) => {
    const result = await db.executeQuery(CompiledQuery.raw(text, values));
    return { rows: result.rows as Record<string, unknown>[] };
  };

/** Every column a record is written with, and its SQL type (text unless named). */
const EVIDENCE_COLUMNS = [
  'node_id', 'seq', 'prev_hash', 'leaf_hash', 'xroad_id', 'request_id', 'client', 'service', 'client_subsystem_id', 'service_db_id',
  'consumer_opd_id', 'provider_opd_id', 'endpoint', 'method', 'path_commit', 'path_enc', 'user_id_commit', 'user_id_enc', 'user_id_index',
  'purpose', 'legal_basis', 'issue', 'represented_party_commit', 'represented_party_enc', 'represented_party_index', 'status', 'error_type',
  'started_at', 'upstream_ms', 'total_ms', 'request_bytes', 'response_bytes', 'hash_algorithm', 'request_hash', 'response_hash',
  'request_body_hash', 'response_body_hash', 'key_id',
] as const satisfies readonly (keyof GerbangEvidenceTable)[];
const COLUMN_TYPES: Partial<Record<(typeof EVIDENCE_COLUMNS)[number], string>> = {
  seq: 'bigint',
  status: 'integer',
  started_at: 'timestamptz',
  upstream_ms: 'double precision',
  total_ms: 'double precision',
  request_bytes: 'bigint',
  response_bytes: 'bigint',
};
const COLUMN_LIST = EVIDENCE_COLUMNS.join(', ');

/**
 * One batch as ONE statement under a fixed text: the records ($1) and the kept bodies ($2, base64)
 * each travel as a single JSON parameter, and the chain's new head ($3, $4) is set in the same
 * statement. A single statement is a single transaction, so when it returns the whole batch is
 * committed; it costs one round trip however many records it carries, and the fixed text is
 * parsed once per connection (a multi-row VALUES list with ~40 parameters a row was built, sent
 * and parsed anew for each batch size: about half the time per batch).
 */
const INSERT_BATCH = `WITH records AS (
    INSERT INTO gerbang_evidence (${COLUMN_LIST})
    SELECT ${COLUMN_LIST} FROM json_to_recordset($1::json) AS r(${EVIDENCE_COLUMNS.map((c) => `${c} ${COLUMN_TYPES[c] ?? 'text'}`).join(', ')})
  ), bodies AS (
    INSERT INTO gerbang_evidence_body (node_id, seq, stored_at, request_body, response_body)
    SELECT $3, b.seq, b.stored_at, decode(b.request_body, 'base64'), decode(b.response_body, 'base64')
    FROM json_to_recordset($2::json) AS b(seq bigint, stored_at timestamptz, request_body text, response_body text)
  )
  UPDATE gerbang_evidence_chain SET last_seq = $4 WHERE node_id = $3`;

/** The evidence writer's statements over a runner; `named`: prepared statements (PostgreSQL only, never the embedded socket's shared session). */
export function evidenceStore(run: RunSql, options: { named?: boolean } = {}): EvidenceStore {
  const name = (n: string) => (options.named ? n : undefined);
  return {
    async openChain(chain) {
      await run('INSERT INTO gerbang_evidence_chain (node_id, host, pid, started_at) VALUES ($1, $2, $3, $4) ON CONFLICT (node_id) DO NOTHING', [
        chain.nodeId,
        chain.host,
        chain.pid,
        chain.startedAt,
      ]);
      const { rows } = await run('SELECT seq, leaf_hash FROM gerbang_evidence WHERE node_id = $1 ORDER BY seq DESC LIMIT 1', [chain.nodeId]);
      const last = rows[0];
      return last ? { seq: Number(last.seq), hash: String(last.leaf_hash) } : { seq: 0, hash: null };
    },
    async insertBatch(nodeId, rows, bodies, lastSeq) {
      const bodyRows = bodies.map((b) => ({
        seq: b.seq,
        stored_at: b.stored_at,
        request_body: b.request_body ? (b.request_body as Buffer).toString('base64') : null,
        response_body: b.response_body ? (b.response_body as Buffer).toString('base64') : null,
      }));
      await run(INSERT_BATCH, [JSON.stringify(rows), bodyRows.length ? JSON.stringify(bodyRows) : '[]', nodeId, lastSeq], name('padu_evidence_insert_batch'));
    },
  };
}

// ---- Sealing ------------------------------------------------------------------------------------

export async function lastSeal(db: Db): Promise<{ seq: number; sealHash: string } | null> {
  const row = await db.selectFrom('gerbang_evidence_seal').select(['seq', 'seal_hash']).orderBy('seq', 'desc').limit(1).executeTakeFirst();
  return row ? { seq: Number(row.seq), sealHash: row.seal_hash } : null;
}

export interface UnsealedLeaf {
  node_id: string;
  seq: string;
  prev_hash: string;
  leaf_hash: string;
  sealed_seq: string;
  sealed_hash: string;
}

/** Records not yet under a seal, per chain in sequence order, at most `limit`. */
export function unsealedLeaves(db: Db, limit: number): Promise<UnsealedLeaf[]> {
  return db
    .selectFrom('gerbang_evidence_chain as c')
    .innerJoin('gerbang_evidence as e', (j) => j.onRef('e.node_id', '=', 'c.node_id').on(sql<boolean>`e.seq > c.sealed_seq`))
    .select(['e.node_id', 'e.seq', 'e.prev_hash', 'e.leaf_hash', 'c.sealed_seq', 'c.sealed_hash'])
    .where(sql<boolean>`c.last_seq > c.sealed_seq`)
    .orderBy('e.node_id')
    .orderBy('e.seq')
    .limit(limit)
    .execute();
}

export interface SealWrite {
  seq: number;
  sealedAt: Date;
  treeSize: number;
  merkleRoot: string;
  keyId: string;
  body: string;
  signature: string;
  sealHash: string;
  sealedBy: string;
  ranges: { nodeId: string; fromSeq: number; toSeq: number; headHash: string; offset: number }[];
}

/**
 * Stores a seal if nobody sealed since we looked (`seal.seq` is still the next number). The
 * transaction-level advisory lock makes concurrent sealers on several nodes take turns; the loser
 * sees a newer seal and returns false, to try again with fresh data.
 */
export async function writeSeal(db: Db, seal: SealWrite): Promise<boolean> {
  return db.transaction().execute(async (tx) => {
    await sql`SELECT pg_advisory_xact_lock(${SEAL_LOCK})`.execute(tx);
    const last = await lastSeal(tx);
    if ((last?.seq ?? 0) !== seal.seq - 1) return false;
    await tx
      .insertInto('gerbang_evidence_seal')
      .values({
        seq: seal.seq,
        sealed_at: seal.sealedAt,
        tree_size: seal.treeSize,
        merkle_root: seal.merkleRoot,
        key_id: seal.keyId,
        body: seal.body,
        signature: seal.signature,
        seal_hash: seal.sealHash,
        sealed_by: seal.sealedBy,
      })
      .execute();
    await tx
      .insertInto('gerbang_evidence_seal_range')
      .values(seal.ranges.map((r) => ({ seal_seq: seal.seq, node_id: r.nodeId, from_seq: r.fromSeq, to_seq: r.toSeq, leaf_offset: r.offset })))
      .execute();
    const values = sql.join(seal.ranges.map((r) => sql`(${r.nodeId}::text, ${r.toSeq}::bigint, ${r.headHash}::text)`));
    await sql`UPDATE gerbang_evidence_chain c SET sealed_seq = v.seq, sealed_hash = v.hash
      FROM (VALUES ${values}) AS v(node_id, seq, hash) WHERE c.node_id = v.node_id`.execute(tx);
    return true;
  });
}

export function sealsWithoutTimeStamp(db: Db, limit: number) {
  return db
    .selectFrom('gerbang_evidence_seal as s')
    .leftJoin('gerbang_evidence_timestamp as t', 't.seal_seq', 's.seq')
    .select(['s.seq', 's.seal_hash'])
    .where('t.seal_seq', 'is', null)
    .orderBy('s.seq')
    .limit(limit)
    .execute();
}

export async function countSealsWithoutTimeStamp(db: Db): Promise<number> {
  const row = await db
    .selectFrom('gerbang_evidence_seal as s')
    .leftJoin('gerbang_evidence_timestamp as t', 't.seal_seq', 's.seq')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('t.seal_seq', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function timeStampCounts(db: Db): Promise<{ stamped: number; missing: number }> {
  const row = await db
    .selectFrom('gerbang_evidence_seal as s')
    .leftJoin('gerbang_evidence_timestamp as t', 't.seal_seq', 's.seq')
    .select((eb) => [eb.fn.countAll<string>().as('all'), eb.fn.count<string>('t.seal_seq').as('stamped')])
    .executeTakeFirstOrThrow();
  return { stamped: Number(row.stamped), missing: Number(row.all) - Number(row.stamped) };
}

export async function insertTimeStamp(db: Db, stamp: { sealSeq: number; tsaUrl: string; token: Buffer; genTime: Date | null; stampedAt: Date }): Promise<void> {
  await db
    .insertInto('gerbang_evidence_timestamp')
    .values({ seal_seq: stamp.sealSeq, tsa_url: stamp.tsaUrl, token: stamp.token, gen_time: stamp.genTime, stamped_at: stamp.stampedAt })
    .onConflict((oc) => oc.column('seal_seq').doNothing())
    .execute();
}

// ---- Signing keys -------------------------------------------------------------------------------

export function listKeys(db: Db) {
  return db.selectFrom('gerbang_evidence_key').selectAll().orderBy('created_at').orderBy('id').execute();
}

export async function insertKey(db: Db, key: { id: string; publicKey: string; privateKeyEnc: string; wrapKeyId: string; createdBy: string; createdAt: Date }): Promise<void> {
  await db
    .insertInto('gerbang_evidence_key')
    .values({ id: key.id, public_key: key.publicKey, private_key_enc: key.privateKeyEnc, wrap_key_id: key.wrapKeyId, created_by: key.createdBy, created_at: key.createdAt })
    .onConflict((oc) => oc.column('id').doNothing())
    .execute();
}

// ---- Reading for verification and proofs ------------------------------------------------------

/** Seals in order, `limit` at a time after `afterSeq`. */
export function sealsAfter(db: Db, afterSeq: number, limit: number) {
  return db.selectFrom('gerbang_evidence_seal').selectAll().where('seq', '>', String(afterSeq)).orderBy('seq').limit(limit).execute();
}

export function sealBySeq(db: Db, seq: number) {
  return db.selectFrom('gerbang_evidence_seal').selectAll().where('seq', '=', String(seq)).executeTakeFirst();
}

export function timeStampOf(db: Db, sealSeq: number) {
  return db.selectFrom('gerbang_evidence_timestamp').selectAll().where('seal_seq', '=', String(sealSeq)).executeTakeFirst();
}

/** Records of one chain with fromSeq ≤ seq ≤ toSeq, in sequence order, at most `limit`. */
export function chainRecords(db: Db, nodeId: string, fromSeq: number, toSeq: number, limit: number) {
  return db
    .selectFrom('gerbang_evidence')
    .selectAll()
    .where('node_id', '=', nodeId)
    .where('seq', '>=', String(fromSeq))
    .where('seq', '<=', String(toSeq))
    .orderBy('seq')
    .limit(limit)
    .execute();
}

export function chainLeafHashes(db: Db, nodeId: string, fromSeq: number, toSeq: number) {
  return db
    .selectFrom('gerbang_evidence')
    .select(['seq', 'leaf_hash'])
    .where('node_id', '=', nodeId)
    .where('seq', '>=', String(fromSeq))
    .where('seq', '<=', String(toSeq))
    .orderBy('seq')
    .execute();
}

/** Every chain found in the records (not only in the bookkeeping table), with its extent. */
export async function chainExtents(db: Db) {
  const rows = await db
    .selectFrom('gerbang_evidence')
    .select((eb) => ['node_id', eb.fn.min('seq').as('min_seq'), eb.fn.max('seq').as('max_seq'), eb.fn.countAll<string>().as('n')])
    .groupBy('node_id')
    .orderBy('node_id')
    .execute();
  return rows.map((r) => ({ nodeId: r.node_id, minSeq: Number(r.min_seq), maxSeq: Number(r.max_seq), count: Number(r.n) }));
}

export function chainBookkeeping(db: Db) {
  return db.selectFrom('gerbang_evidence_chain').select(['node_id', 'last_seq']).execute();
}

/** A record elsewhere in a chain whose leaf hash is `hash` (to tell a moved record from an altered one). */
export function findByLeafHash(db: Db, nodeId: string, hash: string) {
  return db.selectFrom('gerbang_evidence').select(['id', 'seq', 'xroad_id']).where('node_id', '=', nodeId).where('leaf_hash', '=', hash).executeTakeFirst();
}

export function bodiesOf(db: Db, nodeId: string, fromSeq: number, toSeq: number) {
  return db
    .selectFrom('gerbang_evidence_body')
    .selectAll()
    .where('node_id', '=', nodeId)
    .where('seq', '>=', String(fromSeq))
    .where('seq', '<=', String(toSeq))
    .execute();
}

export function bodyOf(db: Db, nodeId: string, seq: number) {
  return db.selectFrom('gerbang_evidence_body').selectAll().where('node_id', '=', nodeId).where('seq', '=', String(seq)).executeTakeFirst();
}

export function recordsByXroadId(db: Db, xroadId: string) {
  return db.selectFrom('gerbang_evidence').selectAll().where('xroad_id', '=', xroadId).orderBy('id').limit(100).execute();
}

export function recordById(db: Db, id: string) {
  return db.selectFrom('gerbang_evidence').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The seal whose range covers (nodeId, seq), if any yet. */
export async function sealCovering(db: Db, nodeId: string, seq: number): Promise<number | null> {
  const row = await db
    .selectFrom('gerbang_evidence_seal_range')
    .select('seal_seq')
    .where('node_id', '=', nodeId)
    .where('to_seq', '>=', String(seq))
    .where('from_seq', '<=', String(seq))
    .orderBy('to_seq')
    .limit(1)
    .executeTakeFirst();
  return row ? Number(row.seal_seq) : null;
}

// ---- Search -------------------------------------------------------------------------------------

export interface EvidenceFilter {
  /** null: every agency's exchanges; else those where one of these agencies is provider or consumer. */
  opdIds: string[] | null;
  service?: string;
  client?: string;
  statusFrom?: number;
  statusTo?: number;
  errorsOnly?: boolean;
  fromAt?: Date;
  untilAt?: Date;
  xroadId?: string;
  userIdIndex?: string;
  beforeId?: string;
  limit: number;
}

const likePrefix = (text: string) => `${text.replace(/[%_\\]/g, '\\$&')}%`;

export function searchRecords(db: Db, filter: EvidenceFilter) {
  let q = db
    .selectFrom('gerbang_evidence as e')
    .leftJoin('gerbang_evidence_body as b', (j) => j.onRef('b.node_id', '=', 'e.node_id').onRef('b.seq', '=', 'e.seq'))
    .selectAll('e')
    .select(sql<boolean>`b.node_id IS NOT NULL`.as('has_body'));
  if (filter.opdIds) {
    const ids = filter.opdIds;
    if (ids.length === 0) return Promise.resolve([]);
    q = q.where((eb) => eb.or([eb('e.provider_opd_id', 'in', ids), eb('e.consumer_opd_id', 'in', ids)]));
  }
  // A full identifier matches exactly; a shorter one (a member, a subsystem) as a prefix.
  if (filter.service) q = q.where((eb) => eb.or([eb('e.service', '=', filter.service!), eb('e.service', 'like', likePrefix(`${filter.service}/`))]));
  if (filter.client) q = q.where((eb) => eb.or([eb('e.client', '=', filter.client!), eb('e.client', 'like', likePrefix(`${filter.client}/`))]));
  if (filter.statusFrom !== undefined) q = q.where('e.status', '>=', filter.statusFrom);
  if (filter.statusTo !== undefined) q = q.where('e.status', '<=', filter.statusTo);
  if (filter.errorsOnly) q = q.where('e.error_type', 'is not', null);
  if (filter.fromAt) q = q.where('e.started_at', '>=', filter.fromAt);
  if (filter.untilAt) q = q.where('e.started_at', '<', filter.untilAt);
  if (filter.xroadId) q = q.where('e.xroad_id', '=', filter.xroadId);
  if (filter.userIdIndex) q = q.where('e.user_id_index', '=', filter.userIdIndex);
  if (filter.beforeId) q = q.where('e.id', '<', filter.beforeId);
  return q.orderBy('e.id', 'desc').limit(filter.limit).execute();
}

export function recordWithBody(db: Db, id: string) {
  return db
    .selectFrom('gerbang_evidence as e')
    .leftJoin('gerbang_evidence_body as b', (j) => j.onRef('b.node_id', '=', 'e.node_id').onRef('b.seq', '=', 'e.seq'))
    .selectAll('e')
    .select(sql<boolean>`b.node_id IS NOT NULL`.as('has_body'))
    .select('b.stored_at as body_stored_at')
    .where('e.id', '=', id)
    .executeTakeFirst();
}

// ---- Retention ----------------------------------------------------------------------------------

/** Deletes up to `limit` bodies stored before `before`; returns how many. */
export async function deleteBodiesBefore(db: Db, before: Date, limit: number): Promise<number> {
  const result = await sql`DELETE FROM gerbang_evidence_body WHERE (node_id, seq) IN (
      SELECT node_id, seq FROM gerbang_evidence_body WHERE stored_at < ${before} ORDER BY stored_at LIMIT ${limit})`.execute(db);
  return Number(result.numAffectedRows ?? 0);
}
