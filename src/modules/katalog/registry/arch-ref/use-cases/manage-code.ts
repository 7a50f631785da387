import type { Deps } from '../../../../../platform/deps.ts';
import { ensure } from '../../../../../platform/auth/policy.ts';
import { AppError, notFound, validationError, type FieldError } from '../../../../../platform/http/errors.ts';
import { recordAudit, type AuditContext } from '../../../../../platform/audit/record-audit.ts';
import { katalogPolicy } from '../../../policy.ts';
import { codeUseCount, findCode, insertCode, liveChildren, renameCodeRow, retireCodeRow } from '../repo.ts';

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Adds a province code under a parent: level 3 under a national level-2 code, level 4 under one of
 * the province's level-3 codes. The code extends the parent's with one more segment of two or
 * three digits (RAB.09.01 → RAB.09.01.01) and inherits its kind. The SPBE team only.
 */
export async function addProvinceCode(deps: Pick<Deps, 'db' | 'clock'>, audit: AuditContext, input: { parentCode: string; code: string; name: string }): Promise<void> {
  const actor = audit.actor;
  ensure(actor, katalogPolicy.manageReference(actor));
  const errors: FieldError[] = [];
  const parentCode = input.parentCode.trim().toUpperCase();
  const code = input.code.trim().toUpperCase();
  const parent = await findCode(deps.db, parentCode);
  if (!parent) errors.push({ field: 'parentCode', messageKey: 'katalog.unknown_code', params: { code: parentCode } });
  else if (parent.retired_at) errors.push({ field: 'parentCode', messageKey: 'katalog.registry.code_retired', params: { code: parentCode } });
  else if (!((parent.level === 2 && parent.origin === 'national') || (parent.level === 3 && parent.origin === 'province'))) errors.push({ field: 'parentCode', messageKey: 'katalog.ref.parent_level' });
  else if (!new RegExp(`^${escape(parent.code)}\\.[0-9]{2,3}$`).test(code)) errors.push({ field: 'code', messageKey: 'katalog.ref.must_extend', params: { parent: parent.code } });
  if (!input.name.trim()) errors.push({ field: 'name', messageKey: 'validation.required' });
  if (!errors.length && (await findCode(deps.db, code))) errors.push({ field: 'code', messageKey: 'katalog.ref.code_taken', params: { code } });
  if (errors.length || !parent) throw validationError(errors);
  const row = { code, kind: parent.kind, name: input.name.trim(), level: parent.level + 1, parent_code: parent.code, created_at: deps.clock.now() };
  await deps.db.transaction().execute(async (tx) => {
    await insertCode(tx, row);
    await recordAudit(tx, deps.clock, audit, { action: 'katalog.arch_ref.added', targetType: 'katalog_arch_ref', targetId: code, after: { ...row, origin: 'province' } });
  });
}

/** The province code, if it is one: national codes are read-only (403 with a reason). */
async function provinceCode(deps: Pick<Deps, 'db'>, code: string) {
  const row = await findCode(deps.db, code);
  if (!row) throw notFound();
  if (row.origin !== 'province') throw new AppError('forbidden', 'katalog.ref.national_read_only');
  return row;
}

export async function renameProvinceCode(deps: Pick<Deps, 'db' | 'clock'>, audit: AuditContext, code: string, name: string): Promise<void> {
  const actor = audit.actor;
  ensure(actor, katalogPolicy.manageReference(actor));
  const row = await provinceCode(deps, code);
  const next = name.trim();
  if (!next) throw validationError([{ field: 'name', messageKey: 'validation.required' }]);
  if (next === row.name) return;
  await deps.db.transaction().execute(async (tx) => {
    await renameCodeRow(tx, code, next);
    await recordAudit(tx, deps.clock, audit, { action: 'katalog.arch_ref.renamed', targetType: 'katalog_arch_ref', targetId: code, before: { name: row.name }, after: { name: next } });
  });
}

/**
 * Retires a province code: it stays for the records and history that carry it, but is offered
 * and accepted no more. A code with live children is refused (retire the children first).
 */
export async function retireProvinceCode(deps: Pick<Deps, 'db' | 'clock'>, audit: AuditContext, code: string): Promise<{ inUse: number }> {
  const actor = audit.actor;
  ensure(actor, katalogPolicy.manageReference(actor));
  const row = await provinceCode(deps, code);
  if (row.retired_at) throw new AppError('conflict', 'katalog.registry.code_retired', { params: { code } });
  const children = await liveChildren(deps.db, code);
  if (children.length) throw validationError([{ field: 'code', messageKey: 'katalog.ref.has_children', params: { codes: children.map((c) => c.code).join(', ') } }]);
  const inUse = await codeUseCount(deps.db, code);
  const now = deps.clock.now();
  await deps.db.transaction().execute(async (tx) => {
    await retireCodeRow(tx, code, now);
    await recordAudit(tx, deps.clock, audit, { action: 'katalog.arch_ref.retired', targetType: 'katalog_arch_ref', targetId: code, before: { retiredAt: null }, after: { retiredAt: now, recordsUsingIt: inUse } });
  });
  return { inUse };
}
