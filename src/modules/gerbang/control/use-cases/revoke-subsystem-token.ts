import { recordAudit, type AuditContext } from '../../../../platform/audit/record-audit.ts';
import { AppError } from '../../../../platform/http/errors.ts';
import { revokeApiToken } from '../../../../platform/tokens/use-cases/revoke-api-token.ts';
import { bumpGerbangVersion, gerbangChanged } from '../../changes.ts';
import { findTokenLink, listSubsystemTokens } from '../repo.ts';
import { loadSubsystem, type GerbangDeps } from './visibility.ts';

/** Revokes one of a subsystem's tokens (through the platform's use case); idempotent. */
export async function revokeSubsystemToken(deps: GerbangDeps, audit: AuditContext, subsystemId: string, tokenId: string) {
  const subsystem = await loadSubsystem(deps, audit.actor, subsystemId, 'manage');
  const link = await findTokenLink(deps.db, tokenId);
  if (!link || link.subsystem_id !== subsystemId) throw new AppError('not_found', 'error.not_found');
  const wasRevoked = (await listSubsystemTokens(deps.db, subsystemId)).some((t) => t.id === tokenId && t.revoked_at !== null);
  const token = await revokeApiToken(deps, audit, { opdId: subsystem.opd_id, tokenId });
  if (wasRevoked) return token;
  await deps.db.transaction().execute(async (tx) => {
    await bumpGerbangVersion(tx);
    await recordAudit(tx, deps.clock, audit, { action: 'gerbang.token_revoked', targetType: 'gerbang_subsystem', targetId: subsystemId, opdId: subsystem.opd_id, after: { tokenId, prefix: token.token_prefix } });
  });
  gerbangChanged();
  return token;
}
