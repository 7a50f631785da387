import type { Deps } from '../../../../../platform/deps.ts';
import { ensure } from '../../../../../platform/auth/policy.ts';
import { validationError, type FieldError } from '../../../../../platform/http/errors.ts';
import { recordAudit, type AuditContext } from '../../../../../platform/audit/record-audit.ts';
import { katalogPolicy } from '../../../policy.ts';
import { getApp } from '../../../use-cases/get-app.ts';
import { checkRefIds } from '../../checks.ts';
import { diffColumns } from '../../shared.ts';
import { deleteIntegrationRow, findUse, insertIntegration, updateIntegrationRow, type Channel } from '../repo.ts';
import { getIntegration } from './get-integration.ts';

export interface NewIntegration {
  consumerAppId: string;
  providerAppId: string;
  datasetId?: string | null;
  channel: Channel;
  note?: string | null;
}

/**
 * Records that app A (the consumer) uses data of app B (the provider) through a channel. The
 * consumer's agency records it; the provider may belong to any agency (that is the point of an
 * integration), so only its existence is checked. Manual re-entry and a separate login are kept
 * as records and count as not integrated (the table's generated `integrated` column).
 */
export async function createIntegration(deps: Pick<Deps, 'db' | 'clock' | 'ids'>, audit: AuditContext, input: NewIntegration): Promise<{ integrationId: string }> {
  const actor = audit.actor;
  const consumer = await getApp(deps, actor, input.consumerAppId);
  ensure(actor, katalogPolicy.edit(actor, consumer.opd_id));
  const errors: FieldError[] = [];
  const [provider] = await checkRefIds(deps.db, 'app', [input.providerAppId], 'providerAppId', errors);
  if (provider && provider.id === consumer.id) errors.push({ field: 'providerAppId', messageKey: 'katalog.integration.same_app' });
  if (input.datasetId) await checkRefIds(deps.db, 'dataset', [input.datasetId], 'datasetId', errors);
  if (!errors.length && (await findUse(deps.db, consumer.id, input.providerAppId, input.datasetId ?? null))) errors.push({ field: 'providerAppId', messageKey: 'katalog.integration.exists' });
  if (errors.length) throw validationError(errors);
  const row = {
    id: deps.ids.uuid(),
    consumer_app_id: consumer.id,
    provider_app_id: input.providerAppId,
    dataset_id: input.datasetId ?? null,
    channel: input.channel,
    note: input.note?.trim() || null,
    created_at: deps.clock.now(),
  };
  await deps.db.transaction().execute(async (tx) => {
    await insertIntegration(tx, row);
    await recordAudit(tx, deps.clock, audit, { action: 'katalog.integration.created', targetType: 'katalog_integration', targetId: row.id, opdId: consumer.opd_id, after: row });
  });
  return { integrationId: row.id };
}

/** Changes the channel, data set or note of an integration (the consumer's agency). */
export async function updateIntegration(deps: Pick<Deps, 'db' | 'clock'>, audit: AuditContext, integrationId: string, input: { channel?: Channel; datasetId?: string | null; note?: string | null }): Promise<void> {
  const actor = audit.actor;
  const current = await getIntegration(deps, actor, integrationId);
  ensure(actor, katalogPolicy.edit(actor, current.consumer_opd_id));
  const errors: FieldError[] = [];
  if (input.datasetId) await checkRefIds(deps.db, 'dataset', [input.datasetId], 'datasetId', errors);
  if (!errors.length && input.datasetId !== undefined && input.datasetId !== current.dataset_id) {
    const clash = await findUse(deps.db, current.consumer_app_id, current.provider_app_id, input.datasetId);
    if (clash && clash.id !== current.id) errors.push({ field: 'datasetId', messageKey: 'katalog.integration.exists' });
  }
  if (errors.length) throw validationError(errors);
  const { set, before, after, changed } = diffColumns(current, { ...input }, { channel: 'channel', datasetId: 'dataset_id', note: 'note' });
  if (!changed) return;
  await deps.db.transaction().execute(async (tx) => {
    await updateIntegrationRow(tx, integrationId, set);
    await recordAudit(tx, deps.clock, audit, { action: 'katalog.integration.updated', targetType: 'katalog_integration', targetId: integrationId, opdId: current.consumer_opd_id, before, after });
  });
}

export async function deleteIntegration(deps: Pick<Deps, 'db' | 'clock'>, audit: AuditContext, integrationId: string): Promise<void> {
  const actor = audit.actor;
  const current = await getIntegration(deps, actor, integrationId);
  ensure(actor, katalogPolicy.edit(actor, current.consumer_opd_id));
  await deps.db.transaction().execute(async (tx) => {
    await deleteIntegrationRow(tx, integrationId);
    await recordAudit(tx, deps.clock, audit, {
      action: 'katalog.integration.deleted',
      targetType: 'katalog_integration',
      targetId: integrationId,
      opdId: current.consumer_opd_id,
      before: { consumerAppId: current.consumer_app_id, providerAppId: current.provider_app_id, datasetId: current.dataset_id, channel: current.channel, note: current.note },
    });
  });
}
