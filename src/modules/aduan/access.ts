import type { Kysely } from 'kysely';
import type { DB } from '../../platform/db/schema.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import { hasScope } from '../../platform/auth/api-tokens.ts';
import { isStaff, isTimSpbe, opdIdsWithRole, platformPolicy, readsEverything } from '../../platform/auth/policy.ts';
import { AppError } from '../../platform/http/errors.ts';
import { coordinatorOpdIdsFor, coordinatorRowsFor, type StaffScope } from './repo.ts';

/**
 * What one person or system may do with one report. The handling chain is the coordinator of
 * the report's region and the agency it was disposed to: only they see who reported it.
 */
export interface ReportAccess {
  /** Verify, dispose, mark duplicate, decline. */
  coordinate: boolean;
  /** Post the agency's follow-up. */
  handle: boolean;
  /** Sees the reporter's identity. */
  inChain: boolean;
  read: boolean;
}

export async function accessTo(db: Kysely<DB>, actor: Actor | null, report: { region_code: string; opd_id: string | null }): Promise<ReportAccess> {
  if (!actor) return { coordinate: false, handle: false, inChain: false, read: false };
  const coordinate = platformPolicy.aduanCoordinate(actor, await coordinatorOpdIdsFor(db, report.region_code));
  const handle = report.opd_id ? platformPolicy.aduanHandle(actor, report.opd_id) : false;
  const agency = report.opd_id ? platformPolicy.aduanReadAgency(actor, report.opd_id) : false;
  const inChain = coordinate || handle || agency;
  return { coordinate, handle, inChain, read: inChain || platformPolicy.aduanReadAll(actor) };
}

/**
 * The 401/403/404 rule for staff routes: anonymous callers sign in, citizens and unscoped systems
 * are refused, and staff who may not read this report get "not found" (so another agency's
 * reports do not even show that they exist).
 */
export function refuseUnlessStaff(actor: Actor | null): asserts actor is Actor {
  if (!actor) throw new AppError('unauthorized', 'error.unauthorized');
  // Agency systems go on to the per-report check (another agency's report: not found).
  if (actor.kind === 'user' && !isStaff(actor)) throw new AppError('forbidden', 'error.forbidden');
}

export function refuseUnless(access: ReportAccess, allowed: boolean): void {
  if (!access.read) throw new AppError('not_found', 'error.not_found');
  if (!allowed) throw new AppError('forbidden', 'error.forbidden');
}

/** Which reports an actor's work queue holds. */
export async function staffScope(db: Kysely<DB>, actor: Actor | null): Promise<StaffScope> {
  if (!actor) return { all: false, opdIds: [], coordinatorRegions: [] };
  if (isTimSpbe(actor) || readsEverything(actor)) return { all: true, opdIds: [], coordinatorRegions: 'all' };
  let opdIds: string[];
  let coordinatorOpds: string[];
  if (actor.kind === 'token') {
    const reads = hasScope(actor, 'aduan:read') || hasScope(actor, 'aduan:write');
    opdIds = reads ? [actor.opdId] : [];
    coordinatorOpds = hasScope(actor, 'aduan:write') ? [actor.opdId] : [];
  } else {
    opdIds = opdIdsWithRole(actor, ['petugas', 'admin_opd']);
    coordinatorOpds = opdIds;
  }
  const rows = await coordinatorRowsFor(db, coordinatorOpds);
  const coordinatorRegions: 'all' | string[] = rows.some((r) => r.region_code === null) ? 'all' : rows.map((r) => r.region_code!);
  return { all: false, opdIds, coordinatorRegions };
}

/** May see the staff work queue at all. */
export function seesQueue(actor: Actor | null): boolean {
  if (!actor) return false;
  if (actor.kind === 'token') return hasScope(actor, 'aduan:read') || hasScope(actor, 'aduan:write');
  return isStaff(actor);
}
