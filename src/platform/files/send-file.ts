import type { FastifyReply } from 'fastify';
import type { Readable } from 'node:stream';
import type { StoredFile } from './contract.ts';
import { INLINE_TYPES } from './types.ts';

/**
 * Content-Disposition with an ASCII fallback name and the exact name in RFC 5987/6266 form
 * (`filename*=UTF-8''…`), which every current browser prefers.
 */
export function contentDisposition(name: string, disposition: 'attachment' | 'inline' = 'attachment'): string {
  const fallback =
    name
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .replace(/[^\x20-\x7e]|["\\%;]/g, '_')
      .trim() || 'berkas';
  const encoded = encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `${disposition}; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}

/** A sandbox for files shown in the browser: no scripts, no plugins, no requests, no forms. */
export const INLINE_CSP = "default-src 'none'; img-src 'self' data:; style-src 'unsafe-inline'; sandbox; frame-ancestors 'none'";

/**
 * Sends a stored file: the sniffed type, a download by default (`inline` only for images, PDF and
 * plain text, under a sandbox CSP), `nosniff`, and never cached by shared caches or kept on
 * disk by the browser, since most files are personal data.
 */
export function sendFile(reply: FastifyReply, file: StoredFile, stream: Readable, options: { inline?: boolean } = {}): FastifyReply {
  const inline = !!options.inline && INLINE_TYPES.has(file.contentType);
  const type = file.contentType.startsWith('text/') ? `${file.contentType}; charset=utf-8` : file.contentType;
  reply
    .header('content-type', type)
    .header('content-length', String(file.size))
    .header('content-disposition', contentDisposition(file.name, inline ? 'inline' : 'attachment'))
    .header('x-content-type-options', 'nosniff')
    .header('cache-control', 'private, no-store')
    .header('cross-origin-resource-policy', 'same-origin');
  if (inline) reply.header('content-security-policy', INLINE_CSP);
  else reply.header('content-security-policy', "default-src 'none'; sandbox");
  return reply.send(stream);
}
