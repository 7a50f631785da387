import Type, { type TSchema } from 'typebox';
import { StringEnum, Uuid } from '../../platform/http/validation.ts';
import { APP_CATEGORIES, ARCH_KINDS, HOSTINGS, LIFECYCLES } from './db.ts';

const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
export const AppKey = Type.String({ minLength: 2, maxLength: 80, pattern: '^[a-z0-9][a-z0-9._-]*$' });
const ArchCode = Type.String({ minLength: 5, maxLength: 40, pattern: '^(RAB|RAL|RAD|RAA|RAI|RAK)(\\.[0-9]{2,3})+$' });
const CodeList = Type.Array(ArchCode, { maxItems: 50, uniqueItems: true });
const WebUrl = Type.String({ format: 'uri', pattern: '^https?://', maxLength: 500 });

export const AppCodes = Type.Object(
  {
    raa: Type.Optional(CodeList),
    rab: Type.Optional(CodeList),
    ral: Type.Optional(CodeList),
    radRead: Type.Optional(CodeList),
    radWrite: Type.Optional(CodeList),
  },
  { additionalProperties: false },
);

const appFields = {
  name: Type.String({ minLength: 2, maxLength: 300 }),
  acronym: Type.Optional(Nullable(Type.String({ minLength: 1, maxLength: 60 }))),
  description: Type.Optional(Nullable(Type.String({ maxLength: 5000 }))),
  opdId: Type.Optional(Nullable(Uuid())),
  category: StringEnum(APP_CATEGORIES),
  codes: Type.Optional(AppCodes),
  hosting: Type.Optional(Nullable(StringEnum(HOSTINGS))),
  url: Type.Optional(Nullable(WebUrl)),
  technology: Type.Optional(Nullable(Type.String({ maxLength: 300 }))),
  users: Type.Optional(Nullable(Type.String({ maxLength: 300 }))),
  yearlyCost: Type.Optional(Type.Union([Type.Integer({ minimum: 0, maximum: 1e15 }), Type.Null()])),
  legalBasis: Type.Optional(Nullable(Type.String({ maxLength: 500 }))),
  lifecycle: Type.Optional(StringEnum(LIFECYCLES)),
  mergedIntoId: Type.Optional(Nullable(Uuid())),
  replacedBy: Type.Optional(Nullable(Type.String({ maxLength: 200 }))),
};

export const NewAppBody = Type.Object({ key: Type.Optional(AppKey), ...appFields }, { additionalProperties: false });
export const UpdateAppBody = Type.Object(
  {
    ...Object.fromEntries(Object.entries(appFields).map(([k, v]) => [k, Type.Optional(v)])),
    /** The version the caller last saw; a stale version is refused (409) instead of overwriting. */
    version: Type.Optional(Type.Integer({ minimum: 1 })),
  } as { [K in keyof typeof appFields]: ReturnType<typeof Type.Optional<(typeof appFields)[K]>> } & { version: ReturnType<typeof Type.Optional<ReturnType<typeof Type.Integer>>> },
  { additionalProperties: false },
);

export const AppListQuery = Type.Object({
  q: Type.Optional(Type.String({ maxLength: 200 })),
  opdId: Type.Optional(Type.Union([Uuid(), Type.Literal('')])),
  category: Type.Optional(Type.Union([StringEnum(APP_CATEGORIES), Type.Literal('')])),
  lifecycle: Type.Optional(Type.Union([StringEnum(LIFECYCLES), Type.Literal('')])),
  code: Type.Optional(Type.Union([Type.String({ maxLength: 40, pattern: '^(RAB|RAL|RAD|RAA|RAI|RAK)(\\.[0-9]{2,3})*$' }), Type.Literal('')])),
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100000 })),
});

// Response schemas: the presenters.
export const AppCodesOut = Type.Object({
  raa: Type.Array(Type.String()),
  rab: Type.Array(Type.String()),
  ral: Type.Array(Type.String()),
  radRead: Type.Array(Type.String()),
  radWrite: Type.Array(Type.String()),
});
export const AppOut = Type.Object({
  id: Type.String(),
  key: Type.String(),
  name: Type.String(),
  acronym: Nullable(Type.String()),
  description: Nullable(Type.String()),
  opdId: Nullable(Type.String()),
  opdName: Nullable(Type.String()),
  category: StringEnum(APP_CATEGORIES),
  codes: AppCodesOut,
  hosting: Type.Union([StringEnum(HOSTINGS), Type.Null()]),
  url: Nullable(Type.String()),
  technology: Nullable(Type.String()),
  users: Nullable(Type.String()),
  yearlyCost: Type.Union([Type.Integer(), Type.Null()]),
  legalBasis: Nullable(Type.String()),
  lifecycle: StringEnum(LIFECYCLES),
  lifecycleChangedAt: Type.String({ format: 'date-time' }),
  mergedIntoId: Nullable(Type.String()),
  replacedBy: Nullable(Type.String()),
  synthetic: Type.Boolean(),
  version: Type.Integer(),
  updatedAt: Type.String({ format: 'date-time' }),
});
export const AppListOut = Type.Object({ items: Type.Array(AppOut), hasNext: Type.Boolean(), page: Type.Integer() });
export const ArchRefOut = Type.Object({
  code: Type.String(),
  kind: StringEnum(ARCH_KINDS),
  name: Type.String(),
  level: Type.Integer(),
  parentCode: Nullable(Type.String()),
  origin: StringEnum(['national', 'province'] as const),
});
export const ArchRefListOut = Type.Object({ items: Type.Array(ArchRefOut) });
export const HistoryOut = Type.Object({
  items: Type.Array(
    Type.Object({
      at: Type.String({ format: 'date-time' }),
      actor: Type.String(),
      action: Type.String(),
      before: Type.Union([Type.Record(Type.String(), Type.Unknown()), Type.Null()]),
      after: Type.Union([Type.Record(Type.String(), Type.Unknown()), Type.Null()]),
    }),
  ),
});
