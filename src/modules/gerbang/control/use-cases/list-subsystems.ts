import type { Actor } from '../../../../platform/auth/actor.ts';
import { ensure } from '../../../../platform/auth/policy.ts';
import { gerbangPolicy } from '../../policy.ts';
import { listSubsystems as listRows } from '../repo.ts';
import { readableOpdIds, type GerbangDeps } from './visibility.ts';

/** The subsystems this actor may see, optionally of one agency. */
export async function listSubsystems(deps: GerbangDeps, actor: Actor | null, filter: { opdId?: string } = {}) {
  ensure(actor, gerbangPolicy.enter(actor));
  const readable = readableOpdIds(actor);
  let opdIds: string[] | 'all' = readable;
  if (filter.opdId) opdIds = readable === 'all' || readable.includes(filter.opdId) ? [filter.opdId] : [];
  return listRows(deps.db, { opdIds });
}
