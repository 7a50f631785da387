/**
 * Aduan's settings, read once from the environment (only this module reads them, so they are
 * not in the platform's Config).
 */
export interface AduanSettings {
  /** Base URL of the SP4N-LAPOR! integration endpoint; unset: central-government reports wait, marked for forwarding. */
  laporUrl: string | undefined;
  /** Bearer credential for that endpoint. */
  laporToken: string | undefined;
  laporTimeoutMs: number;
  /** How often the sweep (overdue flags, automatic closing, forwarding retries) runs, as cron. */
  sweepCron: string;
}

type Env = Record<string, string | undefined>;

export function loadAduanSettings(env: Env = process.env): AduanSettings {
  const timeout = Number(env.PADU_ADUAN_LAPOR_TIMEOUT_MS || 10_000);
  if (!Number.isInteger(timeout) || timeout <= 0) throw new Error(`PADU_ADUAN_LAPOR_TIMEOUT_MS must be a positive whole number, got "${env.PADU_ADUAN_LAPOR_TIMEOUT_MS}"`);
  const url = env.PADU_ADUAN_LAPOR_URL || undefined;
  if (url && !/^https?:\/\//.test(url)) throw new Error(`PADU_ADUAN_LAPOR_URL must be an http(s) URL, got "${url}"`);
  return {
    laporUrl: url?.replace(/\/$/, ''),
    laporToken: env.PADU_ADUAN_LAPOR_TOKEN || undefined,
    laporTimeoutMs: timeout,
    sweepCron: env.PADU_ADUAN_SWEEP_CRON || '*/15 * * * *',
  };
}
