import type { Deps } from '../../../../../platform/deps.ts';
import { ensure } from '../../../../../platform/auth/policy.ts';
import { recordAudit, type AuditContext } from '../../../../../platform/audit/record-audit.ts';
import { katalogPolicy } from '../../../policy.ts';
import { kindOfAudience, type ServiceAudience } from '../../db.ts';
import { mayOwn, throwIfAny } from '../../checks.ts';
import { freeKey, keyTaken } from '../../repo.ts';
import { textOrNull } from '../../shared.ts';
import { insertService } from '../repo.ts';
import { checkServiceInput, mergeStandard, type ServiceInput } from './service-input.ts';

export type NewService = ServiceInput & { name: string; audience: ServiceAudience; key?: string };

/** Records a service under an agency the actor edits (the SPBE team may leave the owner empty). */
export async function createService(deps: Pick<Deps, 'db' | 'clock' | 'ids'>, audit: AuditContext, input: NewService, options: { synthetic?: boolean } = {}): Promise<{ serviceId: string; key: string }> {
  const actor = audit.actor;
  ensure(actor, katalogPolicy.create(actor));
  ensure(actor, mayOwn(actor, input.opdId));
  const errors = await checkServiceInput(deps.db, input);
  if (input.key && (await keyTaken(deps.db, 'katalog_service', input.key))) errors.unshift({ field: 'key', messageKey: 'katalog.registry.key_taken' });
  throwIfAny(errors);
  const now = deps.clock.now();
  const key = input.key ?? (await freeKey(deps.db, 'katalog_service', input.opdId, input.name, 'layanan'));
  const standard = mergeStandard({}, input.standard);
  const row = {
    id: deps.ids.uuid(),
    key,
    name: input.name.trim(),
    description: textOrNull(input.description),
    opd_id: input.opdId ?? null,
    kind: kindOfAudience(input.audience),
    audience: input.audience,
    ral_code: input.ralCode ?? null,
    standard: JSON.stringify(standard),
    sla_working_days: input.slaWorkingDays ?? null,
    fee: input.fee ?? null,
    fee_note: textOrNull(input.feeNote),
    channels: [...new Set(input.channels ?? [])],
    synthetic: options.synthetic ?? false,
    created_at: now,
    updated_at: now,
  };
  const appIds = [...new Set(input.appIds ?? [])];
  await deps.db.transaction().execute(async (tx) => {
    await insertService(tx, row, appIds);
    await recordAudit(tx, deps.clock, audit, {
      action: 'katalog.service.created',
      targetType: 'katalog_service',
      targetId: row.id,
      opdId: row.opd_id,
      after: { ...row, standard, appIds },
    });
  });
  return { serviceId: row.id, key };
}
