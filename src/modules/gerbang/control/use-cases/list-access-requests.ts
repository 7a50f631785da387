import type { Actor } from '../../../../platform/auth/actor.ts';
import { ensure } from '../../../../platform/auth/policy.ts';
import type { RequestStatus } from '../../db.ts';
import { gerbangPolicy } from '../../policy.ts';
import { listAccessRequests as listRows } from '../repo.ts';
import { readableOpdIds, type GerbangDeps } from './visibility.ts';

/** Requests to (incoming) or from (outgoing) the actor's agencies; all for readers of everything. */
export async function listAccessRequests(deps: GerbangDeps, actor: Actor | null, filter: { direction?: 'incoming' | 'outgoing'; status?: RequestStatus } = {}) {
  ensure(actor, gerbangPolicy.enter(actor));
  const rows = await listRows(deps.db, { opdIds: readableOpdIds(actor), ...filter });
  return rows.map((r) => ({ ...r, canDecide: r.status === 'pending' && gerbangPolicy.manage(actor, r.provider_opd_id) }));
}
