import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { AppError, type FieldError } from '../../../platform/http/errors.ts';
import { auditContext } from '../../../platform/http/request-context.ts';
import { redirectWithFlash, sendPage } from '../../../platform/html/render.tsx';
import { acceptUploads, openFile, readUploadForm, sendFile, withUploads } from '../../../platform/files/index.ts';
import { translate, type Locale, type MessageKey } from '../../../platform/i18n/index.ts';
import { platformPolicy } from '../../../platform/auth/policy.ts';
import { maskNik } from '../citizens/nik.ts';
import { MAX_DOCUMENT_BYTES, type FormDefinition } from './form-definition.ts';
import { canReadRequest, EDITABLE, WITHDRAWABLE } from './policy.ts';
import { findDocument, findDraft, findRequest } from './repo.ts';
import { INBOX_PATH, MY_REQUESTS_PATH, receiptPath, trackingPath } from './paths.ts';
import * as S from './schemas.ts';
import { definitionOf } from './use-cases/common.ts';
import { findApplicableService, startDraft } from './use-cases/start-draft.ts';
import { saveDraft } from './use-cases/save-draft.ts';
import { attachDocuments, removeDocument, requestForUpload, uploadSpecOf } from './use-cases/documents.ts';
import { prefillDraft, prefillOffer } from './use-cases/prefill-draft.ts';
import { submitRequest } from './use-cases/submit-request.ts';
import { withdrawRequest } from './use-cases/withdraw-request.ts';
import { findMyRequestByNumber, getMyRequest, listMyRequests, type RequestView } from './use-cases/get-request.ts';
import { countUnread, listInbox, markInboxRead } from './use-cases/inbox.ts';
import { answersFromForm } from './views/form-fields.tsx';
import { ApplyStartPage, EditRequestPage, InboxPage, MyRequestsPage, ReceiptPage, TrackingPage } from './views/request-pages.tsx';

const tags = ['portal'];
const ME = '/api/v1/portal/me/requests';

/** NIK answers masked (top level and in groups): the API never returns a NIK in clear. */
export function maskedAnswers(def: FormDefinition, answers: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...answers };
  for (const f of def.fields) {
    if (f.type === 'nik' && typeof out[f.name] === 'string') out[f.name] = maskNik(out[f.name] as string);
    if (f.type === 'group' && Array.isArray(out[f.name]) && f.fields?.some((s) => s.type === 'nik')) {
      out[f.name] = (out[f.name] as Record<string, unknown>[]).map((item) => {
        const copy = { ...item };
        for (const s of f.fields!) if (s.type === 'nik' && typeof copy[s.name] === 'string') copy[s.name] = maskNik(copy[s.name] as string);
        return copy;
      });
    }
  }
  return out;
}

const iso = (d: Date | string | null) => (d ? new Date(d).toISOString() : null);

function presentRequest(view: RequestView) {
  const { row } = view;
  return {
    id: row.id,
    trackingNumber: row.tracking_number,
    serviceKey: row.service_key,
    serviceName: row.service_name,
    agency: row.opd_name,
    status: row.status,
    submittedAt: iso(row.submitted_at),
    dueDay: row.due_day,
    createdAt: iso(row.created_at)!,
    version: row.version,
    slaWorkingDays: row.sla_working_days,
    paused: row.status === 'needs_fix',
    workingDaysLeft: view.workingDaysLeft,
    answers: maskedAnswers(view.definition, row.answers),
    prefilled: row.prefilled,
    form: { fields: view.definition.fields, documents: view.definition.documents },
    documents: view.documents.map((d) => ({
      id: d.id,
      kind: d.kind,
      requirementCode: d.requirement_code,
      name: d.name,
      contentType: d.content_type,
      size: Number(d.size),
      createdAt: iso(d.created_at)!,
      url: `${ME}/${row.id}/documents/${d.id}`,
    })),
    events: view.events.map((e) => ({ at: iso(e.at)!, kind: e.kind, fromStatus: e.from_status, toStatus: e.to_status, message: e.message })),
    fixMessage: view.fixMessage,
    decisionReason: row.status === 'approved' || row.status === 'rejected' ? row.decision_reason : null,
    surveyUrl: view.surveyUrl,
    receiptUrl: row.tracking_number ? receiptPath(row.id) : null,
    trackingUrl: trackingPath(row.id),
  };
}

/** The citizen's online requests: apply, drafts, prefill, submission, tracking, withdrawal, inbox. */
export const requestRoutes: FastifyPluginAsync = async (fastify) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const deps = app.padu.deps;
  const prefillService = () => app.padu.services.prefill;

  async function renderEdit(req: FastifyRequest, reply: FastifyReply, requestId: string, opts: { errors?: FieldError[]; status?: number; prefillNote?: MessageKey; extra?: Record<string, number> } = {}) {
    const view = await getMyRequest(deps, req.actor, requestId);
    if (!EDITABLE.includes(view.row.status)) return reply.redirect(trackingPath(requestId), 303);
    let offer;
    try {
      offer = await prefillOffer(prefillService(), req.actor, view.definition, view.row.prefilled, view.row.status);
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      offer = { state: 'unavailable' } as const;
    }
    const unread = await countUnread(deps, req.actor);
    reply.header('cache-control', 'no-store');
    return sendPage(
      reply,
      (ctx) => <EditRequestPage ctx={ctx} view={view} errors={opts.errors ?? []} offer={offer} extraItems={opts.extra ?? {}} unread={unread} prefillNote={opts.prefillNote} />,
      opts.status ?? 200,
    );
  }

  // ---- Apply -------------------------------------------------------------------------------------
  app.get('/layanan/:key/ajukan', { schema: { hide: true, params: S.ServiceKeyParams } }, async (req, reply) => {
    const service = await findApplicableService(deps, req.params.key);
    const isCitizen = platformPolicy.portalCitizen(req.actor);
    if (isCitizen && req.actor?.kind === 'user') {
      const draft = await findDraft(deps.db, req.actor.userId, service.id);
      if (draft) return reply.redirect(trackingPath(draft.id), 303);
    }
    const definition = definitionOf(service.definition);
    return sendPage(reply, (ctx) => <ApplyStartPage ctx={ctx} service={service} definition={definition} signedIn={!!req.actor} isCitizen={isCitizen} />);
  });

  app.post('/layanan/:key/ajukan', { schema: { hide: true, params: S.ServiceKeyParams } }, async (req, reply) => {
    const { id } = await startDraft(deps, auditContext(req), req.params.key);
    return reply.redirect(trackingPath(id), 303);
  });

  app.post('/api/v1/portal/me/requests', { schema: { tags, summary: 'Start (or resume) my request for a service that takes online requests', body: S.StartBody, response: { 200: S.StartOut, 201: S.StartOut } } }, async (req, reply) => {
    const r = await startDraft(deps, auditContext(req), req.body.serviceKey);
    return reply.status(r.created ? 201 : 200).send(r);
  });

  // ---- My requests -------------------------------------------------------------------------------
  app.get(MY_REQUESTS_PATH, { schema: { hide: true } }, async (req, reply) => {
    const items = await listMyRequests(deps, req.actor);
    const unread = await countUnread(deps, req.actor);
    return sendPage(reply, (ctx) => <MyRequestsPage ctx={ctx} items={items} unread={unread} />);
  });

  app.get(`${MY_REQUESTS_PATH}/nomor`, { schema: { hide: true } }, async (req, reply) => {
    const number = String((req.query as { nomor?: string }).nomor ?? '').trim().slice(0, 30);
    return reply.redirect(trackingPath(await findMyRequestByNumber(deps, req.actor, number)), 303);
  });

  app.get(ME, { schema: { tags, summary: 'My requests, drafts included, newest first', response: { 200: S.RequestListOut } } }, async (req) => ({
    items: (await listMyRequests(deps, req.actor)).map((r) => ({
      id: r.id,
      trackingNumber: r.tracking_number,
      serviceKey: r.service_key,
      serviceName: r.service_name,
      agency: r.opd_name,
      status: r.status,
      submittedAt: iso(r.submitted_at),
      dueDay: r.due_day,
      createdAt: iso(r.created_at)!,
    })),
  }));

  app.get(`${ME}/by-number/:trackingNumber`, { schema: { tags, summary: 'One of my requests by its tracking number', params: S.NumberParams, response: { 200: S.RequestOut } } }, async (req) =>
    presentRequest(await getMyRequest(deps, req.actor, await findMyRequestByNumber(deps, req.actor, req.params.trackingNumber))),
  );

  // ---- One request -------------------------------------------------------------------------------
  app.get(`${MY_REQUESTS_PATH}/:requestId`, { schema: { hide: true, params: S.RequestParams } }, async (req, reply) => {
    const view = await getMyRequest(deps, req.actor, req.params.requestId);
    if (EDITABLE.includes(view.row.status)) {
      const add = String((req.query as { tambah?: string }).tambah ?? '');
      return renderEdit(req, reply, req.params.requestId, { extra: view.definition.fields.some((f) => f.type === 'group' && f.name === add) ? { [add]: 1 } : {} });
    }
    const unread = await countUnread(deps, req.actor);
    return sendPage(reply, (ctx) => <TrackingPage ctx={ctx} view={view} unread={unread} canWithdraw={WITHDRAWABLE.includes(view.row.status)} />);
  });

  app.get(`${ME}/:requestId`, { schema: { tags, summary: 'One of my requests: answers (NIK masked), documents, public history, deadline', params: S.RequestParams, response: { 200: S.RequestOut } } }, async (req) =>
    presentRequest(await getMyRequest(deps, req.actor, req.params.requestId)),
  );

  // Save (draft or fix), add a group row, or submit — one form, three buttons.
  app.post(`${MY_REQUESTS_PATH}/:requestId`, { schema: { hide: true, params: S.RequestParams } }, async (req, reply) => {
    const id = req.params.requestId;
    const body = (req.body ?? {}) as Record<string, unknown>;
    const action = String(body.action ?? 'save');
    await saveDraft(deps, auditContext(req), id, { answers: answersFromForm(body), keepBlankNik: true });
    if (action.startsWith('add:')) return reply.redirect(`${trackingPath(id)}?tambah=${encodeURIComponent(action.slice(4))}#f-${action.slice(4)}`, 303);
    if (action !== 'submit') return redirectWithFlash(reply, trackingPath(id), 'portal.flash.draft_saved');
    try {
      const r = await submitRequest(deps, auditContext(req), id);
      return redirectWithFlash(reply, r.resubmitted ? trackingPath(id) : receiptPath(id), r.resubmitted ? 'portal.flash.resubmitted' : 'portal.flash.submitted');
    } catch (error) {
      if (error instanceof AppError && error.code === 'validation') return renderEdit(req, reply, id, { errors: error.fields, status: 400 });
      throw error;
    }
  });

  app.patch(`${ME}/:requestId`, { schema: { tags, summary: 'Save answers to my draft (or to a request sent back for a fix); values given replace stored ones', params: S.RequestParams, body: S.AnswersBody, response: { 200: S.RequestOut } } }, async (req) => {
    const current = await getMyRequest(deps, req.actor, req.params.requestId);
    await saveDraft(deps, auditContext(req), req.params.requestId, { answers: { ...current.row.answers, ...req.body.answers } });
    return presentRequest(await getMyRequest(deps, req.actor, req.params.requestId));
  });

  app.post(`${ME}/:requestId/submit`, { schema: { tags, summary: 'Send my request (or the fixed request) to the agency; every missing answer or document is reported by field', params: S.RequestParams, response: { 200: S.SubmitOut } } }, async (req) =>
    submitRequest(deps, auditContext(req), req.params.requestId),
  );

  // ---- Prefill -------------------------------------------------------------------------------------
  app.post(`${MY_REQUESTS_PATH}/:requestId/isi-otomatis`, { schema: { hide: true, params: S.RequestParams } }, async (req, reply) => {
    try {
      const r = await prefillDraft(deps, auditContext(req), prefillService(), req.params.requestId);
      return redirectWithFlash(reply, trackingPath(req.params.requestId), r.missed.length ? 'portal.flash.prefill_partial' : 'portal.flash.prefilled');
    } catch (error) {
      if (error instanceof AppError && error.code === 'conflict' && error.messageKey.startsWith('portal.prefill.')) return renderEdit(req, reply, req.params.requestId, { prefillNote: error.messageKey, status: 409 });
      throw error;
    }
  });

  app.post(`${ME}/:requestId/prefill`, { schema: { tags, summary: 'Agree to fetch the form’s prefill data from its sources (through the gateway) and fill them in', params: S.RequestParams, response: { 200: S.PrefillOut } } }, async (req) =>
    prefillDraft(deps, auditContext(req), prefillService(), req.params.requestId),
  );

  // ---- Documents (downloads; uploads are in requestUploadRoutes) -------------------------------------
  async function download(req: FastifyRequest, reply: FastifyReply, requestId: string, documentId: string) {
    const row = await findRequest(deps.db, requestId);
    // The owner, or (once submitted) officers of the request's agency; anyone else: not found.
    if (!row || !canReadRequest(req.actor, row)) throw new AppError(req.actor ? 'not_found' : 'unauthorized', req.actor ? 'error.not_found' : 'error.unauthorized');
    const doc = await findDocument(deps.db, requestId, documentId);
    if (!doc) throw new AppError('not_found', 'error.not_found');
    const { file, stream } = await openFile(deps, req.actor, doc.file_id, () => true);
    return sendFile(reply, file, stream);
  }
  app.get(`${MY_REQUESTS_PATH}/:requestId/dokumen/:documentId`, { schema: { hide: true, params: S.DocumentParams } }, async (req, reply) => download(req, reply, req.params.requestId, req.params.documentId));
  app.get(`${ME}/:requestId/documents/:documentId`, { schema: { tags, summary: 'Download a document of my request (required or result)', params: S.DocumentParams } }, async (req, reply) =>
    download(req, reply, req.params.requestId, req.params.documentId),
  );

  app.post(`${MY_REQUESTS_PATH}/:requestId/dokumen/:documentId/hapus`, { schema: { hide: true, params: S.DocumentParams } }, async (req, reply) => {
    await removeDocument(deps, auditContext(req), req.params.requestId, req.params.documentId);
    return redirectWithFlash(reply, `${trackingPath(req.params.requestId)}#documents-title`, 'portal.flash.document_removed');
  });
  app.delete(`${ME}/:requestId/documents/:documentId`, { schema: { tags, summary: 'Remove a document from my draft', params: S.DocumentParams, response: { 200: S.MarkedOut } } }, async (req) => {
    await removeDocument(deps, auditContext(req), req.params.requestId, req.params.documentId);
    return { marked: 1 };
  });

  // ---- Receipt, withdrawal -------------------------------------------------------------------------
  app.get(`${MY_REQUESTS_PATH}/:requestId/tanda-terima`, { schema: { hide: true, params: S.RequestParams } }, async (req, reply) => {
    const view = await getMyRequest(deps, req.actor, req.params.requestId);
    if (!view.row.tracking_number) return reply.redirect(trackingPath(view.row.id), 303);
    return sendPage(reply, (ctx) => <ReceiptPage ctx={ctx} view={view} />);
  });

  app.post(`${MY_REQUESTS_PATH}/:requestId/batalkan`, { schema: { hide: true, params: S.RequestParams } }, async (req, reply) => {
    const reason = String(((req.body ?? {}) as { reason?: string }).reason ?? '');
    await withdrawRequest(deps, auditContext(req), req.params.requestId, reason);
    return redirectWithFlash(reply, trackingPath(req.params.requestId), 'portal.flash.withdrawn');
  });
  app.post(`${ME}/:requestId/withdraw`, { schema: { tags, summary: 'Withdraw my submitted request (before it is decided)', params: S.RequestParams, body: S.WithdrawBody, response: { 200: S.RequestOut } } }, async (req) => {
    await withdrawRequest(deps, auditContext(req), req.params.requestId, req.body?.reason);
    return presentRequest(await getMyRequest(deps, req.actor, req.params.requestId));
  });

  // ---- Inbox ---------------------------------------------------------------------------------------
  app.get(INBOX_PATH, { schema: { hide: true } }, async (req, reply) => {
    const { items, unread } = await listInbox(deps, req.actor);
    return sendPage(reply, (ctx) => <InboxPage ctx={ctx} items={items} unread={unread} />);
  });
  app.post(`${INBOX_PATH}/:messageId/baca`, { schema: { hide: true, params: S.MessageParams } }, async (req, reply) => {
    await markInboxRead(deps, auditContext(req), req.params.messageId);
    return reply.redirect(INBOX_PATH, 303);
  });
  app.post(`${INBOX_PATH}/baca-semua`, { schema: { hide: true } }, async (req, reply) => {
    await markInboxRead(deps, auditContext(req), null);
    return reply.redirect(INBOX_PATH, 303);
  });

  app.get('/api/v1/portal/me/inbox', { schema: { tags, summary: 'My inbox: one message per change to my requests, newest first', response: { 200: S.InboxOut } } }, async (req) => {
    const { items, unread } = await listInbox(deps, req.actor);
    const locale: Locale = req.locale;
    return {
      unread,
      items: items.map((m) => ({
        id: m.id,
        requestId: m.request_id,
        trackingNumber: m.tracking_number,
        text: translate(locale, m.message_key as MessageKey, m.params),
        messageKey: m.message_key,
        createdAt: iso(m.created_at)!,
        readAt: iso(m.read_at),
      })),
    };
  });
  app.post('/api/v1/portal/me/inbox/:messageId/read', { schema: { tags, summary: 'Mark one of my inbox messages read', params: S.MessageParams, response: { 200: S.MarkedOut } } }, async (req) => ({
    marked: await markInboxRead(deps, auditContext(req), req.params.messageId),
  }));
  app.post('/api/v1/portal/me/inbox/read-all', { schema: { tags, summary: 'Mark all my inbox messages read', response: { 200: S.MarkedOut } } }, async (req) => ({
    marked: await markInboxRead(deps, auditContext(req), null),
  }));
};

/** Uploads of required documents (multipart, streamed into the file service), in a plugin of their own. */
export const requestUploadRoutes: FastifyPluginAsync = async (fastify) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const deps = app.padu.deps;
  await acceptUploads(app, { maxFileBytes: MAX_DOCUMENT_BYTES, files: 31, totalBytes: 60 * 1024 * 1024 });

  async function upload(req: FastifyRequest, requestId: string): Promise<string[]> {
    const audit = auditContext(req);
    // Who and what are checked before a byte is stored.
    const { row, definition } = await requestForUpload(deps, req.actor, requestId);
    const form = await readUploadForm(req, deps, audit, { files: uploadSpecOf(definition), opdId: row.opd_id });
    return withUploads(form, (files) => attachDocuments(deps, audit, requestId, files));
  }

  app.post(`${MY_REQUESTS_PATH}/:requestId/dokumen`, { schema: { hide: true, params: S.RequestParams } }, async (req, reply) => {
    try {
      await upload(req, req.params.requestId);
      return redirectWithFlash(reply, `${trackingPath(req.params.requestId)}#documents-title`, 'portal.flash.document_added');
    } catch (error) {
      if (!(error instanceof AppError) || error.code !== 'validation') throw error;
      const view = await getMyRequest(deps, req.actor, req.params.requestId);
      const unread = await countUnread(deps, req.actor);
      reply.header('cache-control', 'no-store');
      return sendPage(reply, (ctx) => <EditRequestPage ctx={ctx} view={view} errors={error.fields} offer={{ state: 'none' }} extraItems={{}} unread={unread} />, 400);
    }
  });

  app.post(`${ME}/:requestId/documents`, { schema: { tags, summary: 'Upload required documents (multipart; one input per document code; PDF, JPEG or PNG, checked by content)', params: S.RequestParams, response: { 201: S.UploadOut } } }, async (req, reply) =>
    reply.status(201).send({ documents: await upload(req, req.params.requestId) }),
  );
};
