import type { Deps } from '../../deps.ts';
import { notFound } from '../../http/errors.ts';
import { childrenOf, findOpd, nameHistory } from '../repo.ts';

export async function getOpd(deps: Pick<Deps, 'db'>, id: string) {
  const opd = await findOpd(deps.db, id);
  if (!opd) throw notFound();
  const [history, children] = await Promise.all([nameHistory(deps.db, id), childrenOf(deps.db, id)]);
  return { ...opd, history, children };
}

export type OpdDetail = Awaited<ReturnType<typeof getOpd>>;
