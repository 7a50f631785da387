import type { FormState, PageContext } from '../../html/context.ts';
import { Layout } from '../../html/layout.tsx';
import { CsrfField, ErrorSummary, SelectField, TextField } from '../../html/components.tsx';
import type { MessageKey } from '../../i18n/index.ts';
import type { ApiScope } from '../scopes.ts';
import type { TokenStatus, TokenWithStatus } from '../use-cases/token-status.ts';

export type OpdOption = { value: string; label: string };

const STATUS_KEYS = { active: 'tokens.status.active', revoked: 'tokens.status.revoked', expired: 'tokens.status.expired' } as const satisfies Record<TokenStatus, MessageKey>;
const statusKey = (s: TokenStatus) => STATUS_KEYS[s];

function fieldLabels(ctx: PageContext): Record<string, string> {
  return { name: ctx.t('tokens.name'), scopes: ctx.t('tokens.scopes'), expiresOn: ctx.t('tokens.expires') };
}

/** Scope checkboxes as a table, so each scope's description sits beside it without extra CSS. */
function ScopeFieldset(props: { ctx: PageContext; form: FormState; scopes: ApiScope[] }) {
  const { ctx, form } = props;
  const { t } = ctx;
  const error = form.errors.find((e) => e.field === 'scopes' || e.field.startsWith('scopes.'));
  const raw = form.values.scopes;
  const checked = new Set(Array.isArray(raw) ? raw.map(String) : raw ? [String(raw)] : []);
  return (
    <fieldset class={error ? 'field field-error' : 'field'} aria-describedby={error ? 'f-scopes-hint f-scopes-error' : 'f-scopes-hint'}>
      <legend>{t('tokens.scopes')}</legend>
      <p class="hint" id="f-scopes-hint">
        {t('tokens.scopes_hint')}
      </p>
      {error ? (
        <p class="error-message" id="f-scopes-error">
          {t(error.messageKey, error.params)}
        </p>
      ) : null}
      <table>
        <caption class="visually-hidden">{t('tokens.scopes')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('tokens.scope_choose')}</th>
            <th scope="col">{t('tokens.scopes')}</th>
            <th scope="col">{t('tokens.scope_description')}</th>
          </tr>
        </thead>
        <tbody>
          {props.scopes.map((s, i) => {
            // The first box carries the field id, so the error summary's link lands on it.
            const id = i === 0 ? 'f-scopes' : `f-scopes-${i}`;
            return (
              <tr key={s.scope}>
                <td>
                  <input type="checkbox" id={id} name="scopes" value={s.scope} checked={checked.has(s.scope)} aria-describedby={`${id}-desc`} />
                </td>
                <th scope="row">
                  <label for={id}>
                    <code>{s.scope}</code>
                  </label>
                </th>
                <td id={`${id}-desc`}>{s.description[ctx.locale]}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </fieldset>
  );
}

export function TokensPage(props: {
  ctx: PageContext;
  opdOptions: OpdOption[];
  selected: { id: string; name: string; active: boolean } | null;
  tokens: TokenWithStatus[];
  canManage: boolean;
  form: FormState;
  scopes: ApiScope[];
}) {
  const { ctx, selected, form } = props;
  const { t, fmt } = ctx;
  return (
    <Layout ctx={ctx} title={selected ? t('tokens.list_title', { opd: selected.name }) : t('tokens.title')} crumbs={[{ label: t('tokens.title') }]}>
      <h1>{t('tokens.title')}</h1>
      <p>{t('tokens.intro')}</p>
      <form method="get" action="/admin/tokens" class="filters">
        <SelectField ctx={ctx} name="opdId" label={t('tokens.pick_opd')} options={props.opdOptions} value={selected?.id ?? ''} emptyLabel="—" />
        <button type="submit" class="button button-secondary">
          {t('tokens.show')}
        </button>
      </form>
      {selected ? (
        <>
          <h2 id="token-list">{t('tokens.list_title', { opd: selected.name })}</h2>
          {props.tokens.length === 0 ? (
            <p>{t('tokens.empty')}</p>
          ) : (
            <table>
              <caption class="visually-hidden">{t('tokens.list_title', { opd: selected.name })}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('tokens.name')}</th>
                  <th scope="col">{t('tokens.prefix')}</th>
                  <th scope="col">{t('tokens.scopes')}</th>
                  <th scope="col">{t('common.created_at')}</th>
                  <th scope="col">{t('tokens.last_used')}</th>
                  <th scope="col">{t('tokens.expires')}</th>
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
                    <td>
                      <code>{tk.scopes.join(', ')}</code>
                    </td>
                    <td>{fmt.dateTime(tk.created_at)}</td>
                    <td>{tk.last_used_at ? fmt.dateTime(tk.last_used_at) : t('tokens.never_used')}</td>
                    <td>{tk.expires_at ? fmt.dateTime(tk.expires_at) : t('tokens.no_expiry')}</td>
                    <td>
                      <span class="badge">{t(statusKey(tk.status))}</span>
                    </td>
                    {props.canManage ? (
                      <td>
                        {tk.revoked_at ? null : (
                          <form method="post" action={`/admin/tokens/${selected.id}/${tk.id}/revoke`} class="inline-form">
                            <CsrfField ctx={ctx} />
                            <button type="submit" class="link-button">
                              {t('tokens.revoke')}
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
          {props.canManage && selected.active ? (
            <>
              <h2 id="create">{t('tokens.create_title')}</h2>
              <form method="post" action={`/admin/tokens/${selected.id}`} novalidate>
                <ErrorSummary ctx={ctx} errors={form.errors} labels={fieldLabels(ctx)} />
                <CsrfField ctx={ctx} />
                <div class="narrow">
                  <TextField ctx={ctx} form={form} name="name" label={t('tokens.name')} hint={t('tokens.name_hint')} maxLength={100} required />
                </div>
                <ScopeFieldset ctx={ctx} form={form} scopes={props.scopes} />
                <div class="narrow">
                  <TextField ctx={ctx} form={form} name="expiresOn" type="date" label={t('tokens.expires')} hint={t('tokens.expires_hint')} optional />
                </div>
                <button type="submit" class="button">
                  {t('tokens.create_submit')}
                </button>
              </form>
            </>
          ) : null}
        </>
      ) : null}
    </Layout>
  );
}

/** Shown once, straight from the create POST: the plaintext is never stored, so it cannot come back. */
export function TokenCreatedPage(props: { ctx: PageContext; opd: { id: string; name: string }; token: TokenWithStatus; plaintext: string }) {
  const { ctx, token, opd } = props;
  const { t, fmt } = ctx;
  const listUrl = `/admin/tokens?opdId=${opd.id}`;
  return (
    <Layout ctx={ctx} title={t('tokens.created_title')} crumbs={[{ href: listUrl, label: t('tokens.title') }, { label: t('tokens.created_title') }]}>
      <h1>{t('tokens.created_title')}</h1>
      <div class="flash" role="alert">
        <h2>{t('tokens.created_warning_title')}</h2>
        <p>{t('tokens.created_warning')}</p>
      </div>
      <div class="field">
        <label for="f-token">{t('tokens.created_label', { name: token.name })}</label>
        <p class="hint" id="f-token-hint">
          {t('tokens.created_usage')}
        </p>
        <input id="f-token" type="text" readonly value={props.plaintext} autocomplete="off" spellcheck={false} aria-describedby="f-token-hint" />
      </div>
      <dl class="summary-list">
        <dt>{t('tokens.name')}</dt>
        <dd>{token.name}</dd>
        <dt>{t('tokens.opd')}</dt>
        <dd>{opd.name}</dd>
        <dt>{t('tokens.scopes')}</dt>
        <dd>{token.scopes.join(', ')}</dd>
        <dt>{t('tokens.expires')}</dt>
        <dd>{token.expires_at ? fmt.dateTime(token.expires_at) : t('tokens.no_expiry')}</dd>
      </dl>
      <p>
        <a href={listUrl}>{t('tokens.back_to_list')}</a>
      </p>
    </Layout>
  );
}
