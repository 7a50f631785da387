import type { Deps } from '../../deps.ts';
import { ensure, platformPolicy } from '../../auth/policy.ts';
import { AppError, notFound } from '../../http/errors.ts';
import { recordAudit, type AuditContext } from '../../audit/record-audit.ts';
import { countActiveChildren, findOpd, revokeAgencyTokens } from '../repo.ts';

/**
 * Deactivates or reactivates an agency. Deactivation keeps every record and grant for history
 * but stops the agency's machine tokens and refuses new roles there. A merged agency stays
 * inactive: its successor carries its work.
 */
export async function setOpdActive(deps: Pick<Deps, 'db' | 'clock'>, audit: AuditContext, input: { opdId: string; active: boolean }) {
  ensure(audit.actor, platformPolicy.setOpdActive(audit.actor));
  const opd = await findOpd(deps.db, input.opdId);
  if (!opd) throw notFound();
  if (opd.active === input.active) return;
  if (input.active && opd.merged_into_id) throw new AppError('conflict', 'opd.already_merged');
  if (!input.active && (await countActiveChildren(deps.db, opd.id)) > 0) throw new AppError('conflict', 'opd.has_active_children');
  const now = deps.clock.now();
  await deps.db.transaction().execute(async (tx) => {
    await tx.updateTable('opd').set({ active: input.active, updated_at: now }).where('id', '=', opd.id).execute();
    const revokedTokens = input.active ? 0 : await revokeAgencyTokens(tx, opd.id, now);
    await recordAudit(tx, deps.clock, audit, {
      action: input.active ? 'opd.activated' : 'opd.deactivated',
      targetType: 'opd',
      targetId: opd.id,
      opdId: opd.id,
      before: { active: opd.active },
      after: { active: input.active, ...(input.active ? {} : { revokedTokens }) },
    });
  });
}
