import type { ComponentChildren } from 'preact';
import type { FormState, PageContext } from '../../../platform/html/context.ts';

export type Option = { value: string; label: string };

function listOf(raw: unknown): Set<string> {
  return new Set((Array.isArray(raw) ? raw : raw === undefined || raw === null || raw === '' ? [] : [raw]).map(String));
}

function GroupShell(props: { ctx: PageContext; form: FormState<any>; name: string; legend: string; hint?: string; children: ComponentChildren }) {
  const error = props.form.errors.find((e) => e.field === props.name);
  const described = [props.hint ? `f-${props.name}-hint` : '', error ? `f-${props.name}-error` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <fieldset class={error ? 'field field-error' : 'field'} aria-describedby={described}>
      <legend>{props.legend}</legend>
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
    </fieldset>
  );
}

/** Checkboxes as one labelled group; the error summary links to the first box (`f-<name>`). */
export function CheckboxGroup(props: { ctx: PageContext; form: FormState<any>; name: string; legend: string; hint?: string; options: Option[] }) {
  const checked = listOf(props.form.values[props.name]);
  return (
    <GroupShell {...props}>
      {props.options.map((o, i) => {
        const id = i === 0 ? `f-${props.name}` : `f-${props.name}-${o.value}`;
        return (
          <div class="field checkbox" key={o.value}>
            <input type="checkbox" id={id} name={props.name} value={o.value} checked={checked.has(o.value)} />
            <label for={id}>{o.label}</label>
          </div>
        );
      })}
    </GroupShell>
  );
}

/** Radio buttons as one labelled group. */
export function RadioGroup(props: { ctx: PageContext; form: FormState<any>; name: string; legend: string; hint?: string; options: Option[]; required?: boolean }) {
  const current = String(props.form.values[props.name] ?? '');
  const invalid = props.form.errors.some((e) => e.field === props.name) ? true : undefined;
  return (
    <GroupShell {...props}>
      {props.options.map((o, i) => {
        const id = i === 0 ? `f-${props.name}` : `f-${props.name}-${o.value}`;
        return (
          <div class="field checkbox" key={o.value}>
            <input type="radio" id={id} name={props.name} value={o.value} checked={current === o.value} required={props.required} aria-invalid={invalid} />
            <label for={id}>{o.label}</label>
          </div>
        );
      })}
    </GroupShell>
  );
}

/**
 * A service-standard text as agencies write it: lines starting with "1." or "-" become a list,
 * other lines paragraphs.
 */
export function StandardText(props: { text: string | null | undefined; empty: string }) {
  const lines = (props.text ?? '')
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);
  if (lines.length === 0) return <p class="hint">{props.empty}</p>;
  const blocks: { kind: 'ol' | 'ul' | 'p'; items: string[] }[] = [];
  for (const line of lines) {
    const numbered = /^\d+[.)]\s+/.exec(line);
    const bullet = /^[-•*]\s+/.exec(line);
    const kind = numbered ? 'ol' : bullet ? 'ul' : 'p';
    const text = numbered ? line.slice(numbered[0].length) : bullet ? line.slice(bullet[0].length) : line;
    const last = blocks[blocks.length - 1];
    if (last && last.kind === kind && kind !== 'p') last.items.push(text);
    else blocks.push({ kind, items: [text] });
  }
  return (
    <>
      {blocks.map((b, i) =>
        b.kind === 'p' ? (
          <p key={i}>{b.items[0]}</p>
        ) : b.kind === 'ol' ? (
          <ol key={i}>
            {b.items.map((t, j) => (
              <li key={j}>{t}</li>
            ))}
          </ol>
        ) : (
          <ul key={i}>
            {b.items.map((t, j) => (
              <li key={j}>{t}</li>
            ))}
          </ul>
        ),
      )}
    </>
  );
}

/** Rupiah via Intl (the platform's formatter), "free" for zero. */
export function feeText(ctx: PageContext, fee: string | number | null | undefined, free: string, unknown: string): string {
  if (fee === null || fee === undefined) return unknown;
  const n = Number(fee);
  return n === 0 ? free : ctx.fmt.money(n);
}

/** Name of a reference row (topic, life event) in the reader's language. */
export const labelOf = (ctx: PageContext, row: { name_id: string; name_en: string }) => (ctx.locale === 'en' ? row.name_en : row.name_id);
