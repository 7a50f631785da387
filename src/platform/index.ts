import type { PaduModule } from './http/app.tsx';
import { opsRoutes } from './ops/routes.tsx';
import { accountRoutes } from './accounts/routes.tsx';
import { ssoRoutes } from './sso/routes.tsx';
import { seedPlatformDemo } from './accounts/seed-demo.ts';
import { auditRoutes } from './audit/routes.tsx';
import { tokenRoutes } from './tokens/routes.tsx';
import { isAdmin, isStaff, opdIdsWithRole, readsEverything } from './auth/policy.ts';
import { orgRoutes } from './org/index.ts';
import { calendarRoutes } from './calendar/routes.ts';
import { loadHolidayReference } from './calendar/index.ts';
import { filesCli, registerFileJobs } from './files/index.ts';

/** The platform's own screens and APIs: home, health, accounts, agencies, tokens, audit. */
export const platformModules: PaduModule[] = [
  { name: 'ops', routes: opsRoutes },
  {
    name: 'accounts',
    routes: accountRoutes,
    seedDemo: (deps) => seedPlatformDemo(deps),
    nav: [{ href: '/admin/users', labelKey: 'nav.users', visible: (a) => readsEverything(a) || isAdmin(a) || opdIdsWithRole(a, ['admin_opd']).length > 0 }],
  },
  { name: 'sso', routes: ssoRoutes },
  { name: 'calendar', routes: calendarRoutes, loadReference: async (db, { now }) => void (await loadHolidayReference(db, now)) },
  { name: 'org', routes: orgRoutes, nav: [{ href: '/admin/opd', labelKey: 'nav.opd', visible: (a) => isStaff(a) }] },
  {
    name: 'tokens',
    routes: tokenRoutes,
    nav: [{ href: '/admin/tokens', labelKey: 'nav.tokens', visible: (a) => readsEverything(a) || opdIdsWithRole(a, ['admin_opd']).length > 0 }],
  },
  // Uploaded files: no screens of its own (modules serve their files); the purge job and `padu files`.
  { name: 'files', routes: async () => {}, jobs: registerFileJobs, cli: filesCli },
  { name: 'audit', routes: auditRoutes, nav: [{ href: '/admin/audit', labelKey: 'nav.audit', visible: (a) => readsEverything(a) }] },
];
