import type { Readable } from 'node:stream';
import type { Deps } from '../../../../platform/deps.ts';
import type { Actor } from '../../../../platform/auth/actor.ts';
import { AppError } from '../../../../platform/http/errors.ts';
import { openFile, type StoredFile } from '../../../../platform/files/index.ts';
import { caseAccess } from '../policy.ts';
import { findDocument } from '../repo.ts';

/**
 * A document of a request (the citizen's uploads, the agency's results), for the request's agency
 * (and readers of every agency) and for the citizen it belongs to. Anyone else: not found.
 */
export async function openRequestDocument(deps: Pick<Deps, 'db' | 'config' | 'logger'>, actor: Actor | null, requestId: string, documentId: string): Promise<{ file: StoredFile; stream: Readable }> {
  if (!actor) throw new AppError('unauthorized', 'error.unauthorized');
  const doc = await findDocument(deps.db, requestId, documentId);
  if (!doc) throw new AppError('not_found', 'error.not_found');
  const owner = actor.kind === 'user' && actor.userId === doc.citizen_id;
  const allowed = owner || (doc.status !== 'draft' && caseAccess(actor, doc.opd_id).read);
  return openFile(deps, actor, doc.file_id, () => allowed);
}
