/**
 * The functions regional governments build applications for, as the synthetic generator uses
 * them: how such apps are named (Indonesian, acronyms, English, brand names), what their
 * descriptions say, which reference codes they support (level 3–4 codes invented under the
 * national level-2 codes of reference/architecture-reference.csv), and how often they exist
 * and get duplicated. Two apps of the same function in the same government are the ground
 * truth of a duplicate; functions with similar names (perizinan usaha / perizinan kesehatan,
 * e-Arsip / e-Absen) are the hard negatives.
 */
export interface AppFunction {
  id: string;
  /** Perpres 95/2018 art. 63(3) field when an agency's own app of this function looks like a general application. */
  field?: string;
  /** Precise (level 3–4) synthetic codes. */
  rab?: string;
  ral?: string;
  names: string[];
  /** Names that say nothing about the function (only the description and codes do). */
  brands?: string[];
  descriptions: string[];
  /** Provincial agencies (code) that usually own it. */
  owners?: string[];
  /** Chance that a government has one. */
  presence: number;
  /** Relative weight for extra copies (duplicates) inside one government. */
  dup: number;
  /** Only in regency/city governments. */
  regencyOnly?: boolean;
}

export const FUNCTIONS: AppFunction[] = [
  // Kepegawaian
  {
    id: 'simpeg', field: 'kepegawaian', rab: 'RAB.09.06.01', ral: 'RAL.02.04.01', owners: ['bkd'], presence: 0.9, dup: 3,
    names: ['SIMPEG', 'Sistem Informasi Manajemen Kepegawaian', 'Sistem Informasi Kepegawaian', 'Aplikasi Data Pegawai', 'e-Pegawai', 'Personnel Information System', 'HR Management System', 'SiPeg', 'Database Kepegawaian', 'Employee Information System', 'SIMPEG Online'],
    brands: ['SIGAP'],
    descriptions: ['Pengelolaan data induk pegawai, riwayat jabatan dan kepangkatan ASN', 'Basis data kepegawaian: profil pegawai, riwayat pangkat, jabatan dan pendidikan', 'Pencatatan data pegawai dan riwayat kepegawaian'],
  },
  {
    id: 'presensi', field: 'kepegawaian', rab: 'RAB.09.06.02', ral: 'RAL.02.04.02', owners: ['bkd'], presence: 0.85, dup: 3,
    names: ['e-Presensi', 'Absensi Online', 'Presensi Pegawai', 'Aplikasi Absensi Pegawai', 'e-Absen', 'Attendance System', 'Sistem Kehadiran Pegawai', 'Presensi Online ASN', 'e-Absensi'],
    descriptions: ['Pencatatan kehadiran pegawai harian dengan lokasi dan swafoto', 'Presensi harian pegawai dan rekap kehadiran bulanan'],
  },
  {
    id: 'ekinerja', field: 'kepegawaian', rab: 'RAB.09.06.03', ral: 'RAL.02.04.03', owners: ['bkd'], presence: 0.7, dup: 2,
    names: ['e-Kinerja', 'Aplikasi Kinerja Pegawai', 'e-SKP', 'Sasaran Kinerja Pegawai Online', 'Employee Performance System', 'Sistem Informasi Kinerja Pegawai'],
    descriptions: ['Penyusunan dan penilaian sasaran kinerja pegawai (SKP) bulanan', 'Pencatatan aktivitas harian dan penilaian kinerja pegawai'],
  },
  {
    id: 'cuti', field: 'kepegawaian', rab: 'RAB.09.06.04', ral: 'RAL.02.04.04', owners: ['bkd'], presence: 0.35, dup: 1,
    names: ['e-Cuti', 'Aplikasi Cuti Pegawai', 'Sistem Informasi Cuti Pegawai', 'Cuti Online'],
    descriptions: ['Pengajuan dan persetujuan cuti pegawai secara daring'],
  },
  {
    id: 'gaji', rab: 'RAB.09.02.03', ral: 'RAL.02.02.03', owners: ['bpkad'], presence: 0.5, dup: 1,
    names: ['Sistem Informasi Penggajian', 'e-Gaji', 'Aplikasi Gaji Pegawai', 'Payroll System', 'Sistem Penggajian ASN'],
    descriptions: ['Perhitungan gaji dan tunjangan pegawai setiap bulan'],
  },
  {
    id: 'diklat', rab: 'RAB.09.06.05', ral: 'RAL.02.04.05', owners: ['bpsdm'], presence: 0.35, dup: 1,
    names: ['Sistem Informasi Diklat', 'e-Diklat', 'Aplikasi Pelatihan ASN', 'Training Management System'],
    descriptions: ['Pendaftaran dan pengelolaan pelatihan serta sertifikat diklat ASN'],
  },
  // Kearsipan
  {
    id: 'naskah', field: 'kearsipan', rab: 'RAB.09.07.01', ral: 'RAL.02.06.01', owners: ['setda', 'diskominfo'], presence: 0.9, dup: 4,
    names: ['e-Office', 'e-Surat', 'Sistem Informasi Persuratan', 'Aplikasi Surat Masuk dan Surat Keluar', 'Tata Naskah Dinas Elektronik', 'e-Disposisi', 'Sistem Persuratan Elektronik', 'Mail Management System', 'Office Automation', 'Surat Online', 'e-Naskah Dinas'],
    brands: ['SIMASTER'],
    descriptions: ['Pengelolaan surat masuk, surat keluar dan disposisi secara elektronik', 'Tata naskah dinas elektronik: surat, nota dinas dan disposisi pimpinan'],
  },
  {
    id: 'arsip', field: 'kearsipan', ral: 'RAL.02.06.02', owners: ['setda'], presence: 0.7, dup: 2,
    names: ['e-Arsip', 'Sistem Informasi Kearsipan', 'Arsip Digital', 'Aplikasi Pengelolaan Arsip', 'Digital Archive', 'e-Archive', 'Sistem Kearsipan Dinamis'],
    descriptions: ['Pengelolaan arsip dinamis dan arsip digital instansi', 'Penyimpanan dan penelusuran arsip elektronik'],
  },
  // Pengaduan
  {
    id: 'aduan', field: 'pengaduan_pelayanan_publik', ral: 'RAL.01.24.01', owners: ['diskominfo'], presence: 0.85, dup: 3,
    names: ['Pengaduan Masyarakat Online', 'e-Aduan', 'Sistem Informasi Pengaduan', 'Layanan Pengaduan Publik', 'SiAdu', 'Complaint Handling System', 'Aspirasi dan Pengaduan Warga', 'Pusat Pengaduan Masyarakat', 'Lapor Bupati', 'Wadul Online'],
    brands: ['SUARA KITA'],
    descriptions: ['Penerimaan dan tindak lanjut pengaduan masyarakat atas pelayanan publik', 'Kanal aduan warga dan pemantauan tindak lanjut pengaduan'],
  },
  // Pengadaan
  {
    id: 'eproc', field: 'pengadaan_barang_jasa', rab: 'RAB.09.02.04', ral: 'RAL.02.02.04', owners: ['biro-pbj'], presence: 0.5, dup: 1,
    names: ['e-Procurement', 'Sistem Pengadaan Barang dan Jasa', 'e-Pengadaan', 'Aplikasi Pengadaan Langsung', 'Procurement Information System', 'Sistem Informasi Pengadaan'],
    descriptions: ['Proses pengadaan barang dan jasa pemerintah secara elektronik', 'Pengadaan langsung dan pencatatan kontrak penyedia'],
  },
  {
    id: 'ekatalog', field: 'pengadaan_barang_jasa', ral: 'RAL.02.02.05', owners: ['biro-pbj'], presence: 0.3, dup: 0.5,
    names: ['e-Katalog Lokal', 'Katalog Elektronik Daerah', 'Toko Daring Pengadaan'],
    descriptions: ['Katalog elektronik produk penyedia lokal untuk belanja pemerintah'],
  },
  // Perencanaan, penganggaran, akuntabilitas, monev
  {
    id: 'eplanning', field: 'perencanaan', rab: 'RAB.09.05.01', ral: 'RAL.02.03.01', owners: ['bappeda'], presence: 0.7, dup: 2,
    names: ['e-Planning', 'Sistem Informasi Perencanaan Pembangunan Daerah', 'e-Perencanaan', 'Aplikasi Perencanaan Daerah', 'Planning Information System', 'Sistem Perencanaan Pembangunan'],
    descriptions: ['Penyusunan dokumen perencanaan pembangunan daerah: RKPD dan Renja', 'Perencanaan program dan kegiatan pembangunan daerah'],
  },
  {
    id: 'musrenbang', field: 'perencanaan', rab: 'RAB.09.05.02', ral: 'RAL.02.03.02', owners: ['bappeda'], presence: 0.45, dup: 1,
    names: ['e-Musrenbang', 'Sistem Informasi Musrenbang', 'Aplikasi Usulan Musrenbang', 'Musrenbang Online'],
    descriptions: ['Penjaringan usulan musyawarah perencanaan pembangunan dari desa dan kecamatan'],
  },
  {
    id: 'ebudgeting', field: 'penganggaran', rab: 'RAB.09.02.01', ral: 'RAL.02.02.01', owners: ['bpkad'], presence: 0.5, dup: 1,
    names: ['e-Budgeting', 'Sistem Informasi Penganggaran', 'Aplikasi Penyusunan Anggaran', 'Budgeting Information System', 'e-Anggaran'],
    descriptions: ['Penyusunan rencana kerja dan anggaran perangkat daerah', 'Penganggaran dan penyusunan RKA'],
  },
  {
    id: 'esakip', field: 'akuntabilitas_kinerja', ral: 'RAL.02.07.01', owners: ['bappeda', 'inspektorat'], presence: 0.55, dup: 1,
    names: ['e-SAKIP', 'Sistem Akuntabilitas Kinerja Instansi Pemerintah', 'Aplikasi SAKIP', 'Sistem Informasi Akuntabilitas Kinerja', 'SAKIP Online'],
    descriptions: ['Penyusunan perjanjian kinerja, indikator kinerja utama dan laporan akuntabilitas kinerja'],
  },
  {
    id: 'emonev', field: 'pemantauan_evaluasi', rab: 'RAB.09.05.03', ral: 'RAL.02.09.05', owners: ['bappeda'], presence: 0.55, dup: 1,
    names: ['e-Monev', 'Sistem Monitoring dan Evaluasi Pembangunan', 'Aplikasi Monev Kegiatan', 'Monitoring dan Evaluasi Online', 'Sistem Pemantauan dan Evaluasi Program'],
    descriptions: ['Pemantauan realisasi fisik dan keuangan kegiatan serta evaluasi capaian program'],
  },
  // Perizinan: similar names, different capabilities
  {
    id: 'izin-usaha', ral: 'RAL.01.16.01', owners: ['dpmptsp'], presence: 0.8, dup: 2,
    names: ['Sistem Informasi Perizinan Usaha', 'Perizinan Usaha Online', 'e-Izin Usaha', 'Business Licensing System', 'Layanan Izin Usaha Terpadu'],
    brands: ['SIMPATIK'],
    descriptions: ['Pelayanan perizinan berusaha dan nonberusaha secara daring', 'Permohonan izin usaha dan penerbitan izin secara elektronik'],
  },
  {
    id: 'izin-kesehatan', ral: 'RAL.01.16.02', owners: ['dinkes'], presence: 0.45, dup: 0.5,
    names: ['Sistem Informasi Perizinan Kesehatan', 'Izin Praktik Tenaga Kesehatan Online', 'e-Izin Nakes', 'Perizinan Sarana Kesehatan'],
    descriptions: ['Permohonan izin praktik tenaga kesehatan dan izin fasilitas kesehatan'],
  },
  {
    id: 'izin-bangunan', ral: 'RAL.01.16.03', presence: 0.45, dup: 0.5,
    names: ['Sistem Informasi Persetujuan Bangunan Gedung', 'e-PBG', 'Perizinan Bangunan Online', 'Building Permit System'],
    descriptions: ['Permohonan persetujuan bangunan gedung dan sertifikat laik fungsi'],
  },
  {
    id: 'izin-reklame', ral: 'RAL.01.16.04', presence: 0.25, dup: 0.3,
    names: ['Perizinan Reklame Online', 'Sistem Informasi Reklame'],
    descriptions: ['Permohonan izin dan pendataan titik reklame'],
  },
  // Kesehatan
  {
    id: 'simrs', rab: 'RAB.04.01.01', ral: 'RAL.01.25.01', owners: ['dinkes'], presence: 0.6, dup: 1,
    names: ['SIMRS', 'Sistem Informasi Manajemen Rumah Sakit', 'Hospital Information System', 'SIM RSUD', 'Sistem Informasi Rumah Sakit'],
    descriptions: ['Pendaftaran pasien, rekam medis, farmasi dan tagihan rumah sakit'],
  },
  {
    id: 'simpus', ral: 'RAL.01.25.02', owners: ['dinkes'], presence: 0.55, dup: 1, regencyOnly: true,
    names: ['SIMPUS', 'Sistem Informasi Puskesmas', 'e-Puskesmas', 'Aplikasi Puskesmas Online'],
    descriptions: ['Pendaftaran pasien dan rekam medis elektronik puskesmas'],
  },
  {
    id: 'sik', rab: 'RAB.04.01.02', ral: 'RAL.01.25.03', owners: ['dinkes'], presence: 0.45, dup: 1,
    names: ['Sistem Informasi Kesehatan Daerah', 'Dashboard Kesehatan', 'Health Information System', 'Profil Kesehatan Online'],
    descriptions: ['Rekapitulasi data dan indikator kesehatan daerah'],
  },
  {
    id: 'keswan', ral: 'RAL.01.09.02', owners: ['disnak'], presence: 0.3, dup: 0.3,
    names: ['Sistem Informasi Kesehatan Hewan', 'e-Keswan', 'Animal Health Information System'],
    descriptions: ['Pelaporan kasus penyakit hewan dan vaksinasi ternak'],
  },
  {
    // Shares its service code with `gizi`: the same-capability rule flags them, the truth does not.
    id: 'imunisasi', ral: 'RAL.01.25.04', owners: ['dinkes'], presence: 0.35, dup: 0.5,
    names: ['Sistem Informasi Imunisasi', 'e-Imunisasi', 'Immunization Tracking System', 'Aplikasi Vaksinasi Anak'],
    descriptions: ['Pencatatan imunisasi rutin anak dan jadwal vaksin'],
  },
  {
    id: 'gizi', ral: 'RAL.01.25.04', owners: ['dinkes'], presence: 0.45, dup: 0.5,
    names: ['Sistem Informasi Gizi', 'Aplikasi Pencegahan Stunting', 'e-Gizi', 'Nutrition Monitoring System'],
    descriptions: ['Pemantauan status gizi balita dan intervensi stunting'],
  },
  // Pendidikan
  {
    id: 'si-pendidikan', rab: 'RAB.06.01.01', ral: 'RAL.01.31.01', owners: ['dindik'], presence: 0.6, dup: 1,
    names: ['Sistem Informasi Pendidikan', 'Dashboard Pendidikan Daerah', 'Education Management Information System', 'Portal Data Pendidikan'],
    descriptions: ['Rekapitulasi data sekolah, guru dan peserta didik'],
  },
  {
    id: 'ppdb', ral: 'RAL.01.31.02', owners: ['dindik'], presence: 0.7, dup: 1,
    names: ['PPDB Online', 'Sistem Penerimaan Peserta Didik Baru', 'Aplikasi PPDB', 'Pendaftaran Sekolah Online'],
    descriptions: ['Pendaftaran dan seleksi penerimaan peserta didik baru'],
  },
  {
    id: 'beasiswa', ral: 'RAL.01.31.03', owners: ['dindik'], presence: 0.45, dup: 0.5,
    names: ['Sistem Informasi Beasiswa', 'e-Beasiswa', 'Scholarship Portal', 'Beasiswa Online'],
    descriptions: ['Pendaftaran dan seleksi penerima beasiswa daerah'],
  },
  // Keuangan dan pendapatan
  {
    id: 'aset', rab: 'RAB.09.02.02', ral: 'RAL.02.02.06', owners: ['bpkad'], presence: 0.7, dup: 2,
    names: ['SIMBADA', 'Sistem Informasi Manajemen Aset Daerah', 'e-Aset', 'SIM Aset', 'Asset Management System', 'Sistem Informasi Barang Milik Daerah', 'Aplikasi Inventaris Barang'],
    descriptions: ['Penatausahaan barang milik daerah: inventaris, mutasi dan penghapusan aset'],
  },
  {
    id: 'keuangan', rab: 'RAB.09.02.05', ral: 'RAL.02.02.07', owners: ['bpkad'], presence: 0.5, dup: 1,
    names: ['Sistem Informasi Keuangan Daerah', 'e-Keuangan', 'Financial Management System', 'Aplikasi Penatausahaan Keuangan'],
    descriptions: ['Penatausahaan keuangan daerah, SPP, SPM dan SP2D'],
  },
  {
    id: 'pajak', rab: 'RAB.09.02.06', ral: 'RAL.02.02.08', owners: ['bapenda'], presence: 0.75, dup: 2,
    names: ['e-Pajak', 'Sistem Informasi Pajak Daerah', 'Pajak Daerah Online', 'Tax Information System', 'Pajak Online'],
    descriptions: ['Pendaftaran, pelaporan dan pembayaran pajak daerah'],
  },
  {
    id: 'pbb', ral: 'RAL.02.02.09', presence: 0.5, dup: 0.5, regencyOnly: true,
    names: ['e-PBB', 'Sistem Informasi PBB-P2', 'PBB Online'],
    descriptions: ['Penetapan dan pembayaran pajak bumi dan bangunan perdesaan dan perkotaan'],
  },
  {
    id: 'retribusi', ral: 'RAL.02.02.10', presence: 0.45, dup: 0.5,
    names: ['e-Retribusi', 'Sistem Informasi Retribusi Daerah', 'Retribusi Online'],
    descriptions: ['Penagihan dan pembayaran retribusi daerah secara elektronik'],
  },
  {
    id: 'sppd', ral: 'RAL.02.02.11', owners: ['bpkad'], presence: 0.45, dup: 1,
    names: ['e-SPPD', 'Sistem Informasi Perjalanan Dinas', 'Aplikasi SPPD Online', 'Business Travel System'],
    descriptions: ['Penerbitan surat perintah perjalanan dinas dan pertanggungjawaban biaya'],
  },
  // Kependudukan, sosial, bencana
  {
    id: 'adminduk', rab: 'RAB.03.07.01', ral: 'RAL.01.23.01', presence: 0.65, dup: 1, regencyOnly: true,
    names: ['Layanan Adminduk Online', 'Sistem Informasi Administrasi Kependudukan', 'Dukcapil Online', 'Civil Registration Service', 'Pelayanan Kependudukan Online'],
    descriptions: ['Permohonan dokumen kependudukan: KTP-el, KK dan akta kelahiran'],
  },
  {
    id: 'bansos', rab: 'RAB.04.02.01', ral: 'RAL.01.26.01', owners: ['dinsos'], presence: 0.6, dup: 1,
    names: ['Sistem Informasi Bantuan Sosial', 'e-Bansos', 'Social Assistance Information System', 'Aplikasi Penyaluran Bantuan Sosial'],
    descriptions: ['Pendataan dan penyaluran bantuan sosial bagi keluarga miskin'],
  },
  {
    id: 'kesos', ral: 'RAL.01.26.02', owners: ['dinsos'], presence: 0.4, dup: 0.5,
    names: ['Sistem Informasi Kesejahteraan Sosial', 'Data Terpadu Kesejahteraan Sosial Daerah', 'Social Welfare Information System'],
    descriptions: ['Pemutakhiran data terpadu kesejahteraan sosial'],
  },
  {
    id: 'bencana', rab: 'RAB.05.02.01', ral: 'RAL.01.29.01', owners: ['bpbd'], presence: 0.55, dup: 1,
    names: ['Sistem Informasi Kebencanaan', 'e-Bencana', 'Disaster Information System', 'Sistem Informasi Penanggulangan Bencana'],
    descriptions: ['Pelaporan kejadian bencana dan kebutuhan logistik tanggap darurat'],
  },
  // Informasi, hukum, sektor
  {
    id: 'perpustakaan', ral: 'RAL.01.44.01', presence: 0.5, dup: 0.5,
    names: ['Perpustakaan Digital', 'e-Library', 'Sistem Informasi Perpustakaan', 'Digital Library'],
    descriptions: ['Katalog koleksi dan peminjaman buku perpustakaan daerah'],
  },
  {
    id: 'wisata', rab: 'RAB.02.11.01', ral: 'RAL.01.15.01', presence: 0.55, dup: 1,
    names: ['Portal Pariwisata', 'Sistem Informasi Pariwisata', 'Tourism Portal', 'e-Wisata'],
    descriptions: ['Informasi destinasi wisata, event dan akomodasi'],
  },
  {
    id: 'ppid', ral: 'RAL.01.44.02', owners: ['diskominfo'], presence: 0.6, dup: 1,
    names: ['PPID Online', 'Sistem Informasi PPID', 'Layanan Informasi Publik'],
    descriptions: ['Permohonan informasi publik dan daftar informasi publik'],
  },
  {
    id: 'jdih', ral: 'RAL.01.28.01', owners: ['biro-hukum'], presence: 0.6, dup: 1,
    names: ['JDIH', 'Jaringan Dokumentasi dan Informasi Hukum', 'Sistem Informasi Produk Hukum', 'Legal Documentation Network'],
    descriptions: ['Publikasi peraturan daerah dan produk hukum'],
  },
  {
    id: 'pertanian', rab: 'RAB.02.03.01', ral: 'RAL.01.07.01', presence: 0.5, dup: 0.5,
    names: ['Sistem Informasi Pertanian', 'e-Tani', 'Agriculture Information System', 'Aplikasi Data Pertanian'],
    descriptions: ['Pendataan luas tanam, produksi dan kebutuhan pupuk petani'],
  },
  {
    id: 'perikanan', ral: 'RAL.01.10.01', presence: 0.4, dup: 0.5,
    names: ['Sistem Informasi Perikanan', 'Fishery Information System', 'e-Perikanan'],
    descriptions: ['Pendataan nelayan, kapal dan produksi perikanan'],
  },
  {
    id: 'peternakan', ral: 'RAL.01.09.01', owners: ['disnak'], presence: 0.4, dup: 0.5,
    names: ['Sistem Informasi Peternakan', 'Livestock Information System', 'e-Ternak'],
    descriptions: ['Pendataan populasi ternak dan produksi peternakan'],
  },
  {
    id: 'angkutan', rab: 'RAB.03.03.01', ral: 'RAL.01.19.01', owners: ['dishub'], presence: 0.4, dup: 0.5,
    names: ['Sistem Informasi Angkutan Umum', 'Public Transport Information System', 'Aplikasi Trayek Angkutan'],
    descriptions: ['Informasi trayek dan izin angkutan umum'],
  },
  {
    id: 'ujikir', ral: 'RAL.01.19.02', owners: ['dishub'], presence: 0.35, dup: 0.5,
    names: ['e-Uji KIR', 'Sistem Informasi Pengujian Kendaraan Bermotor', 'Uji Berkala Kendaraan Online'],
    descriptions: ['Pendaftaran dan hasil uji berkala kendaraan bermotor'],
  },
  {
    id: 'parkir', ral: 'RAL.01.19.03', presence: 0.3, dup: 0.3, regencyOnly: true,
    names: ['e-Parkir', 'Sistem Informasi Parkir', 'Smart Parking'],
    descriptions: ['Pengelolaan titik parkir dan retribusi parkir'],
  },
  {
    id: 'harga-pasar', ral: 'RAL.01.06.01', presence: 0.5, dup: 0.5,
    names: ['Sistem Informasi Harga Pasar', 'Info Harga Pasar', 'Market Price Information System'],
    descriptions: ['Pemantauan harga kebutuhan pokok di pasar tradisional'],
  },
  {
    id: 'umkm', ral: 'RAL.01.14.01', presence: 0.55, dup: 1,
    names: ['Sistem Informasi UMKM', 'Data UMKM Online', 'MSME Information System', 'e-UMKM'],
    descriptions: ['Pendataan dan pembinaan usaha mikro, kecil dan menengah'],
  },
  {
    id: 'koperasi', ral: 'RAL.01.13.01', presence: 0.4, dup: 0.5,
    names: ['Sistem Informasi Koperasi', 'e-Koperasi', 'Cooperative Information System'],
    descriptions: ['Pendataan koperasi dan laporan rapat anggota tahunan'],
  },
  {
    id: 'lingkungan', ral: 'RAL.01.41.01', presence: 0.45, dup: 0.5,
    names: ['Sistem Informasi Lingkungan Hidup', 'Environmental Information System', 'e-Lingkungan'],
    descriptions: ['Pemantauan kualitas lingkungan dan dokumen lingkungan hidup'],
  },
  {
    id: 'sampah', ral: 'RAL.01.41.02', presence: 0.4, dup: 0.5,
    names: ['Bank Sampah Digital', 'Sistem Informasi Pengelolaan Sampah', 'Waste Management System', 'e-Sampah'],
    descriptions: ['Pencatatan setoran bank sampah dan armada pengangkutan sampah'],
  },
  {
    id: 'gis', ral: 'RAL.02.09.01', owners: ['bappeda', 'diskominfo'], presence: 0.55, dup: 1,
    names: ['Sistem Informasi Geografis', 'Geoportal Daerah', 'WebGIS', 'GIS Portal', 'Peta Digital Daerah'],
    descriptions: ['Penyajian peta tematik dan data spasial daerah'],
  },
  {
    id: 'satu-data', ral: 'RAL.02.09.02', owners: ['diskominfo'], presence: 0.65, dup: 1,
    names: ['Portal Satu Data', 'Open Data Portal', 'Portal Data Daerah', 'Satu Data Online'],
    descriptions: ['Publikasi data sektoral dan metadata statistik daerah'],
  },
  {
    id: 'tte', ral: 'RAL.02.06.03', owners: ['diskominfo'], presence: 0.4, dup: 0.5,
    names: ['Tanda Tangan Elektronik', 'e-Sign', 'TTE Online', 'Digital Signature Service'],
    descriptions: ['Penandatanganan dokumen elektronik tersertifikasi'],
  },
  {
    id: 'agenda', ral: 'RAL.02.06.04', owners: ['setda'], presence: 0.4, dup: 1,
    names: ['e-Agenda', 'Agenda Pimpinan Online', 'Sistem Informasi Agenda Kegiatan'],
    descriptions: ['Penjadwalan agenda dan kegiatan pimpinan'],
  },
  {
    id: 'ruang-rapat', ral: 'RAL.02.06.05', owners: ['setda'], presence: 0.3, dup: 0.5,
    names: ['Peminjaman Ruang Rapat', 'Meeting Room Booking', 'e-Ruang Rapat'],
    descriptions: ['Pemesanan ruang rapat dan fasilitas kantor'],
  },
  {
    id: 'buku-tamu', ral: 'RAL.02.06.06', presence: 0.35, dup: 1,
    names: ['Buku Tamu Digital', 'e-Tamu', 'Guest Book System'],
    descriptions: ['Pencatatan tamu kantor secara digital'],
  },
  {
    id: 'antrian', ral: 'RAL.02.06.07', presence: 0.4, dup: 1,
    names: ['Antrian Online', 'e-Antrian', 'Queue Management System', 'Sistem Antrian Pelayanan'],
    descriptions: ['Pengambilan nomor antrean layanan secara daring'],
  },
  {
    id: 'helpdesk', ral: 'RAL.02.09.03', owners: ['diskominfo'], presence: 0.35, dup: 0.5,
    names: ['Helpdesk TIK', 'Service Desk TIK', 'IT Helpdesk'],
    descriptions: ['Pelaporan gangguan layanan TIK dan tiket dukungan teknis'],
  },
  {
    id: 'pengawasan', ral: 'RAL.02.08.01', owners: ['inspektorat'], presence: 0.5, dup: 0.5,
    names: ['Sistem Informasi Pengawasan', 'e-Audit', 'Sistem Tindak Lanjut Hasil Pemeriksaan', 'Audit Management System'],
    descriptions: ['Pencatatan temuan pemeriksaan dan tindak lanjut hasil pengawasan'],
  },
  {
    id: 'jalan', rab: 'RAB.03.01.01', ral: 'RAL.01.17.01', owners: ['dpu-bina-marga'], presence: 0.45, dup: 0.5,
    names: ['Sistem Informasi Jalan dan Jembatan', 'Road Asset Management System', 'e-Jalan', 'Monitoring Kondisi Jalan'],
    descriptions: ['Pendataan kondisi ruas jalan dan jembatan'],
  },
  {
    id: 'kerja', ral: 'RAL.01.32.01', presence: 0.45, dup: 0.5,
    names: ['Bursa Kerja Online', 'Job Portal Daerah', 'Sistem Informasi Ketenagakerjaan', 'Job Fair Online'],
    descriptions: ['Informasi lowongan kerja dan pencari kerja'],
  },
  {
    id: 'command-center', ral: 'RAL.02.09.04', owners: ['diskominfo'], presence: 0.4, dup: 0.5,
    names: ['Command Center', 'Dashboard Eksekutif', 'Executive Dashboard', 'Smart City Dashboard'],
    descriptions: ['Penyajian indikator pembangunan daerah dan pantauan CCTV kota untuk pimpinan'],
  },
];

/** National general applications (category `umum`) as agencies register them. */
export const GENERAL_APPS: { id: string; field: string; names: string[]; presence: number; raa: string }[] = [
  { id: 'srikandi', field: 'kearsipan', names: ['SRIKANDI', 'Srikandi ANRI'], presence: 0.6, raa: 'RAA.01.02' },
  { id: 'sp4n-lapor', field: 'pengaduan_pelayanan_publik', names: ['SP4N-LAPOR!', 'LAPOR!', 'SP4N LAPOR'], presence: 0.7, raa: 'RAA.01.01' },
  { id: 'sipd', field: 'perencanaan', names: ['SIPD', 'SIPD RI'], presence: 0.8, raa: 'RAA.01.02' },
  { id: 'spse', field: 'pengadaan_barang_jasa', names: ['SPSE', 'LPSE'], presence: 0.45, raa: 'RAA.01.02' },
  { id: 'siasn', field: 'kepegawaian', names: ['SIASN', 'SIASN BKN'], presence: 0.4, raa: 'RAA.01.02' },
];

/** Ministry applications agencies must use (category `khusus_wajib`). */
export const MANDATED_APPS: { id: string; names: string[]; presence: number; ral: string; sameJobAs?: string }[] = [
  { id: 'dapodik', names: ['Dapodik'], presence: 0.35, ral: 'RAL.01.31' },
  // SIKS-NG is the ministry's social-welfare data system: an agency's own one does the same job.
  { id: 'siks-ng', names: ['SIKS-NG'], presence: 0.35, ral: 'RAL.01.26', sameJobAs: 'kesos' },
  { id: 'e-ppgbm', names: ['e-PPGBM'], presence: 0.3, ral: 'RAL.01.25', sameJobAs: 'gizi' },
  { id: 'asik', names: ['ASIK Kemenkes'], presence: 0.25, ral: 'RAL.01.25' },
];

/** Codes of each general field in this synthetic architecture (what a province passes as `fieldCodes`). */
export function fieldCodesOf(functions: readonly AppFunction[] = FUNCTIONS): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const f of functions) {
    if (!f.field) continue;
    out[f.field] = [...new Set([...(out[f.field] ?? []), ...[f.rab, f.ral].filter((c): c is string => !!c)])].sort();
  }
  return out;
}

/** Objects and actions for the long tail of one-of-a-kind apps (each pair is its own function). */
export const NICHE_OBJECTS = [
  'Irigasi', 'Mangrove', 'Terumbu Karang', 'Cagar Budaya', 'Museum Daerah', 'Atlet Berprestasi', 'Pemuda Pelopor', 'Panti Sosial',
  'Penyandang Disabilitas', 'Lansia', 'Pekerja Migran', 'Air Bersih', 'Sanitasi', 'Kualitas Udara', 'Kebakaran Hutan', 'Rawan Banjir',
  'Hortikultura', 'Benih Ikan', 'Pupuk Bersubsidi', 'Sapi Perah', 'Embung', 'Rumah Tidak Layak Huni', 'Desa Wisata', 'Kampung Tangguh',
  'Posyandu', 'Ibu Hamil', 'Anak Jalanan', 'Koperasi Wanita', 'Pasar Desa', 'Tenaga Honorer', 'Aset Desa', 'Lampu Penerangan Jalan',
  'Menara Telekomunikasi', 'Titik Wifi Publik', 'Guru Ngaji', 'Tempat Ibadah', 'Pemakaman Umum', 'Pedagang Kaki Lima', 'Nelayan Kecil',
  'Hutan Rakyat', 'Lahan Kritis', 'Sumur Bor', 'Mata Air', 'Daerah Aliran Sungai', 'Sampah Plastik', 'Limbah B3', 'Kendaraan Dinas',
  'Rumah Dinas', 'Gedung Kantor', 'Jaringan Internet Desa', 'Batik Tulis', 'Kopi Rakyat', 'Tembakau', 'Garam Rakyat', 'Tebu',
  'Bandeng', 'Udang Vaname', 'Sapi Potong', 'Kambing Etawa', 'Madu Hutan', 'Gunung Api', 'Tanah Longsor', 'Kekeringan', 'Pulau Kecil',
  'Kesenian Reog', 'Sanggar Tari', 'Wayang Kulit', 'Kuliner Khas', 'Oleh-oleh Daerah', 'Ekonomi Kreatif', 'Startup Lokal', 'Pondok Pesantren',
  'Madrasah Diniyah', 'Kelompok Tani', 'Gapoktan', 'Penyuluh Pertanian', 'Alat Mesin Pertanian', 'Lumbung Pangan', 'Cadangan Beras',
  'Jaringan Gas Kota', 'Pembangkit Surya', 'Sumur Resapan', 'Ruang Terbuka Hijau', 'Taman Kota', 'Pohon Pelindung', 'Hewan Kurban',
  'Rabies', 'Demam Berdarah', 'Tuberkulosis', 'Kusta', 'Kesehatan Jiwa', 'Donor Darah', 'Ambulans Desa', 'Kampung KB',
  'Bank Sampah Sekolah', 'Sekolah Adiwiyata', 'Perpustakaan Desa', 'Taman Baca', 'Karang Taruna', 'Pramuka', 'Veteran',
];

export const NICHE_ACTIONS = ['Pendataan', 'Pemetaan', 'Registrasi', 'Verifikasi', 'Penilaian', 'Katalog', 'Pelaporan', 'Sistem Informasi'];
