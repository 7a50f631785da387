import Type from 'typebox';
import { StringEnum, Uuid } from '../../../../platform/http/validation.ts';
import { INTEGRATION_CHANNELS } from '../../db.ts';
import { Nullable } from '../shared.ts';

const Channel = StringEnum(INTEGRATION_CHANNELS, { description: 'entri_ulang_manual and tautan_login_terpisah count as not integrated' });

export const NewIntegrationBody = Type.Object(
  {
    consumerAppId: Uuid({ description: 'The application that uses the data (its agency records the integration)' }),
    providerAppId: Uuid({ description: 'The application whose data is used' }),
    datasetId: Type.Optional(Nullable(Uuid())),
    channel: Channel,
    note: Type.Optional(Nullable(Type.String({ maxLength: 2000 }))),
  },
  { additionalProperties: false },
);
export const UpdateIntegrationBody = Type.Object(
  { channel: Type.Optional(Channel), datasetId: Type.Optional(Nullable(Uuid())), note: Type.Optional(Nullable(Type.String({ maxLength: 2000 }))) },
  { additionalProperties: false },
);

export const IntegrationListQuery = Type.Object({
  appId: Type.Optional(Type.Union([Uuid(), Type.Literal('')])),
  opdId: Type.Optional(Type.Union([Uuid(), Type.Literal('')])),
  channel: Type.Optional(Type.Union([Channel, Type.Literal('')])),
  integrated: Type.Optional(Type.Union([StringEnum(['true', 'false'] as const), Type.Literal('')])),
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100000 })),
});

const Ref = Type.Object({ id: Type.String(), key: Type.String(), name: Type.String() });
export const IntegrationOut = Type.Object({
  id: Type.String(),
  consumer: Ref,
  provider: Ref,
  dataset: Nullable(Ref),
  channel: Channel,
  integrated: Type.Boolean({ description: 'False for manual re-entry and a separate login' }),
  note: Nullable(Type.String()),
  createdAt: Type.String({ format: 'date-time' }),
});
export const IntegrationListOut = Type.Object({ items: Type.Array(IntegrationOut), hasNext: Type.Boolean(), page: Type.Integer() });
