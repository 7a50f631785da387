import Type from 'typebox';
import { StringEnum, Uuid } from '../../../platform/http/validation.ts';
import { ENDPOINT_METHODS, LIFECYCLES, REQUEST_STATUSES } from '../db.ts';
import type { GerbangSettings } from '../config.ts';
import type { AccessRequestRow, GroupRow, RightRow, ServiceRow, SubsystemRow } from './repo.ts';
import { serviceIdOf, subsystemIdOf } from './use-cases/visibility.ts';

// ---- Requests ------------------------------------------------------------------------------

const Code = Type.String({ minLength: 1, maxLength: 64, description: 'Letters, digits, `.`, `_`, `-`; starts with a letter or digit' });
const Name = Type.String({ minLength: 1, maxLength: 200 });
const Text = (max: number) => Type.String({ maxLength: max });
const Nullable = <T extends ReturnType<typeof Type.String> | ReturnType<typeof Type.Integer>>(t: T) => Type.Union([t, Type.Null()]);
const PositiveInt = (max: number) => Type.Integer({ minimum: 1, maximum: max });

export const SubsystemParams = Type.Object({ subsystemId: Uuid() });
export const TokenParams = Type.Object({ subsystemId: Uuid(), tokenId: Uuid() });
export const ServiceParams = Type.Object({ serviceId: Uuid() });
export const GroupParams = Type.Object({ groupId: Uuid() });
export const GroupMemberParams = Type.Object({ groupId: Uuid(), subsystemId: Uuid() });
export const RightParams = Type.Object({ rightId: Uuid() });
export const RequestParams = Type.Object({ requestId: Uuid() });

export const NewSubsystemBody = Type.Object({
  opdId: Uuid(),
  code: Code,
  name: Name,
  description: Type.Optional(Nullable(Text(2000))),
  appId: Type.Optional(Nullable(Uuid({ description: 'The katalog application this subsystem is' }))),
});
export const SubsystemChangesBody = Type.Object({
  name: Type.Optional(Name),
  description: Type.Optional(Nullable(Text(2000))),
  appId: Type.Optional(Nullable(Uuid())),
  active: Type.Optional(Type.Boolean()),
});
export const NewTokenBody = Type.Object({
  name: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
  expiresOn: Type.Optional(Type.String({ format: 'date', description: 'Last day the token works (YYYY-MM-DD)' })),
});

const EndpointIn = Type.Object({
  method: StringEnum(ENDPOINT_METHODS),
  path: Type.String({ minLength: 1, maxLength: 500, description: 'Path pattern: literal segments, `{name}` or `*` for one segment, a final `**` for any rest' }),
  summary: Type.Optional(Nullable(Text(300))),
});
const ServiceSettingsIn = {
  name: Type.Optional(Name),
  description: Type.Optional(Nullable(Text(5000))),
  upstreamUrl: Type.Optional(Type.String({ minLength: 8, maxLength: 1000, description: 'Base URL of the provider system (http or https)' })),
  version: Type.Optional(Type.String({ minLength: 1, maxLength: 50 })),
  timeoutMs: Type.Optional(Type.Integer({ minimum: 100, maximum: 600000 })),
  bodyLimitBytes: Type.Optional(Type.Integer({ minimum: 0, maximum: 10737418240, description: 'Largest request and response body' })),
  capacityRps: Type.Optional(Nullable(PositiveInt(1_000_000))),
  rateLimitRps: Type.Optional(Nullable(PositiveInt(1_000_000))),
  dailyQuota: Type.Optional(Nullable(PositiveInt(1_000_000_000))),
  personalData: Type.Optional(Type.Boolean({ description: 'Calls must name a purpose and a legal basis' })),
  keepBodies: Type.Optional(Type.Boolean({ description: 'Keep full bodies in the evidence log (encrypted)' })),
  healthPath: Type.Optional(Nullable(Type.String({ maxLength: 500 }))),
  openapi: Type.Optional(Type.String({ maxLength: 2 * 1024 * 1024, description: 'OpenAPI 3 description (JSON or YAML); its paths become the endpoints' })),
  openapiUrl: Type.Optional(Type.String({ maxLength: 1000, description: 'Where to fetch the OpenAPI 3 description from' })),
  endpoints: Type.Optional(Type.Array(EndpointIn, { maxItems: 500 })),
};
export const NewServiceBody = Type.Object({ code: Code, ...ServiceSettingsIn, upstreamUrl: Type.String({ minLength: 8, maxLength: 1000, description: 'Base URL of the provider system (http or https)' }) });
export const ServiceChangesBody = Type.Object({ ...ServiceSettingsIn, removeOpenApi: Type.Optional(Type.Boolean()) });
export const LifecycleBody = Type.Object({ lifecycle: StringEnum(LIFECYCLES) });
export const NewGroupBody = Type.Object({ opdId: Uuid(), code: Code, name: Name });
export const GroupMemberBody = Type.Object({ subsystem: Type.String({ minLength: 1, maxLength: 300, description: 'Subsystem id or identifier INSTANCE/CLASS/MEMBER/SUBSYSTEM' }) });
export const GrantBody = Type.Object({
  subsystem: Type.Optional(Type.String({ minLength: 1, maxLength: 300, description: 'Subsystem id or identifier' })),
  groupId: Type.Optional(Uuid()),
  method: Type.Optional(StringEnum(ENDPOINT_METHODS)),
  path: Type.Optional(Type.String({ minLength: 1, maxLength: 500 })),
  rateLimitRps: Type.Optional(Nullable(PositiveInt(1_000_000))),
  dailyQuota: Type.Optional(Nullable(PositiveInt(1_000_000_000))),
});
export const AccessRequestBody = Type.Object({
  subsystemId: Uuid(),
  method: Type.Optional(StringEnum(ENDPOINT_METHODS)),
  path: Type.Optional(Type.String({ minLength: 1, maxLength: 500 })),
  reason: Type.String({ minLength: 5, maxLength: 2000 }),
});
export const DecisionBody = Type.Object({
  reason: Type.String({ minLength: 3, maxLength: 2000 }),
  rateLimitRps: Type.Optional(Nullable(PositiveInt(1_000_000))),
  dailyQuota: Type.Optional(Nullable(PositiveInt(1_000_000_000))),
});
export const ServiceListQuery = Type.Object({
  opdId: Type.Optional(Type.Union([Uuid(), Type.Literal('')])),
  q: Type.Optional(Type.String({ maxLength: 200 })),
  lifecycle: Type.Optional(Type.Union([StringEnum(LIFECYCLES), Type.Literal('')])),
});
export const SubsystemListQuery = Type.Object({ opdId: Type.Optional(Type.Union([Uuid(), Type.Literal('')])) });
export const RequestListQuery = Type.Object({
  direction: Type.Optional(Type.Union([StringEnum(['incoming', 'outgoing'] as const), Type.Literal('')])),
  status: Type.Optional(Type.Union([StringEnum(REQUEST_STATUSES), Type.Literal('')])),
});

// ---- Responses: the presenters -------------------------------------------------------------

const Timestamp = Type.String({ format: 'date-time' });
const NullableString = Type.Union([Type.String(), Type.Null()]);
const NullableInt = Type.Union([Type.Integer(), Type.Null()]);
const iso = (d: Date | null) => (d ? d.toISOString() : null);

export const SubsystemOut = Type.Object({
  id: Type.String(),
  identifier: Type.String({ description: 'INSTANCE/CLASS/MEMBER/SUBSYSTEM, as sent in X-Road-Client' }),
  opdId: Type.String(),
  opdName: Type.String(),
  code: Type.String(),
  name: Type.String(),
  description: NullableString,
  appId: NullableString,
  active: Type.Boolean(),
  createdAt: Timestamp,
});
export function presentSubsystem(settings: GerbangSettings, s: SubsystemRow) {
  return {
    id: s.id,
    identifier: subsystemIdOf(settings, s),
    opdId: s.opd_id,
    opdName: s.opd_name,
    code: s.code,
    name: s.name,
    description: s.description,
    appId: s.app_id,
    active: s.active,
    createdAt: s.created_at.toISOString(),
  };
}

export const SubsystemTokenOut = Type.Object({
  id: Type.String(),
  name: Type.String(),
  prefix: Type.String(),
  status: StringEnum(['active', 'revoked', 'expired'] as const),
  createdAt: Timestamp,
  expiresAt: NullableString,
  lastUsedAt: NullableString,
  revokedAt: NullableString,
});
export function presentSubsystemToken(t: { id: string; name: string; token_prefix: string; status: 'active' | 'revoked' | 'expired'; created_at: Date; expires_at: Date | null; last_used_at: Date | null; revoked_at: Date | null }) {
  return { id: t.id, name: t.name, prefix: t.token_prefix, status: t.status, createdAt: t.created_at.toISOString(), expiresAt: iso(t.expires_at), lastUsedAt: iso(t.last_used_at), revokedAt: iso(t.revoked_at) };
}
export const CreatedTokenOut = Type.Object({ ...SubsystemTokenOut.properties, token: Type.String({ description: 'The token itself, shown only in this answer' }), clientHeader: Type.String({ description: 'The X-Road-Client value to send with it' }) });

const EndpointOut = Type.Object({ method: Type.String(), path: Type.String(), summary: NullableString });
export const ServiceOut = Type.Object({
  id: Type.String(),
  identifier: Type.String({ description: 'INSTANCE/CLASS/MEMBER/SUBSYSTEM/SERVICECODE' }),
  gatewayUrl: Type.String({ description: 'Call it here: {METHOD} {gatewayUrl}[/path][?query]' }),
  subsystemId: Type.String(),
  opdId: Type.String(),
  opdName: Type.String(),
  code: Type.String(),
  name: Type.String(),
  description: NullableString,
  version: Type.String(),
  lifecycle: StringEnum(LIFECYCLES),
  personalData: Type.Boolean(),
  hasOpenApi: Type.Boolean(),
  capacityRps: NullableInt,
  rateLimitRps: NullableInt,
  dailyQuota: NullableInt,
  endpoints: Type.Array(EndpointOut),
  /** The provider's view only. */
  upstreamUrl: Type.Optional(Type.String()),
  timeoutMs: Type.Optional(Type.Integer()),
  bodyLimitBytes: Type.Optional(Type.Integer()),
  keepBodies: Type.Optional(Type.Boolean()),
  healthPath: Type.Optional(NullableString),
  openapiUrl: Type.Optional(NullableString),
  lifecycleChangedAt: Timestamp,
});
export function presentService(
  settings: GerbangSettings,
  baseUrl: string,
  s: ServiceRow,
  endpoints: { method: string; path: string; summary: string | null }[],
  providerView: boolean,
) {
  const identifier = serviceIdOf(settings, s);
  return {
    id: s.id,
    identifier,
    gatewayUrl: `${baseUrl}/r1/${identifier}`,
    subsystemId: s.subsystem_id,
    opdId: s.opd_id,
    opdName: s.opd_name,
    code: s.code,
    name: s.name,
    description: s.description,
    version: s.version,
    lifecycle: s.lifecycle,
    personalData: s.personal_data,
    hasOpenApi: s.openapi_format !== null,
    capacityRps: s.capacity_rps,
    rateLimitRps: s.rate_limit_rps,
    dailyQuota: s.daily_quota,
    endpoints: endpoints.map((e) => ({ method: e.method, path: e.path, summary: e.summary })),
    ...(providerView
      ? { upstreamUrl: s.upstream_url, timeoutMs: s.timeout_ms, bodyLimitBytes: Number(s.body_limit_bytes), keepBodies: s.keep_bodies, healthPath: s.health_path, openapiUrl: s.openapi_url }
      : {}),
    lifecycleChangedAt: s.lifecycle_changed_at.toISOString(),
  };
}

export const RightOut = Type.Object({
  id: Type.String(),
  serviceId: Type.String(),
  consumer: Type.String({ description: 'Subsystem identifier, or `group:<code>`' }),
  subsystemId: NullableString,
  groupId: NullableString,
  method: NullableString,
  path: NullableString,
  rateLimitRps: NullableInt,
  dailyQuota: NullableInt,
  requestId: NullableString,
  createdAt: Timestamp,
});
export function presentRight(settings: GerbangSettings, r: RightRow) {
  return {
    id: r.id,
    serviceId: r.service_id,
    consumer: r.subsystem_id ? subsystemIdOf(settings, { opd_code: r.subsystem_opd_code!, code: r.subsystem_code! }) : `group:${r.group_code}`,
    subsystemId: r.subsystem_id,
    groupId: r.group_id,
    method: r.method,
    path: r.path,
    rateLimitRps: r.rate_limit_rps,
    dailyQuota: r.daily_quota,
    requestId: r.request_id,
    createdAt: r.created_at.toISOString(),
  };
}

export const AccessRequestOut = Type.Object({
  id: Type.String(),
  serviceId: Type.String(),
  service: Type.String(),
  serviceName: Type.String(),
  providerOpdName: Type.String(),
  subsystemId: Type.String(),
  client: Type.String(),
  consumerOpdName: Type.String(),
  method: NullableString,
  path: NullableString,
  reason: Type.String(),
  status: StringEnum(REQUEST_STATUSES),
  createdAt: Timestamp,
  decidedAt: NullableString,
  decisionReason: NullableString,
  rightId: NullableString,
});
export function presentRequest(settings: GerbangSettings, r: AccessRequestRow) {
  return {
    id: r.id,
    serviceId: r.service_id,
    service: serviceIdOf(settings, { opd_code: r.provider_opd_code, subsystem_code: r.provider_subsystem_code, code: r.service_code }),
    serviceName: r.service_name,
    providerOpdName: r.provider_opd_name,
    subsystemId: r.subsystem_id,
    client: subsystemIdOf(settings, { opd_code: r.consumer_opd_code, code: r.consumer_subsystem_code }),
    consumerOpdName: r.consumer_opd_name,
    method: r.method,
    path: r.path,
    reason: r.reason,
    status: r.status,
    createdAt: r.created_at.toISOString(),
    decidedAt: iso(r.decided_at),
    decisionReason: r.decision_reason,
    rightId: r.right_id,
  };
}

export const GroupOut = Type.Object({
  id: Type.String(),
  opdId: Type.String(),
  opdName: Type.String(),
  code: Type.String(),
  name: Type.String(),
  members: Type.Optional(Type.Array(Type.Object({ id: Type.String(), identifier: Type.String(), name: Type.String() }))),
});
export function presentGroup(settings: GerbangSettings, g: GroupRow, members?: { id: string; code: string; name: string; opd_code: string }[]) {
  return {
    id: g.id,
    opdId: g.opd_id,
    opdName: g.opd_name,
    code: g.code,
    name: g.name,
    ...(members ? { members: members.map((m) => ({ id: m.id, identifier: subsystemIdOf(settings, m), name: m.name })) } : {}),
  };
}

export const CallableServiceOut = Type.Object({
  service: ServiceOut,
  whole: Type.Boolean({ description: 'May call every endpoint' }),
  allowed: Type.Array(Type.Object({ method: Type.String(), path: Type.String() }), { description: 'The endpoints it may call, when not the whole service' }),
  rateLimitRps: NullableInt,
  dailyQuota: NullableInt,
  openapiUrl: Type.String({ description: 'This service’s OpenAPI description (servers point at the gateway)' }),
});
export const CallableListOut = Type.Object({ client: Type.String(), items: Type.Array(CallableServiceOut) });

export const SubsystemDetailOut = Type.Object({
  ...SubsystemOut.properties,
  tokens: Type.Array(SubsystemTokenOut),
  services: Type.Array(Type.Object({ id: Type.String(), identifier: Type.String(), name: Type.String(), lifecycle: Type.String() })),
});
export const ServiceDetailOut = Type.Object({ ...ServiceOut.properties, rights: Type.Optional(Type.Array(RightOut)), requests: Type.Array(AccessRequestOut) });

export const ItemsOf = <T extends ReturnType<typeof Type.Object>>(item: T) => Type.Object({ items: Type.Array(item) });
export const Ok = Type.Object({ ok: Type.Boolean() });

export const MetricRowOut = Type.Object({
  key: Type.String(),
  calls: Type.Integer(),
  errors: Type.Integer(),
  byCategory: Type.Object({ client: Type.Integer(), gateway: Type.Integer(), provider: Type.Integer(), network: Type.Integer() }),
  p50Ms: Type.Union([Type.Number(), Type.Null()]),
  p95Ms: Type.Union([Type.Number(), Type.Null()]),
  p99Ms: Type.Union([Type.Number(), Type.Null()]),
});
export const MonitoringOut = Type.Object({ since: Timestamp, services: Type.Array(MetricRowOut), consumers: Type.Array(MetricRowOut) });

export const DiagnosticCheckOut = Type.Object({
  name: StringEnum(['dns', 'tls', 'tcp', 'health'] as const),
  ok: Type.Union([Type.Boolean(), Type.Null()], { description: 'null: not applicable' }),
  ms: Type.Union([Type.Number(), Type.Null()]),
  detail: Type.String(),
  category: Type.Union([StringEnum(['client', 'gateway', 'provider', 'network'] as const), Type.Null()]),
});
export const DiagnosticOut = Type.Object({
  serviceId: Type.String(),
  identifier: Type.String(),
  upstream: Type.String(),
  circuit: StringEnum(['closed', 'open', 'half-open'] as const),
  ok: Type.Boolean(),
  checks: Type.Array(DiagnosticCheckOut),
});
