import type { Deps } from '../../../../../platform/deps.ts';
import type { ArchKind } from '../../../db.ts';
import { listCodes, type CodeRow } from '../repo.ts';

export interface CodeNode extends CodeRow {
  children: CodeNode[];
}

/** The reference codes of one kind (or all) as a tree: national levels 1-2, province levels 3-4. Public. */
export async function codeTree(deps: Pick<Deps, 'db'>, kind?: ArchKind): Promise<CodeNode[]> {
  const rows = await listCodes(deps.db, kind);
  const nodes = new Map(rows.map((r) => [r.code, { ...r, children: [] as CodeNode[] }]));
  const roots: CodeNode[] = [];
  for (const node of nodes.values()) {
    const parent = node.parent_code ? nodes.get(node.parent_code) : undefined;
    if (parent) parent.children.push(node);
    else roots.push(node);
  }
  return roots;
}
