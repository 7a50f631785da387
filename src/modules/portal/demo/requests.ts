import { Readable } from 'node:stream';
import { sql } from 'kysely';
import type { Deps } from '../../../platform/deps.ts';
import { recordAudit } from '../../../platform/audit/record-audit.ts';
import { storeUpload } from '../../../platform/files/index.ts';
import { workingCalendar } from '../../../platform/calendar/index.ts';
import type { RequestStatus } from '../db.ts';
import type { FormDefinition } from '../requests/form-definition.ts';
import { dueDayAtSubmission } from '../casework/deadline.ts';
import { RESULT_POLICY } from '../casework/results.ts';
import { insertDocuments, insertEvent, insertForm, insertSubmittedRequest } from '../casework/repo.ts';

/**
 * Demo online requests: published forms for a few online services (one filled in from the
 * gateway demo's `identitas` and `alamat` elements) and about 30 synthetic requests in every state
 * (submitted, in review, waiting for a fix, approved with a result document, rejected, one
 * overdue), spread over the last weeks. Running it again changes nothing.
 */
const T = (id: string, en: string) => ({ id, en });

export const DEMO_FORMS: Record<string, FormDefinition> = {
  '35-78-kartu-keluarga': {
    fields: [
      { name: 'nama_kepala', type: 'text', label: T('Nama kepala keluarga', 'Head of the family'), required: true, prefill: { element: 'identitas', field: 'nama' } },
      { name: 'nik_kepala', type: 'nik', label: T('NIK kepala keluarga', 'NIK of the head of the family'), required: true, prefill: { element: 'identitas', field: 'nik' } },
      { name: 'alamat', type: 'text', label: T('Alamat', 'Address'), required: true, prefill: { element: 'alamat', field: 'jalan' } },
      { name: 'alasan', type: 'select', label: T('Alasan permohonan', 'Reason'), required: true, options: [{ value: 'baru', label: T('Membentuk keluarga baru', 'New family') }, { value: 'hilang', label: T('KK hilang atau rusak', 'Lost or damaged') }, { value: 'perubahan', label: T('Perubahan data', 'Change of data') }] },
      { name: 'anggota', type: 'group', label: T('Anggota keluarga', 'Family members'), minItems: 1, maxItems: 15, fields: [{ name: 'nama', type: 'text', label: T('Nama', 'Name'), required: true }, { name: 'hubungan', type: 'text', label: T('Hubungan', 'Relationship'), required: true }] },
    ],
    documents: [
      { code: 'kk_lama', label: T('KK lama (jika ada)', 'Old family card (if any)'), required: false, types: ['pdf', 'jpeg', 'png'] },
      { code: 'buku_nikah', label: T('Buku nikah atau akta perkawinan', 'Marriage certificate'), required: true, types: ['pdf', 'jpeg', 'png'] },
    ],
  },
  '35-78-akta-kelahiran': {
    fields: [
      { name: 'nama_anak', type: 'text', label: T('Nama anak', "Child's name"), required: true, maxLength: 100 },
      { name: 'tanggal_lahir', type: 'date', label: T('Tanggal lahir', 'Date of birth'), required: true },
      { name: 'tempat_lahir', type: 'text', label: T('Tempat lahir', 'Place of birth'), required: true },
      { name: 'jenis_kelamin', type: 'radio', label: T('Jenis kelamin', 'Sex'), required: true, options: [{ value: 'L', label: T('Laki-laki', 'Male') }, { value: 'P', label: T('Perempuan', 'Female') }] },
      { name: 'nama_ibu', type: 'text', label: T('Nama ibu', "Mother's name"), required: true },
      { name: 'nama_ayah', type: 'text', label: T('Nama ayah', "Father's name") },
    ],
    documents: [
      { code: 'surat_lahir', label: T('Surat keterangan lahir dari bidan/rumah sakit', 'Birth notice from the midwife or hospital'), required: true, types: ['pdf', 'jpeg', 'png'] },
      { code: 'kk', label: T('Kartu keluarga', 'Family card'), required: true, types: ['pdf', 'jpeg', 'png'] },
    ],
  },
  '35-78-akta-kematian': {
    fields: [
      { name: 'nama_almarhum', type: 'text', label: T('Nama almarhum/almarhumah', 'Name of the deceased'), required: true },
      { name: 'nik_almarhum', type: 'nik', label: T('NIK almarhum/almarhumah', 'NIK of the deceased'), required: true },
      { name: 'tanggal_meninggal', type: 'date', label: T('Tanggal meninggal', 'Date of death'), required: true },
      { name: 'hubungan_pelapor', type: 'text', label: T('Hubungan pelapor', 'Relationship of the applicant'), required: true },
    ],
    documents: [{ code: 'surat_kematian', label: T('Surat keterangan kematian', 'Death notice'), required: true, types: ['pdf', 'jpeg', 'png'] }],
  },
  'diskominfo-permohonan-informasi-publik': {
    fields: [
      { name: 'informasi', type: 'textarea', label: T('Informasi yang diminta', 'Information requested'), required: true, maxLength: 2000 },
      { name: 'tujuan', type: 'textarea', label: T('Tujuan penggunaan informasi', 'Purpose'), required: true, maxLength: 1000 },
      { name: 'cara', type: 'select', label: T('Cara memperoleh', 'How to receive it'), required: true, options: [{ value: 'email', label: T('Surel', 'Email') }, { value: 'ambil', label: T('Mengambil langsung', 'In person') }] },
    ],
    documents: [{ code: 'ktp', label: T('KTP pemohon', "Applicant's identity card"), required: true, types: ['pdf', 'jpeg', 'png'] }],
  },
};

const NAMES = ['Ahmad Fauzi', 'Dewi Lestari', 'Budi Santoso', 'Rina Wulandari', 'Agus Prasetyo', 'Sri Rahayu', 'Eko Saputra', 'Nur Aini', 'Hendra Wijaya', 'Fitri Handayani'];

/** A small valid PDF: the demo's result document. */
function demoPdf(title: string): Buffer {
  return Buffer.from(`%PDF-1.4\n1 0 obj <</Type /Catalog /Pages 2 0 R>> endobj\n2 0 obj <</Type /Pages /Kids [3 0 R] /Count 1>> endobj\n3 0 obj <</Type /Page /Parent 2 0 R /MediaBox [0 0 595 842]>> endobj\n% ${title} (DATA SINTETIS)\ntrailer <</Root 1 0 R>>\n%%EOF\n`, 'latin1');
}

function answersFor(key: string, i: number, name: string): Record<string, unknown> {
  // Synthetic NIKs: Surabaya (35.78), valid date parts, clearly not real people.
  const nik = `357801${String(10 + (i % 18)).padStart(2, '0')}0${(i % 9) + 1}9${String(i % 10)}${String(1000 + i).slice(-4)}`.slice(0, 16);
  switch (key) {
    case '35-78-kartu-keluarga':
      return { nama_kepala: name, nik_kepala: nik, alamat: `Jl. Contoh Sintetis No. ${i + 1}`, alasan: ['baru', 'hilang', 'perubahan'][i % 3], anggota: [{ nama: name, hubungan: 'Kepala keluarga' }, { nama: `Anak ${name.split(' ')[0]}`, hubungan: 'Anak' }] };
    case '35-78-akta-kelahiran':
      return { nama_anak: `Bayi ${name.split(' ')[1] ?? name}`, tanggal_lahir: '2026-01-15', tempat_lahir: 'Surabaya', jenis_kelamin: i % 2 ? 'L' : 'P', nama_ibu: name, nama_ayah: '' };
    case '35-78-akta-kematian':
      return { nama_almarhum: `Alm. ${name}`, nik_almarhum: nik, tanggal_meninggal: '2026-02-01', hubungan_pelapor: 'Anak' };
    default:
      return { informasi: 'Daftar kegiatan dan anggaran tahun berjalan (contoh).', tujuan: 'Penelitian (contoh sintetis).', cara: 'email' };
  }
}

export async function seedRequestsDemo(deps: Deps): Promise<{ forms: number; requests: number }> {
  const { db } = deps;
  const existing = await db.selectFrom('portal_request').select((eb) => eb.fn.countAll<string>().as('n')).where('synthetic', '=', true).where('status', '!=', 'draft').executeTakeFirstOrThrow();
  if (Number(existing.n) > 0) return { forms: 0, requests: 0 };
  const services = await db.selectFrom('katalog_service').select(['id', 'key', 'name', 'opd_id', 'sla_working_days']).where('key', 'in', Object.keys(DEMO_FORMS)).execute();
  if (services.length === 0) return { forms: 0, requests: 0 };
  const now = deps.clock.now();
  const calendar = await workingCalendar(deps);
  const audit = { actor: null, system: 'seed-demo' } as const;

  // Forms: version 1, published (only where the service has none yet).
  const forms = new Map<string, string>();
  let formsCreated = 0;
  for (const s of services) {
    const form = await db.selectFrom('portal_form').select('id').where('service_id', '=', s.id).where('status', '=', 'published').executeTakeFirst();
    if (form) {
      forms.set(s.id, form.id);
      continue;
    }
    const id = deps.ids.uuid();
    await db.transaction().execute(async (tx) => {
      const version = Number((await tx.selectFrom('portal_form').select(sql<number>`coalesce(max(version), 0)`.as('v')).where('service_id', '=', s.id).executeTakeFirst())?.v ?? 0) + 1;
      await insertForm(tx, { id, service_id: s.id, version, definition: DEMO_FORMS[s.key]!, status: 'published', created_by: null, created_at: now, published_at: now });
      await recordAudit(tx, deps.clock, audit, { action: 'portal.form.published', targetType: 'katalog_service', targetId: s.id, opdId: s.opd_id, after: { version, demo: true } });
    });
    forms.set(s.id, id);
    formsCreated++;
  }

  // Citizens: the demo account and a few synthetic ones without passwords.
  const citizens: { id: string; name: string }[] = [];
  const demoCitizen = await db.selectFrom('app_user').select(['id', 'name']).where(sql<string>`lower(email)`, '=', 'warga@demo.padu.id').executeTakeFirst();
  if (demoCitizen) citizens.push(demoCitizen);
  for (const [i, name] of NAMES.entries()) {
    const email = `pemohon${i + 1}@sintetis.padu.id`;
    let user = await db.selectFrom('app_user').select(['id', 'name']).where('email', '=', email).executeTakeFirst();
    if (!user) {
      user = { id: deps.ids.uuid(), name: `${name} (sintetis)` };
      await db.insertInto('app_user').values({ id: user.id, email, name: user.name, password_hash: null, locale: null, oidc_subject: null, password_changed_at: null, last_login_at: null, created_at: now, updated_at: now }).execute();
      await db.insertInto('role_grant').values({ id: deps.ids.uuid(), user_id: user.id, role: 'warga', opd_id: null, granted_by: null, created_at: now }).execute();
    }
    citizens.push(user);
  }
  const officers = new Map<string, string | null>();
  for (const s of services) {
    if (!s.opd_id || officers.has(s.opd_id)) continue;
    const o = await db.selectFrom('role_grant').select('user_id').where('opd_id', '=', s.opd_id).where('role', 'in', ['petugas', 'admin_opd']).orderBy('created_at').executeTakeFirst();
    officers.set(s.opd_id, o?.user_id ?? null);
  }

  // 30 requests: the plan says which state each ends in and how many working days ago it came in.
  const plan: { status: Exclude<RequestStatus, 'draft' | 'withdrawn'>; daysAgo: number }[] = [
    ...[1, 1, 2, 3, 4, 5, 6, 8].map((d) => ({ status: 'submitted' as const, daysAgo: d })),
    ...[2, 3, 4, 5, 6, 7, 9].map((d) => ({ status: 'in_review' as const, daysAgo: d })),
    ...[3, 5, 8, 10].map((d) => ({ status: 'needs_fix' as const, daysAgo: d })),
    ...[6, 8, 10, 12, 15, 18].map((d) => ({ status: 'approved' as const, daysAgo: d })),
    ...[4, 9, 11, 14].map((d) => ({ status: 'rejected' as const, daysAgo: d })),
    { status: 'submitted', daysAgo: 25 }, // overdue
  ];
  const workingDaysBefore = (days: number): Date => {
    let at = new Date(now.getTime());
    let left = days;
    while (left > 0) {
      at = new Date(at.getTime() - 86_400_000);
      if (calendar.isWorkingDay(calendar.localDay(at))) left--;
    }
    return at;
  };
  let created = 0;
  for (const [i, p] of plan.entries()) {
    const service = services[i % services.length]!;
    if (!service.opd_id) continue;
    const citizen = citizens[i % citizens.length]!;
    const submittedAt = workingDaysBefore(p.daysAgo);
    const sla = service.sla_working_days ?? 10;
    const id = deps.ids.uuid();
    const officer = officers.get(service.opd_id) ?? null;
    const at = (fraction: number) => new Date(submittedAt.getTime() + (now.getTime() - submittedAt.getTime()) * fraction);
    const result = p.status === 'approved' ? await storeUpload(deps, audit, RESULT_POLICY, { stream: Readable.from(demoPdf(`Hasil permohonan ${i + 1}`)), filename: `hasil-permohonan-${i + 1}.pdf`, opdId: service.opd_id }) : null;
    await db.transaction().execute(async (tx) => {
      await insertSubmittedRequest(tx, { id, serviceId: service.id, formId: forms.get(service.id)!, opdId: service.opd_id!, citizenId: citizen.id, status: p.status, answers: answersFor(service.key, i, citizen.name.replace(' (sintetis)', '')), submittedAt, slaWorkingDays: sla, dueDay: dueDayAtSubmission(calendar, submittedAt, sla), synthetic: true, eventId: deps.ids.uuid() });
      const event = (kind: Parameters<typeof insertEvent>[1]['kind'], when: Date, from: RequestStatus, to: RequestStatus, message: string | null = null, internal = false) =>
        insertEvent(tx, { id: deps.ids.uuid(), request_id: id, at: when, kind, actor_user_id: kind === 'resubmitted' ? citizen.id : officer, from_status: from, to_status: to, message, internal });
      const set: { prefilled?: string; assignee_id?: string | null; paused_since?: Date; decided_at?: Date; decision_reason?: string } = {};
      if (service.key === '35-78-kartu-keluarga') {
        set.prefilled = JSON.stringify({
          nama_kepala: { element: 'identitas', agency: 'Dispendukcapil Kota Surabaya (demo)', xroadId: 'JATIM/GOV/35.78/siak', fetchedAt: submittedAt.toISOString() },
          nik_kepala: { element: 'identitas', agency: 'Dispendukcapil Kota Surabaya (demo)', xroadId: 'JATIM/GOV/35.78/siak', fetchedAt: submittedAt.toISOString() },
          alamat: { element: 'alamat', agency: 'Dispendukcapil Kota Surabaya (demo)', xroadId: 'JATIM/GOV/35.78/siak', fetchedAt: submittedAt.toISOString() },
        });
      }
      if (p.status !== 'submitted') {
        set.assignee_id = officer;
        await event('verified', at(0.2), 'submitted', 'in_review');
      }
      if (i % 4 === 0) await event('note', at(0.3), p.status === 'submitted' ? 'submitted' : 'in_review', p.status === 'submitted' ? 'submitted' : 'in_review', 'Catatan internal contoh: cek kelengkapan berkas.', true);
      if (p.status === 'needs_fix') {
        set.paused_since = at(0.5);
        await event('fix_requested', at(0.5), 'in_review', 'needs_fix', 'Dokumen persyaratan kurang jelas, mohon unggah ulang (contoh).');
      }
      if (p.status === 'approved') {
        set.decided_at = at(0.9);
        const file = result!;
        await insertDocuments(tx, [{ id: deps.ids.uuid(), request_id: id, file_id: file.id, kind: 'result', name: file.name, content_type: file.contentType, size: file.size, uploaded_by: officer, created_at: at(0.9) }]);
        await event('approved', at(0.9), 'in_review', 'approved');
      }
      if (p.status === 'rejected') {
        set.decided_at = at(0.9);
        set.decision_reason = 'Persyaratan tidak terpenuhi (contoh sintetis).';
        await event('rejected', at(0.9), 'in_review', 'rejected', set.decision_reason);
      }
      if (Object.keys(set).length) await tx.updateTable('portal_request').set(set).where('id', '=', id).execute();
    });
    created++;
  }
  await recordAudit(db, deps.clock, audit, { action: 'portal.demo_requests_seeded', targetType: 'portal', after: { forms: formsCreated, requests: created } });
  return { forms: formsCreated, requests: created };
}
