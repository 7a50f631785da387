import type { FormState, PageContext } from '../../../platform/html/context.ts';
import { Layout } from '../../../platform/html/layout.tsx';
import { CsrfField, ErrorSummary, SelectField, TextField } from '../../../platform/html/components.tsx';
import { COMPETENCES } from '../db.ts';
import type { CategoryRow } from '../repo.ts';
import { Checkbox, PostButton, type Option } from './common.tsx';

export interface SettingsData {
  categories: CategoryRow[];
  tiers: { code: string; name: string; days: number }[];
  steps: { step: string; days: number }[];
  coordinators: { opd_id: string; opd_name: string; region_name: string | null }[];
  clients: { id: string; name: string; opd_name: string | null; key_prefix: string; created_at: Date; last_used_at: Date | null; revoked_at: Date | null }[];
}

export interface SettingsForms {
  category: FormState;
  sla: FormState;
  coordinator: FormState;
  client: FormState;
}

const competenceLabel = (ctx: PageContext, c: string) => ctx.t(`aduan.competence.${c}` as 'aduan.competence.provinsi');

function CategoryFields(props: { ctx: PageContext; form: FormState; agencies: Option[]; tiers: Option[]; isNew: boolean }) {
  const { ctx, form } = props;
  const { t } = ctx;
  return (
    <>
      {props.isNew ? <TextField ctx={ctx} form={form} name="code" label={t('aduan.settings.code')} hint={t('aduan.settings.code_hint')} required /> : null}
      <TextField ctx={ctx} form={form} name="name" label={t('common.name')} required />
      <TextField ctx={ctx} form={form} name="description" label={t('aduan.field.description')} optional />
      <TextField ctx={ctx} form={form} name="keywords" label={t('aduan.settings.keywords')} optional />
      <TextField ctx={ctx} form={form} name="groupName" label={t('aduan.settings.group')} optional />
      <SelectField ctx={ctx} form={form} name="competence" label={t('aduan.settings.competence')} options={COMPETENCES.map((c) => ({ value: c, label: competenceLabel(ctx, c) }))} required />
      <SelectField ctx={ctx} form={form} name="opdId" label={t('aduan.field.agency')} hint={t('aduan.settings.agency_hint')} options={props.agencies} emptyLabel="—" optional />
      <SelectField ctx={ctx} form={form} name="tierCode" label={t('aduan.field.tier')} options={props.tiers} required />
      <SelectField ctx={ctx} form={form} name="open311Type" label={t('aduan.settings.open311_type')} hint={t('aduan.settings.open311_type_hint')} options={[{ value: 'realtime', label: 'realtime' }, { value: 'batch', label: 'batch' }]} />
      {props.isNew ? null : <Checkbox ctx={ctx} form={form} name="active" label={t('common.active')} />}
    </>
  );
}

export function SettingsPage(props: { ctx: PageContext; data: SettingsData; forms: SettingsForms; agencies: Option[]; regions: Option[] }) {
  const { ctx, data, forms } = props;
  const { t } = ctx;
  const tierOptions = data.tiers.map((x) => ({ value: x.code, label: `${x.name} (${t('aduan.working_days', { days: x.days })})` }));
  return (
    <Layout ctx={ctx} title={t('aduan.settings.title')} crumbs={[{ href: '/aduan/kelola', label: t('aduan.staff.title') }, { label: t('aduan.settings.title') }]}>
      <h1>{t('aduan.settings.title')}</h1>

      <h2>{t('aduan.settings.categories')}</h2>
      <table>
        <caption class="visually-hidden">{t('aduan.settings.categories')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('common.name')}</th>
            <th scope="col">{t('aduan.settings.competence')}</th>
            <th scope="col">{t('aduan.field.agency')}</th>
            <th scope="col">{t('aduan.field.tier')}</th>
          </tr>
        </thead>
        <tbody>
          {data.categories.map((c) => (
            <tr key={c.code}>
              <td>
                <a href={`/aduan/pengaturan/kategori/${c.code}`}>{c.name}</a> <code>{c.code}</code>
                {c.active ? null : <span class="badge">{t('common.inactive')}</span>}
              </td>
              <td>{competenceLabel(ctx, c.competence)}</td>
              <td>{c.opd_name ?? '—'}</td>
              <td>{c.tier_name}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <form method="post" action="/aduan/pengaturan/kategori" novalidate class="narrow">
        <h3>{t('aduan.settings.new_category')}</h3>
        <ErrorSummary ctx={ctx} errors={forms.category.errors} />
        <CsrfField ctx={ctx} />
        <CategoryFields ctx={ctx} form={forms.category} agencies={props.agencies} tiers={tierOptions} isNew />
        <button type="submit" class="button">
          {t('common.save')}
        </button>
      </form>

      <h2>{t('aduan.settings.deadlines')}</h2>
      <form method="post" action="/aduan/pengaturan/tenggat" novalidate class="narrow">
        <ErrorSummary ctx={ctx} errors={forms.sla.errors} />
        <CsrfField ctx={ctx} />
        {data.steps.map((s) => (
          <TextField key={s.step} ctx={ctx} form={forms.sla} name={`step_${s.step}`} label={t(`aduan.deadline.${s.step}` as 'aduan.deadline.verify')} hint={t('aduan.settings.days_hint')} inputmode="numeric" required />
        ))}
        {data.tiers.map((x) => (
          <TextField key={x.code} ctx={ctx} form={forms.sla} name={`tier_${x.code}`} label={x.name} hint={t('aduan.settings.days_hint')} inputmode="numeric" required />
        ))}
        <button type="submit" class="button">
          {t('common.save')}
        </button>
      </form>

      <h2>{t('aduan.settings.coordinators')}</h2>
      <p>{t('aduan.settings.coordinators_intro')}</p>
      {data.coordinators.length ? (
        <ul class="plain-list">
          {data.coordinators.map((c) => (
            <li key={c.opd_id}>
              {c.opd_name} — {c.region_name ?? t('aduan.settings.whole_province')}
              <PostButton ctx={ctx} action={`/aduan/pengaturan/koordinator/${c.opd_id}/hapus`} label={t('aduan.settings.remove')} secondary />
            </li>
          ))}
        </ul>
      ) : (
        <p>{t('common.none')}</p>
      )}
      <form method="post" action="/aduan/pengaturan/koordinator" novalidate class="narrow">
        <ErrorSummary ctx={ctx} errors={forms.coordinator.errors} />
        <CsrfField ctx={ctx} />
        <SelectField ctx={ctx} form={forms.coordinator} name="opdId" label={t('aduan.field.agency')} options={props.agencies} emptyLabel={t('aduan.field.choose')} required />
        <SelectField ctx={ctx} form={forms.coordinator} name="regionCode" label={t('aduan.field.region')} options={props.regions} emptyLabel={t('aduan.settings.whole_province')} optional />
        <button type="submit" class="button button-secondary">
          {t('aduan.settings.add_coordinator')}
        </button>
      </form>

      <h2>{t('aduan.settings.open311')}</h2>
      <p>{t('aduan.settings.open311_intro')}</p>
      {data.clients.length ? (
        <table>
          <caption class="visually-hidden">{t('aduan.settings.open311')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('common.name')}</th>
              <th scope="col">{t('aduan.settings.key_prefix')}</th>
              <th scope="col">{t('aduan.settings.last_used')}</th>
              <th scope="col">{t('common.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {data.clients.map((c) => (
              <tr key={c.id}>
                <td>
                  {c.name}
                  {c.opd_name ? <span class="hint"> — {c.opd_name}</span> : null}
                </td>
                <td>
                  <code>o311_{c.key_prefix}_…</code>
                </td>
                <td>{c.last_used_at ? ctx.fmt.dateTime(c.last_used_at) : '—'}</td>
                <td>{c.revoked_at ? t('aduan.settings.revoked') : <PostButton ctx={ctx} action={`/aduan/pengaturan/open311/${c.id}/cabut`} label={t('aduan.settings.revoke')} secondary />}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      <form method="post" action="/aduan/pengaturan/open311" novalidate class="narrow">
        <ErrorSummary ctx={ctx} errors={forms.client.errors} />
        <CsrfField ctx={ctx} />
        <TextField ctx={ctx} form={forms.client} name="name" label={t('aduan.settings.client_name')} required />
        <SelectField ctx={ctx} form={forms.client} name="opdId" label={t('aduan.field.agency')} options={props.agencies} emptyLabel="—" optional />
        <button type="submit" class="button button-secondary">
          {t('aduan.settings.issue_key')}
        </button>
      </form>
    </Layout>
  );
}

export function CategoryPage(props: { ctx: PageContext; category: CategoryRow; form: FormState; agencies: Option[]; tiers: Option[] }) {
  const { ctx, category, form } = props;
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={category.name} crumbs={[{ href: '/aduan/pengaturan', label: t('aduan.settings.title') }, { label: category.name }]}>
      <h1>{category.name}</h1>
      <p>
        <code>{category.code}</code>
      </p>
      <form method="post" action={`/aduan/pengaturan/kategori/${category.code}`} novalidate class="narrow">
        <ErrorSummary ctx={ctx} errors={form.errors} />
        <CsrfField ctx={ctx} />
        <CategoryFields ctx={ctx} form={form} agencies={props.agencies} tiers={props.tiers} isNew={false} />
        <button type="submit" class="button">
          {t('common.save')}
        </button>
      </form>
    </Layout>
  );
}

/** The new key, shown once. */
export function KeyIssuedPage(props: { ctx: PageContext; name: string; apiKey: string }) {
  const { ctx } = props;
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('aduan.settings.key_issued')} crumbs={[{ href: '/aduan/pengaturan', label: t('aduan.settings.title') }, { label: t('aduan.settings.key_issued') }]}>
      <h1>{t('aduan.settings.key_issued')}</h1>
      <p>{t('aduan.settings.key_once', { name: props.name })}</p>
      <p class="notice">
        <code>{props.apiKey}</code>
      </p>
      <p>
        <a href="/aduan/pengaturan">{t('common.back')}</a>
      </p>
    </Layout>
  );
}
