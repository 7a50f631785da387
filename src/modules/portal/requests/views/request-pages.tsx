import type { FieldError } from '../../../../platform/http/errors.ts';
import type { PageContext } from '../../../../platform/html/context.ts';
import { Layout } from '../../../../platform/html/layout.tsx';
import { CsrfField, ErrorSummary, TextArea } from '../../../../platform/html/components.tsx';
import { FileField, formatBytes } from '../../../../platform/files/index.ts';
import type { MessageKey } from '../../../../platform/i18n/index.ts';
import type { RequestStatus } from '../../db.ts';
import { textIn, type FormDefinition } from '../form-definition.ts';
import { applyPath, INBOX_PATH, MY_REQUESTS_PATH, receiptPath, trackingPath } from '../paths.ts';
import { documentPolicy } from '../use-cases/documents.ts';
import type { PrefillOffer } from '../use-cases/prefill-draft.ts';
import type { RequestView } from '../use-cases/get-request.ts';
import type { ApplyServiceRow } from '../repo.ts';
import { answerLines, FormFields, type PrefilledSources } from './form-fields.tsx';
import '../messages.ts';

const statusKey = (s: RequestStatus) => `portal.status.${s}` as MessageKey;
const eventKey = (k: string) => `portal.event.${k}` as MessageKey;

/** The citizen's own pages, with the unread count of the inbox. */
export function CitizenNav(props: { ctx: PageContext; unread: number; current?: 'requests' | 'inbox' }) {
  const { t } = props.ctx;
  return (
    <nav aria-label={t('portal.citizen_nav.label')}>
      <ul class="nav-list">
        <li>
          <a href="/warga/profil">{t('nav.citizen')}</a>
        </li>
        <li>
          <a href={MY_REQUESTS_PATH} aria-current={props.current === 'requests' ? 'page' : undefined}>
            {t('portal.my_requests.title')}
          </a>
        </li>
        <li>
          <a href={INBOX_PATH} aria-current={props.current === 'inbox' ? 'page' : undefined}>
            {t('portal.inbox.title')}
            {props.unread > 0 ? <span class="badge">{t('portal.inbox.unread_badge', { count: props.unread })}</span> : null}
          </a>
        </li>
      </ul>
    </nav>
  );
}

const crumbs = (ctx: PageContext, last?: string) => [{ href: '/layanan', label: ctx.t('portal.home.title') }, { href: MY_REQUESTS_PATH, label: ctx.t('portal.my_requests.title') }, ...(last ? [{ label: last }] : [])];

/** The apply page before a draft exists: what the service is, and a button that starts the request. */
export function ApplyStartPage(props: { ctx: PageContext; service: ApplyServiceRow; definition: FormDefinition; signedIn: boolean; isCitizen: boolean }) {
  const { ctx, service } = props;
  const { t } = ctx;
  const title = t('portal.apply.title', { service: service.name });
  return (
    <Layout ctx={ctx} title={title} crumbs={[{ href: '/layanan', label: t('portal.home.title') }, { href: `/layanan/${service.key}`, label: service.name }, { label: t('portal.apply.crumb') }]}>
      <div class="narrow">
        <h1>{title}</h1>
        <dl class="summary-list">
          <dt>{t('portal.service.agency')}</dt>
          <dd>{service.opd_name ?? '—'}</dd>
          <dt>{t('portal.service.time')}</dt>
          <dd>{service.sla_working_days ? t('portal.service.time_days', { days: service.sla_working_days }) : '—'}</dd>
        </dl>
        {props.definition.documents.length ? (
          <>
            <h2>{t('portal.apply.documents_needed')}</h2>
            <ul>
              {props.definition.documents.map((d) => (
                <li key={d.code}>
                  {textIn(d.label, ctx.locale)}
                  {d.required ? '' : ` ${t('common.optional')}`}
                </li>
              ))}
            </ul>
          </>
        ) : null}
        {!props.signedIn ? (
          <p>
            <a class="button" href={`/login?next=${encodeURIComponent(applyPath(service.key))}`}>
              {t('portal.apply.sign_in')}
            </a>{' '}
            <a href="/daftar">{t('portal.apply.register')}</a>
          </p>
        ) : props.isCitizen ? (
          <form method="post" action={applyPath(service.key)}>
            <CsrfField ctx={ctx} />
            <p>{t('portal.apply.start_intro')}</p>
            <button type="submit" class="button">
              {t('portal.apply.start')}
            </button>
          </form>
        ) : (
          <p class="notice">{t('portal.apply.citizens_only')}</p>
        )}
      </div>
    </Layout>
  );
}

function PrefillBox(props: { ctx: PageContext; offer: PrefillOffer; requestId: string; note?: MessageKey }) {
  const { ctx, offer } = props;
  const { t } = ctx;
  if (offer.state === 'none' || offer.state === 'done') return null;
  if (offer.state === 'unavailable') return <p class="notice">{t('portal.prefill.unavailable')}</p>;
  const list = (
    <ul>
      {offer.plan.elements.map((e) => (
        <li key={e.code}>
          {t('portal.prefill.element', { name: e.name ?? e.code, agency: e.agency ?? '—' })}: {e.fields.map((f) => f.label).join(', ')}
        </li>
      ))}
    </ul>
  );
  return (
    <section class="notice" aria-labelledby="prefill-title">
      <h2 id="prefill-title">{t('portal.prefill.title')}</h2>
      {props.note ? <p role="alert">{t(props.note)}</p> : null}
      <p>{t('portal.prefill.intro')}</p>
      {list}
      {offer.state === 'no_nik' ? (
        <p>
          {t('portal.prefill.no_nik')} <a href="/warga/profil">{t('portal.prefill.add_nik')}</a>
        </p>
      ) : (
        <form method="post" action={`${trackingPath(props.requestId)}/isi-otomatis`}>
          <CsrfField ctx={ctx} />
          <p class="hint">{t('portal.prefill.consent_text', { recipient: offer.plan.recipient ?? t('portal.consents.portal') })}</p>
          <button type="submit" class="button">
            {t('portal.prefill.accept')}
          </button>
          <p class="hint">{t('portal.prefill.decline_hint')}</p>
        </form>
      )}
    </section>
  );
}

function DocumentList(props: { ctx: PageContext; view: RequestView; editable: boolean; kind: 'requirement' | 'result' }) {
  const { ctx, view } = props;
  const { t } = ctx;
  const docs = view.documents.filter((d) => d.kind === props.kind);
  if (docs.length === 0) return <p class="hint">{t(props.kind === 'result' ? 'portal.documents.no_results' : 'portal.documents.none')}</p>;
  return (
    <ul class="plain-list">
      {docs.map((d) => {
        const req = view.definition.documents.find((x) => x.code === d.requirement_code);
        return (
          <li key={d.id}>
            {req ? `${textIn(req.label, ctx.locale)}: ` : ''}
            <a href={`${trackingPath(view.row.id)}/dokumen/${d.id}`} hx-boost="false">
              {d.name}
            </a>{' '}
            ({formatBytes(Number(d.size))})
            {props.editable && d.kind === 'requirement' ? (
              <form method="post" action={`${trackingPath(view.row.id)}/dokumen/${d.id}/hapus`} class="inline-form">
                <CsrfField ctx={ctx} />
                <button type="submit" class="link-button" aria-label={t('portal.documents.remove_label', { name: d.name })}>
                  {t('portal.documents.remove')}
                </button>
              </form>
            ) : null}
          </li>
        );
      })}
    </ul>
  );
}

/** Upload forms, one per required document (multipart; the file service checks type and size). */
function Uploads(props: { ctx: PageContext; view: RequestView; errors: FieldError[] }) {
  const { ctx, view } = props;
  const { t } = ctx;
  if (view.definition.documents.length === 0) return null;
  return (
    <section aria-labelledby="documents-title">
      <h2 id="documents-title">{t('portal.documents.title')}</h2>
      <DocumentList ctx={ctx} view={view} editable kind="requirement" />
      {view.definition.documents.map((d) => {
        const has = view.documents.some((x) => x.kind === 'requirement' && x.requirement_code === d.code);
        return (
          <form key={d.code} method="post" action={`${trackingPath(view.row.id)}/dokumen`} enctype="multipart/form-data" hx-boost="false">
            <CsrfField ctx={ctx} />
            <FileField
              ctx={ctx}
              form={{ values: {}, errors: props.errors }}
              name={d.code}
              label={`${textIn(d.label, ctx.locale)}${has ? ` (${t('portal.documents.replace')})` : ''}`}
              policy={documentPolicy(d)}
              optional={!d.required}
              hint={d.help ? `${textIn(d.help, ctx.locale)} ${t('files.hint', { types: (d.types ?? ['pdf', 'jpeg', 'png']).join(', ').toUpperCase(), max: formatBytes(documentPolicy(d).maxBytes) })}` : undefined}
            />
            <button type="submit" class="button button-secondary">
              {t('portal.documents.upload')}
            </button>
          </form>
        );
      })}
    </section>
  );
}

/** Draft (or a request sent back for a fix): the form, the prefill offer, documents, save and submit. */
export function EditRequestPage(props: {
  ctx: PageContext;
  view: RequestView;
  errors: FieldError[];
  offer: PrefillOffer;
  extraItems: Record<string, number>;
  unread: number;
  prefillNote?: MessageKey;
  status?: number;
}) {
  const { ctx, view } = props;
  const { t } = ctx;
  const { row } = view;
  const title = t('portal.apply.title', { service: row.service_name });
  const prefilled: PrefilledSources = Object.fromEntries(Object.entries(row.prefilled).map(([k, v]) => [k, { agency: v.agency, element: v.element }]));
  const labels: Record<string, string> = Object.fromEntries([...view.definition.fields.map((f) => [f.name, textIn(f.label, ctx.locale)]), ...view.definition.documents.map((d) => [d.code, textIn(d.label, ctx.locale)])]);
  // Rows of repeatable groups: "Apoteker ke-2 — Nama apoteker".
  for (const e of props.errors) {
    const m = /^([a-z0-9_]+)\[(\d+)\]\.([a-z0-9_]+)$/.exec(e.field);
    const group = m ? view.definition.fields.find((f) => f.name === m[1]) : undefined;
    const sub = group?.fields?.find((f) => f.name === m![3]);
    if (group && sub) labels[e.field] = `${t('portal.fields.item', { label: textIn(group.label, ctx.locale), n: Number(m![2]) + 1 })} — ${textIn(sub.label, ctx.locale)}`;
  }
  return (
    <Layout ctx={ctx} title={title} crumbs={crumbs(ctx, row.tracking_number ?? t('portal.my_requests.draft'))}>
      <CitizenNav ctx={ctx} unread={props.unread} />
      <h1>{title}</h1>
      <ErrorSummary ctx={ctx} errors={props.errors} labels={labels} />
      {row.status === 'needs_fix' ? (
        <section class="notice" aria-labelledby="fix-title">
          <h2 id="fix-title">{t('portal.track.fix_title', { number: row.tracking_number ?? '' })}</h2>
          <p>{view.fixMessage ?? t('portal.track.fix_no_message')}</p>
          <p class="hint">{t('portal.track.paused')}</p>
        </section>
      ) : (
        <p class="lead">{t('portal.apply.draft_intro', { agency: row.opd_name ?? '' })}</p>
      )}
      <PrefillBox ctx={ctx} offer={props.offer} requestId={row.id} note={props.prefillNote} />
      <form method="post" action={trackingPath(row.id)} id="request-form" novalidate>
        <CsrfField ctx={ctx} />
        <FormFields ctx={ctx} definition={view.definition} values={row.answers} errors={props.errors} prefilled={prefilled} extraItems={props.extraItems} />
        <button type="submit" class="button button-secondary" name="action" value="save">
          {t('portal.apply.save')}
        </button>
      </form>
      <Uploads ctx={ctx} view={view} errors={props.errors} />
      <section aria-labelledby="send-title">
        <h2 id="send-title">{t(row.status === 'needs_fix' ? 'portal.apply.resend_title' : 'portal.apply.send_title')}</h2>
        <p>{t('portal.apply.send_intro')}</p>
        <button type="submit" class="button" form="request-form" name="action" value="submit">
          {t(row.status === 'needs_fix' ? 'portal.apply.resend' : 'portal.apply.send')}
        </button>
      </section>
    </Layout>
  );
}

function Deadline(props: { ctx: PageContext; view: RequestView }) {
  const { ctx, view } = props;
  const { t } = ctx;
  const { row } = view;
  if (!row.due_day) return <>{t('portal.track.no_deadline')}</>;
  return (
    <>
      {ctx.fmt.date(row.due_day)}
      {row.status === 'needs_fix'
        ? ` — ${t('portal.track.paused')}`
        : view.workingDaysLeft === null
          ? ''
          : view.workingDaysLeft >= 0
            ? ` — ${t('portal.track.days_left', { days: view.workingDaysLeft })}`
            : ` — ${t('portal.track.days_late', { days: -view.workingDaysLeft })}`}
    </>
  );
}

/** A submitted request: status, deadline, public history, documents, results, withdraw, survey. */
export function TrackingPage(props: { ctx: PageContext; view: RequestView; unread: number; canWithdraw: boolean }) {
  const { ctx, view } = props;
  const { t } = ctx;
  const { row } = view;
  const title = t('portal.track.title', { number: row.tracking_number ?? '' });
  return (
    <Layout ctx={ctx} title={title} crumbs={crumbs(ctx, row.tracking_number ?? '')}>
      <CitizenNav ctx={ctx} unread={props.unread} />
      <h1>{title}</h1>
      <dl class="summary-list">
        <dt>{t('portal.track.service')}</dt>
        <dd>{row.service_name}</dd>
        <dt>{t('portal.service.agency')}</dt>
        <dd>{row.opd_name ?? '—'}</dd>
        <dt>{t('portal.track.status')}</dt>
        <dd>
          <strong>{t(statusKey(row.status))}</strong>
        </dd>
        <dt>{t('portal.track.submitted')}</dt>
        <dd>{ctx.fmt.dateTime(row.submitted_at)}</dd>
        <dt>{t('portal.track.deadline')}</dt>
        <dd>
          <Deadline ctx={ctx} view={view} />
        </dd>
        {row.decision_reason && (row.status === 'approved' || row.status === 'rejected') ? (
          <>
            <dt>{t('portal.track.decision_reason')}</dt>
            <dd>{row.decision_reason}</dd>
          </>
        ) : null}
      </dl>
      <p>
        <a href={receiptPath(row.id)}>{t('portal.receipt.link')}</a>
      </p>
      {view.surveyUrl ? (
        <p class="notice">
          {t('portal.track.survey_intro')} <a href={view.surveyUrl}>{t('portal.track.survey_link')}</a>
        </p>
      ) : null}
      <h2>{t('portal.track.history')}</h2>
      <ol class="plain-list">
        {view.events.map((e) => (
          <li key={e.id}>
            <time dateTime={new Date(e.at).toISOString()}>{ctx.fmt.dateTime(e.at)}</time>: {t(eventKey(e.kind))}
            {e.message && e.kind !== 'withdrawn' ? <blockquote>{e.message}</blockquote> : null}
          </li>
        ))}
      </ol>
      <h2>{t('portal.documents.results_title')}</h2>
      <DocumentList ctx={ctx} view={view} editable={false} kind="result" />
      <h2>{t('portal.documents.title')}</h2>
      <DocumentList ctx={ctx} view={view} editable={false} kind="requirement" />
      {props.canWithdraw ? (
        <section aria-labelledby="withdraw-title">
          <h2 id="withdraw-title">{t('portal.withdraw.title')}</h2>
          <form method="post" action={`${trackingPath(row.id)}/batalkan`}>
            <CsrfField ctx={ctx} />
            <TextArea ctx={ctx} name="reason" label={t('portal.withdraw.reason')} optional rows={3} />
            <button type="submit" class="button button-warning">
              {t('portal.withdraw.submit')}
            </button>
          </form>
        </section>
      ) : null}
    </Layout>
  );
}

/** The receipt (tanda terima): printable, no scripts needed; NIKs masked. */
export function ReceiptPage(props: { ctx: PageContext; view: RequestView }) {
  const { ctx, view } = props;
  const { t } = ctx;
  const { row } = view;
  const title = t('portal.receipt.title');
  const lines = answerLines(ctx, view.definition, row.answers);
  return (
    <Layout ctx={ctx} title={title} crumbs={crumbs(ctx, row.tracking_number ?? '')}>
      <h1>{title}</h1>
      <dl class="summary-list">
        <dt>{t('portal.receipt.number')}</dt>
        <dd>
          <strong>{row.tracking_number}</strong>
        </dd>
        <dt>{t('portal.track.service')}</dt>
        <dd>{row.service_name}</dd>
        <dt>{t('portal.service.agency')}</dt>
        <dd>{row.opd_name ?? '—'}</dd>
        <dt>{t('portal.track.submitted')}</dt>
        <dd>{ctx.fmt.dateTime(row.submitted_at)}</dd>
        <dt>{t('portal.track.deadline')}</dt>
        <dd>{row.due_day ? `${ctx.fmt.date(row.due_day)} (${t('portal.service.time_days', { days: row.sla_working_days ?? 0 })})` : t('portal.track.no_deadline')}</dd>
      </dl>
      <h2>{t('portal.receipt.answers')}</h2>
      <dl class="summary-list">
        {lines.map((l, i) => (
          <>
            <dt key={`t${i}`}>{l.label}</dt>
            <dd key={`d${i}`}>
              {l.rows ? (
                <ol>
                  {l.rows.map((r, j) => (
                    <li key={j}>{r.map((c) => `${c.label}: ${c.value}`).join('; ')}</li>
                  ))}
                </ol>
              ) : (
                l.value
              )}
            </dd>
          </>
        ))}
      </dl>
      <h2>{t('portal.documents.title')}</h2>
      <ul>
        {view.documents
          .filter((d) => d.kind === 'requirement')
          .map((d) => (
            <li key={d.id}>
              {d.name} ({formatBytes(Number(d.size))})
            </li>
          ))}
      </ul>
      <p class="hint">{t('portal.receipt.keep')}</p>
      <p class="no-print">
        <a href={trackingPath(row.id)}>{t('portal.receipt.back')}</a>
      </p>
    </Layout>
  );
}

export interface MyRequestItem {
  id: string;
  tracking_number: string | null;
  service_name: string;
  opd_name: string | null;
  status: RequestStatus;
  due_day: string | null;
  created_at: Date;
}

export function MyRequestsPage(props: { ctx: PageContext; items: MyRequestItem[]; unread: number }) {
  const { ctx } = props;
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('portal.my_requests.title')} crumbs={crumbs(ctx)}>
      <CitizenNav ctx={ctx} unread={props.unread} current="requests" />
      <h1>{t('portal.my_requests.title')}</h1>
      <form method="get" action={`${MY_REQUESTS_PATH}/nomor`} class="inline-form">
        <label for="f-number">{t('portal.my_requests.find_label')}</label> <input id="f-number" name="nomor" inputMode="numeric" pattern="[0-9]{4}-[0-9]{6,}" />{' '}
        <button type="submit" class="button button-secondary">
          {t('portal.my_requests.find')}
        </button>
      </form>
      {props.items.length === 0 ? (
        <p>
          {t('portal.my_requests.none')} <a href="/layanan">{t('portal.my_requests.browse')}</a>
        </p>
      ) : (
        <table>
          <caption class="visually-hidden">{t('portal.my_requests.title')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('portal.receipt.number')}</th>
              <th scope="col">{t('portal.track.service')}</th>
              <th scope="col">{t('portal.track.status')}</th>
              <th scope="col">{t('portal.track.deadline')}</th>
            </tr>
          </thead>
          <tbody>
            {props.items.map((r) => (
              <tr key={r.id}>
                <td>
                  <a href={trackingPath(r.id)}>{r.tracking_number ?? t('portal.my_requests.draft')}</a>
                </td>
                <td>
                  {r.service_name}
                  <br />
                  <span class="hint">{r.opd_name ?? ''}</span>
                </td>
                <td>{t(statusKey(r.status))}</td>
                <td>{r.status === 'needs_fix' ? t('portal.track.paused_short') : r.due_day ? ctx.fmt.date(r.due_day) : '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Layout>
  );
}

export interface InboxItem {
  id: string;
  request_id: string | null;
  message_key: string;
  params: Record<string, string | number>;
  created_at: Date;
  read_at: Date | null;
}

export function InboxPage(props: { ctx: PageContext; items: InboxItem[]; unread: number }) {
  const { ctx } = props;
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('portal.inbox.title')} crumbs={[{ href: '/layanan', label: t('portal.home.title') }, { label: t('portal.inbox.title') }]}>
      <CitizenNav ctx={ctx} unread={props.unread} current="inbox" />
      <h1>{t('portal.inbox.title')}</h1>
      <p>{t('portal.inbox.unread', { count: props.unread })}</p>
      {props.unread > 0 ? (
        <form method="post" action={`${INBOX_PATH}/baca-semua`} class="inline-form">
          <CsrfField ctx={ctx} />
          <button type="submit" class="button button-secondary">
            {t('portal.inbox.mark_all')}
          </button>
        </form>
      ) : null}
      {props.items.length === 0 ? (
        <p>{t('portal.inbox.none')}</p>
      ) : (
        <ul class="card-list">
          {props.items.map((m) => (
            <li key={m.id}>
              <p>
                {m.read_at ? null : <strong>{t('portal.inbox.new')} </strong>}
                <time dateTime={new Date(m.created_at).toISOString()}>{ctx.fmt.dateTime(m.created_at)}</time>
              </p>
              <p>{t(m.message_key as MessageKey, m.params)}</p>
              <p>
                {m.request_id ? <a href={trackingPath(m.request_id)}>{t('portal.inbox.open_request')}</a> : null}
                {m.read_at ? null : (
                  <form method="post" action={`${INBOX_PATH}/${m.id}/baca`} class="inline-form">
                    <CsrfField ctx={ctx} />
                    <button type="submit" class="link-button">
                      {t('portal.inbox.mark_read')}
                    </button>
                  </form>
                )}
              </p>
            </li>
          ))}
        </ul>
      )}
    </Layout>
  );
}
