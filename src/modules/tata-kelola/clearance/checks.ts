import { PROPOSAL_KINDS, type CheckSeverity, type IntegrationPlan, type ProposalKind } from '../db.ts';

/**
 * The automatic checks of a spending proposal. Which checks run, on which kinds, how severe they
 * are and what they say is data (reference/clearance-checks.json, then the
 * `tata_kelola_clearance_check` table the SPBE team edits); what each rule looks at is code,
 * here. Evaluation is pure: the use case gathers the facts (duplicate detection, data centres,
 * the roadmap item) and `runChecks` turns them into results with their explanations.
 */
export const CHECK_RULES = [
  'duplicate_app',
  'general_app_field',
  'new_servers_shared_dc',
  'roadmap_item',
  'architecture_code',
  'integration_gerbang',
  'kak_attached',
  'cost_benefit_attached',
  'security_audit_planned',
] as const;
export type CheckRule = (typeof CHECK_RULES)[number];

export interface Bilingual {
  id: string;
  en: string;
}

export interface CheckDefinition {
  code: string;
  rule: CheckRule;
  position: number;
  enabled: boolean;
  severity: CheckSeverity;
  kinds: ProposalKind[];
  title: Bilingual;
  pass: Bilingual;
  fail: Bilingual;
  legalBasis: string | null;
}

export type CheckOutcome = 'pass' | 'fail' | 'not_applicable';

/** One check's result as stored with the proposal version (texts as they were when it ran). */
export interface CheckResult {
  code: string;
  rule: CheckRule;
  severity: CheckSeverity;
  outcome: CheckOutcome;
  title: Bilingual;
  /** Null when not applicable (the screen says so in the reader's language). */
  explanation: Bilingual | null;
  legalBasis: string | null;
  /** What the rule found: matched apps, the general field, data centres… */
  details: Record<string, unknown>;
}

export interface DuplicateMatch {
  appId: string;
  name: string;
  opdName: string | null;
  score: number;
  kind: 'same_capability' | 'similar_name';
}

/** Everything the rules look at, gathered by the use case. */
export interface ProposalFacts {
  kind: ProposalKind;
  budgetYear: number;
  duplicates: DuplicateMatch[];
  generalField: { code: string; name: string; systems: string[] } | null;
  newServers: boolean;
  sharedCentres: string[];
  roadmapItem: { title: string; startYear: number; endYear: number; status: string } | null;
  archCodes: string[];
  integration: IntegrationPlan;
  integrationLabel: Bilingual;
  hasKak: boolean;
  hasCostBenefit: boolean;
  securityAuditPlanned: boolean;
}

const fill = (text: Bilingual, params: Record<string, Bilingual | string>): Bilingual => {
  const one = (locale: 'id' | 'en') =>
    text[locale].replace(/\{(\w+)\}/g, (whole, name: string) => {
      const v = params[name];
      return v === undefined ? whole : typeof v === 'string' ? v : v[locale];
    });
  return { id: one('id'), en: one('en') };
};

interface RuleVerdict {
  fail: boolean;
  params?: Record<string, Bilingual | string>;
  details?: Record<string, unknown>;
}

const RULES: Record<CheckRule, (f: ProposalFacts) => RuleVerdict> = {
  duplicate_app: (f) => ({
    fail: f.duplicates.length > 0,
    params: { apps: f.duplicates.map((d) => (d.opdName ? `${d.name} (${d.opdName})` : d.name)).join('; ') },
    details: { apps: f.duplicates },
  }),
  general_app_field: (f) => ({
    fail: !!f.generalField,
    params: f.generalField ? { field: f.generalField.name, systems: f.generalField.systems.join(', ') || '-' } : undefined,
    details: f.generalField ? { field: f.generalField } : {},
  }),
  new_servers_shared_dc: (f) => ({
    fail: f.newServers && f.sharedCentres.length > 0,
    params: { centres: f.sharedCentres.join('; ') },
    details: { newServers: f.newServers, sharedCentres: f.sharedCentres },
  }),
  roadmap_item: (f) => {
    const item = f.roadmapItem;
    const covers = !!item && item.status !== 'batal' && item.startYear <= f.budgetYear && item.endYear >= f.budgetYear;
    const detail: Bilingual = !item
      ? { id: '', en: '' }
      : item.status === 'batal'
        ? { id: ` Rencana "${item.title}" berstatus batal.`, en: ` The roadmap item "${item.title}" is cancelled.` }
        : { id: ` Rencana "${item.title}" berlaku ${item.startYear}-${item.endYear}.`, en: ` The roadmap item "${item.title}" runs ${item.startYear}-${item.endYear}.` };
    return {
      fail: !covers,
      params: { item: item?.title ?? '', years: item ? `${item.startYear}-${item.endYear}` : '', year: String(f.budgetYear), detail },
      details: { roadmapItem: item },
    };
  },
  architecture_code: (f) => ({ fail: f.archCodes.length === 0, params: { codes: f.archCodes.join(', ') }, details: { codes: f.archCodes } }),
  integration_gerbang: (f) => ({
    fail: f.integration !== 'gerbang_padu' && f.integration !== 'tidak_ada',
    params: { channel: f.integrationLabel },
    details: { integration: f.integration },
  }),
  kak_attached: (f) => ({ fail: !f.hasKak }),
  cost_benefit_attached: (f) => ({ fail: !f.hasCostBenefit }),
  security_audit_planned: (f) => ({ fail: !f.securityAuditPlanned }),
};

/** Runs the enabled checks, in their order, on a proposal's facts. */
export function runChecks(checks: readonly CheckDefinition[], facts: ProposalFacts): CheckResult[] {
  return [...checks]
    .filter((c) => c.enabled)
    .sort((a, b) => a.position - b.position || a.code.localeCompare(b.code))
    .map((c) => {
      const base = { code: c.code, rule: c.rule, severity: c.severity, title: c.title, legalBasis: c.legalBasis };
      if (!c.kinds.includes(facts.kind)) return { ...base, outcome: 'not_applicable' as const, explanation: null, details: {} };
      const verdict = RULES[c.rule](facts);
      return {
        ...base,
        outcome: verdict.fail ? ('fail' as const) : ('pass' as const),
        explanation: fill(verdict.fail ? c.fail : c.pass, verdict.params ?? {}),
        details: verdict.details ?? {},
      };
    });
}

/** True when any failed check blocks (the SPBE team can still decide; the screen says why). */
export const hasBlockingFailure = (results: readonly CheckResult[]) => results.some((r) => r.outcome === 'fail' && r.severity === 'block');

/** Failed duplicate checks: the proposal would spend money on something that already exists. */
export const failedDuplicateCheck = (results: readonly CheckResult[]) => results.some((r) => r.outcome === 'fail' && (r.rule === 'duplicate_app' || r.rule === 'general_app_field'));

export interface CheckFileProblem {
  index: number;
  problem: string;
}

/** Parses reference/clearance-checks.json (or a province's version of it); throws naming every bad entry. */
export function parseCheckFile(json: unknown, source = 'clearance-checks.json'): Omit<CheckDefinition, 'enabled'>[] {
  const problems: string[] = [];
  const obj = json as { checks?: unknown };
  if (!obj || typeof obj !== 'object' || !Array.isArray(obj.checks)) throw new Error(`${source}: expected an object with a "checks" list`);
  const seen = new Set<string>();
  const bilingual = (v: unknown): Bilingual | null => {
    const b = v as Bilingual;
    return b && typeof b.id === 'string' && b.id.trim() && typeof b.en === 'string' && b.en.trim() ? { id: b.id, en: b.en } : null;
  };
  const out = (obj.checks as Record<string, unknown>[]).map((c, i) => {
    const code = typeof c.code === 'string' ? c.code : '';
    const where = `check ${i + 1}${code ? ` (${code})` : ''}`;
    if (!/^[a-z][a-z0-9_]{1,63}$/.test(code)) problems.push(`${where}: code must be lower-case letters, digits and underscores`);
    if (seen.has(code)) problems.push(`${where}: code used twice`);
    seen.add(code);
    if (!(CHECK_RULES as readonly string[]).includes(c.rule as string)) problems.push(`${where}: unknown rule "${String(c.rule)}" (one of ${CHECK_RULES.join(', ')})`);
    if (c.severity !== 'block' && c.severity !== 'warn') problems.push(`${where}: severity must be "block" or "warn"`);
    const kinds = Array.isArray(c.kinds) ? (c.kinds as string[]) : [];
    if (kinds.length === 0 || kinds.some((k) => !(PROPOSAL_KINDS as readonly string[]).includes(k))) problems.push(`${where}: kinds must list proposal kinds (${PROPOSAL_KINDS.join(', ')})`);
    const title = bilingual(c.title);
    const pass = bilingual(c.pass);
    const fail = bilingual(c.fail);
    if (!title || !pass || !fail) problems.push(`${where}: title, pass and fail need an "id" and an "en" text`);
    return {
      code,
      rule: c.rule as CheckRule,
      position: i + 1,
      severity: c.severity as CheckSeverity,
      kinds: kinds as ProposalKind[],
      title: title!,
      pass: pass!,
      fail: fail!,
      legalBasis: typeof c.legal_basis === 'string' && c.legal_basis.trim() ? c.legal_basis.trim() : null,
    };
  });
  if (problems.length) throw new Error(`${source} is not a valid check list:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  return out;
}
