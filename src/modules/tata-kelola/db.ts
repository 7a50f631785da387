import type { ColumnType, Generated } from 'kysely';

/** Kysely's view of the tata kelola tables (migrations/0011_tata_kelola.sql) and their enums. */
type Timestamp = ColumnType<Date, Date | string, Date | string>;
type DateOnly = ColumnType<string, string, string>;
type Json<T = unknown> = ColumnType<T, string, string>;
type BigintColumn = ColumnType<string, number | string, number | string>;

export const STAGES = ['self_assessment', 'document_review', 'interview', 'field_visit', 'final'] as const;
export type Stage = (typeof STAGES)[number];

export const EVIDENCE_KINDS = ['file', 'link', 'record', 'auto'] as const;
export type EvidenceKind = (typeof EVIDENCE_KINDS)[number];

export const PROPOSAL_KINDS = ['new_app', 'app_development', 'infrastructure', 'data', 'security', 'service', 'training'] as const;
export type ProposalKind = (typeof PROPOSAL_KINDS)[number];

export const PROPOSAL_STATUSES = ['submitted', 'recommended', 'recommended_with_notes', 'rejected'] as const;
export type ProposalStatus = (typeof PROPOSAL_STATUSES)[number];

export const REVIEW_DECISIONS = ['recommended', 'recommended_with_notes', 'rejected'] as const;
export type ReviewDecision = (typeof REVIEW_DECISIONS)[number];

/** How a proposal integrates with other systems: the katalog's integration channels, or none. */
export const INTEGRATION_PLANS = ['tidak_ada', 'gerbang_padu', 'bus_lain', 'transfer_berkas', 'entri_ulang_manual', 'tautan_login_terpisah'] as const;
export type IntegrationPlan = (typeof INTEGRATION_PLANS)[number];

export const CHECK_SEVERITIES = ['block', 'warn'] as const;
export type CheckSeverity = (typeof CHECK_SEVERITIES)[number];

export interface TataKelolaInstrumentTable {
  id: string;
  title: string;
  index_name: string;
  confirmed: boolean;
  definition: Json;
  sha256: string;
  source: string;
  loaded_at: Timestamp;
}

export interface TataKelolaAssessmentTable {
  id: string;
  year: number;
  instrument_id: string;
  stage: Generated<Stage>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface TataKelolaStageTable {
  assessment_id: string;
  stage: Stage;
  starts_on: DateOnly | null;
  ends_on: DateOnly | null;
  entered_at: Timestamp | null;
}

export interface TataKelolaAnswerTable {
  assessment_id: string;
  indicator: number;
  self_level: number | null;
  justification: string | null;
  self_by_label: string | null;
  self_at: Timestamp | null;
  verified_level: number | null;
  review_note: string | null;
  reviewed_by_label: string | null;
  reviewed_at: Timestamp | null;
}

export interface TataKelolaAssignmentTable {
  id: string;
  assessment_id: string;
  indicator: number;
  opd_id: string;
  part: string;
  due_on: DateOnly;
  status: Generated<'assigned' | 'submitted'>;
  proposed_level: number | null;
  response: string | null;
  submitted_by_label: string | null;
  submitted_at: Timestamp | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface TataKelolaEvidenceTable {
  id: string;
  assessment_id: string;
  indicator: number;
  assignment_id: string | null;
  kind: EvidenceKind;
  opd_id: string | null;
  title: string;
  url: string | null;
  file_id: string | null;
  record_path: string | null;
  provider: string | null;
  measured_at: Timestamp | null;
  measurement: Json | null;
  created_by_label: string;
  created_at: Timestamp;
}

export interface TataKelolaClearanceCheckTable {
  code: string;
  rule: string;
  position: number;
  enabled: Generated<boolean>;
  severity: CheckSeverity;
  kinds: string[];
  title_id: string;
  title_en: string;
  pass_id: string;
  pass_en: string;
  fail_id: string;
  fail_en: string;
  legal_basis: string | null;
  updated_by_label: string | null;
  updated_at: Timestamp;
}

export interface TataKelolaProposalTable {
  id: string;
  opd_id: string;
  budget_year: number;
  status: ProposalStatus;
  current_version: number;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface TataKelolaProposalVersionTable {
  proposal_id: string;
  version: number;
  title: string;
  program_code: string;
  kegiatan_code: string;
  sub_kegiatan_code: string;
  amount: BigintColumn;
  kind: ProposalKind;
  description: string;
  kak_file_id: string | null;
  cost_benefit_file_id: string | null;
  arch_codes: string[];
  roadmap_item_id: string | null;
  app_ids: string[];
  new_servers: boolean;
  integration: IntegrationPlan;
  security_audit_planned: boolean;
  checks: Json;
  submitted_by: string | null;
  submitted_label: string;
  submitted_at: Timestamp;
}

export interface TataKelolaProposalReviewTable {
  id: string;
  proposal_id: string;
  version: number;
  decision: ReviewDecision;
  notes: string | null;
  reasons: string | null;
  legal_basis: string | null;
  reviewed_by: string | null;
  reviewed_label: string;
  reviewed_at: Timestamp;
}

declare module '../../platform/db/schema.ts' {
  interface DB {
    tata_kelola_instrument: TataKelolaInstrumentTable;
    tata_kelola_assessment: TataKelolaAssessmentTable;
    tata_kelola_stage: TataKelolaStageTable;
    tata_kelola_answer: TataKelolaAnswerTable;
    tata_kelola_assignment: TataKelolaAssignmentTable;
    tata_kelola_evidence: TataKelolaEvidenceTable;
    tata_kelola_clearance_check: TataKelolaClearanceCheckTable;
    tata_kelola_proposal: TataKelolaProposalTable;
    tata_kelola_proposal_version: TataKelolaProposalVersionTable;
    tata_kelola_proposal_review: TataKelolaProposalReviewTable;
  }
}
