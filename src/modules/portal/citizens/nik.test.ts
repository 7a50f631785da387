import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkNik, maskNik } from './nik.ts';
import { dataKeysFor, decryptField, encryptField, indexField, parseDataKey } from './personal-data.ts';

const today = '2026-03-02';
// Padu holds East Java (35): its regencies and cities are known, other provinces are checked by format.
const jatim = new Set(['35.01', '35.07', '35.73', '35.78']);
const knownRegency = (code: string) => (code.startsWith('35.') ? jatim.has(code) : undefined);
const check = (nik: string) => checkNik(nik, { today, knownRegency });

test('valid NIKs and the facts they encode (women: day + 40)', () => {
  assert.deepEqual(check('3578011508900001'), { ok: true, facts: { provinceCode: '35', regencyCode: '35.78', districtCode: '35.78.01', birthDate: '1990-08-15', sex: 'L' } });
  assert.deepEqual(check('3578015508900002'), { ok: true, facts: { provinceCode: '35', regencyCode: '35.78', districtCode: '35.78.01', birthDate: '1990-08-15', sex: 'P' } });
  assert.equal(check('3578 0171 1205 0003').ok, true, 'spaces between groups are ignored; a woman born 31 Dec 2005');
  assert.deepEqual(check('3507024101260001'), { ok: true, facts: { provinceCode: '35', regencyCode: '35.07', districtCode: '35.07.02', birthDate: '2026-01-01', sex: 'P' } });
  // Two-digit years take the latest century that is not in the future.
  assert.equal((check('3507020103300001') as { facts: { birthDate: string } }).facts.birthDate, '1930-03-01');
  assert.equal((check('3507020203260001') as { facts: { birthDate: string } }).facts.birthDate, '2026-03-02', 'today is fine');
  assert.equal((check('3507020303260001') as { facts: { birthDate: string } }).facts.birthDate, '1926-03-03', 'tomorrow in 2026 is 1926');
  assert.equal(check('3578012902000001').ok, true, '29 Feb 2000 (leap year)');
  assert.equal(check('3273011508900001').ok, true, 'Bandung: another province, format only');
  assert.equal(check('9471011508900001').ok, true, 'Papua (94), before the split');
});

test('invalid NIKs name the broken rule', () => {
  const problem = (nik: string) => {
    const r = check(nik);
    return r.ok ? 'ok' : r.problem;
  };
  assert.equal(problem('357801150890001'), 'format', '15 digits');
  assert.equal(problem('35780115089000011'), 'format', '17 digits');
  assert.equal(problem('3578O11508900001'), 'format', 'a letter O');
  assert.equal(problem('9978011508900001'), 'province');
  assert.equal(problem('0078011508900001'), 'province');
  assert.equal(problem('3599011508900001'), 'regency', 'no regency 35.99 in East Java');
  assert.equal(problem('3500011508900001'), 'regency');
  assert.equal(problem('3270011508900001'), 'regency', '70 is neither a regency nor a city code');
  assert.equal(problem('3578001508900001'), 'district');
  assert.equal(problem('3578013208900001'), 'birth_date', 'day 32');
  assert.equal(problem('3578017208900001'), 'birth_date', 'day 32 for a woman (72)');
  assert.equal(problem('3578010008900001'), 'birth_date', 'day 00');
  assert.equal(problem('3578014008900001'), 'birth_date', 'day 40 is neither');
  assert.equal(problem('3578013104900001'), 'birth_date', '31 April');
  assert.equal(problem('3578012902010001'), 'birth_date', '29 Feb 2001');
  assert.equal(problem('3578016902010001'), 'birth_date', '29 Feb 2001, a woman');
  assert.equal(problem('3578011513900001'), 'birth_date', 'month 13');
  assert.equal(problem('3578011508900000'), 'serial');
});

test('masking keeps the region and serial only', () => {
  assert.equal(maskNik('3578015508900002'), '3578••••••••0002');
});

test('AES-256-GCM with the data key: bound to its context, wrong key fails, index is keyed', () => {
  const keys = dataKeysFor({ dataKey: '11'.repeat(32), dataDir: '/nonexistent' });
  const sealed = encryptField(keys, '3578015508900002', 'portal_citizen.nik:user-1');
  assert.ok(!sealed.includes('3578') && !Buffer.from(sealed, 'base64').toString('latin1').includes('3578015508900002'));
  assert.notEqual(encryptField(keys, '3578015508900002', 'portal_citizen.nik:user-1'), sealed, 'a fresh IV each time');
  assert.equal(decryptField(keys, sealed, 'portal_citizen.nik:user-1'), '3578015508900002');
  assert.throws(() => decryptField(keys, sealed, 'portal_citizen.nik:user-2'), 'moved to another row');
  const other = dataKeysFor({ dataKey: Buffer.alloc(32, 7).toString('base64'), dataDir: '/nonexistent' });
  assert.throws(() => decryptField(other, sealed, 'portal_citizen.nik:user-1'));
  assert.equal(indexField(keys, 'nik', '3578015508900002'), indexField(keys, 'nik', '3578015508900002'));
  assert.notEqual(indexField(keys, 'nik', '3578015508900002'), indexField(other, 'nik', '3578015508900002'));
  assert.throws(() => parseDataKey('too-short'));
});
