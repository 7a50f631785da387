import Type, { type TSchema } from 'typebox';
import { StringEnum, Uuid } from '../../../platform/http/validation.ts';
import { DECISIONS, DECISION_STATUSES, HOSTINGS, LIFECYCLES, TIME_CLASSES } from '../db.ts';
import { QUALITY_FIELDS } from './metrics.ts';

const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
const Fit = Type.Integer({ minimum: 1, maximum: 5 });
const DateOnly = Type.String({ format: 'date', maxLength: 10 });

export const AppParams = Type.Object({ appId: Uuid() });
export const DecisionParams = Type.Object({ decisionId: Uuid() });
export const OpdParams = Type.Object({ opdId: Uuid() });
export const OpdFilter = Type.Union([Uuid(), Type.Literal('')]);

// ---- Requests -----------------------------------------------------------------------------------
export const AssessmentBody = Type.Object(
  {
    functionalFit: Fit,
    technicalFit: Fit,
    note: Type.Optional(Nullable(Type.String({ maxLength: 2000 }))),
  },
  { additionalProperties: false },
);

export const DecisionBody = Type.Object(
  {
    decision: StringEnum(DECISIONS),
    targetAppId: Type.Optional(Nullable(Uuid())),
    replacementName: Type.Optional(Nullable(Type.String({ maxLength: 200 }))),
    targetDate: Type.Optional(Nullable(DateOnly)),
    reason: Type.String({ minLength: 1, maxLength: 2000 }),
    legalBasis: Type.Optional(Nullable(Type.String({ maxLength: 500 }))),
  },
  { additionalProperties: false },
);

/** The HTML form names the merge target by app key (as the app form does) rather than by id. */
export const DecisionForm = Type.Object({
  decision: StringEnum(DECISIONS),
  targetAppKey: Type.Optional(Type.String({ maxLength: 80 })),
  replacementName: Type.Optional(Type.String({ maxLength: 200 })),
  targetDate: Type.Optional(DateOnly),
  reason: Type.String({ minLength: 1, maxLength: 2000 }),
  legalBasis: Type.Optional(Type.String({ maxLength: 500 })),
});

export const DECISION_FILTERS = ['open', 'overdue', 'done', 'cancelled', 'all'] as const;
export const DecisionListQuery = Type.Object({
  opdId: Type.Optional(OpdFilter),
  status: Type.Optional(StringEnum(DECISION_FILTERS)),
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100000 })),
});
export const TimeQuery = Type.Object({ opdId: Type.Optional(OpdFilter) });
export const CapabilityQuery = Type.Object({ opdId: Type.Optional(OpdFilter), kind: Type.Optional(Type.Union([StringEnum(['RAB', 'RAL'] as const), Type.Literal('')])) });
export const PortfolioQuery = Type.Object({ leastComplete: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })) });

// ---- Responses (the presenters) -----------------------------------------------------------------
export const AssessmentOut = Type.Object({
  id: Type.String(),
  appId: Type.String(),
  functionalFit: Type.Integer(),
  technicalFit: Type.Integer(),
  classification: StringEnum(TIME_CLASSES),
  note: Nullable(Type.String()),
  assessedBy: Type.String(),
  assessedAt: Type.String({ format: 'date-time' }),
});
export const AssessmentListOut = Type.Object({ items: Type.Array(AssessmentOut) });

const TimeCounts = Type.Object({ invest: Type.Integer(), migrate: Type.Integer(), tolerate: Type.Integer(), eliminate: Type.Integer(), notAssessed: Type.Integer() });
export const TimeQuadrantOut = Type.Object({
  counts: TimeCounts,
  items: Type.Array(Type.Object({ ...AssessmentOut.properties, appName: Type.String(), appAcronym: Nullable(Type.String()), opdId: Nullable(Type.String()), opdName: Nullable(Type.String()) })),
});

export const DecisionOut = Type.Object({
  id: Type.String(),
  appId: Type.String(),
  appName: Type.String(),
  appLifecycle: StringEnum(LIFECYCLES),
  opdId: Nullable(Type.String()),
  opdName: Nullable(Type.String()),
  decision: StringEnum(DECISIONS),
  targetAppId: Nullable(Type.String()),
  targetAppName: Nullable(Type.String()),
  replacementName: Nullable(Type.String()),
  targetDate: Nullable(Type.String({ format: 'date' })),
  overdue: Type.Boolean(),
  reason: Type.String(),
  legalBasis: Nullable(Type.String()),
  status: StringEnum(DECISION_STATUSES),
  decidedBy: Type.String(),
  decidedAt: Type.String({ format: 'date-time' }),
  closedBy: Nullable(Type.String()),
  closedAt: Nullable(Type.String({ format: 'date-time' })),
});
export const DecisionListOut = Type.Object({ items: Type.Array(DecisionOut), hasNext: Type.Boolean(), page: Type.Integer() });

const AppRef = Type.Object({ id: Type.String(), name: Type.String(), opdId: Nullable(Type.String()), opdName: Nullable(Type.String()) });
export const PortfolioOut = Type.Object({
  opdId: Nullable(Type.String({ description: 'The agency this portfolio is for; null for everything the caller may read' })),
  opdName: Nullable(Type.String()),
  asOf: Type.String({ format: 'date-time' }),
  months: Type.Array(Type.String({ description: 'YYYY-MM' })),
  active: Type.Array(Type.Integer(), { description: 'Active apps at the end of each month in `months`' }),
  activeNow: Type.Integer(),
  agencies: Type.Array(
    Type.Object({
      opdId: Nullable(Type.String()),
      opdName: Nullable(Type.String()),
      active: Type.Array(Type.Integer()),
      activeNow: Type.Integer(),
      currentApps: Type.Integer(),
      quality: Nullable(Type.Number()),
      outsideDataCentre: Type.Integer(),
    }),
  ),
  costSaved: Type.Object({
    total: Type.Integer({ description: 'Rupiah per year no longer spent' }),
    byYear: Type.Array(Type.Object({ year: Type.Integer(), apps: Type.Integer(), amount: Type.Integer(), appsWithoutCost: Type.Integer() })),
  }),
  hosting: Type.Object({
    outsideDataCentre: Type.Integer(),
    unknown: Type.Integer(),
    apps: Type.Array(Type.Object({ ...AppRef.properties, hosting: StringEnum(HOSTINGS) })),
  }),
  withoutOwner: Type.Object({ count: Type.Integer(), apps: Type.Array(AppRef) }),
  quality: Type.Object({
    overall: Nullable(Type.Number({ description: 'Mean completeness of the required fields, percent' })),
    apps: Type.Integer(),
    leastComplete: Type.Array(Type.Object({ ...AppRef.properties, score: Type.Number(), missing: Type.Array(StringEnum(QUALITY_FIELDS)) })),
  }),
  time: TimeCounts,
  decisions: Type.Object({ open: Type.Integer(), overdue: Type.Integer() }),
});

export const CapabilityCoverageOut = Type.Object({
  gaps: Type.Integer(),
  single: Type.Integer(),
  several: Type.Integer(),
  items: Type.Array(
    Type.Object({
      code: Type.String(),
      kind: StringEnum(['RAB', 'RAL'] as const),
      name: Type.String(),
      apps: Type.Array(Type.Object({ id: Type.String(), name: Type.String(), acronym: Nullable(Type.String()), opdName: Nullable(Type.String()) })),
    }),
  ),
});
