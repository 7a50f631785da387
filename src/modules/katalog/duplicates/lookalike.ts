import type { Analyzer, TextProfile } from './analyze.ts';
import { DEFAULT_FIELD_CODES, type GeneralAppReference } from './general-apps.ts';
import type { AppInput, Reason } from './types.ts';

/** One general field an app looks like, with how strongly and why. */
export interface FieldMatch {
  field: string;
  score: number;
  reasons: Omit<Reason, 'appKeys'>[];
}

interface Keyword {
  text: string;
  /** Concepts of the keyword, all of which must be present. */
  concepts: string[];
  /** Its non-generic concepts: two or more make a phrase, one is matched against the name's head. */
  content: string[];
  /** Written "e-X" and X alone is not a keyword of the field: the app must be written "e-X" too (e-katalog ≠ katalog). */
  needsE: boolean;
}

/** Keywords of the fields and systems, read with the same analysis as the app names. */
export interface LookalikeMatcher {
  match(app: AppInput, profile: TextProfile): FieldMatch[];
  /** Fields of the national systems an app (of category `umum`) is an instance of. */
  systemFields(profile: TextProfile): { field: string; system: string }[];
}

const compact = (s: string) => s.toLowerCase().replace(/[^a-z0-9]+/g, '');

/** The app's name writes the keyword with its e- prefix (e-Katalog, eKatalog, E Katalog). */
function eWritten(raw: string[], keyword: string): boolean {
  const bare = compact(keyword.slice(2));
  return raw.some((w, i) => w === `e${bare}` || (w === 'e' && raw[i + 1] === bare));
}

const noisyOr = (scores: number[]) => 1 - scores.reduce((p, s) => p * (1 - s), 1);

/**
 * Builds the matcher. Scores per field: a keyword of two or more concepts all in the name 0.9;
 * a one-concept keyword that is the head of the name 0.85, elsewhere in the name 0.4; in the
 * description 0.55 / 0.35; a national system's name in the app's name 0.95; a code under the
 * field's codes 0.6. The best of each source is combined as a noisy-or.
 */
export function buildLookalikeMatcher(reference: GeneralAppReference, analyzer: Analyzer, fieldCodes: Record<string, string[]> = {}): LookalikeMatcher {
  const fields = reference.fields.map((f) => {
    const seen = new Set<string>();
    const keywords: Keyword[] = [];
    // The field's own name is a keyword too (Perencanaan, Kepegawaian…).
    const analysed = [f.name, ...f.keywords].map((text) => {
      const terms = analyzer.analysePhrase(text);
      return {
        text,
        concepts: [...new Set(terms.map((t) => t.concept))].sort(),
        content: [...new Set(terms.filter((t) => !t.generic).map((t) => t.concept))].sort(),
      };
    });
    const bare = new Set(analysed.filter((k) => !/^e[- ]/i.test(k.text) && k.concepts.length === 1).map((k) => k.concepts[0]!));
    for (const { text, concepts, content } of analysed) {
      const key = `${/^e[- ]/i.test(text) ? 'e:' : ''}${concepts.join(' ')}`;
      if (content.length === 0 || seen.has(key)) continue;
      seen.add(key);
      keywords.push({ text, concepts, content, needsE: /^e[- ]/i.test(text) && concepts.length === 1 && !bare.has(concepts[0]!) });
    }
    const codes = [...(DEFAULT_FIELD_CODES[f.code] ?? []), ...(fieldCodes[f.code] ?? [])];
    return { field: f.code, keywords, codes };
  });
  const systems = reference.systems.flatMap((s) =>
    [s.name.split('(')[0]!, ...s.keywords].map((k) => ({ system: s, compact: compact(k) })).filter((k) => k.compact.length >= 3),
  );

  const systemHits = (profile: TextProfile) => {
    const spans = new Set<string>();
    const raw = profile.rawName;
    for (let i = 0; i < raw.length; i++) {
      let s = '';
      for (let k = i; k < Math.min(raw.length, i + 4); k++) {
        s += raw[k];
        spans.add(s);
      }
    }
    return systems.filter((k) => spans.has(k.compact));
  };

  // Which keywords could match an app: those whose first concept it has.
  const byConcept = new Map<string, Set<number>>();
  fields.forEach((f, fi) => {
    for (const k of f.keywords) {
      const set = byConcept.get(k.concepts[0]!) ?? new Set<number>();
      set.add(fi);
      byConcept.set(k.concepts[0]!, set);
    }
  });

  return {
    systemFields(profile) {
      return systemHits(profile).flatMap((h) => h.system.fields.map((field) => ({ field, system: h.system.name })));
    },
    match(app, profile) {
      const name = new Set(profile.nameTerms.map((t) => t.concept));
      const desc = new Set(profile.descTerms.map((t) => t.concept));
      const codes = [...app.rab, ...app.ral];
      const hits = systemHits(profile);
      const candidates = new Set<number>();
      for (const c of [...name, ...desc]) for (const fi of byConcept.get(c) ?? []) candidates.add(fi);
      const out: FieldMatch[] = [];
      for (const [fi, f] of fields.entries()) {
        const byCode = codes.some((c) => f.codes.some((fc) => c === fc || c.startsWith(`${fc}.`)));
        if (!candidates.has(fi) && !byCode && !hits.some((h) => h.system.fields.includes(f.field))) continue;
        let nameScore = 0;
        let nameReason: Omit<Reason, 'appKeys'> | undefined;
        let descScore = 0;
        let descReason: Omit<Reason, 'appKeys'> | undefined;
        for (const k of f.keywords) {
          const inName = k.concepts.every((c) => name.has(c)) && (!k.needsE || eWritten(profile.rawName, k.text));
          const s = !inName ? 0 : k.content.length >= 2 ? 0.9 : k.content[0] === profile.head ? 0.85 : 0.4;
          if (s > nameScore) {
            nameScore = s;
            nameReason = { code: 'general_app_keyword', detail: k.text };
          }
          const inDesc = !k.needsE && k.concepts.every((c) => desc.has(c));
          const d = !inDesc ? 0 : k.content.length >= 2 ? 0.55 : 0.35;
          if (d > descScore) {
            descScore = d;
            descReason = { code: 'general_app_keyword', detail: `${k.text} (deskripsi)` };
          }
        }
        const system = hits.find((h) => h.system.fields.includes(f.field));
        const systemScore = system ? 0.95 : 0;
        const code = codes.find((c) => f.codes.some((fc) => c === fc || c.startsWith(`${fc}.`)));
        const codeScore = code ? 0.6 : 0;
        const score = noisyOr([Math.max(nameScore, systemScore), descScore, codeScore]);
        if (score <= 0) continue;
        const reasons: Omit<Reason, 'appKeys'>[] = [{ code: 'general_app_field', detail: f.field }];
        if (system) reasons.push({ code: 'general_app_system', detail: system.system.name });
        if (nameReason && nameScore >= systemScore) reasons.push(nameReason);
        if (descReason) reasons.push(descReason);
        if (code) reasons.push({ code: 'general_field_code', detail: code });
        out.push({ field: f.field, score: Math.round(score * 1000) / 1000, reasons });
      }
      return out;
    },
  };
}
