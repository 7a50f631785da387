import type { Deps } from '../../../../../platform/deps.ts';
import type { Actor } from '../../../../../platform/auth/actor.ts';
import { notFound } from '../../../../../platform/http/errors.ts';
import { katalogPolicy } from '../../../policy.ts';
import { ensureKatalogReader } from '../../checks.ts';
import { auditsOf, findInfra, tenantsOf, type InfraRow } from '../repo.ts';

type Tenant = Awaited<ReturnType<typeof tenantsOf>>[number];

export function withTenants(row: InfraRow, tenants: Tenant[]) {
  const mine = tenants.filter((t) => t.infra_id === row.id).map(({ infra_id: _, ...t }) => t);
  // Regency and city governments count apart from the province's own agencies (30 + 13 in East Java).
  const regencies = mine.filter((t) => t.opd_kind === 'pemda').length;
  return { ...row, tenants: mine, tenantCounts: { agencies: mine.length - regencies, regencies } };
}

/** Readable by the operator's staff and by the staff of every tenant or connected agency. */
export function mayReadInfra(actor: Actor | null, operatorOpdId: string | null, tenantOpdIds: string[]): boolean {
  return katalogPolicy.read(actor, operatorOpdId) || tenantOpdIds.some((id) => katalogPolicy.read(actor, id));
}

/** One piece of infrastructure with its tenants and security audits; 404 when not readable. */
export async function getInfra(deps: Pick<Deps, 'db'>, actor: Actor | null, infraId: string) {
  ensureKatalogReader(actor);
  const row = await findInfra(deps.db, infraId);
  if (!row) throw notFound();
  const tenants = await tenantsOf(deps.db, [row.id]);
  if (!mayReadInfra(actor, row.operator_opd_id, tenants.map((t) => t.opd_id))) throw notFound();
  return { ...withTenants(row, tenants), audits: await auditsOf(deps.db, { infraId: row.id }) };
}

export type InfraDetail = Awaited<ReturnType<typeof getInfra>>;
