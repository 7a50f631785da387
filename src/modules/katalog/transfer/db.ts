import type { ColumnType, Generated } from 'kysely';

/** Kysely's view of migrations/0003_katalog_import.sql. */
type Timestamp = ColumnType<Date, Date | string, Date | string>;
type Json<T> = ColumnType<T, string, string>;

export const IMPORT_STATUSES = ['queued', 'validating', 'writing', 'done', 'failed'] as const;
export type ImportStatus = (typeof IMPORT_STATUSES)[number];
export const IMPORT_OUTCOMES = ['validated', 'imported', 'rejected'] as const;
export type ImportOutcome = (typeof IMPORT_OUTCOMES)[number];

/** One problem in one cell (or a whole row when `column` is null), translated when shown. */
export interface StoredProblem {
  row: number;
  column: string | null;
  key: string;
  params?: Record<string, string | number>;
}

export interface KatalogImportTable {
  id: string;
  filename: string;
  format: 'csv' | 'xlsx';
  dry_run: boolean;
  partial: boolean;
  status: Generated<ImportStatus>;
  outcome: ImportOutcome | null;
  total: Generated<number>;
  processed: Generated<number>;
  created: Generated<number>;
  updated: Generated<number>;
  unchanged: Generated<number>;
  error_rows: Generated<number>;
  problems: ColumnType<StoredProblem[], string | undefined, string>;
  error_key: string | null;
  actor: Json<unknown> | null;
  actor_user_id: string | null;
  actor_token_id: string | null;
  actor_label: string;
  request_id: string | null;
  ip: string | null;
  content: Buffer | null;
  created_at: Timestamp;
  started_at: Timestamp | null;
  finished_at: Timestamp | null;
}

declare module '../../../platform/db/schema.ts' {
  interface DB {
    katalog_import: KatalogImportTable;
  }
}
