import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { DB } from '../../../platform/db/schema.ts';
import type { Clock } from '../../../platform/deps.ts';
import { generateSigningKey, openSigningKey, signMessage, type EvidenceKeys, type SigningKey } from './keys.ts';
import { canonicalJson, merkleRootInSteps, sha256Hex } from './merkle.ts';
import type { EvidenceMetrics } from './metrics.ts';
import { GENESIS_HASH } from './record.ts';
import * as repo from './repo.ts';
import { requestTimeStamp } from './tsa.ts';

export const SEAL_FORMAT = 1;
/** At most this many records under one seal; a bigger backlog gets several seals in a row. */
export const MAX_LEAVES_PER_SEAL = 50_000;

/** What a seal signs (canonical JSON of this object); stored verbatim in `gerbang_evidence_seal.body`. */
export interface SealBody {
  [key: string]: string | number | SealRange[];
  v: number;
  seq: number;
  /** seal_hash of the previous seal (64 zeros for the first). */
  prevSealHash: string;
  sealedAt: string;
  treeSize: number;
  merkleRoot: string;
  keyId: string;
  sealedBy: string;
  /** Per chain, the records covered, in tree order (leaves of a range are in sequence order). */
  ranges: SealRange[];
}

export interface SealRange {
  [key: string]: string | number;
  nodeId: string;
  fromSeq: number;
  toSeq: number;
  /** leaf_hash of the record at toSeq: where the chain continues. */
  headHash: string;
}

export interface SealSummary {
  seq: number;
  treeSize: number;
  merkleRoot: string;
  sealHash: string;
}

export interface SealerDeps {
  db: Kysely<DB>;
  keys: EvidenceKeys;
  clock: Clock;
  logger: Pick<Logger, 'info' | 'warn' | 'error'>;
  nodeId: string;
  metrics?: EvidenceMetrics;
}

/**
 * Seals and time-stamps. Any node may seal: seals are numbered globally, and a node takes the
 * next number under a transaction-level advisory lock, so concurrent sealers take turns and each
 * record is sealed exactly once, whichever node wrote it.
 */
export function createSealer(deps: SealerDeps, options: { maxLeaves?: number } = {}) {
  const maxLeaves = options.maxLeaves ?? MAX_LEAVES_PER_SEAL;
  let signingKey: SigningKey | undefined;
  let tsaOutage = false;
  let lastTsaError: string | null = null;

  async function currentKey(): Promise<SigningKey> {
    if (signingKey) return signingKey;
    const open = async () => {
      for (const row of await repo.listKeys(deps.db)) {
        if (row.wrap_key_id !== deps.keys.id || row.retired_at) continue;
        try {
          return openSigningKey(deps.keys, row);
        } catch (error) {
          deps.logger.error({ err: error, keyId: row.id }, 'evidence signing key does not open with this evidence key');
        }
      }
      return undefined;
    };
    signingKey = await open();
    if (!signingKey) {
      const created = generateSigningKey(deps.keys);
      await repo.insertKey(deps.db, { id: created.key.id, publicKey: created.key.publicKeyDer, privateKeyEnc: created.privateKeyEnc, wrapKeyId: deps.keys.id, createdBy: deps.nodeId, createdAt: deps.clock.now() });
      // Two nodes starting together may both create one; both then settle on the oldest.
      signingKey = (await open()) ?? created.key;
      deps.logger.info({ keyId: signingKey.id }, 'evidence signing key created');
    }
    return signingKey;
  }

  async function sealOnce(): Promise<SealSummary | null> {
    for (let attempt = 0; attempt < 10; attempt++) {
      const last = await repo.lastSeal(deps.db);
      const leaves = await repo.unsealedLeaves(deps.db, maxLeaves);
      if (leaves.length === 0) return null;
      const ranges: (SealRange & { offset: number })[] = [];
      leaves.forEach((leaf, offset) => {
        const seq = Number(leaf.seq);
        const current = ranges.at(-1);
        const expected = current && current.nodeId === leaf.node_id ? { seq: current.toSeq + 1, hash: current.headHash } : { seq: Number(leaf.sealed_seq) + 1, hash: leaf.sealed_hash };
        if (seq !== expected.seq || leaf.prev_hash !== expected.hash) {
          // Our writers never leave gaps: someone changed the table. Seal what is there; verify names it.
          deps.logger.error({ nodeId: leaf.node_id, seq, expectedSeq: expected.seq }, 'evidence chain is broken before sealing; run `padu evidence verify`');
        }
        if (current && current.nodeId === leaf.node_id) {
          current.toSeq = seq;
          current.headHash = leaf.leaf_hash;
        } else {
          ranges.push({ nodeId: leaf.node_id, fromSeq: seq, toSeq: seq, headHash: leaf.leaf_hash, offset });
        }
      });
      const key = await currentKey();
      const seq = (last?.seq ?? 0) + 1;
      const sealedAt = deps.clock.now();
      const body: SealBody = {
        v: SEAL_FORMAT,
        seq,
        prevSealHash: last?.sealHash ?? GENESIS_HASH,
        sealedAt: sealedAt.toISOString(),
        treeSize: leaves.length,
        merkleRoot: await merkleRootInSteps(leaves.map((l) => l.leaf_hash)),
        keyId: key.id,
        sealedBy: deps.nodeId,
        ranges: ranges.map(({ offset: _offset, ...r }) => r),
      };
      const message = canonicalJson(body);
      const sealHash = sha256Hex(message);
      const written = await repo.writeSeal(deps.db, {
        seq,
        sealedAt,
        treeSize: body.treeSize,
        merkleRoot: body.merkleRoot,
        keyId: key.id,
        body: message,
        signature: signMessage(key, message),
        sealHash,
        sealedBy: deps.nodeId,
        ranges,
      });
      if (written) {
        deps.metrics?.seals.inc();
        return { seq, treeSize: body.treeSize, merkleRoot: body.merkleRoot, sealHash };
      }
    }
    throw new Error('evidence: could not take the next seal number (other nodes kept sealing first)');
  }

  return {
    currentKey,
    /** Seals everything written so far (several seals when the backlog is large). */
    async sealAll(): Promise<SealSummary[]> {
      const seals: SealSummary[] = [];
      for (;;) {
        const seal = await sealOnce();
        if (!seal) return seals;
        seals.push(seal);
        if (seal.treeSize < maxLeaves) return seals;
      }
    },
    /**
     * Asks the time-stamp authority to stamp seals that have no stamp yet, oldest first. An outage
     * only delays stamps: it is logged once, counted, and retried at the next interval.
     */
    async stampPending(tsaUrl: string, timeoutMs = 5000): Promise<{ stamped: number; pending: number }> {
      let stamped = 0;
      for (const seal of await repo.sealsWithoutTimeStamp(deps.db, 20)) {
        try {
          const stamp = await requestTimeStamp(tsaUrl, Buffer.from(seal.seal_hash, 'hex'), timeoutMs);
          await repo.insertTimeStamp(deps.db, { sealSeq: Number(seal.seq), tsaUrl, token: stamp.token, genTime: stamp.genTime, stampedAt: deps.clock.now() });
          stamped++;
        } catch (error) {
          deps.metrics?.tsaFailures.inc();
          lastTsaError = (error as Error).message;
          if (!tsaOutage) deps.logger.warn({ err: error, tsaUrl }, 'time-stamp authority failed; seals will be stamped when it answers again');
          tsaOutage = true;
          break;
        }
      }
      if (stamped > 0 && tsaOutage) {
        tsaOutage = false;
        lastTsaError = null;
        deps.logger.info({ tsaUrl }, 'time-stamp authority answers again');
      }
      const pending = await repo.countSealsWithoutTimeStamp(deps.db);
      deps.metrics?.tsaPending.set(pending);
      return { stamped, pending };
    },
    tsaStatus: () => ({ outage: tsaOutage, lastError: lastTsaError }),
  };
}

export type Sealer = ReturnType<typeof createSealer>;
