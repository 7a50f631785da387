import type { Deps } from '../../../../platform/deps.ts';
import { ensure } from '../../../../platform/auth/policy.ts';
import { notFound } from '../../../../platform/http/errors.ts';
import { recordAudit, type AuditContext } from '../../../../platform/audit/record-audit.ts';
import { actorLabel } from '../../../../platform/auth/actor.ts';
import { dismissalsForGroup } from '../../duplicates/index.ts';
import { katalogPolicy } from '../../policy.ts';
import { addDismissals, findReview, removeDismissals, saveReview } from '../repo.ts';
import { findDuplicateGroup } from './find-duplicates.ts';

/**
 * The SPBE team's verdict on a candidate group. Confirming keeps it on the list as a real
 * duplicate (the next step is a rationalisation decision per app). Dismissing remembers every
 * pair in the group, so these apps are never suggested together again even if the group around
 * them changes; reopening a dismissal forgets those pairs.
 */
export async function reviewDuplicateGroup(
  deps: Pick<Deps, 'db' | 'clock'>,
  audit: AuditContext,
  input: { groupKey: string; status: 'confirmed' | 'dismissed' | 'open'; note?: string | null },
): Promise<void> {
  const actor = audit.actor;
  ensure(actor, katalogPolicy.rationalise(actor));
  const now = deps.clock.now();
  if (input.status === 'open') {
    const review = await findReview(deps.db, input.groupKey);
    if (!review) throw notFound();
    await deps.db.transaction().execute(async (tx) => {
      await removeDismissals(tx, input.groupKey);
      await tx.deleteFrom('katalog_duplicate_review').where('group_key', '=', input.groupKey).execute();
      await recordAudit(tx, deps.clock, audit, { action: 'katalog.duplicates.reopened', targetType: 'katalog_duplicate_group', targetId: input.groupKey, before: { status: review.status, note: review.note } });
    });
    return;
  }
  const group = await findDuplicateGroup(deps, actor, input.groupKey);
  if (!group) throw notFound();
  await deps.db.transaction().execute(async (tx) => {
    await saveReview(tx, {
      groupKey: group.id,
      appIds: group.apps.map((a) => a.id),
      status: input.status as 'confirmed' | 'dismissed',
      note: input.note?.trim() || null,
      reviewedBy: actor.kind === 'user' ? actor.userId : null,
      reviewedLabel: actorLabel(actor),
      at: now,
    });
    if (input.status === 'dismissed') await addDismissals(tx, group.id, dismissalsForGroup(group));
    for (const app of group.apps) {
      await recordAudit(tx, deps.clock, audit, {
        action: input.status === 'dismissed' ? 'katalog.duplicates.dismissed' : 'katalog.duplicates.confirmed',
        targetType: 'katalog_app',
        targetId: app.id,
        opdId: app.opdId,
        after: { group: group.id, kind: group.kind, apps: group.appKeys, note: input.note?.trim() || null },
      });
    }
  });
}
