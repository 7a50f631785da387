import fs from 'node:fs';
import https from 'node:https';
import { generateKeyPairSync } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyInstance } from 'fastify';
import type { Deps } from '../../../platform/deps.ts';
import type { GerbangSettings } from '../config.ts';
import { ensureCa, type PaduCa } from './ca.ts';
import type { CertificateAuthenticator } from './authenticate.ts';
import { buildCertificate, certificatePem, randomSerial } from './x509.ts';

/**
 * The data plane's https listener (PADU_GERBANG_TLS_PORT). It asks every client for a
 * certificate (requestCert) but does not reject a handshake without one or with a foreign one
 * (rejectUnauthorized: false): a token-only client still works over TLS, and a refused
 * certificate gets an X-Road error the client can read instead of a broken handshake. Every
 * request goes to the same gateway as /r1/ on the web port.
 */
const listeners = new WeakMap<object, https.Server>();
const SERVER_CERT_DAYS = 90;
const RENEW_EVERY_MS = 24 * 60 * 60 * 1000;

/** Where the TLS listener of this app listens (tests start it on port 0). */
export function tlsAddress(app: FastifyInstance): AddressInfo | null {
  const address = listeners.get(app.server)?.address();
  return address && typeof address === 'object' ? address : null;
}

/** A server certificate for the configured host names and addresses, from Padu's CA (kept in memory only). */
export function issueServerCertificate(ca: PaduCa, hosts: string[], now: Date): { cert: string; key: string; notAfter: Date } {
  const pair = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const notAfter = new Date(Math.min(now.getTime() + SERVER_CERT_DAYS * 86_400_000, ca.notAfter.getTime()));
  const der = buildCertificate({
    profile: 'server',
    serial: randomSerial(),
    issuer: ca.name,
    subject: { commonName: hosts[0] ?? 'localhost', organization: 'Padu' },
    notBefore: new Date(now.getTime() - 60 * 60 * 1000),
    notAfter,
    subjectKey: pair.publicKey,
    issuerPublicKey: ca.publicKey,
    issuerPrivateKey: ca.privateKey,
    altNames: hosts,
  });
  return { cert: certificatePem(der), key: pair.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), notAfter };
}

export async function startTlsListener(
  app: FastifyInstance,
  options: { deps: Pick<Deps, 'db' | 'clock' | 'config' | 'logger'>; settings: GerbangSettings; authenticator: CertificateAuthenticator; handle: (req: IncomingMessage, res: ServerResponse) => void; host: string },
): Promise<https.Server> {
  const { deps, settings } = options;
  const ca = await ensureCa({ ...deps, settings });
  options.authenticator.trust([ca.certificate]);
  const own = settings.tlsCertFile !== null || settings.tlsKeyFile !== null;
  if (own && (!settings.tlsCertFile || !settings.tlsKeyFile)) throw new Error('PADU_GERBANG_TLS_CERT and PADU_GERBANG_TLS_KEY go together');
  const credentials = () => (own ? { cert: fs.readFileSync(settings.tlsCertFile!, 'utf8'), key: fs.readFileSync(settings.tlsKeyFile!, 'utf8') } : issueServerCertificate(ca, settings.tlsHosts, new Date()));
  let current = credentials();
  const server = https.createServer({ cert: current.cert, key: current.key, ca: [ca.certificatePem], requestCert: true, rejectUnauthorized: false, minVersion: 'TLSv1.2' }, options.handle);
  // Padu's own server certificate is short-lived and renewed in place; given files are re-read.
  // Its dates follow the wall clock, not deps.clock: TLS clients judge it by theirs.
  const renew = setInterval(() => {
    try {
      if (own || !('notAfter' in current) || (current as { notAfter: Date }).notAfter.getTime() - Date.now() < 30 * 86_400_000) {
        current = credentials();
        server.setSecureContext({ cert: current.cert, key: current.key, ca: [ca.certificatePem] });
      }
    } catch (error) {
      deps.logger.error({ err: error }, 'gerbang: renewing the TLS server certificate failed');
    }
  }, RENEW_EVERY_MS);
  renew.unref();
  server.on('close', () => clearInterval(renew));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(settings.tlsPort ?? 0, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  listeners.set(app.server, server);
  const address = server.address() as AddressInfo;
  deps.logger.info({ port: address.port, host: address.address }, `gerbang: data plane over TLS on port ${address.port} (client certificates from Padu’s CA accepted)`);
  return server;
}

export async function stopTlsListener(server: https.Server): Promise<void> {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
}
