import type { Deps } from '../../../../platform/deps.ts';
import type { Actor } from '../../../../platform/auth/actor.ts';
import { ensure } from '../../../../platform/auth/policy.ts';
import { detectDuplicates, type CandidateGroup, type GroupKind } from '../../duplicates/index.ts';
import { katalogPolicy } from '../../policy.ts';
import { detectionFingerprint, listDismissals, listReviews, loadDetectionApps, qualifierWords } from '../repo.ts';

export type ReviewStatus = 'open' | 'confirmed' | 'dismissed';

export interface GroupApp {
  id: string;
  key: string;
  name: string;
  opdId: string | null;
  opdName: string | null;
}

export interface DuplicateGroupView extends CandidateGroup {
  apps: GroupApp[];
  status: ReviewStatus;
  note: string | null;
  reviewedBy: string | null;
  reviewedAt: Date | null;
}

interface Detection {
  fingerprint: string;
  groups: CandidateGroup[];
  apps: Map<string, GroupApp>;
  ms: number;
}

// Detection over a whole national portfolio takes seconds; it is recomputed only when an app,
// a dismissal or an agency changed (the fingerprint), and at most one run is in flight.
// Kept per database handle, so two databases in one process (tests) never share a result.
const cache = new WeakMap<object, { cached?: Detection; running?: Promise<Detection> }>();

async function detect(deps: Pick<Deps, 'db'>): Promise<Detection> {
  const slot = cache.get(deps.db) ?? {};
  cache.set(deps.db, slot);
  const fingerprint = await detectionFingerprint(deps.db);
  if (slot.cached?.fingerprint === fingerprint) return slot.cached;
  slot.running ??= (async () => {
    try {
      const started = performance.now();
      const [apps, dismissals, qualifiers] = await Promise.all([loadDetectionApps(deps.db), listDismissals(deps.db), qualifierWords(deps.db)]);
      const result = detectDuplicates(apps, { dismissals, qualifiers });
      const cached: Detection = {
        fingerprint,
        groups: result.groups,
        apps: new Map(apps.map((a) => [a.key, { id: a.id, key: a.key, name: a.name, opdId: a.opdId || null, opdName: a.opdName }])),
        ms: performance.now() - started,
      };
      slot.cached = cached;
      return cached;
    } finally {
      slot.running = undefined;
    }
  })();
  return slot.running;
}

/** Forget the cached detection of a database (tests). */
export function resetDuplicateCache(db?: object): void {
  if (db) cache.delete(db);
}

/**
 * Candidate duplicate groups across the whole portfolio, with their review state. Only those who
 * see every agency's apps (SPBE team, auditors, admins) may look: a group names apps of several
 * agencies.
 */
export async function findDuplicates(
  deps: Pick<Deps, 'db'>,
  actor: Actor | null,
  filter: { kind?: GroupKind; status?: ReviewStatus; opdId?: string; minScore?: number } = {},
): Promise<{ groups: DuplicateGroupView[]; detectionMs: number; appsConsidered: number }> {
  ensure(actor, katalogPolicy.readAll(actor));
  return duplicateGroups(deps, filter);
}

/**
 * The groups without a policy check: for the CLI (the operator holds the database anyway) and for
 * use cases that checked their own policy first.
 */
export async function duplicateGroups(
  deps: Pick<Deps, 'db'>,
  filter: { kind?: GroupKind; status?: ReviewStatus; opdId?: string; minScore?: number } = {},
): Promise<{ groups: DuplicateGroupView[]; detectionMs: number; appsConsidered: number }> {
  const detection = await detect(deps);
  const reviews = new Map((await listReviews(deps.db)).map((r) => [r.group_key, r]));
  const groups: DuplicateGroupView[] = detection.groups.map((g) => {
    const review = reviews.get(g.id);
    return {
      ...g,
      apps: g.appKeys.map((k) => detection.apps.get(k)).filter((a): a is GroupApp => !!a),
      status: review?.status ?? 'open',
      note: review?.note ?? null,
      reviewedBy: review?.reviewed_label ?? null,
      reviewedAt: review?.reviewed_at ?? null,
    };
  });
  const filtered = groups.filter(
    (g) =>
      (!filter.kind || g.kind === filter.kind) &&
      (!filter.status || g.status === filter.status) &&
      (!filter.opdId || g.apps.some((a) => a.opdId === filter.opdId)) &&
      (filter.minScore === undefined || g.score >= filter.minScore),
  );
  filtered.sort((a, b) => b.score - a.score || a.id.localeCompare(b.id));
  return { groups: filtered, detectionMs: Math.round(detection.ms), appsConsidered: detection.apps.size };
}

/** One current group by its key, or undefined when the portfolio no longer forms it. */
export async function findDuplicateGroup(deps: Pick<Deps, 'db'>, actor: Actor | null, groupKey: string): Promise<DuplicateGroupView | undefined> {
  return (await findDuplicates(deps, actor)).groups.find((g) => g.id === groupKey);
}
