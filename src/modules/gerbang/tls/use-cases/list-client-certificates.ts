import type { Actor } from '../../../../platform/auth/actor.ts';
import { notFound } from '../../../../platform/http/errors.ts';
import { gerbangPolicy } from '../../policy.ts';
import { loadSubsystem, type GerbangDeps } from '../../control/use-cases/visibility.ts';
import { findClientCert, listClientCerts, type ClientCertRow } from '../repo.ts';

export type CertificateStatus = 'active' | 'revoked' | 'expired';

export function certificateStatus(row: Pick<ClientCertRow, 'revoked_at' | 'not_after'>, now: Date): CertificateStatus {
  if (row.revoked_at) return 'revoked';
  return new Date(row.not_after) <= now ? 'expired' : 'active';
}

/** A subsystem's client certificates (public material only), for whoever may read the subsystem. */
export async function listClientCertificates(deps: GerbangDeps, actor: Actor | null, subsystemId: string) {
  const subsystem = await loadSubsystem(deps, actor, subsystemId, 'read');
  const now = deps.clock.now();
  const rows = await listClientCerts(deps.db, subsystemId);
  return { subsystem, canManage: gerbangPolicy.manage(actor, subsystem.opd_id), certificates: rows.map((r) => ({ ...r, status: certificateStatus(r, now) })) };
}

/** One certificate of a subsystem, with its PEM. */
export async function getClientCertificate(deps: GerbangDeps, actor: Actor | null, subsystemId: string, certificateId: string) {
  await loadSubsystem(deps, actor, subsystemId, 'read');
  const row = await findClientCert(deps.db, certificateId);
  if (!row || row.subsystem_id !== subsystemId) throw notFound();
  return { ...row, status: certificateStatus(row, deps.clock.now()) };
}
