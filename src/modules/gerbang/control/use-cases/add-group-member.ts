import { recordAudit, type AuditContext } from '../../../../platform/audit/record-audit.ts';
import { bumpGerbangVersion, gerbangChanged } from '../../changes.ts';
import { addGroupMemberRow } from '../repo.ts';
import { resolveSubsystem } from './resolve-subsystem.ts';
import { loadGroup, type GerbangDeps } from './visibility.ts';

/** Adds a subsystem (of any agency) to a group; adding a member again changes nothing. */
export async function addGroupMember(deps: GerbangDeps, audit: AuditContext, groupId: string, subsystemRef: string) {
  const group = await loadGroup(deps, audit.actor, groupId, 'manage');
  const subsystem = await resolveSubsystem(deps, subsystemRef, 'subsystem');
  await deps.db.transaction().execute(async (tx) => {
    if (!(await addGroupMemberRow(tx, { group_id: groupId, subsystem_id: subsystem.id, added_at: deps.clock.now() }))) return;
    await bumpGerbangVersion(tx);
    await recordAudit(tx, deps.clock, audit, { action: 'gerbang.group_member_added', targetType: 'gerbang_group', targetId: groupId, opdId: group.opd_id, after: { subsystemId: subsystem.id } });
  });
  gerbangChanged();
  return subsystem;
}
