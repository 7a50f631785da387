import { validationError, type FieldError } from '../../../../platform/http/errors.ts';
import { ENDPOINT_METHODS, type EndpointMethod } from '../../db.ts';
import { OpenApiError, readOpenApi, type OpenApiSummary } from '../../openapi.ts';
import { isValidPattern } from '../../paths.ts';
import type { ServiceValues } from '../repo.ts';

/** A service's settings as callers give them (API JSON and the form, after parsing). */
export interface ServiceSettings {
  name?: string;
  description?: string | null;
  upstreamUrl?: string;
  version?: string;
  timeoutMs?: number;
  bodyLimitBytes?: number;
  capacityRps?: number | null;
  rateLimitRps?: number | null;
  dailyQuota?: number | null;
  personalData?: boolean;
  keepBodies?: boolean;
  healthPath?: string | null;
}

export interface EndpointInput {
  method: string;
  path: string;
  summary?: string | null;
}

/** Where a service's OpenAPI description comes from: the text itself, or a URL to fetch it from. */
export interface OpenApiSource {
  openapi?: string;
  openapiUrl?: string;
}

const MAX_DESCRIPTION = 2 * 1024 * 1024;

/** An upstream is an http(s) base URL without credentials, query or fragment. */
export function checkUpstreamUrl(url: string, field = 'upstreamUrl'): FieldError | undefined {
  try {
    const u = new URL(url);
    if ((u.protocol !== 'http:' && u.protocol !== 'https:') || u.username || u.password || u.search || u.hash) throw new Error('refused');
    return undefined;
  } catch {
    return { field, messageKey: 'gerbang.url_invalid' };
  }
}

/** Checks and normalises endpoints; line numbers in messages count from 1. */
export function normaliseEndpoints(endpoints: EndpointInput[], field = 'endpoints'): { method: EndpointMethod; path: string; summary: string | null }[] {
  const seen = new Set<string>();
  const out: { method: EndpointMethod; path: string; summary: string | null }[] = [];
  endpoints.forEach((e, i) => {
    const method = e.method.trim().toUpperCase() as EndpointMethod;
    const path = e.path.trim();
    if (!(ENDPOINT_METHODS as readonly string[]).includes(method) || !isValidPattern(path)) {
      throw validationError([{ field, messageKey: 'gerbang.endpoint_invalid', params: { line: i + 1 } }]);
    }
    if (seen.has(`${method} ${path}`)) return;
    seen.add(`${method} ${path}`);
    out.push({ method, path, summary: e.summary?.trim() || null });
  });
  return out;
}

/** Endpoints written one per line: `GET /pasien/{nik} Optional summary`. */
export function parseEndpointLines(text: string): EndpointInput[] {
  return text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean)
    .map((line) => {
      const [method = '', path = '', ...summary] = line.split(/\s+/);
      return { method, path, summary: summary.join(' ') || null };
    });
}

/** Fetches a description from a URL: at most 2 MiB, 10 s, no redirects to follow blindly. */
export async function fetchOpenApi(url: string): Promise<string> {
  const bad = checkUpstreamUrl(url, 'openapiUrl');
  if (bad) throw validationError([bad]);
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(10_000), redirect: 'error', headers: { accept: 'application/json, application/yaml, text/yaml, */*' } });
    if (!res.ok || !res.body) throw new Error(`status ${res.status}`);
    const chunks: Uint8Array[] = [];
    let size = 0;
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
      size += chunk.length;
      if (size > MAX_DESCRIPTION) throw new Error('too large');
      chunks.push(chunk);
    }
    return Buffer.concat(chunks).toString('utf8');
  } catch {
    throw validationError([{ field: 'openapiUrl', messageKey: 'gerbang.openapi_fetch_failed' }]);
  }
}

const OPENAPI_MESSAGES = {
  syntax: 'gerbang.openapi_syntax',
  not_openapi3: 'gerbang.openapi_not_3',
  no_paths: 'gerbang.openapi_no_paths',
  too_many: 'gerbang.openapi_too_many',
} as const;

/** Reads the description from text or URL; undefined when neither was given. */
export async function loadOpenApi(source: OpenApiSource): Promise<{ text: string; summary: OpenApiSummary; url: string | null } | undefined> {
  let text = source.openapi?.trim() ? source.openapi : undefined;
  const url = source.openapiUrl?.trim() || null;
  const field = text ? 'openapi' : 'openapiUrl';
  if (!text && url) text = await fetchOpenApi(url);
  if (!text) return undefined;
  if (text.length > MAX_DESCRIPTION) throw validationError([{ field, messageKey: 'gerbang.openapi_too_large' }]);
  try {
    return { text, summary: readOpenApi(text), url };
  } catch (error) {
    if (error instanceof OpenApiError) throw validationError([{ field, messageKey: OPENAPI_MESSAGES[error.reason] }]);
    throw error;
  }
}

/** Database values for the settings given, with defaults for a new service. */
export function serviceValues(input: ServiceSettings, base: ServiceValues): ServiceValues {
  const errors: FieldError[] = [];
  const upstream = input.upstreamUrl?.trim() ?? base.upstream_url;
  const urlError = checkUpstreamUrl(upstream);
  if (urlError) errors.push(urlError);
  const healthPath = input.healthPath === undefined ? base.health_path : input.healthPath?.trim() || null;
  if (healthPath && !/^\/[^\s#]*$/.test(healthPath)) errors.push({ field: 'healthPath', messageKey: 'gerbang.path_invalid' });
  if (errors.length) throw validationError(errors);
  const pick = <K extends keyof ServiceSettings, V>(key: K, fallback: V): V => (input[key] === undefined ? fallback : (input[key] as V));
  return {
    name: input.name?.trim() || base.name,
    description: input.description === undefined ? base.description : input.description?.trim() || null,
    upstream_url: upstream,
    version: input.version?.trim() || base.version,
    timeout_ms: pick('timeoutMs', base.timeout_ms),
    body_limit_bytes: pick('bodyLimitBytes', base.body_limit_bytes),
    capacity_rps: pick('capacityRps', base.capacity_rps),
    rate_limit_rps: pick('rateLimitRps', base.rate_limit_rps),
    daily_quota: pick('dailyQuota', base.daily_quota),
    personal_data: pick('personalData', base.personal_data),
    keep_bodies: pick('keepBodies', base.keep_bodies),
    health_path: healthPath,
  };
}

export const SERVICE_DEFAULTS: Omit<ServiceValues, 'name' | 'upstream_url'> = {
  description: null,
  version: '1',
  timeout_ms: 30_000,
  body_limit_bytes: 10 * 1024 * 1024,
  capacity_rps: null,
  rate_limit_rps: null,
  daily_quota: null,
  personal_data: false,
  keep_bodies: false,
  health_path: null,
};
