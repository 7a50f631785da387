import type { Actor } from '../../../../platform/auth/actor.ts';
import { ensure } from '../../../../platform/auth/policy.ts';
import { gerbangPolicy } from '../../policy.ts';
import { listGroups as listGroupRows } from '../repo.ts';
import { readableOpdIds, type GerbangDeps } from './visibility.ts';

/** The groups of the agencies this actor reads. */
export async function listGroups(deps: GerbangDeps, actor: Actor | null) {
  ensure(actor, gerbangPolicy.enter(actor));
  return listGroupRows(deps.db, readableOpdIds(actor));
}
