import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import type { Deps } from '../../platform/deps.ts';
import { ensure, platformPolicy } from '../../platform/auth/policy.ts';
import { AppError } from '../../platform/http/errors.ts';
import { parseForm, Uuid } from '../../platform/http/validation.ts';
import { auditContext } from '../../platform/http/request-context.ts';
import { redirectWithFlash, sendPage } from '../../platform/html/render.tsx';
import { emptyForm, type FormState } from '../../platform/html/context.ts';
import { SLA_STEPS } from './db.ts';
import * as S from './schemas.ts';
import { findCategory, listCategories, listCoordinators, listOpen311Clients, listSlaSteps, listTiers } from './repo.ts';
import { agencyOptions, regencyOptions } from './options.ts';
import { presentCategory } from './public-routes.tsx';
import { addCoordinator, changeCategory, changeSla, createCategory, issueOpen311Key, removeCoordinator, revokeOpen311Key } from './use-cases/manage-settings.ts';
import { CategoryPage, KeyIssuedPage, SettingsPage, type SettingsForms } from './views/admin-pages.tsx';

const CodeParams = Type.Object({ code: S.CategoryCode() });
const OpdParams = Type.Object({ opdId: Uuid() });
const ClientParams = Type.Object({ clientId: Uuid() });

function emptySettingsForms(data: { steps: { step: string; days: number }[]; tiers: { code: string; days: number }[] }): SettingsForms {
  const sla = Object.fromEntries([...data.steps.map((s) => [`step_${s.step}`, s.days]), ...data.tiers.map((t) => [`tier_${t.code}`, t.days])]);
  return { category: emptyForm({ competence: 'provinsi', open311Type: 'realtime', tierCode: data.tiers[0]?.code }), sla: emptyForm(sla), coordinator: emptyForm(), client: emptyForm() };
}

/** The SLA form's flat fields (step_verify, tier_ringan, …) as the use case's input. */
function slaFromForm(body: unknown, tierCodes: string[]) {
  const schema = Type.Object({
    ...Object.fromEntries(SLA_STEPS.map((s) => [`step_${s}`, Type.Integer({ minimum: 1, maximum: 365 })])),
    ...Object.fromEntries(tierCodes.map((c) => [`tier_${c}`, Type.Integer({ minimum: 1, maximum: 3650 })])),
  });
  const f = parseForm(schema, body) as Record<string, number>;
  return {
    steps: Object.fromEntries(SLA_STEPS.map((s) => [s, f[`step_${s}`]!])),
    tiers: Object.fromEntries(tierCodes.map((c) => [c, f[`tier_${c}`]!])),
  };
}

const CategoryForm = Type.Object({ ...S.CategoryBody.properties });

function presentClient(c: Awaited<ReturnType<typeof listOpen311Clients>>[number]) {
  return {
    id: c.id,
    name: c.name,
    agency: c.opd_id && c.opd_name ? { id: c.opd_id, name: c.opd_name } : null,
    keyPrefix: c.key_prefix,
    createdAt: c.created_at.toISOString(),
    lastUsedAt: c.last_used_at?.toISOString() ?? null,
    revokedAt: c.revoked_at?.toISOString() ?? null,
  };
}

/** Settings for the SPBE team and admins: categories (routing rules), deadlines, coordinators, Open311 keys. */
export function adminRoutes(deps: Deps): FastifyPluginAsync {
  return async (fastify) => {
    const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
    const manage = (req: FastifyRequest) => ensure(req.actor, platformPolicy.aduanManageSettings(req.actor));

    async function settingsData() {
      const [categories, tiers, steps, coordinators, clients] = await Promise.all([listCategories(deps.db, { activeOnly: false }), listTiers(deps.db), listSlaSteps(deps.db), listCoordinators(deps.db), listOpen311Clients(deps.db)]);
      return { categories, tiers, steps, coordinators, clients };
    }

    async function renderSettings(reply: FastifyReply, forms: Partial<SettingsForms> = {}, status = 200) {
      const data = await settingsData();
      const [agencies, regions] = await Promise.all([agencyOptions(deps.db), regencyOptions(deps.db, deps.config.province)]);
      return sendPage(reply, (ctx) => <SettingsPage ctx={ctx} data={data} forms={{ ...emptySettingsForms(data), ...forms }} agencies={agencies} regions={regions} />, status);
    }

    /** A settings form: fixable errors show the page again with that form's errors. */
    async function onSettings(req: FastifyRequest, reply: FastifyReply, which: keyof SettingsForms, firstField: string, action: () => Promise<FastifyReply>) {
      manage(req);
      try {
        return await action();
      } catch (error) {
        if (error instanceof AppError && (error.code === 'validation' || error.code === 'conflict')) {
          const errors = error.fields.length ? error.fields : [{ field: firstField, messageKey: error.messageKey }];
          return renderSettings(reply, { [which]: { values: req.body as Record<string, unknown>, errors } satisfies FormState }, error.status);
        }
        throw error;
      }
    }

    app.get('/aduan/pengaturan', { schema: { hide: true } }, async (req, reply) => {
      manage(req);
      return renderSettings(reply);
    });

    // ---- Categories ------------------------------------------------------------------------------
    app.post('/aduan/pengaturan/kategori', { schema: { hide: true } }, async (req, reply) =>
      onSettings(req, reply, 'category', 'code', async () => {
        await createCategory(deps, auditContext(req), parseForm(CategoryForm, req.body));
        return redirectWithFlash(reply, '/aduan/pengaturan', 'flash.saved');
      }),
    );
    app.post('/api/v1/aduan/categories', { schema: { tags: ['aduan'], summary: 'Add a category (routing rule and Open311 service)', body: S.CategoryBody, response: { 201: S.CategoryOut } } }, async (req, reply) => {
      await createCategory(deps, auditContext(req), req.body);
      return reply.status(201).send(presentCategory((await findCategory(deps.db, req.body.code))!));
    });

    async function renderCategory(req: FastifyRequest, reply: FastifyReply, code: string, form?: FormState, status = 200) {
      manage(req);
      const category = await findCategory(deps.db, code);
      if (!category) throw new AppError('not_found', 'error.not_found');
      const [agencies, tiers] = await Promise.all([agencyOptions(deps.db), listTiers(deps.db)]);
      const values = { name: category.name, description: category.description, keywords: category.keywords, groupName: category.group_name, competence: category.competence, opdId: category.opd_id ?? '', tierCode: category.tier_code, open311Type: category.open311_type, active: category.active };
      return sendPage(reply, (ctx) => <CategoryPage ctx={ctx} category={category} form={form ?? emptyForm(values)} agencies={agencies} tiers={tiers.map((t) => ({ value: t.code, label: t.name }))} />, status);
    }

    app.get('/aduan/pengaturan/kategori/:code', { schema: { hide: true, params: CodeParams } }, async (req, reply) => renderCategory(req, reply, req.params.code));

    app.post('/aduan/pengaturan/kategori/:code', { schema: { hide: true, params: CodeParams } }, async (req, reply) => {
      manage(req);
      try {
        const f = parseForm(Type.Object({ ...S.CategoryBody.properties, code: Type.Optional(S.CategoryCode()) }), req.body);
        await changeCategory(deps, auditContext(req), req.params.code, { ...f, opdId: f.opdId ?? null, active: f.active === true });
        return redirectWithFlash(reply, '/aduan/pengaturan', 'flash.saved');
      } catch (error) {
        if (error instanceof AppError && error.code === 'validation') return renderCategory(req, reply, req.params.code, { values: req.body as Record<string, unknown>, errors: error.fields }, 400);
        throw error;
      }
    });

    app.patch(
      '/api/v1/aduan/categories/:code',
      { schema: { tags: ['aduan'], summary: 'Change a category (routing rule)', params: CodeParams, body: S.CategoryPatch, response: { 200: S.CategoryOut } } },
      async (req) => {
        await changeCategory(deps, auditContext(req), req.params.code, req.body);
        return presentCategory((await findCategory(deps.db, req.params.code))!);
      },
    );

    // ---- Deadlines ------------------------------------------------------------------------------
    app.post('/aduan/pengaturan/tenggat', { schema: { hide: true } }, async (req, reply) =>
      onSettings(req, reply, 'sla', 'step_verify', async () => {
        const tiers = (await listTiers(deps.db)).map((t) => t.code);
        await changeSla(deps, auditContext(req), slaFromForm(req.body, tiers));
        return redirectWithFlash(reply, '/aduan/pengaturan', 'flash.saved');
      }),
    );

    async function presentSla() {
      const [steps, tiers] = await Promise.all([listSlaSteps(deps.db), listTiers(deps.db)]);
      const byStep = Object.fromEntries(steps.map((s) => [s.step, s.days]));
      return { steps: { verify: byStep.verify ?? 3, follow_up: byStep.follow_up ?? 5, auto_close: byStep.auto_close ?? 10 }, tiers: tiers.map((t) => ({ code: t.code, name: t.name, days: t.days })) };
    }

    app.get('/api/v1/aduan/sla', { schema: { tags: ['aduan'], summary: 'Deadlines in working days: verification, follow-up, automatic closing, resolution tiers', security: [], response: { 200: S.SlaOut } } }, async () => presentSla());
    app.put('/api/v1/aduan/sla', { schema: { tags: ['aduan'], summary: 'Change deadlines (working days)', body: S.SlaBody, response: { 200: S.SlaOut } } }, async (req) => {
      await changeSla(deps, auditContext(req), req.body);
      return presentSla();
    });

    // ---- Coordinators ---------------------------------------------------------------------------
    app.post('/aduan/pengaturan/koordinator', { schema: { hide: true } }, async (req, reply) =>
      onSettings(req, reply, 'coordinator', 'opdId', async () => {
        await addCoordinator(deps, auditContext(req), parseForm(S.CoordinatorBody, req.body));
        return redirectWithFlash(reply, '/aduan/pengaturan', 'flash.saved');
      }),
    );
    app.post('/aduan/pengaturan/koordinator/:opdId/hapus', { schema: { hide: true, params: OpdParams } }, async (req, reply) => {
      manage(req);
      await removeCoordinator(deps, auditContext(req), req.params.opdId);
      return redirectWithFlash(reply, '/aduan/pengaturan', 'flash.saved');
    });

    async function presentCoordinators() {
      return { items: (await listCoordinators(deps.db)).map((c) => ({ opdId: c.opd_id, opdName: c.opd_name, region: c.region_code ? { code: c.region_code, name: c.region_name ?? c.region_code } : null })) };
    }
    app.get('/api/v1/aduan/coordinators', { schema: { tags: ['aduan'], summary: 'Agencies that verify new reports besides the SPBE team', response: { 200: S.CoordinatorListOut } } }, async (req) => {
      manage(req);
      return presentCoordinators();
    });
    app.post('/api/v1/aduan/coordinators', { schema: { tags: ['aduan'], summary: 'Make an agency a coordinator (of one regency/city, or the whole province)', body: S.CoordinatorBody, response: { 200: S.CoordinatorListOut } } }, async (req) => {
      await addCoordinator(deps, auditContext(req), req.body);
      return presentCoordinators();
    });
    app.delete('/api/v1/aduan/coordinators/:opdId', { schema: { tags: ['aduan'], summary: 'Stop an agency coordinating', params: OpdParams, response: { 200: S.CoordinatorListOut } } }, async (req) => {
      await removeCoordinator(deps, auditContext(req), req.params.opdId);
      return presentCoordinators();
    });

    // ---- Open311 client keys --------------------------------------------------------------------
    app.post('/aduan/pengaturan/open311', { schema: { hide: true } }, async (req, reply) => {
      manage(req);
      try {
        const input = parseForm(S.Open311ClientBody, req.body);
        const { apiKey } = await issueOpen311Key(deps, auditContext(req), input);
        // Deliberately not post/redirect/get: the key exists only in this answer (sent no-store).
        return sendPage(reply, (ctx) => <KeyIssuedPage ctx={ctx} name={input.name} apiKey={apiKey} />, 201);
      } catch (error) {
        if (error instanceof AppError && error.code === 'validation') return renderSettings(reply, { client: { values: req.body as Record<string, unknown>, errors: error.fields } }, 400);
        throw error;
      }
    });
    app.post('/aduan/pengaturan/open311/:clientId/cabut', { schema: { hide: true, params: ClientParams } }, async (req, reply) => {
      manage(req);
      await revokeOpen311Key(deps, auditContext(req), req.params.clientId);
      return redirectWithFlash(reply, '/aduan/pengaturan', 'flash.saved');
    });

    app.get('/api/v1/aduan/open311-clients', { schema: { tags: ['aduan'], summary: 'Open311 client systems and their key prefixes', response: { 200: S.Open311ClientListOut } } }, async (req) => {
      manage(req);
      return { items: (await listOpen311Clients(deps.db)).map(presentClient) };
    });
    app.post('/api/v1/aduan/open311-clients', { schema: { tags: ['aduan'], summary: 'Issue an Open311 API key to a client system (shown once)', body: S.Open311ClientBody, response: { 201: S.Open311ClientIssuedOut } } }, async (req, reply) => {
      const { clientId, apiKey } = await issueOpen311Key(deps, auditContext(req), req.body);
      const client = (await listOpen311Clients(deps.db)).find((c) => c.id === clientId)!;
      return reply.status(201).send({ ...presentClient(client), apiKey });
    });
    app.delete('/api/v1/aduan/open311-clients/:clientId', { schema: { tags: ['aduan'], summary: 'Revoke an Open311 API key', params: ClientParams, response: { 200: S.Ok } } }, async (req) => {
      await revokeOpen311Key(deps, auditContext(req), req.params.clientId);
      return { ok: true };
    });
  };
}
