import type { AppDetail } from './use-cases/get-app.ts';

const iso = (d: Date | string) => new Date(d).toISOString();

export function presentApp(a: AppDetail) {
  return {
    id: a.id,
    key: a.key,
    name: a.name,
    acronym: a.acronym,
    description: a.description,
    opdId: a.opd_id,
    opdName: a.opd_name ?? null,
    category: a.category,
    codes: a.codes,
    hosting: a.hosting,
    url: a.url,
    technology: a.technology,
    users: a.users,
    yearlyCost: a.yearly_cost === null ? null : Number(a.yearly_cost),
    legalBasis: a.legal_basis,
    lifecycle: a.lifecycle,
    lifecycleChangedAt: iso(a.lifecycle_changed_at),
    mergedIntoId: a.merged_into_id,
    replacedBy: a.replaced_by,
    synthetic: a.synthetic,
    version: a.version,
    updatedAt: iso(a.updated_at),
  };
}
