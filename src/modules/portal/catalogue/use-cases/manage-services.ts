import type { Deps } from '../../../../platform/deps.ts';
import type { Actor } from '../../../../platform/auth/actor.ts';
import { ensure, isTimSpbe, opdIdsWithRole, platformPolicy, readsEverything } from '../../../../platform/auth/policy.ts';
import { hasScope } from '../../../../platform/auth/api-tokens.ts';
import { validationError, type FieldError } from '../../../../platform/http/errors.ts';
import { recordAudit, type AuditContext } from '../../../../platform/audit/record-audit.ts';
import type { Availability } from '../../db.ts';
import {
  addToVocabulary,
  currentSettings,
  ensurePortalRow,
  knownCodes,
  listManagedServices as listRows,
  refreshSearchCopies,
  replaceLifeEvents,
  replaceTopics,
  serviceLifeEventCodes,
  serviceTopicCodes,
  updateSettingsRow,
} from '../repo.ts';
import { ensurePortalStaff, serviceForStaff } from './staff-access.ts';

export const MANAGE_PAGE_SIZE = 50;

/** Agencies whose public services the actor sees on the publishing screens, or 'all'. */
export function readableOpdIds(actor: Actor): 'all' | string[] {
  if (readsEverything(actor) || isTimSpbe(actor)) return 'all';
  if (actor.kind === 'token') return hasScope(actor, 'portal:read') || hasScope(actor, 'portal:write') ? [actor.opdId] : [];
  return opdIdsWithRole(actor, ['petugas', 'admin_opd']);
}

/** The katalog's public services of the actor's agencies, with whether each is published. */
export async function listManagedServices(deps: Pick<Deps, 'db'>, actor: Actor | null, filter: { search?: string; opdId?: string; published?: boolean; page: number }) {
  ensurePortalStaff(actor);
  const rows = await listRows(deps.db, { ...filter, opdIds: readableOpdIds(actor), limit: MANAGE_PAGE_SIZE + 1, offset: (filter.page - 1) * MANAGE_PAGE_SIZE });
  return {
    items: rows.slice(0, MANAGE_PAGE_SIZE).map((r) => ({ ...r, published: r.published === true, canManage: platformPolicy.portalManageServices(actor, r.opd_id) })),
    hasNext: rows.length > MANAGE_PAGE_SIZE,
  };
}

/** One service's publishing settings, topics and life events. */
export async function getManagedService(deps: Pick<Deps, 'db'>, actor: Actor | null, serviceId: string) {
  const service = await serviceForStaff(deps.db, actor, serviceId);
  const [topics, lifeEvents] = await Promise.all([serviceTopicCodes(deps.db, serviceId), serviceLifeEventCodes(deps.db, serviceId)]);
  return {
    service,
    settings: {
      published: service.published === true,
      publishedAt: service.published_at,
      availability: (service.availability ?? 'in_person') as Availability,
      elsewhereUrl: service.elsewhere_url,
      inPersonWhere: service.in_person_where,
      keywords: service.keywords ?? '',
      topics,
      lifeEvents,
    },
    canManage: platformPolicy.portalManageServices(actor, service.opd_id),
    canIssueSurveys: platformPolicy.portalIssueSurveys(actor, service.opd_id),
  };
}

export type ManagedService = Awaited<ReturnType<typeof getManagedService>>;

export interface SettingsInput {
  published?: boolean;
  availability?: Availability;
  elsewhereUrl?: string | null;
  inPersonWhere?: string | null;
  keywords?: string | null;
  topics?: string[];
  lifeEvents?: string[];
}

const text = (v: string | null | undefined) => (typeof v === 'string' && v.trim() ? v.trim() : null);

function isWebAddress(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
}

/**
 * Changes how a service appears on the portal: published or not, where it can be requested,
 * search keywords, topics and life events. Agency admins change their own agency's services only;
 * a published service must say where to apply (a web address elsewhere, or the office in person).
 */
export async function updateServiceSettings(deps: Pick<Deps, 'db' | 'clock'>, audit: AuditContext, serviceId: string, input: SettingsInput): Promise<void> {
  const actor = audit.actor;
  const managed = await getManagedService(deps, actor, serviceId);
  ensure(actor, managed.canManage);
  const before = managed.settings;
  const after = {
    published: input.published ?? before.published,
    availability: input.availability ?? before.availability,
    elsewhereUrl: input.elsewhereUrl !== undefined ? text(input.elsewhereUrl) : before.elsewhereUrl,
    inPersonWhere: input.inPersonWhere !== undefined ? text(input.inPersonWhere) : before.inPersonWhere,
    keywords: input.keywords !== undefined ? (text(input.keywords) ?? '') : before.keywords,
    topics: input.topics ? [...new Set(input.topics)].sort() : [...before.topics].sort(),
    lifeEvents: input.lifeEvents ? [...new Set(input.lifeEvents)].sort() : [...before.lifeEvents].sort(),
  };
  const errors: FieldError[] = [];
  if (after.elsewhereUrl && (!isWebAddress(after.elsewhereUrl) || after.elsewhereUrl.length > 500)) errors.push({ field: 'elsewhereUrl', messageKey: 'validation.url' });
  if (after.availability === 'elsewhere' && !after.elsewhereUrl) errors.push({ field: 'elsewhereUrl', messageKey: 'portal.manage.url_required' });
  if (after.published && after.availability === 'in_person' && !after.inPersonWhere) errors.push({ field: 'inPersonWhere', messageKey: 'portal.manage.where_required' });
  if (after.keywords.length > 500) errors.push({ field: 'keywords', messageKey: 'validation.max_length', params: { limit: 500 } });
  const topics = await knownCodes(deps.db, 'portal_topic', after.topics);
  if (after.topics.some((c) => !topics.has(c))) errors.push({ field: 'topics', messageKey: 'validation.enum' });
  const events = await knownCodes(deps.db, 'portal_life_event', after.lifeEvents);
  if (after.lifeEvents.some((c) => !events.has(c))) errors.push({ field: 'lifeEvents', messageKey: 'validation.enum' });
  if (errors.length) throw validationError(errors);

  const changed = (Object.keys(after) as (keyof typeof after)[]).filter((k) => JSON.stringify(after[k]) !== JSON.stringify(k === 'topics' || k === 'lifeEvents' ? [...before[k]].sort() : before[k]));
  if (changed.length === 0) return;
  const publishing = after.published !== before.published;
  await deps.db.transaction().execute(async (tx) => {
    const now = deps.clock.now();
    await ensurePortalRow(tx, serviceId, now);
    const current = await currentSettings(tx, serviceId);
    await updateSettingsRow(
      tx,
      serviceId,
      {
        published: after.published,
        published_at: publishing ? (after.published ? now : null) : (current?.published_at ?? null),
        availability: after.availability,
        elsewhere_url: after.elsewhereUrl,
        in_person_where: after.inPersonWhere,
        keywords: after.keywords,
      },
      now,
    );
    if (changed.includes('topics')) await replaceTopics(tx, serviceId, after.topics);
    if (changed.includes('lifeEvents')) await replaceLifeEvents(tx, serviceId, after.lifeEvents);
    await refreshSearchCopies(tx, now, [serviceId]);
    await addToVocabulary(tx, [serviceId]);
    const pick = (o: Record<string, unknown>) => Object.fromEntries(changed.map((k) => [k, o[k]]));
    await recordAudit(tx, deps.clock, audit, {
      action: publishing ? (after.published ? 'portal.service.published' : 'portal.service.unpublished') : 'portal.service.updated',
      targetType: 'katalog_service',
      targetId: serviceId,
      opdId: managed.service.opd_id,
      before: pick(before),
      after: pick(after),
    });
  });
}

/** Publishes or withdraws a service (the same rules as the settings form). */
export function setServicePublished(deps: Pick<Deps, 'db' | 'clock'>, audit: AuditContext, serviceId: string, published: boolean): Promise<void> {
  return updateServiceSettings(deps, audit, serviceId, { published });
}
