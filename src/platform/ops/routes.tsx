import type { FastifyPluginAsync } from 'fastify';
import { sql } from 'kysely';
import { sendPage } from '../html/render.tsx';
import { isStaff } from '../auth/policy.ts';
import { HomePage } from './home-page.tsx';
import { ApiDocsPage } from './api-docs-page.tsx';

/** Health, readiness, metrics, the home page and the API documentation. */
export const opsRoutes: FastifyPluginAsync = async (app) => {
  const { deps, metrics } = app.padu;
  if (app.padu.pool) metrics.observePool(app.padu.pool);

  app.get('/healthz', { schema: { hide: true } }, async () => ({ status: 'ok' }));

  // Ready means the database answers; a load balancer should stop sending traffic otherwise.
  app.get('/readyz', { schema: { hide: true } }, async (_req, reply) => {
    try {
      await sql`SELECT 1`.execute(deps.db);
      return { status: 'ready' };
    } catch {
      return reply.status(503).send({ status: 'unavailable' });
    }
  });

  app.get('/metrics', { schema: { hide: true } }, async (_req, reply) => {
    reply.type(metrics.registry.contentType);
    return metrics.registry.metrics();
  });

  app.get('/', { schema: { hide: true } }, async (req, reply) => sendPage(reply, (ctx) => <HomePage ctx={ctx} staff={isStaff(req.actor)} />));

  app.get('/docs/api', { schema: { hide: true } }, async (_req, reply) => {
    const spec = app.swagger() as { paths?: Record<string, Record<string, { summary?: string; tags?: string[] }>> };
    return sendPage(reply, (ctx) => <ApiDocsPage ctx={ctx} paths={spec.paths ?? {}} />);
  });
};
