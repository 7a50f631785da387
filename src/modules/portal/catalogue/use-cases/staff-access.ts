import type { Kysely } from 'kysely';
import type { DB } from '../../../../platform/db/schema.ts';
import type { Actor } from '../../../../platform/auth/actor.ts';
import { ensure, isStaff, platformPolicy } from '../../../../platform/auth/policy.ts';
import { notFound } from '../../../../platform/http/errors.ts';
import { findServiceById, type ServiceDetailRow } from '../repo.ts';

/** Staff and agency systems reach the publishing screens; citizens and strangers do not. */
export function ensurePortalStaff(actor: Actor | null): asserts actor is Actor {
  ensure(actor, isStaff(actor) || actor?.kind === 'token');
}

/**
 * A public katalog service the actor may read the portal settings of. Another agency's service
 * is not found (404), as if it did not exist.
 */
export async function serviceForStaff(db: Kysely<DB>, actor: Actor | null, serviceId: string): Promise<ServiceDetailRow> {
  ensurePortalStaff(actor);
  const row = await findServiceById(db, serviceId);
  if (!row || row.kind !== 'publik' || !platformPolicy.portalReadServices(actor, row.opd_id)) throw notFound();
  return row;
}
