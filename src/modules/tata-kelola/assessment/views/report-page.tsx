import type { PageContext } from '../../../../platform/html/context.ts';
import { Layout } from '../../../../platform/html/layout.tsx';
import { Row, score, weight } from '../../views/common.tsx';
import type { StoredMeasurement } from '../../evidence/refresh.ts';
import type { AssessmentDetail } from '../use-cases/get-assessment.ts';
import { Scorecards, stageLabel } from './assessment-pages.tsx';
import { evidenceTitle, measurementText } from './evidence-views.tsx';

/**
 * The printable report of a year: scores side by side, the gap and plan, then every indicator with
 * its levels, justification, review notes and evidence. Print CSS (report.css) hides navigation
 * and forms; the browser's "print to PDF" (or a headless browser's `page.pdf()`) makes the PDF.
 */
export function ReportPage(props: { ctx: PageContext; detail: AssessmentDetail; stylesheet: string; generatedAt: Date }) {
  const { ctx, detail } = props;
  const { t, fmt } = ctx;
  const { assessment: a, instrument } = detail;
  const title = t('tata_kelola.report.title', { index: instrument.indexName, year: a.year });
  return (
    <Layout
      ctx={ctx}
      title={title}
      crumbs={[{ href: '/tata-kelola', label: t('tata_kelola.title') }, { href: `/tata-kelola/assessments/${a.year}`, label: t('tata_kelola.assessment.title', { year: a.year }) }, { label: t('tata_kelola.report.crumb') }]}
    >
      <link rel="stylesheet" href={props.stylesheet} />
      <h1>{title}</h1>
      <p class="no-print">{t('tata_kelola.report.print_hint')}</p>
      <dl class="summary-list report-meta">
        <Row label={t('tata_kelola.field.instrument')}>
          {instrument.title} ({instrument.id})
        </Row>
        <Row label={t('tata_kelola.field.stage')}>{stageLabel(ctx, a.stage)}</Row>
        {detail.stages
          .filter((s) => s.starts_on || s.entered_at)
          .map((s) => (
            <Row key={s.stage} label={stageLabel(ctx, s.stage)}>
              {s.starts_on || s.ends_on ? `${fmt.date(s.starts_on)} – ${fmt.date(s.ends_on)}` : ''}
              {s.entered_at ? ` (${t('tata_kelola.report.entered', { at: fmt.date(s.entered_at) })})` : ''}
            </Row>
          ))}
        <Row label={t('tata_kelola.report.generated')}>{fmt.dateTime(props.generatedAt)}</Row>
      </dl>
      {!instrument.confirmed ? <p class="notice">{t('tata_kelola.instruments.unconfirmed_notice')}</p> : null}
      <h2>{t('tata_kelola.score.title')}</h2>
      <Scorecards ctx={ctx} instrument={instrument} self={detail.self} verified={detail.verified} headingLevel={3} />
      <h2>{t('tata_kelola.report.indicators')}</h2>
      {instrument.aspects.map((aspect) => (
        <section key={aspect.code}>
          <h3>
            {aspect.code} {aspect.name}
          </h3>
          {instrument.indicators
            .filter((i) => i.aspect === aspect.code)
            .map((ind) => {
              const answer = detail.answers.get(ind.number);
              const evidence = detail.evidence.filter((e) => e.indicator === ind.number);
              return (
                <div class="report-indicator" key={ind.number}>
                  <h4>
                    {ind.number}. {ind.name}
                  </h4>
                  <dl class="summary-list">
                    <Row label={t('tata_kelola.field.weight')}>{weight(ctx, ind.weight)}%</Row>
                    <Row label={t('tata_kelola.field.self_level')}>{answer?.self_level ?? '—'}</Row>
                    <Row label={t('tata_kelola.field.justification')}>{answer?.justification ?? '—'}</Row>
                    <Row label={t('tata_kelola.field.verified_level')}>{answer?.verified_level ?? '—'}</Row>
                    <Row label={t('tata_kelola.field.review_note')}>{answer?.review_note ?? '—'}</Row>
                    <Row label={t('tata_kelola.field.evidence')}>
                      {evidence.length === 0 ? (
                        '—'
                      ) : (
                        <ul class="plain-list">
                          {evidence.map((e) => (
                            <li key={e.id}>
                              {evidenceTitle(ctx, e)}
                              {e.kind === 'auto'
                                ? `: ${measurementText(ctx, e.measurement as StoredMeasurement)} (${t('tata_kelola.evidence.measured_short', { at: fmt.dateTime(e.measured_at) })})`
                                : e.url
                                  ? `: ${e.url}`
                                  : e.record_path
                                    ? `: ${e.record_path}`
                                    : ''}
                            </li>
                          ))}
                        </ul>
                      )}
                    </Row>
                  </dl>
                </div>
              );
            })}
        </section>
      ))}
      <p class="report-meta">{t('tata_kelola.report.formula', { index: score(ctx, detail.verified.value ?? detail.self.value) })}</p>
    </Layout>
  );
}
