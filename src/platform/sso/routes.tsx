import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { cookieNames, safeNext } from '../http/app.tsx';
import { AppError } from '../http/errors.ts';
import { auditContext } from '../http/request-context.ts';
import { redirectWithFlash, sendPage } from '../html/render.tsx';
import { destroySession } from '../auth/sessions.ts';
import type { MessageKey } from '../i18n/index.ts';
import '../accounts/messages.ts';
import './messages.ts';
import { createOidcClient, decodePending, encodePending } from './oidc-client.ts';
import { parseRoleMap } from './role-mapping.ts';
import { signInWithOidc } from './use-cases/sign-in-with-oidc.ts';
import { SsoErrorPage, SsoSignedOutPage } from './views/sso-pages.tsx';

/** Refusals the error page can name; anything else is shown as the generic failure. */
const REASONS = {
  failed: { status: 401, message: 'auth.sso_failed' },
  no_role: { status: 403, message: 'auth.sso_no_role' },
  disabled: { status: 403, message: 'sso.account_disabled' },
} as const satisfies Record<string, { status: number; message: MessageKey }>;
type Reason = keyof typeof REASONS;

const PENDING_MAX_AGE_SECONDS = 10 * 60;

/**
 * OpenID Connect sign-in (authorization code flow with PKCE, state and nonce). Registered only
 * when `PADU_OIDC_ISSUER` is set. These are browser redirects, so they have no JSON twin: API
 * callers use agency tokens.
 */
export const ssoRoutes: FastifyPluginAsync = async (fastify) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const deps = app.padu.deps;
  const oidc = deps.config.oidc;
  if (!oidc) return;
  parseRoleMap(oidc.roleMap); // a typo in the role map stops the start, with the entry named
  if (!oidc.clientSecret) throw new Error('PADU_OIDC_CLIENT_SECRET is required: Padu signs in as a confidential client');
  const names = cookieNames(deps.config);
  const pendingCookie = names.session.replace(/padu_session$/, 'padu_oidc');
  const oidcClient = createOidcClient(oidc, deps.config.baseUrl);

  // Same cookies as a password sign-in (accounts/routes.tsx startSession).
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

  // The error page is its own GET, so reloading it or switching its language keeps the reason.
  const refuse = (reply: FastifyReply, reason: Reason) => reply.redirect(`/auth/oidc/error?reason=${reason}`, 303);

  app.get('/auth/oidc/start', { schema: { hide: true, querystring: Type.Object({ next: Type.Optional(Type.String({ maxLength: 1000 })) }) } }, async (req, reply) => {
    const next = safeNext(req.query.next);
    if (req.actor) return reply.redirect(next, 303);
    try {
      const { url, pending } = await oidcClient.begin(next);
      // SameSite=Lax still travels on the IdP's top-level redirect back to the callback.
      reply.setCookie(pendingCookie, encodePending(pending), {
        path: '/',
        httpOnly: true,
        sameSite: 'lax',
        secure: deps.config.cookieSecure,
        maxAge: PENDING_MAX_AGE_SECONDS,
      });
      return reply.redirect(url.href, 303);
    } catch (error) {
      req.log.error({ err: error, issuer: oidc.issuer }, 'sso: cannot reach the identity provider');
      return refuse(reply, 'failed');
    }
  });

  app.get('/auth/oidc/callback', { schema: { hide: true } }, async (req, reply) => {
    const pending = decodePending(req.cookies[pendingCookie]);
    reply.clearCookie(pendingCookie, { path: '/' }); // one attempt per cookie
    if (!pending) return refuse(reply, 'failed');
    try {
      const query = req.url.includes('?') ? req.url.slice(req.url.indexOf('?')) : '';
      const identity = await oidcClient.complete(query, pending);
      const { token } = await signInWithOidc(deps, { ...auditContext(req), actor: null, system: 'sso' }, {
        ...identity,
        ip: req.ip,
        userAgent: req.headers['user-agent'],
      });
      // Whoever was signed in in this browser before is signed out now.
      if (req.sessionToken) await destroySession(deps.db, req.sessionToken);
      startSession(reply, token);
      return redirectWithFlash(reply, safeNext(pending.next), 'flash.signed_in');
    } catch (error) {
      if (error instanceof AppError) {
        const reason = (Object.keys(REASONS) as Reason[]).find((r) => REASONS[r].message === error.messageKey) ?? 'failed';
        return refuse(reply, reason);
      }
      // State mismatch, bad signature, IdP error response, network: details go to the log only.
      req.log.warn({ err: error }, 'sso: authorization response refused');
      return refuse(reply, 'failed');
    }
  });

  app.get('/auth/oidc/error', { schema: { hide: true, querystring: Type.Object({ reason: Type.Optional(Type.String({ maxLength: 20 })) }) } }, async (req, reply) => {
    const reason = (req.query.reason ?? '') in REASONS ? (req.query.reason as Reason) : 'failed';
    const { status, message } = REASONS[reason];
    return sendPage(reply, (ctx) => <SsoErrorPage ctx={ctx} message={message} />, status);
  });

  // RP-initiated logout: ends the Padu session like /logout, then offers the IdP's own logout as a
  // link. Not a redirect: the CSP's form-action 'self' also governs where a form post redirects.
  app.post('/auth/oidc/logout', { schema: { hide: true } }, async (req, reply) => {
    if (req.sessionToken) await destroySession(deps.db, req.sessionToken);
    reply.clearCookie(names.session, { path: '/' });
    return redirectWithFlash(reply, '/auth/oidc/signed-out', 'flash.signed_out');
  });

  app.get('/auth/oidc/signed-out', { schema: { hide: true } }, async (req, reply) => {
    const endSession = await oidcClient.endSessionUrl(`${deps.config.baseUrl}/`).catch((error: unknown) => {
      req.log.warn({ err: error }, 'sso: identity provider unreachable; no logout link');
      return null;
    });
    return sendPage(reply, (ctx) => <SsoSignedOutPage ctx={ctx} provider={oidc.label} endSessionUrl={endSession?.href ?? null} />);
  });
};
