import type { Deps } from '../../../../platform/deps.ts';
import type { Actor } from '../../../../platform/auth/actor.ts';
import { ensure } from '../../../../platform/auth/policy.ts';
import { tataKelolaPolicy } from '../../policy.ts';
import type { ProposalStatus } from '../../db.ts';
import { failedDuplicateCheck, type CheckResult } from '../checks.ts';
import { listProposals, proposalTotals, type ProposalRow } from '../repo.ts';

export interface YearTotals {
  budgetYear: number;
  proposed: { count: number; amount: number };
  awaiting: { count: number; amount: number };
  recommended: { count: number; amount: number };
  rejected: { count: number; amount: number };
  /** Rejected proposals whose current version duplicated an app or a general application: money not spent on duplicates. */
  duplicatesAvoided: { count: number; amount: number };
}

/** Proposals the actor may see (own agencies', or all for the SPBE team and auditors), newest year first. */
export async function listProposalsFor(deps: Pick<Deps, 'db'>, actor: Actor | null, filter: { budgetYear?: number; status?: ProposalStatus; opdId?: string } = {}): Promise<ProposalRow[]> {
  ensure(actor, tataKelolaPolicy.enter(actor));
  return listProposals(deps.db, { opdIds: tataKelolaPolicy.readableOpdIds(actor), ...filter });
}

/**
 * Totals per budget year over the proposals the actor may see, each counted once at its current
 * version: proposed, awaiting review, recommended (with or without notes), rejected, and the
 * money not spent on duplicates.
 */
export async function getTotals(deps: Pick<Deps, 'db'>, actor: Actor | null): Promise<YearTotals[]> {
  ensure(actor, tataKelolaPolicy.enter(actor));
  const rows = await proposalTotals(deps.db, tataKelolaPolicy.readableOpdIds(actor));
  const byYear = new Map<number, YearTotals>();
  const add = (t: { count: number; amount: number }, amount: number) => {
    t.count++;
    t.amount += amount;
  };
  for (const r of rows) {
    const zero = () => ({ count: 0, amount: 0 });
    const t = byYear.get(r.budget_year) ?? { budgetYear: r.budget_year, proposed: zero(), awaiting: zero(), recommended: zero(), rejected: zero(), duplicatesAvoided: zero() };
    const amount = Number(r.amount);
    add(t.proposed, amount);
    if (r.status === 'submitted') add(t.awaiting, amount);
    if (r.status === 'recommended' || r.status === 'recommended_with_notes') add(t.recommended, amount);
    if (r.status === 'rejected') {
      add(t.rejected, amount);
      if (failedDuplicateCheck(r.checks as CheckResult[])) add(t.duplicatesAvoided, amount);
    }
    byYear.set(r.budget_year, t);
  }
  return [...byYear.values()].sort((a, b) => b.budgetYear - a.budgetYear);
}
