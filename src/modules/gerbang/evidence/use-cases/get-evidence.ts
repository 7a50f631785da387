import type { Deps } from '../../../../platform/deps.ts';
import type { Actor } from '../../../../platform/auth/actor.ts';
import { ensure } from '../../../../platform/auth/policy.ts';
import { AppError, notFound } from '../../../../platform/http/errors.ts';
import { evidenceKeysFor, openPersonalValue } from '../keys.ts';
import { evidencePolicy } from '../policy.ts';
import { EvidenceMismatchError, NotSealedYetError, proofForRecord, type EvidenceProof } from '../proof.ts';
import * as repo from '../repo.ts';
import type { EvidenceRow } from '../record.ts';
import { toEntry, type EvidenceEntry } from './search-evidence.ts';

/** One exchange with its personal values opened for a party to it, and where it stands in the log. */
export interface EvidenceDetail extends EvidenceEntry {
  path: string | null;
  userId: string | null;
  representedParty: string | null;
  prevHash: string;
  bodyStoredAt: Date | null;
  seal: { seq: number; sealedAt: Date; timeStamped: boolean } | null;
}

async function readableRecord(deps: Pick<Deps, 'db'>, actor: Actor | null, id: string) {
  ensure(actor, evidencePolicy.search(actor));
  const row = await repo.recordWithBody(deps.db, id);
  // Another agency's exchange is as invisible as one that does not exist.
  if (!row || !evidencePolicy.read(actor, row)) throw notFound();
  return row;
}

function open(deps: Pick<Deps, 'config'>, row: EvidenceRow, field: string, commit: string | null, enc: string | null): string | null {
  if (!commit || !enc) return null;
  const keys = evidenceKeysFor(deps.config);
  if (row.key_id !== keys.id) return null;
  try {
    return openPersonalValue(keys, field, commit, enc).value;
  } catch {
    return null;
  }
}

export async function getEvidence(deps: Pick<Deps, 'db' | 'config'>, actor: Actor | null, id: string): Promise<EvidenceDetail> {
  const row = await readableRecord(deps, actor, id);
  const sealSeq = await repo.sealCovering(deps.db, row.node_id, Number(row.seq));
  const seal = sealSeq === null ? undefined : await repo.sealBySeq(deps.db, sealSeq);
  const stamp = sealSeq === null ? undefined : await repo.timeStampOf(deps.db, sealSeq);
  return {
    ...toEntry(row),
    path: open(deps, row, 'path', row.path_commit, row.path_enc),
    userId: open(deps, row, 'userId', row.user_id_commit, row.user_id_enc),
    representedParty: open(deps, row, 'representedParty', row.represented_party_commit, row.represented_party_enc),
    prevHash: row.prev_hash,
    bodyStoredAt: row.body_stored_at ?? null,
    seal: seal ? { seq: Number(seal.seq), sealedAt: seal.sealed_at, timeStamped: !!stamp } : null,
  };
}

/** The offline-verifiable proof of one exchange, for a party to it or an auditor. */
export async function getEvidenceProof(deps: Pick<Deps, 'db' | 'config'>, actor: Actor | null, id: string): Promise<EvidenceProof> {
  const row = await readableRecord(deps, actor, id);
  try {
    return await proofForRecord(deps.db, row, { keys: evidenceKeysFor(deps.config) });
  } catch (error) {
    if (error instanceof NotSealedYetError) throw new AppError('conflict', 'evidence.not_sealed');
    if (error instanceof EvidenceMismatchError) throw new AppError('conflict', 'evidence.proof_mismatch');
    throw error;
  }
}
