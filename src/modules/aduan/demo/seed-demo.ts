import type { Deps } from '../../../platform/deps.ts';
import type { DemoPart } from '../../../platform/http/app.tsx';
import type { Actor, Grant } from '../../../platform/auth/actor.ts';
import { sha256 } from '../../../platform/auth/crypto.ts';
import { recordAudit } from '../../../platform/audit/record-audit.ts';
import { newOpen311Key } from '../use-cases/manage-settings.ts';
import { submitReport, type ReportFields } from '../use-cases/submit-report.ts';
import { disposeReport } from '../use-cases/verify-report.ts';
import { postFollowUp } from '../use-cases/post-follow-up.ts';
import { rateReport } from '../use-cases/respond-as-reporter.ts';
import type { LaporAdapter } from '../lapor/adapter.ts';
import { forwardToLapor } from '../use-cases/forward-to-lapor.ts';

const DEMO_CLIENT = 'Aplikasi warga (demo Open311)';

async function demoActor(deps: Deps, email: string): Promise<Actor | null> {
  const user = await deps.db.selectFrom('app_user').select(['id', 'name', 'email']).where('email', '=', email).executeTakeFirst();
  if (!user) return null;
  const grants = await deps.db.selectFrom('role_grant').select(['role', 'opd_id']).where('user_id', '=', user.id).execute();
  return { kind: 'user', userId: user.id, name: user.name, email: user.email, grants: grants.map((g): Grant => ({ role: g.role, opdId: g.opd_id })) };
}

/**
 * The Open311 demo key (a fresh one every run, like the demo passwords: the same client row gets
 * a new key, the old one stops working) and, once, a few synthetic reports in several states,
 * entered and handled by the demo accounts through the same use cases as the screens.
 */
export async function seedAduanDemo(deps: Deps, lapor: LaporAdapter | null): Promise<DemoPart> {
  const { prefix, apiKey } = newOpen311Key(deps);
  const now = deps.clock.now();
  const clientId = await deps.db.transaction().execute(async (tx) => {
    const existing = await tx.selectFrom('aduan_open311_client').select('id').where('name', '=', DEMO_CLIENT).where('synthetic', '=', true).executeTakeFirst();
    const id = existing?.id ?? deps.ids.uuid();
    if (existing) await tx.updateTable('aduan_open311_client').set({ key_prefix: prefix, key_hash: sha256(apiKey), revoked_at: null }).where('id', '=', id).execute();
    else await tx.insertInto('aduan_open311_client').values({ id, name: DEMO_CLIENT, opd_id: null, key_prefix: prefix, key_hash: sha256(apiKey), synthetic: true, created_by: null, created_at: now }).execute();
    await recordAudit(tx, deps.clock, { actor: null, system: 'seed-demo' }, { action: 'aduan.open311_key_issued', targetType: 'aduan_open311_client', targetId: id, after: { name: DEMO_CLIENT, keyPrefix: prefix } });
    return id;
  });

  const existingReports = Number((await deps.db.selectFrom('aduan_report').select((eb) => eb.fn.countAll<string>().as('n')).where('synthetic', '=', true).executeTakeFirstOrThrow()).n);
  let created = 0;
  const coordinator = await demoActor(deps, 'tim.spbe@demo.padu.id');
  const dinkes = await demoActor(deps, 'petugas.dinkes@demo.padu.id');
  if (existingReports === 0 && coordinator) {
    const ids: string[] = [];
    const enter = async (fields: Omit<ReportFields, 'anonim' | 'rahasia'> & { anonim?: boolean; rahasia?: boolean }, name: string) => {
      const result = await submitReport(deps, { actor: coordinator, system: 'seed-demo' }, { via: 'staff', channel: 'telepon' }, { anonim: false, rahasia: false, ...fields }, { name, locale: 'id' });
      ids.push(result.reportId);
      return result;
    };
    const sby = '35.78';
    await enter({ type: 'pengaduan', title: 'Lampu lalu lintas mati di perempatan', description: 'Lampu lalu lintas di perempatan dekat terminal mati sejak tiga hari, rawan kecelakaan pada jam sibuk.', categoryCode: 'transportasi', regionCode: sby }, 'Budi (demo)');
    const rsud = await enter({ type: 'pengaduan', title: 'Antrean pendaftaran rumah sakit terlalu lama', description: 'Pendaftaran pasien rawat jalan di rumah sakit milik provinsi memakan waktu lebih dari empat jam.', categoryCode: 'kesehatan', regionCode: '35.73', anonim: true }, 'Siti (demo)');
    const sampah = await enter({ type: 'pengaduan', title: 'Sampah menumpuk di pinggir jalan', description: 'Sampah tidak diangkut selama seminggu di jalan kampung, baunya mengganggu warga.', categoryCode: 'kebersihan-lingkungan', regionCode: sby }, 'Agus (demo)');
    const obat = await enter({ type: 'permintaan_informasi', title: 'Jadwal vaksinasi di puskesmas rujukan', description: 'Mohon informasi jadwal vaksinasi dewasa di fasilitas kesehatan milik provinsi bulan ini.', categoryCode: 'kesehatan', regionCode: '35.07' }, 'Rina (demo)');
    const bpjs = await enter({ type: 'pengaduan', title: 'Kartu BPJS Kesehatan tidak aktif', description: 'Kartu BPJS Kesehatan saya tiba-tiba tidak aktif padahal iuran rutin dibayar.', categoryCode: 'urusan-pusat', regionCode: '35.15', rahasia: true }, 'Dewi (demo)');
    const audit = { actor: coordinator, system: 'seed-demo' };
    await disposeReport(deps, audit, rsud.reportId, {});
    await disposeReport(deps, audit, sampah.reportId, {});
    await disposeReport(deps, audit, obat.reportId, {});
    const forwarded = await disposeReport(deps, audit, bpjs.reportId, {});
    if (forwarded.forwardToLapor) await forwardToLapor(deps, lapor, bpjs.reportId);
    if (dinkes) {
      await postFollowUp(deps, { actor: dinkes, system: 'seed-demo' }, rsud.reportId, { body: 'Terima kasih. Kami menambah dua loket pendaftaran dan membuka pendaftaran daring mulai pekan depan.' });
      await postFollowUp(deps, { actor: dinkes, system: 'seed-demo' }, obat.reportId, { body: 'Vaksinasi dewasa dilayani setiap Selasa dan Kamis pukul 08.00–12.00.' });
      await rateReport(deps, { actor: null, system: 'seed-demo' }, obat.trackingId, { secret: obat.secret, actor: null }, { rating: 5, comment: 'Jelas, terima kasih.' });
    }
    await deps.db.updateTable('aduan_report').set({ synthetic: true }).where('id', 'in', ids).execute();
    created = ids.length;
  }
  return {
    data: {
      open311: {
        endpoint: `${deps.config.baseUrl}/open311/v2`,
        discovery: `${deps.config.baseUrl}/open311/v2/discovery.json`,
        jurisdictionId: deps.config.province,
        client: DEMO_CLIENT,
        clientId,
        apiKey,
      },
      reports: { created, existing: existingReports },
    },
  };
}
