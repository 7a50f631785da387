import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Type, { type Static } from 'typebox';
import type { Deps } from '../../platform/deps.ts';
import { ensure, platformPolicy } from '../../platform/auth/policy.ts';
import { parseForm } from '../../platform/http/validation.ts';
import { auditContext } from '../../platform/http/request-context.ts';
import { redirectWithFlash, sendPage } from '../../platform/html/render.tsx';
import { handleForm } from '../../platform/html/forms.ts';
import { emptyForm } from '../../platform/html/context.ts';
import { acceptUploads, readUploadForm, withUploads, type StoredFile } from '../../platform/files/index.ts';
import { ATTACHMENT_POLICY, fromStoredFile, MAX_ATTACHMENTS } from './attachments.ts';
import * as S from './schemas.ts';
import { presentStaffReport } from './present.ts';
import { reporterAudit, reportForStaff } from './use-cases/common.ts';
import { submitReport, type Intake, type ReportFields } from './use-cases/submit-report.ts';
import { postFollowUp } from './use-cases/post-follow-up.ts';
import { getStaffReport } from './use-cases/read-reports.ts';
import { NewReportPage, StaffNewReportPage } from './views/report-form.tsx';
import { emptyStaffForms, ReportParams } from './staff-routes.tsx';
import { StaffReportPage } from './views/staff-pages.tsx';
import { agencyOptions, categoryOptions, reportFormOptions, tierOptions } from './options.ts';

const FILES = { files: { attachments: ATTACHMENT_POLICY } };

function fieldsOf(body: Static<typeof S.NewReportBody>): ReportFields {
  return {
    type: body.type,
    title: body.title,
    description: body.description,
    categoryCode: body.categoryCode,
    katalogServiceId: body.katalogServiceId ?? null,
    katalogAppId: body.katalogAppId ?? null,
    regionCode: body.regionCode,
    districtCode: body.districtCode ?? null,
    lat: body.lat ?? null,
    lon: body.lon ?? null,
    address: body.address ?? null,
    anonim: body.anonim === true,
    rahasia: body.rahasia === true,
  };
}

const attachmentsOf = (files: Record<string, StoredFile[]>) => (files.attachments ?? []).map(fromStoredFile);

/**
 * The routes that take files: filing a report (portal and staff) and an agency's follow-up.
 * They live in their own plugin because multipart handling is registered per plugin.
 */
export function intakeRoutes(deps: Deps): FastifyPluginAsync {
  return async (fastify) => {
    await acceptUploads(fastify, { maxFileBytes: ATTACHMENT_POLICY.maxBytes, files: MAX_ATTACHMENTS + 1 });
    const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
    const followUrl = (trackingId: string, secret: string) => `${deps.config.baseUrl}/aduan/lacak/${trackingId}?k=${encodeURIComponent(secret)}`;

    // ---- The public form ----------------------------------------------------------------------
    app.get('/aduan/baru', { schema: { hide: true, querystring: Type.Object({ aplikasi: Type.Optional(Type.String({ maxLength: 100 })) }) } }, async (req, reply) => {
      const options = await reportFormOptions(deps.db, deps.config.province, { appKey: req.query.aplikasi });
      return sendPage(reply, (ctx) => <NewReportPage ctx={ctx} form={emptyForm({ type: 'pengaduan' })} options={options} />);
    });

    app.post('/aduan/baru', { schema: { hide: true } }, async (req, reply) => {
      const audit = reporterAudit(auditContext(req));
      const form = await readUploadForm(req, deps, audit, FILES);
      const appId = typeof form.fields.katalogAppId === 'string' ? form.fields.katalogAppId : undefined;
      const options = await reportFormOptions(deps.db, deps.config.province, { appId });
      return handleForm(
        reply,
        form.fields,
        'title',
        () =>
          withUploads(
            form,
            async (files) => {
              const body = parseForm(S.NewReportBody, form.fields);
              const result = await submitReport(deps, audit, { via: 'portal', account: req.actor }, fieldsOf(body), { name: body.name, email: body.email, phone: body.phone, locale: req.locale }, attachmentsOf(files));
              if (result.status === 'menunggu_konfirmasi') return redirectWithFlash(reply, `/aduan/terkirim?id=${result.trackingId}&konfirmasi=1`);
              return redirectWithFlash(reply, `/aduan/lacak/${result.trackingId}`, 'aduan.flash.submitted');
            },
            { check: () => parseForm(S.NewReportBody, form.fields) },
          ),
        (ctx, state) => <NewReportPage ctx={ctx} form={state} options={options} />,
      );
    });

    app.post(
      '/api/v1/aduan/reports',
      {
        schema: {
          tags: ['aduan'],
          summary: 'File a report (JSON, or multipart with up to 5 `attachments`). Without an account the reporter confirms by the mailed link.',
          security: [],
          body: S.NewReportBody,
          response: { 201: S.SubmittedOut },
        },
      },
      async (req, reply) => {
        const audit = reporterAudit(auditContext(req));
        const form = await readUploadForm(req, deps, audit, FILES);
        const result = await withUploads(form, async (files) => {
          const body = req.isMultipart() ? parseForm(S.NewReportBody, form.fields) : req.body;
          return submitReport(deps, audit, { via: 'portal', account: req.actor }, fieldsOf(body), { name: body.name, email: body.email, phone: body.phone, locale: req.locale }, attachmentsOf(files));
        });
        const signedIn = req.actor?.kind === 'user';
        return reply.status(201).send({ trackingId: result.trackingId, status: result.status, followUrl: signedIn ? followUrl(result.trackingId, result.secret) : null });
      },
    );

    // ---- Staff entry (phone, visit, letter…) --------------------------------------------------
    app.get('/aduan/kelola/baru', { schema: { hide: true } }, async (req, reply) => {
      ensure(req.actor, platformPolicy.aduanEnterReport(req.actor));
      const options = await reportFormOptions(deps.db, deps.config.province);
      return sendPage(reply, (ctx) => <StaffNewReportPage ctx={ctx} form={emptyForm({ type: 'pengaduan', channel: 'telepon' })} options={options} />);
    });

    async function enter(req: FastifyRequest, body: Static<typeof S.StaffReportBody>, files: Record<string, StoredFile[]>) {
      const intake: Intake = { via: 'staff', channel: body.channel };
      return submitReport(deps, auditContext(req), intake, fieldsOf(body), { name: body.name, email: body.email, phone: body.phone, locale: req.locale }, attachmentsOf(files));
    }

    app.post('/aduan/kelola/baru', { schema: { hide: true } }, async (req, reply) => {
      ensure(req.actor, platformPolicy.aduanEnterReport(req.actor));
      const form = await readUploadForm(req, deps, auditContext(req), FILES);
      const options = await reportFormOptions(deps.db, deps.config.province);
      return handleForm(
        reply,
        form.fields,
        'title',
        () =>
          withUploads(
            form,
            async (files) => {
              const result = await enter(req, parseForm(S.StaffReportBody, form.fields), files);
              return redirectWithFlash(reply, `/aduan/kelola/${result.reportId}`, 'aduan.flash.entered');
            },
            { check: () => parseForm(S.StaffReportBody, form.fields) },
          ),
        (ctx, state) => <StaffNewReportPage ctx={ctx} form={state} options={options} />,
      );
    });

    app.post(
      '/api/v1/aduan/staff-reports',
      { schema: { tags: ['aduan'], summary: 'Staff: enter a report received by phone, in person, by letter… (JSON or multipart)', body: S.StaffReportBody, response: { 201: S.StaffReportOut } } },
      async (req, reply) => {
        ensure(req.actor, platformPolicy.aduanEnterReport(req.actor));
        const form = await readUploadForm(req, deps, auditContext(req), FILES);
        const result = await withUploads(form, (files) => enter(req, req.isMultipart() ? parseForm(S.StaffReportBody, form.fields) : req.body, files));
        return reply.status(201).send(presentStaffReport(await getStaffReport(deps, req.actor, result.reportId), deps.clock.now()));
      },
    );

    // ---- The agency's follow-up -----------------------------------------------------------------
    app.post('/aduan/kelola/:reportId/tanggapan', { schema: { hide: true, params: ReportParams } }, async (req, reply) => {
      const reportId = req.params.reportId;
      // Who may answer is settled before any file is stored.
      await reportForStaff(deps.db, req.actor, reportId, 'handle');
      const form = await readUploadForm(req, deps, auditContext(req), FILES);
      // What the page needs if the follow-up is refused (nothing changes then).
      const d = await getStaffReport(deps, req.actor, reportId);
      const [categories, agencies, tiers] = await Promise.all([categoryOptions(deps.db), agencyOptions(deps.db), tierOptions(deps.db)]);
      return handleForm(
        reply,
        form.fields,
        'body',
        () =>
          withUploads(
            form,
            async (files) => {
              await postFollowUp(deps, auditContext(req), reportId, parseForm(S.FollowUpBody, form.fields), attachmentsOf(files));
              return redirectWithFlash(reply, `/aduan/kelola/${reportId}`, 'aduan.flash.followed_up');
            },
            { check: () => parseForm(S.FollowUpBody, form.fields) },
          ),
        (ctx, state) => <StaffReportPage ctx={ctx} d={d} forms={{ ...emptyStaffForms(), followUp: state }} options={{ categories, agencies, tiers }} now={deps.clock.now()} />,
      );
    });

    app.post(
      '/api/v1/aduan/reports/:reportId/follow-ups',
      { schema: { tags: ['aduan'], summary: "Agency: post the follow-up (JSON, or multipart with `attachments`); the reporter's closing period starts", params: ReportParams, body: S.FollowUpBody, response: { 201: S.StaffReportOut } } },
      async (req, reply) => {
        await reportForStaff(deps.db, req.actor, req.params.reportId, 'handle');
        const form = await readUploadForm(req, deps, auditContext(req), FILES);
        await withUploads(form, (files) => postFollowUp(deps, auditContext(req), req.params.reportId, req.isMultipart() ? parseForm(S.FollowUpBody, form.fields) : req.body, attachmentsOf(files)));
        return reply.status(201).send(presentStaffReport(await getStaffReport(deps, req.actor, req.params.reportId), deps.clock.now()));
      },
    );
  };
}
