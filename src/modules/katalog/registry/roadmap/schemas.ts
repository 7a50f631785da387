import Type from 'typebox';
import { StringEnum, Uuid } from '../../../../platform/http/validation.ts';
import { ROADMAP_AREAS } from '../../db.ts';
import { ROADMAP_STATUSES } from '../db.ts';
import { Nullable, RecordKey } from '../shared.ts';

const Year = Type.Integer({ minimum: 2000, maximum: 2100 });
const Ids = Type.Array(Uuid(), { uniqueItems: true, maxItems: 100 });
export const LinksIn = Type.Object(
  { apps: Type.Optional(Ids), services: Type.Optional(Ids), datasets: Type.Optional(Ids), infra: Type.Optional(Ids) },
  { additionalProperties: false, description: 'Records this item changes, by type; a list given replaces that type' },
);

const fields = {
  area: StringEnum(ROADMAP_AREAS),
  title: Type.String({ minLength: 2, maxLength: 300 }),
  description: Type.Optional(Nullable(Type.String({ maxLength: 5000 }))),
  baseline: Type.Optional(Nullable(Type.String({ maxLength: 2000 }))),
  target: Type.Optional(Nullable(Type.String({ maxLength: 2000 }))),
  startYear: Year,
  endYear: Year,
  ownerOpdId: Type.Optional(Nullable(Uuid())),
  budgetCode: Type.Optional(
    Nullable(Type.String({ maxLength: 40, description: 'Kode sub kegiatan (Permendagri 90/2019): urusan.bidang.program.kegiatan.sub kegiatan, e.g. 2.16.02.1.01.01 or 2.16.02.1.01.0006; X/XX allowed for support affairs' })),
  ),
  status: Type.Optional(StringEnum(ROADMAP_STATUSES)),
  links: Type.Optional(LinksIn),
};

export const NewRoadmapBody = Type.Object({ key: Type.Optional(RecordKey), ...fields }, { additionalProperties: false });
export const UpdateRoadmapBody = Type.Object(
  { ...fields, area: Type.Optional(fields.area), title: Type.Optional(fields.title), startYear: Type.Optional(Year), endYear: Type.Optional(Year), version: Type.Optional(Type.Integer({ minimum: 1 })) },
  { additionalProperties: false },
);

export const RoadmapQuery = Type.Object({
  opdId: Type.Optional(Type.Union([Uuid(), Type.Literal('')])),
  area: Type.Optional(Type.Union([StringEnum(ROADMAP_AREAS), Type.Literal('')])),
  status: Type.Optional(Type.Union([StringEnum(ROADMAP_STATUSES), Type.Literal('')])),
  year: Type.Optional(Type.Union([Year, Type.Literal('')])),
});

const Ref = Type.Object({ id: Type.String(), key: Type.String(), name: Type.String() });
export const RoadmapOut = Type.Object({
  id: Type.String(),
  key: Type.String(),
  area: StringEnum(ROADMAP_AREAS),
  title: Type.String(),
  description: Nullable(Type.String()),
  baseline: Nullable(Type.String()),
  target: Nullable(Type.String()),
  startYear: Type.Integer(),
  endYear: Type.Integer(),
  ownerOpdId: Nullable(Type.String()),
  ownerName: Nullable(Type.String()),
  budgetCode: Nullable(Type.String()),
  status: StringEnum(ROADMAP_STATUSES),
  links: Type.Object({ apps: Type.Array(Ref), services: Type.Array(Ref), datasets: Type.Array(Ref), infra: Type.Array(Ref) }),
  synthetic: Type.Boolean(),
  version: Type.Integer(),
  updatedAt: Type.String({ format: 'date-time' }),
});
export const RoadmapListOut = Type.Object({ items: Type.Array(RoadmapOut) });
