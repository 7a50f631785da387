import type { Deps } from '../../../../../platform/deps.ts';
import type { Actor } from '../../../../../platform/auth/actor.ts';
import { notFound } from '../../../../../platform/http/errors.ts';
import { katalogPolicy } from '../../../policy.ts';
import { ensureKatalogReader } from '../../checks.ts';
import { datasetApps, findDataset, type DatasetRow } from '../repo.ts';

type HeldBy = Awaited<ReturnType<typeof datasetApps>>;

export function withApps(row: DatasetRow, apps: HeldBy) {
  const mine = apps.filter((a) => a.dataset_id === row.id);
  const ref = ({ id, key, name, opd_id }: HeldBy[number]) => ({ id, key, name, opd_id });
  return { ...row, readApps: mine.filter((a) => a.access === 'read').map(ref), writeApps: mine.filter((a) => a.access === 'write').map(ref) };
}

/** Readable by the producer's and the walidata's staff (and the SPBE team, auditors). */
export const mayReadDataset = (actor: Actor | null, d: { producer_opd_id: string | null; walidata_opd_id: string | null }) =>
  katalogPolicy.read(actor, d.producer_opd_id) || katalogPolicy.read(actor, d.walidata_opd_id);

/** One data set, if the actor may read it; otherwise 404 (or 401/403). */
export async function getDataset(deps: Pick<Deps, 'db'>, actor: Actor | null, datasetId: string) {
  ensureKatalogReader(actor);
  const row = await findDataset(deps.db, datasetId);
  if (!row || !mayReadDataset(actor, row)) throw notFound();
  return withApps(row, await datasetApps(deps.db, [row.id]));
}

export type DatasetDetail = Awaited<ReturnType<typeof getDataset>>;
