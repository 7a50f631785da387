import type { ComponentChildren } from 'preact';
import type { FormState, PageContext } from '../../../../platform/html/context.ts';
import { CsrfField, SelectField, TextField } from '../../../../platform/html/components.tsx';
import { Layout } from '../../../../platform/html/layout.tsx';
import { SyntheticNotice } from '../../views/app-pages.tsx';
import { AuditTrail, type AuditHistoryItem } from '../../../../platform/audit/index.ts';
import type { MessageKey } from '../../../../platform/i18n/index.ts';
import '../messages.ts';

export type Option = { value: string; label: string };

const SECTIONS = [
  ['/katalog/apps', 'katalog.registry.apps'],
  ['/katalog/services', 'katalog.registry.services'],
  ['/katalog/datasets', 'katalog.registry.datasets'],
  ['/katalog/infra', 'katalog.registry.infra'],
  ['/katalog/integrations', 'katalog.registry.integrations'],
  ['/katalog/security-audits', 'katalog.registry.security_audits'],
  ['/katalog/arch-ref', 'katalog.registry.arch_ref'],
  ['/katalog/roadmap', 'katalog.registry.roadmap'],
] as const satisfies readonly (readonly [string, MessageKey])[];

/** Links between the katalog's sections; the current one is marked for screen readers. */
export function RegistryNav(props: { ctx: PageContext; current?: string }) {
  const { t } = props.ctx;
  return (
    <nav aria-label={t('katalog.registry.nav_label')}>
      <ul class="nav-list">
        {SECTIONS.map(([href, label]) => (
          <li key={href}>
            <a href={href} aria-current={props.current === href ? 'page' : undefined}>
              {t(label)}
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

/** A one-button form that posts (with its CSRF token) to `action`. */
export function PostButton(props: { ctx: PageContext; action: string; label: string; hiddenLabel?: string; warning?: boolean }) {
  return (
    <form method="post" action={props.action} class="inline-form">
      <CsrfField ctx={props.ctx} />
      <button type="submit" class={props.warning ? 'button button-warning' : 'link-button'}>
        {props.label}
        {props.hiddenLabel ? <span class="visually-hidden"> {props.hiddenLabel}</span> : null}
      </button>
    </form>
  );
}

/** Linked records as a list of links (or plain names when the reader may not open them). */
export function RefLinks(props: { ctx: PageContext; items: { id: string; name: string; key?: string; href?: string | null }[] }) {
  if (props.items.length === 0) return <>{props.ctx.t('katalog.registry.none')}</>;
  return (
    <ul class="plain-list">
      {props.items.map((r) => (
        <li key={r.id}>
          {r.href ? <a href={r.href}>{r.name}</a> : r.name}
          {r.key ? (
            <>
              {' '}
              <code>{r.key}</code>
            </>
          ) : null}
        </li>
      ))}
    </ul>
  );
}

export function HistorySection(props: { ctx: PageContext; history: AuditHistoryItem[] }) {
  return (
    <>
      <h2>{props.ctx.t('katalog.history')}</h2>
      <AuditTrail ctx={props.ctx} items={props.history} />
    </>
  );
}

/** A definition-list row; `—` when there is nothing to show. */
export function Row(props: { label: string; children?: ComponentChildren }) {
  const empty = props.children === null || props.children === undefined || props.children === '';
  return (
    <>
      <dt>{props.label}</dt>
      <dd>{empty ? '—' : props.children}</dd>
    </>
  );
}

/**
 * The frame every registry list shares: title, section links, intro, the synthetic-data notice,
 * the "add" button and a search form (text, owner agency, plus one filter of the area's own).
 * Message keys follow `katalog.<area>.{title,intro,new,search_label}`.
 */
export function RegistryListLayout(props: {
  ctx: PageContext;
  area: 'service' | 'dataset' | 'infra';
  path: string;
  synthetic: boolean;
  canCreate: boolean;
  filter: { q: string; opdId: string };
  opdOptions: Option[];
  extraFilter: ComponentChildren;
  children: ComponentChildren;
}) {
  const { ctx, area, path, filter } = props;
  const { t } = ctx;
  const key = (k: string) => `katalog.${area}.${k}` as MessageKey;
  return (
    <Layout ctx={ctx} title={t(key('title'))} crumbs={[{ href: '/katalog/apps', label: t('nav.katalog') }, { label: t(key('title')) }]}>
      <h1>{t(key('title'))}</h1>
      <RegistryNav ctx={ctx} current={path} />
      <p>{t(key('intro'))}</p>
      <SyntheticNotice ctx={ctx} show={props.synthetic} />
      {props.canCreate ? (
        <p>
          <a class="button" href={`${path}/new`}>
            {t(key('new'))}
          </a>
        </p>
      ) : null}
      <form method="get" action={path} class="filters" role="search">
        <TextField ctx={ctx} name="q" type="search" label={t(key('search_label'))} value={filter.q} />
        {props.opdOptions.length > 1 ? <SelectField ctx={ctx} name="opdId" label={t('katalog.field.opd')} options={props.opdOptions} value={filter.opdId} emptyLabel={t('common.all')} /> : null}
        {props.extraFilter}
        <button type="submit" class="button button-secondary">
          {t('common.search')}
        </button>
      </form>
      {props.children}
    </Layout>
  );
}
