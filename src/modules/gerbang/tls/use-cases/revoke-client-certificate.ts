import { recordAudit, type AuditContext } from '../../../../platform/audit/record-audit.ts';
import { notFound } from '../../../../platform/http/errors.ts';
import { bumpGerbangVersion, gerbangChanged } from '../../changes.ts';
import { loadSubsystem, type GerbangDeps } from '../../control/use-cases/visibility.ts';
import { findClientCert, markClientCertRevoked } from '../repo.ts';

/** Revokes a subsystem's client certificate (idempotent); the data plane refuses it at once. */
export async function revokeClientCertificate(deps: GerbangDeps, audit: AuditContext, subsystemId: string, certificateId: string) {
  const subsystem = await loadSubsystem(deps, audit.actor, subsystemId, 'manage');
  const existing = await findClientCert(deps.db, certificateId);
  if (!existing || existing.subsystem_id !== subsystemId) throw notFound();
  if (existing.revoked_at) return existing;
  const now = deps.clock.now();
  const revoked = await deps.db.transaction().execute(async (tx) => {
    if (!(await markClientCertRevoked(tx, certificateId, now, audit.actor?.kind === 'user' ? audit.actor.userId : null))) return false;
    await bumpGerbangVersion(tx);
    await recordAudit(tx, deps.clock, audit, {
      action: 'gerbang.certificate_revoked',
      targetType: 'gerbang_subsystem',
      targetId: subsystemId,
      opdId: subsystem.opd_id,
      after: { certificateId, serial: existing.serial, fingerprint: existing.fingerprint },
    });
    return true;
  });
  if (revoked) gerbangChanged();
  return (await findClientCert(deps.db, certificateId))!;
}
