import type { Deps } from '../../../../../platform/deps.ts';
import type { Actor } from '../../../../../platform/auth/actor.ts';
import { notFound } from '../../../../../platform/http/errors.ts';
import { katalogPolicy } from '../../../policy.ts';
import { ensureKatalogReader } from '../../checks.ts';
import { findService, serviceApps, type ServiceRow } from '../repo.ts';
import { completeness } from '../standard.ts';

export function withDetails(row: ServiceRow, apps: { id: string; key: string; name: string; opd_id: string | null }[]) {
  return { ...row, standard: (row.standard ?? {}) as Record<string, string>, apps, completeness: completeness(row.standard as Record<string, string>) };
}

/** One service, if the actor may read its owner agency's records; otherwise 404 (or 401/403). */
export async function getService(deps: Pick<Deps, 'db'>, actor: Actor | null, serviceId: string) {
  ensureKatalogReader(actor);
  const row = await findService(deps.db, serviceId);
  if (!row || !katalogPolicy.read(actor, row.opd_id)) throw notFound();
  const apps = await serviceApps(deps.db, [row.id]);
  return withDetails(row, apps.map(({ service_id: _, ...a }) => a));
}

export type ServiceDetail = Awaited<ReturnType<typeof getService>>;
