import Type, { type TSchema } from 'typebox';
import { StringEnum, Uuid } from '../../../platform/http/validation.ts';
import { REQUEST_EVENT_KINDS, REQUEST_STATUSES } from '../db.ts';

/** Casework's request and response schemas (the presenters). No NIK ever leaves through them. */
const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
const Page = Type.Integer({ minimum: 1, maximum: 1000 });
const Version = Type.Integer({ minimum: 1, description: 'The version of the request you saw (`version` in the answer); another one gives 409' });
const CASE_STATUSES = REQUEST_STATUSES.filter((s) => s !== 'draft');

export const RequestParams = Type.Object({ requestId: Uuid() });
export const DocumentParams = Type.Object({ requestId: Uuid(), documentId: Uuid() });

export const QueueQuery = Type.Object({
  serviceId: Type.Optional(Type.Union([Uuid(), Type.Literal('')])),
  status: Type.Optional(Type.Union([StringEnum(CASE_STATUSES), Type.Literal('')])),
  assignee: Type.Optional(Type.Union([StringEnum(['me', 'none'] as const), Type.Literal('')], { description: "'me': assigned to me; 'none': unassigned; empty: anyone" })),
  flag: Type.Optional(Type.Union([StringEnum(['due_soon', 'overdue'] as const), Type.Literal('')])),
  sort: Type.Optional(Type.Union([StringEnum(['due', 'submitted'] as const), Type.Literal('')])),
  page: Type.Optional(Page),
});

const Flags = Type.Object({
  daysLeft: Nullable(Type.Integer({ description: 'Working days left (negative: overdue); null without a deadline or once decided' })),
  dueSoon: Type.Boolean(),
  overdue: Type.Boolean(),
  paused: Type.Boolean({ description: 'The clock is stopped: waiting for the citizen' }),
});

const QueueItemOut = Type.Object({
  id: Type.String(),
  trackingNumber: Nullable(Type.String()),
  serviceId: Type.String(),
  serviceName: Type.String(),
  citizenName: Type.String(),
  status: StringEnum(CASE_STATUSES),
  submittedAt: Nullable(Type.String({ format: 'date-time' })),
  dueDay: Nullable(Type.String({ format: 'date' })),
  assigneeId: Nullable(Type.String()),
  assigneeName: Nullable(Type.String()),
  escalated: Type.Boolean(),
  synthetic: Type.Boolean(),
  flags: Flags,
});

export const QueueOut = Type.Object({ items: Type.Array(QueueItemOut), hasNext: Type.Boolean(), page: Type.Integer() });

const EventOut = Type.Object({
  at: Type.String({ format: 'date-time' }),
  kind: StringEnum(REQUEST_EVENT_KINDS),
  actorName: Nullable(Type.String()),
  fromStatus: Nullable(Type.String()),
  toStatus: Nullable(Type.String()),
  message: Nullable(Type.String()),
  internal: Type.Boolean({ description: 'Internal notes and events are never shown to the citizen' }),
});

const DocumentOut = Type.Object({
  id: Type.String(),
  kind: StringEnum(['requirement', 'result'] as const),
  requirementCode: Nullable(Type.String()),
  name: Type.String(),
  contentType: Type.String(),
  size: Type.Integer(),
  url: Type.String({ description: 'Download (the request’s agency and the citizen only)' }),
});

const PrefilledOut = Type.Object({ element: Type.String(), agency: Nullable(Type.String()), fetchedAt: Type.String() });

export const CaseOut = Type.Object({
  id: Type.String(),
  version: Type.Integer(),
  trackingNumber: Nullable(Type.String()),
  status: StringEnum(CASE_STATUSES),
  service: Type.Object({ id: Type.String(), key: Type.String(), name: Type.String() }),
  agency: Type.Object({ id: Type.String(), name: Type.String() }),
  citizenName: Type.String(),
  formVersion: Type.Integer(),
  answers: Type.Record(Type.String(), Type.Unknown(), { description: 'Answers by field name, as the citizen gave them' }),
  prefilled: Type.Record(Type.String(), PrefilledOut, { description: 'Fields filled from an authoritative source, with the agency that holds it' }),
  assignee: Nullable(Type.Object({ id: Type.String(), name: Nullable(Type.String()) })),
  submittedAt: Nullable(Type.String({ format: 'date-time' })),
  slaWorkingDays: Nullable(Type.Integer()),
  dueDay: Nullable(Type.String({ format: 'date' })),
  pausedWorkingDays: Type.Integer(),
  pausedSince: Nullable(Type.String({ format: 'date-time' })),
  decidedAt: Nullable(Type.String({ format: 'date-time' })),
  decisionReason: Nullable(Type.String()),
  escalatedAt: Nullable(Type.String({ format: 'date-time' })),
  synthetic: Type.Boolean(),
  flags: Flags,
  documents: Type.Array(DocumentOut),
  history: Type.Array(EventOut),
  canAct: Type.Boolean(),
});

export const VersionBody = Type.Object({ version: Version });
export const AssignBody = Type.Object({
  version: Version,
  assigneeId: Type.Optional(Nullable(Uuid({ description: 'An officer of the request’s agency; null unassigns' }))),
  self: Type.Optional(Type.Boolean({ description: 'Assign to me' })),
});
export const AssignForm = Type.Object({ version: Version, assigneeId: Type.Optional(Uuid()), self: Type.Optional(Type.String({ maxLength: 10 })) });
export const FixBody = Type.Object({ version: Version, message: Type.String({ minLength: 1, maxLength: 4000, description: 'What the citizen must fix (shown to them)' }) });
export const RejectBody = Type.Object({ version: Version, reason: Type.String({ minLength: 1, maxLength: 4000, description: 'Why (shown to the citizen)' }) });
export const ApproveBody = Type.Object({ version: Version, note: Type.Optional(Type.String({ maxLength: 4000 })) });
export const NoteBody = Type.Object({ message: Type.String({ minLength: 1, maxLength: 4000 }) });
export const NoteOut = Type.Object({ eventId: Type.String() });

// ---- Forms --------------------------------------------------------------------------------------

export const FormVersionOut = Type.Object({
  version: Type.Integer(),
  status: StringEnum(['draft', 'published', 'retired'] as const),
  createdAt: Type.String({ format: 'date-time' }),
  publishedAt: Nullable(Type.String({ format: 'date-time' })),
});

const FormWithDefinition = Type.Object({ ...FormVersionOut.properties, definition: Type.Unknown({ description: 'The form definition {fields, documents}' }) });

export const FormOut = Type.Object({
  serviceId: Type.String(),
  current: Nullable(FormWithDefinition),
  published: Nullable(FormWithDefinition),
  canManage: Type.Boolean(),
});

export const FormVersionsOut = Type.Object({ items: Type.Array(FormVersionOut) });

export const FormPutBody = Type.Object({
  definition: Type.Unknown({ description: 'The definition {fields: [...], documents: [...]}; problems come back with their JSON paths (`definition.fields[2].type`)' }),
  publish: Type.Optional(Type.Boolean({ description: 'Publish at once (otherwise a draft version)' })),
});

export const FormPublishBody = Type.Object({ version: Type.Optional(Type.Integer({ minimum: 1, description: 'Default: the newest version' })) });

export const FormEditorForm = Type.Object({ definition: Type.String({ minLength: 1, maxLength: 200_000 }), action: Type.Optional(StringEnum(['preview', 'save', 'publish'] as const)) });
