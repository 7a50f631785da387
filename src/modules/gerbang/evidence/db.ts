import type { ColumnType, Generated } from 'kysely';

/** Kysely's view of the evidence tables (migrations/0007_gerbang_evidence.sql). */
type Timestamp = ColumnType<Date, Date | string, Date | string>;
/** int8 arrives from `pg` as a string; we write numbers. */
type Int8 = ColumnType<string, number | string | bigint, number | string | bigint>;

export interface GerbangEvidenceChainTable {
  node_id: string;
  host: string | null;
  pid: number | null;
  started_at: Timestamp;
  last_seq: ColumnType<string, number | string | undefined, number | string>;
  sealed_seq: ColumnType<string, number | string | undefined, number | string>;
  sealed_hash: ColumnType<string, string | undefined, string>;
}

export interface GerbangEvidenceTable {
  id: Generated<string>;
  node_id: string;
  seq: Int8;
  prev_hash: string;
  leaf_hash: string;
  xroad_id: string;
  request_id: string;
  client: string;
  service: string;
  client_subsystem_id: string | null;
  service_db_id: string | null;
  consumer_opd_id: string | null;
  provider_opd_id: string | null;
  endpoint: string | null;
  method: string;
  path_commit: string;
  path_enc: string | null;
  user_id_commit: string | null;
  user_id_enc: string | null;
  user_id_index: string | null;
  purpose: string | null;
  legal_basis: string | null;
  issue: string | null;
  represented_party_commit: string | null;
  represented_party_enc: string | null;
  represented_party_index: string | null;
  status: number;
  error_type: string | null;
  started_at: Timestamp;
  upstream_ms: number | null;
  total_ms: number;
  request_bytes: Int8;
  response_bytes: Int8;
  hash_algorithm: string;
  request_hash: string;
  response_hash: string;
  request_body_hash: string | null;
  response_body_hash: string | null;
  key_id: string | null;
}

export interface GerbangEvidenceBodyTable {
  node_id: string;
  seq: Int8;
  stored_at: Timestamp;
  request_body: Buffer | null;
  response_body: Buffer | null;
}

export interface GerbangEvidenceKeyTable {
  id: string;
  algorithm: ColumnType<string, string | undefined, string>;
  public_key: string;
  private_key_enc: string;
  wrap_key_id: string;
  created_by: string | null;
  created_at: Timestamp;
  retired_at: Timestamp | null;
}

export interface GerbangEvidenceSealTable {
  seq: Int8;
  sealed_at: Timestamp;
  tree_size: number;
  merkle_root: string;
  key_id: string;
  body: string;
  signature: string;
  seal_hash: string;
  sealed_by: string | null;
}

export interface GerbangEvidenceSealRangeTable {
  seal_seq: Int8;
  node_id: string;
  from_seq: Int8;
  to_seq: Int8;
  leaf_offset: number;
}

export interface GerbangEvidenceTimestampTable {
  seal_seq: Int8;
  tsa_url: string;
  token: Buffer;
  gen_time: Timestamp | null;
  stamped_at: Timestamp;
}

declare module '../../../platform/db/schema.ts' {
  interface DB {
    gerbang_evidence_chain: GerbangEvidenceChainTable;
    gerbang_evidence: GerbangEvidenceTable;
    gerbang_evidence_body: GerbangEvidenceBodyTable;
    gerbang_evidence_key: GerbangEvidenceKeyTable;
    gerbang_evidence_seal: GerbangEvidenceSealTable;
    gerbang_evidence_seal_range: GerbangEvidenceSealRangeTable;
    gerbang_evidence_timestamp: GerbangEvidenceTimestampTable;
  }
}
