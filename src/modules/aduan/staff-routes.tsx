import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import type { Deps } from '../../platform/deps.ts';
import { AppError } from '../../platform/http/errors.ts';
import { parseForm, Uuid } from '../../platform/http/validation.ts';
import { auditContext } from '../../platform/http/request-context.ts';
import { redirectWithFlash, sendPage } from '../../platform/html/render.tsx';
import { emptyForm, type FormState } from '../../platform/html/context.ts';
import { platformPolicy } from '../../platform/auth/policy.ts';
import type { Status } from './db.ts';
import { refuseUnlessStaff } from './access.ts';
import * as S from './schemas.ts';
import { presentStaffReport, presentStaffSummary } from './present.ts';
import { agencyOptions, categoryOptions, tierOptions } from './options.ts';
import { declineReport, disposeReport, markDuplicate } from './use-cases/verify-report.ts';
import { getStaffReport, listStaffReports } from './use-cases/read-reports.ts';
import { QueuePage, StaffReportPage, type StaffForms } from './views/staff-pages.tsx';
import type { AduanRuntime } from './runtime.ts';

export const ReportParams = Type.Object({ reportId: Uuid() });

export function emptyStaffForms(): StaffForms {
  return { dispose: emptyForm(), duplicate: emptyForm(), decline: emptyForm(), followUp: emptyForm() };
}

/**
 * The complaints desk: the work queue, a report with its actions, and the coordinator's
 * decisions (dispose, duplicate, decline). Follow-ups carry files and live in intake-routes.
 */
export function staffRoutes(deps: Deps, runtime: AduanRuntime): FastifyPluginAsync {
  return async (fastify) => {
    const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

    function queueFilter(q: { status?: string; overdue?: boolean; q?: string; opdId?: string; category?: string; page?: number }) {
      return { status: (q.status || undefined) as Status | undefined, overdue: q.overdue === true, search: q.q || undefined, opdId: q.opdId || undefined, categoryCode: q.category || undefined, page: q.page ?? 1 };
    }

    app.get('/aduan/kelola', { schema: { hide: true, querystring: S.StaffListQuery } }, async (req, reply) => {
      refuseUnlessStaff(req.actor);
      const filter = queueFilter(req.query);
      const result = await listStaffReports(deps, req.actor, filter);
      const categories = await categoryOptions(deps.db, false);
      return sendPage(reply, (ctx) => (
        <QueuePage
          ctx={ctx}
          items={result.items}
          hasNext={result.hasNext}
          page={filter.page}
          filter={{ status: req.query.status ?? '', overdue: filter.overdue, q: req.query.q ?? '', category: req.query.category ?? '' }}
          categories={categories}
          canEnter={platformPolicy.aduanEnterReport(req.actor)}
          canManage={platformPolicy.aduanManageSettings(req.actor)}
          now={deps.clock.now()}
        />
      ));
    });

    app.get(
      '/api/v1/aduan/reports',
      { schema: { tags: ['aduan'], summary: 'My work queue: reports I coordinate or my agency handles (admins and auditors: all)', querystring: S.StaffListQuery, response: { 200: S.StaffReportPageOut } } },
      async (req) => {
        const filter = queueFilter(req.query);
        const result = await listStaffReports(deps, req.actor, filter);
        const now = deps.clock.now();
        return { items: result.items.map((r) => presentStaffSummary(r, now)), hasNext: result.hasNext, page: filter.page };
      },
    );

    async function renderReport(req: FastifyRequest, reply: FastifyReply, reportId: string, forms: StaffForms = emptyStaffForms(), status = 200) {
      const d = await getStaffReport(deps, req.actor, reportId);
      const [categories, agencies, tiers] = await Promise.all([categoryOptions(deps.db), agencyOptions(deps.db), tierOptions(deps.db)]);
      const dispose = forms.dispose.values.categoryCode === undefined ? { ...forms.dispose, values: { ...forms.dispose.values, categoryCode: d.report.category_code } } : forms.dispose;
      return sendPage(reply, (ctx) => <StaffReportPage ctx={ctx} d={d} forms={{ ...forms, dispose }} options={{ categories, agencies, tiers }} now={deps.clock.now()} />, status);
    }

    app.get('/aduan/kelola/:reportId', { schema: { hide: true, params: ReportParams } }, async (req, reply) => renderReport(req, reply, req.params.reportId));

    app.get(
      '/api/v1/aduan/reports/:reportId',
      { schema: { tags: ['aduan'], summary: "One report for staff (the reporter's identity only for the handling chain)", params: ReportParams, response: { 200: S.StaffReportOut } } },
      async (req) => presentStaffReport(await getStaffReport(deps, req.actor, req.params.reportId), deps.clock.now()),
    );

    /** A staff form action on the report page; fixable errors show the page again with them. */
    async function onReportPage(req: FastifyRequest, reply: FastifyReply, reportId: string, which: keyof StaffForms, firstField: string, action: () => Promise<unknown>, flash: 'aduan.flash.disposed' | 'aduan.flash.duplicate' | 'aduan.flash.declined') {
      try {
        await action();
      } catch (error) {
        if (error instanceof AppError && (error.code === 'validation' || error.code === 'conflict')) {
          const errors = error.fields.length ? error.fields : [{ field: firstField, messageKey: error.messageKey }];
          return renderReport(req, reply, reportId, { ...emptyStaffForms(), [which]: { values: req.body as Record<string, unknown>, errors } satisfies FormState }, error.status);
        }
        throw error;
      }
      return redirectWithFlash(reply, `/aduan/kelola/${reportId}`, flash);
    }

    async function dispose(req: FastifyRequest, reportId: string, body: { categoryCode?: string; opdId?: string; tierCode?: string; note?: string }) {
      const result = await disposeReport(deps, auditContext(req), reportId, body);
      if (result.forwardToLapor) await runtime.forward(reportId);
      return result;
    }

    app.post('/aduan/kelola/:reportId/disposisi', { schema: { hide: true, params: ReportParams } }, async (req, reply) =>
      onReportPage(req, reply, req.params.reportId, 'dispose', 'categoryCode', () => dispose(req, req.params.reportId, parseForm(S.DisposeBody, req.body)), 'aduan.flash.disposed'),
    );
    app.post(
      '/api/v1/aduan/reports/:reportId/dispose',
      { schema: { tags: ['aduan'], summary: 'Coordinator: accept and dispose to the competent agency (or mark for SP4N-LAPOR!)', params: ReportParams, body: S.DisposeBody, response: { 200: S.DispositionOut } } },
      async (req) => {
        const result = await dispose(req, req.params.reportId, req.body);
        return { status: result.status, agency: result.opdName, competence: result.competence };
      },
    );

    app.post('/aduan/kelola/:reportId/duplikat', { schema: { hide: true, params: ReportParams } }, async (req, reply) =>
      onReportPage(req, reply, req.params.reportId, 'duplicate', 'duplicateOf', () => markDuplicate(deps, auditContext(req), req.params.reportId, parseForm(S.DuplicateBody, req.body)), 'aduan.flash.duplicate'),
    );
    app.post(
      '/api/v1/aduan/reports/:reportId/duplicate',
      { schema: { tags: ['aduan'], summary: 'Coordinator: close as a duplicate of another report', params: ReportParams, body: S.DuplicateBody, response: { 200: S.StaffReportOut } } },
      async (req) => {
        await markDuplicate(deps, auditContext(req), req.params.reportId, req.body);
        return presentStaffReport(await getStaffReport(deps, req.actor, req.params.reportId), deps.clock.now());
      },
    );

    app.post('/aduan/kelola/:reportId/tolak', { schema: { hide: true, params: ReportParams } }, async (req, reply) =>
      onReportPage(req, reply, req.params.reportId, 'decline', 'reason', () => declineReport(deps, auditContext(req), req.params.reportId, parseForm(S.DeclineBody, req.body)), 'aduan.flash.declined'),
    );
    app.post(
      '/api/v1/aduan/reports/:reportId/decline',
      { schema: { tags: ['aduan'], summary: 'Coordinator: decline with a reason (out of scope); never published', params: ReportParams, body: S.DeclineBody, response: { 200: S.StaffReportOut } } },
      async (req) => {
        await declineReport(deps, auditContext(req), req.params.reportId, req.body);
        return presentStaffReport(await getStaffReport(deps, req.actor, req.params.reportId), deps.clock.now());
      },
    );

  };
}
