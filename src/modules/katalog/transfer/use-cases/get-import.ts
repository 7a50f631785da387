import type { Deps } from '../../../../platform/deps.ts';
import type { Actor } from '../../../../platform/auth/actor.ts';
import { ensure } from '../../../../platform/auth/policy.ts';
import { notFound } from '../../../../platform/http/errors.ts';
import { katalogPolicy } from '../../policy.ts';
import { findImport } from '../repo.ts';

/**
 * An import's progress and report, for the person (or agency system) who uploaded it and for those
 * who read the whole katalog (and the operator at the command line). Anyone else gets 404: the
 * report names another agency's rows.
 */
export async function getImport(deps: Pick<Deps, 'db'>, actor: Actor | null, importId: string, options: { operator?: boolean } = {}) {
  if (options.operator && !actor) {
    const record = await findImport(deps.db, importId);
    if (!record) throw notFound();
    return record;
  }
  ensure(actor, katalogPolicy.readableOpdIds(actor) === 'all' || katalogPolicy.create(actor) || (katalogPolicy.readableOpdIds(actor) as string[]).length > 0);
  const record = await findImport(deps.db, importId);
  const own = record && ((actor.kind === 'user' && record.actor_user_id === actor.userId) || (actor.kind === 'token' && record.actor_token_id === actor.tokenId));
  if (!record || !(own || katalogPolicy.readAll(actor))) throw notFound();
  return record;
}

export type ImportView = Awaited<ReturnType<typeof getImport>>;

/** Percent of the current phase (checking, then writing) done; 100 once finished. */
export function percentDone(i: Pick<ImportView, 'status' | 'processed' | 'total'>): number {
  if (i.status === 'done' || i.status === 'failed') return 100;
  if (i.total === 0 || i.status === 'queued') return 0;
  return Math.min(99, Math.floor((i.processed / i.total) * 100));
}
