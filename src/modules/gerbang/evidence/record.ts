import { createHash, hash } from 'node:crypto';
import type { Insertable, Selectable } from 'kysely';
import type { ExchangeRecord } from './contract.ts';
import type { GerbangEvidenceTable } from './db.ts';
import { encrypt, sealPersonalValue, type EvidenceKeys } from './keys.ts';
import type { JsonValue } from './merkle.ts';

/** Version of the hashed record layout; a new layout gets a new number and verify knows both. */
export const RECORD_FORMAT = 1;
export const GENESIS_HASH = '0'.repeat(64);

/**
 * Exactly what a leaf hash covers (canonical JSON of this object). Personal identifiers and the
 * concrete path enter as salted commitments; bodies as their SHA-256. Everything else is as the
 * gateway reported it.
 */
export interface LeafFields {
  [key: string]: JsonValue;
  v: number;
  nodeId: string;
  seq: number;
  prevHash: string;
  xroadId: string;
  requestId: string;
  client: string;
  service: string;
  clientSubsystemId: string | null;
  serviceDbId: string | null;
  consumerOpdId: string | null;
  providerOpdId: string | null;
  endpoint: string | null;
  method: string;
  /** Commitment to the path and query (they may carry a NIK). */
  path: string;
  userId: string | null;
  purpose: string | null;
  legalBasis: string | null;
  issue: string | null;
  representedParty: string | null;
  status: number;
  errorType: string | null;
  startedAt: string;
  upstreamMs: number | null;
  totalMs: number;
  requestBytes: number;
  responseBytes: number;
  hashAlgorithm: string;
  requestHash: string;
  responseHash: string;
  requestBodyHash: string | null;
  responseBodyHash: string | null;
}

type Row = Insertable<GerbangEvidenceTable>;

/** A record ready to be chained: its row without the chain columns, and its (encrypted) bodies. */
export interface PreparedRecord {
  row: Omit<Row, 'node_id' | 'seq' | 'prev_hash' | 'leaf_hash'>;
  bodies: { request: Buffer | null; response: Buffer | null } | null;
  /** performance.now() when append was called, for the wait metric. */
  queuedAt: number;
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const LONE_SURROGATE_ALL = new RegExp(LONE_SURROGATE.source, 'g');

/** NUL or any surrogate: the rare strings that need a closer look. */
const SUSPECT = /[\u0000\uD800-\uDFFF]/;

function text(value: string, name: string): string {
  if (typeof value !== 'string') throw new TypeError(`evidence: ${name} must be a string`);
  if (!SUSPECT.test(value)) return value;
  if (value.includes('\u0000')) throw new TypeError(`evidence: ${name} contains a NUL character`);
  // PostgreSQL stores UTF-8; a lone surrogate would come back changed and break the hash.
  return LONE_SURROGATE.test(value) ? value.replace(LONE_SURROGATE_ALL, '\uFFFD') : value;
}

function optionalText(value: string | null | undefined, name: string): string | null {
  return value === null || value === undefined ? null : text(value, name);
}

function count(value: number, name: string): number {
  if (!Number.isSafeInteger(value) || value < 0) throw new TypeError(`evidence: ${name} must be a whole number ≥ 0`);
  return value;
}

/** Milliseconds to the microsecond: what is hashed is what the database gives back. */
function millis(value: number, name: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) throw new TypeError(`evidence: ${name} must be a number ≥ 0`);
  return Math.round(value * 1000) / 1000;
}

export const sha256Hex = (data: Buffer): string => createHash('sha256').update(data).digest('hex');

/**
 * Checks and converts one exchange: personal values sealed (commitment, ciphertext, search
 * index), bodies hashed and encrypted. Throws TypeError for a malformed record, so one bad record
 * fails alone instead of failing the batch it would have joined.
 */
export function prepareRecord(record: ExchangeRecord, keys: EvidenceKeys): PreparedRecord {
  const startedAt = record.startedAt;
  if (!(startedAt instanceof Date) || Number.isNaN(startedAt.getTime())) throw new TypeError('evidence: startedAt must be a valid Date');
  if (!Number.isInteger(record.status) || record.status < 100 || record.status > 999) throw new TypeError('evidence: status must be an HTTP status');
  if (record.hashAlgorithm !== 'SHA-256' && record.hashAlgorithm !== 'SHA-512') throw new TypeError('evidence: hashAlgorithm must be SHA-256 or SHA-512');
  const pathValue = text(record.path, 'path');
  const path = sealPersonalValue(keys, 'path', pathValue, false);
  const userIdValue = optionalText(record.userId, 'userId');
  const userId = userIdValue === null ? null : sealPersonalValue(keys, 'userId', userIdValue, true);
  const partyValue = optionalText(record.representedParty, 'representedParty');
  const party = partyValue === null ? null : sealPersonalValue(keys, 'representedParty', partyValue, true);
  const requestBody = record.requestBody ?? null;
  const responseBody = record.responseBody ?? null;
  const keep = requestBody !== null || responseBody !== null;
  const row: PreparedRecord['row'] = {
    xroad_id: text(record.xroadId, 'xroadId'),
    request_id: text(record.requestId, 'requestId'),
    client: text(record.client, 'client'),
    service: text(record.service, 'service'),
    client_subsystem_id: optionalText(record.clientSubsystemId, 'clientSubsystemId'),
    service_db_id: optionalText(record.serviceDbId, 'serviceDbId'),
    consumer_opd_id: optionalText(record.consumerOpdId, 'consumerOpdId'),
    provider_opd_id: optionalText(record.providerOpdId, 'providerOpdId'),
    endpoint: optionalText(record.endpoint, 'endpoint'),
    method: text(record.method, 'method'),
    path_commit: path.commit,
    path_enc: path.enc,
    user_id_commit: userId?.commit ?? null,
    user_id_enc: userId?.enc ?? null,
    user_id_index: userId?.index ?? null,
    purpose: optionalText(record.purpose, 'purpose'),
    legal_basis: optionalText(record.legalBasis, 'legalBasis'),
    issue: optionalText(record.issue, 'issue'),
    represented_party_commit: party?.commit ?? null,
    represented_party_enc: party?.enc ?? null,
    represented_party_index: party?.index ?? null,
    status: record.status,
    error_type: optionalText(record.errorType, 'errorType'),
    started_at: new Date(startedAt.getTime()),
    upstream_ms: record.upstreamMs === null ? null : millis(record.upstreamMs, 'upstreamMs'),
    total_ms: millis(record.totalMs, 'totalMs'),
    request_bytes: count(record.requestBytes, 'requestBytes'),
    response_bytes: count(record.responseBytes, 'responseBytes'),
    hash_algorithm: record.hashAlgorithm,
    request_hash: text(record.requestHash, 'requestHash'),
    response_hash: text(record.responseHash, 'responseHash'),
    request_body_hash: keep && requestBody ? sha256Hex(requestBody) : null,
    response_body_hash: keep && responseBody ? sha256Hex(responseBody) : null,
    key_id: keys.id,
  };
  const bodies = keep
    ? {
        request: requestBody ? encrypt(keys.bodyKey, requestBody, `request:${row.request_body_hash}`) : null,
        response: responseBody ? encrypt(keys.bodyKey, responseBody, `response:${row.response_body_hash}`) : null,
      }
    : null;
  return { row, bodies, queuedAt: performance.now() };
}

/** The hashed columns of a row, as written or as read back from the database. */
export interface LeafSource {
  node_id: string;
  seq: number | string | bigint;
  prev_hash: string;
  xroad_id: string;
  request_id: string;
  client: string;
  service: string;
  client_subsystem_id?: string | null;
  service_db_id?: string | null;
  consumer_opd_id?: string | null;
  provider_opd_id?: string | null;
  endpoint?: string | null;
  method: string;
  path_commit: string;
  user_id_commit?: string | null;
  purpose?: string | null;
  legal_basis?: string | null;
  issue?: string | null;
  represented_party_commit?: string | null;
  status: number;
  error_type?: string | null;
  started_at: Date | string;
  upstream_ms?: number | null;
  total_ms: number;
  request_bytes: number | string | bigint;
  response_bytes: number | string | bigint;
  hash_algorithm: string;
  request_hash: string;
  response_hash: string;
  request_body_hash?: string | null;
  response_body_hash?: string | null;
}

/** How each hashed field is read from a row: the one definition behind leafFields and rowLeafHash. */
const LEAF_READERS: { [K in keyof LeafFields]: (row: LeafSource) => LeafFields[K] } = {
  v: () => RECORD_FORMAT,
  nodeId: (r) => r.node_id,
  seq: (r) => Number(r.seq),
  prevHash: (r) => r.prev_hash,
  xroadId: (r) => r.xroad_id,
  requestId: (r) => r.request_id,
  client: (r) => r.client,
  service: (r) => r.service,
  clientSubsystemId: (r) => r.client_subsystem_id ?? null,
  serviceDbId: (r) => r.service_db_id ?? null,
  consumerOpdId: (r) => r.consumer_opd_id ?? null,
  providerOpdId: (r) => r.provider_opd_id ?? null,
  endpoint: (r) => r.endpoint ?? null,
  method: (r) => r.method,
  path: (r) => r.path_commit,
  userId: (r) => r.user_id_commit ?? null,
  purpose: (r) => r.purpose ?? null,
  legalBasis: (r) => r.legal_basis ?? null,
  issue: (r) => r.issue ?? null,
  representedParty: (r) => r.represented_party_commit ?? null,
  status: (r) => r.status,
  errorType: (r) => r.error_type ?? null,
  startedAt: (r) => new Date(r.started_at).toISOString(),
  upstreamMs: (r) => r.upstream_ms ?? null,
  totalMs: (r) => r.total_ms,
  requestBytes: (r) => Number(r.request_bytes),
  responseBytes: (r) => Number(r.response_bytes),
  hashAlgorithm: (r) => r.hash_algorithm,
  requestHash: (r) => r.request_hash,
  responseHash: (r) => r.response_hash,
  requestBodyHash: (r) => r.request_body_hash ?? null,
  responseBodyHash: (r) => r.response_body_hash ?? null,
};

/** The hashed fields of a row (what a proof shows). */
export function leafFields(row: LeafSource): LeafFields {
  const fields: Record<string, JsonValue> = {};
  for (const [key, read] of Object.entries(LEAF_READERS)) fields[key] = read(row);
  return fields as LeafFields;
}

/**
 * The readers in canonical key order with their `"key":` prefixes. Every leaf is flat (strings,
 * numbers, null), so its canonical JSON can be written straight from the row: the same bytes as
 * canonicalJson(leafFields(row)) (a test holds them equal) without building the object between.
 */
const LEAF_LAYOUT = Object.entries(LEAF_READERS)
  .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
  .map(([key, read], i) => ({ prefix: `${i ? ',' : '{'}${JSON.stringify(key)}:`, read: read as (row: LeafSource) => string | number | null }));

/** canonicalJson(leafFields(row)), written directly. */
export function leafJson(row: LeafSource): string {
  let out = '';
  for (const { prefix, read } of LEAF_LAYOUT) {
    const value = read(row);
    if (value === null) out += `${prefix}null`;
    else if (typeof value === 'number') {
      if (!Number.isFinite(value)) throw new Error('canonical JSON has no NaN or Infinity');
      out += prefix + JSON.stringify(value);
    } else out += prefix + JSON.stringify(value);
  }
  return `${out}}`;
}

/** The leaf hash of a row (what the writer stores and verify recomputes): SHA-256(0x00 || canonical JSON). */
export function rowLeafHash(row: LeafSource): string {
  // U+0000 is the single byte 0x00 in UTF-8: the leaf prefix of RFC 9162.
  return hash('sha256', `\u0000${leafJson(row)}`, 'hex');
}

export type EvidenceRow = Selectable<GerbangEvidenceTable>;
