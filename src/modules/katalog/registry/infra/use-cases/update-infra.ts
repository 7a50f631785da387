import type { Deps } from '../../../../../platform/deps.ts';
import { ensure } from '../../../../../platform/auth/policy.ts';
import { AppError } from '../../../../../platform/http/errors.ts';
import { recordAudit, type AuditContext } from '../../../../../platform/audit/record-audit.ts';
import { katalogPolicy } from '../../../policy.ts';
import { mayOwn, throwIfAny } from '../../checks.ts';
import { diffColumns } from '../../shared.ts';
import { updateInfraRow } from '../repo.ts';
import { getInfra } from './get-infra.ts';
import { checkInfraInput, type InfraInput } from './infra-input.ts';

const COLUMNS = { name: 'name', kind: 'kind', raiCode: 'rai_code', operatorOpdId: 'operator_opd_id', description: 'description', location: 'location' };

/** Changes infrastructure; the operator agency's admins (and the SPBE team) edit, tenants only read. */
export async function updateInfra(deps: Pick<Deps, 'db' | 'clock'>, audit: AuditContext, infraId: string, input: InfraInput & { version?: number }): Promise<void> {
  const actor = audit.actor;
  const current = await getInfra(deps, actor, infraId);
  ensure(actor, katalogPolicy.edit(actor, current.operator_opd_id));
  if (input.operatorOpdId !== undefined && input.operatorOpdId !== current.operator_opd_id) ensure(actor, mayOwn(actor, input.operatorOpdId));
  if (input.version !== undefined && input.version !== current.version) throw new AppError('conflict', 'katalog.stale_version');
  throwIfAny(await checkInfraInput(deps.db, input));
  const { set, before, after, changed } = diffColumns(current, { ...input }, COLUMNS);
  if (!changed) return;
  await deps.db.transaction().execute(async (tx) => {
    if (!(await updateInfraRow(tx, infraId, current.version, set, deps.clock.now()))) throw new AppError('conflict', 'katalog.stale_version');
    await recordAudit(tx, deps.clock, audit, { action: 'katalog.infra.updated', targetType: 'katalog_infra', targetId: infraId, opdId: current.operator_opd_id, before, after });
  });
}
