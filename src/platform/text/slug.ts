import { createHash } from 'node:crypto';

/** `Dinas Kesehatan` → `dinas-kesehatan`. */
export function slugify(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/**
 * A UUID derived from a name (RFC 4122 version 5 layout over SHA-1), so reference rows get the
 * same id on every install and on both engines.
 */
export function stableUuid(namespace: string, name: string): string {
  const bytes = createHash('sha1').update(`${namespace}:${name}`).digest().subarray(0, 16);
  bytes[6] = (bytes[6]! & 0x0f) | 0x50;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
