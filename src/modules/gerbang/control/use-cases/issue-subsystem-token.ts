import { recordAudit, type AuditContext } from '../../../../platform/audit/record-audit.ts';
import { AppError } from '../../../../platform/http/errors.ts';
import { createApiToken } from '../../../../platform/tokens/use-cases/create-api-token.ts';
import { bumpGerbangVersion, gerbangChanged } from '../../changes.ts';
import { linkToken, listSubsystemTokens } from '../repo.ts';
import { loadSubsystem, type GerbangDeps } from './visibility.ts';

/**
 * Issues a subsystem's credential: a platform API token of its agency with the one scope
 * `gerbang:call`, bound to the subsystem. The plaintext is returned once, here.
 */
export async function issueSubsystemToken(deps: GerbangDeps, audit: AuditContext, subsystemId: string, input: { name?: string; expiresOn?: string | null }) {
  const subsystem = await loadSubsystem(deps, audit.actor, subsystemId, 'manage');
  if (!subsystem.active) throw new AppError('conflict', 'gerbang.subsystem_inactive');
  const count = (await listSubsystemTokens(deps.db, subsystemId)).length;
  const name = input.name?.trim() || `Gerbang ${subsystem.code} #${count + 1}`;
  // The platform's own use case checks the policy, writes the token and its audit row.
  const created = await createApiToken(deps, audit, { opdId: subsystem.opd_id, name, scopes: ['gerbang:call'], expiresOn: input.expiresOn ?? null });
  await deps.db.transaction().execute(async (tx) => {
    await linkToken(tx, { token_id: created.token.id, subsystem_id: subsystemId, created_at: deps.clock.now() });
    await bumpGerbangVersion(tx);
    await recordAudit(tx, deps.clock, audit, {
      action: 'gerbang.token_issued',
      targetType: 'gerbang_subsystem',
      targetId: subsystemId,
      opdId: subsystem.opd_id,
      after: { tokenId: created.token.id, name, prefix: created.token.token_prefix },
    });
  });
  gerbangChanged();
  return { subsystem, token: created.token, plaintext: created.plaintext };
}
