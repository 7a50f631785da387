import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { eastJavaOpds, generateApps, qualifiersFor } from '../demo/generate-apps.ts';
import {
  detectDuplicates,
  dismissalsForGroup,
  editDistance,
  evaluateLabelledExamples,
  excludeDismissed,
  GENERAL_APPS_FILE,
  generalFieldKey,
  groupId,
  LABELLED_EXAMPLES,
  LABELLED_HOLDOUT,
  loadGeneralAppReference,
  stemWord,
  type AppInput,
  type CandidateGroup,
  type DetectOptions,
} from './index.ts';

let seq = 0;
/** An agency's own running app in the provincial government unless told otherwise. */
function app(name: string, extra: Partial<AppInput> = {}): AppInput {
  seq++;
  return { key: `app-${String(seq).padStart(3, '0')}`, name, opdId: 'opd-a', regionCode: '35', category: 'khusus', lifecycle: 'aktif', rab: [], ral: [], raa: [], ...extra };
}

const pairGroups = (groups: CandidateGroup[]) => groups.filter((g) => g.kind !== 'aplikasi_umum_lookalike');

/** The group (same capability or similar name) holding both apps, if any. */
function groupOf(apps: AppInput[], a: AppInput, b: AppInput, options?: DetectOptions): CandidateGroup | undefined {
  return pairGroups(detectDuplicates(apps, options).groups).find((g) => g.appKeys.includes(a.key) && g.appKeys.includes(b.key));
}

/** Detects on the pair plus a few unrelated apps (so word frequencies are not degenerate). */
function together(a: AppInput, b: AppInput, options?: DetectOptions): CandidateGroup | undefined {
  const filler = ['Sistem Informasi Pariwisata', 'Aplikasi Bank Sampah', 'Portal Berita Daerah', 'Sistem Informasi Irigasi', 'e-Retribusi Pasar', 'Sistem Informasi Peternakan'].map((n) =>
    app(n, { regionCode: 'filler' }),
  );
  return groupOf([a, b, ...filler], a, b, options);
}

const codes = (g: CandidateGroup | undefined) => g?.reasons.map((r) => r.code) ?? [];

describe('katalog duplicate detection', () => {
  describe('reading names', () => {
    test('affixes: peN-…-an, ke-…-an, per-…-an, -an reduce to the root', () => {
      const cases: [string, string][] = [
        ['kepegawaian', 'pegawai'],
        ['perencanaan', 'rencana'],
        ['pengaduan', 'adu'],
        ['penganggaran', 'anggaran'],
        ['pemantauan', 'pantau'],
        ['kesehatan', 'sehat'],
        ['pendidikan', 'didik'],
        ['pengelolaan', 'kelola'],
        ['pelayanan', 'layan'],
        ['perikanan', 'ikan'],
        ['penerimaan', 'terima'],
        ['pendaftaran', 'daftar'],
      ];
      for (const [word, root] of cases) {
        const { stem } = stemWord(word);
        // The glossary may hold the derived word itself; what matters is that it reaches the root's concept.
        assert.ok(stem === root || stem === word, `${word} → ${stem}`);
      }
      assert.equal(stemWord('pemberdayaan').stem, 'daya');
      assert.equal(stemWord('pelaporan').stem, 'laporan', 'reporting is not complaining (lapor)');
      assert.equal(stemWord('pengadaan').stem, 'pengadaan', 'procurement is not "ada"');
      assert.deepEqual(stemWord('mangrove'), { stem: 'mangrove', known: false }, 'unknown words are kept whole');
    });

    test('affixes group kepegawaian with pegawai, perencanaan with rencana, pengaduan with aduan', () => {
      for (const [x, y] of [
        ['Sistem Informasi Kepegawaian', 'Aplikasi Data Pegawai'],
        ['Sistem Perencanaan Daerah', 'Aplikasi Rencana Daerah'],
        ['Layanan Pengaduan Masyarakat', 'e-Aduan'],
      ] as const) {
        const a = app(x);
        const b = app(y);
        const g = together(a, b);
        assert.ok(g, `${x} ~ ${y}`);
        assert.ok(codes(g).includes('affix'), `${x} ~ ${y} explains the affix`);
      }
    });

    test('acronyms: SIMPEG ↔ Sistem Informasi Manajemen Kepegawaian, explained', () => {
      const a = app('SIMPEG');
      const b = app('Sistem Informasi Manajemen Kepegawaian');
      const g = together(a, b);
      assert.ok(g);
      assert.equal(g.kind, 'similar_name');
      const expansion = g.reasons.find((r) => r.code === 'acronym_expansion');
      assert.match(expansion?.detail ?? '', /^SIMPEG = /);
      assert.ok(g.reasons.some((r) => r.code === 'matched_terms' && r.detail.startsWith('pegawai')));
    });

    test('acronyms learnt from the portfolio: SIMONA is spelt out by another app (SI + MON + A)', () => {
      const a = app('SIMONA');
      const b = app('Sistem Informasi Monitoring Aset');
      const g = together(a, b);
      assert.ok(g);
      assert.ok(g.reasons.some((r) => r.code === 'acronym_expansion' && r.detail.toLowerCase() === 'simona = sistem informasi monitoring aset'));
    });

    test('a declared acronym links a brand to its expansion elsewhere', () => {
      const a = app('Sistem Informasi Pelayanan Perizinan Terpadu', { acronym: 'SIPERTI' });
      const b = app('SIPERTI');
      assert.ok(together(a, b));
    });

    test('prefixes: e-, E-, eX, Si-, Sim-, Sistem Informasi, Aplikasi, Portal are boilerplate', () => {
      const names = ['e-Surat', 'eSurat', 'E-SURAT', 'Sistem Informasi Surat', 'Aplikasi Surat', 'Portal Surat Online'];
      const apps = names.map((n) => app(n));
      const groups = pairGroups(detectDuplicates(apps).groups);
      assert.equal(groups.length, 1);
      assert.deepEqual(groups[0]!.appKeys, apps.map((a) => a.key).sort());
      assert.ok(together(app('SiPeg'), app('Sistem Informasi Kepegawaian')), 'SiPeg: Si + PEG(awai)');
      assert.ok(together(app('SimAset'), app('Sistem Informasi Aset Daerah')), 'SimAset: Sim + Aset');
    });

    test('typos: edit distance with transpositions, corrected towards words other apps spell right', () => {
      assert.equal(editDistance('kepegawain', 'kepegawaian'), 1);
      assert.equal(editDistance('verfiikasi', 'verifikasi'), 1);
      assert.equal(editDistance('arsip', 'absen', 2), 3);
      const g = together(app('Sistem Informasi Kepegawain'), app('SIMPEG'));
      assert.ok(g);
      assert.ok(g.reasons.some((r) => r.code === 'typo' && r.detail === 'kepegawain → kepegawaian'));
      assert.ok(together(app('Sistem Informasi Perijinan'), app('Sistem Informasi Perizinan')));
      assert.equal(together(app('Sistem Informasi Pengaduan'), app('Sistem Informasi Pengadaan')), undefined, 'pengaduan/pengadaan are both real words');
    });

    test('English ↔ Indonesian: personnel, planning, budget, procurement, complaint, archive, attendance, payroll', () => {
      for (const [x, y] of [
        ['Personnel Information System', 'Sistem Informasi Kepegawaian'],
        ['e-Planning', 'Sistem Informasi Perencanaan'],
        ['e-Budgeting', 'Aplikasi Penganggaran'],
        ['e-Procurement', 'Sistem Informasi Pengadaan'],
        ['Complaint Management System', 'Sistem Pengaduan Online'],
        ['Digital Archive', 'Arsip Digital'],
        ['Attendance System', 'Aplikasi Presensi'],
        ['Payroll System', 'Sistem Informasi Penggajian'],
        ['Business Licensing System', 'Sistem Informasi Perizinan Usaha'],
        ['Hospital Information System', 'SIMRS'],
      ] as const) {
        const g = together(app(x), app(y));
        assert.ok(g, `${x} ~ ${y}`);
      }
      const g = together(app('Employee Performance System'), app('Aplikasi Kinerja Pegawai'));
      assert.ok(g?.reasons.some((r) => r.code === 'translation' && r.detail === 'performance → kinerja'));
    });

    test('hard negatives: look-alike names with different functions stay apart', () => {
      const negatives: [AppInput, AppInput][] = [
        [app('SI Perizinan Kesehatan', { ral: ['RAL.01.16.02'] }), app('SI Perizinan Usaha', { ral: ['RAL.01.16.01'] })],
        [app('Sistem Informasi Perizinan Kesehatan'), app('Sistem Informasi Perizinan Usaha')],
        [app('e-Arsip'), app('e-Absen')],
        [app('Sistem Informasi Pendidikan'), app('Sistem Informasi Kesehatan')],
        [app('SIMPEG'), app('SIMRS')],
        [app('e-Kinerja'), app('e-SAKIP')],
        [app('Laporan Keuangan Daerah'), app('Layanan Lapor Warga')],
        [app('SiCantik Perizinan'), app('SiCantik Wisata')],
      ];
      for (const [a, b] of negatives) assert.equal(together(a, b), undefined, `${a.name} vs ${b.name}`);
    });
  });

  describe('same capability', () => {
    const sigap = () => app('SIGAP', { rab: ['RAB.09.06.01'] });
    const sdm = () => app('Aplikasi Manajemen SDM Internal', { rab: ['RAB.09.06.01'], opdId: 'opd-b' });

    test('two running apps of agencies of one government supporting the same precise code', () => {
      const a = sigap();
      const b = sdm();
      const g = together(a, b);
      assert.ok(g);
      assert.equal(g.kind, 'same_capability');
      assert.deepEqual(g.reasons.filter((r) => r.code === 'shared_code').map((r) => r.detail), ['RAB.09.06.01']);
    });

    test('not when one is retired, in another government, or the code is only level 2', () => {
      assert.equal(together(sigap(), { ...sdm(), lifecycle: 'dipensiunkan' }), undefined);
      assert.equal(together(sigap(), { ...sdm(), regionCode: '35.07' }), undefined);
      assert.equal(together(app('SIGAP', { rab: ['RAB.09.06'] }), app('LENTERA', { rab: ['RAB.09.06'] })), undefined);
      // Planned apps are compared by name but do not run yet: the capability rule leaves them out.
      const planned = together(sigap(), { ...sdm(), lifecycle: 'rencana' });
      assert.equal(planned, undefined);
    });

    test('the agency scope only compares apps of one agency; national compares everything', () => {
      const a = sigap();
      const b = sdm();
      assert.equal(together(a, b, { scope: 'agency' }), undefined);
      const c = { ...sdm(), regionCode: '35.07' };
      assert.ok(together(a, c, { scope: 'national' }));
    });

    test('a code held by too many apps of one government is not a capability signal by itself', () => {
      const many = Array.from({ length: 14 }, (_, i) => app(`Brand${String.fromCharCode(65 + i)}`, { ral: ['RAL.02.06.09'] }));
      const { groups } = detectDuplicates(many, { maxAppsPerCode: 12 });
      assert.equal(pairGroups(groups).length, 0);
      assert.ok(pairGroups(detectDuplicates(many.slice(0, 5)).groups).length === 1);
    });
  });

  describe('national general applications (Perpres 95/2018 art. 63(3))', () => {
    test('the reference is read from reference/, with the 8 fields and their systems', () => {
      assert.equal(path.basename(path.dirname(GENERAL_APPS_FILE)), 'reference');
      const ref = loadGeneralAppReference();
      assert.deepEqual(ref.fields.map((f) => f.code).sort(), [
        'akuntabilitas_kinerja',
        'kearsipan',
        'kepegawaian',
        'pemantauan_evaluasi',
        'pengadaan_barang_jasa',
        'pengaduan_pelayanan_publik',
        'penganggaran',
        'perencanaan',
      ]);
      assert.ok(ref.systems.some((s) => s.code === 'sp4n-lapor'));
    });

    test("an agency's own complaint apps are look-alikes of SP4N-LAPOR!, with the registered instance as anchor", () => {
      const own = app('Pengaduan Masyarakat Online');
      const lapor = app('e-Lapor Bupati', { opdId: 'opd-b' });
      const national = app('SP4N-LAPOR!', { category: 'umum' });
      const mandated = app('Sistem Informasi Pengaduan Kementerian', { category: 'khusus_wajib' });
      const other = app('Sistem Informasi Pariwisata');
      const { groups } = detectDuplicates([own, lapor, national, mandated, other]);
      const look = groups.filter((g) => g.kind === 'aplikasi_umum_lookalike');
      assert.equal(look.length, 1);
      const g = look[0]!;
      assert.equal(g.generalField?.code, 'pengaduan_pelayanan_publik');
      assert.ok(g.generalField?.systems.some((s) => s.startsWith('SP4N-LAPOR!')));
      assert.deepEqual(g.appKeys, [own.key, lapor.key, national.key].sort());
      assert.deepEqual(g.pairs.map((p) => p.a).sort(), [own.key, lapor.key].sort(), 'only agency-own apps are flagged');
      assert.ok(g.reasons.some((r) => r.code === 'general_app_keyword' && r.appKeys.includes(own.key)));
      assert.ok(g.reasons.some((r) => r.code === 'general_app_system' && r.appKeys.includes(lapor.key)), 'LAPOR in the name names the system');
      assert.ok(g.reasons.some((r) => r.code === 'general_app_in_portfolio' && r.appKeys.includes(national.key)));
      assert.equal(g.id, groupId([...g.appKeys, generalFieldKey('pengaduan_pelayanan_publik')]));
    });

    test('fields by terms and by codes; words that only look like a field do not count', () => {
      const simpeg = app('SIMPEG Daerah');
      const eoffice = app('e-Office');
      const planning = app('BRAND-X', { rab: ['RAB.09.05.01'], description: 'Penyusunan dokumen perencanaan pembangunan daerah' });
      const report = app('Laporan Keuangan Daerah');
      const catalogue = app('Katalog Cagar Budaya');
      const payroll = app('Aplikasi Gaji Pegawai');
      const { groups } = detectDuplicates([simpeg, eoffice, planning, report, catalogue, payroll]);
      const field = (a: AppInput) => groups.filter((g) => g.kind === 'aplikasi_umum_lookalike' && g.pairs.some((p) => p.a === a.key)).map((g) => g.generalField!.code);
      assert.deepEqual(field(simpeg), ['kepegawaian']);
      assert.deepEqual(field(eoffice), ['kearsipan']);
      assert.deepEqual(field(planning), ['perencanaan']);
      assert.deepEqual(field(report), [], 'laporan (report) is not lapor (complaint)');
      assert.deepEqual(field(catalogue), [], 'a catalogue is not e-Katalog');
      assert.deepEqual(field(payroll), [], 'pegawai is not the head of "Gaji Pegawai"');
    });
  });

  describe('reviews, ids and determinism', () => {
    const portfolio = () => {
      const a = app('SIMPEG');
      const b = app('Sistem Informasi Kepegawaian', { opdId: 'opd-b' });
      const c = app('e-Pegawai', { opdId: 'opd-c' });
      const d = app('e-Surat');
      return { a, b, c, d, apps: [a, b, c, d, app('Sistem Informasi Irigasi'), app('Portal Pariwisata')] };
    };

    test('dismissed pairs are excluded, before grouping and after', () => {
      const { a, b, c, apps } = portfolio();
      const before = groupOf(apps, a, b)!;
      assert.deepEqual(before.appKeys, [a.key, b.key, c.key].sort());
      // Dismiss the whole group: every pair in it.
      const all = dismissalsForGroup(before);
      assert.equal(groupOf(apps, a, b, { dismissals: all }), undefined);
      assert.equal(excludeDismissed([before], all).length, 0);
      // Dismiss one member's links: the other two remain, under a new id.
      const cLinks = before.pairs.filter((p) => p.a === c.key || p.b === c.key).map((p) => [p.a, p.b] as const);
      const rest = excludeDismissed([before], cLinks);
      assert.equal(rest.length, 1);
      assert.deepEqual(rest[0]!.appKeys, [a.key, b.key].sort());
      assert.equal(rest[0]!.id, groupId([a.key, b.key]));
      assert.deepEqual(pairGroups(detectDuplicates(apps, { dismissals: cLinks }).groups).map((g) => g.appKeys), [[a.key, b.key].sort()]);
    });

    test('a look-alike is dismissed with the pair [app, general field]', () => {
      const { a, apps } = portfolio();
      const { groups } = detectDuplicates(apps);
      const look = groups.find((g) => g.kind === 'aplikasi_umum_lookalike' && g.generalField?.code === 'kepegawaian')!;
      assert.ok(look.appKeys.includes(a.key));
      const after = excludeDismissed(groups, [[a.key, generalFieldKey('kepegawaian')]]);
      const lookAfter = after.find((g) => g.kind === 'aplikasi_umum_lookalike' && g.generalField?.code === 'kepegawaian')!;
      assert.ok(!lookAfter.appKeys.includes(a.key));
      const direct = detectDuplicates(apps, { dismissals: [[generalFieldKey('kepegawaian'), a.key]] }).groups;
      assert.deepEqual(direct.find((g) => g.generalField?.code === 'kepegawaian')?.appKeys, lookAfter.appKeys);
    });

    test('group ids are the hash of the sorted keys and survive input order and unrelated apps', () => {
      const { a, b, c, apps } = portfolio();
      const g = groupOf(apps, a, b)!;
      assert.equal(g.id, groupId([c.key, a.key, b.key]));
      assert.match(g.id, /^[0-9a-f]{16}$/);
      const shuffled = [...apps].reverse();
      assert.equal(groupOf(shuffled, a, b)!.id, g.id);
      assert.equal(groupOf([...apps, app('Sistem Informasi Perpustakaan')], a, b)!.id, g.id);
      assert.ok(g.score > 0 && g.score <= 1);
    });

    test('deterministic on a generated portfolio, whatever the input order', () => {
      const opds = eastJavaOpds();
      const apps = generateApps({ opds, count: 400, seed: 11 });
      const options = { qualifiers: qualifiersFor(opds) };
      const first = detectDuplicates(apps, options);
      const again = detectDuplicates([...apps].reverse(), options);
      assert.deepEqual(again, first);
      assert.ok(first.groups.length > 10);
      assert.throws(() => detectDuplicates([apps[0]!, apps[0]!]), /Duplicate app key/);
    });

    test('blocking keeps comparisons near-linear: a 3,000-app portfolio compares far fewer than all pairs', () => {
      const apps = generateApps({ count: 3000, seed: 5 });
      const { stats } = detectDuplicates(apps);
      assert.ok(stats.comparisons < stats.considered * 20, `${stats.comparisons} comparisons for ${stats.considered} apps`);
    });
  });

  describe('labelled examples', () => {
    const opds = eastJavaOpds();
    const background = generateApps({ opds });
    const measured = evaluateLabelledExamples({ background, detect: { qualifiers: qualifiersFor(opds) } });
    const holdout = evaluateLabelledExamples({ examples: LABELLED_HOLDOUT, background, detect: { qualifiers: qualifiersFor(opds) } });
    const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

    test(`${LABELLED_EXAMPLES.length} labelled pairs: precision ${pct(measured.precision)}, recall ${pct(measured.recall)} (≥ 90% / ≥ 80%)`, (t) => {
      assert.ok(LABELLED_EXAMPLES.length >= 60);
      assert.ok(LABELLED_EXAMPLES.some((e) => e.duplicate) && LABELLED_EXAMPLES.some((e) => !e.duplicate));
      t.diagnostic(`labelled: tp ${measured.truePositives} fp ${measured.falsePositives} fn ${measured.falseNegatives} tn ${measured.trueNegatives}`);
      for (const m of measured.mistakes) t.diagnostic(`${m.expected ? 'missed' : 'wrongly grouped'}: ${m.a} | ${m.b} (${m.note})`);
      t.diagnostic(`held-out (not used for tuning, ${LABELLED_HOLDOUT.length} pairs): precision ${pct(holdout.precision)}, recall ${pct(holdout.recall)}`);
      assert.ok(measured.precision >= 0.9, `precision ${measured.precision}`);
      assert.ok(measured.recall >= 0.8, `recall ${measured.recall}`);
    });
  });
});
