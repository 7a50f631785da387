import Fastify, { type FastifyInstance, type FastifyPluginAsync, type FastifyReply, type FastifyRequest } from 'fastify';
import type { PaduServices } from '../prefill.ts';
import cookie from '@fastify/cookie';
import formbody from '@fastify/formbody';
import compress from '@fastify/compress';
import swagger from '@fastify/swagger';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { randomBytes } from 'node:crypto';
import type { Logger } from 'pino';
import type pg from 'pg';
import type { Config } from '../../config.ts';
import type { Deps } from '../deps.ts';
import type { JobQueue } from '../jobs/index.ts';
import type { Db } from '../db/database.ts';
import type { Actor } from '../auth/actor.ts';
import { safeEqual } from '../auth/crypto.ts';
import { resolveSession } from '../auth/sessions.ts';
import { resolveApiToken } from '../auth/api-tokens.ts';
import { hasMessage, negotiateLocale, translate, type Locale, type MessageKey } from '../i18n/index.ts';
import '../i18n/messages/common.ts';
import type { NavItem } from '../html/context.ts';
import { ErrorPage } from '../html/error-page.tsx';
import { FLASH_COOKIE, sendPage } from '../html/render.tsx';
import { AppError, STATUS_BY_CODE, type FieldError } from './errors.ts';
import { fieldErrorsFromSchema, type SchemaError } from './validation.ts';
import { loadAssets } from './assets.ts';
import { createMetrics, type Metrics } from '../ops/metrics.ts';

export type App = FastifyInstance;

/** What `padu seed-demo --json` prints: everything a person or a script needs next. */
export interface DemoResult {
  synthetic: true;
  accounts: { email: string; password: string; roles: string[] }[];
  apiTokens: { opd: string; name: string; token: string; scopes: string[] }[];
  /** Per module: ids and keys its demo created (gateway clients, Open311 keys, …). */
  modules: Record<string, unknown>;
}

export interface DemoPart {
  accounts?: DemoResult['accounts'];
  apiTokens?: DemoResult['apiTokens'];
  data?: unknown;
}

/** What a module's command gets from `padu <module> <command>`. */
export interface CliContext {
  config: Config;
  /** Opens the configured database (migrated, reference data loaded), runs `fn`, closes it. */
  withDeps<T>(fn: (deps: Deps) => Promise<T>): Promise<T>;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
}

/** One `padu <module> <command>`: `run` gets the arguments after the command and returns the exit code. */
export interface ModuleCliCommand {
  summary: string;
  /** Usage and options, printed by `padu <module> <command> --help`. */
  help: string;
  run(args: string[], ctx: CliContext): Promise<number>;
}

/** A feature area of Padu: its routes, the navigation entries it adds, and its demo data. */
export interface PaduModule {
  name: string;
  routes: FastifyPluginAsync;
  nav?: NavItem[];
  /**
   * Loads or tops up the module's reference data (code lists from regulations) at every start,
   * after migrations. Must be idempotent and must never overwrite what admins changed.
   */
  loadReference?: (db: Db, context: { province: string; now: Date }) => Promise<void>;
  /** Loads synthetic demo data; must be idempotent (running seed-demo twice is safe). */
  seedDemo?: (deps: Deps, soFar: DemoResult) => Promise<DemoPart>;
  /** Registers the module's background job workers; called only in processes that run jobs. */
  jobs?: (queue: JobQueue, deps: Deps) => Promise<void>;
  /** Commands for scripts: `padu <module> <command> [args]` (see src/cli.ts). */
  cli?: Record<string, ModuleCliCommand>;
}

declare module 'fastify' {
  interface FastifyInstance {
    padu: {
      deps: Deps;
      config: Config;
      assets: { css: string; htmx: string };
      nav: NavItem[];
      metrics: Metrics;
      pool?: pg.Pool;
      /** The job queue when this process runs jobs; without one, work that would be queued runs inline. */
      jobs?: JobQueue;
      /** Every route as `METHOD /path`, for the authorization coverage test and docs. */
      routes: string[];
      /** Services modules offer each other without importing each other (e.g. the gateway's prefill). */
      services: PaduServices;
    };
  }
  interface FastifyRequest {
    actor: Actor | null;
    locale: Locale;
    csrfToken: string;
    cspNonce: string;
    flash: MessageKey | undefined;
    /** Raw session token from the cookie, when there is one. */
    sessionToken: string | undefined;
  }
}

export function cookieNames(config: Config) {
  // `__Host-` cookies are bound to this exact origin and must be Secure; browsers treat
  // http://localhost as secure, so this works in development too.
  const prefix = config.cookieSecure ? '__Host-' : '';
  return { session: `${prefix}padu_session`, csrf: `${prefix}padu_csrf`, lang: 'padu_lang' };
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export function isApiRequest(req: FastifyRequest): boolean {
  return req.url.startsWith('/api/') || req.url === '/openapi.json';
}

export interface BuildAppOptions {
  deps: Deps;
  modules: PaduModule[];
  logger?: Logger | false;
  /** The database pool, for pool metrics. */
  pool?: pg.Pool;
  /** The job queue, when this process runs jobs. */
  jobs?: JobQueue;
}

export async function buildApp(options: BuildAppOptions): Promise<App> {
  const { deps } = options;
  const { config } = deps;
  const names = cookieNames(config);
  const app = Fastify({
    loggerInstance: options.logger === false ? undefined : (options.logger ?? deps.logger),
    trustProxy: config.trustProxy,
    bodyLimit: 1024 * 1024,
    genReqId: () => deps.ids.uuid(),
    requestIdHeader: false,
    ajv: { customOptions: { coerceTypes: 'array', removeAdditional: false, allErrors: true } },
    routerOptions: { ignoreTrailingSlash: true },
  }).withTypeProvider<TypeBoxTypeProvider>();

  const assets = loadAssets();
  const metrics = createMetrics();
  app.decorate('padu', {
    deps,
    config,
    assets: { css: assets.css.url, htmx: assets.htmx.url },
    nav: options.modules.flatMap((m) => m.nav ?? []),
    metrics,
    pool: options.pool,
    jobs: options.jobs,
    routes: [],
    services: {},
  });
  app.addHook('onRoute', (route) => {
    for (const method of ([] as string[]).concat(route.method)) {
      if (method !== 'HEAD') app.padu.routes.push(`${method} ${route.url}`);
    }
  });
  app.decorateRequest('actor', null);
  app.decorateRequest('locale', 'id');
  app.decorateRequest('csrfToken', '');
  app.decorateRequest('cspNonce', '');
  app.decorateRequest('flash', undefined);
  app.decorateRequest('sessionToken', undefined);

  await app.register(cookie);
  await app.register(formbody, { bodyLimit: 1024 * 1024 });
  await app.register(compress, { global: true, threshold: 1024, encodings: ['br', 'gzip', 'deflate'] });
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'Padu API',
        version: '1',
        description:
          'Every screen of Padu is also an API. Authenticate with a session cookie (plus the X-CSRF-Token header on changes) or an agency API token: `Authorization: Bearer padu_…`. Errors are RFC 9457 problem+json with messages in the language of Accept-Language.',
      },
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer' },
          session: { type: 'apiKey', in: 'cookie', name: names.session },
        },
      },
      security: [{ bearer: [] }, { session: [] }],
    },
    hideUntagged: true,
  });

  app.addHook('onRequest', async (req, reply) => {
    metrics.requestStarted(req);
    req.cspNonce = randomBytes(16).toString('base64');
    const query = req.query as Record<string, string | undefined>;
    // CSRF: a random value in a cookie that forms echo back (double submit). The cookie is
    // `__Host-` and SameSite=Lax, so another site can neither read nor set it.
    let csrf = req.cookies[names.csrf];
    if (!csrf || csrf.length < 20) {
      csrf = deps.ids.token(24);
      reply.setCookie(names.csrf, csrf, { path: '/', httpOnly: true, sameSite: 'lax', secure: config.cookieSecure });
    }
    req.csrfToken = csrf;

    const authHeader = req.headers.authorization;
    if (authHeader?.startsWith('Bearer ')) {
      req.actor = await resolveApiToken(deps.db, deps.clock, authHeader.slice(7).trim());
      if (!req.actor) throw new AppError('unauthorized', 'error.unauthorized');
    } else {
      const token = req.cookies[names.session];
      if (token) {
        req.sessionToken = token;
        req.actor = await resolveSession(deps.db, deps.clock, { idleMinutes: config.sessionIdleMinutes, absoluteHours: config.sessionAbsoluteHours }, token);
        if (!req.actor) reply.clearCookie(names.session, { path: '/' });
      }
    }
    let userLocale: string | null | undefined;
    if (req.actor?.kind === 'user') {
      const row = await deps.db.selectFrom('app_user').select('locale').where('id', '=', req.actor.userId).executeTakeFirst();
      userLocale = row?.locale;
    }
    req.locale = negotiateLocale({
      query: query?.lang,
      cookie: req.cookies[names.lang],
      user: userLocale,
      acceptLanguage: req.headers['accept-language'],
    });
    const flash = req.cookies[FLASH_COOKIE];
    if (flash) {
      if (hasMessage(flash)) req.flash = flash;
      reply.clearCookie(FLASH_COOKIE, { path: '/' });
    }
  });

  app.addHook('preHandler', async (req) => {
    if (!UNSAFE.has(req.method)) return;
    if (req.actor?.kind === 'token') return; // bearer tokens are not sent by browsers on their own
    const sent =
      (req.headers['x-csrf-token'] as string | undefined) ??
      ((req.body as Record<string, unknown> | undefined)?._csrf as string | undefined);
    if (!sent || !safeEqual(sent, req.csrfToken)) throw new AppError('csrf', 'error.csrf');
  });

  app.addHook('onSend', async (req, reply, payload) => {
    const isHtml = String(reply.getHeader('content-type') ?? '').startsWith('text/html');
    reply.header('x-content-type-options', 'nosniff');
    reply.header('referrer-policy', 'same-origin');
    reply.header('x-frame-options', 'DENY');
    reply.header('cross-origin-opener-policy', 'same-origin');
    reply.header('permissions-policy', 'camera=(), microphone=(), geolocation=()');
    reply.header('x-request-id', req.id);
    if (req.protocol === 'https') reply.header('strict-transport-security', 'max-age=31536000; includeSubDomains');
    if (isHtml) {
      reply.header(
        'content-security-policy',
        `default-src 'self'; script-src 'self' 'nonce-${req.cspNonce}'; style-src 'self'; img-src 'self' data:; ` +
          `object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'`,
      );
      if (!reply.hasHeader('cache-control')) reply.header('cache-control', 'no-store');
    }
    return payload;
  });

  app.addHook('onResponse', async (req, reply) => {
    metrics.requestFinished(req, reply);
  });

  app.setErrorHandler((error: Error & { validation?: SchemaError[]; statusCode?: number; code?: string }, req, reply) => {
    let appError: AppError;
    if (error instanceof AppError) appError = error;
    else if (error.validation) {
      appError = new AppError('validation', 'error.validation', { fields: fieldErrorsFromSchema(error.validation) });
    } else if (error.statusCode === 413 || error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      appError = new AppError('payload_too_large', 'error.payload_too_large');
    } else if (error.statusCode === 415 || error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
      appError = new AppError('unsupported_media_type', 'error.unsupported_media_type');
    } else if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
      appError = new AppError('bad_request', 'error.bad_request');
    } else {
      req.log.error({ err: error }, 'unhandled error');
      appError = new AppError('internal', 'error.internal');
    }
    return sendError(req, reply, appError);
  });

  app.setNotFoundHandler((req, reply) => sendError(req, reply, new AppError('not_found', 'error.not_found')));

  for (const a of [assets.css, assets.htmx]) {
    app.get(a.url, { schema: { hide: true } }, async (_req, reply) =>
      reply.type(a.type).header('cache-control', 'public, max-age=31536000, immutable').send(a.body),
    );
  }

  app.get('/lang/:locale', { schema: { hide: true } }, async (req, reply) => {
    const { locale } = req.params as { locale: string };
    const next = (req.query as { next?: string }).next;
    if (locale === 'id' || locale === 'en') {
      reply.setCookie(names.lang, locale, { path: '/', sameSite: 'lax', maxAge: 365 * 86400, secure: config.cookieSecure });
    }
    return reply.redirect(safeNext(next), 303);
  });

  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  for (const module of options.modules) {
    await app.register(module.routes);
  }
  return app as unknown as App;
}

/** Only same-site relative paths are followed after sign-in or a language switch. */
export function safeNext(next: string | undefined): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return '/';
  return next;
}

function sendError(req: FastifyRequest, reply: FastifyReply, error: AppError): FastifyReply {
  const status = STATUS_BY_CODE[error.code];
  const title = translate(req.locale, error.messageKey, error.options.params);
  if (isApiRequest(req) || !(req.headers.accept ?? '').includes('text/html')) {
    return reply
      .status(status)
      .type('application/problem+json; charset=utf-8')
      .send({
        type: `about:blank`,
        title,
        status,
        code: error.code,
        requestId: req.id,
        errors: error.fields.map((f: FieldError) => ({ field: f.field, message: translate(req.locale, f.messageKey, f.params) })),
      });
  }
  return sendPage(reply, (ctx) => <ErrorPage ctx={ctx} status={status} message={title} requestId={req.id} />, status);
}
