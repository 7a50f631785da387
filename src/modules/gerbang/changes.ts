import { sql, type Kysely } from 'kysely';
import type { DB } from '../../platform/db/schema.ts';

/**
 * How the data plane learns that the control plane changed. Every change bumps one counter row
 * in its own transaction (other processes poll it), and, after commit, tells this process's
 * gateways at once so the next call already sees the change.
 */
const listeners = new Set<() => void>();

export function onGerbangChange(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Call after the transaction that changed gerbang data has committed. */
export function gerbangChanged(): void {
  for (const listener of listeners) listener();
}

/** Call inside the transaction that changes gerbang data. */
export async function bumpGerbangVersion(tx: Kysely<DB>): Promise<void> {
  await sql`UPDATE gerbang_state SET version = version + 1 WHERE id = 1`.execute(tx);
}
