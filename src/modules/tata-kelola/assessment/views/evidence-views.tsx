import type { FormState, PageContext } from '../../../../platform/html/context.ts';
import { CsrfField, ErrorSummary, TextField } from '../../../../platform/html/components.tsx';
import { FileField } from '../../../../platform/files/index.ts';
import { EVIDENCE_FILE } from '../../files.ts';
import { hasMessage, type MessageKey, type MessageParams } from '../../../../platform/i18n/index.ts';
import type { StoredMeasurement } from '../../evidence/refresh.ts';
import { PostButton } from '../../views/common.tsx';
import type { EvidenceRow } from '../repo.ts';

/** The title of an evidence item: automatic items store their message key. */
export function evidenceTitle(ctx: PageContext, e: Pick<EvidenceRow, 'kind' | 'title'>): string {
  return e.kind === 'auto' && hasMessage(e.title) ? ctx.t(e.title) : e.title;
}

/** What an automatic item measured, as a sentence in the reader's language. */
export function measurementText(ctx: PageContext, m: StoredMeasurement | null): string {
  if (!m) return '';
  return hasMessage(m.summaryKey) ? ctx.t(m.summaryKey as MessageKey, m.params as MessageParams) : m.summaryKey;
}

export function EvidenceList(props: { ctx: PageContext; evidence: EvidenceRow[]; canRemove: boolean }) {
  const { ctx, evidence } = props;
  const { t, fmt } = ctx;
  if (evidence.length === 0) return <p>{t('tata_kelola.evidence.none')}</p>;
  return (
    <ul class="plain-list evidence-list">
      {evidence.map((e) => {
        const m = e.kind === 'auto' ? (e.measurement as StoredMeasurement | null) : null;
        return (
          <li key={e.id}>
            <strong>{evidenceTitle(ctx, e)}</strong> <span class="badge">{t(`tata_kelola.evidence.kind.${e.kind}` as MessageKey)}</span>
            {m ? (
              <>
                <p>{measurementText(ctx, m)}</p>
                <p class="hint">
                  {t('tata_kelola.evidence.measured', { at: fmt.dateTime(e.measured_at), sources: m.sources.join(', ') || '—' })}
                  {m.link ? (
                    <>
                      {' '}
                      <a href={m.link}>{t('tata_kelola.evidence.see_records')}</a>
                    </>
                  ) : null}
                </p>
              </>
            ) : (
              <p>
                {e.kind === 'link' && e.url ? (
                  <a href={e.url} rel="noopener noreferrer">
                    {e.url}
                  </a>
                ) : null}
                {e.kind === 'record' && e.record_path ? <a href={e.record_path}>{e.record_path}</a> : null}
                {e.kind === 'file' ? <a href={`/tata-kelola/evidence/${e.id}/file`}>{t('tata_kelola.evidence.download')}</a> : null}
                <span class="hint">
                  {' '}
                  — {e.opd_name ? `${e.opd_name}, ` : ''}
                  {e.created_by_label}, {fmt.dateTime(e.created_at)}
                </span>
              </p>
            )}
            {props.canRemove && e.kind !== 'auto' ? <PostButton ctx={ctx} action={`/tata-kelola/evidence/${e.id}/delete`} label={t('tata_kelola.evidence.remove')} hiddenLabel={e.title} /> : null}
          </li>
        );
      })}
    </ul>
  );
}

/** Three small forms: a link, a record inside Padu, a document (multipart, without htmx). */
export function EvidenceForms(props: { ctx: PageContext; form: FormState; action: string }) {
  const { ctx, form, action } = props;
  const { t } = ctx;
  const kind = String(form.values.kind ?? '');
  const formFor = (k: string) => (kind === k ? form : { values: {}, errors: [] });
  const id = (k: string, name: string) => `${k}-${name}`;
  return (
    <section aria-labelledby="add-evidence" class="evidence-forms">
      <h3 id="add-evidence">{t('tata_kelola.evidence.add')}</h3>
      <ErrorSummary ctx={ctx} errors={form.errors.map((e) => ({ ...e, field: e.field === 'file' ? 'file' : id(kind || 'link', e.field) }))} />
      <form method="post" action={action} novalidate>
        <CsrfField ctx={ctx} />
        <input type="hidden" name="kind" value="link" />
        <fieldset>
          <legend>{t('tata_kelola.evidence.add_link')}</legend>
          <TextField ctx={ctx} form={prefixed(formFor('link'), 'link')} name={id('link', 'title')} label={t('tata_kelola.evidence.field.title')} required maxLength={300} />
          <TextField ctx={ctx} form={prefixed(formFor('link'), 'link')} name={id('link', 'url')} type="url" label={t('tata_kelola.evidence.field.url')} required />
          <button type="submit" class="button button-secondary">
            {t('tata_kelola.evidence.add_link_button')}
          </button>
        </fieldset>
      </form>
      <form method="post" action={action} novalidate>
        <CsrfField ctx={ctx} />
        <input type="hidden" name="kind" value="record" />
        <fieldset>
          <legend>{t('tata_kelola.evidence.add_record')}</legend>
          <TextField ctx={ctx} form={prefixed(formFor('record'), 'record')} name={id('record', 'title')} label={t('tata_kelola.evidence.field.title')} required maxLength={300} />
          <TextField ctx={ctx} form={prefixed(formFor('record'), 'record')} name={id('record', 'recordPath')} label={t('tata_kelola.evidence.field.record_path')} hint={t('tata_kelola.evidence.field.record_path_hint')} required />
          <button type="submit" class="button button-secondary">
            {t('tata_kelola.evidence.add_record_button')}
          </button>
        </fieldset>
      </form>
      <form method="post" action={action} enctype="multipart/form-data" hx-boost="false" novalidate>
        <CsrfField ctx={ctx} />
        <input type="hidden" name="kind" value="file" />
        <fieldset>
          <legend>{t('tata_kelola.evidence.add_file')}</legend>
          <TextField ctx={ctx} form={prefixed(formFor('file'), 'file')} name={id('file', 'title')} label={t('tata_kelola.evidence.field.title')} required maxLength={300} />
          <FileField ctx={ctx} form={formFor('file')} name="file" label={t('tata_kelola.evidence.field.file')} policy={EVIDENCE_FILE} required />
          <button type="submit" class="button button-secondary">
            {t('tata_kelola.evidence.add_file_button')}
          </button>
        </fieldset>
      </form>
    </section>
  );
}

/** The three forms share field names; their inputs get a prefix so ids stay unique on the page. */
function prefixed(form: FormState, prefix: string): FormState {
  return {
    values: Object.fromEntries(Object.entries(form.values).map(([k, v]) => [`${prefix}-${k}`, v])),
    errors: form.errors.map((e) => ({ ...e, field: `${prefix}-${e.field}` })),
  };
}
