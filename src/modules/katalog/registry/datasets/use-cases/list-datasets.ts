import type { Deps } from '../../../../../platform/deps.ts';
import type { Actor } from '../../../../../platform/auth/actor.ts';
import { katalogPolicy } from '../../../policy.ts';
import type { Sensitivity } from '../../db.ts';
import { ensureKatalogReader } from '../../checks.ts';
import { datasetApps, searchDatasets } from '../repo.ts';
import { withApps } from './get-dataset.ts';

export const DATASET_PAGE_SIZE = 50;

/** Data sets this actor may see: those its agencies produce or act as walidata for (all for the SPBE team). */
export async function listDatasets(deps: Pick<Deps, 'db'>, actor: Actor | null, filter: { search?: string; opdId?: string; sensitivity?: Sensitivity; appId?: string; page: number; pageSize?: number }) {
  ensureKatalogReader(actor);
  const size = filter.pageSize ?? DATASET_PAGE_SIZE;
  const rows = await searchDatasets(deps.db, { ...filter, opdIds: katalogPolicy.readableOpdIds(actor), limit: size + 1, offset: (filter.page - 1) * size });
  const items = rows.slice(0, size);
  const apps = await datasetApps(deps.db, items.map((d) => d.id));
  return { items: items.map((d) => withApps(d, apps)), hasNext: rows.length > size };
}
