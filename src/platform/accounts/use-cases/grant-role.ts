import type { Kysely } from 'kysely';
import type { DB, Role } from '../../db/schema.ts';
import { AGENCY_ROLES } from '../../db/schema.ts';
import type { Deps } from '../../deps.ts';
import { ensure, platformPolicy } from '../../auth/policy.ts';
import { AppError, validationError, type FieldError } from '../../http/errors.ts';
import { recordAudit, type AuditContext } from '../../audit/record-audit.ts';
import { countActiveAdmins, findExistingGrant, findGrant } from '../repo.ts';
import { getUser } from './get-user.ts';

/** Agency roles need an active agency; global roles must have none. */
export async function checkGrant(db: Kysely<DB>, role: Role, opdId: string | null): Promise<FieldError[]> {
  const agencyRole = (AGENCY_ROLES as readonly Role[]).includes(role);
  if (agencyRole && !opdId) return [{ field: 'opdId', messageKey: 'users.opd_required_for_role' }];
  if (!agencyRole && opdId) return [{ field: 'opdId', messageKey: 'users.opd_not_for_role' }];
  if (opdId) {
    const opd = await db.selectFrom('opd').select(['id', 'active']).where('id', '=', opdId).executeTakeFirst();
    if (!opd || !opd.active) return [{ field: 'opdId', messageKey: 'validation.enum' }];
  }
  return [];
}

export async function grantRole(deps: Pick<Deps, 'db' | 'clock' | 'ids'>, audit: AuditContext, input: { userId: string; role: Role; opdId: string | null }) {
  const actor = audit.actor;
  ensure(actor, platformPolicy.grantRole(actor, input.role, input.opdId));
  // Agency admins may add their agency's roles to any existing account they can name by id.
  if (!platformPolicy.manageAllUsers(actor)) {
    const exists = await deps.db.selectFrom('app_user').select('id').where('id', '=', input.userId).executeTakeFirst();
    if (!exists) throw new AppError('not_found', 'error.not_found');
  } else await getUser(deps, actor, input.userId);
  const errors = await checkGrant(deps.db, input.role, input.opdId);
  if (errors.length) throw validationError(errors);
  if (await findExistingGrant(deps.db, input.userId, input.role, input.opdId)) return;
  await deps.db.transaction().execute(async (tx) => {
    const grant = { id: deps.ids.uuid(), user_id: input.userId, role: input.role, opd_id: input.opdId, granted_by: actor.kind === 'user' ? actor.userId : null, created_at: deps.clock.now() };
    await tx.insertInto('role_grant').values(grant).execute();
    await recordAudit(tx, deps.clock, audit, { action: 'user.role_granted', targetType: 'user', targetId: input.userId, opdId: input.opdId, after: { role: input.role, opdId: input.opdId } });
  });
}

export async function revokeRole(deps: Pick<Deps, 'db' | 'clock'>, audit: AuditContext, input: { userId: string; grantId: string }) {
  const actor = audit.actor;
  const grant = await findGrant(deps.db, input.grantId);
  if (!grant || grant.user_id !== input.userId) throw new AppError('not_found', 'error.not_found');
  ensure(actor, platformPolicy.grantRole(actor, grant.role, grant.opd_id));
  await deps.db.transaction().execute(async (tx) => {
    await tx.deleteFrom('role_grant').where('id', '=', grant.id).execute();
    if (grant.role === 'admin' && (await countActiveAdmins(tx)) === 0) throw new AppError('conflict', 'users.last_admin');
    await recordAudit(tx, deps.clock, audit, { action: 'user.role_revoked', targetType: 'user', targetId: input.userId, opdId: grant.opd_id, before: { role: grant.role, opdId: grant.opd_id } });
  });
}
