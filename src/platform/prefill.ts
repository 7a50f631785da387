import type { Actor } from './auth/actor.ts';
import type { AuditContext } from './audit/record-audit.ts';

/**
 * Once-only prefill, as a slot: a form (the portal's online requests) asks for data elements about
 * the signed-in citizen from their authoritative sources without knowing who provides them. The
 * gateway module fills the slot (`app.padu.services.prefill`); without it, forms are typed by hand.
 */
export interface PrefillElementPlan {
  code: string;
  /** False when no active data element has this code. */
  known: boolean;
  name: string | null;
  /** The agency that is the source of the element. */
  agency: string | null;
  fields: { name: string; label: string }[];
}

export interface PrefillPlan {
  /** Whether the citizen's NIK is known, so a fetch is possible at all. */
  subjectKnown: boolean;
  /** Who receives the data (the portal's subsystem) and its agency. */
  recipient: string | null;
  elements: PrefillElementPlan[];
}

export type PrefillItemStatus = 'ok' | 'not_found' | 'refused' | 'failed';

export interface PrefillFetchItem {
  code: string;
  status: PrefillItemStatus;
  /** The exchange's X-Road-Id (the evidence record), when the gateway answered. */
  xroadId: string | null;
  agency: string | null;
  values: Record<string, unknown>;
}

export interface PrefillFetch {
  consentId: string;
  items: PrefillFetchItem[];
}

export interface PrefillService {
  /** What fetching these elements for this citizen would involve (nothing is fetched or recorded). */
  plan(actor: Actor | null, elements: string[]): Promise<PrefillPlan>;
  /**
   * Records the signed-in citizen's consent for these elements, purpose and legal basis, then
   * fetches them. Throws an AppError when the consent cannot be given (no NIK: `conflict`).
   */
  consentAndFetch(audit: AuditContext, input: { elements: string[]; purpose: string; purposeText: string; legalBasis: string }): Promise<PrefillFetch>;
}

/** Services one module offers others without an import between them (set by the providing module's routes). */
export interface PaduServices {
  prefill?: PrefillService;
}
