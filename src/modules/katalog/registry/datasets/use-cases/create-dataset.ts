import type { Deps } from '../../../../../platform/deps.ts';
import { ensure } from '../../../../../platform/auth/policy.ts';
import { recordAudit, type AuditContext } from '../../../../../platform/audit/record-audit.ts';
import { katalogPolicy } from '../../../policy.ts';
import type { Sensitivity } from '../../db.ts';
import { mayOwn, throwIfAny } from '../../checks.ts';
import { freeKey, keyTaken } from '../../repo.ts';
import { textOrNull } from '../../shared.ts';
import { insertDataset } from '../repo.ts';
import { appRows, checkDatasetInput, cleanCodes, type DatasetInput } from './dataset-input.ts';

export type NewDataset = DatasetInput & { name: string; sensitivity: Sensitivity; key?: string };

/** Records a data set produced by an agency the actor edits (the SPBE team may leave the producer empty). */
export async function createDataset(deps: Pick<Deps, 'db' | 'clock' | 'ids'>, audit: AuditContext, input: NewDataset, options: { synthetic?: boolean } = {}): Promise<{ datasetId: string; key: string }> {
  const actor = audit.actor;
  ensure(actor, katalogPolicy.create(actor));
  ensure(actor, mayOwn(actor, input.producerOpdId));
  const errors = await checkDatasetInput(deps.db, input);
  if (input.key && (await keyTaken(deps.db, 'katalog_dataset', input.key))) errors.unshift({ field: 'key', messageKey: 'katalog.registry.key_taken' });
  throwIfAny(errors);
  const now = deps.clock.now();
  const key = input.key ?? (await freeKey(deps.db, 'katalog_dataset', input.producerOpdId, input.name, 'data'));
  const row = {
    id: deps.ids.uuid(),
    key,
    name: input.name.trim(),
    description: textOrNull(input.description),
    rad_code: input.radCode ?? null,
    producer_opd_id: input.producerOpdId ?? null,
    walidata_opd_id: input.walidataOpdId ?? null,
    sensitivity: input.sensitivity,
    format: textOrNull(input.format),
    update_frequency: input.updateFrequency ?? null,
    reference_codes: cleanCodes(input.referenceCodes ?? []),
    synthetic: options.synthetic ?? false,
    created_at: now,
    updated_at: now,
  };
  const apps = appRows(input.readAppIds ?? [], input.writeAppIds ?? []);
  await deps.db.transaction().execute(async (tx) => {
    await insertDataset(tx, row, apps);
    await recordAudit(tx, deps.clock, audit, { action: 'katalog.dataset.created', targetType: 'katalog_dataset', targetId: row.id, opdId: row.producer_opd_id, after: { ...row, apps } });
  });
  return { datasetId: row.id, key };
}
