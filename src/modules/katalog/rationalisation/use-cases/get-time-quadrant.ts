import type { Deps } from '../../../../platform/deps.ts';
import type { Actor } from '../../../../platform/auth/actor.ts';
import { ensure } from '../../../../platform/auth/policy.ts';
import { TIME_CLASSES, type TimeClass } from '../../db.ts';
import { katalogPolicy } from '../../policy.ts';
import { currentApps, latestAssessments } from '../repo.ts';

/**
 * The TIME quadrant: the newest assessment of every current app the actor may read (optionally
 * one agency's), how many apps sit in each class, and how many are not assessed yet.
 */
export async function getTimeQuadrant(deps: Pick<Deps, 'db'>, actor: Actor | null, filter: { opdId?: string }) {
  const opdIds = katalogPolicy.readableOpdIds(actor);
  ensure(actor, opdIds === 'all' || opdIds.length > 0);
  // An agency outside the actor's reach simply yields nothing, as in every list.
  const scope = { opdIds, opdId: filter.opdId };
  const [items, apps] = await Promise.all([latestAssessments(deps.db, scope), currentApps(deps.db, scope)]);
  items.sort((a, b) => a.name.localeCompare(b.name, 'id') || a.app_id.localeCompare(b.app_id));
  const counts = Object.fromEntries(TIME_CLASSES.map((c) => [c, 0])) as Record<TimeClass, number>;
  for (const i of items) counts[i.classification]++;
  return { items, counts, notAssessed: apps.length - items.length };
}

export type TimeQuadrant = Awaited<ReturnType<typeof getTimeQuadrant>>;
