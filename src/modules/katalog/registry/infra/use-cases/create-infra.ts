import type { Deps } from '../../../../../platform/deps.ts';
import { ensure } from '../../../../../platform/auth/policy.ts';
import { recordAudit, type AuditContext } from '../../../../../platform/audit/record-audit.ts';
import { katalogPolicy } from '../../../policy.ts';
import type { InfraKind } from '../../db.ts';
import { mayOwn, throwIfAny } from '../../checks.ts';
import { freeKey, keyTaken } from '../../repo.ts';
import { textOrNull } from '../../shared.ts';
import { insertInfra } from '../repo.ts';
import { checkInfraInput, type InfraInput } from './infra-input.ts';

export type NewInfra = InfraInput & { name: string; kind: InfraKind; key?: string };

/** Records a data centre, intranet or other infrastructure operated by an agency the actor edits. */
export async function createInfra(deps: Pick<Deps, 'db' | 'clock' | 'ids'>, audit: AuditContext, input: NewInfra, options: { synthetic?: boolean } = {}): Promise<{ infraId: string; key: string }> {
  const actor = audit.actor;
  ensure(actor, katalogPolicy.create(actor));
  ensure(actor, mayOwn(actor, input.operatorOpdId));
  const errors = await checkInfraInput(deps.db, input);
  if (input.key && (await keyTaken(deps.db, 'katalog_infra', input.key))) errors.unshift({ field: 'key', messageKey: 'katalog.registry.key_taken' });
  throwIfAny(errors);
  const now = deps.clock.now();
  const key = input.key ?? (await freeKey(deps.db, 'katalog_infra', input.operatorOpdId, input.name, 'infra'));
  const row = {
    id: deps.ids.uuid(),
    key,
    name: input.name.trim(),
    kind: input.kind,
    rai_code: input.raiCode ?? null,
    operator_opd_id: input.operatorOpdId ?? null,
    description: textOrNull(input.description),
    location: textOrNull(input.location),
    synthetic: options.synthetic ?? false,
    created_at: now,
    updated_at: now,
  };
  await deps.db.transaction().execute(async (tx) => {
    await insertInfra(tx, row);
    await recordAudit(tx, deps.clock, audit, { action: 'katalog.infra.created', targetType: 'katalog_infra', targetId: row.id, opdId: row.operator_opd_id, after: row });
  });
  return { infraId: row.id, key };
}
