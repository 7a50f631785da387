import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { csvCell, parseCsv, toCsv } from './csv.ts';

describe('csv', () => {
  test('quotes commas, quotes and line breaks, and reads them back', () => {
    const rows = [['nama', 'catatan'], ['Dinas "Kominfo"', 'baris satu\nbaris dua, lanjut'], ['Bu Sri', '']];
    const text = toCsv(rows);
    assert.equal(text, 'nama,catatan\n"Dinas ""Kominfo""","baris satu\nbaris dua, lanjut"\nBu Sri,\n');
    assert.deepEqual(parseCsv(text), rows);
  });

  test('cells that a spreadsheet would run as a formula get a leading apostrophe', () => {
    assert.equal(csvCell('=HYPERLINK("http://evil.example","klik")'), `"'=HYPERLINK(""http://evil.example"",""klik"")"`);
    assert.equal(csvCell('+62 812'), "'+62 812");
    assert.equal(csvCell('-1+2'), "'-1+2");
    assert.equal(csvCell('@SUM(A1)'), "'@SUM(A1)");
    assert.equal(csvCell('\t=1'), "'\t=1");
    assert.equal(csvCell('\r=1'), `"'\r=1"`);
    assert.equal(csvCell('a=b'), 'a=b', 'only the first character matters');
    assert.equal(csvCell(-5), '-5', 'numbers we write stay numbers');
    assert.equal(csvCell(null), '');
    assert.deepEqual(parseCsv(toCsv([['=1+1', 'biasa']])), [["'=1+1", 'biasa']]);
  });
});
