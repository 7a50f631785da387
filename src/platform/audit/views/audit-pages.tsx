import type { FormState, PageContext } from '../../html/context.ts';
import { Layout } from '../../html/layout.tsx';
import { ErrorSummary, SelectField, TextField } from '../../html/components.tsx';
import { hasMessage } from '../../i18n/index.ts';
import { auditChanges, formatAuditValue, type AuditChange } from '../changes.ts';
import type { AuditEntry, AuditRole } from '../use-cases/search-audit-log.ts';

type Option = { value: string; label: string };

function roleLabel(ctx: PageContext, r: AuditRole): string {
  const key = `role.${r.role}`;
  const name = hasMessage(key) ? ctx.t(key) : r.role;
  return r.opdId ? `${name} — ${r.opdName ?? r.opdId}` : name;
}

function Time(props: { ctx: PageContext; at: Date }) {
  return <time dateTime={props.at.toISOString()}>{props.ctx.fmt.dateTime(props.at)}</time>;
}

function ChangeList(props: { ctx: PageContext; changes: AuditChange[] }) {
  const empty = props.ctx.t('audit.empty_value');
  return (
    <ul class="plain-list">
      {props.changes.map((c) => (
        <li key={c.key}>
          {c.key ? <code>{c.key}</code> : null}
          {c.key ? ': ' : null}
          <span>{formatAuditValue(c.old, empty)}</span> → <span>{formatAuditValue(c.new, empty)}</span>
        </li>
      ))}
    </ul>
  );
}

function Changes(props: { ctx: PageContext; entry: AuditEntry }) {
  const { ctx, entry } = props;
  const { t } = ctx;
  const changes = auditChanges(entry.before, entry.after);
  if (changes.length === 0 && !entry.requestId && !entry.ip) return <>{t('audit.no_changes')}</>;
  return (
    <details>
      <summary>{changes.length ? t('audit.changes_count', { count: changes.length }) : t('common.details')}</summary>
      {changes.length ? <ChangeList ctx={ctx} changes={changes} /> : <p>{t('audit.no_changes')}</p>}
      <dl class="summary-list">
        {entry.requestId ? (
          <>
            <dt>{t('audit.request_id')}</dt>
            <dd>
              <code>{entry.requestId}</code>
            </dd>
          </>
        ) : null}
        {entry.ip ? (
          <>
            <dt>IP</dt>
            <dd>
              <code>{entry.ip}</code>
            </dd>
          </>
        ) : null}
      </dl>
    </details>
  );
}

function AuditTable(props: { ctx: PageContext; entries: AuditEntry[] }) {
  const { ctx } = props;
  const { t } = ctx;
  return (
    <table class="audit-table">
      <caption>{t('audit.results_caption')}</caption>
      <thead>
        <tr>
          <th scope="col">{t('audit.time')}</th>
          <th scope="col">{t('audit.actor')}</th>
          <th scope="col">{t('audit.roles')}</th>
          <th scope="col">{t('audit.opd')}</th>
          <th scope="col">{t('audit.action')}</th>
          <th scope="col">{t('audit.target')}</th>
          <th scope="col">{t('audit.changes')}</th>
        </tr>
      </thead>
      <tbody>
        {props.entries.map((e) => (
          <tr key={e.id} id={`audit-${e.id}`}>
            <td>
              <Time ctx={ctx} at={e.at} />
            </td>
            <td>
              {e.actorName ? (
                <>
                  {e.actorName}
                  <br />
                </>
              ) : null}
              <span>{e.actorLabel}</span>
            </td>
            <td>{e.roles.length ? e.roles.map((r) => roleLabel(ctx, r)).join('; ') : t('audit.system')}</td>
            <td>{e.opdName ?? (e.opdId ? <code>{e.opdId}</code> : '—')}</td>
            <td>
              <code>{e.action}</code>
            </td>
            <td>
              <code>{e.targetType}</code>
              {e.targetId ? (
                <>
                  <br />
                  <code>{e.targetId}</code>
                </>
              ) : null}
            </td>
            <td>
              <Changes ctx={ctx} entry={e} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The audit log screen: a GET filter form, the results, an "older" link and the CSV download. */
export function AuditLogPage(props: {
  ctx: PageContext;
  form: FormState;
  entries: AuditEntry[];
  opdOptions: Option[];
  timeZone: string;
  olderHref: string | null;
  newestHref: string | null;
  csvHref: string;
  csvLimit: number;
}) {
  const { ctx, form } = props;
  const { t } = ctx;
  const labels = {
    actor: t('audit.actor'),
    action: t('audit.action'),
    targetType: t('audit.target_type'),
    targetId: t('audit.target_id'),
    opdId: t('audit.opd'),
    from: t('audit.from'),
    to: t('audit.to'),
    requestId: t('audit.request_id'),
    before: t('audit.older'),
  };
  const dateHint = t('audit.date_hint', { timeZone: props.timeZone });
  return (
    <Layout ctx={ctx} title={t('audit.title')} crumbs={[{ label: t('audit.title') }]}>
      <h1>{t('audit.title')}</h1>
      <p>{t('audit.intro')}</p>
      <h2 class="visually-hidden">{t('audit.filter_title')}</h2>
      <ErrorSummary ctx={ctx} errors={form.errors} labels={labels} />
      <form method="get" action="/admin/audit" class="filters" role="search" aria-label={t('audit.filter_title')} novalidate>
        <TextField ctx={ctx} form={form} name="actor" label={labels.actor} hint={t('audit.actor_hint')} type="search" maxLength={200} />
        <TextField ctx={ctx} form={form} name="action" label={labels.action} hint={t('audit.action_hint')} maxLength={100} />
        <TextField ctx={ctx} form={form} name="targetType" label={labels.targetType} maxLength={100} />
        <TextField ctx={ctx} form={form} name="targetId" label={labels.targetId} maxLength={200} />
        <SelectField ctx={ctx} form={form} name="opdId" label={labels.opdId} options={props.opdOptions} emptyLabel={t('common.all')} />
        <TextField ctx={ctx} form={form} name="from" type="date" label={labels.from} hint={dateHint} />
        <TextField ctx={ctx} form={form} name="to" type="date" label={labels.to} hint={dateHint} />
        <TextField ctx={ctx} form={form} name="requestId" label={labels.requestId} maxLength={100} />
        <button type="submit" class="button button-secondary">
          {t('audit.apply')}
        </button>
        <a href="/admin/audit">{t('audit.reset')}</a>
      </form>
      {form.errors.length === 0 ? (
        <p>
          <a href={props.csvHref} download hx-boost="false">
            {t('audit.download_csv')}
          </a>{' '}
          <span class="hint">{t('audit.csv_limit', { limit: ctx.fmt.number(props.csvLimit) })}</span>
        </p>
      ) : null}
      {props.entries.length === 0 ? <p>{t('audit.empty')}</p> : <AuditTable ctx={ctx} entries={props.entries} />}
      {props.olderHref || props.newestHref ? (
        <nav class="pagination" aria-label={t('audit.pagination')}>
          {props.newestHref ? <a href={props.newestHref}>{t('audit.newest')}</a> : null}
          {props.olderHref ? (
            <a href={props.olderHref} rel="next">
              {t('audit.older')}
            </a>
          ) : null}
        </nav>
      ) : null}
    </Layout>
  );
}

/**
 * A record's edit history for another module's detail page (from `listAuditForTarget`). The
 * caller supplies the heading, so the outline of its page stays right.
 */
export function AuditTrail(props: { ctx: PageContext; items: (AuditEntry & { changes?: AuditChange[] })[] }) {
  const { ctx } = props;
  const { t } = ctx;
  if (props.items.length === 0) return <p>{t('audit.history_empty')}</p>;
  return (
    <ol class="plain-list audit-trail">
      {props.items.map((item) => {
        const changes = item.changes ?? auditChanges(item.before, item.after);
        return (
          <li key={item.id}>
            <Time ctx={ctx} at={item.at} /> — <code>{item.action}</code> {t('audit.history_by', { actor: item.actorName ?? item.actorLabel })}
            {changes.length ? <ChangeList ctx={ctx} changes={changes} /> : null}
          </li>
        );
      })}
    </ol>
  );
}
