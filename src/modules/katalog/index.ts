import type { PaduModule } from '../../platform/http/app.tsx';
import { isStaff } from '../../platform/auth/policy.ts';
import { registerOpdMergeHandler } from '../../platform/org/index.ts';
import { katalogRoutes } from './routes.tsx';
import { loadArchitectureReference } from './reference.ts';
import { moveAgencyRecords } from './repo.ts';
import './db.ts';
import './messages.ts';

registerOpdMergeHandler('katalog', (tx, merge) => moveAgencyRecords(tx, merge.fromId, merge.toId));

/** The SPBE architecture repository: apps, services, data, infrastructure, duplicates, roadmap. */
export const katalogModule: PaduModule = {
  name: 'katalog',
  routes: katalogRoutes,
  loadReference: async (db, { now }) => void (await loadArchitectureReference(db, now)),
  nav: [{ href: '/katalog/apps', labelKey: 'nav.katalog', visible: (a) => isStaff(a) }],
};
