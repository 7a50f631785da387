import type { Deps } from '../../../../platform/deps.ts';
import type { Actor } from '../../../../platform/auth/actor.ts';
import { ensure } from '../../../../platform/auth/policy.ts';
import { notFound } from '../../../../platform/http/errors.ts';
import { LIVE_LIFECYCLES, TIME_CLASSES, type Hosting, type TimeClass } from '../../db.ts';
import { katalogPolicy } from '../../policy.ts';
import { activeCurve, appQuality, costSavedByYear, localDate, localParts, meanScore, monthKey, SHARED_HOSTINGS, type QualityField } from '../metrics.ts';
import { countOpenDecisions, currentApps, endedApps, findOpd, latestAssessments, lifecycleDeltas, opdNamesInScope, type CurrentAppRow } from '../repo.ts';

export const LEAST_COMPLETE_DEFAULT = 20;
/** Apps listed by name under "outside the shared data centre" and "without an owner". */
export const APP_LIST_LIMIT = 200;

const isLive = (a: CurrentAppRow) => (LIVE_LIFECYCLES as readonly string[]).includes(a.lifecycle);
const isOutside = (h: Hosting | null) => h !== null && !(SHARED_HOSTINGS as readonly string[]).includes(h);

export interface PortfolioAgency {
  opdId: string | null;
  opdName: string | null;
  active: number[];
  activeNow: number;
  currentApps: number;
  quality: number | null;
  outsideDataCentre: number;
}

/**
 * The portfolio numbers: the active-app curve month by month (province-wide and per agency), the
 * yearly cost no longer spent, hosting outside the shared data centres, apps nobody owns, data
 * quality, the TIME mix and open decisions. Everything is limited to what the actor may read, so
 * an agency's staff see their agency's portfolio and the SPBE team sees the province.
 */
export async function getPortfolio(deps: Pick<Deps, 'db' | 'clock' | 'config'>, actor: Actor | null, filter: { opdId?: string; leastComplete?: number } = {}) {
  const opdIds = katalogPolicy.readableOpdIds(actor);
  ensure(actor, opdIds === 'all' || opdIds.length > 0);
  let opd: { id: string; name: string } | null = null;
  if (filter.opdId) {
    const found = await findOpd(deps.db, filter.opdId);
    if (!found || !katalogPolicy.read(actor, found.id)) throw notFound();
    opd = { id: found.id, name: found.name };
  }
  const scope = { opdIds, opdId: filter.opdId };
  const tz = deps.config.timeZone;
  const now = deps.clock.now();
  const today = localParts(now, tz);
  const [deltas, ended, apps, assessed, decisions, names] = await Promise.all([
    lifecycleDeltas(deps.db, scope, tz),
    endedApps(deps.db, scope, tz),
    currentApps(deps.db, scope),
    latestAssessments(deps.db, scope),
    countOpenDecisions(deps.db, { ...scope, today: localDate(now, tz) }),
    opdNamesInScope(deps.db, scope),
  ]);

  const curve = activeCurve(deltas, monthKey(today.year, today.month));
  const quality = apps.map((a) => ({
    app: a,
    ...appQuality({
      name: a.name,
      description: a.description,
      opdId: a.opd_id,
      category: a.category,
      hasCapabilityCode: Boolean(a.has_capability_code),
      hosting: a.hosting,
      url: a.url,
      yearlyCost: a.yearly_cost === null ? null : Number(a.yearly_cost),
      legalBasis: a.legal_basis,
      lifecycle: a.lifecycle,
    }),
  }));
  const live = apps.filter(isLive);

  const agencyIds = new Set<string | null>([...curve.byOpd.keys(), ...apps.map((a) => a.opd_id)]);
  const agencies: PortfolioAgency[] = [...agencyIds].map((id) => {
    const series = curve.byOpd.get(id) ?? curve.months.map(() => 0);
    const mine = quality.filter((q) => q.app.opd_id === id);
    return {
      opdId: id,
      opdName: id === null ? null : (names.get(id) ?? null),
      active: series,
      activeNow: series[series.length - 1] ?? 0,
      currentApps: mine.length,
      quality: meanScore(mine.map((q) => q.score)),
      outsideDataCentre: live.filter((a) => a.opd_id === id && isOutside(a.hosting)).length,
    };
  });
  agencies.sort((a, b) => b.activeNow - a.activeNow || (a.opdName ?? '\uffff').localeCompare(b.opdName ?? '\uffff', 'id'));

  const timeMix = Object.fromEntries(TIME_CLASSES.map((c) => [c, 0])) as Record<TimeClass, number>;
  for (const a of assessed) timeMix[a.classification]++;
  const outside = live.filter((a) => isOutside(a.hosting));
  const withoutOwner = live.filter((a) => a.opd_id === null);
  const leastComplete = [...quality]
    .sort((a, b) => a.score - b.score || a.app.name.localeCompare(b.app.name, 'id') || a.app.id.localeCompare(b.app.id))
    .slice(0, filter.leastComplete ?? LEAST_COMPLETE_DEFAULT);

  return {
    opd,
    asOf: now,
    months: curve.months,
    active: curve.total,
    activeNow: curve.total[curve.total.length - 1] ?? 0,
    agencies,
    costSaved: costSavedByYear(ended),
    hosting: { outsideDataCentre: outside.length, unknown: live.filter((a) => a.hosting === null).length, apps: outside.slice(0, APP_LIST_LIMIT) },
    withoutOwner: { count: withoutOwner.length, apps: withoutOwner.slice(0, APP_LIST_LIMIT) },
    quality: {
      overall: meanScore(quality.map((q) => q.score)),
      apps: quality.length,
      leastComplete: leastComplete.map((q) => ({ app: q.app, score: q.score, missing: q.missing as QualityField[] })),
    },
    time: { ...timeMix, notAssessed: apps.length - assessed.length },
    decisions,
    synthetic: apps.some((a) => a.synthetic),
  };
}

export type Portfolio = Awaited<ReturnType<typeof getPortfolio>>;
