import type { PageContext, FormState } from '../../html/context.ts';
import { Layout } from '../../html/layout.tsx';
import { CsrfField, ErrorSummary, Pagination, SelectField, TextField } from '../../html/components.tsx';
import { OPD_KINDS, type OpdKind } from '../../db/schema.ts';
import type { MessageKey } from '../../i18n/index.ts';
import { SOCIAL_NETWORKS } from '../schemas.ts';
import type { OpdDetail } from '../use-cases/get-opd.ts';

type Option = { value: string; label: string };
export interface OpdListItem {
  id: string;
  code: string;
  name: string;
  abbreviation: string | null;
  kind: OpdKind;
  region_name: string;
  website: string | null;
  active: boolean;
}

const kindLabel = (ctx: PageContext, kind: OpdKind) => ctx.t(`opd.kind.${kind}` as MessageKey);
export const kindOptions = (ctx: PageContext): Option[] => OPD_KINDS.map((k) => ({ value: k, label: kindLabel(ctx, k) }));
const SOCIAL_LABELS: Record<(typeof SOCIAL_NETWORKS)[number], string> = { facebook: 'Facebook', instagram: 'Instagram', x: 'X (Twitter)', youtube: 'YouTube', tiktok: 'TikTok' };

export function OpdListPage(props: {
  ctx: PageContext;
  items: OpdListItem[];
  hasNext: boolean;
  page: number;
  filter: { q: string; kind: string; region: string; inactive: boolean };
  regionOptions: Option[];
  canCreate: boolean;
}) {
  const { ctx, filter } = props;
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('opd.title')} crumbs={[{ label: t('opd.title') }]}>
      <h1>{t('opd.title')}</h1>
      <p>{t('opd.intro')}</p>
      {props.canCreate ? (
        <p>
          <a class="button" href="/admin/opd/new">
            {t('opd.new')}
          </a>
        </p>
      ) : null}
      <form method="get" action="/admin/opd" class="filters" role="search">
        <TextField ctx={ctx} name="q" type="search" label={t('opd.search_label')} value={filter.q} />
        <SelectField ctx={ctx} name="kind" label={t('opd.filter_kind')} options={kindOptions(ctx)} value={filter.kind} emptyLabel={t('common.all')} />
        <SelectField ctx={ctx} name="region" label={t('opd.filter_region')} options={props.regionOptions} value={filter.region} emptyLabel={t('common.all')} />
        <div class="field checkbox">
          <input type="checkbox" id="f-inactive" name="inactive" value="true" checked={filter.inactive} />
          <label for="f-inactive">{t('opd.show_inactive')}</label>
        </div>
        <button type="submit" class="button button-secondary">
          {t('common.search')}
        </button>
      </form>
      {props.items.length === 0 ? (
        <p>{t('opd.empty')}</p>
      ) : (
        <table>
          <caption class="visually-hidden">{t('opd.title')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('opd.name')}</th>
              <th scope="col">{t('opd.code')}</th>
              <th scope="col">{t('opd.kind')}</th>
              <th scope="col">{t('opd.region')}</th>
              <th scope="col">{t('common.status')}</th>
            </tr>
          </thead>
          <tbody>
            {props.items.map((o) => (
              <tr key={o.id}>
                <td>
                  <a href={`/admin/opd/${o.id}`}>{o.name}</a>
                  {o.abbreviation ? ` (${o.abbreviation})` : ''}
                </td>
                <td>
                  <code>{o.code}</code>
                </td>
                <td>{kindLabel(ctx, o.kind)}</td>
                <td>{o.region_name}</td>
                <td>{t(o.active ? 'common.active' : 'common.inactive')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <Pagination ctx={ctx} page={props.page} hasNext={props.hasNext} baseUrl={ctx.currentUrl} />
    </Layout>
  );
}

function SocialFields(props: { ctx: PageContext; form: FormState }) {
  const { ctx } = props;
  return (
    <fieldset>
      <legend>{ctx.t('opd.social_media')}</legend>
      <p class="hint">{ctx.t('opd.social_hint')}</p>
      {SOCIAL_NETWORKS.map((n) => (
        <TextField key={n} ctx={ctx} form={props.form} name={`social_${n}`} type="url" inputmode="url" label={SOCIAL_LABELS[n]} optional />
      ))}
    </fieldset>
  );
}

function AdminFields(props: { ctx: PageContext; form: FormState; parentOptions: Option[]; regionOptions: Option[] }) {
  const { ctx, form } = props;
  const { t } = ctx;
  return (
    <>
      <TextField ctx={ctx} form={form} name="name" label={t('opd.name')} required maxLength={300} />
      <TextField ctx={ctx} form={form} name="abbreviation" label={t('opd.abbreviation')} optional maxLength={40} />
      <SelectField ctx={ctx} form={form} name="kind" label={t('opd.kind')} options={kindOptions(ctx)} required />
      <SelectField ctx={ctx} form={form} name="parentId" label={t('opd.parent')} options={props.parentOptions} emptyLabel="—" optional />
      <SelectField ctx={ctx} form={form} name="regionCode" label={t('opd.region')} options={props.regionOptions} required />
    </>
  );
}

export function NewOpdPage(props: { ctx: PageContext; form: FormState; parentOptions: Option[]; regionOptions: Option[] }) {
  const { ctx, form } = props;
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('opd.create_title')} crumbs={[{ href: '/admin/opd', label: t('opd.title') }, { label: t('opd.create_title') }]}>
      <h1>{t('opd.create_title')}</h1>
      <form method="post" action="/admin/opd" novalidate class="narrow">
        <ErrorSummary ctx={ctx} errors={form.errors} />
        <CsrfField ctx={ctx} />
        <TextField ctx={ctx} form={form} name="code" label={t('opd.code')} hint={t('opd.code_hint')} required maxLength={40} />
        <AdminFields ctx={ctx} form={form} parentOptions={props.parentOptions} regionOptions={props.regionOptions} />
        <TextField ctx={ctx} form={form} name="website" type="url" inputmode="url" label={t('opd.website')} hint={t('opd.website_hint')} optional />
        <SocialFields ctx={ctx} form={form} />
        <button type="submit" class="button">
          {t('common.save')}
        </button>
      </form>
    </Layout>
  );
}

export function OpdPage(props: {
  ctx: PageContext;
  opd: OpdDetail;
  mergedIntoName: string | null;
  form: FormState;
  mergeForm: FormState;
  canEdit: boolean;
  isAdmin: boolean;
  parentOptions: Option[];
  regionOptions: Option[];
  mergeOptions: Option[];
}) {
  const { ctx, opd, form } = props;
  const { t, fmt } = ctx;
  const title = t('opd.edit_title', { name: opd.name });
  const social = Object.entries(opd.social_media ?? {});
  return (
    <Layout ctx={ctx} title={title} crumbs={[{ href: '/admin/opd', label: t('opd.title') }, { label: opd.abbreviation ?? opd.name }]}>
      <h1>{title}</h1>
      <dl class="summary-list">
        <dt>{t('opd.code')}</dt>
        <dd>
          <code>{opd.code}</code>
        </dd>
        <dt>{t('opd.kind')}</dt>
        <dd>{kindLabel(ctx, opd.kind)}</dd>
        <dt>{t('opd.region')}</dt>
        <dd>{opd.region_name}</dd>
        <dt>{t('opd.status')}</dt>
        <dd>
          {t(opd.active ? 'common.active' : 'common.inactive')}
          {props.mergedIntoName ? (
            <>
              {' — '}
              <a href={`/admin/opd/${opd.merged_into_id}`}>{t('opd.merged_into', { name: props.mergedIntoName })}</a>
            </>
          ) : null}
        </dd>
        <dt>{t('opd.website')}</dt>
        <dd>{opd.website ? <a href={opd.website} rel="noopener noreferrer">{opd.website}</a> : t('common.none')}</dd>
        <dt>{t('opd.social_media')}</dt>
        <dd>
          {social.length
            ? social.map(([network, url], i) => (
                <span key={network}>
                  {i > 0 ? ', ' : ''}
                  <a href={url} rel="noopener noreferrer">
                    {SOCIAL_LABELS[network as keyof typeof SOCIAL_LABELS] ?? network}
                  </a>
                </span>
              ))
            : t('common.none')}
        </dd>
      </dl>

      {props.canEdit && opd.active ? (
        <form method="post" action={`/admin/opd/${opd.id}`} novalidate class="narrow">
          <h2>{t('common.details')}</h2>
          <ErrorSummary ctx={ctx} errors={form.errors} />
          <CsrfField ctx={ctx} />
          {props.isAdmin ? (
            <>
              <p class="hint">{t('opd.rename_note')}</p>
              <AdminFields ctx={ctx} form={form} parentOptions={props.parentOptions} regionOptions={props.regionOptions} />
            </>
          ) : null}
          <TextField ctx={ctx} form={form} name="website" type="url" inputmode="url" label={t('opd.website')} hint={t('opd.website_hint')} optional />
          <SocialFields ctx={ctx} form={form} />
          <button type="submit" class="button">
            {t('common.save')}
          </button>
        </form>
      ) : null}

      <h2>{t('opd.name_history')}</h2>
      <table>
        <caption class="visually-hidden">{t('opd.name_history')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('opd.name')}</th>
            <th scope="col">{t('opd.valid_from')}</th>
            <th scope="col">{t('opd.valid_to')}</th>
          </tr>
        </thead>
        <tbody>
          {opd.history.map((h, i) => (
            <tr key={i}>
              <td>{h.name}</td>
              <td>{fmt.date(h.valid_from)}</td>
              <td>{h.valid_to ? fmt.date(h.valid_to) : t('opd.current')}</td>
            </tr>
          ))}
        </tbody>
      </table>

      {opd.children.length ? (
        <>
          <h2>{t('opd.children')}</h2>
          <ul class="plain-list">
            {opd.children.map((c) => (
              <li key={c.id}>
                <a href={`/admin/opd/${c.id}`}>{c.name}</a>
                {c.active ? '' : ` (${t('common.inactive')})`}
              </li>
            ))}
          </ul>
        </>
      ) : null}

      {props.isAdmin && opd.active ? (
        <>
          <h2>{t('opd.merge_title')}</h2>
          <p>{t('opd.merge_intro')}</p>
          <form method="post" action={`/admin/opd/${opd.id}/merge`} novalidate class="narrow">
            <ErrorSummary ctx={ctx} errors={props.mergeForm.errors} />
            <CsrfField ctx={ctx} />
            <SelectField ctx={ctx} form={props.mergeForm} name="intoId" label={t('opd.merge_target')} options={props.mergeOptions} emptyLabel="—" required />
            <div class="field checkbox">
              <input type="checkbox" id="f-confirm" name="confirm" value="yes" required />
              <label for="f-confirm">{t('opd.merge_confirm')}</label>
            </div>
            <button type="submit" class="button button-warning">
              {t('opd.merge_submit')}
            </button>
          </form>
          <h2>{t('opd.deactivate')}</h2>
          <p>{t('opd.deactivate_intro')}</p>
          <form method="post" action={`/admin/opd/${opd.id}/deactivate`} class="inline-form">
            <CsrfField ctx={ctx} />
            <button type="submit" class="button button-warning">
              {t('opd.deactivate')}
            </button>
          </form>
        </>
      ) : null}
      {props.isAdmin && !opd.active && !opd.merged_into_id ? (
        <form method="post" action={`/admin/opd/${opd.id}/activate`} class="inline-form">
          <CsrfField ctx={ctx} />
          <button type="submit" class="button button-secondary">
            {t('opd.activate')}
          </button>
        </form>
      ) : null}
    </Layout>
  );
}
