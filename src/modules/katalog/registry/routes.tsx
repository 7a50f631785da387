import type { FastifyPluginAsync } from 'fastify';
import './db.ts';
import './messages.ts';
import { serviceRoutes } from './services/routes.tsx';
import { datasetRoutes } from './datasets/routes.tsx';
import { infraRoutes } from './infra/routes.tsx';
import { integrationRoutes } from './integrations/routes.tsx';
import { appLinksRoutes } from './app-links/routes.tsx';
import { archRefRoutes } from './arch-ref/routes.tsx';
import { roadmapRoutes } from './roadmap/routes.tsx';

/**
 * The rest of the SPBE architecture repository: services, data sets, infrastructure (data
 * centres, intranet, security audits), integrations, the province's reference codes and the
 * SPBE roadmap. Each record type has its own folder with routes, use cases, repo and views.
 */
export const registryRoutes: FastifyPluginAsync = async (app) => {
  await app.register(serviceRoutes);
  await app.register(datasetRoutes);
  await app.register(infraRoutes);
  await app.register(integrationRoutes);
  await app.register(appLinksRoutes);
  await app.register(archRefRoutes);
  await app.register(roadmapRoutes);
};
