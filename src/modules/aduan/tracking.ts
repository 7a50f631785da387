import type { Ids } from '../../platform/deps.ts';

// Crockford's base-32 alphabet: no I, L, O or U, so ids survive being read out on the phone.
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** `ADU-2603-7K4Q9X`: the month it arrived and six random characters. */
export function newTrackingId(ids: Ids, at: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone, year: '2-digit', month: '2-digit' }).formatToParts(at);
  const yy = parts.find((p) => p.type === 'year')!.value;
  const mm = parts.find((p) => p.type === 'month')!.value;
  const bytes = Buffer.from(ids.token(6), 'base64url');
  let suffix = '';
  for (let i = 0; i < 6; i++) suffix += ALPHABET[bytes[i]! % 32];
  return `ADU-${yy}${mm}-${suffix}`;
}

export const TRACKING_PATTERN = /^ADU-\d{4}-[0-9A-HJKMNP-TV-Z]{6}$/i;
