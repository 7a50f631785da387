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
  /** The gateway's evidence log (docs/evidence.md). */
  evidence: EvidenceConfig;
  /**
   * PADU_DATA_KEY: 32 bytes (64 hex digits or base64) that encrypt personal data at rest (a
   * citizen's NIK). Unset: `<dataDir>/data.key` is used, created if missing. Keep a copy apart
   * from the database backups: without it the encrypted fields cannot be read.
   */
  dataKey: string | undefined;
  /** Uploaded files (src/platform/files): `<dataDir>/files/` unless S3 is configured. */
  files: FilesConfig;
}

export interface FilesConfig {
  /** S3-compatible object storage (PADU_S3_*); unset: local disk. */
  s3: S3Config | undefined;
  /** PADU_FILES_PURGE_DAYS: keep deleted files' bytes this many days before the purge job removes them. */
  purgeAfterDays: number;
}

export interface S3Config {
  /** e.g. `https://s3.ap-southeast-3.amazonaws.com` or `http://minio.internal:9000`. */
  endpoint: string;
  bucket: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** `endpoint/bucket/key` instead of `bucket.endpoint/key` (MinIO, most self-hosted servers). */
  forcePathStyle: boolean;
}

export interface EvidenceConfig {
  /** PADU_EVIDENCE_KEY: 32 bytes, hex or base64. Unset: `<dataDir>/evidence.key` is used (created if missing). */
  key: string | undefined;
  /** PADU_TSA_URL: RFC 3161 time-stamp authority for seals; unset: no time-stamps. */
  tsaUrl: string | undefined;
  /** Seal interval, 1–60 s. */
  sealSeconds: number;
  /** Group-commit window: how long the first record of a batch may wait for company (0: next tick). */
  batchMs: number;
  /** Keep kept bodies this many days (0: forever). */
  bodyDays: number;
  /** Keep evidence records this many years (documented retention; archiving is manual). */
  keepYears: number;
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
    dataKey: env.PADU_DATA_KEY || undefined,
    evidence: {
      key: env.PADU_EVIDENCE_KEY || undefined,
      tsaUrl: env.PADU_TSA_URL || undefined,
      sealSeconds: Math.min(Math.max(int(env.PADU_EVIDENCE_SEAL_SECONDS, 30, 'PADU_EVIDENCE_SEAL_SECONDS'), 1), 60),
      batchMs: int(env.PADU_EVIDENCE_BATCH_MS, 0, 'PADU_EVIDENCE_BATCH_MS'),
      bodyDays: int(env.PADU_EVIDENCE_BODY_DAYS, 30, 'PADU_EVIDENCE_BODY_DAYS'),
      keepYears: int(env.PADU_EVIDENCE_KEEP_YEARS, 10, 'PADU_EVIDENCE_KEEP_YEARS'),
    },
    files: {
      s3: env.PADU_S3_BUCKET
        ? {
            endpoint: (env.PADU_S3_ENDPOINT || `https://s3.${env.PADU_S3_REGION || 'us-east-1'}.amazonaws.com`).replace(/\/$/, ''),
            bucket: env.PADU_S3_BUCKET,
            region: env.PADU_S3_REGION || 'us-east-1',
            accessKeyId: env.PADU_S3_ACCESS_KEY_ID ?? '',
            secretAccessKey: env.PADU_S3_SECRET_ACCESS_KEY ?? '',
            forcePathStyle: bool(env.PADU_S3_FORCE_PATH_STYLE, false),
          }
        : undefined,
      purgeAfterDays: int(env.PADU_FILES_PURGE_DAYS, 30, 'PADU_FILES_PURGE_DAYS'),
    },
  };
}
