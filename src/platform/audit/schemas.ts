import Type from 'typebox';
import { Uuid } from '../http/validation.ts';
import { MAX_API_PAGE_SIZE } from './use-cases/search-audit-log.ts';

const Filters = {
  actor: Type.Optional(Type.String({ maxLength: 200, description: 'Part of the actor’s email, name or token label (case-insensitive)' })),
  action: Type.Optional(Type.String({ maxLength: 100, description: 'Exact action (`user.updated`) or a prefix ending in a dot (`user.`)' })),
  targetType: Type.Optional(Type.String({ maxLength: 100, description: 'Record type, e.g. `user`' })),
  targetId: Type.Optional(Type.String({ maxLength: 200, description: 'Record id' })),
  opdId: Type.Optional(Uuid({ description: 'Agency the change belongs to' })),
  from: Type.Optional(Type.String({ format: 'date', description: 'First day (YYYY-MM-DD), in the configured time zone' })),
  to: Type.Optional(Type.String({ format: 'date', description: 'Last day, inclusive (YYYY-MM-DD), in the configured time zone' })),
  requestId: Type.Optional(Type.String({ maxLength: 100, description: 'The x-request-id of the request that made the change' })),
  before: Type.Optional(Type.String({ pattern: '^[0-9]{1,18}$', description: 'Cursor: only records older than this id (`nextBefore` of the previous page)' })),
};

/** The screen's filter form (GET, so it can be bookmarked and works without JavaScript). */
export const AuditPageQuery = Type.Object(Filters);
export const AuditCsvQuery = Type.Object(Filters);
export const AuditQuery = Type.Object({
  ...Filters,
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_API_PAGE_SIZE, description: 'Page size, 50 by default' })),
});

const Nullable = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([t, Type.Null()]);

// Response schemas: the presenters. Snapshots are free-form JSON, scrubbed of secrets on write and again on read.
export const AuditEntryOut = Type.Object({
  id: Type.String({ description: 'Increasing id; also the pagination cursor' }),
  at: Type.String({ format: 'date-time' }),
  actorLabel: Type.String({ description: 'Email of the person, `token:<name>` for an agency token, or the system label' }),
  actorName: Nullable(Type.String()),
  actorUserId: Nullable(Type.String()),
  actorTokenId: Nullable(Type.String()),
  actorRoles: Type.Array(Type.String(), { description: 'Roles at the time, `role` or `role@<agency id>`' }),
  opdId: Nullable(Type.String()),
  opdName: Nullable(Type.String()),
  action: Type.String(),
  targetType: Type.String(),
  targetId: Nullable(Type.String()),
  before: Type.Unknown({ description: 'The record before the change (null for creations)' }),
  after: Type.Unknown({ description: 'The record after the change (null for deletions)' }),
  requestId: Nullable(Type.String()),
  ip: Nullable(Type.String()),
});
export const AuditPageOut = Type.Object({
  items: Type.Array(AuditEntryOut),
  nextBefore: Nullable(Type.String({ description: 'Pass as `before` for the next (older) page; null on the last page' })),
});
export const AuditCsvOut = Type.String({ description: 'UTF-8 CSV with a byte-order mark, newest first' });

export function presentEntry(e: {
  id: string;
  at: Date;
  actorLabel: string;
  actorName: string | null;
  actorUserId: string | null;
  actorTokenId: string | null;
  actorRoles: string[];
  opdId: string | null;
  opdName: string | null;
  action: string;
  targetType: string;
  targetId: string | null;
  before: unknown;
  after: unknown;
  requestId: string | null;
  ip: string | null;
}) {
  return {
    id: e.id,
    at: e.at.toISOString(),
    actorLabel: e.actorLabel,
    actorName: e.actorName,
    actorUserId: e.actorUserId,
    actorTokenId: e.actorTokenId,
    actorRoles: e.actorRoles,
    opdId: e.opdId,
    opdName: e.opdName,
    action: e.action,
    targetType: e.targetType,
    targetId: e.targetId,
    before: e.before,
    after: e.after,
    requestId: e.requestId,
    ip: e.ip,
  };
}
