import { recordAudit, type AuditContext } from '../../../../platform/audit/record-audit.ts';
import { AppError, validationError } from '../../../../platform/http/errors.ts';
import { bumpGerbangVersion, gerbangChanged } from '../../changes.ts';
import { findGroup, findRight, findSameRight, insertRight, type RightRow } from '../repo.ts';
import { resolveSubsystem } from './resolve-subsystem.ts';
import { normaliseEndpoints } from './service-input.ts';
import { loadService, type GerbangDeps } from './visibility.ts';

export interface GrantInput {
  /** The consumer: a subsystem (id or identifier) or one of the provider's groups. */
  subsystem?: string;
  groupId?: string;
  /** Both or neither: one endpoint (method + path pattern), or the whole service. */
  method?: string;
  path?: string;
  rateLimitRps?: number | null;
  dailyQuota?: number | null;
}

/** The right's endpoint, normalised: null for the whole service. */
export function rightEndpoint(input: { method?: string | null; path?: string | null }) {
  if (!input.method && !input.path) return null;
  if (!input.method || !input.path) throw validationError([{ field: input.method ? 'path' : 'method', messageKey: 'validation.required' }]);
  return normaliseEndpoints([{ method: input.method, path: input.path }], 'path')[0]!;
}

/** The providing agency lets a subsystem or a group call a service, or one endpoint of it. */
export async function grantAccess(deps: GerbangDeps, audit: AuditContext, serviceId: string, input: GrantInput): Promise<RightRow> {
  const service = await loadService(deps, audit.actor, serviceId, 'manage');
  if (!!input.subsystem === !!input.groupId) throw validationError([{ field: 'subsystem', messageKey: 'gerbang.grant_one_consumer' }]);
  let subsystemId: string | null = null;
  let groupId: string | null = null;
  if (input.subsystem) subsystemId = (await resolveSubsystem(deps, input.subsystem, 'subsystem')).id;
  else {
    const group = await findGroup(deps.db, input.groupId!);
    if (!group || group.opd_id !== service.opd_id) throw validationError([{ field: 'groupId', messageKey: 'gerbang.group_other_agency' }]);
    groupId = group.id;
  }
  const endpoint = rightEndpoint(input);
  const row = {
    id: deps.ids.uuid(),
    service_id: serviceId,
    subsystem_id: subsystemId,
    group_id: groupId,
    method: endpoint?.method ?? null,
    path: endpoint?.path ?? null,
    rate_limit_rps: input.rateLimitRps ?? null,
    daily_quota: input.dailyQuota ?? null,
    request_id: null,
    granted_by: audit.actor?.kind === 'user' ? audit.actor.userId : null,
    created_at: deps.clock.now(),
  };
  if (await findSameRight(deps.db, row)) throw new AppError('conflict', 'gerbang.right_exists');
  await deps.db.transaction().execute(async (tx) => {
    await insertRight(tx, row);
    await bumpGerbangVersion(tx);
    await recordAudit(tx, deps.clock, audit, { action: 'gerbang.access_granted', targetType: 'gerbang_service', targetId: serviceId, opdId: service.opd_id, after: row });
  });
  gerbangChanged();
  return (await findRight(deps.db, row.id))!;
}
