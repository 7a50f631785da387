import { detectDuplicates, type AppInput } from '../../katalog/duplicates/index.ts';
import type { DuplicateMatch, ProposalFacts } from './checks.ts';

/** The key the proposal carries as a pseudo-app in the duplicate engine. */
export const PROPOSAL_KEY = 'usulan-belanja:proposal';

/**
 * What the katalog's duplicate engine says about a proposal: it is added to the live portfolio
 * as a pseudo-app (its title, description, agency and reference codes, as if it were running),
 * and the groups it joins are its findings: other apps with the same capability or a similar
 * name and function, and a national general-application field it falls in. Apps the proposal
 * itself develops are not findings against it.
 */
export function duplicateFacts(
  portfolio: readonly (AppInput & { id: string; opdName: string | null })[],
  proposal: { title: string; description: string; opdId: string; regionCode: string | null; archCodes: string[]; touchedAppIds: string[] },
  qualifiers: string[],
): Pick<ProposalFacts, 'duplicates' | 'generalField'> {
  const codes = (prefix: string) => proposal.archCodes.filter((c) => c.startsWith(`${prefix}.`));
  const pseudo: AppInput = {
    key: PROPOSAL_KEY,
    name: proposal.title,
    acronym: null,
    description: proposal.description,
    opdId: proposal.opdId,
    regionCode: proposal.regionCode,
    category: 'khusus',
    lifecycle: 'aktif',
    rab: codes('RAB'),
    ral: codes('RAL'),
    raa: codes('RAA'),
  };
  const touched = new Set(proposal.touchedAppIds);
  const apps = portfolio.filter((a) => a.key !== PROPOSAL_KEY);
  const byKey = new Map(apps.map((a) => [a.key, a]));
  const { groups } = detectDuplicates([...apps, pseudo], { qualifiers });
  const duplicates = new Map<string, DuplicateMatch>();
  let generalField: ProposalFacts['generalField'] = null;
  for (const g of groups) {
    if (!g.appKeys.includes(PROPOSAL_KEY)) continue;
    if (g.kind === 'aplikasi_umum_lookalike') {
      if (g.generalField && !generalField) generalField = { code: g.generalField.code, name: g.generalField.name, systems: g.generalField.systems };
      continue;
    }
    // Only the apps linked to the proposal itself, not everything else the group holds together.
    const linked = new Map<string, number>();
    for (const p of g.pairs) {
      if (p.a === PROPOSAL_KEY) linked.set(p.b, Math.max(linked.get(p.b) ?? 0, p.score));
      if (p.b === PROPOSAL_KEY) linked.set(p.a, Math.max(linked.get(p.a) ?? 0, p.score));
    }
    for (const [key, score] of linked) {
      const app = byKey.get(key);
      if (!app || touched.has(app.id)) continue;
      const prev = duplicates.get(app.id);
      if (!prev || prev.score < score) duplicates.set(app.id, { appId: app.id, name: app.name, opdName: app.opdName, score: Math.round(score * 1000) / 1000, kind: g.kind });
    }
  }
  return { duplicates: [...duplicates.values()].sort((a, b) => b.score - a.score || a.name.localeCompare(b.name)), generalField };
}
