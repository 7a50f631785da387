import { iso } from '../shared.ts';
import type { InfraDetail } from './use-cases/get-infra.ts';
import type { DueAudit } from './use-cases/list-due-security-audits.ts';

type AuditRow = Pick<InfraDetail['audits'][number], 'id' | 'app_id' | 'infra_id' | 'audited_on' | 'next_due' | 'auditor' | 'result'>;
type ListItem = Omit<InfraDetail, 'audits'>;

export const presentSecurityAudit = (a: AuditRow) => ({ id: a.id, appId: a.app_id, infraId: a.infra_id, auditedOn: a.audited_on, nextDue: a.next_due, auditor: a.auditor, result: a.result });

export function presentInfraItem(i: ListItem) {
  return {
    id: i.id,
    key: i.key,
    name: i.name,
    kind: i.kind,
    raiCode: i.rai_code,
    raiName: i.rai_name ?? null,
    operatorOpdId: i.operator_opd_id,
    operatorName: i.operator_name ?? null,
    description: i.description,
    location: i.location,
    tenants: i.tenants.map((t) => ({ opdId: t.opd_id, opdName: t.opd_name, since: t.since })),
    tenantCounts: i.tenantCounts,
    synthetic: i.synthetic,
    version: i.version,
    updatedAt: iso(i.updated_at),
  };
}

export const presentInfra = (i: InfraDetail) => ({ ...presentInfraItem(i), securityAudits: i.audits.map(presentSecurityAudit) });

export const presentDueAudit = (a: DueAudit) => ({ ...presentSecurityAudit(a), targetName: a.target_name, opdId: a.opd_id, opdName: a.opd_name ?? null, daysLeft: a.daysLeft });
