import { recordAudit, type AuditContext } from '../../../../platform/audit/record-audit.ts';
import { AppError, validationError, type FieldError } from '../../../../platform/http/errors.ts';
import { bumpGerbangVersion, gerbangChanged } from '../../changes.ts';
import { CODE_PATTERN, METADATA_SERVICE_CODES } from '../../identifiers.ts';
import { findService, insertService, replaceEndpoints, serviceCodeTaken, type ServiceRow } from '../repo.ts';
import { SERVICE_DEFAULTS, loadOpenApi, normaliseEndpoints, serviceValues, type EndpointInput, type OpenApiSource, type ServiceSettings } from './service-input.ts';
import { loadSubsystem, type GerbangDeps } from './visibility.ts';

export type NewService = ServiceSettings & OpenApiSource & { code: string; upstreamUrl: string; endpoints?: EndpointInput[] };

/**
 * Registers a service of a subsystem, by hand (settings and endpoints) or from an OpenAPI 3
 * description (text or URL), whose paths become its endpoints and whose title and version fill
 * in what was left empty. A new service is a draft: only its own agency can call it.
 */
export async function registerService(deps: GerbangDeps, audit: AuditContext, subsystemId: string, input: NewService): Promise<ServiceRow> {
  const subsystem = await loadSubsystem(deps, audit.actor, subsystemId, 'manage');
  if (!subsystem.active) throw new AppError('conflict', 'gerbang.subsystem_inactive');
  const code = input.code.trim();
  const errors: FieldError[] = [];
  if (!CODE_PATTERN.test(code)) errors.push({ field: 'code', messageKey: 'gerbang.code_invalid' });
  else if ((METADATA_SERVICE_CODES as readonly string[]).includes(code)) errors.push({ field: 'code', messageKey: 'gerbang.service_code_reserved' });
  else if (await serviceCodeTaken(deps.db, subsystemId, code)) errors.push({ field: 'code', messageKey: 'gerbang.service_code_taken' });
  if (errors.length) throw validationError(errors);

  const description = await loadOpenApi(input);
  const values = serviceValues(
    { ...input, name: input.name || description?.summary.title || code, version: input.version || description?.summary.version || undefined },
    { ...SERVICE_DEFAULTS, name: code, upstream_url: input.upstreamUrl },
  );
  const endpoints = normaliseEndpoints(description ? description.summary.endpoints : (input.endpoints ?? []));
  const id = deps.ids.uuid();
  const now = deps.clock.now();
  await deps.db.transaction().execute(async (tx) => {
    await insertService(tx, {
      ...values,
      id,
      subsystem_id: subsystemId,
      code,
      lifecycle: 'draft',
      openapi: description?.text ?? null,
      openapi_format: description?.summary.format ?? null,
      openapi_url: description?.url ?? null,
      now,
    });
    await replaceEndpoints(tx, id, endpoints.map((e) => ({ ...e, id: deps.ids.uuid() })));
    await bumpGerbangVersion(tx);
    await recordAudit(tx, deps.clock, audit, {
      action: 'gerbang.service_registered',
      targetType: 'gerbang_service',
      targetId: id,
      opdId: subsystem.opd_id,
      after: { code, ...values, openapi: description ? { format: description.summary.format, url: description.url } : null, endpoints: endpoints.map((e) => `${e.method} ${e.path}`) },
    });
  });
  gerbangChanged();
  return (await findService(deps.db, id))!;
}
