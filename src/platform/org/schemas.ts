import Type from 'typebox';
import { StringEnum, Uuid } from '../http/validation.ts';
import { OPD_KINDS } from '../db/schema.ts';

export const SOCIAL_NETWORKS = ['facebook', 'instagram', 'x', 'youtube', 'tiktok'] as const;
export type SocialNetwork = (typeof SOCIAL_NETWORKS)[number];

const WebUrl = () => Type.String({ format: 'uri', pattern: '^https?://', maxLength: 500 });
const Code = Type.String({ minLength: 2, maxLength: 40, pattern: '^[a-z0-9][a-z0-9.-]*$' });
const Name = Type.String({ minLength: 3, maxLength: 300 });
const Abbreviation = Type.String({ minLength: 1, maxLength: 40 });
const RegionCode = Type.String({ minLength: 2, maxLength: 20, pattern: '^[0-9.]+$' });

export const SocialMedia = Type.Object(
  {
    facebook: Type.Optional(WebUrl()),
    instagram: Type.Optional(WebUrl()),
    x: Type.Optional(WebUrl()),
    youtube: Type.Optional(WebUrl()),
    tiktok: Type.Optional(WebUrl()),
  },
  { additionalProperties: false },
);

export const NewOpdBody = Type.Object({
  code: Code,
  name: Name,
  abbreviation: Type.Optional(Abbreviation),
  kind: StringEnum(OPD_KINDS),
  parentId: Type.Optional(Uuid()),
  regionCode: RegionCode,
  website: Type.Optional(WebUrl()),
  socialMedia: Type.Optional(SocialMedia),
});

/** Absent fields stay as they are; `null` clears an optional field. */
export const UpdateOpdBody = Type.Object({
  name: Type.Optional(Name),
  abbreviation: Type.Optional(Type.Union([Abbreviation, Type.Null()])),
  kind: Type.Optional(StringEnum(OPD_KINDS)),
  parentId: Type.Optional(Type.Union([Uuid(), Type.Null()])),
  regionCode: Type.Optional(RegionCode),
  website: Type.Optional(Type.Union([WebUrl(), Type.Null()])),
  socialMedia: Type.Optional(SocialMedia),
});

export const MergeOpdBody = Type.Object({ intoId: Uuid() });

export const OpdListQuery = Type.Object({
  q: Type.Optional(Type.String({ maxLength: 200 })),
  kind: Type.Optional(Type.Union([StringEnum(OPD_KINDS), Type.Literal('')])),
  region: Type.Optional(Type.Union([RegionCode, Type.Literal('')])),
  inactive: Type.Optional(Type.Union([Type.Boolean(), Type.Literal('')])),
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100000 })),
});

const Nullable = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([t, Type.Null()]);

// Response schemas: the presenters.
export const OpdOut = Type.Object({
  id: Type.String(),
  code: Type.String(),
  name: Type.String(),
  abbreviation: Nullable(Type.String()),
  kind: StringEnum(OPD_KINDS),
  parentId: Nullable(Type.String()),
  regionCode: Type.String(),
  regionName: Type.String(),
  website: Nullable(Type.String()),
  socialMedia: Type.Record(Type.String(), Type.String()),
  active: Type.Boolean(),
  mergedIntoId: Nullable(Type.String()),
});
export const OpdDetailOut = Type.Object({
  ...OpdOut.properties,
  nameHistory: Type.Array(Type.Object({ name: Type.String(), validFrom: Type.String({ format: 'date-time' }), validTo: Nullable(Type.String({ format: 'date-time' })) })),
  children: Type.Array(Type.Object({ id: Type.String(), name: Type.String(), active: Type.Boolean() })),
});
export const OpdListOut = Type.Object({ items: Type.Array(OpdOut), hasNext: Type.Boolean(), page: Type.Integer() });
export const RegionOut = Type.Object({ code: Type.String(), name: Type.String(), kind: Type.String(), parentCode: Nullable(Type.String()) });
export const RegionListOut = Type.Object({ items: Type.Array(RegionOut) });
export const MergeOut = Type.Object({ movedGrants: Type.Integer(), revokedTokens: Type.Integer(), movedChildren: Type.Integer(), into: OpdOut });
