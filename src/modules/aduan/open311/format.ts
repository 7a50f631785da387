import type { FastifyReply } from 'fastify';

/**
 * GeoReport v2 answers in XML (required by the specification) and JSON (its "Spark" mapping of
 * the XML: a list element becomes an array, a list's items its elements). One value is written
 * both ways: arrays are wrapped in the element named by their key, each item named by ITEM_NAMES.
 */
export type Format = 'xml' | 'json';
type Value = string | number | boolean | null | undefined | Value[] | { [key: string]: Value };

const ITEM_NAMES: Record<string, string> = {
  services: 'service',
  service_requests: 'request',
  errors: 'error',
  attributes: 'attribute',
  values: 'value',
  endpoints: 'endpoint',
  formats: 'format',
  notes: 'note',
};

const escapeXml = (text: string) =>
  text.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!).replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/g, '');

function element(name: string, value: Value, indent: string): string {
  if (value === null || value === undefined) return `${indent}<${name}/>\n`;
  if (Array.isArray(value)) {
    const item = ITEM_NAMES[name] ?? 'item';
    if (value.length === 0) return `${indent}<${name}/>\n`;
    return `${indent}<${name}>\n${value.map((v) => element(item, v, `${indent}  `)).join('')}${indent}</${name}>\n`;
  }
  if (typeof value === 'object') {
    const children = Object.entries(value).map(([k, v]) => element(k, v, `${indent}  `)).join('');
    return children ? `${indent}<${name}>\n${children}${indent}</${name}>\n` : `${indent}<${name}/>\n`;
  }
  return `${indent}<${name}>${escapeXml(String(value))}</${name}>\n`;
}

/** The XML document for `value` under the root element `root` (e.g. `services`, `service_definition`). */
export function toXml(root: string, value: Value): string {
  return `<?xml version="1.0" encoding="utf-8"?>\n${element(root, value, '')}`;
}

export function send(reply: FastifyReply, format: Format, root: string, value: Value, status = 200): FastifyReply {
  reply.status(status).header('cache-control', 'no-store');
  if (format === 'xml') return reply.type('text/xml; charset=utf-8').send(toXml(root, value));
  return reply.type('application/json; charset=utf-8').send(JSON.stringify(value));
}

export interface Open311Error {
  code: number;
  description: string;
}

/** The specification's error list; the HTTP status is the first error's code. */
export function sendErrors(reply: FastifyReply, format: Format, errors: Open311Error[]): FastifyReply {
  return send(reply, format, 'errors', errors.map((e) => ({ code: e.code, description: e.description })), errors[0]?.code ?? 400);
}

/** `requests.json` → ['requests', 'json']; anything but .xml/.json is not a GeoReport resource. */
export function splitFormat(file: string): { name: string; format: Format } | null {
  const match = /^(.+)\.(xml|json)$/.exec(file);
  return match ? { name: match[1]!, format: match[2] as Format } : null;
}

/** The format an error is written in: the URL's suffix, XML (the required format) otherwise. */
export function formatOfUrl(url: string): Format {
  return /\.json(?:\?|$)/.test(url) ? 'json' : 'xml';
}
