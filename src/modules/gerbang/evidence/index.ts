/**
 * Gerbang's evidence log: every exchange recorded durably (group commit), hash-chained per
 * writer, sealed at least every minute by a signed Merkle root (optionally time-stamped by an
 * RFC 3161 authority), verifiable as a whole (`padu evidence verify`) and per exchange offline
 * (`padu evidence proof`, docs/evidence.md). The data plane uses `createEvidenceLog`; the gerbang
 * index registers `evidenceRoutes` and, where jobs run, `registerEvidenceJobs`.
 */
import './db.ts';
import './messages.ts';
import { isStaff } from '../../../platform/auth/policy.ts';
import type { NavItem } from '../../../platform/html/context.ts';
import { evidencePolicy } from './policy.ts';

export type { EvidenceLog, ExchangeRecord } from './contract.ts';
export { createEvidenceLog, defaultNodeId, type EvidenceLogOptions, type EvidenceStats, type PaduEvidenceLog } from './log.ts';
export { verifyEvidenceLog, type EvidenceProblem, type VerifyOptions, type VerifyReport } from './verify.ts';
export { checkEvidenceProof, exportEvidenceProofs, proofForRecord, EvidenceMismatchError, NotSealedYetError, PROOF_FORMAT, type EvidenceProof } from './proof.ts';
export { deriveEvidenceKeys, evidenceKeysFor, loadEvidenceKeys, parseEvidenceKey, type EvidenceKeys } from './keys.ts';
export { createSealer, type SealSummary } from './seal.ts';
export { purgeExpiredBodies, registerEvidenceJobs, PURGE_BODIES_JOB } from './retention.ts';
export { evidenceRoutes } from './routes.tsx';
export { evidencePolicy } from './policy.ts';
export { canonicalJson, leafHash, merkleRoot, auditPath, rootFromAuditPath } from './merkle.ts';

/** Navigation entry for the evidence search (the gerbang module adds it to its `nav`). */
export const evidenceNav: NavItem = { href: '/gerbang/evidence', labelKey: 'nav.gerbang_evidence', visible: (a) => isStaff(a) && evidencePolicy.search(a) };
