import { createHash, type X509Certificate } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { TLSSocket } from 'node:tls';
import { GatewayError } from '../errors.ts';
import type { Snapshot } from '../proxy/snapshot.ts';

/**
 * Client-certificate authentication on the data plane's TLS port. The listener asks for a
 * certificate but lets the handshake finish without one (a token-only client still works over
 * TLS), so the decision is made here, per request: the certificate must be signed by Padu's CA,
 * be one Padu recorded (found by its SHA-256 fingerprint in the in-memory snapshot, which
 * reloads on every issue and revocation), not be revoked, and be within its validity by Padu's
 * clock. Which subsystem it belongs to comes from that record, never from the certificate's text.
 */
export interface CertificateEntry {
  id: string;
  subsystemId: string;
  notBefore: number;
  notAfter: number;
  revokedAt: number | null;
}

export interface CertificateCaller {
  subsystemId: string;
  certificateId: string;
}

export interface CertificateAuthenticator {
  /** The CA certificates whose client certificates are accepted (set when the TLS listener starts). */
  trust(cas: X509Certificate[]): void;
  /**
   * The caller a request's client certificate proves, or null when it presented none (plain
   * HTTP, or TLS without a certificate). Throws Client.AuthenticationFailed for a certificate
   * that is not acceptable.
   */
  authenticate(req: IncomingMessage, snapshot: Snapshot, now: number): CertificateCaller | null;
}

interface Peer {
  fingerprint: string;
  fromPaduCa: boolean;
}

const refuse = (detail: string) => new GatewayError('Client.AuthenticationFailed', detail);

export function createCertificateAuthenticator(): CertificateAuthenticator {
  let cas: X509Certificate[] = [];
  // The chain check (a signature verification) runs once per connection, not per request.
  const peers = new WeakMap<TLSSocket, Peer | null>();

  function peerOf(socket: TLSSocket): Peer | null {
    if (peers.has(socket)) return peers.get(socket)!;
    const certificate = socket.getPeerX509Certificate();
    const peer = certificate
      ? { fingerprint: createHash('sha256').update(certificate.raw).digest('hex'), fromPaduCa: cas.some((ca) => certificate.checkIssued(ca) && certificate.verify(ca.publicKey)) }
      : null;
    peers.set(socket, peer);
    return peer;
  }

  return {
    trust(list) {
      cas = list;
    },
    authenticate(req, snapshot, now) {
      const socket = req.socket as TLSSocket;
      if (!socket.encrypted || typeof socket.getPeerX509Certificate !== 'function') return null;
      const peer = peerOf(socket);
      if (!peer) return null;
      if (!peer.fromPaduCa) throw refuse('the client certificate was not issued by Padu’s gateway CA');
      const entry = snapshot.certificates.get(peer.fingerprint);
      if (!entry) throw refuse('the client certificate is not registered with the gateway');
      if (entry.revokedAt !== null) throw refuse(`the client certificate was revoked on ${new Date(entry.revokedAt).toISOString()}`);
      if (now >= entry.notAfter) throw refuse(`the client certificate expired on ${new Date(entry.notAfter).toISOString()}`);
      if (now < entry.notBefore) throw refuse(`the client certificate is valid only from ${new Date(entry.notBefore).toISOString()}`);
      return { subsystemId: entry.subsystemId, certificateId: entry.id };
    },
  };
}
