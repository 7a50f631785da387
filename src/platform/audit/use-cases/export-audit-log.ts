import type { Deps } from '../../deps.ts';
import type { Actor } from '../../auth/actor.ts';
import { ensure, platformPolicy } from '../../auth/policy.ts';
import { searchAuditRows } from '../repo.ts';
import { auditFilter, toEntries, type AuditEntry, type AuditSearchInput } from './search-audit-log.ts';

export const MAX_EXPORT_ROWS = 100_000;
const BATCH = 1000;

/**
 * Every matching record, newest first, in batches, up to MAX_EXPORT_ROWS. The policy and the
 * filters are checked before this returns, so a refusal is an error response and never a
 * half-written download. Each batch is its own query, so a long download holds no transaction.
 */
export function exportAuditLog(
  deps: Pick<Deps, 'db' | 'config'>,
  actor: Actor | null,
  input: Omit<AuditSearchInput, 'limit'>,
  maxRows = MAX_EXPORT_ROWS,
): AsyncGenerator<AuditEntry[]> {
  ensure(actor, platformPolicy.readAudit(actor));
  const filter = auditFilter(input, deps.config.timeZone);
  return (async function* () {
    let beforeId = filter.beforeId;
    let left = maxRows;
    while (left > 0) {
      const rows = await searchAuditRows(deps.db, { ...filter, beforeId, limit: Math.min(BATCH, left) });
      if (rows.length === 0) return;
      yield await toEntries(deps.db, rows);
      left -= rows.length;
      if (rows.length < BATCH) return;
      beforeId = String(rows[rows.length - 1]!.id);
    }
  })();
}
