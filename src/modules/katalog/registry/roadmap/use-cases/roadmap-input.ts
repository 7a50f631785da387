import type { Kysely } from 'kysely';
import type { DB } from '../../../../../platform/db/schema.ts';
import type { FieldError } from '../../../../../platform/http/errors.ts';
import { ROADMAP_TARGET_TYPES, type RoadmapStatus, type RoadmapTargetType } from '../../db.ts';
import { checkOpd, checkRefIds } from '../../checks.ts';
import type { RoadmapArea } from '../repo.ts';

/**
 * Budget sub-activity code (kode sub kegiatan) as the regional planning and budgeting
 * nomenclature writes it (Permendagri 90/2019, updated by Kepmendagri 050-5889/2021):
 * urusan (1 digit, or X for support affairs), bidang urusan (2 digits, or XX), program (2),
 * kegiatan (1 + 2 digits) and sub kegiatan (2 digits, or 4 in the 2021 update), dot-separated:
 * `2.16.02.1.01.01`, `2.16.02.1.01.0006`, `X.XX.01.1.02.01`.
 */
export const BUDGET_CODE_PATTERN = /^([0-9]|X)\.([0-9]{2}|XX)\.[0-9]{2}\.[0-9]\.[0-9]{2}\.([0-9]{2}|[0-9]{4})$/;

export interface RoadmapLinksInput {
  apps?: string[];
  services?: string[];
  datasets?: string[];
  infra?: string[];
}

export const LINK_FIELDS: Record<RoadmapTargetType, keyof RoadmapLinksInput> = { app: 'apps', service: 'services', dataset: 'datasets', infra: 'infra' };

export interface RoadmapInput {
  area?: RoadmapArea;
  title?: string;
  description?: string | null;
  baseline?: string | null;
  target?: string | null;
  startYear?: number;
  endYear?: number;
  ownerOpdId?: string | null;
  budgetCode?: string | null;
  status?: RoadmapStatus;
  links?: RoadmapLinksInput;
}

/** Checks the years run forward, the budget code's shape, the owner, and that linked records exist. */
export async function checkRoadmapInput(db: Kysely<DB>, input: RoadmapInput): Promise<FieldError[]> {
  const errors: FieldError[] = [];
  if (input.startYear !== undefined && input.endYear !== undefined && input.endYear < input.startYear) errors.push({ field: 'endYear', messageKey: 'katalog.roadmap.end_before_start' });
  if (input.budgetCode && !BUDGET_CODE_PATTERN.test(input.budgetCode.trim().toUpperCase())) errors.push({ field: 'budgetCode', messageKey: 'katalog.roadmap.budget_code_format' });
  await checkOpd(db, input.ownerOpdId, 'ownerOpdId', errors);
  for (const type of ROADMAP_TARGET_TYPES) {
    const field = LINK_FIELDS[type];
    if (input.links?.[field]) await checkRefIds(db, type, input.links[field], `links.${field}`, errors);
  }
  return errors;
}

export function linkRows(links: RoadmapLinksInput | undefined): { type: RoadmapTargetType; id: string }[] {
  return ROADMAP_TARGET_TYPES.flatMap((type) => [...new Set(links?.[LINK_FIELDS[type]] ?? [])].map((id) => ({ type, id })));
}
