import type { Actor } from '../../../../platform/auth/actor.ts';
import { gerbangPolicy } from '../../policy.ts';
import { listAccessRequests, listServices, listSubsystemTokens } from '../repo.ts';
import { tokenStatus } from '../../../../platform/tokens/use-cases/token-status.ts';
import { loadSubsystem, type GerbangDeps } from './visibility.ts';

/** One subsystem with its tokens (never the secret), the services it provides and the requests it made. */
export async function getSubsystem(deps: GerbangDeps, actor: Actor | null, id: string) {
  const subsystem = await loadSubsystem(deps, actor, id, 'read');
  const now = deps.clock.now();
  const [tokens, services, requests] = await Promise.all([
    listSubsystemTokens(deps.db, id),
    listServices(deps.db, { openOrOpdIds: 'all', subsystemId: id }),
    listAccessRequests(deps.db, { opdIds: 'all', subsystemId: id }),
  ]);
  return {
    subsystem,
    tokens: tokens.map((t) => ({ ...t, status: tokenStatus(t, now) })),
    services,
    requests,
    canManage: gerbangPolicy.manage(actor, subsystem.opd_id),
    canRequest: gerbangPolicy.requestAccess(actor, subsystem.opd_id),
  };
}
