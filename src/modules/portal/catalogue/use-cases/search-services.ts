import type { Actor } from '../../../../platform/auth/actor.ts';
import type { Deps } from '../../../../platform/deps.ts';
import { findCitizen } from '../../citizens/repo.ts';
import { analyzeTokens, browse, searchByText, searchByTrigram, type CatalogueFilter, type ServiceHit } from '../repo.ts';
import { normalizeQuery, planQuery, tokenize, toTsQueryText } from '../search-query.ts';

export const PAGE_SIZE = 20;

/**
 * How the results were found: `browse` without a query; `all` every word (or a correction or
 * synonym of it) matched; `any` no service had them all, so services with some of them; `similar`
 * nothing matched as words, so names that look like the query.
 */
export type SearchMode = 'browse' | 'all' | 'any' | 'similar';

export interface SearchResult {
  items: ServiceHit[];
  total: number;
  page: number;
  hasNext: boolean;
  mode: SearchMode;
  /** Words that were not in the catalogue and what they were read as. */
  corrected: { from: string; to: string }[];
}

/**
 * Public catalogue search and browsing (by agency, topic, life event); anyone may call it.
 * `home`: the searcher's regency/city code (35.78); its services, then the province's, rank first.
 */
export async function searchServices(deps: Pick<Deps, 'db'>, input: { q?: string; filter: CatalogueFilter; home?: string | null; page: number }): Promise<SearchResult> {
  const { db } = deps;
  const offset = (input.page - 1) * PAGE_SIZE;
  const normalized = normalizeQuery(input.q ?? '');
  const tokens = tokenize(normalized);
  const finish = (items: ServiceHit[], mode: SearchMode, corrected: SearchResult['corrected'] = []): SearchResult => {
    const total = items[0] ? Number(items[0].total) : 0;
    return { items, total, page: input.page, hasNext: offset + items.length < total, mode, corrected };
  };
  if (tokens.length === 0) return finish(await browse(db, { filter: input.filter, home: input.home, limit: PAGE_SIZE, offset }), 'browse');

  const { facts, reverse } = await analyzeTokens(db, tokens, normalized);
  const plan = planQuery(facts, reverse);
  // A later page can be empty because it is past the end; only an empty first page moves on to
  // the next, looser way of matching, so every page of one search uses the same way.
  const firstPageEmpty = async (rows: ServiceHit[], probe: () => Promise<ServiceHit[]>) => rows.length === 0 && (offset === 0 || (await probe()).length === 0);
  if (plan.groups.length > 0) {
    const all = toTsQueryText(plan.groups, '&');
    const text = (tsquery: string, limit: number, off: number) => searchByText(db, { tsquery, raw: normalized, filter: input.filter, home: input.home, limit, offset: off });
    const rows = await text(all, PAGE_SIZE, offset);
    if (!(await firstPageEmpty(rows, () => text(all, 1, 0)))) return finish(rows, 'all', plan.corrected);
    if (plan.groups.length > 1) {
      const any = toTsQueryText(plan.groups, '|');
      const anyRows = await text(any, PAGE_SIZE, offset);
      if (!(await firstPageEmpty(anyRows, () => text(any, 1, 0)))) return finish(anyRows, 'any', plan.corrected);
    }
  }
  return finish(await searchByTrigram(db, { raw: normalized, filter: input.filter, home: input.home, limit: PAGE_SIZE, offset }), 'similar');
}

/**
 * The regency/city a signed-in citizen gave in their profile (a district counts as its regency),
 * for ranking; null for everyone else and for citizens who gave none.
 */
export async function homeRegencyOf(deps: Pick<Deps, 'db'>, actor: Actor | null): Promise<string | null> {
  if (actor?.kind !== 'user') return null;
  const citizen = await findCitizen(deps.db, actor.userId);
  if (!citizen?.region_code) return null;
  return citizen.region_kind === 'kecamatan' ? citizen.region_parent : citizen.region_code;
}
