import type { Deps } from '../../deps.ts';
import type { Actor } from '../../auth/actor.ts';
import { ensure, platformPolicy } from '../../auth/policy.ts';
import { AppError } from '../../http/errors.ts';
import { findOpd, listTokensOfOpd } from '../repo.ts';
import { withStatus } from './token-status.ts';

/** One agency's tokens, newest first, for its admins, platform admins and auditors. */
export async function listApiTokens(deps: Pick<Deps, 'db' | 'clock'>, actor: Actor | null, opdId: string) {
  ensure(actor, platformPolicy.readTokens(actor, opdId));
  const opd = await findOpd(deps.db, opdId);
  if (!opd) throw new AppError('not_found', 'error.not_found');
  const now = deps.clock.now();
  const tokens = await listTokensOfOpd(deps.db, opdId);
  return { opd: { id: opd.id, name: opd.name, active: opd.active }, tokens: tokens.map((t) => withStatus(t, now)) };
}
