import { Fragment } from 'preact';
import type { FormState, PageContext } from '../../../../platform/html/context.ts';
import { Layout } from '../../../../platform/html/layout.tsx';
import { CsrfField, ErrorSummary } from '../../../../platform/html/components.tsx';
import type { MessageKey } from '../../../../platform/i18n/index.ts';
import type { ElementRow } from '../repo.ts';
import type { DataAccessEntry } from '../use-cases/list-data-access.ts';
import type { PrefillStatus } from '../use-cases/prefill.ts';

/** What the citizen is asked to allow, as the consent page shows it (the request travels in hidden fields). */
export interface ConsentPlanView {
  recipient: { identifier: string; name: string; agency: string };
  elements: ElementRow[];
  request: { recipient: string; elements: string; purpose: string; purposeText: string; legalBasis: string; validDays: string };
}

export interface ConsentView {
  id: string;
  recipientName: string;
  recipientAgency: string;
  elements: string[];
  purposeText: string;
  purpose: string;
  legalBasis: string;
  grantedAt: Date;
  expiresAt: Date;
  withdrawnAt: Date | null;
  open: boolean;
}

const OUTCOME_KEYS = {
  answered: 'once_only.outcome.answered',
  not_found: 'once_only.outcome.not_found',
  refused: 'once_only.outcome.refused',
  failed: 'once_only.outcome.failed',
} as const satisfies Record<DataAccessEntry['outcome'], MessageKey>;

const PREFILL_KEYS = {
  ok: 'once_only.prefill_status.ok',
  not_found: 'once_only.prefill_status.not_found',
  refused: 'once_only.prefill_status.refused',
  failed: 'once_only.prefill_status.failed',
} as const satisfies Record<PrefillStatus, MessageKey>;

function Time(props: { ctx: PageContext; at: Date }) {
  return <time dateTime={props.at.toISOString()}>{props.ctx.fmt.dateTime(props.at)}</time>;
}

/** The consent page: exactly what will be fetched, from which agency, by whom, why, until when; accept or go back. */
export function ConsentPage(props: { ctx: PageContext; plan: ConsentPlanView | null; nikKnown: boolean; form: FormState }) {
  const { ctx, plan } = props;
  const { t } = ctx;
  const title = t('once_only.consent_title');
  return (
    <Layout ctx={ctx} title={title} crumbs={[{ href: '/gerbang/my-data', label: t('once_only.my_data_title') }, { label: title }]}>
      <h1>{title}</h1>
      <ErrorSummary ctx={ctx} errors={props.form.errors} labels={{ elements: t('once_only.consent_data'), purpose: t('once_only.purpose'), purposeText: t('once_only.purpose'), legalBasis: t('once_only.legal_basis'), recipient: t('once_only.recipient'), validDays: t('once_only.valid_until') }} />
      {!props.nikKnown ? <p class="notice">{t('once_only.nik_unknown_page')}</p> : null}
      {plan ? (
        <>
          <p class="lead">{t('once_only.consent_lead', { recipient: plan.recipient.name, agency: plan.recipient.agency })}</p>
          <h2>{t('once_only.consent_data')}</h2>
          <ul class="plain-list">
            {plan.elements.map((e) => (
              <li key={e.code}>
                <h3>{e.name}</h3>
                <p>{t('once_only.consent_from', { agency: e.provider_opd_name, service: e.service_name })}</p>
                <p>
                  {t('once_only.consent_fields')} {e.fields.map((f) => f.label).join(', ')}
                </p>
              </li>
            ))}
          </ul>
          <dl class="facts">
            <dt>{t('once_only.recipient')}</dt>
            <dd>
              {plan.recipient.name} — {plan.recipient.agency} (<code>{plan.recipient.identifier}</code>)
            </dd>
            <dt>{t('once_only.purpose')}</dt>
            <dd>
              {plan.request.purposeText} (<code>{plan.request.purpose}</code>)
            </dd>
            <dt>{t('once_only.legal_basis')}</dt>
            <dd>
              <code>{plan.request.legalBasis}</code>
            </dd>
            <dt>{t('once_only.valid_until')}</dt>
            <dd>{t('once_only.valid_days', { days: plan.request.validDays })}</dd>
          </dl>
          <p>{t('once_only.consent_withdraw_note')}</p>
          {props.nikKnown ? (
            <form method="post" action="/gerbang/consent">
              <CsrfField ctx={ctx} />
              {Object.entries(plan.request).map(([name, value]) => (
                <input key={name} type="hidden" name={name} value={value} />
              ))}
              <button type="submit" class="button">
                {t('once_only.consent_accept')}
              </button>{' '}
              <a href="/gerbang/my-data">{t('once_only.consent_decline')}</a>
            </form>
          ) : null}
        </>
      ) : null}
    </Layout>
  );
}

/** After the citizen accepted a portal prefill: the values government already holds, ready for the form. */
export function PrefillResultPage(props: {
  ctx: PageContext;
  items: { code: string; name: string; agency: string; status: PrefillStatus; fields: { name: string; label: string }[]; values: Record<string, unknown> }[];
}) {
  const { ctx } = props;
  const { t } = ctx;
  const show = (v: unknown) => (v === null || v === undefined ? '—' : typeof v === 'object' ? JSON.stringify(v) : String(v));
  return (
    <Layout ctx={ctx} title={t('once_only.prefill_title')} crumbs={[{ href: '/gerbang/my-data', label: t('once_only.my_data_title') }, { label: t('once_only.prefill_title') }]}>
      <h1>{t('once_only.prefill_title')}</h1>
      <p class="lead">{t('once_only.prefill_lead')}</p>
      {props.items.map((i) => (
        <section key={i.code} aria-labelledby={`el-${i.code}`}>
          <h2 id={`el-${i.code}`}>{i.name}</h2>
          <p>
            {t('once_only.prefill_from', { agency: i.agency })} — {t(PREFILL_KEYS[i.status])}
          </p>
          {i.status === 'ok' ? (
            <dl class="facts">
              {i.fields.map((f) => (
                <Fragment key={f.name}>
                  <dt>{f.label}</dt>
                  <dd>{show(i.values[f.name])}</dd>
                </Fragment>
              ))}
            </dl>
          ) : null}
        </section>
      ))}
      <p>
        <a href="/gerbang/my-data">{t('once_only.my_data_link')}</a>
      </p>
    </Layout>
  );
}

/** "Who looked at my data": the exchanges about the citizen, and their consents (withdrawable). */
export function MyDataPage(props: { ctx: PageContext; nikKnown: boolean; entries: DataAccessEntry[]; olderHref: string | null; consents: ConsentView[] }) {
  const { ctx } = props;
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('once_only.my_data_title')} crumbs={[{ label: t('once_only.my_data_title') }]}>
      <h1>{t('once_only.my_data_title')}</h1>
      <p class="lead">{t('once_only.my_data_intro')}</p>
      <h2 id="access">{t('once_only.access_title')}</h2>
      {!props.nikKnown ? (
        <p class="notice">{t('once_only.nik_unknown_page')}</p>
      ) : props.entries.length === 0 ? (
        <p>{t('once_only.access_empty')}</p>
      ) : (
        <table>
          <caption>{t('once_only.access_caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('once_only.when')}</th>
              <th scope="col">{t('once_only.who')}</th>
              <th scope="col">{t('once_only.what')}</th>
              <th scope="col">{t('once_only.purpose')}</th>
              <th scope="col">{t('once_only.outcome')}</th>
            </tr>
          </thead>
          <tbody>
            {props.entries.map((e) => (
              <tr key={e.id}>
                <td>
                  <Time ctx={ctx} at={e.at} />
                </td>
                <th scope="row">
                  {e.consumerAgency ?? e.client}
                  {e.consumerSystem ? (
                    <>
                      <br />
                      <span class="hint">{e.consumerSystem}</span>
                    </>
                  ) : null}
                </th>
                <td>
                  {e.serviceName ?? e.service}
                  {e.providerAgency ? (
                    <>
                      <br />
                      <span class="hint">{t('once_only.held_by', { agency: e.providerAgency })}</span>
                    </>
                  ) : null}
                </td>
                <td>
                  {e.purpose ? <code>{e.purpose}</code> : '—'}
                  {e.legalBasis ? (
                    <>
                      <br />
                      <span class="hint">{t('once_only.legal_basis_short', { code: e.legalBasis })}</span>
                    </>
                  ) : null}
                  {e.consentId ? (
                    <>
                      <br />
                      <span class="hint">{t('once_only.with_consent')}</span>
                    </>
                  ) : null}
                </td>
                <td>{t(OUTCOME_KEYS[e.outcome])}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {props.olderHref ? (
        <p>
          <a href={props.olderHref}>{t('once_only.older')}</a>
        </p>
      ) : null}
      <h2 id="consents">{t('once_only.consents_title')}</h2>
      {props.consents.length === 0 ? (
        <p>{t('once_only.consents_empty')}</p>
      ) : (
        <table>
          <caption>{t('once_only.consents_caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('once_only.recipient')}</th>
              <th scope="col">{t('once_only.consent_data')}</th>
              <th scope="col">{t('once_only.purpose')}</th>
              <th scope="col">{t('once_only.valid_until')}</th>
              <th scope="col">{t('once_only.action')}</th>
            </tr>
          </thead>
          <tbody>
            {props.consents.map((c) => (
              <tr key={c.id}>
                <th scope="row">
                  {c.recipientName}
                  <br />
                  <span class="hint">{c.recipientAgency}</span>
                </th>
                <td>{c.elements.join(', ')}</td>
                <td>{c.purposeText}</td>
                <td>{c.withdrawnAt ? t('once_only.withdrawn_on', { date: ctx.fmt.date(c.withdrawnAt) }) : <Time ctx={ctx} at={c.expiresAt} />}</td>
                <td>
                  {c.open ? (
                    <form method="post" action={`/gerbang/my-data/consents/${c.id}/withdraw`}>
                      <CsrfField ctx={ctx} />
                      <button type="submit" class="button button-secondary">
                        {t('once_only.withdraw')}
                      </button>
                    </form>
                  ) : (
                    '—'
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Layout>
  );
}
