import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { parseForm, StringEnum } from '../../../platform/http/validation.ts';
import { AppError } from '../../../platform/http/errors.ts';
import { auditContext } from '../../../platform/http/request-context.ts';
import { redirectWithFlash, sendPage } from '../../../platform/html/render.tsx';
import { emptyForm, type FormState } from '../../../platform/html/context.ts';
import type { Actor } from '../../../platform/auth/actor.ts';
import type { GerbangSettings } from '../config.ts';
import { gerbangPolicy } from '../policy.ts';
import { parseClientHeader } from '../identifiers.ts';
import { listServices } from '../control/use-cases/list-services.ts';
import { listSubsystems } from '../control/use-cases/list-subsystems.ts';
import { serviceIdOf, subsystemIdOf } from '../control/use-cases/visibility.ts';
import type { CitizenDirectory } from './citizens.ts';
import { DELIVERY_STATUSES, type DeliveryStatus } from './db.ts';
import { onceOnlyPolicy } from './policy.ts';
import type { ConsentRow, ElementRow } from './repo.ts';
import * as S from './schemas.ts';
import type { DataPlaneCaller } from './self-client.ts';
import type { CitizenDeps, NotifyDeps, PrefillDeps } from './use-cases/context.ts';
import { createElement } from './use-cases/create-element.ts';
import { updateElement } from './use-cases/update-element.ts';
import { getElement, listElements } from './use-cases/list-elements.ts';
import { fieldLines, parseFieldLines } from './use-cases/element-input.ts';
import { grantConsent, listMyConsents, planConsent, planElements, withdrawConsent, type ConsentRequest } from './use-cases/consents.ts';
import { prefill } from './use-cases/prefill.ts';
import { listMyDataAccess } from './use-cases/list-data-access.ts';
import { cancelSubscription, createSubscription, getSubscription, listSubscriptions, retryDelivery } from './use-cases/subscriptions.ts';
import { publishChange } from './use-cases/publish-change.ts';
import { readFeed } from './use-cases/read-feed.ts';
import type { DeliveryScheduler } from './webhooks.ts';
import { ElementListPage, ElementPage } from './views/element-pages.tsx';
import { SubscriptionCreatedPage, SubscriptionListPage, SubscriptionPage } from './views/subscription-pages.tsx';
import { ConsentPage, MyDataPage, PrefillResultPage, type ConsentPlanView } from './views/citizen-pages.tsx';
import './messages.ts';

// ---- HTML form shapes (flat strings, as browsers send them) ---------------------------------

const ElementForm = Type.Object({
  code: Type.Optional(Type.String({ maxLength: 60 })),
  name: Type.String({ minLength: 1, maxLength: 200 }),
  description: Type.Optional(Type.String({ maxLength: 2000 })),
  subjectKind: Type.String({ minLength: 1, maxLength: 20 }),
  keyKind: Type.String({ minLength: 1, maxLength: 20 }),
  serviceId: Type.String({ format: 'uuid' }),
  pathTemplate: Type.String({ minLength: 2, maxLength: 500 }),
  fields: Type.String({ minLength: 1, maxLength: 20_000 }),
  active: Type.Optional(Type.Boolean()),
});
const ChangeForm = Type.Object({ recordKey: Type.String({ minLength: 1, maxLength: 100 }), changedFields: Type.Optional(Type.String({ maxLength: 1000 })) });
const SubscriptionForm = Type.Object({
  subsystem: Type.String({ minLength: 1, maxLength: 300 }),
  element: Type.String({ minLength: 1, maxLength: 60 }),
  delivery: StringEnum(['webhook', 'pull'] as const),
  webhookUrl: Type.Optional(Type.String({ maxLength: 1000 })),
});
const ConsentForm = Type.Object({
  recipient: Type.Optional(Type.String({ maxLength: 300 })),
  elements: Type.String({ minLength: 1, maxLength: 2000 }),
  purpose: Type.String({ minLength: 1, maxLength: 100 }),
  purposeText: Type.String({ minLength: 1, maxLength: 300 }),
  legalBasis: Type.String({ minLength: 1, maxLength: 100 }),
  validDays: Type.Optional(Type.Integer({ minimum: 1, maximum: 365 })),
});
const DeliveryPageQuery = Type.Object({ status: Type.Optional(Type.Union([StringEnum(DELIVERY_STATUSES), Type.Literal('')])) });

type Body = Record<string, unknown>;
const bodyOf = (req: FastifyRequest): Body => ({ ...((req.body ?? {}) as Body) });
const csv = (s: string) => s.split(',').map((x) => x.trim()).filter(Boolean);

function elementFormInput(body: Body) {
  const f = parseForm(ElementForm, body);
  return { ...f, description: f.description ?? null, fields: parseFieldLines(f.fields), active: body.active === undefined ? undefined : f.active === true };
}

function elementFormValues(e: ElementRow): Body {
  return { name: e.name, description: e.description ?? '', subjectKind: e.subject_kind, keyKind: e.key_kind, serviceId: e.service_id, pathTemplate: e.path_template, fields: fieldLines(e.fields), active: e.active };
}

/** The raw bearer token of the request (an agency system's prefill calls the gateway with it). */
function bearerOf(req: FastifyRequest): string | undefined {
  const h = req.headers.authorization;
  return h?.startsWith('Bearer ') ? h.slice(7).trim() : undefined;
}

export interface OnceOnlyRouteOptions {
  settings: GerbangSettings;
  citizens: CitizenDirectory;
  dataPlane: DataPlaneCaller;
  /** The scheduler for webhook attempts: pg-boss when this process has a job queue, else timers. */
  scheduler: () => DeliveryScheduler;
}

/** Once-only data: the source registry, consents and prefill, the citizen's access log, change notifications. */
export function onceOnlyRoutes(options: OnceOnlyRouteOptions): FastifyPluginAsync {
  return async (fastify) => {
    const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
    const deps = app.padu.deps;
    const settings = options.settings;
    const baseUrl = deps.config.baseUrl;
    const citizenDeps: CitizenDeps = { ...deps, settings, citizens: options.citizens };
    const prefillDeps: PrefillDeps = { ...citizenDeps, dataPlane: options.dataPlane, logger: deps.logger };
    const notifyDeps = (): NotifyDeps => ({ ...deps, settings, scheduler: options.scheduler() });
    const g = { ...deps, settings };
    const tags = ['gerbang'];
    const now = () => deps.clock.now();

    async function formOnPage(reply: FastifyReply, body: Body, firstField: string, action: () => Promise<FastifyReply>, rerender: (form: FormState, status: number) => Promise<FastifyReply>) {
      try {
        return await action();
      } catch (error) {
        if (!(error instanceof AppError) || !['validation', 'conflict', 'bad_request'].includes(error.code)) throw error;
        const errors = error.fields.length ? error.fields : [{ field: firstField, messageKey: error.messageKey, params: error.options.params }];
        delete body._csrf;
        return rerender({ values: body, errors }, error.status);
      }
    }

    async function serviceOptions(actor: Actor | null) {
      const rows = await listServices(g, actor);
      return rows.filter((s) => s.lifecycle !== 'retired').map((s) => ({ value: s.id, label: `${s.name} — ${serviceIdOf(settings, s)}` }));
    }

    // ---- Registry of authoritative sources ----------------------------------------------------
    async function renderElements(req: FastifyRequest, reply: FastifyReply, form: FormState = emptyForm({ subjectKind: 'person', keyKind: 'nik' }), status = 200) {
      const elements = await listElements(g, req.actor);
      const canManage = onceOnlyPolicy.manageElements(req.actor);
      const options = canManage ? await serviceOptions(req.actor) : [];
      return sendPage(reply, (ctx) => <ElementListPage ctx={ctx} settings={settings} elements={elements} canManage={canManage} serviceOptions={options} form={form} />, status);
    }
    app.get('/gerbang/elements', { schema: { hide: true } }, async (req, reply) => renderElements(req, reply));
    app.post('/gerbang/elements', { schema: { hide: true } }, async (req, reply) => {
      const body = bodyOf(req);
      return formOnPage(
        reply,
        body,
        'code',
        async () => {
          const input = elementFormInput(body);
          const created = await createElement(g, auditContext(req), { ...input, code: input.code ?? '' });
          return redirectWithFlash(reply, `/gerbang/elements/${created.id}`, 'once_only.flash.element_created');
        },
        (form, status) => renderElements(req, reply, form, status),
      );
    });

    async function renderElement(req: FastifyRequest, reply: FastifyReply, id: string, forms: { edit?: FormState; change?: FormState } = {}, status = 200) {
      const element = await getElement(g, req.actor, id);
      const canManage = onceOnlyPolicy.manageElements(req.actor);
      const canPublish = req.actor?.kind === 'user' && onceOnlyPolicy.publish(req.actor, element.provider_opd_id);
      const options = canManage ? await serviceOptions(req.actor) : [];
      return sendPage(
        reply,
        (ctx) => (
          <ElementPage
            ctx={ctx}
            settings={settings}
            element={element}
            canManage={canManage}
            canPublish={canPublish}
            serviceOptions={options}
            editForm={forms.edit ?? emptyForm(elementFormValues(element))}
            changeForm={forms.change ?? emptyForm()}
          />
        ),
        status,
      );
    }
    app.get('/gerbang/elements/:elementId', { schema: { hide: true, params: S.ElementParams } }, async (req, reply) => renderElement(req, reply, req.params.elementId));
    app.post('/gerbang/elements/:elementId', { schema: { hide: true, params: S.ElementParams } }, async (req, reply) => {
      const id = req.params.elementId;
      const body = bodyOf(req);
      return formOnPage(
        reply,
        body,
        'name',
        async () => {
          const { code: _code, ...input } = elementFormInput(body);
          await updateElement(g, auditContext(req), id, { ...input, active: body.active === 'true' || body.active === true });
          return redirectWithFlash(reply, `/gerbang/elements/${id}`, 'once_only.flash.element_saved');
        },
        (form, status) => renderElement(req, reply, id, { edit: form }, status),
      );
    });
    app.post('/gerbang/elements/:elementId/changes', { schema: { hide: true, params: S.ElementParams } }, async (req, reply) => {
      const id = req.params.elementId;
      const body = bodyOf(req);
      return formOnPage(
        reply,
        body,
        'recordKey',
        async () => {
          const f = parseForm(ChangeForm, body);
          await publishChange(notifyDeps(), auditContext(req), id, { recordKey: f.recordKey, changedFields: f.changedFields ? csv(f.changedFields) : [] });
          return redirectWithFlash(reply, `/gerbang/elements/${id}`, 'once_only.flash.change_published');
        },
        (form, status) => renderElement(req, reply, id, { change: form }, status),
      );
    });

    app.get(
      '/api/v1/gerbang/elements',
      { schema: { tags, summary: 'The registry of authoritative sources: data elements and the one service that is the source of each', querystring: S.ElementListQuery, response: { 200: S.ItemsOf(S.ElementOut) } } },
      async (req) => ({ items: (await listElements(g, req.actor, { search: req.query.q || undefined, activeOnly: req.query.active })).map((e) => S.presentElement(settings, e)) }),
    );
    app.post(
      '/api/v1/gerbang/elements',
      { schema: { tags, summary: 'Register a data element and its authoritative source (SPBE team, admins)', body: S.NewElementBody, response: { 201: S.ElementOut } } },
      async (req, reply) => reply.status(201).send(S.presentElement(settings, await createElement(g, auditContext(req), req.body))),
    );
    app.get(
      '/api/v1/gerbang/elements/:elementId',
      { schema: { tags, summary: 'One data element', params: S.ElementParams, response: { 200: S.ElementOut } } },
      async (req) => S.presentElement(settings, await getElement(g, req.actor, req.params.elementId)),
    );
    app.patch(
      '/api/v1/gerbang/elements/:elementId',
      { schema: { tags, summary: 'Change a data element: its source, fields, or active (SPBE team, admins)', params: S.ElementParams, body: S.ElementChangesBody, response: { 200: S.ElementOut } } },
      async (req) => S.presentElement(settings, await updateElement(g, auditContext(req), req.params.elementId, req.body)),
    );
    app.post(
      '/api/v1/gerbang/elements/:elementId/changes',
      {
        schema: {
          tags,
          summary: 'Publish "record changed" for a data element (its source subsystem’s token, or its agency’s admins); subscribers are notified',
          params: S.ElementParams,
          body: S.ChangeBody,
          response: { 202: S.ChangeOut },
        },
      },
      async (req, reply) => {
        const r = await publishChange(notifyDeps(), auditContext(req), req.params.elementId, req.body);
        return reply.status(202).send({ id: r.id, seq: r.seq, element: r.element.code, deliveries: r.deliveries, occurredAt: r.occurredAt.toISOString(), publishedAt: r.publishedAt.toISOString() });
      },
    );

    // ---- Consent, prefill and the citizen's access log -----------------------------------------
    const presentConsent = (c: ConsentRow) => S.presentConsent(settings, c, now());
    function consentRequestOf(f: Record<string, unknown>): ConsentRequest {
      return {
        recipient: (f.recipient as string | undefined) || undefined,
        elements: csv(String(f.elements ?? '')),
        purpose: String(f.purpose ?? ''),
        purposeText: String(f.purposeText ?? ''),
        legalBasis: String(f.legalBasis ?? ''),
        validDays: f.validDays === undefined || f.validDays === '' ? undefined : Number(f.validDays),
      };
    }

    async function renderConsent(req: FastifyRequest, reply: FastifyReply, raw: Record<string, unknown>, errors: FormState['errors'] = [], status = 200) {
      const nikKnown = req.actor?.kind === 'user' ? !!(await options.citizens.nikOf(req.actor.userId)) : false;
      let plan: ConsentPlanView | null = null;
      try {
        const request = consentRequestOf(raw);
        const checked = await planConsent(citizenDeps, req.actor, request);
        plan = {
          recipient: { identifier: checked.recipientIdentifier, name: checked.recipient.name, agency: checked.recipient.opd_name },
          elements: checked.elements,
          request: {
            recipient: checked.recipientIdentifier,
            elements: checked.elements.map((e) => e.code).join(','),
            purpose: request.purpose,
            purposeText: checked.purposeText,
            legalBasis: request.legalBasis,
            validDays: String(checked.validDays),
          },
        };
      } catch (error) {
        if (!(error instanceof AppError) || error.code !== 'validation') throw error;
        errors = [...errors, ...error.fields];
        status = 400;
      }
      return sendPage(reply, (ctx) => <ConsentPage ctx={ctx} plan={plan} nikKnown={nikKnown} form={{ values: {}, errors }} />, status);
    }

    app.get('/gerbang/consent', { schema: { hide: true } }, async (req, reply) => renderConsent(req, reply, { ...(req.query as Body), recipient: (req.query as Body).for ?? (req.query as Body).recipient }));
    app.post('/gerbang/consent', { schema: { hide: true } }, async (req, reply) => {
      const body = bodyOf(req);
      try {
        const f = parseForm(ConsentForm, body);
        const consent = await grantConsent(citizenDeps, auditContext(req), consentRequestOf(f));
        // For the portal itself, fetch at once and show what the form will hold.
        if (subsystemIdOf(settings, { opd_code: consent.recipient_opd_code, code: consent.recipient_code }) === parseClientHeader(settings.portalClient)?.canonical) {
          const result = await prefill(prefillDeps, auditContext(req), { elements: consent.data_elements, purpose: consent.purpose, consentId: consent.id });
          const items = result.items.map((i) => ({ code: i.element.code, name: i.element.name, agency: i.element.provider_opd_name, status: i.status, fields: i.element.fields, values: i.values }));
          reply.header('cache-control', 'no-store');
          return sendPage(reply, (ctx) => <PrefillResultPage ctx={ctx} items={items} />);
        }
        return redirectWithFlash(reply, '/gerbang/my-data#consents', 'once_only.flash.consent_granted');
      } catch (error) {
        if (!(error instanceof AppError) || !['validation', 'conflict'].includes(error.code)) throw error;
        return renderConsent(req, reply, body, error.fields.length ? [] : [{ field: 'elements', messageKey: error.messageKey }], error.status);
      }
    });

    app.get('/gerbang/my-data', { schema: { hide: true, querystring: S.AccessLogQuery } }, async (req, reply) => {
      const access = await listMyDataAccess(citizenDeps, req.actor, { before: req.query.before });
      const consents = (await listMyConsents(citizenDeps, req.actor)).map((c) => {
        const p = presentConsent(c);
        return { ...p, grantedAt: c.granted_at, expiresAt: c.expires_at, withdrawnAt: c.withdrawn_at };
      });
      const olderHref = access.nextBefore ? `/gerbang/my-data?before=${access.nextBefore}#access` : null;
      return sendPage(reply, (ctx) => <MyDataPage ctx={ctx} nikKnown={access.nikKnown} entries={access.entries} olderHref={olderHref} consents={consents} />);
    });
    app.post('/gerbang/my-data/consents/:consentId/withdraw', { schema: { hide: true, params: S.ConsentParams } }, async (req, reply) => {
      await withdrawConsent(citizenDeps, auditContext(req), req.params.consentId);
      return redirectWithFlash(reply, '/gerbang/my-data#consents', 'once_only.flash.consent_withdrawn');
    });

    app.get(
      '/api/v1/gerbang/prefill/plan',
      { schema: { tags, summary: 'What a prefill of these elements would fetch, from which agency, for which recipient (default: the portal)', querystring: S.PlanQuery, response: { 200: S.PlanOut } } },
      async (req) => {
        const plan = await planElements(citizenDeps, req.actor, { recipient: req.query.recipient || undefined, elements: csv(req.query.elements) });
        return { recipient: { identifier: plan.recipientIdentifier, name: plan.recipient.name, agency: plan.recipient.opd_name }, elements: plan.elements.map((e) => S.presentElement(settings, e)) };
      },
    );
    app.post(
      '/api/v1/gerbang/consents',
      { schema: { tags, summary: 'The signed-in citizen consents that a subsystem (default: the portal) fetches these elements for this purpose', body: S.ConsentBody, response: { 201: S.ConsentOut } } },
      async (req, reply) => reply.status(201).send(presentConsent(await grantConsent(citizenDeps, auditContext(req), req.body))),
    );
    app.get(
      '/api/v1/gerbang/consents',
      { schema: { tags, summary: 'The signed-in citizen’s consents', response: { 200: S.ItemsOf(S.ConsentOut) } } },
      async (req) => ({ items: (await listMyConsents(citizenDeps, req.actor)).map(presentConsent) }),
    );
    app.post(
      '/api/v1/gerbang/consents/:consentId/withdraw',
      { schema: { tags, summary: 'Withdraw one of my consents (idempotent)', params: S.ConsentParams, response: { 200: S.ConsentOut } } },
      async (req) => presentConsent(await withdrawConsent(citizenDeps, auditContext(req), req.params.consentId)),
    );
    app.post(
      '/api/v1/gerbang/prefill',
      {
        schema: {
          tags,
          summary: 'Fetch data elements about a citizen from their authoritative sources, through the gateway, under the citizen’s consent',
          description:
            'A signed-in citizen prefills for themself (fetched as the portal’s subsystem). An agency system calls with its subsystem token and names the citizen by NIK; the citizen must have consented to that subsystem, these elements and this purpose. Without consent nothing is fetched (403).',
          body: S.PrefillBody,
          response: { 200: S.PrefillOut },
        },
      },
      async (req, reply) => {
        const result = await prefill(prefillDeps, auditContext(req), req.body, bearerOf(req));
        reply.header('cache-control', 'no-store');
        return S.presentPrefill(settings, result);
      },
    );
    app.get(
      '/api/v1/gerbang/my-data/access-log',
      { schema: { tags, summary: 'Who looked at my data: the exchanges about the signed-in citizen, newest first', querystring: S.AccessLogQuery, response: { 200: S.AccessLogOut } } },
      async (req) => {
        const r = await listMyDataAccess(citizenDeps, req.actor, req.query);
        return { nikKnown: r.nikKnown, items: r.entries.map(S.presentAccessEntry), nextBefore: r.nextBefore };
      },
    );

    // ---- Change notifications ------------------------------------------------------------------
    async function subscriptionFormOptions(actor: Actor | null) {
      const subsystems = (await listSubsystems(g, actor)).filter((s) => s.active && gerbangPolicy.manage(actor, s.opd_id));
      const elements = subsystems.length ? (await listElements(g, actor, { activeOnly: true })).map((e) => ({ value: e.code, label: `${e.name} (${e.code})` })) : [];
      return { subsystems: subsystems.map((s) => ({ value: s.id, label: `${s.name} (${subsystemIdOf(settings, s)})` })), elements };
    }
    async function renderSubscriptions(req: FastifyRequest, reply: FastifyReply, form: FormState = emptyForm({ delivery: 'webhook' }), status = 200) {
      const subscriptions = await listSubscriptions(g, req.actor);
      const o = await subscriptionFormOptions(req.actor);
      return sendPage(reply, (ctx) => <SubscriptionListPage ctx={ctx} settings={settings} subscriptions={subscriptions} subsystemOptions={o.subsystems} elementOptions={o.elements} form={form} />, status);
    }
    const feedUrl = (id: string) => `${baseUrl}/api/v1/gerbang/subscriptions/${id}/events`;
    app.get('/gerbang/subscriptions', { schema: { hide: true } }, async (req, reply) => renderSubscriptions(req, reply));
    app.post('/gerbang/subscriptions', { schema: { hide: true } }, async (req, reply) => {
      const body = bodyOf(req);
      return formOnPage(
        reply,
        body,
        'subsystem',
        async () => {
          const f = parseForm(SubscriptionForm, body);
          const created = await createSubscription(g, auditContext(req), { ...f, webhookUrl: f.delivery === 'webhook' ? f.webhookUrl : undefined });
          // Not post/redirect/get: the secret exists only in this answer.
          reply.header('cache-control', 'no-store');
          return sendPage(reply, (ctx) => <SubscriptionCreatedPage ctx={ctx} settings={settings} subscription={created.subscription} secret={created.secret} feedUrl={feedUrl(created.subscription.id)} />, 201);
        },
        (form, status) => renderSubscriptions(req, reply, form, status),
      );
    });
    app.get('/gerbang/subscriptions/:subscriptionId', { schema: { hide: true, params: S.SubscriptionParams, querystring: DeliveryPageQuery } }, async (req, reply) => {
      const status = (req.query.status || '') as DeliveryStatus | '';
      const d = await getSubscription(g, req.actor, req.params.subscriptionId, { status: status || undefined });
      return sendPage(reply, (ctx) => (
        <SubscriptionPage ctx={ctx} settings={settings} subscription={d.subscription} counts={d.counts} deliveries={d.deliveries} status={status} canManage={d.canManage} feedUrl={feedUrl(d.subscription.id)} />
      ));
    });
    app.post('/gerbang/subscriptions/:subscriptionId/cancel', { schema: { hide: true, params: S.SubscriptionParams } }, async (req, reply) => {
      await cancelSubscription(g, auditContext(req), req.params.subscriptionId);
      return redirectWithFlash(reply, `/gerbang/subscriptions/${req.params.subscriptionId}`, 'once_only.flash.subscription_cancelled');
    });
    app.post('/gerbang/deliveries/:deliveryId/retry', { schema: { hide: true, params: S.DeliveryParams } }, async (req, reply) => {
      try {
        const d = await retryDelivery(notifyDeps(), auditContext(req), req.params.deliveryId);
        return redirectWithFlash(reply, `/gerbang/subscriptions/${d.subscription_id}#deliveries`, 'once_only.flash.delivery_retried');
      } catch (error) {
        if (error instanceof AppError && error.code === 'conflict') return redirectWithFlash(reply, '/gerbang/subscriptions', 'once_only.delivery_not_dead');
        throw error;
      }
    });

    app.get(
      '/api/v1/gerbang/subscriptions',
      { schema: { tags, summary: 'Change subscriptions of my agencies’ subsystems (a subsystem token: its own)', response: { 200: S.ItemsOf(S.SubscriptionOut) } } },
      async (req) => ({ items: (await listSubscriptions(g, req.actor)).map((s) => S.presentSubscription(settings, baseUrl, s)) }),
    );
    app.post(
      '/api/v1/gerbang/subscriptions',
      {
        schema: {
          tags,
          summary: 'Subscribe a subsystem to changes of a data element, by webhook (the answer holds the signing secret, shown once) or by pulling the feed',
          body: S.NewSubscriptionBody,
          response: { 201: S.CreatedSubscriptionOut },
        },
      },
      async (req, reply) => {
        const created = await createSubscription(g, auditContext(req), req.body);
        reply.header('cache-control', 'no-store');
        return reply.status(201).send({ ...S.presentSubscription(settings, baseUrl, created.subscription), secret: created.secret });
      },
    );
    app.get(
      '/api/v1/gerbang/subscriptions/:subscriptionId',
      { schema: { tags, summary: 'A subscription with its deliveries (status=dead: the dead letters)', params: S.SubscriptionParams, querystring: S.DeliveryListQuery, response: { 200: S.SubscriptionDetailOut } } },
      async (req) => {
        const d = await getSubscription(g, req.actor, req.params.subscriptionId, { status: req.query.status, limit: req.query.limit });
        return { ...S.presentSubscription(settings, baseUrl, d.subscription), counts: d.counts, deliveries: d.deliveries.map(S.presentDelivery) };
      },
    );
    app.delete(
      '/api/v1/gerbang/subscriptions/:subscriptionId',
      { schema: { tags, summary: 'Cancel a subscription (idempotent; its history stays)', params: S.SubscriptionParams, response: { 200: S.SubscriptionOut } } },
      async (req) => S.presentSubscription(settings, baseUrl, await cancelSubscription(g, auditContext(req), req.params.subscriptionId)),
    );
    app.get(
      '/api/v1/gerbang/subscriptions/:subscriptionId/events',
      { schema: { tags, summary: 'The subscription’s change events after a cursor, oldest first (pull)', params: S.SubscriptionParams, querystring: S.FeedQuery, response: { 200: S.FeedOut } } },
      async (req, reply) => {
        const feed = await readFeed(g, req.actor, req.params.subscriptionId, req.query);
        reply.header('cache-control', 'no-store');
        return { items: feed.items.map((i) => ({ ...i, occurredAt: i.occurredAt.toISOString(), publishedAt: i.publishedAt.toISOString() })), nextCursor: feed.nextCursor };
      },
    );
    app.post(
      '/api/v1/gerbang/deliveries/:deliveryId/retry',
      { schema: { tags, summary: 'Send a dead delivery once more, now', params: S.DeliveryParams, response: { 202: S.DeliveryOut } } },
      async (req, reply) => reply.status(202).send(S.presentDelivery(await retryDelivery(notifyDeps(), auditContext(req), req.params.deliveryId))),
    );
  };
}
