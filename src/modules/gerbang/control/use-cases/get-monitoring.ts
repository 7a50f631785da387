import type { Actor } from '../../../../platform/auth/actor.ts';
import { ensure } from '../../../../platform/auth/policy.ts';
import { decodePart } from '../../identifiers.ts';
import { gerbangPolicy } from '../../policy.ts';
import type { GatewayMetrics, MetricRow } from '../../proxy/metrics.ts';
import { readableOpdIds, type GerbangDeps } from './visibility.ts';

/**
 * Calls, errors (by category) and latency percentiles per service and per consumer, as this
 * process counted them. Agency staff see the rows of their own agency's services and
 * subsystems; readers of everything see all, including refused unauthenticated calls.
 */
export async function getMonitoring(deps: GerbangDeps, actor: Actor | null, metrics: GatewayMetrics) {
  ensure(actor, gerbangPolicy.enter(actor));
  const summary = metrics.summary();
  const readable = readableOpdIds(actor);
  if (readable === 'all') return summary;
  const codes = readable.length ? (await deps.db.selectFrom('opd').select('code').where('id', 'in', readable).execute()).map((o) => o.code) : [];
  const mine = (row: MetricRow) => {
    const member = row.key.split('/')[2];
    return member !== undefined && codes.includes(decodePart(member) ?? member);
  };
  return { ...summary, services: summary.services.filter(mine), consumers: summary.consumers.filter(mine) };
}
