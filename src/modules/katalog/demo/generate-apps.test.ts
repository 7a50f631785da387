import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { stableUuid } from '../../../platform/text/slug.ts';
import { FUNCTIONS, fieldCodesOf } from './catalogue.ts';
import { eastJavaOpds, generateApps, levelTwoCodes, nationalOpds, qualifiersFor } from './generate-apps.ts';
import { evaluateAgainstTruth, trueLookalikes, truePairs } from './ground-truth.ts';
import { detectDuplicates } from '../duplicates/index.ts';

describe('synthetic East Java portfolio', () => {
  const apps = generateApps();

  test('865 apps by default, across the provincial agencies and the 38 regencies/cities, with the database ids', () => {
    assert.equal(apps.length, 865);
    const opds = eastJavaOpds();
    assert.equal(opds.filter((o) => o.kind === 'pemda').length, 38);
    assert.equal(opds.find((o) => o.code === '35.07')?.id, stableUuid('opd', '35.07'));
    assert.equal(opds.find((o) => o.code === 'bkd')?.id, stableUuid('opd', 'bkd'));
    const regions = new Set(apps.map((a) => a.regionCode));
    assert.equal(regions.size, 39);
    const ids = new Set(opds.map((o) => o.id));
    assert.ok(apps.every((a) => ids.has(a.opdId)));
    assert.equal(new Set(apps.map((a) => a.key)).size, apps.length);
  });

  test('obviously synthetic: flagged, keys say so, every description says "data sintetis"', () => {
    assert.ok(apps.every((a) => a.synthetic === true && a.key.startsWith('sintetis-') && /data sintetis/i.test(a.description ?? '')));
  });

  test('deterministic for a seed, different across seeds, any size', () => {
    assert.deepEqual(generateApps(), apps);
    assert.notDeepEqual(generateApps({ seed: 7 }).map((a) => a.name), apps.map((a) => a.name));
    assert.equal(generateApps({ count: 1234, opds: nationalOpds(1) }).length, 1234);
    assert.equal(generateApps({ count: 10 }).length, 10);
  });

  test('realistic overlaps: SIMPEG-likes, e-Office/e-Surat variants, complaint apps beside SP4N-LAPOR!, perizinan', () => {
    const count = (id: string) => apps.filter((a) => a.truth.functionId === id).length;
    assert.ok(count('simpeg') >= 20, `simpeg ${count('simpeg')}`);
    assert.ok(count('naskah') >= 25, `naskah ${count('naskah')}`);
    assert.ok(count('aduan') >= 20, `aduan ${count('aduan')}`);
    assert.ok(count('umum:sp4n-lapor') >= 15);
    assert.ok(count('izin-usaha') + count('izin-kesehatan') + count('izin-bangunan') >= 30);
    const naskahNames = new Set(apps.filter((a) => a.truth.functionId === 'naskah').map((a) => a.name));
    assert.ok(naskahNames.size >= 10, 'many different names for the same job');
    assert.ok(apps.some((a) => a.category === 'umum') && apps.some((a) => a.category === 'khusus_wajib'));
    assert.ok(apps.some((a) => a.lifecycle !== 'aktif'));
    // Ground truth: duplicates inside one government, look-alikes of the 8 fields.
    const pairs = truePairs(apps);
    assert.ok(pairs.size > 200);
    assert.ok(trueLookalikes(apps).size > 100);
  });

  test('codes look like the national reference: precise codes sit under real level-2 codes', () => {
    const level2 = new Set(levelTwoCodes().map((c) => c.code));
    for (const f of FUNCTIONS) for (const c of [f.rab, f.ral]) if (c) assert.ok(level2.has(c.split('.').slice(0, 3).join('.')), `${f.id}: ${c}`);
    for (const a of apps) for (const c of [...a.rab, ...a.ral]) assert.ok(level2.has(c.split('.').slice(0, 3).join('.')), `${a.key}: ${c}`);
    assert.ok(apps.some((a) => [...a.rab, ...a.ral].some((c) => c.split('.').length >= 4)));
    assert.ok(fieldCodesOf().kepegawaian!.includes('RAB.09.06.01'));
  });

  test('the detector finds most of the planted duplicates and look-alikes, few false ones', (t) => {
    const opds = eastJavaOpds();
    const { groups } = detectDuplicates(apps, { qualifiers: qualifiersFor(opds), fieldCodes: fieldCodesOf() });
    const score = evaluateAgainstTruth(groups, apps);
    t.diagnostic(`pairs: precision ${score.pairs.precision.toFixed(3)}, recall ${score.pairs.recall.toFixed(3)}; look-alikes: precision ${score.lookalikes.precision.toFixed(3)}, recall ${score.lookalikes.recall.toFixed(3)}`);
    assert.ok(score.pairs.precision >= 0.9 && score.pairs.recall >= 0.85);
    assert.ok(score.lookalikes.precision >= 0.9 && score.lookalikes.recall >= 0.85);
  });
});
