import type { FastifyPluginAsync } from 'fastify';
import type { PaduModule } from '../../platform/http/app.tsx';
import { isStaff } from '../../platform/auth/policy.ts';
import { registerOpdMergeHandler } from '../../platform/org/index.ts';
import { loadAduanSettings, type AduanSettings } from './config.ts';
import { createLaporHttpAdapter, type LaporAdapter } from './lapor/adapter.ts';
import { loadAduanReference } from './reference.ts';
import { moveAgencyRecords } from './repo.ts';
import { createRuntime, registerAduanJobs } from './runtime.ts';
import { publicRoutes } from './public-routes.tsx';
import { staffRoutes } from './staff-routes.tsx';
import { intakeRoutes } from './intake-routes.tsx';
import { adminRoutes } from './admin-routes.tsx';
import { open311Routes } from './open311/routes.ts';
import { seedAduanDemo } from './demo/seed-demo.ts';
import { runSweep } from './use-cases/run-sweep.ts';
import './db.ts';
import './messages.ts';

registerOpdMergeHandler('aduan', (tx, merge) => moveAgencyRecords(tx, merge.fromId, merge.toId));

export interface AduanOptions {
  /** The SP4N-LAPOR! adapter (tests give a stub's); default: HTTP when PADU_ADUAN_LAPOR_URL is set, else none. */
  lapor?: LaporAdapter | null;
  settings?: Partial<AduanSettings>;
}

function adapterFrom(settings: AduanSettings, given: LaporAdapter | null | undefined): LaporAdapter | null {
  if (given !== undefined) return given;
  return settings.laporUrl ? createLaporHttpAdapter({ url: settings.laporUrl, token: settings.laporToken, timeoutMs: settings.laporTimeoutMs }) : null;
}

/**
 * Aduan: complaints, aspirations and information requests from the portal, from staff (phone,
 * visits, letters) and from other systems through Open311 GeoReport v2; verified and routed by a
 * coordinator, answered by the responsible agency within working-day deadlines, and published
 * with their timeline (unless secret, and without the name of a reporter who asked for that).
 */
export function createAduanModule(options: AduanOptions = {}): PaduModule {
  const settings = (): AduanSettings => ({ ...loadAduanSettings(), ...options.settings });
  const routes: FastifyPluginAsync = async (app) => {
    const deps = app.padu.deps;
    const runtime = createRuntime(deps, adapterFrom(settings(), options.lapor), () => app.padu.jobs);
    await app.register(publicRoutes(deps));
    await app.register(intakeRoutes(deps));
    await app.register(staffRoutes(deps, runtime));
    await app.register(adminRoutes(deps));
    await app.register(open311Routes, { prefix: '/open311/v2' });
  };
  return {
    name: 'aduan',
    routes,
    nav: [
      { href: '/aduan', labelKey: 'nav.aduan', visible: () => true },
      { href: '/aduan/kelola', labelKey: 'nav.aduan_kelola', visible: (a) => isStaff(a) },
    ],
    loadReference: async (db, { now }) => loadAduanReference(db, now),
    seedDemo: (deps) => seedAduanDemo(deps, adapterFrom(settings(), options.lapor)),
    jobs: (queue, deps) => {
      const s = settings();
      return registerAduanJobs(queue, deps, adapterFrom(s, options.lapor), s.sweepCron);
    },
    cli: {
      sweep: {
        summary: 'Close unanswered reports, flag missed deadlines, retry SP4N-LAPOR! forwarding (once)',
        help: 'Usage: padu aduan sweep\n\nRuns the periodic complaints sweep once and prints what it did as JSON. The job queue runs it on its own schedule (PADU_ADUAN_SWEEP_CRON, default every 15 minutes).\n',
        async run(_args, ctx) {
          const result = await ctx.withDeps((deps) => runSweep(deps, adapterFrom(settings(), options.lapor)));
          ctx.stdout.write(`${JSON.stringify(result)}\n`);
          return 0;
        },
      },
    },
  };
}

export const aduanModule: PaduModule = createAduanModule();
export type { LaporAdapter, LaporReport } from './lapor/adapter.ts';
export { createLaporHttpAdapter } from './lapor/adapter.ts';
