import type { Deps } from '../../../../platform/deps.ts';
import type { Actor } from '../../../../platform/auth/actor.ts';
import { ensure } from '../../../../platform/auth/policy.ts';
import { validationError } from '../../../../platform/http/errors.ts';
import { startOfDay, startOfNextDay } from '../../../../platform/audit/time-zone.ts';
import { evidenceKeysFor, indexValue } from '../keys.ts';
import { evidencePolicy } from '../policy.ts';
import * as repo from '../repo.ts';
import type { EvidenceRow } from '../record.ts';

export const PAGE_SIZE = 50;
export const MAX_API_PAGE_SIZE = 200;

/** Filters as people type them: local calendar days, a status class or code, full or partial ids. */
export interface EvidenceSearchInput {
  /** A service id (`JATIM/GOV/dinkes/simrs/pasien`) or a prefix of whole parts (`JATIM/GOV/dinkes`). */
  service?: string;
  client?: string;
  /** `2xx`, `4xx`, `5xx`, an exact code (`404`), or `error` for errors made by the gateway. */
  status?: string;
  from?: string;
  to?: string;
  xroadId?: string;
  /** Exact X-Road-UserId (searched through its keyed hash; never stored in clear). */
  userId?: string;
  before?: string;
  limit?: number;
}

export type BodyState = 'none' | 'kept' | 'purged';

/** One exchange as the search screen and the API show it (no personal values). */
export interface EvidenceEntry {
  id: string;
  nodeId: string;
  seq: number;
  xroadId: string;
  requestId: string;
  client: string;
  service: string;
  endpoint: string | null;
  method: string;
  status: number;
  errorType: string | null;
  startedAt: Date;
  upstreamMs: number | null;
  totalMs: number;
  requestBytes: number;
  responseBytes: number;
  purpose: string | null;
  legalBasis: string | null;
  issue: string | null;
  providerOpdId: string | null;
  consumerOpdId: string | null;
  hashAlgorithm: string;
  requestHash: string;
  responseHash: string;
  leafHash: string;
  body: BodyState;
}

export function toEntry(row: EvidenceRow & { has_body: boolean }): EvidenceEntry {
  const hasBodyHash = row.request_body_hash !== null || row.response_body_hash !== null;
  return {
    id: row.id,
    nodeId: row.node_id,
    seq: Number(row.seq),
    xroadId: row.xroad_id,
    requestId: row.request_id,
    client: row.client,
    service: row.service,
    endpoint: row.endpoint,
    method: row.method,
    status: row.status,
    errorType: row.error_type,
    startedAt: row.started_at,
    upstreamMs: row.upstream_ms,
    totalMs: row.total_ms,
    requestBytes: Number(row.request_bytes),
    responseBytes: Number(row.response_bytes),
    purpose: row.purpose,
    legalBasis: row.legal_basis,
    issue: row.issue,
    providerOpdId: row.provider_opd_id,
    consumerOpdId: row.consumer_opd_id,
    hashAlgorithm: row.hash_algorithm,
    requestHash: row.request_hash,
    responseHash: row.response_hash,
    leafHash: row.leaf_hash,
    body: row.has_body ? 'kept' : hasBodyHash ? 'purged' : 'none',
  };
}

const clean = (value: string | undefined) => value?.trim() || undefined;

function statusRange(status: string | undefined): Pick<repo.EvidenceFilter, 'statusFrom' | 'statusTo' | 'errorsOnly'> {
  if (!status) return {};
  if (status === 'error') return { errorsOnly: true };
  const cls = /^([1-5])xx$/i.exec(status);
  if (cls) return { statusFrom: Number(cls[1]) * 100, statusTo: Number(cls[1]) * 100 + 99 };
  if (/^[1-5][0-9]{2}$/.test(status)) return { statusFrom: Number(status), statusTo: Number(status) };
  throw validationError([{ field: 'status', messageKey: 'evidence.status_invalid' }]);
}

/**
 * One page of exchanges this actor may see (as provider, consumer, or everyone's for auditors),
 * newest first, with a keyset cursor.
 */
export async function searchEvidence(
  deps: Pick<Deps, 'db' | 'config'>,
  actor: Actor | null,
  input: EvidenceSearchInput,
): Promise<{ entries: EvidenceEntry[]; nextBefore: string | null }> {
  ensure(actor, evidencePolicy.search(actor));
  const readable = evidencePolicy.readableOpdIds(actor);
  const from = clean(input.from);
  const to = clean(input.to);
  if (from && to && to < from) throw validationError([{ field: 'to', messageKey: 'evidence.range_invalid' }]);
  const limit = Math.min(Math.max(input.limit ?? PAGE_SIZE, 1), MAX_API_PAGE_SIZE);
  const userId = clean(input.userId);
  const rows = await repo.searchRecords(deps.db, {
    opdIds: readable === 'all' ? null : readable,
    service: clean(input.service),
    client: clean(input.client),
    ...statusRange(clean(input.status)),
    fromAt: from ? startOfDay(from, deps.config.timeZone) : undefined,
    untilAt: to ? startOfNextDay(to, deps.config.timeZone) : undefined,
    xroadId: clean(input.xroadId),
    userIdIndex: userId ? indexValue(evidenceKeysFor(deps.config), 'userId', userId) : undefined,
    beforeId: clean(input.before),
    limit: limit + 1,
  });
  const entries = rows.slice(0, limit).map(toEntry);
  return { entries, nextBefore: rows.length > limit ? entries.at(-1)!.id : null };
}
