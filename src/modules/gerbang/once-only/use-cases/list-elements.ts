import type { Actor } from '../../../../platform/auth/actor.ts';
import { ensure } from '../../../../platform/auth/policy.ts';
import { notFound } from '../../../../platform/http/errors.ts';
import { onceOnlyPolicy } from '../policy.ts';
import { findElement, listElements as listElementRows, type ElementRow } from '../repo.ts';
import type { OnceOnlyDeps } from './context.ts';

/** The registry of authoritative sources: every data element and the service that is its source. */
export async function listElements(deps: OnceOnlyDeps, actor: Actor | null, filter: { search?: string; activeOnly?: boolean } = {}): Promise<ElementRow[]> {
  ensure(actor, onceOnlyPolicy.readElements(actor));
  return listElementRows(deps.db, filter);
}

export async function getElement(deps: OnceOnlyDeps, actor: Actor | null, id: string): Promise<ElementRow> {
  ensure(actor, onceOnlyPolicy.readElements(actor));
  const row = await findElement(deps.db, id);
  if (!row) throw notFound();
  return row;
}
