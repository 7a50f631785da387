import { recordAudit, type AuditContext } from '../../../../platform/audit/record-audit.ts';
import { ensure } from '../../../../platform/auth/policy.ts';
import { AppError, validationError, type FieldError } from '../../../../platform/http/errors.ts';
import { bumpGerbangVersion, gerbangChanged } from '../../changes.ts';
import { CODE_PATTERN } from '../../identifiers.ts';
import { gerbangPolicy } from '../../policy.ts';
import { appExists, findSubsystem, insertSubsystem, subsystemCodeTaken, type SubsystemRow } from '../repo.ts';
import type { GerbangDeps } from './visibility.ts';

export interface NewSubsystem {
  opdId: string;
  code: string;
  name: string;
  description?: string | null;
  appId?: string | null;
}

/** Registers a subsystem (an information system) of an agency: JATIM/GOV/<agency>/<code>. */
export async function createSubsystem(deps: GerbangDeps, audit: AuditContext, input: NewSubsystem): Promise<SubsystemRow> {
  const actor = audit.actor;
  ensure(actor, gerbangPolicy.enter(actor) && gerbangPolicy.manage(actor, input.opdId));
  const opd = await deps.db.selectFrom('opd').select(['id', 'active']).where('id', '=', input.opdId).executeTakeFirst();
  if (!opd || !opd.active) throw new AppError('not_found', 'error.not_found');
  const code = input.code.trim();
  const errors: FieldError[] = [];
  if (!CODE_PATTERN.test(code)) errors.push({ field: 'code', messageKey: 'gerbang.code_invalid' });
  else if (await subsystemCodeTaken(deps.db, opd.id, code)) errors.push({ field: 'code', messageKey: 'gerbang.subsystem_code_taken' });
  if (input.appId && !(await appExists(deps.db, input.appId))) errors.push({ field: 'appId', messageKey: 'gerbang.app_unknown' });
  if (errors.length) throw validationError(errors);

  const id = deps.ids.uuid();
  const now = deps.clock.now();
  const row = { id, opd_id: opd.id, code, name: input.name.trim(), description: input.description?.trim() || null, app_id: input.appId || null };
  await deps.db.transaction().execute(async (tx) => {
    await insertSubsystem(tx, { ...row, now });
    await bumpGerbangVersion(tx);
    await recordAudit(tx, deps.clock, audit, { action: 'gerbang.subsystem_created', targetType: 'gerbang_subsystem', targetId: id, opdId: opd.id, after: row });
  });
  gerbangChanged();
  return (await findSubsystem(deps.db, id))!;
}
