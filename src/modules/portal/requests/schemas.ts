import Type, { type TSchema } from 'typebox';
import { StringEnum, Uuid } from '../../../platform/http/validation.ts';
import { REQUEST_EVENT_KINDS, REQUEST_STATUSES } from '../db.ts';

/** The online requests' API shapes. Responses are the presenters: NIK answers leave only masked, internal notes never. */
const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
const Day = Type.String({ format: 'date' });
const At = Type.String({ format: 'date-time' });

export const RequestParams = Type.Object({ requestId: Uuid() });
export const DocumentParams = Type.Object({ requestId: Uuid(), documentId: Uuid() });
export const MessageParams = Type.Object({ messageId: Uuid() });
export const NumberParams = Type.Object({ trackingNumber: Type.String({ pattern: '^[0-9]{4}-[0-9]{6,}$' }) });
export const ServiceKeyParams = Type.Object({ key: Type.String({ minLength: 1, maxLength: 200 }) });

export const StartBody = Type.Object({ serviceKey: Type.String({ minLength: 1, maxLength: 200, description: 'The service key, as in /layanan/<key>' }) });
export const AnswersBody = Type.Object({
  answers: Type.Record(Type.String(), Type.Unknown(), { description: 'Answers by field name; repeatable groups as arrays of objects. Fields filled from a source cannot be changed.' }),
});
export const WithdrawBody = Type.Object({ reason: Type.Optional(Type.String({ maxLength: 1000 })) });

const Answers = Type.Record(Type.String(), Type.Unknown(), { description: 'Answers by field name; NIK fields masked' });
const Prefilled = Type.Record(Type.String(), Type.Object({ element: Type.String(), agency: Nullable(Type.String()), xroadId: Nullable(Type.String()), fetchedAt: Type.String() }), {
  description: 'Fields filled from an authoritative source, by field name',
});
const Document = Type.Object({
  id: Type.String(),
  kind: StringEnum(['requirement', 'result'] as const),
  requirementCode: Nullable(Type.String()),
  name: Type.String(),
  contentType: Type.String(),
  size: Type.Integer(),
  createdAt: At,
  url: Type.String({ description: 'Download (the owner, and officers of the agency)' }),
});
const Event = Type.Object({ at: At, kind: StringEnum(REQUEST_EVENT_KINDS), fromStatus: Nullable(Type.String()), toStatus: Nullable(Type.String()), message: Nullable(Type.String()) });

export const RequestSummaryOut = Type.Object({
  id: Type.String(),
  trackingNumber: Nullable(Type.String()),
  serviceKey: Type.String(),
  serviceName: Type.String(),
  agency: Nullable(Type.String()),
  status: StringEnum(REQUEST_STATUSES),
  submittedAt: Nullable(At),
  dueDay: Nullable(Day),
  createdAt: At,
});
export const RequestListOut = Type.Object({ items: Type.Array(RequestSummaryOut) });

export const RequestOut = Type.Object({
  ...RequestSummaryOut.properties,
  version: Type.Integer(),
  slaWorkingDays: Nullable(Type.Integer()),
  paused: Type.Boolean({ description: 'The clock stands still while the request waits for the citizen (needs_fix)' }),
  workingDaysLeft: Nullable(Type.Integer()),
  answers: Answers,
  prefilled: Prefilled,
  form: Type.Object({ fields: Type.Array(Type.Unknown()), documents: Type.Array(Type.Unknown()) }, { description: 'The form definition the request is filled in with' }),
  documents: Type.Array(Document),
  events: Type.Array(Event),
  fixMessage: Nullable(Type.String()),
  decisionReason: Nullable(Type.String()),
  surveyUrl: Nullable(Type.String()),
  receiptUrl: Nullable(Type.String()),
  trackingUrl: Type.String(),
});

export const StartOut = Type.Object({ id: Type.String(), created: Type.Boolean() });
export const SubmitOut = Type.Object({ id: Type.String(), trackingNumber: Type.String(), dueDay: Nullable(Day), resubmitted: Type.Boolean() });
export const PrefillOut = Type.Object({ filled: Type.Array(Type.String()), missed: Type.Array(Type.Object({ element: Type.String(), status: Type.String() })) });
export const UploadOut = Type.Object({ documents: Type.Array(Type.String()) });
export const InboxOut = Type.Object({
  unread: Type.Integer(),
  items: Type.Array(
    Type.Object({ id: Type.String(), requestId: Nullable(Type.String()), trackingNumber: Nullable(Type.String()), text: Type.String(), messageKey: Type.String(), createdAt: At, readAt: Nullable(At) }),
  ),
});
export const MarkedOut = Type.Object({ marked: Type.Integer() });
