/**
 * Turning what a citizen typed into a PostgreSQL full-text query (the `indonesian` snowball
 * configuration, so "perizinan" and "izin" meet at the stem "izin"):
 *
 * 1. normalize: lower case, accents and punctuation dropped, at most MAX_TOKENS words;
 * 2. per word, the alternatives: the word itself, what it abbreviates (KTP → kartu <-> tanda <->
 *    penduduk), and — when the word is not in the catalogue's vocabulary — the closest words by
 *    trigram similarity ("kelahrian" → "kelahiran");
 * 3. phrases of the synonym list found in the query add their abbreviation ("kartu kuning" → ak1);
 * 4. words are ANDed; the caller falls back to OR when AND finds nothing.
 *
 * Everything put into the query text is [a-z0-9] words joined by operators this file writes, so
 * user input can never change the query's structure.
 */
export const MAX_TOKENS = 8;
const MAX_TOKEN_LENGTH = 40;

export function normalizeQuery(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim()
    .slice(0, 200);
}

export function tokenize(normalized: string): string[] {
  const seen = new Set<string>();
  for (const t of normalized.split(' ')) {
    if (t.length >= 2 && t.length <= MAX_TOKEN_LENGTH) seen.add(t);
    if (seen.size >= MAX_TOKENS) break;
  }
  return [...seen];
}

/** What the database knows about one query word. */
export interface TokenFacts {
  token: string;
  /** A stop word of the Indonesian configuration ("dan", "yang"): it matches nothing. */
  stopWord: boolean;
  /** The word or its stem occurs in the catalogue. */
  known: boolean;
  /** What it abbreviates or spells differently (phrases, lower case). */
  expansions: string[];
  /** Closest catalogue words, best first, when it is not known. */
  corrections: string[];
}

export interface PlannedQuery {
  /** One group per meaningful word: its alternatives (single words or phrases). */
  groups: string[][];
  /** Words replaced by a correction, for "showing results for". */
  corrected: { from: string; to: string }[];
}

const WORD = /^[a-z0-9]+$/;

function phrase(text: string): string | null {
  const words = text.split(' ').filter((w) => WORD.test(w));
  return words.length ? words.join(' <-> ') : null;
}

/** The groups of alternatives for a query, from the facts the database returned. */
export function planQuery(facts: readonly TokenFacts[], reverse: readonly { term: string; expansion: string }[]): PlannedQuery {
  const groups: string[][] = [];
  const corrected: PlannedQuery['corrected'] = [];
  const tokens = facts.map((f) => f.token);
  const taken = new Set<number>();
  // "kartu tanda penduduk" typed out also finds services that only say "KTP": the words of the
  // phrase become one group, the phrase or its abbreviation.
  const phraseGroups = new Map<number, Set<string>>();
  const extraTerms = new Map<number, string[]>();
  for (const r of reverse) {
    if (!WORD.test(r.term)) continue;
    const words = r.expansion.split(' ');
    if (words.length === 1) {
      // "akta" also finds "akte", "pbg" also "imb": one more alternative for that word.
      tokens.forEach((tk, i) => tk === words[0] && extraTerms.set(i, [...(extraTerms.get(i) ?? []), r.term]));
      continue;
    }
    for (let i = 0; i + words.length <= tokens.length; i++) {
      if (!words.every((w, j) => tokens[i + j] === w)) continue;
      const p = phrase(r.expansion);
      if (!p) continue;
      for (let j = 1; j < words.length; j++) taken.add(i + j);
      const set = phraseGroups.get(i) ?? new Set<string>();
      set.add(p);
      set.add(r.term);
      phraseGroups.set(i, set);
    }
  }
  facts.forEach((f, i) => {
    if (taken.has(i)) return;
    const fromPhrase = phraseGroups.get(i);
    if (fromPhrase) {
      groups.push([...fromPhrase]);
      return;
    }
    if (f.stopWord) return;
    const alternatives = new Set<string>([f.token]);
    for (const e of f.expansions) {
      const p = phrase(e);
      if (p) alternatives.add(p);
    }
    for (const term of extraTerms.get(i) ?? []) alternatives.add(term);
    if (!f.known && f.expansions.length === 0) {
      for (const c of f.corrections) if (WORD.test(c)) alternatives.add(c);
      if (f.corrections[0]) corrected.push({ from: f.token, to: f.corrections[0] });
    }
    groups.push([...alternatives]);
  });
  return { groups, corrected };
}

/** `to_tsquery` text: alternatives ORed inside a group, groups joined by `joiner`. */
export function toTsQueryText(groups: readonly string[][], joiner: '&' | '|'): string {
  return groups.map((g) => `(${g.map((a) => (a.includes(' ') ? `(${a})` : a)).join(' | ')})`).join(` ${joiner} `);
}
