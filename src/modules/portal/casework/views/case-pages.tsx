import type { FormState, PageContext } from '../../../../platform/html/context.ts';
import { Layout } from '../../../../platform/html/layout.tsx';
import { CsrfField, ErrorSummary, Pagination, SelectField, TextArea } from '../../../../platform/html/components.tsx';
import { FileField, formatBytes } from '../../../../platform/files/index.ts';
import type { MessageKey } from '../../../../platform/i18n/index.ts';
import { REQUEST_STATUSES, type RequestStatus } from '../../db.ts';
import { textIn, type FormDefinition, type FormField } from '../../requests/form-definition.ts';
import type { DeadlineFlags } from '../deadline.ts';
import { RESULT_POLICY } from '../results.ts';
import type { QueueItem } from '../use-cases/list-queue.ts';
import type { CaseDetail } from '../use-cases/get-case.ts';

export type Option = { value: string; label: string };
export const QUEUE_PATH = '/portal/permohonan';
export const casePath = (id: string): string => `${QUEUE_PATH}/${id}`;
export const documentPath = (requestId: string, documentId: string): string => `${QUEUE_PATH}/${requestId}/dokumen/${documentId}`;

export const statusLabel = (ctx: PageContext, s: RequestStatus): string => ctx.t(`portal.case.status.${s}` as MessageKey);

/** "Overdue", "due soon", "waiting for the citizen": words, not colour only. */
export function FlagBadges(props: { ctx: PageContext; flags: DeadlineFlags }) {
  const { t } = props.ctx;
  const f = props.flags;
  return (
    <>
      {f.overdue ? <strong class="badge">{t('portal.case.flag.overdue', { days: -(f.daysLeft ?? 0) })}</strong> : null}
      {f.dueSoon ? <strong class="badge">{t('portal.case.flag.due_soon', { days: f.daysLeft ?? 0 })}</strong> : null}
      {f.paused ? <span class="badge">{t('portal.case.flag.paused')}</span> : null}
    </>
  );
}

export interface QueueFilterValues {
  serviceId: string;
  status: string;
  assignee: string;
  flag: string;
  sort: string;
}

export function QueuePage(props: { ctx: PageContext; items: QueueItem[]; hasNext: boolean; page: number; filter: QueueFilterValues; services: Option[] }) {
  const { ctx, filter } = props;
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('portal.case.queue_title')} crumbs={[{ label: t('portal.case.queue_title') }]}>
      <h1>{t('portal.case.queue_title')}</h1>
      <form method="get" action={QUEUE_PATH} class="filters" role="search" aria-label={t('portal.case.filter_label')}>
        <SelectField ctx={ctx} name="serviceId" label={t('portal.case.service')} options={props.services} value={filter.serviceId} emptyLabel={t('common.all')} />
        <SelectField ctx={ctx} name="status" label={t('common.status')} options={REQUEST_STATUSES.filter((s) => s !== 'draft').map((s) => ({ value: s, label: statusLabel(ctx, s) }))} value={filter.status} emptyLabel={t('common.all')} />
        <SelectField
          ctx={ctx}
          name="assignee"
          label={t('portal.case.assignee')}
          options={[
            { value: 'me', label: t('portal.case.assignee_me') },
            { value: 'none', label: t('portal.case.assignee_none') },
          ]}
          value={filter.assignee}
          emptyLabel={t('portal.case.assignee_anyone')}
        />
        <SelectField
          ctx={ctx}
          name="flag"
          label={t('portal.case.deadline')}
          options={[
            { value: 'due_soon', label: t('portal.case.filter_due_soon') },
            { value: 'overdue', label: t('portal.case.filter_overdue') },
          ]}
          value={filter.flag}
          emptyLabel={t('common.all')}
        />
        <SelectField
          ctx={ctx}
          name="sort"
          label={t('portal.case.sort')}
          options={[
            { value: 'due', label: t('portal.case.sort_due') },
            { value: 'submitted', label: t('portal.case.sort_submitted') },
          ]}
          value={filter.sort || 'due'}
        />
        <button type="submit" class="button button-secondary">
          {t('common.filter')}
        </button>
      </form>
      {props.items.length === 0 ? (
        <p>{t('portal.case.queue_empty')}</p>
      ) : (
        <table>
          <caption class="visually-hidden">{t('portal.case.queue_title')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('portal.case.tracking_number')}</th>
              <th scope="col">{t('portal.case.service')}</th>
              <th scope="col">{t('portal.case.citizen')}</th>
              <th scope="col">{t('common.status')}</th>
              <th scope="col">{t('portal.case.deadline')}</th>
              <th scope="col">{t('portal.case.assignee')}</th>
            </tr>
          </thead>
          <tbody>
            {props.items.map((r) => (
              <tr key={r.id}>
                <td>
                  <a href={casePath(r.id)}>{r.tracking_number}</a>
                  {r.synthetic ? <span class="hint"> · {t('portal.case.synthetic')}</span> : null}
                </td>
                <td>{r.service_name}</td>
                <td>{r.citizen_name}</td>
                <td>{statusLabel(ctx, r.status)}</td>
                <td>
                  {r.due_day ? ctx.fmt.date(`${r.due_day}T12:00:00Z`) : '—'} <FlagBadges ctx={ctx} flags={r.flags} />
                </td>
                <td>{r.assignee_name ?? t('portal.case.assignee_none')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <Pagination ctx={ctx} page={props.page} hasNext={props.hasNext} baseUrl={ctx.currentUrl} />
    </Layout>
  );
}

function Row(props: { label: string; children?: unknown }) {
  const empty = props.children === null || props.children === undefined || props.children === '';
  return (
    <>
      <dt>{props.label}</dt>
      <dd>{empty ? '—' : (props.children as never)}</dd>
    </>
  );
}

function answerText(ctx: PageContext, field: FormField, value: unknown): string {
  if (value === undefined || value === null || value === '') return '—';
  if (field.type === 'checkbox') return value === true || value === 'true' ? ctx.t('common.yes') : ctx.t('common.no');
  if ((field.type === 'select' || field.type === 'radio') && field.options) {
    const option = field.options.find((o) => o.value === String(value));
    if (option) return textIn(option.label, ctx.locale);
  }
  // NIK answers are shown masked: officers who need the number open the source document.
  if (field.type === 'nik' && typeof value === 'string' && value.length === 16) return `${value.slice(0, 4)}••••••••${value.slice(12)}`;
  return String(value);
}

/** The citizen's answers as a definition list; prefilled fields say which agency the value came from. */
export function AnswerList(props: { ctx: PageContext; definition: FormDefinition; answers: Record<string, unknown>; prefilled: CaseDetail['row']['prefilled'] }) {
  const { ctx } = props;
  return (
    <dl class="summary-list">
      {props.definition.fields.map((f) => {
        const value = props.answers[f.name];
        const source = props.prefilled[f.name];
        if (f.type === 'group') {
          const items = Array.isArray(value) ? (value as Record<string, unknown>[]) : [];
          return (
            <Row key={f.name} label={textIn(f.label, ctx.locale)}>
              {items.length === 0 ? null : (
                <ol>
                  {items.map((item, i) => (
                    <li key={i}>{(f.fields ?? []).map((sub) => `${textIn(sub.label, ctx.locale)}: ${answerText(ctx, sub, item[sub.name])}`).join('; ')}</li>
                  ))}
                </ol>
              )}
            </Row>
          );
        }
        return (
          <Row key={f.name} label={textIn(f.label, ctx.locale)}>
            {answerText(ctx, f, value)}
            {source ? (
              <span class="hint">
                {' '}
                ({ctx.t('portal.case.prefilled_from', { agency: source.agency ?? source.element, date: ctx.fmt.dateTime(source.fetchedAt) })})
              </span>
            ) : null}
          </Row>
        );
      })}
    </dl>
  );
}

export interface CaseForms {
  assign: FormState;
  fix: FormState;
  approve: FormState;
  reject: FormState;
  note: FormState;
}

export const emptyCaseForms = (): CaseForms => ({ assign: { values: {}, errors: [] }, fix: { values: {}, errors: [] }, approve: { values: {}, errors: [] }, reject: { values: {}, errors: [] }, note: { values: {}, errors: [] } });

const eventLabel = (ctx: PageContext, kind: string) => ctx.t(`portal.case.event.${kind}` as MessageKey);

export function CasePage(props: { ctx: PageContext; d: CaseDetail; definition: FormDefinition | null; forms: CaseForms }) {
  const { ctx, d, forms } = props;
  const r = d.row;
  const { t } = ctx;
  const base = casePath(r.id);
  const open = ['submitted', 'in_review', 'needs_fix'].includes(r.status);
  const act = d.access.act;
  const version = <input type="hidden" name="version" value={String(r.version)} />;
  const results = d.documents.filter((x) => x.kind === 'result');
  const requirements = d.documents.filter((x) => x.kind === 'requirement');
  const DocList = (p: { items: typeof d.documents }) =>
    p.items.length === 0 ? (
      <p>{t('common.none')}</p>
    ) : (
      <ul>
        {p.items.map((doc) => (
          <li key={doc.id}>
            <a href={documentPath(r.id, doc.id)}>{doc.name}</a> <span class="hint">({formatBytes(Number(doc.size))}{doc.requirement_code ? ` · ${doc.requirement_code}` : ''})</span>
          </li>
        ))}
      </ul>
    );
  return (
    <Layout ctx={ctx} title={`${r.tracking_number} · ${r.service_name}`} crumbs={[{ href: QUEUE_PATH, label: t('portal.case.queue_title') }, { label: r.tracking_number ?? '' }]}>
      <h1>
        {t('portal.case.case_title', { number: r.tracking_number ?? '' })}
      </h1>
      {r.synthetic ? <p class="notice">{t('portal.case.synthetic_notice')}</p> : null}
      <dl class="summary-list">
        <Row label={t('portal.case.service')}>{r.service_name}</Row>
        <Row label={t('portal.case.agency')}>{r.opd_name}</Row>
        <Row label={t('portal.case.citizen')}>{r.citizen_name}</Row>
        <Row label={t('common.status')}>{statusLabel(ctx, r.status)}</Row>
        <Row label={t('portal.case.submitted_at')}>{r.submitted_at ? ctx.fmt.dateTime(r.submitted_at) : null}</Row>
        <Row label={t('portal.case.deadline')}>
          {r.due_day ? ctx.fmt.date(`${r.due_day}T12:00:00Z`) : t('portal.case.no_deadline')}
          {d.flags.daysLeft !== null && !d.flags.overdue ? ` (${t('portal.case.days_left', { days: d.flags.daysLeft })})` : ''} <FlagBadges ctx={ctx} flags={d.flags} />
        </Row>
        {r.paused_working_days > 0 ? <Row label={t('portal.case.paused_days')}>{t('portal.case.working_days', { days: r.paused_working_days })}</Row> : null}
        <Row label={t('portal.case.assignee')}>{r.assignee_name ?? t('portal.case.assignee_none')}</Row>
        {r.decision_reason ? <Row label={t('portal.case.decision_reason')}>{r.decision_reason}</Row> : null}
        {r.escalated_at ? <Row label={t('portal.case.escalated_at')}>{ctx.fmt.dateTime(r.escalated_at)}</Row> : null}
      </dl>

      <h2>{t('portal.case.answers')}</h2>
      {props.definition ? <AnswerList ctx={ctx} definition={props.definition} answers={r.answers} prefilled={r.prefilled} /> : <p>{t('common.none')}</p>}

      <h2>{t('portal.case.documents')}</h2>
      <DocList items={requirements} />
      {results.length ? (
        <>
          <h2>{t('portal.case.results')}</h2>
          <DocList items={results} />
        </>
      ) : null}

      <h2>{t('portal.case.history')}</h2>
      <ol class="timeline">
        {d.events.map((e) => (
          <li key={e.id}>
            <strong>{eventLabel(ctx, e.kind)}</strong> · {ctx.fmt.dateTime(e.at)}
            {e.actor_name ? ` · ${e.actor_name}` : ''}
            {e.internal ? <span class="badge"> {t('portal.case.internal')}</span> : null}
            {e.message ? <p>{e.message}</p> : null}
          </li>
        ))}
      </ol>

      {act && open ? (
        <>
          <form method="post" action={`${base}/tugaskan`} novalidate class="narrow">
            <h2>{t('portal.case.assign_title')}</h2>
            <ErrorSummary ctx={ctx} errors={forms.assign.errors} />
            <CsrfField ctx={ctx} />
            {version}
            <SelectField ctx={ctx} form={forms.assign} name="assigneeId" label={t('portal.case.assign_to')} options={d.officers.map((o) => ({ value: o.id, label: o.name }))} value={String(forms.assign.values.assigneeId ?? r.assignee_id ?? '')} emptyLabel={t('portal.case.assignee_none')} optional />
            <button type="submit" class="button button-secondary">
              {t('portal.case.assign_submit')}
            </button>{' '}
            <button type="submit" name="self" value="true" class="button button-secondary">
              {t('portal.case.assign_self')}
            </button>
          </form>
          {r.status === 'submitted' ? (
            <form method="post" action={`${base}/verifikasi`} novalidate class="narrow">
              <h2>{t('portal.case.verify_title')}</h2>
              <p class="hint">{t('portal.case.verify_hint')}</p>
              <CsrfField ctx={ctx} />
              {version}
              <button type="submit" class="button">
                {t('portal.case.verify_submit')}
              </button>
            </form>
          ) : null}
          {r.status === 'submitted' || r.status === 'in_review' ? (
            <form method="post" action={`${base}/perbaikan`} novalidate class="narrow">
              <h2>{t('portal.case.fix_title')}</h2>
              <p class="hint">{t('portal.case.fix_hint')}</p>
              <ErrorSummary ctx={ctx} errors={forms.fix.errors} />
              <CsrfField ctx={ctx} />
              {version}
              <TextArea ctx={ctx} form={forms.fix} name="message" label={t('portal.case.fix_message')} required rows={4} />
              <button type="submit" class="button button-secondary">
                {t('portal.case.fix_submit')}
              </button>
            </form>
          ) : null}
          {r.status === 'in_review' ? (
            <form method="post" action={`${base}/setujui`} enctype="multipart/form-data" novalidate class="narrow">
              <h2>{t('portal.case.approve_title')}</h2>
              <p class="hint">{t('portal.case.approve_hint')}</p>
              <ErrorSummary ctx={ctx} errors={forms.approve.errors} />
              <CsrfField ctx={ctx} />
              {version}
              <FileField ctx={ctx} form={forms.approve} name="results" label={t('portal.case.results')} policy={RESULT_POLICY} multiple />
              <TextArea ctx={ctx} form={forms.approve} name="note" label={t('portal.case.approve_note')} optional rows={3} />
              <button type="submit" class="button">
                {t('portal.case.approve_submit')}
              </button>
            </form>
          ) : null}
          <form method="post" action={`${base}/tolak`} novalidate class="narrow">
            <h2>{t('portal.case.reject_title')}</h2>
            <ErrorSummary ctx={ctx} errors={forms.reject.errors} />
            <CsrfField ctx={ctx} />
            {version}
            <TextArea ctx={ctx} form={forms.reject} name="reason" label={t('portal.case.reject_reason')} hint={t('portal.case.reject_hint')} required rows={4} />
            <button type="submit" class="button button-warning">
              {t('portal.case.reject_submit')}
            </button>
          </form>
        </>
      ) : null}
      {act ? (
        <form method="post" action={`${base}/catatan`} novalidate class="narrow">
          <h2>{t('portal.case.note_title')}</h2>
          <p class="hint">{t('portal.case.note_hint')}</p>
          <ErrorSummary ctx={ctx} errors={forms.note.errors} />
          <CsrfField ctx={ctx} />
          <TextArea ctx={ctx} form={forms.note} name="message" label={t('portal.case.note_label')} required rows={3} />
          <button type="submit" class="button button-secondary">
            {t('portal.case.note_submit')}
          </button>
        </form>
      ) : null}
    </Layout>
  );
}
