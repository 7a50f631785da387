import { HTTP_METHODS, type HttpMethod } from './db.ts';
import { isValidPattern } from './paths.ts';

/**
 * Reading OpenAPI 3 descriptions: the title, the version and the endpoints (method + path).
 * JSON is parsed as JSON; YAML is read by a small block-style reader that understands the
 * mappings OpenAPI tools write (nested keys, quoted keys, comments, block and folded scalars)
 * and skips sequences, which hold nothing this module needs. No YAML library is needed for that.
 */
export interface OpenApiSummary {
  format: 'json' | 'yaml';
  title: string | null;
  version: string | null;
  endpoints: { method: HttpMethod; path: string; summary: string | null }[];
}

export class OpenApiError extends Error {
  constructor(readonly reason: 'syntax' | 'not_openapi3' | 'no_paths' | 'too_many') {
    super(`OpenAPI description refused: ${reason}`);
  }
}

const MAX_ENDPOINTS = 500;
type Node = { [key: string]: Node | string };

function unquote(text: string): string {
  const t = text.trim();
  if (t.length >= 2 && t.startsWith('"') && t.endsWith('"')) {
    try {
      return JSON.parse(t) as string;
    } catch {
      return t.slice(1, -1);
    }
  }
  if (t.length >= 2 && t.startsWith("'") && t.endsWith("'")) return t.slice(1, -1).replace(/''/g, "'");
  return t;
}

function stripComment(value: string): string {
  const quoted = /^"(?:[^"\\]|\\.)*"|^'(?:[^']|'')*'/.exec(value);
  if (quoted) return quoted[0];
  const i = value.search(/\s#/);
  return (i >= 0 ? value.slice(0, i) : value).trim();
}

const KEY_LINE = /^( *)("(?:[^"\\]|\\.)*"|'(?:[^']|'')*'|[^\s#'"\-][^#]*?|-[^\s][^#]*?)\s*:(?:[ \t]+(.*))?$/;

/** A block-style YAML reader for mappings only; see the module comment. */
export function readYamlMappings(text: string): Node {
  const root: Node = {};
  const stack: { indent: number; node: Node }[] = [{ indent: -1, node: root }];
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  let skipDeeperThan: number | null = null;
  for (const line of lines) {
    if (line.trim() === '' || line.trimStart().startsWith('#') || line.startsWith('---') || line.startsWith('...')) continue;
    if (line.includes('\t') && /^\s*\t/.test(line)) throw new OpenApiError('syntax');
    const indent = line.length - line.trimStart().length;
    if (skipDeeperThan !== null) {
      if (indent > skipDeeperThan) continue;
      skipDeeperThan = null;
    }
    if (line.trimStart().startsWith('- ') || line.trim() === '-') {
      skipDeeperThan = indent;
      continue;
    }
    const m = KEY_LINE.exec(line);
    if (!m) {
      if (indent === 0) throw new OpenApiError('syntax');
      skipDeeperThan = indent - 1;
      continue;
    }
    while (stack.length > 1 && stack.at(-1)!.indent >= indent) stack.pop();
    const parent = stack.at(-1)!.node;
    const key = unquote(m[2]!);
    const value = stripComment(m[3] ?? '');
    if (value === '') {
      const child: Node = {};
      parent[key] = child;
      stack.push({ indent, node: child });
    } else {
      parent[key] = /^[|>]/.test(value) ? '' : unquote(value);
      // Block scalars and plain scalars folded over several lines continue on deeper lines.
      skipDeeperThan = indent;
    }
  }
  return root;
}

function parseDocument(text: string): { doc: Record<string, unknown>; format: 'json' | 'yaml' } {
  const trimmed = text.trimStart();
  if (trimmed.startsWith('{')) {
    try {
      const doc = JSON.parse(trimmed) as unknown;
      if (!doc || typeof doc !== 'object' || Array.isArray(doc)) throw new OpenApiError('syntax');
      return { doc: doc as Record<string, unknown>, format: 'json' };
    } catch (error) {
      if (error instanceof OpenApiError) throw error;
      throw new OpenApiError('syntax');
    }
  }
  return { doc: readYamlMappings(text), format: 'yaml' };
}

/** Reads an OpenAPI 3 description; throws OpenApiError when it is not one or declares no paths. */
export function readOpenApi(text: string): OpenApiSummary {
  const { doc, format } = parseDocument(text);
  const version = doc.openapi;
  if (typeof version !== 'string' || !/^3\.\d+(\.\d+)?$/.test(version.trim())) throw new OpenApiError('not_openapi3');
  const info = (doc.info && typeof doc.info === 'object' ? doc.info : {}) as Record<string, unknown>;
  const paths = doc.paths;
  if (!paths || typeof paths !== 'object') throw new OpenApiError('no_paths');
  const endpoints: OpenApiSummary['endpoints'] = [];
  for (const [path, item] of Object.entries(paths as Record<string, unknown>)) {
    if (!item || typeof item !== 'object' || !isValidPattern(path)) continue;
    for (const [key, operation] of Object.entries(item as Record<string, unknown>)) {
      const method = key.toUpperCase() as HttpMethod;
      if (!HTTP_METHODS.includes(method)) continue;
      const summary = operation && typeof operation === 'object' ? (operation as Record<string, unknown>).summary : undefined;
      endpoints.push({ method, path, summary: typeof summary === 'string' && summary.trim() ? summary.trim().slice(0, 300) : null });
    }
  }
  if (endpoints.length === 0) throw new OpenApiError('no_paths');
  if (endpoints.length > MAX_ENDPOINTS) throw new OpenApiError('too_many');
  const str = (v: unknown) => (typeof v === 'string' && v.trim() ? v.trim().slice(0, 200) : typeof v === 'number' ? String(v) : null);
  return { format, title: str(info.title), version: str(info.version), endpoints };
}

/**
 * The description as clients get it (getOpenAPI, the client listing): `servers` points at the
 * gateway, never at the provider's own address, which consumers must not call directly.
 */
export function withGatewayServer(text: string, format: 'json' | 'yaml', url: string): string {
  if (format === 'json') {
    const doc = JSON.parse(text) as Record<string, unknown>;
    return JSON.stringify({ ...doc, servers: [{ url, description: 'Padu Gerbang' }] }, null, 2);
  }
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const kept: string[] = [];
  let inServers = false;
  for (const line of lines) {
    if (/^servers\s*:/.test(line)) {
      inServers = true;
      continue;
    }
    if (inServers) {
      if (line.trim() === '' || /^[\s-]/.test(line) || line.startsWith('#')) continue;
      inServers = false;
    }
    kept.push(line);
  }
  const at = kept.findIndex((l) => /^openapi\s*:/.test(l));
  kept.splice(at + 1, 0, 'servers:', `  - url: ${JSON.stringify(url)}`, '    description: Padu Gerbang');
  return kept.join('\n');
}

/** A minimal OpenAPI 3 description from declared endpoints, for services registered by hand. */
export function describeEndpoints(input: { title: string; version: string; url: string; endpoints: { method: string; path: string; summary: string | null }[] }): string {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const e of input.endpoints) {
    const methods = e.method === '*' ? HTTP_METHODS.filter((m) => m !== 'TRACE') : [e.method];
    // `**` (any remainder) has no OpenAPI spelling; the prefix is the closest honest path.
    const path = e.path.endsWith('/**') ? e.path.slice(0, -3) || '/' : e.path;
    for (const m of methods) {
      paths[path] ??= {};
      paths[path][m.toLowerCase()] = { summary: e.summary ?? undefined, responses: { default: { description: 'Response of the provider service' } } };
    }
  }
  return JSON.stringify({ openapi: '3.0.3', info: { title: input.title, version: input.version }, servers: [{ url: input.url, description: 'Padu Gerbang' }], paths }, null, 2);
}
