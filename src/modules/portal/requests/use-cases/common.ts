import type { Kysely } from 'kysely';
import type { DB } from '../../../../platform/db/schema.ts';
import type { Deps } from '../../../../platform/deps.ts';
import type { Actor } from '../../../../platform/auth/actor.ts';
import { AppError } from '../../../../platform/http/errors.ts';
import { localDay } from '../../local-day.ts';
import { parseFormDefinition, type FormDefinition } from '../form-definition.ts';
import { ensureOwnRequest } from '../policy.ts';
import { findRequest, type RequestRow } from '../repo.ts';
import '../messages.ts';

export type RequestDeps = Pick<Deps, 'db' | 'clock' | 'ids' | 'config' | 'mail' | 'logger'>;

/** The signed-in citizen's own request (others: not found). */
export async function loadOwnRequest(db: Kysely<DB>, actor: Actor | null, requestId: string): Promise<RequestRow> {
  const row = /^[0-9a-f-]{36}$/i.test(requestId) ? await findRequest(db, requestId) : undefined;
  return ensureOwnRequest(actor, row);
}

/** A stored form definition (validated when staff saved it; checked again, since rows outlive code). */
export function definitionOf(json: unknown): FormDefinition {
  const parsed = parseFormDefinition(json);
  if ('errors' in parsed) throw new AppError('internal', 'portal.request.form_broken');
  return parsed.definition;
}

export const todayIn = (deps: Pick<Deps, 'clock' | 'config'>): string => localDay(deps.clock.now(), deps.config.timeZone);
