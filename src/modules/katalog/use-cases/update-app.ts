import type { Kysely } from 'kysely';
import type { DB } from '../../../platform/db/schema.ts';
import type { Deps } from '../../../platform/deps.ts';
import { ensure } from '../../../platform/auth/policy.ts';
import { AppError, validationError } from '../../../platform/http/errors.ts';
import { recordAudit, type AuditContext } from '../../../platform/audit/record-audit.ts';
import { katalogPolicy } from '../policy.ts';
import { recordAppEvent, replaceAppCodes } from '../repo.ts';
import { getApp } from './get-app.ts';
import { checkAppInput, codesToRows, type AppInput } from './app-input.ts';

const COLUMN: Record<string, string> = {
  name: 'name',
  acronym: 'acronym',
  description: 'description',
  opdId: 'opd_id',
  category: 'category',
  hosting: 'hosting',
  url: 'url',
  technology: 'technology',
  users: 'users',
  yearlyCost: 'yearly_cost',
  legalBasis: 'legal_basis',
  lifecycle: 'lifecycle',
  mergedIntoId: 'merged_into_id',
  replacedBy: 'replaced_by',
};

const trimmed = (v: unknown) => (typeof v === 'string' ? v.trim() || null : v);

/**
 * Changes an app. Moving it to another agency needs the right to edit in both. A stale `version`
 * is refused so two people editing the same record never silently overwrite each other.
 * `options.tx` runs it inside the caller's transaction instead of its own.
 */
export async function updateApp(
  deps: Pick<Deps, 'db' | 'clock'>,
  audit: AuditContext,
  appId: string,
  input: AppInput & { version?: number },
  options: { tx?: Kysely<DB> } = {},
): Promise<void> {
  const actor = audit.actor;
  // Inside a caller's transaction (carrying out a rationalisation decision) every read and write
  // goes through it, so the app change and the caller's own writes commit or roll back together.
  const db = options.tx ?? deps.db;
  const inTransaction = <T>(fn: (tx: Kysely<DB>) => Promise<T>): Promise<T> => (options.tx ? fn(options.tx) : deps.db.transaction().execute(fn));
  const current = await getApp({ db }, actor, appId);
  ensure(actor, katalogPolicy.edit(actor, current.opd_id));
  if (input.opdId !== undefined && input.opdId !== current.opd_id) ensure(actor, katalogPolicy.edit(actor, input.opdId) || (input.opdId === null && katalogPolicy.rationalise(actor)));
  if (input.version !== undefined && input.version !== current.version) throw new AppError('conflict', 'katalog.stale_version');

  const lifecycle = input.lifecycle ?? current.lifecycle;
  const merged = { ...input, lifecycle, mergedIntoId: input.mergedIntoId !== undefined ? input.mergedIntoId : current.merged_into_id, replacedBy: input.replacedBy !== undefined ? input.replacedBy : current.replaced_by };
  const errors = await checkAppInput(db, merged, appId);
  if (errors.length) throw validationError(errors);

  const set: Record<string, unknown> = {};
  const before: Record<string, unknown> = {};
  const after: Record<string, unknown> = {};
  for (const [field, column] of Object.entries(COLUMN)) {
    const value = (merged as Record<string, unknown>)[field];
    if (value === undefined) continue;
    const next = trimmed(value);
    const old = (current as Record<string, unknown>)[column];
    if (String(old ?? '') !== String(next ?? '')) {
      set[column] = next;
      before[field] = old;
      after[field] = next;
    }
  }
  // Pointers to a successor only make sense in the states that have one.
  if (lifecycle !== 'digabung' && current.merged_into_id) set.merged_into_id = null;
  if (lifecycle !== 'diganti_aplikasi_umum' && current.replaced_by) set.replaced_by = null;
  const oldCodes = current.codes;
  let codesChanged = false;
  if (input.codes) {
    const next = { ...oldCodes, ...Object.fromEntries(Object.entries(input.codes).map(([k, v]) => [k, [...new Set(v ?? [])].sort()])) };
    codesChanged = JSON.stringify(Object.values(next).map((l) => [...l].sort())) !== JSON.stringify(Object.values(oldCodes).map((l) => [...l].sort()));
    if (codesChanged) {
      before.codes = oldCodes;
      after.codes = next;
    }
  }
  if (Object.keys(set).length === 0 && !codesChanged) return;

  const now = deps.clock.now();
  await inTransaction(async (tx) => {
    const result = await tx
      .updateTable('katalog_app')
      .set({ ...set, ...(set.lifecycle ? { lifecycle_changed_at: now } : {}), version: current.version + 1, updated_at: now })
      .where('id', '=', appId)
      .where('version', '=', current.version)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) !== 1) throw new AppError('conflict', 'katalog.stale_version');
    if (codesChanged) await replaceAppCodes(tx, appId, codesToRows(after.codes as typeof oldCodes));
    if (set.lifecycle) await recordAppEvent(tx, { appId, at: now, from: current.lifecycle, to: lifecycle, opdId: (set.opd_id as string | null | undefined) ?? current.opd_id });
    await recordAudit(tx, deps.clock, audit, { action: 'katalog.app.updated', targetType: 'katalog_app', targetId: appId, opdId: current.opd_id, before, after });
  });
}
