import type { Deps } from '../../../../../platform/deps.ts';
import type { Actor } from '../../../../../platform/auth/actor.ts';
import { katalogPolicy } from '../../../policy.ts';
import type { RoadmapStatus } from '../../db.ts';
import { ensureKatalogReader } from '../../checks.ts';
import { searchRoadmap, type RoadmapArea } from '../repo.ts';
import { withLinks } from './get-roadmap-item.ts';

/** The most items one roadmap view shows; a provincial Peta Rencana holds tens, not thousands. */
export const ROADMAP_LIMIT = 1000;

/** Roadmap items the actor may read (all for the SPBE team), ordered by start year. */
export async function listRoadmap(deps: Pick<Deps, 'db'>, actor: Actor | null, filter: { opdId?: string; area?: RoadmapArea; status?: RoadmapStatus; year?: number; targetId?: string }) {
  ensureKatalogReader(actor);
  const rows = await searchRoadmap(deps.db, { ...filter, opdIds: katalogPolicy.readableOpdIds(actor), limit: ROADMAP_LIMIT });
  return withLinks(deps, rows);
}
