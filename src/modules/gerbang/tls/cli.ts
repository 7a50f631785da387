import fs from 'node:fs';
import path from 'node:path';
import type { CliContext, ModuleCliCommand } from '../../../platform/http/app.tsx';
import type { GerbangDeps } from '../control/use-cases/visibility.ts';
import { issueClientCertificate } from './use-cases/issue-client-certificate.ts';
import { listClientCertificates } from './use-cases/list-client-certificates.ts';
import { revokeClientCertificate } from './use-cases/revoke-client-certificate.ts';
import { getCaCertificate } from './use-cases/get-ca-certificate.ts';
import type { Actor } from '../../../platform/auth/actor.ts';
import './messages.ts';

/**
 * `padu gerbang cert issue|list|revoke` and `padu gerbang ca`: subsystems' client certificates
 * from scripts, through the same use cases (and policy, and audit) as the screens.
 */
export interface CertCliHelpers {
  withGerbang<T>(ctx: CliContext, fn: (deps: GerbangDeps) => Promise<T>): Promise<T>;
  actor(deps: GerbangDeps, email: unknown): Promise<Actor>;
  parse(args: string[], options: Record<string, { type: 'string' | 'boolean' }>): { values: Record<string, string | boolean | undefined>; positionals: string[] };
  usage(message: string): Error;
}

const certHelp = [
  'Usage:',
  '  padu gerbang cert issue SUBSYSTEM-ID [--csr FILE] [--days N] [--out DIR] --as EMAIL',
  '  padu gerbang cert list SUBSYSTEM-ID --as EMAIL [--json]',
  '  padu gerbang cert revoke SUBSYSTEM-ID CERTIFICATE-ID --as EMAIL',
  '',
  'Client certificates for mutual TLS on the gateway’s TLS port (PADU_GERBANG_TLS_PORT), issued by',
  'Padu’s CA with CN = the subsystem identifier. issue takes a PKCS #10 request or a public key',
  '(PEM) with --csr; without it Padu makes an ECDSA P-256 key. With --out DIR the certificate,',
  'the private key (when made here) and the CA certificate are written to DIR (client.crt,',
  'client.key, padu-ca.pem); otherwise they are printed as JSON.',
].join('\n');
const caHelp = 'Usage: padu gerbang ca [--json]\n\nPrints Padu’s gateway CA certificate (PEM), creating the CA on first use.';

export function certCommands(h: CertCliHelpers): Record<string, ModuleCliCommand> {
  return {
    cert: {
      summary: 'Issue, list or revoke subsystems’ client certificates (mutual TLS)',
      help: certHelp,
      run: async (args, ctx) => {
        const [sub, ...rest] = args;
        const { values, positionals } = h.parse(rest, { csr: { type: 'string' }, days: { type: 'string' }, out: { type: 'string' } });
        return h.withGerbang(ctx, async (deps) => {
          const audit = { actor: await h.actor(deps, values.as), system: `cli:gerbang cert ${sub}` };
          const [subsystemId, certificateId] = positionals;
          if (!subsystemId) throw h.usage('SUBSYSTEM-ID is required');
          if (sub === 'issue') {
            const days = values.days === undefined ? undefined : Number(values.days);
            const csr = typeof values.csr === 'string' ? fs.readFileSync(values.csr, 'utf8') : undefined;
            const issued = await issueClientCertificate(deps, audit, subsystemId, { csr, days });
            const c = issued.certificate;
            const summary = { id: c.id, clientHeader: issued.identifier, serial: c.serial, fingerprint: c.fingerprint, notAfter: new Date(c.not_after).toISOString(), keySource: c.key_source };
            if (typeof values.out === 'string') {
              fs.mkdirSync(values.out, { recursive: true });
              fs.writeFileSync(path.join(values.out, 'client.crt'), c.certificate);
              if (issued.privateKeyPem) fs.writeFileSync(path.join(values.out, 'client.key'), issued.privateKeyPem, { mode: 0o600 });
              fs.writeFileSync(path.join(values.out, 'padu-ca.pem'), issued.caPem);
              ctx.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
            } else {
              ctx.stdout.write(`${JSON.stringify({ ...summary, certificate: c.certificate, privateKey: issued.privateKeyPem, caCertificate: issued.caPem }, null, 2)}\n`);
            }
            return 0;
          }
          if (sub === 'list') {
            const { certificates } = await listClientCertificates(deps, audit.actor, subsystemId);
            if (values.json) {
              ctx.stdout.write(`${JSON.stringify(certificates.map((c) => ({ id: c.id, serial: c.serial, fingerprint: c.fingerprint, status: c.status, notAfter: new Date(c.not_after).toISOString() })), null, 2)}\n`);
            } else {
              for (const c of certificates) ctx.stdout.write(`${c.id}\t${c.status}\t${new Date(c.not_after).toISOString()}\t${c.serial}\t${c.key_algorithm}\n`);
            }
            return 0;
          }
          if (sub === 'revoke') {
            if (!certificateId) throw h.usage('CERTIFICATE-ID is required');
            const c = await revokeClientCertificate(deps, audit, subsystemId, certificateId);
            ctx.stdout.write(`revoked ${c.id} (${c.serial})\n`);
            return 0;
          }
          throw h.usage(`unknown subcommand "${sub ?? ''}"`);
        });
      },
    },
    ca: {
      summary: 'Print Padu’s gateway CA certificate (PEM)',
      help: caHelp,
      run: async (args, ctx) => {
        const { values } = h.parse(args, {});
        return h.withGerbang(ctx, async (deps) => {
          const ca = await getCaCertificate(deps);
          ctx.stdout.write(values.json ? `${JSON.stringify({ ...ca, notBefore: ca.notBefore.toISOString(), notAfter: ca.notAfter.toISOString() }, null, 2)}\n` : ca.certificatePem);
          return 0;
        });
      },
    },
  };
}
