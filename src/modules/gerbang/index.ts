import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import type { PaduModule } from '../../platform/http/app.tsx';
import { isStaff, platformPolicy } from '../../platform/auth/policy.ts';
import type { Deps } from '../../platform/deps.ts';
import { registerOpdMergeHandler } from '../../platform/org/index.ts';
import { createEvidenceLog, evidenceNav, evidenceRoutes, registerEvidenceJobs } from './evidence/index.ts';
import { bumpGerbangVersion } from './changes.ts';
import { loadGerbangSettings, type GerbangSettings } from './config.ts';
import { controlRoutes } from './control/routes.tsx';
import { certificateRoutes } from './tls/routes.tsx';
import { moveAgencyRecords } from './control/repo.ts';
import { mountDataPlane, type EvidenceSource } from './proxy/mount.ts';
import { opsRoutes } from './proxy/routes.tsx';
import { gerbangCli } from './cli.ts';
import { createDataPlaneCaller, onceOnlyRoutes, queueScheduler, registerWebhookJobs, timerScheduler, type CitizenDirectory } from './once-only/index.ts';
import { demoUpstreamRoutes } from './demo/upstream-routes.ts';
import { createPrefillService } from './once-only/prefill-service.ts';
import { nikOfCitizen } from '../portal/index.ts';
import { seedGerbangDemo } from './demo/seed-demo.ts';
import './db.ts';
import './messages.ts';

registerOpdMergeHandler('gerbang', async (tx, merge) => {
  await moveAgencyRecords(tx, merge.fromId, merge.toId);
  await bumpGerbangVersion(tx);
});

export interface GerbangOptions {
  /** The evidence log (tests and benchmarks give their own); default: the module's. */
  evidence?: EvidenceSource;
  /** Gateway settings; default: from the environment (PADU_GERBANG_*). */
  settings?: Partial<GerbangSettings>;
  /**
   * Who a signed-in citizen is (their NIK), for consents, the prefill and the citizen's access
   * log. The portal keeps citizens' profiles; without a directory citizens' NIKs are unknown.
   */
  citizens?: (deps: Deps) => CitizenDirectory;
}

/** This process's own address, for the prefill's calls through the data plane (loopback). */
function ownBaseUrl(app: FastifyInstance): string | null {
  const address = app.server.address();
  if (!address || typeof address === 'string') return null;
  const host = address.address === '0.0.0.0' || address.address === '::' ? '127.0.0.1' : address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return `http://${host}:${address.port}`;
}

/**
 * Gerbang, the interoperability hub: the control plane (subsystems, services, access rights and
 * requests), the data plane (X-Road REST r1 at /r1/…), its operations pages, the evidence log,
 * once-only data (source registry, consent and prefill, the citizen's access log, change
 * notifications) and the demo upstreams.
 */
export function createGerbangModule(options: GerbangOptions = {}): PaduModule {
  const settingsOf = () => ({ ...loadGerbangSettings(), ...options.settings });
  const routes: FastifyPluginAsync = async (app) => {
    const settings = settingsOf();
    const deps = app.padu.deps;
    // The pool's connection settings: the evidence writer thread opens its own connection with them.
    const evidence = options.evidence ?? ((d) => createEvidenceLog(d, { registry: app.padu.metrics.registry, connection: app.padu.pool?.options }));
    const dataPlane = await mountDataPlane(app, { deps, settings, evidence });
    const caller = createDataPlaneCaller({ deps: { ...deps, settings }, logger: deps.logger, baseUrl: () => ownBaseUrl(app), label: `${process.pid}` });
    const timers = timerScheduler({ ...deps, settings });
    app.addHook('onClose', async () => {
      timers.close();
      await caller.close();
    });
    await app.register(controlRoutes(settings));
    await app.register(certificateRoutes(settings));
    await app.register(opsRoutes(dataPlane));
    await app.register(evidenceRoutes);
    // Citizens' NIKs come from the portal's profiles unless the composition gives its own directory.
    const citizens: CitizenDirectory = options.citizens?.(deps) ?? { nikOf: (userId) => nikOfCitizen(deps, userId) };
    // The prefill slot the portal's request forms use (the portal cannot import the gateway).
    app.padu.services.prefill = createPrefillService({ ...deps, settings, citizens, dataPlane: caller, logger: deps.logger });
    await app.register(
      onceOnlyRoutes({
        settings,
        citizens,
        dataPlane: caller,
        scheduler: () => (app.padu.jobs ? queueScheduler(app.padu.jobs) : timers),
      }),
    );
    await app.register(demoUpstreamRoutes);
  };
  return {
    name: 'gerbang',
    routes,
    nav: [
      { href: '/gerbang', labelKey: 'nav.gerbang', visible: (a) => isStaff(a) },
      evidenceNav,
      { href: '/gerbang/my-data', labelKey: 'nav.my_data', visible: (a) => platformPolicy.portalCitizen(a) },
    ],
    jobs: async (queue, deps) => {
      await registerEvidenceJobs(queue, deps);
      await registerWebhookJobs(queue, { ...deps, settings: settingsOf() });
    },
    seedDemo: (deps) => seedGerbangDemo(deps, settingsOf()),
    cli: gerbangCli,
  };
}

export const gerbangModule: PaduModule = createGerbangModule();
export type { EvidenceLog, ExchangeRecord } from './evidence/contract.ts';
export type { GerbangSettings } from './config.ts';
export type { CitizenDirectory } from './once-only/citizens.ts';
