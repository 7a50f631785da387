import { AppError } from '../../../../platform/http/errors.ts';
import type { Translator } from '../../../../platform/i18n/index.ts';
import { REPORT_TYPES } from '../../db.ts';
import { loadSla } from '../../deadlines.ts';
import { findCategory, listCategories, listPlaces } from '../../repo.ts';
import type { AduanDeps } from '../../use-cases/common.ts';
import type { Jurisdiction } from '../jurisdiction.ts';

/** GET services: every active category is a service; all need the definition's `jenis` attribute. */
export async function listOpen311Services(deps: AduanDeps) {
  const categories = await listCategories(deps.db, { activeOnly: true });
  return categories.map((c) => ({
    service_code: c.code,
    service_name: c.name,
    description: c.description,
    metadata: true,
    type: c.open311_type,
    keywords: c.keywords,
    group: c.group_name,
  }));
}

/**
 * GET service definition: the attributes a client sends as `attribute[code]`. For the province
 * jurisdiction the regency/city is asked too (a regency's jurisdiction implies it). One attribute
 * is informational (`variable: false`): the deadlines the request will be held to.
 */
export async function describeOpen311Service(deps: AduanDeps, t: Translator, jurisdiction: Jurisdiction, code: string) {
  const category = await findCategory(deps.db, code);
  if (!category || !category.active) throw new AppError('not_found', 'aduan.open311.service_unknown');
  const sla = await loadSla(deps.db);
  const yesNo = [
    { key: 'tidak', name: t('common.no') },
    { key: 'ya', name: t('common.yes') },
  ];
  const attributes: Record<string, unknown>[] = [
    { variable: true, code: 'jenis', datatype: 'singlevaluelist', required: true, datatype_description: null, order: 1, description: t('aduan.open311.attr_type'), values: REPORT_TYPES.map((k) => ({ key: k, name: t(`aduan.type.${k}`) })) },
    { variable: true, code: 'judul', datatype: 'string', required: false, datatype_description: t('aduan.open311.attr_title_format'), order: 2, description: t('aduan.open311.attr_title'), values: [] },
  ];
  if (jurisdiction.regionCode === null) {
    const { regencies } = await listPlaces(deps.db, deps.config.province);
    attributes.push({
      variable: true,
      code: 'kabupaten_kota',
      datatype: 'singlevaluelist',
      required: false,
      datatype_description: t('aduan.open311.attr_region_format'),
      order: 3,
      description: t('aduan.open311.attr_region'),
      values: regencies.map((r) => ({ key: r.code, name: r.name })),
    });
  }
  attributes.push(
    { variable: true, code: 'anonim', datatype: 'singlevaluelist', required: false, datatype_description: null, order: 4, description: t('aduan.open311.attr_anonymous'), values: yesNo },
    { variable: true, code: 'rahasia', datatype: 'singlevaluelist', required: false, datatype_description: null, order: 5, description: t('aduan.open311.attr_confidential'), values: yesNo },
    { variable: true, code: 'layanan', datatype: 'string', required: false, datatype_description: t('aduan.open311.attr_service_format'), order: 6, description: t('aduan.open311.attr_service'), values: [] },
    { variable: true, code: 'aplikasi', datatype: 'string', required: false, datatype_description: t('aduan.open311.attr_app_format'), order: 7, description: t('aduan.open311.attr_app'), values: [] },
    {
      variable: false,
      code: 'tenggat',
      datatype: 'text',
      required: false,
      datatype_description: null,
      order: 8,
      description: t('aduan.open311.attr_deadlines', { verify: sla.steps.verify, followUp: sla.steps.follow_up, resolve: sla.tiers.get(category.tier_code)?.days ?? '?', autoClose: sla.steps.auto_close }),
      values: [],
    },
  );
  return { service_code: category.code, attributes };
}

/** The discovery document (required alongside GeoReport v2). */
export async function open311Discovery(deps: AduanDeps, t: Translator) {
  const categories = await listCategories(deps.db, { activeOnly: false });
  const changed = categories.reduce((latest, c) => (c.updated_at > latest ? c.updated_at : latest), new Date(0));
  const changeset = changed.toISOString();
  return {
    changeset,
    contact: t('aduan.open311.contact', { url: `${deps.config.baseUrl}/aduan` }),
    key_service: t('aduan.open311.key_service'),
    endpoints: [{ specification: 'http://wiki.open311.org/GeoReport_v2', url: `${deps.config.baseUrl}/open311/v2`, changeset, type: 'production', formats: ['text/xml', 'application/json'] }],
  };
}
