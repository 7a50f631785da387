/**
 * Gerbang's settings, read once from the environment. They live here rather than in the
 * platform's Config because only this module reads them (the platform knows no module).
 */
export interface GerbangSettings {
  /** X-Road instance identifier, the first part of every identifier (default `JATIM`). */
  instance: string;
  /** Member class of agencies. */
  memberClass: string;
  /**
   * How many Padu processes serve the gateway. Rate limits are token buckets in each process's
   * memory, each refilled at `limit / nodes`, so the sum over the processes is the limit.
   */
  nodes: number;
  /** How often each process asks the database whether the control plane changed. */
  pollMs: number;
  /** The longest any process serves routing data without reloading it, changed or not. */
  maxAgeMs: number;
  /** How often each process adds its daily-quota counts to the shared counters. */
  quotaFlushMs: number;
  /** Consecutive upstream failures that open a circuit, and how long it stays open. */
  breakerFailures: number;
  breakerOpenMs: number;
  /** Longest request URI accepted on /r1/ (the protocol recommends limiting it). */
  maxUriLength: number;
  /** The subsystem the portal fetches citizens' data as (prefill), `INSTANCE/CLASS/MEMBER/SUBSYSTEM`. */
  portalClient: string;
  /** Webhook deliveries of change notifications: attempts before the dead-letter state, the first retry delay (doubling), and the receiver's timeout. */
  webhookAttempts: number;
  webhookBackoffSeconds: number;
  webhookTimeoutMs: number;
  /**
   * Mutual TLS (tls/): the data plane's https port (null: none), the names and addresses the
   * server certificate Padu issues itself covers, or a certificate and key of one's own (PEM
   * files), and the default validity of client certificates in days.
   */
  tlsPort: number | null;
  tlsHosts: string[];
  tlsCertFile: string | null;
  tlsKeyFile: string | null;
  certDays: number;
}

type Env = Record<string, string | undefined>;

function positive(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`${name} must be a positive whole number, got "${value}"`);
  return n;
}

export function loadGerbangSettings(env: Env = process.env): GerbangSettings {
  const instance = env.PADU_GERBANG_INSTANCE || 'JATIM';
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/.test(instance)) throw new Error(`PADU_GERBANG_INSTANCE is not a valid identifier: "${instance}"`);
  return {
    instance,
    memberClass: 'GOV',
    nodes: positive(env.PADU_GERBANG_NODES, 1, 'PADU_GERBANG_NODES'),
    pollMs: positive(env.PADU_GERBANG_POLL_MS, 2000, 'PADU_GERBANG_POLL_MS'),
    maxAgeMs: positive(env.PADU_GERBANG_MAX_AGE_MS, 30_000, 'PADU_GERBANG_MAX_AGE_MS'),
    quotaFlushMs: positive(env.PADU_GERBANG_QUOTA_FLUSH_MS, 1000, 'PADU_GERBANG_QUOTA_FLUSH_MS'),
    breakerFailures: positive(env.PADU_GERBANG_BREAKER_FAILURES, 5, 'PADU_GERBANG_BREAKER_FAILURES'),
    breakerOpenMs: positive(env.PADU_GERBANG_BREAKER_OPEN_MS, 10_000, 'PADU_GERBANG_BREAKER_OPEN_MS'),
    maxUriLength: positive(env.PADU_GERBANG_MAX_URI, 4096, 'PADU_GERBANG_MAX_URI'),
    portalClient: env.PADU_GERBANG_PORTAL_CLIENT || `${instance}/GOV/diskominfo/portal`,
    webhookAttempts: positive(env.PADU_GERBANG_WEBHOOK_ATTEMPTS, 8, 'PADU_GERBANG_WEBHOOK_ATTEMPTS'),
    webhookBackoffSeconds: positive(env.PADU_GERBANG_WEBHOOK_BACKOFF_SECONDS, 30, 'PADU_GERBANG_WEBHOOK_BACKOFF_SECONDS'),
    webhookTimeoutMs: positive(env.PADU_GERBANG_WEBHOOK_TIMEOUT_MS, 10_000, 'PADU_GERBANG_WEBHOOK_TIMEOUT_MS'),
    tlsPort: env.PADU_GERBANG_TLS_PORT ? positive(env.PADU_GERBANG_TLS_PORT, 0, 'PADU_GERBANG_TLS_PORT') : null,
    tlsHosts: (env.PADU_GERBANG_TLS_HOST || 'localhost,127.0.0.1,::1').split(',').map((h) => h.trim()).filter(Boolean),
    tlsCertFile: env.PADU_GERBANG_TLS_CERT || null,
    tlsKeyFile: env.PADU_GERBANG_TLS_KEY || null,
    certDays: positive(env.PADU_GERBANG_CERT_DAYS, 365, 'PADU_GERBANG_CERT_DAYS'),
  };
}
