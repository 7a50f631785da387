import type { Kysely } from 'kysely';
import type { DB } from '../../platform/db/schema.ts';
import { listOpdOptions } from '../../platform/org/index.ts';
import { ATTACHMENT_POLICY, MAX_ATTACHMENTS } from './attachments.ts';
import { publicServiceOptions, findApp } from './katalog-link.ts';
import { listCategories, listPlaces, listTiers } from './repo.ts';
import type { ReportFormOptions } from './views/report-form.tsx';

/** Select options for the report form (categories, regencies/cities, districts by regency, services). */
export async function reportFormOptions(db: Kysely<DB>, province: string, app: { appKey?: string | undefined; appId?: string | undefined } = {}): Promise<ReportFormOptions> {
  const [categories, places, services, chosenApp] = await Promise.all([
    listCategories(db, { activeOnly: true }),
    listPlaces(db, province),
    publicServiceOptions(db),
    app.appKey ? findApp(db, { key: app.appKey }) : app.appId && /^[0-9a-f-]{36}$/i.test(app.appId) ? findApp(db, { id: app.appId }) : Promise.resolve(undefined),
  ]);
  const regencyName = new Map(places.regencies.map((r) => [r.code, r.name]));
  const groups = new Map<string, { label: string; options: { value: string; label: string }[] }>();
  for (const d of places.districts) {
    const key = d.parent_code!;
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { label: regencyName.get(key) ?? key, options: [] }));
    g.options.push({ value: d.code, label: d.name });
  }
  return {
    categories: categories.map((c) => ({ value: c.code, label: c.name })),
    regencies: places.regencies.map((r) => ({ value: r.code, label: r.name })),
    districts: [...groups.values()],
    services: services.map((s) => ({ value: s.id, label: s.name })),
    app: chosenApp ? { id: chosenApp.id, name: chosenApp.name } : null,
    maxFiles: MAX_ATTACHMENTS,
    maxMb: ATTACHMENT_POLICY.maxBytes / (1024 * 1024),
  };
}

export async function categoryOptions(db: Kysely<DB>, activeOnly = true) {
  return (await listCategories(db, { activeOnly })).map((c) => ({ value: c.code, label: c.name }));
}

export async function regencyOptions(db: Kysely<DB>, province: string) {
  return (await listPlaces(db, province)).regencies.map((r) => ({ value: r.code, label: r.name }));
}

export async function tierOptions(db: Kysely<DB>) {
  return (await listTiers(db)).map((t) => ({ value: t.code, label: `${t.name} (${t.days})` }));
}

export const agencyOptions = (db: Kysely<DB>) => listOpdOptions(db);
