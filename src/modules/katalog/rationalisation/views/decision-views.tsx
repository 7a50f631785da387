import type { FormState, PageContext } from '../../../../platform/html/context.ts';
import { Layout } from '../../../../platform/html/layout.tsx';
import { CsrfField, ErrorSummary, Pagination, SelectField, TextArea, TextField } from '../../../../platform/html/components.tsx';
import { DECISIONS } from '../../db.ts';
import type { DecisionRow } from '../repo.ts';
import { isOverdue } from '../present.ts';
import { DECISION_FILTERS } from '../schemas.ts';
import { SyntheticNotice } from '../../views/app-pages.tsx';
import { dateOnlyLabel, decisionLabel, decisionStatusLabel } from './labels.ts';
import type { MessageKey } from '../../../../platform/i18n/index.ts';

type Option = { value: string; label: string };

/** "Gabung ke SIMPEG", "Ganti dengan SRIKANDI", "Pensiunkan", "Pertahankan". */
export function DecisionWhat(props: { ctx: PageContext; d: DecisionRow }) {
  const { ctx, d } = props;
  return (
    <>
      {decisionLabel(ctx, d.decision)}
      {d.decision === 'merge' && d.target_app_id ? (
        <>
          {' → '}
          <a href={`/katalog/apps/${d.target_app_id}`}>{d.target_app_name}</a>
        </>
      ) : null}
      {d.decision === 'replace' && d.replacement_name ? ` → ${d.replacement_name}` : ''}
    </>
  );
}

/** The two buttons that close an open decision (each a small form, so they work without JS). */
export function DecisionActions(props: { ctx: PageContext; d: DecisionRow; returnTo?: string }) {
  const { ctx, d } = props;
  const { t } = ctx;
  const name = d.app_acronym ?? d.app_name;
  return (
    <div class="decision-actions">
      <form method="post" action={`/katalog/decisions/${d.id}/carry-out`} class="inline-form">
        <CsrfField ctx={ctx} />
        {props.returnTo ? <input type="hidden" name="returnTo" value={props.returnTo} /> : null}
        <button type="submit" class="button" aria-label={t('katalog.rat.decision.carry_out_label', { name })}>
          {t('katalog.rat.decision.carry_out')}
        </button>
      </form>{' '}
      <form method="post" action={`/katalog/decisions/${d.id}/cancel`} class="inline-form">
        <CsrfField ctx={ctx} />
        {props.returnTo ? <input type="hidden" name="returnTo" value={props.returnTo} /> : null}
        <button type="submit" class="button button-secondary" aria-label={t('katalog.rat.decision.cancel_label', { name })}>
          {t('katalog.rat.decision.cancel')}
        </button>
      </form>
    </div>
  );
}

export function DecisionTable(props: { ctx: PageContext; items: DecisionRow[]; today: string; caption: string; showApp: boolean; canDecide: boolean; returnTo: string }) {
  const { ctx, today } = props;
  const { t, fmt } = ctx;
  return (
    <table>
      <caption class={props.showApp ? 'visually-hidden' : undefined}>{props.caption}</caption>
      <thead>
        <tr>
          {props.showApp ? <th scope="col">{t('katalog.field.name')}</th> : null}
          {props.showApp ? <th scope="col">{t('katalog.field.opd')}</th> : null}
          <th scope="col">{t('katalog.rat.decision.decision')}</th>
          <th scope="col">{t('katalog.rat.decision.target_date')}</th>
          <th scope="col">{t('katalog.rat.decision.status')}</th>
          <th scope="col">{t('katalog.rat.decision.reason')}</th>
          <th scope="col">{t('katalog.rat.decision.decided')}</th>
          {props.canDecide ? <th scope="col">{t('katalog.rat.actions')}</th> : null}
        </tr>
      </thead>
      <tbody>
        {props.items.map((d) => (
          <tr key={d.id}>
            {props.showApp ? (
              <td>
                <a href={`/katalog/apps/${d.app_id}`}>{d.app_name}</a>
                {d.app_acronym ? ` (${d.app_acronym})` : ''}
              </td>
            ) : null}
            {props.showApp ? <td>{d.opd_name ?? t('katalog.no_owner')}</td> : null}
            <td>
              <DecisionWhat ctx={ctx} d={d} />
            </td>
            <td>
              {dateOnlyLabel(ctx, d.target_date)}
              {isOverdue(d, today) ? (
                <>
                  {' '}
                  <strong class="badge">{t('katalog.rat.decision.overdue')}</strong>
                </>
              ) : null}
            </td>
            <td>
              {decisionStatusLabel(ctx, d.status)}
              {d.closed_at ? ` (${fmt.date(d.closed_at)}, ${d.closed_by_label ?? ''})` : ''}
            </td>
            <td>
              {d.reason}
              {d.legal_basis ? (
                <>
                  <br />
                  <span class="hint">
                    {t('katalog.field.legal_basis')}: {d.legal_basis}
                  </span>
                </>
              ) : null}
            </td>
            <td>
              {d.decided_label}, {fmt.date(d.decided_at)}
            </td>
            {props.canDecide ? <td>{d.status === 'planned' ? <DecisionActions ctx={ctx} d={d} returnTo={props.returnTo} /> : '—'}</td> : null}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function DecisionListPage(props: {
  ctx: PageContext;
  items: DecisionRow[];
  hasNext: boolean;
  page: number;
  today: string;
  filter: { opdId: string; status: string };
  opdOptions: Option[];
  canDecide: boolean;
}) {
  const { ctx, filter } = props;
  const { t } = ctx;
  const statusOptions = DECISION_FILTERS.map((s) => ({ value: s, label: t(`katalog.rat.decision.filter.${s}` as MessageKey) }));
  return (
    <Layout ctx={ctx} title={t('katalog.rat.decision.list_title')} crumbs={[{ href: '/katalog', label: t('katalog.rat.overview.title') }, { label: t('katalog.rat.decision.list_title') }]}>
      <h1>{t('katalog.rat.decision.list_title')}</h1>
      <p>{t('katalog.rat.decision.list_intro')}</p>
      <SyntheticNotice ctx={ctx} show={props.items.some((d) => d.synthetic)} />
      <form method="get" action="/katalog/decisions" class="filters">
        {props.opdOptions.length > 1 ? <SelectField ctx={ctx} name="opdId" label={t('katalog.field.opd')} options={props.opdOptions} value={filter.opdId} emptyLabel={t('common.all')} /> : null}
        <SelectField ctx={ctx} name="status" label={t('katalog.rat.decision.status')} options={statusOptions} value={filter.status} />
        <button type="submit" class="button button-secondary">
          {t('katalog.rat.filter')}
        </button>
      </form>
      {props.items.length === 0 ? (
        <p>{t('katalog.rat.decision.empty')}</p>
      ) : (
        <DecisionTable ctx={ctx} items={props.items} today={props.today} caption={t('katalog.rat.decision.list_title')} showApp canDecide={props.canDecide} returnTo={ctx.currentUrl} />
      )}
      <Pagination ctx={ctx} page={props.page} hasNext={props.hasNext} baseUrl={ctx.currentUrl} />
    </Layout>
  );
}

export function DecisionForm(props: { ctx: PageContext; form: FormState; appId: string; generalApps: string[] }) {
  const { ctx, form } = props;
  const { t } = ctx;
  return (
    <form method="post" action={`/katalog/apps/${props.appId}/decisions`} novalidate>
      <ErrorSummary ctx={ctx} errors={form.errors} />
      <CsrfField ctx={ctx} />
      <SelectField ctx={ctx} form={form} name="decision" label={t('katalog.rat.decision.decision')} options={DECISIONS.map((d) => ({ value: d, label: decisionLabel(ctx, d) }))} required />
      <TextField ctx={ctx} form={form} name="targetAppKey" label={t('katalog.rat.decision.target_app')} hint={t('katalog.rat.decision.target_app_hint')} optional maxLength={80} />
      <TextField ctx={ctx} form={form} name="replacementName" label={t('katalog.rat.decision.replacement')} hint={t('katalog.rat.decision.replacement_hint')} optional maxLength={200} />
      <TextField ctx={ctx} form={form} name="targetDate" type="date" label={t('katalog.rat.decision.target_date')} hint={t('katalog.rat.decision.target_date_hint')} optional />
      <TextArea ctx={ctx} form={form} name="reason" label={t('katalog.rat.decision.reason')} hint={t('katalog.rat.decision.reason_hint')} required rows={4} />
      <TextField ctx={ctx} form={form} name="legalBasis" label={t('katalog.field.legal_basis')} hint={t('katalog.rat.decision.legal_basis_hint')} optional maxLength={500} />
      {props.generalApps.length ? (
        <details>
          <summary>{t('katalog.rat.decision.general_apps')}</summary>
          <ul>
            {props.generalApps.map((name) => (
              <li key={name}>{name}</li>
            ))}
          </ul>
        </details>
      ) : null}
      <button type="submit" class="button">
        {t('katalog.rat.decision.save')}
      </button>
    </form>
  );
}

export function DecisionFormPage(props: { ctx: PageContext; form: FormState; app: { id: string; name: string; acronym: string | null }; generalApps: string[] }) {
  const { ctx, app } = props;
  const { t } = ctx;
  const title = t('katalog.rat.decision.new_title', { name: app.acronym ?? app.name });
  return (
    <Layout ctx={ctx} title={title} crumbs={[{ href: '/katalog/decisions', label: t('katalog.rat.decision.list_title') }, { href: `/katalog/apps/${app.id}`, label: app.acronym ?? app.name }, { label: t('katalog.rat.decision.new') }]}>
      <h1>{title}</h1>
      <p>{t('katalog.rat.decision.form_intro')}</p>
      <DecisionForm ctx={ctx} form={props.form} appId={app.id} generalApps={props.generalApps} />
    </Layout>
  );
}
