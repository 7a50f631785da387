import type { ComponentChildren } from 'preact';
import type { FormState, PageContext } from '../../../../platform/html/context.ts';
import { Layout } from '../../../../platform/html/layout.tsx';
import { CsrfField, ErrorSummary, SelectField, TextArea, TextField } from '../../../../platform/html/components.tsx';
import type { GerbangSettings } from '../../config.ts';
import type { AccessRequestRow, ServiceRow, SubsystemRow } from '../repo.ts';
import { serviceIdOf, subsystemIdOf } from '../use-cases/visibility.ts';
import { CheckboxField, GerbangNav, LifecycleBadge, REQUEST_STATUS_KEYS, rootCrumb } from './common.tsx';

type TokenView = { id: string; name: string; token_prefix: string; status: 'active' | 'revoked' | 'expired'; created_at: Date; last_used_at: Date | null; expires_at: Date | null; revoked_at: Date | null };

const subsystemLabels = (ctx: PageContext) => ({
  opdId: ctx.t('gerbang.opd'),
  code: ctx.t('gerbang.subsystem_code'),
  name: ctx.t('gerbang.name'),
  description: ctx.t('gerbang.description'),
  appId: ctx.t('gerbang.app_id'),
});

/** The gerbang home: the subsystems the actor can see, and registering a new one. */
export function OverviewPage(props: {
  ctx: PageContext;
  settings: GerbangSettings;
  subsystems: SubsystemRow[];
  manageOptions: { value: string; label: string }[];
  pendingIncoming: number;
  form: FormState;
}) {
  const { ctx, form } = props;
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('gerbang.title')} crumbs={[{ label: t('gerbang.title') }]}>
      <h1>{t('gerbang.title')}</h1>
      <p class="lead">{t('gerbang.intro', { instance: props.settings.instance })}</p>
      <GerbangNav ctx={ctx} current="/gerbang" />
      {props.pendingIncoming > 0 ? (
        <p class="notice">
          <a href="/gerbang/requests?direction=incoming&amp;status=pending">{t('gerbang.pending_incoming', { count: props.pendingIncoming })}</a>
        </p>
      ) : null}
      <h2>{t('gerbang.subsystems')}</h2>
      <p>{t('gerbang.subsystems_intro')}</p>
      {props.subsystems.length === 0 ? (
        <p>{t('gerbang.subsystems_empty')}</p>
      ) : (
        <table>
          <caption class="visually-hidden">{t('gerbang.subsystems')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('gerbang.identifier')}</th>
              <th scope="col">{t('gerbang.name')}</th>
              <th scope="col">{t('gerbang.opd')}</th>
              <th scope="col">{t('common.status')}</th>
            </tr>
          </thead>
          <tbody>
            {props.subsystems.map((s) => (
              <tr key={s.id}>
                <th scope="row">
                  <a href={`/gerbang/subsystems/${s.id}`}>
                    <code>{subsystemIdOf(props.settings, s)}</code>
                  </a>
                </th>
                <td>{s.name}</td>
                <td>{s.opd_name}</td>
                <td>{s.active ? t('gerbang.active') : t('gerbang.inactive')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {props.manageOptions.length > 0 ? (
        <>
          <h2 id="new-subsystem">{t('gerbang.new_subsystem')}</h2>
          <form method="post" action="/gerbang/subsystems" novalidate>
            <ErrorSummary ctx={ctx} errors={form.errors} labels={subsystemLabels(ctx)} />
            <CsrfField ctx={ctx} />
            <div class="narrow">
              <SelectField ctx={ctx} form={form} name="opdId" label={t('gerbang.opd')} options={props.manageOptions} required />
              <TextField ctx={ctx} form={form} name="code" label={t('gerbang.subsystem_code')} hint={t('gerbang.code_hint')} maxLength={64} required />
              <TextField ctx={ctx} form={form} name="name" label={t('gerbang.name')} maxLength={200} required />
              <TextArea ctx={ctx} form={form} name="description" label={t('gerbang.description')} optional rows={3} />
              <TextField ctx={ctx} form={form} name="appId" label={t('gerbang.app_id')} hint={t('gerbang.app_id_hint')} optional />
            </div>
            <button type="submit" class="button">
              {t('gerbang.new_subsystem_submit')}
            </button>
          </form>
        </>
      ) : null}
    </Layout>
  );
}

const serviceLabels = (ctx: PageContext): Record<string, string> => ({
  code: ctx.t('gerbang.service_code'),
  name: ctx.t('gerbang.name'),
  upstreamUrl: ctx.t('gerbang.upstream_url'),
  version: ctx.t('gerbang.version'),
  timeoutMs: ctx.t('gerbang.timeout_ms'),
  bodyLimitBytes: ctx.t('gerbang.body_limit'),
  capacityRps: ctx.t('gerbang.capacity_rps'),
  rateLimitRps: ctx.t('gerbang.rate_limit_rps'),
  dailyQuota: ctx.t('gerbang.daily_quota'),
  healthPath: ctx.t('gerbang.health_path'),
  endpoints: ctx.t('gerbang.endpoints'),
  openapi: ctx.t('gerbang.openapi_text'),
  openapiUrl: ctx.t('gerbang.openapi_url'),
  openapiFile: ctx.t('gerbang.openapi_file'),
});

/** The service settings fields, shared by registering and editing. */
export function ServiceFields(props: { ctx: PageContext; form: FormState; editing: boolean }) {
  const { ctx, form } = props;
  const { t } = ctx;
  const checked = (name: string) => form.values[name] === true || form.values[name] === 'true';
  return (
    <>
      <div class="narrow">
        {props.editing ? null : <TextField ctx={ctx} form={form} name="code" label={t('gerbang.service_code')} hint={t('gerbang.code_hint')} maxLength={64} required />}
        <TextField ctx={ctx} form={form} name="name" label={t('gerbang.name')} hint={props.editing ? undefined : t('gerbang.name_from_openapi')} optional={!props.editing} maxLength={200} />
        <TextArea ctx={ctx} form={form} name="description" label={t('gerbang.description')} optional rows={3} />
        <TextField ctx={ctx} form={form} name="upstreamUrl" type="url" label={t('gerbang.upstream_url')} hint={t('gerbang.upstream_url_hint')} required />
        <TextField ctx={ctx} form={form} name="version" label={t('gerbang.version')} optional maxLength={50} />
        <TextField ctx={ctx} form={form} name="timeoutMs" type="number" inputmode="numeric" label={t('gerbang.timeout_ms')} hint={t('gerbang.timeout_hint')} optional />
        <TextField ctx={ctx} form={form} name="bodyLimitBytes" type="number" inputmode="numeric" label={t('gerbang.body_limit')} hint={t('gerbang.body_limit_hint')} optional />
        <TextField ctx={ctx} form={form} name="capacityRps" type="number" inputmode="numeric" label={t('gerbang.capacity_rps')} hint={t('gerbang.capacity_hint')} optional />
        <TextField ctx={ctx} form={form} name="rateLimitRps" type="number" inputmode="numeric" label={t('gerbang.rate_limit_rps')} hint={t('gerbang.rate_limit_hint')} optional />
        <TextField ctx={ctx} form={form} name="dailyQuota" type="number" inputmode="numeric" label={t('gerbang.daily_quota')} hint={t('gerbang.daily_quota_hint')} optional />
        <TextField ctx={ctx} form={form} name="healthPath" label={t('gerbang.health_path')} hint={t('gerbang.health_path_hint')} optional />
      </div>
      <CheckboxField ctx={ctx} name="personalData" label={t('gerbang.personal_data')} hint={t('gerbang.personal_data_hint')} checked={checked('personalData')} />
      <CheckboxField ctx={ctx} name="keepBodies" label={t('gerbang.keep_bodies')} hint={t('gerbang.keep_bodies_hint')} checked={checked('keepBodies')} />
      <fieldset class="field">
        <legend>{t('gerbang.description_source')}</legend>
        <p class="hint">{t('gerbang.description_source_hint')}</p>
        <div class="narrow">
          <div class="field">
            <label for="f-openapiFile">{t('gerbang.openapi_file')}</label>
            <input id="f-openapiFile" name="openapiFile" type="file" accept=".json,.yaml,.yml,application/json,application/yaml,text/yaml" />
          </div>
          <TextField ctx={ctx} form={form} name="openapiUrl" type="url" label={t('gerbang.openapi_url')} optional />
          <TextArea ctx={ctx} form={form} name="openapi" label={t('gerbang.openapi_text')} optional rows={6} />
          <TextArea ctx={ctx} form={form} name="endpoints" label={t('gerbang.endpoints')} hint={t('gerbang.endpoints_hint')} optional rows={5} />
        </div>
      </fieldset>
    </>
  );
}

export { serviceLabels };

export function SubsystemPage(props: {
  ctx: PageContext;
  settings: GerbangSettings;
  subsystem: SubsystemRow;
  tokens: TokenView[];
  services: ServiceRow[];
  requests: AccessRequestRow[];
  callable: { service: ServiceRow; whole: boolean; allowed: { method: string; path: string }[] }[];
  canManage: boolean;
  editForm: FormState;
  tokenForm: FormState;
  serviceForm: FormState;
  /** The client certificates section (tls/views), after the tokens. */
  certificates?: ComponentChildren;
}) {
  const { ctx, subsystem: s, settings } = props;
  const { t, fmt } = ctx;
  const identifier = subsystemIdOf(settings, s);
  return (
    <Layout ctx={ctx} title={identifier} crumbs={[rootCrumb(ctx), { label: s.name }]}>
      <h1>{s.name}</h1>
      <GerbangNav ctx={ctx} current="" />
      <dl class="summary-list">
        <dt>{t('gerbang.identifier')}</dt>
        <dd>
          <code>{identifier}</code>
        </dd>
        <dt>{t('gerbang.opd')}</dt>
        <dd>{s.opd_name}</dd>
        <dt>{t('gerbang.app_id')}</dt>
        <dd>{s.app_id ? <a href={`/katalog/apps/${s.app_id}`}>{t('gerbang.app_link')}</a> : '—'}</dd>
        <dt>{t('common.status')}</dt>
        <dd>{s.active ? t('gerbang.active') : t('gerbang.inactive')}</dd>
        {s.description ? (
          <>
            <dt>{t('gerbang.description')}</dt>
            <dd>{s.description}</dd>
          </>
        ) : null}
      </dl>

      <h2 id="callable">{t('gerbang.callable')}</h2>
      {props.callable.length === 0 ? (
        <p>{t('gerbang.callable_empty')}</p>
      ) : (
        <table>
          <caption class="visually-hidden">{t('gerbang.callable')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('gerbang.service')}</th>
              <th scope="col">{t('gerbang.allowed')}</th>
              <th scope="col">OpenAPI</th>
            </tr>
          </thead>
          <tbody>
            {props.callable.map((c) => (
              <tr key={c.service.id}>
                <th scope="row">
                  <a href={`/gerbang/services/${c.service.id}`}>{c.service.name}</a>
                  <br />
                  <code>{serviceIdOf(settings, c.service)}</code>
                </th>
                <td>{c.whole ? t('gerbang.whole_service') : c.allowed.map((a) => `${a.method} ${a.path}`).join(', ')}</td>
                <td>
                  <a href={`/api/v1/gerbang/services/${c.service.id}/openapi`}>{t('gerbang.openapi_download')}</a>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}

      <h2 id="tokens">{t('gerbang.tokens')}</h2>
      <p>{t('gerbang.tokens_intro', { client: identifier })}</p>
      {props.tokens.length === 0 ? (
        <p>{t('gerbang.tokens_empty')}</p>
      ) : (
        <table>
          <caption class="visually-hidden">{t('gerbang.tokens')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('gerbang.name')}</th>
              <th scope="col">{t('gerbang.prefix')}</th>
              <th scope="col">{t('common.created_at')}</th>
              <th scope="col">{t('gerbang.last_used')}</th>
              <th scope="col">{t('common.status')}</th>
              {props.canManage ? <th scope="col">{t('common.actions')}</th> : null}
            </tr>
          </thead>
          <tbody>
            {props.tokens.map((tk) => (
              <tr key={tk.id}>
                <th scope="row">{tk.name}</th>
                <td>
                  <code>{`padu_${tk.token_prefix}_…`}</code>
                </td>
                <td>{fmt.dateTime(tk.created_at)}</td>
                <td>{tk.last_used_at ? fmt.dateTime(tk.last_used_at) : t('gerbang.never')}</td>
                <td>{t(`gerbang.token_status.${tk.status}`)}</td>
                {props.canManage ? (
                  <td>
                    {tk.revoked_at ? null : (
                      <form method="post" action={`/gerbang/subsystems/${s.id}/tokens/${tk.id}/revoke`} class="inline-form">
                        <CsrfField ctx={ctx} />
                        <button type="submit" class="link-button">
                          {t('gerbang.revoke')}
                          <span class="visually-hidden"> {tk.name}</span>
                        </button>
                      </form>
                    )}
                  </td>
                ) : null}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {props.canManage && s.active ? (
        <form method="post" action={`/gerbang/subsystems/${s.id}/tokens`} novalidate>
          <h3>{t('gerbang.issue_token')}</h3>
          <ErrorSummary ctx={ctx} errors={props.tokenForm.errors} labels={{ name: t('gerbang.name'), expiresOn: t('gerbang.expires_on') }} />
          <CsrfField ctx={ctx} />
          <div class="narrow">
            <TextField ctx={ctx} form={props.tokenForm} name="name" label={t('gerbang.name')} optional maxLength={100} />
            <TextField ctx={ctx} form={props.tokenForm} name="expiresOn" type="date" label={t('gerbang.expires_on')} optional />
          </div>
          <button type="submit" class="button">
            {t('gerbang.issue_token')}
          </button>
        </form>
      ) : null}
      {props.certificates}

      <h2 id="services">{t('gerbang.provided_services')}</h2>
      {props.services.length === 0 ? (
        <p>{t('gerbang.provided_empty')}</p>
      ) : (
        <ul class="plain-list">
          {props.services.map((v) => (
            <li key={v.id}>
              <a href={`/gerbang/services/${v.id}`}>{v.name}</a> <code>{serviceIdOf(settings, v)}</code> <LifecycleBadge ctx={ctx} lifecycle={v.lifecycle} />
            </li>
          ))}
        </ul>
      )}
      {props.canManage && s.active ? (
        <>
          <h3 id="new-service">{t('gerbang.register_service')}</h3>
          <form method="post" action={`/gerbang/subsystems/${s.id}/services`} enctype="multipart/form-data" novalidate>
            <ErrorSummary ctx={ctx} errors={props.serviceForm.errors} labels={serviceLabels(ctx)} />
            <CsrfField ctx={ctx} />
            <ServiceFields ctx={ctx} form={props.serviceForm} editing={false} />
            <button type="submit" class="button">
              {t('gerbang.register_service_submit')}
            </button>
          </form>
        </>
      ) : null}

      <h2 id="requests">{t('gerbang.requests_made')}</h2>
      {props.requests.length === 0 ? (
        <p>{t('gerbang.requests_empty')}</p>
      ) : (
        <ul class="plain-list">
          {props.requests.map((r) => (
            <li key={r.id}>
              <a href={`/gerbang/services/${r.service_id}`}>{r.service_name}</a> ({r.provider_opd_name}) — {t(REQUEST_STATUS_KEYS[r.status])}
              {r.decision_reason ? `: ${r.decision_reason}` : ''}
            </li>
          ))}
        </ul>
      )}

      {props.canManage ? (
        <>
          <h2 id="edit">{t('gerbang.edit_subsystem')}</h2>
          <form method="post" action={`/gerbang/subsystems/${s.id}`} novalidate>
            <ErrorSummary ctx={ctx} errors={props.editForm.errors} labels={subsystemLabels(ctx)} />
            <CsrfField ctx={ctx} />
            <div class="narrow">
              <TextField ctx={ctx} form={props.editForm} name="name" label={t('gerbang.name')} maxLength={200} required />
              <TextArea ctx={ctx} form={props.editForm} name="description" label={t('gerbang.description')} optional rows={3} />
              <TextField ctx={ctx} form={props.editForm} name="appId" label={t('gerbang.app_id')} hint={t('gerbang.app_id_hint')} optional />
            </div>
            <CheckboxField ctx={ctx} name="active" label={t('gerbang.subsystem_active')} hint={t('gerbang.subsystem_active_hint')} checked={props.editForm.values.active !== false && props.editForm.values.active !== 'false'} />
            <button type="submit" class="button button-secondary">
              {t('common.save')}
            </button>
          </form>
        </>
      ) : null}
    </Layout>
  );
}

/** Shown once, straight from the issue POST: the token is never stored in plain text. */
export function TokenIssuedPage(props: { ctx: PageContext; settings: GerbangSettings; baseUrl: string; subsystem: SubsystemRow; token: { name: string; scopes: string[]; expires_at: Date | null }; plaintext: string }) {
  const { ctx, subsystem } = props;
  const { t, fmt } = ctx;
  const identifier = subsystemIdOf(props.settings, subsystem);
  const back = `/gerbang/subsystems/${subsystem.id}`;
  return (
    <Layout ctx={ctx} title={t('gerbang.token_issued_title')} crumbs={[rootCrumb(ctx), { href: back, label: subsystem.name }, { label: t('gerbang.token_issued_title') }]}>
      <h1>{t('gerbang.token_issued_title')}</h1>
      <div class="flash" role="alert">
        <h2>{t('gerbang.token_copy_now')}</h2>
        <p>{t('gerbang.token_copy_warning')}</p>
      </div>
      <div class="field">
        <label for="f-token">{t('gerbang.token_for', { client: identifier })}</label>
        <p class="hint" id="f-token-hint">
          {t('gerbang.token_usage')}
        </p>
        <input id="f-token" type="text" readonly value={props.plaintext} autocomplete="off" spellcheck={false} aria-describedby="f-token-hint" />
      </div>
      <pre>
        <code>{`curl -H "Authorization: Bearer ${props.plaintext}" \\\n     -H "X-Road-Client: ${identifier}" \\\n     ${props.baseUrl}/r1/INSTANCE/CLASS/MEMBER/SUBSYSTEM/SERVICECODE/…`}</code>
      </pre>
      <dl class="summary-list">
        <dt>{t('gerbang.name')}</dt>
        <dd>{props.token.name}</dd>
        <dt>{t('gerbang.expires_on')}</dt>
        <dd>{props.token.expires_at ? fmt.dateTime(props.token.expires_at) : t('gerbang.no_expiry')}</dd>
      </dl>
      <p>
        <a href={back}>{t('gerbang.back_to_subsystem')}</a>
      </p>
    </Layout>
  );
}
