import type { ExchangeRecord } from './contract.ts';

/**
 * How an exchange travels from the proxy thread to the evidence writer thread: a flat array of
 * its fields in a fixed order (cheaper to copy between threads than an object with named keys),
 * the start time as epoch milliseconds. Bodies, when a service keeps them, travel beside it.
 * The writer checks every field (prepareRecord), so nothing is validated twice.
 */
export type WireRecord = unknown[];

export function encodeRecord(r: ExchangeRecord): WireRecord {
  return [
    r.xroadId, r.requestId, r.client, r.service, r.clientSubsystemId, r.serviceDbId, r.consumerOpdId, r.providerOpdId, r.endpoint, r.method, r.path,
    r.userId, r.purpose, r.legalBasis, r.issue, r.representedParty, r.status, r.errorType,
    r.startedAt instanceof Date ? r.startedAt.getTime() : null,
    r.upstreamMs, r.totalMs, r.requestBytes, r.responseBytes, r.hashAlgorithm, r.requestHash, r.responseHash,
  ];
}

export function decodeRecord(a: WireRecord, bodies?: { request: Uint8Array | null; response: Uint8Array | null }): ExchangeRecord {
  const record = {
    xroadId: a[0], requestId: a[1], client: a[2], service: a[3], clientSubsystemId: a[4], serviceDbId: a[5], consumerOpdId: a[6], providerOpdId: a[7],
    endpoint: a[8], method: a[9], path: a[10], userId: a[11], purpose: a[12], legalBasis: a[13], issue: a[14], representedParty: a[15], status: a[16],
    errorType: a[17], startedAt: typeof a[18] === 'number' ? new Date(a[18]) : (a[18] as Date), upstreamMs: a[19], totalMs: a[20], requestBytes: a[21],
    responseBytes: a[22], hashAlgorithm: a[23], requestHash: a[24], responseHash: a[25],
  } as ExchangeRecord;
  if (bodies?.request) record.requestBody = asBuffer(bodies.request);
  if (bodies?.response) record.responseBody = asBuffer(bodies.response);
  return record;
}

/** A Buffer posted to another thread arrives as a plain Uint8Array. */
const asBuffer = (u: Uint8Array): Buffer => (Buffer.isBuffer(u) ? u : Buffer.from(u.buffer, u.byteOffset, u.byteLength));
