import type { Deps } from '../../../../platform/deps.ts';
import type { Actor } from '../../../../platform/auth/actor.ts';
import { ensure } from '../../../../platform/auth/policy.ts';
import { actorLabel } from '../../../../platform/auth/actor.ts';
import { notFound, validationError, type FieldError } from '../../../../platform/http/errors.ts';
import { recordAudit, type AuditContext } from '../../../../platform/audit/record-audit.ts';
import { tataKelolaPolicy } from '../../policy.ts';
import { PROPOSAL_KINDS, type CheckSeverity, type ProposalKind } from '../../db.ts';
import { listCheckDefinitions, updateCheckDefinition } from '../repo.ts';

/** The clearance check list, in order (every staff member may read what proposals are checked against). */
export async function listChecks(deps: Pick<Deps, 'db'>, actor: Actor | null) {
  ensure(actor, tataKelolaPolicy.enter(actor));
  return listCheckDefinitions(deps.db);
}

export interface CheckChange {
  enabled: boolean;
  severity: CheckSeverity;
  kinds: ProposalKind[];
  titleId: string;
  titleEn: string;
  passId: string;
  passEn: string;
  failId: string;
  failEn: string;
  legalBasis?: string | null;
}

/** The SPBE team aligns a check with the circular: texts, legal basis, severity, kinds, on or off. */
export async function updateCheck(deps: Pick<Deps, 'db' | 'clock'>, audit: AuditContext, code: string, input: CheckChange): Promise<void> {
  const actor = audit.actor;
  ensure(actor, tataKelolaPolicy.manageChecks(actor));
  const before = (await listCheckDefinitions(deps.db)).find((c) => c.code === code);
  if (!before) throw notFound();
  const errors: FieldError[] = [];
  for (const field of ['titleId', 'titleEn', 'passId', 'passEn', 'failId', 'failEn'] as const) if (!input[field].trim()) errors.push({ field, messageKey: 'validation.required' });
  const kinds = [...new Set(input.kinds)].filter((k) => (PROPOSAL_KINDS as readonly string[]).includes(k));
  if (kinds.length === 0) errors.push({ field: 'kinds', messageKey: 'validation.required' });
  if (errors.length) throw validationError(errors);
  const change = {
    enabled: input.enabled,
    severity: input.severity,
    kinds,
    title: { id: input.titleId.trim(), en: input.titleEn.trim() },
    pass: { id: input.passId.trim(), en: input.passEn.trim() },
    fail: { id: input.failId.trim(), en: input.failEn.trim() },
    legalBasis: input.legalBasis?.trim() || null,
  };
  await deps.db.transaction().execute(async (tx) => {
    await updateCheckDefinition(tx, code, { ...change, by: actorLabel(actor), at: deps.clock.now() });
    await recordAudit(tx, deps.clock, audit, {
      action: 'tata_kelola.check.updated',
      targetType: 'tata_kelola_clearance_check',
      targetId: code,
      before: { code, enabled: before.enabled, severity: before.severity, kinds: before.kinds, title: before.title, pass: before.pass, fail: before.fail, legalBasis: before.legalBasis },
      after: { code, ...change },
    });
  });
}
