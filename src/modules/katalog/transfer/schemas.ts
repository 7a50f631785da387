import Type, { type TSchema } from 'typebox';
import { StringEnum } from '../../../platform/http/validation.ts';
import { translate, type Locale, type MessageKey } from '../../../platform/i18n/index.ts';
import { APP_CATEGORIES, DECISIONS, DECISION_STATUSES, HOSTINGS, INTEGRATION_CHANNELS, LIFECYCLES, ROADMAP_AREAS, TIME_CLASSES } from '../db.ts';
import { AppCodesOut } from '../schemas.ts';
import { IMPORT_OUTCOMES, IMPORT_STATUSES } from './db.ts';
import type { ImportView } from './use-cases/get-import.ts';
import { percentDone } from './use-cases/get-import.ts';

const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
const Flag = Type.Union([Type.Boolean(), StringEnum(['on', 'true', '1', 'false', '0', ''] as const)]);

/** Upload options; in the query for a raw CSV/XLSX body, or as fields of a multipart form. */
export const ImportQuery = Type.Object({
  dryRun: Type.Optional(Flag),
  partial: Type.Optional(Flag),
  filename: Type.Optional(Type.String({ maxLength: 200 })),
});

export const flag = (v: unknown) => v === true || v === 'on' || v === 'true' || v === '1';

export const FormatQuery = Type.Object({ format: Type.Optional(StringEnum(['csv', 'xlsx'] as const)) });

export const ImportOut = Type.Object({
  id: Type.String(),
  filename: Type.String(),
  format: StringEnum(['csv', 'xlsx'] as const),
  dryRun: Type.Boolean(),
  partial: Type.Boolean(),
  status: StringEnum(IMPORT_STATUSES),
  outcome: Type.Union([StringEnum(IMPORT_OUTCOMES), Type.Null()]),
  total: Type.Integer({ description: 'Data rows in the file (the header not counted)' }),
  processed: Type.Integer({ description: 'Rows through the current phase (checking, then writing); equals total when done' }),
  percent: Type.Integer({ minimum: 0, maximum: 100 }),
  counts: Type.Object({
    created: Type.Integer(),
    updated: Type.Integer(),
    unchanged: Type.Integer(),
    errorRows: Type.Integer(),
  }),
  problems: Type.Array(
    Type.Object({
      row: Type.Integer({ description: 'Spreadsheet row number; the header is row 1' }),
      column: Nullable(Type.String()),
      message: Type.String({ description: 'In the language of Accept-Language (Indonesian by default)' }),
    }),
  ),
  error: Nullable(Type.String()),
  createdAt: Type.String({ format: 'date-time' }),
  finishedAt: Nullable(Type.String({ format: 'date-time' })),
  links: Type.Object({ self: Type.String(), page: Type.String() }),
});

export function presentImport(i: ImportView, locale: Locale) {
  return {
    id: i.id,
    filename: i.filename,
    format: i.format,
    dryRun: i.dry_run,
    partial: i.partial,
    status: i.status,
    outcome: i.outcome,
    total: i.total,
    processed: i.processed,
    percent: percentDone(i),
    counts: { created: i.created, updated: i.updated, unchanged: i.unchanged, errorRows: i.error_rows },
    problems: i.problems.map((p) => ({ row: p.row, column: p.column, message: translate(locale, p.key as MessageKey, p.params) })),
    error: i.error_key ? translate(locale, i.error_key as MessageKey) : null,
    createdAt: new Date(i.created_at).toISOString(),
    finishedAt: i.finished_at ? new Date(i.finished_at).toISOString() : null,
    links: { self: `/api/v1/katalog/imports/${i.id}`, page: `/katalog/import/${i.id}` },
  };
}

export const FileOut = Type.String({ description: 'The file (CSV: UTF-8 with a byte-order mark; XLSX: Office Open XML)' });

// ---- The JSON export: one document, records pointing at each other by key, agencies by code. -------------
const S = Type.String();
const NS = Nullable(Type.String());
const NI = Nullable(Type.Integer());

export const KatalogExportOut = Type.Object({
  format: Type.Literal('padu-katalog'),
  version: Type.Integer(),
  exportedAt: Type.String({ format: 'date-time' }),
  scope: Type.Union([Type.Literal('all'), Type.Array(S)], { description: '"all", or the codes of the agencies exported' }),
  apps: Type.Array(
    Type.Object({
      key: S,
      name: S,
      acronym: NS,
      description: NS,
      agency: NS,
      agencyName: NS,
      category: StringEnum(APP_CATEGORIES),
      codes: AppCodesOut,
      hosting: Type.Union([StringEnum(HOSTINGS), Type.Null()]),
      url: NS,
      technology: NS,
      users: NS,
      yearlyCost: NI,
      legalBasis: NS,
      lifecycle: StringEnum(LIFECYCLES),
      lifecycleChangedAt: Type.String({ format: 'date-time' }),
      mergedInto: NS,
      replacedBy: NS,
      synthetic: Type.Boolean(),
      version: Type.Integer(),
      createdAt: Type.String({ format: 'date-time' }),
      updatedAt: Type.String({ format: 'date-time' }),
    }),
  ),
  services: Type.Array(
    Type.Object({
      key: S,
      name: S,
      description: NS,
      agency: NS,
      kind: S,
      audience: S,
      ralCode: NS,
      standard: Type.Record(Type.String(), Type.String()),
      slaWorkingDays: NI,
      fee: NI,
      feeNote: NS,
      channels: Type.Array(S),
      apps: Type.Array(S),
      synthetic: Type.Boolean(),
    }),
  ),
  datasets: Type.Array(
    Type.Object({
      key: S,
      name: S,
      description: NS,
      radCode: NS,
      producer: NS,
      walidata: NS,
      sensitivity: S,
      format: NS,
      updateFrequency: NS,
      referenceCodes: Type.Array(S),
      apps: Type.Array(Type.Object({ app: S, access: S })),
      synthetic: Type.Boolean(),
    }),
  ),
  infrastructure: Type.Array(
    Type.Object({
      key: S,
      name: S,
      kind: S,
      raiCode: NS,
      operator: NS,
      description: NS,
      location: NS,
      tenants: Type.Array(Type.Object({ agency: NS, since: NS })),
      synthetic: Type.Boolean(),
    }),
  ),
  securityAudits: Type.Array(Type.Object({ app: NS, infrastructure: NS, auditedOn: S, nextDue: S, auditor: S, result: NS })),
  integrations: Type.Array(Type.Object({ consumer: NS, provider: NS, dataset: NS, channel: StringEnum(INTEGRATION_CHANNELS), integrated: Type.Boolean(), note: NS })),
  roadmap: Type.Array(
    Type.Object({
      key: S,
      area: StringEnum(ROADMAP_AREAS),
      title: S,
      description: NS,
      baseline: NS,
      target: NS,
      startYear: Type.Integer(),
      endYear: Type.Integer(),
      owner: NS,
      budgetCode: NS,
      status: S,
      links: Type.Array(Type.Object({ type: S, key: S })),
      synthetic: Type.Boolean(),
    }),
  ),
  decisions: Type.Array(
    Type.Object({
      app: S,
      decision: StringEnum(DECISIONS),
      target: NS,
      replacementName: NS,
      targetDate: NS,
      reason: S,
      legalBasis: NS,
      status: StringEnum(DECISION_STATUSES),
      decidedBy: S,
      decidedAt: Type.String({ format: 'date-time' }),
      closedAt: NS,
    }),
  ),
  timeAssessments: Type.Array(
    Type.Object({ app: S, functionalFit: Type.Integer(), technicalFit: Type.Integer(), classification: StringEnum(TIME_CLASSES), note: NS, assessedBy: S, assessedAt: Type.String({ format: 'date-time' }) }),
  ),
});
