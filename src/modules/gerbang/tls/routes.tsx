import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { parseForm } from '../../../platform/http/validation.ts';
import { AppError } from '../../../platform/http/errors.ts';
import { auditContext } from '../../../platform/http/request-context.ts';
import { redirectWithFlash, sendPage } from '../../../platform/html/render.tsx';
import { emptyForm, type FormState } from '../../../platform/html/context.ts';
import type { GerbangSettings } from '../config.ts';
import { SubsystemParams } from '../control/schemas.ts';
import { loadSubsystem, subsystemIdOf, type GerbangDeps } from '../control/use-cases/visibility.ts';
import * as S from './schemas.ts';
import { issueClientCertificate, type IssueCertificateInput } from './use-cases/issue-client-certificate.ts';
import { revokeClientCertificate } from './use-cases/revoke-client-certificate.ts';
import { getClientCertificate, listClientCertificates } from './use-cases/list-client-certificates.ts';
import { getCaCertificate } from './use-cases/get-ca-certificate.ts';
import { CertificateIssuedPage, IssueCertificatePage } from './views/certificate-pages.tsx';
import './messages.ts';

const tags = ['gerbang'];

/** Where a client reaches the data plane over TLS, for the examples on screen. */
export function tlsBaseUrl(settings: GerbangSettings): string {
  const host = settings.tlsHosts[0] ?? 'localhost';
  return `https://${host.includes(':') ? `[${host}]` : host}:${settings.tlsPort ?? 'PORT'}`;
}

/**
 * Client certificates of subsystems (mutual TLS) and Padu's CA certificate: the issue form's own
 * page, the issue/revoke actions of the subsystem page, their API twins, and downloads.
 */
export function certificateRoutes(settings: GerbangSettings): FastifyPluginAsync {
  return async (fastify) => {
    const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
    const g: GerbangDeps = { ...app.padu.deps, settings };

    // ---- Padu's CA (public) ------------------------------------------------------------------
    app.get('/gerbang/ca.pem', { schema: { hide: true } }, async (_req, reply) => {
      const ca = await getCaCertificate(g);
      return reply.type('application/x-pem-file').header('content-disposition', 'attachment; filename="padu-gerbang-ca.pem"').send(ca.certificatePem);
    });
    app.get('/api/v1/gerbang/ca', { schema: { tags, summary: 'Padu’s gateway CA certificate (public): trust it for the TLS port; it signs subsystems’ client certificates', security: [], response: { 200: S.CaOut } } }, async () => {
      const ca = await getCaCertificate(g);
      return { id: ca.id, subject: ca.subject, notBefore: ca.notBefore.toISOString(), notAfter: ca.notAfter.toISOString(), certificate: ca.certificatePem };
    });

    // ---- Screens ---------------------------------------------------------------------------------
    async function renderForm(req: FastifyRequest, reply: FastifyReply, subsystemId: string, form: FormState = emptyForm(), status = 200) {
      const subsystem = await loadSubsystem(g, req.actor, subsystemId, 'manage');
      return sendPage(reply, (ctx) => <IssueCertificatePage ctx={ctx} settings={settings} subsystem={subsystem} form={form} />, status);
    }

    app.get('/gerbang/subsystems/:subsystemId/certificates/new', { schema: { hide: true, params: SubsystemParams } }, async (req, reply) => renderForm(req, reply, req.params.subsystemId));

    app.post('/gerbang/subsystems/:subsystemId/certificates', { schema: { hide: true, params: SubsystemParams } }, async (req, reply) => {
      const id = req.params.subsystemId;
      const body = { ...((req.body ?? {}) as Record<string, unknown>) };
      if (body.days === '') delete body.days;
      try {
        const input = parseForm(S.NewCertificateForm, body) as IssueCertificateInput;
        const issued = await issueClientCertificate(g, auditContext(req), id, input);
        // Not post/redirect/get: a private key Padu made exists only in this answer.
        reply.header('cache-control', 'no-store');
        return sendPage(
          reply,
          (ctx) => <CertificateIssuedPage ctx={ctx} settings={settings} subsystem={issued.subsystem} certificate={issued.certificate} privateKeyPem={issued.privateKeyPem} caPem={issued.caPem} tlsBase={tlsBaseUrl(settings)} />,
          201,
        );
      } catch (error) {
        if (!(error instanceof AppError) || !['validation', 'conflict', 'bad_request'].includes(error.code)) throw error;
        const errors = error.fields.length ? error.fields : [{ field: 'csr', messageKey: error.messageKey, params: error.options.params }];
        delete body._csrf;
        return renderForm(req, reply, id, { values: body, errors }, error.status);
      }
    });

    app.post('/gerbang/subsystems/:subsystemId/certificates/:certificateId/revoke', { schema: { hide: true, params: S.CertificateParams } }, async (req, reply) => {
      await revokeClientCertificate(g, auditContext(req), req.params.subsystemId, req.params.certificateId);
      return redirectWithFlash(reply, `/gerbang/subsystems/${req.params.subsystemId}#certificates`, 'tls.flash.revoked');
    });

    app.get('/gerbang/subsystems/:subsystemId/certificates/:certificateId/certificate.pem', { schema: { hide: true, params: S.CertificateParams } }, async (req, reply) => {
      const c = await getClientCertificate(g, req.actor, req.params.subsystemId, req.params.certificateId);
      return reply.type('application/x-pem-file').header('content-disposition', `attachment; filename="${c.serial.slice(0, 16)}.pem"`).send(c.certificate);
    });

    // ---- API -------------------------------------------------------------------------------------
    app.get(
      '/api/v1/gerbang/subsystems/:subsystemId/certificates',
      { schema: { tags, summary: 'A subsystem’s client certificates (mutual TLS), revoked and expired ones included', params: SubsystemParams, response: { 200: S.CertificateListOut } } },
      async (req) => {
        const result = await listClientCertificates(g, req.actor, req.params.subsystemId);
        return { client: subsystemIdOf(settings, result.subsystem), items: result.certificates.map(S.presentCertificate) };
      },
    );
    app.post(
      '/api/v1/gerbang/subsystems/:subsystemId/certificates',
      {
        schema: {
          tags,
          summary: 'Issue a client certificate for a subsystem from Padu’s CA (from a CSR or public key, or with a key pair Padu makes: its private key is in this answer only)',
          params: SubsystemParams,
          body: S.NewCertificateBody,
          response: { 201: S.IssuedCertificateOut },
        },
      },
      async (req, reply) => {
        const issued = await issueClientCertificate(g, auditContext(req), req.params.subsystemId, req.body);
        reply.header('cache-control', 'no-store');
        return reply.status(201).send({
          ...S.presentCertificate({ ...issued.certificate, status: 'active' }),
          certificate: issued.certificate.certificate,
          clientHeader: issued.identifier,
          privateKey: issued.privateKeyPem,
          caCertificate: issued.caPem,
        });
      },
    );
    app.get(
      '/api/v1/gerbang/subsystems/:subsystemId/certificates/:certificateId',
      { schema: { tags, summary: 'One client certificate of a subsystem, with its PEM', params: S.CertificateParams, response: { 200: S.CertificateDetailOut } } },
      async (req) => {
        const c = await getClientCertificate(g, req.actor, req.params.subsystemId, req.params.certificateId);
        return { ...S.presentCertificate(c), certificate: c.certificate };
      },
    );
    app.delete(
      '/api/v1/gerbang/subsystems/:subsystemId/certificates/:certificateId',
      { schema: { tags, summary: 'Revoke a client certificate (idempotent); the gateway refuses it from the next call', params: S.CertificateParams, response: { 200: S.CertificateOut } } },
      async (req) => {
        const c = await revokeClientCertificate(g, auditContext(req), req.params.subsystemId, req.params.certificateId);
        return S.presentCertificate({ ...c, status: 'revoked' });
      },
    );
  };
}
