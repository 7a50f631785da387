import type { Formatters, Locale, MessageKey, Translator } from '../i18n/index.ts';
import type { Actor } from '../auth/actor.ts';
import type { FieldError } from '../http/errors.ts';

/** What every server-rendered page needs to know about the request it answers. */
export interface PageContext {
  t: Translator;
  locale: Locale;
  fmt: Formatters;
  actor: Actor | null;
  csrfToken: string;
  /** CSP nonce for the few scripts the page loads. */
  nonce: string;
  /** Path and query of this page, for the language switch and sign-in return. */
  currentUrl: string;
  flash: MessageKey | undefined;
  assets: { css: string; htmx: string };
  nav: NavItem[];
}

export interface NavItem {
  href: string;
  labelKey: MessageKey;
  /** Who sees it; the route still checks the policy itself. */
  visible(actor: Actor | null): boolean;
}

export interface FormState<V = Record<string, unknown>> {
  values: Partial<Record<keyof V & string, unknown>>;
  errors: FieldError[];
}

export function emptyForm<V>(values: Partial<Record<keyof V & string, unknown>> = {}): FormState<V> {
  return { values, errors: [] };
}
