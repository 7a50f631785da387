import type { Deps } from '../../../platform/deps.ts';
import type { DemoPart } from '../../../platform/http/app.tsx';
import { recordAudit } from '../../../platform/audit/record-audit.ts';
import { sha256 } from '../../../platform/auth/crypto.ts';
import { insertToken, markRevoked } from '../../../platform/tokens/repo.ts';
import { bumpGerbangVersion, gerbangChanged } from '../changes.ts';
import type { GerbangSettings } from '../config.ts';
import type { EndpointMethod } from '../db.ts';
import {
  findSameRight,
  findSubsystemByCodes,
  insertRight,
  insertService,
  insertSubsystem,
  linkToken,
  listSubsystemTokens,
  replaceEndpoints,
  serviceCodeTaken,
  updateServiceRow,
} from '../control/repo.ts';
import { serviceIdentifier, subsystemIdentifier } from '../identifiers.ts';
import type { ElementField } from '../once-only/db.ts';
import { activeSubscriptionExists, elementCodeTaken, findElementsByCode, insertConsent, insertElement, insertSubscription, lastEventSeq, markDemoLoaded } from '../once-only/repo.ts';
import { subjectIndex } from '../once-only/subject.ts';
import { DEMO_UPSTREAM_PREFIX } from './upstream-routes.ts';
import { DEMO_CITIZEN_NIK, SAMPLE_NIB, SAMPLE_NIK } from './population.ts';

const DEMO_PURPOSE = { purpose: 'verifikasi-bansos', legalBasis: 'UU-24-2013' };

/**
 * The gateway's demo: synthetic members, subsystems, services, access rights and data elements,
 * pointing at the demo upstreams Padu serves itself while demo data is loaded
 * (`/demo-upstream/…`, see upstream-routes.ts). Idempotent: a second run finds what exists,
 * re-points the services at this configuration's port, and issues fresh client tokens (the old
 * demo tokens are revoked), printed by `padu seed-demo --json` like the demo passwords.
 *
 * - Providers: Pemkot Surabaya's population registry `35.78/siak/penduduk` (personal data:
 *   purpose and legal basis required) and DPMPTSP's business licences `dpmptsp/perizinan/izin-usaha`.
 * - Clients: Dinsos `siks` (both services), Dinkes `simrs` (only `GET /penduduk/{nik}`), Dishub
 *   `sitrans` (no access rights at all), and Diskominfo `portal`, the subsystem the portal's
 *   prefill fetches as.
 */
interface SubsystemDef {
  opd: string;
  code: string;
  name: string;
}
interface ServiceDef {
  provider: string;
  code: string;
  name: string;
  upstream: string;
  personalData: boolean;
  endpoints: { method: EndpointMethod; path: string; summary: string }[];
}

const SUBSYSTEMS: SubsystemDef[] = [
  { opd: '35.78', code: 'siak', name: 'SIAK Dispendukcapil Kota Surabaya (demo)' },
  { opd: 'dpmptsp', code: 'perizinan', name: 'Sistem perizinan DPMPTSP (demo)' },
  { opd: 'diskominfo', code: 'portal', name: 'Portal layanan publik Padu' },
  { opd: 'dinsos', code: 'siks', name: 'SIKS Dinas Sosial (demo)' },
  { opd: 'dinkes', code: 'simrs', name: 'SIMRS Dinas Kesehatan (demo)' },
  { opd: 'dishub', code: 'sitrans', name: 'Sistem informasi Dinas Perhubungan (demo, tanpa hak akses)' },
];

const SERVICES: ServiceDef[] = [
  {
    provider: '35.78/siak',
    code: 'penduduk',
    name: 'Data kependudukan (demo)',
    upstream: 'dukcapil',
    personalData: true,
    endpoints: [
      { method: 'GET', path: '/penduduk/{nik}', summary: 'Identitas penduduk menurut NIK' },
      { method: 'GET', path: '/keluarga/{nik}', summary: 'Kartu keluarga tempat NIK terdaftar' },
      { method: 'GET', path: '/alamat/{nik}', summary: 'Alamat menurut NIK' },
    ],
  },
  {
    provider: 'dpmptsp/perizinan',
    code: 'izin-usaha',
    name: 'Izin usaha (NIB) (demo)',
    upstream: 'perizinan',
    personalData: false,
    endpoints: [
      { method: 'GET', path: '/nib/{nib}', summary: 'Izin usaha menurut NIB' },
      { method: 'GET', path: '/nib', summary: 'Izin usaha milik seseorang (?pemilik=NIK)' },
    ],
  },
];

/** Who may call what: whole services, or one endpoint. */
const RIGHTS: { client: string; service: string; method?: EndpointMethod; path?: string }[] = [
  { client: 'diskominfo/portal', service: '35.78/siak/penduduk' },
  { client: 'diskominfo/portal', service: 'dpmptsp/perizinan/izin-usaha' },
  { client: 'dinsos/siks', service: '35.78/siak/penduduk' },
  { client: 'dinsos/siks', service: 'dpmptsp/perizinan/izin-usaha' },
  { client: 'dinkes/simrs', service: '35.78/siak/penduduk', method: 'GET', path: '/penduduk/{nik}' },
];

/** Subsystems that get a token: the clients, and the population registry (it publishes its changes). */
const TOKEN_CLIENTS = ['dinsos/siks', 'dinkes/simrs', 'dishub/sitrans', '35.78/siak'];
const PROVIDER_TOKENS = ['35.78/siak'];
const NO_ACCESS_CLIENT = 'dishub/sitrans';

const f = (name: string, label: string, type: ElementField['type'] = 'string', source?: string): ElementField => (source ? { name, label, type, source } : { name, label, type });
const ELEMENTS = [
  {
    code: 'identitas',
    name: 'Identitas penduduk',
    key_kind: 'nik' as const,
    subject_kind: 'person' as const,
    service: '35.78/siak/penduduk',
    path_template: '/penduduk/{key}',
    fields: [f('nik', 'NIK'), f('nama', 'Nama lengkap'), f('tempatLahir', 'Tempat lahir'), f('tanggalLahir', 'Tanggal lahir', 'date'), f('jenisKelamin', 'Jenis kelamin'), f('pekerjaan', 'Pekerjaan')],
  },
  {
    code: 'kk',
    name: 'Kartu keluarga',
    key_kind: 'nik' as const,
    subject_kind: 'person' as const,
    service: '35.78/siak/penduduk',
    path_template: '/keluarga/{key}',
    fields: [f('nkk', 'Nomor kartu keluarga'), f('kepalaKeluarga', 'Kepala keluarga'), f('jumlahAnggota', 'Jumlah anggota keluarga', 'number'), f('anggota', 'Anggota keluarga', 'object')],
  },
  {
    code: 'alamat',
    name: 'Alamat tempat tinggal',
    key_kind: 'nik' as const,
    subject_kind: 'person' as const,
    service: '35.78/siak/penduduk',
    path_template: '/alamat/{key}',
    fields: [f('jalan', 'Jalan'), f('rt', 'RT'), f('rw', 'RW'), f('kelurahan', 'Kelurahan/desa'), f('kecamatan', 'Kecamatan'), f('kabupatenKota', 'Kabupaten/kota'), f('kodePos', 'Kode pos')],
  },
  {
    code: 'izin_usaha',
    name: 'Izin usaha (NIB)',
    key_kind: 'nib' as const,
    subject_kind: 'business' as const,
    service: 'dpmptsp/perizinan/izin-usaha',
    path_template: '/nib/{key}',
    fields: [f('nib', 'NIB'), f('namaUsaha', 'Nama usaha'), f('kbli', 'KBLI'), f('skalaUsaha', 'Skala usaha'), f('status', 'Status izin'), f('tanggalTerbit', 'Tanggal terbit', 'date')],
  },
];

export interface GerbangDemoData {
  synthetic: true;
  gateway: string;
  upstreams: string;
  clients: { id: string; identifier: string; name: string; token: string; rights: string[] }[];
  noAccessClient: { id: string; identifier: string; name: string; token: string };
  providers: { id: string; identifier: string; name: string; token: string }[];
  portalClient: { id: string; identifier: string };
  services: { id: string; identifier: string; name: string; personalData: boolean; endpoints: string[] }[];
  elements: { id: string; code: string; name: string }[];
  subscriptions: { id: string; element: string; subsystem: string; delivery: 'pull'; feed: string }[];
  samples: { nik: string; nib: string; consentingNik: string; purpose: string; legalBasis: string };
}

export async function seedGerbangDemo(deps: Deps, settings: GerbangSettings): Promise<DemoPart> {
  const now = deps.clock.now();
  const upstreamBase = `http://127.0.0.1:${deps.config.port}${DEMO_UPSTREAM_PREFIX}`;
  const audit = { actor: null, system: 'seed-demo' } as const;
  const idOf = (opdCode: string, code: string) => subsystemIdentifier(settings.instance, settings.memberClass, opdCode, code);

  const result = await deps.db.transaction().execute(async (tx) => {
    const opds = new Map((await tx.selectFrom('opd').select(['id', 'code']).where('code', 'in', [...new Set(SUBSYSTEMS.map((s) => s.opd))]).execute()).map((o) => [o.code, o.id]));
    if (SUBSYSTEMS.some((s) => !opds.has(s.opd))) return null; // another province's agencies: no gateway demo

    const subsystems = new Map<string, { id: string; opdId: string; identifier: string; name: string }>();
    for (const s of SUBSYSTEMS) {
      let row = await findSubsystemByCodes(tx, s.opd, s.code);
      if (!row) {
        await insertSubsystem(tx, { id: deps.ids.uuid(), opd_id: opds.get(s.opd)!, code: s.code, name: s.name, description: 'Data sintetis untuk demo gerbang.', app_id: null, now });
        row = (await findSubsystemByCodes(tx, s.opd, s.code))!;
        await recordAudit(tx, deps.clock, audit, { action: 'gerbang.subsystem_created', targetType: 'gerbang_subsystem', targetId: row.id, opdId: row.opd_id, after: { code: s.code, demo: true } });
      }
      subsystems.set(`${s.opd}/${s.code}`, { id: row.id, opdId: row.opd_id, identifier: idOf(s.opd, s.code), name: row.name });
    }

    const services = new Map<string, { id: string; identifier: string; name: string; personalData: boolean; endpoints: string[] }>();
    for (const v of SERVICES) {
      const provider = subsystems.get(v.provider)!;
      const upstream = `${upstreamBase}/${v.upstream}`;
      const existing = await serviceCodeTaken(tx, provider.id, v.code);
      const id = existing?.id ?? deps.ids.uuid();
      const values = {
        name: v.name,
        description: 'Layanan demo dengan data sintetis, dilayani Padu sendiri selama data demo dimuat.',
        upstream_url: upstream,
        version: '1',
        timeout_ms: 10_000,
        body_limit_bytes: 1_048_576,
        capacity_rps: 200,
        rate_limit_rps: null,
        daily_quota: null,
        personal_data: v.personalData,
        keep_bodies: false,
        health_path: '/health',
      };
      if (existing) await updateServiceRow(tx, id, { ...values, lifecycle: 'published' }, now);
      else await insertService(tx, { ...values, id, subsystem_id: provider.id, code: v.code, lifecycle: 'published', openapi: null, openapi_format: null, openapi_url: null, now });
      await replaceEndpoints(tx, id, v.endpoints.map((e) => ({ id: deps.ids.uuid(), method: e.method, path: e.path, summary: e.summary })));
      if (!existing) await recordAudit(tx, deps.clock, audit, { action: 'gerbang.service_registered', targetType: 'gerbang_service', targetId: id, opdId: provider.opdId, after: { code: v.code, upstream, demo: true } });
      services.set(`${v.provider}/${v.code}`, { id, identifier: serviceIdentifier(provider.identifier, v.code), name: v.name, personalData: v.personalData, endpoints: v.endpoints.map((e) => `${e.method} ${e.path}`) });
    }

    for (const r of RIGHTS) {
      const row = { service_id: services.get(r.service)!.id, subsystem_id: subsystems.get(r.client)!.id, group_id: null, method: r.method ?? null, path: r.path ?? null };
      if (await findSameRight(tx, row)) continue;
      const id = deps.ids.uuid();
      await insertRight(tx, { ...row, id, rate_limit_rps: null, daily_quota: null, request_id: null, granted_by: null, created_at: now });
      await recordAudit(tx, deps.clock, audit, { action: 'gerbang.access_granted', targetType: 'gerbang_service', targetId: row.service_id, after: { ...row, demo: true } });
    }

    const tokens = new Map<string, string>();
    for (const client of TOKEN_CLIENTS) {
      const s = subsystems.get(client)!;
      // A fresh token each run, like the demo passwords; the previous demo tokens stop working.
      for (const old of await listSubsystemTokens(tx, s.id)) if (old.name.startsWith('gerbang-demo') && !old.revoked_at) await markRevoked(tx, old.id, now);
      const prefix = deps.ids.token(6);
      const plaintext = `padu_${prefix}_${deps.ids.token(32)}`;
      const tokenId = deps.ids.uuid();
      await insertToken(tx, { id: tokenId, opd_id: s.opdId, name: `gerbang-demo-${client.split('/')[1]}-${prefix}`, token_prefix: prefix, token_hash: sha256(plaintext), scopes: ['gerbang:call'], created_by: null, created_at: now, expires_at: null });
      await linkToken(tx, { token_id: tokenId, subsystem_id: s.id, created_at: now });
      await recordAudit(tx, deps.clock, audit, { action: 'gerbang.token_issued', targetType: 'gerbang_subsystem', targetId: s.id, opdId: s.opdId, after: { tokenId, prefix, demo: true } });
      tokens.set(client, plaintext);
    }

    for (const e of ELEMENTS) {
      if (await elementCodeTaken(tx, e.code)) continue;
      const id = deps.ids.uuid();
      const { service, ...row } = e;
      await insertElement(tx, { ...row, id, description: 'Elemen data demo (sumber sintetis).', service_id: services.get(service)!.id, method: 'GET', active: true, created_by: null, created_at: now, updated_at: now });
      await recordAudit(tx, deps.clock, audit, { action: 'gerbang.element_created', targetType: 'gerbang_data_element', targetId: id, after: { code: e.code, demo: true } });
    }

    // Dinsos pulls address changes from a feed.
    const subscriptions: GerbangDemoData['subscriptions'] = [];
    const alamat = (await findElementsByCode(tx, ['alamat']))[0]!;
    const siks = subsystems.get('dinsos/siks')!;
    if (!(await activeSubscriptionExists(tx, alamat.id, siks.id))) {
      await insertSubscription(tx, { id: deps.ids.uuid(), element_id: alamat.id, subsystem_id: siks.id, delivery: 'pull', webhook_url: null, secret_enc: null, secret_key_id: null, start_seq: await lastEventSeq(tx), created_by: null, created_at: now, updated_at: now });
    }
    const sub = await tx.selectFrom('gerbang_subscription').select('id').where('element_id', '=', alamat.id).where('subsystem_id', '=', siks.id).where('active', '=', true).executeTakeFirstOrThrow();
    subscriptions.push({ id: sub.id, element: 'alamat', subsystem: siks.identifier, delivery: 'pull', feed: `${deps.config.baseUrl}/api/v1/gerbang/subscriptions/${sub.id}/events` });

    // The portal's demo citizen (warga@demo.padu.id, NIK DEMO_CITIZEN_NIK) has consented that
    // Dinas Sosial's system fetches her identity and address to verify a social-aid application.
    const citizen = await tx.selectFrom('app_user').select('id').where('email', '=', 'warga@demo.padu.id').executeTakeFirst();
    if (citizen) {
      const open = await tx.selectFrom('gerbang_consent').select('id').where('user_id', '=', citizen.id).where('recipient_id', '=', siks.id).where('withdrawn_at', 'is', null).executeTakeFirst();
      if (!open) {
        const consentId = deps.ids.uuid();
        await insertConsent(tx, {
          id: consentId,
          user_id: citizen.id,
          subject_index: subjectIndex(deps.config, DEMO_CITIZEN_NIK),
          recipient_id: siks.id,
          purpose: DEMO_PURPOSE.purpose,
          purpose_text: 'Verifikasi data calon penerima bantuan sosial (demo)',
          legal_basis: DEMO_PURPOSE.legalBasis,
          data_elements: ['identitas', 'alamat'],
          granted_at: now,
          expires_at: new Date(now.getTime() + 365 * 86_400_000),
          withdrawn_at: null,
          portal_consent_id: null,
        });
        await recordAudit(tx, deps.clock, audit, { action: 'gerbang.consent_granted', targetType: 'gerbang_consent', targetId: consentId, opdId: siks.opdId, after: { recipient: siks.identifier, elements: ['identitas', 'alamat'], demo: true } });
      }
    }
    const elements = await findElementsByCode(tx, ELEMENTS.map((e) => e.code));

    await markDemoLoaded(tx, now);
    await bumpGerbangVersion(tx);
    return { subsystems, services, tokens, subscriptions, elements };
  });
  if (!result) return { data: { synthetic: true, skipped: 'the gateway demo needs East Java’s agencies (PADU_PROVINCE=35)' } };
  gerbangChanged();

  const client = (key: string) => {
    const s = result.subsystems.get(key)!;
    return { id: s.id, identifier: s.identifier, name: s.name, token: result.tokens.get(key)! };
  };
  const data: GerbangDemoData = {
    synthetic: true,
    gateway: `${deps.config.baseUrl}/r1/`,
    upstreams: `${upstreamBase}/… (served by padu serve while demo data is loaded)`,
    clients: TOKEN_CLIENTS.filter((c) => c !== NO_ACCESS_CLIENT && !PROVIDER_TOKENS.includes(c)).map((c) => ({
      ...client(c),
      rights: RIGHTS.filter((r) => r.client === c).map((r) => `${result.services.get(r.service)!.identifier}${r.method ? ` ${r.method} ${r.path}` : ''}`),
    })),
    noAccessClient: client(NO_ACCESS_CLIENT),
    providers: PROVIDER_TOKENS.map(client),
    portalClient: { id: result.subsystems.get('diskominfo/portal')!.id, identifier: result.subsystems.get('diskominfo/portal')!.identifier },
    services: [...result.services.values()],
    elements: ELEMENTS.map((e) => result.elements.find((r) => r.code === e.code)!).map((e) => ({ id: e.id, code: e.code, name: e.name })),
    subscriptions: result.subscriptions,
    samples: { nik: SAMPLE_NIK, nib: SAMPLE_NIB, consentingNik: DEMO_CITIZEN_NIK, ...DEMO_PURPOSE },
  };
  return { data };
}
