import type { ColumnType } from 'kysely';

/** Kysely's view of the mutual-TLS tables (migrations/0014_gerbang_client_certs.sql). */
type Timestamp = ColumnType<Date, Date | string, Date | string>;

export const KEY_SOURCES = ['csr', 'public_key', 'generated'] as const;
export type KeySource = (typeof KEY_SOURCES)[number];

export interface GerbangCaTable {
  id: string;
  certificate: string;
  private_key_enc: string;
  wrap_key_id: string;
  not_before: Timestamp;
  not_after: Timestamp;
  created_at: Timestamp;
  retired_at: Timestamp | null;
}

export interface GerbangClientCertTable {
  id: string;
  subsystem_id: string;
  ca_id: string;
  serial: string;
  fingerprint: string;
  subject: string;
  certificate: string;
  key_source: KeySource;
  key_algorithm: string;
  not_before: Timestamp;
  not_after: Timestamp;
  issued_by: string | null;
  created_at: Timestamp;
  revoked_at: Timestamp | null;
  revoked_by: string | null;
}

declare module '../../../platform/db/schema.ts' {
  interface DB {
    gerbang_ca: GerbangCaTable;
    gerbang_client_cert: GerbangClientCertTable;
  }
}
