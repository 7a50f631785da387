import {
  BOILERPLATE,
  CONCEPTS,
  ENGLISH,
  englishSingular,
  GENERIC,
  KNOWN_ACRONYMS,
  PHRASES,
  QUALIFIERS,
  ROOTS,
  STEM_EXCEPTIONS,
  STOPWORDS,
} from './lexicon.ts';
import { isKnownRoot, stemWord } from './stemmer.ts';
import { TypoIndex } from './typos.ts';

/** How a written word became a concept; used to explain a finding. */
export type Via = 'word' | 'affix' | 'translation' | 'acronym' | 'typo' | 'prefix' | 'truncation' | 'phrase';

/** One content word of a name or description, read as a concept. */
export interface Term {
  concept: string;
  /** The word as written, lower case. */
  surface: string;
  via: Via;
  /** For acronyms, typos, prefixes: what was read (`SIMPEG = sistem informasi manajemen kepegawaian`). */
  detail?: string;
  generic: boolean;
  /** False for a word the lexicon does not know (a brand name, an unexpanded acronym). */
  known: boolean;
}

/** A word as split from the text. */
export interface RawToken {
  text: string;
  upper: boolean;
  /** Part of a camel-case word (SiPeg → si, peg): allows reading a truncated syllable. */
  camel: boolean;
}

type Resolution = 'drop' | 'boilerplate' | 'stop' | Term[];

interface DfsWord {
  forms: string[];
  skip: boolean;
  terms: Term[];
  /** Written like an acronym (SIMPEG, SiPeg, Simpeg): may be expanded by another app's name. */
  acronymLike: boolean;
  english: boolean;
}

/** What the analysis knows about one app's name and description. */
export interface TextProfile {
  /** Content terms of the name (and declared acronym), in order. */
  nameTerms: Term[];
  /** First non-generic concept of the name: the head of an Indonesian noun phrase. */
  head?: string;
  descTerms: Term[];
  /** Lower-case words of the name and acronym as written, for matching system names. */
  rawName: string[];
}

const wordCache = new Map<string, RawToken[]>();

function splitWord(word: string): RawToken[] {
  let cached = wordCache.get(word);
  if (cached) return cached;
  const parts = /[a-z0-9][A-Z]|[A-Z][A-Z][a-z]/.test(word)
    ? word
        .replace(/([a-z0-9])([A-Z])/g, '$1\u0000$2')
        .replace(/([A-Z]+)([A-Z][a-z])/g, '$1\u0000$2')
        .split('\u0000')
        .filter(Boolean)
    : [word];
  cached = parts.map((part) => ({ text: part.toLowerCase(), upper: part.length >= 2 && /[A-Z]/.test(part) && part === part.toUpperCase(), camel: parts.length > 1 }));
  if (wordCache.size > 200_000) wordCache.clear();
  wordCache.set(word, cached);
  return cached;
}

/** Splits text into words: diacritics off, camel case and punctuation split, `&` read as "dan". */
export function tokenize(text: string): RawToken[] {
  const out: RawToken[] = [];
  const clean = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/&/g, ' dan ')
    // Reduplication is one word: oleh-oleh (souvenirs) is not two stop words.
    .replace(/\b([A-Za-z]+)-\1\b/gi, (_, w: string) => (w + w).toLowerCase());
  for (const word of clean.split(/[^A-Za-z0-9]+/)) {
    if (word) for (const t of splitWord(word)) out.push(t);
  }
  return out;
}

const JOINED_PREFIXES = ['sim', 'si', 'e'];

/**
 * Reads names and descriptions of a whole portfolio into concepts. It is built over the
 * portfolio because three of its steps learn from it: stems that only the portfolio knows,
 * typo corrections towards words other apps spell right, and acronyms expanded by another
 * app's full name.
 */
export class Analyzer {
  private readonly cache = new Map<string, Resolution>();
  private readonly qualifierWords = new Set<string>();
  private readonly qualifierPhrases = new Map<string, string[][]>();
  private extraRoots = new Set<string>();
  private typoIndex?: TypoIndex;
  private typoVocabularyDf = new Map<string, number>();
  private truncations?: Map<string, Set<string>>;
  private acronymDictionary = new Map<string, { terms: Term[]; text: string }>();

  constructor(qualifiers: readonly string[] = []) {
    for (const q of qualifiers) {
      const words = tokenize(q).map((t) => t.text);
      // A one-word qualifier that is also a function word (Hukum, Pendidikan) would blank out
      // real names; only phrases may contain such words (Biro Hukum).
      if (words.length === 1 && !isKnownRoot(words[0]!) && !KNOWN_ACRONYMS[words[0]!]) this.qualifierWords.add(words[0]!);
      else if (words.length > 1) {
        const list = this.qualifierPhrases.get(words[0]!) ?? [];
        list.push(words);
        this.qualifierPhrases.set(words[0]!, list);
      }
    }
  }

  /** Analyses every app's texts; the order of `texts` is kept in the result. */
  analyseAll(texts: { name: string; acronym?: string | null; description?: string | null }[]): TextProfile[] {
    const tokenised = texts.map((t) => {
      const name = this.dropQualifierPhrases(tokenize(t.name));
      const acronym = t.acronym ? tokenize(t.acronym) : [];
      const nameTexts = new Set(name.map((x) => x.text));
      const extra = acronym.filter((x) => !nameTexts.has(x.text));
      return { name, extra, desc: t.description ? this.dropQualifierPhrases(tokenize(t.description)) : [], acronym: t.acronym };
    });

    // Words seen in the portfolio: roots of last resort for the stemmer, targets for typos.
    const df = new Map<string, number>();
    for (const t of tokenised) {
      for (const w of new Set([...t.name, ...t.extra, ...t.desc].map((x) => x.text))) df.set(w, (df.get(w) ?? 0) + 1);
    }
    this.extraRoots = new Set([...df.keys()].filter((w) => w.length >= 4 && /^[a-z]+$/.test(w)));
    this.buildTypoIndex(df);

    const profiles = tokenised.map((t) => {
      const nameWords = [...t.name, ...t.extra].map((tok) => this.dfsWord(tok));
      const descTerms = this.applyPhrases(t.desc.flatMap((tok) => this.termsOf(tok)));
      return { nameWords, nameTokenCount: t.name.length, descTerms, rawName: [...t.name, ...t.extra].map((x) => x.text), acronym: t.acronym };
    });

    this.learnAcronyms(profiles);

    return profiles.map((p) => {
      const mainWords = p.nameWords.slice(0, p.nameTokenCount);
      const main = this.applyPhrases(mainWords.flatMap((w) => this.expand(w.terms)));
      const extra = this.applyPhrases(p.nameWords.slice(p.nameTokenCount).flatMap((w) => this.expand(w.terms)));
      const nameTerms = [...main, ...extra];
      const descTerms = p.descTerms.flatMap((term) => this.expand([term]));
      const words = mainWords.filter((w) => !w.skip);
      const english = words.length > 1 && words.filter((w) => w.english).length * 2 >= words.length;
      // The head is a word the lexicon knows: a brand (SiCantik Perizinan) is not the job.
      const ordered = english ? [...main].reverse() : main;
      const content = ordered.find((x) => !x.generic && x.known) ?? ordered.find((x) => !x.generic);
      const head = (content ?? nameTerms.find((x) => !x.generic))?.concept;
      return { nameTerms, head, descTerms, rawName: p.rawName };
    });
  }

  /** Concepts of a free text (a keyword, a phrase) with the portfolio knowledge learnt so far. */
  analysePhrase(text: string): Term[] {
    return this.applyPhrases(this.dropQualifierPhrases(tokenize(text)).flatMap((tok) => this.expand(this.termsOf(tok))));
  }

  private dropQualifierPhrases(tokens: RawToken[]): RawToken[] {
    if (this.qualifierPhrases.size === 0) return tokens;
    const out: RawToken[] = [];
    for (let i = 0; i < tokens.length; i++) {
      const phrases = this.qualifierPhrases.get(tokens[i]!.text);
      const hit = phrases?.find((ph) => ph.every((w, k) => tokens[i + k]?.text === w));
      if (hit) i += hit.length - 1;
      else out.push(tokens[i]!);
    }
    return out;
  }

  private termsOf(tok: RawToken): Term[] {
    const r = this.resolve(tok);
    return Array.isArray(r) ? r : [];
  }

  private readonly dfsCache = new Map<string, DfsWord>();

  private dfsWord(tok: RawToken): DfsWord {
    const key = `${tok.text}|${tok.upper ? 'U' : ''}${tok.camel ? 'C' : ''}`;
    let w = this.dfsCache.get(key);
    if (!w) {
      w = this.dfsWordUncached(tok);
      this.dfsCache.set(key, w);
    }
    return w;
  }

  private dfsWordUncached(tok: RawToken): DfsWord {
    const r = this.resolve(tok);
    const english = ENGLISH.has(tok.text) || ENGLISH.has(englishSingular(tok.text) ?? '');
    if (r === 'drop' || r === 'stop') return { forms: [], skip: true, terms: [], acronymLike: false, english };
    const forms = new Set([tok.text]);
    const stem = stemWord(tok.text, this.extraRoots).stem;
    forms.add(stem);
    const acronymLike = tok.upper || tok.camel || /^(si|sim|e)[a-z]{2,}$/.test(tok.text);
    return { forms: [...forms], skip: false, terms: r === 'boilerplate' ? [] : r, acronymLike, english };
  }

  private resolve(tok: RawToken): Resolution {
    const key = `${tok.text}|${tok.upper ? 'U' : ''}${tok.camel ? 'C' : ''}`;
    let r = this.cache.get(key);
    if (r === undefined) {
      r = this.resolveUncached(tok);
      this.cache.set(key, r);
    }
    return r;
  }

  private resolveUncached(tok: RawToken): Resolution {
    const w = tok.text;
    if (QUALIFIERS.has(w) || this.qualifierWords.has(w) || /^\d+$/.test(w)) return 'drop';
    if (STOPWORDS.has(w)) return 'stop';
    if (BOILERPLATE.has(w)) return 'boilerplate';
    const acronym = this.knownAcronym(w);
    if (acronym) return acronym;
    const basic = this.basic(w);
    if (basic) return [basic];
    if (w.length < 2) return 'drop';
    for (const p of JOINED_PREFIXES) {
      if (!w.startsWith(p) || w.length - p.length < 3) continue;
      const rest = w.slice(p.length);
      const found = this.knownAcronym(rest) ?? (this.basic(rest) ? [this.basic(rest)!] : undefined) ?? this.truncation(rest);
      if (found) return found.map((t) => ({ ...t, surface: w, via: t.via === 'acronym' ? 'acronym' : 'prefix', detail: t.detail ?? `${w} → ${rest}` }));
    }
    if (tok.upper || tok.camel) {
      const t = this.truncation(w);
      if (t) return t;
    }
    const typo = this.correctTypo(tok);
    if (typo) return typo;
    return [{ concept: w, surface: w, via: 'word', generic: false, known: false }];
  }

  private knownAcronym(w: string): Term[] | undefined {
    const expansion = KNOWN_ACRONYMS[w];
    if (expansion === undefined) return undefined;
    if (expansion === w) return [{ concept: w, surface: w, via: 'word', generic: false, known: true }];
    const terms = tokenize(expansion)
      .map((t) => t.text)
      .filter((x) => !BOILERPLATE.has(x) && !STOPWORDS.has(x) && !QUALIFIERS.has(x))
      .map((x) => this.basic(x) ?? { concept: x, surface: x, via: 'word' as Via, generic: GENERIC.has(x), known: false });
    return this.applyPhrases(terms).map((t) => ({ ...t, surface: w, via: 'acronym', detail: `${w.toUpperCase()} = ${expansion}`, known: true }));
  }

  /** Lexicon look-ups: glossary, English plural, generic word, stem. */
  private basic(w: string): Term | undefined {
    const direct = CONCEPTS[w] ?? CONCEPTS[englishSingular(w) ?? ''];
    if (direct) return this.term(w, direct, w === direct ? 'word' : w.includes(direct) ? 'affix' : 'translation');
    if (GENERIC.has(w)) return this.term(w, w, 'word');
    const { stem, known } = stemWord(w, this.extraRoots);
    if (!known) return undefined;
    const concept = CONCEPTS[stem] ?? stem;
    return this.term(w, concept, stem === w && concept === w ? 'word' : concept === stem || w.includes(concept) ? 'affix' : 'translation');
  }

  private term(surface: string, concept: string, via: Via): Term {
    return { concept, surface, via, generic: GENERIC.has(concept), known: true };
  }

  /** A leading syllable that only one known word starts with: peg → pegawai, keu → keuangan. */
  private truncation(w: string): Term[] | undefined {
    if (w.length < 3 || w.length > 5 || !/^[a-z]+$/.test(w)) return undefined;
    if (!this.truncations) {
      this.truncations = new Map();
      const words = new Set([...ROOTS, ...Object.keys(CONCEPTS), ...Object.keys(STEM_EXCEPTIONS)]);
      for (const word of words) {
        if (word.length < 4 || BOILERPLATE.has(word)) continue;
        const t = this.basic(word);
        if (!t || t.generic) continue;
        for (let k = 3; k <= Math.min(5, word.length - 1); k++) {
          const prefix = word.slice(0, k);
          const set = this.truncations.get(prefix) ?? new Set<string>();
          set.add(t.concept);
          this.truncations.set(prefix, set);
        }
      }
    }
    const concepts = this.truncations.get(w);
    if (!concepts || concepts.size !== 1) return undefined;
    const concept = [...concepts][0]!;
    return [{ concept, surface: w, via: 'truncation', detail: `${w} → ${concept}`, generic: false, known: true }];
  }

  private buildTypoIndex(df: Map<string, number>): void {
    const index = new TypoIndex();
    const vocabulary = new Map<string, number>();
    const lexicon = [...ROOTS, ...Object.keys(CONCEPTS), ...Object.keys(STEM_EXCEPTIONS), ...BOILERPLATE, ...QUALIFIERS, ...this.qualifierWords];
    for (const w of lexicon.sort()) {
      if (/^[a-z]+$/.test(w)) vocabulary.set(w, df.get(w) ?? 0);
    }
    for (const [w, n] of [...df.entries()].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
      if (!/^[a-z]+$/.test(w) || w.length < 4 || vocabulary.has(w) || STOPWORDS.has(w)) continue;
      // Words the lexicon reads, and unknown words frequent enough to be spelt on purpose.
      if (n >= 3 || this.basic(w)) vocabulary.set(w, n);
    }
    for (const w of vocabulary.keys()) index.add(w);
    this.typoIndex = index;
    this.typoVocabularyDf = vocabulary;
  }

  private correctTypo(tok: RawToken): Resolution | undefined {
    const w = tok.text;
    if (!this.typoIndex || !/^[a-z]+$/.test(w) || (tok.upper && w.length <= 6)) return undefined;
    // A word several apps spell the same way is spelt on purpose.
    if ((this.typoVocabularyDf.get(w) ?? 0) >= 3) return undefined;
    let chosen: { word: string; distance: number; known: boolean; df: number } | undefined;
    for (const c of this.typoIndex.near(w)) {
      const known = BOILERPLATE.has(c.word) || QUALIFIERS.has(c.word) || this.qualifierWords.has(c.word) || this.basic(c.word) !== undefined || this.knownAcronym(c.word) !== undefined;
      const df = this.typoVocabularyDf.get(c.word) ?? 0;
      const better =
        !chosen ||
        c.distance < chosen.distance ||
        (c.distance === chosen.distance && (known !== chosen.known ? known : df !== chosen.df ? df > chosen.df : c.word < chosen.word));
      if (better) chosen = { ...c, known, df };
    }
    if (!chosen) return undefined;
    if (BOILERPLATE.has(chosen.word)) return 'boilerplate';
    if (QUALIFIERS.has(chosen.word) || this.qualifierWords.has(chosen.word)) return 'drop';
    const corrected = this.knownAcronym(chosen.word) ?? (this.basic(chosen.word) ? [this.basic(chosen.word)!] : undefined);
    const base = corrected ?? [{ concept: chosen.word, surface: chosen.word, via: 'word' as Via, generic: false, known: false }];
    return base.map((t) => ({ ...t, surface: w, via: 'typo', detail: `${w} → ${chosen.word}` }));
  }

  /** Learns acronym ↔ expansion pairs from the portfolio's own names (see `expand`). */
  private learnAcronyms(profiles: { nameWords: DfsWord[]; acronym?: string | null }[]): void {
    const candidates = new Set<string>();
    for (const p of profiles) {
      const declared = p.acronym ? tokenize(p.acronym).map((t) => t.text).join('') : '';
      for (const w of p.nameWords) {
        for (const t of w.terms) if (!t.known && /^[a-z]{3,10}$/.test(t.surface) && (w.acronymLike || t.surface === declared)) candidates.add(t.surface);
      }
    }
    if (candidates.size === 0) return;
    interface Node {
      next: Map<string, Node>;
      word?: string;
    }
    const root: Node = { next: new Map() };
    for (const c of candidates) {
      let n = root;
      for (const ch of c) {
        let m = n.next.get(ch);
        if (!m) n.next.set(ch, (m = { next: new Map() }));
        n = m;
      }
      n.word = c;
    }
    const votes = new Map<string, Map<string, { count: number; terms: Term[]; text: string }>>();
    const vote = (acronym: string, terms: Term[], text: string, weight: number) => {
      const content = terms.filter((t) => t.known && t.concept !== acronym);
      if (!content.some((t) => !t.generic)) return;
      const key = [...new Set(content.map((t) => t.concept))].sort().join(' ');
      const byKey = votes.get(acronym) ?? new Map();
      const entry = byKey.get(key) ?? { count: 0, terms: content, text };
      entry.count += weight;
      byKey.set(key, entry);
      votes.set(acronym, byKey);
    };

    for (const p of profiles) {
      const words = p.nameWords;
      // Declared acronym (the `acronym` field) of a name that spells it out.
      const declared = p.acronym ? tokenize(p.acronym).map((t) => t.text).join('') : '';
      if (candidates.has(declared)) {
        const terms = words.flatMap((w) => w.terms).filter((t) => t.surface !== declared);
        vote(declared, terms, words.map((w) => w.forms[0] ?? '').filter(Boolean).filter((f) => f !== declared).join(' '), 3);
      }
      const maxSpan = 6;
      const walk = (start: number, i: number, node: Node, consumed: number) => {
        if (i >= words.length || i - start >= maxSpan) return;
        const w = words[i]!;
        if (w.skip) {
          if (consumed > 0) walk(start, i + 1, node, consumed);
          return;
        }
        for (const form of w.forms) {
          if (candidates.has(form)) continue;
          let n: Node | undefined = node;
          for (let k = 0; k < Math.min(form.length, 5); k++) {
            n = n.next.get(form[k]!);
            if (!n) break;
            if (n.word && consumed + 1 >= 2) {
              const span = words.slice(start, i + 1);
              if (!span.some((s) => s.forms.includes(n!.word!))) {
                vote(n.word, span.flatMap((s) => s.terms), span.map((s) => s.forms[0] ?? '').filter(Boolean).join(' '), 1);
              }
            }
            walk(start, i + 1, n, consumed + 1);
          }
        }
      };
      for (let s = 0; s < words.length; s++) if (!words[s]!.skip) walk(s, s, root, 0);
    }

    for (const [acronym, byKey] of votes) {
      const best = [...byKey.entries()].sort((a, b) => b[1].count - a[1].count || (a[0] < b[0] ? -1 : 1))[0]!;
      this.acronymDictionary.set(acronym, { terms: best[1].terms, text: best[1].text });
    }
  }

  /** Replaces an unknown word that another app spells out (learnt acronym) by its expansion. */
  private expand(terms: Term[]): Term[] {
    if (this.acronymDictionary.size === 0 || terms.every((t) => t.known)) return terms;
    return terms.flatMap((t) => {
      if (t.known) return [t];
      const learnt = this.acronymDictionary.get(t.surface);
      if (!learnt) return [t];
      return learnt.terms.map((e) => ({ ...e, surface: t.surface, via: 'acronym' as Via, detail: `${t.surface.toUpperCase()} = ${learnt.text}` }));
    });
  }

  private applyPhrases(terms: Term[]): Term[] {
    if (terms.length < 2) return terms;
    const out: Term[] = [];
    for (let i = 0; i < terms.length; i++) {
      const hit = PHRASES.find((p) => p.words.length > 1 && p.words.every((w, k) => terms[i + k] && (terms[i + k]!.concept === w || terms[i + k]!.surface === w)));
      if (hit) {
        const run = terms.slice(i, i + hit.words.length);
        const via = run.find((r) => r.via !== 'word')?.via ?? 'phrase';
        out.push({
          concept: hit.concept,
          surface: run.map((r) => r.surface).join(' '),
          via: via === 'word' ? 'phrase' : via,
          ...(run.find((r) => r.detail) ? { detail: run.find((r) => r.detail)!.detail } : {}),
          generic: GENERIC.has(hit.concept),
          known: true,
        });
        i += hit.words.length - 1;
      } else out.push(terms[i]!);
    }
    return out;
  }
}

export { isKnownRoot };
