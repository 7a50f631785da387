import { recordAudit, type AuditContext } from '../../../../platform/audit/record-audit.ts';
import { bumpGerbangVersion, gerbangChanged } from '../../changes.ts';
import { removeGroupMemberRow } from '../repo.ts';
import { loadGroup, type GerbangDeps } from './visibility.ts';

/** Removes a subsystem from a group; removing a non-member changes nothing. */
export async function removeGroupMember(deps: GerbangDeps, audit: AuditContext, groupId: string, subsystemId: string) {
  const group = await loadGroup(deps, audit.actor, groupId, 'manage');
  await deps.db.transaction().execute(async (tx) => {
    if (!(await removeGroupMemberRow(tx, groupId, subsystemId))) return;
    await bumpGerbangVersion(tx);
    await recordAudit(tx, deps.clock, audit, { action: 'gerbang.group_member_removed', targetType: 'gerbang_group', targetId: groupId, opdId: group.opd_id, before: { subsystemId } });
  });
  gerbangChanged();
}
