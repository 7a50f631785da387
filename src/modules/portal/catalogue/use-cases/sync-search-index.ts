import type { Deps } from '../../../../platform/deps.ts';
import { addToVocabulary, refreshSearchCopies } from '../repo.ts';

/**
 * Brings the search copy up to date with the katalog (renamed services, moved or renamed
 * agencies, services no longer public). Runs every minute as a job and at start; a change made
 * through the portal refreshes its own row at once.
 */
export async function syncSearchIndex(deps: Pick<Deps, 'db' | 'clock'>): Promise<{ refreshed: number }> {
  return deps.db.transaction().execute(async (tx) => {
    const ids = await refreshSearchCopies(tx, deps.clock.now());
    for (let i = 0; i < ids.length; i += 2000) await addToVocabulary(tx, ids.slice(i, i + 2000));
    return { refreshed: ids.length };
  });
}
