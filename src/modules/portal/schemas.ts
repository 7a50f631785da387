import Type, { type TSchema } from 'typebox';
import { Email, StringEnum, Uuid } from '../../platform/http/validation.ts';
import { PASSWORD_MAX_LENGTH } from '../../platform/auth/passwords.ts';
import { AVAILABILITIES } from './db.ts';
import { ELEMENT_CODES } from './survey/ikm.ts';
import { PERIOD_PATTERN } from './survey/period.ts';
import { EDUCATIONS, GENDERS, OCCUPATIONS } from './survey/use-cases/submit-survey.ts';

/** The portal's request schemas and response schemas (the presenters). NIKs leave only masked. */
const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
const Code = Type.String({ pattern: '^[a-z][a-z_]{1,40}$' });
const Page = Type.Integer({ minimum: 1, maximum: 1000 });
const Password = Type.String({ minLength: 1, maxLength: PASSWORD_MAX_LENGTH });

export const Ok = Type.Object({ ok: Type.Boolean() });

// ---- Catalogue ------------------------------------------------------------------------------------

/** The public pages' query string (Indonesian names: they show in shared links). */
export const CatalogueHtmlQuery = Type.Object({
  q: Type.Optional(Type.String({ maxLength: 200 })),
  instansi: Type.Optional(Type.Union([Uuid(), Type.Literal('')])),
  topik: Type.Optional(Type.Union([Code, Type.Literal('')])),
  peristiwa: Type.Optional(Type.Union([Code, Type.Literal('')])),
  page: Type.Optional(Page),
});

export const CatalogueQuery = Type.Object({
  q: Type.Optional(Type.String({ maxLength: 200, description: 'Words in Indonesian; affixes, typos and abbreviations (KTP, SKCK, PBG…) are understood' })),
  opdId: Type.Optional(Uuid()),
  topic: Type.Optional(Code),
  lifeEvent: Type.Optional(Code),
  region: Type.Optional(
    Type.String({ pattern: '^[0-9]{2}\\.[0-9]{2}$', description: "The searcher's regency/city (Kemendagri code, e.g. 35.78): its services, then the province's, rank first. Default: a signed-in citizen's own." }),
  ),
  page: Type.Optional(Page),
});

export const ServiceHitOut = Type.Object({
  id: Type.String(),
  key: Type.String(),
  name: Type.String(),
  description: Nullable(Type.String()),
  opdId: Nullable(Type.String()),
  opdName: Nullable(Type.String()),
  slaWorkingDays: Nullable(Type.Integer()),
  fee: Nullable(Type.Number({ description: 'Rupiah' })),
  availability: StringEnum(AVAILABILITIES),
  score: Type.Number(),
});

export const SearchOut = Type.Object({
  items: Type.Array(ServiceHitOut),
  total: Type.Integer(),
  page: Type.Integer(),
  hasNext: Type.Boolean(),
  mode: StringEnum(['browse', 'all', 'any', 'similar'] as const, { description: 'all: every word matched; any: some words; similar: names that look alike' }),
  corrected: Type.Array(Type.Object({ from: Type.String(), to: Type.String() })),
});

export const RefOut = Type.Object({ code: Type.String(), nameId: Type.String(), nameEn: Type.String(), serviceCount: Type.Integer() });
export const RefListOut = Type.Object({ items: Type.Array(RefOut) });
export const AgencyListOut = Type.Object({
  items: Type.Array(Type.Object({ id: Type.String(), name: Type.String(), abbreviation: Nullable(Type.String()), serviceCount: Type.Integer() })),
});

export const IkmResultOut = Type.Object({
  respondents: Type.Integer(),
  ikm: Type.Number({ description: 'Rounded half-up to 2 decimals, 25-100' }),
  ikmText: Type.String(),
  nrr: Type.Number({ description: 'Weighted mean of the element means (1-4), 4 decimals' }),
  grade: StringEnum(['A', 'B', 'C', 'D'] as const),
  gradeLabel: Type.String(),
  elements: Type.Array(Type.Object({ code: Type.String(), name: Type.String(), nrr: Type.Number(), ikm: Type.Number() })),
});
export const IkmOut = Type.Object({
  period: Type.Object({ id: Type.String(), from: Type.String(), to: Type.String() }),
  result: Nullable(IkmResultOut),
});
export const IkmQuery = Type.Object({
  serviceId: Type.Optional(Uuid()),
  opdId: Type.Optional(Uuid()),
  period: Type.String({ pattern: PERIOD_PATTERN, description: 'A year (2026), semester (2026-S1) or quarter (2026-Q3)' }),
});

export const KeyParams = Type.Object({ key: Type.String({ minLength: 1, maxLength: 100, pattern: '^[a-z0-9][a-z0-9._-]*$' }) });
const Ref = Type.Object({ code: Type.String(), name: Type.String() });

export const PublicServiceOut = Type.Object({
  id: Type.String(),
  key: Type.String(),
  name: Type.String(),
  description: Nullable(Type.String()),
  opdId: Nullable(Type.String()),
  opdName: Nullable(Type.String()),
  published: Type.Boolean(),
  availability: StringEnum(AVAILABILITIES),
  elsewhereUrl: Nullable(Type.String()),
  inPersonWhere: Nullable(Type.String()),
  requestUrl: Nullable(Type.String({ description: 'Where the online request form is, when it can be requested here' })),
  complaintUrl: Type.String(),
  slaWorkingDays: Nullable(Type.Integer()),
  fee: Nullable(Type.Number({ description: 'Rupiah' })),
  feeNote: Nullable(Type.String()),
  channels: Type.Array(Type.String()),
  standard: Type.Object({
    requirements: Nullable(Type.String()),
    procedure: Nullable(Type.String()),
    time: Nullable(Type.String()),
    cost: Nullable(Type.String()),
    product: Nullable(Type.String()),
    complaints: Nullable(Type.String()),
    legalBasis: Nullable(Type.String()),
    facilities: Nullable(Type.String()),
  }),
  topics: Type.Array(Ref),
  lifeEvents: Type.Array(Ref),
  apps: Type.Array(Type.String()),
  ikm: IkmOut,
});

// ---- Staff: publishing --------------------------------------------------------------------------

export const ServiceParams = Type.Object({ serviceId: Uuid() });

export const ManageQuery = Type.Object({
  q: Type.Optional(Type.String({ maxLength: 200 })),
  opdId: Type.Optional(Type.Union([Uuid(), Type.Literal('')])),
  state: Type.Optional(StringEnum(['', 'published', 'draft'] as const)),
  page: Type.Optional(Page),
});

export const ManagedListOut = Type.Object({
  items: Type.Array(
    Type.Object({
      id: Type.String(),
      key: Type.String(),
      name: Type.String(),
      opdId: Nullable(Type.String()),
      opdName: Nullable(Type.String()),
      published: Type.Boolean(),
      canManage: Type.Boolean(),
    }),
  ),
  hasNext: Type.Boolean(),
  page: Type.Integer(),
});

export const ManagedServiceOut = Type.Object({
  id: Type.String(),
  key: Type.String(),
  name: Type.String(),
  opdId: Nullable(Type.String()),
  opdName: Nullable(Type.String()),
  published: Type.Boolean(),
  publishedAt: Nullable(Type.String({ format: 'date-time' })),
  availability: StringEnum(AVAILABILITIES),
  elsewhereUrl: Nullable(Type.String()),
  inPersonWhere: Nullable(Type.String()),
  keywords: Type.String(),
  topics: Type.Array(Type.String()),
  lifeEvents: Type.Array(Type.String()),
  canManage: Type.Boolean(),
});

export const SettingsBody = Type.Object(
  {
    published: Type.Optional(Type.Boolean()),
    availability: Type.Optional(StringEnum(AVAILABILITIES)),
    elsewhereUrl: Type.Optional(Nullable(Type.String({ maxLength: 500 }))),
    inPersonWhere: Type.Optional(Nullable(Type.String({ maxLength: 1000 }))),
    keywords: Type.Optional(Nullable(Type.String({ maxLength: 500 }))),
    topics: Type.Optional(Type.Array(Code, { maxItems: 20 })),
    lifeEvents: Type.Optional(Type.Array(Code, { maxItems: 20 })),
  },
  { additionalProperties: false },
);

/** The settings form: checkboxes arrive as a string or a list, or not at all when none is ticked. */
export const SettingsForm = Type.Object({
  published: Type.Optional(Type.Literal('true')),
  availability: StringEnum(AVAILABILITIES),
  elsewhereUrl: Type.Optional(Type.String({ maxLength: 500 })),
  inPersonWhere: Type.Optional(Type.String({ maxLength: 1000 })),
  keywords: Type.Optional(Type.String({ maxLength: 500 })),
  topics: Type.Array(Code, { maxItems: 20 }),
  lifeEvents: Type.Array(Code, { maxItems: 20 }),
});

export const SurveyLinkOut = Type.Object({ token: Type.String(), url: Type.String(), expiresAt: Type.String({ format: 'date-time' }) });

// ---- Citizens -----------------------------------------------------------------------------------

export const RegisterBody = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 200 }),
  email: Email(),
  password: Password,
  confirmPassword: Type.Optional(Password),
});

export const VerifyBody = Type.Object({ token: Type.String({ minLength: 10, maxLength: 200 }) });

export const ProfileOut = Type.Object({
  name: Type.String(),
  email: Type.String(),
  nikMasked: Nullable(Type.String({ description: 'First 4 and last 4 digits; the full NIK is never returned' })),
  phone: Nullable(Type.String()),
  regencyCode: Nullable(Type.String()),
  districtCode: Nullable(Type.String()),
  address: Nullable(Type.String()),
  emailVerified: Type.Boolean(),
});

export const ProfileBody = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    nik: Type.Optional(Nullable(Type.String({ maxLength: 24, description: '16 digits; an empty string or null removes it' }))),
    phone: Type.Optional(Nullable(Type.String({ maxLength: 30 }))),
    regencyCode: Type.Optional(Nullable(Type.String({ maxLength: 20 }))),
    districtCode: Type.Optional(Nullable(Type.String({ maxLength: 20 }))),
    address: Type.Optional(Nullable(Type.String({ maxLength: 500 }))),
  },
  { additionalProperties: false },
);

export const ProfileForm = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 200 }),
  nik: Type.Optional(Type.String({ maxLength: 24 })),
  phone: Type.Optional(Type.String({ maxLength: 30 })),
  regencyCode: Type.Optional(Type.String({ maxLength: 20 })),
  districtCode: Type.Optional(Type.String({ maxLength: 20 })),
  address: Type.Optional(Type.String({ maxLength: 500 })),
});

export const ConsentParams = Type.Object({ consentId: Uuid() });
export const ConsentOut = Type.Object({
  id: Type.String(),
  purpose: Type.String(),
  dataElements: Type.Array(Type.String()),
  opdId: Nullable(Type.String()),
  opdName: Nullable(Type.String()),
  serviceId: Nullable(Type.String()),
  serviceName: Nullable(Type.String()),
  source: Type.String(),
  grantedAt: Type.String({ format: 'date-time' }),
  withdrawnAt: Nullable(Type.String({ format: 'date-time' })),
});
export const ConsentListOut = Type.Object({ items: Type.Array(ConsentOut) });

// ---- Survey -------------------------------------------------------------------------------------

export const TokenParams = Type.Object({ token: Type.String({ minLength: 20, maxLength: 200, pattern: '^[A-Za-z0-9_-]+$' }) });

const Answer = Type.Integer({ minimum: 1, maximum: 4 });
const Profile = {
  gender: Type.Optional(StringEnum(GENDERS)),
  education: Type.Optional(StringEnum(EDUCATIONS)),
  occupation: Type.Optional(StringEnum(OCCUPATIONS)),
  suggestion: Type.Optional(Type.String({ maxLength: 2000 })),
};

export const SurveyBody = Type.Object({
  answers: Type.Object(Object.fromEntries(ELEMENT_CODES.map((c) => [c, Answer])), { description: 'U1-U9, each 1 (not good) to 4 (very good)' }),
  ...Profile,
});

export const SurveyForm = Type.Object({ ...Object.fromEntries(ELEMENT_CODES.map((c) => [c, Answer])), ...Profile });

export const SurveyInfoOut = Type.Object({
  serviceName: Type.String(),
  serviceKey: Type.String(),
  opdName: Nullable(Type.String()),
  expiresAt: Type.String({ format: 'date-time' }),
  elements: Type.Array(Type.Object({ code: Type.String(), name: Type.String() })),
  scale: Type.Array(Type.Object({ value: Type.Integer(), label: Type.String() })),
});
