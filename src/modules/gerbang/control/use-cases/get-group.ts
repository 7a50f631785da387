import type { Actor } from '../../../../platform/auth/actor.ts';
import { gerbangPolicy } from '../../policy.ts';
import { listGroupMembers } from '../repo.ts';
import { loadGroup, type GerbangDeps } from './visibility.ts';

/** One group and its member subsystems. */
export async function getGroup(deps: GerbangDeps, actor: Actor | null, id: string) {
  const group = await loadGroup(deps, actor, id, 'read');
  return { group, members: await listGroupMembers(deps.db, id), canManage: gerbangPolicy.manage(actor, group.opd_id) };
}
