import type { Actor } from '../../../../platform/auth/actor.ts';
import { ensure } from '../../../../platform/auth/policy.ts';
import { gerbangPolicy } from '../../policy.ts';
import { checkUpstream, type DiagnosticCheck } from '../../proxy/diagnostics.ts';
import type { CircuitBreakers } from '../../proxy/limits.ts';
import { listServices, type ServiceRow } from '../repo.ts';
import { loadService, readableOpdIds, serviceIdOf, type GerbangDeps } from './visibility.ts';

export interface Diagnosis {
  service: ServiceRow;
  identifier: string;
  circuit: 'closed' | 'open' | 'half-open';
  ok: boolean;
  checks: DiagnosticCheck[];
}

async function diagnose(deps: GerbangDeps, breakers: CircuitBreakers, service: ServiceRow): Promise<Diagnosis> {
  const checks = await checkUpstream(service.upstream_url, service.health_path);
  const circuit = breakers.state(new URL(service.upstream_url).origin);
  return { service, identifier: serviceIdOf(deps.settings, service), circuit, ok: circuit === 'closed' && checks.every((c) => c.ok !== false), checks };
}

/**
 * Checks the upstreams of the services whose providers the actor can see in full (their
 * addresses are the provider's business): DNS, TCP, TLS and a health call, a few at a time.
 */
export async function diagnoseUpstreams(deps: GerbangDeps, actor: Actor | null, breakers: CircuitBreakers, serviceId?: string): Promise<Diagnosis[]> {
  ensure(actor, gerbangPolicy.enter(actor));
  if (serviceId) return [await diagnose(deps, breakers, await loadService(deps, actor, serviceId, 'provider'))];
  const readable = readableOpdIds(actor);
  const services = (await listServices(deps.db, { openOrOpdIds: readable })).filter((s) => s.lifecycle !== 'retired' && (readable === 'all' || readable.includes(s.opd_id)));
  const results: Diagnosis[] = [];
  for (let i = 0; i < services.length; i += 8) results.push(...(await Promise.all(services.slice(i, i + 8).map((s) => diagnose(deps, breakers, s)))));
  return results;
}
