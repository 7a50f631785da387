import { sql } from 'kysely';
import type { Deps } from '../../../platform/deps.ts';
import type { DemoPart } from '../../../platform/http/app.tsx';
import { recordAudit } from '../../../platform/audit/record-audit.ts';
import { slugify } from '../../../platform/text/slug.ts';
// The katalog owns services; the demo writes them through the katalog's own repository.
import { insertService } from '../../katalog/registry/services/repo.ts';
import { addToVocabulary, ensurePortalRow, refreshSearchCopies, replaceLifeEvents, replaceTopics } from '../catalogue/repo.ts';
import { insertSurveyResponses } from '../survey/repo.ts';
import { dataKeysFor, encryptField, indexField } from '../citizens/personal-data.ts';
import { localDay } from '../local-day.ts';
import { complaintText, CORE_REGENCY_SERVICES, PROVINCE_SERVICES, REGENCY_SERVICES, type DemoService } from './catalogue.ts';

/** Small deterministic PRNG, so every demo install gets the same catalogue. */
function mulberry32(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const OTHER_REGENCY_PICKS = 5;
/** Synthetic NIK of the demo citizen: Surabaya (35.78), district 01, a woman born 15 Aug 1990. */
export const DEMO_CITIZEN_NIK = '3578015508900003';

interface Planned {
  template: DemoService;
  opd: { id: string; code: string; name: string };
  key: string;
  popularity: number;
}

function standardOf(s: DemoService, agency: string): Record<string, string> {
  return {
    SD1: s.requirements.join('\n'),
    SD2: s.procedure.join('\n'),
    SD3: `${s.sla} hari kerja sejak berkas dinyatakan lengkap.`,
    SD4: s.fee === 0 ? `Tidak dipungut biaya${s.feeNote ? ` (${s.feeNote})` : ''}.` : `Rp${s.fee.toLocaleString('id-ID')}${s.feeNote ? ` (${s.feeNote})` : ''}.`,
    SD5: s.product,
    SD6: complaintText(agency),
    SM1: s.legal,
    SM2: 'Ruang tunggu, loket pelayanan, komputer antrean, dan fasilitas bagi penyandang disabilitas.',
  };
}

/**
 * A realistic public catalogue: the common services of every regency/city government (four
 * civil-registration services each plus five others) and of the provincial agencies, published
 * with topics, life events and where to apply, with satisfaction survey answers for about a third
 * of them, and a profile (synthetic NIK) and consents for the demo citizen. Katalog public services
 * seeded by other demos are published as well. Running it again changes nothing.
 */
export async function seedPortalDemo(deps: Deps): Promise<DemoPart> {
  const { db } = deps;
  const existing = await db
    .selectFrom('portal_service as p')
    .innerJoin('katalog_service as s', 's.id', 'p.service_id')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('s.synthetic', '=', true)
    .executeTakeFirstOrThrow();
  if (Number(existing.n) > 0) return { data: { services: Number(existing.n), created: 0 } };

  const random = mulberry32(2017_14);
  const now = deps.clock.now();
  const opds = await db.selectFrom('opd').select(['id', 'code', 'name', 'kind', 'region_code']).where('active', '=', true).execute();
  const regions = new Map((await db.selectFrom('region').select(['code', 'name']).execute()).map((r) => [r.code, r.name]));
  const plan: Planned[] = [];
  for (const opd of opds.filter((o) => o.kind === 'pemda').sort((a, b) => a.code.localeCompare(b.code))) {
    const others = REGENCY_SERVICES.filter((s) => !CORE_REGENCY_SERVICES.includes(s.slug));
    const picks = [...others].sort(() => random() - 0.5).slice(0, OTHER_REGENCY_PICKS);
    for (const template of [...REGENCY_SERVICES.filter((s) => CORE_REGENCY_SERVICES.includes(s.slug)), ...picks]) {
      const core = CORE_REGENCY_SERVICES.includes(template.slug);
      plan.push({ template, opd, key: `${slugify(opd.code)}-${template.slug}`, popularity: Math.floor(random() * (core ? 3000 : 600)) });
    }
  }
  for (const [code, templates] of Object.entries(PROVINCE_SERVICES)) {
    const opd = opds.find((o) => o.code === code);
    if (!opd) continue; // another province's reference data
    for (const template of templates) plan.push({ template, opd, key: `${code}-${template.slug}`, popularity: Math.floor(random() * 5000) });
  }
  const takenKeys = new Set((await db.selectFrom('katalog_service').select('key').where('key', 'in', plan.length ? plan.map((p) => p.key) : ['']).execute()).map((r) => r.key));

  const created: string[] = [];
  await db.transaction().execute(async (tx) => {
    for (const p of plan) {
      if (takenKeys.has(p.key)) continue;
      const id = deps.ids.uuid();
      const t = p.template;
      const regionName = regions.get(p.opd.code) ?? p.opd.name;
      const agency = p.opd.name;
      await insertService(
        tx,
        {
          id,
          key: p.key,
          name: t.name,
          description: t.description,
          opd_id: p.opd.id,
          kind: 'publik',
          audience: t.audience,
          ral_code: null,
          standard: JSON.stringify(standardOf(t, agency)),
          sla_working_days: t.sla,
          fee: t.fee,
          fee_note: t.feeNote ?? null,
          channels: t.channels,
          synthetic: true,
          created_at: now,
          updated_at: now,
        },
        [],
      );
      await ensurePortalRow(tx, id, now);
      const office = p.opd.code.includes('.') ? `Mal Pelayanan Publik ${regionName}` : `Kantor ${agency}`;
      await tx
        .updateTable('portal_service')
        .set({
          published: true,
          published_at: now,
          availability: t.availability,
          elsewhere_url: t.elsewhereUrl ?? null,
          in_person_where: t.availability === 'in_person' ? `${office}, Senin–Jumat 08.00–15.00 WIB.` : null,
          keywords: t.keywords ?? '',
          popularity: p.popularity,
          updated_at: now,
        })
        .where('service_id', '=', id)
        .execute();
      await replaceTopics(tx, id, t.topics);
      await replaceLifeEvents(tx, id, t.events);
      created.push(id);
    }
    // Public services other demos put in the katalog are published as they are.
    const others = await tx
      .selectFrom('katalog_service as s')
      .leftJoin('portal_service as p', 'p.service_id', 's.id')
      .select('s.id')
      .where('s.kind', '=', 'publik')
      .where('s.synthetic', '=', true)
      .where('p.service_id', 'is', null)
      .execute();
    for (const o of others) {
      await ensurePortalRow(tx, o.id, now);
      await tx
        .updateTable('portal_service')
        .set({ published: true, published_at: now, availability: 'in_person', in_person_where: 'Kantor instansi pemilik layanan, Senin–Jumat 08.00–15.00 WIB.', updated_at: now })
        .where('service_id', '=', o.id)
        .execute();
      created.push(o.id);
    }
    await refreshSearchCopies(tx, now, created);
    for (let i = 0; i < created.length; i += 500) await addToVocabulary(tx, created.slice(i, i + 500));
    await recordAudit(tx, deps.clock, { actor: null, system: 'seed-demo' }, { action: 'portal.demo_seeded', targetType: 'portal', after: { services: created.length } });
  });

  // Survey answers for about a third of the services, spread over this year and last year.
  const services = await db.selectFrom('portal_service').select(['service_id', 'opd_id']).where('service_id', 'in', created.length ? created : ['00000000-0000-0000-0000-000000000000']).execute();
  const responses: Parameters<typeof insertSurveyResponses>[1] = [];
  const today = localDay(now, deps.config.timeZone);
  const startOfLastYear = Date.UTC(Number(today.slice(0, 4)) - 1, 0, 1);
  const span = now.getTime() - startOfLastYear;
  for (const s of services) {
    if (random() > 0.35) continue;
    const quality = 2.4 + random() * 1.5; // this service's typical answer, 2.4-3.9
    const count = 5 + Math.floor(random() * 56);
    for (let i = 0; i < count; i++) {
      const answer = () => Math.max(1, Math.min(4, Math.round(quality + (random() - 0.5) * 1.6)));
      const at = new Date(startOfLastYear + Math.floor(random() * span));
      responses.push({
        id: deps.ids.uuid(),
        service_id: s.service_id,
        opd_id: s.opd_id,
        submitted_at: at,
        local_day: localDay(at, deps.config.timeZone),
        u1: answer(), u2: answer(), u3: answer(), u4: answer(), u5: answer(), u6: answer(), u7: answer(), u8: answer(), u9: answer(),
        gender: random() < 0.5 ? 'L' : 'P',
        education: null,
        occupation: null,
        suggestion: null,
        synthetic: true,
      });
    }
  }
  await db.transaction().execute((tx) => insertSurveyResponses(tx, responses));

  // The demo citizen (platform demo account warga@demo.padu.id): profile and consents.
  const citizen = await db.selectFrom('app_user').select('id').where(sql<string>`lower(email)`, '=', 'warga@demo.padu.id').executeTakeFirst();
  if (citizen) {
    const keys = dataKeysFor(deps.config);
    const someService = await db.selectFrom('katalog_service').select(['id', 'opd_id']).where('key', '=', '35-78-akta-kelahiran').executeTakeFirst();
    await db.transaction().execute(async (tx) => {
      await tx
        .insertInto('portal_citizen')
        .values({
          user_id: citizen.id,
          nik_enc: encryptField(keys, DEMO_CITIZEN_NIK, `portal_citizen.nik:${citizen.id}`),
          nik_index: indexField(keys, 'nik', DEMO_CITIZEN_NIK),
          nik_key_id: keys.id,
          phone: '+6281200000001',
          region_code: regions.has('35.78.01') ? '35.78.01' : null,
          address: 'Jl. Contoh Sintetis No. 1, RT 01/RW 02',
          email_verified_at: now,
          synthetic: true,
          created_at: now,
          updated_at: now,
        })
        .onConflict((oc) => oc.column('user_id').doNothing())
        .execute();
      await tx
        .insertInto('portal_consent')
        .values([
          { id: deps.ids.uuid(), user_id: citizen.id, purpose: 'Pengisian otomatis permohonan akta kelahiran', data_elements: ['nik', 'nama', 'kk.anggota'], opd_id: someService?.opd_id ?? null, service_id: someService?.id ?? null, source: 'gerbang.prefill', granted_at: now, withdrawn_at: null },
          { id: deps.ids.uuid(), user_id: citizen.id, purpose: 'Verifikasi data kepesertaan BPJS Kesehatan', data_elements: ['nik', 'status_kepesertaan'], opd_id: null, service_id: null, source: 'gerbang.prefill', granted_at: new Date(now.getTime() - 40 * 86_400_000), withdrawn_at: new Date(now.getTime() - 10 * 86_400_000) },
        ])
        .execute();
    });
  }
  return { data: { services: created.length, created: created.length, surveyResponses: responses.length } };
}
