import { Fragment } from 'preact';
import type { FormState, PageContext } from '../../../../platform/html/context.ts';
import { Layout } from '../../../../platform/html/layout.tsx';
import { CsrfField, ErrorSummary, SelectField, TextField } from '../../../../platform/html/components.tsx';
import type { MessageKey } from '../../../../platform/i18n/index.ts';
import type { GerbangSettings } from '../../config.ts';
import { GerbangNav, rootCrumb } from '../../control/views/common.tsx';
import { subsystemIdOf } from '../../control/use-cases/visibility.ts';
import { DELIVERY_STATUSES, type DeliveryMode, type DeliveryStatus } from '../db.ts';
import type { DeliveryRow, SubscriptionRow } from '../repo.ts';

const MODE_KEYS = { webhook: 'once_only.delivery.webhook', pull: 'once_only.delivery.pull' } as const satisfies Record<DeliveryMode, MessageKey>;
const STATUS_KEYS = {
  pending: 'once_only.delivery_status.pending',
  delivered: 'once_only.delivery_status.delivered',
  dead: 'once_only.delivery_status.dead',
} as const satisfies Record<DeliveryStatus, MessageKey>;

const labels = (ctx: PageContext): Record<string, string> => ({
  subsystem: ctx.t('once_only.subscriber'),
  element: ctx.t('once_only.element'),
  delivery: ctx.t('once_only.delivery_mode'),
  webhookUrl: ctx.t('once_only.webhook_url'),
});

const subscriberOf = (settings: GerbangSettings, s: SubscriptionRow) => subsystemIdOf(settings, { opd_code: s.opd_code, code: s.subsystem_code });

/** Change notifications: the subscriptions of the actor's agencies' subsystems, and subscribing one. */
export function SubscriptionListPage(props: {
  ctx: PageContext;
  settings: GerbangSettings;
  subscriptions: SubscriptionRow[];
  subsystemOptions: { value: string; label: string }[];
  elementOptions: { value: string; label: string }[];
  form: FormState;
}) {
  const { ctx, form } = props;
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('once_only.subscriptions_title')} crumbs={[rootCrumb(ctx), { label: t('once_only.subscriptions_title') }]}>
      <h1>{t('once_only.subscriptions_title')}</h1>
      <p class="lead">{t('once_only.subscriptions_intro')}</p>
      <GerbangNav ctx={ctx} current="/gerbang/subscriptions" />
      {props.subscriptions.length === 0 ? (
        <p>{t('once_only.subscriptions_empty')}</p>
      ) : (
        <table>
          <caption>{t('once_only.subscriptions_caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('once_only.element')}</th>
              <th scope="col">{t('once_only.subscriber')}</th>
              <th scope="col">{t('once_only.delivery_mode')}</th>
              <th scope="col">{t('common.status')}</th>
            </tr>
          </thead>
          <tbody>
            {props.subscriptions.map((s) => (
              <tr key={s.id}>
                <th scope="row">
                  <a href={`/gerbang/subscriptions/${s.id}`}>{s.element_name}</a> (<code>{s.element_code}</code>)
                </th>
                <td>
                  <code>{subscriberOf(props.settings, s)}</code>
                </td>
                <td>{t(MODE_KEYS[s.delivery])}</td>
                <td>{s.active ? t('once_only.active_yes') : t('once_only.subscription_cancelled')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {props.subsystemOptions.length > 0 ? (
        <>
          <h2 id="new-subscription">{t('once_only.new_subscription')}</h2>
          <p>{t('once_only.new_subscription_intro')}</p>
          <form method="post" action="/gerbang/subscriptions" novalidate>
            <ErrorSummary ctx={ctx} errors={form.errors} labels={labels(ctx)} />
            <CsrfField ctx={ctx} />
            <div class="narrow">
              <SelectField ctx={ctx} form={form} name="subsystem" label={t('once_only.subscriber')} options={props.subsystemOptions} required />
              <SelectField ctx={ctx} form={form} name="element" label={t('once_only.element')} options={props.elementOptions} required />
              <SelectField ctx={ctx} form={form} name="delivery" label={t('once_only.delivery_mode')} options={[{ value: 'webhook', label: t(MODE_KEYS.webhook) }, { value: 'pull', label: t(MODE_KEYS.pull) }]} required />
              <TextField ctx={ctx} form={form} name="webhookUrl" type="url" label={t('once_only.webhook_url')} hint={t('once_only.webhook_url_hint')} optional maxLength={1000} />
            </div>
            <button type="submit" class="button">
              {t('once_only.new_subscription_submit')}
            </button>
          </form>
        </>
      ) : null}
    </Layout>
  );
}

/** Shown once after subscribing: the webhook secret (never shown again) and how to verify signatures. */
export function SubscriptionCreatedPage(props: { ctx: PageContext; settings: GerbangSettings; subscription: SubscriptionRow; secret: string | null; feedUrl: string }) {
  const { ctx, subscription: s } = props;
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('once_only.subscription_created')} crumbs={[rootCrumb(ctx), { href: '/gerbang/subscriptions', label: t('once_only.subscriptions_title') }, { label: s.element_code }]}>
      <h1>{t('once_only.subscription_created')}</h1>
      {props.secret ? (
        <div class="notice" role="status">
          <p>
            <strong>{t('once_only.secret_copy_now')}</strong> {t('once_only.secret_warning')}
          </p>
          <p>
            <label for="webhook-secret">{t('once_only.secret')}</label>
            <input id="webhook-secret" type="text" readOnly value={props.secret} class="code" size={60} />
          </p>
          <p>{t('once_only.signature_help')}</p>
        </div>
      ) : null}
      <p>
        {t('once_only.feed_help')} <code>{props.feedUrl}</code>
      </p>
      <p>
        <a href={`/gerbang/subscriptions/${s.id}`}>{t('once_only.subscription_open')}</a>
      </p>
    </Layout>
  );
}

/** One subscription: delivery counts, recent deliveries (filter `dead` for the dead letters), retry and cancel. */
export function SubscriptionPage(props: {
  ctx: PageContext;
  settings: GerbangSettings;
  subscription: SubscriptionRow;
  counts: Record<DeliveryStatus, number>;
  deliveries: DeliveryRow[];
  status: DeliveryStatus | '';
  canManage: boolean;
  feedUrl: string;
}) {
  const { ctx, subscription: s } = props;
  const { t } = ctx;
  const title = t('once_only.subscription_title', { element: s.element_name });
  return (
    <Layout ctx={ctx} title={title} crumbs={[rootCrumb(ctx), { href: '/gerbang/subscriptions', label: t('once_only.subscriptions_title') }, { label: s.element_code }]}>
      <h1>{title}</h1>
      <GerbangNav ctx={ctx} current="/gerbang/subscriptions" />
      <dl class="facts">
        <dt>{t('once_only.subscriber')}</dt>
        <dd>
          <code>{subscriberOf(props.settings, s)}</code> — {s.opd_name}
        </dd>
        <dt>{t('once_only.delivery_mode')}</dt>
        <dd>
          {t(MODE_KEYS[s.delivery])}
          {s.webhook_url ? (
            <>
              {' '}
              <code>{s.webhook_url}</code>
            </>
          ) : null}
        </dd>
        <dt>{t('once_only.feed')}</dt>
        <dd>
          <code>{props.feedUrl}</code>
        </dd>
        <dt>{t('common.status')}</dt>
        <dd>{s.active ? t('once_only.active_yes') : t('once_only.subscription_cancelled')}</dd>
        {DELIVERY_STATUSES.map((st) => (
          <Fragment key={st}>
            <dt>{t(STATUS_KEYS[st])}</dt>
            <dd>{ctx.fmt.number(props.counts[st])}</dd>
          </Fragment>
        ))}
      </dl>
      {props.canManage && s.active ? (
        <form method="post" action={`/gerbang/subscriptions/${s.id}/cancel`}>
          <CsrfField ctx={ctx} />
          <button type="submit" class="button button-secondary">
            {t('once_only.subscription_cancel')}
          </button>
        </form>
      ) : null}
      <h2 id="deliveries">{t('once_only.deliveries')}</h2>
      <form method="get" action={`/gerbang/subscriptions/${s.id}`} class="filters" aria-label={t('once_only.deliveries_filter')}>
        <SelectField
          ctx={ctx}
          name="status"
          label={t('common.status')}
          options={DELIVERY_STATUSES.map((st) => ({ value: st, label: t(STATUS_KEYS[st]) }))}
          emptyLabel={t('once_only.delivery_status.any')}
          value={props.status}
        />
        <button type="submit" class="button button-secondary">
          {t('once_only.apply')}
        </button>
        <a href={`/gerbang/subscriptions/${s.id}?status=dead#deliveries`}>{t('once_only.dead_letters')}</a>
      </form>
      {props.deliveries.length === 0 ? (
        <p>{t('once_only.deliveries_empty')}</p>
      ) : (
        <table>
          <caption>{props.status === 'dead' ? t('once_only.dead_letters') : t('once_only.deliveries')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('once_only.event_seq')}</th>
              <th scope="col">{t('common.status')}</th>
              <th scope="col">{t('once_only.attempts')}</th>
              <th scope="col">{t('once_only.last_attempt')}</th>
              <th scope="col">{t('once_only.last_result')}</th>
              {props.canManage ? <th scope="col">{t('once_only.action')}</th> : null}
            </tr>
          </thead>
          <tbody>
            {props.deliveries.map((d) => (
              <tr key={d.id}>
                <th scope="row">#{Number(d.event_seq)}</th>
                <td>{t(STATUS_KEYS[d.status])}</td>
                <td>{d.attempts}</td>
                <td>{d.last_attempt_at ? <time dateTime={d.last_attempt_at.toISOString()}>{ctx.fmt.dateTime(d.last_attempt_at)}</time> : '—'}</td>
                <td>{d.last_error ?? (d.last_status !== null ? `HTTP ${d.last_status}` : '—')}</td>
                {props.canManage ? (
                  <td>
                    {d.status === 'dead' ? (
                      <form method="post" action={`/gerbang/deliveries/${d.id}/retry`}>
                        <CsrfField ctx={ctx} />
                        <button type="submit" class="button button-secondary">
                          {t('once_only.retry')}
                        </button>
                      </form>
                    ) : null}
                  </td>
                ) : null}
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Layout>
  );
}
