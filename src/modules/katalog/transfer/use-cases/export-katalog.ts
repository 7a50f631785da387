import type { Deps } from '../../../../platform/deps.ts';
import type { Actor } from '../../../../platform/auth/actor.ts';
import { exportApps, exportRegistry, listAgencies } from '../repo.ts';
import { exportScope } from './export-apps.ts';

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());
const num = (v: string | number | null) => (v === null ? null : Number(v));
const pad = (n: number) => String(n).padStart(2, '0');
/** A DATE column as `YYYY-MM-DD` (the driver hands dates over as local midnight). */
const day = (v: Date | string | null) => (v === null ? null : v instanceof Date ? `${v.getFullYear()}-${pad(v.getMonth() + 1)}-${pad(v.getDate())}` : String(v).slice(0, 10));

/**
 * The whole architecture repository the reader may see, as one JSON document: apps, services,
 * data sets, infrastructure (with tenants and security audits), integrations, the roadmap, and
 * rationalisation decisions and TIME scores. Records point at each other by key, agencies by code.
 */
export async function exportKatalog(deps: Pick<Deps, 'db' | 'clock'>, actor: Actor | null, options: { operator?: boolean } = {}) {
  const scope = exportScope(actor, !!options.operator);
  const [agencies, apps] = await Promise.all([listAgencies(deps.db), exportApps(deps.db, scope)]);
  const r = await exportRegistry(deps.db, scope, apps.map((a) => a.id));
  const opdCode = new Map(agencies.map((a) => [a.id, a.code]));
  const code = (id: string | null) => (id ? (opdCode.get(id) ?? null) : null);
  const appKey = new Map(apps.map((a) => [a.id, a.key]));
  const serviceKey = new Map(r.services.map((s) => [s.id, s.key]));
  const datasetKey = new Map(r.datasets.map((d) => [d.id, d.key]));
  const infraKey = new Map(r.infra.map((i) => [i.id, i.key]));
  const keyOf = { app: appKey, service: serviceKey, dataset: datasetKey, infra: infraKey } as const;
  const visibleApp = (id: string) => appKey.get(id);

  return {
    format: 'padu-katalog' as const,
    version: 1,
    exportedAt: deps.clock.now().toISOString(),
    scope: scope === 'all' ? ('all' as const) : scope.map((id) => code(id) ?? id),
    apps: apps.map((a) => ({
      key: a.key,
      name: a.name,
      acronym: a.acronym,
      description: a.description,
      agency: a.opd_code,
      agencyName: a.opd_name,
      category: a.category,
      codes: a.codes,
      hosting: a.hosting,
      url: a.url,
      technology: a.technology,
      users: a.users,
      yearlyCost: num(a.yearly_cost),
      legalBasis: a.legal_basis,
      lifecycle: a.lifecycle,
      lifecycleChangedAt: iso(a.lifecycle_changed_at)!,
      mergedInto: a.merged_into_key,
      replacedBy: a.replaced_by,
      synthetic: a.synthetic,
      version: a.version,
      createdAt: iso(a.created_at)!,
      updatedAt: iso(a.updated_at)!,
    })),
    services: r.services.map((s) => ({
      key: s.key,
      name: s.name,
      description: s.description,
      agency: code(s.opd_id),
      kind: s.kind,
      audience: s.audience,
      ralCode: s.ral_code,
      standard: s.standard ?? {},
      slaWorkingDays: s.sla_working_days,
      fee: num(s.fee),
      feeNote: s.fee_note,
      channels: s.channels,
      apps: r.serviceApps.filter((l) => l.service_id === s.id).flatMap((l) => visibleApp(l.app_id) ?? []),
      synthetic: s.synthetic,
    })),
    datasets: r.datasets.map((d) => ({
      key: d.key,
      name: d.name,
      description: d.description,
      radCode: d.rad_code,
      producer: code(d.producer_opd_id),
      walidata: code(d.walidata_opd_id),
      sensitivity: d.sensitivity,
      format: d.format,
      updateFrequency: d.update_frequency,
      referenceCodes: d.reference_codes,
      apps: r.datasetApps.filter((l) => l.dataset_id === d.id).flatMap((l) => (visibleApp(l.app_id) ? [{ app: visibleApp(l.app_id)!, access: l.access }] : [])),
      synthetic: d.synthetic,
    })),
    infrastructure: r.infra.map((i) => ({
      key: i.key,
      name: i.name,
      kind: i.kind,
      raiCode: i.rai_code,
      operator: code(i.operator_opd_id),
      description: i.description,
      location: i.location,
      tenants: r.tenants.filter((tn) => tn.infra_id === i.id).map((tn) => ({ agency: code(tn.opd_id), since: day(tn.since) })),
      synthetic: i.synthetic,
    })),
    securityAudits: r.audits.map((a) => ({
      app: a.app_id ? (appKey.get(a.app_id) ?? null) : null,
      infrastructure: a.infra_id ? (infraKey.get(a.infra_id) ?? null) : null,
      auditedOn: day(a.audited_on)!,
      nextDue: day(a.next_due)!,
      auditor: a.auditor,
      result: a.result,
    })),
    integrations: r.integrations.map((g) => ({
      consumer: appKey.get(g.consumer_app_id) ?? null,
      provider: appKey.get(g.provider_app_id) ?? null,
      dataset: g.dataset_id ? (datasetKey.get(g.dataset_id) ?? null) : null,
      channel: g.channel,
      integrated: g.integrated,
      note: g.note,
    })),
    roadmap: r.roadmap.map((item) => ({
      key: item.key,
      area: item.area,
      title: item.title,
      description: item.description,
      baseline: item.baseline,
      target: item.target,
      startYear: item.start_year,
      endYear: item.end_year,
      owner: code(item.owner_opd_id),
      budgetCode: item.budget_code,
      status: item.status,
      links: r.roadmapLinks.filter((l) => l.item_id === item.id).flatMap((l) => {
        const key = keyOf[l.target_type].get(l.target_id);
        return key ? [{ type: l.target_type, key }] : [];
      }),
      synthetic: item.synthetic,
    })),
    decisions: r.decisions.map((d) => ({
      app: appKey.get(d.app_id)!,
      decision: d.decision,
      target: d.target_app_id ? (appKey.get(d.target_app_id) ?? null) : null,
      replacementName: d.replacement_name,
      targetDate: day(d.target_date),
      reason: d.reason,
      legalBasis: d.legal_basis,
      status: d.status,
      decidedBy: d.decided_label,
      decidedAt: iso(d.decided_at)!,
      closedAt: iso(d.closed_at),
    })),
    timeAssessments: r.assessments.map((a) => ({
      app: appKey.get(a.app_id)!,
      functionalFit: a.functional_fit,
      technicalFit: a.technical_fit,
      classification: a.classification,
      note: a.note,
      assessedBy: a.assessed_label,
      assessedAt: iso(a.assessed_at)!,
    })),
  };
}

export type KatalogExport = Awaited<ReturnType<typeof exportKatalog>>;
