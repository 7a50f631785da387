import type { ColumnType, Generated } from 'kysely';

/** Kysely's view of the katalog tables (migrations/0002_katalog.sql). */
type Timestamp = ColumnType<Date, Date | string, Date | string>;
type DateOnly = ColumnType<string, string, string>;
type Json<T = unknown> = ColumnType<T, string, string>;
type BigintColumn = ColumnType<string | null, number | string | null, number | string | null>;

export const ARCH_KINDS = ['RAB', 'RAL', 'RAD', 'RAA', 'RAI', 'RAK'] as const;
export type ArchKind = (typeof ARCH_KINDS)[number];
export const APP_CATEGORIES = ['umum', 'khusus_wajib', 'khusus'] as const;
export type AppCategory = (typeof APP_CATEGORIES)[number];
export const HOSTINGS = ['pdn', 'pusat_data_provinsi', 'server_sendiri', 'cloud_komersial', 'saas'] as const;
export type Hosting = (typeof HOSTINGS)[number];
export const LIFECYCLES = ['rencana', 'aktif', 'dalam_konsolidasi', 'digabung', 'dipensiunkan', 'diganti_aplikasi_umum'] as const;
export type Lifecycle = (typeof LIFECYCLES)[number];
/** Lifecycle states in which an app still counts in the portfolio. */
export const LIVE_LIFECYCLES = ['aktif', 'dalam_konsolidasi'] as const satisfies readonly Lifecycle[];
export const CODE_USAGES = ['raa', 'rab', 'ral', 'rad_read', 'rad_write'] as const;
export type CodeUsage = (typeof CODE_USAGES)[number];
export const DECISIONS = ['keep', 'merge', 'retire', 'replace'] as const;
export type Decision = (typeof DECISIONS)[number];
export const DECISION_STATUSES = ['planned', 'done', 'cancelled'] as const;
export const TIME_CLASSES = ['tolerate', 'invest', 'migrate', 'eliminate'] as const;
export type TimeClass = (typeof TIME_CLASSES)[number];
export const ROADMAP_AREAS = ['tata_kelola', 'manajemen', 'layanan', 'infrastruktur', 'aplikasi', 'keamanan', 'audit_tik'] as const;
export const INTEGRATION_CHANNELS = ['gerbang_padu', 'bus_lain', 'transfer_berkas', 'entri_ulang_manual', 'tautan_login_terpisah'] as const;

export interface ArchRefTable {
  code: string;
  kind: ArchKind;
  name: string;
  level: number;
  parent_code: string | null;
  origin: Generated<'national' | 'province'>;
  confidence: string | null;
  created_at: Timestamp;
}

export interface KatalogAppTable {
  id: string;
  key: string;
  name: string;
  acronym: string | null;
  description: string | null;
  opd_id: string | null;
  category: AppCategory;
  hosting: Hosting | null;
  url: string | null;
  technology: string | null;
  users: string | null;
  yearly_cost: BigintColumn;
  legal_basis: string | null;
  lifecycle: Lifecycle;
  lifecycle_changed_at: Timestamp;
  merged_into_id: string | null;
  replaced_by: string | null;
  synthetic: Generated<boolean>;
  version: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface KatalogAppCodeTable {
  app_id: string;
  code: string;
  usage: CodeUsage;
}

export interface KatalogAppEventTable {
  id: Generated<string>;
  app_id: string;
  at: Timestamp;
  from_lifecycle: Lifecycle | null;
  to_lifecycle: Lifecycle;
  opd_id: string | null;
}

export interface KatalogTimeAssessmentTable {
  id: Generated<string>;
  app_id: string;
  functional_fit: number;
  technical_fit: number;
  classification: TimeClass;
  note: string | null;
  assessed_by: string | null;
  assessed_label: string;
  assessed_at: Timestamp;
}

export interface KatalogDecisionTable {
  id: string;
  app_id: string;
  decision: Decision;
  target_app_id: string | null;
  replacement_name: string | null;
  target_date: DateOnly | null;
  reason: string;
  legal_basis: string | null;
  status: Generated<(typeof DECISION_STATUSES)[number]>;
  decided_by: string | null;
  decided_label: string;
  decided_at: Timestamp;
  closed_by_label: string | null;
  closed_at: Timestamp | null;
}

export interface KatalogDuplicateReviewTable {
  group_key: string;
  app_ids: string[];
  status: 'confirmed' | 'dismissed';
  note: string | null;
  reviewed_by: string | null;
  reviewed_label: string;
  reviewed_at: Timestamp;
}

export interface KatalogDuplicateDismissalTable {
  member_a: string;
  member_b: string;
  group_key: string;
}

export interface KatalogServiceTable {
  id: string;
  key: string;
  name: string;
  description: string | null;
  opd_id: string | null;
  kind: 'publik' | 'administrasi';
  audience: 'G2C' | 'G2B' | 'G2G' | 'G2E';
  ral_code: string | null;
  standard: Json<Record<string, string>>;
  sla_working_days: number | null;
  fee: BigintColumn;
  fee_note: string | null;
  channels: string[];
  synthetic: Generated<boolean>;
  version: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface KatalogServiceAppTable {
  service_id: string;
  app_id: string;
}

export interface KatalogDatasetTable {
  id: string;
  key: string;
  name: string;
  description: string | null;
  rad_code: string | null;
  producer_opd_id: string | null;
  walidata_opd_id: string | null;
  sensitivity: 'terbuka' | 'terbatas' | 'rahasia';
  format: string | null;
  update_frequency: 'realtime' | 'harian' | 'mingguan' | 'bulanan' | 'triwulanan' | 'semesteran' | 'tahunan' | 'tidak_tentu' | null;
  reference_codes: string[];
  synthetic: Generated<boolean>;
  version: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface KatalogDatasetAppTable {
  dataset_id: string;
  app_id: string;
  access: 'read' | 'write';
}

export interface KatalogInfraTable {
  id: string;
  key: string;
  name: string;
  kind: 'pusat_data' | 'intranet' | 'cloud' | 'lainnya';
  rai_code: string | null;
  operator_opd_id: string | null;
  description: string | null;
  location: string | null;
  synthetic: Generated<boolean>;
  version: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface KatalogInfraTenantTable {
  infra_id: string;
  opd_id: string;
  since: DateOnly | null;
}

export interface KatalogSecurityAuditTable {
  id: string;
  app_id: string | null;
  infra_id: string | null;
  audited_on: DateOnly;
  next_due: DateOnly;
  auditor: string;
  result: string | null;
  created_at: Timestamp;
}

export interface KatalogIntegrationTable {
  id: string;
  consumer_app_id: string;
  provider_app_id: string;
  dataset_id: string | null;
  channel: (typeof INTEGRATION_CHANNELS)[number];
  integrated: Generated<boolean>;
  note: string | null;
  created_at: Timestamp;
}

export interface KatalogRoadmapItemTable {
  id: string;
  key: string;
  area: (typeof ROADMAP_AREAS)[number];
  title: string;
  description: string | null;
  baseline: string | null;
  target: string | null;
  start_year: number;
  end_year: number;
  owner_opd_id: string | null;
  budget_code: string | null;
  status: Generated<'rencana' | 'berjalan' | 'selesai' | 'batal'>;
  synthetic: Generated<boolean>;
  version: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface KatalogRoadmapLinkTable {
  item_id: string;
  target_type: 'app' | 'service' | 'dataset' | 'infra';
  target_id: string;
}

declare module '../../platform/db/schema.ts' {
  interface DB {
    arch_ref: ArchRefTable;
    katalog_app: KatalogAppTable;
    katalog_app_code: KatalogAppCodeTable;
    katalog_app_event: KatalogAppEventTable;
    katalog_time_assessment: KatalogTimeAssessmentTable;
    katalog_decision: KatalogDecisionTable;
    katalog_duplicate_review: KatalogDuplicateReviewTable;
    katalog_duplicate_dismissal: KatalogDuplicateDismissalTable;
    katalog_service: KatalogServiceTable;
    katalog_service_app: KatalogServiceAppTable;
    katalog_dataset: KatalogDatasetTable;
    katalog_dataset_app: KatalogDatasetAppTable;
    katalog_infra: KatalogInfraTable;
    katalog_infra_tenant: KatalogInfraTenantTable;
    katalog_security_audit: KatalogSecurityAuditTable;
    katalog_integration: KatalogIntegrationTable;
    katalog_roadmap_item: KatalogRoadmapItemTable;
    katalog_roadmap_link: KatalogRoadmapLinkTable;
  }
}
