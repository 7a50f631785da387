import type { PageContext } from '../../../../platform/html/context.ts';
import { Layout } from '../../../../platform/html/layout.tsx';
import { TIME_CLASSES } from '../../db.ts';
import { SyntheticNotice, hostingLabel } from '../../views/app-pages.tsx';
import type { DecisionRow } from '../repo.ts';
import type { Portfolio } from '../use-cases/get-portfolio.ts';
import { BarChart, LineChart } from './charts.tsx';
import { DecisionTable } from './decision-views.tsx';
import { monthLabel, percent, qualityFieldLabel, timeLabel } from './labels.ts';

function KeyFigures(props: { ctx: PageContext; p: Portfolio; showOwnerless: boolean }) {
  const { ctx, p } = props;
  const { t, fmt } = ctx;
  const first = p.active[0] ?? 0;
  return (
    <dl class="summary-list">
      <dt>{t('katalog.rat.portfolio.active_now')}</dt>
      <dd>
        <strong>{fmt.number(p.activeNow)}</strong>
        {p.months.length > 1 ? ` (${t('katalog.rat.portfolio.since', { count: fmt.number(first), month: monthLabel(ctx, p.months[0]!) })})` : ''}
      </dd>
      <dt>{t('katalog.rat.portfolio.cost_saved')}</dt>
      <dd>{fmt.money(p.costSaved.total)}</dd>
      <dt>{t('katalog.rat.portfolio.outside_dc')}</dt>
      <dd>
        {fmt.number(p.hosting.outsideDataCentre)}
        {p.hosting.unknown ? ` (${t('katalog.rat.portfolio.hosting_unknown', { count: fmt.number(p.hosting.unknown) })})` : ''}
      </dd>
      {props.showOwnerless ? (
        <>
          <dt>{t('katalog.rat.portfolio.without_owner')}</dt>
          <dd>{fmt.number(p.withoutOwner.count)}</dd>
        </>
      ) : null}
      <dt>{t('katalog.rat.quality.title')}</dt>
      <dd>{t('katalog.rat.quality.overall', { score: percent(ctx, p.quality.overall), count: fmt.number(p.quality.apps) })}</dd>
      <dt>{t('katalog.rat.decision.title')}</dt>
      <dd>
        <a href={p.opd ? `/katalog/decisions?opdId=${p.opd.id}` : '/katalog/decisions'}>{t('katalog.rat.portfolio.open_decisions', { open: fmt.number(p.decisions.open), overdue: fmt.number(p.decisions.overdue) })}</a>
      </dd>
    </dl>
  );
}

function Curve(props: { ctx: PageContext; p: Portfolio; name: string }) {
  const { ctx, p } = props;
  const { t, fmt } = ctx;
  const labels = p.months.map((m) => monthLabel(ctx, m));
  const desc = t('katalog.rat.portfolio.curve_desc', { from: fmt.number(p.active[0] ?? 0), first: labels[0] ?? '', to: fmt.number(p.activeNow), last: labels[labels.length - 1] ?? '' });
  return (
    <LineChart
      id="curve"
      title={t('katalog.rat.portfolio.curve_title', { name: props.name })}
      desc={desc}
      tableLabel={t('katalog.rat.chart.as_table')}
      xHeader={t('katalog.rat.portfolio.month')}
      labels={labels}
      series={[{ name: t('katalog.rat.portfolio.active_apps'), values: p.active }]}
      format={(n) => fmt.number(n)}
    />
  );
}

function CostSaved(props: { ctx: PageContext; p: Portfolio }) {
  const { ctx, p } = props;
  const { t, fmt } = ctx;
  if (p.costSaved.byYear.length === 0) return <p>{t('katalog.rat.portfolio.no_savings')}</p>;
  return (
    <table>
      <caption>{t('katalog.rat.portfolio.cost_saved_caption')}</caption>
      <thead>
        <tr>
          <th scope="col">{t('katalog.rat.portfolio.year')}</th>
          <th scope="col">{t('katalog.rat.portfolio.apps_ended')}</th>
          <th scope="col">{t('katalog.rat.portfolio.yearly_cost_saved')}</th>
          <th scope="col">{t('katalog.rat.portfolio.without_cost')}</th>
        </tr>
      </thead>
      <tbody>
        {p.costSaved.byYear.map((y) => (
          <tr key={y.year}>
            <th scope="row">{y.year}</th>
            <td>{fmt.number(y.apps)}</td>
            <td>{fmt.money(y.amount)}</td>
            <td>{fmt.number(y.appsWithoutCost)}</td>
          </tr>
        ))}
      </tbody>
      <tfoot>
        <tr>
          <th scope="row">{t('katalog.rat.total')}</th>
          <td>{fmt.number(p.costSaved.byYear.reduce((s, y) => s + y.apps, 0))}</td>
          <td>{fmt.money(p.costSaved.total)}</td>
          <td>{fmt.number(p.costSaved.byYear.reduce((s, y) => s + y.appsWithoutCost, 0))}</td>
        </tr>
      </tfoot>
    </table>
  );
}

function TimeMix(props: { ctx: PageContext; p: Portfolio }) {
  const { ctx, p } = props;
  const { t, fmt } = ctx;
  return (
    <table>
      <caption>{t('katalog.rat.time.mix')}</caption>
      <thead>
        <tr>
          <th scope="col">{t('katalog.rat.time.classification')}</th>
          <th scope="col">{t('katalog.rat.apps_count')}</th>
        </tr>
      </thead>
      <tbody>
        {TIME_CLASSES.map((c) => (
          <tr key={c}>
            <th scope="row">{timeLabel(ctx, c)}</th>
            <td>{fmt.number(p.time[c])}</td>
          </tr>
        ))}
        <tr>
          <th scope="row">{t('katalog.rat.time.not_assessed')}</th>
          <td>{fmt.number(p.time.notAssessed)}</td>
        </tr>
      </tbody>
    </table>
  );
}

function Quality(props: { ctx: PageContext; p: Portfolio }) {
  const { ctx, p } = props;
  const { t } = ctx;
  return (
    <>
      <p>{t('katalog.rat.quality.intro')}</p>
      {p.quality.leastComplete.length === 0 ? (
        <p>{t('katalog.rat.none')}</p>
      ) : (
        <table>
          <caption>{t('katalog.rat.quality.least_complete')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('katalog.field.name')}</th>
              <th scope="col">{t('katalog.field.opd')}</th>
              <th scope="col">{t('katalog.rat.quality.score')}</th>
              <th scope="col">{t('katalog.rat.quality.missing')}</th>
            </tr>
          </thead>
          <tbody>
            {p.quality.leastComplete.map((q) => (
              <tr key={q.app.id}>
                <td>
                  <a href={`/katalog/apps/${q.app.id}`}>{q.app.name}</a>
                </td>
                <td>{q.app.opd_name ?? t('katalog.no_owner')}</td>
                <td>{percent(ctx, q.score)}</td>
                <td>{q.missing.map((f) => qualityFieldLabel(ctx, f)).join(', ') || '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}

function AppLinks(props: { ctx: PageContext; apps: Portfolio['hosting']['apps']; total: number; summary: string; withHosting: boolean }) {
  const { ctx } = props;
  const { t, fmt } = ctx;
  if (props.total === 0) return null;
  return (
    <details>
      <summary>{props.summary}</summary>
      <ul>
        {props.apps.map((a) => (
          <li key={a.id}>
            <a href={`/katalog/apps/${a.id}`}>{a.name}</a> — {a.opd_name ?? t('katalog.no_owner')}
            {props.withHosting ? ` — ${hostingLabel(ctx, a.hosting)}` : ''}
          </li>
        ))}
      </ul>
      {props.total > props.apps.length ? <p>{t('katalog.rat.and_more', { count: fmt.number(props.total - props.apps.length) })}</p> : null}
    </details>
  );
}

function Agencies(props: { ctx: PageContext; p: Portfolio }) {
  const { ctx, p } = props;
  const { t, fmt } = ctx;
  const name = (a: Portfolio['agencies'][number]) => a.opdName ?? t('katalog.no_owner');
  const bars = p.agencies.map((a) => ({ label: name(a), value: a.activeNow, href: a.opdId ? `/katalog/agencies/${a.opdId}` : undefined }));
  return (
    <>
      <BarChart
        id="agencies"
        title={t('katalog.rat.portfolio.by_agency_title')}
        desc={t('katalog.rat.portfolio.by_agency_desc', { count: fmt.number(p.agencies.length), top: bars[0] ? `${bars[0].label} (${fmt.number(bars[0].value)})` : '—' })}
        tableLabel={t('katalog.rat.chart.as_table')}
        labelHeader={t('katalog.field.opd')}
        valueHeader={t('katalog.rat.portfolio.active_apps')}
        bars={bars}
        format={(n) => fmt.number(n)}
      />
      <table>
        <caption>{t('katalog.rat.portfolio.by_agency_table')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('katalog.field.opd')}</th>
            <th scope="col">{t('katalog.rat.portfolio.active_at', { month: p.months[0] ? monthLabel(ctx, p.months[0]) : '' })}</th>
            <th scope="col">{t('katalog.rat.portfolio.active_now')}</th>
            <th scope="col">{t('katalog.rat.quality.title')}</th>
            <th scope="col">{t('katalog.rat.portfolio.outside_dc')}</th>
          </tr>
        </thead>
        <tbody>
          {p.agencies.map((a) => (
            <tr key={a.opdId ?? 'none'}>
              <th scope="row">{a.opdId ? <a href={`/katalog/agencies/${a.opdId}`}>{name(a)}</a> : name(a)}</th>
              <td>{fmt.number(a.active[0] ?? 0)}</td>
              <td>{fmt.number(a.activeNow)}</td>
              <td>{percent(ctx, a.quality)}</td>
              <td>{fmt.number(a.outsideDataCentre)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

/**
 * The portfolio page: the province-wide overview at /katalog (limited to the reader's agencies
 * for agency staff) or one agency's page, with its open decisions.
 */
export function PortfolioPage(props: { ctx: PageContext; p: Portfolio; wholeProvince: boolean; openDecisions: DecisionRow[]; today: string; canDecide: boolean }) {
  const { ctx, p } = props;
  const { t } = ctx;
  const agency = p.opd;
  const title = agency ? t('katalog.rat.agency.title', { name: agency.name }) : t('katalog.rat.overview.title');
  const scopeName = agency ? agency.name : props.wholeProvince ? t('katalog.rat.overview.province') : t('katalog.rat.overview.my_agencies');
  const filter = agency ? `?opdId=${agency.id}` : '';
  return (
    <Layout ctx={ctx} title={title} crumbs={agency ? [{ href: '/katalog', label: t('katalog.rat.overview.title') }, { label: agency.name }] : [{ label: t('katalog.rat.overview.title') }]}>
      <h1>{title}</h1>
      <p>{agency ? t('katalog.rat.agency.intro') : props.wholeProvince ? t('katalog.rat.overview.intro') : t('katalog.rat.overview.intro_agency')}</p>
      <SyntheticNotice ctx={ctx} show={p.synthetic} />
      <nav aria-label={t('katalog.rat.overview.links')}>
        <ul class="plain-list">
          <li>
            <a href={`/katalog/apps${filter}`}>{t('katalog.title')}</a>
          </li>
          <li>
            <a href={`/katalog/decisions${filter}`}>{t('katalog.rat.decision.list_title')}</a>
          </li>
          <li>
            <a href={`/katalog/time${filter}`}>{t('katalog.rat.time.quadrant_title')}</a>
          </li>
          <li>
            <a href={`/katalog/capabilities${filter}`}>{t('katalog.rat.capability.title')}</a>
          </li>
        </ul>
      </nav>
      <h2>{t('katalog.rat.portfolio.key_figures')}</h2>
      <KeyFigures ctx={ctx} p={p} showOwnerless={!agency && props.wholeProvince} />
      <h2>{t('katalog.rat.portfolio.curve_heading')}</h2>
      <Curve ctx={ctx} p={p} name={scopeName} />
      {!agency && p.agencies.length > 0 ? (
        <>
          <h2>{t('katalog.rat.portfolio.by_agency_heading')}</h2>
          <Agencies ctx={ctx} p={p} />
        </>
      ) : null}
      <h2>{t('katalog.rat.portfolio.cost_saved')}</h2>
      <CostSaved ctx={ctx} p={p} />
      <h2>{t('katalog.rat.portfolio.hosting_heading')}</h2>
      <p>{t('katalog.rat.portfolio.hosting_intro')}</p>
      <AppLinks ctx={ctx} apps={p.hosting.apps} total={p.hosting.outsideDataCentre} summary={t('katalog.rat.portfolio.outside_dc_list', { count: ctx.fmt.number(p.hosting.outsideDataCentre) })} withHosting />
      {!agency && props.wholeProvince ? (
        <AppLinks ctx={ctx} apps={p.withoutOwner.apps} total={p.withoutOwner.count} summary={t('katalog.rat.portfolio.without_owner_list', { count: ctx.fmt.number(p.withoutOwner.count) })} withHosting={false} />
      ) : null}
      <h2>{t('katalog.rat.time.mix')}</h2>
      <TimeMix ctx={ctx} p={p} />
      <h2>{t('katalog.rat.quality.title')}</h2>
      <Quality ctx={ctx} p={p} />
      {agency ? (
        <>
          <h2>{t('katalog.rat.decision.open_heading')}</h2>
          {props.openDecisions.length ? (
            <DecisionTable ctx={ctx} items={props.openDecisions} today={props.today} caption={t('katalog.rat.decision.open_heading')} showApp canDecide={props.canDecide} returnTo={ctx.currentUrl} />
          ) : (
            <p>{t('katalog.rat.decision.empty')}</p>
          )}
        </>
      ) : null}
    </Layout>
  );
}
