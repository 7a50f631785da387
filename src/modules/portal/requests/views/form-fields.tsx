import type { FieldError } from '../../../../platform/http/errors.ts';
import type { PageContext } from '../../../../platform/html/context.ts';
import { maskNik } from '../../citizens/nik.ts';
import { textIn, type FormDefinition, type FormField } from '../form-definition.ts';
import '../messages.ts';

/** Where a prefilled value came from (the agency that is its source). */
export type PrefilledSources = Record<string, { agency: string | null; element?: string }>;

export interface FormFieldsProps {
  ctx: PageContext;
  definition: FormDefinition;
  /** Stored answers (repeatable groups as arrays of objects). */
  values: Record<string, unknown>;
  errors?: FieldError[];
  /** Fields filled from an authoritative source: shown read-only with their source. */
  prefilled?: PrefilledSources;
  /** Extra empty rows per group ("add another"). */
  extraItems?: Record<string, number>;
  /** Input names are `<prefix><path>`, e.g. `a.anak[1].nama`; default `a.`. */
  namePrefix?: string;
  /** A staff preview: inputs disabled, no "add another" button. */
  preview?: boolean;
}

const str = (v: unknown): string => (v === undefined || v === null ? '' : String(v));

function conditionHint(ctx: PageContext, field: FormField, siblings: FormField[], top: FormField[]): string | null {
  if (!field.showIf) return null;
  const target = siblings.find((f) => f.name === field.showIf!.field) ?? top.find((f) => f.name === field.showIf!.field);
  if (!target) return null;
  const label = textIn(target.label, ctx.locale);
  if (typeof field.showIf.equals === 'boolean') return ctx.t(field.showIf.equals ? 'portal.fields.if_checked' : 'portal.fields.if_unchecked', { field: label });
  const option = target.options?.find((o) => o.value === field.showIf!.equals);
  return ctx.t('portal.fields.if_equals', { field: label, value: option ? textIn(option.label, ctx.locale) : String(field.showIf.equals) });
}

function Field(props: { p: FormFieldsProps; field: FormField; path: string; value: unknown; siblings: FormField[] }) {
  const { p, field, path, value } = props;
  const { ctx } = p;
  const { t } = ctx;
  const id = `f-${path}`;
  const name = `${p.namePrefix ?? 'a.'}${path}`;
  const label = textIn(field.label, ctx.locale);
  const error = p.errors?.find((e) => e.field === path);
  const source = p.prefilled?.[path];
  const condition = conditionHint(ctx, field, props.siblings, p.definition.fields);
  const hints = [field.help ? textIn(field.help, ctx.locale) : '', condition ?? ''].filter(Boolean);
  const storedNik = field.type === 'nik' && str(value) ? maskNik(str(value)) : null;
  if (storedNik) hints.push(t('portal.fields.nik_stored', { nik: storedNik }));
  const hintId = hints.length ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  const describedBy = [hintId, errorId].filter(Boolean).join(' ') || undefined;
  const optional = !field.required && field.type !== 'checkbox' ? <span class="optional"> {t('common.optional')}</span> : null;
  const hintBlock = hints.length ? (
    <p class="hint" id={hintId}>
      {hints.join(' ')}
    </p>
  ) : null;
  const errorBlock = error ? (
    <p class="error-message" id={errorId}>
      {t(error.messageKey, error.params)}
    </p>
  ) : null;

  if (source) {
    const shown = field.type === 'nik' ? maskNik(str(value)) : field.type === 'select' || field.type === 'radio' ? (field.options?.find((o) => o.value === value)?.label ? textIn(field.options.find((o) => o.value === value)!.label, ctx.locale) : str(value)) : str(value);
    return (
      <div class="field prefilled" id={id}>
        <p class="label">{label}</p>
        <p class="prefilled-value">
          <strong>{shown}</strong>
        </p>
        <p class="hint">{t('portal.fields.from_source', { agency: source.agency ?? t('portal.fields.source_unknown') })}</p>
      </div>
    );
  }

  if (field.type === 'radio' || field.type === 'checkbox') {
    if (field.type === 'checkbox') {
      return (
        <div class={error ? 'field field-error' : 'field'}>
          {errorBlock}
          <div class="checkbox">
            <input type="checkbox" id={id} name={name} value="true" checked={value === true} disabled={p.preview} aria-invalid={error ? true : undefined} aria-describedby={describedBy} />
            <label for={id}>{label}</label>
          </div>
          {hintBlock}
        </div>
      );
    }
    return (
      <fieldset class={error ? 'field field-error' : 'field'} aria-describedby={describedBy}>
        <legend>
          {label}
          {optional}
        </legend>
        {hintBlock}
        {errorBlock}
        {(field.options ?? []).map((o, i) => {
          const oid = i === 0 ? id : `${id}-${o.value}`;
          return (
            <div class="checkbox" key={o.value}>
              <input type="radio" id={oid} name={name} value={o.value} checked={value === o.value} disabled={p.preview} aria-invalid={error ? true : undefined} />
              <label for={oid}>{textIn(o.label, ctx.locale)}</label>
            </div>
          );
        })}
      </fieldset>
    );
  }

  let control;
  const common = { id, name, disabled: p.preview, 'aria-invalid': error ? true : undefined, 'aria-describedby': describedBy } as const;
  if (field.type === 'textarea') {
    control = (
      <textarea {...common} rows={5} maxLength={field.maxLength}>
        {str(value)}
      </textarea>
    );
  } else if (field.type === 'select') {
    control = (
      <select {...common}>
        <option value="">{t('portal.fields.choose')}</option>
        {(field.options ?? []).map((o) => (
          <option key={o.value} value={o.value} selected={value === o.value}>
            {textIn(o.label, ctx.locale)}
          </option>
        ))}
      </select>
    );
  } else {
    const type = field.type === 'date' ? 'date' : field.type === 'email' ? 'email' : field.type === 'phone' ? 'tel' : 'text';
    const inputMode = field.type === 'number' ? 'decimal' : field.type === 'nik' ? 'numeric' : undefined;
    const autocomplete = field.type === 'email' ? 'email' : field.type === 'phone' ? 'tel' : field.type === 'nik' ? 'off' : undefined;
    control = (
      <input
        {...common}
        type={type}
        value={field.type === 'nik' ? '' : str(value)}
        inputMode={inputMode}
        autocomplete={autocomplete}
        maxLength={field.type === 'nik' ? 20 : field.maxLength}
        pattern={field.type === 'nik' ? '[0-9 .]*' : undefined}
      />
    );
  }
  return (
    <div class={error ? 'field field-error' : 'field'}>
      <label for={id}>
        {label}
        {optional}
      </label>
      {hintBlock}
      {errorBlock}
      {control}
    </div>
  );
}

function Group(props: { p: FormFieldsProps; field: FormField; value: unknown }) {
  const { p, field } = props;
  const { ctx } = p;
  const { t } = ctx;
  const items = Array.isArray(props.value) ? (props.value as Record<string, unknown>[]) : [];
  const max = field.maxItems ?? 50;
  const count = Math.min(max, Math.max(items.length + (p.preview ? 0 : 1) + (p.extraItems?.[field.name] ?? 0), field.minItems ?? 1, 1));
  const error = p.errors?.find((e) => e.field === field.name);
  const condition = conditionHint(ctx, field, p.definition.fields, p.definition.fields);
  const hints = [field.help ? textIn(field.help, ctx.locale) : '', condition ?? '', t('portal.fields.group_hint')].filter(Boolean);
  const label = textIn(field.label, ctx.locale);
  return (
    <fieldset class={error ? 'field group field-error' : 'field group'} id={`f-${field.name}`} aria-describedby={`f-${field.name}-hint${error ? ` f-${field.name}-error` : ''}`}>
      <legend>{label}</legend>
      <p class="hint" id={`f-${field.name}-hint`}>
        {hints.join(' ')}
      </p>
      {error ? (
        <p class="error-message" id={`f-${field.name}-error`}>
          {t(error.messageKey, error.params)}
        </p>
      ) : null}
      {Array.from({ length: count }, (_, i) => (
        <fieldset class="group-item" key={i}>
          <legend>{t('portal.fields.item', { label, n: i + 1 })}</legend>
          {(field.fields ?? []).map((sub) => (
            <Field key={sub.name} p={p} field={sub} path={`${field.name}[${i}].${sub.name}`} value={items[i]?.[sub.name]} siblings={field.fields ?? []} />
          ))}
        </fieldset>
      ))}
      {!p.preview && count < max ? (
        <button type="submit" class="button button-secondary" name="action" value={`add:${field.name}`}>
          {t('portal.fields.add_item', { label })}
        </button>
      ) : null}
    </fieldset>
  );
}

/**
 * A form definition rendered as accessible inputs, without JavaScript: conditions are explained in
 * the hints (the server ignores fields whose condition is not met), repeatable groups show their
 * rows plus an empty one and an "add another" button that saves and shows one more, prefilled
 * fields are read-only with their source, and a stored NIK is only shown masked.
 */
export function FormFields(props: FormFieldsProps) {
  return (
    <>
      {props.definition.fields.map((field) =>
        field.type === 'group' ? (
          <Group key={field.name} p={props} field={field} value={props.values[field.name]} />
        ) : (
          <Field key={field.name} p={props} field={field} path={field.name} value={props.values[field.name]} siblings={props.definition.fields} />
        ),
      )}
    </>
  );
}

/** The answers of an HTML form (`a.nama`, `a.anak[1].nama`) as an answers object. */
export function answersFromForm(body: Record<string, unknown>, prefix = 'a.'): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, raw] of Object.entries(body)) {
    if (!key.startsWith(prefix)) continue;
    const value = Array.isArray(raw) ? raw[raw.length - 1] : raw;
    const m = /^([a-z][a-z0-9_]{0,39})(?:\[(\d{1,2})\]\.([a-z][a-z0-9_]{0,39}))?$/.exec(key.slice(prefix.length));
    if (!m) continue;
    if (m[2] === undefined) out[m[1]!] = value;
    else {
      const group = (out[m[1]!] && typeof out[m[1]!] === 'object' ? out[m[1]!] : (out[m[1]!] = {})) as Record<string, Record<string, unknown>>;
      (group[m[2]] ??= {})[m[3]!] = value;
    }
  }
  return out;
}

/** Answers for showing (receipt, case summary): labels and values, NIK masked, choices by label. */
export function answerLines(ctx: PageContext, def: FormDefinition, answers: Record<string, unknown>): { label: string; value: string; rows?: { label: string; value: string }[][] }[] {
  const show = (f: FormField, v: unknown): string => {
    if (v === undefined || v === null || v === '') return '—';
    if (f.type === 'nik') return maskNik(String(v));
    if (f.type === 'checkbox') return ctx.t(v === true ? 'portal.fields.yes' : 'portal.fields.no');
    if (f.options) {
      const o = f.options.find((x) => x.value === v);
      return o ? textIn(o.label, ctx.locale) : String(v);
    }
    return String(v);
  };
  return def.fields
    .filter((f) => f.name in answers)
    .map((f) =>
      f.type === 'group'
        ? { label: textIn(f.label, ctx.locale), value: '', rows: (Array.isArray(answers[f.name]) ? (answers[f.name] as Record<string, unknown>[]) : []).map((item) => (f.fields ?? []).filter((s) => s.name in item).map((s) => ({ label: textIn(s.label, ctx.locale), value: show(s, item[s.name]) }))) }
        : { label: textIn(f.label, ctx.locale), value: show(f, answers[f.name]) },
    );
}
