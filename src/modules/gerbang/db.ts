import type { ColumnType, Generated } from 'kysely';

/** Kysely's view of the gerbang tables (migrations/0006_gerbang.sql). */
type Timestamp = ColumnType<Date, Date | string, Date | string>;
/** PostgreSQL bigint arrives as a string (pg's default); written as a number. */
type Bigint = ColumnType<string, number | string, number | string>;

export const LIFECYCLES = ['draft', 'published', 'deprecated', 'retired'] as const;
export type ServiceLifecycle = (typeof LIFECYCLES)[number];
/** Lifecycle states in which consumers can find and call a service. */
export const CALLABLE_LIFECYCLES = ['published', 'deprecated'] as const satisfies readonly ServiceLifecycle[];

export const HTTP_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'TRACE'] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];
/** An endpoint or right method: one HTTP method, or `*` for all. */
export type EndpointMethod = HttpMethod | '*';
export const ENDPOINT_METHODS = ['*', ...HTTP_METHODS] as const;

export const REQUEST_STATUSES = ['pending', 'approved', 'rejected'] as const;
export type RequestStatus = (typeof REQUEST_STATUSES)[number];

export interface GerbangSubsystemTable {
  id: string;
  opd_id: string;
  code: string;
  name: string;
  description: string | null;
  app_id: string | null;
  active: Generated<boolean>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface GerbangSubsystemTokenTable {
  token_id: string;
  subsystem_id: string;
  created_at: Timestamp;
}

export interface GerbangServiceTable {
  id: string;
  subsystem_id: string;
  code: string;
  name: string;
  description: string | null;
  upstream_url: string;
  version: string;
  lifecycle: ServiceLifecycle;
  timeout_ms: number;
  body_limit_bytes: Bigint;
  capacity_rps: number | null;
  rate_limit_rps: number | null;
  daily_quota: number | null;
  personal_data: boolean;
  keep_bodies: boolean;
  health_path: string | null;
  openapi: string | null;
  openapi_format: 'json' | 'yaml' | null;
  openapi_url: string | null;
  lifecycle_changed_at: Timestamp;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface GerbangEndpointTable {
  id: string;
  service_id: string;
  method: EndpointMethod;
  path: string;
  summary: string | null;
  position: number;
}

export interface GerbangGroupTable {
  id: string;
  opd_id: string;
  code: string;
  name: string;
  created_at: Timestamp;
}

export interface GerbangGroupMemberTable {
  group_id: string;
  subsystem_id: string;
  added_at: Timestamp;
}

export interface GerbangAccessRightTable {
  id: string;
  service_id: string;
  subsystem_id: string | null;
  group_id: string | null;
  method: EndpointMethod | null;
  path: string | null;
  rate_limit_rps: number | null;
  daily_quota: number | null;
  request_id: string | null;
  granted_by: string | null;
  created_at: Timestamp;
}

export interface GerbangAccessRequestTable {
  id: string;
  service_id: string;
  subsystem_id: string;
  method: EndpointMethod | null;
  path: string | null;
  reason: string;
  status: Generated<RequestStatus>;
  requested_by: string | null;
  created_at: Timestamp;
  decided_by: string | null;
  decided_at: Timestamp | null;
  decision_reason: string | null;
  right_id: string | null;
}

export interface GerbangQuotaUsageTable {
  subsystem_id: string;
  service_id: string;
  day: ColumnType<Date, string, string>;
  calls: Bigint;
}

export interface GerbangStateTable {
  id: number;
  version: Bigint;
}

declare module '../../platform/db/schema.ts' {
  interface DB {
    gerbang_subsystem: GerbangSubsystemTable;
    gerbang_subsystem_token: GerbangSubsystemTokenTable;
    gerbang_service: GerbangServiceTable;
    gerbang_endpoint: GerbangEndpointTable;
    gerbang_group: GerbangGroupTable;
    gerbang_group_member: GerbangGroupMemberTable;
    gerbang_access_right: GerbangAccessRightTable;
    gerbang_access_request: GerbangAccessRequestTable;
    gerbang_quota_usage: GerbangQuotaUsageTable;
    gerbang_state: GerbangStateTable;
  }
}
