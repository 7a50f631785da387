import Type from 'typebox';
import { StringEnum, Uuid } from '../../../../platform/http/validation.ts';
import { Nullable, RecordKey } from '../shared.ts';
import { SERVICE_AUDIENCES, SERVICE_CHANNELS } from '../db.ts';
import { STANDARD_CODES } from './standard.ts';

const RalCode = Type.String({ minLength: 5, maxLength: 40, pattern: '^RAL(\\.[0-9]{2,3})+$' });
const Text = (max: number) => Type.String({ maxLength: max });

/** One text per service-standard component, by the component's code (SD1…SM8); empty clears it. */
export const StandardIn = Type.Object(Object.fromEntries(STANDARD_CODES.map((c) => [c, Type.Optional(Nullable(Text(5000)))])), { additionalProperties: false });

const fields = {
  name: Type.String({ minLength: 2, maxLength: 300 }),
  description: Type.Optional(Nullable(Text(5000))),
  opdId: Type.Optional(Nullable(Uuid())),
  audience: StringEnum(SERVICE_AUDIENCES, { description: 'G2C/G2B: public service; G2G/G2E: administrative service' }),
  ralCode: Type.Optional(Nullable(RalCode)),
  standard: Type.Optional(StandardIn),
  slaWorkingDays: Type.Optional(Nullable(Type.Integer({ minimum: 1, maximum: 3650 }))),
  fee: Type.Optional(Nullable(Type.Integer({ minimum: 0, maximum: 1e12, description: 'Rupiah; 0 = free' }))),
  feeNote: Type.Optional(Nullable(Text(500))),
  channels: Type.Optional(Type.Array(StringEnum(SERVICE_CHANNELS), { uniqueItems: true, maxItems: SERVICE_CHANNELS.length })),
  appIds: Type.Optional(Type.Array(Uuid(), { uniqueItems: true, maxItems: 50, description: 'Applications that deliver the service' })),
};

export const NewServiceBody = Type.Object({ key: Type.Optional(RecordKey), ...fields }, { additionalProperties: false });
export const UpdateServiceBody = Type.Object(
  {
    ...fields,
    name: Type.Optional(fields.name),
    audience: Type.Optional(fields.audience),
    version: Type.Optional(Type.Integer({ minimum: 1, description: 'The version last seen; a stale one is refused (409)' })),
  },
  { additionalProperties: false },
);

export const ServiceListQuery = Type.Object({
  q: Type.Optional(Type.String({ maxLength: 200 })),
  opdId: Type.Optional(Type.Union([Uuid(), Type.Literal('')])),
  audience: Type.Optional(Type.Union([StringEnum(SERVICE_AUDIENCES), Type.Literal('')])),
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100000 })),
});

const Ref = Type.Object({ id: Type.String(), key: Type.String(), name: Type.String() });

export const ServiceOut = Type.Object({
  id: Type.String(),
  key: Type.String(),
  name: Type.String(),
  description: Nullable(Type.String()),
  opdId: Nullable(Type.String()),
  opdName: Nullable(Type.String()),
  kind: StringEnum(['publik', 'administrasi'] as const),
  audience: StringEnum(SERVICE_AUDIENCES),
  ralCode: Nullable(Type.String()),
  ralName: Nullable(Type.String()),
  standard: Type.Record(Type.String(), Type.String()),
  completeness: Type.Object({ filled: Type.Integer(), total: Type.Integer(), missing: Type.Array(Type.String()) }),
  slaWorkingDays: Nullable(Type.Integer()),
  fee: Nullable(Type.Integer()),
  feeNote: Nullable(Type.String()),
  channels: Type.Array(Type.String()),
  apps: Type.Array(Ref),
  synthetic: Type.Boolean(),
  version: Type.Integer(),
  updatedAt: Type.String({ format: 'date-time' }),
});
export const ServiceListOut = Type.Object({ items: Type.Array(ServiceOut), hasNext: Type.Boolean(), page: Type.Integer() });
