import type { ColumnType, Generated } from 'kysely';

/** Kysely's view of the once-only tables (migrations/0009_gerbang_once_only.sql). */
type Timestamp = ColumnType<Date, Date | string, Date | string>;
type Int8 = ColumnType<string, number | string | bigint, number | string | bigint>;
type Json<T> = ColumnType<T, string, string>;

export const SUBJECT_KINDS = ['person', 'business', 'parcel', 'other'] as const;
export type SubjectKind = (typeof SUBJECT_KINDS)[number];
export const KEY_KINDS = ['nik', 'nkk', 'nib', 'nop', 'other'] as const;
export type KeyKind = (typeof KEY_KINDS)[number];
export const FIELD_TYPES = ['string', 'number', 'boolean', 'date', 'object'] as const;
export type FieldType = (typeof FIELD_TYPES)[number];
export const DELIVERY_MODES = ['webhook', 'pull'] as const;
export type DeliveryMode = (typeof DELIVERY_MODES)[number];
export const DELIVERY_STATUSES = ['pending', 'delivered', 'dead'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/** One value a data element returns: `name` in the prefill answer, read from `source` (a dotted path) in the source's JSON. */
export interface ElementField {
  name: string;
  label: string;
  type: FieldType;
  source?: string;
}

export interface GerbangDataElementTable {
  id: string;
  code: string;
  name: string;
  description: string | null;
  subject_kind: SubjectKind;
  key_kind: KeyKind;
  service_id: string;
  method: ColumnType<string, string | undefined, string>;
  path_template: string;
  fields: Json<ElementField[]>;
  active: Generated<boolean>;
  created_by: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface GerbangConsentTable {
  id: string;
  user_id: string;
  subject_index: string;
  recipient_id: string;
  purpose: string;
  purpose_text: string;
  legal_basis: string;
  data_elements: string[];
  granted_at: Timestamp;
  expires_at: Timestamp;
  withdrawn_at: Timestamp | null;
  portal_consent_id: string | null;
}

export interface GerbangSubscriptionTable {
  id: string;
  element_id: string;
  subsystem_id: string;
  delivery: DeliveryMode;
  webhook_url: string | null;
  secret_enc: string | null;
  secret_key_id: string | null;
  start_seq: Int8;
  active: Generated<boolean>;
  created_by: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface GerbangChangeEventTable {
  id: string;
  seq: Int8;
  element_id: string;
  record_key_enc: string;
  record_key_index: string;
  key_id: string;
  changed_fields: ColumnType<string[], string[] | undefined, string[]>;
  occurred_at: Timestamp;
  published_at: Timestamp;
  published_by: string;
}

export interface GerbangDeliveryTable {
  id: string;
  subscription_id: string;
  event_id: string;
  status: Generated<DeliveryStatus>;
  attempts: Generated<number>;
  next_attempt_at: Timestamp | null;
  last_attempt_at: Timestamp | null;
  last_status: number | null;
  last_error: string | null;
  delivered_at: Timestamp | null;
  created_at: Timestamp;
}

export interface GerbangDemoTable {
  id: number;
  loaded_at: Timestamp;
}

declare module '../../../platform/db/schema.ts' {
  interface DB {
    gerbang_data_element: GerbangDataElementTable;
    gerbang_consent: GerbangConsentTable;
    gerbang_subscription: GerbangSubscriptionTable;
    gerbang_change_event: GerbangChangeEventTable;
    gerbang_delivery: GerbangDeliveryTable;
    gerbang_demo: GerbangDemoTable;
  }
}
