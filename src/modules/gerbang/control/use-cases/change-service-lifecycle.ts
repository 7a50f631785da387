import { recordAudit, type AuditContext } from '../../../../platform/audit/record-audit.ts';
import { AppError } from '../../../../platform/http/errors.ts';
import { bumpGerbangVersion, gerbangChanged } from '../../changes.ts';
import type { ServiceLifecycle } from '../../db.ts';
import { findService, updateServiceRow, type ServiceRow } from '../repo.ts';
import { loadService, type GerbangDeps } from './visibility.ts';

/**
 * Moves a service through its lifecycle: a draft is published (open to granted consumers),
 * deprecated (still callable, marked for replacement; may be published again) and finally
 * retired (no more calls; final).
 */
export const LIFECYCLE_MOVES: Record<ServiceLifecycle, ServiceLifecycle[]> = {
  draft: ['published', 'retired'],
  published: ['deprecated', 'retired'],
  deprecated: ['published', 'retired'],
  retired: [],
};

export async function changeServiceLifecycle(deps: GerbangDeps, audit: AuditContext, id: string, to: ServiceLifecycle): Promise<ServiceRow> {
  const before = await loadService(deps, audit.actor, id, 'manage');
  if (before.lifecycle === to) return before;
  if (!LIFECYCLE_MOVES[before.lifecycle].includes(to)) {
    throw new AppError('conflict', 'gerbang.lifecycle_move', { params: { from: before.lifecycle, to } });
  }
  const now = deps.clock.now();
  await deps.db.transaction().execute(async (tx) => {
    await updateServiceRow(tx, id, { lifecycle: to, lifecycle_changed_at: now }, now);
    await bumpGerbangVersion(tx);
    await recordAudit(tx, deps.clock, audit, {
      action: 'gerbang.service_lifecycle',
      targetType: 'gerbang_service',
      targetId: id,
      opdId: before.opd_id,
      before: { lifecycle: before.lifecycle },
      after: { lifecycle: to },
    });
  });
  gerbangChanged();
  return (await findService(deps.db, id))!;
}
