import type { Deps } from '../../../../../platform/deps.ts';
import type { Actor } from '../../../../../platform/auth/actor.ts';
import { notFound } from '../../../../../platform/http/errors.ts';
import { katalogPolicy } from '../../../policy.ts';
import { ensureKatalogReader } from '../../checks.ts';
import { findIntegration, type IntegrationRow } from '../repo.ts';

/** Both agencies of an integration read it; the consumer's side (who uses the data) records and changes it. */
export const mayReadIntegration = (actor: Actor | null, g: Pick<IntegrationRow, 'consumer_opd_id' | 'provider_opd_id'>) =>
  katalogPolicy.read(actor, g.consumer_opd_id) || katalogPolicy.read(actor, g.provider_opd_id);

export async function getIntegration(deps: Pick<Deps, 'db'>, actor: Actor | null, integrationId: string) {
  ensureKatalogReader(actor);
  const row = await findIntegration(deps.db, integrationId);
  if (!row || !mayReadIntegration(actor, row)) throw notFound();
  return row;
}

export type IntegrationDetail = IntegrationRow;
