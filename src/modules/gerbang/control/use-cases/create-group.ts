import { recordAudit, type AuditContext } from '../../../../platform/audit/record-audit.ts';
import { ensure } from '../../../../platform/auth/policy.ts';
import { AppError, validationError } from '../../../../platform/http/errors.ts';
import { bumpGerbangVersion, gerbangChanged } from '../../changes.ts';
import { CODE_PATTERN } from '../../identifiers.ts';
import { gerbangPolicy } from '../../policy.ts';
import { findGroup, groupCodeTaken, insertGroup, type GroupRow } from '../repo.ts';
import type { GerbangDeps } from './visibility.ts';

/** A providing agency's named set of consumer subsystems, to grant access to all of them at once. */
export async function createGroup(deps: GerbangDeps, audit: AuditContext, input: { opdId: string; code: string; name: string }): Promise<GroupRow> {
  const actor = audit.actor;
  ensure(actor, gerbangPolicy.enter(actor) && gerbangPolicy.manage(actor, input.opdId));
  const opd = await deps.db.selectFrom('opd').select(['id', 'active']).where('id', '=', input.opdId).executeTakeFirst();
  if (!opd || !opd.active) throw new AppError('not_found', 'error.not_found');
  const code = input.code.trim();
  if (!CODE_PATTERN.test(code)) throw validationError([{ field: 'code', messageKey: 'gerbang.code_invalid' }]);
  if (await groupCodeTaken(deps.db, opd.id, code)) throw validationError([{ field: 'code', messageKey: 'gerbang.group_code_taken' }]);
  const id = deps.ids.uuid();
  const row = { id, opd_id: opd.id, code, name: input.name.trim(), created_at: deps.clock.now() };
  await deps.db.transaction().execute(async (tx) => {
    await insertGroup(tx, row);
    await bumpGerbangVersion(tx);
    await recordAudit(tx, deps.clock, audit, { action: 'gerbang.group_created', targetType: 'gerbang_group', targetId: id, opdId: opd.id, after: { code, name: row.name } });
  });
  gerbangChanged();
  return (await findGroup(deps.db, id))!;
}
