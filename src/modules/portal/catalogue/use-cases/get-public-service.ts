import type { Deps } from '../../../../platform/deps.ts';
import type { Actor } from '../../../../platform/auth/actor.ts';
import { platformPolicy } from '../../../../platform/auth/policy.ts';
import { notFound } from '../../../../platform/http/errors.ts';
import { localDay } from '../../local-day.ts';
import type { IkmReport } from '../../survey/use-cases/get-ikm.ts';
import { computeIkm, ELEMENT_CODES } from '../../survey/ikm.ts';
import { parsePeriod } from '../../survey/period.ts';
import { surveyTotalsByYear } from '../../survey/repo.ts';
import { findServiceByKey, hasPublishedForm, serviceAppNames, serviceTopicsAndEvents } from '../repo.ts';

/**
 * A service page: the katalog's service standard, where to apply, topics and life events, the
 * apps that deliver it, and its satisfaction index (this year, or last year while this year has
 * no answers). Unpublished services are not found, except by staff who may publish them (preview).
 */
export async function getPublicService(deps: Pick<Deps, 'db' | 'clock' | 'config'>, actor: Actor | null, key: string) {
  const row = await findServiceByKey(deps.db, key);
  if (!row || row.kind !== 'publik') throw notFound();
  const published = row.published === true;
  if (!published && !platformPolicy.portalReadServices(actor, row.opd_id)) throw notFound();
  const year = Number(localDay(deps.clock.now(), deps.config.timeZone).slice(0, 4));
  const [refs, apps, totals, hasForm] = await Promise.all([
    serviceTopicsAndEvents(deps.db, row.id),
    serviceAppNames(deps.db, row.id),
    surveyTotalsByYear(deps.db, { serviceId: row.id }, [year - 1, year]),
    row.availability === 'online' ? hasPublishedForm(deps.db, row.id) : Promise.resolve(false),
  ]);
  // This year's index, or last year's while this year has no answers yet.
  const shown = totals.has(year) || !totals.has(year - 1) ? year : year - 1;
  const ikm: IkmReport = { period: parsePeriod(String(shown))!, result: computeIkm(totals.get(shown) ?? { respondents: 0, sums: ELEMENT_CODES.map(() => 0) }) };
  return {
    ...row,
    published,
    availability: row.availability ?? 'in_person',
    /** Online here and a published form exists: the apply button works. */
    acceptsRequests: row.availability === 'online' && hasForm,
    standard: (row.standard ?? {}) as Record<string, string>,
    topics: refs.topics,
    lifeEvents: refs.lifeEvents,
    apps,
    ikm,
  };
}

export type PublicService = Awaited<ReturnType<typeof getPublicService>>;
