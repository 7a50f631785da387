import { CONCEPTS, ROOTS, STEM_EXCEPTIONS } from './lexicon.ts';

/**
 * A small rule-based Indonesian stemmer in the Nazief–Adriani tradition: strip inflectional
 * particles, derivational suffixes (-kan, -an, -i) and up to two prefixes (di-, ke-, se-, ber-,
 * ter-, per-, me(N)-, pe(N)- with the nasal recoded: peng+a → a/ka, peny+a → sa, pem+a → pa/ma,
 * pen+a → ta/na), and accept a form only when it is a known root. Among accepted forms the one
 * with the fewest removals wins, so kepegawaian → pegawai, penganggaran → anggaran,
 * pengaduan → adu, perencanaan → rencana, pemantauan → pantau.
 */
export interface StemResult {
  stem: string;
  /** True when the stem is a root of the lexicon (or of `extraRoots`); false: the word was kept whole. */
  known: boolean;
}

const VOWEL = /^[aiueo]/;
const PARTICLES = ['nya', 'lah', 'kah', 'pun'];
const SUFFIXES = ['kan', 'an', 'i'];
/** Prefix–suffix pairs Indonesian does not combine (Nazief–Adriani's confix restrictions). */
const FORBIDDEN_CONFIX = new Set(['be:i', 'ber:i', 'di:an', 'ke:i', 'ke:kan', 'me:an', 'se:i', 'se:kan', 'te:an', 'ter:an']);

interface Candidate {
  form: string;
  removals: number;
}

function prefixVariants(word: string): { form: string; prefix: string }[] {
  const out: { form: string; prefix: string }[] = [];
  const add = (prefix: string, form: string) => {
    if (form.length >= 3) out.push({ form, prefix });
  };
  for (const p of ['di', 'ke', 'se']) if (word.startsWith(p)) add(p, word.slice(2));
  for (const p of ['ber', 'ter', 'per']) if (word.startsWith(p)) add(p, word.slice(3));
  for (const p of ['be', 'te']) if (word.startsWith(p) && !VOWEL.test(word.slice(2))) add(p, word.slice(2));
  if (word.startsWith('pe') || word.startsWith('me')) {
    const m = word.slice(0, 2);
    const rest4 = word.slice(4);
    const rest3 = word.slice(3);
    if (word.startsWith(`${m}ng`)) {
      if (VOWEL.test(rest4)) {
        add(`${m}ng`, rest4);
        add(`${m}ng`, `k${rest4}`);
      } else add(`${m}ng`, rest4);
    } else if (word.startsWith(`${m}ny`)) {
      if (VOWEL.test(rest4)) add(`${m}ny`, `s${rest4}`);
    } else if (word.startsWith(`${m}m`)) {
      if (VOWEL.test(rest3)) {
        add(`${m}m`, `p${rest3}`);
        add(`${m}m`, `m${rest3}`);
      } else if (/^[bfpv]/.test(rest3)) add(`${m}m`, rest3);
    } else if (word.startsWith(`${m}n`)) {
      if (VOWEL.test(rest3)) {
        add(`${m}n`, `t${rest3}`);
        add(`${m}n`, `n${rest3}`);
      } else if (/^[cdjszt]/.test(rest3)) add(`${m}n`, rest3);
    }
    // pe-/me- before l, r, w, y and others: pelayanan, perencanaan, melayani.
    add(m, word.slice(2));
  }
  return out;
}

function candidatesOf(word: string): Candidate[] {
  const out: Candidate[] = [];
  const bases: Candidate[] = [{ form: word, removals: 0 }];
  for (const p of PARTICLES) if (word.endsWith(p) && word.length - p.length >= 4) bases.push({ form: word.slice(0, -p.length), removals: 1 });
  for (const base of bases) {
    const suffixed: { form: string; suffix: string; removals: number }[] = [{ form: base.form, suffix: '', removals: base.removals }];
    for (const s of SUFFIXES) {
      if (base.form.endsWith(s) && base.form.length - s.length >= 3) suffixed.push({ form: base.form.slice(0, -s.length), suffix: s, removals: base.removals + 1 });
    }
    for (const s of suffixed) {
      out.push({ form: s.form, removals: s.removals });
      for (const first of prefixVariants(s.form)) {
        if (s.suffix && FORBIDDEN_CONFIX.has(`${first.prefix}:${s.suffix}`)) continue;
        out.push({ form: first.form, removals: s.removals + 1 });
        for (const second of prefixVariants(first.form)) out.push({ form: second.form, removals: s.removals + 2 });
      }
    }
  }
  return out;
}

function best(candidates: Candidate[], accept: (form: string) => boolean): string | undefined {
  let chosen: Candidate | undefined;
  for (const c of candidates) {
    if (c.removals === 0 || !accept(c.form)) continue;
    if (
      !chosen ||
      c.removals < chosen.removals ||
      (c.removals === chosen.removals && (c.form.length > chosen.form.length || (c.form.length === chosen.form.length && c.form < chosen.form)))
    ) {
      chosen = c;
    }
  }
  return chosen?.form;
}

/** True when the lexicon knows `word` as a root or as a glossary word. */
export function isKnownRoot(word: string): boolean {
  return ROOTS.has(word) || Object.hasOwn(CONCEPTS, word) || Object.hasOwn(STEM_EXCEPTIONS, word);
}

/**
 * Stems one lower-case word. `extraRoots` (words seen on their own in the portfolio) are tried
 * only when no lexicon root fits.
 */
export function stemWord(word: string, extraRoots?: ReadonlySet<string>): StemResult {
  const exception = STEM_EXCEPTIONS[word];
  if (exception) return { stem: exception, known: true };
  if (isKnownRoot(word)) return { stem: word, known: true };
  if (word.length < 5 || !/^[a-z]+$/.test(word)) return { stem: word, known: false };
  const candidates = candidatesOf(word);
  const fromLexicon = best(candidates, isKnownRoot);
  if (fromLexicon) return { stem: STEM_EXCEPTIONS[fromLexicon] ?? fromLexicon, known: true };
  if (extraRoots) {
    const fromPortfolio = best(candidates, (f) => f.length >= 4 && extraRoots.has(f));
    if (fromPortfolio) return { stem: fromPortfolio, known: false };
  }
  return { stem: word, known: false };
}
