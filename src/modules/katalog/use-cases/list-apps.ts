import type { Deps } from '../../../platform/deps.ts';
import type { Actor } from '../../../platform/auth/actor.ts';
import { ensure } from '../../../platform/auth/policy.ts';
import type { AppCategory, Lifecycle } from '../db.ts';
import { katalogPolicy } from '../policy.ts';
import { appCodes, searchApps } from '../repo.ts';
import { rowsToCodes } from './app-input.ts';

export const APP_PAGE_SIZE = 50;

/** Apps this actor may see: the whole portfolio for the SPBE team and auditors, else their agencies'. */
export async function listApps(
  deps: Pick<Deps, 'db'>,
  actor: Actor | null,
  filter: { search?: string; opdId?: string; category?: AppCategory; lifecycle?: Lifecycle; code?: string; page: number; pageSize?: number },
) {
  const opdIds = katalogPolicy.readableOpdIds(actor);
  ensure(actor, opdIds === 'all' || opdIds.length > 0);
  const size = filter.pageSize ?? APP_PAGE_SIZE;
  const rows = await searchApps(deps.db, { ...filter, opdIds, limit: size + 1, offset: (filter.page - 1) * size });
  const items = rows.slice(0, size);
  const codes = await appCodes(deps.db, items.map((a) => a.id));
  return {
    items: items.map((a) => ({ ...a, codes: rowsToCodes(codes.filter((c) => c.app_id === a.id)) })),
    hasNext: rows.length > size,
  };
}
