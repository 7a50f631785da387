import type { Actor } from '../../../../platform/auth/actor.ts';
import { recordAudit, type AuditContext } from '../../../../platform/audit/record-audit.ts';
import { ensure } from '../../../../platform/auth/policy.ts';
import { AppError, notFound, validationError, type FieldError } from '../../../../platform/http/errors.ts';
import { gerbangPolicy } from '../../policy.ts';
import { findTokenLink } from '../../control/repo.ts';
import { resolveSubsystem } from '../../control/use-cases/resolve-subsystem.ts';
import { checkUpstreamUrl } from '../../control/use-cases/service-input.ts';
import { readableOpdIds } from '../../control/use-cases/visibility.ts';
import type { DeliveryMode, DeliveryStatus } from '../db.ts';
import { onceOnlyPolicy } from '../policy.ts';
import {
  activeSubscriptionExists,
  countDeliveries,
  deactivateSubscription,
  findDelivery,
  findElement,
  findElementsByCode,
  findSubscription,
  hasAnyRight,
  insertSubscription,
  lastEventSeq,
  listDeliveries,
  listSubscriptions as listSubscriptionRows,
  reviveDelivery,
  type DeliveryRow,
  type SubscriptionRow,
} from '../repo.ts';
import { newWebhookSecret } from '../subject.ts';
import type { NotifyDeps, OnceOnlyDeps } from './context.ts';

/**
 * Subscriptions to "record changed" events, per subsystem: an agency's admins subscribe one of
 * their subsystems to a data element (which it must be allowed to read: some access right to the
 * element's source service), by webhook or by pulling a feed. The webhook secret is shown once.
 */
export interface NewSubscription {
  /** The subscribing subsystem: id or identifier. */
  subsystem: string;
  /** The data element: id or code. */
  element: string;
  delivery: DeliveryMode;
  webhookUrl?: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A subscription for an actor: another agency's is "not found"; readable ones the actor may not change are "forbidden". */
export async function loadSubscription(deps: OnceOnlyDeps, actor: Actor | null, id: string, need: 'read' | 'manage'): Promise<SubscriptionRow> {
  ensure(actor, gerbangPolicy.enter(actor));
  const row = await findSubscription(deps.db, id);
  if (!row || !onceOnlyPolicy.readSubscriptions(actor, row.opd_id)) throw notFound();
  // A subsystem's token reads only its own subsystem's subscriptions.
  if (actor.kind === 'token' && !gerbangPolicy.readAll(actor)) {
    const link = await findTokenLink(deps.db, actor.tokenId);
    if (!link || link.subsystem_id !== row.subsystem_id) throw notFound();
  }
  if (need === 'manage' && !onceOnlyPolicy.manageSubscriptions(actor, row.opd_id)) throw new AppError('forbidden', 'error.forbidden');
  return row;
}

export async function createSubscription(deps: OnceOnlyDeps, audit: AuditContext, input: NewSubscription): Promise<{ subscription: SubscriptionRow; secret: string | null }> {
  const actor = audit.actor;
  ensure(actor, gerbangPolicy.enter(actor));
  const subsystem = await resolveSubsystem(deps, input.subsystem, 'subsystem');
  // Another agency's subsystem is not this actor's to name.
  if (!gerbangPolicy.readOpd(actor, subsystem.opd_id)) throw notFound();
  ensure(actor, onceOnlyPolicy.manageSubscriptions(actor, subsystem.opd_id));
  const element = UUID.test(input.element) ? await findElement(deps.db, input.element) : (await findElementsByCode(deps.db, [input.element.trim()]))[0];
  const errors: FieldError[] = [];
  if (!element || !element.active) errors.push({ field: 'element', messageKey: 'once_only.elements_unknown' });
  if (input.delivery === 'webhook') {
    const bad = input.webhookUrl ? checkUpstreamUrl(input.webhookUrl, 'webhookUrl') : { field: 'webhookUrl', messageKey: 'validation.required' as const };
    if (bad) errors.push(bad);
  }
  if (errors.length) throw validationError(errors);
  if (!(await hasAnyRight(deps.db, subsystem.id, element!.service_id))) throw validationError([{ field: 'element', messageKey: 'once_only.subscribe_needs_right' }]);
  if (await activeSubscriptionExists(deps.db, element!.id, subsystem.id)) throw new AppError('conflict', 'once_only.subscription_exists');

  const id = deps.ids.uuid();
  const now = deps.clock.now();
  const secret = input.delivery === 'webhook' ? newWebhookSecret(deps.config, id, deps.ids.token(32)) : null;
  const row = {
    id,
    element_id: element!.id,
    subsystem_id: subsystem.id,
    delivery: input.delivery,
    webhook_url: input.delivery === 'webhook' ? input.webhookUrl!.trim() : null,
    secret_enc: secret?.enc ?? null,
    secret_key_id: secret?.keyId ?? null,
    start_seq: await lastEventSeq(deps.db),
    created_by: actor.kind === 'user' ? actor.userId : null,
    created_at: now,
    updated_at: now,
  };
  await deps.db.transaction().execute(async (tx) => {
    await insertSubscription(tx, row);
    await recordAudit(tx, deps.clock, audit, {
      action: 'gerbang.subscription_created',
      targetType: 'gerbang_subscription',
      targetId: id,
      opdId: subsystem.opd_id,
      after: { element: element!.code, subsystemId: subsystem.id, delivery: row.delivery, webhookUrl: row.webhook_url },
    });
  });
  return { subscription: (await findSubscription(deps.db, id))!, secret: secret?.secret ?? null };
}

export async function cancelSubscription(deps: OnceOnlyDeps, audit: AuditContext, id: string): Promise<SubscriptionRow> {
  const row = await loadSubscription(deps, audit.actor, id, 'manage');
  await deps.db.transaction().execute(async (tx) => {
    if (!(await deactivateSubscription(tx, id, deps.clock.now()))) return;
    await recordAudit(tx, deps.clock, audit, { action: 'gerbang.subscription_cancelled', targetType: 'gerbang_subscription', targetId: id, opdId: row.opd_id });
  });
  return (await findSubscription(deps.db, id))!;
}

/** Subscriptions of the subsystems of the actor's agencies (all for readers of everything). */
export async function listSubscriptions(deps: OnceOnlyDeps, actor: Actor | null): Promise<SubscriptionRow[]> {
  ensure(actor, gerbangPolicy.enter(actor));
  if (actor.kind === 'token' && !gerbangPolicy.readAll(actor)) {
    const link = await findTokenLink(deps.db, actor.tokenId);
    return link ? listSubscriptionRows(deps.db, { opdIds: 'all', subsystemId: link.subsystem_id }) : [];
  }
  return listSubscriptionRows(deps.db, { opdIds: readableOpdIds(actor) });
}

/** A subscription with its delivery counts and recent deliveries (`status: 'dead'` is the dead-letter view). */
export async function getSubscription(deps: OnceOnlyDeps, actor: Actor | null, id: string, filter: { status?: DeliveryStatus; limit?: number } = {}) {
  const subscription = await loadSubscription(deps, actor, id, 'read');
  const deliveries = await listDeliveries(deps.db, { subscriptionId: id, status: filter.status, limit: Math.min(Math.max(filter.limit ?? 50, 1), 500) });
  return { subscription, counts: await countDeliveries(deps.db, id), deliveries, canManage: onceOnlyPolicy.manageSubscriptions(actor, subscription.opd_id) };
}

/** Sends a dead delivery once more, now; if that attempt fails too it goes back to the dead letters. */
export async function retryDelivery(deps: NotifyDeps, audit: AuditContext, deliveryId: string): Promise<DeliveryRow> {
  ensure(audit.actor, gerbangPolicy.enter(audit.actor));
  const delivery = await findDelivery(deps.db, deliveryId);
  if (!delivery) throw notFound();
  const subscription = await loadSubscription(deps, audit.actor, delivery.subscription_id, 'manage');
  if (delivery.status !== 'dead') throw new AppError('conflict', 'once_only.delivery_not_dead');
  await deps.db.transaction().execute(async (tx) => {
    if (!(await reviveDelivery(tx, deliveryId, deps.clock.now()))) throw new AppError('conflict', 'once_only.delivery_not_dead');
    await recordAudit(tx, deps.clock, audit, { action: 'gerbang.delivery_retried', targetType: 'gerbang_delivery', targetId: deliveryId, opdId: subscription.opd_id, after: { attempt: delivery.attempts + 1 } });
  });
  await deps.scheduler.schedule(deliveryId, delivery.attempts + 1, 0);
  return (await findDelivery(deps.db, deliveryId))!;
}
