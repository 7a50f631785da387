import type { Deps } from '../../deps.ts';
import type { OpdKind } from '../../db/schema.ts';
import { ensure, isAdmin, platformPolicy } from '../../auth/policy.ts';
import { AppError, notFound, validationError } from '../../http/errors.ts';
import { recordAudit, type AuditContext } from '../../audit/record-audit.ts';
import { findOpd, renameOpd } from '../repo.ts';
import { checkOpdReferences } from './check-opd-fields.ts';
import { cleanSocialMedia } from './create-opd.ts';

export interface OpdChanges {
  name?: string;
  abbreviation?: string | null;
  kind?: OpdKind;
  parentId?: string | null;
  regionCode?: string;
  website?: string | null;
  socialMedia?: Record<string, string | undefined>;
}

/** Fields that change what an agency legally is; only platform admins touch them. */
const ADMIN_ONLY = ['name', 'abbreviation', 'kind', 'parentId', 'regionCode'] as const;

/**
 * Edits an agency. Its own agency admin keeps the website and social-media accounts current;
 * renames, re-parenting and the rest follow a regulation and are for platform admins. A rename
 * closes the old name in the history.
 */
export async function updateOpd(deps: Pick<Deps, 'db' | 'clock'>, audit: AuditContext, opdId: string, changes: OpdChanges): Promise<void> {
  const actor = audit.actor;
  const current = await findOpd(deps.db, opdId);
  if (!current) throw notFound();
  ensure(actor, platformPolicy.updateOpd(actor, opdId));
  const existing = { name: current.name, abbreviation: current.abbreviation, kind: current.kind, parentId: current.parent_id, regionCode: current.region_code };
  if (!isAdmin(actor) && ADMIN_ONLY.some((f) => changes[f] !== undefined && changes[f] !== existing[f])) {
    throw new AppError('forbidden', 'opd.admin_fields_only');
  }
  if (!current.active) throw new AppError('conflict', 'error.conflict');
  const errors = await checkOpdReferences(deps.db, { regionCode: changes.regionCode, parentId: changes.parentId }, opdId);
  if (errors.length) throw validationError(errors);

  const now = deps.clock.now();
  const set = {
    ...(changes.name !== undefined ? { name: changes.name.trim() } : {}),
    ...(changes.abbreviation !== undefined ? { abbreviation: changes.abbreviation?.trim() || null } : {}),
    ...(changes.kind !== undefined ? { kind: changes.kind } : {}),
    ...(changes.parentId !== undefined ? { parent_id: changes.parentId } : {}),
    ...(changes.regionCode !== undefined ? { region_code: changes.regionCode } : {}),
    ...(changes.website !== undefined ? { website: changes.website } : {}),
    ...(changes.socialMedia !== undefined ? { social_media: cleanSocialMedia(changes.socialMedia) } : {}),
  };
  const before: Record<string, unknown> = {};
  const after: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(set)) {
    const old = (current as Record<string, unknown>)[key];
    if (JSON.stringify(old ?? null) !== JSON.stringify(value ?? null)) {
      before[key] = old;
      after[key] = value;
    }
  }
  if (Object.keys(after).length === 0) return;
  await deps.db.transaction().execute(async (tx) => {
    if ('name' in after) await renameOpd(tx, opdId, String(after.name), current.created_at, now);
    const { social_media, ...rest } = Object.fromEntries(Object.keys(after).map((k) => [k, (set as Record<string, unknown>)[k]])) as Record<string, unknown>;
    await tx
      .updateTable('opd')
      .set({ ...rest, ...(social_media !== undefined ? { social_media: JSON.stringify(social_media) } : {}), updated_at: now })
      .where('id', '=', opdId)
      .execute();
    await recordAudit(tx, deps.clock, audit, { action: 'name' in after ? 'opd.renamed' : 'opd.updated', targetType: 'opd', targetId: opdId, opdId, before, after });
  });
}
