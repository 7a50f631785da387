import type { Deps } from '../../../../platform/deps.ts';
import type { Actor } from '../../../../platform/auth/actor.ts';
import { ensure } from '../../../../platform/auth/policy.ts';
import { notFound } from '../../../../platform/http/errors.ts';
import { tataKelolaPolicy } from '../../policy.ts';
import type { CheckResult } from '../checks.ts';
import { appNames, findProposal, listReviews, listVersions, type ProposalRow, type ReviewRow, type VersionRow } from '../repo.ts';

export interface ProposalDetail {
  proposal: ProposalRow;
  /** Newest first. */
  versions: (VersionRow & { results: CheckResult[]; apps: { id: string; key: string; name: string; opd_name: string | null }[] })[];
  reviews: ReviewRow[];
}

/** A proposal with every version, its checks and reviews: the agency's own staff and those who read all; others 404. */
export async function getProposal(deps: Pick<Deps, 'db'>, actor: Actor | null, proposalId: string): Promise<ProposalDetail> {
  ensure(actor, tataKelolaPolicy.enter(actor));
  const proposal = await findProposal(deps.db, proposalId);
  if (!proposal || !tataKelolaPolicy.read(actor, proposal.opd_id)) throw notFound();
  const versions = await listVersions(deps.db, proposal.id);
  const names = new Map((await appNames(deps.db, [...new Set(versions.flatMap((v) => v.app_ids))])).map((a) => [a.id, a]));
  return {
    proposal,
    versions: versions.map((v) => ({ ...v, results: v.checks as CheckResult[], apps: v.app_ids.map((id) => names.get(id)).filter((a): a is NonNullable<typeof a> => !!a) })),
    reviews: await listReviews(deps.db, proposal.id),
  };
}
