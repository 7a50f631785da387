import type { Deps } from '../../../../platform/deps.ts';
import { validationError, type FieldError } from '../../../../platform/http/errors.ts';
import { translate, type MessageKey } from '../../../../platform/i18n/index.ts';
import type { IntegrationPlan, ProposalKind } from '../../db.ts';
import { runChecks, type CheckResult, type ProposalFacts } from '../checks.ts';
import { duplicateFacts } from '../duplicate-facts.ts';
import { findApps, findRoadmapItem, knownArchCodes, listCheckDefinitions, loadPortfolio, opdRegion, qualifierWords, sharedDataCentres, type VersionInput } from '../repo.ts';

/**
 * Sub-activity code of the regional budget nomenclature (Permendagri 90/2019):
 * urusan.bidang.program.kegiatan.sub-kegiatan, e.g. 2.16.02.1.01.0006. The programme and activity
 * codes are its first three and five parts.
 */
export const SUB_KEGIATAN_PATTERN = /^([0-9]|X)\.([0-9]{2}|XX)\.[0-9]{2}\.[0-9]\.[0-9]{2}\.([0-9]{2}|[0-9]{4})$/;

export function budgetCodes(subKegiatan: string): { programCode: string; kegiatanCode: string; subKegiatanCode: string } {
  const parts = subKegiatan.split('.');
  return { programCode: parts.slice(0, 3).join('.'), kegiatanCode: parts.slice(0, 5).join('.'), subKegiatanCode: subKegiatan };
}

/** What the agency sends for one version; files are ids of stored files (undefined: keep the previous version's). */
export interface ProposalInput {
  title: string;
  subKegiatanCode: string;
  amount: number;
  kind: ProposalKind;
  description: string;
  archCodes?: string[];
  roadmapItemId?: string | null;
  appIds?: string[];
  newServers?: boolean;
  integration?: IntegrationPlan;
  securityAuditPlanned?: boolean;
  kakFileId?: string | null;
  costBenefitFileId?: string | null;
}

/**
 * Validates a version against the katalog (codes, apps, roadmap item), gathers the facts and runs
 * the configured checks. Returns what to store.
 */
export async function prepareVersion(
  deps: Pick<Deps, 'db'>,
  opdId: string,
  budgetYear: number,
  input: ProposalInput,
  previous: { kakFileId: string | null; costBenefitFileId: string | null } | null,
): Promise<{ version: VersionInput; checks: CheckResult[] }> {
  const errors: FieldError[] = [];
  const title = input.title.trim();
  const description = input.description.trim();
  const sub = input.subKegiatanCode.trim().toUpperCase();
  if (!title) errors.push({ field: 'title', messageKey: 'validation.required' });
  if (!description) errors.push({ field: 'description', messageKey: 'validation.required' });
  if (!SUB_KEGIATAN_PATTERN.test(sub)) errors.push({ field: 'subKegiatanCode', messageKey: 'tata_kelola.proposal.budget_code_format' });
  if (!Number.isSafeInteger(input.amount) || input.amount <= 0) errors.push({ field: 'amount', messageKey: 'tata_kelola.proposal.amount_positive' });
  const archCodes = [...new Set((input.archCodes ?? []).map((c) => c.trim().toUpperCase()).filter(Boolean))].sort();
  const known = await knownArchCodes(deps.db, archCodes);
  const unknownCodes = archCodes.filter((c) => !known.has(c));
  if (unknownCodes.length) errors.push({ field: 'archCodes', messageKey: 'tata_kelola.proposal.unknown_codes', params: { codes: unknownCodes.join(', ') } });
  const appIds = [...new Set(input.appIds ?? [])];
  const apps = await findApps(deps.db, { ids: appIds });
  if (apps.length !== appIds.length) errors.push({ field: 'appIds', messageKey: 'tata_kelola.proposal.unknown_apps' });
  const roadmap = input.roadmapItemId ? await findRoadmapItem(deps.db, input.roadmapItemId) : null;
  if (input.roadmapItemId && !roadmap) errors.push({ field: 'roadmapItemId', messageKey: 'tata_kelola.proposal.unknown_roadmap_item' });
  const agency = await opdRegion(deps.db, opdId);
  if (!agency || !agency.active) errors.push({ field: 'opdId', messageKey: 'tata_kelola.assignment.unknown_agency' });
  if (errors.length) throw validationError(errors);

  const version: VersionInput = {
    title,
    ...budgetCodes(sub),
    amount: input.amount,
    kind: input.kind,
    description,
    kakFileId: input.kakFileId === undefined ? (previous?.kakFileId ?? null) : input.kakFileId,
    costBenefitFileId: input.costBenefitFileId === undefined ? (previous?.costBenefitFileId ?? null) : input.costBenefitFileId,
    archCodes,
    roadmapItemId: roadmap?.id ?? null,
    appIds: apps.map((a) => a.id).sort(),
    newServers: input.newServers ?? false,
    integration: input.integration ?? 'tidak_ada',
    securityAuditPlanned: input.securityAuditPlanned ?? false,
  };
  const [portfolio, qualifiers, centres, definitions] = await Promise.all([loadPortfolio(deps.db), qualifierWords(deps.db), sharedDataCentres(deps.db, opdId), listCheckDefinitions(deps.db)]);
  const integrationKey = `tata_kelola.integration.${version.integration}` as MessageKey;
  const facts: ProposalFacts = {
    kind: version.kind,
    budgetYear,
    ...duplicateFacts(portfolio, { title, description, opdId, regionCode: agency!.region_code, archCodes, touchedAppIds: version.appIds }, qualifiers),
    newServers: version.newServers,
    sharedCentres: centres,
    roadmapItem: roadmap ? { title: roadmap.title, startYear: roadmap.start_year, endYear: roadmap.end_year, status: roadmap.status } : null,
    archCodes,
    integration: version.integration,
    integrationLabel: { id: translate('id', integrationKey), en: translate('en', integrationKey) },
    hasKak: !!version.kakFileId,
    hasCostBenefit: !!version.costBenefitFileId,
    securityAuditPlanned: version.securityAuditPlanned,
  };
  return { version, checks: runChecks(definitions, facts) };
}
