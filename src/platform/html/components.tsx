import type { ComponentChildren } from 'preact';
import type { FieldError } from '../http/errors.ts';
import type { PageContext, FormState } from './context.ts';

/** GOV.UK-style error summary: first thing in the form, links to each field, focused on load. */
export function ErrorSummary(props: { ctx: PageContext; errors: FieldError[]; labels?: Record<string, string> }) {
  if (props.errors.length === 0) return null;
  const { t } = props.ctx;
  return (
    <div class="error-summary" role="alert" aria-labelledby="error-summary-title" tabIndex={-1} data-autofocus>
      <h2 id="error-summary-title">{t('error.summary_title')}</h2>
      <ul>
        {props.errors.map((e) => (
          <li key={e.field}>
            <a href={`#f-${e.field}`}>
              {props.labels?.[e.field] ? `${props.labels[e.field]}: ` : ''}
              {t(e.messageKey, e.params)}
            </a>
          </li>
        ))}
      </ul>
    </div>
  );
}

export function CsrfField(props: { ctx: PageContext }) {
  return <input type="hidden" name="_csrf" value={props.ctx.csrfToken} />;
}

function errorFor(form: FormState<any> | undefined, name: string): FieldError | undefined {
  return form?.errors.find((e) => e.field === name);
}

function valueOf(form: FormState<any> | undefined, name: string): string {
  const v = form?.values[name];
  return v === undefined || v === null ? '' : String(v);
}

interface FieldProps {
  ctx: PageContext;
  form?: FormState<any>;
  name: string;
  label: string;
  hint?: string;
  optional?: boolean;
}

function FieldShell(props: FieldProps & { children: ComponentChildren }) {
  const error = errorFor(props.form, props.name);
  return (
    <div class={error ? 'field field-error' : 'field'}>
      <label for={`f-${props.name}`}>
        {props.label}
        {props.optional ? <span class="optional"> {props.ctx.t('common.optional')}</span> : null}
      </label>
      {props.hint ? (
        <p class="hint" id={`f-${props.name}-hint`}>
          {props.hint}
        </p>
      ) : null}
      {error ? (
        <p class="error-message" id={`f-${props.name}-error`}>
          {props.ctx.t(error.messageKey, error.params)}
        </p>
      ) : null}
      {props.children}
    </div>
  );
}

function describedBy(props: FieldProps): string | undefined {
  const ids = [props.hint ? `f-${props.name}-hint` : '', errorFor(props.form, props.name) ? `f-${props.name}-error` : ''].filter(Boolean);
  return ids.length ? ids.join(' ') : undefined;
}

export function TextField(
  props: FieldProps & { type?: string; autocomplete?: string; required?: boolean; value?: string; inputmode?: string; maxLength?: number },
) {
  const invalid = errorFor(props.form, props.name) ? true : undefined;
  return (
    <FieldShell {...props}>
      <input
        id={`f-${props.name}`}
        name={props.name}
        type={props.type ?? 'text'}
        value={props.type === 'password' ? '' : (props.value ?? valueOf(props.form, props.name))}
        autocomplete={props.autocomplete}
        required={props.required}
        maxLength={props.maxLength}
        inputMode={props.inputmode as any}
        aria-invalid={invalid}
        aria-describedby={describedBy(props)}
      />
    </FieldShell>
  );
}

export function TextArea(props: FieldProps & { rows?: number; required?: boolean }) {
  return (
    <FieldShell {...props}>
      <textarea
        id={`f-${props.name}`}
        name={props.name}
        rows={props.rows ?? 4}
        required={props.required}
        aria-invalid={errorFor(props.form, props.name) ? true : undefined}
        aria-describedby={describedBy(props)}
      >
        {valueOf(props.form, props.name)}
      </textarea>
    </FieldShell>
  );
}

export function SelectField(
  props: FieldProps & { options: { value: string; label: string }[]; required?: boolean; emptyLabel?: string; value?: string },
) {
  const current = props.value ?? valueOf(props.form, props.name);
  return (
    <FieldShell {...props}>
      <select
        id={`f-${props.name}`}
        name={props.name}
        required={props.required}
        aria-invalid={errorFor(props.form, props.name) ? true : undefined}
        aria-describedby={describedBy(props)}
      >
        {props.emptyLabel !== undefined ? <option value="">{props.emptyLabel}</option> : null}
        {props.options.map((o) => (
          <option key={o.value} value={o.value} selected={o.value === current}>
            {o.label}
          </option>
        ))}
      </select>
    </FieldShell>
  );
}

export function Pagination(props: { ctx: PageContext; page: number; hasNext: boolean; baseUrl: string }) {
  const { t } = props.ctx;
  const link = (page: number) => {
    const url = new URL(props.baseUrl, 'http://x');
    url.searchParams.set('page', String(page));
    return `${url.pathname}${url.search}`;
  };
  if (props.page <= 1 && !props.hasNext) return null;
  return (
    <nav class="pagination" aria-label={t('common.page_of', { page: props.page })}>
      {props.page > 1 ? <a href={link(props.page - 1)} rel="prev">{t('common.previous_page')}</a> : null}
      <span>{t('common.page_of', { page: props.page })}</span>
      {props.hasNext ? <a href={link(props.page + 1)} rel="next">{t('common.next_page')}</a> : null}
    </nav>
  );
}
