import type { FormState, PageContext } from '../../../../platform/html/context.ts';
import { Layout } from '../../../../platform/html/layout.tsx';
import { CsrfField } from '../../../../platform/html/components.tsx';
import type { MessageKey } from '../../../../platform/i18n/index.ts';
import { FIELD_TYPES, textIn, type FormDefinition } from '../../requests/form-definition.ts';
import type { FormEditor } from '../use-cases/manage-form.ts';
import { FormPreview } from './form-preview.tsx';

export const formEditorPath = (serviceId: string): string => `/portal/layanan/${serviceId}/formulir`;

/** An empty form to start from: one text field and one document. */
export const STARTER_DEFINITION: FormDefinition = {
  fields: [{ name: 'keperluan', type: 'text', label: { id: 'Keperluan', en: 'Purpose' }, required: true, maxLength: 200 }],
  documents: [{ code: 'ktp', label: { id: 'KTP pemohon', en: "Applicant's identity card" }, required: true, types: ['pdf', 'jpeg', 'png'] }],
};

/**
 * The staff form editor: the definition as JSON (with a short field reference), problems listed
 * with their JSON paths, a preview as citizens will see it, and the version history.
 */
export function FormEditorPage(props: { ctx: PageContext; editor: FormEditor; form: FormState; preview: FormDefinition | null }) {
  const { ctx, editor, form } = props;
  const { t } = ctx;
  const s = editor.service;
  const errors = form.errors;
  return (
    <Layout ctx={ctx} title={t('portal.form_editor.title', { name: s.name })} crumbs={[{ href: '/portal/layanan', label: t('nav.portal_manage') }, { href: `/portal/layanan/${s.id}`, label: s.name }, { label: t('portal.form_editor.crumb') }]}>
      <h1>{t('portal.form_editor.title', { name: s.name })}</h1>
      <p>
        {t('portal.form_editor.intro')} <a href={`/katalog/services/${s.id}`}>{t('portal.form_editor.standard_link')}</a>
      </p>
      <dl class="summary-list">
        <dt>{t('portal.form_editor.published')}</dt>
        <dd>{editor.published ? t('portal.form_editor.version_of', { version: editor.published.version, date: ctx.fmt.dateTime(editor.published.published_at) }) : t('portal.form_editor.none_published')}</dd>
      </dl>
      {errors.length ? (
        <div class="error-summary" role="alert" aria-labelledby="error-summary-title" tabIndex={-1} data-autofocus>
          <h2 id="error-summary-title">{t('error.summary_title')}</h2>
          <ul>
            {errors.map((e, i) => (
              <li key={i}>
                <a href="#f-definition">
                  {e.field !== 'definition' ? <code>{e.field.replace(/^definition\./, '')}</code> : null}
                  {e.field !== 'definition' ? ': ' : ''}
                  {t(e.messageKey, e.params)}
                </a>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {editor.canManage ? (
        <form method="post" action={formEditorPath(s.id)} novalidate>
          <CsrfField ctx={ctx} />
          <div class={errors.length ? 'field field-error' : 'field'}>
            <label for="f-definition">{t('portal.form_editor.definition')}</label>
            <p class="hint" id="f-definition-hint">
              {t('portal.form_editor.definition_hint')}
            </p>
            <textarea id="f-definition" name="definition" rows={24} spellcheck={false} aria-describedby="f-definition-hint" aria-invalid={errors.length ? true : undefined} class="code">
              {String(form.values.definition ?? '')}
            </textarea>
          </div>
          <button type="submit" name="action" value="preview" class="button button-secondary">
            {t('portal.form_editor.preview_submit')}
          </button>{' '}
          <button type="submit" name="action" value="save" class="button button-secondary">
            {t('portal.form_editor.save_submit')}
          </button>{' '}
          <button type="submit" name="action" value="publish" class="button">
            {t('portal.form_editor.publish_submit')}
          </button>
        </form>
      ) : (
        <pre class="code">{String(form.values.definition ?? '')}</pre>
      )}

      <details>
        <summary>{t('portal.form_editor.reference_title')}</summary>
        <ul>
          <li>{t('portal.form_editor.ref_top')}</li>
          <li>{t('portal.form_editor.ref_field', { types: FIELD_TYPES.join(', ') })}</li>
          <li>{t('portal.form_editor.ref_rules')}</li>
          <li>{t('portal.form_editor.ref_prefill')}</li>
          <li>{t('portal.form_editor.ref_documents')}</li>
        </ul>
      </details>

      {props.preview ? (
        <section aria-labelledby="preview-title">
          <h2 id="preview-title">{t('portal.form_editor.preview_title')}</h2>
          <FormPreview ctx={ctx} definition={props.preview} />
        </section>
      ) : null}

      <h2>{t('portal.form_editor.versions')}</h2>
      {editor.versions.length === 0 ? (
        <p>{t('portal.form_editor.no_versions')}</p>
      ) : (
        <table>
          <caption class="visually-hidden">{t('portal.form_editor.versions')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('portal.form_editor.version')}</th>
              <th scope="col">{t('common.status')}</th>
              <th scope="col">{t('portal.form_editor.created')}</th>
              <th scope="col">{t('portal.form_editor.fields_count')}</th>
            </tr>
          </thead>
          <tbody>
            {editor.versions.map((v) => (
              <tr key={v.id}>
                <td>{v.version}</td>
                <td>{t(`portal.form_editor.status.${v.status}` as MessageKey)}</td>
                <td>{ctx.fmt.dateTime(v.created_at)}</td>
                <td>{(v.definition as FormDefinition | null)?.fields?.map((f) => textIn(f.label, ctx.locale)).join(', ') ?? '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Layout>
  );
}
