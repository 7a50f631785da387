/**
 * Message catalogues. Bahasa Indonesia is the source language; every catalogue is declared with
 * `defineMessages(id, en)`, whose type demands an English text for every Indonesian key, so a
 * missing translation fails the type check. Keys are collected in `MessageRegistry` by
 * declaration merging, so `t('some.key')` is checked against every catalogue in the program.
 */
export const LOCALES = ['id', 'en'] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = 'id';

// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface MessageRegistry {}
export type MessageKey = Extract<keyof MessageRegistry, string>;
export type MessageParams = Record<string, string | number>;
export type Translator = (key: MessageKey, params?: MessageParams) => string;

export type CatalogKeys<C extends { id: Record<string, string> }> = { [K in keyof C['id']]: true };

const catalogs: Record<Locale, Map<string, string>> = { id: new Map(), en: new Map() };

export function defineMessages<const T extends Record<string, string>>(
  id: T,
  en: { [K in keyof T]: string },
): { id: T; en: { [K in keyof T]: string } } {
  for (const [key, text] of Object.entries(id)) {
    if (catalogs.id.has(key) && catalogs.id.get(key) !== text) throw new Error(`Message key defined twice: ${key}`);
    catalogs.id.set(key, text);
  }
  for (const [key, text] of Object.entries(en)) catalogs.en.set(key, text as string);
  return { id, en };
}

export function hasMessage(key: string): key is MessageKey {
  return catalogs.id.has(key);
}

export function translate(locale: Locale, key: MessageKey, params?: MessageParams): string {
  const text = catalogs[locale].get(key) ?? catalogs.id.get(key) ?? key;
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

export function translator(locale: Locale): Translator {
  return (key, params) => translate(locale, key, params);
}

export function isLocale(value: unknown): value is Locale {
  return value === 'id' || value === 'en';
}

/** Explicit choice (query or cookie) wins, then the account's preference, then Accept-Language. */
export function negotiateLocale(input: {
  query?: string | undefined;
  cookie?: string | undefined;
  user?: string | null | undefined;
  acceptLanguage?: string | undefined;
}): Locale {
  if (isLocale(input.query)) return input.query;
  if (isLocale(input.cookie)) return input.cookie;
  if (isLocale(input.user)) return input.user;
  const ranges = (input.acceptLanguage ?? '')
    .split(',')
    .map((part) => {
      const [tag, ...params] = part.trim().toLowerCase().split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      return { tag: tag ?? '', q: q ? Number(q.slice(2)) : 1 };
    })
    .filter((r) => r.tag && r.q > 0)
    .sort((a, b) => b.q - a.q);
  for (const { tag } of ranges) {
    const base = tag.split('-')[0];
    if (base === 'id' || base === 'in' || base === 'ms') return 'id';
    if (base === 'en') return 'en';
  }
  return DEFAULT_LOCALE;
}

const intlLocale: Record<Locale, string> = { id: 'id-ID', en: 'en-GB' };

export interface Formatters {
  date(value: Date | string | null | undefined): string;
  dateTime(value: Date | string | null | undefined): string;
  money(amount: number | null | undefined): string;
  number(value: number | null | undefined): string;
}

/** Dates in the configured time zone (Asia/Jakarta by default) and money in rupiah, via Intl. */
export function formatters(locale: Locale, timeZone: string): Formatters {
  const tag = intlLocale[locale];
  const date = new Intl.DateTimeFormat(tag, { dateStyle: 'medium', timeZone });
  const dateTime = new Intl.DateTimeFormat(tag, { dateStyle: 'medium', timeStyle: 'short', timeZone });
  const money = new Intl.NumberFormat('id-ID', { style: 'currency', currency: 'IDR', maximumFractionDigits: 0 });
  const number = new Intl.NumberFormat(tag);
  const asDate = (v: Date | string) => (v instanceof Date ? v : new Date(v));
  return {
    date: (v) => (v ? date.format(asDate(v)) : '—'),
    dateTime: (v) => (v ? dateTime.format(asDate(v)) : '—'),
    money: (v) => (v === null || v === undefined ? '—' : money.format(v)),
    number: (v) => (v === null || v === undefined ? '—' : number.format(v)),
  };
}
