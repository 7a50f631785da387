import type { Deps } from '../../../../platform/deps.ts';
import { ensure } from '../../../../platform/auth/policy.ts';
import { actorLabel } from '../../../../platform/auth/actor.ts';
import { AppError } from '../../../../platform/http/errors.ts';
import { recordAudit, type AuditContext } from '../../../../platform/audit/record-audit.ts';
import { tataKelolaPolicy } from '../../policy.ts';
import { insertProposal, insertVersion, setProposalState } from '../repo.ts';
import { prepareVersion, type ProposalInput } from './proposal-input.ts';
import { getProposal } from './get-proposal.ts';

const summary = (v: { title: string; amount: number; kind: string; subKegiatanCode: string }, checks: { code: string; outcome: string }[]) => ({
  title: v.title,
  amount: v.amount,
  kind: v.kind,
  subKegiatanCode: v.subKegiatanCode,
  failedChecks: checks.filter((c) => c.outcome === 'fail').map((c) => c.code),
});

/** An agency submits a spending proposal for a budget year; the automatic checks run at once. */
export async function submitProposal(deps: Pick<Deps, 'db' | 'clock' | 'ids'>, audit: AuditContext, input: ProposalInput & { opdId: string; budgetYear: number }): Promise<{ id: string }> {
  const actor = audit.actor;
  ensure(actor, tataKelolaPolicy.actFor(actor, input.opdId));
  const { version, checks } = await prepareVersion(deps, input.opdId, input.budgetYear, input, null);
  const id = deps.ids.uuid();
  await deps.db.transaction().execute(async (tx) => {
    const at = deps.clock.now();
    await insertProposal(tx, { id, opdId: input.opdId, budgetYear: input.budgetYear, at });
    await insertVersion(tx, id, 1, version, checks, { userId: actor.kind === 'user' ? actor.userId : null, label: actorLabel(actor) }, at);
    await recordAudit(tx, deps.clock, audit, { action: 'tata_kelola.proposal.submitted', targetType: 'tata_kelola_proposal', targetId: id, opdId: input.opdId, after: { version: 1, budgetYear: input.budgetYear, ...summary(version, checks) } });
  });
  return { id };
}

/**
 * The agency revises its proposal and submits it again: a new version with its own check results;
 * earlier versions and their reviews are kept. A recommended proposal is final.
 */
export async function reviseProposal(deps: Pick<Deps, 'db' | 'clock' | 'ids'>, audit: AuditContext, proposalId: string, input: ProposalInput): Promise<{ id: string; version: number }> {
  const actor = audit.actor;
  const { proposal, versions } = await getProposal(deps, actor, proposalId);
  ensure(actor, tataKelolaPolicy.actFor(actor, proposal.opd_id));
  if (proposal.status === 'recommended') throw new AppError('conflict', 'tata_kelola.proposal.already_recommended', { fields: [{ field: 'title', messageKey: 'tata_kelola.proposal.already_recommended' }] });
  const current = versions[0]!;
  const { version, checks } = await prepareVersion(deps, proposal.opd_id, proposal.budget_year, input, { kakFileId: current.kak_file_id, costBenefitFileId: current.cost_benefit_file_id });
  const next = proposal.current_version + 1;
  await deps.db.transaction().execute(async (tx) => {
    const at = deps.clock.now();
    await insertVersion(tx, proposal.id, next, version, checks, { userId: actor.kind === 'user' ? actor.userId : null, label: actorLabel(actor) }, at);
    await setProposalState(tx, proposal.id, { status: 'submitted', currentVersion: next, at });
    await recordAudit(tx, deps.clock, audit, {
      action: 'tata_kelola.proposal.resubmitted',
      targetType: 'tata_kelola_proposal',
      targetId: proposal.id,
      opdId: proposal.opd_id,
      before: { version: current.version, status: proposal.status, title: current.title, amount: Number(current.amount) },
      after: { version: next, ...summary(version, checks) },
    });
  });
  return { id: proposal.id, version: next };
}
