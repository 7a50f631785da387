import type { Deps } from '../../../../platform/deps.ts';
import type { Actor } from '../../../../platform/auth/actor.ts';
import { ensure } from '../../../../platform/auth/policy.ts';
import type { ArchKind } from '../../db.ts';
import { katalogPolicy } from '../../policy.ts';
import { levelTwoCode } from '../metrics.ts';
import { activeAppCapabilityCodes, levelTwoCapabilities } from '../repo.ts';

export const CAPABILITY_KINDS = ['RAB', 'RAL'] as const satisfies readonly ArchKind[];

export interface CoverageApp {
  id: string;
  name: string;
  acronym: string | null;
  opdName: string | null;
}

/**
 * For every level-2 capability of the reference architecture (RAB business processes, RAL
 * services): the active apps that support it, directly or through a deeper province code. A
 * capability with none is a gap; one with several is a consolidation candidate.
 */
export async function getCapabilityCoverage(deps: Pick<Deps, 'db'>, actor: Actor | null, filter: { kind?: (typeof CAPABILITY_KINDS)[number]; opdId?: string }) {
  const opdIds = katalogPolicy.readableOpdIds(actor);
  ensure(actor, opdIds === 'all' || opdIds.length > 0);
  const kinds = filter.kind ? [filter.kind] : [...CAPABILITY_KINDS];
  const [capabilities, links] = await Promise.all([levelTwoCapabilities(deps.db, kinds), activeAppCapabilityCodes(deps.db, { opdIds, opdId: filter.opdId })]);
  const appsByCode = new Map<string, Map<string, CoverageApp>>();
  for (const l of links) {
    const code = levelTwoCode(l.code);
    if (!code) continue;
    let apps = appsByCode.get(code);
    if (!apps) appsByCode.set(code, (apps = new Map()));
    apps.set(l.id, { id: l.id, name: l.name, acronym: l.acronym, opdName: l.opd_name });
  }
  const items = capabilities.map((c) => ({ code: c.code, kind: c.kind, name: c.name, apps: [...(appsByCode.get(c.code)?.values() ?? [])] }));
  return {
    items,
    gaps: items.filter((i) => i.apps.length === 0).length,
    single: items.filter((i) => i.apps.length === 1).length,
    several: items.filter((i) => i.apps.length > 1).length,
  };
}

export type CapabilityCoverage = Awaited<ReturnType<typeof getCapabilityCoverage>>;
