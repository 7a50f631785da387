import type { Actor } from '../../../../platform/auth/actor.ts';
import { ensure } from '../../../../platform/auth/policy.ts';
import type { ServiceLifecycle } from '../../db.ts';
import { gerbangPolicy } from '../../policy.ts';
import { listEndpoints, listServices as listRows } from '../repo.ts';
import { readableOpdIds, type GerbangDeps } from './visibility.ts';

/**
 * The service directory: every open (published or deprecated) service of every agency, plus all
 * services of the agencies the actor works in; readers of everything see all.
 */
export async function listServices(deps: GerbangDeps, actor: Actor | null, filter: { opdId?: string; search?: string; lifecycle?: ServiceLifecycle } = {}) {
  ensure(actor, gerbangPolicy.enter(actor));
  const rows = await listRows(deps.db, { openOrOpdIds: readableOpdIds(actor), ...filter });
  const endpoints = await listEndpoints(deps.db, rows.map((r) => r.id));
  return rows.map((r) => ({ ...r, endpoints: endpoints.filter((e) => e.service_id === r.id), providerView: gerbangPolicy.readOpd(actor, r.opd_id) }));
}
