/**
 * The small hand-made vocabulary behind the name analysis: Indonesian roots for the stemmer,
 * words that carry no function (stop words, boilerplate, place and agency qualifiers), a
 * synonym and English→Indonesian glossary that folds words onto one concept, and the
 * acronyms of common e-government systems. Built from the words that appear in application
 * names of regional governments; extend it when a real portfolio shows a gap.
 */

/** Words dropped everywhere: function words, filler, version marks. */
export const STOPWORDS = new Set(
  (
    'dan atau di ke dari untuk yang dengan pada dalam oleh bagi serta tentang secara melalui ' +
    'the of and for to in on a an by with at via ' +
    'v ver versi version new baru lama tahun year dll etc'
  ).split(' '),
);

/**
 * Words that only say "this is an information system": removed from the content but kept for
 * acronym matching (SIMPEG = Sistem Informasi Manajemen PEGawai).
 */
export const BOILERPLATE = new Set(
  (
    'sistem system sistim informasi information info aplikasi application app apps aplikasinya ' +
    'portal web website situs site online daring e si sim software perangkat lunak modul module'
  ).split(' '),
);

/**
 * Concepts that are common in names but say little about the function; kept with a small
 * weight so they can still tip a close call.
 */
export const GENERIC = new Set(
  (
    'manajemen management kelola data layan terpadu padu integrasi terintegrasi integrated digital ' +
    'elektronik electronic smart cerdas mobile android ios pusat center centre basis database ' +
    'dashboard platform administrasi umum daerah publik public masyarakat warga satu pintu ' +
    'induk terbuka open tata cepat mudah bersama kita ku mu nusantara ' +
    'rekap rekapitulasi sistematis efektif efisien optimal modern go gov handling processing tatausaha'
  ).split(' '),
);

/**
 * Places and agency words that say who owns an app, not what it does. Callers add the names of
 * their own regions and agencies (`qualifiers` option).
 */
export const QUALIFIERS = new Set(
  (
    'kabupaten kab kota provinsi prov propinsi pemerintah pemerintahan pemprov pemkab pemkot pemda ' +
    'jawa timur jatim jawatimur indonesia ri nasional regional dinas badan biro kantor sekretariat ' +
    'setda setwan sekwan inspektorat upt uptd bidang seksi subbag bagian unit opd skpd perangkat ' +
    'instansi lembaga dinkes dindik disdik dinsos dishub diskominfo kominfo dpmptsp dp3ak bpkad ' +
    'bapenda bkd bkpsdm bpsdm bpbd bappeda bakorwil disnaker disperindag disparbud dispora dlh ' +
    'dpupr pupr satpol disnak disbun dkp dpmd dprd bina marga bupati walikota wali gubernur ' +
    'sintetis kecamatan kelurahan'
  ).split(' '),
);

/**
 * Base words for the stemmer. A derived word is reduced only when what remains is in this list
 * (or, failing that, is a word seen on its own in the portfolio), so unknown words are kept
 * whole rather than mangled. Some derived words are listed on purpose because their meaning is
 * not that of the root (pengadaan "procurement" ≠ ada, laporan "report" ≠ lapor "complain").
 */
export const ROOTS = new Set(
  (
    // administration and staff
    'pegawai karyawan personel aparatur sipil asn pns ppk pppk jabatan pangkat golongan cuti mutasi ' +
    'gaji tunjangan pensiun hadir absen absensi presensi kinerja sasaran disiplin lembur latih ' +
    'diklat kompetensi nilai ujian seleksi rekrutmen formasi honorer ' +
    // correspondence and records
    'surat naskah disposisi memo nota arsip dokumen berkas agenda rapat tamu notula tanda tangan ' +
    // planning, budget, procurement, accountability
    'rencana renja renstra anggaran pengadaan lelang tender katalog barang jasa penyedia swakelola ' +
    'akuntabilitas kinerja indikator capai pantau evaluasi realisasi kendali awas periksa audit ' +
    'monev program giat belanja kas bendahara akuntansi uang dana bayar cair pajak retribusi ' +
    'pendapatan aset inventaris sedia hibah bantu ' +
    // complaints and information
    'adu keluh aspirasi lapor laporan saran masukan informasi berita humas pustaka perpustakaan ' +
    'hukum produk peraturan ' +
    // services and sectors
    'izin ijin usaha dagang pasar harga komoditas industri investasi modal tanam koperasi ' +
    'sehat sakit rumah obat gizi imunisasi vaksin puskesmas klinik bidan dokter rawat ' +
    'didik sekolah siswa guru murid beasiswa kuliah ' +
    'sosial sejahtera miskin bencana tanggulang darurat bakar padam banjir gempa ' +
    'penduduk lahir mati nikah pindah kawin ' +
    'wisata pariwisata budaya seni museum olahraga pemuda ' +
    'tani ternak ikan kebun hutan laut tambang energi listrik air irigasi pangan pupuk ' +
    'jalan jembatan angkut transportasi parkir kendaraan terminal hubung lalu lintas ' +
    'tanah rumah bangun bangunan gedung tata ruang peta lingkungan sampah limbah udara ' +
    'desa kerja tenaga loker ' +
    'ukur daftar catat terima kirim salur suluh bina kembang teliti olah jual beli sewa ' +
    'antri antre tiket jadwal pesan layan kelola tertib aman lindung damai ' +
    'statistik survei sensus peta spasial geografis ' +
    'anak perempuan lansia disabilitas keluarga ' +
    'setuju naik tugas dinas perjalanan kendaraan ' +
    'sehat jiwa hewan daya makam kubur sumber manusia'
  ).split(' '),
);

/** Derived words whose stem must be fixed by hand (the rules would pick a misleading root). */
export const STEM_EXCEPTIONS: Record<string, string> = {
  pengadaan: 'pengadaan',
  keadaan: 'keadaan',
  laporan: 'laporan',
  pelaporan: 'laporan',
  pembangunan: 'bangun',
  bangunan: 'bangunan',
  perjalanan: 'perjalanan',
  kendaraan: 'kendaraan',
  penduduk: 'penduduk',
  kependudukan: 'penduduk',
  pendapatan: 'pendapatan',
  kinerja: 'kinerja',
  pemerintah: 'pemerintah',
  pemerintahan: 'pemerintah',
  perpustakaan: 'pustaka',
  berkas: 'berkas',
  berita: 'berita',
  pariwisata: 'wisata',
  kesehatan: 'sehat',
  ketenagakerjaan: 'kerja',
  tenagakerja: 'kerja',
  penatausahaan: 'tatausaha',
  persediaan: 'sedia',
  pertanahan: 'tanah',
  perumahan: 'rumah',
  pendidikan: 'didik',
  peserta: 'peserta',
  perusahaan: 'usaha',
  pengusaha: 'usaha',
  pelayanan: 'layan',
  layanan: 'layan',
  pelatihan: 'latih',
  pengawasan: 'awas',
  perkantoran: 'kantor',
  perencanaan: 'rencana',
  musrenbang: 'musrenbang',
};

/**
 * Synonyms and the English→Indonesian glossary: every key is read as its concept. Keys are
 * lower-case words (English plurals are reduced before the look-up) or stems.
 */
export const CONCEPTS: Record<string, string> = {
  // personnel
  pegawai: 'pegawai', karyawan: 'pegawai', personel: 'pegawai', personnel: 'pegawai', employee: 'pegawai',
  staff: 'pegawai', staf: 'pegawai', asn: 'pegawai', pns: 'pegawai', aparatur: 'pegawai', sdm: 'pegawai',
  nakes: 'sehat', email: 'email', hr: 'pegawai', hrm: 'pegawai', hris: 'pegawai', kepegawaian: 'pegawai', pppk: 'pegawai',
  // attendance
  hadir: 'hadir', absen: 'hadir', absensi: 'hadir', presensi: 'hadir', attendance: 'hadir',
  kehadiran: 'hadir', checkin: 'hadir', fingerprint: 'hadir',
  // payroll
  gaji: 'gaji', payroll: 'gaji', salary: 'gaji', penggajian: 'gaji', wage: 'gaji',
  // performance
  kinerja: 'kinerja', performance: 'kinerja', performa: 'kinerja',
  // correspondence
  surat: 'surat', naskah: 'surat', mail: 'surat', letter: 'surat', correspondence: 'surat', office: 'surat',
  disposisi: 'surat', memo: 'surat', nota: 'surat', persuratan: 'surat', tnde: 'surat',
  // archives and documents
  arsip: 'arsip', archive: 'arsip', archiving: 'arsip', record: 'arsip', kearsipan: 'arsip',
  dokumen: 'dokumen', document: 'dokumen', berkas: 'dokumen',
  // planning, budget, procurement
  rencana: 'rencana', planning: 'rencana', plan: 'rencana', perencanaan: 'rencana',
  anggaran: 'anggaran', budget: 'anggaran', budgeting: 'anggaran', penganggaran: 'anggaran',
  pengadaan: 'pengadaan', procurement: 'pengadaan', purchasing: 'pengadaan', eproc: 'pengadaan',
  lelang: 'lelang', tender: 'lelang', auction: 'lelang', bidding: 'lelang',
  akuntabilitas: 'akuntabilitas', accountability: 'akuntabilitas',
  pantau: 'pantau', monitoring: 'pantau', monitor: 'pantau', pemantauan: 'pantau', tracking: 'pantau',
  evaluasi: 'evaluasi', evaluation: 'evaluasi',
  awas: 'awas', supervision: 'awas', oversight: 'awas', audit: 'audit',
  // complaints, information, reporting
  adu: 'adu', aduan: 'adu', pengaduan: 'adu', keluh: 'adu', complaint: 'adu', complain: 'adu',
  grievance: 'adu', wadul: 'adu', sambat: 'adu',
  aspirasi: 'aspirasi', aspiration: 'aspirasi',
  laporan: 'laporan', report: 'laporan', reporting: 'laporan',
  berita: 'berita', news: 'berita',
  pustaka: 'pustaka', library: 'pustaka', perpustakaan: 'pustaka',
  hukum: 'hukum', law: 'hukum', legal: 'hukum', regulation: 'peraturan',
  // licensing and business
  izin: 'izin', ijin: 'izin', perizinan: 'izin', perijinan: 'izin', license: 'izin', licence: 'izin',
  licensing: 'izin', permit: 'izin', permitting: 'izin',
  usaha: 'usaha', business: 'usaha', enterprise: 'usaha',
  dagang: 'dagang', trade: 'dagang', pasar: 'pasar', market: 'pasar', harga: 'harga', price: 'harga',
  investasi: 'investasi', investment: 'investasi', koperasi: 'koperasi', cooperative: 'koperasi',
  umkm: 'umkm', msme: 'umkm', ukm: 'umkm',
  // health, education, welfare
  sehat: 'sehat', health: 'sehat', healthcare: 'sehat', medical: 'sehat',
  rumahsakit: 'rumahsakit', hospital: 'rumahsakit', rs: 'rumahsakit', rsud: 'rumahsakit',
  obat: 'obat', medicine: 'obat', drug: 'obat', pharmacy: 'obat', farmasi: 'obat',
  gizi: 'gizi', nutrition: 'gizi', stunting: 'gizi',
  imunisasi: 'imunisasi', immunization: 'imunisasi', immunisation: 'imunisasi', vaksin: 'imunisasi',
  vaccine: 'imunisasi', vaccination: 'imunisasi',
  didik: 'didik', education: 'didik', educational: 'didik',
  sekolah: 'sekolah', school: 'sekolah', siswa: 'siswa', student: 'siswa', murid: 'siswa',
  beasiswa: 'beasiswa', scholarship: 'beasiswa',
  sosial: 'sosial', social: 'sosial', sejahtera: 'sejahtera', welfare: 'sejahtera',
  bantu: 'bantu', assistance: 'bantu', aid: 'bantu', bansos: 'bantu',
  miskin: 'miskin', poverty: 'miskin', poor: 'miskin',
  bencana: 'bencana', disaster: 'bencana', darurat: 'darurat', emergency: 'darurat',
  bakar: 'bakar', fire: 'bakar',
  penduduk: 'penduduk', population: 'penduduk', dukcapil: 'penduduk', capil: 'penduduk', adminduk: 'penduduk',
  citizen: 'penduduk', resident: 'penduduk',
  // finance
  uang: 'uang', finance: 'uang', financial: 'uang', keuangan: 'uang', fiscal: 'uang',
  aset: 'aset', asset: 'aset', inventaris: 'aset', inventory: 'aset', bmd: 'aset',
  pajak: 'pajak', tax: 'pajak', taxation: 'pajak',
  pendapatan: 'pendapatan', revenue: 'pendapatan', income: 'pendapatan',
  retribusi: 'retribusi', levy: 'retribusi',
  akuntansi: 'akuntansi', accounting: 'akuntansi',
  belanja: 'belanja', spending: 'belanja', expenditure: 'belanja',
  // sectors
  wisata: 'wisata', tourism: 'wisata', tourist: 'wisata', travel: 'wisata',
  budaya: 'budaya', culture: 'budaya', cultural: 'budaya',
  tani: 'tani', agriculture: 'tani', agricultural: 'tani', farming: 'tani', farmer: 'tani',
  ternak: 'ternak', livestock: 'ternak', ikan: 'ikan', fishery: 'ikan', fisheries: 'ikan', fish: 'ikan',
  kebun: 'kebun', plantation: 'kebun', hutan: 'hutan', forest: 'hutan', forestry: 'hutan',
  transportasi: 'transportasi', transport: 'transportasi', transportation: 'transportasi', angkut: 'transportasi',
  jalan: 'jalan', road: 'jalan', jembatan: 'jembatan', bridge: 'jembatan',
  parkir: 'parkir', parking: 'parkir',
  tanah: 'tanah', land: 'tanah', rumah: 'rumah', housing: 'rumah', house: 'rumah',
  bangunan: 'bangunan', building: 'bangunan', gedung: 'bangunan',
  bangun: 'bangun', development: 'bangun',
  lingkungan: 'lingkungan', environment: 'lingkungan', environmental: 'lingkungan',
  sampah: 'sampah', waste: 'sampah', garbage: 'sampah', limbah: 'limbah',
  air: 'air', water: 'air',
  desa: 'desa', village: 'desa',
  kerja: 'kerja', job: 'kerja', jobs: 'kerja', employment: 'kerja', loker: 'kerja',
  latih: 'latih', training: 'latih', diklat: 'latih',
  peta: 'peta', map: 'peta', mapping: 'peta', gis: 'peta', geografis: 'peta', spasial: 'peta',
  geospasial: 'peta', geographic: 'peta', geoportal: 'peta', webgis: 'peta',
  statistik: 'statistik', statistic: 'statistik', statistics: 'statistik',
  antri: 'antri', antre: 'antri', queue: 'antri', queuing: 'antri',
  tamu: 'tamu', guest: 'tamu', agenda: 'agenda', schedule: 'jadwal', jadwal: 'jadwal',
  rapat: 'rapat', meeting: 'rapat', room: 'ruang', ruang: 'ruang', booking: 'pesan', reservation: 'pesan', helpdesk: 'helpdesk',
  cuti: 'cuti',
  daftar: 'daftar', registration: 'daftar', register: 'daftar', registrasi: 'daftar',
  // boilerplate-ish concepts kept as low-weight generic words
  manajemen: 'manajemen', management: 'manajemen', kelola: 'manajemen', pengelolaan: 'manajemen',
  layan: 'layan', service: 'layan', services: 'layan',
  data: 'data', dataset: 'data',
  terpadu: 'terpadu', padu: 'terpadu', integrasi: 'terpadu', terintegrasi: 'terpadu', integrated: 'terpadu',
};

/** Multi-word expressions read as one concept (matched on analysed concepts, in order). */
export const PHRASES: { words: string[]; concept: string }[] = [
  // "Surat X" names a document type, not correspondence.
  { words: ['surat', 'perintah'], concept: 'suratperintah' },
  { words: ['surat', 'izin'], concept: 'izin' },
  { words: ['surat', 'keterangan'], concept: 'suratketerangan' },
  { words: ['rumah', 'sakit'], concept: 'rumahsakit' },
  { words: ['surat', 'masuk'], concept: 'surat' },
  { words: ['surat', 'keluar'], concept: 'surat' },
  { words: ['pengadaan', 'barang', 'jasa'], concept: 'pengadaan' },
  { words: ['buku', 'tamu'], concept: 'tamu' },
  { words: ['business', 'travel'], concept: 'perjalanan' },
  { words: ['official', 'travel'], concept: 'perjalanan' },
  { words: ['job', 'fair'], concept: 'bursakerja' },
  { words: ['bursa', 'kerja'], concept: 'bursakerja' },
  { words: ['service', 'desk'], concept: 'helpdesk' },
  { words: ['help', 'desk'], concept: 'helpdesk' },
  { words: ['izin', 'bangunan'], concept: 'izinbangunan' },
  { words: ['bangunan', 'izin'], concept: 'izinbangunan' },
  { words: ['setuju', 'bangunan'], concept: 'izinbangunan' },
  { words: ['human', 'resource'], concept: 'pegawai' },
  { words: ['sumber', 'daya', 'manusia'], concept: 'pegawai' },
  { words: ['civil', 'servant'], concept: 'pegawai' },
  { words: ['tanda', 'tangan'], concept: 'tandatangan' },
  { words: ['barang', 'milik', 'daerah'], concept: 'aset' },
  { words: ['tanam', 'modal'], concept: 'investasi' },
  { words: ['tenaga', 'kerja'], concept: 'kerja' },
  { words: ['lalu', 'lintas'], concept: 'lalulintas' },
  { words: ['tata', 'ruang'], concept: 'tataruang' },
  { words: ['peserta', 'didik'], concept: 'siswa' },
  { words: ['human', 'resources'], concept: 'pegawai' },
];

/**
 * Acronyms of common e-government systems and documents, read as the words they stand for.
 * National systems (SRIKANDI, LAPOR, SPSE, SIPD, SIASN) stay as names: they are matched
 * against the general-application reference, not expanded.
 */
export const KNOWN_ACRONYMS: Record<string, string> = {
  simpeg: 'manajemen kepegawaian',
  sapk: 'aplikasi pelayanan kepegawaian',
  skp: 'sasaran kinerja pegawai',
  sakip: 'akuntabilitas kinerja',
  esakip: 'akuntabilitas kinerja',
  lakip: 'laporan akuntabilitas kinerja',
  lkjip: 'laporan akuntabilitas kinerja',
  iku: 'indikator kinerja utama',
  monev: 'pemantauan evaluasi',
  musrenbang: 'musrenbang',
  rkpd: 'rencana kerja pemerintah daerah',
  rpjmd: 'rencana pembangunan jangka menengah',
  renja: 'rencana kerja',
  renstra: 'rencana strategis',
  rka: 'rencana kerja anggaran',
  dpa: 'dokumen pelaksanaan anggaran',
  apbd: 'anggaran pendapatan belanja',
  rup: 'rencana umum pengadaan',
  pbj: 'pengadaan barang jasa',
  tnde: 'tata naskah dinas elektronik',
  simaset: 'manajemen aset',
  simbada: 'manajemen barang milik daerah',
  simda: 'simda',
  simrs: 'manajemen rumah sakit',
  sirs: 'rumah sakit',
  simpus: 'manajemen puskesmas',
  ppdb: 'penerimaan peserta didik baru',
  dapodik: 'dapodik',
  pbg: 'persetujuan bangunan gedung',
  imb: 'izin mendirikan bangunan',
  siup: 'surat izin usaha perdagangan',
  nib: 'nomor induk berusaha',
  oss: 'izin usaha',
  ppid: 'pejabat pengelola informasi dokumentasi',
  jdih: 'jaringan dokumentasi informasi hukum',
  siak: 'administrasi kependudukan',
  dtks: 'data terpadu kesejahteraan sosial',
  pkb: 'pajak kendaraan bermotor',
  pbb: 'pajak bumi bangunan',
  bphtb: 'bea perolehan hak tanah bangunan',
  sppd: 'surat perintah perjalanan dinas',
  sp2d: 'surat perintah pencairan dana',
  tte: 'tanda tangan elektronik',
  umkm: 'umkm',
  emonev: 'pemantauan evaluasi',
  eproc: 'pengadaan',
  hris: 'kepegawaian',
  hrms: 'kepegawaian',
  his: 'rumah sakit',
  sig: 'geografis',
};

/**
 * English words of the glossary and boilerplate. English noun phrases put the head last
 * ("Employee Performance System" is about performance), Indonesian ones first.
 */
export const ENGLISH = new Set(
  (
    'system systems information application applications app management portal service services online ' +
    'personnel employee staff hr planning plan budget budgeting procurement purchasing auction bidding ' +
    'accountability monitoring monitor evaluation supervision oversight audit complaint complain grievance aspiration ' +
    'report reporting news library law legal regulation license licence licensing permit permitting business ' +
    'enterprise trade market price investment cooperative health healthcare medical hospital medicine drug ' +
    'pharmacy nutrition immunization immunisation vaccine vaccination education educational school student ' +
    'scholarship social welfare assistance aid poverty poor disaster emergency fire population citizen resident ' +
    'finance financial fiscal asset inventory tax taxation revenue income levy accounting spending expenditure ' +
    'tourism tourist travel culture cultural agriculture agricultural farming farmer livestock fishery fisheries ' +
    'fish plantation forest forestry transport transportation road bridge parking land housing house building ' +
    'development environment environmental waste garbage water village job jobs employment training map mapping ' +
    'geographic statistic statistics queue queuing guest schedule meeting registration register attendance ' +
    'handling processing room booking reservation desk help fair official ' +
    'payroll salary wage performance mail letter correspondence office archive archiving record document ' +
    'integrated data dataset database dashboard digital electronic smart mobile center centre tracking'
  ).split(' '),
);

/** Words English plurals reduce to (only when the singular is in the glossary). */
export function englishSingular(word: string): string | undefined {
  if (word.length > 4 && word.endsWith('ies') && CONCEPTS[word.slice(0, -3) + 'y']) return word.slice(0, -3) + 'y';
  if (word.length > 3 && word.endsWith('s') && CONCEPTS[word.slice(0, -1)]) return word.slice(0, -1);
  return undefined;
}
