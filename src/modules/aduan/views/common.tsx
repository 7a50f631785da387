import type { ComponentChildren } from 'preact';
import type { FormState, PageContext } from '../../../platform/html/context.ts';
import { CsrfField } from '../../../platform/html/components.tsx';
import type { MessageKey } from '../../../platform/i18n/index.ts';
import type { OverdueStage, Status } from '../db.ts';
import { eventText } from '../present.ts';
import '../messages.ts';

export type Option = { value: string; label: string };

export const statusLabel = (ctx: PageContext, s: Status) => ctx.t(`aduan.status.${s}` as MessageKey);
export const typeLabel = (ctx: PageContext, s: string) => ctx.t(`aduan.type.${s}` as MessageKey);
export const channelLabel = (ctx: PageContext, s: string) => ctx.t(`aduan.channel.${s}` as MessageKey);
export const stageLabel = (ctx: PageContext, s: OverdueStage) => ctx.t(`aduan.overdue.${s}` as MessageKey);

/** Links between the public complaint pages. */
export function AduanNav(props: { ctx: PageContext; current: string }) {
  const { t } = props.ctx;
  const items: [string, MessageKey][] = [
    ['/aduan', 'aduan.nav.list'],
    ['/aduan/baru', 'aduan.nav.new'],
    ['/aduan/lacak', 'aduan.nav.track'],
    ['/aduan/instansi', 'aduan.nav.figures'],
  ];
  if (props.ctx.actor?.kind === 'user') items.push(['/aduan/saya', 'aduan.nav.mine']);
  return (
    <nav aria-label={t('aduan.nav.label')}>
      <ul class="nav-list">
        {items.map(([href, label]) => (
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

export function StatusBadge(props: { ctx: PageContext; status: Status }) {
  return <span class="badge">{statusLabel(props.ctx, props.status)}</span>;
}

/** "Past the follow-up deadline" etc., shown to everyone, the public included. */
export function OverdueBadges(props: { ctx: PageContext; stages: OverdueStage[] }) {
  if (props.stages.length === 0) return null;
  return (
    <>
      {props.stages.map((s) => (
        <strong key={s} class="badge">
          {stageLabel(props.ctx, s)}
        </strong>
      ))}
    </>
  );
}

export interface TimelineEntry {
  at: Date;
  kind: string;
  actor_kind: string;
  opd_name: string | null;
  body: string | null;
  public?: boolean;
  data: unknown;
}

/** The report's history, oldest first; `showVisibility` marks entries the public does not see. */
export function Timeline(props: { ctx: PageContext; events: TimelineEntry[]; showVisibility?: boolean }) {
  const { ctx } = props;
  if (props.events.length === 0) return <p>{ctx.t('aduan.timeline.empty')}</p>;
  return (
    <ol class="plain-list timeline">
      {props.events.map((e, i) => (
        <li key={i}>
          <p>
            <strong>{eventText(ctx.t, e)}</strong> <span class="hint">— <time datetime={e.at.toISOString()}>{ctx.fmt.dateTime(e.at)}</time></span>
            {props.showVisibility && e.public === false ? <span class="badge">{ctx.t('aduan.timeline.internal')}</span> : null}
          </p>
          {e.body ? <Paragraphs text={e.body} /> : null}
        </li>
      ))}
    </ol>
  );
}

/** Plain text with its line breaks, never HTML. */
export function Paragraphs(props: { text: string }) {
  return (
    <>
      {props.text
        .split(/\n{2,}/)
        .filter((p) => p.trim())
        .map((p, i) => (
          <p key={i}>
            {p.split('\n').map((line, j) => (
              <>
                {j > 0 ? <br /> : null}
                {line}
              </>
            ))}
          </p>
        ))}
    </>
  );
}

export function AttachmentList(props: { ctx: PageContext; items: { id: string; name: string; content_type: string; size: number; public?: boolean }[]; keyParam?: string; showVisibility?: boolean }) {
  const { ctx } = props;
  if (props.items.length === 0) return null;
  return (
    <>
      <h2>{ctx.t('aduan.attachments')}</h2>
      <ul class="plain-list">
        {props.items.map((a) => (
          <li key={a.id}>
            <a href={`/aduan/lampiran/${a.id}${props.keyParam ? `?k=${encodeURIComponent(props.keyParam)}` : ''}`}>{a.name}</a>{' '}
            <span class="hint">({a.content_type}, {ctx.fmt.number(Math.ceil(a.size / 1024))} KB)</span>
            {props.showVisibility && a.public === false ? <span class="badge">{ctx.t('aduan.timeline.internal')}</span> : null}
          </li>
        ))}
      </ul>
    </>
  );
}

/** A definition-list row; `—` when empty. */
export function Row(props: { label: string; children?: ComponentChildren }) {
  const empty = props.children === null || props.children === undefined || props.children === '';
  return (
    <>
      <dt>{props.label}</dt>
      <dd>{empty ? '—' : props.children}</dd>
    </>
  );
}

export function Checkbox(props: { ctx: PageContext; form?: FormState<any>; name: string; label: string; hint?: string }) {
  const checked = ['true', 'on', true].includes(props.form?.values[props.name] as string | boolean);
  return (
    <div class="field checkbox">
      <input type="checkbox" id={`f-${props.name}`} name={props.name} value="true" checked={checked} aria-describedby={props.hint ? `f-${props.name}-hint` : undefined} />
      <label for={`f-${props.name}`}>{props.label}</label>
      {props.hint ? (
        <p class="hint" id={`f-${props.name}-hint`}>
          {props.hint}
        </p>
      ) : null}
    </div>
  );
}

/** A select with option groups (districts grouped by regency/city). */
export function GroupedSelect(props: { ctx: PageContext; form: FormState<any>; name: string; label: string; hint?: string; groups: { label: string; options: Option[] }[]; emptyLabel: string }) {
  const { ctx, form, name } = props;
  const error = form.errors.find((e) => e.field === name);
  const current = String(form.values[name] ?? '');
  const described = [props.hint ? `f-${name}-hint` : '', error ? `f-${name}-error` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div class={error ? 'field field-error' : 'field'}>
      <label for={`f-${name}`}>
        {props.label}
        <span class="optional"> {ctx.t('common.optional')}</span>
      </label>
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
      <select id={`f-${name}`} name={name} aria-invalid={error ? true : undefined} aria-describedby={described}>
        <option value="">{props.emptyLabel}</option>
        {props.groups.map((g) => (
          <optgroup key={g.label} label={g.label}>
            {g.options.map((o) => (
              <option key={o.value} value={o.value} selected={o.value === current}>
                {o.label}
              </option>
            ))}
          </optgroup>
        ))}
      </select>
    </div>
  );
}

/** A form with one button (and optional hidden fields) that posts with its CSRF token. */
export function PostButton(props: { ctx: PageContext; action: string; label: string; hidden?: Record<string, string>; secondary?: boolean }) {
  return (
    <form method="post" action={props.action} class="inline-form">
      <CsrfField ctx={props.ctx} />
      {Object.entries(props.hidden ?? {}).map(([k, v]) => (
        <input key={k} type="hidden" name={k} value={v} />
      ))}
      <button type="submit" class={props.secondary ? 'button button-secondary' : 'button'}>
        {props.label}
      </button>
    </form>
  );
}

/** Format a working-day count for people ("2,5 hari kerja"). */
export function workingDays(ctx: PageContext, days: number | null): string {
  return days === null ? '—' : ctx.t('aduan.working_days', { days: ctx.fmt.number(days) });
}

export function percentText(ctx: PageContext, value: number | null): string {
  return value === null ? '—' : `${ctx.fmt.number(value)}%`;
}
