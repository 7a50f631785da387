import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { AppError } from '../../../platform/http/errors.ts';
import { auditContext } from '../../../platform/http/request-context.ts';
import { translate, translator } from '../../../platform/i18n/index.ts';
import type { AduanDeps } from '../use-cases/common.ts';
import { formatOfUrl, send, sendErrors, splitFormat, type Format, type Open311Error } from './format.ts';
import { resolveJurisdiction } from './jurisdiction.ts';
import { createOpen311Request, open311Param, type FormBody } from './use-cases/create-request.ts';
import { describeOpen311Service, listOpen311Services, open311Discovery } from './use-cases/list-services.ts';
import { getOpen311Request, parseRequestQuery, presentOpen311Requests, queryOpen311Requests, resolveOpen311Token } from './use-cases/query-requests.ts';

const FORMATS: Format[] = ['xml', 'json'];
const hidden = { schema: { hide: true } };

/**
 * Open311 GeoReport v2 under /open311/v2 (registered with that prefix): discovery, services,
 * service definitions, POST/GET requests, GET one request, tokens; XML and JSON by suffix.
 *
 * These routes speak the specification, not Padu's API conventions: errors are its list of
 * {code, description} with 400/403/404, and the only credential is the client's `api_key`. The
 * session cookie is ignored here, so a browser's ambient authority never reaches these routes and
 * the platform's double-submit CSRF check (meant for cookie-authenticated forms) is satisfied for
 * them explicitly.
 */
export const open311Routes: FastifyPluginAsync = async (fastify) => {
  const app = fastify;
  const deps: AduanDeps = app.padu.deps;

  app.addHook('onRequest', async (req) => {
    req.actor = null;
  });
  app.addHook('preValidation', async (req) => {
    if (req.method === 'POST') req.headers['x-csrf-token'] = req.csrfToken;
  });

  app.setErrorHandler((error: Error & { statusCode?: number }, req, reply) => {
    const format = formatOfUrl(req.url);
    const t = translator(req.locale);
    if (error instanceof AppError) {
      const code = error.code === 'not_found' ? 404 : ['unauthorized', 'forbidden', 'csrf'].includes(error.code) ? 403 : 400;
      const description = error.code === 'unauthorized' || error.code === 'csrf' ? t('aduan.open311.api_key_invalid') : t(error.messageKey, error.options.params);
      const errors: Open311Error[] = error.fields.length
        ? error.fields.map((f) => ({ code, description: `${open311Param(f.field)}: ${t(f.messageKey, f.params)}` }))
        : [{ code, description }];
      return sendErrors(reply, format, errors);
    }
    if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) return sendErrors(reply, format, [{ code: 400, description: t('aduan.open311.bad_request') }]);
    req.log.error({ err: error }, 'open311 request failed');
    return sendErrors(reply, format, [{ code: 400, description: t('aduan.open311.general_error') }]);
  });
  app.setNotFoundHandler((req, reply) => sendErrors(reply, formatOfUrl(req.url), [{ code: 404, description: translate(req.locale, 'aduan.open311.not_found') }]));

  const jurisdictionOf = (req: FastifyRequest) => resolveJurisdiction(deps.db, deps.config.province, firstOf((req.query as Record<string, unknown>).jurisdiction_id ?? (req.body as Record<string, unknown> | undefined)?.jurisdiction_id));

  for (const format of FORMATS) {
    app.get(`/discovery.${format}`, hidden, async (req, reply) => send(reply, format, 'discovery', await open311Discovery(deps, translator(req.locale))));

    app.get(`/services.${format}`, hidden, async (req, reply) => {
      await jurisdictionOf(req);
      return send(reply, format, 'services', await listOpen311Services(deps));
    });

    app.get(`/requests.${format}`, hidden, async (req, reply) => {
      const jurisdiction = await jurisdictionOf(req);
      const query = await parseRequestQuery(deps, req.query as Record<string, unknown>);
      const rows = await queryOpen311Requests(deps, jurisdiction, query);
      return send(reply, format, 'service_requests', (await presentOpen311Requests(deps, translator(req.locale), rows, query.extensions)) as never);
    });

    app.post(`/requests.${format}`, hidden, async (req, reply) => {
      const jurisdiction = await jurisdictionOf(req);
      const body = (req.body ?? {}) as FormBody;
      const created = await createOpen311Request(deps, { ...auditContext(req), actor: null, system: 'open311' }, translator(req.locale), jurisdiction, body, req.locale);
      return send(reply, format, 'service_requests', [created]);
    });
  }

  app.get('/services/:file', hidden, async (req, reply) => {
    const file = fileOf(req);
    const jurisdiction = await jurisdictionOf(req);
    return send(reply, file.format, 'service_definition', (await describeOpen311Service(deps, translator(req.locale), jurisdiction, file.name)) as never);
  });

  app.get('/requests/:file', hidden, async (req, reply) => {
    const file = fileOf(req);
    const jurisdiction = await jurisdictionOf(req);
    const query = await parseRequestQuery(deps, req.query as Record<string, unknown>);
    const row = await getOpen311Request(deps, jurisdiction, file.name, query.clientId);
    return send(reply, file.format, 'service_requests', (await presentOpen311Requests(deps, translator(req.locale), [row], query.extensions)) as never);
  });

  app.get('/tokens/:file', hidden, async (req, reply) => {
    const file = fileOf(req);
    const jurisdiction = await jurisdictionOf(req);
    return send(reply, file.format, 'service_requests', [await resolveOpen311Token(deps, jurisdiction, file.name)]);
  });
};

function firstOf(value: unknown): unknown {
  return Array.isArray(value) ? value[0] : value;
}

function fileOf(req: FastifyRequest): { name: string; format: Format } {
  const file = splitFormat((req.params as { file: string }).file);
  if (!file) throw new AppError('not_found', 'aduan.open311.not_found');
  return file;
}
