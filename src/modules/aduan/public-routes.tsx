import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { AppError } from '../../platform/http/errors.ts';
import { parseForm } from '../../platform/http/validation.ts';
import { auditContext } from '../../platform/http/request-context.ts';
import { redirectWithFlash, sendPage } from '../../platform/html/render.tsx';
import { emptyForm, type FormState } from '../../platform/html/context.ts';
import { translator } from '../../platform/i18n/index.ts';
import { openFile, sendFile } from '../../platform/files/index.ts';
import type { Status } from './db.ts';
import { accessTo } from './access.ts';
import * as S from './schemas.ts';
import { isPublishedReport, presentPublicReport, presentReporterReport, presentSummary } from './present.ts';
import { agencyFeedReports, findAttachment, findOpdByCode, findReport, findReportByTracking, listCategories } from './repo.ts';
import { atomFeed, rssFeed } from './feeds.ts';
import { agencyOptions, categoryOptions, regencyOptions } from './options.ts';
import type { Deps } from '../../platform/deps.ts';
import { reporterAudit, reportForReporter, type ReporterProof } from './use-cases/common.ts';
import { confirmReport } from './use-cases/confirm-report.ts';
import { rateReport, reopenReport, replyToReport } from './use-cases/respond-as-reporter.ts';
import { agencyFigures, getPublicReport, getReporterReport, listMyReports, listPublicReports } from './use-cases/read-reports.ts';
import { AgencyPage, FiguresPage, PublicListPage, PublicReportPage, SubmittedPage, TrackPage } from './views/public-pages.tsx';
import { MyReportsPage, ReporterReportPage, type ReporterForms } from './views/reporter-pages.tsx';
import { TRACKING_PATTERN } from './tracking.ts';

const TrackingParams = Type.Object({ trackingId: S.TrackingId() });
const OpdCodeParams = Type.Object({ opdCode: Type.String({ pattern: '^[a-z0-9][a-z0-9.-]{0,80}$' }) });
const AttachmentParams = Type.Object({ attachmentId: Type.String({ format: 'uuid' }) });
const SecretQuery = Type.Object({ k: Type.Optional(Type.String({ maxLength: 100 })) });
const PageQuery = Type.Object({ page: Type.Optional(Type.Integer({ minimum: 1, maximum: 10000 })) });

const DAY_MS = 86_400_000;

/** The instant a local calendar day (YYYY-MM-DD) starts in the province's time zone. */
export function dayStart(day: string, timeZone: string): Date {
  const guess = new Date(`${day}T00:00:00Z`);
  const parts = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' }).formatToParts(guess);
  const get = (type: string) => Number(parts.find((p) => p.type === type)!.value);
  const offset = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second')) - guess.getTime();
  return new Date(guess.getTime() - offset);
}

/** The figures' period: the given dates, or the last 90 days (ending today, inclusive). */
export function periodOf(query: { from?: string; to?: string }, now: Date, timeZone: string): { from: Date; to: Date; fromText: string; toText: string } {
  const today = new Intl.DateTimeFormat('en-CA', { timeZone }).format(now);
  const toText = query.to || today;
  const fromText = query.from || new Intl.DateTimeFormat('en-CA', { timeZone }).format(new Date(dayStart(toText, timeZone).getTime() - 89 * DAY_MS));
  const from = dayStart(fromText, timeZone);
  const to = new Date(dayStart(toText, timeZone).getTime() + DAY_MS);
  if (to <= from) throw new AppError('validation', 'error.validation', { fields: [{ field: 'to', messageKey: 'aduan.error.period_order' }] });
  return { from, to, fromText, toText };
}

function emptyReporterForms(): ReporterForms {
  return { reply: emptyForm(), rate: emptyForm(), reopen: emptyForm() };
}

export function publicRoutes(deps: Deps): FastifyPluginAsync {
  return async (fastify) => {
    const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
    const tz = deps.config.timeZone;

    async function listOptions() {
      const [agencies, categories, regions] = await Promise.all([agencyOptions(deps.db), categoryOptions(deps.db, false), regencyOptions(deps.db, deps.config.province)]);
      return { agencies, categories, regions };
    }

    function publicFilter(q: Record<string, string | number | undefined>) {
      return {
        opdId: (q.opdId as string) || undefined,
        categoryCode: (q.category as string) || undefined,
        status: ((q.status as string) || undefined) as Status | undefined,
        regionCode: (q.region as string) || undefined,
        from: q.from ? dayStart(q.from as string, tz) : undefined,
        to: q.to ? new Date(dayStart(q.to as string, tz).getTime() + DAY_MS) : undefined,
        page: (q.page as number) ?? 1,
      };
    }

    // ---- Published reports -------------------------------------------------------------------
    app.get('/aduan', { schema: { hide: true, querystring: S.PublicListQuery } }, async (req, reply) => {
      const q = req.query;
      const filter = publicFilter(q);
      const result = await listPublicReports(deps, filter);
      const options = await listOptions();
      const values = { opdId: q.opdId ?? '', category: q.category ?? '', status: q.status ?? '', region: q.region ?? '', from: q.from ?? '', to: q.to ?? '' };
      return sendPage(reply, (ctx) => <PublicListPage ctx={ctx} items={result.items} hasNext={result.hasNext} page={filter.page} filter={values} options={options} now={deps.clock.now()} />);
    });

    app.get(
      '/api/v1/aduan/public/reports',
      { schema: { tags: ['aduan'], summary: 'Published reports (filters: agency, category, status, regency/city, period)', security: [], querystring: S.PublicListQuery, response: { 200: S.ReportPageOut } } },
      async (req) => {
        const filter = publicFilter(req.query);
        const result = await listPublicReports(deps, filter);
        const now = deps.clock.now();
        return { items: result.items.map((r) => presentSummary(r, now)), hasNext: result.hasNext, page: filter.page };
      },
    );

    app.get('/aduan/laporan/:trackingId', { schema: { hide: true, params: TrackingParams } }, async (req, reply) => {
      const d = await getPublicReport(deps, req.params.trackingId);
      return sendPage(reply, (ctx) => <PublicReportPage ctx={ctx} d={d} now={deps.clock.now()} />);
    });

    app.get(
      '/api/v1/aduan/public/reports/:trackingId',
      { schema: { tags: ['aduan'], summary: 'One published report with its public timeline (no reporter name when anonymous)', security: [], params: TrackingParams, response: { 200: S.PublicReportOut } } },
      async (req) => presentPublicReport(await getPublicReport(deps, req.params.trackingId), deps.clock.now()),
    );

    app.get(
      '/api/v1/aduan/categories',
      { schema: { tags: ['aduan'], summary: 'Report categories and their routing rules', security: [], response: { 200: S.CategoryListOut } } },
      async () => ({ items: (await listCategories(deps.db, { activeOnly: false })).map(presentCategory) }),
    );

    // ---- Figures and feeds -------------------------------------------------------------------
    app.get('/aduan/instansi', { schema: { hide: true, querystring: S.PeriodQuery } }, async (req, reply) => {
      const period = periodOf(req.query, deps.clock.now(), tz);
      const figures = await agencyFigures(deps, period);
      return sendPage(reply, (ctx) => <FiguresPage ctx={ctx} figures={figures} from={period.fromText} to={period.toText} />);
    });

    app.get(
      '/api/v1/aduan/public/figures',
      { schema: { tags: ['aduan'], summary: 'Per-agency figures: received, answered on time, median first answer (working days), reopen rate', security: [], querystring: S.PeriodQuery, response: { 200: S.FiguresOut } } },
      async (req) => {
        const period = periodOf(req.query, deps.clock.now(), tz);
        return { from: period.fromText, to: period.toText, agencies: await agencyFigures(deps, period) };
      },
    );

    app.get('/aduan/instansi/:opdCode', { schema: { hide: true, params: OpdCodeParams, querystring: Type.Object({ ...S.PeriodQuery.properties, ...PageQuery.properties }) } }, async (req, reply) => {
      const opd = await findOpdByCode(deps.db, req.params.opdCode);
      if (!opd) throw new AppError('not_found', 'error.not_found');
      const period = periodOf(req.query, deps.clock.now(), tz);
      const page = req.query.page ?? 1;
      const [figures, list] = await Promise.all([agencyFigures(deps, period, opd.id), listPublicReports(deps, { opdId: opd.id, page })]);
      return sendPage(reply, (ctx) => <AgencyPage ctx={ctx} agency={opd} figures={figures} items={list.items} hasNext={list.hasNext} page={page} from={period.fromText} to={period.toText} now={deps.clock.now()} />);
    });

    for (const kind of ['atom', 'rss'] as const) {
      app.get(`/aduan/instansi/:opdCode/${kind}.xml`, { schema: { hide: true, params: OpdCodeParams } }, async (req, reply) => {
        const opd = await findOpdByCode(deps.db, req.params.opdCode);
        if (!opd) throw new AppError('not_found', 'error.not_found');
        const items = await agencyFeedReports(deps.db, opd.id, 50);
        const input = { baseUrl: deps.config.baseUrl, agency: opd, items, t: translator(req.locale), locale: req.locale };
        return reply
          .type(kind === 'atom' ? 'application/atom+xml; charset=utf-8' : 'application/rss+xml; charset=utf-8')
          .header('cache-control', 'public, max-age=300')
          .send(kind === 'atom' ? atomFeed(input) : rssFeed(input));
      });
    }

    // ---- Tracking ----------------------------------------------------------------------------
    app.get('/aduan/lacak', { schema: { hide: true, querystring: Type.Object({ id: Type.Optional(Type.String({ maxLength: 40 })) }) } }, async (req, reply) => {
      const id = (req.query.id ?? '').trim().toUpperCase();
      if (!id) return sendPage(reply, (ctx) => <TrackPage ctx={ctx} form={emptyForm()} />);
      const report = TRACKING_PATTERN.test(id) ? await findReportByTracking(deps.db, id) : undefined;
      if (!report || report.status === 'menunggu_konfirmasi') {
        return sendPage(reply, (ctx) => <TrackPage ctx={ctx} form={{ values: { id }, errors: [{ field: 'id', messageKey: 'aduan.track.not_found' }] }} />, 404);
      }
      if (isPublishedReport(report)) return reply.redirect(`/aduan/laporan/${report.tracking_id}`, 303);
      const t = translator(req.locale);
      return sendPage(reply, (ctx) => <TrackPage ctx={ctx} form={emptyForm({ id })} found={{ trackingId: report.tracking_id, status: t(`aduan.status.${report.status}` as 'aduan.status.selesai') }} />);
    });

    app.get('/aduan/terkirim', { schema: { hide: true, querystring: Type.Object({ id: S.TrackingId(), konfirmasi: Type.Optional(Type.String({ maxLength: 1 })) }) } }, async (req, reply) =>
      sendPage(reply, (ctx) => <SubmittedPage ctx={ctx} trackingId={req.query.id.toUpperCase()} confirm={req.query.konfirmasi === '1'} />),
    );

    // ---- The reporter's own page (secret link or account) ------------------------------------
    const proofOf = (req: FastifyRequest, secret: string | undefined): ReporterProof => ({ secret, actor: req.actor });

    async function renderReporter(req: FastifyRequest, reply: FastifyReply, trackingId: string, secret: string | undefined, forms: ReporterForms = emptyReporterForms(), status = 200) {
      const d = await getReporterReport(deps, trackingId, proofOf(req, secret));
      return sendPage(reply, (ctx) => <ReporterReportPage ctx={ctx} d={d} secret={secret} forms={forms} now={deps.clock.now()} />, status);
    }

    app.get('/aduan/lacak/:trackingId', { schema: { hide: true, params: TrackingParams, querystring: SecretQuery } }, async (req, reply) =>
      renderReporter(req, reply, req.params.trackingId, req.query.k),
    );

    app.get(
      '/api/v1/aduan/track/:trackingId',
      { schema: { tags: ['aduan'], summary: "The reporter's view of their report (key from the follow link, or signed in as the reporter)", params: TrackingParams, querystring: S.KeyQuery, response: { 200: S.ReporterReportOut } } },
      async (req) => presentReporterReport(await getReporterReport(deps, req.params.trackingId, proofOf(req, req.query.key)), deps.clock.now()),
    );

    /** A reporter form action: on a fixable error the page shows again with that form's errors. */
    async function reporterAction(req: FastifyRequest, reply: FastifyReply, trackingId: string, which: keyof ReporterForms, firstField: string, action: (secret: string | undefined) => Promise<unknown>, flash: 'aduan.flash.replied' | 'aduan.flash.rated' | 'aduan.flash.reopened' | 'aduan.flash.confirmed') {
      const body = (req.body ?? {}) as Record<string, unknown>;
      const secret = typeof body.k === 'string' && body.k ? body.k : undefined;
      try {
        await action(secret);
      } catch (error) {
        if (error instanceof AppError && (error.code === 'validation' || error.code === 'conflict')) {
          const errors = error.fields.length ? error.fields : [{ field: firstField, messageKey: error.messageKey }];
          const forms = { ...emptyReporterForms(), [which]: { values: body, errors } satisfies FormState };
          return renderReporter(req, reply, trackingId, secret, forms, error.status);
        }
        throw error;
      }
      return redirectWithFlash(reply, `/aduan/lacak/${trackingId}${secret ? `?k=${encodeURIComponent(secret)}` : ''}`, flash);
    }

    app.post('/aduan/lacak/:trackingId/konfirmasi', { schema: { hide: true, params: TrackingParams } }, async (req, reply) =>
      reporterAction(req, reply, req.params.trackingId, 'reply', 'body', (secret) => confirmReport(deps, reporterAudit(auditContext(req)), req.params.trackingId, proofOf(req, secret)), 'aduan.flash.confirmed'),
    );
    app.post('/aduan/lacak/:trackingId/balas', { schema: { hide: true, params: TrackingParams } }, async (req, reply) =>
      reporterAction(req, reply, req.params.trackingId, 'reply', 'body', (secret) => replyToReport(deps, reporterAudit(auditContext(req)), req.params.trackingId, proofOf(req, secret), parseForm(Type.Object({ body: S.ReplyBody.properties.body }), withoutKey(req.body))), 'aduan.flash.replied'),
    );
    app.post('/aduan/lacak/:trackingId/nilai', { schema: { hide: true, params: TrackingParams } }, async (req, reply) =>
      reporterAction(req, reply, req.params.trackingId, 'rate', 'rating', (secret) => rateReport(deps, reporterAudit(auditContext(req)), req.params.trackingId, proofOf(req, secret), parseForm(Type.Object({ rating: S.RateBody.properties.rating, comment: S.RateBody.properties.comment }), withoutKey(req.body))), 'aduan.flash.rated'),
    );
    app.post('/aduan/lacak/:trackingId/buka-kembali', { schema: { hide: true, params: TrackingParams } }, async (req, reply) =>
      reporterAction(req, reply, req.params.trackingId, 'reopen', 'reason', (secret) => reopenReport(deps, reporterAudit(auditContext(req)), req.params.trackingId, proofOf(req, secret), parseForm(Type.Object({ reason: S.ReopenBody.properties.reason }), withoutKey(req.body))), 'aduan.flash.reopened'),
    );

    const reporterApi = (summary: string) => ({ tags: ['aduan'], summary, params: TrackingParams, response: { 200: S.ReporterReportOut } });
    const after = async (req: FastifyRequest, trackingId: string, key: string | undefined) => presentReporterReport(await getReporterReport(deps, trackingId, proofOf(req, key)), deps.clock.now());

    app.post('/api/v1/aduan/track/:trackingId/confirm', { schema: { ...reporterApi('Confirm a report filed without an account'), body: S.ReporterKeyBody } }, async (req) => {
      await confirmReport(deps, reporterAudit(auditContext(req)), req.params.trackingId, proofOf(req, req.body.key));
      return after(req, req.params.trackingId, req.body.key);
    });
    app.post('/api/v1/aduan/track/:trackingId/reply', { schema: { ...reporterApi("Reply to the agency's answer"), body: S.ReplyBody } }, async (req) => {
      await replyToReport(deps, reporterAudit(auditContext(req)), req.params.trackingId, proofOf(req, req.body.key), { body: req.body.body });
      return after(req, req.params.trackingId, req.body.key);
    });
    app.post('/api/v1/aduan/track/:trackingId/rate', { schema: { ...reporterApi('Rate the answer (1–5); closes a report waiting on the reporter'), body: S.RateBody } }, async (req) => {
      await rateReport(deps, reporterAudit(auditContext(req)), req.params.trackingId, proofOf(req, req.body.key), { rating: req.body.rating, comment: req.body.comment });
      return after(req, req.params.trackingId, req.body.key);
    });
    app.post('/api/v1/aduan/track/:trackingId/reopen', { schema: { ...reporterApi('Reopen an answered or closed report'), body: S.ReopenBody } }, async (req) => {
      await reopenReport(deps, reporterAudit(auditContext(req)), req.params.trackingId, proofOf(req, req.body.key), { reason: req.body.reason });
      return after(req, req.params.trackingId, req.body.key);
    });

    app.get('/aduan/saya', { schema: { hide: true, querystring: PageQuery } }, async (req, reply) => {
      if (!req.actor) return reply.redirect(`/login?next=${encodeURIComponent('/aduan/saya')}`, 303);
      const page = req.query.page ?? 1;
      const result = await listMyReports(deps, req.actor, page);
      return sendPage(reply, (ctx) => <MyReportsPage ctx={ctx} items={result.items} hasNext={result.hasNext} page={page} now={deps.clock.now()} />);
    });

    app.get(
      '/api/v1/aduan/my-reports',
      { schema: { tags: ['aduan'], summary: 'Reports I filed while signed in', querystring: PageQuery, response: { 200: S.ReportPageOut } } },
      async (req) => {
        const page = req.query.page ?? 1;
        const result = await listMyReports(deps, req.actor, page);
        const now = deps.clock.now();
        return { items: result.items.map((r) => presentSummary(r, now)), hasNext: result.hasNext, page };
      },
    );

    // ---- Attachments -----------------------------------------------------------------------------
    // Public attachments of published reports are public; everything else is for the handling
    // chain, admins and auditors, and the reporter (by key or account). Others: not found.
    app.get('/aduan/lampiran/:attachmentId', { schema: { hide: true, params: AttachmentParams, querystring: SecretQuery } }, async (req, reply) => {
      const attachment = await findAttachment(deps.db, req.params.attachmentId);
      if (!attachment) throw new AppError('not_found', 'error.not_found');
      const report = await findReport(deps.db, attachment.report_id);
      if (!report) throw new AppError('not_found', 'error.not_found');
      const mayRead = async () => {
        if (attachment.public && isPublishedReport(report)) return true;
        if ((await accessTo(deps.db, req.actor, report)).read && report.status !== 'menunggu_konfirmasi') return true;
        try {
          await reportForReporter(deps.db, report.tracking_id, proofOf(req, req.query.k));
          return true;
        } catch {
          return false;
        }
      };
      const { file, stream } = await openFile(deps, req.actor, attachment.file_id, mayRead);
      return sendFile(reply, file, stream, { inline: file.contentType.startsWith('image/') || file.contentType === 'application/pdf' });
    });
  };
}

function withoutKey(body: unknown): Record<string, unknown> {
  const { k: _k, ...rest } = (body ?? {}) as Record<string, unknown>;
  return rest;
}

export function presentCategory(c: Awaited<ReturnType<typeof listCategories>>[number]) {
  return {
    code: c.code,
    name: c.name,
    description: c.description,
    keywords: c.keywords,
    groupName: c.group_name,
    competence: c.competence,
    agency: c.opd_id && c.opd_name ? { id: c.opd_id, name: c.opd_name } : null,
    tier: { code: c.tier_code, name: c.tier_name, days: c.tier_days },
    open311Type: c.open311_type,
    active: c.active,
  };
}
