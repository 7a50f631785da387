import type { Deps } from '../../../../platform/deps.ts';
import { notFound } from '../../../../platform/http/errors.ts';
import { computeIkm, type IkmResult } from '../ikm.ts';
import { parsePeriod, type Period } from '../period.ts';
import { surveyTotals } from '../repo.ts';

export interface IkmReport {
  period: Period;
  /** Null while nobody has answered in the period. */
  result: IkmResult | null;
}

/**
 * The published satisfaction index of a service or an agency (every one of its services) for a
 * period. Answers are anonymous aggregates, so anyone may read them.
 */
export async function getIkm(deps: Pick<Deps, 'db'>, scope: { serviceId?: string; opdId?: string }, periodId: string): Promise<IkmReport> {
  const period = parsePeriod(periodId);
  if (!period) throw notFound();
  const totals = await surveyTotals(deps.db, scope, period.from, period.to);
  return { period, result: computeIkm(totals) };
}
