import type { Deps } from '../../deps.ts';
import { ensure, platformPolicy } from '../../auth/policy.ts';
import { notFound, validationError } from '../../http/errors.ts';
import { recordAudit, type AuditContext } from '../../audit/record-audit.ts';
import { findOpd, moveChildren, moveGrants, revokeAgencyTokens } from '../repo.ts';
import { opdMergeHandlers } from '../merge-hooks.ts';

/**
 * Merges agency `fromId` into `intoId` (a reorganisation by regulation): staff roles move, the
 * old agency's machine tokens stop working, its units move under the target, every module moves
 * its records, and the old agency stays in history as inactive with a pointer to the new one.
 */
export async function mergeOpd(deps: Pick<Deps, 'db' | 'clock'>, audit: AuditContext, input: { fromId: string; intoId: string }) {
  ensure(audit.actor, platformPolicy.mergeOpd(audit.actor));
  const from = await findOpd(deps.db, input.fromId);
  if (!from) throw notFound();
  if (input.fromId === input.intoId) throw validationError([{ field: 'intoId', messageKey: 'opd.merge_self' }]);
  const into = await findOpd(deps.db, input.intoId);
  if (!into || !into.active) throw validationError([{ field: 'intoId', messageKey: 'opd.merge_target_inactive' }]);
  if (!from.active) throw validationError([{ field: 'intoId', messageKey: from.merged_into_id ? 'opd.already_merged' : 'error.conflict' }]);
  const now = deps.clock.now();
  return deps.db.transaction().execute(async (tx) => {
    const movedGrants = await moveGrants(tx, from.id, into.id);
    const revokedTokens = await revokeAgencyTokens(tx, from.id, now);
    // The target cannot end up below the agency it absorbs.
    const movedChildren = await moveChildren(tx, from.id, into.id, now);
    if (into.parent_id === from.id) await tx.updateTable('opd').set({ parent_id: from.parent_id }).where('id', '=', into.id).execute();
    for (const { handler } of opdMergeHandlers()) await handler(tx, { fromId: from.id, toId: into.id, at: now });
    await tx.updateTable('opd').set({ active: false, merged_into_id: into.id, updated_at: now }).where('id', '=', from.id).execute();
    await tx.updateTable('opd_name_history').set({ valid_to: now }).where('opd_id', '=', from.id).where('valid_to', 'is', null).execute();
    const summary = { movedGrants, revokedTokens, movedChildren };
    await recordAudit(tx, deps.clock, audit, { action: 'opd.merged', targetType: 'opd', targetId: from.id, opdId: from.id, before: { active: true }, after: { mergedInto: into.id, intoName: into.name, ...summary } });
    return summary;
  });
}
