import type { Deps } from '../../../../platform/deps.ts';
import type { Actor } from '../../../../platform/auth/actor.ts';
import { getApp } from '../../use-cases/get-app.ts';
import { assessmentsForApp } from '../repo.ts';

/** An app's TIME assessments, newest first, for whoever may read the app. */
export async function listAppAssessments(deps: Pick<Deps, 'db'>, actor: Actor | null, appId: string) {
  const app = await getApp(deps, actor, appId);
  return { app, items: await assessmentsForApp(deps.db, app.id) };
}
