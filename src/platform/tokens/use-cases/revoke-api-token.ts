import type { Deps } from '../../deps.ts';
import { ensure, platformPolicy } from '../../auth/policy.ts';
import { AppError } from '../../http/errors.ts';
import { recordAudit, type AuditContext } from '../../audit/record-audit.ts';
import { findToken, markRevoked } from '../repo.ts';
import { withStatus, type TokenWithStatus } from './token-status.ts';

/**
 * Revokes an agency's token for good. Idempotent: revoking a revoked token changes nothing and
 * writes no second audit row. A token id from another agency is "not found".
 */
export async function revokeApiToken(deps: Pick<Deps, 'db' | 'clock'>, audit: AuditContext, input: { opdId: string; tokenId: string }): Promise<TokenWithStatus> {
  const actor = audit.actor;
  ensure(actor, platformPolicy.manageTokens(actor, input.opdId));
  const token = await findToken(deps.db, input.tokenId);
  if (!token || token.opd_id !== input.opdId) throw new AppError('not_found', 'error.not_found');
  await deps.db.transaction().execute(async (tx) => {
    const revokedAt = await markRevoked(tx, token.id, deps.clock.now());
    if (!revokedAt) return;
    await recordAudit(tx, deps.clock, audit, {
      action: 'token.revoked',
      targetType: 'api_token',
      targetId: token.id,
      opdId: token.opd_id,
      before: { name: token.name, prefix: token.token_prefix, revokedAt: null },
      after: { name: token.name, prefix: token.token_prefix, revokedAt },
    });
  });
  return withStatus((await findToken(deps.db, token.id))!, deps.clock.now());
}
