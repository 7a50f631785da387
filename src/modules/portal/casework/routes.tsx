import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Deps } from '../../../platform/deps.ts';
import { AppError } from '../../../platform/http/errors.ts';
import { parseForm } from '../../../platform/http/validation.ts';
import { auditContext } from '../../../platform/http/request-context.ts';
import { redirectWithFlash, sendPage } from '../../../platform/html/render.tsx';
import type { FormState } from '../../../platform/html/context.ts';
import type { MessageKey } from '../../../platform/i18n/index.ts';
import { acceptUploads, readUploadForm, sendFile, withUploads, type StoredFile } from '../../../platform/files/index.ts';
import { ServiceParams } from '../schemas.ts';
import { parseFormDefinition, type FormDefinition } from '../requests/form-definition.ts';
import * as S from './schemas.ts';
import { queueScope, refuseUnlessCaseStaff } from './policy.ts';
import { servicesInQueue, type FormRow } from './repo.ts';
import { fromStoredFile, MAX_RESULTS, RESULT_POLICY } from './results.ts';
import { caseForStaff } from './use-cases/common.ts';
import { listQueue, type QueueInput, type QueueItem } from './use-cases/list-queue.ts';
import { getCase, type CaseDetail } from './use-cases/get-case.ts';
import { assignRequest } from './use-cases/assign-request.ts';
import { verifyRequest } from './use-cases/verify-request.ts';
import { requestFix } from './use-cases/request-fix.ts';
import { approveRequest } from './use-cases/approve-request.ts';
import { rejectRequest } from './use-cases/reject-request.ts';
import { addNote } from './use-cases/add-note.ts';
import { openRequestDocument } from './use-cases/open-document.ts';
import { checkDefinition, getFormEditor, publishForm, saveForm, type FormEditor } from './use-cases/manage-form.ts';
import { CasePage, casePath, documentPath, emptyCaseForms, QUEUE_PATH, QueuePage, type CaseForms } from './views/case-pages.tsx';
import { FormEditorPage, formEditorPath, STARTER_DEFINITION } from './views/form-editor-page.tsx';
import '../requests/messages.ts';
import './messages.ts';

const tags = ['portal'];
const iso = (d: Date | string | null | undefined) => (d === null || d === undefined ? null : new Date(d).toISOString());
const UPLOADS = { files: { results: RESULT_POLICY } };

function queueInput(q: { serviceId?: string; status?: string; assignee?: string; flag?: string; sort?: string; page?: number }): QueueInput {
  return {
    serviceId: q.serviceId || undefined,
    status: (q.status || undefined) as QueueInput['status'],
    assignee: (q.assignee || undefined) as QueueInput['assignee'],
    flag: (q.flag || undefined) as QueueInput['flag'],
    sort: (q.sort || undefined) as QueueInput['sort'],
    page: q.page ?? 1,
  };
}

function presentQueueItem(r: QueueItem) {
  return {
    id: r.id,
    trackingNumber: r.tracking_number,
    serviceId: r.service_id,
    serviceName: r.service_name,
    citizenName: r.citizen_name,
    status: r.status as Exclude<typeof r.status, 'draft'>,
    submittedAt: iso(r.submitted_at),
    dueDay: r.due_day,
    assigneeId: r.assignee_id,
    assigneeName: r.assignee_name,
    escalated: r.escalated_at !== null,
    synthetic: r.synthetic,
    flags: r.flags,
  };
}

function definitionOf(row: { form_definition: unknown }): FormDefinition | null {
  const parsed = parseFormDefinition(row.form_definition);
  return 'definition' in parsed ? parsed.definition : null;
}

/** Answers as given, except NIKs, which leave only masked. */
function maskedAnswers(answers: Record<string, unknown>, definition: FormDefinition | null): Record<string, unknown> {
  const out = { ...answers };
  const mask = (v: unknown) => (typeof v === 'string' && v.length >= 8 ? `${v.slice(0, 4)}${'•'.repeat(v.length - 8)}${v.slice(-4)}` : v);
  for (const f of definition?.fields ?? []) {
    if (f.type === 'nik') out[f.name] = mask(out[f.name]);
    if (f.type === 'group' && Array.isArray(out[f.name])) {
      const nikFields = (f.fields ?? []).filter((s) => s.type === 'nik').map((s) => s.name);
      if (nikFields.length) out[f.name] = (out[f.name] as Record<string, unknown>[]).map((item) => Object.fromEntries(Object.entries(item).map(([k, v]) => [k, nikFields.includes(k) ? mask(v) : v])));
    }
  }
  return out;
}

function presentCase(d: CaseDetail) {
  const r = d.row;
  return {
    id: r.id,
    version: r.version,
    trackingNumber: r.tracking_number,
    status: r.status as Exclude<typeof r.status, 'draft'>,
    service: { id: r.service_id, key: r.service_key, name: r.service_name },
    agency: { id: r.opd_id, name: r.opd_name },
    citizenName: r.citizen_name,
    formVersion: r.form_version,
    answers: maskedAnswers(r.answers, definitionOf(r)),
    prefilled: Object.fromEntries(Object.entries(r.prefilled).map(([k, v]) => [k, { element: v.element, agency: v.agency, fetchedAt: v.fetchedAt }])),
    assignee: r.assignee_id ? { id: r.assignee_id, name: r.assignee_name } : null,
    submittedAt: iso(r.submitted_at),
    slaWorkingDays: r.sla_working_days,
    dueDay: r.due_day,
    pausedWorkingDays: r.paused_working_days,
    pausedSince: iso(r.paused_since),
    decidedAt: iso(r.decided_at),
    decisionReason: r.decision_reason,
    escalatedAt: iso(r.escalated_at),
    synthetic: r.synthetic,
    flags: d.flags,
    documents: d.documents.map((doc) => ({ id: doc.id, kind: doc.kind, requirementCode: doc.requirement_code, name: doc.name, contentType: doc.content_type, size: Number(doc.size), url: documentPath(r.id, doc.id) })),
    history: d.events.map((e) => ({ at: e.at.toISOString(), kind: e.kind, actorName: e.actor_name, fromStatus: e.from_status, toStatus: e.to_status, message: e.message, internal: e.internal })),
    canAct: d.access.act,
  };
}

function presentVersion(v: FormRow) {
  return { version: v.version, status: v.status, createdAt: v.created_at.toISOString(), publishedAt: iso(v.published_at) };
}

function presentForm(e: FormEditor) {
  return {
    serviceId: e.service.id,
    current: e.current ? { ...presentVersion(e.current), definition: e.current.definition } : null,
    published: e.published ? { ...presentVersion(e.published), definition: e.published.definition } : null,
    canManage: e.canManage,
  };
}

/**
 * Officers' case work on submitted requests (queue, case page, actions, documents) and the staff
 * form editor. Approval carries files, so it lives in a plugin of its own (multipart is per plugin).
 */
export function caseworkRoutes(deps: Deps): FastifyPluginAsync {
  return async (app) => {
    await app.register(caseRoutes(deps));
    await app.register(approvalRoutes(deps));
    await app.register(formRoutes(deps));
  };
}

async function renderCase(deps: Deps, req: FastifyRequest, reply: FastifyReply, requestId: string, forms: CaseForms = emptyCaseForms(), status = 200) {
  const d = await getCase(deps, req.actor, requestId);
  return sendPage(reply, (ctx) => <CasePage ctx={ctx} d={d} definition={definitionOf(d.row)} forms={forms} />, status);
}

/** A case page form: success redirects back; fixable errors show the page again with them. */
async function onCasePage(deps: Deps, req: FastifyRequest, reply: FastifyReply, requestId: string, which: keyof CaseForms, firstField: string, action: () => Promise<unknown>, flash: MessageKey) {
  try {
    await action();
  } catch (error) {
    if (error instanceof AppError && (error.code === 'validation' || error.code === 'conflict')) {
      const errors = error.fields.length ? error.fields : [{ field: firstField, messageKey: error.messageKey }];
      const values = (req.body ?? {}) as Record<string, unknown>;
      return renderCase(deps, req, reply, requestId, { ...emptyCaseForms(), [which]: { values, errors } satisfies FormState }, error.status);
    }
    throw error;
  }
  return redirectWithFlash(reply, casePath(requestId), flash);
}

function caseRoutes(deps: Deps): FastifyPluginAsync {
  return async (fastify) => {
    const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

    app.get(QUEUE_PATH, { schema: { hide: true, querystring: S.QueueQuery } }, async (req, reply) => {
      refuseUnlessCaseStaff(req.actor);
      const input = queueInput(req.query);
      const [result, services] = await Promise.all([listQueue(deps, req.actor, input), servicesInQueue(deps.db, queueScope(req.actor))]);
      const q = req.query;
      const filter = { serviceId: q.serviceId ?? '', status: q.status ?? '', assignee: q.assignee ?? '', flag: q.flag ?? '', sort: q.sort ?? '' };
      return sendPage(reply, (ctx) => <QueuePage ctx={ctx} items={result.items} hasNext={result.hasNext} page={input.page} filter={filter} services={services.map((s) => ({ value: s.id, label: s.name }))} />);
    });

    app.get(
      '/api/v1/portal/manage/requests',
      { schema: { tags, summary: "Work queue: submitted requests of my agencies (admins and auditors: all), soonest deadline first", querystring: S.QueueQuery, response: { 200: S.QueueOut } } },
      async (req) => {
        const input = queueInput(req.query);
        const result = await listQueue(deps, req.actor, input);
        return { items: result.items.map(presentQueueItem), hasNext: result.hasNext, page: input.page };
      },
    );

    app.get(`${QUEUE_PATH}/:requestId`, { schema: { hide: true, params: S.RequestParams } }, async (req, reply) => renderCase(deps, req, reply, req.params.requestId));

    app.get(
      '/api/v1/portal/manage/requests/:requestId',
      { schema: { tags, summary: 'One request for its agency: answers (NIK masked), documents, full history with internal notes', params: S.RequestParams, response: { 200: S.CaseOut } } },
      async (req) => presentCase(await getCase(deps, req.actor, req.params.requestId)),
    );

    app.get(`${QUEUE_PATH}/:requestId/dokumen/:documentId`, { schema: { hide: true, params: S.DocumentParams } }, async (req, reply) => {
      const { file, stream } = await openRequestDocument(deps, req.actor, req.params.requestId, req.params.documentId);
      return sendFile(reply, file, stream, { inline: false });
    });

    const answer = async (req: FastifyRequest, requestId: string) => presentCase(await getCase(deps, req.actor, requestId));

    // ---- Actions: a form on the case page and an API twin each ---------------------------------
    app.post(`${QUEUE_PATH}/:requestId/tugaskan`, { schema: { hide: true, params: S.RequestParams } }, async (req, reply) => {
      const id = req.params.requestId;
      return onCasePage(deps, req, reply, id, 'assign', 'assigneeId', async () => {
        await caseForStaff(deps.db, req.actor, id, 'act');
        const body = parseForm(S.AssignForm, req.body);
        return assignRequest(deps, auditContext(req), id, { version: body.version, assigneeId: body.assigneeId ?? null, self: body.self === 'true' });
      }, 'portal.case.flash.assigned');
    });
    app.post(
      '/api/v1/portal/manage/requests/:requestId/assign',
      { schema: { tags, summary: 'Assign to me (`self`), to an officer of the same agency, or to no one (`assigneeId: null`)', params: S.RequestParams, body: S.AssignBody, response: { 200: S.CaseOut } } },
      async (req) => {
        await assignRequest(deps, auditContext(req), req.params.requestId, req.body);
        return answer(req, req.params.requestId);
      },
    );

    app.post(`${QUEUE_PATH}/:requestId/verifikasi`, { schema: { hide: true, params: S.RequestParams } }, async (req, reply) => {
      const id = req.params.requestId;
      return onCasePage(deps, req, reply, id, 'assign', 'assigneeId', async () => {
        await caseForStaff(deps.db, req.actor, id, 'act');
        return verifyRequest(deps, auditContext(req), id, parseForm(S.VersionBody, req.body));
      }, 'portal.case.flash.verified');
    });
    app.post(
      '/api/v1/portal/manage/requests/:requestId/verify',
      { schema: { tags, summary: 'Verified complete: submitted → in_review (the citizen is told)', params: S.RequestParams, body: S.VersionBody, response: { 200: S.CaseOut } } },
      async (req) => {
        await verifyRequest(deps, auditContext(req), req.params.requestId, req.body);
        return answer(req, req.params.requestId);
      },
    );

    app.post(`${QUEUE_PATH}/:requestId/perbaikan`, { schema: { hide: true, params: S.RequestParams } }, async (req, reply) => {
      const id = req.params.requestId;
      return onCasePage(deps, req, reply, id, 'fix', 'message', async () => {
        await caseForStaff(deps.db, req.actor, id, 'act');
        return requestFix(deps, auditContext(req), id, parseForm(S.FixBody, req.body));
      }, 'portal.case.flash.fix_requested');
    });
    app.post(
      '/api/v1/portal/manage/requests/:requestId/request-fix',
      { schema: { tags, summary: 'Ask the citizen to fix something (→ needs_fix); the deadline clock stops until they resubmit', params: S.RequestParams, body: S.FixBody, response: { 200: S.CaseOut } } },
      async (req) => {
        await requestFix(deps, auditContext(req), req.params.requestId, req.body);
        return answer(req, req.params.requestId);
      },
    );

    app.post(`${QUEUE_PATH}/:requestId/tolak`, { schema: { hide: true, params: S.RequestParams } }, async (req, reply) => {
      const id = req.params.requestId;
      return onCasePage(deps, req, reply, id, 'reject', 'reason', async () => {
        await caseForStaff(deps.db, req.actor, id, 'act');
        return rejectRequest(deps, auditContext(req), id, parseForm(S.RejectBody, req.body));
      }, 'portal.case.flash.rejected');
    });
    app.post(
      '/api/v1/portal/manage/requests/:requestId/reject',
      { schema: { tags, summary: 'Reject with a reason the citizen reads (→ rejected)', params: S.RequestParams, body: S.RejectBody, response: { 200: S.CaseOut } } },
      async (req) => {
        await rejectRequest(deps, auditContext(req), req.params.requestId, req.body);
        return answer(req, req.params.requestId);
      },
    );

    app.post(`${QUEUE_PATH}/:requestId/catatan`, { schema: { hide: true, params: S.RequestParams } }, async (req, reply) => {
      const id = req.params.requestId;
      return onCasePage(deps, req, reply, id, 'note', 'message', async () => {
        await caseForStaff(deps.db, req.actor, id, 'act');
        return addNote(deps, auditContext(req), id, parseForm(S.NoteBody, req.body));
      }, 'portal.case.flash.noted');
    });
    app.post(
      '/api/v1/portal/manage/requests/:requestId/notes',
      { schema: { tags, summary: 'An internal note (never shown to the citizen)', params: S.RequestParams, body: S.NoteBody, response: { 201: S.NoteOut } } },
      async (req, reply) => reply.status(201).send(await addNote(deps, auditContext(req), req.params.requestId, req.body)),
    );
  };
}

function approvalRoutes(deps: Deps): FastifyPluginAsync {
  return async (fastify) => {
    await acceptUploads(fastify, { maxFileBytes: RESULT_POLICY.maxBytes, files: MAX_RESULTS + 1 });
    const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
    const resultsOf = (files: Record<string, StoredFile[]>) => (files.results ?? []).map(fromStoredFile);

    app.post(`${QUEUE_PATH}/:requestId/setujui`, { schema: { hide: true, params: S.RequestParams } }, async (req, reply) => {
      const id = req.params.requestId;
      // Who may approve is settled before any file is stored.
      const { row } = await caseForStaff(deps.db, req.actor, id, 'act');
      const form = await readUploadForm(req, deps, auditContext(req), { ...UPLOADS, opdId: row.opd_id });
      req.body = form.fields;
      return onCasePage(
        deps,
        req,
        reply,
        id,
        'approve',
        'results',
        () => withUploads(form, (files) => approveRequest(deps, auditContext(req), id, parseForm(S.ApproveBody, form.fields), resultsOf(files)), { check: () => parseForm(S.ApproveBody, form.fields) }),
        'portal.case.flash.approved',
      );
    });

    app.post(
      '/api/v1/portal/manage/requests/:requestId/approve',
      {
        schema: {
          tags,
          summary: 'Approve (→ approved) with result documents: multipart with `version`, optional `note`, then one or more `results` files. The citizen gets a survey link.',
          params: S.RequestParams,
          body: S.ApproveBody,
          response: { 200: S.CaseOut },
        },
      },
      async (req) => {
        const id = req.params.requestId;
        const { row } = await caseForStaff(deps.db, req.actor, id, 'act');
        const form = await readUploadForm(req, deps, auditContext(req), { ...UPLOADS, opdId: row.opd_id });
        await withUploads(form, (files) => approveRequest(deps, auditContext(req), id, req.isMultipart() ? parseForm(S.ApproveBody, form.fields) : req.body, resultsOf(files)));
        return presentCase(await getCase(deps, req.actor, id));
      },
    );
  };
}

function formRoutes(deps: Deps): FastifyPluginAsync {
  return async (fastify) => {
    const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

    function editorText(editor: FormEditor): string {
      return JSON.stringify(editor.current?.definition ?? STARTER_DEFINITION, null, 2);
    }

    async function renderEditor(req: FastifyRequest, reply: FastifyReply, serviceId: string, form?: FormState, preview?: FormDefinition | null, status = 200) {
      const editor = await getFormEditor(deps, req.actor, serviceId);
      const shown = form ?? { values: { definition: editorText(editor) }, errors: [] };
      let previewed = preview;
      if (previewed === undefined) {
        const parsed = parseFormDefinition(editor.current?.definition ?? STARTER_DEFINITION);
        previewed = 'definition' in parsed ? parsed.definition : null;
      }
      return sendPage(reply, (ctx) => <FormEditorPage ctx={ctx} editor={editor} form={shown} preview={previewed} />, status);
    }

    app.get('/portal/layanan/:serviceId/formulir', { schema: { hide: true, params: ServiceParams } }, async (req, reply) => renderEditor(req, reply, req.params.serviceId));

    app.post('/portal/layanan/:serviceId/formulir', { schema: { hide: true, params: ServiceParams } }, async (req, reply) => {
      const serviceId = req.params.serviceId;
      const editor = await getFormEditor(deps, req.actor, serviceId);
      if (!editor.canManage) throw new AppError('forbidden', 'error.forbidden');
      const body = (req.body ?? {}) as Record<string, unknown>;
      const text = typeof body.definition === 'string' ? body.definition : '';
      const action = body.action === 'publish' || body.action === 'save' ? body.action : 'preview';
      try {
        if (action === 'preview') {
          const definition = checkDefinition(text);
          return renderEditor(req, reply, serviceId, { values: { definition: text }, errors: [] }, definition);
        }
        const saved = await saveForm(deps, auditContext(req), serviceId, { definition: text, publish: action === 'publish' });
        return redirectWithFlash(reply, formEditorPath(serviceId), saved.status === 'published' ? 'portal.form_editor.flash.published' : 'portal.form_editor.flash.saved');
      } catch (error) {
        if (error instanceof AppError && error.code === 'validation') return renderEditor(req, reply, serviceId, { values: { definition: text }, errors: error.fields }, null, 400);
        throw error;
      }
    });

    const base = '/api/v1/portal/manage/services/:serviceId/form';
    app.get(base, { schema: { tags, summary: "A service's online form: the newest version and the published one", params: ServiceParams, response: { 200: S.FormOut } } }, async (req) =>
      presentForm(await getFormEditor(deps, req.actor, req.params.serviceId)),
    );

    app.put(
      base,
      { schema: { tags, summary: 'Save a new version of the form (a draft, or published at once with `publish`); problems come back with their JSON paths', params: ServiceParams, body: S.FormPutBody, response: { 200: S.FormOut } } },
      async (req) => {
        await saveForm(deps, auditContext(req), req.params.serviceId, { definition: req.body.definition, publish: req.body.publish === true });
        return presentForm(await getFormEditor(deps, req.actor, req.params.serviceId));
      },
    );

    app.post(
      `${base}/publish`,
      { schema: { tags, summary: 'Publish a version (default: the newest); the previously published one is retired, requests keep theirs', params: ServiceParams, body: S.FormPublishBody, response: { 200: S.FormOut } } },
      async (req) => {
        await publishForm(deps, auditContext(req), req.params.serviceId, req.body ?? {});
        return presentForm(await getFormEditor(deps, req.actor, req.params.serviceId));
      },
    );

    app.get(`${base}/versions`, { schema: { tags, summary: 'Every version of the form, newest first', params: ServiceParams, response: { 200: S.FormVersionsOut } } }, async (req) => ({
      items: (await getFormEditor(deps, req.actor, req.params.serviceId)).versions.map(presentVersion),
    }));
  };
}
