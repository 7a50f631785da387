import type { FormState, PageContext } from '../../../../platform/html/context.ts';
import { Layout } from '../../../../platform/html/layout.tsx';
import { CsrfField, ErrorSummary, SelectField, TextArea, TextField } from '../../../../platform/html/components.tsx';
import { FileField } from '../../../../platform/files/index.ts';
import { CHECK_SEVERITIES, INTEGRATION_PLANS, PROPOSAL_KINDS, PROPOSAL_STATUSES, REVIEW_DECISIONS, type ProposalStatus } from '../../db.ts';
import { COST_BENEFIT_FILE, KAK_FILE } from '../../files.ts';
import { CheckboxGroup, label, Row, TataKelolaNav, YesNo, type Option } from '../../views/common.tsx';
import type { CheckDefinition, CheckResult } from '../checks.ts';
import type { ProposalRow } from '../repo.ts';
import type { ProposalDetail } from '../use-cases/get-proposal.ts';
import type { YearTotals } from '../use-cases/list-proposals.ts';

const base = (ctx: PageContext) => [{ href: '/tata-kelola', label: ctx.t('tata_kelola.title') }, { href: '/tata-kelola/proposals', label: ctx.t('tata_kelola.proposals.title') }];
export const kindLabel = (ctx: PageContext, k: string) => label(ctx, 'tata_kelola.proposal.kind', k);
export const statusLabel = (ctx: PageContext, s: string) => label(ctx, 'tata_kelola.proposal.status', s);
const outcomeLabel = (ctx: PageContext, o: string) => label(ctx, 'tata_kelola.check.outcome', o);

export function ProposalsPage(props: {
  ctx: PageContext;
  proposals: ProposalRow[];
  totals: YearTotals[];
  filter: { budgetYear: string; status: string; opdId: string };
  opdOptions: Option[];
  canSubmit: boolean;
}) {
  const { ctx, proposals, totals, filter } = props;
  const { t, fmt } = ctx;
  return (
    <Layout ctx={ctx} title={t('tata_kelola.proposals.title')} crumbs={[{ href: '/tata-kelola', label: t('tata_kelola.title') }, { label: t('tata_kelola.proposals.title') }]}>
      <h1>{t('tata_kelola.proposals.title')}</h1>
      <TataKelolaNav ctx={ctx} current="/tata-kelola/proposals" />
      <p>{t('tata_kelola.proposals.intro')}</p>
      {props.canSubmit ? (
        <p>
          <a class="button" href="/tata-kelola/proposals/new">
            {t('tata_kelola.proposals.new')}
          </a>
        </p>
      ) : null}
      {totals.length ? (
        <table>
          <caption>{t('tata_kelola.totals.caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('tata_kelola.field.budget_year')}</th>
              <th scope="col">{t('tata_kelola.totals.proposed')}</th>
              <th scope="col">{t('tata_kelola.totals.awaiting')}</th>
              <th scope="col">{t('tata_kelola.totals.recommended')}</th>
              <th scope="col">{t('tata_kelola.totals.rejected')}</th>
              <th scope="col">{t('tata_kelola.totals.duplicates_avoided')}</th>
            </tr>
          </thead>
          <tbody>
            {totals.map((y) => (
              <tr key={y.budgetYear}>
                <th scope="row">{y.budgetYear}</th>
                {[y.proposed, y.awaiting, y.recommended, y.rejected, y.duplicatesAvoided].map((m, i) => (
                  <td key={i}>{t('tata_kelola.totals.cell', { count: m.count, amount: fmt.money(m.amount) })}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      <form method="get" action="/tata-kelola/proposals" class="filters">
        <TextField ctx={ctx} name="budgetYear" inputmode="numeric" label={t('tata_kelola.field.budget_year')} value={filter.budgetYear} maxLength={4} />
        <SelectField ctx={ctx} name="status" label={t('tata_kelola.field.status')} options={PROPOSAL_STATUSES.map((s) => ({ value: s, label: statusLabel(ctx, s) }))} value={filter.status} emptyLabel={t('common.all')} />
        {props.opdOptions.length > 1 ? <SelectField ctx={ctx} name="opdId" label={t('tata_kelola.field.agency')} options={props.opdOptions} value={filter.opdId} emptyLabel={t('common.all')} /> : null}
        <button type="submit" class="button button-secondary">
          {t('common.filter')}
        </button>
      </form>
      {proposals.length === 0 ? (
        <p>{t('tata_kelola.proposals.empty')}</p>
      ) : (
        <table>
          <caption>{t('tata_kelola.proposals.caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('tata_kelola.field.title')}</th>
              <th scope="col">{t('tata_kelola.field.agency')}</th>
              <th scope="col">{t('tata_kelola.field.budget_year')}</th>
              <th scope="col">{t('tata_kelola.field.amount')}</th>
              <th scope="col">{t('tata_kelola.field.status')}</th>
              <th scope="col">{t('tata_kelola.proposal.failed_checks')}</th>
            </tr>
          </thead>
          <tbody>
            {proposals.map((p) => (
              <tr key={p.id}>
                <th scope="row">
                  <a href={`/tata-kelola/proposals/${p.id}`}>{p.title}</a>
                </th>
                <td>{p.opd_name}</td>
                <td>{p.budget_year}</td>
                <td>{fmt.money(Number(p.amount))}</td>
                <td>
                  {statusLabel(ctx, p.status)} ({t('tata_kelola.proposal.version_short', { version: p.current_version })})
                </td>
                <td>{(p.checks as CheckResult[]).filter((c) => c.outcome === 'fail').length}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Layout>
  );
}

/** The proposal form: new (with agency and budget year) or a revision of an existing proposal. */
export function ProposalFormPage(props: { ctx: PageContext; form: FormState; opdOptions: Option[]; roadmapOptions: Option[]; proposal?: ProposalDetail }) {
  const { ctx, form, proposal } = props;
  const { t } = ctx;
  const current = proposal?.versions[0];
  const title = proposal ? t('tata_kelola.proposal.revise_title', { title: current!.title }) : t('tata_kelola.proposals.new');
  const crumbs = [...base(ctx), ...(proposal ? [{ href: `/tata-kelola/proposals/${proposal.proposal.id}`, label: current!.title }] : []), { label: title }];
  return (
    <Layout ctx={ctx} title={title} crumbs={crumbs}>
      <h1>{title}</h1>
      {proposal ? <p>{t('tata_kelola.proposal.revise_intro', { version: proposal.proposal.current_version + 1 })}</p> : <p>{t('tata_kelola.proposal.form_intro')}</p>}
      {/* A plain multipart post: htmx stays out of file uploads. */}
      <form method="post" action={proposal ? `/tata-kelola/proposals/${proposal.proposal.id}` : '/tata-kelola/proposals'} enctype="multipart/form-data" hx-boost="false" novalidate>
        <ErrorSummary ctx={ctx} errors={form.errors} />
        <CsrfField ctx={ctx} />
        {proposal ? null : (
          <>
            <SelectField ctx={ctx} form={form} name="opdId" label={t('tata_kelola.field.agency')} options={props.opdOptions} required />
            <TextField ctx={ctx} form={form} name="budgetYear" inputmode="numeric" label={t('tata_kelola.field.budget_year')} required maxLength={4} />
          </>
        )}
        <TextField ctx={ctx} form={form} name="title" label={t('tata_kelola.field.title')} hint={t('tata_kelola.field.title_hint')} required maxLength={300} />
        <SelectField ctx={ctx} form={form} name="kind" label={t('tata_kelola.field.kind')} options={PROPOSAL_KINDS.map((k) => ({ value: k, label: kindLabel(ctx, k) }))} required />
        <TextField ctx={ctx} form={form} name="subKegiatanCode" label={t('tata_kelola.field.sub_kegiatan')} hint={t('tata_kelola.field.sub_kegiatan_hint')} required maxLength={40} />
        <TextField ctx={ctx} form={form} name="amount" inputmode="numeric" label={t('tata_kelola.field.amount')} hint={t('tata_kelola.field.amount_hint')} required />
        <TextArea ctx={ctx} form={form} name="description" label={t('tata_kelola.field.description')} hint={t('tata_kelola.field.description_hint')} rows={6} required />
        <TextField ctx={ctx} form={form} name="archCodes" label={t('tata_kelola.field.arch_codes')} hint={t('tata_kelola.field.arch_codes_hint')} optional />
        <SelectField ctx={ctx} form={form} name="roadmapItemId" label={t('tata_kelola.field.roadmap_item')} options={props.roadmapOptions} emptyLabel={t('tata_kelola.field.roadmap_none')} />
        <TextField ctx={ctx} form={form} name="appKeys" label={t('tata_kelola.field.apps')} hint={t('tata_kelola.field.apps_hint')} optional />
        <YesNo ctx={ctx} form={form} name="newServers" legend={t('tata_kelola.field.new_servers')} hint={t('tata_kelola.field.new_servers_hint')} />
        <SelectField ctx={ctx} form={form} name="integration" label={t('tata_kelola.field.integration')} options={INTEGRATION_PLANS.map((i) => ({ value: i, label: label(ctx, 'tata_kelola.integration', i) }))} required />
        <YesNo ctx={ctx} form={form} name="securityAuditPlanned" legend={t('tata_kelola.field.security_audit')} />
        <FileField ctx={ctx} form={form} name="kak" label={t('tata_kelola.field.kak')} policy={KAK_FILE} optional hint={current?.kak_file_id ? t('tata_kelola.field.file_kept') : undefined} />
        <FileField ctx={ctx} form={form} name="costBenefit" label={t('tata_kelola.field.cost_benefit')} policy={COST_BENEFIT_FILE} optional hint={current?.cost_benefit_file_id ? t('tata_kelola.field.file_kept') : undefined} />
        <button type="submit" class="button">
          {proposal ? t('tata_kelola.proposal.resubmit') : t('tata_kelola.proposal.submit')}
        </button>
      </form>
    </Layout>
  );
}

function ChecksTable(props: { ctx: PageContext; results: CheckResult[]; caption: string }) {
  const { ctx, results } = props;
  const { t } = ctx;
  const locale = ctx.locale;
  return (
    <table class="checks">
      <caption>{props.caption}</caption>
      <thead>
        <tr>
          <th scope="col">{t('tata_kelola.check.title')}</th>
          <th scope="col">{t('tata_kelola.check.result')}</th>
          <th scope="col">{t('tata_kelola.check.explanation')}</th>
        </tr>
      </thead>
      <tbody>
        {results.map((r) => (
          <tr key={r.code} data-check={r.code} data-outcome={r.outcome}>
            <th scope="row">
              {r.title[locale]}
              {r.legalBasis ? <span class="hint"> ({r.legalBasis})</span> : null}
            </th>
            <td>
              {r.outcome === 'fail' ? <strong>{outcomeLabel(ctx, r.outcome)}</strong> : outcomeLabel(ctx, r.outcome)}
              {r.outcome === 'fail' ? ` (${label(ctx, 'tata_kelola.check.severity', r.severity)})` : ''}
            </td>
            <td>{r.explanation ? r.explanation[locale] : t('tata_kelola.check.not_applicable_text')}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function ProposalPage(props: { ctx: PageContext; detail: ProposalDetail; reviewForm: FormState; canReview: boolean; canRevise: boolean }) {
  const { ctx, detail, reviewForm } = props;
  const { t, fmt } = ctx;
  const { proposal: p } = detail;
  const current = detail.versions[0]!;
  const fileLink = (id: string | null) => (id ? <a href={`/tata-kelola/proposals/${p.id}/files/${id}`}>{t('tata_kelola.proposal.download')}</a> : t('tata_kelola.proposal.not_attached'));
  return (
    <Layout ctx={ctx} title={current.title} crumbs={[...base(ctx), { label: current.title }]}>
      <h1>{current.title}</h1>
      <dl class="summary-list">
        <Row label={t('tata_kelola.field.agency')}>{p.opd_name}</Row>
        <Row label={t('tata_kelola.field.budget_year')}>{p.budget_year}</Row>
        <Row label={t('tata_kelola.field.status')}>
          <strong>{statusLabel(ctx, p.status as ProposalStatus)}</strong> ({t('tata_kelola.proposal.version_short', { version: p.current_version })})
        </Row>
      </dl>
      {props.canRevise ? (
        <p>
          <a class="button button-secondary" href={`/tata-kelola/proposals/${p.id}/revise`}>
            {t('tata_kelola.proposal.revise')}
          </a>
        </p>
      ) : null}
      {detail.versions.map((v, i) => {
        const review = detail.reviews.find((r) => r.version === v.version);
        return (
          <section key={v.version} aria-labelledby={`v${v.version}`}>
            <h2 id={`v${v.version}`}>
              {t('tata_kelola.proposal.version_title', { version: v.version })}
              {i === 0 ? ` — ${t('tata_kelola.proposal.current')}` : ''}
            </h2>
            <dl class="summary-list">
              <Row label={t('tata_kelola.field.title')}>{v.title}</Row>
              <Row label={t('tata_kelola.field.kind')}>{kindLabel(ctx, v.kind)}</Row>
              <Row label={t('tata_kelola.field.budget_code')}>{t('tata_kelola.proposal.budget_codes', { program: v.program_code, kegiatan: v.kegiatan_code, sub: v.sub_kegiatan_code })}</Row>
              <Row label={t('tata_kelola.field.amount')}>{fmt.money(Number(v.amount))}</Row>
              <Row label={t('tata_kelola.field.description')}>{v.description}</Row>
              <Row label={t('tata_kelola.field.arch_codes')}>{v.arch_codes.join(', ') || '—'}</Row>
              <Row label={t('tata_kelola.field.roadmap_item')}>{v.roadmap_title ?? '—'}</Row>
              <Row label={t('tata_kelola.field.apps')}>{v.apps.map((a) => a.name).join(', ') || '—'}</Row>
              <Row label={t('tata_kelola.field.new_servers')}>{v.new_servers ? t('common.yes') : t('common.no')}</Row>
              <Row label={t('tata_kelola.field.integration')}>{label(ctx, 'tata_kelola.integration', v.integration)}</Row>
              <Row label={t('tata_kelola.field.security_audit')}>{v.security_audit_planned ? t('common.yes') : t('common.no')}</Row>
              <Row label={t('tata_kelola.field.kak')}>{fileLink(v.kak_file_id)}</Row>
              <Row label={t('tata_kelola.field.cost_benefit')}>{fileLink(v.cost_benefit_file_id)}</Row>
              <Row label={t('tata_kelola.proposal.submitted')}>
                {v.submitted_label}, {fmt.dateTime(v.submitted_at)}
              </Row>
            </dl>
            <ChecksTable ctx={ctx} results={v.results} caption={t('tata_kelola.check.caption', { version: v.version })} />
            {review ? (
              <div class="notice review">
                <h3>{t('tata_kelola.review.title_version', { version: v.version })}</h3>
                <dl class="summary-list">
                  <Row label={t('tata_kelola.review.decision')}>{label(ctx, 'tata_kelola.review.decision', review.decision)}</Row>
                  {review.notes ? <Row label={t('tata_kelola.review.notes')}>{review.notes}</Row> : null}
                  {review.reasons ? <Row label={t('tata_kelola.review.reasons')}>{review.reasons}</Row> : null}
                  {review.legal_basis ? <Row label={t('tata_kelola.review.legal_basis')}>{review.legal_basis}</Row> : null}
                  <Row label={t('tata_kelola.review.by')}>
                    {review.reviewed_label}, {fmt.dateTime(review.reviewed_at)}
                  </Row>
                </dl>
              </div>
            ) : null}
          </section>
        );
      })}
      {props.canReview && p.status === 'submitted' ? (
        <section aria-labelledby="review-title">
          <h2 id="review-title">{t('tata_kelola.review.title')}</h2>
          <form method="post" action={`/tata-kelola/proposals/${p.id}/review`} novalidate>
            <ErrorSummary ctx={ctx} errors={reviewForm.errors} />
            <CsrfField ctx={ctx} />
            <input type="hidden" name="version" value={String(p.current_version)} />
            <SelectField ctx={ctx} form={reviewForm} name="decision" label={t('tata_kelola.review.decision')} options={REVIEW_DECISIONS.map((d) => ({ value: d, label: label(ctx, 'tata_kelola.review.decision', d) }))} required />
            <TextArea ctx={ctx} form={reviewForm} name="notes" label={t('tata_kelola.review.notes')} hint={t('tata_kelola.review.notes_hint')} rows={3} optional />
            <TextArea ctx={ctx} form={reviewForm} name="reasons" label={t('tata_kelola.review.reasons')} hint={t('tata_kelola.review.reasons_hint')} rows={3} optional />
            <TextField ctx={ctx} form={reviewForm} name="legalBasis" label={t('tata_kelola.review.legal_basis')} hint={t('tata_kelola.review.legal_basis_hint')} optional maxLength={2000} />
            <button type="submit" class="button">
              {t('tata_kelola.review.submit')}
            </button>
          </form>
        </section>
      ) : null}
    </Layout>
  );
}

export function ChecksPage(props: { ctx: PageContext; checks: CheckDefinition[]; canManage: boolean }) {
  const { ctx, checks } = props;
  const { t } = ctx;
  const locale = ctx.locale;
  return (
    <Layout ctx={ctx} title={t('tata_kelola.checks.title')} crumbs={[{ href: '/tata-kelola', label: t('tata_kelola.title') }, { label: t('tata_kelola.checks.title') }]}>
      <h1>{t('tata_kelola.checks.title')}</h1>
      <TataKelolaNav ctx={ctx} current="/tata-kelola/checks" />
      <p>{t('tata_kelola.checks.intro')}</p>
      <table>
        <caption>{t('tata_kelola.checks.caption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('tata_kelola.check.title')}</th>
            <th scope="col">{t('tata_kelola.checks.severity')}</th>
            <th scope="col">{t('tata_kelola.checks.kinds')}</th>
            <th scope="col">{t('tata_kelola.review.legal_basis')}</th>
            <th scope="col">{t('tata_kelola.checks.enabled')}</th>
          </tr>
        </thead>
        <tbody>
          {checks.map((c) => (
            <tr key={c.code}>
              <th scope="row">
                {props.canManage ? <a href={`/tata-kelola/checks/${c.code}/edit`}>{c.title[locale]}</a> : c.title[locale]}
                <span class="hint"> ({c.code})</span>
              </th>
              <td>{label(ctx, 'tata_kelola.check.severity', c.severity)}</td>
              <td>{c.kinds.map((k) => kindLabel(ctx, k)).join(', ')}</td>
              <td>{c.legalBasis ?? '—'}</td>
              <td>{c.enabled ? t('common.yes') : t('common.no')}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </Layout>
  );
}

export function CheckEditPage(props: { ctx: PageContext; check: CheckDefinition; form: FormState }) {
  const { ctx, check, form } = props;
  const { t } = ctx;
  const title = t('tata_kelola.checks.edit_title', { code: check.code });
  return (
    <Layout ctx={ctx} title={title} crumbs={[{ href: '/tata-kelola', label: t('tata_kelola.title') }, { href: '/tata-kelola/checks', label: t('tata_kelola.checks.title') }, { label: check.code }]}>
      <h1>{title}</h1>
      <p>{t('tata_kelola.checks.edit_intro', { rule: check.rule })}</p>
      <form method="post" action={`/tata-kelola/checks/${check.code}`} novalidate>
        <ErrorSummary ctx={ctx} errors={form.errors} />
        <CsrfField ctx={ctx} />
        <YesNo ctx={ctx} form={form} name="enabled" legend={t('tata_kelola.checks.enabled')} />
        <SelectField ctx={ctx} form={form} name="severity" label={t('tata_kelola.checks.severity')} options={CHECK_SEVERITIES.map((s) => ({ value: s, label: label(ctx, 'tata_kelola.check.severity', s) }))} required />
        <CheckboxGroup ctx={ctx} form={form} name="kinds" legend={t('tata_kelola.checks.kinds')} options={PROPOSAL_KINDS.map((k) => ({ value: k, label: kindLabel(ctx, k) }))} />
        <TextField ctx={ctx} form={form} name="titleId" label={t('tata_kelola.checks.title_id')} required />
        <TextField ctx={ctx} form={form} name="titleEn" label={t('tata_kelola.checks.title_en')} required />
        <TextArea ctx={ctx} form={form} name="passId" label={t('tata_kelola.checks.pass_id')} rows={2} required />
        <TextArea ctx={ctx} form={form} name="passEn" label={t('tata_kelola.checks.pass_en')} rows={2} required />
        <TextArea ctx={ctx} form={form} name="failId" label={t('tata_kelola.checks.fail_id')} hint={t('tata_kelola.checks.placeholders')} rows={2} required />
        <TextArea ctx={ctx} form={form} name="failEn" label={t('tata_kelola.checks.fail_en')} rows={2} required />
        <TextField ctx={ctx} form={form} name="legalBasis" label={t('tata_kelola.review.legal_basis')} optional />
        <button type="submit" class="button">
          {t('common.save')}
        </button>
      </form>
    </Layout>
  );
}

