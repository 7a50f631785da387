import { createHash } from 'node:crypto';

/**
 * Synthetic data for the demo upstreams: a population registry (Dispendukcapil) answering by NIK
 * and a business-licence registry (DPMPTSP) answering by NIB. Nobody here exists. A few curated
 * people (the README's examples and the portal's demo citizen) are fixed; any other well-formed
 * East Java NIK gets a person derived from the number, so every demo NIK finds someone.
 */
export interface Person {
  nik: string;
  nama: string;
  tempatLahir: string;
  tanggalLahir: string;
  jenisKelamin: 'LAKI-LAKI' | 'PEREMPUAN';
  agama: string;
  statusPerkawinan: string;
  pekerjaan: string;
  kewarganegaraan: 'WNI';
  nkk: string;
  alamat: Address;
}

export interface Address {
  jalan: string;
  rt: string;
  rw: string;
  kelurahan: string;
  kecamatan: string;
  kabupatenKota: string;
  provinsi: string;
  kodePos: string;
}

export interface Licence {
  nib: string;
  namaUsaha: string;
  bentukUsaha: string;
  kbli: string;
  uraianKbli: string;
  skalaUsaha: string;
  status: 'AKTIF' | 'DICABUT';
  tanggalTerbit: string;
  pemilikNik: string;
  alamatUsaha: string;
}

/** The README's example citizen. */
export const SAMPLE_NIK = '3578015708900001';
/** The portal's demo citizen (warga@demo.padu.id); the demo records her consent to Dinas Sosial. */
export const DEMO_CITIZEN_NIK = '3578015508900003';
/** The README's example business. */
export const SAMPLE_NIB = '9120001234567';

const SURABAYA = { kabupatenKota: 'KOTA SURABAYA', provinsi: 'JAWA TIMUR' };

const CURATED: Person[] = [
  {
    nik: SAMPLE_NIK,
    nama: 'SITI RAHAYU',
    tempatLahir: 'SURABAYA',
    tanggalLahir: '1990-08-17',
    jenisKelamin: 'PEREMPUAN',
    agama: 'ISLAM',
    statusPerkawinan: 'KAWIN',
    pekerjaan: 'WIRASWASTA',
    kewarganegaraan: 'WNI',
    nkk: '3578010101150001',
    alamat: { jalan: 'JL. KENANGA SINTETIS NO. 12', rt: '003', rw: '005', kelurahan: 'TEGALSARI', kecamatan: 'TEGALSARI', ...SURABAYA, kodePos: '60262' },
  },
  {
    nik: '3578010203850002',
    nama: 'BUDI SANTOSO',
    tempatLahir: 'SIDOARJO',
    tanggalLahir: '1985-03-02',
    jenisKelamin: 'LAKI-LAKI',
    agama: 'ISLAM',
    statusPerkawinan: 'KAWIN',
    pekerjaan: 'KARYAWAN SWASTA',
    kewarganegaraan: 'WNI',
    nkk: '3578010101150001',
    alamat: { jalan: 'JL. KENANGA SINTETIS NO. 12', rt: '003', rw: '005', kelurahan: 'TEGALSARI', kecamatan: 'TEGALSARI', ...SURABAYA, kodePos: '60262' },
  },
  {
    nik: '3578026112000003',
    nama: 'DEWI LESTARI',
    tempatLahir: 'SURABAYA',
    tanggalLahir: '2000-12-21',
    jenisKelamin: 'PEREMPUAN',
    agama: 'KRISTEN',
    statusPerkawinan: 'BELUM KAWIN',
    pekerjaan: 'PELAJAR/MAHASISWA',
    kewarganegaraan: 'WNI',
    nkk: '3578020202180007',
    alamat: { jalan: 'JL. MELATI CONTOH NO. 7', rt: '001', rw: '002', kelurahan: 'GENTENG', kecamatan: 'GENTENG', ...SURABAYA, kodePos: '60275' },
  },
  {
    nik: DEMO_CITIZEN_NIK,
    nama: 'SRI WAHYUNI',
    tempatLahir: 'SURABAYA',
    tanggalLahir: '1990-08-15',
    jenisKelamin: 'PEREMPUAN',
    agama: 'ISLAM',
    statusPerkawinan: 'KAWIN',
    pekerjaan: 'GURU',
    kewarganegaraan: 'WNI',
    nkk: '3578010303160004',
    alamat: { jalan: 'JL. CONTOH SINTETIS NO. 1', rt: '001', rw: '002', kelurahan: 'TEGALSARI', kecamatan: 'TEGALSARI', ...SURABAYA, kodePos: '60262' },
  },
];

const LICENCES: Licence[] = [
  {
    nib: SAMPLE_NIB,
    namaUsaha: 'WARUNG MAKAN BU SITI',
    bentukUsaha: 'PERORANGAN',
    kbli: '56101',
    uraianKbli: 'Restoran',
    skalaUsaha: 'MIKRO',
    status: 'AKTIF',
    tanggalTerbit: '2021-04-12',
    pemilikNik: SAMPLE_NIK,
    alamatUsaha: 'JL. KENANGA SINTETIS NO. 12, TEGALSARI, KOTA SURABAYA',
  },
  {
    nib: '9120007654321',
    namaUsaha: 'CV SANTOSO TEKNIK',
    bentukUsaha: 'CV',
    kbli: '43211',
    uraianKbli: 'Instalasi listrik',
    skalaUsaha: 'KECIL',
    status: 'AKTIF',
    tanggalTerbit: '2019-11-03',
    pemilikNik: '3578010203850002',
    alamatUsaha: 'JL. RUNGKUT CONTOH NO. 40, KOTA SURABAYA',
  },
  {
    nib: '8120000000999',
    namaUsaha: 'UD LESTARI BATIK',
    bentukUsaha: 'PERORANGAN',
    kbli: '13134',
    uraianKbli: 'Pembatikan',
    skalaUsaha: 'MIKRO',
    status: 'DICABUT',
    tanggalTerbit: '2016-02-29',
    pemilikNik: '3578026112000003',
    alamatUsaha: 'JL. MELATI CONTOH NO. 7, GENTENG, KOTA SURABAYA',
  },
];

const FIRST_F = ['ANI', 'RINA', 'WULAN', 'FITRI', 'NUR', 'DIAN', 'YULI', 'ENDANG', 'RATNA', 'LILIS'];
const FIRST_M = ['AGUS', 'BAMBANG', 'HENDRA', 'JOKO', 'RUDI', 'EKO', 'DEDI', 'ARIF', 'IWAN', 'SLAMET'];
const LAST = ['PRATAMA', 'WIJAYA', 'SUSANTO', 'HIDAYAT', 'KURNIAWAN', 'SETIAWAN', 'PURNOMO', 'HANDAYANI', 'SAPUTRA', 'UTAMI'];
const STREETS = ['MAWAR', 'ANGGREK', 'CEMPAKA', 'DAHLIA', 'TERATAI', 'SEROJA'];
const JOBS = ['WIRASWASTA', 'KARYAWAN SWASTA', 'PETANI', 'PEDAGANG', 'GURU', 'BURUH HARIAN LEPAS'];
const REGENCIES: Record<string, string> = { '78': 'KOTA SURABAYA', '15': 'KABUPATEN SIDOARJO', '73': 'KOTA MALANG', '25': 'KABUPATEN GRESIK' };

/** A synthetic person for a well-formed East Java NIK (province 35), derived from the number alone. */
function derived(nik: string): Person | undefined {
  if (!/^35\d{14}$/.test(nik)) return undefined;
  let day = Number(nik.slice(6, 8));
  const month = Number(nik.slice(8, 10));
  const yy = Number(nik.slice(10, 12));
  const female = day > 40;
  if (female) day -= 40;
  if (month < 1 || month > 12 || day < 1 || day > 31 || nik.slice(12) === '0000') return undefined;
  const h = createHash('sha256').update(`padu-demo:${nik}`).digest();
  const pick = <T,>(list: readonly T[], i: number) => list[h[i]! % list.length]!;
  const year = yy > 30 ? 1900 + yy : 2000 + yy;
  return {
    nik,
    nama: `${pick(female ? FIRST_F : FIRST_M, 0)} ${pick(LAST, 1)}`,
    tempatLahir: 'SURABAYA',
    tanggalLahir: `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`,
    jenisKelamin: female ? 'PEREMPUAN' : 'LAKI-LAKI',
    agama: 'ISLAM',
    statusPerkawinan: year > 2004 ? 'BELUM KAWIN' : 'KAWIN',
    pekerjaan: pick(JOBS, 2),
    kewarganegaraan: 'WNI',
    nkk: `${nik.slice(0, 6)}${String(h.readUInt32BE(4) % 1e10).padStart(10, '0')}`,
    alamat: {
      jalan: `JL. ${pick(STREETS, 8)} SINTETIS NO. ${(h[9]! % 90) + 1}`,
      rt: String((h[10]! % 12) + 1).padStart(3, '0'),
      rw: String((h[11]! % 8) + 1).padStart(3, '0'),
      kelurahan: 'KELURAHAN CONTOH',
      kecamatan: `KECAMATAN ${nik.slice(4, 6)}`,
      kabupatenKota: REGENCIES[nik.slice(2, 4)] ?? `KABUPATEN ${nik.slice(2, 4)}`,
      provinsi: 'JAWA TIMUR',
      kodePos: `6${String(h.readUInt16BE(12) % 10000).padStart(4, '0')}`,
    },
  };
}

export function findPerson(nik: string): Person | undefined {
  return CURATED.find((p) => p.nik === nik) ?? derived(nik);
}

/** The family card a person belongs to: the head of the family and the members the registry knows. */
export function familyOf(nik: string) {
  const person = findPerson(nik);
  if (!person) return undefined;
  const members = CURATED.filter((p) => p.nkk === person.nkk);
  const all = members.length ? members : [person];
  const head = all.find((p) => p.jenisKelamin === 'LAKI-LAKI' && p.statusPerkawinan === 'KAWIN') ?? all[0]!;
  return {
    nkk: person.nkk,
    kepalaKeluarga: head.nama,
    alamat: head.alamat,
    jumlahAnggota: all.length,
    anggota: all.map((p) => ({ nik: p.nik, nama: p.nama, hubungan: p === head ? 'KEPALA KELUARGA' : p.jenisKelamin === 'PEREMPUAN' && p.statusPerkawinan === 'KAWIN' ? 'ISTRI' : 'ANAK' })),
  };
}

export function findLicence(nib: string): Licence | undefined {
  return LICENCES.find((l) => l.nib === nib);
}

export function licencesOwnedBy(nik: string): Licence[] {
  return LICENCES.filter((l) => l.pemilikNik === nik);
}
