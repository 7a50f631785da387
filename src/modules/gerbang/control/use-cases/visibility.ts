import type { Actor } from '../../../../platform/auth/actor.ts';
import { hasScope } from '../../../../platform/auth/api-tokens.ts';
import { ensure } from '../../../../platform/auth/policy.ts';
import { AppError } from '../../../../platform/http/errors.ts';
import type { Deps } from '../../../../platform/deps.ts';
import type { GerbangSettings } from '../../config.ts';
import { serviceIdentifier, subsystemIdentifier } from '../../identifiers.ts';
import { gerbangPolicy } from '../../policy.ts';
import { findAccessRequest, findGroup, findService, findSubsystem, type AccessRequestRow, type GroupRow, type ServiceRow, type SubsystemRow } from '../repo.ts';

/** What gerbang use cases receive: the platform's deps plus the gateway settings. */
export type GerbangDeps = Pick<Deps, 'db' | 'clock' | 'ids' | 'config'> & { settings: GerbangSettings };

const notFound = () => new AppError('not_found', 'error.not_found');
const forbidden = () => new AppError('forbidden', 'error.forbidden');

/** Agencies whose gerbang records this actor reads in full, or 'all'. */
export function readableOpdIds(actor: Actor | null): 'all' | string[] {
  if (gerbangPolicy.readAll(actor)) return 'all';
  if (!actor) return [];
  if (actor.kind === 'token') return hasScope(actor, 'gerbang:call') ? [actor.opdId] : [];
  return [...new Set(actor.grants.filter((g) => g.opdId && (g.role === 'petugas' || g.role === 'admin_opd')).map((g) => g.opdId!))];
}

export function subsystemIdOf(settings: GerbangSettings, row: { opd_code: string; code: string }): string {
  return subsystemIdentifier(settings.instance, settings.memberClass, row.opd_code, row.code);
}

export function serviceIdOf(settings: GerbangSettings, row: { opd_code: string; subsystem_code: string; code: string }): string {
  return serviceIdentifier(subsystemIdentifier(settings.instance, settings.memberClass, row.opd_code, row.subsystem_code), row.code);
}

const isOpen = (s: { lifecycle: string }) => s.lifecycle === 'published' || s.lifecycle === 'deprecated';

/**
 * Loads a record for an actor: unknown or unreadable records are "not found" (another agency's
 * subsystems are not even acknowledged); readable ones the actor may not change are "forbidden".
 */
export async function loadSubsystem(deps: GerbangDeps, actor: Actor | null, id: string, need: 'read' | 'manage'): Promise<SubsystemRow> {
  ensure(actor, gerbangPolicy.enter(actor));
  const row = await findSubsystem(deps.db, id);
  if (!row || !gerbangPolicy.readOpd(actor, row.opd_id)) throw notFound();
  if (need === 'manage' && !gerbangPolicy.manage(actor, row.opd_id)) throw forbidden();
  return row;
}

/**
 * Open services (published, deprecated) are visible to every gerbang user; drafts and retired
 * ones only to their agency and to readers of everything. `provider` is the provider's view
 * (upstream address, settings), `manage` its admins.
 */
export async function loadService(deps: GerbangDeps, actor: Actor | null, id: string, need: 'read' | 'provider' | 'manage'): Promise<ServiceRow> {
  ensure(actor, gerbangPolicy.enter(actor));
  const row = await findService(deps.db, id);
  const providerView = !!row && gerbangPolicy.readOpd(actor, row.opd_id);
  if (!row || (!providerView && !isOpen(row))) throw notFound();
  if (need === 'provider' && !providerView) throw forbidden();
  if (need === 'manage' && !gerbangPolicy.manage(actor, row.opd_id)) throw forbidden();
  return row;
}

export async function loadGroup(deps: GerbangDeps, actor: Actor | null, id: string, need: 'read' | 'manage'): Promise<GroupRow> {
  ensure(actor, gerbangPolicy.enter(actor));
  const row = await findGroup(deps.db, id);
  if (!row || !gerbangPolicy.readOpd(actor, row.opd_id)) throw notFound();
  if (need === 'manage' && !gerbangPolicy.manage(actor, row.opd_id)) throw forbidden();
  return row;
}

/** A request is seen by both agencies; only the provider's admins decide it. */
export async function loadAccessRequest(deps: GerbangDeps, actor: Actor | null, id: string, need: 'read' | 'decide'): Promise<AccessRequestRow> {
  ensure(actor, gerbangPolicy.enter(actor));
  const row = await findAccessRequest(deps.db, id);
  if (!row || !(gerbangPolicy.readOpd(actor, row.provider_opd_id) || gerbangPolicy.readOpd(actor, row.consumer_opd_id))) throw notFound();
  if (need === 'decide' && !gerbangPolicy.manage(actor, row.provider_opd_id)) throw forbidden();
  return row;
}
