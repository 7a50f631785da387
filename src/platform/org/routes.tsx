import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { parseForm, Uuid } from '../http/validation.ts';
import { AppError, validationError } from '../http/errors.ts';
import { auditContext } from '../http/request-context.ts';
import { redirectWithFlash, sendPage } from '../html/render.tsx';
import { handleForm } from '../html/forms.ts';
import { emptyForm, type FormState } from '../html/context.ts';
import { ensureSignedIn, isAdmin, platformPolicy } from '../auth/policy.ts';
import { OPD_KINDS, type OpdKind } from '../db/schema.ts';
import { StringEnum } from '../http/validation.ts';
import './messages.ts';
import * as S from './schemas.ts';
import { presentOpd } from './present.ts';
import { listActiveOpd, listRegions } from './repo.ts';
import { listOpd } from './use-cases/list-opd.ts';
import { getOpd, type OpdDetail } from './use-cases/get-opd.ts';
import { createOpd } from './use-cases/create-opd.ts';
import { updateOpd, type OpdChanges } from './use-cases/update-opd.ts';
import { mergeOpd } from './use-cases/merge-opd.ts';
import { setOpdActive } from './use-cases/set-opd-active.ts';
import { NewOpdPage, OpdListPage, OpdPage } from './views/opd-pages.tsx';

const OpdParams = Type.Object({ opdId: Uuid() });

// HTML forms are flat: social-media accounts arrive as social_<network>, and an emptied field
// means "clear it" (the JSON API says that with null).
const SocialFormFields = Object.fromEntries(S.SOCIAL_NETWORKS.map((n) => [`social_${n}`, Type.Optional(Type.String({ format: 'uri', pattern: '^https?://', maxLength: 500 }))]));
const WebsiteField = Type.Optional(Type.String({ format: 'uri', pattern: '^https?://', maxLength: 500 }));
const AdminFormFields = {
  name: S.NewOpdBody.properties.name,
  abbreviation: Type.Optional(Type.String({ maxLength: 40 })),
  kind: StringEnum(OPD_KINDS),
  parentId: Type.Optional(Uuid()),
  regionCode: S.NewOpdBody.properties.regionCode,
};
const NewOpdForm = Type.Object({ code: S.NewOpdBody.properties.code, ...AdminFormFields, website: WebsiteField, ...SocialFormFields });
const AdminEditForm = Type.Object({ ...AdminFormFields, website: WebsiteField, ...SocialFormFields });
const AgencyEditForm = Type.Object({ website: WebsiteField, ...SocialFormFields });
const MergeForm = Type.Object({ intoId: Uuid(), confirm: Type.Optional(Type.Literal('yes')) });

function socialFromForm(form: Record<string, unknown>): Record<string, string | undefined> {
  return Object.fromEntries(S.SOCIAL_NETWORKS.map((n) => [n, form[`social_${n}`] as string | undefined]));
}

function formValues(opd: OpdDetail): Record<string, unknown> {
  return {
    name: opd.name,
    abbreviation: opd.abbreviation ?? '',
    kind: opd.kind,
    parentId: opd.parent_id ?? '',
    regionCode: opd.region_code,
    website: opd.website ?? '',
    ...Object.fromEntries(Object.entries(opd.social_media ?? {}).map(([k, v]) => [`social_${k}`, v])),
  };
}

export const orgRoutes: FastifyPluginAsync = async (fastify) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const deps = app.padu.deps;

  async function options() {
    const [regions, agencies] = await Promise.all([listRegions(deps.db), listActiveOpd(deps.db)]);
    return {
      regionOptions: regions.map((r) => ({ value: r.code, label: r.name })),
      agencyOptions: agencies.map((o) => ({ value: o.id, label: o.abbreviation ? `${o.name} (${o.abbreviation})` : o.name })),
    };
  }

  async function renderOpd(req: FastifyRequest, reply: FastifyReply, opdId: string, forms: { form?: FormState; mergeForm?: FormState } = {}, status = 200) {
    const opd = await getOpd(deps, opdId);
    const { regionOptions, agencyOptions } = await options();
    const mergedInto = opd.merged_into_id ? await getOpd(deps, opd.merged_into_id) : null;
    const others = agencyOptions.filter((o) => o.value !== opd.id);
    return sendPage(
      reply,
      (ctx) => (
        <OpdPage
          ctx={ctx}
          opd={opd}
          mergedIntoName={mergedInto?.name ?? null}
          form={forms.form ?? emptyForm(formValues(opd))}
          mergeForm={forms.mergeForm ?? emptyForm()}
          canEdit={platformPolicy.updateOpd(req.actor, opd.id)}
          isAdmin={isAdmin(req.actor)}
          parentOptions={others}
          regionOptions={regionOptions}
          mergeOptions={others}
        />
      ),
      status,
    );
  }

  /** Runs a form action on the agency page; user-fixable errors re-render it with the form's errors. */
  async function onOpdPage(req: FastifyRequest, reply: FastifyReply, opdId: string, which: 'form' | 'mergeForm', firstField: string, action: () => Promise<FastifyReply>) {
    try {
      return await action();
    } catch (error) {
      if (error instanceof AppError && (error.code === 'validation' || error.code === 'conflict')) {
        const errors = error.fields.length ? error.fields : [{ field: firstField, messageKey: error.messageKey }];
        return renderOpd(req, reply, opdId, { [which]: { values: req.body as Record<string, unknown>, errors } }, error.status);
      }
      throw error;
    }
  }

  // ---- Screens ---------------------------------------------------------------------------------
  app.get('/admin/opd', { schema: { hide: true, querystring: S.OpdListQuery } }, async (req, reply) => {
    ensureSignedIn(req.actor);
    const { q = '', kind = '', region = '', inactive = false, page = 1 } = req.query;
    const result = await listOpd(deps, { search: q || undefined, kind: kind || undefined, regionCode: region || undefined, includeInactive: inactive === true, page });
    const { regionOptions } = await options();
    return sendPage(reply, (ctx) => (
      <OpdListPage
        ctx={ctx}
        items={result.items}
        hasNext={result.hasNext}
        page={page}
        filter={{ q, kind, region, inactive: inactive === true }}
        regionOptions={regionOptions}
        canCreate={platformPolicy.createOpd(req.actor)}
      />
    ));
  });

  app.get('/admin/opd/new', { schema: { hide: true } }, async (req, reply) => {
    ensureSignedIn(req.actor);
    if (!platformPolicy.createOpd(req.actor)) throw new AppError('forbidden', 'error.forbidden');
    const { regionOptions, agencyOptions } = await options();
    return sendPage(reply, (ctx) => <NewOpdPage ctx={ctx} form={emptyForm({ regionCode: deps.config.province })} parentOptions={agencyOptions} regionOptions={regionOptions} />);
  });

  app.post('/admin/opd', { schema: { hide: true } }, async (req, reply) => {
    const { regionOptions, agencyOptions } = await options();
    return handleForm(
      reply,
      req.body,
      'code',
      async () => {
        const input = parseForm(NewOpdForm, req.body);
        const { opdId } = await createOpd(deps, auditContext(req), { ...input, abbreviation: input.abbreviation || undefined, socialMedia: socialFromForm(input) });
        return redirectWithFlash(reply, `/admin/opd/${opdId}`, 'flash.saved');
      },
      (ctx, form) => <NewOpdPage ctx={ctx} form={form} parentOptions={agencyOptions} regionOptions={regionOptions} />,
    );
  });

  app.get('/admin/opd/:opdId', { schema: { hide: true, params: OpdParams } }, async (req, reply) => {
    ensureSignedIn(req.actor);
    return renderOpd(req, reply, req.params.opdId);
  });

  app.post('/admin/opd/:opdId', { schema: { hide: true, params: OpdParams } }, async (req, reply) => {
    const { opdId } = req.params;
    return onOpdPage(req, reply, opdId, 'form', 'website', async () => {
      // Check the right before validating, so an outsider learns nothing from the form's errors.
      ensureSignedIn(req.actor);
      if (!platformPolicy.updateOpd(req.actor, opdId)) {
        await getOpd(deps, opdId);
        throw new AppError('forbidden', 'error.forbidden');
      }
      let changes: OpdChanges;
      if (isAdmin(req.actor)) {
        const input = parseForm(AdminEditForm, req.body);
        changes = { name: input.name, abbreviation: input.abbreviation || null, kind: input.kind as OpdKind, parentId: input.parentId ?? null, regionCode: input.regionCode, website: input.website ?? null, socialMedia: socialFromForm(input) };
      } else {
        const input = parseForm(AgencyEditForm, req.body);
        changes = { website: input.website ?? null, socialMedia: socialFromForm(input) };
      }
      await updateOpd(deps, auditContext(req), opdId, changes);
      return redirectWithFlash(reply, `/admin/opd/${opdId}`, 'flash.saved');
    });
  });

  app.post('/admin/opd/:opdId/merge', { schema: { hide: true, params: OpdParams } }, async (req, reply) => {
    const { opdId } = req.params;
    return onOpdPage(req, reply, opdId, 'mergeForm', 'intoId', async () => {
      ensureSignedIn(req.actor);
      if (!platformPolicy.mergeOpd(req.actor)) throw new AppError('forbidden', 'error.forbidden');
      const input = parseForm(MergeForm, req.body);
      if (input.confirm !== 'yes') throw validationError([{ field: 'confirm', messageKey: 'opd.merge_confirm_required' }]);
      await mergeOpd(deps, auditContext(req), { fromId: opdId, intoId: input.intoId });
      return redirectWithFlash(reply, `/admin/opd/${input.intoId}`, 'flash.opd_merged');
    });
  });

  for (const [path, active] of [['deactivate', false], ['activate', true]] as const) {
    app.post(`/admin/opd/:opdId/${path}`, { schema: { hide: true, params: OpdParams } }, async (req, reply) => {
      const { opdId } = req.params;
      return onOpdPage(req, reply, opdId, 'mergeForm', 'intoId', async () => {
        await setOpdActive(deps, auditContext(req), { opdId, active });
        return redirectWithFlash(reply, `/admin/opd/${opdId}`, active ? 'flash.opd_activated' : 'flash.opd_deactivated');
      });
    });
  }

  // ---- API -------------------------------------------------------------------------------------
  app.get(
    '/api/v1/regions',
    { schema: { tags: ['organisations'], summary: 'The province and its regencies/cities (reference data)', response: { 200: S.RegionListOut } } },
    async () => ({ items: (await listRegions(deps.db)).map((r) => ({ code: r.code, name: r.name, kind: r.kind, parentCode: r.parent_code })) }),
  );

  app.get(
    '/api/v1/opd',
    { schema: { tags: ['organisations'], summary: 'List agencies (public)', querystring: S.OpdListQuery, response: { 200: S.OpdListOut } } },
    async (req) => {
      const { q, kind, region, inactive, page = 1 } = req.query;
      const result = await listOpd(deps, { search: q || undefined, kind: kind || undefined, regionCode: region || undefined, includeInactive: inactive === true, page });
      return { items: result.items.map(presentOpd), hasNext: result.hasNext, page };
    },
  );

  const presentDetail = (o: OpdDetail) => ({
    ...presentOpd(o),
    nameHistory: o.history.map((h) => ({ name: h.name, validFrom: new Date(h.valid_from).toISOString(), validTo: h.valid_to ? new Date(h.valid_to).toISOString() : null })),
    children: o.children.map((c) => ({ id: c.id, name: c.name, active: c.active })),
  });

  app.get(
    '/api/v1/opd/:opdId',
    { schema: { tags: ['organisations'], summary: 'One agency with its name history and units (public)', params: OpdParams, response: { 200: S.OpdDetailOut } } },
    async (req) => presentDetail(await getOpd(deps, req.params.opdId)),
  );

  app.post(
    '/api/v1/opd',
    { schema: { tags: ['organisations'], summary: 'Add an agency (platform admins)', body: S.NewOpdBody, response: { 201: S.OpdDetailOut } } },
    async (req, reply) => {
      const { opdId } = await createOpd(deps, auditContext(req), req.body);
      return reply.status(201).send(presentDetail(await getOpd(deps, opdId)));
    },
  );

  app.patch(
    '/api/v1/opd/:opdId',
    {
      schema: {
        tags: ['organisations'],
        summary: 'Change an agency (its own admin: website and social media; platform admins: everything but the code)',
        params: OpdParams,
        body: S.UpdateOpdBody,
        response: { 200: S.OpdDetailOut },
      },
    },
    async (req) => {
      await updateOpd(deps, auditContext(req), req.params.opdId, req.body);
      return presentDetail(await getOpd(deps, req.params.opdId));
    },
  );

  app.post(
    '/api/v1/opd/:opdId/merge',
    { schema: { tags: ['organisations'], summary: 'Merge this agency into another (platform admins; cannot be undone)', params: OpdParams, body: S.MergeOpdBody, response: { 200: S.MergeOut } } },
    async (req) => {
      const summary = await mergeOpd(deps, auditContext(req), { fromId: req.params.opdId, intoId: req.body.intoId });
      return { ...summary, into: presentOpd(await getOpd(deps, req.body.intoId)) };
    },
  );

  for (const [path, active] of [['deactivate', false], ['activate', true]] as const) {
    app.post(
      `/api/v1/opd/:opdId/${path}`,
      { schema: { tags: ['organisations'], summary: active ? 'Reactivate an agency (platform admins)' : 'Deactivate an agency (platform admins)', params: OpdParams, response: { 200: S.OpdDetailOut } } },
      async (req) => {
        await setOpdActive(deps, auditContext(req), { opdId: req.params.opdId, active });
        return presentDetail(await getOpd(deps, req.params.opdId));
      },
    );
  }
};
