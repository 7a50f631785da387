import type { FormState, PageContext } from '../../../../platform/html/context.ts';
import { Layout } from '../../../../platform/html/layout.tsx';
import { CsrfField, ErrorSummary, Pagination, SelectField, TextArea, TextField } from '../../../../platform/html/components.tsx';
import type { AuditHistoryItem } from '../../../../platform/audit/index.ts';
import type { MessageKey } from '../../../../platform/i18n/index.ts';
import { INTEGRATION_CHANNELS } from '../../db.ts';
import { HistorySection, PostButton, RegistryNav, type Option } from '../views/common.tsx';
import type { IntegrationRow } from './repo.ts';
import './messages.ts';

export const channelLabel = (ctx: PageContext, c: string) => ctx.t(`katalog.integration.channel.${c}` as MessageKey);
const channelOptions = (ctx: PageContext): Option[] => INTEGRATION_CHANNELS.map((c) => ({ value: c, label: channelLabel(ctx, c) }));

/** "Integrated" or "Not integrated", as text (no colour-only signal). */
export function IntegratedBadge(props: { ctx: PageContext; integrated: boolean }) {
  return <span class="badge">{props.integrated ? props.ctx.t('katalog.integration.integrated') : props.ctx.t('katalog.integration.not_integrated')}</span>;
}

export function IntegrationListPage(props: {
  ctx: PageContext;
  items: IntegrationRow[];
  hasNext: boolean;
  page: number;
  filter: { appKey: string; channel: string; integrated: string; opdId: string };
  opdOptions: Option[];
  canCreate: boolean;
  canEdit: (g: IntegrationRow) => boolean;
}) {
  const { ctx, filter } = props;
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('katalog.integration.title')} crumbs={[{ href: '/katalog/apps', label: t('nav.katalog') }, { label: t('katalog.integration.title') }]}>
      <h1>{t('katalog.integration.title')}</h1>
      <RegistryNav ctx={ctx} current="/katalog/integrations" />
      <p>{t('katalog.integration.intro')}</p>
      {props.canCreate ? (
        <p>
          <a class="button" href="/katalog/integrations/new">
            {t('katalog.integration.new')}
          </a>
        </p>
      ) : null}
      <form method="get" action="/katalog/integrations" class="filters" role="search">
        <TextField ctx={ctx} name="app" label={t('katalog.integration.filter_app')} value={filter.appKey} />
        {props.opdOptions.length > 1 ? <SelectField ctx={ctx} name="opdId" label={t('katalog.field.opd')} options={props.opdOptions} value={filter.opdId} emptyLabel={t('common.all')} /> : null}
        <SelectField ctx={ctx} name="channel" label={t('katalog.integration.channel')} options={channelOptions(ctx)} value={filter.channel} emptyLabel={t('common.all')} />
        <SelectField
          ctx={ctx}
          name="integrated"
          label={t('katalog.integration.filter_integrated')}
          options={[
            { value: 'true', label: t('katalog.integration.integrated') },
            { value: 'false', label: t('katalog.integration.not_integrated') },
          ]}
          value={filter.integrated}
          emptyLabel={t('common.all')}
        />
        <button type="submit" class="button button-secondary">
          {t('common.filter')}
        </button>
      </form>
      {props.items.length === 0 ? (
        <p>{t('katalog.integration.empty')}</p>
      ) : (
        <table>
          <caption class="visually-hidden">{t('katalog.integration.title')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('katalog.integration.consumer')}</th>
              <th scope="col">{t('katalog.integration.provider')}</th>
              <th scope="col">{t('katalog.integration.dataset')}</th>
              <th scope="col">{t('katalog.integration.channel')}</th>
              <th scope="col">{t('katalog.integration.status')}</th>
            </tr>
          </thead>
          <tbody>
            {props.items.map((g) => (
              <tr key={g.id}>
                <td>
                  {props.canEdit(g) ? <a href={`/katalog/integrations/${g.id}/edit`}>{g.consumer_name}</a> : g.consumer_name} <code>{g.consumer_key}</code>
                </td>
                <td>
                  {g.provider_name} <code>{g.provider_key}</code>
                </td>
                <td>{g.dataset_name ?? '—'}</td>
                <td>{channelLabel(ctx, g.channel)}</td>
                <td>
                  <IntegratedBadge ctx={ctx} integrated={g.integrated} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <Pagination ctx={ctx} page={props.page} hasNext={props.hasNext} baseUrl={ctx.currentUrl} />
    </Layout>
  );
}

export function IntegrationFormPage(props: { ctx: PageContext; form: FormState; integration?: IntegrationRow; history?: AuditHistoryItem[] }) {
  const { ctx, form, integration: g } = props;
  const { t } = ctx;
  const title = g ? t('katalog.integration.edit_title', { consumer: g.consumer_name, provider: g.provider_name }) : t('katalog.integration.new');
  return (
    <Layout ctx={ctx} title={title} crumbs={[{ href: '/katalog/integrations', label: t('katalog.integration.title') }, { label: title }]}>
      <h1>{title}</h1>
      <form method="post" action={g ? `/katalog/integrations/${g.id}` : '/katalog/integrations'} novalidate>
        <ErrorSummary ctx={ctx} errors={form.errors} />
        <CsrfField ctx={ctx} />
        {g ? (
          <dl class="summary-list">
            <dt>{t('katalog.integration.consumer')}</dt>
            <dd>
              <a href={`/katalog/apps/${g.consumer_app_id}`}>{g.consumer_name}</a>
            </dd>
            <dt>{t('katalog.integration.provider')}</dt>
            <dd>
              {g.provider_name} <code>{g.provider_key}</code>
            </dd>
            <dt>{t('katalog.integration.status')}</dt>
            <dd>
              <IntegratedBadge ctx={ctx} integrated={g.integrated} />
            </dd>
          </dl>
        ) : (
          <>
            <TextField ctx={ctx} form={form} name="consumerKey" label={t('katalog.integration.consumer')} hint={t('katalog.integration.consumer_hint')} required maxLength={80} />
            <TextField ctx={ctx} form={form} name="providerKey" label={t('katalog.integration.provider')} hint={t('katalog.integration.provider_hint')} required maxLength={80} />
          </>
        )}
        <TextField ctx={ctx} form={form} name="datasetKey" label={t('katalog.integration.dataset')} hint={t('katalog.integration.dataset_hint')} optional maxLength={80} />
        <SelectField ctx={ctx} form={form} name="channel" label={t('katalog.integration.channel')} options={channelOptions(ctx)} required />
        <TextArea ctx={ctx} form={form} name="note" label={t('katalog.integration.note')} optional rows={3} />
        <button type="submit" class="button">
          {t('common.save')}
        </button>
      </form>
      {g ? (
        <p>
          <PostButton ctx={ctx} action={`/katalog/integrations/${g.id}/delete`} label={t('katalog.registry.delete')} warning />
        </p>
      ) : null}
      {props.history ? <HistorySection ctx={ctx} history={props.history} /> : null}
    </Layout>
  );
}
