import { recordAudit, type AuditContext } from '../../../../platform/audit/record-audit.ts';
import { ensure } from '../../../../platform/auth/policy.ts';
import { AppError } from '../../../../platform/http/errors.ts';
import { bumpGerbangVersion, gerbangChanged } from '../../changes.ts';
import { gerbangPolicy } from '../../policy.ts';
import { deleteRight, findRight, type RightRow } from '../repo.ts';
import { loadService, type GerbangDeps } from './visibility.ts';

/** Withdraws an access right; calls it allowed are refused from the next one on. */
export async function revokeAccess(deps: GerbangDeps, audit: AuditContext, rightId: string): Promise<RightRow> {
  ensure(audit.actor, gerbangPolicy.enter(audit.actor));
  const right = await findRight(deps.db, rightId);
  if (!right) throw new AppError('not_found', 'error.not_found');
  const service = await loadService(deps, audit.actor, right.service_id, 'manage');
  await deps.db.transaction().execute(async (tx) => {
    await deleteRight(tx, rightId);
    await bumpGerbangVersion(tx);
    await recordAudit(tx, deps.clock, audit, { action: 'gerbang.access_revoked', targetType: 'gerbang_service', targetId: service.id, opdId: service.opd_id, before: right });
  });
  gerbangChanged();
  return right;
}
