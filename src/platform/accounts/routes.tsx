import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { cookieNames, safeNext } from '../http/app.tsx';
import { parseForm, Uuid } from '../http/validation.ts';
import { AppError } from '../http/errors.ts';
import { auditContext, signedInUser } from '../http/request-context.ts';
import { redirectWithFlash, sendPage } from '../html/render.tsx';
import { handleForm } from '../html/forms.ts';
import { emptyForm } from '../html/context.ts';
import { destroySession } from '../auth/sessions.ts';
import { isAdmin, opdIdsWithRole, platformPolicy } from '../auth/policy.ts';
import { AGENCY_ROLES, ROLES, type Role } from '../db/schema.ts';
import type { Actor } from '../auth/actor.ts';
import { listOpdOptions } from '../org/index.ts';
import './messages.ts';
import * as S from './schemas.ts';
import { signIn } from './use-cases/sign-in.ts';
import { changePassword } from './use-cases/change-password.ts';
import { requestPasswordReset } from './use-cases/request-password-reset.ts';
import { isResetTokenValid, resetPassword } from './use-cases/reset-password.ts';
import { createAdmin } from './use-cases/create-admin.ts';
import { listUsers } from './use-cases/list-users.ts';
import { getUser } from './use-cases/get-user.ts';
import { createUser } from './use-cases/create-user.ts';
import { grantRole, revokeRole } from './use-cases/grant-role.ts';
import { assertCanEditUser, updateUser } from './use-cases/update-user.ts';
import { sendPasswordLink } from './use-cases/request-password-reset.ts';
import { AccountPage, ForgotPasswordPage, LoginPage, ResetPasswordPage, SetupPage } from './views/auth-pages.tsx';
import { EditUserPage, NewUserPage, UserListPage } from './views/user-pages.tsx';

/** Roles this actor may hand out (for the role pickers; the use case checks again). */
function grantableRoles(actor: Actor | null): readonly Role[] {
  if (isAdmin(actor)) return ROLES;
  return opdIdsWithRole(actor, ['admin_opd']).length ? AGENCY_ROLES : [];
}

async function opdOptionsFor(req: FastifyRequest) {
  const all = await listOpdOptions(req.server.padu.deps.db);
  if (isAdmin(req.actor) || platformPolicy.readAudit(req.actor)) return all;
  const mine = opdIdsWithRole(req.actor, ['admin_opd']);
  return all.filter((o) => mine.includes(o.value));
}

export const accountRoutes: FastifyPluginAsync = async (fastify) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const deps = app.padu.deps;
  const names = cookieNames(deps.config);
  const sso = deps.config.oidc ? { label: deps.config.oidc.label } : undefined;

  function startSession(reply: FastifyReply, token: string) {
    reply.setCookie(names.session, token, {
      path: '/',
      httpOnly: true,
      sameSite: 'lax',
      secure: deps.config.cookieSecure,
      maxAge: deps.config.sessionAbsoluteHours * 3600,
    });
    // A new CSRF secret at every sign-in, so a value planted before sign-in is useless after it.
    reply.setCookie(names.csrf, deps.ids.token(24), { path: '/', httpOnly: true, sameSite: 'lax', secure: deps.config.cookieSecure });
  }

  // ---- Sign in / out -------------------------------------------------------------------------
  app.get('/login', { schema: { hide: true } }, async (req, reply) => {
    const next = safeNext((req.query as { next?: string }).next);
    if (req.actor) return reply.redirect(next, 303);
    return sendPage(reply, (ctx) => <LoginPage ctx={ctx} form={emptyForm()} next={next} sso={sso} />);
  });

  app.post('/login', { schema: { hide: true } }, async (req, reply) => {
    const next = safeNext((req.query as { next?: string }).next);
    return handleForm(
      reply,
      { email: (req.body as Record<string, unknown>)?.email },
      'email',
      async () => {
        const input = parseForm(S.LoginBody, req.body);
        const { token } = await signIn(deps, { ...input, ip: req.ip, userAgent: req.headers['user-agent'] });
        startSession(reply, token);
        return redirectWithFlash(reply, next, 'flash.signed_in');
      },
      (ctx, form) => <LoginPage ctx={ctx} form={form} next={next} sso={sso} />,
    );
  });

  app.post('/logout', { schema: { hide: true } }, async (req, reply) => {
    if (req.sessionToken) await destroySession(deps.db, req.sessionToken);
    reply.clearCookie(names.session, { path: '/' });
    return redirectWithFlash(reply, '/', 'flash.signed_out');
  });

  app.post(
    '/api/v1/session',
    { schema: { tags: ['accounts'], summary: 'Sign in with email and password (sets the session cookie)', body: S.LoginBody, response: { 200: S.MeOut } } },
    async (req, reply) => {
      const { token, userId } = await signIn(deps, { ...req.body, ip: req.ip, userAgent: req.headers['user-agent'] });
      startSession(reply, token);
      return presentMe(userId);
    },
  );

  app.delete('/api/v1/session', { schema: { tags: ['accounts'], summary: 'Sign out', response: { 200: S.Ok } } }, async (req, reply) => {
    if (req.sessionToken) await destroySession(deps.db, req.sessionToken);
    reply.clearCookie(names.session, { path: '/' });
    return { ok: true };
  });

  async function presentMe(userId: string) {
    const user = await deps.db.selectFrom('app_user').select(['id', 'name', 'email']).where('id', '=', userId).executeTakeFirstOrThrow();
    const grants = await deps.db.selectFrom('role_grant').select(['role', 'opd_id']).where('user_id', '=', userId).execute();
    return { ...user, grants: grants.map((g) => ({ role: g.role, opdId: g.opd_id })) };
  }

  app.get('/api/v1/me', { schema: { tags: ['accounts'], summary: 'The signed-in user and their roles', response: { 200: S.MeOut } } }, async (req) => {
    const actor = signedInUser(req);
    return presentMe(actor.userId);
  });

  // ---- First administrator -------------------------------------------------------------------
  app.get('/setup', { schema: { hide: true } }, async (req, reply) => {
    const token = String((req.query as { token?: string }).token ?? '');
    return sendPage(reply, (ctx) => <SetupPage ctx={ctx} form={emptyForm()} token={token} />);
  });

  app.post('/setup', { schema: { hide: true } }, async (req, reply) => {
    const token = String((req.body as { token?: string })?.token ?? '');
    return handleForm(
      reply,
      req.body,
      'name',
      async () => {
        const input = parseForm(S.SetupBody, req.body);
        await createAdmin(deps, { ...auditContext(req), system: 'setup-link' }, { email: input.email, name: input.name, password: input.password }, input.token);
        return redirectWithFlash(reply, '/login', 'flash.admin_created');
      },
      (ctx, form) => <SetupPage ctx={ctx} form={form} token={token} />,
    );
  });

  // ---- Passwords ------------------------------------------------------------------------------
  app.get('/password/forgot', { schema: { hide: true } }, async (_req, reply) =>
    sendPage(reply, (ctx) => <ForgotPasswordPage ctx={ctx} form={emptyForm()} />),
  );

  app.post('/password/forgot', { schema: { hide: true } }, async (req, reply) =>
    handleForm(
      reply,
      req.body,
      'email',
      async () => {
        const input = parseForm(S.ForgotBody, req.body);
        await requestPasswordReset(deps, { email: input.email, locale: req.locale });
        return redirectWithFlash(reply, '/login', 'flash.reset_link_sent');
      },
      (ctx, form) => <ForgotPasswordPage ctx={ctx} form={form} />,
    ),
  );

  app.post(
    '/api/v1/password-reset',
    { schema: { tags: ['accounts'], summary: 'Mail a password reset link (always answers the same)', body: S.ForgotBody, response: { 202: S.Ok } } },
    async (req, reply) => {
      await requestPasswordReset(deps, { email: req.body.email, locale: req.locale });
      return reply.status(202).send({ ok: true });
    },
  );

  app.get('/password/reset', { schema: { hide: true } }, async (req, reply) => {
    const token = String((req.query as { token?: string }).token ?? '');
    const valid = token.length > 10 && (await isResetTokenValid(deps, token));
    return sendPage(reply, (ctx) => <ResetPasswordPage ctx={ctx} form={emptyForm()} token={token} valid={valid} />, valid ? 200 : 400);
  });

  app.post('/password/reset', { schema: { hide: true } }, async (req, reply) => {
    const token = String((req.body as { token?: string })?.token ?? '');
    return handleForm(
      reply,
      {},
      'newPassword',
      async () => {
        const input = parseForm(S.ResetBody, req.body);
        await resetPassword(deps, { ...input, ip: req.ip });
        return redirectWithFlash(reply, '/login', 'flash.password_reset');
      },
      (ctx, form) => <ResetPasswordPage ctx={ctx} form={form} token={token} valid={!form.errors.some((e) => e.messageKey === 'password.reset_invalid')} />,
    );
  });

  app.post(
    '/api/v1/password-reset/confirm',
    { schema: { tags: ['accounts'], summary: 'Set a new password with a reset token', body: S.ResetBody, response: { 200: S.Ok } } },
    async (req) => {
      await resetPassword(deps, { ...req.body, ip: req.ip });
      return { ok: true };
    },
  );

  app.get('/account', { schema: { hide: true } }, async (req, reply) => {
    const actor = signedInUser(req);
    return sendPage(reply, (ctx) => <AccountPage ctx={ctx} form={emptyForm()} user={actor} />);
  });

  app.post('/account/password', { schema: { hide: true } }, async (req, reply) => {
    const actor = signedInUser(req);
    return handleForm(
      reply,
      {},
      'currentPassword',
      async () => {
        const input = parseForm(S.ChangePasswordBody, req.body);
        await changePassword(deps, { ...auditContext(req), actor }, input);
        return redirectWithFlash(reply, '/account', 'flash.password_changed');
      },
      (ctx, form) => <AccountPage ctx={ctx} form={form} user={actor} />,
    );
  });

  app.post(
    '/api/v1/me/password',
    { schema: { tags: ['accounts'], summary: 'Change my password (ends my other sessions)', body: S.ChangePasswordBody, response: { 200: S.Ok } } },
    async (req) => {
      const actor = signedInUser(req);
      await changePassword(deps, { ...auditContext(req), actor }, req.body);
      return { ok: true };
    },
  );

  // ---- User management ------------------------------------------------------------------------
  const ListQuery = Type.Object({
    q: Type.Optional(Type.String({ maxLength: 200 })),
    opdId: Type.Optional(Type.Union([Uuid(), Type.Literal('')])),
    page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100000 })),
  });

  app.get('/admin/users', { schema: { hide: true, querystring: ListQuery } }, async (req, reply) => {
    const { q = '', opdId = '', page = 1 } = req.query;
    const result = await listUsers(deps, req.actor, { search: q || undefined, opdId: opdId || undefined, page });
    const opdOptions = await opdOptionsFor(req);
    return sendPage(reply, (ctx) => (
      <UserListPage ctx={ctx} users={result.users} hasNext={result.hasNext} page={page} search={q} opdId={opdId} opdOptions={opdOptions} canCreate={grantableRoles(req.actor).length > 0} />
    ));
  });

  app.get(
    '/api/v1/users',
    { schema: { tags: ['accounts'], summary: 'List users visible to me', querystring: ListQuery, response: { 200: S.UserListOut } } },
    async (req) => {
      const { q, opdId, page = 1 } = req.query;
      const result = await listUsers(deps, req.actor, { search: q || undefined, opdId: opdId || undefined, page });
      return { items: result.users.map(S.presentUser), hasNext: result.hasNext, page };
    },
  );

  app.get('/admin/users/new', { schema: { hide: true } }, async (req, reply) => {
    const roles = grantableRoles(req.actor);
    if (!req.actor) throw new AppError('unauthorized', 'error.unauthorized');
    if (roles.length === 0) throw new AppError('forbidden', 'error.forbidden');
    const opdOptions = await opdOptionsFor(req);
    return sendPage(reply, (ctx) => <NewUserPage ctx={ctx} form={emptyForm()} roles={roles} opdOptions={opdOptions} />);
  });

  app.post('/admin/users', { schema: { hide: true } }, async (req, reply) => {
    const roles = grantableRoles(req.actor);
    const opdOptions = await opdOptionsFor(req);
    return handleForm(
      reply,
      { ...(req.body as object), password: '' },
      'name',
      async () => {
        const input = parseForm(S.NewUserBody, req.body);
        const { userId } = await createUser(deps, auditContext(req), { ...input, locale: req.locale });
        return redirectWithFlash(reply, `/admin/users/${userId}`, 'flash.saved');
      },
      (ctx, form) => <NewUserPage ctx={ctx} form={form} roles={roles} opdOptions={opdOptions} />,
    );
  });

  app.post(
    '/api/v1/users',
    { schema: { tags: ['accounts'], summary: 'Create a staff account with its first role', body: S.NewUserBody, response: { 201: S.UserOut } } },
    async (req, reply) => {
      const { userId } = await createUser(deps, auditContext(req), { ...req.body, locale: req.locale });
      return reply.status(201).send(S.presentUser(await getUser(deps, req.actor, userId)));
    },
  );

  const IdParams = Type.Object({ id: Uuid() });
  const GrantParams = Type.Object({ id: Uuid(), grantId: Uuid() });

  async function renderEdit(req: FastifyRequest, reply: FastifyReply, id: string, forms: { form?: Parameters<typeof EditUserPage>[0]['form']; grantForm?: Parameters<typeof EditUserPage>[0]['grantForm'] } = {}, status = 200) {
    const user = await getUser(deps, req.actor, id);
    const roles = grantableRoles(req.actor);
    const opdOptions = await opdOptionsFor(req);
    const canEdit = isAdmin(req.actor) || (roles.length > 0 && user.grants.every((g) => g.opd_id && opdIdsWithRole(req.actor, ['admin_opd']).includes(g.opd_id)));
    const form = forms.form ?? emptyForm({ name: user.name, email: user.email, status: user.status });
    return sendPage(reply, (ctx) => (
      <EditUserPage ctx={ctx} user={user} form={form} grantForm={forms.grantForm ?? emptyForm()} roles={roles} opdOptions={opdOptions} canEdit={canEdit} />
    ), status);
  }

  app.get('/admin/users/:id', { schema: { hide: true, params: IdParams } }, async (req, reply) => renderEdit(req, reply, req.params.id));

  app.get(
    '/api/v1/users/:id',
    { schema: { tags: ['accounts'], summary: 'One user with their roles', params: IdParams, response: { 200: S.UserOut } } },
    async (req) => S.presentUser(await getUser(deps, req.actor, req.params.id)),
  );

  app.post('/admin/users/:id', { schema: { hide: true, params: IdParams } }, async (req, reply) => {
    try {
      const input = parseForm(S.UpdateUserBody, req.body);
      await updateUser(deps, auditContext(req), { userId: req.params.id, ...input });
      return redirectWithFlash(reply, `/admin/users/${req.params.id}`, 'flash.saved');
    } catch (error) {
      if (error instanceof AppError && (error.code === 'validation' || error.code === 'conflict')) {
        const errors = error.fields.length ? error.fields : [{ field: 'status', messageKey: error.messageKey }];
        return renderEdit(req, reply, req.params.id, { form: { values: req.body as Record<string, unknown>, errors } }, error.status);
      }
      throw error;
    }
  });

  app.patch(
    '/api/v1/users/:id',
    { schema: { tags: ['accounts'], summary: 'Change name, email or status', params: IdParams, body: S.UpdateUserBody, response: { 200: S.UserOut } } },
    async (req) => {
      await updateUser(deps, auditContext(req), { userId: req.params.id, ...req.body });
      return S.presentUser(await getUser(deps, req.actor, req.params.id));
    },
  );

  app.post('/admin/users/:id/grants', { schema: { hide: true, params: IdParams } }, async (req, reply) => {
    try {
      const input = parseForm(S.GrantBody, req.body);
      await grantRole(deps, auditContext(req), { userId: req.params.id, role: input.role, opdId: input.opdId ?? null });
      return redirectWithFlash(reply, `/admin/users/${req.params.id}`, 'flash.saved');
    } catch (error) {
      if (error instanceof AppError && error.code === 'validation') {
        return renderEdit(req, reply, req.params.id, { grantForm: { values: req.body as Record<string, unknown>, errors: error.fields } }, 400);
      }
      throw error;
    }
  });

  app.post(
    '/api/v1/users/:id/grants',
    { schema: { tags: ['accounts'], summary: 'Grant a role', params: IdParams, body: S.GrantBody, response: { 200: S.UserOut } } },
    async (req) => {
      await grantRole(deps, auditContext(req), { userId: req.params.id, role: req.body.role, opdId: req.body.opdId ?? null });
      return S.presentUser(await getUser(deps, req.actor, req.params.id));
    },
  );

  app.post('/admin/users/:id/grants/:grantId/delete', { schema: { hide: true, params: GrantParams } }, async (req, reply) => {
    await revokeRole(deps, auditContext(req), { userId: req.params.id, grantId: req.params.grantId });
    return redirectWithFlash(reply, `/admin/users/${req.params.id}`, 'flash.saved');
  });

  app.delete(
    '/api/v1/users/:id/grants/:grantId',
    { schema: { tags: ['accounts'], summary: 'Revoke a role', params: GrantParams, response: { 200: S.Ok } } },
    async (req) => {
      await revokeRole(deps, auditContext(req), { userId: req.params.id, grantId: req.params.grantId });
      return { ok: true };
    },
  );

  app.post('/admin/users/:id/reset-link', { schema: { hide: true, params: IdParams } }, async (req, reply) => {
    const user = await assertCanEditUser(deps, req.actor, req.params.id);
    await deps.db.transaction().execute((tx) =>
      sendPasswordLink(tx, deps, { userId: user.id, email: user.email, name: user.name, locale: user.locale ?? req.locale }, 'password.reset_mail_subject', 'password.reset_mail_body'),
    );
    deps.mail.mailQueued();
    return redirectWithFlash(reply, `/admin/users/${user.id}`, 'flash.reset_link_sent');
  });
};
