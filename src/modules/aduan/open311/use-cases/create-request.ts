import { sha256 } from '../../../../platform/auth/crypto.ts';
import { AppError, type FieldError } from '../../../../platform/http/errors.ts';
import type { AuditContext } from '../../../../platform/audit/record-audit.ts';
import type { Translator } from '../../../../platform/i18n/index.ts';
import { REPORT_TYPES, type ReportType } from '../../db.ts';
import { loadSla } from '../../deadlines.ts';
import { findApp, findService } from '../../katalog-link.ts';
import { findCategory, findOpen311ClientByHash, findRegion, touchOpen311Client } from '../../repo.ts';
import { submitReport } from '../../use-cases/submit-report.ts';
import type { AduanDeps } from '../../use-cases/common.ts';
import { OPEN311_KEY_PATTERN } from '../../use-cases/manage-settings.ts';
import type { Jurisdiction } from '../jurisdiction.ts';

export type FormBody = Record<string, string | string[] | undefined>;

/** The Open311 client an api_key belongs to (403 when missing, unknown or revoked). */
export async function authenticateClient(deps: AduanDeps, apiKey: unknown): Promise<{ id: string; name: string; opdId: string | null }> {
  const key = typeof apiKey === 'string' ? apiKey.trim() : '';
  if (!key || !OPEN311_KEY_PATTERN.test(key)) throw new AppError('forbidden', 'aduan.open311.api_key_invalid');
  const client = await findOpen311ClientByHash(deps.db, sha256(key));
  if (!client || client.revoked_at) throw new AppError('forbidden', 'aduan.open311.api_key_invalid');
  await touchOpen311Client(deps.db, client.id, deps.clock.now());
  return { id: client.id, name: client.name, opdId: client.opd_id };
}

const one = (v: unknown): string | undefined => {
  const raw = Array.isArray(v) ? v[0] : v;
  // Form bodies carry strings; a client that sends JSON may send numbers (lat, long).
  const s = typeof raw === 'number' && Number.isFinite(raw) ? String(raw) : raw;
  return typeof s !== 'string' || s.trim() === '' ? undefined : s.trim();
};

/** `attribute[code]=v` and `attribute[code][]=v` (multivaluelist) into { code: v | v[] }. */
export function parseAttributes(body: FormBody): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [key, raw] of Object.entries(body)) {
    const match = /^attribute\[([^\]]+)\](\[\])?$/.exec(key);
    if (!match || raw === undefined) continue;
    const values = (Array.isArray(raw) ? raw : [raw]).filter((v): v is string => typeof v === 'string').map((v) => v.trim()).filter(Boolean);
    if (values.length === 0) continue;
    out[match[1]!] = match[2] ? values : values[0]!;
  }
  // Clients that send a JSON body may nest the attributes instead.
  const nested = (body as Record<string, unknown>).attribute;
  if (nested && typeof nested === 'object' && !Array.isArray(nested)) {
    for (const [k, v] of Object.entries(nested as Record<string, unknown>)) if (typeof v === 'string' || Array.isArray(v)) out[k] = v as string | string[];
  }
  return out;
}

const yes = (v: string | string[] | undefined) => typeof v === 'string' && ['ya', 'yes', 'true', '1'].includes(v.toLowerCase());

// Our field names, as the Open311 parameters a client sent.
const PARAM: Record<string, string> = {
  categoryCode: 'service_code',
  regionCode: 'attribute[kabupaten_kota]',
  districtCode: 'address_id',
  lat: 'lat',
  lon: 'long',
  email: 'email',
  title: 'attribute[judul]',
  description: 'description',
  type: 'attribute[jenis]',
  katalogServiceId: 'attribute[layanan]',
  katalogAppId: 'attribute[aplikasi]',
};
export const open311Param = (field: string) => PARAM[field] ?? field;

/**
 * POST requests: a client system files a report for a citizen. The location is a point
 * (`lat`/`long`), a description (`address_string`) or a district code (`address_id`, e.g.
 * 35.78.01); the regency/city comes from the jurisdiction, the district or `attribute[kabupaten_kota]`.
 */
export async function createOpen311Request(deps: AduanDeps, audit: AuditContext, t: Translator, jurisdiction: Jurisdiction, body: FormBody, locale: 'id' | 'en') {
  const client = await authenticateClient(deps, one(body.api_key));
  const serviceCode = one(body.service_code);
  if (!serviceCode) throw new AppError('bad_request', 'aduan.open311.service_code_missing');
  const category = await findCategory(deps.db, serviceCode);
  if (!category || !category.active) throw new AppError('not_found', 'aduan.open311.service_unknown');

  const attributes = parseAttributes(body);
  const errors: FieldError[] = [];
  const latRaw = one(body.lat);
  const lonRaw = one(body.long);
  const addressString = one(body.address_string);
  const addressId = one(body.address_id);
  const lat = latRaw === undefined ? undefined : Number(latRaw);
  const lon = lonRaw === undefined ? undefined : Number(lonRaw);
  if (lat !== undefined && (!Number.isFinite(lat) || lat < -90 || lat > 90)) errors.push({ field: 'lat', messageKey: 'validation.number' });
  if (lon !== undefined && (!Number.isFinite(lon) || lon < -180 || lon > 180)) errors.push({ field: 'lon', messageKey: 'validation.number' });
  if ((lat === undefined || lon === undefined) && !addressString && !addressId) errors.push({ field: 'location', messageKey: 'aduan.open311.location_missing' });

  let regionCode = jurisdiction.regionCode;
  let districtCode: string | null = null;
  if (addressId) {
    const district = await findRegion(deps.db, addressId);
    const parent = district?.parent_code ? await findRegion(deps.db, district.parent_code) : undefined;
    if (!district || district.kind !== 'kecamatan' || !parent || parent.parent_code !== deps.config.province || (regionCode && parent.code !== regionCode)) {
      errors.push({ field: 'address_id', messageKey: 'aduan.open311.address_id_unknown' });
    } else ((districtCode = district.code), (regionCode = parent.code));
  }
  if (!regionCode) {
    const attr = attributes.kabupaten_kota;
    if (typeof attr === 'string') regionCode = attr;
    else errors.push({ field: 'regionCode', messageKey: 'aduan.open311.region_missing' });
  }

  const description = one(body.description);
  if (!description) errors.push({ field: 'description', messageKey: 'aduan.open311.description_missing' });
  else if (description.length > 4000) errors.push({ field: 'description', messageKey: 'validation.max_length', params: { limit: 4000 } });
  const type = attributes.jenis;
  if (typeof type !== 'string' || !(REPORT_TYPES as readonly string[]).includes(type)) errors.push({ field: 'type', messageKey: 'aduan.open311.type_missing' });
  const email = one(body.email);
  if (email && (email.length > 254 || !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email))) errors.push({ field: 'email', messageKey: 'validation.email' });
  const mediaUrl = one(body.media_url);
  if (mediaUrl && (!/^https?:\/\/\S+$/i.test(mediaUrl) || mediaUrl.length > 1000)) errors.push({ field: 'media_url', messageKey: 'aduan.open311.media_url_invalid' });
  const serviceKey = typeof attributes.layanan === 'string' ? attributes.layanan : undefined;
  const appKey = typeof attributes.aplikasi === 'string' ? attributes.aplikasi : undefined;
  const service = serviceKey ? await findService(deps.db, { key: serviceKey }) : undefined;
  const app = appKey ? await findApp(deps.db, { key: appKey }) : undefined;
  if (serviceKey && !service) errors.push({ field: 'katalogServiceId', messageKey: 'aduan.error.service_unknown' });
  if (appKey && !app) errors.push({ field: 'katalogAppId', messageKey: 'aduan.error.app_unknown' });
  if (errors.length) throw new AppError('validation', 'error.validation', { fields: errors });

  const title = typeof attributes.judul === 'string' && attributes.judul.length >= 5 ? attributes.judul.slice(0, 200) : summarise(description!);
  const name = [one(body.first_name), one(body.last_name)].filter(Boolean).join(' ') || null;
  const result = await submitReport(
    deps,
    audit,
    {
      via: 'open311',
      clientId: client.id,
      meta: { client: client.name, account_id: one(body.account_id) ?? null, device_id: one(body.device_id) ?? null },
      mediaUrl: mediaUrl ?? null,
      attributes,
    },
    {
      type: type as ReportType,
      title,
      description: description!,
      categoryCode: category.code,
      katalogServiceId: service?.id ?? null,
      katalogAppId: app?.id ?? null,
      regionCode: regionCode!,
      districtCode,
      lat: lat ?? null,
      lon: lon ?? null,
      address: addressString ?? null,
      anonim: yes(attributes.anonim),
      rahasia: yes(attributes.rahasia),
    },
    { name, email: email ?? null, phone: one(body.phone)?.slice(0, 30) ?? null, locale },
  );
  const sla = await loadSla(deps.db);
  const notice = t('aduan.open311.notice', { verify: sla.steps.verify, followUp: sla.steps.follow_up });
  const accountId = one(body.account_id) ?? null;
  // realtime services answer with the id; batch services with a token that resolves to the id
  // once the coordinator has accepted the request.
  return category.open311_type === 'batch'
    ? { token: result.open311Token, service_notice: notice, account_id: accountId }
    : { service_request_id: result.trackingId, service_notice: notice, account_id: accountId };
}

/** A title from the first words of the description (Open311 requests have none). */
function summarise(description: string): string {
  const line = description.replace(/\s+/g, ' ').trim();
  const title = line.length <= 80 ? line : `${line.slice(0, 77).replace(/\s+\S*$/, '')}…`;
  return title.length >= 5 ? title : `${title} …`.padEnd(5, '.');
}
