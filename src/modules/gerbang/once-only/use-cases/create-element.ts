import { recordAudit, type AuditContext } from '../../../../platform/audit/record-audit.ts';
import { ensure } from '../../../../platform/auth/policy.ts';
import type { FieldError } from '../../../../platform/http/errors.ts';
import { onceOnlyPolicy } from '../policy.ts';
import { elementCodeTaken, findElement, insertElement, type ElementRow } from '../repo.ts';
import type { OnceOnlyDeps } from './context.ts';
import { checkElement, ELEMENT_CODE, normaliseFields, throwIf, type ElementSettings } from './element-input.ts';

export type NewElement = Required<Pick<ElementSettings, 'name' | 'subjectKind' | 'keyKind' | 'serviceId' | 'pathTemplate' | 'fields'>> & ElementSettings & { code: string };

/**
 * Registers a data element and the ONE service (and endpoint) that is its authoritative source.
 * The SPBE team decides this across agencies; the code is what forms, consents and
 * subscriptions name.
 */
export async function createElement(deps: OnceOnlyDeps, audit: AuditContext, input: NewElement): Promise<ElementRow> {
  const actor = audit.actor;
  ensure(actor, onceOnlyPolicy.manageElements(actor));
  const errors: FieldError[] = [];
  const code = input.code.trim();
  if (!ELEMENT_CODE.test(code)) errors.push({ field: 'code', messageKey: 'once_only.code_invalid' });
  else if (await elementCodeTaken(deps.db, code)) errors.push({ field: 'code', messageKey: 'once_only.code_taken' });
  const name = input.name.trim();
  if (!name) errors.push({ field: 'name', messageKey: 'validation.required' });
  const checked = await checkElement(deps, input, errors);
  const fields = normaliseFields(input.fields, errors);
  throwIf(errors);

  const id = deps.ids.uuid();
  const now = deps.clock.now();
  const row = {
    id,
    code,
    name,
    description: input.description?.trim() || null,
    subject_kind: checked.subjectKind,
    key_kind: checked.keyKind,
    service_id: input.serviceId,
    path_template: input.pathTemplate.trim(),
    fields,
    active: input.active ?? true,
    created_by: actor.kind === 'user' ? actor.userId : null,
    created_at: now,
    updated_at: now,
  };
  await deps.db.transaction().execute(async (tx) => {
    await insertElement(tx, row);
    await recordAudit(tx, deps.clock, audit, { action: 'gerbang.element_created', targetType: 'gerbang_data_element', targetId: id, opdId: checked.serviceOpdId, after: row });
  });
  return (await findElement(deps.db, id))!;
}
