import { iso } from '../shared.ts';
import type { RoadmapDetail } from './use-cases/get-roadmap-item.ts';

const refs = (list: { id: string; key: string; name: string }[]) => list.map((r) => ({ id: r.id, key: r.key, name: r.name }));

export function presentRoadmapItem(r: RoadmapDetail) {
  return {
    id: r.id,
    key: r.key,
    area: r.area,
    title: r.title,
    description: r.description,
    baseline: r.baseline,
    target: r.target,
    startYear: r.start_year,
    endYear: r.end_year,
    ownerOpdId: r.owner_opd_id,
    ownerName: r.owner_name ?? null,
    budgetCode: r.budget_code,
    status: r.status,
    links: { apps: refs(r.links.app), services: refs(r.links.service), datasets: refs(r.links.dataset), infra: refs(r.links.infra) },
    synthetic: r.synthetic,
    version: r.version,
    updatedAt: iso(r.updated_at),
  };
}
