import type { Deps } from '../../deps.ts';
import type { Actor } from '../../auth/actor.ts';
import { ensure, opdIdsWithRole, platformPolicy, readsEverything } from '../../auth/policy.ts';
import { AppError } from '../../http/errors.ts';
import { findUserById, grantsOf } from '../repo.ts';

/**
 * One user with their grants. Agency admins see only people who work in their agency; anyone
 * else gets "not found", so ids of other agencies' staff cannot be probed.
 */
export async function getUser(deps: Pick<Deps, 'db'>, actor: Actor | null, userId: string) {
  ensure(actor, platformPolicy.listUsers(actor));
  const user = await findUserById(deps.db, userId);
  if (!user) throw new AppError('not_found', 'error.not_found');
  const grants = await grantsOf(deps.db, [user.id]);
  if (!readsEverything(actor)) {
    const mine = opdIdsWithRole(actor, ['admin_opd']);
    if (!grants.some((g) => g.opd_id && mine.includes(g.opd_id))) throw new AppError('not_found', 'error.not_found');
  }
  const { password_hash: _omit, ...safe } = user;
  return { ...safe, grants };
}
