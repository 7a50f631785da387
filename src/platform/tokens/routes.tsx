import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { parseForm } from '../http/validation.ts';
import { AppError } from '../http/errors.ts';
import { auditContext } from '../http/request-context.ts';
import { redirectWithFlash, sendPage } from '../html/render.tsx';
import { emptyForm, type FormState } from '../html/context.ts';
import { ensure, ensureSignedIn, platformPolicy, readsEverything } from '../auth/policy.ts';
import { listOpdOptions } from '../org/index.ts';
import './messages.ts';
import * as S from './schemas.ts';
import { listScopes } from './scopes.ts';
import { createApiToken } from './use-cases/create-api-token.ts';
import { listApiTokens } from './use-cases/list-api-tokens.ts';
import { revokeApiToken } from './use-cases/revoke-api-token.ts';
import type { TokenWithStatus } from './use-cases/token-status.ts';
import { TokenCreatedPage, TokensPage } from './views/token-pages.tsx';

/** Agency API tokens: the admin screen, its API twin, and "who am I" for token callers. */
export const tokenRoutes: FastifyPluginAsync = async (fastify) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const deps = app.padu.deps;

  async function renderList(req: FastifyRequest, reply: FastifyReply, opdId: string | undefined, form: FormState = emptyForm(), status = 200) {
    const actor = req.actor;
    const options = (await listOpdOptions(deps.db)).filter((o) => platformPolicy.readTokens(actor, o.value));
    ensure(actor, readsEverything(actor) || options.length > 0);
    const chosen = opdId || (options.length === 1 ? options[0]!.value : undefined);
    let selected: { id: string; name: string; active: boolean } | null = null;
    let tokens: TokenWithStatus[] = [];
    if (chosen) {
      const result = await listApiTokens(deps, actor, chosen);
      selected = result.opd;
      tokens = result.tokens;
      // An inactive (merged) agency is not in the picker, but its tokens can still be reviewed.
      if (!options.some((o) => o.value === chosen)) options.push({ value: chosen, label: selected.name });
    }
    const canManage = selected !== null && platformPolicy.manageTokens(actor, selected.id);
    return sendPage(
      reply,
      (ctx) => <TokensPage ctx={ctx} opdOptions={options} selected={selected} tokens={tokens} canManage={canManage} form={form} scopes={listScopes()} />,
      status,
    );
  }

  // ---- Screens --------------------------------------------------------------------------------
  app.get('/admin/tokens', { schema: { hide: true, querystring: S.PickQuery } }, async (req, reply) => renderList(req, reply, req.query.opdId || undefined));

  app.post('/admin/tokens/:opdId', { schema: { hide: true, params: S.OpdParams } }, async (req, reply) => {
    const { opdId } = req.params;
    const body = { ...((req.body ?? {}) as Record<string, unknown>) };
    try {
      const input = parseForm(S.NewTokenBody, body);
      const created = await createApiToken(deps, auditContext(req), { ...input, opdId });
      // Deliberately not post/redirect/get: the plaintext exists only in this answer, so it is
      // never written to a cookie, the session or the database. The page is sent `no-store`.
      return sendPage(reply, (ctx) => <TokenCreatedPage ctx={ctx} opd={created.opd} token={created.token} plaintext={created.plaintext} />, 201);
    } catch (error) {
      if (error instanceof AppError && error.code === 'validation') {
        delete body._csrf;
        const errors = error.fields.length ? error.fields : [{ field: 'name', messageKey: error.messageKey }];
        return renderList(req, reply, opdId, { values: body, errors }, error.status);
      }
      throw error;
    }
  });

  app.post('/admin/tokens/:opdId/:tokenId/revoke', { schema: { hide: true, params: S.TokenParams } }, async (req, reply) => {
    await revokeApiToken(deps, auditContext(req), req.params);
    return redirectWithFlash(reply, `/admin/tokens?opdId=${req.params.opdId}`, 'tokens.revoked_flash');
  });

  // ---- API ------------------------------------------------------------------------------------
  app.get(
    '/api/v1/opd/:opdId/tokens',
    { schema: { tags: ['tokens'], summary: "An agency's API tokens (never the token itself)", params: S.OpdParams, response: { 200: S.TokenListOut } } },
    async (req) => {
      const result = await listApiTokens(deps, req.actor, req.params.opdId);
      return { items: result.tokens.map(S.presentToken) };
    },
  );

  app.post(
    '/api/v1/opd/:opdId/tokens',
    {
      schema: {
        tags: ['tokens'],
        summary: 'Create an API token for an agency; the answer holds the token, shown this once',
        params: S.OpdParams,
        body: S.NewTokenBody,
        response: { 201: S.CreatedTokenOut },
      },
    },
    async (req, reply) => {
      const created = await createApiToken(deps, auditContext(req), { ...req.body, opdId: req.params.opdId });
      return reply.status(201).send({ ...S.presentToken(created.token), token: created.plaintext });
    },
  );

  app.delete(
    '/api/v1/opd/:opdId/tokens/:tokenId',
    { schema: { tags: ['tokens'], summary: 'Revoke an API token (idempotent)', params: S.TokenParams, response: { 200: S.TokenOut } } },
    async (req) => S.presentToken(await revokeApiToken(deps, auditContext(req), req.params)),
  );

  app.get(
    '/api/v1/token-scopes',
    { schema: { tags: ['tokens'], summary: 'The scopes an API token can be given', response: { 200: S.ScopeListOut } } },
    async (req) => {
      ensureSignedIn(req.actor);
      return { items: listScopes().map((s) => S.presentScope(s, req.locale)) };
    },
  );

  app.get(
    '/api/v1/token',
    { schema: { tags: ['tokens'], summary: 'Who am I, for a caller using an API token', security: [{ bearer: [] }], response: { 200: S.WhoAmIOut } } },
    async (req, reply) => {
      const actor = req.actor;
      if (actor?.kind !== 'token') {
        reply.header('www-authenticate', 'Bearer');
        throw new AppError('unauthorized', 'tokens.bearer_only');
      }
      return { id: actor.tokenId, name: actor.name, opdId: actor.opdId, scopes: actor.scopes };
    },
  );
};
