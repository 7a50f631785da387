import type { Kysely } from 'kysely';
import type { DB } from '../../../../platform/db/schema.ts';
import type { Deps } from '../../../../platform/deps.ts';
import type { Actor } from '../../../../platform/auth/actor.ts';
import { ensure } from '../../../../platform/auth/policy.ts';
import { notFound, validationError, type FieldError } from '../../../../platform/http/errors.ts';
import { recordAudit, type AuditContext } from '../../../../platform/audit/record-audit.ts';
import { consentsOf, findConsent, findCoveringConsent, insertConsent, markWithdrawn, type ConsentRow } from '../repo.ts';
import { ensureCitizen } from './profile.ts';

/**
 * Consents: what a citizen agreed to share (data elements), with which agency, for what purpose.
 * The gateway's prefill records one when the citizen accepts what will be fetched; the citizen
 * sees them all on one page and can withdraw any of them. Withdrawn consents stay on record.
 */
export interface ConsentInput {
  userId: string;
  /** Why, in words the citizen understands (shown as written). */
  purpose: string;
  /** Element codes, e.g. `nik`, `nama`, `tanggal_lahir`, `alamat`, `kk.anggota`. */
  dataElements: string[];
  /** The agency that receives the data (null: the portal itself). */
  opdId?: string | null;
  serviceId?: string | null;
  /** Which part of Padu asked, e.g. `gerbang.prefill`. */
  source?: string;
}

const ELEMENT = /^[a-z0-9][a-z0-9_.-]{0,59}$/;

export interface Consent {
  id: string;
  purpose: string;
  dataElements: string[];
  opdId: string | null;
  opdName: string | null;
  serviceId: string | null;
  serviceName: string | null;
  serviceKey: string | null;
  source: string;
  grantedAt: Date;
  withdrawnAt: Date | null;
}

function present(c: ConsentRow): Consent {
  return {
    id: c.id,
    purpose: c.purpose,
    dataElements: c.data_elements,
    opdId: c.opd_id,
    opdName: c.opd_name,
    serviceId: c.service_id,
    serviceName: c.service_name,
    serviceKey: c.service_key,
    source: c.source,
    grantedAt: c.granted_at,
    withdrawnAt: c.withdrawn_at,
  };
}

/**
 * Records a consent given by the citizen themself (the actor must be that citizen). Pass `db` to
 * record it inside the caller's transaction; the audit row goes into the same one.
 */
export async function grantConsent(deps: Pick<Deps, 'db' | 'clock' | 'ids'>, audit: AuditContext, input: ConsentInput, db?: Kysely<DB>): Promise<{ consentId: string }> {
  const actor = audit.actor;
  ensure(actor, actor?.kind === 'user' && actor.userId === input.userId);
  const errors: FieldError[] = [];
  const purpose = input.purpose.trim();
  if (!purpose || purpose.length > 300) errors.push({ field: 'purpose', messageKey: purpose ? 'validation.max_length' : 'validation.required', params: { limit: 300 } });
  const elements = [...new Set(input.dataElements)];
  if (elements.length === 0 || elements.length > 30 || elements.some((e) => !ELEMENT.test(e))) errors.push({ field: 'dataElements', messageKey: 'validation.invalid' });
  if (errors.length) throw validationError(errors);
  const consentId = deps.ids.uuid();
  const write = async (tx: Kysely<DB>) => {
    await insertConsent(tx, {
      id: consentId,
      user_id: input.userId,
      purpose,
      data_elements: elements,
      opd_id: input.opdId ?? null,
      service_id: input.serviceId ?? null,
      source: input.source ?? 'portal',
      granted_at: deps.clock.now(),
      withdrawn_at: null,
    });
    await recordAudit(tx, deps.clock, audit, { action: 'portal.consent.granted', targetType: 'portal_consent', targetId: consentId, opdId: input.opdId ?? null, after: { purpose, dataElements: elements, serviceId: input.serviceId ?? null, source: input.source ?? 'portal' } });
  };
  if (db) await write(db);
  else await deps.db.transaction().execute(write);
  return { consentId };
}

/** Withdraws one of the signed-in citizen's own consents; someone else's is not found. */
export async function withdrawConsent(deps: Pick<Deps, 'db' | 'clock'>, audit: AuditContext, consentId: string): Promise<Consent> {
  const actor = audit.actor;
  ensureCitizen(actor);
  const consent = await findConsent(deps.db, consentId);
  if (!consent || consent.user_id !== actor.userId) throw notFound();
  if (!consent.withdrawn_at) {
    await deps.db.transaction().execute(async (tx) => {
      if (!(await markWithdrawn(tx, consentId, deps.clock.now()))) return;
      await recordAudit(tx, deps.clock, audit, { action: 'portal.consent.withdrawn', targetType: 'portal_consent', targetId: consentId, opdId: consent.opd_id });
    });
  }
  return present((await findConsent(deps.db, consentId))!);
}

/** The signed-in citizen's consents, open ones first. */
export async function listMyConsents(deps: Pick<Deps, 'db'>, actor: Actor | null): Promise<Consent[]> {
  ensureCitizen(actor);
  return (await consentsOf(deps.db, actor.userId)).map(present);
}

/** A citizen's consents, for other use cases that checked their own policy (e.g. the gateway). */
export async function listConsents(deps: Pick<Deps, 'db'>, userId: string): Promise<Consent[]> {
  return (await consentsOf(deps.db, userId)).map(present);
}

/** Whether an open consent of the citizen lets `opdId` receive every one of `dataElements`. */
export async function hasConsent(deps: Pick<Deps, 'db'>, input: { userId: string; opdId: string | null; dataElements: string[]; purpose?: string }): Promise<boolean> {
  return !!(await findCoveringConsent(deps.db, { userId: input.userId, opdId: input.opdId, elements: [...new Set(input.dataElements)], purpose: input.purpose }));
}
