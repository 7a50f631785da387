import type { Kysely } from 'kysely';
import type { DB } from '../../../platform/db/schema.ts';
import { keyIdOf, openPersonalValue, publicKeyFromDer, publicKeyPem, verifySignature, type EvidenceKeys } from './keys.ts';
import { auditPath, canonicalJson, leafHash, merkleRoot, rootFromAuditPath, sha256Hex, commitmentOf, type JsonValue } from './merkle.ts';
import { leafFields, type EvidenceRow, type LeafFields } from './record.ts';
import * as repo from './repo.ts';
import type { SealBody } from './seal.ts';

export const PROOF_FORMAT = 'padu-evidence-proof/1';

/**
 * Everything a third party needs to check one exchange offline: the hashed record, its Merkle
 * audit path to a sealed root, the signed seal, the public key, and the RFC 3161 token when the
 * seal was time-stamped. `disclosed` opens the commitments (path, user id, represented party)
 * for whoever receives the proof; leave it out to prove the exchange without them.
 */
export interface EvidenceProof {
  format: typeof PROOF_FORMAT;
  recordId: string;
  record: LeafFields;
  leafHash: string;
  disclosed: Partial<Record<'path' | 'userId' | 'representedParty', { value: string; salt: string }>> | null;
  inclusion: { leafIndex: number; treeSize: number; auditPath: string[] };
  seal: { seq: number; body: string; signature: string; sealHash: string };
  publicKey: { keyId: string; algorithm: 'Ed25519'; spki: string; pem: string };
  timeStamp: { tsaUrl: string; token: string; genTime: string | null } | null;
}

/** The record is not under a seal yet (seals come at least every minute). */
export class NotSealedYetError extends Error {
  override name = 'NotSealedYetError';
}

/** The stored records no longer match their seal; `padu evidence verify` says which. */
export class EvidenceMismatchError extends Error {
  override name = 'EvidenceMismatchError';
}

function disclose(keys: EvidenceKeys | null, row: EvidenceRow): EvidenceProof['disclosed'] {
  if (!keys || row.key_id !== keys.id) return null;
  const out: NonNullable<EvidenceProof['disclosed']> = {};
  const fields = [
    ['path', row.path_commit, row.path_enc],
    ['userId', row.user_id_commit, row.user_id_enc],
    ['representedParty', row.represented_party_commit, row.represented_party_enc],
  ] as const;
  for (const [field, commit, enc] of fields) {
    if (commit && enc) out[field] = openPersonalValue(keys, field, commit, enc);
  }
  return out;
}

/** Builds the proof for one stored record. */
export async function proofForRecord(db: Kysely<DB>, row: EvidenceRow, options: { keys?: EvidenceKeys | null; disclose?: boolean } = {}): Promise<EvidenceProof> {
  const seq = Number(row.seq);
  const sealSeq = await repo.sealCovering(db, row.node_id, seq);
  if (sealSeq === null) throw new NotSealedYetError(`record ${row.id} is not sealed yet`);
  const seal = (await repo.sealBySeq(db, sealSeq))!;
  const body = JSON.parse(seal.body) as SealBody;
  const leaves: string[] = [];
  let index = -1;
  for (const range of body.ranges) {
    for (const leaf of await repo.chainLeafHashes(db, range.nodeId, range.fromSeq, range.toSeq)) {
      if (range.nodeId === row.node_id && Number(leaf.seq) === seq) index = leaves.length;
      leaves.push(leaf.leaf_hash);
    }
  }
  const record = leafFields(row);
  if (index < 0 || merkleRoot(leaves) !== body.merkleRoot || leafHash(record) !== row.leaf_hash) {
    throw new EvidenceMismatchError(`the records under seal #${sealSeq} no longer match it; run \`padu evidence verify\``);
  }
  const key = (await repo.listKeys(db)).find((k) => k.id === seal.key_id);
  if (!key) throw new EvidenceMismatchError(`the key that signed seal #${sealSeq} is missing`);
  const stamp = await repo.timeStampOf(db, sealSeq);
  return {
    format: PROOF_FORMAT,
    recordId: row.id,
    record,
    leafHash: row.leaf_hash,
    disclosed: options.disclose === false ? null : disclose(options.keys ?? null, row),
    inclusion: { leafIndex: index, treeSize: leaves.length, auditPath: auditPath(leaves, index) },
    seal: { seq: sealSeq, body: seal.body, signature: seal.signature, sealHash: seal.seal_hash },
    publicKey: { keyId: key.id, algorithm: 'Ed25519', spki: key.public_key, pem: publicKeyPem(key.public_key) },
    timeStamp: stamp ? { tsaUrl: stamp.tsa_url, token: stamp.token.toString('base64'), genTime: stamp.gen_time?.toISOString() ?? null } : null,
  };
}

/** Proofs for every record with this X-Road-Id (a client may reuse one). */
export async function exportEvidenceProofs(db: Kysely<DB>, xroadId: string, options: { keys?: EvidenceKeys | null; disclose?: boolean } = {}): Promise<EvidenceProof[]> {
  const rows = await repo.recordsByXroadId(db, xroadId);
  const proofs: EvidenceProof[] = [];
  for (const row of rows) proofs.push(await proofForRecord(db, row, options));
  return proofs;
}

/**
 * Checks a proof with nothing but the proof: the steps of docs/evidence.md, which
 * scripts/verify-evidence-proof.mjs repeats without Padu's code. Returns each check and its outcome.
 */
export function checkEvidenceProof(proof: EvidenceProof, trustedKeyIds?: string[]): { ok: boolean; checks: { name: string; ok: boolean }[] } {
  const checks: { name: string; ok: boolean }[] = [];
  const check = (name: string, fn: () => boolean) => {
    let ok = false;
    try {
      ok = fn();
    } catch {
      ok = false;
    }
    checks.push({ name, ok });
  };
  const body = JSON.parse(proof.seal.body) as SealBody;
  check('record hashes to leafHash', () => leafHash(proof.record) === proof.leafHash);
  check('audit path leads to the sealed Merkle root', () =>
    body.treeSize === proof.inclusion.treeSize && rootFromAuditPath(proof.leafHash, proof.inclusion.leafIndex, proof.inclusion.treeSize, proof.inclusion.auditPath) === body.merkleRoot,
  );
  check('seal body is canonical and hashes to sealHash', () => canonicalJson(body as unknown as JsonValue) === proof.seal.body && sha256Hex(proof.seal.body) === proof.seal.sealHash);
  check('public key matches the seal key id', () => keyIdOf(Buffer.from(proof.publicKey.spki, 'base64')) === body.keyId && proof.publicKey.keyId === body.keyId);
  check('seal signature is valid', () => verifySignature(publicKeyFromDer(proof.publicKey.spki), proof.seal.body, proof.seal.signature));
  check('record is in a range the seal covers', () => body.ranges.some((r) => r.nodeId === proof.record.nodeId && r.fromSeq <= proof.record.seq && proof.record.seq <= r.toSeq));
  if (trustedKeyIds) check('signing key is trusted', () => trustedKeyIds.includes(body.keyId));
  for (const [field, opened] of Object.entries(proof.disclosed ?? {})) {
    check(`disclosed ${field} matches its commitment`, () => commitmentOf(opened.value, opened.salt) === proof.record[field]);
  }
  return { ok: checks.every((c) => c.ok), checks };
}
