import type { ComponentChildren } from 'preact';
import type { FormState, PageContext } from '../../../../platform/html/context.ts';
import { Layout } from '../../../../platform/html/layout.tsx';
import { ErrorSummary, SelectField, TextField } from '../../../../platform/html/components.tsx';
import type { MessageKey } from '../../../../platform/i18n/index.ts';
import type { EvidenceEntry } from '../use-cases/search-evidence.ts';
import type { EvidenceDetail } from '../use-cases/get-evidence.ts';

export type EvidenceRole = 'provider' | 'consumer' | 'both' | null;

const ROLE_KEYS: Record<Exclude<EvidenceRole, null>, MessageKey> = {
  provider: 'evidence.role_provider',
  consumer: 'evidence.role_consumer',
  both: 'evidence.role_both',
};

function Time(props: { ctx: PageContext; at: Date }) {
  return <time dateTime={props.at.toISOString()}>{props.ctx.fmt.dateTime(props.at)}</time>;
}

function Row(props: { label: string; children: ComponentChildren }) {
  return (
    <>
      <dt>{props.label}</dt>
      <dd>{props.children}</dd>
    </>
  );
}

const ms = (ctx: PageContext, value: number | null) => (value === null ? ctx.t('evidence.none') : ctx.t('evidence.ms', { ms: ctx.fmt.number(value) }));

/** The evidence search: a GET filter form, the exchanges this reader may see, and paging. */
export function EvidenceSearchPage(props: {
  ctx: PageContext;
  form: FormState;
  entries: EvidenceEntry[];
  roleOf: (e: EvidenceEntry) => EvidenceRole;
  readAll: boolean;
  timeZone: string;
  olderHref: string | null;
  newestHref: string | null;
}) {
  const { ctx, form } = props;
  const { t } = ctx;
  const labels = {
    service: t('evidence.service'),
    client: t('evidence.client'),
    status: t('evidence.status'),
    from: t('evidence.from'),
    to: t('evidence.to'),
    xroadId: t('evidence.xroad_id'),
    userId: t('evidence.user_id'),
    before: t('evidence.older'),
  };
  const dateHint = t('evidence.date_hint', { timeZone: props.timeZone });
  const statusOptions = [
    { value: '2xx', label: t('evidence.status_2xx') },
    { value: '4xx', label: t('evidence.status_4xx') },
    { value: '5xx', label: t('evidence.status_5xx') },
    { value: 'error', label: t('evidence.status_error') },
  ];
  return (
    <Layout ctx={ctx} title={t('evidence.title')} crumbs={[{ label: t('evidence.title') }]}>
      <h1>{t('evidence.title')}</h1>
      <p>{t('evidence.intro')}</p>
      <p>{props.readAll ? t('evidence.scope_all') : t('evidence.scope_own')}</p>
      <h2 class="visually-hidden">{t('evidence.filter_title')}</h2>
      <ErrorSummary ctx={ctx} errors={form.errors} labels={labels} />
      <form method="get" action="/gerbang/evidence" class="filters" role="search" aria-label={t('evidence.filter_title')} novalidate>
        <TextField ctx={ctx} form={form} name="service" label={labels.service} hint={t('evidence.service_hint')} maxLength={300} />
        <TextField ctx={ctx} form={form} name="client" label={labels.client} hint={t('evidence.client_hint')} maxLength={300} />
        <SelectField ctx={ctx} form={form} name="status" label={labels.status} options={statusOptions} emptyLabel={t('evidence.status_any')} />
        <TextField ctx={ctx} form={form} name="from" type="date" label={labels.from} hint={dateHint} />
        <TextField ctx={ctx} form={form} name="to" type="date" label={labels.to} hint={dateHint} />
        <TextField ctx={ctx} form={form} name="xroadId" label={labels.xroadId} maxLength={200} />
        <TextField ctx={ctx} form={form} name="userId" label={labels.userId} hint={t('evidence.user_id_hint')} maxLength={200} />
        <button type="submit" class="button button-secondary">
          {t('evidence.apply')}
        </button>
        <a href="/gerbang/evidence">{t('evidence.reset')}</a>
      </form>
      {props.entries.length === 0 ? (
        <p>{t('evidence.empty')}</p>
      ) : (
        <table>
          <caption>{t('evidence.results_caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('evidence.time')}</th>
              <th scope="col">{t('evidence.xroad_id')}</th>
              <th scope="col">{t('evidence.client')}</th>
              <th scope="col">{t('evidence.service')}</th>
              <th scope="col">{t('evidence.status')}</th>
              <th scope="col">{t('evidence.duration')}</th>
              {props.readAll ? null : <th scope="col">{t('evidence.your_role')}</th>}
            </tr>
          </thead>
          <tbody>
            {props.entries.map((e) => {
              const role = props.roleOf(e);
              return (
                <tr key={e.id}>
                  <td>
                    <Time ctx={ctx} at={e.startedAt} />
                  </td>
                  <td>
                    <a href={`/gerbang/evidence/${e.id}`}>
                      <code>{e.xroadId}</code>
                    </a>
                  </td>
                  <td>
                    <code>{e.client}</code>
                  </td>
                  <td>
                    <code>{e.service}</code>
                    {e.endpoint ? (
                      <>
                        <br />
                        <code>{e.endpoint}</code>
                      </>
                    ) : null}
                  </td>
                  <td>
                    {e.status}
                    {e.errorType ? (
                      <>
                        {' '}
                        <code>{e.errorType}</code>
                      </>
                    ) : null}
                  </td>
                  <td>{ms(ctx, e.totalMs)}</td>
                  {props.readAll ? null : <td>{role ? t(ROLE_KEYS[role]) : t('evidence.none')}</td>}
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      {props.olderHref || props.newestHref ? (
        <nav class="pagination" aria-label={t('evidence.pagination')}>
          {props.newestHref ? <a href={props.newestHref}>{t('evidence.newest')}</a> : null}
          {props.olderHref ? (
            <a href={props.olderHref} rel="next">
              {t('evidence.older')}
            </a>
          ) : null}
        </nav>
      ) : null}
    </Layout>
  );
}

/** One exchange: what happened, its hashes, and where it sits in the chain and under which seal. */
export function EvidenceDetailPage(props: { ctx: PageContext; detail: EvidenceDetail }) {
  const { ctx, detail: d } = props;
  const { t } = ctx;
  const none = t('evidence.none');
  const code = (v: string | null) => (v === null ? none : <code>{v}</code>);
  const title = t('evidence.detail_title', { xroadId: d.xroadId });
  return (
    <Layout ctx={ctx} title={title} crumbs={[{ href: '/gerbang/evidence', label: t('evidence.title') }, { label: d.xroadId }]}>
      <h1>{title}</h1>
      <h2>{t('evidence.exchange')}</h2>
      <dl class="summary-list">
        <Row label={t('evidence.xroad_id')}>{code(d.xroadId)}</Row>
        <Row label={t('evidence.request_id')}>{code(d.requestId)}</Row>
        <Row label={t('evidence.client')}>{code(d.client)}</Row>
        <Row label={t('evidence.service')}>{code(d.service)}</Row>
        <Row label={t('evidence.endpoint')}>{code(d.endpoint)}</Row>
        <Row label={t('evidence.method')}>{code(d.method)}</Row>
        <Row label={t('evidence.path')}>{code(d.path)}</Row>
        <Row label={t('evidence.user_id')}>{code(d.userId)}</Row>
        <Row label={t('evidence.purpose')}>{d.purpose ?? none}</Row>
        <Row label={t('evidence.legal_basis')}>{d.legalBasis ?? none}</Row>
        <Row label={t('evidence.issue')}>{d.issue ?? none}</Row>
        <Row label={t('evidence.represented_party')}>{code(d.representedParty)}</Row>
        <Row label={t('evidence.status')}>{d.status}</Row>
        <Row label={t('evidence.error_type')}>{code(d.errorType)}</Row>
        <Row label={t('evidence.started_at')}>
          <Time ctx={ctx} at={d.startedAt} /> (<code>{d.startedAt.toISOString()}</code>)
        </Row>
        <Row label={t('evidence.upstream_ms')}>{ms(ctx, d.upstreamMs)}</Row>
        <Row label={t('evidence.total_ms')}>{ms(ctx, d.totalMs)}</Row>
        <Row label={t('evidence.request_bytes')}>{t('evidence.bytes', { bytes: ctx.fmt.number(d.requestBytes) })}</Row>
        <Row label={t('evidence.response_bytes')}>{t('evidence.bytes', { bytes: ctx.fmt.number(d.responseBytes) })}</Row>
      </dl>
      <h2>{t('evidence.hashes')}</h2>
      <dl class="summary-list">
        <Row label={t('evidence.request_hash', { algorithm: d.hashAlgorithm })}>{code(d.requestHash)}</Row>
        <Row label={t('evidence.response_hash', { algorithm: d.hashAlgorithm })}>{code(d.responseHash)}</Row>
        <Row label={t('evidence.body')}>
          {d.body === 'kept' ? t('evidence.body_kept', { date: ctx.fmt.dateTime(d.bodyStoredAt) }) : d.body === 'purged' ? t('evidence.body_purged') : t('evidence.body_none')}
        </Row>
      </dl>
      <h2>{t('evidence.integrity')}</h2>
      <dl class="summary-list">
        <Row label={t('evidence.chain')}>{t('evidence.chain_position', { node: d.nodeId, seq: d.seq })}</Row>
        <Row label={t('evidence.leaf_hash')}>{code(d.leafHash)}</Row>
        <Row label={t('evidence.prev_hash')}>{code(d.prevHash)}</Row>
        <Row label={t('evidence.seal')}>
          {d.seal ? (
            <>
              {t('evidence.sealed', { seq: d.seal.seq, date: ctx.fmt.dateTime(d.seal.sealedAt) })}
              {d.seal.timeStamped ? `, ${t('evidence.time_stamped')}` : ''}
            </>
          ) : (
            t('evidence.not_sealed_yet')
          )}
        </Row>
      </dl>
      {d.seal ? (
        <p>
          <a href={`/api/v1/gerbang/evidence/${d.id}/proof`} download={`padu-evidence-${d.id}.json`} hx-boost="false">
            {t('evidence.download_proof')}
          </a>{' '}
          <span class="hint">{t('evidence.proof_hint')}</span>
        </p>
      ) : null}
      <p>
        <a href="/api/v1/gerbang/evidence/keys" hx-boost="false">
          {t('evidence.public_keys')}
        </a>
      </p>
    </Layout>
  );
}
