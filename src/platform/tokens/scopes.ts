import type { Locale } from '../i18n/index.ts';

/** One permission an agency system can be given, described for the person who creates its token. */
export interface ApiScope {
  /** `<area>:<action>`, e.g. `katalog:read`. */
  scope: string;
  description: Record<Locale, string>;
}

const SCOPE_PATTERN = /^[a-z][a-z0-9-]*:[a-z][a-z0-9-]*$/;

/**
 * Every scope a token may carry. Modules add theirs with `registerScopes` when they are imported
 * (before the app starts answering), so the create form and the API validate against one list.
 */
export const API_SCOPES: ApiScope[] = [];

/** Adds scopes to the registry; registering the same scope again with the same text is a no-op. */
export function registerScopes(...scopes: ApiScope[]): void {
  for (const s of scopes) {
    if (!SCOPE_PATTERN.test(s.scope)) throw new Error(`Invalid API scope name: ${s.scope}`);
    const existing = API_SCOPES.find((e) => e.scope === s.scope);
    if (existing) {
      if (existing.description.id !== s.description.id || existing.description.en !== s.description.en) {
        throw new Error(`API scope registered twice with different descriptions: ${s.scope}`);
      }
      continue;
    }
    API_SCOPES.push({ scope: s.scope, description: { ...s.description } });
  }
}

export function isKnownScope(scope: string): boolean {
  return API_SCOPES.some((s) => s.scope === scope);
}

/** The registry sorted by name, for pickers and the API. */
export function listScopes(): ApiScope[] {
  return [...API_SCOPES].sort((a, b) => a.scope.localeCompare(b.scope));
}

registerScopes(
  { scope: 'katalog:read', description: { id: 'Membaca katalog layanan, aplikasi, dan data', en: 'Read the catalogue of services, applications and data' } },
  { scope: 'katalog:write', description: { id: 'Menambah dan mengubah entri katalog perangkat daerah ini', en: "Add and change this agency's catalogue entries" } },
  { scope: 'gerbang:call', description: { id: 'Memanggil layanan melalui gerbang integrasi (API gateway)', en: 'Call services through the integration gateway' } },
  { scope: 'portal:read', description: { id: 'Membaca konten portal dan permohonan layanan', en: 'Read portal content and service applications' } },
  { scope: 'portal:write', description: { id: 'Menerbitkan konten portal dan memproses permohonan layanan', en: 'Publish portal content and process service applications' } },
  { scope: 'aduan:read', description: { id: 'Membaca aduan yang ditujukan ke perangkat daerah ini', en: 'Read complaints addressed to this agency' } },
  { scope: 'aduan:write', description: { id: 'Menanggapi dan memperbarui status aduan', en: 'Respond to complaints and update their status' } },
);
