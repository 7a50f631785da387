import type { PageContext } from '../../../../platform/html/context.ts';
import type { MessageKey } from '../../../../platform/i18n/index.ts';
import type { RequestStatus, ServiceLifecycle } from '../../db.ts';

export const LIFECYCLE_KEYS = {
  draft: 'gerbang.lifecycle.draft',
  published: 'gerbang.lifecycle.published',
  deprecated: 'gerbang.lifecycle.deprecated',
  retired: 'gerbang.lifecycle.retired',
} as const satisfies Record<ServiceLifecycle, MessageKey>;

export const REQUEST_STATUS_KEYS = {
  pending: 'gerbang.request_status.pending',
  approved: 'gerbang.request_status.approved',
  rejected: 'gerbang.request_status.rejected',
} as const satisfies Record<RequestStatus, MessageKey>;

export function LifecycleBadge(props: { ctx: PageContext; lifecycle: ServiceLifecycle }) {
  return <span class="badge">{props.ctx.t(LIFECYCLE_KEYS[props.lifecycle])}</span>;
}

/** The gerbang section's own navigation, on every gerbang page. */
export function GerbangNav(props: { ctx: PageContext; current: string }) {
  const { t } = props.ctx;
  const links: [string, MessageKey][] = [
    ['/gerbang', 'gerbang.nav.overview'],
    ['/gerbang/services', 'gerbang.nav.services'],
    ['/gerbang/requests', 'gerbang.nav.requests'],
    ['/gerbang/groups', 'gerbang.nav.groups'],
    ['/gerbang/elements', 'once_only.nav.elements'],
    ['/gerbang/subscriptions', 'once_only.nav.subscriptions'],
    ['/gerbang/monitoring', 'gerbang.nav.monitoring'],
    ['/gerbang/diagnostics', 'gerbang.nav.diagnostics'],
  ];
  return (
    <nav aria-label={t('gerbang.nav.label')}>
      <ul class="plain-list filters">
        {links.map(([href, key]) => (
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

export const rootCrumb = (ctx: PageContext) => ({ href: '/gerbang', label: ctx.t('gerbang.title') });

/** A checkbox whose checked value is `true` (what the form parser converts to a boolean). */
export function CheckboxField(props: { ctx: PageContext; name: string; label: string; hint?: string; checked: boolean }) {
  const id = `f-${props.name}`;
  return (
    <div class="field">
      <input type="checkbox" id={id} name={props.name} value="true" checked={props.checked} aria-describedby={props.hint ? `${id}-hint` : undefined} />{' '}
      <label for={id}>{props.label}</label>
      {props.hint ? (
        <p class="hint" id={`${id}-hint`}>
          {props.hint}
        </p>
      ) : null}
    </div>
  );
}

export const ms = (v: number | null) => (v === null ? '—' : `${(v * 1000).toFixed(1)} ms`);
