import type { Deps } from '../../../../../platform/deps.ts';
import { ensure } from '../../../../../platform/auth/policy.ts';
import { AppError } from '../../../../../platform/http/errors.ts';
import { recordAudit, type AuditContext } from '../../../../../platform/audit/record-audit.ts';
import { katalogPolicy } from '../../../policy.ts';
import { ROADMAP_TARGET_TYPES } from '../../db.ts';
import { mayOwn, throwIfAny } from '../../checks.ts';
import { freeKey, keyTaken } from '../../repo.ts';
import { diffColumns, sameSet, textOrNull } from '../../shared.ts';
import { insertRoadmapItem, replaceLinks, updateRoadmapRow, type RoadmapArea } from '../repo.ts';
import { getRoadmapItem } from './get-roadmap-item.ts';
import { checkRoadmapInput, LINK_FIELDS, linkRows, type RoadmapInput, type RoadmapLinksInput } from './roadmap-input.ts';

export type NewRoadmapItem = RoadmapInput & { area: RoadmapArea; title: string; startYear: number; endYear: number; key?: string };

const budget = (code: string | null | undefined) => (code ? code.trim().toUpperCase() : null);

/** Adds an item to the Peta Rencana SPBE under an agency the actor edits (the SPBE team: any, or none). */
export async function createRoadmapItem(deps: Pick<Deps, 'db' | 'clock' | 'ids'>, audit: AuditContext, input: NewRoadmapItem, options: { synthetic?: boolean } = {}): Promise<{ itemId: string; key: string }> {
  const actor = audit.actor;
  ensure(actor, katalogPolicy.create(actor));
  ensure(actor, mayOwn(actor, input.ownerOpdId));
  const errors = await checkRoadmapInput(deps.db, input);
  if (input.key && (await keyTaken(deps.db, 'katalog_roadmap_item', input.key))) errors.unshift({ field: 'key', messageKey: 'katalog.registry.key_taken' });
  throwIfAny(errors);
  const now = deps.clock.now();
  const key = input.key ?? (await freeKey(deps.db, 'katalog_roadmap_item', input.ownerOpdId, `${input.startYear} ${input.title}`, 'rencana'));
  const row = {
    id: deps.ids.uuid(),
    key,
    area: input.area,
    title: input.title.trim(),
    description: textOrNull(input.description),
    baseline: textOrNull(input.baseline),
    target: textOrNull(input.target),
    start_year: input.startYear,
    end_year: input.endYear,
    owner_opd_id: input.ownerOpdId ?? null,
    budget_code: budget(input.budgetCode),
    status: input.status ?? 'rencana',
    synthetic: options.synthetic ?? false,
    created_at: now,
    updated_at: now,
  };
  const links = linkRows(input.links);
  await deps.db.transaction().execute(async (tx) => {
    await insertRoadmapItem(tx, row, links);
    await recordAudit(tx, deps.clock, audit, { action: 'katalog.roadmap.created', targetType: 'katalog_roadmap_item', targetId: row.id, opdId: row.owner_opd_id, after: { ...row, links: input.links ?? {} } });
  });
  return { itemId: row.id, key };
}

const COLUMNS = {
  area: 'area',
  title: 'title',
  description: 'description',
  baseline: 'baseline',
  target: 'target',
  startYear: 'start_year',
  endYear: 'end_year',
  ownerOpdId: 'owner_opd_id',
  budgetCode: 'budget_code',
  status: 'status',
};

/** Changes a roadmap item (its owner agency's admins, or the SPBE team); links given replace, per type. */
export async function updateRoadmapItem(deps: Pick<Deps, 'db' | 'clock'>, audit: AuditContext, itemId: string, input: RoadmapInput & { version?: number }): Promise<void> {
  const actor = audit.actor;
  const current = await getRoadmapItem(deps, actor, itemId);
  ensure(actor, katalogPolicy.edit(actor, current.owner_opd_id));
  if (input.ownerOpdId !== undefined && input.ownerOpdId !== current.owner_opd_id) ensure(actor, mayOwn(actor, input.ownerOpdId));
  if (input.version !== undefined && input.version !== current.version) throw new AppError('conflict', 'katalog.stale_version');
  const years = { startYear: input.startYear ?? current.start_year, endYear: input.endYear ?? current.end_year };
  throwIfAny(await checkRoadmapInput(deps.db, { ...input, ...years }));

  const normalized = { ...input, budgetCode: input.budgetCode === undefined ? undefined : budget(input.budgetCode) };
  const { set, before, after } = diffColumns(current, normalized, COLUMNS);
  const currentLinks = Object.fromEntries(ROADMAP_TARGET_TYPES.map((t) => [LINK_FIELDS[t], current.links[t].map((r) => r.id)])) as Required<RoadmapLinksInput>;
  const nextLinks = { ...currentLinks, ...Object.fromEntries(Object.entries(input.links ?? {}).filter(([, v]) => v !== undefined).map(([k, v]) => [k, [...new Set(v)]])) } as Required<RoadmapLinksInput>;
  const linksChanged = ROADMAP_TARGET_TYPES.some((t) => !sameSet(currentLinks[LINK_FIELDS[t]], nextLinks[LINK_FIELDS[t]]));
  if (linksChanged) {
    before.links = currentLinks;
    after.links = nextLinks;
  }
  if (Object.keys(set).length === 0 && !linksChanged) return;
  await deps.db.transaction().execute(async (tx) => {
    if (!(await updateRoadmapRow(tx, itemId, current.version, set, deps.clock.now()))) throw new AppError('conflict', 'katalog.stale_version');
    if (linksChanged) await replaceLinks(tx, itemId, linkRows(nextLinks));
    await recordAudit(tx, deps.clock, audit, { action: 'katalog.roadmap.updated', targetType: 'katalog_roadmap_item', targetId: itemId, opdId: current.owner_opd_id, before, after });
  });
}
