import type { PaduModule } from './http/app.tsx';
import { opsRoutes } from './ops/routes.tsx';
import { accountRoutes } from './accounts/routes.tsx';
import { seedPlatformDemo } from './accounts/seed-demo.ts';
import { isAdmin, isStaff, opdIdsWithRole, readsEverything } from './auth/policy.ts';
import { orgRoutes } from './org/index.ts';

/** The platform's own screens and APIs: home, health, accounts, agencies, tokens, audit. */
export const platformModules: PaduModule[] = [
  { name: 'ops', routes: opsRoutes },
  {
    name: 'accounts',
    routes: accountRoutes,
    seedDemo: (deps) => seedPlatformDemo(deps),
    nav: [{ href: '/admin/users', labelKey: 'nav.users', visible: (a) => readsEverything(a) || isAdmin(a) || opdIdsWithRole(a, ['admin_opd']).length > 0 }],
  },
  { name: 'org', routes: orgRoutes, nav: [{ href: '/admin/opd', labelKey: 'nav.opd', visible: (a) => isStaff(a) }] },
];
