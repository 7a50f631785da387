import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { parseForm, StringEnum, Uuid } from '../../platform/http/validation.ts';
import { AppError } from '../../platform/http/errors.ts';
import { auditContext } from '../../platform/http/request-context.ts';
import { redirectWithFlash, sendPage } from '../../platform/html/render.tsx';
import { handleForm } from '../../platform/html/forms.ts';
import { emptyForm, type FormState } from '../../platform/html/context.ts';
import { ensure, ensureSignedIn } from '../../platform/auth/policy.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import { listOpdOptions } from '../../platform/org/index.ts';
import { listAuditForTarget } from '../../platform/audit/index.ts';
import './messages.ts';
import * as S from './schemas.ts';
import { APP_CATEGORIES, ARCH_KINDS, HOSTINGS, LIFECYCLES, type AppCategory, type Hosting, type Lifecycle } from './db.ts';
import { katalogPolicy } from './policy.ts';
import { presentApp } from './present.ts';
import { findAppIdByKey, listArchRef } from './repo.ts';
import { listApps } from './use-cases/list-apps.ts';
import { getApp, type AppDetail } from './use-cases/get-app.ts';
import { createApp } from './use-cases/create-app.ts';
import { updateApp } from './use-cases/update-app.ts';
import type { AppCodesInput, AppInput } from './use-cases/app-input.ts';
import { AppFormPage, AppListPage, AppPage, CODE_FIELDS } from './views/app-pages.tsx';
import { getAppLinks } from './registry/app-links/get-app-links.ts';
import { AppLinksSection } from './registry/app-links/view.tsx';
import { AppRationalisationSection, loadAppRationalisation } from './rationalisation/index.ts';

const AppParams = Type.Object({ appId: Uuid() });

// The HTML form is flat: codes arrive as comma-separated text in codes_<usage>, the merge target
// as an app key (lighter than a select of every app), and an emptied field means "clear it".
const AppForm = Type.Object({
  key: Type.Optional(S.AppKey),
  name: Type.String({ minLength: 2, maxLength: 300 }),
  acronym: Type.Optional(Type.String({ maxLength: 60 })),
  description: Type.Optional(Type.String({ maxLength: 5000 })),
  opdId: Type.Optional(Uuid()),
  category: StringEnum(APP_CATEGORIES),
  ...Object.fromEntries(CODE_FIELDS.map(([f]) => [`codes_${f}`, Type.Optional(Type.String({ maxLength: 2000 }))])),
  hosting: Type.Optional(StringEnum(HOSTINGS)),
  url: Type.Optional(Type.String({ format: 'uri', pattern: '^https?://', maxLength: 500 })),
  technology: Type.Optional(Type.String({ maxLength: 300 })),
  users: Type.Optional(Type.String({ maxLength: 300 })),
  yearlyCost: Type.Optional(Type.Integer({ minimum: 0, maximum: 1e15 })),
  legalBasis: Type.Optional(Type.String({ maxLength: 500 })),
  lifecycle: StringEnum(LIFECYCLES),
  mergedIntoKey: Type.Optional(Type.String({ maxLength: 80 })),
  replacedBy: Type.Optional(Type.String({ maxLength: 200 })),
  version: Type.Optional(Type.Integer({ minimum: 1 })),
});

export function parseCodeList(text: string | undefined): string[] {
  return [...new Set((text ?? '').split(/[\s,;]+/).map((c) => c.trim().toUpperCase()).filter(Boolean))];
}

async function formToInput(req: FastifyRequest): Promise<AppInput & { key?: string; version?: number }> {
  const f = parseForm(AppForm, req.body) as Record<string, unknown> & { name: string; category: AppCategory; lifecycle: Lifecycle };
  const codes = Object.fromEntries(CODE_FIELDS.map(([field]) => [field, parseCodeList(f[`codes_${field}`] as string | undefined)])) as AppCodesInput;
  let mergedIntoId: string | null = null;
  if (f.mergedIntoKey) {
    const target = await findAppIdByKey(req.server.padu.deps.db, String(f.mergedIntoKey));
    if (!target) throw new AppError('validation', 'error.validation', { fields: [{ field: 'mergedIntoKey', messageKey: 'katalog.unknown_app' }] });
    mergedIntoId = target.id;
  }
  const opt = (k: string) => (f[k] as string | undefined) ?? null;
  return {
    key: f.key as string | undefined,
    name: f.name,
    acronym: opt('acronym'),
    description: opt('description'),
    opdId: opt('opdId'),
    category: f.category,
    codes,
    hosting: opt('hosting') as Hosting | null,
    url: opt('url'),
    technology: opt('technology'),
    users: opt('users'),
    yearlyCost: (f.yearlyCost as number | undefined) ?? null,
    legalBasis: opt('legalBasis'),
    lifecycle: f.lifecycle,
    mergedIntoId,
    replacedBy: opt('replacedBy'),
    version: f.version as number | undefined,
  };
}

/** Use-case errors name nested fields (codes.rab, mergedIntoId); the form's inputs are flat. */
function toFormErrors(error: AppError) {
  return error.fields.map((e) => ({ ...e, field: e.field.replace('codes.', 'codes_').replace('mergedIntoId', 'mergedIntoKey') }));
}

function appFormValues(app: AppDetail, mergedIntoKey: string | null): Record<string, unknown> {
  return {
    name: app.name,
    acronym: app.acronym,
    description: app.description,
    opdId: app.opd_id ?? '',
    category: app.category,
    ...Object.fromEntries(CODE_FIELDS.map(([f]) => [`codes_${f}`, app.codes[f].join(', ')])),
    hosting: app.hosting ?? '',
    url: app.url,
    technology: app.technology,
    users: app.users,
    yearlyCost: app.yearly_cost,
    legalBasis: app.legal_basis,
    lifecycle: app.lifecycle,
    mergedIntoKey,
    replacedBy: app.replaced_by,
  };
}

export const katalogRoutes: FastifyPluginAsync = async (fastify) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const deps = app.padu.deps;

  /** Agencies the actor may file apps under, for the owner picker. */
  async function editableOpdOptions(actor: Actor | null) {
    const all = await listOpdOptions(deps.db);
    if (katalogPolicy.rationalise(actor)) return all;
    return all.filter((o) => katalogPolicy.edit(actor, o.value));
  }
  async function readableOpdOptions(actor: Actor | null) {
    const all = await listOpdOptions(deps.db);
    const readable = katalogPolicy.readableOpdIds(actor);
    return readable === 'all' ? all : all.filter((o) => readable.includes(o.value));
  }

  async function mergedIntoKeyOf(a: AppDetail): Promise<string | null> {
    if (!a.merged_into_id) return null;
    return (await deps.db.selectFrom('katalog_app').select('key').where('id', '=', a.merged_into_id).executeTakeFirst())?.key ?? null;
  }

  // ---- Screens ---------------------------------------------------------------------------------
  // GET /katalog is the portfolio overview, in rationalisation/routes.tsx.

  app.get('/katalog/apps', { schema: { hide: true, querystring: S.AppListQuery } }, async (req, reply) => {
    const { q = '', opdId = '', category = '', lifecycle = '', code = '', page = 1 } = req.query;
    const result = await listApps(deps, req.actor, { search: q || undefined, opdId: opdId || undefined, category: category || undefined, lifecycle: lifecycle || undefined, code: code || undefined, page });
    const opdOptions = await readableOpdOptions(req.actor);
    return sendPage(reply, (ctx) => (
      <AppListPage ctx={ctx} items={result.items} hasNext={result.hasNext} page={page} filter={{ q, opdId, category, lifecycle, code }} opdOptions={opdOptions} canCreate={katalogPolicy.create(req.actor)} canSeeDuplicates={katalogPolicy.readAll(req.actor)} />
    ));
  });

  app.get('/katalog/apps/new', { schema: { hide: true } }, async (req, reply) => {
    ensure(req.actor, katalogPolicy.create(req.actor));
    const opdOptions = await editableOpdOptions(req.actor);
    const form = emptyForm({ lifecycle: 'aktif', category: 'khusus', opdId: opdOptions.length === 1 ? opdOptions[0]!.value : '' });
    return sendPage(reply, (ctx) => <AppFormPage ctx={ctx} form={form} action="/katalog/apps" opdOptions={opdOptions} isNew title={ctx.t('katalog.create_title')} />);
  });

  app.post('/katalog/apps', { schema: { hide: true } }, async (req, reply) => {
    ensureSignedIn(req.actor);
    ensure(req.actor, katalogPolicy.create(req.actor));
    const opdOptions = await editableOpdOptions(req.actor);
    return handleForm(
      reply,
      req.body,
      'name',
      async () => {
        try {
          const input = await formToInput(req);
          const { appId } = await createApp(deps, auditContext(req), { ...input, name: input.name!, category: input.category!, key: input.key });
          return redirectWithFlash(reply, `/katalog/apps/${appId}`, 'flash.saved');
        } catch (error) {
          if (error instanceof AppError && error.code === 'validation') throw new AppError('validation', error.messageKey, { fields: toFormErrors(error) });
          throw error;
        }
      },
      (ctx, form) => <AppFormPage ctx={ctx} form={form} action="/katalog/apps" opdOptions={opdOptions} isNew title={ctx.t('katalog.create_title')} />,
    );
  });

  app.get('/katalog/apps/:appId', { schema: { hide: true, params: AppParams } }, async (req, reply) => {
    const detail = await getApp(deps, req.actor, req.params.appId);
    const [refs, history, mergedInto, rationalisation, registryLinks] = await Promise.all([
      listArchRef(deps.db),
      listAuditForTarget(deps.db, 'katalog_app', detail.id),
      detail.merged_into_id ? deps.db.selectFrom('katalog_app').select('name').where('id', '=', detail.merged_into_id).executeTakeFirst() : undefined,
      loadAppRationalisation(deps, req.actor, detail),
      getAppLinks(deps, req.actor, detail.id),
    ]);
    const codeNames = new Map(refs.map((r) => [r.code, r.name]));
    return sendPage(reply, (ctx) => <AppPage ctx={ctx} app={detail} codeNames={codeNames} mergedIntoName={mergedInto?.name ?? null} history={history} canEdit={katalogPolicy.edit(req.actor, detail.opd_id)} extra={<><AppRationalisationSection ctx={ctx} data={rationalisation} /><AppLinksSection ctx={ctx} links={registryLinks} /></>} />);
  });

  async function renderEdit(req: FastifyRequest, reply: FastifyReply, detail: AppDetail, form: FormState, status = 200) {
    const opdOptions = await editableOpdOptions(req.actor);
    if (detail.opd_id && !opdOptions.some((o) => o.value === detail.opd_id)) opdOptions.unshift({ value: detail.opd_id, label: detail.opd_name ?? detail.opd_id });
    return sendPage(
      reply,
      (ctx) => (
        <AppFormPage
          ctx={ctx}
          form={form}
          action={`/katalog/apps/${detail.id}`}
          opdOptions={opdOptions}
         
          isNew={false}
          version={detail.version}
          title={ctx.t('katalog.edit_title', { name: detail.name })}
          appName={detail.acronym ?? detail.name}
          appId={detail.id}
        />
      ),
      status,
    );
  }

  app.get('/katalog/apps/:appId/edit', { schema: { hide: true, params: AppParams } }, async (req, reply) => {
    const detail = await getApp(deps, req.actor, req.params.appId);
    ensure(req.actor, katalogPolicy.edit(req.actor, detail.opd_id));
    return renderEdit(req, reply, detail, emptyForm(appFormValues(detail, await mergedIntoKeyOf(detail))));
  });

  app.post('/katalog/apps/:appId', { schema: { hide: true, params: AppParams } }, async (req, reply) => {
    const detail = await getApp(deps, req.actor, req.params.appId);
    ensure(req.actor, katalogPolicy.edit(req.actor, detail.opd_id));
    try {
      const input = await formToInput(req);
      await updateApp(deps, auditContext(req), detail.id, input);
      return redirectWithFlash(reply, `/katalog/apps/${detail.id}`, 'flash.saved');
    } catch (error) {
      if (error instanceof AppError && (error.code === 'validation' || error.code === 'conflict')) {
        const errors = error.fields.length ? toFormErrors(error) : [{ field: 'name', messageKey: error.messageKey }];
        return renderEdit(req, reply, await getApp(deps, req.actor, detail.id), { values: req.body as Record<string, unknown>, errors }, error.status);
      }
      throw error;
    }
  });

  // ---- API -------------------------------------------------------------------------------------
  app.get(
    '/api/v1/katalog/apps',
    { schema: { tags: ['katalog'], summary: 'List applications I may see (the whole portfolio for the SPBE team)', querystring: S.AppListQuery, response: { 200: S.AppListOut } } },
    async (req) => {
      const { q, opdId, category, lifecycle, code, page = 1 } = req.query;
      const result = await listApps(deps, req.actor, { search: q || undefined, opdId: opdId || undefined, category: category || undefined, lifecycle: lifecycle || undefined, code: code || undefined, page });
      return { items: result.items.map(presentApp), hasNext: result.hasNext, page };
    },
  );

  app.post(
    '/api/v1/katalog/apps',
    { schema: { tags: ['katalog'], summary: 'Add an application', body: S.NewAppBody, response: { 201: S.AppOut } } },
    async (req, reply) => {
      const { appId } = await createApp(deps, auditContext(req), req.body);
      return reply.status(201).send(presentApp(await getApp(deps, req.actor, appId)));
    },
  );

  app.get(
    '/api/v1/katalog/apps/:appId',
    { schema: { tags: ['katalog'], summary: 'One application', params: AppParams, response: { 200: S.AppOut } } },
    async (req) => presentApp(await getApp(deps, req.actor, req.params.appId)),
  );

  app.patch(
    '/api/v1/katalog/apps/:appId',
    { schema: { tags: ['katalog'], summary: 'Change an application (send `version` to refuse stale edits)', params: AppParams, body: S.UpdateAppBody, response: { 200: S.AppOut } } },
    async (req) => {
      await updateApp(deps, auditContext(req), req.params.appId, req.body as AppInput & { version?: number });
      return presentApp(await getApp(deps, req.actor, req.params.appId));
    },
  );

  app.get(
    '/api/v1/katalog/apps/:appId/history',
    { schema: { tags: ['katalog'], summary: "An application's change history (from the audit log)", params: AppParams, response: { 200: S.HistoryOut } } },
    async (req) => {
      const detail = await getApp(deps, req.actor, req.params.appId);
      const items = await listAuditForTarget(deps.db, 'katalog_app', detail.id);
      return {
        items: items.map((i) => ({
          at: new Date(i.at).toISOString(),
          actor: i.actorLabel,
          action: i.action,
          before: (i.before ?? null) as Record<string, unknown> | null,
          after: (i.after ?? null) as Record<string, unknown> | null,
        })),
      };
    },
  );

  app.get(
    '/api/v1/katalog/arch-ref',
    { schema: { tags: ['katalog'], summary: 'Reference architecture codes (public)', querystring: Type.Object({ kind: Type.Optional(StringEnum(ARCH_KINDS)) }), response: { 200: S.ArchRefListOut } } },
    async (req) => ({
      items: (await listArchRef(deps.db, req.query.kind)).map((r) => ({ code: r.code, kind: r.kind, name: r.name, level: r.level, parentCode: r.parent_code, origin: r.origin })),
    }),
  );
};
