import type { ColumnType, Generated, Insertable, Selectable } from 'kysely';

/** Kysely's view of the platform tables. Modules add their own table interfaces next to their repo. */
type Timestamp = ColumnType<Date, Date | string, Date | string>;
type Json<T = unknown> = ColumnType<T, string, string>;

export interface RegionTable {
  code: string;
  name: string;
  kind: 'provinsi' | 'kabupaten' | 'kota' | 'kecamatan';
  parent_code: string | null;
}

export const OPD_KINDS = [
  'sekretariat',
  'inspektorat',
  'dinas',
  'badan',
  'biro',
  'upt',
  'kantor',
  'satpol',
  'rsud',
  'pemda',
  'lainnya',
] as const;
export type OpdKind = (typeof OPD_KINDS)[number];

export interface OpdTable {
  id: string;
  code: string;
  name: string;
  abbreviation: string | null;
  kind: OpdKind;
  parent_id: string | null;
  region_code: string;
  website: string | null;
  social_media: Json<Record<string, string>>;
  active: Generated<boolean>;
  merged_into_id: string | null;
  source_confidence: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface OpdNameHistoryTable {
  id: Generated<string>;
  opd_id: string;
  name: string;
  valid_from: Timestamp;
  valid_to: Timestamp | null;
}

export const ROLES = ['warga', 'petugas', 'admin_opd', 'tim_spbe', 'auditor', 'admin'] as const;
export type Role = (typeof ROLES)[number];
export const AGENCY_ROLES = ['petugas', 'admin_opd'] as const satisfies readonly Role[];

export interface AppUserTable {
  id: string;
  email: string;
  name: string;
  password_hash: string | null;
  status: Generated<'active' | 'disabled'>;
  locale: 'id' | 'en' | null;
  oidc_subject: string | null;
  password_changed_at: Timestamp | null;
  last_login_at: Timestamp | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface RoleGrantTable {
  id: string;
  user_id: string;
  role: Role;
  opd_id: string | null;
  granted_by: string | null;
  created_at: Timestamp;
}

export interface UserSessionTable {
  token_hash: string;
  user_id: string;
  created_at: Timestamp;
  last_seen_at: Timestamp;
  expires_at: Timestamp;
  ip: string | null;
  user_agent: string | null;
  auth_method: Generated<string>;
}

export interface LoginFailureTable {
  id: Generated<string>;
  throttle_key: string;
  at: Timestamp;
}

export interface OneTimeTokenTable {
  token_hash: string;
  purpose: 'setup_admin' | 'password_reset';
  user_id: string | null;
  created_at: Timestamp;
  expires_at: Timestamp;
  used_at: Timestamp | null;
}

export interface ApiTokenTable {
  id: string;
  opd_id: string;
  name: string;
  token_prefix: string;
  token_hash: string;
  scopes: string[];
  created_by: string | null;
  created_at: Timestamp;
  expires_at: Timestamp | null;
  last_used_at: Timestamp | null;
  revoked_at: Timestamp | null;
}

export interface AuditLogTable {
  id: Generated<string>;
  at: Timestamp;
  actor_user_id: string | null;
  actor_token_id: string | null;
  actor_label: string;
  actor_roles: ColumnType<string[], string[] | undefined, string[]>;
  opd_id: string | null;
  action: string;
  target_type: string;
  target_id: string | null;
  before: Json | null;
  after: Json | null;
  request_id: string | null;
  ip: string | null;
}

export interface MailOutboxTable {
  id: string;
  to_address: string;
  subject: string;
  body_text: string;
  created_at: Timestamp;
  sent_at: Timestamp | null;
  attempts: Generated<number>;
  last_error: string | null;
}

export interface CalendarDayTable {
  day: ColumnType<string, string, string>;
  kind: 'libur_nasional' | 'cuti_bersama' | 'libur_daerah';
  name: string;
  province: string | null;
  confidence: string | null;
  created_at: Timestamp;
}

export interface PlatformTables {
  region: RegionTable;
  opd: OpdTable;
  opd_name_history: OpdNameHistoryTable;
  app_user: AppUserTable;
  role_grant: RoleGrantTable;
  user_session: UserSessionTable;
  login_failure: LoginFailureTable;
  one_time_token: OneTimeTokenTable;
  api_token: ApiTokenTable;
  audit_log: AuditLogTable;
  mail_outbox: MailOutboxTable;
  calendar_day: CalendarDayTable;
}

/** The whole database as Kysely sees it; modules extend this interface by declaration merging. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface DB extends PlatformTables {}

export type OpdRow = Selectable<OpdTable>;
export type UserRow = Selectable<AppUserTable>;
export type NewAuditLog = Insertable<AuditLogTable>;

/** Uploaded files' metadata (migrations/0008_files.sql; src/platform/files). */
export interface StoredFileTable {
  id: string;
  purpose: string;
  name: string;
  content_type: string;
  /** bigint: `pg` returns it as a string. */
  size: ColumnType<string, number, number>;
  sha256: string;
  opd_id: string | null;
  uploaded_by: string | null;
  storage: 'local' | 's3';
  storage_key: string;
  created_at: Timestamp;
  deleted_at: Timestamp | null;
  purged_at: Timestamp | null;
}

export interface DB {
  stored_file: StoredFileTable;
}
