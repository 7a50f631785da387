import { ensureCa, type CaDeps } from '../ca.ts';

/** Padu's CA certificate (public): clients trust it for the gateway's TLS port, agencies see what signs their certificates. */
export async function getCaCertificate(deps: CaDeps) {
  const ca = await ensureCa(deps);
  return { id: ca.id, certificatePem: ca.certificatePem, subject: ca.certificate.subject.replace(/\n/g, ', '), notBefore: ca.notBefore, notAfter: ca.notAfter };
}
