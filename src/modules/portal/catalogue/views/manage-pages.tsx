import type { FormState, PageContext } from '../../../../platform/html/context.ts';
import { Layout } from '../../../../platform/html/layout.tsx';
import { CsrfField, ErrorSummary, Pagination, SelectField, TextArea, TextField } from '../../../../platform/html/components.tsx';
import { AVAILABILITIES } from '../../db.ts';
import { CheckboxGroup, labelOf, RadioGroup, type Option } from '../../views/components.tsx';
import type { ManagedService } from '../use-cases/manage-services.ts';
import '../../messages.ts';

type Ref = { code: string; name_id: string; name_en: string };
type Row = { id: string; key: string; name: string; opd_name: string | null; published: boolean; canManage: boolean };

export function ManageListPage(props: { ctx: PageContext; items: Row[]; hasNext: boolean; page: number; filter: { q: string; opdId: string; state: string }; opdOptions: Option[] }) {
  const { ctx, filter } = props;
  const { t } = ctx;
  const base = `/portal/layanan?${new URLSearchParams({ q: filter.q, opdId: filter.opdId, state: filter.state }).toString()}`;
  return (
    <Layout ctx={ctx} title={t('portal.manage.title')}>
      <h1>{t('portal.manage.title')}</h1>
      <p class="lead">{t('portal.manage.intro')}</p>
      <form method="get" action="/portal/layanan" class="filters">
        <TextField ctx={ctx} name="q" label={t('portal.manage.search')} value={filter.q} />
        {props.opdOptions.length > 1 ? (
          <SelectField ctx={ctx} name="opdId" label={t('portal.manage.agency')} options={props.opdOptions} value={filter.opdId} emptyLabel={t('common.all')} />
        ) : null}
        <SelectField
          ctx={ctx}
          name="state"
          label={t('portal.manage.filter_state')}
          value={filter.state}
          emptyLabel={t('common.all')}
          options={[
            { value: 'published', label: t('portal.manage.state.published') },
            { value: 'draft', label: t('portal.manage.state.draft') },
          ]}
        />
        <button type="submit" class="button">
          {t('common.filter')}
        </button>
      </form>
      <table>
        <caption>{t('portal.manage.caption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('portal.manage.service')}</th>
            <th scope="col">{t('portal.manage.agency')}</th>
            <th scope="col">{t('portal.manage.state')}</th>
          </tr>
        </thead>
        <tbody>
          {props.items.map((s) => (
            <tr key={s.id}>
              <th scope="row">
                <a href={`/portal/layanan/${s.id}`}>{s.name}</a>
              </th>
              <td>{s.opd_name ?? '—'}</td>
              <td>{s.published ? t('portal.manage.state.published') : t('portal.manage.state.draft')}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <Pagination ctx={ctx} page={props.page} hasNext={props.hasNext} baseUrl={base} />
    </Layout>
  );
}

export function ManageServicePage(props: { ctx: PageContext; managed: ManagedService; form: FormState; topics: Ref[]; lifeEvents: Ref[] }) {
  const { ctx, managed, form } = props;
  const { t } = ctx;
  const s = managed.service;
  const st = managed.settings;
  const action = `/portal/layanan/${s.id}`;
  return (
    <Layout ctx={ctx} title={t('portal.manage.edit_title', { name: s.name })} crumbs={[{ href: '/portal/layanan', label: t('portal.manage.title') }, { label: s.name }]}>
      <h1>{t('portal.manage.edit_title', { name: s.name })}</h1>
      <p>{st.published && st.publishedAt ? t('portal.manage.published_since', { date: ctx.fmt.date(st.publishedAt) }) : t('portal.manage.not_published')}</p>
      <p>
        <a href={`/layanan/${s.key}`}>{t('portal.manage.view_public')}</a> · <a href={`/katalog/services/${s.id}`}>{t('portal.manage.edit_katalog')}</a> · <a href={`/portal/layanan/${s.id}/formulir`}>{t('portal.manage.edit_form')}</a>
      </p>
      {managed.canManage ? (
        <form method="post" action={`${action}/${st.published ? 'tarik' : 'terbitkan'}`} class="inline-form">
          <CsrfField ctx={ctx} />
          <button type="submit" class={st.published ? 'button button-secondary' : 'button'}>
            {st.published ? t('portal.manage.unpublish') : t('portal.manage.publish')}
          </button>
        </form>
      ) : (
        <p class="notice">{t('portal.manage.read_only')}</p>
      )}
      <form method="post" action={action} novalidate>
        <ErrorSummary ctx={ctx} errors={form.errors} />
        <CsrfField ctx={ctx} />
        <fieldset disabled={!managed.canManage}>
          <legend class="visually-hidden">{t('portal.manage.edit_title', { name: s.name })}</legend>
          <div class="field checkbox">
            <input type="checkbox" id="f-published" name="published" value="true" checked={form.values.published === true || form.values.published === 'true'} />
            <label for="f-published">{t('portal.manage.published')}</label>
          </div>
          <RadioGroup
            ctx={ctx}
            form={form}
            name="availability"
            legend={t('portal.manage.availability')}
            options={AVAILABILITIES.map((a) => ({ value: a, label: t(`portal.manage.availability.${a}`) }))}
          />
          <TextField ctx={ctx} form={form} name="elsewhereUrl" label={t('portal.manage.elsewhere_url')} hint={t('portal.manage.elsewhere_hint')} type="url" optional />
          <TextArea ctx={ctx} form={form} name="inPersonWhere" label={t('portal.manage.in_person_where')} hint={t('portal.manage.in_person_hint')} rows={3} optional />
          <TextField ctx={ctx} form={form} name="keywords" label={t('portal.manage.keywords')} hint={t('portal.manage.keywords_hint')} optional />
          <CheckboxGroup ctx={ctx} form={form} name="topics" legend={t('portal.manage.topics')} options={props.topics.map((r) => ({ value: r.code, label: labelOf(ctx, r) }))} />
          <CheckboxGroup ctx={ctx} form={form} name="lifeEvents" legend={t('portal.manage.life_events')} options={props.lifeEvents.map((r) => ({ value: r.code, label: labelOf(ctx, r) }))} />
          <button type="submit" class="button">
            {t('common.save')}
          </button>
        </fieldset>
      </form>
      {managed.canIssueSurveys ? (
        <form method="post" action={`${action}/survei`} class="inline-form">
          <CsrfField ctx={ctx} />
          <button type="submit" class="button button-secondary">
            {t('portal.survey.link_issue')}
          </button>
        </form>
      ) : null}
    </Layout>
  );
}

export function SurveyLinkPage(props: { ctx: PageContext; serviceId: string; serviceName: string; url: string; expiresAt: Date }) {
  const { ctx } = props;
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('portal.survey.link_title')} crumbs={[{ href: '/portal/layanan', label: t('portal.manage.title') }, { href: `/portal/layanan/${props.serviceId}`, label: props.serviceName }, { label: t('portal.survey.link_title') }]}>
      <h1>{t('portal.survey.link_title')}</h1>
      <p>{t('portal.survey.link_intro', { service: props.serviceName, until: ctx.fmt.dateTime(props.expiresAt) })}</p>
      <p>
        <code>{props.url}</code>
      </p>
    </Layout>
  );
}
