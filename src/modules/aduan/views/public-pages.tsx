import type { FormState, PageContext } from '../../../platform/html/context.ts';
import { Layout } from '../../../platform/html/layout.tsx';
import { ErrorSummary, Pagination, SelectField, TextField } from '../../../platform/html/components.tsx';
import { PUBLIC_STATUSES } from '../db.ts';
import { overdueStages, publicReporterName } from '../present.ts';
import type { ReportRow } from '../repo.ts';
import type { AgencyFigures, ReportDetail } from '../use-cases/read-reports.ts';
import { AduanNav, AttachmentList, OverdueBadges, Paragraphs, percentText, Row, statusLabel, StatusBadge, Timeline, typeLabel, workingDays, type Option } from './common.tsx';

export interface PublicFilterValues {
  opdId: string;
  category: string;
  status: string;
  region: string;
  from: string;
  to: string;
}

/** One report in a list: title, where and who, status and any missed deadline. */
export function ReportListItem(props: { ctx: PageContext; r: ReportRow; now: Date; href: string }) {
  const { ctx, r } = props;
  return (
    <li>
      <h3>
        <a href={props.href}>{r.title}</a>
      </h3>
      <p>
        <StatusBadge ctx={ctx} status={r.status} /> <OverdueBadges ctx={ctx} stages={overdueStages(r, props.now)} /> <span>{r.tracking_id}</span> · {typeLabel(ctx, r.type)} · {r.category_name} · {r.region_name}
        {r.opd_name ? ` · ${r.opd_name}` : ''} · <time datetime={r.created_at.toISOString()}>{ctx.fmt.date(r.created_at)}</time>
      </p>
    </li>
  );
}

export function PublicListPage(props: {
  ctx: PageContext;
  items: ReportRow[];
  hasNext: boolean;
  page: number;
  filter: PublicFilterValues;
  options: { agencies: Option[]; categories: Option[]; regions: Option[] };
  now: Date;
}) {
  const { ctx, filter } = props;
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('aduan.title')} crumbs={[{ label: t('aduan.title') }]}>
      <AduanNav ctx={ctx} current="/aduan" />
      <h1>{t('aduan.title')}</h1>
      <p class="lead">{t('aduan.intro')}</p>
      <p>
        <a class="button" href="/aduan/baru">
          {t('aduan.nav.new')}
        </a>
      </p>
      <form method="get" action="/aduan" class="filters" role="search" aria-label={t('aduan.list.filter_label')}>
        <SelectField ctx={ctx} name="opdId" label={t('aduan.field.agency')} options={props.options.agencies} value={filter.opdId} emptyLabel={t('common.all')} />
        <SelectField ctx={ctx} name="category" label={t('aduan.field.category')} options={props.options.categories} value={filter.category} emptyLabel={t('common.all')} />
        <SelectField ctx={ctx} name="status" label={t('common.status')} options={PUBLIC_STATUSES.map((s) => ({ value: s, label: statusLabel(ctx, s) }))} value={filter.status} emptyLabel={t('common.all')} />
        <SelectField ctx={ctx} name="region" label={t('aduan.field.region')} options={props.options.regions} value={filter.region} emptyLabel={t('common.all')} />
        <TextField ctx={ctx} name="from" type="date" label={t('aduan.list.from')} value={filter.from} />
        <TextField ctx={ctx} name="to" type="date" label={t('aduan.list.to')} value={filter.to} />
        <button type="submit" class="button button-secondary">
          {t('common.filter')}
        </button>
      </form>
      <h2>{t('aduan.list.heading')}</h2>
      {props.items.length === 0 ? (
        <p>{t('aduan.list.empty')}</p>
      ) : (
        <ol class="plain-list report-list">
          {props.items.map((r) => (
            <ReportListItem key={r.id} ctx={ctx} r={r} now={props.now} href={`/aduan/laporan/${r.tracking_id}`} />
          ))}
        </ol>
      )}
      <Pagination ctx={ctx} page={props.page} hasNext={props.hasNext} baseUrl={ctx.currentUrl} />
    </Layout>
  );
}

/** The facts of a report, shared by the public, reporter and staff pages. */
export function ReportFacts(props: { ctx: PageContext; d: ReportDetail; now: Date; reporterName: string | null; showReporter: boolean }) {
  const { ctx, d } = props;
  const r = d.report;
  const { t } = ctx;
  return (
    <dl class="summary-list">
      <Row label={t('aduan.field.tracking')}>{r.tracking_id}</Row>
      <Row label={t('common.status')}>
        <StatusBadge ctx={ctx} status={r.status} /> <OverdueBadges ctx={ctx} stages={overdueStages(r, props.now)} />
      </Row>
      <Row label={t('aduan.field.type')}>{typeLabel(ctx, r.type)}</Row>
      <Row label={t('aduan.field.category')}>{r.category_name}</Row>
      <Row label={t('aduan.field.agency')}>{r.opd_name ? <a href={`/aduan/instansi/${r.opd_code}`}>{r.opd_name}</a> : r.competence === 'pusat' ? 'SP4N-LAPOR!' : null}</Row>
      <Row label={t('aduan.field.region')}>{[r.district_name, r.region_name].filter(Boolean).join(', ')}</Row>
      {r.address ? <Row label={t('aduan.field.address')}>{r.address}</Row> : null}
      {r.lat !== null && r.lon !== null ? (
        <Row label={t('aduan.field.point')}>
          <a href={`https://www.openstreetmap.org/?mlat=${r.lat}&mlon=${r.lon}#map=17/${r.lat}/${r.lon}`} rel="noopener noreferrer">
            {r.lat}, {r.lon}
          </a>
        </Row>
      ) : null}
      {d.service ? <Row label={t('aduan.field.service')}>{d.service.name}</Row> : null}
      {d.app ? <Row label={t('aduan.field.app')}>{d.app.name}</Row> : null}
      {props.showReporter ? <Row label={t('aduan.field.reporter')}>{props.reporterName ?? t('aduan.reporter_hidden')}</Row> : null}
      <Row label={t('aduan.field.received')}>{r.received_at ? ctx.fmt.dateTime(r.received_at) : null}</Row>
      {r.resolution_due_at ? <Row label={t('aduan.field.resolution_due')}>{ctx.fmt.date(r.resolution_due_at)}</Row> : null}
      {r.closed_at ? <Row label={t('aduan.field.closed')}>{ctx.fmt.dateTime(r.closed_at)}</Row> : null}
      {r.duplicate_of_tracking_id ? (
        <Row label={t('aduan.field.duplicate_of')}>
          <a href={`/aduan/laporan/${r.duplicate_of_tracking_id}`}>{r.duplicate_of_tracking_id}</a>
        </Row>
      ) : null}
      {r.lapor_reference ? <Row label={t('aduan.field.lapor_reference')}>{r.lapor_reference}</Row> : null}
      {r.rating !== null ? <Row label={t('aduan.field.rating')}>{t('aduan.rating_value', { rating: r.rating })}</Row> : null}
    </dl>
  );
}

export function PublicReportPage(props: { ctx: PageContext; d: ReportDetail; now: Date }) {
  const { ctx, d } = props;
  const r = d.report;
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={r.title} crumbs={[{ href: '/aduan', label: t('aduan.title') }, { label: r.tracking_id }]}>
      <h1>{r.title}</h1>
      <ReportFacts ctx={ctx} d={d} now={props.now} reporterName={publicReporterName(r)} showReporter />
      <h2>{t('aduan.field.description')}</h2>
      <Paragraphs text={r.description} />
      <AttachmentList ctx={ctx} items={d.attachments} />
      <h2>{t('aduan.timeline.title')}</h2>
      <Timeline ctx={ctx} events={d.events} />
    </Layout>
  );
}

export function FiguresTable(props: { ctx: PageContext; figures: AgencyFigures[]; caption: string; linkAgencies: boolean }) {
  const { ctx } = props;
  const { t } = ctx;
  if (props.figures.length === 0) return <p>{t('aduan.figures.empty')}</p>;
  return (
    <table>
      <caption>{props.caption}</caption>
      <thead>
        <tr>
          <th scope="col">{t('aduan.field.agency')}</th>
          <th scope="col">{t('aduan.figures.received')}</th>
          <th scope="col">{t('aduan.figures.on_time')}</th>
          <th scope="col">{t('aduan.figures.median')}</th>
          <th scope="col">{t('aduan.figures.reopen_rate')}</th>
          <th scope="col">{t('aduan.figures.overdue_now')}</th>
        </tr>
      </thead>
      <tbody>
        {props.figures.map((f) => (
          <tr key={f.opdId}>
            <th scope="row">{props.linkAgencies ? <a href={`/aduan/instansi/${f.opdCode}`}>{f.opdName}</a> : f.opdName}</th>
            <td>{ctx.fmt.number(f.received)}</td>
            <td>
              {percentText(ctx, f.onTimeRate)} <span class="hint">({ctx.fmt.number(f.answeredOnTime)})</span>
            </td>
            <td>{workingDays(ctx, f.medianFirstAnswerDays)}</td>
            <td>{percentText(ctx, f.reopenRate)}</td>
            <td>{ctx.fmt.number(f.overdueNow)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function PeriodForm(props: { ctx: PageContext; action: string; from: string; to: string }) {
  const { ctx } = props;
  return (
    <form method="get" action={props.action} class="filters" aria-label={ctx.t('aduan.figures.period')}>
      <TextField ctx={ctx} name="from" type="date" label={ctx.t('aduan.list.from')} value={props.from} />
      <TextField ctx={ctx} name="to" type="date" label={ctx.t('aduan.list.to')} value={props.to} />
      <button type="submit" class="button button-secondary">
        {ctx.t('common.filter')}
      </button>
    </form>
  );
}

export function FiguresPage(props: { ctx: PageContext; figures: AgencyFigures[]; from: string; to: string }) {
  const { ctx } = props;
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('aduan.figures.title')} crumbs={[{ href: '/aduan', label: t('aduan.title') }, { label: t('aduan.figures.title') }]}>
      <AduanNav ctx={ctx} current="/aduan/instansi" />
      <h1>{t('aduan.figures.title')}</h1>
      <p>{t('aduan.figures.intro')}</p>
      <PeriodForm ctx={ctx} action="/aduan/instansi" from={props.from} to={props.to} />
      <FiguresTable ctx={ctx} figures={props.figures} caption={t('aduan.figures.caption', { from: props.from, to: props.to })} linkAgencies />
    </Layout>
  );
}

export function AgencyPage(props: { ctx: PageContext; agency: { code: string; name: string }; figures: AgencyFigures[]; items: ReportRow[]; hasNext: boolean; page: number; from: string; to: string; now: Date }) {
  const { ctx, agency } = props;
  const { t } = ctx;
  const feed = `/aduan/instansi/${agency.code}`;
  return (
    <Layout ctx={ctx} title={agency.name} crumbs={[{ href: '/aduan', label: t('aduan.title') }, { href: '/aduan/instansi', label: t('aduan.figures.title') }, { label: agency.name }]}>
      <h1>{agency.name}</h1>
      <p>
        {t('aduan.agency.feeds')} <a href={`${feed}/atom.xml`}>Atom</a> · <a href={`${feed}/rss.xml`}>RSS</a>
      </p>
      <PeriodForm ctx={ctx} action={feed} from={props.from} to={props.to} />
      <FiguresTable ctx={ctx} figures={props.figures} caption={t('aduan.figures.caption', { from: props.from, to: props.to })} linkAgencies={false} />
      <h2>{t('aduan.agency.reports')}</h2>
      {props.items.length === 0 ? (
        <p>{t('aduan.list.empty')}</p>
      ) : (
        <ol class="plain-list report-list">
          {props.items.map((r) => (
            <ReportListItem key={r.id} ctx={ctx} r={r} now={props.now} href={`/aduan/laporan/${r.tracking_id}`} />
          ))}
        </ol>
      )}
      <Pagination ctx={ctx} page={props.page} hasNext={props.hasNext} baseUrl={ctx.currentUrl} />
    </Layout>
  );
}

export function TrackPage(props: { ctx: PageContext; form: FormState; found?: { trackingId: string; status: string } }) {
  const { ctx, form } = props;
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('aduan.track.title')} crumbs={[{ href: '/aduan', label: t('aduan.title') }, { label: t('aduan.track.title') }]}>
      <AduanNav ctx={ctx} current="/aduan/lacak" />
      <h1>{t('aduan.track.title')}</h1>
      <p>{t('aduan.track.intro')}</p>
      <form method="get" action="/aduan/lacak" novalidate class="narrow">
        <ErrorSummary ctx={ctx} errors={form.errors} />
        <TextField ctx={ctx} form={form} name="id" label={t('aduan.field.tracking')} hint={t('aduan.track.hint')} required />
        <button type="submit" class="button">
          {t('aduan.track.submit')}
        </button>
      </form>
      {props.found ? (
        <p class="notice" role="status">
          {t('aduan.track.unpublished', { trackingId: props.found.trackingId, status: props.found.status })}
        </p>
      ) : null}
    </Layout>
  );
}

/** After an anonymous submission: the tracking id, and "check your mail". */
export function SubmittedPage(props: { ctx: PageContext; trackingId: string; confirm: boolean }) {
  const { ctx } = props;
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('aduan.submitted.title')} crumbs={[{ href: '/aduan', label: t('aduan.title') }, { label: t('aduan.submitted.title') }]}>
      <h1>{t('aduan.submitted.title')}</h1>
      <p class="notice">
        {t('aduan.submitted.tracking')} <strong>{props.trackingId}</strong>
      </p>
      <p>{props.confirm ? t('aduan.submitted.confirm') : t('aduan.submitted.received')}</p>
      <p>
        <a href="/aduan">{t('aduan.nav.list')}</a>
      </p>
    </Layout>
  );
}
