import type { Deps } from '../../../../../platform/deps.ts';
import { ensure } from '../../../../../platform/auth/policy.ts';
import { AppError } from '../../../../../platform/http/errors.ts';
import { recordAudit, type AuditContext } from '../../../../../platform/audit/record-audit.ts';
import { katalogPolicy } from '../../../policy.ts';
import { mayOwn, throwIfAny } from '../../checks.ts';
import { diffColumns, sameSet } from '../../shared.ts';
import { replaceDatasetApps, updateDatasetRow } from '../repo.ts';
import { getDataset } from './get-dataset.ts';
import { appRows, checkDatasetInput, cleanCodes, type DatasetInput } from './dataset-input.ts';

const COLUMNS = {
  name: 'name',
  description: 'description',
  radCode: 'rad_code',
  producerOpdId: 'producer_opd_id',
  walidataOpdId: 'walidata_opd_id',
  sensitivity: 'sensitivity',
  format: 'format',
  updateFrequency: 'update_frequency',
};

/** Changes a data set. Only the producer's admins (and the SPBE team) edit; the walidata reads. */
export async function updateDataset(deps: Pick<Deps, 'db' | 'clock'>, audit: AuditContext, datasetId: string, input: DatasetInput & { version?: number }): Promise<void> {
  const actor = audit.actor;
  const current = await getDataset(deps, actor, datasetId);
  ensure(actor, katalogPolicy.edit(actor, current.producer_opd_id));
  if (input.producerOpdId !== undefined && input.producerOpdId !== current.producer_opd_id) ensure(actor, mayOwn(actor, input.producerOpdId));
  if (input.version !== undefined && input.version !== current.version) throw new AppError('conflict', 'katalog.stale_version');
  throwIfAny(await checkDatasetInput(deps.db, input));

  const { set, before, after } = diffColumns(current, { ...input }, COLUMNS);
  if (input.referenceCodes) {
    const next = cleanCodes(input.referenceCodes);
    if (!sameSet(next, current.reference_codes)) {
      set.reference_codes = next;
      before.referenceCodes = current.reference_codes;
      after.referenceCodes = next;
    }
  }
  const readIds = input.readAppIds ?? current.readApps.map((a) => a.id);
  const writeIds = input.writeAppIds ?? current.writeApps.map((a) => a.id);
  const appsChanged = !sameSet(readIds, current.readApps.map((a) => a.id)) || !sameSet(writeIds, current.writeApps.map((a) => a.id));
  if (appsChanged) {
    before.readAppIds = current.readApps.map((a) => a.id);
    before.writeAppIds = current.writeApps.map((a) => a.id);
    after.readAppIds = [...new Set(readIds)];
    after.writeAppIds = [...new Set(writeIds)];
  }
  if (Object.keys(set).length === 0 && !appsChanged) return;

  await deps.db.transaction().execute(async (tx) => {
    if (!(await updateDatasetRow(tx, datasetId, current.version, set, deps.clock.now()))) throw new AppError('conflict', 'katalog.stale_version');
    if (appsChanged) await replaceDatasetApps(tx, datasetId, appRows(readIds, writeIds));
    await recordAudit(tx, deps.clock, audit, { action: 'katalog.dataset.updated', targetType: 'katalog_dataset', targetId: datasetId, opdId: current.producer_opd_id, before, after });
  });
}
