import type { PageContext } from '../../../../platform/html/context.ts';
import { textIn, type FormDefinition, type FormField } from '../../requests/form-definition.ts';

/**
 * How citizens will see a form definition: labels, help, required marks, options, repeatable
 * groups, prefilled fields and documents. Inputs are disabled (a preview submits nothing).
 */
export function FormPreview(props: { ctx: PageContext; definition: FormDefinition }) {
  const { ctx } = props;
  const { t } = ctx;
  return (
    <div class="form-preview">
      <PreviewFields ctx={ctx} fields={props.definition.fields} prefix="preview" />
      {props.definition.documents.length ? (
        <>
          <h3>{t('portal.form_editor.preview_documents')}</h3>
          <ul>
            {props.definition.documents.map((d) => (
              <li key={d.code}>
                {textIn(d.label, ctx.locale)} {d.required ? '' : <span class="optional">{t('common.optional')}</span>} <span class="hint">({(d.types ?? ['pdf', 'jpeg', 'png']).join(', ')})</span>
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </div>
  );
}

function PreviewFields(props: { ctx: PageContext; fields: FormField[]; prefix: string }) {
  const { ctx } = props;
  return (
    <>
      {props.fields.map((f) => {
        const id = `${props.prefix}-${f.name}`;
        const label = textIn(f.label, ctx.locale);
        const help = f.help ? <p class="hint">{textIn(f.help, ctx.locale)}</p> : null;
        const note = (
          <>
            {f.required ? null : <span class="optional"> {ctx.t('common.optional')}</span>}
            {f.prefill ? <span class="hint"> ({ctx.t('portal.form_editor.preview_prefill', { element: f.prefill.element })})</span> : null}
            {f.showIf ? <span class="hint"> ({ctx.t('portal.form_editor.preview_show_if', { field: f.showIf.field })})</span> : null}
          </>
        );
        if (f.type === 'group') {
          return (
            <fieldset class="field" key={f.name}>
              <legend>
                {label}
                {note}
              </legend>
              {help}
              <PreviewFields ctx={ctx} fields={f.fields ?? []} prefix={id} />
            </fieldset>
          );
        }
        if (f.type === 'radio' || f.type === 'checkbox') {
          return (
            <fieldset class="field" key={f.name}>
              <legend>
                {label}
                {note}
              </legend>
              {help}
              {(f.type === 'checkbox' ? [{ value: 'true', label: f.label }] : (f.options ?? [])).map((o) => (
                <div class="field checkbox" key={o.value}>
                  <input type={f.type} id={`${id}-${o.value}`} disabled />
                  <label for={`${id}-${o.value}`}>{textIn(o.label, ctx.locale)}</label>
                </div>
              ))}
            </fieldset>
          );
        }
        return (
          <div class="field" key={f.name}>
            <label for={id}>
              {label}
              {note}
            </label>
            {help}
            {f.type === 'textarea' ? (
              <textarea id={id} rows={3} disabled />
            ) : f.type === 'select' ? (
              <select id={id} disabled>
                {(f.options ?? []).map((o) => (
                  <option key={o.value}>{textIn(o.label, ctx.locale)}</option>
                ))}
              </select>
            ) : (
              <input id={id} type={f.type === 'number' ? 'number' : f.type === 'date' ? 'date' : f.type === 'email' ? 'email' : 'text'} disabled />
            )}
          </div>
        );
      })}
    </>
  );
}
