import Type from 'typebox';
import { StringEnum, Uuid } from '../../../../platform/http/validation.ts';
import { Nullable, RecordKey } from '../shared.ts';
import { SENSITIVITIES, UPDATE_FREQUENCIES } from '../db.ts';

const RadCode = Type.String({ minLength: 5, maxLength: 40, pattern: '^RAD(\\.[0-9]{2,3})+$' });
const AppIds = (description: string) => Type.Array(Uuid(), { uniqueItems: true, maxItems: 100, description });

const fields = {
  name: Type.String({ minLength: 2, maxLength: 300 }),
  description: Type.Optional(Nullable(Type.String({ maxLength: 5000 }))),
  radCode: Type.Optional(Nullable(RadCode)),
  producerOpdId: Type.Optional(Nullable(Uuid({ description: 'Produsen data: the agency that produces the data; its admins edit the record' }))),
  walidataOpdId: Type.Optional(Nullable(Uuid({ description: 'Walidata: the agency that checks and publishes the data' }))),
  sensitivity: StringEnum(SENSITIVITIES),
  format: Type.Optional(Nullable(Type.String({ maxLength: 100 }))),
  updateFrequency: Type.Optional(Nullable(StringEnum(UPDATE_FREQUENCIES))),
  referenceCodes: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 200 }), { maxItems: 30, uniqueItems: true, description: 'Kode referensi (Satu Data Indonesia) the data uses' })),
  readAppIds: Type.Optional(AppIds('Applications that read the data')),
  writeAppIds: Type.Optional(AppIds('Applications that write the data')),
};

export const NewDatasetBody = Type.Object({ key: Type.Optional(RecordKey), ...fields }, { additionalProperties: false });
export const UpdateDatasetBody = Type.Object(
  { ...fields, name: Type.Optional(fields.name), sensitivity: Type.Optional(fields.sensitivity), version: Type.Optional(Type.Integer({ minimum: 1 })) },
  { additionalProperties: false },
);

export const DatasetListQuery = Type.Object({
  q: Type.Optional(Type.String({ maxLength: 200 })),
  opdId: Type.Optional(Type.Union([Uuid(), Type.Literal('')])),
  sensitivity: Type.Optional(Type.Union([StringEnum(SENSITIVITIES), Type.Literal('')])),
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100000 })),
});

const Ref = Type.Object({ id: Type.String(), key: Type.String(), name: Type.String() });

export const DatasetOut = Type.Object({
  id: Type.String(),
  key: Type.String(),
  name: Type.String(),
  description: Nullable(Type.String()),
  radCode: Nullable(Type.String()),
  radName: Nullable(Type.String()),
  producerOpdId: Nullable(Type.String()),
  producerName: Nullable(Type.String()),
  walidataOpdId: Nullable(Type.String()),
  walidataName: Nullable(Type.String()),
  sensitivity: StringEnum(SENSITIVITIES),
  format: Nullable(Type.String()),
  updateFrequency: Type.Union([StringEnum(UPDATE_FREQUENCIES), Type.Null()]),
  referenceCodes: Type.Array(Type.String()),
  readApps: Type.Array(Ref),
  writeApps: Type.Array(Ref),
  synthetic: Type.Boolean(),
  version: Type.Integer(),
  updatedAt: Type.String({ format: 'date-time' }),
});
export const DatasetListOut = Type.Object({ items: Type.Array(DatasetOut), hasNext: Type.Boolean(), page: Type.Integer() });
