import { recordAudit, type AuditContext } from '../../../../platform/audit/record-audit.ts';
import { AppError } from '../../../../platform/http/errors.ts';
import type { PrefillPlan, PrefillService } from '../../../../platform/prefill.ts';
import type { Actor } from '../../../../platform/auth/actor.ts';
import { prefillFields, type FormDefinition } from '../form-definition.ts';
import { EDITABLE } from '../policy.ts';
import { lockRequest, updateRequest } from '../repo.ts';
import { definitionOf, loadOwnRequest, type RequestDeps } from './common.ts';

/** The consent's purpose code (gerbang's code pattern) and legal basis. */
export const PREFILL_PURPOSE = 'portal.permohonan';
/** UU 23/2006 on population administration (as amended by UU 24/2013): population data for public services. */
export const PREFILL_LEGAL_BASIS = 'UU-24-2013';

export const prefillElementsOf = (def: FormDefinition): string[] => [...new Set(prefillFields(def).map((f) => f.prefill!.element))];

export type PrefillOffer =
  | { state: 'none' }
  | { state: 'done' }
  | { state: 'unavailable' }
  | { state: 'no_nik'; plan: PrefillPlan }
  | { state: 'offer'; plan: PrefillPlan };

/** Whether the draft page offers the prefill, and what it would fetch (element, fields the form uses, source agency). */
export async function prefillOffer(service: PrefillService | undefined, actor: Actor | null, def: FormDefinition, prefilled: Record<string, unknown>, status: string): Promise<PrefillOffer> {
  const elements = prefillElementsOf(def);
  if (elements.length === 0 || status !== 'draft') return { state: 'none' };
  if (Object.keys(prefilled).length > 0) return { state: 'done' };
  if (!service) return { state: 'unavailable' };
  const plan = await service.plan(actor, elements);
  if (plan.elements.every((e) => !e.known)) return { state: 'unavailable' };
  // Only the fields this form uses are listed.
  const used = prefillFields(def);
  const trimmed = { ...plan, elements: plan.elements.filter((e) => e.known).map((e) => ({ ...e, fields: e.fields.filter((f) => used.some((u) => u.prefill!.element === e.code && u.prefill!.field === f.name)) })) };
  return plan.subjectKnown ? { state: 'offer', plan: trimmed } : { state: 'no_nik', plan: trimmed };
}

export interface PrefillOutcome {
  filled: string[];
  /** Elements that could not be fetched, with why. */
  missed: { element: string; status: string }[];
}

function scalar(v: unknown): string | number | null {
  if (typeof v === 'string') return v.trim() || null;
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  return null;
}

/**
 * The citizen agrees, and the form's prefill fields are fetched from their sources through the
 * gateway: the values go into the draft's answers and `prefilled` (source element, agency,
 * exchange id, time), after which the citizen cannot change them. Elements that fail leave their
 * fields as ordinary inputs.
 */
export async function prefillDraft(deps: RequestDeps, audit: AuditContext, service: PrefillService | undefined, requestId: string): Promise<PrefillOutcome> {
  const seen = await loadOwnRequest(deps.db, audit.actor, requestId);
  if (seen.status !== 'draft') throw new AppError('conflict', 'portal.request.not_editable');
  const def = definitionOf(seen.definition);
  const elements = prefillElementsOf(def);
  if (elements.length === 0 || Object.keys(seen.prefilled).length > 0) throw new AppError('conflict', 'portal.prefill.nothing');
  if (!service) throw new AppError('conflict', 'portal.prefill.unavailable');
  let fetched;
  try {
    fetched = await service.consentAndFetch(audit, { elements, purpose: PREFILL_PURPOSE, purposeText: `Pengisian otomatis permohonan: ${seen.service_name}`.slice(0, 300), legalBasis: PREFILL_LEGAL_BASIS });
  } catch (error) {
    if (error instanceof AppError && error.code === 'conflict') throw new AppError('conflict', 'portal.prefill.no_nik');
    if (error instanceof AppError && error.code === 'validation') throw new AppError('conflict', 'portal.prefill.unavailable');
    throw error;
  }
  const now = deps.clock.now();
  const answers: Record<string, unknown> = {};
  const prefilled: Record<string, { element: string; agency: string | null; xroadId: string | null; fetchedAt: string }> = {};
  for (const f of prefillFields(def)) {
    const item = fetched.items.find((i) => i.code === f.prefill!.element);
    if (!item || item.status !== 'ok') continue;
    const value = scalar(item.values[f.prefill!.field]);
    if (value === null) continue;
    answers[f.name] = f.type === 'number' ? Number(value) : String(value);
    prefilled[f.name] = { element: item.code, agency: item.agency, xroadId: item.xroadId, fetchedAt: now.toISOString() };
  }
  const missed = fetched.items.filter((i) => i.status !== 'ok').map((i) => ({ element: i.code, status: i.status }));
  await deps.db.transaction().execute(async (tx) => {
    const row = await lockRequest(tx, requestId);
    if (!row || row.status !== 'draft') throw new AppError('conflict', 'portal.request.not_editable');
    if (!(await updateRequest(tx, row.id, row.version, { answers: JSON.stringify({ ...row.answers, ...answers }), prefilled: JSON.stringify(prefilled), updated_at: now }))) throw new AppError('conflict', 'portal.request.stale');
    await recordAudit(tx, deps.clock, audit, {
      action: 'portal.request.prefilled',
      targetType: 'portal_request',
      targetId: row.id,
      opdId: row.opd_id,
      after: { consentId: fetched.consentId, fields: Object.keys(prefilled), elements: fetched.items.map((i) => ({ element: i.code, status: i.status, xroadId: i.xroadId })) },
    });
  });
  return { filled: Object.keys(prefilled), missed };
}
