import type { ComponentChildren } from 'preact';
import type { FormState, PageContext } from '../../../platform/html/context.ts';
import { CsrfField } from '../../../platform/html/components.tsx';
import type { MessageKey } from '../../../platform/i18n/index.ts';
import type { PredicateBand } from '../instruments/instrument.ts';
import { tataKelolaPolicy } from '../policy.ts';
import '../messages.ts';

export type Option = { value: string; label: string };

/** An index figure (hundredths) in the reader's notation: 283 → "2,83" / "2.83". */
export function score(ctx: PageContext, h: number | null | undefined): string {
  if (h === null || h === undefined) return '—';
  return new Intl.NumberFormat(ctx.locale === 'id' ? 'id-ID' : 'en-GB', { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(h / 100);
}

/** A weight (hundredths of a percent point) as percent: 275 → "2,75". */
export function weight(ctx: PageContext, h: number): string {
  return new Intl.NumberFormat(ctx.locale === 'id' ? 'id-ID' : 'en-GB', { maximumFractionDigits: 2 }).format(h / 100);
}

export function bandLabel(band: PredicateBand | null): string {
  return band ? band.label : '—';
}

export const label = (ctx: PageContext, prefix: string, value: string) => ctx.t(`${prefix}.${value}` as MessageKey);

/** The module's sections; which appear depends on what the reader may do. */
export function TataKelolaNav(props: { ctx: PageContext; current?: string }) {
  const { ctx } = props;
  const { t, actor } = ctx;
  const readAll = tataKelolaPolicy.readAll(actor);
  const sections: [string, MessageKey][] = [
    ...(readAll ? ([['/tata-kelola/assessments', 'tata_kelola.nav.assessments'], ['/tata-kelola/instruments', 'tata_kelola.nav.instruments']] as [string, MessageKey][]) : []),
    ['/tata-kelola/assignments', 'tata_kelola.nav.assignments'],
    ['/tata-kelola/proposals', 'tata_kelola.nav.proposals'],
    ['/tata-kelola/checks', 'tata_kelola.nav.checks'],
  ];
  return (
    <nav aria-label={t('tata_kelola.nav.label')}>
      <ul class="nav-list">
        {sections.map(([href, key]) => (
          <li key={href}>
            <a href={href} aria-current={props.current === href ? 'page' : undefined}>
              {t(key)}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

/** Checkboxes as one labelled group; the error summary links to the first box. */
export function CheckboxGroup(props: { ctx: PageContext; form: FormState<any>; name: string; legend: string; hint?: string; options: Option[] }) {
  const { ctx, form, name } = props;
  const error = form.errors.find((e) => e.field === name);
  const raw = form.values[name];
  const checked = new Set((Array.isArray(raw) ? raw : raw === undefined || raw === null || raw === '' ? [] : [raw]).map(String));
  const described = [props.hint ? `f-${name}-hint` : '', error ? `f-${name}-error` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <fieldset class={error ? 'field field-error' : 'field'} aria-describedby={described}>
      <legend>{props.legend}</legend>
      {props.hint ? (
        <p class="hint" id={`f-${name}-hint`}>
          {props.hint}
        </p>
      ) : null}
      {error ? (
        <p class="error-message" id={`f-${name}-error`}>
          {ctx.t(error.messageKey, error.params)}
        </p>
      ) : null}
      {props.options.map((o, i) => {
        const id = i === 0 ? `f-${name}` : `f-${name}-${o.value}`;
        return (
          <div class="field checkbox" key={o.value}>
            <input type="checkbox" id={id} name={name} value={o.value} checked={checked.has(o.value)} />
            <label for={id}>{o.label}</label>
          </div>
        );
      })}
    </fieldset>
  );
}

/** A yes/no question as two radio buttons in a fieldset. */
export function YesNo(props: { ctx: PageContext; form: FormState<any>; name: string; legend: string; hint?: string }) {
  const { ctx, form, name } = props;
  const value = String(form.values[name] ?? 'false');
  const error = form.errors.find((e) => e.field === name);
  return (
    <fieldset class={error ? 'field field-error' : 'field'} aria-describedby={props.hint ? `f-${name}-hint` : undefined}>
      <legend>{props.legend}</legend>
      {props.hint ? (
        <p class="hint" id={`f-${name}-hint`}>
          {props.hint}
        </p>
      ) : null}
      {error ? <p class="error-message">{ctx.t(error.messageKey, error.params)}</p> : null}
      <div class="field checkbox">
        <input type="radio" id={`f-${name}`} name={name} value="true" checked={value === 'true'} />
        <label for={`f-${name}`}>{ctx.t('common.yes')}</label>
      </div>
      <div class="field checkbox">
        <input type="radio" id={`f-${name}-no`} name={name} value="false" checked={value !== 'true'} />
        <label for={`f-${name}-no`}>{ctx.t('common.no')}</label>
      </div>
    </fieldset>
  );
}

/** A one-button form that posts (with its CSRF token) to `action`. */
export function PostButton(props: { ctx: PageContext; action: string; label: string; hiddenLabel?: string; warning?: boolean; secondary?: boolean; fields?: Record<string, string> }) {
  return (
    <form method="post" action={props.action} class="inline-form">
      <CsrfField ctx={props.ctx} />
      {Object.entries(props.fields ?? {}).map(([k, v]) => (
        <input type="hidden" name={k} value={v} key={k} />
      ))}
      <button type="submit" class={props.warning ? 'button button-warning' : props.secondary ? 'button button-secondary' : 'link-button'}>
        {props.label}
        {props.hiddenLabel ? <span class="visually-hidden"> {props.hiddenLabel}</span> : null}
      </button>
    </form>
  );
}

export function Row(props: { label: string; children: ComponentChildren }) {
  return (
    <>
      <dt>{props.label}</dt>
      <dd>{props.children}</dd>
    </>
  );
}
