import type { Actor } from '../../../../platform/auth/actor.ts';
import { validationError } from '../../../../platform/http/errors.ts';
import { listEvents } from '../repo.ts';
import { openRecordKey } from '../subject.ts';
import type { OnceOnlyDeps } from './context.ts';
import { loadSubscription } from './subscriptions.ts';

/**
 * The pull side of change notifications: a subscription's events after a cursor, oldest first.
 * The cursor is opaque to callers (today the event number); without one the feed starts where the
 * subscription began. Pass `nextCursor` back to continue; an empty page keeps the cursor.
 */
export async function readFeed(deps: OnceOnlyDeps, actor: Actor | null, subscriptionId: string, page: { cursor?: string; limit?: number }) {
  const subscription = await loadSubscription(deps, actor, subscriptionId, 'read');
  let after = Number(subscription.start_seq);
  if (page.cursor) {
    if (!/^[0-9]{1,18}$/.test(page.cursor)) throw validationError([{ field: 'cursor', messageKey: 'validation.invalid' }]);
    after = Math.max(after, Number(page.cursor));
  }
  const limit = Math.min(Math.max(page.limit ?? 100, 1), 500);
  const rows = await listEvents(deps.db, { elementId: subscription.element_id, afterSeq: after, limit });
  const items = rows.map((r) => ({
    id: r.id,
    seq: Number(r.seq),
    element: r.element_code,
    recordKey: openRecordKey(deps.config, r.id, r.record_key_enc),
    changedFields: r.changed_fields,
    occurredAt: r.occurred_at,
    publishedAt: r.published_at,
  }));
  return { subscription, items, nextCursor: String(items.length ? items.at(-1)!.seq : after) };
}
