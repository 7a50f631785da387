import Type from 'typebox';
import { StringEnum, Uuid } from '../../../platform/http/validation.ts';
import type { ClientCertRow } from './repo.ts';
import type { CertificateStatus } from './use-cases/list-client-certificates.ts';
import { KEY_SOURCES } from './db.ts';
import { MAX_CERT_DAYS } from './use-cases/issue-client-certificate.ts';

export const CertificateParams = Type.Object({ subsystemId: Uuid(), certificateId: Uuid() });

export const NewCertificateBody = Type.Object({
  csr: Type.Optional(Type.String({ maxLength: 20_000, description: 'A PKCS #10 certificate signing request or a public key (SubjectPublicKeyInfo), PEM. Without it Padu makes an ECDSA P-256 key pair and returns the private key once.' })),
  days: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_CERT_DAYS, description: 'Validity in days (default PADU_GERBANG_CERT_DAYS, 365)' })),
});
/** The HTML form: flat strings, an empty number field means the default. */
export const NewCertificateForm = Type.Object({
  csr: Type.Optional(Type.String({ maxLength: 20_000 })),
  days: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_CERT_DAYS })),
});

export const CertificateOut = Type.Object({
  id: Type.String(),
  subject: Type.String({ description: 'CN = the subsystem identifier' }),
  serial: Type.String({ description: 'Hex' }),
  fingerprint: Type.String({ description: 'SHA-256 of the DER, hex' }),
  keySource: StringEnum(KEY_SOURCES),
  keyAlgorithm: Type.String(),
  notBefore: Type.String({ format: 'date-time' }),
  notAfter: Type.String({ format: 'date-time' }),
  createdAt: Type.String({ format: 'date-time' }),
  revokedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  status: StringEnum(['active', 'revoked', 'expired'] as const),
});
export const CertificateDetailOut = Type.Object({ ...CertificateOut.properties, certificate: Type.String({ description: 'PEM' }) });
export const CertificateListOut = Type.Object({ client: Type.String(), items: Type.Array(CertificateOut) });
export const IssuedCertificateOut = Type.Object({
  ...CertificateDetailOut.properties,
  clientHeader: Type.String({ description: 'The X-Road-Client value to send with it' }),
  privateKey: Type.Union([Type.String({ description: 'PKCS #8 PEM, only when Padu made the key; shown only in this answer' }), Type.Null()]),
  caCertificate: Type.String({ description: 'Padu’s CA certificate, PEM' }),
});
export const CaOut = Type.Object({
  id: Type.String({ description: 'SHA-256 of the DER, hex' }),
  subject: Type.String(),
  notBefore: Type.String({ format: 'date-time' }),
  notAfter: Type.String({ format: 'date-time' }),
  certificate: Type.String({ description: 'PEM' }),
});

const iso = (d: Date | string) => new Date(d).toISOString();

export function presentCertificate(c: ClientCertRow & { status: CertificateStatus }) {
  return {
    id: c.id,
    subject: c.subject,
    serial: c.serial,
    fingerprint: c.fingerprint,
    keySource: c.key_source,
    keyAlgorithm: c.key_algorithm,
    notBefore: iso(c.not_before),
    notAfter: iso(c.not_after),
    createdAt: iso(c.created_at),
    revokedAt: c.revoked_at ? iso(c.revoked_at) : null,
    status: c.status,
  };
}
