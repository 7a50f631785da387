import type { FormState, PageContext } from '../../../../platform/html/context.ts';
import { Layout } from '../../../../platform/html/layout.tsx';
import { CsrfField, ErrorSummary } from '../../../../platform/html/components.tsx';
import type { MessageKey } from '../../../../platform/i18n/index.ts';
import type { AppColumn } from '../columns.ts';
import type { presentImport } from '../schemas.ts';

/** The problems table shows this many rows; the API has them all. */
export const PROBLEMS_SHOWN = 1000;

/** Download links: plain links (not boosted by htmx), because they answer with a file. */
export function ExportLinks(props: { ctx: PageContext; canImport: boolean }) {
  const { t } = props.ctx;
  return (
    <ul class="plain-list">
      {props.canImport ? (
        <li>
          <a href="/katalog/import">{t('katalog.transfer.import_link')}</a>
        </li>
      ) : null}
      <li>
        <a href="/api/v1/katalog/apps.csv" hx-boost="false" download>
          {t('katalog.transfer.export_csv')}
        </a>
      </li>
      <li>
        <a href="/api/v1/katalog/apps.xlsx" hx-boost="false" download>
          {t('katalog.transfer.export_xlsx')}
        </a>
      </li>
      <li>
        <a href="/api/v1/katalog/export.json" hx-boost="false" download>
          {t('katalog.transfer.export_json')}
        </a>
      </li>
    </ul>
  );
}

export function ImportFormPage(props: { ctx: PageContext; form: FormState; columns: [AppColumn, string][] }) {
  const { ctx, form } = props;
  const { t } = ctx;
  const error = form.errors.find((e) => e.field === 'file');
  const checked = (name: string) => ['on', 'true', '1'].includes(String(form.values[name] ?? ''));
  return (
    <Layout ctx={ctx} title={t('katalog.transfer.import_title')} crumbs={[{ href: '/katalog/apps', label: t('katalog.title') }, { label: t('katalog.transfer.import_title') }]}>
      <h1>{t('katalog.transfer.import_title')}</h1>
      <p>{t('katalog.transfer.import_intro')}</p>
      <h2>{t('katalog.transfer.template')}</h2>
      <ul class="plain-list">
        <li>
          <a href="/api/v1/katalog/import-template.csv" hx-boost="false" download>
            {t('katalog.transfer.template_csv')}
          </a>
        </li>
        <li>
          <a href="/api/v1/katalog/import-template.xlsx" hx-boost="false" download>
            {t('katalog.transfer.template_xlsx')}
          </a>
        </li>
      </ul>
      {/* A plain multipart post: htmx stays out of file uploads. */}
      <form method="post" action="/katalog/import" enctype="multipart/form-data" novalidate hx-boost="false">
        <ErrorSummary ctx={ctx} errors={form.errors} />
        <CsrfField ctx={ctx} />
        <div class={error ? 'field field-error' : 'field'}>
          <label for="f-file">{t('katalog.transfer.file')}</label>
          <p class="hint" id="f-file-hint">
            {t('katalog.transfer.file_hint')}
          </p>
          {error ? (
            <p class="error-message" id="f-file-error">
              {t(error.messageKey, error.params)}
            </p>
          ) : null}
          <input
            id="f-file"
            name="file"
            type="file"
            required
            accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? 'f-file-hint f-file-error' : 'f-file-hint'}
          />
        </div>
        <fieldset>
          <legend>{t('katalog.transfer.options')}</legend>
          <div class="field checkbox">
            <input type="checkbox" id="f-dryRun" name="dryRun" value="on" checked={checked('dryRun')} />
            <label for="f-dryRun">{t('katalog.transfer.dry_run')}</label>
          </div>
          <div class="field checkbox">
            <input type="checkbox" id="f-partial" name="partial" value="on" checked={checked('partial')} />
            <label for="f-partial">{t('katalog.transfer.partial')}</label>
          </div>
        </fieldset>
        <button type="submit" class="button">
          {t('katalog.transfer.submit')}
        </button>
      </form>
      <h2>{t('katalog.transfer.columns_title')}</h2>
      <table>
        <caption class="visually-hidden">{t('katalog.transfer.columns_title')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('katalog.transfer.column')}</th>
            <th scope="col">{t('katalog.transfer.meaning')}</th>
          </tr>
        </thead>
        <tbody>
          {props.columns.map(([column, help]) => (
            <tr key={column}>
              <th scope="row">
                <code>{column}</code>
              </th>
              <td>{help}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </Layout>
  );
}

type ImportPresented = ReturnType<typeof presentImport>;

export function ImportResultPage(props: { ctx: PageContext; result: ImportPresented; autoRefresh: boolean; canImport: boolean }) {
  const { ctx, result: r } = props;
  const { t, fmt } = ctx;
  const running = r.status !== 'done' && r.status !== 'failed';
  const title = t('katalog.transfer.result_title', { filename: r.filename });
  const outcomeKey: MessageKey | null =
    r.outcome === 'validated'
      ? r.problems.length === 0
        ? 'katalog.transfer.outcome.validated_clean'
        : 'katalog.transfer.outcome.validated'
      : r.outcome
        ? (`katalog.transfer.outcome.${r.outcome}` as MessageKey)
        : null;
  const shown = r.problems.slice(0, PROBLEMS_SHOWN);
  return (
    <Layout ctx={ctx} title={title} crumbs={[{ href: '/katalog/apps', label: t('katalog.title') }, { href: '/katalog/import', label: t('katalog.transfer.import_title') }, { label: r.filename }]}>
      {/* While the import runs the page reloads itself (no JavaScript needed); the link below stops it. */}
      {running && props.autoRefresh ? <meta http-equiv="refresh" content="2" /> : null}
      <h1>{title}</h1>
      {r.dryRun ? (
        <p>
          <strong class="badge">{t('katalog.transfer.dry_run_badge')}</strong>
        </p>
      ) : r.partial ? (
        <p>
          <span class="badge">{t('katalog.transfer.partial_badge')}</span>
        </p>
      ) : null}
      <div role="status" aria-live="polite">
        <p>
          {t('katalog.transfer.status')}: <strong>{t(`katalog.transfer.status.${r.status}` as MessageKey)}</strong>
        </p>
        <p>
          <label for="import-progress">{t('katalog.transfer.progress_label')}</label>{' '}
          <progress id="import-progress" max={100} value={r.percent}>
            {r.percent} %
          </progress>{' '}
          {t('katalog.transfer.progress', { processed: fmt.number(r.processed), total: fmt.number(r.total), percent: r.percent })}
        </p>
        {outcomeKey ? <p class="notice">{t(outcomeKey)}</p> : null}
        {r.error ? (
          <p class="notice" role="alert">
            {r.error}
          </p>
        ) : null}
      </div>
      {running ? (
        <p>
          {props.autoRefresh ? (
            <>
              {t('katalog.transfer.auto_refresh')} <a href={`/katalog/import/${r.id}?refresh=0`}>{t('katalog.transfer.stop_refresh')}</a>
            </>
          ) : (
            <a href={`/katalog/import/${r.id}`}>{t('katalog.transfer.refresh_now')}</a>
          )}
        </p>
      ) : (
        <>
          <h2>{t('katalog.transfer.counts')}</h2>
          <dl class="summary-list">
            <dt>{t('katalog.transfer.count.total')}</dt>
            <dd>{fmt.number(r.total)}</dd>
            <dt>
              {t('katalog.transfer.count.created')}
              {r.dryRun ? ` ${t('katalog.transfer.count.would_be')}` : ''}
            </dt>
            <dd>{fmt.number(r.counts.created)}</dd>
            <dt>
              {t('katalog.transfer.count.updated')}
              {r.dryRun ? ` ${t('katalog.transfer.count.would_be')}` : ''}
            </dt>
            <dd>{fmt.number(r.counts.updated)}</dd>
            <dt>{t('katalog.transfer.count.unchanged')}</dt>
            <dd>{fmt.number(r.counts.unchanged)}</dd>
            <dt>{t('katalog.transfer.count.error_rows')}</dt>
            <dd>{fmt.number(r.counts.errorRows)}</dd>
          </dl>
          <h2>{t('katalog.transfer.problems')}</h2>
          {r.problems.length === 0 ? (
            <p>{t('katalog.transfer.no_problems')}</p>
          ) : (
            <>
              {r.problems.length > shown.length ? <p>{t('katalog.transfer.problems_truncated', { shown: fmt.number(shown.length), total: fmt.number(r.problems.length), url: r.links.self })}</p> : null}
              <table class="problems">
                <caption class="visually-hidden">{t('katalog.transfer.problems')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('katalog.transfer.row')}</th>
                    <th scope="col">{t('katalog.transfer.column')}</th>
                    <th scope="col">{t('katalog.transfer.message')}</th>
                  </tr>
                </thead>
                <tbody>
                  {shown.map((p, i) => (
                    <tr key={i}>
                      <td>{p.row}</td>
                      <td>{p.column ? <code>{p.column}</code> : '—'}</td>
                      <td>{p.message}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </>
          )}
          <p>
            {props.canImport ? (
              <>
                <a href="/katalog/import">{t('katalog.transfer.import_another')}</a>
                {' · '}
              </>
            ) : null}
            <a href="/katalog/apps">{t('katalog.transfer.back_to_apps')}</a>
          </p>
        </>
      )}
    </Layout>
  );
}
