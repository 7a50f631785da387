import type { Kysely } from 'kysely';
import type { DB } from '../../platform/db/schema.ts';
import { randomUUID } from 'node:crypto';
import { addToVocabulary, ensurePortalRow, refreshSearchCopies, replaceLifeEvents, replaceTopics } from './catalogue/repo.ts';
import type { Availability } from './db.ts';

/**
 * Fixtures for tests and benchmarks: katalog public services written straight into the tables
 * (as a katalog import would), optionally published on the portal. Not used by the app.
 */
export interface FixtureService {
  opdId: string | null;
  name: string;
  key?: string;
  description?: string | null;
  standard?: Record<string, string>;
  sla?: number | null;
  fee?: number | null;
  channels?: string[];
  kind?: 'publik' | 'administrasi';
  published?: boolean;
  availability?: Availability;
  elsewhereUrl?: string;
  inPersonWhere?: string;
  keywords?: string;
  topics?: string[];
  lifeEvents?: string[];
  popularity?: number;
}

let counter = 0;

export async function addServices(db: Kysely<DB>, now: Date, services: FixtureService[]): Promise<string[]> {
  const ids = services.map(() => randomUUID());
  const rows = services.map((s, i) => ({
    id: ids[i]!,
    key: s.key ?? `uji-${++counter}-${randomUUID().slice(0, 8)}`,
    name: s.name,
    description: s.description ?? null,
    opd_id: s.opdId,
    kind: s.kind ?? ('publik' as const),
    audience: s.kind === 'administrasi' ? ('G2G' as const) : ('G2C' as const),
    ral_code: null,
    standard: JSON.stringify(s.standard ?? {}),
    sla_working_days: s.sla ?? null,
    fee: s.fee ?? null,
    fee_note: null,
    channels: s.channels ?? [],
    created_at: now,
    updated_at: now,
  }));
  for (let i = 0; i < rows.length; i += 1000) await db.insertInto('katalog_service').values(rows.slice(i, i + 1000)).execute();
  const published: string[] = [];
  for (let i = 0; i < services.length; i++) {
    const s = services[i]!;
    if (s.published === undefined) continue;
    const id = ids[i]!;
    await ensurePortalRow(db, id, now);
    await db
      .updateTable('portal_service')
      .set({
        published: s.published,
        published_at: s.published ? now : null,
        availability: s.availability ?? 'in_person',
        elsewhere_url: s.elsewhereUrl ?? null,
        in_person_where: s.inPersonWhere ?? 'Loket pelayanan',
        keywords: s.keywords ?? '',
        popularity: s.popularity ?? 0,
      })
      .where('service_id', '=', id)
      .execute();
    if (s.topics) await replaceTopics(db, id, s.topics);
    if (s.lifeEvents) await replaceLifeEvents(db, id, s.lifeEvents);
    published.push(id);
  }
  for (let i = 0; i < published.length; i += 2000) {
    const batch = published.slice(i, i + 2000);
    await refreshSearchCopies(db, now, batch);
    await addToVocabulary(db, batch);
  }
  return ids;
}
