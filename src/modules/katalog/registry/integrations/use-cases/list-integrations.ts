import type { Deps } from '../../../../../platform/deps.ts';
import type { Actor } from '../../../../../platform/auth/actor.ts';
import { katalogPolicy } from '../../../policy.ts';
import { ensureKatalogReader } from '../../checks.ts';
import { searchIntegrations, type Channel } from '../repo.ts';

export const INTEGRATION_PAGE_SIZE = 100;

/** Integrations touching the actor's agencies (all for the SPBE team), optionally around one app. */
export async function listIntegrations(deps: Pick<Deps, 'db'>, actor: Actor | null, filter: { appId?: string; opdId?: string; channel?: Channel; integrated?: boolean; page: number; pageSize?: number }) {
  ensureKatalogReader(actor);
  const size = filter.pageSize ?? INTEGRATION_PAGE_SIZE;
  const rows = await searchIntegrations(deps.db, { ...filter, opdIds: katalogPolicy.readableOpdIds(actor), limit: size + 1, offset: (filter.page - 1) * size });
  return { items: rows.slice(0, size), hasNext: rows.length > size };
}
