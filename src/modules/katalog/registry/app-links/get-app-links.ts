import type { Deps } from '../../../../platform/deps.ts';
import type { Actor } from '../../../../platform/auth/actor.ts';
import { katalogPolicy } from '../../policy.ts';
import { getApp } from '../../use-cases/get-app.ts';
import { searchIntegrations } from '../integrations/repo.ts';
import { auditsOf } from '../infra/repo.ts';
import { listServices } from '../services/use-cases/list-services.ts';
import { listDatasets } from '../datasets/use-cases/list-datasets.ts';

/**
 * What the registry knows about one app, for its page: the apps it feeds and is fed by, its
 * security audits, and the services and data sets (that the actor may read) it delivers or holds.
 * Every integration of a readable app is readable (one side is the actor's).
 */
export async function getAppLinks(deps: Pick<Deps, 'db'>, actor: Actor | null, appId: string) {
  const app = await getApp(deps, actor, appId);
  const [integrations, audits, services, datasets] = await Promise.all([
    searchIntegrations(deps.db, { opdIds: 'all', appId: app.id, limit: 500, offset: 0 }),
    auditsOf(deps.db, { appId: app.id }),
    listServices(deps, actor, { appId: app.id, page: 1, pageSize: 200 }),
    listDatasets(deps, actor, { appId: app.id, page: 1, pageSize: 200 }),
  ]);
  return {
    app,
    canEdit: katalogPolicy.edit(actor, app.opd_id),
    feeds: integrations.filter((g) => g.provider_app_id === app.id),
    fedBy: integrations.filter((g) => g.consumer_app_id === app.id),
    audits,
    services: services.items,
    datasets: datasets.items.map((d) => ({ ...d, access: [...(d.readApps.some((a) => a.id === app.id) ? ['read' as const] : []), ...(d.writeApps.some((a) => a.id === app.id) ? ['write' as const] : [])] })),
  };
}

export type AppLinks = Awaited<ReturnType<typeof getAppLinks>>;
