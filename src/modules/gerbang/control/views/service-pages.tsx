import type { FormState, PageContext } from '../../../../platform/html/context.ts';
import { Layout } from '../../../../platform/html/layout.tsx';
import { CsrfField, ErrorSummary, SelectField, TextArea, TextField } from '../../../../platform/html/components.tsx';
import type { GerbangSettings } from '../../config.ts';
import { ENDPOINT_METHODS, LIFECYCLES, type ServiceLifecycle } from '../../db.ts';
import type { AccessRequestRow, GroupRow, RightRow, ServiceRow } from '../repo.ts';
import { serviceIdOf, subsystemIdOf } from '../use-cases/visibility.ts';
import { LIFECYCLE_MOVES } from '../use-cases/change-service-lifecycle.ts';
import { GerbangNav, LIFECYCLE_KEYS, LifecycleBadge, REQUEST_STATUS_KEYS, rootCrumb } from './common.tsx';
import { ServiceFields, serviceLabels } from './subsystem-pages.tsx';

type Endpoint = { method: string; path: string; summary: string | null };

export function ServiceListPage(props: {
  ctx: PageContext;
  settings: GerbangSettings;
  services: (ServiceRow & { endpoints: Endpoint[] })[];
  opdOptions: { value: string; label: string }[];
  filter: { opdId: string; q: string; lifecycle: string };
}) {
  const { ctx, settings } = props;
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('gerbang.directory')} crumbs={[rootCrumb(ctx), { label: t('gerbang.directory') }]}>
      <h1>{t('gerbang.directory')}</h1>
      <p class="lead">{t('gerbang.directory_intro')}</p>
      <GerbangNav ctx={ctx} current="/gerbang/services" />
      <form method="get" action="/gerbang/services" class="filters">
        <TextField ctx={ctx} name="q" label={t('gerbang.search')} value={props.filter.q} optional />
        <SelectField ctx={ctx} name="opdId" label={t('gerbang.opd')} options={props.opdOptions} value={props.filter.opdId} emptyLabel={t('gerbang.all')} />
        <SelectField ctx={ctx} name="lifecycle" label={t('gerbang.lifecycle')} options={LIFECYCLES.map((l) => ({ value: l, label: t(LIFECYCLE_KEYS[l]) }))} value={props.filter.lifecycle} emptyLabel={t('gerbang.all')} />
        <button type="submit" class="button button-secondary">
          {t('gerbang.show')}
        </button>
      </form>
      {props.services.length === 0 ? (
        <p>{t('gerbang.services_empty')}</p>
      ) : (
        <table>
          <caption class="visually-hidden">{t('gerbang.directory')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('gerbang.service')}</th>
              <th scope="col">{t('gerbang.identifier')}</th>
              <th scope="col">{t('gerbang.opd')}</th>
              <th scope="col">{t('gerbang.lifecycle')}</th>
              <th scope="col">{t('gerbang.personal_data_short')}</th>
            </tr>
          </thead>
          <tbody>
            {props.services.map((s) => (
              <tr key={s.id}>
                <th scope="row">
                  <a href={`/gerbang/services/${s.id}`}>{s.name}</a>
                </th>
                <td>
                  <code>{serviceIdOf(settings, s)}</code>
                </td>
                <td>{s.opd_name}</td>
                <td>
                  <LifecycleBadge ctx={ctx} lifecycle={s.lifecycle} />
                </td>
                <td>{s.personal_data ? t('common.yes') : t('common.no')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Layout>
  );
}

function consumerOf(settings: GerbangSettings, r: RightRow): string {
  return r.subsystem_id ? subsystemIdOf(settings, { opd_code: r.subsystem_opd_code!, code: r.subsystem_code! }) : `${r.group_name} (group:${r.group_code})`;
}

export function ServicePage(props: {
  ctx: PageContext;
  settings: GerbangSettings;
  baseUrl: string;
  service: ServiceRow;
  endpoints: Endpoint[];
  rights: RightRow[];
  requests: AccessRequestRow[];
  providerView: boolean;
  canManage: boolean;
  groups: GroupRow[];
  requestSubsystems: { value: string; label: string }[];
  editForm: FormState;
  grantForm: FormState;
  requestForm: FormState;
}) {
  const { ctx, service: s, settings } = props;
  const { t, fmt } = ctx;
  const identifier = serviceIdOf(settings, s);
  const gatewayUrl = `${props.baseUrl}/r1/${identifier}`;
  const methodOptions = ENDPOINT_METHODS.map((m) => ({ value: m, label: m === '*' ? t('gerbang.any_method') : m }));
  return (
    <Layout ctx={ctx} title={s.name} crumbs={[rootCrumb(ctx), { href: '/gerbang/services', label: t('gerbang.directory') }, { label: s.name }]}>
      <h1>{s.name}</h1>
      <GerbangNav ctx={ctx} current="" />
      <dl class="summary-list">
        <dt>{t('gerbang.identifier')}</dt>
        <dd>
          <code>{identifier}</code>
        </dd>
        <dt>{t('gerbang.opd')}</dt>
        <dd>{s.opd_name}</dd>
        <dt>{t('gerbang.lifecycle')}</dt>
        <dd>
          <LifecycleBadge ctx={ctx} lifecycle={s.lifecycle} /> {t('gerbang.since', { date: fmt.dateTime(s.lifecycle_changed_at) })}
        </dd>
        <dt>{t('gerbang.version')}</dt>
        <dd>{s.version}</dd>
        <dt>{t('gerbang.personal_data')}</dt>
        <dd>{s.personal_data ? t('gerbang.personal_data_yes') : t('common.no')}</dd>
        <dt>{t('gerbang.capacity_rps')}</dt>
        <dd>{s.capacity_rps ?? '—'}</dd>
        {s.description ? (
          <>
            <dt>{t('gerbang.description')}</dt>
            <dd>{s.description}</dd>
          </>
        ) : null}
        {props.providerView ? (
          <>
            <dt>{t('gerbang.upstream_url')}</dt>
            <dd>
              <code>{s.upstream_url}</code>
            </dd>
            <dt>{t('gerbang.limits')}</dt>
            <dd>
              {t('gerbang.limits_text', {
                timeout: s.timeout_ms,
                body: Number(s.body_limit_bytes),
                rate: s.rate_limit_rps ?? '∞',
                quota: s.daily_quota ?? '∞',
              })}
            </dd>
          </>
        ) : null}
      </dl>

      <h2 id="call">{t('gerbang.how_to_call')}</h2>
      <p>{t('gerbang.how_to_call_text')}</p>
      <pre>
        <code>{`curl -H "Authorization: Bearer padu_…" \\\n     -H "X-Road-Client: ${settings.instance}/${settings.memberClass}/<MEMBER>/<SUBSYSTEM>" \\\n${s.personal_data ? '     -H "X-Padu-Purpose: <code>" -H "X-Padu-Legal-Basis: <code>" \\\n' : ''}     ${gatewayUrl}${props.endpoints[0] ? props.endpoints[0].path.replace(/\{[^}]*\}/g, '…') : '/'}`}</code>
      </pre>
      <p>
        <a href={`/api/v1/gerbang/services/${s.id}/openapi`}>{t('gerbang.openapi_download')}</a>
      </p>

      <h2 id="endpoints">{t('gerbang.endpoints')}</h2>
      {props.endpoints.length === 0 ? (
        <p>{t('gerbang.endpoints_none')}</p>
      ) : (
        <table>
          <caption class="visually-hidden">{t('gerbang.endpoints')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('gerbang.method')}</th>
              <th scope="col">{t('gerbang.path')}</th>
              <th scope="col">{t('gerbang.summary')}</th>
            </tr>
          </thead>
          <tbody>
            {props.endpoints.map((e) => (
              <tr key={`${e.method} ${e.path}`}>
                <td>{e.method}</td>
                <th scope="row">
                  <code>{e.path}</code>
                </th>
                <td>{e.summary ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}

      {props.requestSubsystems.length > 0 && (s.lifecycle === 'published' || s.lifecycle === 'deprecated') ? (
        <>
          <h2 id="request">{t('gerbang.request_access')}</h2>
          <form method="post" action={`/gerbang/services/${s.id}/requests`} novalidate>
            <ErrorSummary ctx={ctx} errors={props.requestForm.errors} labels={{ subsystemId: t('gerbang.subsystem'), reason: t('gerbang.reason'), method: t('gerbang.method'), path: t('gerbang.path') }} />
            <CsrfField ctx={ctx} />
            <div class="narrow">
              <SelectField ctx={ctx} form={props.requestForm} name="subsystemId" label={t('gerbang.subsystem')} options={props.requestSubsystems} required />
              <SelectField ctx={ctx} form={props.requestForm} name="method" label={t('gerbang.method')} options={methodOptions} emptyLabel={t('gerbang.whole_service')} hint={t('gerbang.endpoint_right_hint')} optional />
              <TextField ctx={ctx} form={props.requestForm} name="path" label={t('gerbang.path')} optional />
              <TextArea ctx={ctx} form={props.requestForm} name="reason" label={t('gerbang.reason')} hint={t('gerbang.reason_hint')} required rows={3} />
            </div>
            <button type="submit" class="button">
              {t('gerbang.request_access_submit')}
            </button>
          </form>
        </>
      ) : null}

      {props.providerView ? (
        <>
          <h2 id="rights">{t('gerbang.rights')}</h2>
          <p>{t('gerbang.rights_intro')}</p>
          {props.rights.length === 0 ? (
            <p>{t('gerbang.rights_empty')}</p>
          ) : (
            <table>
              <caption class="visually-hidden">{t('gerbang.rights')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('gerbang.consumer')}</th>
                  <th scope="col">{t('gerbang.allowed')}</th>
                  <th scope="col">{t('gerbang.rate_limit_rps')}</th>
                  <th scope="col">{t('gerbang.daily_quota')}</th>
                  {props.canManage ? <th scope="col">{t('common.actions')}</th> : null}
                </tr>
              </thead>
              <tbody>
                {props.rights.map((r) => (
                  <tr key={r.id}>
                    <th scope="row">
                      <code>{consumerOf(settings, r)}</code>
                    </th>
                    <td>{r.method ? `${r.method} ${r.path}` : t('gerbang.whole_service')}</td>
                    <td>{r.rate_limit_rps ?? t('gerbang.service_default')}</td>
                    <td>{r.daily_quota ?? t('gerbang.service_default')}</td>
                    {props.canManage ? (
                      <td>
                        <form method="post" action={`/gerbang/rights/${r.id}/delete`} class="inline-form">
                          <CsrfField ctx={ctx} />
                          <button type="submit" class="link-button">
                            {t('gerbang.revoke')}
                            <span class="visually-hidden"> {consumerOf(settings, r)}</span>
                          </button>
                        </form>
                      </td>
                    ) : null}
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {props.canManage ? (
            <form method="post" action={`/gerbang/services/${s.id}/rights`} novalidate>
              <h3>{t('gerbang.grant')}</h3>
              <ErrorSummary
                ctx={ctx}
                errors={props.grantForm.errors}
                labels={{ subsystem: t('gerbang.subsystem'), groupId: t('gerbang.group'), method: t('gerbang.method'), path: t('gerbang.path'), rateLimitRps: t('gerbang.rate_limit_rps'), dailyQuota: t('gerbang.daily_quota') }}
              />
              <CsrfField ctx={ctx} />
              <div class="narrow">
                <TextField ctx={ctx} form={props.grantForm} name="subsystem" label={t('gerbang.subsystem')} hint={t('gerbang.subsystem_ref_hint', { example: `${settings.instance}/${settings.memberClass}/dinkes/simrs` })} optional />
                <SelectField ctx={ctx} form={props.grantForm} name="groupId" label={t('gerbang.or_group')} options={props.groups.map((g) => ({ value: g.id, label: `${g.name} (${g.code})` }))} emptyLabel="—" optional />
                <SelectField ctx={ctx} form={props.grantForm} name="method" label={t('gerbang.method')} options={methodOptions} emptyLabel={t('gerbang.whole_service')} hint={t('gerbang.endpoint_right_hint')} optional />
                <TextField ctx={ctx} form={props.grantForm} name="path" label={t('gerbang.path')} optional />
                <TextField ctx={ctx} form={props.grantForm} name="rateLimitRps" type="number" inputmode="numeric" label={t('gerbang.rate_limit_rps')} optional />
                <TextField ctx={ctx} form={props.grantForm} name="dailyQuota" type="number" inputmode="numeric" label={t('gerbang.daily_quota')} optional />
              </div>
              <button type="submit" class="button">
                {t('gerbang.grant_submit')}
              </button>
            </form>
          ) : null}
        </>
      ) : null}

      <h2 id="requests">{t('gerbang.requests')}</h2>
      <RequestTable ctx={ctx} settings={settings} requests={props.requests} canDecide={props.canManage} />

      {props.canManage ? (
        <>
          <h2 id="lifecycle">{t('gerbang.lifecycle')}</h2>
          {LIFECYCLE_MOVES[s.lifecycle].length === 0 ? (
            <p>{t('gerbang.lifecycle_final')}</p>
          ) : (
            <div class="filters">
              {LIFECYCLE_MOVES[s.lifecycle].map((to: ServiceLifecycle) => (
                <form key={to} method="post" action={`/gerbang/services/${s.id}/lifecycle`} class="inline-form">
                  <CsrfField ctx={ctx} />
                  <input type="hidden" name="lifecycle" value={to} />
                  <button type="submit" class={to === 'retired' ? 'button button-warning' : 'button button-secondary'}>
                    {t(`gerbang.lifecycle_to.${to}`)}
                  </button>
                </form>
              ))}
            </div>
          )}
          <h2 id="edit">{t('gerbang.edit_service')}</h2>
          <form method="post" action={`/gerbang/services/${s.id}`} enctype="multipart/form-data" novalidate>
            <ErrorSummary ctx={ctx} errors={props.editForm.errors} labels={serviceLabels(ctx)} />
            <CsrfField ctx={ctx} />
            <ServiceFields ctx={ctx} form={props.editForm} editing />
            <button type="submit" class="button button-secondary">
              {t('common.save')}
            </button>
          </form>
        </>
      ) : null}
    </Layout>
  );
}

export function RequestTable(props: { ctx: PageContext; settings: GerbangSettings; requests: (AccessRequestRow & { canDecide?: boolean })[]; canDecide: boolean }) {
  const { ctx, settings } = props;
  const { t, fmt } = ctx;
  if (props.requests.length === 0) return <p>{t('gerbang.requests_empty')}</p>;
  return (
    <table>
      <caption class="visually-hidden">{t('gerbang.requests')}</caption>
      <thead>
        <tr>
          <th scope="col">{t('gerbang.consumer')}</th>
          <th scope="col">{t('gerbang.service')}</th>
          <th scope="col">{t('gerbang.allowed')}</th>
          <th scope="col">{t('gerbang.reason')}</th>
          <th scope="col">{t('common.status')}</th>
          <th scope="col">{t('common.actions')}</th>
        </tr>
      </thead>
      <tbody>
        {props.requests.map((r) => {
          const client = subsystemIdOf(settings, { opd_code: r.consumer_opd_code, code: r.consumer_subsystem_code });
          const decidable = r.status === 'pending' && (r.canDecide ?? props.canDecide);
          return (
            <tr key={r.id}>
              <th scope="row">
                <code>{client}</code>
                <br />
                {r.consumer_opd_name}
              </th>
              <td>
                <a href={`/gerbang/services/${r.service_id}`}>{r.service_name}</a>
              </td>
              <td>{r.method ? `${r.method} ${r.path}` : t('gerbang.whole_service')}</td>
              <td>
                {r.reason}
                <br />
                <small>{fmt.dateTime(r.created_at)}</small>
              </td>
              <td>
                {t(REQUEST_STATUS_KEYS[r.status])}
                {r.decision_reason ? (
                  <>
                    <br />
                    <small>{r.decision_reason}</small>
                  </>
                ) : null}
              </td>
              <td>
                {decidable ? (
                  <form method="post" action={`/gerbang/requests/${r.id}/decide`} novalidate>
                    <CsrfField ctx={ctx} />
                    <div class="field">
                      <label for={`f-reason-${r.id}`}>{t('gerbang.decision_reason')}</label>
                      <input id={`f-reason-${r.id}`} name="reason" type="text" required maxLength={2000} />
                    </div>
                    <button type="submit" name="decision" value="approve" class="button">
                      {t('gerbang.approve')}
                      <span class="visually-hidden"> {client}</span>
                    </button>{' '}
                    <button type="submit" name="decision" value="reject" class="button button-warning">
                      {t('gerbang.reject')}
                      <span class="visually-hidden"> {client}</span>
                    </button>
                  </form>
                ) : null}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

export function RequestListPage(props: { ctx: PageContext; settings: GerbangSettings; requests: (AccessRequestRow & { canDecide: boolean })[]; filter: { direction: string; status: string } }) {
  const { ctx } = props;
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('gerbang.requests')} crumbs={[rootCrumb(ctx), { label: t('gerbang.requests') }]}>
      <h1>{t('gerbang.requests')}</h1>
      <GerbangNav ctx={ctx} current="/gerbang/requests" />
      <form method="get" action="/gerbang/requests" class="filters">
        <SelectField
          ctx={ctx}
          name="direction"
          label={t('gerbang.direction')}
          options={[
            { value: 'incoming', label: t('gerbang.incoming') },
            { value: 'outgoing', label: t('gerbang.outgoing') },
          ]}
          value={props.filter.direction}
          emptyLabel={t('gerbang.all')}
        />
        <SelectField
          ctx={ctx}
          name="status"
          label={t('common.status')}
          options={(['pending', 'approved', 'rejected'] as const).map((s) => ({ value: s, label: t(REQUEST_STATUS_KEYS[s]) }))}
          value={props.filter.status}
          emptyLabel={t('gerbang.all')}
        />
        <button type="submit" class="button button-secondary">
          {t('gerbang.show')}
        </button>
      </form>
      <RequestTable ctx={ctx} settings={props.settings} requests={props.requests} canDecide={false} />
    </Layout>
  );
}
