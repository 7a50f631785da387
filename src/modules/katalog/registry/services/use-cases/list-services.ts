import type { Deps } from '../../../../../platform/deps.ts';
import type { Actor } from '../../../../../platform/auth/actor.ts';
import { katalogPolicy } from '../../../policy.ts';
import type { ServiceAudience } from '../../db.ts';
import { ensureKatalogReader } from '../../checks.ts';
import { searchServices, serviceApps } from '../repo.ts';
import { withDetails } from './get-service.ts';

export const SERVICE_PAGE_SIZE = 50;

/** Services this actor may see: every agency's for the SPBE team and auditors, else their own agencies'. */
export async function listServices(deps: Pick<Deps, 'db'>, actor: Actor | null, filter: { search?: string; opdId?: string; audience?: ServiceAudience; appId?: string; page: number; pageSize?: number }) {
  ensureKatalogReader(actor);
  const size = filter.pageSize ?? SERVICE_PAGE_SIZE;
  const rows = await searchServices(deps.db, { ...filter, opdIds: katalogPolicy.readableOpdIds(actor), limit: size + 1, offset: (filter.page - 1) * size });
  const items = rows.slice(0, size);
  const apps = await serviceApps(deps.db, items.map((s) => s.id));
  return {
    items: items.map((s) => withDetails(s, apps.filter((a) => a.service_id === s.id).map(({ service_id: _, ...a }) => a))),
    hasNext: rows.length > size,
  };
}
