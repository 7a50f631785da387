import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { Uuid } from '../../../platform/http/validation.ts';
import { sendPage } from '../../../platform/html/render.tsx';
import '../messages.ts';
import * as S from '../control/schemas.ts';
import type { GerbangDeps } from '../control/use-cases/visibility.ts';
import { getMonitoring } from '../control/use-cases/get-monitoring.ts';
import { diagnoseUpstreams, type Diagnosis } from '../control/use-cases/diagnose-upstreams.ts';
import type { MetricRow } from './metrics.ts';
import type { DataPlane } from './mount.ts';
import { DiagnosticsPage, MonitoringPage } from './views/ops-pages.tsx';

const toMs = (v: number | null) => (v === null ? null : Math.round(v * 100000) / 100);
const presentRow = (r: MetricRow) => ({ key: r.key, calls: r.calls, errors: r.errors, byCategory: r.byCategory, p50Ms: toMs(r.p50), p95Ms: toMs(r.p95), p99Ms: toMs(r.p99) });
const presentDiagnosis = (d: Diagnosis) => ({ serviceId: d.service.id, identifier: d.identifier, upstream: d.service.upstream_url, circuit: d.circuit, ok: d.ok, checks: d.checks });

/** Operations of the data plane: the monitoring page and the upstream diagnostics, with API twins. */
export function opsRoutes(dataPlane: DataPlane): FastifyPluginAsync {
  return async (fastify) => {
    const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
    const g: GerbangDeps = { ...app.padu.deps, settings: dataPlane.settings };
    const tags = ['gerbang'];

    app.get('/gerbang/monitoring', { schema: { hide: true } }, async (req, reply) => {
      const summary = await getMonitoring(g, req.actor, dataPlane.metrics);
      return sendPage(reply, (ctx) => <MonitoringPage ctx={ctx} summary={summary} />);
    });
    app.get(
      '/api/v1/gerbang/monitoring',
      { schema: { tags, summary: 'Calls, errors by category and latency percentiles per service and per consumer (this process)', response: { 200: S.MonitoringOut } } },
      async (req) => {
        const summary = await getMonitoring(g, req.actor, dataPlane.metrics);
        return { since: summary.since.toISOString(), services: summary.services.map(presentRow), consumers: summary.consumers.map(presentRow) };
      },
    );

    const DiagnosticsQuery = Type.Object({ serviceId: Type.Optional(Type.Union([Uuid(), Type.Literal('')])) });
    app.get('/gerbang/diagnostics', { schema: { hide: true, querystring: DiagnosticsQuery } }, async (req, reply) => {
      const results = await diagnoseUpstreams(g, req.actor, dataPlane.gateway.breakers, req.query.serviceId || undefined);
      return sendPage(reply, (ctx) => <DiagnosticsPage ctx={ctx} results={results} />);
    });
    app.get(
      '/api/v1/gerbang/diagnostics',
      { schema: { tags, summary: 'Check the upstreams of my agency’s services: DNS, TCP, TLS, a health call, and the circuit breaker', response: { 200: S.ItemsOf(S.DiagnosticOut) } } },
      async (req) => ({ items: (await diagnoseUpstreams(g, req.actor, dataPlane.gateway.breakers)).map(presentDiagnosis) }),
    );
    app.get(
      '/api/v1/gerbang/services/:serviceId/diagnostics',
      { schema: { tags, summary: 'Check one service’s upstream (its provider only)', params: S.ServiceParams, response: { 200: S.DiagnosticOut } } },
      async (req) => presentDiagnosis((await diagnoseUpstreams(g, req.actor, dataPlane.gateway.breakers, req.params.serviceId))[0]!),
    );
  };
}
