import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { listActiveOpd } from './repo.ts';

export { registerOpdMergeHandler, type OpdMergeHandler } from './merge-hooks.ts';
export { orgRoutes } from './routes.tsx';

/** Active agencies as select options, for any screen that asks "which agency?". */
export async function listOpdOptions(db: Kysely<DB>): Promise<{ value: string; label: string }[]> {
  return (await listActiveOpd(db)).map((o) => ({ value: o.id, label: o.abbreviation ? `${o.name} (${o.abbreviation})` : o.name }));
}
