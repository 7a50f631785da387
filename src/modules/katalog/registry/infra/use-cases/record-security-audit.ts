import type { Deps } from '../../../../../platform/deps.ts';
import { ensure } from '../../../../../platform/auth/policy.ts';
import { validationError, type FieldError } from '../../../../../platform/http/errors.ts';
import { recordAudit, type AuditContext } from '../../../../../platform/audit/record-audit.ts';
import { katalogPolicy } from '../../../policy.ts';
import { getApp } from '../../../use-cases/get-app.ts';
import { isCalendarDate, localDate, textOrNull } from '../../shared.ts';
import { insertSecurityAudit } from '../repo.ts';
import { auditIntervalYears, nextDueDate } from '../security-due.ts';
import { getInfra } from './get-infra.ts';

export interface SecurityAuditInput {
  appId?: string | null;
  infraId?: string | null;
  auditedOn: string;
  auditor: string;
  result?: string | null;
}

/**
 * Records an SPBE security audit of an app or a piece of infrastructure and fixes when the next
 * one is due (see `auditIntervalYears`). The app's owner or the infrastructure's operator (their
 * admins) and the SPBE team record audits.
 */
export async function recordSecurityAudit(deps: Pick<Deps, 'db' | 'clock' | 'ids' | 'config'>, audit: AuditContext, input: SecurityAuditInput): Promise<{ auditId: string; nextDue: string; intervalYears: number }> {
  const actor = audit.actor;
  if (!input.appId === !input.infraId) throw validationError([{ field: input.appId ? 'infraId' : 'appId', messageKey: 'katalog.audit.one_target' }]);
  const target = input.appId
    ? await getApp(deps, actor, input.appId).then((a) => ({ opdId: a.opd_id, years: auditIntervalYears({ kind: 'app', category: a.category }), name: a.name }))
    : await getInfra(deps, actor, input.infraId!).then((i) => ({ opdId: i.operator_opd_id, years: auditIntervalYears({ kind: 'infra' }), name: i.name }));
  ensure(actor, katalogPolicy.edit(actor, target.opdId));
  const errors: FieldError[] = [];
  if (!isCalendarDate(input.auditedOn)) errors.push({ field: 'auditedOn', messageKey: 'validation.date' });
  else if (input.auditedOn > localDate(deps.clock.now(), deps.config.timeZone)) errors.push({ field: 'auditedOn', messageKey: 'katalog.audit.future' });
  if (!input.auditor.trim()) errors.push({ field: 'auditor', messageKey: 'validation.required' });
  if (errors.length) throw validationError(errors);
  const row = {
    id: deps.ids.uuid(),
    app_id: input.appId ?? null,
    infra_id: input.infraId ?? null,
    audited_on: input.auditedOn,
    next_due: nextDueDate(input.auditedOn, target.years),
    auditor: input.auditor.trim(),
    result: textOrNull(input.result),
    created_at: deps.clock.now(),
  };
  await deps.db.transaction().execute(async (tx) => {
    await insertSecurityAudit(tx, row);
    await recordAudit(tx, deps.clock, audit, {
      action: 'katalog.security_audit.recorded',
      targetType: input.appId ? 'katalog_app' : 'katalog_infra',
      targetId: input.appId ?? input.infraId,
      opdId: target.opdId,
      after: { auditId: row.id, auditedOn: row.audited_on, nextDue: row.next_due, auditor: row.auditor, result: row.result },
    });
  });
  return { auditId: row.id, nextDue: row.next_due, intervalYears: target.years };
}
