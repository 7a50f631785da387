import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { parseForm } from '../../../platform/http/validation.ts';
import { AppError } from '../../../platform/http/errors.ts';
import { auditContext } from '../../../platform/http/request-context.ts';
import { redirectWithFlash, sendPage } from '../../../platform/html/render.tsx';
import { handleForm } from '../../../platform/html/forms.ts';
import { emptyForm, type FormState } from '../../../platform/html/context.ts';
import * as S from '../schemas.ts';
import { listDistricts, listRegencies } from './repo.ts';
import { registerCitizen } from './use-cases/register-citizen.ts';
import { isVerificationTokenValid, verifyEmail } from './use-cases/verify-email.ts';
import { ensureCitizen, getProfile, updateProfile, type CitizenProfile } from './use-cases/profile.ts';
import { listMyConsents, withdrawConsent, type Consent } from './use-cases/consents.ts';
import { ConsentsPage, ProfilePage, RegisterPage, RegisterSentPage, VerifyPage } from './views/citizen-pages.tsx';

const tags = ['portal'];

function presentConsent(c: Consent) {
  return {
    id: c.id,
    purpose: c.purpose,
    dataElements: c.dataElements,
    opdId: c.opdId,
    opdName: c.opdName,
    serviceId: c.serviceId,
    serviceName: c.serviceName,
    source: c.source,
    grantedAt: c.grantedAt.toISOString(),
    withdrawnAt: c.withdrawnAt ? c.withdrawnAt.toISOString() : null,
  };
}

export const citizenRoutes: FastifyPluginAsync = async (fastify) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const deps = app.padu.deps;

  // ---- Registration -------------------------------------------------------------------------------
  app.get('/daftar', { schema: { hide: true } }, async (req, reply) => {
    if (req.actor) return reply.redirect('/warga/profil', 303);
    return sendPage(reply, (ctx) => <RegisterPage ctx={ctx} form={emptyForm()} />);
  });

  app.post('/daftar', { schema: { hide: true } }, async (req, reply) =>
    handleForm(
      reply,
      { ...(req.body as Record<string, unknown>), password: '', confirmPassword: '' },
      'name',
      async () => {
        const input = parseForm(S.RegisterBody, req.body);
        await registerCitizen(deps, { ...input, locale: req.locale, ip: req.ip });
        return reply.redirect('/daftar/terkirim', 303);
      },
      (ctx, form) => <RegisterPage ctx={ctx} form={form} />,
    ),
  );

  app.get('/daftar/terkirim', { schema: { hide: true } }, async (_req, reply) => sendPage(reply, (ctx) => <RegisterSentPage ctx={ctx} />));

  app.post(
    '/api/v1/portal/citizens',
    { schema: { tags, summary: 'Register a citizen account; a verification link is mailed (the answer is the same for any address)', body: S.RegisterBody, response: { 202: S.Ok } } },
    async (req, reply) => {
      await registerCitizen(deps, { ...req.body, locale: req.locale, ip: req.ip });
      return reply.status(202).send({ ok: true });
    },
  );

  app.get('/daftar/verifikasi', { schema: { hide: true } }, async (req, reply) => {
    const token = String((req.query as { token?: string }).token ?? '').slice(0, 200);
    const valid = await isVerificationTokenValid(deps, token);
    // Opening the link changes nothing (mail scanners open links); the button does.
    return sendPage(reply, (ctx) => <VerifyPage ctx={ctx} token={token} valid={valid} form={emptyForm()} />, valid ? 200 : 400);
  });

  app.post('/daftar/verifikasi', { schema: { hide: true } }, async (req, reply) => {
    const token = String((req.body as { token?: string })?.token ?? '').slice(0, 200);
    return handleForm(
      reply,
      {},
      'token',
      async () => {
        const input = parseForm(S.VerifyBody, req.body);
        await verifyEmail(deps, { token: input.token, ip: req.ip });
        return redirectWithFlash(reply, '/login?next=/warga/profil', 'portal.flash.email_verified');
      },
      (ctx, form) => <VerifyPage ctx={ctx} token={token} valid={false} form={form} />,
    );
  });

  app.post(
    '/api/v1/portal/citizens/verify',
    { schema: { tags, summary: 'Confirm a citizen email address with the mailed token (activates the account)', body: S.VerifyBody, response: { 200: S.Ok } } },
    async (req) => {
      await verifyEmail(deps, { token: req.body.token, ip: req.ip });
      return { ok: true };
    },
  );

  // ---- Profile --------------------------------------------------------------------------------------
  function profileValues(p: CitizenProfile) {
    return { name: p.name, phone: p.phone ?? '', regencyCode: p.regencyCode ?? '', districtCode: p.districtCode ?? '', address: p.address ?? '' };
  }

  async function renderProfile(req: FastifyRequest, reply: FastifyReply, form?: FormState, status = 200) {
    const profile = await getProfile(deps, req.actor);
    const values = form?.values ?? profileValues(profile);
    const regency = String(values.regencyCode ?? '');
    const [regencies, districts] = await Promise.all([listRegencies(deps.db), regency ? listDistricts(deps.db, regency) : Promise.resolve([])]);
    const f: FormState = { values: { ...values, nik: '' }, errors: form?.errors ?? [] };
    return sendPage(
      reply,
      (ctx) => <ProfilePage ctx={ctx} profile={profile} form={f} regencies={regencies.map((r) => ({ value: r.code, label: r.name }))} districts={districts.map((d) => ({ value: d.code, label: d.name }))} />,
      status,
    );
  }

  app.get('/warga/profil', { schema: { hide: true } }, async (req, reply) => renderProfile(req, reply));

  app.post('/warga/profil', { schema: { hide: true } }, async (req, reply) => {
    ensureCitizen(req.actor);
    try {
      const input = parseForm(S.ProfileForm, req.body);
      await updateProfile(deps, auditContext(req), {
        name: input.name,
        // The form never shows the stored NIK, so an empty NIK field means "unchanged".
        ...(input.nik ? { nik: input.nik } : {}),
        phone: input.phone ?? null,
        regencyCode: input.regencyCode ?? null,
        districtCode: input.districtCode ?? null,
        address: input.address ?? null,
      });
      return redirectWithFlash(reply, '/warga/profil', 'flash.saved');
    } catch (error) {
      if (error instanceof AppError && error.code === 'validation') {
        return renderProfile(req, reply, { values: { ...(req.body as Record<string, unknown>) }, errors: error.fields }, 400);
      }
      throw error;
    }
  });

  app.get('/api/v1/portal/me/profile', { schema: { tags, summary: 'My citizen profile (the NIK only masked)', response: { 200: S.ProfileOut } } }, async (req) => getProfile(deps, req.actor));

  app.patch(
    '/api/v1/portal/me/profile',
    { schema: { tags, summary: 'Change my citizen profile (name, NIK, phone, address)', body: S.ProfileBody, response: { 200: S.ProfileOut } } },
    async (req) => {
      await updateProfile(deps, auditContext(req), req.body);
      return getProfile(deps, req.actor);
    },
  );

  // ---- Consents -----------------------------------------------------------------------------------
  app.get('/warga/persetujuan', { schema: { hide: true } }, async (req, reply) => {
    const consents = await listMyConsents(deps, req.actor);
    return sendPage(reply, (ctx) => <ConsentsPage ctx={ctx} consents={consents} />);
  });

  app.post('/warga/persetujuan/:consentId/tarik', { schema: { hide: true, params: S.ConsentParams } }, async (req, reply) => {
    await withdrawConsent(deps, auditContext(req), req.params.consentId);
    return redirectWithFlash(reply, '/warga/persetujuan', 'portal.flash.consent_withdrawn');
  });

  app.get('/api/v1/portal/me/consents', { schema: { tags, summary: 'What I agreed to share, with whom and why (withdrawn ones too)', response: { 200: S.ConsentListOut } } }, async (req) => ({
    items: (await listMyConsents(deps, req.actor)).map(presentConsent),
  }));

  app.post(
    '/api/v1/portal/me/consents/:consentId/withdraw',
    { schema: { tags, summary: 'Withdraw one of my consents', params: S.ConsentParams, response: { 200: S.ConsentOut } } },
    async (req) => presentConsent(await withdrawConsent(deps, auditContext(req), req.params.consentId)),
  );
};
