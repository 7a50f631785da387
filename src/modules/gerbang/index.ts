import type { FastifyPluginAsync } from 'fastify';
import type { PaduModule } from '../../platform/http/app.tsx';
import { isStaff } from '../../platform/auth/policy.ts';
import { registerOpdMergeHandler } from '../../platform/org/index.ts';
import { createEvidenceLog, evidenceNav, evidenceRoutes, registerEvidenceJobs } from './evidence/index.ts';
import { bumpGerbangVersion } from './changes.ts';
import { loadGerbangSettings, type GerbangSettings } from './config.ts';
import { controlRoutes } from './control/routes.tsx';
import { moveAgencyRecords } from './control/repo.ts';
import { mountDataPlane, type EvidenceSource } from './proxy/mount.ts';
import { opsRoutes } from './proxy/routes.tsx';
import { gerbangCli } from './cli.ts';
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
}

/**
 * Gerbang, the interoperability hub: the control plane (subsystems, services, access rights and
 * requests), the data plane (X-Road REST r1 at /r1/…) and its operations pages.
 */
export function createGerbangModule(options: GerbangOptions = {}): PaduModule {
  const routes: FastifyPluginAsync = async (app) => {
    const settings = { ...loadGerbangSettings(), ...options.settings };
    const evidence = options.evidence ?? ((deps) => createEvidenceLog(deps, { registry: app.padu.metrics.registry }));
    const dataPlane = await mountDataPlane(app, { deps: app.padu.deps, settings, evidence });
    await app.register(controlRoutes(settings));
    await app.register(opsRoutes(dataPlane));
    await app.register(evidenceRoutes);
  };
  return {
    name: 'gerbang',
    routes,
    nav: [{ href: '/gerbang', labelKey: 'nav.gerbang', visible: (a) => isStaff(a) }, evidenceNav],
    jobs: (queue, deps) => registerEvidenceJobs(queue, deps),
    cli: gerbangCli,
  };
}

export const gerbangModule: PaduModule = createGerbangModule();
export type { EvidenceLog, ExchangeRecord } from './evidence/contract.ts';
export type { GerbangSettings } from './config.ts';
