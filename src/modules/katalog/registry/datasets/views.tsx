import type { FormState, PageContext } from '../../../../platform/html/context.ts';
import { Layout } from '../../../../platform/html/layout.tsx';
import { CsrfField, ErrorSummary, Pagination, SelectField, TextArea, TextField } from '../../../../platform/html/components.tsx';
import type { AuditHistoryItem } from '../../../../platform/audit/index.ts';
import type { MessageKey } from '../../../../platform/i18n/index.ts';
import { SyntheticNotice } from '../../views/app-pages.tsx';
import { SENSITIVITIES, UPDATE_FREQUENCIES } from '../db.ts';
import { HistorySection, RefLinks, RegistryListLayout, RegistryNav, Row, type Option } from '../views/common.tsx';
import type { DatasetDetail } from './use-cases/get-dataset.ts';
import './messages.ts';

export const sensitivityLabel = (ctx: PageContext, s: string) => ctx.t(`katalog.dataset.sensitivity.${s}` as MessageKey);
export const frequencyLabel = (ctx: PageContext, f: string | null) => (f ? ctx.t(`katalog.dataset.frequency.${f}` as MessageKey) : null);
const crumbsBase = (ctx: PageContext) => [{ href: '/katalog/datasets', label: ctx.t('katalog.dataset.title') }];

export function DatasetListPage(props: { ctx: PageContext; items: DatasetDetail[]; hasNext: boolean; page: number; filter: { q: string; opdId: string; sensitivity: string }; opdOptions: Option[]; canCreate: boolean }) {
  const { ctx, filter } = props;
  const { t } = ctx;
  return (
    <RegistryListLayout
      ctx={ctx}
      area="dataset"
      path="/katalog/datasets"
      synthetic={props.items.some((d) => d.synthetic)}
      canCreate={props.canCreate}
      filter={filter}
      opdOptions={props.opdOptions}
      extraFilter={
        <SelectField ctx={ctx} name="sensitivity" label={t('katalog.dataset.field.sensitivity')} options={SENSITIVITIES.map((s) => ({ value: s, label: sensitivityLabel(ctx, s) }))} value={filter.sensitivity} emptyLabel={t('common.all')} />
      }
    >
      {props.items.length === 0 ? (
        <p>{t('katalog.dataset.empty')}</p>
      ) : (
        <table>
          <caption class="visually-hidden">{t('katalog.dataset.title')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('katalog.dataset.field.name')}</th>
              <th scope="col">{t('katalog.dataset.field.producer')}</th>
              <th scope="col">{t('katalog.dataset.field.walidata')}</th>
              <th scope="col">{t('katalog.dataset.field.rad')}</th>
              <th scope="col">{t('katalog.dataset.field.sensitivity')}</th>
              <th scope="col">{t('katalog.dataset.field.update_frequency')}</th>
            </tr>
          </thead>
          <tbody>
            {props.items.map((d) => (
              <tr key={d.id}>
                <td>
                  <a href={`/katalog/datasets/${d.id}`}>{d.name}</a>
                </td>
                <td>{d.producer_name ?? t('katalog.dataset.no_producer')}</td>
                <td>{d.walidata_name ?? '—'}</td>
                <td>{d.rad_code ?? '—'}</td>
                <td>{sensitivityLabel(ctx, d.sensitivity)}</td>
                <td>{frequencyLabel(ctx, d.update_frequency) ?? '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <Pagination ctx={ctx} page={props.page} hasNext={props.hasNext} baseUrl={ctx.currentUrl} />
    </RegistryListLayout>
  );
}

export function DatasetFormPage(props: { ctx: PageContext; form: FormState; action: string; producerOptions: Option[]; walidataOptions: Option[]; title: string; isNew: boolean; version?: number; dataset?: { id: string; name: string } }) {
  const { ctx, form } = props;
  const { t } = ctx;
  const crumbs = [...crumbsBase(ctx), ...(props.dataset ? [{ href: `/katalog/datasets/${props.dataset.id}`, label: props.dataset.name }] : []), { label: props.title }];
  return (
    <Layout ctx={ctx} title={props.title} crumbs={crumbs}>
      <h1>{props.title}</h1>
      <form method="post" action={props.action} novalidate>
        <ErrorSummary ctx={ctx} errors={form.errors} />
        <CsrfField ctx={ctx} />
        {props.version ? <input type="hidden" name="version" value={String(props.version)} /> : null}
        {props.isNew ? <TextField ctx={ctx} form={form} name="key" label={t('katalog.field.key')} hint={t('katalog.field.key_hint')} optional maxLength={80} /> : null}
        <TextField ctx={ctx} form={form} name="name" label={t('katalog.dataset.field.name')} required maxLength={300} />
        <TextArea ctx={ctx} form={form} name="description" label={t('katalog.dataset.field.description')} optional />
        <TextField ctx={ctx} form={form} name="radCode" label={t('katalog.dataset.field.rad')} hint={t('katalog.dataset.field.rad_hint')} optional maxLength={40} />
        <SelectField ctx={ctx} form={form} name="producerOpdId" label={t('katalog.dataset.field.producer')} hint={t('katalog.dataset.field.producer_hint')} options={props.producerOptions} emptyLabel={t('katalog.dataset.no_producer')} />
        <SelectField ctx={ctx} form={form} name="walidataOpdId" label={t('katalog.dataset.field.walidata')} hint={t('katalog.dataset.field.walidata_hint')} options={props.walidataOptions} emptyLabel="—" />
        <SelectField ctx={ctx} form={form} name="sensitivity" label={t('katalog.dataset.field.sensitivity')} options={SENSITIVITIES.map((s) => ({ value: s, label: sensitivityLabel(ctx, s) }))} required />
        <TextField ctx={ctx} form={form} name="format" label={t('katalog.dataset.field.format')} hint={t('katalog.dataset.field.format_hint')} optional maxLength={100} />
        <SelectField ctx={ctx} form={form} name="updateFrequency" label={t('katalog.dataset.field.update_frequency')} options={UPDATE_FREQUENCIES.map((f) => ({ value: f, label: frequencyLabel(ctx, f)! }))} emptyLabel="—" />
        <TextArea ctx={ctx} form={form} name="referenceCodes" label={t('katalog.dataset.field.reference_codes')} hint={t('katalog.dataset.field.reference_codes_hint')} optional rows={3} />
        <TextField ctx={ctx} form={form} name="readAppKeys" label={t('katalog.dataset.field.read_apps')} hint={t('katalog.registry.app_keys_hint')} optional />
        <TextField ctx={ctx} form={form} name="writeAppKeys" label={t('katalog.dataset.field.write_apps')} hint={t('katalog.registry.app_keys_hint')} optional />
        <button type="submit" class="button">
          {t('common.save')}
        </button>
      </form>
    </Layout>
  );
}

export function DatasetPage(props: { ctx: PageContext; dataset: DatasetDetail; history: AuditHistoryItem[]; canEdit: boolean; canOpenApp: (opdId: string | null) => boolean }) {
  const { ctx, dataset: d } = props;
  const { t, fmt } = ctx;
  const title = t('katalog.dataset.page_title', { name: d.name });
  const links = (apps: DatasetDetail['readApps']) => apps.map((a) => ({ ...a, href: props.canOpenApp(a.opd_id) ? `/katalog/apps/${a.id}` : null }));
  return (
    <Layout ctx={ctx} title={title} crumbs={[...crumbsBase(ctx), { label: d.name }]}>
      <h1>{title}</h1>
      <SyntheticNotice ctx={ctx} show={d.synthetic} />
      {props.canEdit ? (
        <p>
          <a class="button button-secondary" href={`/katalog/datasets/${d.id}/edit`}>
            {t('katalog.edit')}
          </a>
        </p>
      ) : null}
      <dl class="summary-list">
        <Row label={t('katalog.field.key')}>
          <code>{d.key}</code>
        </Row>
        <Row label={t('katalog.dataset.field.description')}>{d.description}</Row>
        <Row label={t('katalog.dataset.field.rad')}>
          {d.rad_code ? (
            <>
              <code>{d.rad_code}</code> {d.rad_name ?? ''}
            </>
          ) : null}
        </Row>
        <Row label={t('katalog.dataset.field.producer')}>{d.producer_name ?? t('katalog.dataset.no_producer')}</Row>
        <Row label={t('katalog.dataset.field.walidata')}>{d.walidata_name}</Row>
        <Row label={t('katalog.dataset.field.sensitivity')}>{sensitivityLabel(ctx, d.sensitivity)}</Row>
        <Row label={t('katalog.dataset.field.format')}>{d.format}</Row>
        <Row label={t('katalog.dataset.field.update_frequency')}>{frequencyLabel(ctx, d.update_frequency)}</Row>
        <Row label={t('katalog.dataset.field.reference_codes')}>
          {d.reference_codes.length ? (
            <ul class="plain-list">
              {d.reference_codes.map((c) => (
                <li key={c}>{c}</li>
              ))}
            </ul>
          ) : null}
        </Row>
        <Row label={t('katalog.dataset.field.read_apps')}>
          <RefLinks ctx={ctx} items={links(d.readApps)} />
        </Row>
        <Row label={t('katalog.dataset.field.write_apps')}>
          <RefLinks ctx={ctx} items={links(d.writeApps)} />
        </Row>
        <Row label={t('katalog.field.updated_at')}>{fmt.dateTime(d.updated_at)}</Row>
      </dl>
      <HistorySection ctx={ctx} history={props.history} />
    </Layout>
  );
}
