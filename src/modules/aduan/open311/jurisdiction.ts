import type { Kysely } from 'kysely';
import type { DB } from '../../../platform/db/schema.ts';
import { AppError } from '../../../platform/http/errors.ts';
import { findRegion } from '../repo.ts';

/**
 * One endpoint serves several jurisdictions: the province (its region code, e.g. `35`) and each
 * regency/city (e.g. `35.78` for Kota Surabaya). Region codes are stable and published, which the
 * website domains the specification suggests are not for every regency.
 */
export interface Jurisdiction {
  id: string;
  name: string;
  /** The regency/city, or null for the whole province. */
  regionCode: string | null;
}

export async function resolveJurisdiction(db: Kysely<DB>, province: string, raw: unknown): Promise<Jurisdiction> {
  const id = typeof raw === 'string' ? raw.trim() : '';
  if (!id) throw new AppError('bad_request', 'aduan.open311.jurisdiction_missing');
  const region = await findRegion(db, id);
  if (!region) throw new AppError('not_found', 'aduan.open311.jurisdiction_unknown');
  if (region.kind === 'provinsi' && region.code === province) return { id, name: region.name, regionCode: null };
  if ((region.kind === 'kabupaten' || region.kind === 'kota') && region.parent_code === province) return { id, name: region.name, regionCode: region.code };
  throw new AppError('not_found', 'aduan.open311.jurisdiction_unknown');
}
