import type { Kysely } from 'kysely';
import type { DB } from '../../../../platform/db/schema.ts';
import type { ArchKind } from '../../db.ts';

const columns = ['code', 'kind', 'name', 'level', 'parent_code', 'origin', 'retired_at'] as const;

export function listCodes(db: Kysely<DB>, kind?: ArchKind) {
  let q = db.selectFrom('arch_ref').select(columns);
  if (kind) q = q.where('kind', '=', kind);
  return q.orderBy('code').execute();
}

export type CodeRow = Awaited<ReturnType<typeof listCodes>>[number];

export function findCode(db: Kysely<DB>, code: string) {
  return db.selectFrom('arch_ref').select(columns).where('code', '=', code).executeTakeFirst();
}

export function liveChildren(db: Kysely<DB>, code: string) {
  return db.selectFrom('arch_ref').select('code').where('parent_code', '=', code).where('retired_at', 'is', null).execute();
}

/** Where the code is in use: apps, services, data sets and infrastructure that carry it. */
export async function codeUseCount(db: Kysely<DB>, code: string): Promise<number> {
  const counts = await Promise.all([
    db.selectFrom('katalog_app_code').select((eb) => eb.fn.countAll<string>().as('n')).where('code', '=', code).executeTakeFirstOrThrow(),
    db.selectFrom('katalog_service').select((eb) => eb.fn.countAll<string>().as('n')).where('ral_code', '=', code).executeTakeFirstOrThrow(),
    db.selectFrom('katalog_dataset').select((eb) => eb.fn.countAll<string>().as('n')).where('rad_code', '=', code).executeTakeFirstOrThrow(),
    db.selectFrom('katalog_infra').select((eb) => eb.fn.countAll<string>().as('n')).where('rai_code', '=', code).executeTakeFirstOrThrow(),
  ]);
  return counts.reduce((sum, c) => sum + Number(c.n), 0);
}

export const insertCode = (db: Kysely<DB>, row: { code: string; kind: ArchKind; name: string; level: number; parent_code: string; created_at: Date }) =>
  db.insertInto('arch_ref').values({ ...row, origin: 'province', confidence: null }).execute();

export const renameCodeRow = (db: Kysely<DB>, code: string, name: string) => db.updateTable('arch_ref').set({ name }).where('code', '=', code).execute();

export const retireCodeRow = (db: Kysely<DB>, code: string, at: Date) => db.updateTable('arch_ref').set({ retired_at: at }).where('code', '=', code).execute();
