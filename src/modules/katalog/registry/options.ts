import type { Kysely } from 'kysely';
import type { DB } from '../../../platform/db/schema.ts';
import type { Actor } from '../../../platform/auth/actor.ts';
import { listOpdOptions } from '../../../platform/org/index.ts';
import { katalogPolicy } from '../policy.ts';

/** Agencies the actor may file records under, for owner pickers (everyone for the SPBE team). */
export async function editableOpdOptions(db: Kysely<DB>, actor: Actor | null, keep?: { id: string | null; name: string | null }) {
  const all = await listOpdOptions(db);
  const options = katalogPolicy.rationalise(actor) ? all : all.filter((o) => katalogPolicy.edit(actor, o.value));
  // A record already filed under an agency outside the list keeps showing it, so saving does not move it.
  if (keep?.id && !options.some((o) => o.value === keep.id)) options.unshift({ value: keep.id, label: keep.name ?? keep.id });
  return options;
}

/** Agencies whose records the actor may read, for list filters. */
export async function readableOpdOptions(db: Kysely<DB>, actor: Actor | null) {
  const all = await listOpdOptions(db);
  const readable = katalogPolicy.readableOpdIds(actor);
  return readable === 'all' ? all : all.filter((o) => readable.includes(o.value));
}

/** Every active agency (tenants, connected agencies, walidata can be any agency). */
export const allOpdOptions = (db: Kysely<DB>) => listOpdOptions(db);
