import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';

/**
 * When two agencies merge, every module moves the records it owns (apps, services, cases…) from
 * the old agency to the new one, in the merge's own transaction so a merge is all or nothing.
 * Modules register a handler at import time; the platform moves grants and tokens itself.
 */
export type OpdMergeHandler = (tx: Kysely<DB>, merge: { fromId: string; toId: string; at: Date }) => Promise<void>;

const handlers: { name: string; handler: OpdMergeHandler }[] = [];

export function registerOpdMergeHandler(name: string, handler: OpdMergeHandler): void {
  if (!handlers.some((h) => h.name === name)) handlers.push({ name, handler });
}

export function opdMergeHandlers(): readonly { name: string; handler: OpdMergeHandler }[] {
  return handlers;
}
