import type { Deps } from '../../../../../platform/deps.ts';
import { ensure } from '../../../../../platform/auth/policy.ts';
import { notFound, validationError, type FieldError } from '../../../../../platform/http/errors.ts';
import { recordAudit, type AuditContext } from '../../../../../platform/audit/record-audit.ts';
import { katalogPolicy } from '../../../policy.ts';
import { checkOpd } from '../../checks.ts';
import { isCalendarDate, localDate } from '../../shared.ts';
import { deleteTenant, findTenant, upsertTenant } from '../repo.ts';
import { getInfra } from './get-infra.ts';

/**
 * Adds an agency as a tenant of a data centre (or connects it to the intranet), or changes the
 * date it joined. Only the operator's admins and the SPBE team change the tenant list.
 */
export async function setTenant(deps: Pick<Deps, 'db' | 'clock' | 'config'>, audit: AuditContext, infraId: string, input: { opdId: string; since?: string | null }): Promise<void> {
  const actor = audit.actor;
  const infra = await getInfra(deps, actor, infraId);
  ensure(actor, katalogPolicy.edit(actor, infra.operator_opd_id));
  const errors: FieldError[] = [];
  await checkOpd(deps.db, input.opdId, 'opdId', errors);
  const since = input.since || null;
  if (since && !isCalendarDate(since)) errors.push({ field: 'since', messageKey: 'validation.date' });
  else if (since && since > localDate(deps.clock.now(), deps.config.timeZone)) errors.push({ field: 'since', messageKey: 'katalog.infra.since_future' });
  if (errors.length) throw validationError(errors);
  const current = await findTenant(deps.db, infraId, input.opdId);
  if (current && current.since === since) return;
  await deps.db.transaction().execute(async (tx) => {
    await upsertTenant(tx, infraId, input.opdId, since);
    await recordAudit(tx, deps.clock, audit, {
      action: 'katalog.infra.tenant_set',
      targetType: 'katalog_infra',
      targetId: infraId,
      opdId: infra.operator_opd_id,
      before: current ? { tenant: input.opdId, since: current.since } : undefined,
      after: { tenant: input.opdId, since },
    });
  });
}

/** Removes a tenant (or disconnects an agency from the intranet). */
export async function removeTenant(deps: Pick<Deps, 'db' | 'clock'>, audit: AuditContext, infraId: string, opdId: string): Promise<void> {
  const actor = audit.actor;
  const infra = await getInfra(deps, actor, infraId);
  ensure(actor, katalogPolicy.edit(actor, infra.operator_opd_id));
  const current = await findTenant(deps.db, infraId, opdId);
  if (!current) throw notFound();
  await deps.db.transaction().execute(async (tx) => {
    await deleteTenant(tx, infraId, opdId);
    await recordAudit(tx, deps.clock, audit, { action: 'katalog.infra.tenant_removed', targetType: 'katalog_infra', targetId: infraId, opdId: infra.operator_opd_id, before: { tenant: opdId, since: current.since } });
  });
}
