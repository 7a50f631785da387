import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { parseForm, parseValue, StringEnum, Uuid } from '../../../platform/http/validation.ts';
import { AppError, notFound, validationError } from '../../../platform/http/errors.ts';
import { auditContext } from '../../../platform/http/request-context.ts';
import { redirectWithFlash, sendPage } from '../../../platform/html/render.tsx';
import { emptyForm, type FormState } from '../../../platform/html/context.ts';
import { ensure } from '../../../platform/auth/policy.ts';
import { listOpdOptions } from '../../../platform/org/index.ts';
import { acceptUploads, openFile, readUploadForm, sendFile, withUploads } from '../../../platform/files/index.ts';
import { CHECK_SEVERITIES, INTEGRATION_PLANS, PROPOSAL_KINDS, PROPOSAL_STATUSES, REVIEW_DECISIONS, type ProposalStatus } from '../db.ts';
import { COST_BENEFIT_FILE, KAK_FILE, MAX_UPLOAD_BYTES } from '../files.ts';
import { tataKelolaPolicy } from '../policy.ts';
import * as S from './schemas.ts';
import { findApps, roadmapOptions } from './repo.ts';
import { getProposal } from './use-cases/get-proposal.ts';
import { getTotals, listProposalsFor } from './use-cases/list-proposals.ts';
import { reviewProposal } from './use-cases/review-proposal.ts';
import { reviseProposal, submitProposal } from './use-cases/submit-proposal.ts';
import type { ProposalInput } from './use-cases/proposal-input.ts';
import { listChecks, updateCheck } from './use-cases/manage-checks.ts';
import { CheckEditPage, ChecksPage, ProposalFormPage, ProposalPage, ProposalsPage } from './views/clearance-pages.tsx';

const YearText = Type.Integer({ minimum: 2000, maximum: 2100 });
const VersionForm = Type.Object({
  title: Type.String({ minLength: 3, maxLength: 300 }),
  kind: StringEnum(PROPOSAL_KINDS),
  subKegiatanCode: Type.String({ minLength: 5, maxLength: 40 }),
  amount: Type.Integer({ minimum: 1 }),
  description: Type.String({ minLength: 10, maxLength: 20000 }),
  archCodes: Type.Optional(Type.String({ maxLength: 2000 })),
  roadmapItemId: Type.Optional(Uuid()),
  appKeys: Type.Optional(Type.String({ maxLength: 4000 })),
  newServers: Type.Optional(Type.Boolean()),
  integration: StringEnum(INTEGRATION_PLANS),
  securityAuditPlanned: Type.Optional(Type.Boolean()),
});
const NewForm = Type.Object({ opdId: Uuid(), budgetYear: YearText, ...VersionForm.properties });
const ReviewForm = Type.Object({
  decision: StringEnum(REVIEW_DECISIONS),
  notes: Type.Optional(Type.String({ maxLength: 10000 })),
  reasons: Type.Optional(Type.String({ maxLength: 10000 })),
  legalBasis: Type.Optional(Type.String({ maxLength: 2000 })),
  version: Type.Optional(Type.Integer({ minimum: 1 })),
});
const CheckForm = Type.Object({
  enabled: Type.Boolean(),
  severity: StringEnum(CHECK_SEVERITIES),
  kinds: Type.Array(StringEnum(PROPOSAL_KINDS), { minItems: 1 }),
  titleId: Type.String({ minLength: 1, maxLength: 500 }),
  titleEn: Type.String({ minLength: 1, maxLength: 500 }),
  passId: Type.String({ minLength: 1, maxLength: 2000 }),
  passEn: Type.String({ minLength: 1, maxLength: 2000 }),
  failId: Type.String({ minLength: 1, maxLength: 2000 }),
  failEn: Type.String({ minLength: 1, maxLength: 2000 }),
  legalBasis: Type.Optional(Type.String({ maxLength: 1000 })),
});
const ListQuery = Type.Object({
  budgetYear: Type.Optional(Type.String({ maxLength: 4 })),
  status: Type.Optional(Type.Union([StringEnum(PROPOSAL_STATUSES), Type.Literal('')])),
  opdId: Type.Optional(Type.Union([Uuid(), Type.Literal('')])),
});

const list = (s: string | undefined) =>
  (s ?? '')
    .split(/[,;\s]+/)
    .map((x) => x.trim())
    .filter(Boolean);

/** Fields as `parseForm` takes them (multipart gives strings or arrays of strings). */
const single = (fields: Record<string, string | string[]>) => Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, Array.isArray(v) ? (k === 'kinds' ? v : v[0]) : v]));

/** The form's version fields as the use case takes them; app keys become ids (unknown keys are a field error). */
async function versionFromForm(req: FastifyRequest, f: ReturnType<typeof parseForm<typeof VersionForm>>): Promise<ProposalInput> {
  const keys = list(f.appKeys);
  const apps = await findApps(req.server.padu.deps.db, { keys });
  const unknown = keys.filter((k) => !apps.some((a) => a.key === k));
  if (unknown.length) throw validationError([{ field: 'appKeys', messageKey: 'tata_kelola.proposal.unknown_app_keys', params: { keys: unknown.join(', ') } }]);
  return {
    title: f.title,
    kind: f.kind,
    subKegiatanCode: f.subKegiatanCode,
    amount: f.amount,
    description: f.description,
    archCodes: list(f.archCodes),
    roadmapItemId: f.roadmapItemId ?? null,
    appIds: apps.map((a) => a.id),
    newServers: f.newServers ?? false,
    integration: f.integration,
    securityAuditPlanned: f.securityAuditPlanned ?? false,
  };
}

/** IT-spending clearance: agencies' proposals, automatic checks, the SPBE team's review, totals, check list. */
export const clearanceRoutes: FastifyPluginAsync = async (fastify) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const deps = app.padu.deps;
  await acceptUploads(app, { maxFileBytes: MAX_UPLOAD_BYTES, files: 2 });

  const actingOptions = async (req: FastifyRequest) => (await listOpdOptions(deps.db)).filter((o) => tataKelolaPolicy.actFor(req.actor, o.value));
  const readableOptions = async (req: FastifyRequest) => {
    const all = await listOpdOptions(deps.db);
    const ids = tataKelolaPolicy.readableOpdIds(req.actor);
    return ids === 'all' ? all : all.filter((o) => ids.includes(o.value));
  };
  const roadmapChoices = async (opdIds: string[] | 'all') => (await roadmapOptions(deps.db, opdIds)).map((r) => ({ value: r.id, label: `${r.title} (${r.start_year}-${r.end_year})` }));

  // ---- List and totals ---------------------------------------------------------------------------
  app.get('/tata-kelola/proposals', { schema: { hide: true, querystring: ListQuery } }, async (req, reply) => {
    const { budgetYear = '', status = '', opdId = '' } = req.query;
    const year = /^\d{4}$/.test(budgetYear) ? Number(budgetYear) : undefined;
    const proposals = await listProposalsFor(deps, req.actor, { budgetYear: year, status: (status || undefined) as ProposalStatus | undefined, opdId: opdId || undefined });
    const totals = await getTotals(deps, req.actor);
    const opdOptions = await readableOptions(req);
    const canSubmit = (await actingOptions(req)).length > 0;
    return sendPage(reply, (ctx) => <ProposalsPage ctx={ctx} proposals={proposals} totals={totals} filter={{ budgetYear, status, opdId }} opdOptions={opdOptions} canSubmit={canSubmit} />);
  });
  app.get(
    '/api/v1/tata-kelola/proposals',
    { schema: { tags: ['tata-kelola'], summary: 'Spending proposals I may see (my agencies’, or all for the SPBE team and auditors), with totals per budget year', querystring: S.ProposalQuery, response: { 200: S.ProposalListOut } } },
    async (req) => ({
      items: (await listProposalsFor(deps, req.actor, req.query)).map(S.presentSummary),
      totals: await getTotals(deps, req.actor),
    }),
  );

  // ---- New proposal -----------------------------------------------------------------------------------
  const newPage = async (req: FastifyRequest, reply: FastifyReply, form?: FormState, status = 200) => {
    const opdOptions = await actingOptions(req);
    if (opdOptions.length === 0) throw new AppError('forbidden', 'error.forbidden');
    const roadmap = await roadmapChoices(tataKelolaPolicy.readAll(req.actor) ? 'all' : tataKelolaPolicy.actingOpdIds(req.actor));
    const f = form ?? emptyForm({ opdId: opdOptions.length === 1 ? opdOptions[0]!.value : '', budgetYear: deps.clock.now().getUTCFullYear() + 1, integration: 'tidak_ada', newServers: 'false', securityAuditPlanned: 'false' });
    return sendPage(reply, (ctx) => <ProposalFormPage ctx={ctx} form={f} opdOptions={opdOptions} roadmapOptions={roadmap} />, status);
  };
  app.get('/tata-kelola/proposals/new', { schema: { hide: true } }, async (req, reply) => {
    ensure(req.actor, tataKelolaPolicy.enter(req.actor));
    return newPage(req, reply);
  });
  app.post('/tata-kelola/proposals', { schema: { hide: true } }, async (req, reply) => {
    ensure(req.actor, tataKelolaPolicy.enter(req.actor));
    const opdId = String((req.body as Record<string, unknown>)?.opdId ?? '');
    ensure(req.actor, tataKelolaPolicy.actFor(req.actor, opdId));
    const form = await readUploadForm(req, deps, auditContext(req), { files: { kak: KAK_FILE, costBenefit: COST_BENEFIT_FILE }, opdId });
    try {
      const { id } = await withUploads(
        form,
        async (files) => {
          const f = parseForm(NewForm, single(form.fields));
          const version = await versionFromForm(req, f);
          return submitProposal(deps, auditContext(req), { ...version, opdId: f.opdId, budgetYear: f.budgetYear, kakFileId: files.kak?.[0]?.id ?? null, costBenefitFileId: files.costBenefit?.[0]?.id ?? null });
        },
        { check: () => parseForm(NewForm, single(form.fields)) },
      );
      return redirectWithFlash(reply, `/tata-kelola/proposals/${id}`, 'tata_kelola.flash.proposal_submitted');
    } catch (error) {
      if (error instanceof AppError && error.code === 'validation') return newPage(req, reply, { values: single(form.fields), errors: error.fields }, 400);
      throw error;
    }
  });
  app.post(
    '/api/v1/tata-kelola/proposals',
    {
      schema: {
        tags: ['tata-kelola'],
        summary: 'Submit a spending proposal for a budget year; the automatic checks run at once. JSON (attach KAK and cost-benefit by revising with multipart), or multipart/form-data with the same fields plus files `kak` and `costBenefit`',
        consumes: ['application/json', 'multipart/form-data'],
        response: { 201: S.ProposalOut },
      },
    },
    async (req, reply) => {
      const opdId = String((req.body as Record<string, unknown>)?.opdId ?? '');
      ensure(req.actor, tataKelolaPolicy.actFor(req.actor, opdId));
      const form = await readUploadForm(req, deps, auditContext(req), { files: { kak: KAK_FILE, costBenefit: COST_BENEFIT_FILE }, opdId });
      const { id } = await withUploads(form, async (files) => {
        const body = req.isMultipart() ? multipartBody(form.fields, S.NewProposalBody) : parseValue(S.NewProposalBody, req.body);
        return submitProposal(deps, auditContext(req), { ...body, kakFileId: files.kak?.[0]?.id ?? null, costBenefitFileId: files.costBenefit?.[0]?.id ?? null } as ProposalInput & { opdId: string; budgetYear: number });
      });
      return reply.status(201).send(S.presentProposal(await getProposal(deps, req.actor, id), req.locale));
    },
  );

  // ---- One proposal ----------------------------------------------------------------------------------
  const proposalPage = async (req: FastifyRequest, reply: FastifyReply, id: string, reviewForm: FormState = emptyForm(), status = 200) => {
    const detail = await getProposal(deps, req.actor, id);
    const canRevise = tataKelolaPolicy.actFor(req.actor, detail.proposal.opd_id) && detail.proposal.status !== 'recommended';
    return sendPage(reply, (ctx) => <ProposalPage ctx={ctx} detail={detail} reviewForm={reviewForm} canReview={tataKelolaPolicy.reviewProposal(req.actor)} canRevise={canRevise} />, status);
  };
  app.get('/tata-kelola/proposals/:proposalId', { schema: { hide: true, params: S.ProposalParams } }, async (req, reply) => proposalPage(req, reply, req.params.proposalId));
  app.get(
    '/api/v1/tata-kelola/proposals/:proposalId',
    { schema: { tags: ['tata-kelola'], summary: 'One proposal with every version, its check results and reviews', params: S.ProposalParams, response: { 200: S.ProposalOut } } },
    async (req) => S.presentProposal(await getProposal(deps, req.actor, req.params.proposalId), req.locale),
  );

  const revisePage = async (req: FastifyRequest, reply: FastifyReply, id: string, form?: FormState, status = 200) => {
    const detail = await getProposal(deps, req.actor, id);
    ensure(req.actor, tataKelolaPolicy.actFor(req.actor, detail.proposal.opd_id));
    if (detail.proposal.status === 'recommended') throw new AppError('conflict', 'tata_kelola.proposal.already_recommended');
    const v = detail.versions[0]!;
    const roadmap = await roadmapChoices(tataKelolaPolicy.readAll(req.actor) ? 'all' : tataKelolaPolicy.actingOpdIds(req.actor));
    const f =
      form ??
      emptyForm({
        title: v.title,
        kind: v.kind,
        subKegiatanCode: v.sub_kegiatan_code,
        amount: Number(v.amount),
        description: v.description,
        archCodes: v.arch_codes.join(', '),
        roadmapItemId: v.roadmap_item_id ?? '',
        appKeys: v.apps.map((a) => a.key).join(', '),
        newServers: String(v.new_servers),
        integration: v.integration,
        securityAuditPlanned: String(v.security_audit_planned),
      });
    return sendPage(reply, (ctx) => <ProposalFormPage ctx={ctx} form={f} opdOptions={[]} roadmapOptions={roadmap} proposal={detail} />, status);
  };
  app.get('/tata-kelola/proposals/:proposalId/revise', { schema: { hide: true, params: S.ProposalParams } }, async (req, reply) => revisePage(req, reply, req.params.proposalId));
  app.post('/tata-kelola/proposals/:proposalId', { schema: { hide: true, params: S.ProposalParams } }, async (req, reply) => {
    const id = req.params.proposalId;
    const detail = await getProposal(deps, req.actor, id);
    ensure(req.actor, tataKelolaPolicy.actFor(req.actor, detail.proposal.opd_id));
    const form = await readUploadForm(req, deps, auditContext(req), { files: { kak: KAK_FILE, costBenefit: COST_BENEFIT_FILE }, opdId: detail.proposal.opd_id });
    try {
      await withUploads(
        form,
        async (files) => {
          const version = await versionFromForm(req, parseForm(VersionForm, single(form.fields)));
          return reviseProposal(deps, auditContext(req), id, { ...version, kakFileId: files.kak?.[0]?.id, costBenefitFileId: files.costBenefit?.[0]?.id });
        },
        { check: () => parseForm(VersionForm, single(form.fields)) },
      );
      return redirectWithFlash(reply, `/tata-kelola/proposals/${id}`, 'tata_kelola.flash.proposal_resubmitted');
    } catch (error) {
      if (error instanceof AppError && (error.code === 'validation' || error.code === 'conflict')) return revisePage(req, reply, id, { values: single(form.fields), errors: error.fields.length ? error.fields : [{ field: 'title', messageKey: error.messageKey }] }, error.status);
      throw error;
    }
  });
  app.post(
    '/api/v1/tata-kelola/proposals/:proposalId/versions',
    {
      schema: {
        tags: ['tata-kelola'],
        summary: 'Revise and resubmit: a new version with its own checks (earlier versions are kept). JSON with `kakFileId`/`costBenefitFileId` omitted keeps the previous files; multipart/form-data may carry new `kak` and `costBenefit` files',
        params: S.ProposalParams,
        consumes: ['application/json', 'multipart/form-data'],
        response: { 201: S.ProposalOut },
      },
    },
    async (req, reply) => {
      const id = req.params.proposalId;
      const detail = await getProposal(deps, req.actor, id);
      ensure(req.actor, tataKelolaPolicy.actFor(req.actor, detail.proposal.opd_id));
      const form = await readUploadForm(req, deps, auditContext(req), { files: { kak: KAK_FILE, costBenefit: COST_BENEFIT_FILE }, opdId: detail.proposal.opd_id });
      await withUploads(form, async (files) => {
        const body = req.isMultipart() ? multipartBody(form.fields, S.RevisionBody) : parseValue(S.RevisionBody, req.body);
        return reviseProposal(deps, auditContext(req), id, { ...body, kakFileId: files.kak?.[0]?.id, costBenefitFileId: files.costBenefit?.[0]?.id } as ProposalInput);
      });
      return reply.status(201).send(S.presentProposal(await getProposal(deps, req.actor, id), req.locale));
    },
  );

  app.post('/tata-kelola/proposals/:proposalId/review', { schema: { hide: true, params: S.ProposalParams } }, async (req, reply) => {
    ensure(req.actor, tataKelolaPolicy.reviewProposal(req.actor));
    const id = req.params.proposalId;
    try {
      const input = parseForm(ReviewForm, req.body);
      await reviewProposal(deps, auditContext(req), id, input);
      return redirectWithFlash(reply, `/tata-kelola/proposals/${id}`, 'tata_kelola.flash.proposal_reviewed');
    } catch (error) {
      if (error instanceof AppError && (error.code === 'validation' || error.code === 'conflict')) return proposalPage(req, reply, id, { values: req.body as Record<string, unknown>, errors: error.fields.length ? error.fields : [{ field: 'decision', messageKey: error.messageKey }] }, error.status);
      throw error;
    }
  });
  app.post(
    '/api/v1/tata-kelola/proposals/:proposalId/review',
    { schema: { tags: ['tata-kelola'], summary: 'The SPBE team’s decision on the current version: recommended, recommended_with_notes (notes required) or rejected (reasons and legal basis required)', params: S.ProposalParams, body: S.ReviewBody, response: { 200: S.ProposalOut } } },
    async (req) => {
      await reviewProposal(deps, auditContext(req), req.params.proposalId, req.body);
      return S.presentProposal(await getProposal(deps, req.actor, req.params.proposalId), req.locale);
    },
  );

  const downloadFile = async (req: FastifyRequest<{ Params: { proposalId: string; fileId: string } }>, reply: FastifyReply) => {
    const detail = await getProposal(deps, req.actor, req.params.proposalId);
    const ids = new Set(detail.versions.flatMap((v) => [v.kak_file_id, v.cost_benefit_file_id]).filter(Boolean));
    if (!ids.has(req.params.fileId)) throw notFound();
    const { file, stream } = await openFile(deps, req.actor, req.params.fileId, () => true);
    return sendFile(reply, file, stream, { inline: true });
  };
  app.get('/tata-kelola/proposals/:proposalId/files/:fileId', { schema: { hide: true, params: S.ProposalFileParams } }, downloadFile);
  app.get(
    '/api/v1/tata-kelola/proposals/:proposalId/files/:fileId',
    { schema: { tags: ['tata-kelola'], summary: 'Download a proposal’s KAK or cost-benefit analysis (any version)', params: S.ProposalFileParams, produces: ['application/octet-stream'] } },
    downloadFile,
  );

  // ---- Check list ---------------------------------------------------------------------------------------
  app.get('/tata-kelola/checks', { schema: { hide: true } }, async (req, reply) => {
    const checks = await listChecks(deps, req.actor);
    return sendPage(reply, (ctx) => <ChecksPage ctx={ctx} checks={checks} canManage={tataKelolaPolicy.manageChecks(req.actor)} />);
  });
  app.get('/api/v1/tata-kelola/clearance-checks', { schema: { tags: ['tata-kelola'], summary: 'The clearance check list (configurable: texts, severity, kinds, legal basis)', response: { 200: S.CheckListOut } } }, async (req) => ({
    items: (await listChecks(deps, req.actor)).map(S.presentCheck),
  }));
  const checkPage = async (req: FastifyRequest, reply: FastifyReply, code: string, form?: FormState, status = 200) => {
    ensure(req.actor, tataKelolaPolicy.manageChecks(req.actor));
    const check = (await listChecks(deps, req.actor)).find((c) => c.code === code);
    if (!check) throw notFound();
    const f =
      form ??
      emptyForm({ enabled: String(check.enabled), severity: check.severity, kinds: check.kinds, titleId: check.title.id, titleEn: check.title.en, passId: check.pass.id, passEn: check.pass.en, failId: check.fail.id, failEn: check.fail.en, legalBasis: check.legalBasis ?? '' });
    return sendPage(reply, (ctx) => <CheckEditPage ctx={ctx} check={check} form={f} />, status);
  };
  app.get('/tata-kelola/checks/:code/edit', { schema: { hide: true, params: S.CheckParams } }, async (req, reply) => checkPage(req, reply, req.params.code));
  app.post('/tata-kelola/checks/:code', { schema: { hide: true, params: S.CheckParams } }, async (req, reply) => {
    ensure(req.actor, tataKelolaPolicy.manageChecks(req.actor));
    try {
      const input = parseForm(CheckForm, req.body);
      await updateCheck(deps, auditContext(req), req.params.code, input);
      return redirectWithFlash(reply, '/tata-kelola/checks', 'flash.saved');
    } catch (error) {
      if (error instanceof AppError && error.code === 'validation') return checkPage(req, reply, req.params.code, { values: req.body as Record<string, unknown>, errors: error.fields }, 400);
      throw error;
    }
  });
  app.patch(
    '/api/v1/tata-kelola/clearance-checks/:code',
    { schema: { tags: ['tata-kelola'], summary: 'Align a check with the circular: texts (Indonesian and English), legal basis, severity, kinds, on or off', params: S.CheckParams, body: S.CheckBody, response: { 200: S.CheckOut } } },
    async (req) => {
      await updateCheck(deps, auditContext(req), req.params.code, req.body);
      return S.presentCheck((await listChecks(deps, req.actor)).find((c) => c.code === req.params.code)!);
    },
  );
};

/** A multipart API body: fields are strings, so numbers, booleans and lists are converted as for forms. */
function multipartBody<T extends typeof S.NewProposalBody | typeof S.RevisionBody>(fields: Record<string, string | string[]>, schema: T) {
  const values: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(fields)) {
    if (k === 'archCodes' || k === 'appIds') values[k] = (Array.isArray(v) ? v : list(v)).filter(Boolean);
    else values[k] = Array.isArray(v) ? v[0] : v;
  }
  return parseForm(schema, values);
}
