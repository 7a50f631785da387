import type { Deps } from '../../deps.ts';
import type { OpdKind } from '../../db/schema.ts';
import { searchOpd } from '../repo.ts';

export const OPD_PAGE_SIZE = 50;

/** Agencies are public facts (names, regions, websites): anyone may list them. */
export async function listOpd(
  deps: Pick<Deps, 'db'>,
  filter: { search?: string; kind?: OpdKind; regionCode?: string; includeInactive?: boolean; page: number },
) {
  const rows = await searchOpd(deps.db, { ...filter, limit: OPD_PAGE_SIZE + 1, offset: (filter.page - 1) * OPD_PAGE_SIZE });
  return { items: rows.slice(0, OPD_PAGE_SIZE), hasNext: rows.length > OPD_PAGE_SIZE };
}
