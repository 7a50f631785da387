import { CONSIDERED_LIFECYCLES } from '../duplicates/detect.ts';
import { pairKey } from '../duplicates/groups.ts';
import type { CandidateGroup } from '../duplicates/types.ts';
import type { GeneratedApp } from './generate-apps.ts';

/** Precision and recall of one kind of finding against the generator's ground truth. */
export interface Score {
  truePositives: number;
  falsePositives: number;
  falseNegatives: number;
  precision: number;
  recall: number;
}

function score(predicted: Set<string>, truth: Set<string>): Score {
  let tp = 0;
  for (const p of predicted) if (truth.has(p)) tp++;
  const fp = predicted.size - tp;
  const fn = truth.size - tp;
  return { truePositives: tp, falsePositives: fp, falseNegatives: fn, precision: predicted.size ? tp / predicted.size : 1, recall: truth.size ? tp / truth.size : 1 };
}

/**
 * Pairs of apps that do the same job: same government, same function, both compared by the
 * detector (planned or running), and not an agency app against a national general app (that
 * is the look-alike rule's finding).
 */
export function truePairs(apps: readonly GeneratedApp[]): Set<string> {
  const byJob = new Map<string, GeneratedApp[]>();
  for (const a of apps) {
    if (!CONSIDERED_LIFECYCLES.has(a.lifecycle)) continue;
    const k = `${a.regionCode}\u0000${a.truth.functionId}`;
    byJob.set(k, [...(byJob.get(k) ?? []), a]);
  }
  const out = new Set<string>();
  for (const list of byJob.values()) {
    for (let i = 0; i < list.length; i++) for (let j = i + 1; j < list.length; j++) out.add(pairKey(list[i]!.key, list[j]!.key));
  }
  return out;
}

/** Agency-own apps (planned or running) whose function lies in one of the 8 general fields. */
export function trueLookalikes(apps: readonly GeneratedApp[]): Set<string> {
  return new Set(apps.filter((a) => a.category === 'khusus' && CONSIDERED_LIFECYCLES.has(a.lifecycle) && a.truth.lookalikeField).map((a) => a.key));
}

/** Scores duplicate pairs (all pairs inside `same_capability` and `similar_name` groups) and look-alike apps. */
export function evaluateAgainstTruth(groups: readonly CandidateGroup[], apps: readonly GeneratedApp[]): { pairs: Score; lookalikes: Score; lookalikeFieldAccuracy: number } {
  const predictedPairs = new Set<string>();
  const predictedLookalikes = new Set<string>();
  const fieldOf = new Map<string, Set<string>>();
  for (const g of groups) {
    if (g.kind === 'aplikasi_umum_lookalike') {
      for (const p of g.pairs) {
        predictedLookalikes.add(p.a);
        fieldOf.set(p.a, (fieldOf.get(p.a) ?? new Set()).add(g.generalField!.code));
      }
      continue;
    }
    for (let i = 0; i < g.appKeys.length; i++) for (let j = i + 1; j < g.appKeys.length; j++) predictedPairs.add(pairKey(g.appKeys[i]!, g.appKeys[j]!));
  }
  const truthLookalikes = trueLookalikes(apps);
  const byKey = new Map(apps.map((a) => [a.key, a]));
  let right = 0;
  let flagged = 0;
  for (const k of predictedLookalikes) {
    const field = byKey.get(k)?.truth.lookalikeField;
    if (!field) continue;
    flagged++;
    if (fieldOf.get(k)!.has(field)) right++;
  }
  return { pairs: score(predictedPairs, truePairs(apps)), lookalikes: score(predictedLookalikes, truthLookalikes), lookalikeFieldAccuracy: flagged ? right / flagged : 1 };
}

