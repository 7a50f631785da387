import dns from 'node:dns/promises';
import net from 'node:net';
import tls from 'node:tls';
import http from 'node:http';
import https from 'node:https';
import type { ErrorCategory } from '../errors.ts';

/**
 * Checks one upstream the way a call reaches it, step by step, so a failure reads as the layer
 * that broke: name resolution (DNS), the TCP connection, the TLS handshake and certificate
 * (https only), and a health call (GET of the service's health path, or its base URL).
 * Network trouble is `network`; a bad certificate or a failing answer is the `provider`'s.
 */
export interface DiagnosticCheck {
  name: 'dns' | 'tcp' | 'tls' | 'health';
  ok: boolean | null;
  ms: number | null;
  detail: string;
  category: ErrorCategory | null;
}

const elapsed = (start: number) => Math.round((performance.now() - start) * 10) / 10;

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([promise, new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms`)), ms)))]).finally(() => clearTimeout(timer));
}

export async function checkUpstream(upstreamUrl: string, healthPath: string | null, timeoutMs = 3000): Promise<DiagnosticCheck[]> {
  const url = new URL(upstreamUrl);
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  const port = Number(url.port || (url.protocol === 'https:' ? 443 : 80));
  const checks: DiagnosticCheck[] = [];

  let address = host;
  if (net.isIP(host)) {
    checks.push({ name: 'dns', ok: null, ms: null, detail: 'IP address, no lookup needed', category: null });
  } else {
    const start = performance.now();
    try {
      const found = await withTimeout(dns.lookup(host, { all: true }), timeoutMs, 'DNS');
      address = found[0]!.address;
      checks.push({ name: 'dns', ok: true, ms: elapsed(start), detail: found.map((a) => a.address).join(', '), category: null });
    } catch (error) {
      checks.push({ name: 'dns', ok: false, ms: elapsed(start), detail: (error as NodeJS.ErrnoException).code ?? (error as Error).message, category: 'network' });
      return checks;
    }
  }

  const tcpStart = performance.now();
  try {
    await withTimeout(
      new Promise<void>((resolve, reject) => {
        const socket = net.connect({ host: address, port });
        socket.once('connect', () => {
          socket.destroy();
          resolve();
        });
        socket.once('error', reject);
      }),
      timeoutMs,
      'TCP',
    );
    checks.push({ name: 'tcp', ok: true, ms: elapsed(tcpStart), detail: `${address}:${port}`, category: null });
  } catch (error) {
    checks.push({ name: 'tcp', ok: false, ms: elapsed(tcpStart), detail: `${address}:${port} ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`, category: 'network' });
    return checks;
  }

  if (url.protocol === 'https:') {
    const tlsStart = performance.now();
    try {
      const detail = await withTimeout(
        new Promise<string>((resolve, reject) => {
          const socket = tls.connect({ host: address, port, servername: net.isIP(host) ? undefined : host }, () => {
            const cert = socket.getPeerCertificate();
            const days = Math.floor((new Date(cert.valid_to).getTime() - Date.now()) / 86_400_000);
            socket.destroy();
            resolve(`${socket.getProtocol() ?? 'TLS'}; certificate for ${cert.subject?.CN ?? host}, valid ${days} more days`);
          });
          socket.once('error', reject);
        }),
        timeoutMs,
        'TLS',
      );
      checks.push({ name: 'tls', ok: true, ms: elapsed(tlsStart), detail, category: null });
    } catch (error) {
      checks.push({ name: 'tls', ok: false, ms: elapsed(tlsStart), detail: (error as NodeJS.ErrnoException).code ?? (error as Error).message, category: 'provider' });
      return checks;
    }
  } else {
    checks.push({ name: 'tls', ok: null, ms: null, detail: 'plain HTTP', category: null });
  }

  const healthUrl = new URL(url);
  if (healthPath) healthUrl.pathname = (url.pathname.endsWith('/') ? url.pathname.slice(0, -1) : url.pathname) + healthPath;
  const healthStart = performance.now();
  try {
    const status = await withTimeout(
      new Promise<number>((resolve, reject) => {
        const req = (healthUrl.protocol === 'https:' ? https : http).get(healthUrl, { headers: { accept: 'application/json, */*' } }, (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        });
        req.once('error', reject);
      }),
      timeoutMs,
      'health call',
    );
    const ok = status < 400;
    checks.push({ name: 'health', ok, ms: elapsed(healthStart), detail: `GET ${healthUrl.pathname} → ${status}`, category: ok ? null : 'provider' });
  } catch (error) {
    checks.push({ name: 'health', ok: false, ms: elapsed(healthStart), detail: (error as NodeJS.ErrnoException).code ?? (error as Error).message, category: 'network' });
  }
  return checks;
}
