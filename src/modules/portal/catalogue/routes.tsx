import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { parseForm } from '../../../platform/http/validation.ts';
import { AppError, notFound } from '../../../platform/http/errors.ts';
import { auditContext } from '../../../platform/http/request-context.ts';
import { ensure } from '../../../platform/auth/policy.ts';
import { redirectWithFlash, sendPage } from '../../../platform/html/render.tsx';
import { emptyForm, type FormState } from '../../../platform/html/context.ts';
import { translate, type Locale } from '../../../platform/i18n/index.ts';
import { listOpdOptions } from '../../../platform/org/index.ts';
import * as S from '../schemas.ts';
import { localDay } from '../local-day.ts';
import { getIkm, type IkmReport } from '../survey/use-cases/get-ikm.ts';
import { issueSurveyLink } from '../survey/use-cases/issue-survey-token.ts';
import { findLifeEvent, findOpdName, findTopic, listAgenciesWithServices, listLifeEvents, listLifeEventsWithCounts, listTopics, listTopicsWithCounts, type CatalogueFilter, type ServiceHit } from './repo.ts';
import { homeRegencyOf, searchServices } from './use-cases/search-services.ts';
import { getPublicService, type PublicService } from './use-cases/get-public-service.ts';
import { getManagedService, listManagedServices, readableOpdIds, setServicePublished, updateServiceSettings, type ManagedService } from './use-cases/manage-services.ts';
import { ensurePortalStaff } from './use-cases/staff-access.ts';
import { CatalogueHomePage, requestPath, SearchPage, ServicePage } from './views/public-pages.tsx';
import { ManageListPage, ManageServicePage, SurveyLinkPage } from './views/manage-pages.tsx';

const tags = ['portal'];
const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());

function presentHit(h: ServiceHit) {
  return {
    id: h.service_id,
    key: h.key,
    name: h.name,
    description: h.description,
    opdId: h.opd_id,
    opdName: h.opd_name,
    slaWorkingDays: h.sla_working_days,
    fee: h.fee === null ? null : Number(h.fee),
    availability: h.availability,
    score: Number(h.score),
  };
}

export function presentIkm(r: IkmReport) {
  return { period: r.period, result: r.result };
}

function presentPublicService(s: PublicService, locale: Locale) {
  const std = s.standard;
  const name = (row: { code: string; name_id: string; name_en: string }) => ({ code: row.code, name: locale === 'en' ? row.name_en : row.name_id });
  return {
    id: s.id,
    key: s.key,
    name: s.name,
    description: s.description,
    opdId: s.opd_id,
    opdName: s.opd_name,
    published: s.published,
    availability: s.availability,
    elsewhereUrl: s.availability === 'elsewhere' ? s.elsewhere_url : null,
    inPersonWhere: s.in_person_where,
    requestUrl: s.acceptsRequests ? requestPath(s.key) : null,
    complaintUrl: `/aduan/baru?service=${encodeURIComponent(s.key)}`,
    slaWorkingDays: s.sla_working_days,
    fee: s.fee === null ? null : Number(s.fee),
    feeNote: s.fee_note,
    channels: s.channels,
    standard: {
      requirements: std.SD1 ?? null,
      procedure: std.SD2 ?? null,
      time: std.SD3 ?? null,
      cost: std.SD4 ?? null,
      product: std.SD5 ?? null,
      complaints: std.SD6 ?? null,
      legalBasis: std.SM1 ?? null,
      facilities: std.SM2 ?? null,
    },
    topics: s.topics.map(name),
    lifeEvents: s.lifeEvents.map(name),
    apps: s.apps.map((a) => a.name),
    ikm: presentIkm(s.ikm),
  };
}

function presentManaged(m: ManagedService) {
  return {
    id: m.service.id,
    key: m.service.key,
    name: m.service.name,
    opdId: m.service.opd_id,
    opdName: m.service.opd_name,
    published: m.settings.published,
    publishedAt: iso(m.settings.publishedAt),
    availability: m.settings.availability,
    elsewhereUrl: m.settings.elsewhereUrl,
    inPersonWhere: m.settings.inPersonWhere,
    keywords: m.settings.keywords,
    topics: m.settings.topics,
    lifeEvents: m.settings.lifeEvents,
    canManage: m.canManage,
  };
}

/** Checkbox lists arrive as one string, a list, or nothing when none is ticked. */
function withLists(body: unknown, keys: string[]): Record<string, unknown> {
  const out = { ...((body ?? {}) as Record<string, unknown>) };
  for (const k of keys) {
    const v = out[k];
    out[k] = v === undefined || v === '' ? [] : Array.isArray(v) ? v : [v];
  }
  return out;
}

function settingsValues(m: ManagedService): Record<string, unknown> {
  const s = m.settings;
  return { published: s.published, availability: s.availability, elsewhereUrl: s.elsewhereUrl, inPersonWhere: s.inPersonWhere, keywords: s.keywords, topics: s.topics, lifeEvents: s.lifeEvents };
}

export const catalogueRoutes: FastifyPluginAsync = async (fastify) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const deps = app.padu.deps;
  const thisYear = () => localDay(deps.clock.now(), deps.config.timeZone).slice(0, 4);

  // ---- Public pages -------------------------------------------------------------------------------
  app.get('/layanan', { schema: { hide: true } }, async (_req, reply) => {
    const [lifeEvents, topics, agencies] = await Promise.all([listLifeEventsWithCounts(deps.db), listTopicsWithCounts(deps.db), listAgenciesWithServices(deps.db)]);
    return sendPage(reply, (ctx) => <CatalogueHomePage ctx={ctx} lifeEvents={lifeEvents} topics={topics} agencies={agencies} />);
  });

  app.get('/layanan/cari', { schema: { hide: true, querystring: S.CatalogueHtmlQuery } }, async (req, reply) => {
    const { q = '', instansi = '', topik = '', peristiwa = '', page = 1 } = req.query;
    const filter: CatalogueFilter = { opdId: instansi || undefined, topic: topik || undefined, lifeEvent: peristiwa || undefined };
    const t = (key: Parameters<typeof translate>[1], params?: Record<string, string>) => translate(req.locale, key, params);
    // The heading names what is browsed; an unknown agency, topic or life event is not found.
    let heading = t('portal.browse.all_title');
    let ikm: IkmReport | null = null;
    if (filter.opdId) {
      const opd = await findOpdName(deps.db, filter.opdId);
      if (!opd) throw notFound();
      heading = t('portal.browse.agency_title', { name: opd.name });
      ikm = await getIkm(deps, { opdId: opd.id }, thisYear());
    } else if (filter.topic) {
      const topic = await findTopic(deps.db, filter.topic);
      if (!topic) throw notFound();
      heading = t('portal.browse.topic_title', { name: req.locale === 'en' ? topic.name_en : topic.name_id });
    } else if (filter.lifeEvent) {
      const event = await findLifeEvent(deps.db, filter.lifeEvent);
      if (!event) throw notFound();
      heading = t('portal.browse.life_event_title', { name: req.locale === 'en' ? event.name_en : event.name_id });
    }
    if (q.trim()) heading = t('portal.search.title_for', { q: q.trim() });
    const result = await searchServices(deps, { q, filter, home: await homeRegencyOf(deps, req.actor), page });
    const hidden = Object.fromEntries(Object.entries({ instansi, topik, peristiwa }).filter(([, v]) => v));
    const baseUrl = `/layanan/cari?${new URLSearchParams({ ...(q ? { q } : {}), ...hidden }).toString()}`;
    return sendPage(reply, (ctx) => <SearchPage ctx={ctx} q={q} heading={heading} result={result} hidden={hidden} baseUrl={baseUrl} ikm={ikm} />);
  });

  app.get('/layanan/:key', { schema: { hide: true, params: S.KeyParams } }, async (req, reply) => {
    const service = await getPublicService(deps, req.actor, req.params.key);
    return sendPage(reply, (ctx) => <ServicePage ctx={ctx} service={service} />);
  });

  // ---- Public API ---------------------------------------------------------------------------------
  app.get(
    '/api/v1/portal/services',
    { schema: { tags, summary: 'Search or browse the published public services (no sign-in needed)', querystring: S.CatalogueQuery, response: { 200: S.SearchOut } } },
    async (req) => {
      const { q, opdId, topic, lifeEvent, region, page = 1 } = req.query;
      const result = await searchServices(deps, { q, filter: { opdId, topic, lifeEvent }, home: region ?? (await homeRegencyOf(deps, req.actor)), page });
      return { ...result, items: result.items.map(presentHit) };
    },
  );

  app.get(
    '/api/v1/portal/services/:key',
    { schema: { tags, summary: 'One published service: its standard in plain language, where to apply, its satisfaction index', params: S.KeyParams, response: { 200: S.PublicServiceOut } } },
    async (req) => presentPublicService(await getPublicService(deps, req.actor, req.params.key), req.locale),
  );

  app.get('/api/v1/portal/topics', { schema: { tags, summary: 'Topics, with how many published services each has', response: { 200: S.RefListOut } } }, async () => ({
    items: (await listTopicsWithCounts(deps.db)).map((r) => ({ code: r.code, nameId: r.name_id, nameEn: r.name_en, serviceCount: Number(r.count ?? 0) })),
  }));

  app.get('/api/v1/portal/life-events', { schema: { tags, summary: 'Life events, with how many published services each has', response: { 200: S.RefListOut } } }, async () => ({
    items: (await listLifeEventsWithCounts(deps.db)).map((r) => ({ code: r.code, nameId: r.name_id, nameEn: r.name_en, serviceCount: Number(r.count ?? 0) })),
  }));

  app.get('/api/v1/portal/agencies', { schema: { tags, summary: 'Agencies with published services', response: { 200: S.AgencyListOut } } }, async () => ({
    items: (await listAgenciesWithServices(deps.db)).map((a) => ({ id: a.id, name: a.name, abbreviation: a.abbreviation, serviceCount: Number(a.count) })),
  }));

  app.get(
    '/api/v1/portal/ikm',
    { schema: { tags, summary: 'Satisfaction index (IKM, PermenPANRB 14/2017) of a service, an agency or everything, for a period', querystring: S.IkmQuery, response: { 200: S.IkmOut } } },
    async (req) => {
      const { serviceId, opdId, period } = req.query;
      return presentIkm(await getIkm(deps, { serviceId, opdId }, period));
    },
  );

  // ---- Staff: publishing --------------------------------------------------------------------------
  async function opdOptionsFor(req: FastifyRequest) {
    ensurePortalStaff(req.actor);
    const readable = readableOpdIds(req.actor);
    const all = await listOpdOptions(deps.db);
    return readable === 'all' ? all : all.filter((o) => readable.includes(o.value));
  }

  app.get('/portal/layanan', { schema: { hide: true, querystring: S.ManageQuery } }, async (req, reply) => {
    const { q = '', opdId = '', state = '', page = 1 } = req.query;
    const result = await listManagedServices(deps, req.actor, { search: q || undefined, opdId: opdId || undefined, published: state === '' ? undefined : state === 'published', page });
    const opdOptions = await opdOptionsFor(req);
    return sendPage(reply, (ctx) => <ManageListPage ctx={ctx} items={result.items} hasNext={result.hasNext} page={page} filter={{ q, opdId, state }} opdOptions={opdOptions} />);
  });

  app.get(
    '/api/v1/portal/manage/services',
    { schema: { tags, summary: "The public services of my agencies (every agency's for the SPBE team) and whether each is published", querystring: S.ManageQuery, response: { 200: S.ManagedListOut } } },
    async (req) => {
      const { q, opdId, state = '', page = 1 } = req.query;
      const result = await listManagedServices(deps, req.actor, { search: q || undefined, opdId: opdId || undefined, published: state === '' ? undefined : state === 'published', page });
      return { items: result.items.map((s) => ({ id: s.id, key: s.key, name: s.name, opdId: s.opd_id, opdName: s.opd_name, published: s.published, canManage: s.canManage })), hasNext: result.hasNext, page };
    },
  );

  async function renderManage(req: FastifyRequest, reply: FastifyReply, serviceId: string, form?: FormState, status = 200) {
    const managed = await getManagedService(deps, req.actor, serviceId);
    const [topics, lifeEvents] = await Promise.all([listTopics(deps.db), listLifeEvents(deps.db)]);
    return sendPage(reply, (ctx) => <ManageServicePage ctx={ctx} managed={managed} form={form ?? emptyForm(settingsValues(managed))} topics={topics} lifeEvents={lifeEvents} />, status);
  }

  app.get('/portal/layanan/:serviceId', { schema: { hide: true, params: S.ServiceParams } }, async (req, reply) => renderManage(req, reply, req.params.serviceId));

  app.post('/portal/layanan/:serviceId', { schema: { hide: true, params: S.ServiceParams } }, async (req, reply) => {
    const serviceId = req.params.serviceId;
    const body = withLists(req.body, ['topics', 'lifeEvents']);
    // Refused callers are refused before their form is read.
    ensure(req.actor, (await getManagedService(deps, req.actor, serviceId)).canManage);
    try {
      const input = parseForm(S.SettingsForm, body);
      await updateServiceSettings(deps, auditContext(req), serviceId, {
        published: input.published === 'true',
        availability: input.availability,
        elsewhereUrl: input.elsewhereUrl ?? null,
        inPersonWhere: input.inPersonWhere ?? null,
        keywords: input.keywords ?? '',
        topics: input.topics,
        lifeEvents: input.lifeEvents,
      });
      return redirectWithFlash(reply, `/portal/layanan/${serviceId}`, 'flash.saved');
    } catch (error) {
      if (error instanceof AppError && error.code === 'validation') {
        return renderManage(req, reply, serviceId, { values: { ...body, published: body.published === 'true' }, errors: error.fields.length ? error.fields : [{ field: 'availability', messageKey: error.messageKey }] }, 400);
      }
      throw error;
    }
  });

  for (const [path, published, flash] of [
    ['terbitkan', true, 'portal.flash.published'],
    ['tarik', false, 'portal.flash.unpublished'],
  ] as const) {
    app.post(`/portal/layanan/:serviceId/${path}`, { schema: { hide: true, params: S.ServiceParams } }, async (req, reply) => {
      const serviceId = req.params.serviceId;
      try {
        await setServicePublished(deps, auditContext(req), serviceId, published);
        return redirectWithFlash(reply, `/portal/layanan/${serviceId}`, flash);
      } catch (error) {
        if (error instanceof AppError && error.code === 'validation') {
          const managed = await getManagedService(deps, req.actor, serviceId);
          return renderManage(req, reply, serviceId, { values: settingsValues(managed), errors: error.fields }, 400);
        }
        throw error;
      }
    });
  }

  app.get(
    '/api/v1/portal/manage/services/:serviceId',
    { schema: { tags, summary: "A service's publishing settings, topics and life events", params: S.ServiceParams, response: { 200: S.ManagedServiceOut } } },
    async (req) => presentManaged(await getManagedService(deps, req.actor, req.params.serviceId)),
  );

  app.patch(
    '/api/v1/portal/manage/services/:serviceId',
    { schema: { tags, summary: 'Change how a service appears on the portal (own agency only)', params: S.ServiceParams, body: S.SettingsBody, response: { 200: S.ManagedServiceOut } } },
    async (req) => {
      await updateServiceSettings(deps, auditContext(req), req.params.serviceId, req.body);
      return presentManaged(await getManagedService(deps, req.actor, req.params.serviceId));
    },
  );

  for (const [path, published] of [
    ['publish', true],
    ['unpublish', false],
  ] as const) {
    app.post(
      `/api/v1/portal/manage/services/:serviceId/${path}`,
      { schema: { tags, summary: published ? 'Publish a service on the portal' : 'Withdraw a service from the portal', params: S.ServiceParams, response: { 200: S.ManagedServiceOut } } },
      async (req) => {
        await setServicePublished(deps, auditContext(req), req.params.serviceId, published);
        return presentManaged(await getManagedService(deps, req.actor, req.params.serviceId));
      },
    );
  }

  // A link is shown once, so the answer is the page itself rather than a redirect.
  app.post('/portal/layanan/:serviceId/survei', { schema: { hide: true, params: S.ServiceParams } }, async (req, reply) => {
    const issued = await issueSurveyLink(deps, auditContext(req), req.params.serviceId);
    return sendPage(reply, (ctx) => <SurveyLinkPage ctx={ctx} serviceId={req.params.serviceId} serviceName={issued.serviceName} url={issued.url} expiresAt={issued.expiresAt} />);
  });

  app.post(
    '/api/v1/portal/manage/services/:serviceId/survey-links',
    { schema: { tags, summary: 'Create a one-time satisfaction survey link for someone served (shown once)', params: S.ServiceParams, response: { 201: S.SurveyLinkOut } } },
    async (req, reply) => {
      const issued = await issueSurveyLink(deps, auditContext(req), req.params.serviceId);
      return reply.status(201).send({ token: issued.token, url: issued.url, expiresAt: issued.expiresAt.toISOString() });
    },
  );
};
