import type { AssessmentRow, DecisionRow } from './repo.ts';
import type { Portfolio } from './use-cases/get-portfolio.ts';
import type { TimeQuadrant } from './use-cases/get-time-quadrant.ts';
import type { CapabilityCoverage } from './use-cases/get-capability-coverage.ts';

const iso = (d: Date | string) => new Date(d).toISOString();

export function presentAssessment(a: AssessmentRow) {
  return {
    id: String(a.id),
    appId: a.app_id,
    functionalFit: a.functional_fit,
    technicalFit: a.technical_fit,
    classification: a.classification,
    note: a.note,
    assessedBy: a.assessed_label,
    assessedAt: iso(a.assessed_at),
  };
}

export function presentTimeQuadrant(q: TimeQuadrant) {
  return {
    counts: { ...q.counts, notAssessed: q.notAssessed },
    items: q.items.map((i) => ({ ...presentAssessment(i), appName: i.name, appAcronym: i.acronym, opdId: i.opd_id, opdName: i.opd_name })),
  };
}

/** Open and past its target date (compared with today's local date). */
export const isOverdue = (d: Pick<DecisionRow, 'status' | 'target_date'>, today: string) => d.status === 'planned' && d.target_date !== null && d.target_date < today;

export function presentDecision(d: DecisionRow, today: string) {
  return {
    id: d.id,
    appId: d.app_id,
    appName: d.app_name,
    appLifecycle: d.app_lifecycle,
    opdId: d.opd_id,
    opdName: d.opd_name,
    decision: d.decision,
    targetAppId: d.target_app_id,
    targetAppName: d.target_app_name,
    replacementName: d.replacement_name,
    targetDate: d.target_date,
    overdue: isOverdue(d, today),
    reason: d.reason,
    legalBasis: d.legal_basis,
    status: d.status,
    decidedBy: d.decided_label,
    decidedAt: iso(d.decided_at),
    closedBy: d.closed_by_label,
    closedAt: d.closed_at === null ? null : iso(d.closed_at),
  };
}

const appRef = (a: { id: string; name: string; opd_id: string | null; opd_name: string | null }) => ({ id: a.id, name: a.name, opdId: a.opd_id, opdName: a.opd_name });

export function presentPortfolio(p: Portfolio) {
  return {
    opdId: p.opd?.id ?? null,
    opdName: p.opd?.name ?? null,
    asOf: iso(p.asOf),
    months: p.months,
    active: p.active,
    activeNow: p.activeNow,
    agencies: p.agencies,
    costSaved: p.costSaved,
    hosting: { outsideDataCentre: p.hosting.outsideDataCentre, unknown: p.hosting.unknown, apps: p.hosting.apps.map((a) => ({ ...appRef(a), hosting: a.hosting! })) },
    withoutOwner: { count: p.withoutOwner.count, apps: p.withoutOwner.apps.map(appRef) },
    quality: { overall: p.quality.overall, apps: p.quality.apps, leastComplete: p.quality.leastComplete.map((q) => ({ ...appRef(q.app), score: q.score, missing: q.missing })) },
    time: p.time,
    decisions: p.decisions,
  };
}

export function presentCapabilityCoverage(c: CapabilityCoverage) {
  return {
    gaps: c.gaps,
    single: c.single,
    several: c.several,
    items: c.items.map((i) => ({ code: i.code, kind: i.kind as 'RAB' | 'RAL', name: i.name, apps: i.apps })),
  };
}
