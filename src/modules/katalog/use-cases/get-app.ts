import type { Deps } from '../../../platform/deps.ts';
import type { Actor } from '../../../platform/auth/actor.ts';
import { ensure } from '../../../platform/auth/policy.ts';
import { notFound } from '../../../platform/http/errors.ts';
import { katalogPolicy } from '../policy.ts';
import { appCodes, findApp } from '../repo.ts';
import { rowsToCodes } from './app-input.ts';

/**
 * One app, if the actor may read it. Another agency's app answers 404 to agency staff (they
 * learn nothing about it) and 401 to anonymous callers.
 */
export async function getApp(deps: Pick<Deps, 'db'>, actor: Actor | null, appId: string) {
  const app = await findApp(deps.db, appId);
  ensure(actor, katalogPolicy.readableOpdIds(actor) === 'all' || (katalogPolicy.readableOpdIds(actor) as string[]).length > 0);
  if (!app || !katalogPolicy.read(actor, app.opd_id)) throw notFound();
  return { ...app, codes: rowsToCodes(await appCodes(deps.db, [appId])) };
}

export type AppDetail = Awaited<ReturnType<typeof getApp>>;
