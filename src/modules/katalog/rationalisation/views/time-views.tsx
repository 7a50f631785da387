import type { FormState, PageContext } from '../../../../platform/html/context.ts';
import { Layout } from '../../../../platform/html/layout.tsx';
import { CsrfField, ErrorSummary, SelectField, TextArea } from '../../../../platform/html/components.tsx';
import { TIME_CLASSES, type TimeClass } from '../../db.ts';
import type { AssessmentRow } from '../repo.ts';
import type { TimeQuadrant } from '../use-cases/get-time-quadrant.ts';
import { SyntheticNotice } from '../../views/app-pages.tsx';
import { TimeScatter, type QuadrantCell } from './charts.tsx';
import { timeHint, timeLabel } from './labels.ts';

type Option = { value: string; label: string };
const FIT_OPTIONS: Option[] = [1, 2, 3, 4, 5].map((n) => ({ value: String(n), label: String(n) }));

/** Scores 1–5, with a note; the class follows from them (shown on the form so nobody guesses). */
export function AssessmentForm(props: { ctx: PageContext; form: FormState; appId: string }) {
  const { ctx, form } = props;
  const { t } = ctx;
  return (
    <form method="post" action={`/katalog/apps/${props.appId}/time`} novalidate>
      <ErrorSummary ctx={ctx} errors={form.errors} />
      <CsrfField ctx={ctx} />
      <p class="hint">{t('katalog.rat.time.rule')}</p>
      <SelectField ctx={ctx} form={form} name="functionalFit" label={t('katalog.rat.time.functional_fit')} hint={t('katalog.rat.time.functional_fit_hint')} options={FIT_OPTIONS} emptyLabel="—" required />
      <SelectField ctx={ctx} form={form} name="technicalFit" label={t('katalog.rat.time.technical_fit')} hint={t('katalog.rat.time.technical_fit_hint')} options={FIT_OPTIONS} emptyLabel="—" required />
      <TextArea ctx={ctx} form={form} name="note" label={t('katalog.rat.time.note')} optional rows={3} />
      <button type="submit" class="button">
        {t('katalog.rat.time.save')}
      </button>
    </form>
  );
}

export function AssessmentHistory(props: { ctx: PageContext; items: AssessmentRow[]; caption: string }) {
  const { ctx } = props;
  const { t, fmt } = ctx;
  if (props.items.length === 0) return <p>{t('katalog.rat.time.none')}</p>;
  return (
    <table>
      <caption>{props.caption}</caption>
      <thead>
        <tr>
          <th scope="col">{t('katalog.rat.time.assessed_at')}</th>
          <th scope="col">{t('katalog.rat.time.functional_fit')}</th>
          <th scope="col">{t('katalog.rat.time.technical_fit')}</th>
          <th scope="col">{t('katalog.rat.time.classification')}</th>
          <th scope="col">{t('katalog.rat.time.assessed_by')}</th>
          <th scope="col">{t('katalog.rat.time.note')}</th>
        </tr>
      </thead>
      <tbody>
        {props.items.map((a) => (
          <tr key={String(a.id)}>
            <td>{fmt.dateTime(a.assessed_at)}</td>
            <td>{a.functional_fit}</td>
            <td>{a.technical_fit}</td>
            <td>{timeLabel(ctx, a.classification)}</td>
            <td>{a.assessed_label}</td>
            <td>{a.note ?? '—'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The current class in words: "Invest (fungsi 4, teknis 4), dinilai oleh … pada …". */
export function CurrentClass(props: { ctx: PageContext; latest: AssessmentRow | undefined }) {
  const { ctx, latest } = props;
  const { t, fmt } = ctx;
  if (!latest) return <p>{t('katalog.rat.time.none')}</p>;
  return (
    <p>
      <strong class="badge">{timeLabel(ctx, latest.classification)}</strong>{' '}
      {t('katalog.rat.time.summary', { functional: latest.functional_fit, technical: latest.technical_fit, by: latest.assessed_label, at: fmt.dateTime(latest.assessed_at) })}
      <br />
      <span class="hint">{timeHint(ctx, latest.classification)}</span>
    </p>
  );
}

/** One app's TIME page: the scores over time and, for those who may score it, the form. */
export function AssessmentPage(props: { ctx: PageContext; app: { id: string; name: string; acronym: string | null }; items: AssessmentRow[]; form: FormState; canAssess: boolean }) {
  const { ctx, app } = props;
  const { t } = ctx;
  const title = t('katalog.rat.time.app_title', { name: app.acronym ?? app.name });
  return (
    <Layout ctx={ctx} title={title} crumbs={[{ href: '/katalog', label: t('katalog.rat.overview.title') }, { href: `/katalog/apps/${app.id}`, label: app.acronym ?? app.name }, { label: t('katalog.rat.time.title') }]}>
      <h1>{title}</h1>
      <h2>{t('katalog.rat.time.current')}</h2>
      <CurrentClass ctx={ctx} latest={props.items[0]} />
      {props.canAssess ? (
        <>
          <h2>{t('katalog.rat.time.assess')}</h2>
          <AssessmentForm ctx={ctx} form={props.form} appId={app.id} />
        </>
      ) : null}
      <h2>{t('katalog.rat.time.history')}</h2>
      <AssessmentHistory ctx={ctx} items={props.items} caption={t('katalog.rat.time.history')} />
    </Layout>
  );
}

/** The province's (or an agency's) apps on the TIME quadrant, with the same data as tables. */
export function TimeQuadrantPage(props: { ctx: PageContext; quadrant: TimeQuadrant; opdId: string; opdOptions: Option[] }) {
  const { ctx, quadrant } = props;
  const { t, fmt } = ctx;
  const cells = new Map<string, QuadrantCell>();
  for (const i of quadrant.items) {
    const key = `${i.functional_fit}-${i.technical_fit}`;
    const cell = cells.get(key) ?? { functionalFit: i.functional_fit, technicalFit: i.technical_fit, count: 0 };
    cell.count++;
    cells.set(key, cell);
  }
  const byClass = (c: TimeClass) => quadrant.items.filter((i) => i.classification === c);
  const desc = t('katalog.rat.time.chart_desc', {
    invest: quadrant.counts.invest,
    migrate: quadrant.counts.migrate,
    tolerate: quadrant.counts.tolerate,
    eliminate: quadrant.counts.eliminate,
    none: quadrant.notAssessed,
  });
  return (
    <Layout ctx={ctx} title={t('katalog.rat.time.quadrant_title')} crumbs={[{ href: '/katalog', label: t('katalog.rat.overview.title') }, { label: t('katalog.rat.time.quadrant_title') }]}>
      <h1>{t('katalog.rat.time.quadrant_title')}</h1>
      <p>{t('katalog.rat.time.quadrant_intro')}</p>
      <SyntheticNotice ctx={ctx} show={quadrant.items.some((i) => i.synthetic)} />
      {props.opdOptions.length > 1 ? (
        <form method="get" action="/katalog/time" class="filters">
          <SelectField ctx={ctx} name="opdId" label={t('katalog.field.opd')} options={props.opdOptions} value={props.opdId} emptyLabel={t('common.all')} />
          <button type="submit" class="button button-secondary">
            {t('katalog.rat.filter')}
          </button>
        </form>
      ) : null}
      <TimeScatter
        id="time-quadrant"
        title={t('katalog.rat.time.quadrant_title')}
        desc={desc}
        tableLabel={t('katalog.rat.chart.as_table')}
        cells={[...cells.values()]}
        labels={{
          invest: timeLabel(ctx, 'invest'),
          migrate: timeLabel(ctx, 'migrate'),
          tolerate: timeLabel(ctx, 'tolerate'),
          eliminate: timeLabel(ctx, 'eliminate'),
          functional: t('katalog.rat.time.functional_fit'),
          technical: t('katalog.rat.time.technical_fit'),
        }}
        table={
          <table>
            <caption class="visually-hidden">{t('katalog.rat.time.quadrant_title')}</caption>
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
                  <td>{fmt.number(quadrant.counts[c])}</td>
                </tr>
              ))}
              <tr>
                <th scope="row">{t('katalog.rat.time.not_assessed')}</th>
                <td>{fmt.number(quadrant.notAssessed)}</td>
              </tr>
            </tbody>
          </table>
        }
      />
      {TIME_CLASSES.map((c) => (
        <section key={c} aria-labelledby={`time-${c}`}>
          <h2 id={`time-${c}`}>
            {timeLabel(ctx, c)} ({fmt.number(quadrant.counts[c])})
          </h2>
          <p class="hint">{timeHint(ctx, c)}</p>
          {byClass(c).length === 0 ? (
            <p>{t('katalog.rat.none')}</p>
          ) : (
            <table>
              <caption class="visually-hidden">{timeLabel(ctx, c)}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('katalog.field.name')}</th>
                  <th scope="col">{t('katalog.field.opd')}</th>
                  <th scope="col">{t('katalog.rat.time.functional_fit')}</th>
                  <th scope="col">{t('katalog.rat.time.technical_fit')}</th>
                  <th scope="col">{t('katalog.rat.time.assessed_at')}</th>
                </tr>
              </thead>
              <tbody>
                {byClass(c).map((i) => (
                  <tr key={i.app_id}>
                    <td>
                      <a href={`/katalog/apps/${i.app_id}/time`}>{i.name}</a>
                      {i.acronym ? ` (${i.acronym})` : ''}
                    </td>
                    <td>{i.opd_name ?? t('katalog.no_owner')}</td>
                    <td>{i.functional_fit}</td>
                    <td>{i.technical_fit}</td>
                    <td>{fmt.date(i.assessed_at)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
      ))}
    </Layout>
  );
}
