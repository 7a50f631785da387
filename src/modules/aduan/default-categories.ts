import type { Competence } from './db.ts';

/**
 * The categories a new installation starts with: the routing rules for East Java's agencies
 * (agency codes from reference/opd-jatim.csv). They are loaded only when missing, so a province
 * edits them freely; where an agency code is unknown the coordinator picks the agency.
 */
export interface DefaultCategory {
  code: string;
  name: string;
  description: string;
  keywords: string;
  group: string;
  competence: Competence;
  opdCode: string | null;
  tier: string;
  open311Type?: 'realtime' | 'batch';
}

export const DEFAULT_CATEGORIES: DefaultCategory[] = [
  { code: 'jalan-provinsi', name: 'Jalan dan jembatan provinsi', description: 'Jalan atau jembatan berstatus jalan provinsi rusak, berlubang, atau membahayakan.', keywords: 'jalan rusak, berlubang, jembatan, pothole', group: 'infrastruktur', competence: 'provinsi', opdCode: 'dpu-bina-marga', tier: 'non_pengawasan' },
  { code: 'jalan-kabupaten-kota', name: 'Jalan kabupaten/kota dan lingkungan', description: 'Jalan kabupaten/kota, gang, saluran, dan penerangan jalan di lingkungan.', keywords: 'jalan desa, gang, drainase, lampu jalan', group: 'infrastruktur', competence: 'kabupaten_kota', opdCode: null, tier: 'non_pengawasan' },
  { code: 'kesehatan', name: 'Layanan kesehatan provinsi', description: 'Rumah sakit daerah milik provinsi, puskesmas rujukan, dan program kesehatan provinsi.', keywords: 'rumah sakit, RSUD, obat, BPJS daerah', group: 'kesehatan', competence: 'provinsi', opdCode: 'dinkes', tier: 'normatif' },
  { code: 'pendidikan', name: 'Pendidikan SMA, SMK, dan SLB', description: 'Sekolah menengah atas, kejuruan, dan luar biasa yang dikelola provinsi.', keywords: 'sekolah, SMA, SMK, SLB, PPDB', group: 'pendidikan', competence: 'provinsi', opdCode: 'dindik', tier: 'normatif' },
  { code: 'transportasi', name: 'Angkutan umum dan perhubungan', description: 'Angkutan antarkota dalam provinsi, terminal tipe B, dan keselamatan lalu lintas.', keywords: 'bus, terminal, angkutan, lalu lintas', group: 'transportasi', competence: 'provinsi', opdCode: 'dishub', tier: 'normatif' },
  { code: 'perizinan', name: 'Perizinan dan penanaman modal', description: 'Perizinan yang diterbitkan provinsi melalui pelayanan terpadu satu pintu.', keywords: 'izin, OSS, PTSP, investasi', group: 'perizinan', competence: 'provinsi', opdCode: 'dpmptsp', tier: 'normatif' },
  { code: 'pajak-kendaraan', name: 'Pajak kendaraan bermotor (Samsat)', description: 'Pembayaran, denda, dan layanan Samsat untuk pajak kendaraan bermotor.', keywords: 'PKB, Samsat, BBNKB, pajak kendaraan', group: 'keuangan', competence: 'provinsi', opdCode: 'bapenda', tier: 'ringan' },
  { code: 'bantuan-sosial', name: 'Bantuan sosial', description: 'Penyaluran dan pendataan bantuan sosial provinsi.', keywords: 'bansos, bantuan, PKH daerah', group: 'sosial', competence: 'provinsi', opdCode: 'dinsos', tier: 'normatif' },
  { code: 'bencana', name: 'Kebencanaan', description: 'Penanganan darurat dan pascabencana yang menjadi kewenangan provinsi.', keywords: 'banjir, longsor, bencana, pengungsi', group: 'kebencanaan', competence: 'provinsi', opdCode: 'bpbd', tier: 'ringan' },
  { code: 'layanan-digital', name: 'Layanan digital pemerintah provinsi', description: 'Aplikasi, situs, dan layanan daring pemerintah provinsi yang bermasalah.', keywords: 'aplikasi, situs, website, login, SPBE', group: 'layanan digital', competence: 'provinsi', opdCode: 'diskominfo', tier: 'ringan' },
  { code: 'kepegawaian', name: 'Kepegawaian ASN provinsi', description: 'Pelayanan dan perilaku aparatur sipil negara pemerintah provinsi.', keywords: 'ASN, pegawai, pungli, pelayanan', group: 'kepegawaian', competence: 'provinsi', opdCode: 'bkd', tier: 'investigasi' },
  { code: 'kebersihan-lingkungan', name: 'Kebersihan dan lingkungan setempat', description: 'Sampah, kebersihan, dan ketertiban di lingkungan kabupaten/kota.', keywords: 'sampah, kebersihan, taman, PKL', group: 'lingkungan', competence: 'kabupaten_kota', opdCode: null, tier: 'ringan' },
  { code: 'administrasi-kependudukan', name: 'Administrasi kependudukan', description: 'KTP elektronik, kartu keluarga, dan akta yang dilayani Dukcapil kabupaten/kota.', keywords: 'KTP, KK, akta, Dukcapil', group: 'kependudukan', competence: 'kabupaten_kota', opdCode: null, tier: 'normatif' },
  { code: 'urusan-pusat', name: 'Urusan pemerintah pusat', description: 'Urusan instansi pusat (BPJS, pajak pusat, imigrasi, jalan nasional); diteruskan ke SP4N-LAPOR!.', keywords: 'BPJS, pajak, imigrasi, jalan nasional, kementerian', group: 'pusat', competence: 'pusat', opdCode: null, tier: 'non_pengawasan' },
  { code: 'informasi-publik', name: 'Permintaan informasi publik', description: 'Permintaan salinan informasi publik dari pemerintah provinsi (PPID).', keywords: 'PPID, informasi publik, dokumen', group: 'informasi', competence: 'provinsi', opdCode: 'diskominfo', tier: 'non_pengawasan' },
  { code: 'lainnya', name: 'Lainnya', description: 'Hal lain; koordinator menentukan instansi yang berwenang.', keywords: 'lain-lain', group: 'lainnya', competence: 'provinsi', opdCode: null, tier: 'non_pengawasan', open311Type: 'batch' },
];
