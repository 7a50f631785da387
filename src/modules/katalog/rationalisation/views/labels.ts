import type { PageContext } from '../../../../platform/html/context.ts';
import type { MessageKey } from '../../../../platform/i18n/index.ts';
import type { Decision, TimeClass } from '../../db.ts';
import type { QualityField } from '../metrics.ts';
import '../messages.ts';

export const timeLabel = (ctx: PageContext, c: TimeClass) => ctx.t(`katalog.rat.time.class.${c}` as MessageKey);
export const timeHint = (ctx: PageContext, c: TimeClass) => ctx.t(`katalog.rat.time.hint.${c}` as MessageKey);
export const decisionLabel = (ctx: PageContext, d: Decision) => ctx.t(`katalog.rat.decision.kind.${d}` as MessageKey);
export const decisionStatusLabel = (ctx: PageContext, s: 'planned' | 'done' | 'cancelled') => ctx.t(`katalog.rat.decision.status.${s}` as MessageKey);

const QUALITY_LABELS: Record<QualityField, MessageKey> = {
  name: 'katalog.field.name',
  description: 'katalog.field.description',
  owner: 'katalog.field.opd',
  category: 'katalog.field.category',
  capabilityCode: 'katalog.rat.quality.capability_code',
  hosting: 'katalog.field.hosting',
  url: 'katalog.field.url',
  yearlyCost: 'katalog.field.yearly_cost',
  legalBasis: 'katalog.field.legal_basis',
  lifecycle: 'katalog.field.lifecycle',
};
export const qualityFieldLabel = (ctx: PageContext, f: QualityField) => ctx.t(QUALITY_LABELS[f]);

/** 'YYYY-MM' as a short month and year in the reader's language ("Jan 2025", "Mei 2025"). */
export function monthLabel(ctx: PageContext, month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return new Intl.DateTimeFormat(ctx.locale === 'id' ? 'id-ID' : 'en-GB', { month: 'short', year: 'numeric', timeZone: 'UTC' }).format(Date.UTC(y, m - 1, 1));
}

export const percent = (ctx: PageContext, n: number | null) => (n === null ? '—' : `${ctx.fmt.number(n)}%`);

/** A date column ('YYYY-MM-DD') in the reader's format, without shifting the day. */
export function dateOnlyLabel(ctx: PageContext, d: string | null): string {
  if (d === null) return '—';
  return new Intl.DateTimeFormat(ctx.locale === 'id' ? 'id-ID' : 'en-GB', { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date(`${d}T00:00:00Z`));
}
