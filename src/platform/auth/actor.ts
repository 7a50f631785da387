import type { Role } from '../db/schema.ts';

export interface Grant {
  role: Role;
  /** The agency the role applies to; null for global roles (admin, auditor, tim_spbe, warga). */
  opdId: string | null;
}

/** Whoever makes a request: a signed-in person or an agency system with an API token. */
export type Actor =
  | { kind: 'user'; userId: string; name: string; email: string; grants: Grant[]; sessionHash?: string }
  | { kind: 'token'; tokenId: string; name: string; opdId: string; scopes: string[]; grants: Grant[] };

export function actorLabel(actor: Actor): string {
  return actor.kind === 'user' ? actor.email : `token:${actor.name}`;
}

export function actorRoles(actor: Actor): string[] {
  return [...new Set(actor.grants.map((g) => (g.opdId ? `${g.role}@${g.opdId}` : g.role)))];
}
