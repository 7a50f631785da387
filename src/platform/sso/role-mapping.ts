import { AGENCY_ROLES, ROLES, type Role } from '../db/schema.ts';

/** One line of the role map: an IdP role name and the Padu grant it gives. */
export interface RoleMapping {
  idpRole: string;
  role: Role;
  /** Agency code (`opd.code`, e.g. `diskominfo`) for agency roles; null for global roles. */
  opdCode: string | null;
}

/** A Padu grant asked for by the IdP, before the agency code is resolved to an id. */
export interface WantedGrant {
  role: Role;
  opdCode: string | null;
}

/**
 * Parses `PADU_OIDC_ROLE_MAP`: comma- (or newline-) separated `idpRole=role` or
 * `idpRole=role@opdCode` entries. An IdP role may appear several times to give several grants.
 * Mistakes throw at start-up with the offending entry, so a typo never silently drops a grant.
 */
export function parseRoleMap(text: string): RoleMapping[] {
  const mappings: RoleMapping[] = [];
  for (const raw of text.split(/[,\n]/)) {
    const entry = raw.trim();
    if (!entry) continue;
    const eq = entry.indexOf('=');
    const idpRole = eq > 0 ? entry.slice(0, eq).trim() : '';
    const target = eq > 0 ? entry.slice(eq + 1).trim() : '';
    if (!idpRole || !target) throw new Error(`PADU_OIDC_ROLE_MAP: "${entry}" is not idpRole=role or idpRole=role@opdCode`);
    const [roleText, opdCode, ...rest] = target.split('@').map((s) => s.trim());
    if (rest.length) throw new Error(`PADU_OIDC_ROLE_MAP: "${entry}" has more than one @`);
    if (!(ROLES as readonly string[]).includes(roleText!)) {
      throw new Error(`PADU_OIDC_ROLE_MAP: "${entry}": unknown Padu role "${roleText}" (one of ${ROLES.join(', ')})`);
    }
    const role = roleText as Role;
    const agencyRole = (AGENCY_ROLES as readonly Role[]).includes(role);
    if (agencyRole && !opdCode) throw new Error(`PADU_OIDC_ROLE_MAP: "${entry}": ${role} needs an agency, e.g. ${idpRole}=${role}@diskominfo`);
    if (!agencyRole && opdCode !== undefined) throw new Error(`PADU_OIDC_ROLE_MAP: "${entry}": ${role} is province-wide and takes no @agency`);
    mappings.push({ idpRole, role, opdCode: opdCode ?? null });
  }
  return mappings;
}

/**
 * Reads the roles claim. `path` is a dot path (`realm_access.roles`,
 * `resource_access.padu.roles`); a claim whose own name contains dots (a URL-style claim) is
 * found by its full name first. Anything that is not a string or a list of strings counts as no
 * roles.
 */
export function rolesFromClaims(claims: Record<string, unknown>, path: string): string[] {
  let value: unknown = claims[path];
  if (value === undefined) {
    value = claims;
    for (const part of path.split('.')) {
      value = value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>)[part] : undefined;
    }
  }
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string');
  return [];
}

/** The Padu grants the IdP roles map to, without duplicates. Unmapped IdP roles are ignored. */
export function mapRoles(idpRoles: readonly string[], mappings: readonly RoleMapping[]): WantedGrant[] {
  const have = new Set(idpRoles);
  const seen = new Set<string>();
  const grants: WantedGrant[] = [];
  for (const m of mappings) {
    const key = `${m.role}@${m.opdCode ?? ''}`;
    if (!have.has(m.idpRole) || seen.has(key)) continue;
    seen.add(key);
    grants.push({ role: m.role, opdCode: m.opdCode });
  }
  return grants;
}
