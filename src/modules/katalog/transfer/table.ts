import { csvLine } from '../../../platform/text/csv.ts';
import { looksLikeZip, readXlsx, writeXlsx, XlsxError, type CellValue, type SheetData } from './xlsx.ts';

/**
 * Files as tables: CSV or XLSX in, rows of text cells out, each with the row number a person sees
 * in a spreadsheet (the header is row 1). And the same tables written back as CSV or XLSX.
 */
export type TableFormat = 'csv' | 'xlsx';

export interface TableRow {
  row: number;
  cells: string[];
}

export class TableError extends Error {
  constructor(readonly reason: 'unreadable' | 'empty') {
    super(reason);
  }
}

/** XLSX when the bytes are a ZIP archive, else CSV (whatever the file is called). */
export function detectFormat(content: Buffer): TableFormat {
  return looksLikeZip(content) ? 'xlsx' : 'csv';
}

export function readTable(content: Buffer): { format: TableFormat; rows: TableRow[] } {
  const format = detectFormat(content);
  let rows: TableRow[];
  if (format === 'xlsx') {
    try {
      rows = readXlsx(content).rows;
    } catch (error) {
      if (error instanceof XlsxError) throw new TableError('unreadable');
      throw error;
    }
  } else rows = parseCsvRows(decodeText(content));
  // Rows with nothing in them (spreadsheets keep formatted but empty rows) are not data.
  rows = rows.filter((r) => r.cells.some((c) => c.trim() !== ''));
  if (rows.length === 0) throw new TableError('empty');
  return { format, rows };
}

/** UTF-8 (with or without a byte-order mark); Windows spreadsheet exports are often Windows-1252. */
function decodeText(content: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(content);
  } catch {
    return new TextDecoder('windows-1252').decode(content);
  }
}

/** The separator of the header line: comma, or semicolon/tab as spreadsheets in many locales write. */
function detectDelimiter(text: string): string {
  const counts: Record<string, number> = { ',': 0, ';': 0, '\t': 0 };
  let quoted = false;
  for (const c of text) {
    if (c === '"') quoted = !quoted;
    else if (!quoted && (c === '\n' || c === '\r')) break;
    else if (!quoted && c in counts) counts[c]!++;
  }
  const [best, count] = Object.entries(counts).sort((a, b) => b[1] - a[1])[0]!;
  return count > 0 ? best : ',';
}

/** RFC 4180 CSV: quoted fields with doubled quotes, CRLF or LF, line breaks inside quotes. */
export function parseCsvRows(text: string): TableRow[] {
  const delimiter = detectDelimiter(text);
  const rows: TableRow[] = [];
  let cells: string[] = [];
  let field = '';
  let quoted = false;
  let fieldStarted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else field += c;
    } else if (c === '"' && !fieldStarted) {
      quoted = true;
      fieldStarted = true;
    } else if (c === delimiter) {
      cells.push(field);
      field = '';
      fieldStarted = false;
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      cells.push(field);
      rows.push({ row: rows.length + 1, cells });
      cells = [];
      field = '';
      fieldStarted = false;
    } else {
      field += c;
      fieldStarted = true;
    }
  }
  if (field !== '' || cells.length > 0) {
    cells.push(field);
    rows.push({ row: rows.length + 1, cells });
  }
  return rows;
}

/** CSV for spreadsheets: UTF-8 with a byte-order mark (so Excel reads it as UTF-8), CRLF, formula-safe cells. */
export function writeCsv(rows: CellValue[][]): Buffer {
  return Buffer.from(`\uFEFF${rows.map((r) => csvLine(r.map((c) => (c === undefined ? null : c)))).join('\r\n')}\r\n`, 'utf8');
}

export function writeTable(format: TableFormat, sheets: SheetData[]): Buffer {
  return format === 'xlsx' ? writeXlsx(sheets) : writeCsv(sheets[0]!.rows);
}

export const CONTENT_TYPES: Record<TableFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};
