import Type from 'typebox';
import { StringEnum, Uuid } from '../../../platform/http/validation.ts';
import type { GerbangSettings } from '../config.ts';
import { serviceIdOf, subsystemIdOf } from '../control/use-cases/visibility.ts';
import { DELIVERY_MODES, DELIVERY_STATUSES, FIELD_TYPES, KEY_KINDS, SUBJECT_KINDS } from './db.ts';
import type { ConsentRow, DeliveryRow, ElementRow, SubscriptionRow } from './repo.ts';
import type { DataAccessEntry } from './use-cases/list-data-access.ts';
import type { PrefillResult } from './use-cases/prefill.ts';

// ---- Requests ------------------------------------------------------------------------------

const CodeValue = Type.String({ pattern: '^[A-Za-z0-9._:/-]{1,100}$', description: 'A code: letters, digits and . _ : / -' });
const ElementCode = Type.String({ minLength: 1, maxLength: 60, description: 'Data element code, e.g. `identitas`' });

export const ElementParams = Type.Object({ elementId: Uuid() });
export const SubscriptionParams = Type.Object({ subscriptionId: Uuid() });
export const DeliveryParams = Type.Object({ deliveryId: Uuid() });
export const ConsentParams = Type.Object({ consentId: Uuid() });

const FieldIn = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 64, description: 'Name of the value in the prefill answer' }),
  label: Type.String({ minLength: 1, maxLength: 200, description: 'What the citizen reads' }),
  type: Type.Optional(StringEnum(FIELD_TYPES)),
  source: Type.Optional(Type.Union([Type.String({ maxLength: 200, description: 'Dotted path in the source’s JSON answer; default: the name' }), Type.Null()])),
});
const ElementSettingsIn = {
  name: Type.String({ minLength: 1, maxLength: 200 }),
  description: Type.Optional(Type.Union([Type.String({ maxLength: 2000 }), Type.Null()])),
  subjectKind: StringEnum(SUBJECT_KINDS),
  keyKind: StringEnum(KEY_KINDS, { description: 'What identifies the record at the source' }),
  serviceId: Uuid({ description: 'The gateway service that is the authoritative source' }),
  pathTemplate: Type.String({ minLength: 2, maxLength: 500, description: 'Path (and query) after the service code with `{key}` for the record key, e.g. `/penduduk/{key}`' }),
  fields: Type.Array(FieldIn, { minItems: 1, maxItems: 50 }),
  active: Type.Optional(Type.Boolean()),
};
export const NewElementBody = Type.Object({ code: ElementCode, ...ElementSettingsIn });
export const ElementChangesBody = Type.Partial(Type.Object(ElementSettingsIn));
export const ElementListQuery = Type.Object({ q: Type.Optional(Type.String({ maxLength: 200 })), active: Type.Optional(Type.Boolean()) });

export const ConsentBody = Type.Object({
  recipient: Type.Optional(Type.String({ minLength: 1, maxLength: 300, description: 'Subsystem (id or identifier) that will receive the data; default: the portal' })),
  elements: Type.Array(ElementCode, { minItems: 1, maxItems: 30 }),
  purpose: CodeValue,
  purposeText: Type.String({ minLength: 1, maxLength: 300, description: 'The purpose in words the citizen reads' }),
  legalBasis: CodeValue,
  validDays: Type.Optional(Type.Integer({ minimum: 1, maximum: 365 })),
});

export const PlanQuery = Type.Object({
  elements: Type.String({ minLength: 1, maxLength: 2000, description: 'Comma-separated element codes' }),
  recipient: Type.Optional(Type.String({ maxLength: 300 })),
});

export const PrefillBody = Type.Object({
  elements: Type.Array(ElementCode, { minItems: 1, maxItems: 30 }),
  purpose: CodeValue,
  legalBasis: Type.Optional(CodeValue),
  nik: Type.Optional(Type.String({ pattern: '^[0-9]{16}$', description: 'Agency systems: the citizen’s NIK (a citizen’s own prefill uses their profile)' })),
  keys: Type.Optional(Type.Record(Type.String(), Type.String({ maxLength: 100 }), { description: 'Keys of elements not identified by the NIK (NIB, NOP…), by element code' })),
  consentId: Type.Optional(Uuid()),
  userId: Type.Optional(Type.String({ maxLength: 200, description: 'Agency systems: the officer acting (X-Road-UserId)' })),
});

export const AccessLogQuery = Type.Object({ before: Type.Optional(Type.String({ pattern: '^[0-9]{1,18}$' })), limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })) });

export const NewSubscriptionBody = Type.Object({
  subsystem: Type.String({ minLength: 1, maxLength: 300, description: 'Subscribing subsystem: id or identifier' }),
  element: Type.String({ minLength: 1, maxLength: 60, description: 'Data element: id or code' }),
  delivery: StringEnum(DELIVERY_MODES),
  webhookUrl: Type.Optional(Type.String({ maxLength: 1000 })),
});
export const DeliveryListQuery = Type.Object({ status: Type.Optional(StringEnum(DELIVERY_STATUSES)), limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })) });
export const ChangeBody = Type.Object({
  recordKey: Type.String({ minLength: 1, maxLength: 100, description: 'The changed record’s key (a NIK, NIB, …)' }),
  changedFields: Type.Optional(Type.Array(Type.String({ maxLength: 64 }), { maxItems: 50 })),
  occurredAt: Type.Optional(Type.String({ format: 'date-time' })),
});
export const FeedQuery = Type.Object({
  cursor: Type.Optional(Type.String({ maxLength: 40, description: 'From `nextCursor` of the previous page; none: from the start of the subscription' })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
});

// ---- Responses (presenters) ---------------------------------------------------------------

const Timestamp = Type.String({ format: 'date-time' });
const NullableString = Type.Union([Type.String(), Type.Null()]);
const iso = (d: Date | null) => (d ? d.toISOString() : null);

const FieldOut = Type.Object({ name: Type.String(), label: Type.String(), type: StringEnum(FIELD_TYPES), source: Type.String() });
export const ElementOut = Type.Object({
  id: Type.String(),
  code: Type.String(),
  name: Type.String(),
  description: NullableString,
  subjectKind: StringEnum(SUBJECT_KINDS),
  keyKind: StringEnum(KEY_KINDS),
  source: Type.Object({
    serviceId: Type.String(),
    service: Type.String({ description: 'The source service, INSTANCE/CLASS/MEMBER/SUBSYSTEM/SERVICECODE' }),
    serviceName: Type.String(),
    agency: Type.String(),
    method: Type.String(),
    pathTemplate: Type.String(),
    personalData: Type.Boolean(),
  }),
  fields: Type.Array(FieldOut),
  active: Type.Boolean(),
  updatedAt: Timestamp,
});
export function presentElement(settings: GerbangSettings, e: ElementRow) {
  return {
    id: e.id,
    code: e.code,
    name: e.name,
    description: e.description,
    subjectKind: e.subject_kind,
    keyKind: e.key_kind,
    source: {
      serviceId: e.service_id,
      service: elementServiceId(settings, e),
      serviceName: e.service_name,
      agency: e.provider_opd_name,
      method: e.method,
      pathTemplate: e.path_template,
      personalData: e.service_personal_data,
    },
    fields: e.fields.map((f) => ({ name: f.name, label: f.label, type: f.type, source: f.source ?? f.name })),
    active: e.active,
    updatedAt: e.updated_at.toISOString(),
  };
}
export const elementServiceId = (settings: GerbangSettings, e: ElementRow) => serviceIdOf(settings, { opd_code: e.provider_opd_code, subsystem_code: e.provider_subsystem_code, code: e.service_code });

export const PlanOut = Type.Object({
  recipient: Type.Object({ identifier: Type.String(), name: Type.String(), agency: Type.String() }),
  elements: Type.Array(ElementOut),
});

export const ConsentOut = Type.Object({
  id: Type.String(),
  recipient: Type.String({ description: 'The subsystem that may fetch' }),
  recipientName: Type.String(),
  recipientAgency: Type.String(),
  elements: Type.Array(Type.String()),
  purpose: Type.String(),
  purposeText: Type.String(),
  legalBasis: Type.String(),
  grantedAt: Timestamp,
  expiresAt: Timestamp,
  withdrawnAt: NullableString,
  open: Type.Boolean(),
});
export function presentConsent(settings: GerbangSettings, c: ConsentRow, now: Date) {
  return {
    id: c.id,
    recipient: subsystemIdOf(settings, { opd_code: c.recipient_opd_code, code: c.recipient_code }),
    recipientName: c.recipient_name,
    recipientAgency: c.recipient_opd_name,
    elements: c.data_elements,
    purpose: c.purpose,
    purposeText: c.purpose_text,
    legalBasis: c.legal_basis,
    grantedAt: c.granted_at.toISOString(),
    expiresAt: c.expires_at.toISOString(),
    withdrawnAt: iso(c.withdrawn_at),
    open: !c.withdrawn_at && c.expires_at > now,
  };
}

const PrefillItemOut = Type.Object({
  element: Type.String(),
  name: Type.String(),
  source: Type.String({ description: 'The source service' }),
  agency: Type.String(),
  status: StringEnum(['ok', 'not_found', 'refused', 'failed'] as const),
  xroadId: NullableString,
  errorType: NullableString,
  values: Type.Record(Type.String(), Type.Unknown()),
});
export const PrefillOut = Type.Object({
  consentId: Type.String(),
  client: Type.String({ description: 'The subsystem that fetched (X-Road-Client)' }),
  items: Type.Array(PrefillItemOut),
  values: Type.Record(Type.String(), Type.Unknown(), { description: 'Every value as `element.field`, ready for a form' }),
});
export function presentPrefill(settings: GerbangSettings, r: PrefillResult) {
  const values: Record<string, unknown> = {};
  for (const i of r.items) for (const [k, v] of Object.entries(i.values)) values[`${i.element.code}.${k}`] = v;
  return {
    consentId: r.consent.id,
    client: r.client,
    items: r.items.map((i) => ({ element: i.element.code, name: i.element.name, source: elementServiceId(settings, i.element), agency: i.element.provider_opd_name, status: i.status, xroadId: i.xroadId, errorType: i.errorType, values: i.values })),
    values,
  };
}

const AccessEntryOut = Type.Object({
  id: Type.String(),
  xroadId: Type.String(),
  at: Timestamp,
  consumerAgency: NullableString,
  consumerSystem: NullableString,
  client: Type.String(),
  providerAgency: NullableString,
  service: Type.String(),
  serviceName: NullableString,
  endpoint: NullableString,
  purpose: NullableString,
  legalBasis: NullableString,
  consentId: NullableString,
  outcome: StringEnum(['answered', 'not_found', 'refused', 'failed'] as const),
});
export const AccessLogOut = Type.Object({ nikKnown: Type.Boolean(), items: Type.Array(AccessEntryOut), nextBefore: NullableString });
export function presentAccessEntry(e: DataAccessEntry) {
  return { ...e, at: e.at.toISOString() };
}

export const SubscriptionOut = Type.Object({
  id: Type.String(),
  element: Type.String(),
  elementName: Type.String(),
  subsystemId: Type.String(),
  subsystem: Type.String({ description: 'The subscribing subsystem’s identifier' }),
  delivery: StringEnum(DELIVERY_MODES),
  webhookUrl: NullableString,
  feedUrl: Type.String({ description: 'Where the subsystem pulls the events (also for webhook subscriptions)' }),
  active: Type.Boolean(),
  createdAt: Timestamp,
});
export function presentSubscription(settings: GerbangSettings, baseUrl: string, s: SubscriptionRow) {
  return {
    id: s.id,
    element: s.element_code,
    elementName: s.element_name,
    subsystemId: s.subsystem_id,
    subsystem: subsystemIdOf(settings, { opd_code: s.opd_code, code: s.subsystem_code }),
    delivery: s.delivery,
    webhookUrl: s.webhook_url,
    feedUrl: `${baseUrl}/api/v1/gerbang/subscriptions/${s.id}/events`,
    active: s.active,
    createdAt: s.created_at.toISOString(),
  };
}
export const CreatedSubscriptionOut = Type.Object({
  ...SubscriptionOut.properties,
  secret: Type.Union([Type.String(), Type.Null()], { description: 'Webhook signing secret, shown only in this answer' }),
});

export const DeliveryOut = Type.Object({
  id: Type.String(),
  eventId: Type.String(),
  seq: Type.Integer(),
  status: StringEnum(DELIVERY_STATUSES),
  attempts: Type.Integer(),
  nextAttemptAt: NullableString,
  lastAttemptAt: NullableString,
  lastStatus: Type.Union([Type.Integer(), Type.Null()]),
  lastError: NullableString,
  deliveredAt: NullableString,
  createdAt: Timestamp,
});
export function presentDelivery(d: DeliveryRow) {
  return {
    id: d.id,
    eventId: d.event_id,
    seq: Number(d.event_seq),
    status: d.status,
    attempts: d.attempts,
    nextAttemptAt: iso(d.next_attempt_at),
    lastAttemptAt: iso(d.last_attempt_at),
    lastStatus: d.last_status,
    lastError: d.last_error,
    deliveredAt: iso(d.delivered_at),
    createdAt: d.created_at.toISOString(),
  };
}
export const SubscriptionDetailOut = Type.Object({
  ...SubscriptionOut.properties,
  counts: Type.Object({ pending: Type.Integer(), delivered: Type.Integer(), dead: Type.Integer() }),
  deliveries: Type.Array(DeliveryOut),
});

export const ChangeOut = Type.Object({ id: Type.String(), seq: Type.Integer(), element: Type.String(), deliveries: Type.Integer({ description: 'Webhook deliveries queued' }), occurredAt: Timestamp, publishedAt: Timestamp });

const EventOut = Type.Object({
  id: Type.String(),
  seq: Type.Integer(),
  element: Type.String(),
  recordKey: Type.String(),
  changedFields: Type.Array(Type.String()),
  occurredAt: Timestamp,
  publishedAt: Timestamp,
});
export const FeedOut = Type.Object({ items: Type.Array(EventOut), nextCursor: Type.String() });

export const ItemsOf = <T extends ReturnType<typeof Type.Object>>(item: T) => Type.Object({ items: Type.Array(item) });
