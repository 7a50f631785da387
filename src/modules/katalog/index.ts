import type { FastifyPluginAsync } from 'fastify';
import type { PaduModule } from '../../platform/http/app.tsx';
import { isStaff } from '../../platform/auth/policy.ts';
import { registerOpdMergeHandler } from '../../platform/org/index.ts';
import { katalogRoutes } from './routes.tsx';
import { duplicateRoutes } from './duplicate-review/routes.tsx';
import { duplicatesCommand } from './duplicate-review/cli.ts';
import { registryRoutes } from './registry/routes.tsx';
import { rationalisationRoutes } from './rationalisation/index.ts';
import { katalogTransferRoutes } from './transfer/routes.tsx';
import { registerImportJobs } from './transfer/jobs.ts';
import { katalogTransferCli } from './transfer/cli.ts';
import { loadArchitectureReference } from './reference.ts';
import { moveAgencyRecords } from './repo.ts';
import { seedKatalogDemo } from './demo/seed-demo.ts';
import './db.ts';
import './messages.ts';

registerOpdMergeHandler('katalog', (tx, merge) => moveAgencyRecords(tx, merge.fromId, merge.toId));

/**
 * The katalog's screens and APIs, one plugin per area: the app inventory here, and each
 * sub-area (import/export, registry of services/data/infrastructure, rationalisation) in its
 * own folder with its own routes, use cases, repo and views.
 */
const routes: FastifyPluginAsync = async (app) => {
  await app.register(katalogRoutes);
  await app.register(duplicateRoutes);
  await app.register(registryRoutes);
  await app.register(rationalisationRoutes);
  await app.register(katalogTransferRoutes);
};

/** The SPBE architecture repository: apps, services, data, infrastructure, duplicates, roadmap. */
export const katalogModule: PaduModule = {
  name: 'katalog',
  routes,
  loadReference: async (db, { now }) => void (await loadArchitectureReference(db, now)),
  seedDemo: (deps) => seedKatalogDemo(deps),
  nav: [{ href: '/katalog/apps', labelKey: 'nav.katalog', visible: (a) => isStaff(a) }],
  jobs: registerImportJobs,
  cli: {
    ...katalogTransferCli,
    duplicates: duplicatesCommand,
  },
};
