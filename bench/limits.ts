/**
 * Seconds per measurement from the command line, kept between 1 and 10 so that a whole
 * benchmark stays under two minutes on both engines.
 */
export function seconds(arg: string | undefined, fallback: number): number {
  if (arg === undefined) return fallback;
  const n = Number(arg);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`seconds per measurement must be a positive number, got "${arg}"`);
  return Math.min(10, Math.max(1, n));
}
