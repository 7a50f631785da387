import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { sendPage } from '../html/render.tsx';
import { isStaff } from '../auth/policy.ts';
import { safeEqual } from '../auth/crypto.ts';
import { AppError } from '../http/errors.ts';
import { HomePage } from './home-page.tsx';
import { ApiDocsPage } from './api-docs-page.tsx';
import { databaseAnswers, mailOutboxBacklog } from './repo.ts';

/** Health, readiness, metrics, the home page and the API documentation. */
export const opsRoutes: FastifyPluginAsync = async (app) => {
  const { deps, metrics } = app.padu;
  if (app.padu.pool) metrics.observePool(app.padu.pool);
  metrics.addGauge('padu_mail_outbox_unsent', 'Mail not yet delivered: pending (still retried) or given_up (after the last attempt)', ['state'], async () => {
    const backlog = await mailOutboxBacklog(deps.db);
    return [
      { labels: { state: 'pending' }, value: backlog.pending },
      { labels: { state: 'given_up' }, value: backlog.givenUp },
    ];
  });
  metrics.addGauge('padu_mail_outbox_oldest_pending_age_seconds', 'Age of the oldest mail still waiting to be delivered (0 when none)', [], async () => {
    const { oldestPending } = await mailOutboxBacklog(deps.db);
    const age = oldestPending ? Math.max(0, (deps.clock.now().getTime() - oldestPending.getTime()) / 1000) : 0;
    return [{ labels: {}, value: age }];
  });

  app.get('/healthz', { schema: { hide: true } }, async () => ({ status: 'ok' }));

  // Ready means the database answers; a load balancer should stop sending traffic otherwise.
  app.get('/readyz', { schema: { hide: true } }, async (_req, reply) => {
    try {
      await databaseAnswers(deps.db);
      return { status: 'ready' };
    } catch {
      return reply.status(503).send({ status: 'unavailable' });
    }
  });

  app.get('/metrics', { schema: { hide: true } }, async (req, reply) => {
    const token = deps.config.metricsToken;
    if (token) {
      if (!safeEqual(basicPassword(req) ?? '', token)) {
        reply.header('www-authenticate', 'Basic realm="padu-metrics", charset="UTF-8"');
        throw new AppError('unauthorized', 'error.unauthorized');
      }
    } else if (!isDirectLoopback(req)) {
      throw new AppError('forbidden', 'error.forbidden');
    }
    reply.header('cache-control', 'no-store');
    reply.type(metrics.registry.contentType);
    return metrics.registry.metrics();
  });

  app.get('/', { schema: { hide: true } }, async (req, reply) => sendPage(reply, (ctx) => <HomePage ctx={ctx} staff={isStaff(req.actor)} />));

  app.get('/docs/api', { schema: { hide: true } }, async (_req, reply) => {
    const spec = app.swagger() as { paths?: Record<string, Record<string, { summary?: string; tags?: string[] }>> };
    return sendPage(reply, (ctx) => <ApiDocsPage ctx={ctx} paths={spec.paths ?? {}} />);
  });
};

/**
 * Metrics name routes, traffic and backlog sizes: not secret, but not for the public either.
 * Without PADU_METRICS_TOKEN only a scraper on the same machine may read them. A request that
 * came through a proxy is never "local", even when the proxy itself runs on this machine and
 * connects from 127.0.0.1, and even when a forged X-Forwarded-For claims a loopback address.
 */
function isDirectLoopback(req: FastifyRequest): boolean {
  const h = req.headers;
  if (h['x-forwarded-for'] !== undefined || h.forwarded !== undefined || h['x-real-ip'] !== undefined) return false;
  const address = req.socket.remoteAddress ?? '';
  return address === '::1' || /^(::ffff:)?127\./.test(address);
}

/**
 * The password of an `Authorization: Basic` header. Basic rather than Bearer because Padu reads
 * every Bearer value as an agency API token; Prometheus sends either (`basic_auth: password`).
 */
function basicPassword(req: FastifyRequest): string | undefined {
  const header = req.headers.authorization;
  if (!header?.startsWith('Basic ')) return undefined;
  const decoded = Buffer.from(header.slice(6).trim(), 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon === -1 ? undefined : decoded.slice(colon + 1);
}
