import { recordAudit, type AuditContext } from '../../../../platform/audit/record-audit.ts';
import { validationError } from '../../../../platform/http/errors.ts';
import { bumpGerbangVersion, gerbangChanged } from '../../changes.ts';
import { appExists, findSubsystem, updateSubsystemRow, type SubsystemRow } from '../repo.ts';
import { loadSubsystem, type GerbangDeps } from './visibility.ts';

export interface SubsystemChanges {
  name?: string;
  description?: string | null;
  appId?: string | null;
  active?: boolean;
}

/** Renames, describes, links to a katalog app, or disables (no calls in or out) a subsystem. */
export async function updateSubsystem(deps: GerbangDeps, audit: AuditContext, id: string, input: SubsystemChanges): Promise<SubsystemRow> {
  const before = await loadSubsystem(deps, audit.actor, id, 'manage');
  if (input.appId && !(await appExists(deps.db, input.appId))) throw validationError([{ field: 'appId', messageKey: 'gerbang.app_unknown' }]);
  const changes: { name?: string; description?: string | null; app_id?: string | null; active?: boolean } = {};
  if (input.name !== undefined) changes.name = input.name.trim();
  if (input.description !== undefined) changes.description = input.description?.trim() || null;
  if (input.appId !== undefined) changes.app_id = input.appId || null;
  if (input.active !== undefined) changes.active = input.active;
  await deps.db.transaction().execute(async (tx) => {
    await updateSubsystemRow(tx, id, changes, deps.clock.now());
    await bumpGerbangVersion(tx);
    await recordAudit(tx, deps.clock, audit, {
      action: 'gerbang.subsystem_updated',
      targetType: 'gerbang_subsystem',
      targetId: id,
      opdId: before.opd_id,
      before: { name: before.name, description: before.description, app_id: before.app_id, active: before.active },
      after: changes,
    });
  });
  gerbangChanged();
  return (await findSubsystem(deps.db, id))!;
}
