import type { AppCategory } from '../../db.ts';
import { addYears } from '../shared.ts';

/**
 * How often an SPBE security audit falls due: every year for national general applications
 * (category `umum`) and for infrastructure, every two years for the agencies' own applications
 * (`khusus`, and ministry applications an agency runs, `khusus_wajib`). The due date is fixed
 * when the audit is recorded; a later change of category applies from the next audit on.
 */
export function auditIntervalYears(target: { kind: 'infra' } | { kind: 'app'; category: AppCategory }): 1 | 2 {
  return target.kind === 'infra' || target.category === 'umum' ? 1 : 2;
}

export function nextDueDate(auditedOn: string, years: number): string {
  return addYears(auditedOn, years);
}

/** Upcoming audits are those due within this many days from today. */
export const UPCOMING_DAYS = 90;
