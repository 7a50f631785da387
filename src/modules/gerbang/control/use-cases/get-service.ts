import type { Actor } from '../../../../platform/auth/actor.ts';
import { gerbangPolicy } from '../../policy.ts';
import { listAccessRequests, listEndpoints, listRightsOfService } from '../repo.ts';
import { loadService, readableOpdIds, type GerbangDeps } from './visibility.ts';

/**
 * One service. Consumers see what they need to call it; the providing agency (and readers of
 * everything) also see its upstream address, settings, access rights and requests.
 */
export async function getService(deps: GerbangDeps, actor: Actor | null, id: string) {
  const service = await loadService(deps, actor, id, 'read');
  const providerView = gerbangPolicy.readOpd(actor, service.opd_id);
  const readable = readableOpdIds(actor);
  const [endpoints, rights, requests] = await Promise.all([
    listEndpoints(deps.db, [id]),
    providerView ? listRightsOfService(deps.db, id) : Promise.resolve([]),
    listAccessRequests(deps.db, { opdIds: providerView ? 'all' : readable, serviceId: id }),
  ]);
  return {
    service,
    endpoints,
    rights,
    requests,
    providerView,
    canManage: gerbangPolicy.manage(actor, service.opd_id),
  };
}
