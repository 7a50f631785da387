import type { Deps } from '../../deps.ts';
import type { Actor } from '../../auth/actor.ts';
import { ensure, opdIdsWithRole, platformPolicy, readsEverything } from '../../auth/policy.ts';
import { grantsOf, listUsers as listUsersQuery } from '../repo.ts';

export const PAGE_SIZE = 50;

/** Users the actor may see: everyone for admins and auditors, their agencies' staff for agency admins. */
export async function listUsers(deps: Pick<Deps, 'db'>, actor: Actor | null, input: { search?: string; opdId?: string; page: number }) {
  ensure(actor, platformPolicy.listUsers(actor));
  const withinOpdIds = readsEverything(actor) ? undefined : opdIdsWithRole(actor, ['admin_opd']);
  const rows = await listUsersQuery(deps.db, {
    search: input.search,
    opdId: input.opdId,
    withinOpdIds,
    limit: PAGE_SIZE + 1,
    offset: (input.page - 1) * PAGE_SIZE,
  });
  const users = rows.slice(0, PAGE_SIZE);
  const grants = await grantsOf(deps.db, users.map((u) => u.id));
  return {
    users: users.map((u) => ({ ...u, grants: grants.filter((g) => g.user_id === u.id) })),
    hasNext: rows.length > PAGE_SIZE,
  };
}
