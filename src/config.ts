import path from 'node:path';

/** Everything Padu reads from the environment, parsed once. Embedded mode needs no settings. */
export interface Config {
  port: number;
  host: string;
  /** Public base URL used in links sent by mail and in OIDC redirects. */
  baseUrl: string;
  dataDir: string;
  /** When set, Padu runs on this PostgreSQL server instead of the embedded database. */
  databaseUrl: string | undefined;
  province: string;
  timeZone: string;
  /** Secure (and `__Host-` prefixed) cookies. Turn off only for plain-HTTP tests on a LAN. */
  cookieSecure: boolean;
  /** Trust X-Forwarded-* headers (behind a load balancer); also enables HSTS when the request was TLS. */
  trustProxy: boolean;
  sessionIdleMinutes: number;
  sessionAbsoluteHours: number;
  adminEmail: string | undefined;
  adminPassword: string | undefined;
  smtpUrl: string | undefined;
  mailFrom: string;
  logLevel: string;
  oidc: OidcConfig | undefined;
  /** Start background job workers in this process. */
  jobs: boolean;
  /** When set, /metrics answers any address that sends it (HTTP Basic password); else loopback only. */
  metricsToken: string | undefined;
}

export interface OidcConfig {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** Claim that carries roles (dot path, e.g. `realm_access.roles`). */
  rolesClaim: string;
  /** IdP role → Padu grant, e.g. `padu-admin=admin,opd-diskominfo-admin=admin_opd@diskominfo`. */
  roleMap: string;
  /** Label on the login button. */
  label: string;
}

type Env = Record<string, string | undefined>;

function bool(value: string | undefined, fallback: boolean): boolean {
  if (value === undefined || value === '') return fallback;
  return ['1', 'true', 'yes', 'on'].includes(value.toLowerCase());
}

function int(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${name} must be a whole number, got "${value}"`);
  return n;
}

export function loadConfig(env: Env = process.env): Config {
  const port = int(env.PORT, 3000, 'PORT');
  const host = env.HOST || '0.0.0.0';
  const oidc: OidcConfig | undefined = env.PADU_OIDC_ISSUER
    ? {
        issuer: env.PADU_OIDC_ISSUER,
        clientId: env.PADU_OIDC_CLIENT_ID ?? 'padu',
        clientSecret: env.PADU_OIDC_CLIENT_SECRET ?? '',
        rolesClaim: env.PADU_OIDC_ROLES_CLAIM ?? 'realm_access.roles',
        roleMap: env.PADU_OIDC_ROLE_MAP ?? '',
        label: env.PADU_OIDC_LABEL ?? 'SSO',
      }
    : undefined;
  return {
    port,
    host,
    baseUrl: (env.PADU_BASE_URL || `http://localhost:${port}`).replace(/\/$/, ''),
    dataDir: path.resolve(env.PADU_DATA_DIR || 'data'),
    databaseUrl: env.DATABASE_URL || undefined,
    province: env.PADU_PROVINCE || '35',
    timeZone: env.PADU_TIME_ZONE || 'Asia/Jakarta',
    cookieSecure: bool(env.PADU_COOKIE_SECURE, true),
    trustProxy: bool(env.PADU_TRUST_PROXY, false),
    sessionIdleMinutes: int(env.PADU_SESSION_IDLE_MINUTES, 60, 'PADU_SESSION_IDLE_MINUTES'),
    sessionAbsoluteHours: int(env.PADU_SESSION_ABSOLUTE_HOURS, 12, 'PADU_SESSION_ABSOLUTE_HOURS'),
    adminEmail: env.PADU_ADMIN_EMAIL || undefined,
    adminPassword: env.PADU_ADMIN_PASSWORD || undefined,
    smtpUrl: env.PADU_SMTP_URL || undefined,
    mailFrom: env.PADU_MAIL_FROM || 'Padu <no-reply@localhost>',
    logLevel: env.LOG_LEVEL || 'info',
    oidc,
    jobs: bool(env.PADU_JOBS, true),
    metricsToken: env.PADU_METRICS_TOKEN || undefined,
  };
}
