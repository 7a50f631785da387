/** One changed field between an audit row's before and after snapshots. */
export interface AuditChange {
  /** Dot path of the field (`name`, `social_media.x`); empty when the snapshot is not an object. */
  key: string;
  old: unknown;
  new: unknown;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function flatten(value: unknown, prefix: string, out: Map<string, unknown>): void {
  if (isPlainObject(value)) {
    for (const [k, v] of Object.entries(value)) flatten(v, prefix ? `${prefix}.${k}` : k, out);
  } else if (value !== null && value !== undefined) {
    out.set(prefix, value);
  }
}

/**
 * What changed, field by field: creations show only new values, deletions only old ones, and
 * fields equal on both sides are left out. Arrays are compared as whole values.
 */
export function auditChanges(before: unknown, after: unknown): AuditChange[] {
  const old = new Map<string, unknown>();
  const now = new Map<string, unknown>();
  flatten(before, '', old);
  flatten(after, '', now);
  const keys = [...new Set([...old.keys(), ...now.keys()])];
  return keys
    .filter((key) => JSON.stringify(old.get(key) ?? null) !== JSON.stringify(now.get(key) ?? null))
    .map((key) => ({ key, old: old.get(key) ?? null, new: now.get(key) ?? null }));
}

/** A snapshot value as text: strings as they are, everything else as JSON; null as `empty`. */
export function formatAuditValue(value: unknown, empty = '—'): string {
  if (value === null || value === undefined) return empty;
  if (typeof value === 'string') return value;
  return JSON.stringify(value);
}

/** `key: old → new`, one change per line. */
export function describeChanges(changes: AuditChange[], empty = '—'): string {
  return changes.map((c) => `${c.key ? `${c.key}: ` : ''}${formatAuditValue(c.old, empty)} → ${formatAuditValue(c.new, empty)}`).join('\n');
}
