/**
 * The NIK (Nomor Induk Kependudukan): 16 digits, PP RR DD ddmmyy SSSS.
 *
 * - PP: province code (Kemendagri/BPS), RR: regency (01-69) or city (71-79) within it, DD: the
 *   district (kecamatan) where the number was issued, never 00.
 * - ddmmyy: date of birth; women have 40 added to the day (15 → 55).
 * - SSSS: a serial number from 0001.
 *
 * There is no check digit, so these rules are all that can be checked without asking Dukcapil.
 * Where Padu holds the province's regencies (the region table), the regency must be one of them.
 */
export const PROVINCE_CODES = new Set([
  '11', '12', '13', '14', '15', '16', '17', '18', '19', '21', // Sumatra, Riau Islands
  '31', '32', '33', '34', '35', '36', // Java
  '51', '52', '53', // Bali, Nusa Tenggara
  '61', '62', '63', '64', '65', // Kalimantan
  '71', '72', '73', '74', '75', '76', // Sulawesi
  '81', '82', // Maluku
  '91', '92', '93', '94', '95', '96', // Papua (91/94 before the 2022 split, 92-96 after)
]);

export type NikProblem = 'format' | 'province' | 'regency' | 'district' | 'birth_date' | 'serial';

export interface NikFacts {
  provinceCode: string;
  /** `PP.RR`, as region codes are written. */
  regencyCode: string;
  districtCode: string;
  birthDate: string;
  sex: 'L' | 'P';
}

export interface NikCheckOptions {
  /** Today in the province's time zone (`YYYY-MM-DD`): a birth date may not be later. */
  today: string;
  /**
   * Whether `PP.RR` is a known regency or city: true/false when Padu holds that province's
   * regions, undefined when it does not (then only the format is checked).
   */
  knownRegency?: (regencyCode: string) => boolean | undefined;
}

const isLeap = (y: number) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
const daysIn = (y: number, m: number) => [31, isLeap(y) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1]!;

/** Removes spaces and dots people type between the groups. */
export function normalizeNik(input: string): string {
  return input.replace(/[\s.\-]/g, '');
}

/** The facts a NIK encodes, or the first rule it breaks. */
export function checkNik(input: string, options: NikCheckOptions): { ok: true; facts: NikFacts } | { ok: false; problem: NikProblem } {
  const nik = normalizeNik(input);
  if (!/^\d{16}$/.test(nik)) return { ok: false, problem: 'format' };
  const province = nik.slice(0, 2);
  const regency = nik.slice(2, 4);
  const district = nik.slice(4, 6);
  if (!PROVINCE_CODES.has(province)) return { ok: false, problem: 'province' };
  const r = Number(regency);
  if (!((r >= 1 && r <= 69) || (r >= 71 && r <= 79))) return { ok: false, problem: 'regency' };
  const regencyCode = `${province}.${regency}`;
  if (options.knownRegency?.(regencyCode) === false) return { ok: false, problem: 'regency' };
  if (district === '00') return { ok: false, problem: 'district' };

  let day = Number(nik.slice(6, 8));
  const month = Number(nik.slice(8, 10));
  const yy = Number(nik.slice(10, 12));
  const sex = day > 40 ? 'P' : 'L';
  if (day > 40) day -= 40;
  const [ty, tm, td] = options.today.split('-').map(Number) as [number, number, number];
  const today = ty * 10000 + tm * 100 + td;
  // The century is not written: the latest year that does not put the birth in the future.
  let year = 2000 + yy;
  if (year * 10000 + month * 100 + day > today) year -= 100;
  if (month < 1 || month > 12 || day < 1 || day > daysIn(year, month)) return { ok: false, problem: 'birth_date' };
  if (nik.slice(12) === '0000') return { ok: false, problem: 'serial' };
  const birthDate = `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  return { ok: true, facts: { provinceCode: province, regencyCode, districtCode: `${regencyCode}.${district}`, birthDate, sex } };
}

/** `3578••••••••0001`: the region and the serial stay readable, the district and birth date do not. */
export function maskNik(nik: string): string {
  return `${nik.slice(0, 4)}${'•'.repeat(8)}${nik.slice(12)}`;
}
