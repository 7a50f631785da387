import type { Deps } from '../../../../platform/deps.ts';
import type { Actor } from '../../../../platform/auth/actor.ts';
import { ensure, platformPolicy } from '../../../../platform/auth/policy.ts';
import { AppError, validationError, type FieldError } from '../../../../platform/http/errors.ts';
import type { MessageKey } from '../../../../platform/i18n/index.ts';
import { recordAudit, type AuditContext } from '../../../../platform/audit/record-audit.ts';
import { serviceForStaff } from '../../catalogue/use-cases/staff-access.ts';
import { parseFormDefinition, type FormDefinition } from '../../requests/form-definition.ts';
import { findForm, insertForm, listForms, nextFormVersion, publishFormRow, retirePublished, type FormRow } from '../repo.ts';
import { userIdOf } from './common.ts';

/** The largest definition accepted, as JSON text. */
export const MAX_DEFINITION_CHARS = 200_000;

export interface FormEditor {
  service: { id: string; key: string; name: string; opdId: string | null; opdName: string | null };
  /** Every version, newest first. */
  versions: FormRow[];
  /** The version the editor opens: the newest (a draft when one is newer than the published form). */
  current: FormRow | null;
  published: FormRow | null;
  canManage: boolean;
}

/**
 * A public service's online form and its versions, for staff of the agency that owns the service
 * (the catalogue's staff-access rule: another agency's service is not found).
 */
export async function getFormEditor(deps: Pick<Deps, 'db'>, actor: Actor | null, serviceId: string): Promise<FormEditor> {
  const service = await serviceForStaff(deps.db, actor, serviceId);
  const versions = await listForms(deps.db, serviceId);
  return {
    service: { id: service.id, key: service.key, name: service.name, opdId: service.opd_id, opdName: service.opd_name },
    versions,
    current: versions[0] ?? null,
    published: versions.find((v) => v.status === 'published') ?? null,
    canManage: platformPolicy.portalManageServices(actor, service.opd_id),
  };
}

/** The `fields` of a validation error: one per problem, named by its JSON path (`fields[2].type`). */
export function definitionErrors(errors: { path: string; messageKey: string }[]): FieldError[] {
  return errors.map((e) => ({ field: e.path ? `definition.${e.path}` : 'definition', messageKey: e.messageKey as MessageKey }));
}

/** Parses the editor's JSON text (or an already parsed value) into a checked definition. */
export function checkDefinition(input: unknown): FormDefinition {
  let value = input;
  if (typeof input === 'string') {
    if (input.length > MAX_DEFINITION_CHARS) throw validationError([{ field: 'definition', messageKey: 'validation.max_length', params: { limit: MAX_DEFINITION_CHARS } }]);
    try {
      value = JSON.parse(input);
    } catch (error) {
      throw validationError([{ field: 'definition', messageKey: 'portal.form_editor.bad_json', params: { detail: (error as Error).message.slice(0, 200) } }]);
    }
  }
  const parsed = parseFormDefinition(value);
  if ('errors' in parsed) throw validationError(definitionErrors(parsed.errors));
  return parsed.definition;
}

/**
 * Saves a new version of the form. As a draft it changes nothing citizens see; with `publish` it
 * becomes the published form at once (the previous published version is retired; requests keep
 * the version they were filled in with).
 */
export async function saveForm(deps: Pick<Deps, 'db' | 'clock' | 'ids'>, audit: AuditContext, serviceId: string, input: { definition: unknown; publish?: boolean }): Promise<FormRow> {
  const editor = await getFormEditor(deps, audit.actor, serviceId);
  ensure(audit.actor, editor.canManage);
  const definition = checkDefinition(input.definition);
  return deps.db.transaction().execute(async (tx) => {
    const now = deps.clock.now();
    const version = await nextFormVersion(tx, serviceId);
    const id = deps.ids.uuid();
    const retired = input.publish ? await retirePublished(tx, serviceId) : null;
    await insertForm(tx, { id, service_id: serviceId, version, definition, status: input.publish ? 'published' : 'draft', created_by: userIdOf(audit.actor), created_at: now, published_at: input.publish ? now : null });
    await recordAudit(tx, deps.clock, audit, {
      action: input.publish ? 'portal.form.published' : 'portal.form.saved',
      targetType: 'katalog_service',
      targetId: serviceId,
      opdId: editor.service.opdId,
      after: { version, fields: definition.fields.length, documents: definition.documents.length, retiredVersion: retired },
    });
    return (await findForm(tx, serviceId, version))!;
  });
}

/** Publishes a saved version (by default the newest): it replaces the published form, which is retired. */
export async function publishForm(deps: Pick<Deps, 'db' | 'clock' | 'ids'>, audit: AuditContext, serviceId: string, input: { version?: number }): Promise<FormRow> {
  const editor = await getFormEditor(deps, audit.actor, serviceId);
  ensure(audit.actor, editor.canManage);
  const target = input.version === undefined ? editor.current : editor.versions.find((v) => v.version === input.version);
  if (!target) throw new AppError('not_found', 'portal.form_editor.no_version');
  if (target.status === 'published') return target;
  // A retired version comes back as a new version, so the history stays in order.
  if (target.status === 'retired') return saveForm(deps, audit, serviceId, { definition: target.definition, publish: true });
  checkDefinition(target.definition);
  return deps.db.transaction().execute(async (tx) => {
    const now = deps.clock.now();
    await nextFormVersion(tx, serviceId); // takes the service's form lock
    const retired = await retirePublished(tx, serviceId);
    await publishFormRow(tx, target.id, now);
    await recordAudit(tx, deps.clock, audit, { action: 'portal.form.published', targetType: 'katalog_service', targetId: serviceId, opdId: editor.service.opdId, after: { version: target.version, retiredVersion: retired } });
    return (await findForm(tx, serviceId, target.version))!;
  });
}
