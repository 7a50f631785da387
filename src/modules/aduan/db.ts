import type { ColumnType, Generated } from 'kysely';

/** Kysely's view of the aduan tables (migrations/0010_aduan.sql). */
type Timestamp = ColumnType<Date, Date | string, Date | string>;
type Json<T = unknown> = ColumnType<T, string, string>;

export const REPORT_TYPES = ['aspirasi', 'pengaduan', 'permintaan_informasi'] as const;
export type ReportType = (typeof REPORT_TYPES)[number];

export const CHANNELS = ['portal', 'open311', 'telepon', 'tatap_muka', 'surat', 'email', 'media_sosial'] as const;
export type Channel = (typeof CHANNELS)[number];
/** Channels staff record when they enter a report received outside Padu. */
export const STAFF_CHANNELS = ['telepon', 'tatap_muka', 'surat', 'email', 'media_sosial'] as const satisfies readonly Channel[];

export const COMPETENCES = ['provinsi', 'kabupaten_kota', 'pusat'] as const;
export type Competence = (typeof COMPETENCES)[number];

export const STATUSES = [
  'menunggu_konfirmasi',
  'menunggu_verifikasi',
  'diproses',
  'ditanggapi',
  'dibuka_kembali',
  'selesai',
  'diteruskan_lapor',
  'duplikat',
  'ditolak',
] as const;
export type Status = (typeof STATUSES)[number];
/** Statuses a published report can have (unconfirmed, unverified and declined reports are never public). */
export const PUBLIC_STATUSES = ['diproses', 'ditanggapi', 'dibuka_kembali', 'selesai', 'diteruskan_lapor', 'duplikat'] as const satisfies readonly Status[];
/** Waiting for the responsible agency. */
export const AGENCY_OPEN = ['diproses', 'ditanggapi', 'dibuka_kembali'] as const satisfies readonly Status[];
export const CLOSED_STATUSES = ['selesai', 'diteruskan_lapor', 'duplikat', 'ditolak'] as const satisfies readonly Status[];

export const SLA_STEPS = ['verify', 'follow_up', 'auto_close'] as const;
export type SlaStep = (typeof SLA_STEPS)[number];
export const OVERDUE_STAGES = ['verify', 'follow_up', 'resolution'] as const;
export type OverdueStage = (typeof OVERDUE_STAGES)[number];

export type ActorKind = 'pelapor' | 'koordinator' | 'instansi' | 'sistem';

export interface AduanSlaStepTable {
  step: SlaStep;
  days: number;
  updated_at: Timestamp;
}

export interface AduanTierTable {
  code: string;
  name: string;
  days: number;
  sort: Generated<number>;
  updated_at: Timestamp;
}

export interface AduanCategoryTable {
  code: string;
  name: string;
  description: string | null;
  keywords: string | null;
  group_name: string | null;
  competence: Competence;
  opd_id: string | null;
  tier_code: string;
  open311_type: Generated<'realtime' | 'batch'>;
  active: Generated<boolean>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface AduanCoordinatorTable {
  opd_id: string;
  region_code: string | null;
  created_at: Timestamp;
}

export interface AduanOpen311ClientTable {
  id: string;
  name: string;
  opd_id: string | null;
  key_prefix: string;
  key_hash: string;
  synthetic: Generated<boolean>;
  created_by: string | null;
  created_at: Timestamp;
  last_used_at: Timestamp | null;
  revoked_at: Timestamp | null;
}

export interface AduanReportTable {
  id: string;
  tracking_id: string;
  follow_secret_hash: string;
  type: ReportType;
  title: string;
  description: string;
  category_code: string;
  katalog_service_id: string | null;
  katalog_app_id: string | null;
  region_code: string;
  district_code: string | null;
  lat: number | null;
  lon: number | null;
  address: string | null;
  anonim: Generated<boolean>;
  rahasia: Generated<boolean>;
  channel: Channel;
  open311_client_id: string | null;
  open311_token: string | null;
  open311_meta: ColumnType<Record<string, unknown>, string | undefined, string>;
  media_url: string | null;
  reporter_user_id: string | null;
  reporter_name: string | null;
  reporter_email: string | null;
  reporter_phone: string | null;
  reporter_locale: Generated<'id' | 'en'>;
  entered_by: string | null;
  status: Status;
  competence: Competence | null;
  opd_id: string | null;
  tier_code: string | null;
  received_at: Timestamp | null;
  verify_due_at: Timestamp | null;
  verified_at: Timestamp | null;
  disposed_at: Timestamp | null;
  follow_up_due_at: Timestamp | null;
  first_follow_up_due_at: Timestamp | null;
  first_response_at: Timestamp | null;
  last_response_at: Timestamp | null;
  auto_close_at: Timestamp | null;
  resolution_due_at: Timestamp | null;
  closed_at: Timestamp | null;
  close_reason: 'otomatis' | 'pelapor' | null;
  duplicate_of_id: string | null;
  decline_reason: string | null;
  rating: number | null;
  rating_comment: string | null;
  reopen_count: Generated<number>;
  lapor_state: 'menunggu' | 'terkirim' | 'gagal' | null;
  lapor_reference: string | null;
  lapor_attempts: Generated<number>;
  lapor_last_error: string | null;
  lapor_sent_at: Timestamp | null;
  synthetic: Generated<boolean>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface AduanEventTable {
  id: string;
  seq: Generated<string>;
  report_id: string;
  at: Timestamp;
  kind: string;
  actor_kind: ActorKind;
  actor_user_id: string | null;
  opd_id: string | null;
  body: string | null;
  public: boolean;
  data: Json<Record<string, unknown>>;
}

export interface AduanAttachmentTable {
  id: string;
  report_id: string;
  event_id: string | null;
  file_id: string;
  name: string;
  content_type: string;
  size: number;
  public: boolean;
  created_at: Timestamp;
}

export interface AduanOverdueTable {
  report_id: string;
  stage: OverdueStage;
  due_at: Timestamp;
  opd_id: string | null;
  flagged_at: Timestamp;
}

declare module '../../platform/db/schema.ts' {
  interface DB {
    aduan_sla_step: AduanSlaStepTable;
    aduan_tier: AduanTierTable;
    aduan_category: AduanCategoryTable;
    aduan_coordinator: AduanCoordinatorTable;
    aduan_open311_client: AduanOpen311ClientTable;
    aduan_report: AduanReportTable;
    aduan_event: AduanEventTable;
    aduan_attachment: AduanAttachmentTable;
    aduan_overdue: AduanOverdueTable;
  }
}
