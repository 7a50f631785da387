import type { Deps } from '../../../platform/deps.ts';
import { ensure } from '../../../platform/auth/policy.ts';
import { AppError, validationError } from '../../../platform/http/errors.ts';
import { recordAudit, type AuditContext } from '../../../platform/audit/record-audit.ts';
import { slugify } from '../../../platform/text/slug.ts';
import { katalogPolicy } from '../policy.ts';
import { findAppIdByKey, recordAppEvent, replaceAppCodes } from '../repo.ts';
import { checkAppInput, codesToRows, type AppInput } from './app-input.ts';

export type NewApp = AppInput & Required<Pick<AppInput, 'name' | 'category'>> & { key?: string };

/** A readable stable key: the agency's code and the app's acronym or name, numbered if taken. */
async function freeKey(deps: Pick<Deps, 'db'>, input: NewApp): Promise<string> {
  const opdCode = input.opdId ? (await deps.db.selectFrom('opd').select('code').where('id', '=', input.opdId).executeTakeFirst())?.code : undefined;
  const base = slugify([opdCode, input.acronym || input.name].filter(Boolean).join('-')).slice(0, 70) || 'aplikasi';
  for (let n = 1; ; n++) {
    const key = n === 1 ? base : `${base}-${n}`;
    if (!(await findAppIdByKey(deps.db, key))) return key;
  }
}

export async function createApp(deps: Pick<Deps, 'db' | 'clock' | 'ids'>, audit: AuditContext, input: NewApp, options: { synthetic?: boolean } = {}): Promise<{ appId: string; key: string }> {
  const actor = audit.actor;
  ensure(actor, katalogPolicy.create(actor));
  // Only the SPBE team records apps nobody owns yet; everyone else records their own agency's.
  ensure(actor, katalogPolicy.edit(actor, input.opdId ?? null) || (!input.opdId && katalogPolicy.rationalise(actor)));
  const errors = await checkAppInput(deps.db, input);
  if (input.key && (await findAppIdByKey(deps.db, input.key))) errors.unshift({ field: 'key', messageKey: 'katalog.key_taken' });
  if (errors.length) throw validationError(errors);
  const now = deps.clock.now();
  const key = input.key ?? (await freeKey(deps, input));
  const lifecycle = input.lifecycle ?? 'aktif';
  const row = {
    id: deps.ids.uuid(),
    key,
    name: input.name.trim(),
    acronym: input.acronym?.trim() || null,
    description: input.description?.trim() || null,
    opd_id: input.opdId ?? null,
    category: input.category,
    hosting: input.hosting ?? null,
    url: input.url ?? null,
    technology: input.technology?.trim() || null,
    users: input.users?.trim() || null,
    yearly_cost: input.yearlyCost ?? null,
    legal_basis: input.legalBasis?.trim() || null,
    lifecycle,
    lifecycle_changed_at: now,
    merged_into_id: lifecycle === 'digabung' ? (input.mergedIntoId ?? null) : null,
    replaced_by: lifecycle === 'diganti_aplikasi_umum' ? (input.replacedBy ?? null) : null,
    synthetic: options.synthetic ?? false,
    created_at: now,
    updated_at: now,
  };
  const codes = codesToRows(input.codes ?? {});
  await deps.db.transaction().execute(async (tx) => {
    await tx.insertInto('katalog_app').values(row).execute();
    await replaceAppCodes(tx, row.id, codes);
    await recordAppEvent(tx, { appId: row.id, at: now, from: null, to: lifecycle, opdId: row.opd_id });
    await recordAudit(tx, deps.clock, audit, { action: 'katalog.app.created', targetType: 'katalog_app', targetId: row.id, opdId: row.opd_id, after: { ...row, codes: input.codes ?? {} } });
  });
  if (!row.id) throw new AppError('internal', 'error.internal');
  return { appId: row.id, key };
}
