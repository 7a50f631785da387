/** RFC 4180 CSV: quoted fields, doubled quotes, CRLF or LF, a header row. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  for (; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows.filter((r) => !(r.length === 1 && r[0] === ''));
}

/** Rows as objects keyed by the header; throws when a required column is missing. */
export function parseCsvRecords(text: string, required: string[] = []): Record<string, string>[] {
  const [header, ...rows] = parseCsv(text);
  if (!header) return [];
  const names = header.map((h) => h.trim());
  const missing = required.filter((r) => !names.includes(r));
  if (missing.length) throw new Error(`CSV is missing column(s): ${missing.join(', ')}`);
  return rows.map((cells) => Object.fromEntries(names.map((name, i) => [name, (cells[i] ?? '').trim()])));
}

/**
 * Characters that make a spreadsheet treat a cell as a formula (`=`, `+`, `-`, `@`, and tab or
 * carriage return, which some programs strip before looking). Exported data can hold anything a
 * user typed, so such cells get a leading apostrophe and open as text, never as a formula.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

/** One CSV cell: quoted when needed, and text that would start a formula made inert. */
export function csvCell(cell: string | number | null | undefined): string {
  if (cell === null || cell === undefined) return '';
  // Numbers are written by us, not typed by users: `-5` stays a number.
  let s = typeof cell === 'number' ? String(cell) : FORMULA_START.test(cell) ? `'${cell}` : cell;
  if (/[",\r\n]/.test(s)) s = `"${s.replace(/"/g, '""')}"`;
  return s;
}

/** One CSV record without its line ending. */
export function csvLine(row: readonly (string | number | null | undefined)[]): string {
  return row.map(csvCell).join(',');
}

export function toCsv(rows: (string | number | null | undefined)[][]): string {
  return rows.map(csvLine).join('\n') + '\n';
}
