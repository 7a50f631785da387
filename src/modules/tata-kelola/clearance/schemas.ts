import Type from 'typebox';
import { StringEnum, Uuid } from '../../../platform/http/validation.ts';
import type { Locale } from '../../../platform/i18n/index.ts';
import { CHECK_SEVERITIES, INTEGRATION_PLANS, PROPOSAL_KINDS, PROPOSAL_STATUSES, REVIEW_DECISIONS } from '../db.ts';
import { CHECK_RULES, type CheckDefinition, type CheckResult } from './checks.ts';
import type { ProposalRow } from './repo.ts';
import type { ProposalDetail } from './use-cases/get-proposal.ts';
import type { YearTotals } from './use-cases/list-proposals.ts';

/** Request and response schemas of the clearance API; the `present*` functions are the presenters. */

export const ProposalParams = Type.Object({ proposalId: Uuid() });
export const ProposalFileParams = Type.Object({ proposalId: Uuid(), fileId: Uuid() });
export const CheckParams = Type.Object({ code: Type.String({ pattern: '^[a-z][a-z0-9_]{1,63}$' }) });
const BudgetYear = Type.Integer({ minimum: 2000, maximum: 2100 });

const VersionFields = {
  title: Type.String({ minLength: 3, maxLength: 300 }),
  subKegiatanCode: Type.String({ minLength: 5, maxLength: 40, description: 'Sub-activity code (Permendagri 90/2019), e.g. 2.16.02.1.01.0006; programme and activity codes are its first 3 and 5 parts' }),
  amount: Type.Integer({ minimum: 1, description: 'Rupiah' }),
  kind: StringEnum(PROPOSAL_KINDS),
  description: Type.String({ minLength: 10, maxLength: 20000 }),
  archCodes: Type.Optional(Type.Array(Type.String({ maxLength: 40 }), { maxItems: 50 })),
  roadmapItemId: Type.Optional(Type.Union([Uuid(), Type.Null()])),
  appIds: Type.Optional(Type.Array(Uuid(), { maxItems: 50 })),
  newServers: Type.Optional(Type.Boolean()),
  integration: Type.Optional(StringEnum(INTEGRATION_PLANS)),
  securityAuditPlanned: Type.Optional(Type.Boolean()),
};
const FileIds = {
  kakFileId: Type.Optional(Type.Union([Uuid(), Type.Null()])),
  costBenefitFileId: Type.Optional(Type.Union([Uuid(), Type.Null()])),
};
export const NewProposalBody = Type.Object({ opdId: Uuid(), budgetYear: BudgetYear, ...VersionFields }, { additionalProperties: false });
export const RevisionBody = Type.Object(VersionFields, { additionalProperties: false });
export { FileIds };
export const ReviewBody = Type.Object(
  {
    decision: StringEnum(REVIEW_DECISIONS),
    notes: Type.Optional(Type.String({ maxLength: 10000 })),
    reasons: Type.Optional(Type.String({ maxLength: 10000 })),
    legalBasis: Type.Optional(Type.String({ maxLength: 2000 })),
    version: Type.Optional(Type.Integer({ minimum: 1 })),
  },
  { additionalProperties: false },
);
export const ProposalQuery = Type.Object({
  budgetYear: Type.Optional(BudgetYear),
  status: Type.Optional(StringEnum(PROPOSAL_STATUSES)),
  opdId: Type.Optional(Uuid()),
});
export const CheckBody = Type.Object(
  {
    enabled: Type.Boolean(),
    severity: StringEnum(CHECK_SEVERITIES),
    kinds: Type.Array(StringEnum(PROPOSAL_KINDS), { minItems: 1, uniqueItems: true }),
    titleId: Type.String({ minLength: 1, maxLength: 500 }),
    titleEn: Type.String({ minLength: 1, maxLength: 500 }),
    passId: Type.String({ minLength: 1, maxLength: 2000 }),
    passEn: Type.String({ minLength: 1, maxLength: 2000 }),
    failId: Type.String({ minLength: 1, maxLength: 2000 }),
    failEn: Type.String({ minLength: 1, maxLength: 2000 }),
    legalBasis: Type.Optional(Type.Union([Type.String({ maxLength: 1000 }), Type.Null()])),
  },
  { additionalProperties: false },
);

// ---- Presenters -----------------------------------------------------------------------------------

const CheckResultOut = Type.Object({
  code: Type.String(),
  rule: StringEnum(CHECK_RULES),
  severity: StringEnum(CHECK_SEVERITIES),
  outcome: StringEnum(['pass', 'fail', 'not_applicable'] as const),
  title: Type.String(),
  explanation: Type.Union([Type.String(), Type.Null()]),
  legalBasis: Type.Union([Type.String(), Type.Null()]),
  details: Type.Record(Type.String(), Type.Unknown()),
});
const presentResult = (r: CheckResult, locale: Locale) => ({
  code: r.code,
  rule: r.rule,
  severity: r.severity,
  outcome: r.outcome,
  title: r.title[locale],
  explanation: r.explanation?.[locale] ?? null,
  legalBasis: r.legalBasis,
  details: r.details,
});

const Money = { count: Type.Integer(), amount: Type.Integer({ description: 'Rupiah' }) };
export const TotalsOut = Type.Array(
  Type.Object({
    budgetYear: Type.Integer(),
    proposed: Type.Object(Money),
    awaiting: Type.Object(Money),
    recommended: Type.Object(Money),
    rejected: Type.Object(Money),
    duplicatesAvoided: Type.Object(Money, { description: 'Rejected proposals that duplicated an app or a national general application: money not spent on duplicates' }),
  }),
);

const ProposalSummaryOut = Type.Object({
  id: Uuid(),
  opdId: Uuid(),
  opdName: Type.String(),
  budgetYear: Type.Integer(),
  status: StringEnum(PROPOSAL_STATUSES),
  version: Type.Integer(),
  title: Type.String(),
  amount: Type.Integer(),
  kind: StringEnum(PROPOSAL_KINDS),
  failedChecks: Type.Array(Type.String()),
  submittedAt: Type.String({ format: 'date-time' }),
});
export const ProposalListOut = Type.Object({ items: Type.Array(ProposalSummaryOut), totals: TotalsOut });
export const presentSummary = (p: ProposalRow) => ({
  id: p.id,
  opdId: p.opd_id,
  opdName: p.opd_name,
  budgetYear: p.budget_year,
  status: p.status,
  version: p.current_version,
  title: p.title,
  amount: Number(p.amount),
  kind: p.kind,
  failedChecks: (p.checks as CheckResult[]).filter((c) => c.outcome === 'fail').map((c) => c.code),
  submittedAt: p.submitted_at.toISOString(),
});
export const presentTotals = (t: YearTotals[]) => t;

const FileRef = Type.Union([Type.Object({ id: Uuid(), url: Type.String() }), Type.Null()]);
const VersionOut = Type.Object({
  version: Type.Integer(),
  title: Type.String(),
  programCode: Type.String(),
  kegiatanCode: Type.String(),
  subKegiatanCode: Type.String(),
  amount: Type.Integer(),
  kind: StringEnum(PROPOSAL_KINDS),
  description: Type.String(),
  kak: FileRef,
  costBenefit: FileRef,
  archCodes: Type.Array(Type.String()),
  roadmapItem: Type.Union([Type.Object({ id: Uuid(), title: Type.String() }), Type.Null()]),
  apps: Type.Array(Type.Object({ id: Uuid(), key: Type.String(), name: Type.String() })),
  newServers: Type.Boolean(),
  integration: StringEnum(INTEGRATION_PLANS),
  securityAuditPlanned: Type.Boolean(),
  checks: Type.Array(CheckResultOut),
  submittedBy: Type.String(),
  submittedAt: Type.String({ format: 'date-time' }),
  review: Type.Union([
    Type.Object({
      decision: StringEnum(REVIEW_DECISIONS),
      notes: Type.Union([Type.String(), Type.Null()]),
      reasons: Type.Union([Type.String(), Type.Null()]),
      legalBasis: Type.Union([Type.String(), Type.Null()]),
      reviewedBy: Type.String(),
      reviewedAt: Type.String({ format: 'date-time' }),
    }),
    Type.Null(),
  ]),
});
export const ProposalOut = Type.Object({ ...ProposalSummaryOut.properties, versions: Type.Array(VersionOut, { description: 'Every version, newest first, with its checks and review' }) });

export function presentProposal(d: ProposalDetail, locale: Locale) {
  const file = (id: string | null) => (id ? { id, url: `/api/v1/tata-kelola/proposals/${d.proposal.id}/files/${id}` } : null);
  return {
    ...presentSummary(d.proposal),
    versions: d.versions.map((v) => {
      const review = d.reviews.find((r) => r.version === v.version);
      return {
        version: v.version,
        title: v.title,
        programCode: v.program_code,
        kegiatanCode: v.kegiatan_code,
        subKegiatanCode: v.sub_kegiatan_code,
        amount: Number(v.amount),
        kind: v.kind,
        description: v.description,
        kak: file(v.kak_file_id),
        costBenefit: file(v.cost_benefit_file_id),
        archCodes: v.arch_codes,
        roadmapItem: v.roadmap_item_id ? { id: v.roadmap_item_id, title: v.roadmap_title ?? '' } : null,
        apps: v.apps.map((a) => ({ id: a.id, key: a.key, name: a.name })),
        newServers: v.new_servers,
        integration: v.integration,
        securityAuditPlanned: v.security_audit_planned,
        checks: v.results.map((r) => presentResult(r, locale)),
        submittedBy: v.submitted_label,
        submittedAt: v.submitted_at.toISOString(),
        review: review
          ? { decision: review.decision, notes: review.notes, reasons: review.reasons, legalBasis: review.legal_basis, reviewedBy: review.reviewed_label, reviewedAt: review.reviewed_at.toISOString() }
          : null,
      };
    }),
  };
}

const Bilingual = Type.Object({ id: Type.String(), en: Type.String() });
export const CheckOut = Type.Object({
  code: Type.String(),
  rule: StringEnum(CHECK_RULES),
  position: Type.Integer(),
  enabled: Type.Boolean(),
  severity: StringEnum(CHECK_SEVERITIES),
  kinds: Type.Array(StringEnum(PROPOSAL_KINDS)),
  title: Bilingual,
  pass: Bilingual,
  fail: Bilingual,
  legalBasis: Type.Union([Type.String(), Type.Null()]),
});
export const CheckListOut = Type.Object({ items: Type.Array(CheckOut) });
export const presentCheck = (c: CheckDefinition) => ({
  code: c.code,
  rule: c.rule,
  position: c.position,
  enabled: c.enabled,
  severity: c.severity,
  kinds: c.kinds,
  title: c.title,
  pass: c.pass,
  fail: c.fail,
  legalBasis: c.legalBasis,
});
