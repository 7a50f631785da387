import type { Deps } from '../../../../../platform/deps.ts';
import type { Actor } from '../../../../../platform/auth/actor.ts';
import { notFound } from '../../../../../platform/http/errors.ts';
import { katalogPolicy } from '../../../policy.ts';
import { ROADMAP_TARGET_TYPES, type RoadmapTargetType } from '../../db.ts';
import { ensureKatalogReader } from '../../checks.ts';
import { refsByIds, type RecordRef } from '../../repo.ts';
import { findRoadmapItem, linksOf, type RoadmapRow } from '../repo.ts';

export type LinkedRefs = Record<RoadmapTargetType, RecordRef[]>;

/** The records each item links to, by type, named. */
export async function withLinks(deps: Pick<Deps, 'db'>, rows: RoadmapRow[]) {
  const links = await linksOf(deps.db, rows.map((r) => r.id));
  const refs = new Map<string, RecordRef>();
  for (const type of ROADMAP_TARGET_TYPES) {
    for (const r of await refsByIds(deps.db, type, [...new Set(links.filter((l) => l.target_type === type).map((l) => l.target_id))])) refs.set(`${type}:${r.id}`, r);
  }
  return rows.map((row) => {
    const mine = links.filter((l) => l.item_id === row.id);
    const linked = Object.fromEntries(
      ROADMAP_TARGET_TYPES.map((type) => [type, mine.filter((l) => l.target_type === type).map((l) => refs.get(`${type}:${l.target_id}`)).filter((r): r is RecordRef => !!r).sort((a, b) => a.name.localeCompare(b.name))]),
    ) as LinkedRefs;
    return { ...row, links: linked };
  });
}

/** One roadmap item, if the actor may read its owner agency's records; otherwise 404. */
export async function getRoadmapItem(deps: Pick<Deps, 'db'>, actor: Actor | null, itemId: string) {
  ensureKatalogReader(actor);
  const row = await findRoadmapItem(deps.db, itemId);
  if (!row || !katalogPolicy.read(actor, row.owner_opd_id)) throw notFound();
  return (await withLinks(deps, [row]))[0]!;
}

export type RoadmapDetail = Awaited<ReturnType<typeof getRoadmapItem>>;
