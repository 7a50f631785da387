import type { FastifyPluginAsync } from 'fastify';
import type { PaduModule } from '../../platform/http/app.tsx';
import { registerOpdMergeHandler } from '../../platform/org/index.ts';
import { tataKelolaPolicy } from './policy.ts';
import { assessmentRoutes } from './assessment/routes.tsx';
import { clearanceRoutes } from './clearance/routes.tsx';
import { moveAgencyRecords } from './assessment/repo.ts';
import { moveAgencyProposals } from './clearance/repo.ts';
import { loadInstrumentReference } from './instruments/load.ts';
import { loadClearanceChecks } from './clearance/load.ts';
import { refreshOpenAssessments } from './assessment/use-cases/refresh-evidence.ts';
import './db.ts';
import './messages.ts';
import './evidence/providers.ts';

registerOpdMergeHandler('tata-kelola', async (tx, merge) => {
  await moveAgencyRecords(tx, merge.fromId, merge.toId);
  await moveAgencyProposals(tx, merge.fromId, merge.toId);
});

/** The daily job that keeps open assessments' automatic evidence current. */
export const REFRESH_EVIDENCE_JOB = 'tata-kelola.refresh-evidence';

/**
 * Each area (the index assessment, the spending clearance) is a plugin of its own: each accepts
 * uploads (evidence, KAK and cost-benefit analyses) in its own scope.
 */
const routes: FastifyPluginAsync = async (app) => {
  await app.register(assessmentRoutes);
  await app.register(clearanceRoutes);
};

/** SPBE governance: the yearly SPBE index self-assessment with evidence, and IT-spending clearance. */
export const tataKelolaModule: PaduModule = {
  name: 'tata-kelola',
  routes,
  loadReference: async (db, { now }) => {
    await loadInstrumentReference(db, now);
    await loadClearanceChecks(db, now);
  },
  nav: [{ href: '/tata-kelola', labelKey: 'nav.tata_kelola', visible: (a) => tataKelolaPolicy.enter(a) }],
  jobs: async (queue, deps) => {
    await queue.work(REFRESH_EVIDENCE_JOB, async () => void (await refreshOpenAssessments(deps)));
    // 22:00 UTC is 05:00 in Western Indonesia: figures are current when the working day starts.
    await queue.schedule(REFRESH_EVIDENCE_JOB, '0 22 * * *');
  },
};

export { registerEvidenceProvider, evidenceProviders, type EvidenceProvider, type EvidenceMeasurement, type EvidenceContext } from './evidence/registry.ts';
export { parseInstrument, InstrumentFormatError, type Instrument } from './instruments/instrument.ts';
export { scoreLevels, type Scorecard } from './instruments/score.ts';
