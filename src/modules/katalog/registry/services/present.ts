import { iso } from '../shared.ts';
import type { ServiceDetail } from './use-cases/get-service.ts';

export function presentService(s: ServiceDetail) {
  return {
    id: s.id,
    key: s.key,
    name: s.name,
    description: s.description,
    opdId: s.opd_id,
    opdName: s.opd_name ?? null,
    kind: s.kind,
    audience: s.audience,
    ralCode: s.ral_code,
    ralName: s.ral_name ?? null,
    standard: s.standard,
    completeness: s.completeness,
    slaWorkingDays: s.sla_working_days,
    fee: s.fee === null ? null : Number(s.fee),
    feeNote: s.fee_note,
    channels: s.channels,
    apps: s.apps.map((a) => ({ id: a.id, key: a.key, name: a.name })),
    synthetic: s.synthetic,
    version: s.version,
    updatedAt: iso(s.updated_at),
  };
}
