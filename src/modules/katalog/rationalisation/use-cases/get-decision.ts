import type { Deps } from '../../../../platform/deps.ts';
import type { Actor } from '../../../../platform/auth/actor.ts';
import { ensure } from '../../../../platform/auth/policy.ts';
import { notFound } from '../../../../platform/http/errors.ts';
import { katalogPolicy } from '../../policy.ts';
import { findDecision } from '../repo.ts';

/** One decision, for whoever may read its app (another agency's answers 404, like the app). */
export async function getDecision(deps: Pick<Deps, 'db'>, actor: Actor | null, decisionId: string) {
  const readable = katalogPolicy.readableOpdIds(actor);
  ensure(actor, readable === 'all' || readable.length > 0);
  const decision = await findDecision(deps.db, decisionId);
  if (!decision || !katalogPolicy.read(actor, decision.opd_id)) throw notFound();
  return decision;
}
