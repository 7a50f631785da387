import { ensure, platformPolicy } from '../../../platform/auth/policy.ts';
import { sha256 } from '../../../platform/auth/crypto.ts';
import { AppError, validationError, type FieldError } from '../../../platform/http/errors.ts';
import { recordAudit, type AuditContext } from '../../../platform/audit/record-audit.ts';
import type { Competence, SlaStep } from '../db.ts';
import {
  deleteCoordinator,
  findCategory,
  findOpdById,
  findOpen311Client,
  findRegion,
  insertCategory,
  insertCoordinator,
  listTiers,
  updateCategory,
  updateSlaStep,
  updateTierDays,
} from '../repo.ts';
import { userIdOf, type AduanDeps } from './common.ts';

export interface CategoryInput {
  name: string;
  description?: string | null;
  keywords?: string | null;
  groupName?: string | null;
  competence: Competence;
  opdId?: string | null;
  tierCode: string;
  open311Type?: 'realtime' | 'batch';
  active?: boolean;
}

async function checkCategory(deps: AduanDeps, input: Partial<CategoryInput>): Promise<FieldError[]> {
  const errors: FieldError[] = [];
  if (input.tierCode !== undefined && !(await listTiers(deps.db)).some((t) => t.code === input.tierCode)) errors.push({ field: 'tierCode', messageKey: 'aduan.error.tier_unknown' });
  if (input.opdId) {
    const opd = await findOpdById(deps.db, input.opdId);
    if (!opd || !opd.active) errors.push({ field: 'opdId', messageKey: 'aduan.error.opd_unknown' });
  }
  return errors;
}

/** Adds a category: a routing rule (competence, provincial agency, resolution tier) and an Open311 service. */
export async function createCategory(deps: AduanDeps, audit: AuditContext, input: CategoryInput & { code: string }): Promise<void> {
  ensure(audit.actor, platformPolicy.aduanManageSettings(audit.actor));
  const errors = await checkCategory(deps, input);
  if (await findCategory(deps.db, input.code)) errors.unshift({ field: 'code', messageKey: 'aduan.error.category_exists' });
  if (errors.length) throw validationError(errors);
  const now = deps.clock.now();
  const row = {
    code: input.code,
    name: input.name.trim(),
    description: input.description?.trim() || null,
    keywords: input.keywords?.trim() || null,
    group_name: input.groupName?.trim() || null,
    competence: input.competence,
    opd_id: input.competence === 'provinsi' ? (input.opdId ?? null) : null,
    tier_code: input.tierCode,
    open311_type: input.open311Type ?? 'realtime',
    active: input.active ?? true,
  };
  await deps.db.transaction().execute(async (tx) => {
    await insertCategory(tx, { ...row, created_at: now, updated_at: now });
    await recordAudit(tx, deps.clock, audit, { action: 'aduan.category_created', targetType: 'aduan_category', targetId: input.code, after: row });
  });
}

export async function changeCategory(deps: AduanDeps, audit: AuditContext, code: string, input: Partial<CategoryInput>): Promise<void> {
  ensure(audit.actor, platformPolicy.aduanManageSettings(audit.actor));
  const before = await findCategory(deps.db, code);
  if (!before) throw new AppError('not_found', 'error.not_found');
  const errors = await checkCategory(deps, input);
  if (errors.length) throw validationError(errors);
  const competence = input.competence ?? before.competence;
  const changes = {
    ...(input.name !== undefined ? { name: input.name.trim() } : {}),
    ...(input.description !== undefined ? { description: input.description?.trim() || null } : {}),
    ...(input.keywords !== undefined ? { keywords: input.keywords?.trim() || null } : {}),
    ...(input.groupName !== undefined ? { group_name: input.groupName?.trim() || null } : {}),
    competence,
    opd_id: competence === 'provinsi' ? (input.opdId !== undefined ? input.opdId : before.opd_id) : null,
    ...(input.tierCode !== undefined ? { tier_code: input.tierCode } : {}),
    ...(input.open311Type !== undefined ? { open311_type: input.open311Type } : {}),
    ...(input.active !== undefined ? { active: input.active } : {}),
  };
  await deps.db.transaction().execute(async (tx) => {
    await updateCategory(tx, code, { ...changes, updated_at: deps.clock.now() });
    await recordAudit(tx, deps.clock, audit, {
      action: 'aduan.category_updated',
      targetType: 'aduan_category',
      targetId: code,
      before: { name: before.name, competence: before.competence, opd_id: before.opd_id, tier_code: before.tier_code, open311_type: before.open311_type, active: before.active },
      after: changes,
    });
  });
}

/** Makes an agency a coordinator: its staff verify new reports (of one regency/city, or all). */
export async function addCoordinator(deps: AduanDeps, audit: AuditContext, input: { opdId: string; regionCode?: string | null }): Promise<void> {
  ensure(audit.actor, platformPolicy.aduanManageSettings(audit.actor));
  const errors: FieldError[] = [];
  const opd = await findOpdById(deps.db, input.opdId);
  if (!opd || !opd.active) errors.push({ field: 'opdId', messageKey: 'aduan.error.opd_unknown' });
  if (input.regionCode) {
    const region = await findRegion(deps.db, input.regionCode);
    if (!region || (region.kind !== 'kabupaten' && region.kind !== 'kota')) errors.push({ field: 'regionCode', messageKey: 'aduan.error.region_unknown' });
  }
  if (errors.length) throw validationError(errors);
  await deps.db.transaction().execute(async (tx) => {
    const added = await insertCoordinator(tx, { opd_id: input.opdId, region_code: input.regionCode || null, created_at: deps.clock.now() });
    if (!added) throw validationError([{ field: 'opdId', messageKey: 'aduan.error.coordinator_exists' }]);
    await recordAudit(tx, deps.clock, audit, { action: 'aduan.coordinator_added', targetType: 'aduan_coordinator', targetId: input.opdId, opdId: input.opdId, after: { regionCode: input.regionCode || null } });
  });
}

export async function removeCoordinator(deps: AduanDeps, audit: AuditContext, opdId: string): Promise<void> {
  ensure(audit.actor, platformPolicy.aduanManageSettings(audit.actor));
  await deps.db.transaction().execute(async (tx) => {
    if (!(await deleteCoordinator(tx, opdId))) throw new AppError('not_found', 'error.not_found');
    await recordAudit(tx, deps.clock, audit, { action: 'aduan.coordinator_removed', targetType: 'aduan_coordinator', targetId: opdId, opdId });
  });
}

/** Changes deadlines (working days) for the province: the steps and the resolution tiers. */
export async function changeSla(deps: AduanDeps, audit: AuditContext, input: { steps?: Partial<Record<SlaStep, number>>; tiers?: Record<string, number> }): Promise<void> {
  ensure(audit.actor, platformPolicy.aduanManageSettings(audit.actor));
  const tiers = new Set((await listTiers(deps.db)).map((t) => t.code));
  const unknown = Object.keys(input.tiers ?? {}).filter((c) => !tiers.has(c));
  if (unknown.length) throw validationError(unknown.map((c) => ({ field: `tier_${c}`, messageKey: 'aduan.error.tier_unknown' })));
  await deps.db.transaction().execute(async (tx) => {
    const now = deps.clock.now();
    for (const [step, days] of Object.entries(input.steps ?? {})) if (days !== undefined) await updateSlaStep(tx, step, days, now);
    for (const [code, days] of Object.entries(input.tiers ?? {})) await updateTierDays(tx, code, days, now);
    await recordAudit(tx, deps.clock, audit, { action: 'aduan.sla_changed', targetType: 'aduan_sla', targetId: deps.config.province, after: input });
  });
}

export const OPEN311_KEY_PATTERN = /^o311_([A-Za-z0-9]{8})_([A-Za-z0-9_-]{20,})$/;

/** `o311_<8-character prefix>_<secret>`: the prefix lets admins recognise a key without holding it. */
export function newOpen311Key(deps: Pick<AduanDeps, 'ids'>): { prefix: string; apiKey: string } {
  const prefix = deps.ids.token(9).replace(/[^A-Za-z0-9]/g, '').padEnd(8, '0').slice(0, 8);
  return { prefix, apiKey: `o311_${prefix}_${deps.ids.token(24)}` };
}

/** Issues an Open311 API key to a client system; the key is shown once and only its hash kept. */
export async function issueOpen311Key(deps: AduanDeps, audit: AuditContext, input: { name: string; opdId?: string | null }): Promise<{ clientId: string; apiKey: string }> {
  ensure(audit.actor, platformPolicy.aduanManageSettings(audit.actor));
  if (input.opdId && !(await findOpdById(deps.db, input.opdId))) throw validationError([{ field: 'opdId', messageKey: 'aduan.error.opd_unknown' }]);
  const { prefix, apiKey } = newOpen311Key(deps);
  const clientId = deps.ids.uuid();
  await deps.db.transaction().execute(async (tx) => {
    await tx
      .insertInto('aduan_open311_client')
      .values({ id: clientId, name: input.name.trim(), opd_id: input.opdId ?? null, key_prefix: prefix, key_hash: sha256(apiKey), created_by: userIdOf(audit.actor), created_at: deps.clock.now() })
      .execute();
    await recordAudit(tx, deps.clock, audit, { action: 'aduan.open311_key_issued', targetType: 'aduan_open311_client', targetId: clientId, opdId: input.opdId ?? null, after: { name: input.name.trim(), keyPrefix: prefix } });
  });
  return { clientId, apiKey };
}

export async function revokeOpen311Key(deps: AduanDeps, audit: AuditContext, clientId: string): Promise<void> {
  ensure(audit.actor, platformPolicy.aduanManageSettings(audit.actor));
  const client = await findOpen311Client(deps.db, clientId);
  if (!client) throw new AppError('not_found', 'error.not_found');
  if (client.revoked_at) return;
  await deps.db.transaction().execute(async (tx) => {
    await tx.updateTable('aduan_open311_client').set({ revoked_at: deps.clock.now() }).where('id', '=', clientId).execute();
    await recordAudit(tx, deps.clock, audit, { action: 'aduan.open311_key_revoked', targetType: 'aduan_open311_client', targetId: clientId, opdId: client.opd_id });
  });
}
