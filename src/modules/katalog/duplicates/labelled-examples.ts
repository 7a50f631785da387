import { detectDuplicates } from './detect.ts';
import { pairKey } from './groups.ts';
import type { AppCategory, AppInput, DetectOptions } from './types.ts';

/**
 * Hand-written pairs of application entries, labelled by whether they do the same job, in the
 * mix of Indonesian, acronyms and English that real catalogues hold. They measure the
 * detector's precision and recall on cases written for it rather than generated: acronyms,
 * affixes, prefixes, typos, English names, codes, and hard negatives whose names look alike.
 */
export interface LabelledApp {
  name: string;
  acronym?: string;
  description?: string;
  rab?: string[];
  ral?: string[];
  category?: AppCategory;
}

export interface LabelledExample {
  a: LabelledApp;
  b: LabelledApp;
  duplicate: boolean;
  /** What the pair tests. */
  note: string;
}

const app = (name: string, extra: Omit<LabelledApp, 'name'> = {}): LabelledApp => ({ name, ...extra });

export const LABELLED_EXAMPLES: LabelledExample[] = [
  // Same job: acronyms
  { a: app('SIMPEG'), b: app('Sistem Informasi Manajemen Kepegawaian'), duplicate: true, note: 'acronym ↔ expansion' },
  { a: app('SIMPEG Kabupaten'), b: app('Sistem Informasi Manajemen Pegawai'), duplicate: true, note: 'acronym ↔ expansion on the root word' },
  { a: app('SiPeg'), b: app('e-Kepegawaian'), duplicate: true, note: 'camel-case leading syllable ↔ affixed word' },
  { a: app('PPDB Online'), b: app('Penerimaan Peserta Didik Baru'), duplicate: true, note: 'known acronym' },
  { a: app('JDIH'), b: app('Jaringan Dokumentasi dan Informasi Hukum'), duplicate: true, note: 'known acronym' },
  { a: app('SIMRS'), b: app('Hospital Information System'), duplicate: true, note: 'acronym ↔ English' },
  { a: app('Sistem Informasi Manajemen Rumah Sakit'), b: app('SIM RSUD'), duplicate: true, note: 'expansion ↔ acronym of the institution' },
  { a: app('e-SAKIP'), b: app('Sistem Akuntabilitas Kinerja Instansi Pemerintah'), duplicate: true, note: 'acronym with e- prefix' },
  { a: app('e-Monev'), b: app('Monitoring dan Evaluasi Pembangunan'), duplicate: true, note: 'acronym ↔ English-Indonesian mix' },
  { a: app('SIPANDAI', { acronym: 'SIPANDAI', description: 'Sistem pelayanan administrasi kependudukan terpadu' }), b: app('Pelayanan Kependudukan Online'), duplicate: true, note: 'declared acronym, description carries the job' },
  // Same job: affixes and synonyms
  { a: app('Sistem Informasi Kepegawaian'), b: app('Aplikasi Data Pegawai'), duplicate: true, note: 'kepegawaian ↔ pegawai' },
  { a: app('Sistem Informasi Perencanaan Pembangunan'), b: app('Aplikasi Rencana Pembangunan Daerah'), duplicate: true, note: 'perencanaan ↔ rencana' },
  { a: app('Layanan Pengaduan Masyarakat'), b: app('e-Aduan'), duplicate: true, note: 'pengaduan ↔ aduan' },
  { a: app('Sistem Persuratan Elektronik'), b: app('Aplikasi Surat Masuk dan Surat Keluar'), duplicate: true, note: 'persuratan ↔ surat' },
  { a: app('Sistem Informasi Kearsipan'), b: app('e-Arsip'), duplicate: true, note: 'kearsipan ↔ arsip' },
  { a: app('Aplikasi Penganggaran Daerah'), b: app('e-Budgeting'), duplicate: true, note: 'penganggaran ↔ budgeting' },
  { a: app('Sistem Pengadaan Barang dan Jasa'), b: app('e-Procurement'), duplicate: true, note: 'pengadaan ↔ procurement' },
  { a: app('e-Presensi'), b: app('Absensi Online Pegawai'), duplicate: true, note: 'presensi ↔ absensi' },
  { a: app('Aplikasi Kehadiran Pegawai'), b: app('Attendance System'), duplicate: true, note: 'kehadiran ↔ attendance' },
  { a: app('e-Absen'), b: app('Presensi ASN'), duplicate: true, note: 'absen ↔ presensi, ASN ↔ pegawai' },
  { a: app('Sistem Informasi Penggajian'), b: app('Payroll System'), duplicate: true, note: 'penggajian ↔ payroll' },
  { a: app('Sistem Informasi Kebencanaan'), b: app('Disaster Information System'), duplicate: true, note: 'kebencanaan ↔ disaster' },
  { a: app('Sistem Informasi Bantuan Sosial'), b: app('e-Bansos'), duplicate: true, note: 'bansos ↔ bantuan sosial' },
  { a: app('Sistem Informasi Barang Milik Daerah'), b: app('e-Aset'), duplicate: true, note: 'barang milik daerah ↔ aset' },
  // Same job: prefixes and English
  { a: app('e-Office'), b: app('e-Surat'), duplicate: true, note: 'e-Office is correspondence' },
  { a: app('Tata Naskah Dinas Elektronik'), b: app('eSurat Dinas'), duplicate: true, note: 'naskah dinas ↔ surat, joined e-prefix' },
  { a: app('Digital Archive'), b: app('Arsip Digital'), duplicate: true, note: 'English word order' },
  { a: app('Personnel Information System'), b: app('Sistem Informasi Kepegawaian'), duplicate: true, note: 'English ↔ Indonesian' },
  { a: app('Complaint Management System'), b: app('Sistem Pengaduan Online'), duplicate: true, note: 'English ↔ Indonesian' },
  { a: app('e-Planning'), b: app('Sistem Informasi Perencanaan'), duplicate: true, note: 'English with e- prefix' },
  { a: app('Tourism Portal'), b: app('Portal Pariwisata'), duplicate: true, note: 'English ↔ Indonesian' },
  { a: app('e-Library'), b: app('Perpustakaan Digital'), duplicate: true, note: 'English ↔ Indonesian' },
  { a: app('Asset Management System'), b: app('SIM Aset'), duplicate: true, note: 'English ↔ SIM prefix' },
  { a: app('MSME Information System'), b: app('Sistem Informasi UMKM'), duplicate: true, note: 'English acronym ↔ Indonesian acronym' },
  { a: app('Queue Management System'), b: app('Antrian Online'), duplicate: true, note: 'English ↔ Indonesian' },
  { a: app('Tax Online System'), b: app('e-Pajak Daerah'), duplicate: true, note: 'English ↔ Indonesian' },
  { a: app('Buku Tamu Digital'), b: app('e-Tamu'), duplicate: true, note: 'prefix and generic word' },
  { a: app('WebGIS Daerah'), b: app('Sistem Informasi Geografis'), duplicate: true, note: 'GIS ↔ geografis' },
  { a: app('eKinerja'), b: app('Aplikasi Kinerja ASN'), duplicate: true, note: 'joined prefix, extra common word' },
  // Same job: typos
  { a: app('Sistem Informasi Kepegawain'), b: app('SIMPEG'), duplicate: true, note: 'typo + acronym' },
  { a: app('Sistem Informasi Perijinan'), b: app('Sistem Informasi Perizinan'), duplicate: true, note: 'spelling variant ijin/izin' },
  { a: app('Sistem Informasi Kesehtan Daerah'), b: app('Health Information System'), duplicate: true, note: 'typo + English' },
  { a: app('Aplikasi Persuratn Dinas'), b: app('e-Office'), duplicate: true, note: 'typo + e-Office' },
  { a: app('e-Retribusi Pasar'), b: app('Sistem Retribusi Pasar Daerah'), duplicate: true, note: 'prefix and generic word' },
  // Same job: same capability code, names that do not say it
  { a: app('SIGAP', { rab: ['RAB.09.06.01'] }), b: app('Aplikasi Manajemen SDM', { rab: ['RAB.09.06.01'] }), duplicate: true, note: 'brand name, same level-3 code' },
  { a: app('LENTERA', { ral: ['RAL.02.06.01'], description: 'Pengelolaan surat masuk dan disposisi pimpinan' }), b: app('e-Surat', { ral: ['RAL.02.06.01'] }), duplicate: true, note: 'brand name, same code, description' },
  { a: app('Sapa Warga', { ral: ['RAL.01.24.01.02'] }), b: app('Pusat Layanan Aspirasi', { ral: ['RAL.01.24.01.02'] }), duplicate: true, note: 'same level-4 code' },

  // Different jobs that look alike
  { a: app('SI Perizinan Kesehatan', { ral: ['RAL.01.16.02'] }), b: app('SI Perizinan Usaha', { ral: ['RAL.01.16.01'] }), duplicate: false, note: 'shared boilerplate and perizinan, different codes' },
  { a: app('Sistem Informasi Perizinan Kesehatan'), b: app('Sistem Informasi Perizinan Usaha'), duplicate: false, note: 'same, without codes' },
  { a: app('e-Arsip'), b: app('e-Absen'), duplicate: false, note: 'one prefix, different words' },
  { a: app('Sistem Informasi Pendidikan'), b: app('Sistem Informasi Kesehatan'), duplicate: false, note: 'only boilerplate shared' },
  { a: app('SIMPEG'), b: app('SIMRS'), duplicate: false, note: 'acronyms sharing SIM' },
  { a: app('SIMPEG'), b: app('SIMDA Keuangan'), duplicate: false, note: 'acronyms sharing SIM' },
  { a: app('SIMPUS'), b: app('SIMRS'), duplicate: false, note: 'health centre vs hospital' },
  { a: app('e-Kinerja'), b: app('e-SAKIP'), duplicate: false, note: 'staff performance vs institutional accountability' },
  { a: app('Sistem Informasi Gaji Pegawai'), b: app('Sistem Informasi Kepegawaian'), duplicate: false, note: 'payroll vs personnel records' },
  { a: app('Aplikasi Absensi Pegawai'), b: app('SIMPEG'), duplicate: false, note: 'attendance vs personnel records' },
  { a: app('Aplikasi Absensi Siswa'), b: app('Aplikasi Absensi Pegawai'), duplicate: false, note: 'student vs staff attendance' },
  { a: app('e-Surat'), b: app('e-SPPD'), duplicate: false, note: 'surat perintah perjalanan dinas is travel' },
  { a: app('SIUP Online'), b: app('Surat Online'), duplicate: false, note: 'surat izin is a permit' },
  { a: app('Sistem Informasi Bantuan Sosial'), b: app('Sistem Informasi Kesejahteraan Sosial'), duplicate: false, note: 'aid vs welfare data' },
  { a: app('e-Pajak'), b: app('e-Retribusi'), duplicate: false, note: 'tax vs levies' },
  { a: app('e-Parkir'), b: app('e-Pajak'), duplicate: false, note: 'prefix only' },
  { a: app('Sistem Informasi UMKM'), b: app('Sistem Informasi Koperasi'), duplicate: false, note: 'small business vs cooperatives' },
  { a: app('e-Agenda Pimpinan'), b: app('Peminjaman Ruang Rapat'), duplicate: false, note: 'agenda vs room booking' },
  { a: app('Laporan Keuangan Daerah'), b: app('Layanan Lapor Warga'), duplicate: false, note: 'laporan (report) vs lapor (complain)' },
  { a: app('Sistem Informasi Pengaduan'), b: app('Sistem Informasi Pengadaan'), duplicate: false, note: 'one letter apart, different jobs' },
  { a: app('Portal Pariwisata'), b: app('Portal Berita Daerah'), duplicate: false, note: 'portal only' },
  { a: app('Sistem Informasi Jalan dan Jembatan'), b: app('Sistem Informasi Angkutan Umum'), duplicate: false, note: 'roads vs transport' },
  { a: app('PPDB Online'), b: app('Beasiswa Online'), duplicate: false, note: 'admissions vs scholarships' },
  { a: app('e-Library'), b: app('e-Learning'), duplicate: false, note: 'English e- words' },
  { a: app('Sistem Informasi Pertanian'), b: app('Sistem Informasi Perikanan'), duplicate: false, note: 'per-…-an of different roots' },
  { a: app('e-Kinerja'), b: app('e-Keuangan'), duplicate: false, note: 'prefix only' },
  { a: app('Sistem Informasi Imunisasi', { ral: ['RAL.01.25.04'] }), b: app('Sistem Informasi Gizi', { ral: ['RAL.01.25.04'] }), duplicate: false, note: 'loose shared code, names say different jobs' },
  { a: app('Sistem Informasi Tata Ruang'), b: app('Sistem Informasi Ruang Rapat'), duplicate: false, note: 'tata ruang (spatial planning) vs meeting rooms' },
  { a: app('Rumah Sakit Online'), b: app('Perumahan Online'), duplicate: false, note: 'rumah sakit vs perumahan' },
  { a: app('Business Travel System'), b: app('Tourism Portal'), duplicate: false, note: 'official travel vs tourism' },
  { a: app('e-Katalog Lokal'), b: app('Katalog Perpustakaan'), duplicate: false, note: 'procurement catalogue vs library catalogue' },
  { a: app('Pemetaan Rawan Bencana'), b: app('WebGIS Daerah'), duplicate: false, note: 'a specific map vs the map platform' },
  { a: app('Sistem Informasi Aset Desa'), b: app('SIM Aset'), duplicate: false, note: 'village assets vs regional assets' },
  { a: app('Dashboard Kesehatan'), b: app('Dashboard Pendidikan'), duplicate: false, note: 'generic word only' },
  { a: app('Sistem Informasi Kesehatan Hewan'), b: app('Sistem Informasi Kesehatan'), duplicate: false, note: 'animal health vs public health' },
  { a: app('Sistem Informasi Pajak Kendaraan'), b: app('Sistem Informasi Kendaraan Dinas'), duplicate: false, note: 'vehicle tax vs official vehicles' },
  { a: app('SiCantik Perizinan'), b: app('SiCantik Wisata'), duplicate: false, note: 'same brand, different jobs' },
];

/**
 * A second set written after the weights and the lexicon were frozen and never used to tune
 * them: its figures estimate how the detector does on names it was not fitted to.
 */
export const LABELLED_HOLDOUT: LabelledExample[] = [
  { a: app('Aplikasi SIMPEG Terintegrasi'), b: app('Sistem Kepegawaian Daerah'), duplicate: true, note: 'acronym ↔ affixed word, generic extras' },
  { a: app('Sistem Informasi Pelayanan Perizinan Terpadu'), b: app('Online Licensing Service'), duplicate: true, note: 'English ↔ Indonesian' },
  { a: app('Portal Pengaduan Publik'), b: app('e-Complaint'), duplicate: true, note: 'English with e- prefix' },
  { a: app('Sistem Informasi Arsip Dinamis'), b: app('Aplikasi Kearsipan Digital'), duplicate: true, note: 'arsip ↔ kearsipan' },
  { a: app('Aplikasi e-Disposisi'), b: app('Sistem Informasi Persuratan Dinas'), duplicate: true, note: 'disposisi ↔ persuratan' },
  { a: app('Presensi Online Berbasis Lokasi'), b: app('e-Absensi ASN'), duplicate: true, note: 'presensi ↔ absensi with extras' },
  { a: app('Sistem Informasi Manajemen Barang Daerah'), b: app('SIMBADA'), duplicate: true, note: 'acronym of leading syllables' },
  { a: app('e-Musrenbang Desa'), b: app('Sistem Informasi Musrenbang'), duplicate: true, note: 'prefix, extra word' },
  { a: app('Aplikasi Monitoring Evaluasi Kegiatan'), b: app('e-Monev'), duplicate: true, note: 'monev ↔ monitoring evaluasi' },
  { a: app('Sistem Informasi Kepegawaian Online'), b: app('Employee Database'), duplicate: true, note: 'English, generic words' },
  { a: app('Layanan Aspirasi Online'), b: app('Sistem Aspirasi Masyarakat'), duplicate: true, note: 'generic words differ' },
  { a: app('Aplikasi Pajak Online'), b: app('Sistem Informasi Perpajakan Daerah'), duplicate: true, note: 'perpajakan ↔ pajak' },
  { a: app('Sistem Informasi Rumah Sakit Daerah'), b: app('RSUD Hospital System'), duplicate: true, note: 'rumah sakit ↔ hospital ↔ RSUD' },
  { a: app('Data Kemiskinan Daerah'), b: app('Sistem Informasi Data Kemiskinan'), duplicate: true, note: 'kemiskinan, generic words' },
  { a: app('e-Perpus'), b: app('Sistem Informasi Perpustakaan'), duplicate: true, note: 'clipped word perpus' },
  { a: app('Sistem Informasi Absensi Pegawai'), b: app('Attendance Management System'), duplicate: true, note: 'English ↔ Indonesian' },
  { a: app('Aplikasi Penatausahaan Aset'), b: app('e-Inventaris'), duplicate: true, note: 'aset ↔ inventaris' },
  { a: app('e-BUDGETING'), b: app('Aplikasi Anggaran Daerah'), duplicate: true, note: 'upper case English ↔ Indonesian' },
  { a: app('Sistim Informasi Kepegawaian'), b: app('SIMPEG'), duplicate: true, note: 'misspelt boilerplate' },
  { a: app('Sistem Pengaduan Masyarakat Terpadu'), b: app('Wadul Warga'), duplicate: true, note: 'Javanese wadul (complain)' },
  { a: app('e-Absensi Siswa'), b: app('e-Absensi Pegawai'), duplicate: false, note: 'students vs staff' },
  { a: app('Sistem Informasi Pelatihan'), b: app('Sistem Informasi Pelayanan'), duplicate: false, note: 'latih vs layan' },
  { a: app('Aplikasi Pengaduan'), b: app('Aplikasi Pendaftaran'), duplicate: false, note: 'complaints vs registration' },
  { a: app('Sistem Informasi Kearsipan'), b: app('Sistem Informasi Kepegawaian'), duplicate: false, note: 'ke-…-an of different roots' },
  { a: app('Sistem Informasi Izin Reklame'), b: app('Sistem Informasi Izin Usaha'), duplicate: false, note: 'different permits' },
  { a: app('Dashboard Covid-19'), b: app('Dashboard Stunting'), duplicate: false, note: 'dashboard only' },
  { a: app('e-Surat Keterangan Desa'), b: app('e-Surat'), duplicate: false, note: 'village certificates vs correspondence' },
  { a: app('SIM Puskesmas'), b: app('SIM Pasar'), duplicate: false, note: 'SIM prefix only' },
  { a: app('Portal Lowongan Kerja'), b: app('Portal Kerja Sama Daerah'), duplicate: false, note: 'jobs vs inter-regional cooperation' },
  { a: app('Sistem Informasi Pertanahan'), b: app('Sistem Informasi Pertanian'), duplicate: false, note: 'tanah vs tani' },
  { a: app('Aplikasi Penilaian Kinerja Pegawai'), b: app('Aplikasi Penilaian Sekolah Adiwiyata'), duplicate: false, note: 'shared action word' },
  { a: app('Sistem Monitoring Banjir'), b: app('Sistem Monitoring Harga Pangan'), duplicate: false, note: 'shared monitoring' },
  { a: app('e-Anggaran'), b: app('e-Angkutan'), duplicate: false, note: 'similar spelling' },
  { a: app('Aplikasi Zakat'), b: app('Aplikasi Pajak'), duplicate: false, note: 'boilerplate only' },
  { a: app('Sistem Informasi Kesehatan Ibu dan Anak'), b: app('Sistem Informasi Perlindungan Anak'), duplicate: false, note: 'shared anak' },
];

export interface LabelledEvaluation {
  truePositives: number;
  falsePositives: number;
  falseNegatives: number;
  trueNegatives: number;
  precision: number;
  recall: number;
  /** Pairs the detector got wrong, for tuning. */
  mistakes: { note: string; a: string; b: string; expected: boolean }[];
}

/**
 * Runs the detector on every pair (each in a government of its own, so pairs cannot meet),
 * optionally beside a background portfolio that gives realistic word frequencies, and scores
 * "in the same duplicate group" (same capability or similar name) against the labels.
 */
export function evaluateLabelledExamples(options: { background?: readonly AppInput[]; detect?: DetectOptions; examples?: readonly LabelledExample[] } = {}): LabelledEvaluation {
  const examples = options.examples ?? LABELLED_EXAMPLES;
  const toInput = (x: LabelledApp, key: string, scope: string): AppInput => ({
    key,
    name: x.name,
    acronym: x.acronym ?? null,
    description: x.description ?? null,
    opdId: `lab-opd-${scope}`,
    regionCode: `lab-${scope}`,
    category: x.category ?? 'khusus',
    lifecycle: 'aktif',
    rab: x.rab ?? [],
    ral: x.ral ?? [],
    raa: [],
  });
  const apps: AppInput[] = [...(options.background ?? [])];
  examples.forEach((e, i) => apps.push(toInput(e.a, `lab-${i}-a`, String(i)), toInput(e.b, `lab-${i}-b`, String(i))));
  const { groups } = detectDuplicates(apps, options.detect);
  const together = new Set<string>();
  for (const g of groups) {
    if (g.kind === 'aplikasi_umum_lookalike') continue;
    for (const p of g.pairs) together.add(pairKey(p.a, p.b));
  }
  let tp = 0;
  let fp = 0;
  let fn = 0;
  let tn = 0;
  const mistakes: LabelledEvaluation['mistakes'] = [];
  examples.forEach((e, i) => {
    const predicted = together.has(pairKey(`lab-${i}-a`, `lab-${i}-b`));
    if (predicted && e.duplicate) tp++;
    else if (predicted) fp++;
    else if (e.duplicate) fn++;
    else tn++;
    if (predicted !== e.duplicate) mistakes.push({ note: e.note, a: e.a.name, b: e.b.name, expected: e.duplicate });
  });
  return { truePositives: tp, falsePositives: fp, falseNegatives: fn, trueNegatives: tn, precision: tp + fp ? tp / (tp + fp) : 1, recall: tp + fn ? tp / (tp + fn) : 1, mistakes };
}
