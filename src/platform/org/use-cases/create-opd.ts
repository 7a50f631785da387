import type { Deps } from '../../deps.ts';
import type { OpdKind } from '../../db/schema.ts';
import { ensure, platformPolicy } from '../../auth/policy.ts';
import { validationError } from '../../http/errors.ts';
import { recordAudit, type AuditContext } from '../../audit/record-audit.ts';
import { findOpdByCode } from '../repo.ts';
import { checkOpdReferences } from './check-opd-fields.ts';

export interface NewOpd {
  code: string;
  name: string;
  abbreviation?: string;
  kind: OpdKind;
  parentId?: string;
  regionCode: string;
  website?: string;
  socialMedia?: Record<string, string | undefined>;
}

export function cleanSocialMedia(input: Record<string, string | undefined> | undefined): Record<string, string> {
  return Object.fromEntries(Object.entries(input ?? {}).filter((e): e is [string, string] => typeof e[1] === 'string' && e[1].trim() !== ''));
}

export async function createOpd(deps: Pick<Deps, 'db' | 'clock' | 'ids'>, audit: AuditContext, input: NewOpd): Promise<{ opdId: string }> {
  ensure(audit.actor, platformPolicy.createOpd(audit.actor));
  const errors = await checkOpdReferences(deps.db, { regionCode: input.regionCode, parentId: input.parentId });
  if (await findOpdByCode(deps.db, input.code)) errors.unshift({ field: 'code', messageKey: 'opd.code_taken' });
  if (errors.length) throw validationError(errors);
  const now = deps.clock.now();
  const row = {
    id: deps.ids.uuid(),
    code: input.code,
    name: input.name.trim(),
    abbreviation: input.abbreviation?.trim() || null,
    kind: input.kind,
    parent_id: input.parentId ?? null,
    region_code: input.regionCode,
    website: input.website ?? null,
    social_media: cleanSocialMedia(input.socialMedia),
    source_confidence: null,
    merged_into_id: null,
    created_at: now,
    updated_at: now,
  };
  await deps.db.transaction().execute(async (tx) => {
    await tx.insertInto('opd').values({ ...row, social_media: JSON.stringify(row.social_media) }).execute();
    await tx.insertInto('opd_name_history').values({ opd_id: row.id, name: row.name, valid_from: now, valid_to: null }).execute();
    await recordAudit(tx, deps.clock, audit, { action: 'opd.created', targetType: 'opd', targetId: row.id, opdId: row.id, after: row });
  });
  return { opdId: row.id };
}
