import type { Kysely } from 'kysely';
import type { KeyObject } from 'node:crypto';
import type { DB } from '../../../platform/db/schema.ts';
import { commitment, decrypt, keyIdOf, openPersonalValue, openSigningKey, publicKeyFromDer, verifySignature, type EvidenceKeys } from './keys.ts';
import { canonicalJson, merkleRoot, sha256Hex, type JsonValue } from './merkle.ts';
import { GENESIS_HASH, rowLeafHash, sha256Hex as sha256OfBuffer, type EvidenceRow } from './record.ts';
import * as repo from './repo.ts';
import type { SealBody } from './seal.ts';

export type ProblemKind =
  | 'altered'
  | 'removed'
  | 'reordered'
  | 'seal_missing'
  | 'seal_altered'
  | 'seal_chain'
  | 'seal_signature'
  | 'seal_root'
  | 'key'
  | 'personal_field'
  | 'body';

/** One thing verification found wrong, located as precisely as the evidence allows. */
export interface EvidenceProblem {
  kind: ProblemKind;
  message: string;
  recordId?: string;
  nodeId?: string;
  seq?: number;
  xroadId?: string;
  sealSeq?: number;
}

export interface VerifyReport {
  ok: boolean;
  records: number;
  sealedRecords: number;
  unsealedRecords: number;
  seals: number;
  chains: number;
  keys: { id: string; opened: boolean | null }[];
  timeStamps: { stamped: number; missing: number };
  problems: EvidenceProblem[];
  /** The first record (or seal) found altered, removed or reordered, in log order. */
  first: EvidenceProblem | null;
  /** True when verification stopped early after `maxProblems`. */
  truncated: boolean;
}

export interface VerifyOptions {
  /** With the evidence key, also opens signing keys, personal fields and bodies and checks them. */
  keys?: EvidenceKeys | null;
  /** Only seals signed by these key ids count as valid (pinning against a replaced key table). */
  trustedKeyIds?: string[];
  checkBodies?: boolean;
  maxProblems?: number;
  pageSize?: number;
}

class Enough extends Error {}

interface ChainState {
  seq: number;
  hash: string;
  sealedTo: number;
  lastRecord: { id: string; xroadId: string } | null;
}

const describe = (r: { id: string; xroad_id: string; node_id: string; seq: string | number }) => `record ${r.id} (X-Road-Id ${r.xroad_id}, chain ${r.node_id} #${r.seq})`;

/**
 * Checks the whole log: every seal (number, chain of seal hashes, signature, Merkle root over the
 * records it covers) and every record (its leaf hash, its sequence number, its link to the
 * previous record of its chain), in log order, and names the first record that was altered,
 * removed or reordered. Records written after the last seal are checked the same way except for
 * the seal. Reads in pages, so memory stays flat however long the log is.
 */
export async function verifyEvidenceLog(db: Kysely<DB>, options: VerifyOptions = {}): Promise<VerifyReport> {
  const maxProblems = options.maxProblems ?? 50;
  const pageSize = options.pageSize ?? 2000;
  const keys = options.keys ?? null;
  const problems: EvidenceProblem[] = [];
  const report = (p: EvidenceProblem) => {
    problems.push(p);
    if (problems.length >= maxProblems) throw new Enough();
  };
  const chains = new Map<string, ChainState>();
  const chainOf = (nodeId: string) => {
    let s = chains.get(nodeId);
    if (!s) chains.set(nodeId, (s = { seq: 0, hash: GENESIS_HASH, sealedTo: 0, lastRecord: null }));
    return s;
  };
  const counts = { records: 0, sealed: 0, unsealed: 0, seals: 0 };
  const keyReport: VerifyReport['keys'] = [];
  const publicKeys = new Map<string, KeyObject>();
  let truncated = false;

  async function checkSecrets(row: EvidenceRow, bodies: Map<number, { request_body: Buffer | null; response_body: Buffer | null }> | null) {
    if (!keys || row.key_id !== keys.id) return;
    const fields: [string, string | null, string | null][] = [
      ['path', row.path_commit, row.path_enc],
      ['userId', row.user_id_commit, row.user_id_enc],
      ['representedParty', row.represented_party_commit, row.represented_party_enc],
    ];
    for (const [field, commit, enc] of fields) {
      if (commit === null && enc === null) continue;
      let ok = false;
      try {
        const opened = commit !== null && enc !== null ? openPersonalValue(keys, field, commit, enc) : null;
        ok = !!opened && commitment(opened.value, opened.salt) === commit;
      } catch {
        ok = false;
      }
      if (!ok) report({ kind: 'personal_field', message: `${describe(row)}: the stored ${field} does not match what the evidence committed to`, recordId: row.id, nodeId: row.node_id, seq: Number(row.seq), xroadId: row.xroad_id });
    }
    const body = bodies?.get(Number(row.seq));
    if (!body) return;
    for (const [which, sealed, hash] of [
      ['request', body.request_body, row.request_body_hash],
      ['response', body.response_body, row.response_body_hash],
    ] as const) {
      if (sealed === null && hash === null) continue;
      let ok = false;
      try {
        ok = sealed !== null && hash !== null && sha256OfBuffer(decrypt(keys.bodyKey, sealed, `${which}:${hash}`)) === hash;
      } catch {
        ok = false;
      }
      if (!ok) report({ kind: 'body', message: `${describe(row)}: the kept ${which} body does not match its hash in the evidence`, recordId: row.id, nodeId: row.node_id, seq: Number(row.seq), xroadId: row.xroad_id });
    }
  }

  /** Walks records fromSeq..toSeq of one chain; pushes stored leaf hashes to `leaves` when sealing. */
  async function scan(nodeId: string, fromSeq: number, toSeq: number, leaves: string[] | null, sealSeq: number | null) {
    const state = chainOf(nodeId);
    let cursor = fromSeq;
    while (cursor <= toSeq) {
      const rows = await repo.chainRecords(db, nodeId, cursor, toSeq, pageSize);
      if (rows.length === 0) break;
      const bodies =
        keys && options.checkBodies !== false
          ? new Map((await repo.bodiesOf(db, nodeId, Number(rows[0]!.seq), Number(rows.at(-1)!.seq))).map((b) => [Number(b.seq), b]))
          : null;
      for (const row of rows) {
        const seq = Number(row.seq);
        if (seq <= state.seq) {
          // Already checked (a forged seal covering records twice); it still counts for this root.
          leaves?.push(row.leaf_hash);
          continue;
        }
        counts.records++;
        if (sealSeq !== null) counts.sealed++;
        else counts.unsealed++;
        let linkExpected: string | null = state.hash;
        if (seq > state.seq + 1) {
          const missing = seq - state.seq - 1;
          const after = state.lastRecord ? ` after X-Road-Id ${state.lastRecord.xroadId}` : '';
          report({
            kind: 'removed',
            message: `chain ${nodeId}: ${missing === 1 ? `record #${state.seq + 1} is` : `records #${state.seq + 1}–#${seq - 1} are`} missing (removed)${after}, before ${describe(row)}`,
            nodeId,
            seq: state.seq + 1,
            sealSeq: sealSeq ?? undefined,
          });
          linkExpected = null;
        }
        const selfOk = rowLeafHash(row) === row.leaf_hash;
        if (linkExpected !== null && row.prev_hash !== linkExpected) {
          const owner = await repo.findByLeafHash(db, nodeId, row.prev_hash);
          if (owner && Number(owner.seq) !== seq - 1) {
            report({
              kind: 'reordered',
              message: `${describe(row)} is out of order: it was written right after record ${owner.id} (X-Road-Id ${owner.xroad_id}), now at #${owner.seq}`,
              recordId: row.id,
              nodeId,
              seq,
              xroadId: row.xroad_id,
              sealSeq: sealSeq ?? undefined,
            });
          } else if (!selfOk) {
            report({ kind: 'altered', message: `${describe(row)} was altered (its content no longer matches its hash)`, recordId: row.id, nodeId, seq, xroadId: row.xroad_id, sealSeq: sealSeq ?? undefined });
          } else {
            const prev = state.lastRecord;
            report({
              kind: 'altered',
              message: `${prev ? `record ${prev.id} (X-Road-Id ${prev.xroadId}, chain ${nodeId} #${seq - 1})` : `the record before ${describe(row)}`} was altered and re-hashed (the next record's link no longer matches it)`,
              recordId: prev?.id,
              nodeId,
              seq: seq - 1,
              xroadId: prev?.xroadId,
              sealSeq: sealSeq ?? undefined,
            });
          }
        } else if (!selfOk) {
          report({ kind: 'altered', message: `${describe(row)} was altered (its content no longer matches its hash)`, recordId: row.id, nodeId, seq, xroadId: row.xroad_id, sealSeq: sealSeq ?? undefined });
        }
        await checkSecrets(row, bodies);
        state.seq = seq;
        state.hash = row.leaf_hash;
        state.lastRecord = { id: row.id, xroadId: row.xroad_id };
        leaves?.push(row.leaf_hash);
      }
      cursor = Number(rows.at(-1)!.seq) + 1;
      if (rows.length < pageSize) break;
    }
    if (sealSeq !== null && state.seq < toSeq) {
      report({
        kind: 'removed',
        message: `chain ${nodeId}: ${state.seq + 1 === toSeq ? `record #${toSeq} is` : `records #${state.seq + 1}–#${toSeq} are`} missing (removed); seal #${sealSeq} covers them`,
        nodeId,
        seq: state.seq + 1,
        sealSeq,
      });
      state.seq = toSeq;
    }
  }

  try {
    for (const row of await repo.listKeys(db)) {
      let opened: boolean | null = null;
      try {
        const spki = Buffer.from(row.public_key, 'base64');
        if (keyIdOf(spki) !== row.id) throw new Error('id');
        publicKeys.set(row.id, publicKeyFromDer(row.public_key));
      } catch {
        report({ kind: 'key', message: `signing key ${row.id}: the stored public key does not match its id` });
      }
      if (keys && row.wrap_key_id === keys.id) {
        try {
          openSigningKey(keys, row);
          opened = true;
        } catch {
          opened = false;
          report({ kind: 'key', message: `signing key ${row.id} does not open with the evidence key: it was replaced or altered` });
        }
      }
      keyReport.push({ id: row.id, opened });
    }

    let prev = { seq: 0, hash: GENESIS_HASH };
    for (let after = 0; ; ) {
      const seals = await repo.sealsAfter(db, after, 200);
      if (seals.length === 0) break;
      for (const seal of seals) {
        const sealSeq = Number(seal.seq);
        counts.seals++;
        if (sealSeq !== prev.seq + 1) {
          report({ kind: 'seal_missing', message: `seal${sealSeq - prev.seq > 2 ? `s #${prev.seq + 1}–#${sealSeq - 1} are` : ` #${prev.seq + 1} is`} missing (removed)`, sealSeq: prev.seq + 1 });
        }
        let body: SealBody | null = null;
        try {
          const parsed = JSON.parse(seal.body) as SealBody;
          if (canonicalJson(parsed as unknown as JsonValue) === seal.body) body = parsed;
        } catch {
          body = null;
        }
        const sealHash = sha256Hex(seal.body);
        if (
          !body ||
          body.seq !== sealSeq ||
          body.merkleRoot !== seal.merkle_root ||
          body.keyId !== seal.key_id ||
          body.treeSize !== seal.tree_size ||
          sealHash !== seal.seal_hash
        ) {
          report({ kind: 'seal_altered', message: `seal #${sealSeq} was altered (its stored columns and signed body disagree)`, sealSeq });
        }
        if (!body) {
          prev = { seq: sealSeq, hash: sealHash };
          continue;
        }
        if (body.prevSealHash !== prev.hash) {
          report({ kind: 'seal_chain', message: `seal #${sealSeq} does not follow seal #${prev.seq} (its previous-seal hash does not match)`, sealSeq });
        }
        const key = publicKeys.get(seal.key_id);
        if (!key || (options.trustedKeyIds && !options.trustedKeyIds.includes(seal.key_id))) {
          report({ kind: 'seal_signature', message: `seal #${sealSeq} is signed by ${key ? 'an untrusted' : 'an unknown'} key ${seal.key_id}`, sealSeq });
        } else if (!verifySignature(key, seal.body, seal.signature)) {
          report({ kind: 'seal_signature', message: `seal #${sealSeq} has an invalid signature`, sealSeq });
        }
        const before = problems.length;
        const leaves: string[] = [];
        for (const range of body.ranges) {
          const state = chainOf(range.nodeId);
          if (range.fromSeq !== state.sealedTo + 1) {
            report({ kind: 'seal_chain', message: `seal #${sealSeq} covers chain ${range.nodeId} from #${range.fromSeq}, but the previous seals ended at #${state.sealedTo}`, sealSeq, nodeId: range.nodeId });
            // Records no surviving seal covers are still checked against their chain.
            if (range.fromSeq > state.seq + 1) await scan(range.nodeId, state.seq + 1, range.fromSeq - 1, null, null);
          }
          await scan(range.nodeId, range.fromSeq, range.toSeq, leaves, sealSeq);
          state.sealedTo = range.toSeq;
        }
        if (problems.length === before && (leaves.length !== body.treeSize || merkleRoot(leaves) !== body.merkleRoot)) {
          report({ kind: 'seal_root', message: `the records under seal #${sealSeq} no longer give its Merkle root: one of them was rewritten with recomputed hashes`, sealSeq });
        }
        prev = { seq: sealSeq, hash: sealHash };
      }
      after = Number(seals.at(-1)!.seq);
    }

    const extents = await repo.chainExtents(db);
    for (const extent of extents) {
      const state = chainOf(extent.nodeId);
      if (extent.maxSeq > state.sealedTo) await scan(extent.nodeId, state.sealedTo + 1, extent.maxSeq, null, null);
    }
    // The writers' bookkeeping says how far each chain got; a shorter chain lost its last records.
    for (const c of await repo.chainBookkeeping(db)) {
      const state = chainOf(c.node_id);
      const last = Number(c.last_seq);
      if (last > state.seq) {
        report({ kind: 'removed', message: `chain ${c.node_id}: records #${state.seq + 1}–#${last} are missing (removed) at the end of the chain`, nodeId: c.node_id, seq: state.seq + 1 });
      }
    }
  } catch (error) {
    if (!(error instanceof Enough)) throw error;
    truncated = true;
  }

  const stamps = await repo.timeStampCounts(db);
  return {
    ok: problems.length === 0,
    records: counts.records,
    sealedRecords: counts.sealed,
    unsealedRecords: counts.unsealed,
    seals: counts.seals,
    chains: chains.size,
    keys: keyReport,
    timeStamps: stamps,
    problems,
    first: problems.find((p) => p.kind === 'altered' || p.kind === 'removed' || p.kind === 'reordered') ?? problems[0] ?? null,
    truncated,
  };
}
