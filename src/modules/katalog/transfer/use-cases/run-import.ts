import type { Kysely } from 'kysely';
import type { Deps } from '../../../../platform/deps.ts';
import type { DB } from '../../../../platform/db/schema.ts';
import type { Actor } from '../../../../platform/auth/actor.ts';
import { loadGrants } from '../../../../platform/auth/sessions.ts';
import { recordAudits, type AuditContext, type AuditEntry } from '../../../../platform/audit/record-audit.ts';
import { katalogPolicy } from '../../policy.ts';
import { archCodesOfKind } from '../../repo.ts';
import type { CodeUsage } from '../../db.ts';
import { CODE_COLUMNS, splitList } from '../columns.ts';
import type { StoredProblem } from '../db.ts';
import * as repo from '../repo.ts';
import { readTable, TableError } from '../table.ts';

/** A file already read by the caller (an inline run), so it is not parsed twice. */
export type ParsedTable = ReturnType<typeof readTable>;
import {
  AgencyIndex,
  AUDIT_FIELD,
  changes,
  checkMergeChains,
  mergeDepth,
  readHeader,
  rowKey,
  toRecord,
  validateRow,
  type AppState,
  type ExistingApp,
  type Problem,
  type RowPlan,
  type RowRecord,
} from '../validate.ts';

/** Rows validated, or written, per step: one progress update and a handful of statements each. */
export const BATCH_SIZE = 1000;

export type ImportDeps = Pick<Deps, 'db' | 'clock' | 'ids' | 'logger'>;
export type ProgressListener = (p: { status: 'validating' | 'writing'; processed: number; total: number }) => void | Promise<void>;

/** The actor as stored with an import, so a background worker acts with the same rights. */
export type StoredActor = Omit<Extract<Actor, { kind: 'user' }>, 'sessionHash'> | Extract<Actor, { kind: 'token' }>;

export function storeActor(actor: Actor): StoredActor {
  if (actor.kind === 'user') return { kind: 'user', userId: actor.userId, name: actor.name, email: actor.email, grants: actor.grants };
  return actor;
}

/** A user's rights as they are now (a grant revoked since the upload no longer counts). */
async function currentActor(db: Kysely<DB>, stored: StoredActor | null): Promise<Actor | null> {
  if (!stored || stored.kind === 'token') return stored;
  return { ...stored, grants: await loadGrants(db, stored.userId) };
}

/** What the importer may do; with no actor, the operator at the command line may do everything. */
function rights(actor: Actor | null) {
  if (!actor) return { mayOwn: () => true, mayChange: () => true };
  return {
    mayOwn: (opdId: string | null) => katalogPolicy.edit(actor, opdId) || (opdId === null && katalogPolicy.rationalise(actor)),
    mayChange: (app: ExistingApp) => katalogPolicy.edit(actor, app.opd_id) || (app.opd_id === null && katalogPolicy.rationalise(actor)),
  };
}

const stored = (p: Problem): StoredProblem => ({ row: p.row, column: p.column, key: p.key, ...(p.params ? { params: p.params } : {}) });
const byRowAndColumn = (a: Problem, b: Problem) => a.row - b.row;

class StaleRows extends Error {
  constructor(readonly problems: Problem[]) {
    super('stale rows');
  }
}

interface Counts {
  created: number;
  updated: number;
  unchanged: number;
  error_rows: number;
}

/**
 * Runs an uploaded import to the end: checks every row (a dry run stops there), then writes.
 * By default any row error means nothing is written; with `partial` the valid rows are written.
 * Writing is batched (multi-row statements); without `partial` it is one transaction, so a failure
 * half-way leaves nothing behind. Safe to run again for the same import (a retried job): a
 * finished import is left alone.
 */
export async function runImport(deps: ImportDeps, importId: string, onProgress?: ProgressListener, parsed?: ParsedTable): Promise<void> {
  const record = await repo.findImport(deps.db, importId);
  if (!record || record.status === 'done' || record.status === 'failed') return;
  const content = parsed ? null : await repo.importContent(deps.db, importId);
  let somethingCommitted = false;
  try {
    const actor = await currentActor(deps.db, record.actor as StoredActor | null);
    const audit: AuditContext = { actor, requestId: record.request_id ?? undefined, ip: record.ip ?? undefined, system: actor ? undefined : record.actor_label };
    const progress = async (status: 'validating' | 'writing', processed: number, total: number) => {
      await repo.setImportProgress(deps.db, importId, { status, processed, total });
      await onProgress?.({ status, processed, total });
    };
    await repo.setImportProgress(deps.db, importId, { status: 'validating', processed: 0, started_at: deps.clock.now() });

    let table = parsed;
    try {
      table ??= readTable(content ?? Buffer.alloc(0));
    } catch (error) {
      if (!(error instanceof TableError)) throw error;
      const key = error.reason === 'empty' ? 'katalog.transfer.file_empty' : 'katalog.transfer.file_unreadable';
      return await finish(deps, importId, 'rejected', 0, { created: 0, updated: 0, unchanged: 0, error_rows: 0 }, [{ row: 1, column: null, key }]);
    }
    const [header, ...rows] = table.rows;
    const total = rows.length;
    const head = readHeader(header!);
    if (head.problems.length) return await finish(deps, importId, 'rejected', total, { created: 0, updated: 0, unchanged: 0, error_rows: 0 }, head.problems);
    const records = rows.map((row) => toRecord(row, head.columns));

    // ---- Check every row ----
    const { plans, problems } = await validateAll(deps, records, actor, (processed) => progress('validating', processed, total));
    const errorRows = new Set(problems.map((p) => p.row)).size;
    const counts: Counts = { created: 0, updated: 0, unchanged: 0, error_rows: errorRows };
    for (const plan of plans.values()) counts[plan.action === 'create' ? 'created' : plan.action === 'update' ? 'updated' : 'unchanged']++;
    if (record.dry_run) return await finish(deps, importId, 'validated', total, counts, problems);
    if (errorRows > 0 && !record.partial) {
      return await finish(deps, importId, 'rejected', total, { created: 0, updated: 0, unchanged: 0, error_rows: errorRows }, problems);
    }

    // ---- Write ----
    const creates = [...plans.values()].filter((p) => p.action === 'create').sort((a, b) => mergeDepth(plans, a) - mergeDepth(plans, b) || a.row - b.row);
    const updates = [...plans.values()].filter((p) => p.action === 'update');
    const batches: RowPlan[][] = [];
    for (const list of [creates, updates]) for (let i = 0; i < list.length; i += BATCH_SIZE) batches.push(list.slice(i, i + BATCH_SIZE));
    let processed = total - creates.length - updates.length;
    await progress('writing', processed, total);
    const written = { created: 0, updated: 0 };
    const stale: Problem[] = [];
    const now = deps.clock.now();

    if (!record.partial) {
      try {
        await deps.db.transaction().execute(async (tx) => {
          for (const batch of batches) {
            const result = await writeBatch(tx, deps, audit, importId, batch, now);
            if (result.stale.length) throw new StaleRows(result.stale);
            written.created += result.created;
            written.updated += result.updated;
          }
          await summarise(tx, deps, audit, importId, record.filename, { ...counts, ...written });
          await finish({ ...deps, db: tx }, importId, 'imported', total, { ...counts, ...written }, problems);
        });
      } catch (error) {
        if (!(error instanceof StaleRows)) throw error;
        const all = [...problems, ...error.problems].sort(byRowAndColumn);
        return await finish(deps, importId, 'rejected', total, { created: 0, updated: 0, unchanged: 0, error_rows: new Set(all.map((p) => p.row)).size }, all);
      }
      await onProgress?.({ status: 'writing', processed: total, total });
      return;
    }

    // Partial: each batch commits on its own, so the page can show progress and the rest of the
    // application is not held up; a re-run of the same file finishes what a failure interrupted.
    for (const batch of batches) {
      const result = await deps.db.transaction().execute((tx) => writeBatch(tx, deps, audit, importId, batch, now));
      somethingCommitted = true;
      written.created += result.created;
      written.updated += result.updated;
      stale.push(...result.stale);
      processed += batch.length;
      await progress('writing', processed, total);
    }
    const all = [...problems, ...stale].sort(byRowAndColumn);
    const finalCounts = { ...counts, ...written, error_rows: new Set(all.map((p) => p.row)).size };
    await deps.db.transaction().execute(async (tx) => {
      await summarise(tx, deps, audit, importId, record.filename, finalCounts);
      await finish({ ...deps, db: tx }, importId, 'imported', total, finalCounts, all);
    });
  } catch (error) {
    deps.logger.error({ err: error, importId }, 'katalog import failed');
    await repo.finishImport(deps.db, importId, {
      status: 'failed',
      outcome: null,
      processed: 0,
      created: 0,
      updated: 0,
      unchanged: 0,
      error_rows: 0,
      problems: [],
      error_key: record.partial && somethingCommitted ? 'katalog.transfer.failed_partial' : 'katalog.transfer.failed',
      finished_at: deps.clock.now(),
    });
  }
}

async function finish(deps: Pick<ImportDeps, 'db' | 'clock'>, importId: string, outcome: 'validated' | 'imported' | 'rejected', total: number, counts: Counts, problems: Problem[]) {
  await repo.finishImport(deps.db, importId, {
    status: 'done',
    outcome,
    processed: total,
    total,
    ...counts,
    problems: [...problems].sort(byRowAndColumn).map(stored),
    error_key: null,
    finished_at: deps.clock.now(),
  });
}

/** One audit row for the import as a whole, beside the per-app rows. */
async function summarise(tx: Kysely<DB>, deps: Pick<ImportDeps, 'clock'>, audit: AuditContext, importId: string, filename: string, counts: Counts) {
  if (counts.created + counts.updated === 0) return;
  await recordAudits(tx, deps.clock, audit, [
    {
      action: 'katalog.import.completed',
      targetType: 'katalog_import',
      targetId: importId,
      after: { filename, created: counts.created, updated: counts.updated, unchanged: counts.unchanged, errorRows: counts.error_rows },
    },
  ]);
}

/** Looks up what the rows refer to in bulk, a batch at a time, and checks every row. */
async function validateAll(deps: ImportDeps, records: RowRecord[], actor: Actor | null, onBatch: (processed: number) => Promise<void>) {
  const fileKeys = new Map<string, { row: number; id: string }>();
  for (const r of records) {
    const key = rowKey(r);
    if (key && !fileKeys.has(key)) fileKeys.set(key, { row: r.row, id: deps.ids.uuid() });
  }
  const allCodes = new Set<string>();
  for (const r of records) {
    for (const [column] of CODE_COLUMNS) for (const c of splitList(r[column] ?? '').flatMap((s) => s.split(/\s+/))) if (c) allCodes.add(c.toUpperCase());
  }
  const [agencies, codeKinds] = await Promise.all([repo.listAgencies(deps.db), archCodesOfKind(deps.db, [...allCodes])]);
  const existing = new Map<string, ExistingApp>();
  const looked = new Set<string>();
  const ctx = { agencies: new AgencyIndex(agencies), codeKinds, existing, fileKeys, ...rights(actor) };

  const plans = new Map<number, RowPlan>();
  const problems: Problem[] = [];
  for (let i = 0; i < records.length; i += BATCH_SIZE) {
    const batch = records.slice(i, i + BATCH_SIZE);
    const wanted = new Set<string>();
    for (const r of batch) for (const k of [rowKey(r), (r.merged_into ?? '').toLowerCase()]) if (k && !looked.has(k)) wanted.add(k);
    for (const app of await repo.appsByKeys(deps.db, [...wanted])) existing.set(app.key, app);
    for (const k of wanted) looked.add(k);
    for (const r of batch) {
      const result = validateRow(r, ctx, fileKeys.get(rowKey(r))?.id ?? deps.ids.uuid());
      problems.push(...result.problems);
      if (result.plan) plans.set(r.row, result.plan);
    }
    await onBatch(Math.min(i + BATCH_SIZE, records.length));
  }
  problems.push(...checkMergeChains(plans));
  return { plans, problems: problems.sort(byRowAndColumn) };
}

const USAGES: Record<string, CodeUsage> = { raa: 'raa', rab: 'rab', ral: 'ral', radRead: 'rad_read', radWrite: 'rad_write' };

function codeRows(s: AppState) {
  return Object.entries(s.codes).flatMap(([field, list]) => list.map((code) => ({ app_id: s.id, code, usage: USAGES[field]! })));
}

function auditSnapshot(s: AppState): Record<string, unknown> {
  const out: Record<string, unknown> = { key: s.key };
  for (const [column, field] of Object.entries(AUDIT_FIELD)) out[field] = s[column as keyof AppState];
  out.codes = s.codes;
  return out;
}

/** Writes one batch (all creates or all updates) with its codes, lifecycle events and audit rows. */
async function writeBatch(tx: Kysely<DB>, deps: Pick<ImportDeps, 'clock'>, audit: AuditContext, importId: string, batch: RowPlan[], now: Date) {
  const creates = batch.filter((p) => p.action === 'create');
  const updates = batch.filter((p) => p.action === 'update');
  const entries: AuditEntry[] = [];
  const events: Parameters<typeof repo.insertLifecycleEvents>[1] = [];

  await repo.insertApps(tx, creates.map((p) => p.next), now);
  await repo.replaceCodes(tx, [], creates.flatMap((p) => codeRows(p.next)));
  for (const p of creates) {
    events.push({ app_id: p.next.id, from_lifecycle: null, to_lifecycle: p.next.lifecycle, opd_id: p.next.opd_id });
    entries.push({ action: 'katalog.app.imported', targetType: 'katalog_app', targetId: p.next.id, opdId: p.next.opd_id, after: { ...auditSnapshot(p.next), importId } });
  }

  const changed = await repo.updateApps(tx, updates.map((p) => ({ state: p.next, version: p.current!.version })), now);
  const done = updates.filter((p) => changed.has(p.next.id));
  const stale: Problem[] = updates.filter((p) => !changed.has(p.next.id)).map((p) => ({ row: p.row, column: 'key', key: 'katalog.transfer.p.stale' }));
  const withNewCodes = done.filter((p) => 'codes' in changes(p.current!, p.next).after);
  await repo.replaceCodes(tx, withNewCodes.map((p) => p.next.id), withNewCodes.flatMap((p) => codeRows(p.next)));
  for (const p of done) {
    const diff = changes(p.current!, p.next);
    if (p.current!.lifecycle !== p.next.lifecycle) events.push({ app_id: p.next.id, from_lifecycle: p.current!.lifecycle, to_lifecycle: p.next.lifecycle, opd_id: p.next.opd_id });
    entries.push({ action: 'katalog.app.imported', targetType: 'katalog_app', targetId: p.next.id, opdId: p.current!.opd_id, before: diff.before, after: { ...diff.after, importId } });
  }
  await repo.insertLifecycleEvents(tx, events, now);
  await recordAudits(tx, deps.clock, audit, entries);
  return { created: creates.length, updated: done.length, stale };
}
