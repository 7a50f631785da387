import { recordAudit, type AuditContext } from '../../../../platform/audit/record-audit.ts';
import { AppError, validationError } from '../../../../platform/http/errors.ts';
import { bumpGerbangVersion, gerbangChanged } from '../../changes.ts';
import { loadSubsystem, subsystemIdOf, type GerbangDeps } from '../../control/use-cases/visibility.ts';
import { ensureCa } from '../ca.ts';
import { insertClientCert } from '../repo.ts';
import { CertificateInputError, buildCertificate, certificatePem, describeKey, fingerprintOf, generateClientKey, publicKeyFromRequest, randomSerial } from '../x509.ts';
import type { KeySource } from '../db.ts';
import '../messages.ts';

export interface IssueCertificateInput {
  /** A PKCS #10 request or a public key, PEM; without it Padu makes the key pair. */
  csr?: string;
  /** Validity in days (default: the configured one, 365). */
  days?: number;
}

export const MAX_CERT_DAYS = 1095;

/**
 * Issues a client certificate for a subsystem from Padu's CA: subject CN = the subsystem's
 * identifier, extended key usage clientAuth. The key comes from the agency's CSR (its signature
 * checked) or public key, or Padu generates it and returns the private key this once.
 */
export async function issueClientCertificate(deps: GerbangDeps, audit: AuditContext, subsystemId: string, input: IssueCertificateInput) {
  const subsystem = await loadSubsystem(deps, audit.actor, subsystemId, 'manage');
  if (!subsystem.active) throw new AppError('conflict', 'gerbang.subsystem_inactive');
  const days = input.days ?? deps.settings.certDays;
  if (!Number.isInteger(days) || days < 1 || days > MAX_CERT_DAYS) throw validationError([{ field: 'days', messageKey: 'tls.days_invalid', params: { max: MAX_CERT_DAYS } }]);

  let source: KeySource;
  let publicKey;
  let privateKeyPem: string | null = null;
  const request = input.csr?.trim();
  try {
    if (request) ({ key: publicKey, source } = publicKeyFromRequest(request));
    else {
      const generated = generateClientKey();
      publicKey = generated.publicKey;
      privateKeyPem = generated.privateKeyPem;
      source = 'generated';
    }
  } catch (error) {
    if (error instanceof CertificateInputError) throw validationError([{ field: 'csr', messageKey: `tls.${error.reason}` }]);
    throw error;
  }

  const ca = await ensureCa(deps);
  const now = deps.clock.now();
  const identifier = subsystemIdOf(deps.settings, subsystem);
  // A little slack before now: the caller's clock may run behind ours.
  const notBefore = new Date(Math.floor(now.getTime() / 1000) * 1000 - 5 * 60 * 1000);
  const notAfter = new Date(Math.floor(now.getTime() / 1000) * 1000 + days * 24 * 60 * 60 * 1000);
  const serial = randomSerial();
  const certificateDer = buildCertificate({
    profile: 'client',
    serial,
    issuer: ca.name,
    subject: { commonName: identifier, organization: identifier.split('/').slice(0, 3).join('/') },
    notBefore,
    notAfter: notAfter > ca.notAfter ? ca.notAfter : notAfter,
    subjectKey: publicKey,
    issuerPublicKey: ca.publicKey,
    issuerPrivateKey: ca.privateKey,
    altNames: [`urn:padu:gerbang:${identifier.split('/').map(encodeURIComponent).join(':')}`],
  });
  const pem = certificatePem(certificateDer);
  const row = {
    id: deps.ids.uuid(),
    subsystem_id: subsystem.id,
    ca_id: ca.id,
    serial: serial.toString('hex'),
    fingerprint: fingerprintOf(certificateDer),
    subject: `CN=${identifier}`,
    certificate: pem,
    key_source: source,
    key_algorithm: describeKey(publicKey),
    not_before: notBefore,
    not_after: notAfter > ca.notAfter ? ca.notAfter : notAfter,
    issued_by: audit.actor?.kind === 'user' ? audit.actor.userId : null,
    created_at: now,
    revoked_at: null,
    revoked_by: null,
  };
  await deps.db.transaction().execute(async (tx) => {
    await insertClientCert(tx, row);
    await bumpGerbangVersion(tx);
    await recordAudit(tx, deps.clock, audit, {
      action: 'gerbang.certificate_issued',
      targetType: 'gerbang_subsystem',
      targetId: subsystem.id,
      opdId: subsystem.opd_id,
      after: { certificateId: row.id, serial: row.serial, fingerprint: row.fingerprint, notAfter: row.not_after, keySource: source, keyAlgorithm: row.key_algorithm },
    });
  });
  gerbangChanged();
  return { subsystem, identifier, certificate: row, privateKeyPem, caPem: ca.certificatePem };
}
