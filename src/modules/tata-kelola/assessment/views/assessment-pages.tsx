import type { FormState, PageContext } from '../../../../platform/html/context.ts';
import { Layout } from '../../../../platform/html/layout.tsx';
import { CsrfField, ErrorSummary, SelectField, TextArea, TextField } from '../../../../platform/html/components.tsx';
import { STAGES, type Stage } from '../../db.ts';
import { levelLabel, type Instrument } from '../../instruments/instrument.ts';
import type { GroupScore, Scorecard } from '../../instruments/score.ts';
import { tataKelolaPolicy } from '../../policy.ts';
import { bandLabel, label, PostButton, Row, score, TataKelolaNav, weight, type Option } from '../../views/common.tsx';
import type { AssessmentDetail, HistoryRow } from '../use-cases/get-assessment.ts';
import { REVIEW_STAGES, SELF_STAGES } from '../use-cases/get-assessment.ts';
import type { InstrumentSummary } from '../use-cases/instruments.ts';
import type { AgencyReadiness } from '../use-cases/manage-assignments.ts';
import type { AssignmentRow, EvidenceRow } from '../repo.ts';
import { EvidenceList, EvidenceForms } from './evidence-views.tsx';

const base = (ctx: PageContext) => [{ href: '/tata-kelola', label: ctx.t('tata_kelola.title') }];
const assessmentCrumbs = (ctx: PageContext, year: number) => [...base(ctx), { href: '/tata-kelola/assessments', label: ctx.t('tata_kelola.assessments.title') }, { href: `/tata-kelola/assessments/${year}`, label: ctx.t('tata_kelola.assessment.title', { year }) }];
export const stageLabel = (ctx: PageContext, s: Stage) => label(ctx, 'tata_kelola.stage', s);

/** The module's home: what the reader may do here. */
export function OverviewPage(props: { ctx: PageContext; latest: HistoryRow | null; myParts: number; lateParts: number }) {
  const { ctx, latest } = props;
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('tata_kelola.title')} crumbs={[{ label: t('tata_kelola.title') }]}>
      <h1>{t('tata_kelola.title')}</h1>
      <TataKelolaNav ctx={ctx} current="/tata-kelola" />
      <p class="lead">{t('tata_kelola.intro')}</p>
      {latest ? (
        <section aria-labelledby="latest-title">
          <h2 id="latest-title">{t('tata_kelola.assessment.title', { year: latest.year })}</h2>
          <dl class="summary-list">
            <Row label={t('tata_kelola.field.instrument')}>{latest.instrumentTitle}</Row>
            <Row label={t('tata_kelola.field.stage')}>{stageLabel(ctx, latest.stage)}</Row>
            <Row label={t('tata_kelola.score.self')}>
              {score(ctx, latest.self.value)} {bandLabel(latest.self.predicate)}
            </Row>
            <Row label={t('tata_kelola.score.verified')}>
              {score(ctx, latest.verified.value)} {bandLabel(latest.verified.predicate)}
            </Row>
          </dl>
          <p>
            <a href={`/tata-kelola/assessments/${latest.year}`}>{t('tata_kelola.assessment.open', { year: latest.year })}</a>
          </p>
        </section>
      ) : null}
      <section aria-labelledby="parts-title">
        <h2 id="parts-title">{t('tata_kelola.assignments.title')}</h2>
        <p>{t('tata_kelola.assignments.count', { count: props.myParts, late: props.lateParts })}</p>
        <p>
          <a href="/tata-kelola/assignments">{t('tata_kelola.assignments.open')}</a>
        </p>
      </section>
      <section aria-labelledby="proposals-title">
        <h2 id="proposals-title">{t('tata_kelola.proposals.title')}</h2>
        <p>{t('tata_kelola.proposals.intro')}</p>
        <p>
          <a href="/tata-kelola/proposals">{t('tata_kelola.proposals.open')}</a>
        </p>
      </section>
    </Layout>
  );
}

// ---- Instruments --------------------------------------------------------------------------------

export function InstrumentsPage(props: { ctx: PageContext; instruments: InstrumentSummary[]; form: FormState; canManage: boolean }) {
  const { ctx, instruments, form } = props;
  const { t, fmt } = ctx;
  return (
    <Layout ctx={ctx} title={t('tata_kelola.instruments.title')} crumbs={[...base(ctx), { label: t('tata_kelola.instruments.title') }]}>
      <h1>{t('tata_kelola.instruments.title')}</h1>
      <TataKelolaNav ctx={ctx} current="/tata-kelola/instruments" />
      <p>{t('tata_kelola.instruments.intro')}</p>
      <table>
        <caption>{t('tata_kelola.instruments.caption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('tata_kelola.field.instrument')}</th>
            <th scope="col">{t('tata_kelola.instruments.structure')}</th>
            <th scope="col">{t('tata_kelola.instruments.confirmed')}</th>
            <th scope="col">{t('tata_kelola.instruments.source')}</th>
          </tr>
        </thead>
        <tbody>
          {instruments.map((i) => (
            <tr key={i.id}>
              <th scope="row">
                <a href={`/tata-kelola/instruments/${encodeURIComponent(i.id)}`}>{i.title}</a> ({i.id})
              </th>
              <td>{t('tata_kelola.instruments.counts', { domains: i.domains, aspects: i.aspects, indicators: i.indicators })}</td>
              <td>{i.confirmed ? t('common.yes') : t('tata_kelola.instruments.unconfirmed')}</td>
              <td>
                {i.source}, {fmt.dateTime(i.loadedAt)}
                {i.inUse ? ` — ${t('tata_kelola.instruments.in_use')}` : ''}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {props.canManage ? (
        <section aria-labelledby="add-instrument">
          <h2 id="add-instrument">{t('tata_kelola.instruments.add')}</h2>
          <p>{t('tata_kelola.instruments.add_hint')}</p>
          <form method="post" action="/tata-kelola/instruments" novalidate>
            <ErrorSummary ctx={ctx} errors={form.errors} />
            <CsrfField ctx={ctx} />
            <TextArea ctx={ctx} form={form} name="definition" label={t('tata_kelola.instruments.definition')} rows={10} required />
            <button type="submit" class="button">
              {t('tata_kelola.instruments.add_button')}
            </button>
          </form>
        </section>
      ) : null}
    </Layout>
  );
}

export function InstrumentPage(props: { ctx: PageContext; instrument: Instrument }) {
  const { ctx, instrument: i } = props;
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={i.title} crumbs={[...base(ctx), { href: '/tata-kelola/instruments', label: t('tata_kelola.instruments.title') }, { label: i.id }]}>
      <h1>{i.title}</h1>
      <dl class="summary-list">
        <Row label={t('tata_kelola.instruments.id')}>{i.id}</Row>
        <Row label={t('tata_kelola.instruments.index_name')}>{i.indexName}</Row>
        <Row label={t('tata_kelola.instruments.confirmed')}>{i.confirmed ? t('common.yes') : t('tata_kelola.instruments.unconfirmed')}</Row>
      </dl>
      <h2>{t('tata_kelola.instruments.bands')}</h2>
      <table>
        <caption>{t('tata_kelola.instruments.bands_caption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('tata_kelola.field.predicate')}</th>
            <th scope="col">{t('tata_kelola.instruments.range')}</th>
          </tr>
        </thead>
        <tbody>
          {[...i.bands].reverse().map((b) => (
            <tr key={b.label}>
              <th scope="row">
                {b.label}
                {b.altLabel ? ` (${b.altLabel})` : ''}
              </th>
              <td>{t(b.maxInclusive ? 'tata_kelola.instruments.range_inclusive' : 'tata_kelola.instruments.range_exclusive', { min: score(ctx, b.min), max: score(ctx, b.max) })}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>{t('tata_kelola.instruments.indicators')}</h2>
      <table>
        <caption>{t('tata_kelola.instruments.indicators_caption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('tata_kelola.field.indicator_number')}</th>
            <th scope="col">{t('tata_kelola.field.indicator')}</th>
            <th scope="col">{t('tata_kelola.field.aspect')}</th>
            <th scope="col">{t('tata_kelola.field.weight')}</th>
          </tr>
        </thead>
        <tbody>
          {i.indicators.map((ind) => {
            const aspect = i.aspects.find((a) => a.code === ind.aspect)!;
            const domain = i.domains.find((d) => d.code === aspect.domain);
            return (
              <tr key={ind.number}>
                <td>{ind.number}</td>
                <th scope="row">{ind.name}</th>
                <td>
                  {aspect.code} {aspect.name}
                  {domain ? ` (${domain.code} ${domain.name})` : ''}
                </td>
                <td>{weight(ctx, ind.weight)}%</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </Layout>
  );
}

// ---- History and new assessment ---------------------------------------------------------------

export function AssessmentsPage(props: { ctx: PageContext; history: HistoryRow[]; form: FormState; instrumentOptions: Option[]; canManage: boolean }) {
  const { ctx, history, form } = props;
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('tata_kelola.assessments.title')} crumbs={[...base(ctx), { label: t('tata_kelola.assessments.title') }]}>
      <h1>{t('tata_kelola.assessments.title')}</h1>
      <TataKelolaNav ctx={ctx} current="/tata-kelola/assessments" />
      <p>{t('tata_kelola.assessments.intro')}</p>
      {history.length === 0 ? (
        <p>{t('tata_kelola.assessments.empty')}</p>
      ) : (
        <table>
          <caption>{t('tata_kelola.assessments.history')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('tata_kelola.field.year')}</th>
              <th scope="col">{t('tata_kelola.field.instrument')}</th>
              <th scope="col">{t('tata_kelola.field.stage')}</th>
              <th scope="col">{t('tata_kelola.score.self')}</th>
              <th scope="col">{t('tata_kelola.score.verified')}</th>
            </tr>
          </thead>
          <tbody>
            {history.map((h) => (
              <tr key={h.year}>
                <th scope="row">
                  <a href={`/tata-kelola/assessments/${h.year}`}>{h.year}</a>
                </th>
                <td>{h.instrumentTitle}</td>
                <td>{stageLabel(ctx, h.stage)}</td>
                <td>
                  {score(ctx, h.self.value)} {bandLabel(h.self.predicate)}
                  {h.self.complete ? '' : ` (${t('tata_kelola.score.provisional', { rated: h.self.rated, total: h.self.total })})`}
                </td>
                <td>
                  {score(ctx, h.verified.value)} {bandLabel(h.verified.predicate)}
                  {h.verified.complete || h.verified.rated === 0 ? '' : ` (${t('tata_kelola.score.provisional', { rated: h.verified.rated, total: h.verified.total })})`}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <p>
        <a href="/api/v1/tata-kelola/history.csv" download>
          {t('tata_kelola.assessments.csv')}
        </a>
      </p>
      {props.canManage ? (
        <section aria-labelledby="new-assessment">
          <h2 id="new-assessment">{t('tata_kelola.assessments.new')}</h2>
          <form method="post" action="/tata-kelola/assessments" novalidate>
            <ErrorSummary ctx={ctx} errors={form.errors} />
            <CsrfField ctx={ctx} />
            <TextField ctx={ctx} form={form} name="year" inputmode="numeric" label={t('tata_kelola.field.year')} required maxLength={4} />
            <SelectField ctx={ctx} form={form} name="instrumentId" label={t('tata_kelola.field.instrument')} options={props.instrumentOptions} required />
            <button type="submit" class="button">
              {t('tata_kelola.assessments.create')}
            </button>
          </form>
        </section>
      ) : null}
    </Layout>
  );
}

// ---- One assessment -----------------------------------------------------------------------------

function GroupTable(props: { ctx: PageContext; caption: string; self: GroupScore[]; verified: GroupScore[] }) {
  const { ctx } = props;
  const { t } = ctx;
  return (
    <table>
      <caption>{props.caption}</caption>
      <thead>
        <tr>
          <th scope="col">{t('tata_kelola.field.group')}</th>
          <th scope="col">{t('tata_kelola.field.weight')}</th>
          <th scope="col">{t('tata_kelola.score.self')}</th>
          <th scope="col">{t('tata_kelola.score.verified')}</th>
        </tr>
      </thead>
      <tbody>
        {props.self.map((g, i) => (
          <tr key={g.code}>
            <th scope="row">
              {g.code} {g.name}
            </th>
            <td>{weight(ctx, g.weight)}%</td>
            <td>{score(ctx, g.value)}</td>
            <td>{score(ctx, props.verified[i]?.value)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function Scorecards(props: { ctx: PageContext; instrument: Instrument; self: Scorecard; verified: Scorecard; headingLevel?: 2 | 3 }) {
  const { ctx, instrument, self, verified } = props;
  const { t } = ctx;
  const H = props.headingLevel === 3 ? 'h3' : 'h2';
  const status = (s: Scorecard) => (s.rated === 0 ? t('tata_kelola.score.none') : s.complete ? t('tata_kelola.score.complete') : t('tata_kelola.score.provisional', { rated: s.rated, total: s.total }));
  const gapCard = self.rated > 0 && verified.rated === verified.total ? verified : self;
  return (
    <>
      <table>
        <caption>{t('tata_kelola.score.caption', { index: instrument.indexName })}</caption>
        <thead>
          <tr>
            <th scope="col">{t('tata_kelola.score.kind')}</th>
            <th scope="col">{t('tata_kelola.score.index')}</th>
            <th scope="col">{t('tata_kelola.field.predicate')}</th>
            <th scope="col">{t('tata_kelola.score.status')}</th>
          </tr>
        </thead>
        <tbody>
          <tr>
            <th scope="row">{t('tata_kelola.score.self')}</th>
            <td class="score">{score(ctx, self.value)}</td>
            <td>{bandLabel(self.predicate)}</td>
            <td>{status(self)}</td>
          </tr>
          <tr>
            <th scope="row">{t('tata_kelola.score.verified')}</th>
            <td class="score">{score(ctx, verified.value)}</td>
            <td>{bandLabel(verified.predicate)}</td>
            <td>{status(verified)}</td>
          </tr>
        </tbody>
      </table>
      {instrument.domains.length ? <GroupTable ctx={ctx} caption={t('tata_kelola.score.domains')} self={self.domains} verified={verified.domains} /> : null}
      <GroupTable ctx={ctx} caption={t('tata_kelola.score.aspects')} self={self.aspects} verified={verified.aspects} />
      <H>{t('tata_kelola.score.gap_title')}</H>
      {gapCard.gap ? (
        <>
          <p>
            {t(gapCard === verified ? 'tata_kelola.score.gap_verified' : 'tata_kelola.score.gap_self', {
              points: score(ctx, gapCard.gap.points),
              band: gapCard.gap.band.label,
              steps: gapCard.gap.plan.reduce((s, p) => s + p.to - p.from, 0),
            })}
          </p>
          <ol>
            {gapCard.gap.plan.map((p) => (
              <li key={p.number}>{t('tata_kelola.score.plan_step', { number: p.number, name: instrument.indicators.find((i) => i.number === p.number)!.name, from: p.from, to: p.to })}</li>
            ))}
          </ol>
        </>
      ) : (
        <p>{gapCard.complete && gapCard.predicate ? t('tata_kelola.score.top') : t('tata_kelola.score.gap_incomplete')}</p>
      )}
      <H>{t('tata_kelola.score.raisers_title')}</H>
      <p>{t('tata_kelola.score.raisers_intro')}</p>
      {gapCard.raisers.length ? (
        <table>
          <caption>{t('tata_kelola.score.raisers_caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('tata_kelola.field.indicator')}</th>
              <th scope="col">{t('tata_kelola.score.per_level')}</th>
              <th scope="col">{t('tata_kelola.score.levels_left')}</th>
              <th scope="col">{t('tata_kelola.score.potential')}</th>
            </tr>
          </thead>
          <tbody>
            {gapCard.raisers.slice(0, 10).map((r) => (
              <tr key={r.number}>
                <th scope="row">
                  {r.number}. {r.name}
                </th>
                <td>+{new Intl.NumberFormat(ctx.locale === 'id' ? 'id-ID' : 'en-GB', { maximumFractionDigits: 4 }).format(r.weight / 10000)}</td>
                <td>{r.available}</td>
                <td>+{new Intl.NumberFormat(ctx.locale === 'id' ? 'id-ID' : 'en-GB', { maximumFractionDigits: 4 }).format(r.potential / 10000)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p>{t('tata_kelola.score.no_raisers')}</p>
      )}
    </>
  );
}

export function AssessmentPage(props: { ctx: PageContext; detail: AssessmentDetail; form: FormState; canManage: boolean }) {
  const { ctx, detail, form } = props;
  const { t, fmt } = ctx;
  const { assessment: a, instrument, stages } = detail;
  const title = t('tata_kelola.assessment.title', { year: a.year });
  const evidenceCount = (n: number) => detail.evidence.filter((e) => e.indicator === n).length;
  const autoWithData = (n: number) => detail.evidence.some((e) => e.indicator === n && e.kind === 'auto' && (e.measurement as { hasData?: boolean } | null)?.hasData);
  return (
    <Layout ctx={ctx} title={title} crumbs={[...base(ctx), { href: '/tata-kelola/assessments', label: t('tata_kelola.assessments.title') }, { label: title }]}>
      <h1>{title}</h1>
      <TataKelolaNav ctx={ctx} />
      {!instrument.confirmed ? <p class="notice">{t('tata_kelola.instruments.unconfirmed_notice')}</p> : null}
      <dl class="summary-list">
        <Row label={t('tata_kelola.field.instrument')}>
          <a href={`/tata-kelola/instruments/${encodeURIComponent(instrument.id)}`}>{instrument.title}</a>
        </Row>
        <Row label={t('tata_kelola.field.stage')}>{stageLabel(ctx, a.stage)}</Row>
      </dl>
      <p>
        <a href={`/tata-kelola/assessments/${a.year}/report`}>{t('tata_kelola.report.open')}</a>
        <span class="divider"> · </span>
        <a href={`/tata-kelola/assessments/${a.year}/readiness`}>{t('tata_kelola.readiness.open')}</a>
        <span class="divider"> · </span>
        <a href={`/api/v1/tata-kelola/assessments/${a.year}/indicators.csv`} download>
          {t('tata_kelola.assessment.csv')}
        </a>
      </p>
      <h2>{t('tata_kelola.score.title')}</h2>
      <Scorecards ctx={ctx} instrument={instrument} self={detail.self} verified={detail.verified} headingLevel={3} />

      <h2 id="stages">{t('tata_kelola.stages.title')}</h2>
      <form method="post" action={`/tata-kelola/assessments/${a.year}/stages`} novalidate>
        <ErrorSummary ctx={ctx} errors={form.errors} />
        <CsrfField ctx={ctx} />
        <table>
          <caption>{t('tata_kelola.stages.caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('tata_kelola.field.stage')}</th>
              <th scope="col">{t('tata_kelola.stages.starts_on')}</th>
              <th scope="col">{t('tata_kelola.stages.ends_on')}</th>
              <th scope="col">{t('tata_kelola.stages.entered_at')}</th>
            </tr>
          </thead>
          <tbody>
            {stages.map((s) => (
              <tr key={s.stage}>
                <th scope="row">
                  {stageLabel(ctx, s.stage)}
                  {s.stage === a.stage ? <span class="badge"> {t('tata_kelola.stages.current')}</span> : null}
                </th>
                <td>
                  {props.canManage ? (
                    <>
                      <label class="visually-hidden" for={`f-${s.stage}.startsOn`}>
                        {t('tata_kelola.stages.starts_on_of', { stage: stageLabel(ctx, s.stage) })}
                      </label>
                      <input type="date" id={`f-${s.stage}.startsOn`} name={`${s.stage}.startsOn`} value={String(form.values[`${s.stage}.startsOn`] ?? s.starts_on ?? '')} />
                    </>
                  ) : (
                    fmt.date(s.starts_on)
                  )}
                </td>
                <td>
                  {props.canManage ? (
                    <>
                      <label class="visually-hidden" for={`f-${s.stage}.endsOn`}>
                        {t('tata_kelola.stages.ends_on_of', { stage: stageLabel(ctx, s.stage) })}
                      </label>
                      <input type="date" id={`f-${s.stage}.endsOn`} name={`${s.stage}.endsOn`} value={String(form.values[`${s.stage}.endsOn`] ?? s.ends_on ?? '')} />
                    </>
                  ) : (
                    fmt.date(s.ends_on)
                  )}
                </td>
                <td>{fmt.dateTime(s.entered_at)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {props.canManage ? (
          <button type="submit" class="button button-secondary">
            {t('tata_kelola.stages.save')}
          </button>
        ) : null}
      </form>
      {props.canManage ? (
        <form method="post" action={`/tata-kelola/assessments/${a.year}/stage`} class="filters" novalidate>
          <CsrfField ctx={ctx} />
          <SelectField ctx={ctx} name="stage" label={t('tata_kelola.stages.move_to')} options={STAGES.map((s) => ({ value: s, label: stageLabel(ctx, s) }))} value={a.stage} />
          <button type="submit" class="button">
            {t('tata_kelola.stages.move')}
          </button>
        </form>
      ) : null}
      {props.canManage && a.stage !== 'final' ? (
        <p>
          <PostButton ctx={ctx} action={`/tata-kelola/assessments/${a.year}/evidence/refresh`} label={t('tata_kelola.evidence.refresh')} secondary />
        </p>
      ) : null}

      <h2>{t('tata_kelola.assessment.indicators')}</h2>
      <table>
        <caption>{t('tata_kelola.assessment.indicators_caption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('tata_kelola.field.indicator')}</th>
            <th scope="col">{t('tata_kelola.field.weight')}</th>
            <th scope="col">{t('tata_kelola.field.self_level')}</th>
            <th scope="col">{t('tata_kelola.field.verified_level')}</th>
            <th scope="col">{t('tata_kelola.field.evidence')}</th>
            <th scope="col">{t('tata_kelola.field.agencies')}</th>
          </tr>
        </thead>
        {instrument.aspects.map((aspect) => (
          <tbody key={aspect.code}>
            <tr>
              <th scope="rowgroup" colSpan={6}>
                {aspect.code} {aspect.name}
              </th>
            </tr>
            {instrument.indicators
              .filter((i) => i.aspect === aspect.code)
              .map((ind) => {
                const answer = detail.answers.get(ind.number);
                const parts = detail.assignments.filter((g) => g.indicator === ind.number);
                return (
                  <tr key={ind.number}>
                    <th scope="row">
                      <a href={`/tata-kelola/assessments/${a.year}/indicators/${ind.number}`}>
                        {ind.number}. {ind.name}
                      </a>
                    </th>
                    <td>{weight(ctx, ind.weight)}%</td>
                    <td>{answer?.self_level ?? '—'}</td>
                    <td>{answer?.verified_level ?? '—'}</td>
                    <td>
                      {evidenceCount(ind.number)}
                      {autoWithData(ind.number) ? ` (${t('tata_kelola.evidence.auto_short')})` : ''}
                    </td>
                    <td>{parts.length ? t('tata_kelola.assessment.parts_status', { submitted: parts.filter((p) => p.status === 'submitted').length, total: parts.length }) : '—'}</td>
                  </tr>
                );
              })}
          </tbody>
        ))}
      </table>
    </Layout>
  );
}

// ---- One indicator --------------------------------------------------------------------------------

export function IndicatorPage(props: {
  ctx: PageContext;
  detail: AssessmentDetail;
  number: number;
  selfForm: FormState;
  reviewForm: FormState;
  evidenceForm: FormState;
  assignForm: FormState;
  agencyOptions: Option[];
  canManage: boolean;
  canVerify: boolean;
}) {
  const { ctx, detail, number } = props;
  const { t, fmt } = ctx;
  const { assessment: a, instrument } = detail;
  const ind = instrument.indicators.find((i) => i.number === number)!;
  const aspect = instrument.aspects.find((x) => x.code === ind.aspect)!;
  const answer = detail.answers.get(number);
  const evidence = detail.evidence.filter((e) => e.indicator === number);
  const parts = detail.assignments.filter((g) => g.indicator === number);
  const levelOptions = [1, 2, 3, 4, 5].map((l) => ({ value: String(l), label: levelLabel(instrument, ind, l) ? `${l} — ${levelLabel(instrument, ind, l)}` : String(l) }));
  const selfOpen = (SELF_STAGES as readonly Stage[]).includes(a.stage);
  const reviewOpen = (REVIEW_STAGES as readonly Stage[]).includes(a.stage);
  const title = `${ind.number}. ${ind.name}`;
  const action = `/tata-kelola/assessments/${a.year}/indicators/${number}`;
  return (
    <Layout ctx={ctx} title={title} crumbs={[...assessmentCrumbs(ctx, a.year), { label: t('tata_kelola.indicator.crumb', { number }) }]}>
      <h1>{title}</h1>
      <dl class="summary-list">
        <Row label={t('tata_kelola.field.aspect')}>
          {aspect.code} {aspect.name}
        </Row>
        <Row label={t('tata_kelola.field.weight')}>{weight(ctx, ind.weight)}%</Row>
        <Row label={t('tata_kelola.field.stage')}>{stageLabel(ctx, a.stage)}</Row>
        {ind.note ? <Row label={t('tata_kelola.indicator.note')}>{ind.note}</Row> : null}
        <Row label={t('tata_kelola.field.self_level')}>
          {answer?.self_level ?? '—'}
          {answer?.self_at ? ` (${answer.self_by_label}, ${fmt.dateTime(answer.self_at)})` : ''}
        </Row>
        <Row label={t('tata_kelola.field.justification')}>{answer?.justification ?? '—'}</Row>
        <Row label={t('tata_kelola.field.verified_level')}>
          {answer?.verified_level ?? '—'}
          {answer?.reviewed_at ? ` (${answer.reviewed_by_label}, ${fmt.dateTime(answer.reviewed_at)})` : ''}
        </Row>
        <Row label={t('tata_kelola.field.review_note')}>{answer?.review_note ?? '—'}</Row>
      </dl>

      {props.canManage && selfOpen ? (
        <section aria-labelledby="self-title">
          <h2 id="self-title">{t('tata_kelola.indicator.self_title')}</h2>
          <form method="post" action={`${action}/self`} novalidate>
            <ErrorSummary ctx={ctx} errors={props.selfForm.errors} />
            <CsrfField ctx={ctx} />
            <SelectField ctx={ctx} form={props.selfForm} name="level" label={t('tata_kelola.field.self_level')} options={levelOptions} emptyLabel={t('tata_kelola.indicator.choose_level')} required />
            <TextArea ctx={ctx} form={props.selfForm} name="justification" label={t('tata_kelola.field.justification')} rows={4} optional />
            <button type="submit" class="button">
              {t('common.save')}
            </button>
          </form>
        </section>
      ) : null}
      {props.canVerify && reviewOpen ? (
        <section aria-labelledby="review-title">
          <h2 id="review-title">{t('tata_kelola.indicator.review_title')}</h2>
          <form method="post" action={`${action}/review`} novalidate>
            <ErrorSummary ctx={ctx} errors={props.reviewForm.errors} />
            <CsrfField ctx={ctx} />
            <SelectField ctx={ctx} form={props.reviewForm} name="verifiedLevel" label={t('tata_kelola.field.verified_level')} options={levelOptions} emptyLabel={t('tata_kelola.indicator.choose_level')} required />
            <TextArea ctx={ctx} form={props.reviewForm} name="note" label={t('tata_kelola.field.review_note')} rows={4} optional />
            <button type="submit" class="button">
              {t('common.save')}
            </button>
          </form>
        </section>
      ) : null}

      <h2>{t('tata_kelola.evidence.title')}</h2>
      <EvidenceList ctx={ctx} evidence={evidence} canRemove={props.canManage && a.stage !== 'final'} />
      {props.canManage && a.stage !== 'final' ? <EvidenceForms ctx={ctx} form={props.evidenceForm} action={`${action}/evidence`} /> : null}

      <h2>{t('tata_kelola.assignments.for_indicator')}</h2>
      <PartsTable ctx={ctx} parts={parts} canRemove={props.canManage && selfOpen} />
      {props.canManage && selfOpen ? (
        <section aria-labelledby="assign-title">
          <h3 id="assign-title">{t('tata_kelola.assignments.assign')}</h3>
          <form method="post" action={`/tata-kelola/assessments/${a.year}/assignments`} novalidate>
            <ErrorSummary ctx={ctx} errors={props.assignForm.errors} />
            <CsrfField ctx={ctx} />
            <input type="hidden" name="indicator" value={String(number)} />
            <SelectField ctx={ctx} form={props.assignForm} name="opdId" label={t('tata_kelola.field.agency')} options={props.agencyOptions} emptyLabel={t('tata_kelola.assignments.choose_agency')} required />
            <TextArea ctx={ctx} form={props.assignForm} name="part" label={t('tata_kelola.field.part')} hint={t('tata_kelola.field.part_hint')} rows={2} required />
            <TextField ctx={ctx} form={props.assignForm} name="dueOn" type="date" label={t('tata_kelola.field.due_on')} hint={t('tata_kelola.field.due_on_hint')} required />
            <button type="submit" class="button">
              {t('tata_kelola.assignments.assign_button')}
            </button>
          </form>
        </section>
      ) : null}
    </Layout>
  );
}

function PartsTable(props: { ctx: PageContext; parts: AssignmentRow[]; canRemove: boolean }) {
  const { ctx, parts } = props;
  const { t, fmt } = ctx;
  if (parts.length === 0) return <p>{t('tata_kelola.assignments.none')}</p>;
  return (
    <table>
      <caption>{t('tata_kelola.assignments.caption')}</caption>
      <thead>
        <tr>
          <th scope="col">{t('tata_kelola.field.agency')}</th>
          <th scope="col">{t('tata_kelola.field.part')}</th>
          <th scope="col">{t('tata_kelola.field.due_on')}</th>
          <th scope="col">{t('tata_kelola.field.status')}</th>
          <th scope="col">{t('tata_kelola.field.proposed_level')}</th>
          {props.canRemove ? <th scope="col">{t('tata_kelola.field.actions')}</th> : null}
        </tr>
      </thead>
      <tbody>
        {parts.map((p) => (
          <tr key={p.id}>
            <th scope="row">
              <a href={`/tata-kelola/assignments/${p.id}`}>{p.opd_name}</a>
            </th>
            <td>{p.part}</td>
            <td>{fmt.date(p.due_on)}</td>
            <td>{label(ctx, 'tata_kelola.assignment.status', p.status)}</td>
            <td>{p.proposed_level ?? '—'}</td>
            {props.canRemove ? (
              <td>
                <PostButton ctx={ctx} action={`/tata-kelola/assignments/${p.id}/delete`} label={t('tata_kelola.assignments.remove')} hiddenLabel={p.opd_name} />
              </td>
            ) : null}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

// ---- Readiness ------------------------------------------------------------------------------------

export function ReadinessPage(props: { ctx: PageContext; year: number; today: string; agencies: AgencyReadiness[] }) {
  const { ctx, year, agencies } = props;
  const { t, fmt } = ctx;
  const title = t('tata_kelola.readiness.title', { year });
  return (
    <Layout ctx={ctx} title={title} crumbs={[...assessmentCrumbs(ctx, year), { label: t('tata_kelola.readiness.crumb') }]}>
      <h1>{title}</h1>
      <p>{t('tata_kelola.readiness.intro', { today: fmt.date(props.today) })}</p>
      {agencies.length === 0 ? (
        <p>{t('tata_kelola.assignments.none')}</p>
      ) : (
        <table>
          <caption>{t('tata_kelola.readiness.caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('tata_kelola.field.agency')}</th>
              <th scope="col">{t('tata_kelola.readiness.assigned')}</th>
              <th scope="col">{t('tata_kelola.readiness.submitted')}</th>
              <th scope="col">{t('tata_kelola.readiness.late')}</th>
              <th scope="col">{t('tata_kelola.readiness.next_due')}</th>
            </tr>
          </thead>
          <tbody>
            {agencies.map((a) => (
              <tr key={a.opdId} class={a.late ? 'late' : undefined}>
                <th scope="row">{a.opdName}</th>
                <td>{a.assigned}</td>
                <td>{a.submitted}</td>
                <td>{a.late ? <strong>{t('tata_kelola.readiness.late_count', { count: a.late })}</strong> : '0'}</td>
                <td>{a.nextDue ? fmt.date(a.nextDue) : '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Layout>
  );
}

// ---- Agencies' parts -------------------------------------------------------------------------------

export function AssignmentsPage(props: { ctx: PageContext; parts: AssignmentRow[]; today: string }) {
  const { ctx, parts } = props;
  const { t, fmt } = ctx;
  return (
    <Layout ctx={ctx} title={t('tata_kelola.assignments.title')} crumbs={[...base(ctx), { label: t('tata_kelola.assignments.title') }]}>
      <h1>{t('tata_kelola.assignments.title')}</h1>
      <TataKelolaNav ctx={ctx} current="/tata-kelola/assignments" />
      <p>{t('tata_kelola.assignments.intro')}</p>
      {parts.length === 0 ? (
        <p>{t('tata_kelola.assignments.none')}</p>
      ) : (
        <table>
          <caption>{t('tata_kelola.assignments.caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('tata_kelola.field.part')}</th>
              <th scope="col">{t('tata_kelola.field.year')}</th>
              <th scope="col">{t('tata_kelola.field.indicator_number')}</th>
              <th scope="col">{t('tata_kelola.field.agency')}</th>
              <th scope="col">{t('tata_kelola.field.due_on')}</th>
              <th scope="col">{t('tata_kelola.field.status')}</th>
            </tr>
          </thead>
          <tbody>
            {parts.map((p) => (
              <tr key={p.id}>
                <th scope="row">
                  <a href={`/tata-kelola/assignments/${p.id}`}>{p.part}</a>
                </th>
                <td>{p.year}</td>
                <td>{p.indicator}</td>
                <td>{p.opd_name}</td>
                <td>
                  {fmt.date(p.due_on)}
                  {p.status !== 'submitted' && p.due_on < props.today ? <strong> {t('tata_kelola.assignment.late')}</strong> : null}
                </td>
                <td>{label(ctx, 'tata_kelola.assignment.status', p.status)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Layout>
  );
}

export function AssignmentPage(props: { ctx: PageContext; assignment: AssignmentRow; indicatorName: string; levelOptions: Option[]; evidence: EvidenceRow[]; form: FormState; evidenceForm: FormState; canAct: boolean }) {
  const { ctx, assignment: g, form } = props;
  const { t, fmt } = ctx;
  const title = t('tata_kelola.assignment.title', { number: g.indicator, agency: g.opd_name });
  const canEdit = props.canAct && g.stage !== 'final';
  return (
    <Layout ctx={ctx} title={title} crumbs={[...base(ctx), { href: '/tata-kelola/assignments', label: t('tata_kelola.assignments.title') }, { label: t('tata_kelola.indicator.crumb', { number: g.indicator }) }]}>
      <h1>{title}</h1>
      <dl class="summary-list">
        <Row label={t('tata_kelola.field.year')}>{g.year}</Row>
        <Row label={t('tata_kelola.field.indicator')}>
          {g.indicator}. {props.indicatorName}
        </Row>
        <Row label={t('tata_kelola.field.part')}>{g.part}</Row>
        <Row label={t('tata_kelola.field.due_on')}>{fmt.date(g.due_on)}</Row>
        <Row label={t('tata_kelola.field.status')}>
          {label(ctx, 'tata_kelola.assignment.status', g.status)}
          {g.submitted_at ? ` (${g.submitted_by_label}, ${fmt.dateTime(g.submitted_at)})` : ''}
        </Row>
      </dl>
      {canEdit ? (
        <form method="post" action={`/tata-kelola/assignments/${g.id}`} novalidate>
          <ErrorSummary ctx={ctx} errors={form.errors} />
          <CsrfField ctx={ctx} />
          <SelectField ctx={ctx} form={form} name="proposedLevel" label={t('tata_kelola.field.proposed_level')} options={props.levelOptions} emptyLabel={t('tata_kelola.indicator.choose_level')} optional />
          <TextArea ctx={ctx} form={form} name="response" label={t('tata_kelola.field.response')} hint={t('tata_kelola.field.response_hint')} rows={6} />
          <button type="submit" name="submit" value="true" class="button">
            {t('tata_kelola.assignment.submit')}
          </button>{' '}
          {g.status !== 'submitted' ? (
            <button type="submit" name="submit" value="false" class="button button-secondary">
              {t('tata_kelola.assignment.save_draft')}
            </button>
          ) : null}
        </form>
      ) : (
        <dl class="summary-list">
          <Row label={t('tata_kelola.field.proposed_level')}>{g.proposed_level ?? '—'}</Row>
          <Row label={t('tata_kelola.field.response')}>{g.response ?? '—'}</Row>
        </dl>
      )}
      <h2>{t('tata_kelola.evidence.title')}</h2>
      <EvidenceList ctx={ctx} evidence={props.evidence} canRemove={canEdit} />
      {canEdit ? <EvidenceForms ctx={ctx} form={props.evidenceForm} action={`/tata-kelola/assignments/${g.id}/evidence`} /> : null}
    </Layout>
  );
}

