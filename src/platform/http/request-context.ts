import type { FastifyRequest } from 'fastify';
import type { AuditContext } from '../audit/record-audit.ts';
import type { Actor } from '../auth/actor.ts';
import { ensureSignedIn } from '../auth/policy.ts';
import { AppError } from './errors.ts';

export function auditContext(req: FastifyRequest): AuditContext & { actor: Actor | null } {
  return { actor: req.actor, requestId: req.id, ip: req.ip };
}

export function signedInUser(req: FastifyRequest) {
  const actor = req.actor;
  ensureSignedIn(actor);
  if (actor.kind !== 'user') throw new AppError('forbidden', 'error.forbidden');
  return actor;
}
