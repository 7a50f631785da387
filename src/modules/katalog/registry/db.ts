import type { ColumnType } from 'kysely';

/** What migrations/0004_katalog_registry.sql adds to the katalog tables, and the registry's enums. */
declare module '../db.ts' {
  interface ArchRefTable {
    retired_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  }
}

export const SERVICE_AUDIENCES = ['G2C', 'G2B', 'G2G', 'G2E'] as const;
export type ServiceAudience = (typeof SERVICE_AUDIENCES)[number];
export const SERVICE_CHANNELS = ['online', 'loket', 'mobile', 'mpp', 'email', 'telepon', 'pos'] as const;
export type ServiceChannel = (typeof SERVICE_CHANNELS)[number];
/** Public services face citizens and businesses; administrative ones face government and its staff. */
export const kindOfAudience = (a: ServiceAudience): 'publik' | 'administrasi' => (a === 'G2C' || a === 'G2B' ? 'publik' : 'administrasi');

export const SENSITIVITIES = ['terbuka', 'terbatas', 'rahasia'] as const;
export type Sensitivity = (typeof SENSITIVITIES)[number];
export const UPDATE_FREQUENCIES = ['realtime', 'harian', 'mingguan', 'bulanan', 'triwulanan', 'semesteran', 'tahunan', 'tidak_tentu'] as const;
export type UpdateFrequency = (typeof UPDATE_FREQUENCIES)[number];

export const INFRA_KINDS = ['pusat_data', 'intranet', 'cloud', 'lainnya'] as const;
export type InfraKind = (typeof INFRA_KINDS)[number];

export const ROADMAP_STATUSES = ['rencana', 'berjalan', 'selesai', 'batal'] as const;
export type RoadmapStatus = (typeof ROADMAP_STATUSES)[number];
export const ROADMAP_TARGET_TYPES = ['app', 'service', 'dataset', 'infra'] as const;
export type RoadmapTargetType = (typeof ROADMAP_TARGET_TYPES)[number];
