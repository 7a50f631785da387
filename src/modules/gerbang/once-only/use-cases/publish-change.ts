import { recordAudit, type AuditContext } from '../../../../platform/audit/record-audit.ts';
import { actorLabel } from '../../../../platform/auth/actor.ts';
import { ensure } from '../../../../platform/auth/policy.ts';
import { AppError, notFound, validationError, type FieldError } from '../../../../platform/http/errors.ts';
import { findTokenLink } from '../../control/repo.ts';
import { onceOnlyPolicy } from '../policy.ts';
import { activeWebhookSubscriptions, findElement, insertDeliveries, insertEvent, nextEventSeq } from '../repo.ts';
import { NIK, sealRecordKey } from '../subject.ts';
import type { NotifyDeps } from './context.ts';

/**
 * The source publishes "this record changed" for one of its data elements: the providing agency's
 * admins (by hand), or the providing subsystem itself with its token. The event gets the next
 * number of the feed, and one pending delivery per active webhook subscription in the same
 * transaction; attempts start after commit. The record key (often a NIK) is stored encrypted.
 */
export interface ChangeInput {
  recordKey: string;
  changedFields?: string[];
  occurredAt?: string;
}

const KEY = /^[A-Za-z0-9._-]{1,100}$/;
const FIELD = /^[A-Za-z_][A-Za-z0-9_.]{0,63}$/;

export async function publishChange(deps: NotifyDeps, audit: AuditContext, elementId: string, input: ChangeInput) {
  const actor = audit.actor;
  ensure(actor, onceOnlyPolicy.readElements(actor));
  const element = await findElement(deps.db, elementId);
  if (!element) throw notFound();
  ensure(actor, onceOnlyPolicy.publish(actor, element.provider_opd_id));
  if (actor.kind === 'token') {
    // Only the source itself speaks for its records, not any system of the same agency.
    const link = await findTokenLink(deps.db, actor.tokenId);
    if (!link || link.subsystem_id !== element.provider_subsystem_id) throw new AppError('forbidden', 'once_only.publish_source_only');
  }
  const errors: FieldError[] = [];
  const recordKey = input.recordKey.trim();
  if (element.key_kind === 'nik' ? !NIK.test(recordKey) : !KEY.test(recordKey)) errors.push({ field: 'recordKey', messageKey: element.key_kind === 'nik' ? 'once_only.nik_format' : 'once_only.key_required' });
  const changedFields = [...new Set((input.changedFields ?? []).map((f) => f.trim()).filter(Boolean))];
  if (changedFields.length > 50 || changedFields.some((f) => !FIELD.test(f))) errors.push({ field: 'changedFields', messageKey: 'validation.invalid' });
  const now = deps.clock.now();
  let occurredAt = now;
  if (input.occurredAt) {
    occurredAt = new Date(input.occurredAt);
    if (Number.isNaN(occurredAt.getTime()) || occurredAt.getTime() > now.getTime() + 300_000) errors.push({ field: 'occurredAt', messageKey: 'validation.date' });
  }
  if (errors.length) throw validationError(errors);
  if (!element.active) throw new AppError('conflict', 'once_only.element_inactive');

  const id = deps.ids.uuid();
  const sealed = sealRecordKey(deps.config, id, element.key_kind, recordKey);
  const result = await deps.db.transaction().execute(async (tx) => {
    const seq = await nextEventSeq(tx);
    await insertEvent(tx, {
      id,
      seq,
      element_id: element.id,
      record_key_enc: sealed.enc,
      record_key_index: sealed.index,
      key_id: sealed.keyId,
      changed_fields: changedFields,
      occurred_at: occurredAt,
      published_at: now,
      published_by: actorLabel(actor),
    });
    const subscriptions = await activeWebhookSubscriptions(tx, element.id);
    const deliveries = subscriptions.map((s) => ({ id: deps.ids.uuid(), subscription_id: s.id, event_id: id, next_attempt_at: now, created_at: now }));
    await insertDeliveries(tx, deliveries);
    await recordAudit(tx, deps.clock, audit, {
      action: 'gerbang.change_published',
      targetType: 'gerbang_data_element',
      targetId: element.id,
      opdId: element.provider_opd_id,
      after: { eventId: id, seq, changedFields, deliveries: deliveries.length },
    });
    return { seq, deliveries };
  });
  for (const d of result.deliveries) await deps.scheduler.schedule(d.id, 1, 0);
  return { id, seq: result.seq, element, deliveries: result.deliveries.length, occurredAt, publishedAt: now };
}
