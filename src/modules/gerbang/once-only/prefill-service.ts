import type { Actor } from '../../../platform/auth/actor.ts';
import type { AuditContext } from '../../../platform/audit/record-audit.ts';
import { ensure } from '../../../platform/auth/policy.ts';
import { AppError } from '../../../platform/http/errors.ts';
import type { PrefillFetch, PrefillPlan, PrefillService } from '../../../platform/prefill.ts';
import { resolveSubsystem } from '../control/use-cases/resolve-subsystem.ts';
import { onceOnlyPolicy } from './policy.ts';
import { findElementsByCode } from './repo.ts';
import { NIK } from './subject.ts';
import { grantConsent } from './use-cases/consents.ts';
import { prefill } from './use-cases/prefill.ts';
import type { PrefillDeps } from './use-cases/context.ts';

/**
 * The platform's prefill slot (src/platform/prefill.ts) filled by the gateway: a form names data
 * elements; the plan says what they are and who provides them, and `consentAndFetch` records the
 * citizen's consent for the portal's subsystem and fetches through the gateway's own data plane
 * (so rights, evidence and the citizen's access log apply as for any exchange).
 */
export function createPrefillService(deps: PrefillDeps): PrefillService {
  return {
    async plan(actor: Actor | null, elements: string[]): Promise<PrefillPlan> {
      ensure(actor, onceOnlyPolicy.citizen(actor) || onceOnlyPolicy.readElements(actor));
      const codes = [...new Set(elements)];
      const rows = await findElementsByCode(deps.db, codes);
      const nik = actor?.kind === 'user' ? await deps.citizens.nikOf(actor.userId) : null;
      let recipient: string | null = null;
      try {
        const portal = await resolveSubsystem(deps, deps.settings.portalClient, 'recipient');
        recipient = portal.opd_name ?? portal.name;
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
      }
      return {
        subjectKnown: !!nik && NIK.test(nik),
        recipient,
        elements: codes.map((code) => {
          const e = rows.find((r) => r.code === code && r.active);
          return e
            ? { code, known: true, name: e.name, agency: e.provider_opd_name, fields: e.fields.map((f) => ({ name: f.name, label: f.label })) }
            : { code, known: false, name: null, agency: null, fields: [] };
        }),
      };
    },

    async consentAndFetch(audit: AuditContext, input): Promise<PrefillFetch> {
      const consent = await grantConsent(deps, audit, { elements: input.elements, purpose: input.purpose, purposeText: input.purposeText, legalBasis: input.legalBasis });
      const result = await prefill(deps, audit, { elements: consent.data_elements, purpose: consent.purpose, legalBasis: consent.legal_basis, consentId: consent.id });
      return {
        consentId: consent.id,
        items: result.items.map((i) => ({ code: i.element.code, status: i.status, xroadId: i.xroadId, agency: i.element.provider_opd_name, values: i.values })),
      };
    },
  };
}
