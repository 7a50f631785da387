import type { FormState, PageContext } from '../../../platform/html/context.ts';
import { Layout } from '../../../platform/html/layout.tsx';
import { CsrfField, ErrorSummary, Pagination, SelectField, TextArea } from '../../../platform/html/components.tsx';
import { isPublishedReport, reporterActions } from '../present.ts';
import type { ReportRow } from '../repo.ts';
import type { ReportDetail } from '../use-cases/read-reports.ts';
import { AduanNav, AttachmentList, Paragraphs, PostButton, Timeline } from './common.tsx';
import { ReportFacts, ReportListItem } from './public-pages.tsx';

export interface ReporterForms {
  reply: FormState;
  rate: FormState;
  reopen: FormState;
}

/**
 * The reporter's page, opened from the secret link (or "my reports" when signed in): the whole
 * report, and what they can do next — confirm, reply, rate, reopen.
 */
export function ReporterReportPage(props: { ctx: PageContext; d: ReportDetail; secret: string | undefined; forms: ReporterForms; now: Date }) {
  const { ctx, d, forms } = props;
  const r = d.report;
  const { t } = ctx;
  const can = reporterActions(r);
  const base = `/aduan/lacak/${r.tracking_id}`;
  const key = props.secret ? { k: props.secret } : undefined;
  const published = isPublishedReport(r);
  return (
    <Layout ctx={ctx} title={r.title} crumbs={[{ href: '/aduan', label: t('aduan.title') }, { label: r.tracking_id }]}>
      <h1>{r.title}</h1>
      <p class="notice">{t('aduan.reporter.private_note')}</p>
      {can.confirm ? (
        <section aria-labelledby="confirm-title">
          <h2 id="confirm-title">{t('aduan.reporter.confirm_title')}</h2>
          <p>{t('aduan.reporter.confirm_intro')}</p>
          <ErrorSummary ctx={ctx} errors={forms.reply.errors} />
          <PostButton ctx={ctx} action={`${base}/konfirmasi`} label={t('aduan.reporter.confirm_submit')} hidden={key} />
        </section>
      ) : null}
      {published ? (
        <p>
          <a href={`/aduan/laporan/${r.tracking_id}`}>{t('aduan.reporter.public_page')}</a>
        </p>
      ) : null}
      <ReportFacts ctx={ctx} d={d} now={props.now} reporterName={r.reporter_name} showReporter />
      {r.decline_reason ? (
        <div class="notice">
          <h2>{t('aduan.reporter.declined')}</h2>
          <Paragraphs text={r.decline_reason} />
        </div>
      ) : null}
      <h2>{t('aduan.field.description')}</h2>
      <Paragraphs text={r.description} />
      <AttachmentList ctx={ctx} items={d.attachments} keyParam={props.secret} />
      <h2>{t('aduan.timeline.title')}</h2>
      <Timeline ctx={ctx} events={d.events} />
      {can.reply ? (
        <form method="post" action={`${base}/balas`} novalidate class="narrow">
          <h2>{t('aduan.reporter.reply_title')}</h2>
          <ErrorSummary ctx={ctx} errors={forms.reply.errors} />
          <CsrfField ctx={ctx} />
          {key ? <input type="hidden" name="k" value={key.k} /> : null}
          <TextArea ctx={ctx} form={forms.reply} name="body" label={t('aduan.reporter.reply_label')} required />
          <button type="submit" class="button">
            {t('aduan.reporter.reply_submit')}
          </button>
        </form>
      ) : null}
      {can.rate ? (
        <form method="post" action={`${base}/nilai`} novalidate class="narrow">
          <h2>{t('aduan.reporter.rate_title')}</h2>
          <ErrorSummary ctx={ctx} errors={forms.rate.errors} />
          <CsrfField ctx={ctx} />
          {key ? <input type="hidden" name="k" value={key.k} /> : null}
          <SelectField ctx={ctx} form={forms.rate} name="rating" label={t('aduan.field.rating')} options={[5, 4, 3, 2, 1].map((n) => ({ value: String(n), label: t(`aduan.rating.${n}` as 'aduan.rating.5') }))} emptyLabel={t('aduan.field.choose')} required />
          <TextArea ctx={ctx} form={forms.rate} name="comment" label={t('aduan.reporter.rate_comment')} optional rows={3} />
          <button type="submit" class="button">
            {t('aduan.reporter.rate_submit')}
          </button>
        </form>
      ) : null}
      {can.reopen ? (
        <form method="post" action={`${base}/buka-kembali`} novalidate class="narrow">
          <h2>{t('aduan.reporter.reopen_title')}</h2>
          <ErrorSummary ctx={ctx} errors={forms.reopen.errors} />
          <CsrfField ctx={ctx} />
          {key ? <input type="hidden" name="k" value={key.k} /> : null}
          <TextArea ctx={ctx} form={forms.reopen} name="reason" label={t('aduan.reporter.reopen_label')} required rows={3} />
          <button type="submit" class="button button-secondary">
            {t('aduan.reporter.reopen_submit')}
          </button>
        </form>
      ) : null}
    </Layout>
  );
}

export function MyReportsPage(props: { ctx: PageContext; items: ReportRow[]; hasNext: boolean; page: number; now: Date }) {
  const { ctx } = props;
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('aduan.mine.title')} crumbs={[{ href: '/aduan', label: t('aduan.title') }, { label: t('aduan.mine.title') }]}>
      <AduanNav ctx={ctx} current="/aduan/saya" />
      <h1>{t('aduan.mine.title')}</h1>
      <h2 class="visually-hidden">{t('aduan.list.heading')}</h2>
      {props.items.length === 0 ? (
        <p>{t('aduan.mine.empty')}</p>
      ) : (
        <ol class="plain-list report-list">
          {props.items.map((r) => (
            <ReportListItem key={r.id} ctx={ctx} r={r} now={props.now} href={`/aduan/lacak/${r.tracking_id}`} />
          ))}
        </ol>
      )}
      <Pagination ctx={ctx} page={props.page} hasNext={props.hasNext} baseUrl={ctx.currentUrl} />
    </Layout>
  );
}
