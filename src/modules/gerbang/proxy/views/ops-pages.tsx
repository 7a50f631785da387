import type { PageContext } from '../../../../platform/html/context.ts';
import { Layout } from '../../../../platform/html/layout.tsx';
import type { MessageKey } from '../../../../platform/i18n/index.ts';
import { ERROR_CATEGORIES, ERROR_TYPES, errorStatus, type ErrorCategory, type ErrorType } from '../../errors.ts';
import { GerbangNav, ms, rootCrumb } from '../../control/views/common.tsx';
import type { Diagnosis } from '../../control/use-cases/diagnose-upstreams.ts';
import type { MetricRow } from '../metrics.ts';

export const CATEGORY_KEYS = {
  client: 'gerbang.category.client',
  gateway: 'gerbang.category.gateway',
  provider: 'gerbang.category.provider',
  network: 'gerbang.category.network',
} as const satisfies Record<ErrorCategory, MessageKey>;

function MetricTable(props: { ctx: PageContext; caption: string; keyLabel: string; rows: MetricRow[] }) {
  const { ctx } = props;
  const { t } = ctx;
  if (props.rows.length === 0) return <p>{t('gerbang.monitoring_empty')}</p>;
  return (
    <table>
      <caption>{props.caption}</caption>
      <thead>
        <tr>
          <th scope="col">{props.keyLabel}</th>
          <th scope="col">{t('gerbang.calls')}</th>
          <th scope="col">{t('gerbang.errors')}</th>
          {ERROR_CATEGORIES.map((c) => (
            <th scope="col" key={c}>
              {t(CATEGORY_KEYS[c])}
            </th>
          ))}
          <th scope="col">p50</th>
          <th scope="col">p95</th>
          <th scope="col">p99</th>
        </tr>
      </thead>
      <tbody>
        {props.rows.map((r) => (
          <tr key={r.key}>
            <th scope="row">
              <code>{r.key}</code>
            </th>
            <td>{r.calls}</td>
            <td>{r.errors}</td>
            {ERROR_CATEGORIES.map((c) => (
              <td key={c}>{r.byCategory[c]}</td>
            ))}
            <td>{ms(r.p50)}</td>
            <td>{ms(r.p95)}</td>
            <td>{ms(r.p99)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function MonitoringPage(props: { ctx: PageContext; summary: { services: MetricRow[]; consumers: MetricRow[]; since: Date } }) {
  const { ctx, summary } = props;
  const { t, fmt } = ctx;
  return (
    <Layout ctx={ctx} title={t('gerbang.monitoring')} crumbs={[rootCrumb(ctx), { label: t('gerbang.monitoring') }]}>
      <h1>{t('gerbang.monitoring')}</h1>
      <p class="lead">{t('gerbang.monitoring_intro', { since: fmt.dateTime(summary.since) })}</p>
      <GerbangNav ctx={ctx} current="/gerbang/monitoring" />
      <h2>{t('gerbang.per_service')}</h2>
      <MetricTable ctx={ctx} caption={t('gerbang.per_service')} keyLabel={t('gerbang.service')} rows={summary.services} />
      <h2>{t('gerbang.per_consumer')}</h2>
      <MetricTable ctx={ctx} caption={t('gerbang.per_consumer')} keyLabel={t('gerbang.consumer')} rows={summary.consumers} />
      <h2 id="taxonomy">{t('gerbang.taxonomy')}</h2>
      <p>{t('gerbang.taxonomy_intro')}</p>
      <table>
        <caption class="visually-hidden">{t('gerbang.taxonomy')}</caption>
        <thead>
          <tr>
            <th scope="col">X-Road-Error</th>
            <th scope="col">HTTP</th>
            <th scope="col">{t('gerbang.category')}</th>
            <th scope="col">{t('gerbang.meaning')}</th>
          </tr>
        </thead>
        <tbody>
          {(Object.keys(ERROR_TYPES) as ErrorType[]).map((type) => (
            <tr key={type}>
              <th scope="row">
                <code>{type}</code>
              </th>
              <td>{errorStatus(type)}</td>
              <td>{t(CATEGORY_KEYS[ERROR_TYPES[type].category])}</td>
              <td>{ERROR_TYPES[type].message}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </Layout>
  );
}

const CHECK_KEYS = { dns: 'gerbang.check.dns', tcp: 'gerbang.check.tcp', tls: 'gerbang.check.tls', health: 'gerbang.check.health' } as const satisfies Record<string, MessageKey>;
const CIRCUIT_KEYS = { closed: 'gerbang.circuit.closed', open: 'gerbang.circuit.open', 'half-open': 'gerbang.circuit.half_open' } as const satisfies Record<string, MessageKey>;

export function DiagnosticsPage(props: { ctx: PageContext; results: Diagnosis[] }) {
  const { ctx } = props;
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('gerbang.diagnostics')} crumbs={[rootCrumb(ctx), { label: t('gerbang.diagnostics') }]}>
      <h1>{t('gerbang.diagnostics')}</h1>
      <p class="lead">{t('gerbang.diagnostics_intro')}</p>
      <GerbangNav ctx={ctx} current="/gerbang/diagnostics" />
      {props.results.length === 0 ? <p>{t('gerbang.diagnostics_empty')}</p> : null}
      {props.results.map((d) => (
        <section key={d.service.id} aria-labelledby={`d-${d.service.id}`}>
          <h2 id={`d-${d.service.id}`}>
            <a href={`/gerbang/services/${d.service.id}`}>{d.service.name}</a> — {d.ok ? t('gerbang.diagnosis_ok') : t('gerbang.diagnosis_failed')}
          </h2>
          <p>
            <code>{d.identifier}</code> → <code>{d.service.upstream_url}</code>; {t('gerbang.circuit')}: {t(CIRCUIT_KEYS[d.circuit])}
          </p>
          <table>
            <caption class="visually-hidden">{t('gerbang.diagnostics_of', { service: d.service.name })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('gerbang.check')}</th>
                <th scope="col">{t('gerbang.result')}</th>
                <th scope="col">{t('gerbang.duration')}</th>
                <th scope="col">{t('gerbang.category')}</th>
                <th scope="col">{t('gerbang.detail')}</th>
              </tr>
            </thead>
            <tbody>
              {d.checks.map((c) => (
                <tr key={c.name}>
                  <th scope="row">{t(CHECK_KEYS[c.name])}</th>
                  <td>{c.ok === null ? t('gerbang.not_applicable') : c.ok ? t('gerbang.check_ok') : t('gerbang.check_failed')}</td>
                  <td>{c.ms === null ? '—' : `${c.ms} ms`}</td>
                  <td>{c.category ? t(CATEGORY_KEYS[c.category]) : '—'}</td>
                  <td>{c.detail}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ))}
    </Layout>
  );
}
