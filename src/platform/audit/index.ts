import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { auditRowsForTarget } from './repo.ts';
import { toEntries, type AuditEntry } from './use-cases/search-audit-log.ts';
import { auditChanges, type AuditChange } from './changes.ts';

export { recordAudit, type AuditContext, type AuditEntry as AuditRecordInput } from './record-audit.ts';
export { auditChanges, describeChanges, formatAuditValue, type AuditChange } from './changes.ts';
export type { AuditEntry } from './use-cases/search-audit-log.ts';
export { AuditTrail } from './views/audit-pages.tsx';

export type AuditHistoryItem = AuditEntry & { changes: AuditChange[] };

/**
 * A record's edit history (who changed what, when), newest first, for a module's detail page.
 * It checks no policy: call it only after the caller's own use case has allowed reading the
 * record. Secrets are already scrubbed; at most `limit` entries (200 by default).
 */
export async function listAuditForTarget(db: Kysely<DB>, targetType: string, targetId: string, limit = 200): Promise<AuditHistoryItem[]> {
  const entries = await toEntries(db, await auditRowsForTarget(db, targetType, targetId, limit));
  return entries.map((e) => ({ ...e, changes: auditChanges(e.before, e.after) }));
}
