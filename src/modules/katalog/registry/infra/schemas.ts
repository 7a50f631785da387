import Type from 'typebox';
import { StringEnum, Uuid } from '../../../../platform/http/validation.ts';
import { Nullable, RecordKey } from '../shared.ts';
import { INFRA_KINDS } from '../db.ts';

const RaiCode = Type.String({ minLength: 5, maxLength: 40, pattern: '^RAI(\\.[0-9]{2,3})+$' });
const DateText = Type.String({ format: 'date' });

const fields = {
  name: Type.String({ minLength: 2, maxLength: 300 }),
  kind: StringEnum(INFRA_KINDS, { description: 'pusat_data: data centre; intranet: government intranet (JIP); tenants are the agencies hosted or connected' }),
  raiCode: Type.Optional(Nullable(RaiCode)),
  operatorOpdId: Type.Optional(Nullable(Uuid({ description: "The operating agency; its admins edit the record and its tenant list" }))),
  description: Type.Optional(Nullable(Type.String({ maxLength: 5000 }))),
  location: Type.Optional(Nullable(Type.String({ maxLength: 300 }))),
};

export const NewInfraBody = Type.Object({ key: Type.Optional(RecordKey), ...fields }, { additionalProperties: false });
export const UpdateInfraBody = Type.Object(
  { ...fields, name: Type.Optional(fields.name), kind: Type.Optional(fields.kind), version: Type.Optional(Type.Integer({ minimum: 1 })) },
  { additionalProperties: false },
);
export const TenantBody = Type.Object({ since: Type.Optional(Nullable(DateText)) }, { additionalProperties: false });

export const InfraListQuery = Type.Object({
  q: Type.Optional(Type.String({ maxLength: 200 })),
  opdId: Type.Optional(Type.Union([Uuid(), Type.Literal('')])),
  kind: Type.Optional(Type.Union([StringEnum(INFRA_KINDS), Type.Literal('')])),
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100000 })),
});

export const SecurityAuditOut = Type.Object({
  id: Type.String(),
  appId: Nullable(Type.String()),
  infraId: Nullable(Type.String()),
  auditedOn: Type.String({ format: 'date' }),
  nextDue: Type.String({ format: 'date' }),
  auditor: Type.String(),
  result: Nullable(Type.String()),
});

export const InfraOut = Type.Object({
  id: Type.String(),
  key: Type.String(),
  name: Type.String(),
  kind: StringEnum(INFRA_KINDS),
  raiCode: Nullable(Type.String()),
  raiName: Nullable(Type.String()),
  operatorOpdId: Nullable(Type.String()),
  operatorName: Nullable(Type.String()),
  description: Nullable(Type.String()),
  location: Nullable(Type.String()),
  tenants: Type.Array(Type.Object({ opdId: Type.String(), opdName: Type.String(), since: Nullable(Type.String({ format: 'date' })) })),
  tenantCounts: Type.Object({ agencies: Type.Integer(), regencies: Type.Integer({ description: 'Regency and city governments' }) }),
  securityAudits: Type.Array(SecurityAuditOut),
  synthetic: Type.Boolean(),
  version: Type.Integer(),
  updatedAt: Type.String({ format: 'date-time' }),
});
export const InfraListOut = Type.Object({ items: Type.Array(Type.Omit(InfraOut, ['securityAudits'])), hasNext: Type.Boolean(), page: Type.Integer() });

export const NewSecurityAuditBody = Type.Object(
  {
    appId: Type.Optional(Nullable(Uuid())),
    infraId: Type.Optional(Nullable(Uuid())),
    auditedOn: DateText,
    auditor: Type.String({ minLength: 2, maxLength: 200 }),
    result: Type.Optional(Nullable(Type.String({ maxLength: 5000 }))),
  },
  { additionalProperties: false },
);
export const RecordedSecurityAuditOut = Type.Object({ id: Type.String(), nextDue: Type.String({ format: 'date' }), intervalYears: Type.Integer() });

export const DueQuery = Type.Object({ opdId: Type.Optional(Type.Union([Uuid(), Type.Literal('')])) });
const DueItem = Type.Object({
  ...SecurityAuditOut.properties,
  targetName: Type.String(),
  opdId: Nullable(Type.String()),
  opdName: Nullable(Type.String()),
  daysLeft: Type.Integer({ description: 'Days until the next audit is due; negative when overdue' }),
});
export const DueListOut = Type.Object({ today: Type.String({ format: 'date' }), until: Type.String({ format: 'date' }), overdue: Type.Array(DueItem), upcoming: Type.Array(DueItem) });
