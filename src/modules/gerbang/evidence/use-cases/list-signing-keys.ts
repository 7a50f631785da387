import type { Deps } from '../../../../platform/deps.ts';
import { publicKeyPem } from '../keys.ts';
import * as repo from '../repo.ts';

/** The public keys that sign seals: public, so anyone can check a proof against them. */
export async function listSigningKeys(deps: Pick<Deps, 'db'>) {
  const rows = await repo.listKeys(deps.db);
  return rows.map((k) => ({
    keyId: k.id,
    algorithm: k.algorithm,
    spki: k.public_key,
    pem: publicKeyPem(k.public_key),
    createdAt: k.created_at.toISOString(),
    retiredAt: k.retired_at?.toISOString() ?? null,
  }));
}
