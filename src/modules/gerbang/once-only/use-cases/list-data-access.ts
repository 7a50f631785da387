import type { Actor } from '../../../../platform/auth/actor.ts';
import { listSubjectExchanges, type SubjectExchangeRow } from '../repo.ts';
import { evidenceSubjectIndexes, NIK } from '../subject.ts';
import { ensureCitizen } from './consents.ts';
import type { CitizenDeps } from './context.ts';

export const ACCESS_PAGE_SIZE = 50;

/** One exchange about the citizen, as they see it: who fetched, from whom, when, why, and whether it was answered. */
export interface DataAccessEntry {
  id: string;
  xroadId: string;
  at: Date;
  consumerAgency: string | null;
  consumerSystem: string | null;
  client: string;
  providerAgency: string | null;
  service: string;
  serviceName: string | null;
  endpoint: string | null;
  purpose: string | null;
  legalBasis: string | null;
  /** `consent:<id>` when the exchange was a prefill under one of the citizen's consents. */
  consentId: string | null;
  outcome: 'answered' | 'not_found' | 'refused' | 'failed';
  status: number;
}

function entry(r: SubjectExchangeRow): DataAccessEntry {
  const consent = /^consent:([0-9a-f-]{36})$/.exec(r.issue ?? '');
  return {
    id: r.id,
    xroadId: r.xroad_id,
    at: r.started_at,
    consumerAgency: r.consumer_opd_name,
    consumerSystem: r.client_name,
    client: r.client,
    providerAgency: r.provider_opd_name,
    service: r.service,
    serviceName: r.service_name,
    endpoint: r.endpoint,
    purpose: r.purpose,
    legalBasis: r.legal_basis,
    consentId: consent ? consent[1]! : null,
    outcome: r.error_type ? 'refused' : r.status >= 200 && r.status < 300 ? 'answered' : r.status === 404 ? 'not_found' : 'failed',
    status: r.status,
  };
}

/**
 * "Who looked at my data": the exchanges of the gateway's evidence log whose user or represented
 * party is the signed-in citizen, newest first. Found by the keyed hashes the log keeps for exact
 * search, so only exchanges naming exactly this citizen appear, and only to them.
 */
export async function listMyDataAccess(
  deps: CitizenDeps,
  actor: Actor | null,
  page: { before?: string; limit?: number } = {},
): Promise<{ nikKnown: boolean; entries: DataAccessEntry[]; nextBefore: string | null }> {
  ensureCitizen(actor);
  const nik = await deps.citizens.nikOf(actor.userId);
  if (!nik || !NIK.test(nik)) return { nikKnown: false, entries: [], nextBefore: null };
  const limit = Math.min(Math.max(page.limit ?? ACCESS_PAGE_SIZE, 1), 200);
  const indexes = evidenceSubjectIndexes(deps.config, nik);
  const rows = await listSubjectExchanges(deps.db, { userIdIndexes: indexes.userId, partyIndexes: indexes.party, beforeId: page.before, limit: limit + 1 });
  const entries = rows.slice(0, limit).map(entry);
  return { nikKnown: true, entries, nextBefore: rows.length > limit ? entries.at(-1)!.id : null };
}
