import type { FormState, PageContext } from '../../../platform/html/context.ts';
import { Layout } from '../../../platform/html/layout.tsx';
import { CsrfField, ErrorSummary, SelectField, TextArea, TextField } from '../../../platform/html/components.tsx';
import { REPORT_TYPES, STAFF_CHANNELS } from '../db.ts';
import { FileField } from '../../../platform/files/index.ts';
import { ATTACHMENT_POLICY } from '../attachments.ts';
import { AduanNav, channelLabel, Checkbox, GroupedSelect, typeLabel, type Option } from './common.tsx';

export interface ReportFormOptions {
  categories: Option[];
  regencies: Option[];
  districts: { label: string; options: Option[] }[];
  services: Option[];
  /** An app chosen before the form (a "report a problem" link from the katalog). */
  app: { id: string; name: string } | null;
  maxFiles: number;
  maxMb: number;
}

function ReportFields(props: { ctx: PageContext; form: FormState; options: ReportFormOptions; staff: boolean }) {
  const { ctx, form, options } = props;
  const { t } = ctx;
  return (
    <>
      <SelectField ctx={ctx} form={form} name="type" label={t('aduan.field.type')} options={REPORT_TYPES.map((v) => ({ value: v, label: typeLabel(ctx, v) }))} required />
      <TextField ctx={ctx} form={form} name="title" label={t('aduan.field.title')} hint={t('aduan.field.title_hint')} required maxLength={200} />
      <TextArea ctx={ctx} form={form} name="description" label={t('aduan.field.description')} hint={t('aduan.field.description_hint')} rows={6} required />
      <SelectField ctx={ctx} form={form} name="categoryCode" label={t('aduan.field.category')} options={options.categories} emptyLabel={t('aduan.field.choose')} required />
      {options.services.length ? (
        <SelectField ctx={ctx} form={form} name="katalogServiceId" label={t('aduan.field.service')} options={options.services} emptyLabel="—" optional />
      ) : null}
      {options.app ? (
        <p>
          {t('aduan.field.app')}: <strong>{options.app.name}</strong>
          <input type="hidden" name="katalogAppId" value={options.app.id} />
        </p>
      ) : null}
      <fieldset>
        <legend>{t('aduan.field.place')}</legend>
        <SelectField ctx={ctx} form={form} name="regionCode" label={t('aduan.field.region')} options={options.regencies} emptyLabel={t('aduan.field.choose')} required />
        <GroupedSelect ctx={ctx} form={form} name="districtCode" label={t('aduan.field.district')} groups={options.districts} emptyLabel="—" />
        <TextField ctx={ctx} form={form} name="address" label={t('aduan.field.address')} optional maxLength={300} />
        <TextField ctx={ctx} form={form} name="lat" label={t('aduan.field.lat')} hint={t('aduan.field.point_hint')} inputmode="decimal" optional />
        <TextField ctx={ctx} form={form} name="lon" label={t('aduan.field.lon')} inputmode="decimal" optional />
      </fieldset>
      <FileField ctx={ctx} form={form} name="attachments" label={t('aduan.field.attachments')} policy={ATTACHMENT_POLICY} hint={t('aduan.field.attachments_hint', { max: options.maxFiles, mb: options.maxMb })} optional multiple />
      <fieldset>
        <legend>{t('aduan.field.privacy')}</legend>
        <Checkbox ctx={ctx} form={form} name="anonim" label={t('aduan.field.anonim')} hint={t('aduan.field.anonim_hint')} />
        <Checkbox ctx={ctx} form={form} name="rahasia" label={t('aduan.field.rahasia')} hint={t('aduan.field.rahasia_hint')} />
      </fieldset>
      {props.staff ? (
        <fieldset>
          <legend>{t('aduan.field.reporter')}</legend>
          <SelectField ctx={ctx} form={form} name="channel" label={t('aduan.field.channel')} options={STAFF_CHANNELS.map((c) => ({ value: c, label: channelLabel(ctx, c) }))} required />
          <TextField ctx={ctx} form={form} name="name" label={t('aduan.field.name')} optional autocomplete="off" />
          <TextField ctx={ctx} form={form} name="email" type="email" label={t('aduan.field.email')} optional autocomplete="off" />
          <TextField ctx={ctx} form={form} name="phone" type="tel" label={t('aduan.field.phone')} optional autocomplete="off" />
        </fieldset>
      ) : ctx.actor ? (
        <p class="notice">{t('aduan.form.signed_in', { name: ctx.actor.name })}</p>
      ) : (
        <fieldset>
          <legend>{t('aduan.field.reporter')}</legend>
          <p class="hint">{t('aduan.form.no_account_hint')}</p>
          <TextField ctx={ctx} form={form} name="name" label={t('aduan.field.name')} optional autocomplete="name" />
          <TextField ctx={ctx} form={form} name="email" type="email" label={t('aduan.field.email')} hint={t('aduan.field.email_hint')} autocomplete="email" required />
          <TextField ctx={ctx} form={form} name="phone" type="tel" label={t('aduan.field.phone')} optional autocomplete="tel" />
        </fieldset>
      )}
    </>
  );
}

/** The public form: anyone, signed in or not, with no JavaScript. */
export function NewReportPage(props: { ctx: PageContext; form: FormState; options: ReportFormOptions }) {
  const { ctx, form } = props;
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('aduan.form.title')} crumbs={[{ href: '/aduan', label: t('aduan.title') }, { label: t('aduan.form.title') }]}>
      <AduanNav ctx={ctx} current="/aduan/baru" />
      <h1>{t('aduan.form.title')}</h1>
      <p class="lead">{t('aduan.form.intro')}</p>
      <form method="post" action="/aduan/baru" enctype="multipart/form-data" novalidate class="narrow">
        <ErrorSummary ctx={ctx} errors={form.errors} />
        <CsrfField ctx={ctx} />
        <ReportFields ctx={ctx} form={form} options={props.options} staff={false} />
        <button type="submit" class="button">
          {t('aduan.form.submit')}
        </button>
      </form>
    </Layout>
  );
}

/** Staff enter a report received by phone, in person, by letter… (the channel is recorded). */
export function StaffNewReportPage(props: { ctx: PageContext; form: FormState; options: ReportFormOptions }) {
  const { ctx, form } = props;
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('aduan.staff.new_title')} crumbs={[{ href: '/aduan/kelola', label: t('aduan.staff.title') }, { label: t('aduan.staff.new_title') }]}>
      <h1>{t('aduan.staff.new_title')}</h1>
      <form method="post" action="/aduan/kelola/baru" enctype="multipart/form-data" novalidate class="narrow">
        <ErrorSummary ctx={ctx} errors={form.errors} />
        <CsrfField ctx={ctx} />
        <ReportFields ctx={ctx} form={form} options={props.options} staff />
        <button type="submit" class="button">
          {t('common.save')}
        </button>
      </form>
    </Layout>
  );
}
