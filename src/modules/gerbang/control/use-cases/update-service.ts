import { recordAudit, type AuditContext } from '../../../../platform/audit/record-audit.ts';
import { bumpGerbangVersion, gerbangChanged } from '../../changes.ts';
import { findService, listEndpoints, replaceEndpoints, updateServiceRow, type ServiceRow } from '../repo.ts';
import { loadOpenApi, normaliseEndpoints, serviceValues, type EndpointInput, type OpenApiSource, type ServiceSettings } from './service-input.ts';
import { loadService, type GerbangDeps } from './visibility.ts';

export type ServiceChanges = ServiceSettings & OpenApiSource & { endpoints?: EndpointInput[]; removeOpenApi?: boolean };

/**
 * Changes a service's settings; a new OpenAPI description (text or URL) replaces the endpoints
 * with its paths, a new endpoint list replaces them by hand. Rights name their own method and
 * path pattern, so they survive endpoint changes.
 */
export async function updateService(deps: GerbangDeps, audit: AuditContext, id: string, input: ServiceChanges): Promise<ServiceRow> {
  const before = await loadService(deps, audit.actor, id, 'manage');
  const description = await loadOpenApi(input);
  const base = {
    name: before.name,
    description: before.description,
    upstream_url: before.upstream_url,
    version: before.version,
    timeout_ms: before.timeout_ms,
    body_limit_bytes: Number(before.body_limit_bytes),
    capacity_rps: before.capacity_rps,
    rate_limit_rps: before.rate_limit_rps,
    daily_quota: before.daily_quota,
    personal_data: before.personal_data,
    keep_bodies: before.keep_bodies,
    health_path: before.health_path,
  };
  const values = serviceValues({ ...input, version: input.version || description?.summary.version || undefined }, base);
  const endpoints = description ? normaliseEndpoints(description.summary.endpoints) : input.endpoints ? normaliseEndpoints(input.endpoints) : undefined;
  const previous = endpoints ? await listEndpoints(deps.db, [id]) : [];
  await deps.db.transaction().execute(async (tx) => {
    await updateServiceRow(
      tx,
      id,
      {
        ...values,
        ...(description
          ? { openapi: description.text, openapi_format: description.summary.format, openapi_url: description.url }
          : input.removeOpenApi
            ? { openapi: null, openapi_format: null, openapi_url: null }
            : {}),
      },
      deps.clock.now(),
    );
    if (endpoints) await replaceEndpoints(tx, id, endpoints.map((e) => ({ ...e, id: deps.ids.uuid() })));
    await bumpGerbangVersion(tx);
    await recordAudit(tx, deps.clock, audit, {
      action: 'gerbang.service_updated',
      targetType: 'gerbang_service',
      targetId: id,
      opdId: before.opd_id,
      before: { ...base, ...(endpoints ? { endpoints: previous.map((e) => `${e.method} ${e.path}`) } : {}) },
      after: { ...values, ...(endpoints ? { endpoints: endpoints.map((e) => `${e.method} ${e.path}`) } : {}), ...(description ? { openapi: { format: description.summary.format, url: description.url } } : {}) },
    });
  });
  gerbangChanged();
  return (await findService(deps.db, id))!;
}
