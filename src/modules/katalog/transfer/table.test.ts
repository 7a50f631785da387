import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readXlsx, sheetNames, writeXlsx, zip } from './xlsx.ts';
import { parseCsvRows, readTable, TableError, writeCsv } from './table.ts';
import { cleanCell, splitList } from './columns.ts';

/** The file formats without the database: CSV dialects, and XLSX as other programs write it. */

describe('CSV', () => {
  test('quotes, doubled quotes, line breaks inside cells, CRLF and a byte-order mark', () => {
    const text = '\uFEFFkey,name,description\r\na,"Koma, dan ""kutip""","dua\r\nbaris"\r\nb,,\r\n';
    const { format, rows } = readTable(Buffer.from(text));
    assert.equal(format, 'csv');
    assert.deepEqual(rows, [
      { row: 1, cells: ['key', 'name', 'description'] },
      { row: 2, cells: ['a', 'Koma, dan "kutip"', 'dua\r\nbaris'] },
      { row: 3, cells: ['b', '', ''] },
    ]);
  });

  test('semicolon and tab separated files, as spreadsheets in many locales save them', () => {
    assert.deepEqual(parseCsvRows('key;name\nx;"a;b"\n').map((r) => r.cells), [['key', 'name'], ['x', 'a;b']]);
    assert.deepEqual(parseCsvRows('key\tname\nx\ty, z\n').map((r) => r.cells), [['key', 'name'], ['x', 'y, z']]);
  });

  test('Windows-1252 files (Excel’s “CSV” on Windows) are read, not mangled', () => {
    const latin = Buffer.from([0x6b, 0x65, 0x79, 0x0a, 0x53, 0x65, 0x6e, 0xe9, 0x0a]); // "key\nSené\n"
    assert.equal(readTable(latin).rows[1]!.cells[0], 'Sené');
  });

  test('blank lines and empty rows are not data; an empty file is refused', () => {
    assert.equal(readTable(Buffer.from('key\n\nx\n,\n')).rows.length, 2);
    assert.throws(() => readTable(Buffer.from('\n\n')), (e) => e instanceof TableError && e.reason === 'empty');
  });

  test('writing: a byte-order mark, CRLF, and formulas made inert', () => {
    const out = writeCsv([['key', 'v'], ['a', '=1+1'], ['b', 'x,"y"'], ['c', 5]]).toString('utf8');
    assert.equal(out, `\uFEFFkey,v\r\na,'=1+1\r\nb,"x,""y"""\r\nc,5\r\n`);
  });

  test('reading cells: guard apostrophes go, other apostrophes stay; lists split on ; and ,', () => {
    assert.equal(cleanCell("'=SUM(A1)"), '=SUM(A1)');
    assert.equal(cleanCell("'-5 "), '-5');
    assert.equal(cleanCell("'@x"), '@x');
    assert.equal(cleanCell("'Jum'at"), "'Jum'at");
    assert.deepEqual(splitList('RAB.01.01; RAB.01.02,RAB.02.01;;'), ['RAB.01.01', 'RAB.01.02', 'RAB.02.01']);
  });
});

describe('XLSX', () => {
  test('what we write, we read back: text with XML specials and line breaks, numbers, gaps', () => {
    const buf = writeXlsx([
      { name: 'Aplikasi', header: true, rows: [['key', 'name', 'cost'], ['a', 'x & <y> "z"\nbaris', 120000000], ['b', null, 0], [], ['c', '_x0041_ literal', '']] },
      { name: 'Petunjuk', rows: [['help']] },
    ]);
    assert.deepEqual(sheetNames(buf), ['Aplikasi', 'Petunjuk']);
    const { rows } = readXlsx(buf);
    assert.deepEqual(rows, [
      { row: 1, cells: ['key', 'name', 'cost'] },
      { row: 2, cells: ['a', 'x & <y> "z"\nbaris', '120000000'] },
      { row: 3, cells: ['b', '', '0'] },
      { row: 4, cells: [] },
      { row: 5, cells: ['c', '_x0041_ literal'] },
    ]);
    assert.deepEqual(readXlsx(buf, 1).rows, [{ row: 1, cells: ['help'] }]);
  });

  test('a workbook as Excel writes it: shared strings, rich text, styles, sparse cells, exponents, booleans', () => {
    const ns = 'http://schemas.openxmlformats.org';
    const buf = zip([
      { name: '[Content_Types].xml', data: '<Types/>' },
      {
        name: 'xl/workbook.xml',
        data: `<workbook xmlns="${ns}/spreadsheetml/2006/main" xmlns:r="${ns}/officeDocument/2006/relationships"><sheets><sheet name="Data" sheetId="7" r:id="rId3"/></sheets></workbook>`,
      },
      { name: 'xl/_rels/workbook.xml.rels', data: `<Relationships xmlns="${ns}/package/2006/relationships"><Relationship Id="rId3" Type="x" Target="/xl/worksheets/data.xml"/></Relationships>` },
      {
        name: 'xl/sharedStrings.xml',
        data: `<sst count="4"><si><t>key</t></si><si><t xml:space="preserve">name </t></si><si><r><rPr><b/></rPr><t>Sistem </t></r><r><t>Kepegawaian</t></r><rPh><t>ignored</t></rPh></si><si><t>a&amp;b_x000D_</t></si></sst>`,
      },
      {
        name: 'xl/worksheets/data.xml',
        data:
          '<worksheet><sheetData>' +
          '<row r="1" spans="1:3"><c r="A1" t="s"><v>0</v></c><c r="C1" s="2" t="s"><v>1</v></c></row>' +
          '<row r="3"><c r="A3" t="s"><v>2</v></c><c r="B3"><v>1.2E+8</v></c><c r="C3" t="b"><v>1</v></c><c r="D3" s="1"/><c r="E3" t="str"><f>A1</f><v>key</v></c><c r="F3" t="s"><v>3</v></c></row>' +
          '<row r="4"/></sheetData></worksheet>',
      },
    ]);
    assert.deepEqual(readXlsx(buf).rows, [
      { row: 1, cells: ['key', '', 'name '] },
      { row: 3, cells: ['Sistem Kepegawaian', '120000000', 'TRUE', '', 'key', 'a&b\r'] },
      { row: 4, cells: [] },
    ]);
  });

  test('damaged or foreign zip files are refused as unreadable', () => {
    assert.throws(() => readTable(Buffer.from('PK\u0003\u0004 not really')), (e) => e instanceof TableError && e.reason === 'unreadable');
    assert.throws(() => readTable(zip([{ name: 'hello.txt', data: 'hi' }])), (e) => e instanceof TableError && e.reason === 'unreadable');
  });
});
