import type { PageContext, FormState } from '../../../platform/html/context.ts';
import { Layout } from '../../../platform/html/layout.tsx';
import { CsrfField, ErrorSummary, Pagination, SelectField, TextArea, TextField } from '../../../platform/html/components.tsx';
import type { MessageKey } from '../../../platform/i18n/index.ts';
import { AuditTrail, type AuditHistoryItem } from '../../../platform/audit/index.ts';
import { APP_CATEGORIES, HOSTINGS, LIFECYCLES, type AppCategory, type Hosting, type Lifecycle } from '../db.ts';
import type { AppDetail } from '../use-cases/get-app.ts';
import { RegistryNav } from '../registry/views/common.tsx';
import { ExportLinks } from '../transfer/views/import-pages.tsx';

type Option = { value: string; label: string };
type Codes = AppDetail['codes'];
export type AppListItem = Pick<AppDetail, 'id' | 'key' | 'name' | 'acronym' | 'opd_name' | 'category' | 'lifecycle' | 'hosting' | 'synthetic'> & { codes: Codes };

export const lifecycleLabel = (ctx: PageContext, l: Lifecycle) => ctx.t(`katalog.lifecycle.${l}` as MessageKey);
export const categoryLabel = (ctx: PageContext, c: AppCategory) => ctx.t(`katalog.category.${c}` as MessageKey);
export const hostingLabel = (ctx: PageContext, h: Hosting | null) => (h ? ctx.t(`katalog.hosting.${h}` as MessageKey) : '—');
const options = <T extends string>(ctx: PageContext, values: readonly T[], label: (ctx: PageContext, v: T) => string): Option[] => values.map((v) => ({ value: v, label: label(ctx, v) }));

export const CODE_FIELDS = [
  ['raa', 'katalog.field.raa'],
  ['rab', 'katalog.field.rab'],
  ['ral', 'katalog.field.ral'],
  ['radRead', 'katalog.field.rad_read'],
  ['radWrite', 'katalog.field.rad_write'],
] as const satisfies readonly (readonly [keyof Codes, MessageKey])[];

export function SyntheticNotice(props: { ctx: PageContext; show: boolean }) {
  if (!props.show) return null;
  return (
    <p class="notice" role="note">
      <strong>{props.ctx.t('katalog.synthetic')}:</strong> {props.ctx.t('katalog.synthetic_notice')}
    </p>
  );
}

export function AppListPage(props: {
  ctx: PageContext;
  items: AppListItem[];
  hasNext: boolean;
  page: number;
  filter: { q: string; opdId: string; category: string; lifecycle: string; code: string };
  opdOptions: Option[];
  canCreate: boolean;
  canSeeDuplicates?: boolean;
}) {
  const { ctx, filter } = props;
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('katalog.title')} crumbs={[{ label: t('katalog.title') }]}>
      <h1>{t('katalog.title')}</h1>
      <RegistryNav ctx={ctx} current="/katalog/apps" />
      <p>{t('katalog.intro')}</p>
      <p>
        <a href="/katalog">{t('katalog.rat.overview.title')}</a>
        {props.canSeeDuplicates ? (
          <>
            {' · '}
            <a href="/katalog/duplicates">{t('katalog.duplicates_link')}</a>
          </>
        ) : null}
      </p>
      <SyntheticNotice ctx={ctx} show={props.items.some((a) => a.synthetic)} />
      {props.canCreate ? (
        <p>
          <a class="button" href="/katalog/apps/new">
            {t('katalog.new_app')}
          </a>
        </p>
      ) : null}
      <ExportLinks ctx={ctx} canImport={props.canCreate} />
      <form method="get" action="/katalog/apps" class="filters" role="search">
        <TextField ctx={ctx} name="q" type="search" label={t('katalog.search_label')} value={filter.q} />
        {props.opdOptions.length > 1 ? (
          <SelectField ctx={ctx} name="opdId" label={t('katalog.field.opd')} options={props.opdOptions} value={filter.opdId} emptyLabel={t('common.all')} />
        ) : null}
        <SelectField ctx={ctx} name="category" label={t('katalog.field.category')} options={options(ctx, APP_CATEGORIES, categoryLabel)} value={filter.category} emptyLabel={t('common.all')} />
        <SelectField ctx={ctx} name="lifecycle" label={t('katalog.field.lifecycle')} options={options(ctx, LIFECYCLES, lifecycleLabel)} value={filter.lifecycle} emptyLabel={t('common.all')} />
        <TextField ctx={ctx} name="code" label={t('katalog.field.codes')} value={filter.code} />
        <button type="submit" class="button button-secondary">
          {t('common.search')}
        </button>
      </form>
      {props.items.length === 0 ? (
        <p>{t('katalog.empty')}</p>
      ) : (
        <table>
          <caption class="visually-hidden">{t('katalog.title')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('katalog.field.name')}</th>
              <th scope="col">{t('katalog.field.opd')}</th>
              <th scope="col">{t('katalog.field.category')}</th>
              <th scope="col">{t('katalog.field.lifecycle')}</th>
              <th scope="col">{t('katalog.field.codes')}</th>
            </tr>
          </thead>
          <tbody>
            {props.items.map((a) => (
              <tr key={a.id}>
                <td>
                  <a href={`/katalog/apps/${a.id}`}>{a.name}</a>
                  {a.acronym ? ` (${a.acronym})` : ''}
                </td>
                <td>{a.opd_name ?? t('katalog.no_owner')}</td>
                <td>{categoryLabel(ctx, a.category)}</td>
                <td>{lifecycleLabel(ctx, a.lifecycle)}</td>
                <td>{[...a.codes.rab, ...a.codes.ral].join(', ') || '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <Pagination ctx={ctx} page={props.page} hasNext={props.hasNext} baseUrl={ctx.currentUrl} />
    </Layout>
  );
}

export function AppForm(props: {
  ctx: PageContext;
  form: FormState;
  action: string;
  opdOptions: Option[];
  isNew: boolean;
  version?: number;
}) {
  const { ctx, form } = props;
  const { t } = ctx;
  return (
    <form method="post" action={props.action} novalidate>
      <ErrorSummary ctx={ctx} errors={form.errors} />
      <CsrfField ctx={ctx} />
      {props.version ? <input type="hidden" name="version" value={String(props.version)} /> : null}
      {props.isNew ? <TextField ctx={ctx} form={form} name="key" label={t('katalog.field.key')} hint={t('katalog.field.key_hint')} optional maxLength={80} /> : null}
      <TextField ctx={ctx} form={form} name="name" label={t('katalog.field.name')} required maxLength={300} />
      <TextField ctx={ctx} form={form} name="acronym" label={t('katalog.field.acronym')} optional maxLength={60} />
      <TextArea ctx={ctx} form={form} name="description" label={t('katalog.field.description')} hint={t('katalog.field.description_hint')} optional />
      <SelectField ctx={ctx} form={form} name="opdId" label={t('katalog.field.opd')} options={props.opdOptions} emptyLabel={t('katalog.no_owner')} />
      <SelectField ctx={ctx} form={form} name="category" label={t('katalog.field.category')} options={options(ctx, APP_CATEGORIES, categoryLabel)} required />
      <fieldset>
        <legend>{t('katalog.field.codes')}</legend>
        <p class="hint">{t('katalog.field.codes_hint')}</p>
        {CODE_FIELDS.map(([field, label]) => (
          <TextField key={field} ctx={ctx} form={form} name={`codes_${field}`} label={t(label)} optional />
        ))}
      </fieldset>
      <SelectField ctx={ctx} form={form} name="hosting" label={t('katalog.field.hosting')} options={options(ctx, HOSTINGS, (c, h) => hostingLabel(c, h))} emptyLabel="—" />
      <TextField ctx={ctx} form={form} name="url" type="url" inputmode="url" label={t('katalog.field.url')} optional />
      <TextField ctx={ctx} form={form} name="technology" label={t('katalog.field.technology')} optional />
      <TextField ctx={ctx} form={form} name="users" label={t('katalog.field.users')} optional />
      <TextField ctx={ctx} form={form} name="yearlyCost" inputmode="numeric" label={t('katalog.field.yearly_cost')} optional />
      <TextField ctx={ctx} form={form} name="legalBasis" label={t('katalog.field.legal_basis')} optional />
      <SelectField ctx={ctx} form={form} name="lifecycle" label={t('katalog.field.lifecycle')} options={options(ctx, LIFECYCLES, lifecycleLabel)} required />
      <TextField ctx={ctx} form={form} name="mergedIntoKey" label={t('katalog.field.merged_into')} hint={t('katalog.field.merged_into_hint')} optional maxLength={80} />
      <TextField ctx={ctx} form={form} name="replacedBy" label={t('katalog.field.replaced_by')} optional />
      <button type="submit" class="button">
        {t('common.save')}
      </button>
    </form>
  );
}

export function AppFormPage(props: Parameters<typeof AppForm>[0] & { title: string; appName?: string; appId?: string }) {
  const { ctx } = props;
  const crumbs = [{ href: '/katalog/apps', label: ctx.t('katalog.title') }, ...(props.appId ? [{ href: `/katalog/apps/${props.appId}`, label: props.appName ?? '' }] : []), { label: props.title }];
  return (
    <Layout ctx={ctx} title={props.title} crumbs={crumbs}>
      <h1>{props.title}</h1>
      <AppForm {...props} />
    </Layout>
  );
}

export function AppPage(props: { ctx: PageContext; app: AppDetail; codeNames: Map<string, string>; mergedIntoName: string | null; history: AuditHistoryItem[]; canEdit: boolean; extra?: preact.ComponentChildren }) {
  const { ctx, app } = props;
  const { t, fmt } = ctx;
  const title = t('katalog.app_title', { name: app.acronym ? `${app.name} (${app.acronym})` : app.name });
  return (
    <Layout ctx={ctx} title={title} crumbs={[{ href: '/katalog/apps', label: t('katalog.title') }, { label: app.acronym ?? app.name }]}>
      <h1>{title}</h1>
      <SyntheticNotice ctx={ctx} show={app.synthetic} />
      {props.canEdit ? (
        <p>
          <a class="button button-secondary" href={`/katalog/apps/${app.id}/edit`}>
            {t('katalog.edit')}
          </a>
        </p>
      ) : null}
      <dl class="summary-list">
        <dt>{t('katalog.field.key')}</dt>
        <dd>
          <code>{app.key}</code>
        </dd>
        <dt>{t('katalog.field.description')}</dt>
        <dd>{app.description ?? '—'}</dd>
        <dt>{t('katalog.field.opd')}</dt>
        <dd>{app.opd_name ?? t('katalog.no_owner')}</dd>
        <dt>{t('katalog.field.category')}</dt>
        <dd>{categoryLabel(ctx, app.category)}</dd>
        <dt>{t('katalog.field.lifecycle')}</dt>
        <dd>
          {lifecycleLabel(ctx, app.lifecycle)} ({fmt.date(app.lifecycle_changed_at)})
          {app.merged_into_id ? (
            <>
              {' → '}
              <a href={`/katalog/apps/${app.merged_into_id}`}>{props.mergedIntoName ?? t('katalog.unknown_app')}</a>
            </>
          ) : null}
          {app.replaced_by ? ` → ${app.replaced_by}` : ''}
        </dd>
        {CODE_FIELDS.map(([field, label]) => (
          <>
            <dt key={`${field}-t`}>{t(label)}</dt>
            <dd key={`${field}-d`}>
              {app.codes[field].length
                ? app.codes[field].map((code, i) => (
                    <span key={code}>
                      {i > 0 ? '; ' : ''}
                      <code>{code}</code> {props.codeNames.get(code) ?? ''}
                    </span>
                  ))
                : '—'}
            </dd>
          </>
        ))}
        <dt>{t('katalog.field.hosting')}</dt>
        <dd>{hostingLabel(ctx, app.hosting)}</dd>
        <dt>{t('katalog.field.url')}</dt>
        <dd>{app.url ? <a href={app.url} rel="noopener noreferrer">{app.url}</a> : '—'}</dd>
        <dt>{t('katalog.field.technology')}</dt>
        <dd>{app.technology ?? '—'}</dd>
        <dt>{t('katalog.field.users')}</dt>
        <dd>{app.users ?? '—'}</dd>
        <dt>{t('katalog.field.yearly_cost')}</dt>
        <dd>{fmt.money(app.yearly_cost === null ? null : Number(app.yearly_cost))}</dd>
        <dt>{t('katalog.field.legal_basis')}</dt>
        <dd>{app.legal_basis ?? '—'}</dd>
        <dt>{t('katalog.field.updated_at')}</dt>
        <dd>{fmt.dateTime(app.updated_at)}</dd>
      </dl>
      {props.extra}
      <h2>{t('katalog.history')}</h2>
      <AuditTrail ctx={ctx} items={props.history} />
    </Layout>
  );
}
