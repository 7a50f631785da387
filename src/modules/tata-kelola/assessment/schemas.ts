import Type from 'typebox';
import { StringEnum, Uuid } from '../../../platform/http/validation.ts';
import { translate, type Locale, type MessageKey, type MessageParams } from '../../../platform/i18n/index.ts';
import { STAGES } from '../db.ts';
import type { Instrument } from '../instruments/instrument.ts';
import type { Fraction, GroupScore, Scorecard } from '../instruments/score.ts';
import type { StoredMeasurement } from '../evidence/refresh.ts';
import type { AssignmentRow, EvidenceRow } from './repo.ts';
import type { AssessmentDetail, HistoryRow } from './use-cases/get-assessment.ts';
import type { InstrumentSummary } from './use-cases/instruments.ts';
import type { AgencyReadiness } from './use-cases/manage-assignments.ts';

/** Request and response schemas of the assessment API; the `present*` functions are the presenters. */

export const Year = Type.Integer({ minimum: 2000, maximum: 2100 });
export const Level = Type.Integer({ minimum: 1, maximum: 5 });
const DateString = Type.String({ format: 'date' });

export const YearParams = Type.Object({ year: Year });
export const IndicatorParams = Type.Object({ year: Year, number: Type.Integer({ minimum: 1, maximum: 1000 }) });
export const InstrumentParams = Type.Object({ instrumentId: Type.String({ pattern: '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$' }) });
export const AssignmentParams = Type.Object({ assignmentId: Uuid() });
export const EvidenceParams = Type.Object({ evidenceId: Uuid() });

export const NewAssessmentBody = Type.Object({ year: Year, instrumentId: Type.String({ minLength: 1, maxLength: 64 }) }, { additionalProperties: false });
const StageWindow = Type.Object({ startsOn: Type.Union([DateString, Type.Null()]), endsOn: Type.Union([DateString, Type.Null()]) });
export const ScheduleBody = Type.Object(Object.fromEntries(STAGES.map((s) => [s, Type.Optional(StageWindow)])), { additionalProperties: false });
export const StageBody = Type.Object({ stage: StringEnum(STAGES) }, { additionalProperties: false });
export const SelfBody = Type.Object({ level: Level, justification: Type.Optional(Type.String({ maxLength: 10000 })) }, { additionalProperties: false });
export const ReviewBody = Type.Object({ verifiedLevel: Level, note: Type.Optional(Type.String({ maxLength: 10000 })) }, { additionalProperties: false });
export const EvidenceFields = Type.Object({
  kind: StringEnum(['link', 'record', 'file'] as const),
  title: Type.String({ minLength: 1, maxLength: 300 }),
  url: Type.Optional(Type.String({ maxLength: 2000 })),
  recordPath: Type.Optional(Type.String({ maxLength: 500 })),
});
export const AssignBody = Type.Object(
  { indicator: Type.Integer({ minimum: 1, maximum: 1000 }), opdId: Uuid(), part: Type.String({ minLength: 1, maxLength: 2000 }), dueOn: DateString },
  { additionalProperties: false },
);
export const FillBody = Type.Object(
  { proposedLevel: Type.Optional(Type.Union([Level, Type.Null()])), response: Type.Optional(Type.String({ maxLength: 20000 })), submit: Type.Optional(Type.Boolean()) },
  { additionalProperties: false },
);

export const Ok = Type.Object({ ok: Type.Boolean() });

// ---- Presenters ---------------------------------------------------------------------------------

const Score = Type.Object({
  index: Type.Union([Type.Number(), Type.Null()], { description: 'The published figure: rounded half up to two decimals' }),
  exact: Type.Union([Type.String(), Type.Null()], { description: 'The exact value as a reduced fraction, e.g. "141/50"' }),
});
const GroupOut = Type.Object({ code: Type.String(), name: Type.String(), weight: Type.Number(), rated: Type.Integer(), total: Type.Integer(), ...Score.properties });
const ScorecardOut = Type.Object({
  ...Score.properties,
  predicate: Type.Union([Type.String(), Type.Null()]),
  rated: Type.Integer(),
  total: Type.Integer(),
  complete: Type.Boolean(),
  domains: Type.Array(GroupOut),
  aspects: Type.Array(GroupOut),
  gap: Type.Union([
    Type.Object({
      nextPredicate: Type.String(),
      points: Type.Number({ description: 'Index points to the next predicate' }),
      plan: Type.Array(Type.Object({ indicator: Type.Integer(), from: Type.Integer(), to: Type.Integer() }), { description: 'The fewest level steps that reach it, heaviest indicators first' }),
    }),
    Type.Null(),
  ]),
  raisers: Type.Array(
    Type.Object({ indicator: Type.Integer(), name: Type.String(), level: Type.Integer(), perLevel: Type.Number({ description: 'Index points one level more adds (weight / 100)' }), levelsLeft: Type.Integer(), potential: Type.Number() }),
    { description: 'Indicators ordered by what one level more adds, then by what they can add in all' },
  ),
});

const exactOf = (f: Fraction | null) => (f ? `${f.num}/${f.den}` : null);
const index = (h: number | null) => (h === null ? null : h / 100);
const group = (g: GroupScore) => ({ code: g.code, name: g.name, weight: g.weight / 100, rated: g.rated, total: g.total, index: index(g.value), exact: exactOf(g.exact) });

export function presentScorecard(s: Scorecard) {
  return {
    index: index(s.value),
    exact: exactOf(s.exact),
    predicate: s.predicate?.label ?? null,
    rated: s.rated,
    total: s.total,
    complete: s.complete,
    domains: s.domains.map(group),
    aspects: s.aspects.map(group),
    gap: s.gap ? { nextPredicate: s.gap.band.label, points: s.gap.points / 100, plan: s.gap.plan.map((p) => ({ indicator: p.number, from: p.from, to: p.to })) } : null,
    raisers: s.raisers.map((r) => ({ indicator: r.number, name: r.name, level: r.level, perLevel: r.weight / 10000, levelsLeft: r.available, potential: r.potential / 10000 })),
  };
}

export const InstrumentSummaryOut = Type.Object({
  id: Type.String(),
  title: Type.String(),
  indexName: Type.String(),
  confirmed: Type.Boolean(),
  source: Type.String(),
  loadedAt: Type.String({ format: 'date-time' }),
  domains: Type.Integer(),
  aspects: Type.Integer(),
  indicators: Type.Integer(),
  inUse: Type.Boolean(),
});
export const InstrumentListOut = Type.Object({ items: Type.Array(InstrumentSummaryOut) });
export const presentInstrumentSummary = (i: InstrumentSummary) => ({ ...i, loadedAt: i.loadedAt.toISOString() });

export const InstrumentOut = Type.Object({
  id: Type.String(),
  title: Type.String(),
  indexName: Type.String(),
  confirmed: Type.Boolean(),
  domains: Type.Array(Type.Object({ code: Type.String(), name: Type.String(), weight: Type.Number() })),
  aspects: Type.Array(Type.Object({ code: Type.String(), name: Type.String(), weight: Type.Number(), domain: Type.Union([Type.String(), Type.Null()]) })),
  indicators: Type.Array(Type.Object({ number: Type.Integer(), code: Type.String(), name: Type.String(), aspect: Type.String(), weight: Type.Number(), scale: Type.Union([Type.String(), Type.Null()]) })),
  predicateBands: Type.Array(Type.Object({ label: Type.String(), min: Type.Number(), max: Type.Number(), maxInclusive: Type.Boolean() })),
});
export function presentInstrument(i: Instrument) {
  return {
    id: i.id,
    title: i.title,
    indexName: i.indexName,
    confirmed: i.confirmed,
    domains: i.domains.map((d) => ({ ...d, weight: d.weight / 100 })),
    aspects: i.aspects.map((a) => ({ ...a, weight: a.weight / 100 })),
    indicators: i.indicators.map((x) => ({ number: x.number, code: x.code, name: x.name, aspect: x.aspect, weight: x.weight / 100, scale: x.scale })),
    predicateBands: i.bands.map((b) => ({ label: b.label, min: b.min / 100, max: b.max / 100, maxInclusive: b.maxInclusive })),
  };
}
export const InstrumentAddedOut = Type.Object({ id: Type.String(), outcome: StringEnum(['added', 'updated', 'unchanged'] as const) });

export const EvidenceOut = Type.Object({
  id: Type.String(),
  indicator: Type.Integer(),
  assignmentId: Type.Union([Uuid(), Type.Null()]),
  kind: StringEnum(['file', 'link', 'record', 'auto'] as const),
  title: Type.String(),
  opdId: Type.Union([Uuid(), Type.Null()]),
  url: Type.Union([Type.String(), Type.Null()]),
  recordPath: Type.Union([Type.String(), Type.Null()]),
  fileUrl: Type.Union([Type.String(), Type.Null()]),
  createdBy: Type.String(),
  createdAt: Type.String({ format: 'date-time' }),
  measurement: Type.Union([
    Type.Object({
      provider: Type.String(),
      module: Type.String(),
      hasData: Type.Boolean(),
      summary: Type.String({ description: 'What was measured, in the language of Accept-Language' }),
      figures: Type.Record(Type.String(), Type.Union([Type.Number(), Type.String(), Type.Null()])),
      sources: Type.Array(Type.String()),
      link: Type.Union([Type.String(), Type.Null()]),
      measuredAt: Type.String({ format: 'date-time' }),
    }),
    Type.Null(),
  ]),
});

export function presentEvidence(e: EvidenceRow, locale: Locale) {
  const m = e.kind === 'auto' ? (e.measurement as StoredMeasurement) : null;
  return {
    id: e.id,
    indicator: e.indicator,
    assignmentId: e.assignment_id,
    kind: e.kind,
    title: e.kind === 'auto' ? translate(locale, e.title as MessageKey) : e.title,
    opdId: e.opd_id,
    url: e.url,
    recordPath: e.record_path,
    fileUrl: e.kind === 'file' ? `/api/v1/tata-kelola/evidence/${e.id}/file` : null,
    createdBy: e.created_by_label,
    createdAt: e.created_at.toISOString(),
    measurement: m
      ? {
          provider: m.provider,
          module: m.module,
          hasData: m.hasData,
          summary: translate(locale, m.summaryKey, m.params as MessageParams),
          figures: m.figures,
          sources: m.sources,
          link: m.link,
          measuredAt: e.measured_at!.toISOString(),
        }
      : null,
  };
}

export const AssignmentOut = Type.Object({
  id: Uuid(),
  year: Type.Integer(),
  indicator: Type.Integer(),
  opdId: Uuid(),
  opdName: Type.String(),
  part: Type.String(),
  dueOn: Type.String({ format: 'date' }),
  status: StringEnum(['assigned', 'submitted'] as const),
  proposedLevel: Type.Union([Type.Integer(), Type.Null()]),
  response: Type.Union([Type.String(), Type.Null()]),
  submittedBy: Type.Union([Type.String(), Type.Null()]),
  submittedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
});
export const AssignmentListOut = Type.Object({ items: Type.Array(AssignmentOut) });
export function presentAssignment(g: AssignmentRow) {
  return {
    id: g.id,
    year: g.year,
    indicator: g.indicator,
    opdId: g.opd_id,
    opdName: g.opd_name,
    part: g.part,
    dueOn: g.due_on,
    status: g.status,
    proposedLevel: g.proposed_level,
    response: g.response,
    submittedBy: g.submitted_by_label,
    submittedAt: g.submitted_at?.toISOString() ?? null,
  };
}
export const AssignmentDetailOut = Type.Object({ ...AssignmentOut.properties, indicatorName: Type.String(), evidence: Type.Array(EvidenceOut) });

const StageOut = Type.Object({
  stage: StringEnum(STAGES),
  startsOn: Type.Union([Type.String({ format: 'date' }), Type.Null()]),
  endsOn: Type.Union([Type.String({ format: 'date' }), Type.Null()]),
  enteredAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
});
const AnswerOut = Type.Object({
  indicator: Type.Integer(),
  name: Type.String(),
  aspect: Type.String(),
  weight: Type.Number(),
  selfLevel: Type.Union([Type.Integer(), Type.Null()]),
  justification: Type.Union([Type.String(), Type.Null()]),
  verifiedLevel: Type.Union([Type.Integer(), Type.Null()]),
  reviewNote: Type.Union([Type.String(), Type.Null()]),
  evidence: Type.Integer({ description: 'Evidence items (manual and automatic)' }),
});
export const AssessmentOut = Type.Object({
  id: Uuid(),
  year: Type.Integer(),
  instrumentId: Type.String(),
  instrumentTitle: Type.String(),
  stage: StringEnum(STAGES),
  stages: Type.Array(StageOut),
  self: ScorecardOut,
  verified: ScorecardOut,
  indicators: Type.Array(AnswerOut),
});
export function presentAssessment(d: AssessmentDetail) {
  return {
    id: d.assessment.id,
    year: d.assessment.year,
    instrumentId: d.instrument.id,
    instrumentTitle: d.instrument.title,
    stage: d.assessment.stage,
    stages: d.stages.map((s) => ({ stage: s.stage, startsOn: s.starts_on, endsOn: s.ends_on, enteredAt: s.entered_at?.toISOString() ?? null })),
    self: presentScorecard(d.self),
    verified: presentScorecard(d.verified),
    indicators: d.instrument.indicators.map((i) => {
      const a = d.answers.get(i.number);
      return {
        indicator: i.number,
        name: i.name,
        aspect: i.aspect,
        weight: i.weight / 100,
        selfLevel: a?.self_level ?? null,
        justification: a?.justification ?? null,
        verifiedLevel: a?.verified_level ?? null,
        reviewNote: a?.review_note ?? null,
        evidence: d.evidence.filter((e) => e.indicator === i.number).length,
      };
    }),
  };
}

export const IndicatorOut = Type.Object({ ...AnswerOut.properties, year: Type.Integer(), stage: StringEnum(STAGES), evidenceItems: Type.Array(EvidenceOut), assignments: Type.Array(AssignmentOut) });
export function presentIndicator(d: AssessmentDetail, number: number, locale: Locale) {
  const base = presentAssessment(d).indicators.find((i) => i.indicator === number)!;
  return {
    ...base,
    year: d.assessment.year,
    stage: d.assessment.stage,
    evidenceItems: d.evidence.filter((e) => e.indicator === number).map((e) => presentEvidence(e, locale)),
    assignments: d.assignments.filter((g) => g.indicator === number).map(presentAssignment),
  };
}

export const HistoryOut = Type.Object({
  items: Type.Array(Type.Object({ year: Type.Integer(), instrumentId: Type.String(), indexName: Type.String(), stage: StringEnum(STAGES), self: ScorecardOut, verified: ScorecardOut })),
});
export const presentHistory = (rows: HistoryRow[]) => ({
  items: rows.map((h) => ({ year: h.year, instrumentId: h.instrumentId, indexName: h.indexName, stage: h.stage, self: presentScorecard(h.self), verified: presentScorecard(h.verified) })),
});

export const ReadinessOut = Type.Object({
  today: Type.String({ format: 'date' }),
  agencies: Type.Array(
    Type.Object({
      opdId: Uuid(),
      opdName: Type.String(),
      assigned: Type.Integer(),
      submitted: Type.Integer(),
      late: Type.Integer(),
      nextDue: Type.Union([Type.String({ format: 'date' }), Type.Null()]),
      parts: Type.Array(Type.Object({ id: Uuid(), indicator: Type.Integer(), part: Type.String(), dueOn: Type.String(), status: Type.String(), late: Type.Boolean(), submittedAt: Type.Union([Type.String(), Type.Null()]) })),
    }),
  ),
});
export const presentReadiness = (r: { today: string; agencies: AgencyReadiness[] }) => ({
  today: r.today,
  agencies: r.agencies.map((a) => ({ ...a, parts: a.parts.map((p) => ({ ...p, submittedAt: p.submittedAt?.toISOString() ?? null })) })),
});

export const RefreshOut = Type.Object({ items: Type.Integer(), providers: Type.Array(Type.Object({ key: Type.String(), hasData: Type.Boolean(), indicators: Type.Array(Type.Integer()) })) });
export const CreatedOut = Type.Object({ id: Uuid() });
export const CsvOut = Type.String({ description: 'UTF-8 CSV with a byte-order mark' });
