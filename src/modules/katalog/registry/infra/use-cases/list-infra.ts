import type { Deps } from '../../../../../platform/deps.ts';
import type { Actor } from '../../../../../platform/auth/actor.ts';
import { katalogPolicy } from '../../../policy.ts';
import type { InfraKind } from '../../db.ts';
import { ensureKatalogReader } from '../../checks.ts';
import { searchInfra, tenantsOf } from '../repo.ts';
import { withTenants } from './get-infra.ts';

export const INFRA_PAGE_SIZE = 50;

/** Infrastructure this actor may see: operated by or serving their agencies (all for the SPBE team). */
export async function listInfra(deps: Pick<Deps, 'db'>, actor: Actor | null, filter: { search?: string; opdId?: string; kind?: InfraKind; page: number; pageSize?: number }) {
  ensureKatalogReader(actor);
  const size = filter.pageSize ?? INFRA_PAGE_SIZE;
  const rows = await searchInfra(deps.db, { ...filter, opdIds: katalogPolicy.readableOpdIds(actor), limit: size + 1, offset: (filter.page - 1) * size });
  const items = rows.slice(0, size);
  const tenants = await tenantsOf(deps.db, items.map((i) => i.id));
  return { items: items.map((i) => withTenants(i, tenants)), hasNext: rows.length > size };
}
