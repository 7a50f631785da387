import type { Deps } from './platform/deps.ts';
import { modules } from './modules.ts';
import type { DemoResult } from './platform/http/app.tsx';

/**
 * Loads every module's synthetic demo data, in module order, and merges what each reports a
 * person or script needs next (accounts, tokens, ids) into one object.
 */
export async function seedDemo(deps: Deps): Promise<DemoResult> {
  const result: DemoResult = { synthetic: true, accounts: [], apiTokens: [], modules: {} };
  for (const module of modules) {
    if (!module.seedDemo) continue;
    const part = await module.seedDemo(deps, result);
    result.accounts.push(...(part.accounts ?? []));
    result.apiTokens.push(...(part.apiTokens ?? []));
    if (part.data) result.modules[module.name] = part.data;
  }
  return result;
}
