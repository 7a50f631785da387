import type { FormState, PageContext } from '../../../platform/html/context.ts';
import { Layout } from '../../../platform/html/layout.tsx';
import { CsrfField, ErrorSummary, Pagination, SelectField, TextArea, TextField } from '../../../platform/html/components.tsx';
import { STATUSES } from '../db.ts';
import type { ReportAccess } from '../access.ts';
import { currentDue, overdueStages } from '../present.ts';
import type { ReportRow } from '../repo.ts';
import type { ReportDetail } from '../use-cases/read-reports.ts';
import { FileField } from '../../../platform/files/index.ts';
import { ATTACHMENT_POLICY } from '../attachments.ts';
import { AttachmentList, channelLabel, Checkbox, OverdueBadges, Paragraphs, Row, statusLabel, StatusBadge, Timeline, type Option } from './common.tsx';
import { ReportFacts } from './public-pages.tsx';

export interface QueueFilterValues {
  status: string;
  overdue: boolean;
  q: string;
  category: string;
}

export function QueuePage(props: { ctx: PageContext; items: ReportRow[]; hasNext: boolean; page: number; filter: QueueFilterValues; categories: Option[]; canEnter: boolean; canManage: boolean; now: Date }) {
  const { ctx, filter } = props;
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('aduan.staff.title')} crumbs={[{ label: t('aduan.staff.title') }]}>
      <h1>{t('aduan.staff.title')}</h1>
      <p>
        {props.canEnter ? (
          <a class="button" href="/aduan/kelola/baru">
            {t('aduan.staff.new_title')}
          </a>
        ) : null}{' '}
        {props.canManage ? <a href="/aduan/pengaturan">{t('aduan.settings.title')}</a> : null}
      </p>
      <form method="get" action="/aduan/kelola" class="filters" role="search" aria-label={t('aduan.list.filter_label')}>
        <TextField ctx={ctx} name="q" type="search" label={t('aduan.staff.search')} value={filter.q} />
        <SelectField ctx={ctx} name="status" label={t('common.status')} options={STATUSES.filter((s) => s !== 'menunggu_konfirmasi').map((s) => ({ value: s, label: statusLabel(ctx, s) }))} value={filter.status} emptyLabel={t('common.all')} />
        <SelectField ctx={ctx} name="category" label={t('aduan.field.category')} options={props.categories} value={filter.category} emptyLabel={t('common.all')} />
        <Checkbox ctx={ctx} form={{ values: { overdue: filter.overdue ? 'true' : '' }, errors: [] }} name="overdue" label={t('aduan.staff.only_overdue')} />
        <button type="submit" class="button button-secondary">
          {t('common.filter')}
        </button>
      </form>
      {props.items.length === 0 ? (
        <p>{t('aduan.staff.empty')}</p>
      ) : (
        <table>
          <caption class="visually-hidden">{t('aduan.staff.title')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('aduan.field.title')}</th>
              <th scope="col">{t('common.status')}</th>
              <th scope="col">{t('aduan.field.agency')}</th>
              <th scope="col">{t('aduan.staff.due')}</th>
            </tr>
          </thead>
          <tbody>
            {props.items.map((r) => {
              const due = currentDue(r);
              return (
                <tr key={r.id}>
                  <td>
                    <a href={`/aduan/kelola/${r.id}`}>{r.title}</a>
                    <br />
                    <span class="hint">
                      {r.tracking_id} · {r.category_name} · {r.region_name}
                      {r.rahasia ? ` · ${t('aduan.field.rahasia_short')}` : ''}
                    </span>
                  </td>
                  <td>
                    <StatusBadge ctx={ctx} status={r.status} /> <OverdueBadges ctx={ctx} stages={overdueStages(r, props.now)} />
                  </td>
                  <td>{r.opd_name ?? '—'}</td>
                  <td>{due ? ctx.fmt.date(due) : '—'}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      <Pagination ctx={ctx} page={props.page} hasNext={props.hasNext} baseUrl={ctx.currentUrl} />
    </Layout>
  );
}

export interface StaffForms {
  dispose: FormState;
  duplicate: FormState;
  decline: FormState;
  followUp: FormState;
}

export interface StaffOptions {
  categories: Option[];
  agencies: Option[];
  tiers: Option[];
}

/**
 * A report for staff. The handling chain sees who reported it; anyone else who may read it
 * (admins, auditors) sees that the identity is withheld. Actions appear by role and status.
 */
export function StaffReportPage(props: { ctx: PageContext; d: ReportDetail & { access: ReportAccess }; forms: StaffForms; options: StaffOptions; now: Date }) {
  const { ctx, d, forms, options } = props;
  const r = d.report;
  const { t } = ctx;
  const canCoordinate = d.access.coordinate && r.status === 'menunggu_verifikasi';
  const canHandle = d.access.handle && ['diproses', 'ditanggapi', 'dibuka_kembali'].includes(r.status);
  const base = `/aduan/kelola/${r.id}`;
  return (
    <Layout ctx={ctx} title={r.title} crumbs={[{ href: '/aduan/kelola', label: t('aduan.staff.title') }, { label: r.tracking_id }]}>
      <h1>{r.title}</h1>
      <ReportFacts ctx={ctx} d={d} now={props.now} reporterName={null} showReporter={false} />
      <h2>{t('aduan.field.reporter')}</h2>
      {d.access.inChain ? (
        <dl class="summary-list">
          <Row label={t('aduan.field.name')}>{r.reporter_name}</Row>
          <Row label={t('aduan.field.email')}>{r.reporter_email}</Row>
          <Row label={t('aduan.field.phone')}>{r.reporter_phone}</Row>
          <Row label={t('aduan.field.channel')}>{channelLabel(ctx, r.channel)}</Row>
          <Row label={t('aduan.field.privacy')}>
            {[r.anonim ? t('aduan.field.anonim_short') : '', r.rahasia ? t('aduan.field.rahasia_short') : ''].filter(Boolean).join(', ') || t('common.none')}
          </Row>
        </dl>
      ) : (
        <p class="notice">{t('aduan.staff.identity_hidden')}</p>
      )}
      <h2>{t('aduan.staff.deadlines')}</h2>
      <dl class="summary-list">
        <Row label={t('aduan.deadline.verify')}>{r.verify_due_at ? ctx.fmt.dateTime(r.verify_due_at) : null}</Row>
        <Row label={t('aduan.deadline.follow_up')}>{r.follow_up_due_at ? ctx.fmt.dateTime(r.follow_up_due_at) : null}</Row>
        <Row label={t('aduan.deadline.auto_close')}>{r.auto_close_at ? ctx.fmt.dateTime(r.auto_close_at) : null}</Row>
        <Row label={t('aduan.deadline.resolution')}>{r.resolution_due_at ? `${ctx.fmt.dateTime(r.resolution_due_at)}${r.tier_name ? ` (${r.tier_name})` : ''}` : null}</Row>
        {r.lapor_state ? <Row label={t('aduan.field.lapor_state')}>{t(`aduan.lapor.${r.lapor_state}` as 'aduan.lapor.menunggu')}</Row> : null}
      </dl>
      <h2>{t('aduan.field.description')}</h2>
      <Paragraphs text={r.description} />
      <AttachmentList ctx={ctx} items={d.attachments} showVisibility />
      <h2>{t('aduan.timeline.title')}</h2>
      <Timeline ctx={ctx} events={d.events} showVisibility />

      {canCoordinate ? (
        <>
          <form method="post" action={`${base}/disposisi`} novalidate class="narrow">
            <h2>{t('aduan.staff.dispose_title')}</h2>
            <p class="hint">{t('aduan.staff.dispose_hint')}</p>
            <ErrorSummary ctx={ctx} errors={forms.dispose.errors} />
            <CsrfField ctx={ctx} />
            <SelectField ctx={ctx} form={forms.dispose} name="categoryCode" label={t('aduan.field.category')} options={options.categories} />
            <SelectField ctx={ctx} form={forms.dispose} name="opdId" label={t('aduan.staff.dispose_agency')} hint={t('aduan.staff.dispose_agency_hint')} options={options.agencies} emptyLabel={t('aduan.staff.by_rule')} optional />
            <SelectField ctx={ctx} form={forms.dispose} name="tierCode" label={t('aduan.field.tier')} options={options.tiers} emptyLabel={t('aduan.staff.by_rule')} optional />
            <TextArea ctx={ctx} form={forms.dispose} name="note" label={t('aduan.staff.public_note')} optional rows={3} />
            <button type="submit" class="button">
              {t('aduan.staff.dispose_submit')}
            </button>
          </form>
          <form method="post" action={`${base}/duplikat`} novalidate class="narrow">
            <h2>{t('aduan.staff.duplicate_title')}</h2>
            <ErrorSummary ctx={ctx} errors={forms.duplicate.errors} />
            <CsrfField ctx={ctx} />
            <TextField ctx={ctx} form={forms.duplicate} name="duplicateOf" label={t('aduan.staff.duplicate_of')} hint={t('aduan.track.hint')} required />
            <TextArea ctx={ctx} form={forms.duplicate} name="note" label={t('aduan.staff.public_note')} optional rows={2} />
            <button type="submit" class="button button-secondary">
              {t('aduan.staff.duplicate_submit')}
            </button>
          </form>
          <form method="post" action={`${base}/tolak`} novalidate class="narrow">
            <h2>{t('aduan.staff.decline_title')}</h2>
            <ErrorSummary ctx={ctx} errors={forms.decline.errors} />
            <CsrfField ctx={ctx} />
            <TextArea ctx={ctx} form={forms.decline} name="reason" label={t('aduan.staff.decline_reason')} hint={t('aduan.staff.decline_hint')} required rows={3} />
            <button type="submit" class="button button-warning">
              {t('aduan.staff.decline_submit')}
            </button>
          </form>
        </>
      ) : null}

      {canHandle ? (
        <form method="post" action={`${base}/tanggapan`} enctype="multipart/form-data" novalidate class="narrow">
          <h2>{t('aduan.staff.follow_up_title')}</h2>
          <p class="hint">{t('aduan.staff.follow_up_hint')}</p>
          <ErrorSummary ctx={ctx} errors={forms.followUp.errors} />
          <CsrfField ctx={ctx} />
          <TextArea ctx={ctx} form={forms.followUp} name="body" label={t('aduan.staff.follow_up_label')} required rows={6} />
          <FileField ctx={ctx} form={forms.followUp} name="attachments" label={t('aduan.field.attachments')} policy={ATTACHMENT_POLICY} hint={t('aduan.staff.follow_up_files_hint')} optional multiple />
          <button type="submit" class="button">
            {t('aduan.staff.follow_up_submit')}
          </button>
        </form>
      ) : null}
    </Layout>
  );
}
