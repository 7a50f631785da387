import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { parseForm } from '../../../platform/http/validation.ts';
import { AppError } from '../../../platform/http/errors.ts';
import { auditContext } from '../../../platform/http/request-context.ts';
import { safeNext } from '../../../platform/http/app.tsx';
import { redirectWithFlash, sendPage } from '../../../platform/html/render.tsx';
import { emptyForm, type FormState } from '../../../platform/html/context.ts';
import type { Actor } from '../../../platform/auth/actor.ts';
import type { Deps } from '../../../platform/deps.ts';
import { ensure } from '../../../platform/auth/policy.ts';
import { listOpdOptions } from '../../../platform/org/index.ts';
import { katalogPolicy } from '../policy.ts';
import { findAppIdByKey } from '../repo.ts';
import { getApp, type AppDetail } from '../use-cases/get-app.ts';
import { loadGeneralAppReference } from '../duplicates/index.ts';
import './messages.ts';
import * as S from './schemas.ts';
import { isEnded, localDate } from './metrics.ts';
import { presentAssessment, presentCapabilityCoverage, presentDecision, presentPortfolio, presentTimeQuadrant } from './present.ts';
import { assessApp } from './use-cases/assess-app.ts';
import { listAppAssessments } from './use-cases/list-app-assessments.ts';
import { getTimeQuadrant } from './use-cases/get-time-quadrant.ts';
import { createDecision, type DecisionInput } from './use-cases/create-decision.ts';
import { getDecision } from './use-cases/get-decision.ts';
import { cancelDecision } from './use-cases/cancel-decision.ts';
import { carryOutDecision } from './use-cases/carry-out-decision.ts';
import { listAppDecisions, listDecisions } from './use-cases/list-decisions.ts';
import { getPortfolio } from './use-cases/get-portfolio.ts';
import { getCapabilityCoverage } from './use-cases/get-capability-coverage.ts';
import { AssessmentPage, TimeQuadrantPage } from './views/time-views.tsx';
import { DecisionFormPage, DecisionListPage } from './views/decision-views.tsx';
import { PortfolioPage } from './views/portfolio-views.tsx';
import { CapabilityPage } from './views/capability-views.tsx';
import type { AppRationalisation } from './views/app-section.tsx';

const ReturnForm = Type.Object({ returnTo: Type.Optional(Type.String({ maxLength: 500 })) });

/** Names of the national general applications, offered when a decision replaces an app with one. */
function generalAppNames(): string[] {
  return loadGeneralAppReference().systems.map((s) => s.name);
}

/** What the app page's rationalisation section shows (loaded after the app itself was allowed). */
export async function loadAppRationalisation(deps: Pick<Deps, 'db' | 'clock' | 'config'>, actor: Actor | null, app: AppDetail): Promise<AppRationalisation> {
  const [assessments, decisions] = await Promise.all([listAppAssessments(deps, actor, app.id), listAppDecisions(deps, actor, app.id)]);
  return {
    appId: app.id,
    ended: isEnded(app.lifecycle),
    assessments: assessments.items,
    decisions: decisions.items,
    canAssess: katalogPolicy.edit(actor, app.opd_id),
    canDecide: katalogPolicy.rationalise(actor),
    today: localDate(deps.clock.now(), deps.config.timeZone),
  };
}

const returnPath = (body: unknown, fallback: string) => {
  const to = (body as { returnTo?: unknown } | undefined)?.returnTo;
  const path = safeNext(typeof to === 'string' ? to : undefined);
  return path.startsWith('/katalog') ? path : fallback;
};

/** Form values that name the merge target by key become the use case's input (target by id). */
async function decisionFormToInput(req: FastifyRequest): Promise<DecisionInput> {
  const f = parseForm(S.DecisionForm, req.body);
  let targetAppId: string | null = null;
  if (f.decision === 'merge' && f.targetAppKey) {
    const target = await findAppIdByKey(req.server.padu.deps.db, f.targetAppKey.trim().toLowerCase());
    if (!target) throw new AppError('validation', 'error.validation', { fields: [{ field: 'targetAppKey', messageKey: 'katalog.unknown_app' }] });
    targetAppId = target.id;
  }
  return { decision: f.decision, targetAppId, replacementName: f.replacementName ?? null, targetDate: f.targetDate ?? null, reason: f.reason, legalBasis: f.legalBasis ?? null };
}

export const rationalisationRoutes: FastifyPluginAsync = async (fastify) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const deps = app.padu.deps;
  const today = () => localDate(deps.clock.now(), deps.config.timeZone);

  async function readableOpdOptions(actor: Actor | null) {
    const all = await listOpdOptions(deps.db);
    const readable = katalogPolicy.readableOpdIds(actor);
    return readable === 'all' ? all : all.filter((o) => readable.includes(o.value));
  }

  // ---- Screens: portfolio ----------------------------------------------------------------------
  app.get('/katalog', { schema: { hide: true } }, async (req, reply) => {
    const p = await getPortfolio(deps, req.actor);
    return sendPage(reply, (ctx) => <PortfolioPage ctx={ctx} p={p} wholeProvince={katalogPolicy.readAll(req.actor)} openDecisions={[]} today={today()} canDecide={katalogPolicy.rationalise(req.actor)} />);
  });

  app.get('/katalog/agencies/:opdId', { schema: { hide: true, params: S.OpdParams } }, async (req, reply) => {
    const p = await getPortfolio(deps, req.actor, { opdId: req.params.opdId });
    const open = await listDecisions(deps, req.actor, { opdId: req.params.opdId, status: 'open', page: 1 });
    return sendPage(reply, (ctx) => <PortfolioPage ctx={ctx} p={p} wholeProvince={katalogPolicy.readAll(req.actor)} openDecisions={open.items} today={open.today} canDecide={katalogPolicy.rationalise(req.actor)} />);
  });

  app.get('/katalog/capabilities', { schema: { hide: true, querystring: S.CapabilityQuery } }, async (req, reply) => {
    const { opdId = '', kind = '' } = req.query;
    const coverage = await getCapabilityCoverage(deps, req.actor, { opdId: opdId || undefined, kind: kind || undefined });
    const opdOptions = await readableOpdOptions(req.actor);
    return sendPage(reply, (ctx) => <CapabilityPage ctx={ctx} coverage={coverage} filter={{ opdId, kind }} opdOptions={opdOptions} />);
  });

  // ---- Screens: TIME ---------------------------------------------------------------------------
  app.get('/katalog/time', { schema: { hide: true, querystring: S.TimeQuery } }, async (req, reply) => {
    const { opdId = '' } = req.query;
    const quadrant = await getTimeQuadrant(deps, req.actor, { opdId: opdId || undefined });
    const opdOptions = await readableOpdOptions(req.actor);
    return sendPage(reply, (ctx) => <TimeQuadrantPage ctx={ctx} quadrant={quadrant} opdId={opdId} opdOptions={opdOptions} />);
  });

  async function renderAssessment(req: FastifyRequest, reply: FastifyReply, appId: string, form: FormState, status = 200) {
    const { app: detail, items } = await listAppAssessments(deps, req.actor, appId);
    const canAssess = katalogPolicy.edit(req.actor, detail.opd_id) && !isEnded(detail.lifecycle);
    return sendPage(reply, (ctx) => <AssessmentPage ctx={ctx} app={detail} items={items} form={form} canAssess={canAssess} />, status);
  }

  app.get('/katalog/apps/:appId/time', { schema: { hide: true, params: S.AppParams } }, async (req, reply) => renderAssessment(req, reply, req.params.appId, emptyForm()));

  app.post('/katalog/apps/:appId/time', { schema: { hide: true, params: S.AppParams } }, async (req, reply) => {
    const detail = await getApp(deps, req.actor, req.params.appId);
    ensure(req.actor, katalogPolicy.edit(req.actor, detail.opd_id));
    try {
      const input = parseForm(S.AssessmentBody, req.body);
      await assessApp(deps, auditContext(req), detail.id, input);
      return redirectWithFlash(reply, `/katalog/apps/${detail.id}#rasionalisasi`, 'katalog.rat.flash.assessed');
    } catch (error) {
      if (error instanceof AppError && (error.code === 'validation' || error.code === 'conflict')) {
        const errors = error.fields.length ? error.fields : [{ field: 'functionalFit', messageKey: error.messageKey }];
        return renderAssessment(req, reply, detail.id, { values: req.body as Record<string, unknown>, errors }, error.status);
      }
      throw error;
    }
  });

  // ---- Screens: decisions ----------------------------------------------------------------------
  app.get('/katalog/decisions', { schema: { hide: true, querystring: S.DecisionListQuery } }, async (req, reply) => {
    const { opdId = '', status = 'open', page = 1 } = req.query;
    const result = await listDecisions(deps, req.actor, { opdId: opdId || undefined, status, page });
    const opdOptions = await readableOpdOptions(req.actor);
    return sendPage(reply, (ctx) => (
      <DecisionListPage ctx={ctx} items={result.items} hasNext={result.hasNext} page={page} today={result.today} filter={{ opdId, status }} opdOptions={opdOptions} canDecide={katalogPolicy.rationalise(req.actor)} />
    ));
  });

  async function renderDecisionForm(req: FastifyRequest, reply: FastifyReply, appId: string, form: FormState, status = 200) {
    const detail = await getApp(deps, req.actor, appId);
    ensure(req.actor, katalogPolicy.rationalise(req.actor));
    return sendPage(reply, (ctx) => <DecisionFormPage ctx={ctx} form={form} app={detail} generalApps={generalAppNames()} />, status);
  }

  app.get('/katalog/apps/:appId/decisions/new', { schema: { hide: true, params: S.AppParams } }, async (req, reply) =>
    renderDecisionForm(req, reply, req.params.appId, emptyForm({ decision: 'retire' })),
  );

  app.post('/katalog/apps/:appId/decisions', { schema: { hide: true, params: S.AppParams } }, async (req, reply) => {
    const detail = await getApp(deps, req.actor, req.params.appId);
    ensure(req.actor, katalogPolicy.rationalise(req.actor));
    try {
      await createDecision(deps, auditContext(req), detail.id, await decisionFormToInput(req));
      return redirectWithFlash(reply, `/katalog/apps/${detail.id}#rasionalisasi`, 'katalog.rat.flash.decided');
    } catch (error) {
      if (error instanceof AppError && (error.code === 'validation' || error.code === 'conflict')) {
        const errors = error.fields.length ? error.fields.map((e) => ({ ...e, field: e.field === 'targetAppId' ? 'targetAppKey' : e.field })) : [{ field: 'decision', messageKey: error.messageKey }];
        return renderDecisionForm(req, reply, detail.id, { values: req.body as Record<string, unknown>, errors }, error.status);
      }
      throw error;
    }
  });

  app.post('/katalog/decisions/:decisionId/carry-out', { schema: { hide: true, params: S.DecisionParams } }, async (req, reply) => {
    const { appId } = await carryOutDecision(deps, auditContext(req), req.params.decisionId);
    return redirectWithFlash(reply, returnPath(parseForm(ReturnForm, req.body), `/katalog/apps/${appId}`), 'katalog.rat.flash.carried_out');
  });

  app.post('/katalog/decisions/:decisionId/cancel', { schema: { hide: true, params: S.DecisionParams } }, async (req, reply) => {
    const decision = await getDecision(deps, req.actor, req.params.decisionId);
    await cancelDecision(deps, auditContext(req), decision.id);
    return redirectWithFlash(reply, returnPath(parseForm(ReturnForm, req.body), `/katalog/apps/${decision.app_id}`), 'katalog.rat.flash.cancelled');
  });

  // ---- API -------------------------------------------------------------------------------------
  app.get(
    '/api/v1/katalog/portfolio',
    { schema: { tags: ['katalog'], summary: 'Portfolio numbers for everything I may read (the whole province for the SPBE team)', querystring: S.PortfolioQuery, response: { 200: S.PortfolioOut } } },
    async (req) => presentPortfolio(await getPortfolio(deps, req.actor, { leastComplete: req.query.leastComplete })),
  );

  app.get(
    '/api/v1/katalog/agencies/:opdId/portfolio',
    { schema: { tags: ['katalog'], summary: "One agency's portfolio numbers", params: S.OpdParams, querystring: S.PortfolioQuery, response: { 200: S.PortfolioOut } } },
    async (req) => presentPortfolio(await getPortfolio(deps, req.actor, { opdId: req.params.opdId, leastComplete: req.query.leastComplete })),
  );

  app.get(
    '/api/v1/katalog/capabilities',
    { schema: { tags: ['katalog'], summary: 'Level-2 RAB/RAL capabilities and the active apps supporting each (gaps and overlaps)', querystring: S.CapabilityQuery, response: { 200: S.CapabilityCoverageOut } } },
    async (req) => {
      const { opdId, kind } = req.query;
      return presentCapabilityCoverage(await getCapabilityCoverage(deps, req.actor, { opdId: opdId || undefined, kind: kind || undefined }));
    },
  );

  app.get(
    '/api/v1/katalog/time',
    { schema: { tags: ['katalog'], summary: 'The TIME quadrant: the newest assessment of every current app', querystring: S.TimeQuery, response: { 200: S.TimeQuadrantOut } } },
    async (req) => presentTimeQuadrant(await getTimeQuadrant(deps, req.actor, { opdId: req.query.opdId || undefined })),
  );

  app.get(
    '/api/v1/katalog/apps/:appId/time-assessments',
    { schema: { tags: ['katalog'], summary: "An application's TIME assessments, newest first", params: S.AppParams, response: { 200: S.AssessmentListOut } } },
    async (req) => ({ items: (await listAppAssessments(deps, req.actor, req.params.appId)).items.map(presentAssessment) }),
  );

  app.post(
    '/api/v1/katalog/apps/:appId/time-assessments',
    { schema: { tags: ['katalog'], summary: 'Score an application (functional and technical fit 1–5); the TIME class follows', params: S.AppParams, body: S.AssessmentBody, response: { 201: S.AssessmentOut } } },
    async (req, reply) => {
      const { assessmentId } = await assessApp(deps, auditContext(req), req.params.appId, req.body);
      const { items } = await listAppAssessments(deps, req.actor, req.params.appId);
      return reply.status(201).send(presentAssessment(items.find((i) => String(i.id) === assessmentId)!));
    },
  );

  app.get(
    '/api/v1/katalog/decisions',
    { schema: { tags: ['katalog'], summary: 'Rationalisation decisions (open by target date by default; or overdue, done, cancelled, all)', querystring: S.DecisionListQuery, response: { 200: S.DecisionListOut } } },
    async (req) => {
      const { opdId, status = 'open', page = 1 } = req.query;
      const result = await listDecisions(deps, req.actor, { opdId: opdId || undefined, status, page });
      return { items: result.items.map((d) => presentDecision(d, result.today)), hasNext: result.hasNext, page };
    },
  );

  app.get(
    '/api/v1/katalog/decisions/:decisionId',
    { schema: { tags: ['katalog'], summary: 'One rationalisation decision', params: S.DecisionParams, response: { 200: S.DecisionOut } } },
    async (req) => presentDecision(await getDecision(deps, req.actor, req.params.decisionId), today()),
  );

  app.get(
    '/api/v1/katalog/apps/:appId/decisions',
    { schema: { tags: ['katalog'], summary: 'Every decision about an application, newest first', params: S.AppParams, response: { 200: Type.Object({ items: Type.Array(S.DecisionOut) }) } } },
    async (req) => ({ items: (await listAppDecisions(deps, req.actor, req.params.appId)).items.map((d) => presentDecision(d, today())) }),
  );

  app.post(
    '/api/v1/katalog/apps/:appId/decisions',
    { schema: { tags: ['katalog'], summary: 'Decide to keep, merge, retire or replace an application (SPBE team; one open decision per app)', params: S.AppParams, body: S.DecisionBody, response: { 201: S.DecisionOut } } },
    async (req, reply) => {
      const { decisionId } = await createDecision(deps, auditContext(req), req.params.appId, req.body);
      return reply.status(201).send(presentDecision(await getDecision(deps, req.actor, decisionId), today()));
    },
  );

  app.post(
    '/api/v1/katalog/decisions/:decisionId/carry-out',
    { schema: { tags: ['katalog'], summary: "Carry a decision out: move the application's lifecycle and close the decision", params: S.DecisionParams, response: { 200: S.DecisionOut } } },
    async (req) => {
      await carryOutDecision(deps, auditContext(req), req.params.decisionId);
      return presentDecision(await getDecision(deps, req.actor, req.params.decisionId), today());
    },
  );

  app.post(
    '/api/v1/katalog/decisions/:decisionId/cancel',
    { schema: { tags: ['katalog'], summary: 'Cancel an open decision', params: S.DecisionParams, response: { 200: S.DecisionOut } } },
    async (req) => {
      await cancelDecision(deps, auditContext(req), req.params.decisionId);
      return presentDecision(await getDecision(deps, req.actor, req.params.decisionId), today());
    },
  );
};
