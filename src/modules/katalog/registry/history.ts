import type { Kysely } from 'kysely';
import type { DB } from '../../../platform/db/schema.ts';
import { listAuditForTarget } from '../../../platform/audit/index.ts';
import { HistoryOut } from '../schemas.ts';

export { HistoryOut };

/** A registry record's edit history for the API (call only after the record was read under policy). */
export async function presentHistory(db: Kysely<DB>, targetType: string, id: string) {
  const items = await listAuditForTarget(db, targetType, id);
  return {
    items: items.map((i) => ({
      at: new Date(i.at).toISOString(),
      actor: i.actorLabel,
      action: i.action,
      before: (i.before ?? null) as Record<string, unknown> | null,
      after: (i.after ?? null) as Record<string, unknown> | null,
    })),
  };
}
