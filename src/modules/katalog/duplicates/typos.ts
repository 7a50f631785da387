/**
 * Typo tolerance: optimal-string-alignment distance (Levenshtein plus adjacent transposition)
 * and a symmetric-delete index (the SymSpell idea) so a misspelt word finds its neighbours in
 * the vocabulary by hashing, without comparing it with every word.
 */

/** Edit distance with adjacent transpositions; returns `max + 1` as soon as it must exceed `max`. */
export function editDistance(a: string, b: string, max = Number.POSITIVE_INFINITY): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const n = b.length;
  let prevPrev = new Array<number>(n + 1).fill(0);
  let prev = Array.from({ length: n + 1 }, (_, j) => j);
  let cur = new Array<number>(n + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    let rowMin = i;
    for (let j = 1; j <= n; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, prevPrev[j - 2]! + 1);
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return max + 1;
    [prevPrev, prev, cur] = [prev, cur, prevPrev];
  }
  return prev[n]!;
}

/**
 * The distance a word of this length may be off by: none under 6 letters (short Indonesian
 * words are too often another real word one letter away: hamil/hasil, tidak/tindak), 1 up to
 * 8, 2 from 9.
 */
export function allowedDistance(length: number): number {
  if (length < 6) return 0;
  return length < 9 ? 1 : 2;
}

function deletes(word: string, depth: number, into: Set<string>): void {
  if (depth === 0) return;
  for (let i = 0; i < word.length; i++) {
    const d = word.slice(0, i) + word.slice(i + 1);
    if (!into.has(d)) {
      into.add(d);
      deletes(d, depth - 1, into);
    }
  }
}

/** A vocabulary that answers "which known words are within typo distance of this one". */
export class TypoIndex {
  private readonly byDelete = new Map<string, string[]>();
  private readonly words = new Set<string>();

  add(word: string): void {
    if (this.words.has(word) || word.length < 4) return;
    this.words.add(word);
    const keys = new Set<string>([word]);
    deletes(word, allowedDistance(word.length), keys);
    for (const k of keys) {
      const list = this.byDelete.get(k);
      if (list) list.push(word);
      else this.byDelete.set(k, [word]);
    }
  }

  has(word: string): boolean {
    return this.words.has(word);
  }

  /** Vocabulary words within the allowed distance of `word`, nearest first (ties in insertion order). */
  near(word: string): { word: string; distance: number }[] {
    const max = allowedDistance(word.length);
    if (max === 0) return [];
    const keys = new Set<string>([word]);
    deletes(word, max, keys);
    const seen = new Set<string>();
    const out: { word: string; distance: number }[] = [];
    for (const k of keys) {
      for (const candidate of this.byDelete.get(k) ?? []) {
        // Slips rarely hit the first letter; karang → barang would be a new word, not a fix.
        if (candidate === word || seen.has(candidate) || candidate[0] !== word[0]) continue;
        seen.add(candidate);
        const d = editDistance(word, candidate, max);
        if (d <= max && d <= allowedDistance(candidate.length)) out.push({ word: candidate, distance: d });
      }
    }
    return out.sort((a, b) => a.distance - b.distance);
  }
}
