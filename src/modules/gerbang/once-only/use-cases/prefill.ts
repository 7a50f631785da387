import type { AuditContext } from '../../../../platform/audit/record-audit.ts';
import { recordAudit } from '../../../../platform/audit/record-audit.ts';
import { ensure } from '../../../../platform/auth/policy.ts';
import { AppError, validationError, type FieldError } from '../../../../platform/http/errors.ts';
import { findSubsystem } from '../../control/repo.ts';
import { subsystemOfToken } from '../../control/use-cases/list-callable-services.ts';
import { serviceIdOf, subsystemIdOf } from '../../control/use-cases/visibility.ts';
import type { ElementField } from '../db.ts';
import { onceOnlyPolicy } from '../policy.ts';
import { findCoveringConsent, findElementsByCode, type ConsentRow, type ElementRow } from '../repo.ts';
import { NIK, subjectIdentifier, subjectIndex } from '../subject.ts';
import { citizenNik, CODE, consentStillOpen } from './consents.ts';
import type { PrefillDeps } from './context.ts';
import { fillTemplate } from './element-input.ts';

/**
 * The prefill: fetches data elements about a citizen from their authoritative sources, through
 * the gateway's own data plane, so a form never asks for what government already has.
 *
 * A citizen prefills for themself (the portal's subsystem fetches); an agency system prefills with
 * its own subsystem token for a citizen it names by NIK. Either way an open consent of that
 * citizen must cover the recipient subsystem, every element and the purpose — otherwise nothing
 * is fetched. Each source call carries the citizen as `X-Road-Represented-Party` (and as
 * `X-Road-UserId` when the citizen is the user), the purpose and legal basis, and the consent as
 * `X-Road-Issue`, so the evidence log shows why it happened and the citizen's access log finds it.
 * Elements answered by the same source call share one exchange.
 */
export interface PrefillInput {
  elements: string[];
  purpose: string;
  legalBasis?: string;
  /** Agency systems: the citizen's NIK. */
  nik?: string;
  /** Keys of elements not identified by the NIK (a NIB, a NOP…), by element code. */
  keys?: Record<string, string>;
  /** Use this consent (it must still cover the request). */
  consentId?: string;
  /** Agency systems: the officer acting, passed on as X-Road-UserId. */
  userId?: string;
}

export type PrefillStatus = 'ok' | 'not_found' | 'refused' | 'failed';

export interface PrefillItem {
  element: ElementRow;
  status: PrefillStatus;
  xroadId: string | null;
  errorType: string | null;
  values: Record<string, unknown>;
}

export interface PrefillResult {
  consent: ConsentRow;
  client: string;
  items: PrefillItem[];
}

const KEY = /^[A-Za-z0-9._-]{1,100}$/;
const USER_ID = /^[\x21-\x7e][\x20-\x7e]{0,199}$/;

function pick(data: unknown, path: string): unknown {
  let value: unknown = data;
  for (const part of path.split('.')) {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return null;
    value = (value as Record<string, unknown>)[part];
  }
  return value === undefined ? null : value;
}

function valuesOf(fields: ElementField[], data: unknown): Record<string, unknown> {
  return Object.fromEntries(fields.map((f) => [f.name, pick(data, f.source ?? f.name)]));
}

export async function prefill(deps: PrefillDeps, audit: AuditContext, input: PrefillInput, credential?: string): Promise<PrefillResult> {
  const actor = audit.actor;
  ensure(actor, onceOnlyPolicy.citizen(actor) || onceOnlyPolicy.gatewayCaller(actor));
  const errors: FieldError[] = [];
  if (!CODE.test(input.purpose)) errors.push({ field: 'purpose', messageKey: 'once_only.code_format' });
  if (input.legalBasis !== undefined && !CODE.test(input.legalBasis)) errors.push({ field: 'legalBasis', messageKey: 'once_only.code_format' });
  if (input.userId !== undefined && !USER_ID.test(input.userId)) errors.push({ field: 'userId', messageKey: 'validation.invalid' });

  // Who fetches, as whom, for whom.
  let nik: string;
  let recipient: { subsystemId: string; client: string; token: string };
  let userId: string | null;
  if (actor.kind === 'user') {
    nik = await citizenNik(deps, actor);
    if (input.nik !== undefined && input.nik !== nik) errors.push({ field: 'nik', messageKey: 'once_only.nik_own_only' });
    if (errors.length) throw validationError(errors);
    recipient = await deps.dataPlane.portalCredential();
    userId = subjectIdentifier(nik);
  } else {
    const subsystem = await findSubsystem(deps.db, await subsystemOfToken(deps, actor));
    if (!input.nik || !NIK.test(input.nik)) errors.push({ field: 'nik', messageKey: 'once_only.nik_format' });
    if (errors.length) throw validationError(errors);
    if (!subsystem || !credential) throw new AppError('forbidden', 'gerbang.token_of_subsystem_only');
    nik = input.nik!;
    recipient = { subsystemId: subsystem.id, client: subsystemIdOf(deps.settings, subsystem), token: credential };
    userId = input.userId ?? null;
  }

  const codes = [...new Set(input.elements)];
  const elements = await findElementsByCode(deps.db, codes);
  if (codes.length === 0 || elements.length !== codes.length || elements.some((e) => !e.active)) throw validationError([{ field: 'elements', messageKey: 'once_only.elements_unknown' }]);
  const ordered = codes.map((c) => elements.find((e) => e.code === c)!);
  const keyOf = new Map<string, string>();
  for (const e of ordered) {
    const key = e.key_kind === 'nik' ? nik : input.keys?.[e.code]?.trim();
    if (!key || !KEY.test(key)) errors.push({ field: `keys.${e.code}`, messageKey: 'once_only.key_required' });
    else keyOf.set(e.code, key);
  }
  if (errors.length) throw validationError(errors);

  const consent = await findCoveringConsent(deps.db, {
    subjectIndex: subjectIndex(deps.config, nik),
    recipientId: recipient.subsystemId,
    purpose: input.purpose,
    elements: codes,
    now: deps.clock.now(),
    consentId: input.consentId,
  });
  if (!consent || (input.legalBasis !== undefined && input.legalBasis !== consent.legal_basis) || !(await consentStillOpen(deps, consent))) {
    throw new AppError('forbidden', 'once_only.consent_required');
  }

  // One exchange per distinct source call.
  const calls = new Map<string, { service: string; path: string; elements: ElementRow[] }>();
  for (const e of ordered) {
    const service = serviceIdOf(deps.settings, { opd_code: e.provider_opd_code, subsystem_code: e.provider_subsystem_code, code: e.service_code });
    const path = fillTemplate(e.path_template, keyOf.get(e.code)!);
    const call = calls.get(`${service}|${path}`) ?? { service, path, elements: [] };
    call.elements.push(e);
    calls.set(`${service}|${path}`, call);
  }
  const headers: Record<string, string> = {
    'X-Road-Represented-Party': subjectIdentifier(nik),
    'X-Road-Issue': `consent:${consent.id}`,
    'X-Padu-Purpose': consent.purpose,
    'X-Padu-Legal-Basis': consent.legal_basis,
    ...(userId ? { 'X-Road-UserId': userId } : {}),
  };
  const byElement = new Map<string, PrefillItem>();
  await Promise.all(
    [...calls.values()].map(async (call) => {
      let status: PrefillStatus;
      let errorType: string | null = null;
      let xroadId: string | null = null;
      let data: unknown = null;
      try {
        const answer = await deps.dataPlane.get({ client: recipient.client, token: recipient.token, service: call.service, path: call.path, headers });
        xroadId = (answer.headers['x-road-id'] as string | undefined) ?? null;
        errorType = (answer.headers['x-road-error'] as string | undefined) ?? null;
        if (errorType) status = 'refused';
        else if (answer.status === 404) status = 'not_found';
        else if (answer.status >= 200 && answer.status < 300) {
          try {
            data = JSON.parse(answer.body.toString('utf8'));
            status = 'ok';
          } catch {
            status = 'failed';
          }
        } else status = 'failed';
      } catch (error) {
        if (error instanceof AppError) throw error;
        deps.logger.warn({ err: error }, 'gerbang: a prefill call did not reach the gateway');
        status = 'failed';
      }
      for (const e of call.elements) byElement.set(e.code, { element: e, status, xroadId, errorType, values: status === 'ok' ? valuesOf(e.fields, data) : {} });
    }),
  );
  const items = ordered.map((e) => byElement.get(e.code)!);
  await recordAudit(deps.db, deps.clock, audit, {
    action: 'gerbang.prefill',
    targetType: 'gerbang_consent',
    targetId: consent.id,
    opdId: consent.recipient_opd_id,
    after: { recipient: recipient.client, purpose: consent.purpose, elements: items.map((i) => ({ element: i.element.code, status: i.status, xroadId: i.xroadId })) },
  });
  return { consent, client: recipient.client, items };
}
