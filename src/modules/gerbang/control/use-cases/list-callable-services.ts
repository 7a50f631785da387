import type { Actor } from '../../../../platform/auth/actor.ts';
import { AppError } from '../../../../platform/http/errors.ts';
import { ensure } from '../../../../platform/auth/policy.ts';
import { gerbangPolicy } from '../../policy.ts';
import { findTokenLink, listEndpoints, listRightsOfConsumer, listServices } from '../repo.ts';
import { loadSubsystem, type GerbangDeps } from './visibility.ts';

/**
 * The client listing: the services a subsystem may call (through its own rights or its groups'),
 * with what of each it may call — the whole service or named endpoints — and the limits.
 */
export async function listCallableServices(deps: GerbangDeps, actor: Actor | null, subsystemId: string) {
  const subsystem = await loadSubsystem(deps, actor, subsystemId, 'read');
  const rights = await listRightsOfConsumer(deps.db, subsystem.id);
  const serviceIds = [...new Set(rights.map((r) => r.service_id))];
  const services = (await listServices(deps.db, { openOrOpdIds: 'all' })).filter(
    (s) => serviceIds.includes(s.id) && (s.lifecycle === 'published' || s.lifecycle === 'deprecated' || (s.lifecycle === 'draft' && s.opd_id === subsystem.opd_id)),
  );
  const endpoints = await listEndpoints(deps.db, services.map((s) => s.id));
  return {
    subsystem,
    services: services.map((s) => {
      const mine = rights.filter((r) => r.service_id === s.id);
      const whole = mine.some((r) => !r.method);
      return {
        service: s,
        whole,
        allowed: whole ? [] : mine.map((r) => ({ method: r.method!, path: r.path! })),
        endpoints: endpoints.filter((e) => e.service_id === s.id),
        rateLimitRps: maxOrNull(mine.map((r) => r.rate_limit_rps ?? s.rate_limit_rps)),
        dailyQuota: maxOrNull(mine.map((r) => r.daily_quota ?? s.daily_quota)),
      };
    }),
  };
}

/** For a subsystem's own token: the subsystem it belongs to. */
export async function subsystemOfToken(deps: GerbangDeps, actor: Actor | null): Promise<string> {
  ensure(actor, gerbangPolicy.enter(actor));
  const link = actor.kind === 'token' ? await findTokenLink(deps.db, actor.tokenId) : undefined;
  if (!link) throw new AppError('forbidden', 'gerbang.token_of_subsystem_only');
  return link.subsystem_id;
}

function maxOrNull(values: (number | null)[]): number | null {
  return values.length === 0 || values.some((v) => v === null) ? null : Math.max(...(values as number[]));
}
