import Type from 'typebox';
import { StringEnum } from '../../../platform/http/validation.ts';
import { MAX_API_PAGE_SIZE, type EvidenceEntry } from './use-cases/search-evidence.ts';
import type { EvidenceDetail } from './use-cases/get-evidence.ts';

const Filters = {
  service: Type.Optional(Type.String({ maxLength: 300, description: 'Service id (`JATIM/GOV/dinkes/simrs/pasien`) or its leading parts (`JATIM/GOV/dinkes`)' })),
  client: Type.Optional(Type.String({ maxLength: 300, description: 'Client subsystem id or its leading parts' })),
  status: Type.Optional(Type.String({ maxLength: 5, description: '`2xx`, `4xx`, `5xx`, an exact code such as `404`, or `error` (errors made by the gateway)' })),
  from: Type.Optional(Type.String({ format: 'date', description: 'First day (YYYY-MM-DD), in the configured time zone' })),
  to: Type.Optional(Type.String({ format: 'date', description: 'Last day, inclusive (YYYY-MM-DD)' })),
  xroadId: Type.Optional(Type.String({ maxLength: 200, description: 'X-Road-Id of the exchange' })),
  userId: Type.Optional(Type.String({ maxLength: 200, description: 'Exact X-Road-UserId (matched through a keyed hash; never stored in clear)' })),
  before: Type.Optional(Type.String({ pattern: '^[0-9]{1,18}$', description: 'Cursor: only exchanges older than this id (`nextBefore` of the previous page)' })),
};

export const EvidencePageQuery = Type.Object(Filters);
export const EvidenceQuery = Type.Object({
  ...Filters,
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_API_PAGE_SIZE, description: 'Page size, 50 by default' })),
});
export const RecordParams = Type.Object({ recordId: Type.String({ pattern: '^[0-9]{1,18}$' }) });

const Nullable = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([t, Type.Null()]);
const NullableNumber = Type.Union([Type.Number(), Type.Null()]);

// Response schemas: the presenters.
export const EvidenceEntryOut = Type.Object({
  id: Type.String({ description: 'Increasing id; also the pagination cursor' }),
  xroadId: Type.String(),
  requestId: Type.String(),
  client: Type.String(),
  service: Type.String(),
  endpoint: Nullable(Type.String()),
  method: Type.String(),
  status: Type.Integer(),
  errorType: Nullable(Type.String({ description: 'X-Road-Error type when the gateway made the error' })),
  startedAt: Type.String({ format: 'date-time' }),
  upstreamMs: NullableNumber,
  totalMs: Type.Number(),
  requestBytes: Type.Integer(),
  responseBytes: Type.Integer(),
  purpose: Nullable(Type.String()),
  legalBasis: Nullable(Type.String()),
  issue: Nullable(Type.String()),
  providerOpdId: Nullable(Type.String()),
  consumerOpdId: Nullable(Type.String()),
  hashAlgorithm: Type.String(),
  requestHash: Type.String(),
  responseHash: Type.String(),
  nodeId: Type.String({ description: 'The writer (Padu process) whose hash chain holds the record' }),
  seq: Type.Integer({ description: 'Position in that chain' }),
  leafHash: Type.String({ description: 'SHA-256(0x00 || canonical JSON of the record), hex' }),
  body: StringEnum(['none', 'kept', 'purged'] as const, { description: 'Whether full bodies are kept (encrypted), were purged after retention, or were never kept' }),
});
export const EvidencePageOut = Type.Object({
  items: Type.Array(EvidenceEntryOut),
  nextBefore: Nullable(Type.String({ description: 'Pass as `before` for the next (older) page; null on the last page' })),
});
export const EvidenceDetailOut = Type.Object({
  ...EvidenceEntryOut.properties,
  path: Nullable(Type.String({ description: 'Path and query as forwarded (stored encrypted)' })),
  userId: Nullable(Type.String({ description: 'X-Road-UserId (stored encrypted)' })),
  representedParty: Nullable(Type.String({ description: 'X-Road-Represented-Party (stored encrypted)' })),
  prevHash: Type.String(),
  seal: Type.Union([Type.Object({ seq: Type.Integer(), sealedAt: Type.String({ format: 'date-time' }), timeStamped: Type.Boolean() }), Type.Null()]),
});

const Hex = Type.String({ pattern: '^[0-9a-f]{64}$' });
export const ProofOut = Type.Object(
  {
    format: Type.Literal('padu-evidence-proof/1'),
    recordId: Type.String(),
    record: Type.Record(Type.String(), Type.Unknown(), { description: 'The hashed fields; SHA-256(0x00 || canonical JSON) is leafHash' }),
    leafHash: Hex,
    disclosed: Type.Union([
      Type.Record(Type.String(), Type.Object({ value: Type.String(), salt: Type.String() }), { description: 'Opened commitments: SHA-256("padu-evidence-commit\\0" + salt + "\\0" + value) equals record[field]' }),
      Type.Null(),
    ]),
    inclusion: Type.Object({ leafIndex: Type.Integer(), treeSize: Type.Integer(), auditPath: Type.Array(Hex) }),
    seal: Type.Object({ seq: Type.Integer(), body: Type.String({ description: 'The signed canonical JSON' }), signature: Type.String({ description: 'Ed25519, base64' }), sealHash: Hex }),
    publicKey: Type.Object({ keyId: Type.String(), algorithm: Type.Literal('Ed25519'), spki: Type.String({ description: 'SubjectPublicKeyInfo DER, base64' }), pem: Type.String() }),
    timeStamp: Type.Union([Type.Object({ tsaUrl: Type.String(), token: Type.String({ description: 'RFC 3161 TimeStampToken, DER, base64' }), genTime: Nullable(Type.String()) }), Type.Null()]),
  },
  { description: 'Checkable offline: see docs/evidence.md and scripts/verify-evidence-proof.mjs' },
);
export const PublicKeysOut = Type.Object({
  items: Type.Array(
    Type.Object({
      keyId: Type.String({ description: 'First 32 hex digits of SHA-256 over the SPKI DER' }),
      algorithm: Type.String(),
      spki: Type.String({ description: 'SubjectPublicKeyInfo DER, base64' }),
      pem: Type.String(),
      createdAt: Type.String({ format: 'date-time' }),
      retiredAt: Nullable(Type.String({ format: 'date-time' })),
    }),
  ),
});

export function presentEntry(e: EvidenceEntry) {
  return {
    id: e.id,
    xroadId: e.xroadId,
    requestId: e.requestId,
    client: e.client,
    service: e.service,
    endpoint: e.endpoint,
    method: e.method,
    status: e.status,
    errorType: e.errorType,
    startedAt: e.startedAt.toISOString(),
    upstreamMs: e.upstreamMs,
    totalMs: e.totalMs,
    requestBytes: e.requestBytes,
    responseBytes: e.responseBytes,
    purpose: e.purpose,
    legalBasis: e.legalBasis,
    issue: e.issue,
    providerOpdId: e.providerOpdId,
    consumerOpdId: e.consumerOpdId,
    hashAlgorithm: e.hashAlgorithm,
    requestHash: e.requestHash,
    responseHash: e.responseHash,
    nodeId: e.nodeId,
    seq: e.seq,
    leafHash: e.leafHash,
    body: e.body,
  };
}

export function presentDetail(d: EvidenceDetail) {
  return {
    ...presentEntry(d),
    path: d.path,
    userId: d.userId,
    representedParty: d.representedParty,
    prevHash: d.prevHash,
    seal: d.seal ? { seq: d.seal.seq, sealedAt: d.seal.sealedAt.toISOString(), timeStamped: d.seal.timeStamped } : null,
  };
}
