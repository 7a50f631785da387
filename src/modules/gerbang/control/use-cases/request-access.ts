import { recordAudit, type AuditContext } from '../../../../platform/audit/record-audit.ts';
import { AppError } from '../../../../platform/http/errors.ts';
import { bumpGerbangVersion, gerbangChanged } from '../../changes.ts';
import { gerbangPolicy } from '../../policy.ts';
import { findAccessRequest, findPendingRequest, insertAccessRequest, type AccessRequestRow } from '../repo.ts';
import { rightEndpoint } from './grant-access.ts';
import { loadService, loadSubsystem, type GerbangDeps } from './visibility.ts';

/** A consuming agency asks a provider for access (to a service or one endpoint), saying why. */
export async function requestAccess(
  deps: GerbangDeps,
  audit: AuditContext,
  serviceId: string,
  input: { subsystemId: string; method?: string; path?: string; reason: string },
): Promise<AccessRequestRow> {
  const service = await loadService(deps, audit.actor, serviceId, 'read');
  const subsystem = await loadSubsystem(deps, audit.actor, input.subsystemId, 'read');
  if (!gerbangPolicy.requestAccess(audit.actor, subsystem.opd_id)) throw new AppError('forbidden', 'error.forbidden');
  if (service.lifecycle !== 'published' && service.lifecycle !== 'deprecated') throw new AppError('conflict', 'gerbang.service_not_open');
  const endpoint = rightEndpoint(input);
  const row = {
    id: deps.ids.uuid(),
    service_id: serviceId,
    subsystem_id: subsystem.id,
    method: endpoint?.method ?? null,
    path: endpoint?.path ?? null,
    reason: input.reason.trim(),
    requested_by: audit.actor?.kind === 'user' ? audit.actor.userId : null,
    created_at: deps.clock.now(),
  };
  if (await findPendingRequest(deps.db, row)) throw new AppError('conflict', 'gerbang.request_pending');
  await deps.db.transaction().execute(async (tx) => {
    await insertAccessRequest(tx, row);
    await bumpGerbangVersion(tx);
    // Recorded for both agencies: the consumer's audit row here, the provider sees the request.
    await recordAudit(tx, deps.clock, audit, { action: 'gerbang.access_requested', targetType: 'gerbang_access_request', targetId: row.id, opdId: subsystem.opd_id, after: row });
  });
  gerbangChanged();
  return (await findAccessRequest(deps.db, row.id))!;
}
