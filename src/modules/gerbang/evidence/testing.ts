import { randomUUID } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../../platform/db/schema.ts';
import type { ExchangeRecord } from './contract.ts';

/**
 * Test helpers shared by the evidence tests, the two-process fixture and the benchmark: a
 * realistic exchange, and the "attacker with database access" who bypasses the append-only
 * triggers (`session_replication_role = replica`, superuser only) to tamper with stored rows.
 */
export function sampleExchange(i: number, over: Partial<ExchangeRecord> = {}): ExchangeRecord {
  return {
    xroadId: `xr-${i}`,
    requestId: randomUUID(),
    client: 'JATIM/GOV/diskominfo/sistem-antrean',
    service: 'JATIM/GOV/dinkes/simrs/pasien',
    clientSubsystemId: null,
    serviceDbId: null,
    consumerOpdId: null,
    providerOpdId: null,
    endpoint: 'GET /pasien/{nik}',
    method: 'GET',
    path: `/pasien/35780100000${String(i).padStart(5, '0')}?rinci=ya`,
    userId: 'EE:petugas-loket-1',
    purpose: 'pelayanan-kesehatan',
    legalBasis: 'UU-36-2009',
    issue: null,
    representedParty: null,
    status: 200,
    errorType: null,
    startedAt: new Date(Date.UTC(2026, 2, 2, 2, 0, 0, i % 1000)),
    upstreamMs: 3.141593,
    totalMs: 4.5,
    requestBytes: 0,
    responseBytes: 1024,
    hashAlgorithm: 'SHA-512',
    requestHash: 'c3VtbWFyeS1vZi10aGUtcmVxdWVzdA==',
    responseHash: 'c3VtbWFyeS1vZi10aGUtcmVzcG9uc2U=',
    ...over,
  };
}

/** Runs `fn` in a transaction with triggers off, as a database superuser could. */
export function tamper(db: Kysely<DB>, fn: (tx: Kysely<DB>) => Promise<unknown>): Promise<void> {
  return db.transaction().execute(async (tx) => {
    await sql`SET LOCAL session_replication_role = replica`.execute(tx);
    await fn(tx);
  });
}
