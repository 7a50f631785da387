import { recordAudit, type AuditContext } from '../../../../platform/audit/record-audit.ts';
import { ensure } from '../../../../platform/auth/policy.ts';
import { notFound, type FieldError } from '../../../../platform/http/errors.ts';
import { onceOnlyPolicy } from '../policy.ts';
import { findElement, updateElementRow, type ElementRow } from '../repo.ts';
import type { OnceOnlyDeps } from './context.ts';
import { checkElement, normaliseFields, throwIf, type ElementSettings } from './element-input.ts';

/** Changes a data element: its name, its source (service, endpoint, key) or its fields; or retires it (active false). */
export async function updateElement(deps: OnceOnlyDeps, audit: AuditContext, id: string, input: ElementSettings): Promise<ElementRow> {
  const actor = audit.actor;
  ensure(actor, onceOnlyPolicy.readElements(actor));
  const before = await findElement(deps.db, id);
  if (!before) throw notFound();
  ensure(actor, onceOnlyPolicy.manageElements(actor));
  const errors: FieldError[] = [];
  const name = input.name === undefined ? before.name : input.name.trim();
  if (!name) errors.push({ field: 'name', messageKey: 'validation.required' });
  const merged = {
    subjectKind: input.subjectKind ?? before.subject_kind,
    keyKind: input.keyKind ?? before.key_kind,
    serviceId: input.serviceId ?? before.service_id,
    pathTemplate: input.pathTemplate ?? before.path_template,
  };
  const checked = await checkElement(deps, merged, errors);
  const fields = input.fields ? normaliseFields(input.fields, errors) : undefined;
  throwIf(errors);
  const changes = {
    name,
    description: input.description === undefined ? before.description : input.description?.trim() || null,
    subject_kind: checked.subjectKind,
    key_kind: checked.keyKind,
    service_id: merged.serviceId,
    path_template: merged.pathTemplate.trim(),
    ...(fields ? { fields } : {}),
    ...(input.active === undefined ? {} : { active: input.active }),
  };
  await deps.db.transaction().execute(async (tx) => {
    await updateElementRow(tx, id, changes, deps.clock.now());
    await recordAudit(tx, deps.clock, audit, {
      action: 'gerbang.element_updated',
      targetType: 'gerbang_data_element',
      targetId: id,
      opdId: checked.serviceOpdId,
      before: { name: before.name, serviceId: before.service_id, pathTemplate: before.path_template, fields: before.fields, active: before.active },
      after: changes,
    });
  });
  return (await findElement(deps.db, id))!;
}
