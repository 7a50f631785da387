import fs from 'node:fs';
import path from 'node:path';
import type { Db } from '../db/database.ts';
import type { OpdKind } from '../db/schema.ts';
import { OPD_KINDS } from '../db/schema.ts';
import { parseCsvRecords } from '../text/csv.ts';
import { slugify, stableUuid } from '../text/slug.ts';

export const REFERENCE_DIR = path.resolve(import.meta.dirname, '../../../reference');

export interface ReferenceFiles {
  regions: string;
  districts?: string;
  opd?: string;
}

export interface LoadReferenceOptions {
  province: string;
  now: Date;
  /** Explicit files (for `padu import-reference`); default: the province's entry in reference/provinces.json. */
  files?: ReferenceFiles;
}

export interface LoadReferenceResult {
  regions: number;
  opd: number;
}

export function referenceFilesFor(province: string): ReferenceFiles {
  const index = JSON.parse(fs.readFileSync(path.join(REFERENCE_DIR, 'provinces.json'), 'utf8')) as Record<
    string,
    { regions: string; districts?: string; opd?: string }
  >;
  const entry = index[province];
  if (!entry) {
    throw new Error(
      `No reference data for province ${province}. Add it to reference/provinces.json or run "padu import-reference --regions FILE".`,
    );
  }
  const resolve = (f: string | undefined) => (f ? path.join(REFERENCE_DIR, f) : undefined);
  return { regions: resolve(entry.regions)!, districts: resolve(entry.districts), opd: resolve(entry.opd) };
}

/** Agency code for a provincial agency: its abbreviation, or its name when it has none. */
export function opdCodeFor(name: string, abbreviation: string): string {
  return slugify(abbreviation || name);
}

/**
 * Loads a province's regions (province, regencies/cities, districts) and agencies. Idempotent:
 * rows are upserted by code, so loading again updates names and never duplicates. Each regency
 * or city government becomes an agency of its own (kind `pemda`) so it can hold staff and apps.
 */
export async function loadReferenceData(db: Db, options: LoadReferenceOptions): Promise<LoadReferenceResult> {
  const files = options.files ?? referenceFilesFor(options.province);
  const regions = parseCsvRecords(fs.readFileSync(files.regions, 'utf8'), ['code', 'name', 'kind', 'parent_code']);
  const districts = files.districts
    ? parseCsvRecords(fs.readFileSync(files.districts, 'utf8'), ['code', 'name', 'parent_code'])
    : [];
  const agencies = files.opd ? parseCsvRecords(fs.readFileSync(files.opd, 'utf8'), ['name', 'kind']) : [];
  const province = regions.find((r) => r.kind === 'provinsi');
  if (!province) throw new Error(`${files.regions} has no row of kind "provinsi"`);
  if (province.code !== options.province) {
    throw new Error(`${files.regions} is for province ${province.code}, but PADU_PROVINCE is ${options.province}`);
  }

  return db.transaction().execute(async (tx) => {
    const regionRows = [
      ...regions.map((r) => ({
        code: r.code!,
        name: r.name!,
        kind: r.kind as 'provinsi' | 'kabupaten' | 'kota',
        parent_code: r.parent_code || null,
      })),
      ...districts.map((d) => ({ code: d.code!, name: d.name!, kind: 'kecamatan' as const, parent_code: d.parent_code || null })),
    ];
    // Parents first, so the self-reference holds row by row.
    regionRows.sort((a, b) => a.code.length - b.code.length || a.code.localeCompare(b.code));
    for (let i = 0; i < regionRows.length; i += 500) {
      await tx
        .insertInto('region')
        .values(regionRows.slice(i, i + 500))
        .onConflict((oc) =>
          oc.column('code').doUpdateSet((eb) => ({
            name: eb.ref('excluded.name'),
            kind: eb.ref('excluded.kind'),
            parent_code: eb.ref('excluded.parent_code'),
          })),
        )
        .execute();
    }

    const now = options.now;
    const opdRows: {
      id: string;
      code: string;
      name: string;
      abbreviation: string | null;
      kind: OpdKind;
      region_code: string;
      source_confidence: string | null;
      parent_code?: string;
    }[] = [];
    const setda = agencies.find((a) => a.kind === 'sekretariat' && /^Sekretariat Daerah/i.test(a.name!));
    for (const a of agencies) {
      const kind = (OPD_KINDS as readonly string[]).includes(a.kind!) ? (a.kind as OpdKind) : 'lainnya';
      const code = opdCodeFor(a.name!, a.abbreviation ?? '');
      opdRows.push({
        id: stableUuid('opd', code),
        code,
        name: a.name!,
        abbreviation: a.abbreviation || null,
        kind,
        region_code: province.code!,
        source_confidence: a.confidence || null,
        // Bureaus are part of the regional secretariat.
        parent_code: kind === 'biro' && setda ? opdCodeFor(setda.name!, setda.abbreviation ?? '') : undefined,
      });
    }
    for (const r of regions.filter((r) => r.kind === 'kabupaten' || r.kind === 'kota')) {
      const name = `Pemerintah ${r.name}`;
      opdRows.push({
        id: stableUuid('opd', r.code!),
        code: r.code!,
        name,
        abbreviation: null,
        kind: 'pemda',
        region_code: r.code!,
        source_confidence: 'high',
      });
    }
    const idByCode = new Map(opdRows.map((o) => [o.code, o.id]));
    for (const o of opdRows) {
      const existing = await tx.selectFrom('opd').select(['id', 'name']).where('code', '=', o.code).executeTakeFirst();
      if (existing) {
        if (existing.name !== o.name) {
          await tx.updateTable('opd_name_history').set({ valid_to: now }).where('opd_id', '=', existing.id).where('valid_to', 'is', null).execute();
          await tx.insertInto('opd_name_history').values({ opd_id: existing.id, name: o.name, valid_from: now, valid_to: null }).execute();
        }
        await tx
          .updateTable('opd')
          .set({ name: o.name, abbreviation: o.abbreviation, kind: o.kind, region_code: o.region_code, updated_at: now })
          .where('id', '=', existing.id)
          .execute();
      } else {
        await tx
          .insertInto('opd')
          .values({
            id: o.id,
            code: o.code,
            name: o.name,
            abbreviation: o.abbreviation,
            kind: o.kind,
            parent_id: null,
            region_code: o.region_code,
            website: null,
            social_media: '{}',
            merged_into_id: null,
            source_confidence: o.source_confidence,
            created_at: now,
            updated_at: now,
          })
          .execute();
        await tx.insertInto('opd_name_history').values({ opd_id: o.id, name: o.name, valid_from: now, valid_to: null }).execute();
      }
    }
    for (const o of opdRows) {
      if (!o.parent_code) continue;
      const parentId = idByCode.get(o.parent_code);
      if (parentId) await tx.updateTable('opd').set({ parent_id: parentId }).where('code', '=', o.code).where('parent_id', 'is', null).execute();
    }
    return { regions: regionRows.length, opd: opdRows.length };
  });
}
