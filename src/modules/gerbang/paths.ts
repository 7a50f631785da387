import type { EndpointMethod } from './db.ts';

/**
 * Endpoint path patterns, as rights and endpoints declare them: literal segments, `{name}` or `*`
 * for exactly one segment, and a final `**` for any remainder (also none). `GET /pasien/{nik}`
 * matches `GET /pasien/3578…` but not `/pasien` nor `/pasien/1/riwayat`; `* /**` matches all.
 */
export interface CompiledPattern {
  method: EndpointMethod;
  path: string;
  /** Higher is more specific: literal segments count most, then an exact method. */
  specificity: number;
  matches(method: string, segments: readonly string[]): boolean;
}

const PATTERN = /^\/(?:[^/?#\s]+(?:\/[^/?#\s]+)*)?$/;

export function isValidPattern(path: string): boolean {
  if (!PATTERN.test(path) || path.length > 500) return false;
  const segments = path.split('/').slice(1);
  return segments.every((s, i) => s !== '**' || i === segments.length - 1) && !segments.some((s) => s === '.' || s === '..');
}

/** Splits a request path (after the service code) into decoded segments; `undefined` if malformed. */
export function pathSegments(rawPath: string): string[] | undefined {
  if (rawPath === '' || rawPath === '/') return [];
  const trimmed = rawPath.endsWith('/') ? rawPath.slice(0, -1) : rawPath;
  const segments: string[] = [];
  for (const raw of trimmed.split('/').slice(1)) {
    try {
      segments.push(decodeURIComponent(raw));
    } catch {
      return undefined;
    }
  }
  return segments;
}

export function compilePattern(method: EndpointMethod, path: string): CompiledPattern {
  const parts = path === '/' ? [] : path.split('/').slice(1);
  const rest = parts.at(-1) === '**';
  const fixed = rest ? parts.slice(0, -1) : parts;
  const literal = fixed.map((p) => !(p === '*' || /^\{[^}]*\}$/.test(p)));
  return {
    method,
    path,
    specificity: literal.filter(Boolean).length * 4 + fixed.length * 2 + (rest ? 0 : 1) + (method === '*' ? 0 : 1) / 2,
    matches(m, segments) {
      if (method !== '*' && method !== m) return false;
      if (rest ? segments.length < fixed.length : segments.length !== fixed.length) return false;
      for (let i = 0; i < fixed.length; i++) {
        if (literal[i] ? segments[i] !== fixed[i] : segments[i] === '') return false;
      }
      return true;
    },
  };
}

/** X-Road's listMethods shows one-segment parameters as `*`. */
export function xroadPath(path: string): string {
  return path.replace(/\{[^}]*\}/g, '*');
}
