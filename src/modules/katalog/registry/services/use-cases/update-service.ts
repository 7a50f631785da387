import type { Deps } from '../../../../../platform/deps.ts';
import { ensure } from '../../../../../platform/auth/policy.ts';
import { AppError } from '../../../../../platform/http/errors.ts';
import { recordAudit, type AuditContext } from '../../../../../platform/audit/record-audit.ts';
import { katalogPolicy } from '../../../policy.ts';
import { kindOfAudience } from '../../db.ts';
import { mayOwn, throwIfAny } from '../../checks.ts';
import { diffColumns, sameSet } from '../../shared.ts';
import { replaceServiceApps, updateServiceRow } from '../repo.ts';
import { getService } from './get-service.ts';
import { checkServiceInput, mergeStandard, type ServiceInput } from './service-input.ts';

const COLUMNS = {
  name: 'name',
  description: 'description',
  opdId: 'opd_id',
  audience: 'audience',
  ralCode: 'ral_code',
  slaWorkingDays: 'sla_working_days',
  fee: 'fee',
  feeNote: 'fee_note',
};

/**
 * Changes a service. Moving it to another agency needs the right to edit in both; a stale
 * `version` is refused so two editors never silently overwrite each other.
 */
export async function updateService(deps: Pick<Deps, 'db' | 'clock'>, audit: AuditContext, serviceId: string, input: ServiceInput & { version?: number }): Promise<void> {
  const actor = audit.actor;
  const current = await getService(deps, actor, serviceId);
  ensure(actor, katalogPolicy.edit(actor, current.opd_id));
  if (input.opdId !== undefined && input.opdId !== current.opd_id) ensure(actor, mayOwn(actor, input.opdId));
  if (input.version !== undefined && input.version !== current.version) throw new AppError('conflict', 'katalog.stale_version');
  throwIfAny(await checkServiceInput(deps.db, input));

  const { set, before, after } = diffColumns({ ...current, fee: current.fee === null ? null : Number(current.fee) }, { ...input }, COLUMNS);
  if (set.audience) set.kind = kindOfAudience(input.audience!);
  if (input.standard) {
    const next = mergeStandard(current.standard, input.standard);
    if (JSON.stringify(next) !== JSON.stringify(mergeStandard(current.standard, {}))) {
      set.standard = JSON.stringify(next);
      before.standard = current.standard;
      after.standard = next;
    }
  }
  if (input.channels && !sameSet(input.channels, current.channels)) {
    set.channels = [...new Set(input.channels)];
    before.channels = current.channels;
    after.channels = set.channels;
  }
  const oldAppIds = current.apps.map((a) => a.id);
  const appsChanged = !!input.appIds && !sameSet([...new Set(input.appIds)], oldAppIds);
  if (appsChanged) {
    before.appIds = oldAppIds;
    after.appIds = [...new Set(input.appIds)];
  }
  if (Object.keys(set).length === 0 && !appsChanged) return;

  await deps.db.transaction().execute(async (tx) => {
    if (!(await updateServiceRow(tx, serviceId, current.version, set, deps.clock.now()))) throw new AppError('conflict', 'katalog.stale_version');
    if (appsChanged) await replaceServiceApps(tx, serviceId, after.appIds as string[]);
    await recordAudit(tx, deps.clock, audit, { action: 'katalog.service.updated', targetType: 'katalog_service', targetId: serviceId, opdId: current.opd_id, before, after });
  });
}
