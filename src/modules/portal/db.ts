import type { ColumnType, Generated } from 'kysely';

/** Kysely's view of the portal tables (migrations/0012_portal.sql). */
type Timestamp = ColumnType<Date, Date | string, Date | string>;
type DateOnly = ColumnType<string, string, string>;

export const AVAILABILITIES = ['online', 'elsewhere', 'in_person'] as const;
export type Availability = (typeof AVAILABILITIES)[number];

export interface PortalTopicTable {
  code: string;
  name_id: string;
  name_en: string;
  sort: number;
}

export type PortalLifeEventTable = PortalTopicTable;

export interface PortalServiceTable {
  service_id: string;
  published: Generated<boolean>;
  published_at: Timestamp | null;
  availability: Generated<Availability>;
  elsewhere_url: string | null;
  in_person_where: string | null;
  keywords: Generated<string>;
  popularity: Generated<number>;
  katalog_version: number;
  opd_id: string | null;
  opd_label: string | null;
  search_name: Generated<string>;
  search_vector: Generated<string>;
  updated_at: Timestamp;
}

export interface PortalServiceTopicTable {
  service_id: string;
  topic_code: string;
}

export interface PortalServiceLifeEventTable {
  service_id: string;
  life_event_code: string;
}

export interface PortalSearchWordTable {
  word: string;
  stem: string | null;
}

export interface PortalSearchSynonymTable {
  term: string;
  expansion: string;
}

export interface PortalCitizenTable {
  user_id: string;
  nik_enc: string | null;
  nik_index: string | null;
  nik_key_id: string | null;
  phone: string | null;
  region_code: string | null;
  address: string | null;
  email_verified_at: Timestamp | null;
  synthetic: Generated<boolean>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface PortalCitizenTokenTable {
  token_hash: string;
  purpose: 'verify_email';
  user_id: string;
  password_hash: string | null;
  created_at: Timestamp;
  expires_at: Timestamp;
  used_at: Timestamp | null;
}

export interface PortalConsentTable {
  id: string;
  user_id: string;
  purpose: string;
  data_elements: string[];
  opd_id: string | null;
  service_id: string | null;
  source: Generated<string>;
  granted_at: Timestamp;
  withdrawn_at: Timestamp | null;
}

export interface PortalSurveyTokenTable {
  token_hash: string;
  service_id: string;
  user_id: string | null;
  reference: string | null;
  created_at: Timestamp;
  expires_at: Timestamp;
  used_at: Timestamp | null;
}

export interface PortalSurveyResponseTable {
  id: string;
  service_id: string;
  opd_id: string | null;
  submitted_at: Timestamp;
  local_day: DateOnly;
  u1: number;
  u2: number;
  u3: number;
  u4: number;
  u5: number;
  u6: number;
  u7: number;
  u8: number;
  u9: number;
  gender: 'L' | 'P' | null;
  education: string | null;
  occupation: string | null;
  suggestion: string | null;
  synthetic: Generated<boolean>;
}

// ---- Online requests (migrations/0013_portal_requests.sql) ----------------------------------

export const FORM_STATUSES = ['draft', 'published', 'retired'] as const;
export type FormStatus = (typeof FORM_STATUSES)[number];
export const REQUEST_STATUSES = ['draft', 'submitted', 'in_review', 'needs_fix', 'approved', 'rejected', 'withdrawn'] as const;
export type RequestStatus = (typeof REQUEST_STATUSES)[number];
export const REQUEST_EVENT_KINDS = ['created', 'submitted', 'assigned', 'verified', 'fix_requested', 'resubmitted', 'approved', 'rejected', 'withdrawn', 'note', 'escalated'] as const;
export type RequestEventKind = (typeof REQUEST_EVENT_KINDS)[number];
type Json<T = unknown> = ColumnType<T, string, string>;

export interface PortalFormTable {
  id: string;
  service_id: string;
  version: number;
  /** A FormDefinition (requests/form-definition.ts); write with JSON.stringify. */
  definition: Json;
  status: FormStatus;
  created_by: string | null;
  created_at: Timestamp;
  published_at: Timestamp | null;
}

export interface PortalRequestTable {
  id: string;
  tracking_number: string | null;
  service_id: string;
  form_id: string;
  opd_id: string;
  citizen_id: string;
  status: RequestStatus;
  answers: ColumnType<Record<string, unknown>, string | undefined, string>;
  prefilled: ColumnType<Record<string, { element: string; agency: string | null; xroadId: string | null; fetchedAt: string }>, string | undefined, string>;
  assignee_id: string | null;
  sla_working_days: number | null;
  submitted_at: Timestamp | null;
  due_day: DateOnly | null;
  paused_since: Timestamp | null;
  paused_working_days: Generated<number>;
  decided_at: Timestamp | null;
  decision_reason: string | null;
  escalated_at: Timestamp | null;
  synthetic: Generated<boolean>;
  version: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface PortalRequestEventTable {
  id: string;
  seq: Generated<string>;
  request_id: string;
  at: Timestamp;
  kind: RequestEventKind;
  actor_user_id: string | null;
  from_status: RequestStatus | null;
  to_status: RequestStatus | null;
  message: string | null;
  internal: Generated<boolean>;
  data: ColumnType<Record<string, unknown>, string | undefined, string>;
}

export interface PortalRequestDocumentTable {
  id: string;
  request_id: string;
  file_id: string;
  kind: 'requirement' | 'result';
  requirement_code: string | null;
  name: string;
  content_type: string;
  size: ColumnType<string, number, number>;
  uploaded_by: string | null;
  created_at: Timestamp;
  removed_at: Timestamp | null;
}

export interface PortalInboxMessageTable {
  id: string;
  user_id: string;
  request_id: string | null;
  message_key: string;
  params: ColumnType<Record<string, string | number>, string | undefined, string>;
  created_at: Timestamp;
  read_at: Timestamp | null;
}

declare module '../../platform/db/schema.ts' {
  interface DB {
    portal_topic: PortalTopicTable;
    portal_life_event: PortalLifeEventTable;
    portal_service: PortalServiceTable;
    portal_service_topic: PortalServiceTopicTable;
    portal_service_life_event: PortalServiceLifeEventTable;
    portal_search_word: PortalSearchWordTable;
    portal_search_synonym: PortalSearchSynonymTable;
    portal_citizen: PortalCitizenTable;
    portal_citizen_token: PortalCitizenTokenTable;
    portal_consent: PortalConsentTable;
    portal_survey_token: PortalSurveyTokenTable;
    portal_survey_response: PortalSurveyResponseTable;
    portal_form: PortalFormTable;
    portal_request: PortalRequestTable;
    portal_request_event: PortalRequestEventTable;
    portal_request_document: PortalRequestDocumentTable;
    portal_inbox_message: PortalInboxMessageTable;
  }
}
