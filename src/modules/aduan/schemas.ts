import Type, { type TSchema } from 'typebox';
import { Email, StringEnum, Uuid } from '../../platform/http/validation.ts';
import { CHANNELS, COMPETENCES, OVERDUE_STAGES, REPORT_TYPES, STAFF_CHANNELS, STATUSES } from './db.ts';

const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);
const DateTime = () => Type.String({ format: 'date-time' });
const Text = (min: number, max: number) => Type.String({ minLength: min, maxLength: max });

export const TrackingId = () => Type.String({ pattern: '^[Aa][Dd][Uu]-[0-9]{4}-[0-9A-Za-z]{6}$', maxLength: 20 });
export const CategoryCode = () => Type.String({ pattern: '^[a-z0-9][a-z0-9-]{1,59}$' });
const RegionCode = () => Type.String({ pattern: '^[0-9]{2}(\\.[0-9]{2}){1,2}$' });

// ---- Requests ------------------------------------------------------------------------------------

const reportFields = {
  type: StringEnum(REPORT_TYPES),
  title: Text(5, 200),
  description: Text(10, 4000),
  categoryCode: CategoryCode(),
  katalogServiceId: Type.Optional(Uuid()),
  katalogAppId: Type.Optional(Uuid()),
  regionCode: RegionCode(),
  districtCode: Type.Optional(RegionCode()),
  lat: Type.Optional(Type.Number({ minimum: -90, maximum: 90 })),
  lon: Type.Optional(Type.Number({ minimum: -180, maximum: 180 })),
  address: Type.Optional(Text(0, 300)),
  anonim: Type.Optional(Type.Boolean()),
  rahasia: Type.Optional(Type.Boolean()),
};
const reporterFields = {
  name: Type.Optional(Text(0, 200)),
  email: Type.Optional(Email()),
  phone: Type.Optional(Type.String({ maxLength: 30, pattern: '^[0-9+() -]*$' })),
};

export const NewReportBody = Type.Object({ ...reportFields, ...reporterFields });
export const StaffReportBody = Type.Object({ ...reportFields, ...reporterFields, channel: StringEnum(STAFF_CHANNELS) });
export const DisposeBody = Type.Object({
  categoryCode: Type.Optional(CategoryCode()),
  opdId: Type.Optional(Uuid()),
  tierCode: Type.Optional(Type.String({ maxLength: 40 })),
  note: Type.Optional(Text(0, 2000)),
});
export const DuplicateBody = Type.Object({ duplicateOf: TrackingId(), note: Type.Optional(Text(0, 2000)) });
export const DeclineBody = Type.Object({ reason: Text(5, 2000) });
export const FollowUpBody = Type.Object({ body: Text(5, 8000) });
/** Reporter actions: `key` is the secret from the follow link (not needed when signed in as the reporter). */
const Key = Type.Optional(Type.String({ minLength: 10, maxLength: 100 }));
export const ReporterKeyBody = Type.Object({ key: Key });
export const ReplyBody = Type.Object({ key: Key, body: Text(2, 4000) });
export const RateBody = Type.Object({ key: Key, rating: Type.Integer({ minimum: 1, maximum: 5 }), comment: Type.Optional(Text(0, 1000)) });
export const ReopenBody = Type.Object({ key: Key, reason: Text(5, 2000) });
export const KeyQuery = Type.Object({ key: Key });

export const CategoryBody = Type.Object({
  code: CategoryCode(),
  name: Text(2, 200),
  description: Type.Optional(Text(0, 1000)),
  keywords: Type.Optional(Text(0, 500)),
  groupName: Type.Optional(Text(0, 100)),
  competence: StringEnum(COMPETENCES),
  opdId: Type.Optional(Uuid()),
  tierCode: Type.String({ minLength: 1, maxLength: 40 }),
  open311Type: Type.Optional(StringEnum(['realtime', 'batch'] as const)),
  active: Type.Optional(Type.Boolean()),
});
export const CategoryPatch = Type.Partial(Type.Omit(CategoryBody, ['code']));
export const CoordinatorBody = Type.Object({ opdId: Uuid(), regionCode: Type.Optional(RegionCode()) });
export const SlaBody = Type.Object({
  steps: Type.Optional(Type.Object({ verify: Type.Optional(Type.Integer({ minimum: 1, maximum: 365 })), follow_up: Type.Optional(Type.Integer({ minimum: 1, maximum: 365 })), auto_close: Type.Optional(Type.Integer({ minimum: 1, maximum: 365 })) }, { additionalProperties: false })),
  tiers: Type.Optional(Type.Record(Type.String({ maxLength: 40 }), Type.Integer({ minimum: 1, maximum: 3650 }))),
});
export const Open311ClientBody = Type.Object({ name: Text(2, 200), opdId: Type.Optional(Uuid()) });

export const PublicListQuery = Type.Object({
  opdId: Type.Optional(Type.Union([Uuid(), Type.Literal('')])),
  category: Type.Optional(Type.String({ maxLength: 60 })),
  status: Type.Optional(Type.Union([StringEnum(STATUSES), Type.Literal('')])),
  region: Type.Optional(Type.String({ maxLength: 20 })),
  from: Type.Optional(Type.Union([Type.String({ format: 'date' }), Type.Literal('')])),
  to: Type.Optional(Type.Union([Type.String({ format: 'date' }), Type.Literal('')])),
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: 10000 })),
});
export const StaffListQuery = Type.Object({
  status: Type.Optional(Type.Union([StringEnum(STATUSES), Type.Literal('')])),
  overdue: Type.Optional(Type.Boolean()),
  q: Type.Optional(Type.String({ maxLength: 200 })),
  opdId: Type.Optional(Type.Union([Uuid(), Type.Literal('')])),
  category: Type.Optional(Type.String({ maxLength: 60 })),
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: 10000 })),
});
export const PeriodQuery = Type.Object({
  from: Type.Optional(Type.Union([Type.String({ format: 'date' }), Type.Literal('')])),
  to: Type.Optional(Type.Union([Type.String({ format: 'date' }), Type.Literal('')])),
});

// ---- Responses (the presenters) ------------------------------------------------------------------

const Ref = Type.Object({ code: Type.String(), name: Type.String() });
const Agency = Type.Object({ id: Type.String(), code: Type.String(), name: Type.String() });
const KatalogRefOut = Type.Object({ key: Type.String(), name: Type.String() });

const timelineFields = {
  at: DateTime(),
  kind: Type.String(),
  actor: StringEnum(['pelapor', 'koordinator', 'instansi', 'sistem'] as const),
  agencyName: Nullable(Type.String()),
  body: Nullable(Type.String()),
  data: Type.Record(Type.String(), Type.Unknown()),
};
export const TimelineItemOut = Type.Object(timelineFields);
const attachmentFields = { id: Type.String(), name: Type.String(), contentType: Type.String(), size: Type.Integer(), url: Type.String() };
export const AttachmentOut = Type.Object(attachmentFields);

const summaryFields = {
  trackingId: Type.String(),
  type: StringEnum(REPORT_TYPES),
  title: Type.String(),
  category: Ref,
  agency: Nullable(Agency),
  region: Ref,
  status: StringEnum(STATUSES),
  overdue: Type.Array(StringEnum(OVERDUE_STAGES)),
  createdAt: DateTime(),
  updatedAt: DateTime(),
};
export const ReportSummaryOut = Type.Object(summaryFields);
export const ReportPageOut = Type.Object({ items: Type.Array(ReportSummaryOut), hasNext: Type.Boolean(), page: Type.Integer() });
export const StaffReportSummaryOut = Type.Object({ ...summaryFields, id: Type.String(), rahasia: Type.Boolean(), dueAt: Nullable(DateTime()) });
export const StaffReportPageOut = Type.Object({ items: Type.Array(StaffReportSummaryOut), hasNext: Type.Boolean(), page: Type.Integer() });

const publicFields = {
  trackingId: Type.String(),
  type: StringEnum(REPORT_TYPES),
  title: Type.String(),
  description: Type.String(),
  category: Ref,
  agency: Nullable(Agency),
  region: Ref,
  district: Nullable(Ref),
  location: Nullable(Type.Object({ lat: Type.Number(), lon: Type.Number() })),
  address: Nullable(Type.String()),
  status: StringEnum(STATUSES),
  overdue: Type.Array(StringEnum(OVERDUE_STAGES)),
  /** Null when the reporter asked to stay anonymous (or gave no name). */
  reporterName: Nullable(Type.String()),
  receivedAt: Nullable(DateTime()),
  resolutionDueAt: Nullable(DateTime()),
  closedAt: Nullable(DateTime()),
  rating: Nullable(Type.Integer()),
  reopenCount: Type.Integer(),
  duplicateOf: Nullable(Type.String()),
  laporReference: Nullable(Type.String()),
  katalogService: Nullable(KatalogRefOut),
  katalogApp: Nullable(KatalogRefOut),
  timeline: Type.Array(TimelineItemOut),
  attachments: Type.Array(AttachmentOut),
};
export const PublicReportOut = Type.Object(publicFields);

export const ReporterReportOut = Type.Object({
  ...publicFields,
  anonim: Type.Boolean(),
  rahasia: Type.Boolean(),
  declineReason: Nullable(Type.String()),
  can: Type.Object({ confirm: Type.Boolean(), reply: Type.Boolean(), rate: Type.Boolean(), reopen: Type.Boolean() }),
});

export const StaffReportOut = Type.Object({
  ...publicFields,
  id: Type.String(),
  channel: StringEnum(CHANNELS),
  anonim: Type.Boolean(),
  rahasia: Type.Boolean(),
  /** True when the caller is outside the handling chain: `reporter` is then null. */
  identityHidden: Type.Boolean(),
  reporter: Nullable(Type.Object({ name: Nullable(Type.String()), email: Nullable(Type.String()), phone: Nullable(Type.String()), hasAccount: Type.Boolean() })),
  competence: Nullable(StringEnum(COMPETENCES)),
  tier: Nullable(Type.Object({ code: Type.String(), name: Type.String() })),
  deadlines: Type.Object({ verify: Nullable(DateTime()), followUp: Nullable(DateTime()), autoClose: Nullable(DateTime()), resolution: Nullable(DateTime()) }),
  declineReason: Nullable(Type.String()),
  laporState: Nullable(Type.String()),
  timeline: Type.Array(Type.Object({ ...timelineFields, public: Type.Boolean() })),
  attachments: Type.Array(Type.Object({ ...attachmentFields, public: Type.Boolean() })),
  can: Type.Object({ coordinate: Type.Boolean(), handle: Type.Boolean() }),
});

export const SubmittedOut = Type.Object({
  trackingId: Type.String(),
  status: StringEnum(['menunggu_konfirmasi', 'menunggu_verifikasi'] as const),
  /** The follow link; only returned to a signed-in reporter (others receive it by mail). */
  followUrl: Nullable(Type.String()),
});
export const DispositionOut = Type.Object({ status: StringEnum(STATUSES), agency: Nullable(Type.String()), competence: StringEnum(COMPETENCES) });
export const Ok = Type.Object({ ok: Type.Boolean() });

export const FiguresOut = Type.Object({
  from: Type.String({ format: 'date' }),
  to: Type.String({ format: 'date' }),
  agencies: Type.Array(
    Type.Object({
      opdId: Type.String(),
      opdCode: Type.String(),
      opdName: Type.String(),
      received: Type.Integer(),
      answered: Type.Integer(),
      answeredOnTime: Type.Integer(),
      onTimeRate: Nullable(Type.Number()),
      medianFirstAnswerDays: Nullable(Type.Number()),
      reopened: Type.Integer(),
      reopenRate: Nullable(Type.Number()),
      overdueNow: Type.Integer(),
    }),
  ),
});

export const CategoryOut = Type.Object({
  code: Type.String(),
  name: Type.String(),
  description: Nullable(Type.String()),
  keywords: Nullable(Type.String()),
  groupName: Nullable(Type.String()),
  competence: StringEnum(COMPETENCES),
  agency: Nullable(Type.Object({ id: Type.String(), name: Type.String() })),
  tier: Type.Object({ code: Type.String(), name: Type.String(), days: Type.Integer() }),
  open311Type: StringEnum(['realtime', 'batch'] as const),
  active: Type.Boolean(),
});
export const CategoryListOut = Type.Object({ items: Type.Array(CategoryOut) });
export const CoordinatorListOut = Type.Object({
  items: Type.Array(Type.Object({ opdId: Type.String(), opdName: Type.String(), region: Nullable(Ref) })),
});
export const SlaOut = Type.Object({
  steps: Type.Object({ verify: Type.Integer(), follow_up: Type.Integer(), auto_close: Type.Integer() }),
  tiers: Type.Array(Type.Object({ code: Type.String(), name: Type.String(), days: Type.Integer() })),
});
const clientFields = {
  id: Type.String(),
  name: Type.String(),
  agency: Nullable(Type.Object({ id: Type.String(), name: Type.String() })),
  keyPrefix: Type.String(),
  createdAt: DateTime(),
  lastUsedAt: Nullable(DateTime()),
  revokedAt: Nullable(DateTime()),
};
export const Open311ClientOut = Type.Object(clientFields);
export const Open311ClientListOut = Type.Object({ items: Type.Array(Open311ClientOut) });
/** The key is shown once, when it is issued. */
export const Open311ClientIssuedOut = Type.Object({ ...clientFields, apiKey: Type.String() });
