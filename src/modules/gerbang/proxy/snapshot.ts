import { sql } from 'kysely';
import type { Db } from '../../../platform/db/database.ts';
import type { Logger } from 'pino';
import type { GerbangSettings } from '../config.ts';
import type { EndpointMethod, ServiceLifecycle } from '../db.ts';
import { serviceIdentifier, subsystemIdentifier } from '../identifiers.ts';
import { compilePattern, type CompiledPattern } from '../paths.ts';
import { onGerbangChange } from '../changes.ts';
import { listCertificateIndex } from '../tls/repo.ts';
import type { CertificateEntry } from '../tls/authenticate.ts';

/**
 * The control-plane data the data plane needs, held in memory so a call costs no database round
 * trip: every subsystem token (by hash), subsystem, service with its endpoints, and access right
 * (groups expanded). It is rebuilt whole — a few queries — when this process changes gerbang
 * data, when a poll (every `pollMs`) sees another process did, and at least every `maxAgeMs`.
 * Calls keep using the previous copy while a poll-triggered reload runs.
 */
export interface SubsystemEntry {
  id: string;
  opdId: string;
  opdCode: string;
  code: string;
  name: string;
  identifier: string;
  active: boolean;
}

export interface TokenEntry {
  tokenId: string;
  subsystemId: string;
  expiresAt: number | null;
  scopes: string[];
  lastUsedAt: number | null;
}

export interface RightEntry {
  id: string;
  /** Null: the whole service. */
  pattern: CompiledPattern | null;
  rateLimitRps: number | null;
  dailyQuota: number | null;
}

export interface EndpointEntry {
  pattern: CompiledPattern;
  summary: string | null;
}

export interface ServiceEntry {
  id: string;
  code: string;
  name: string;
  version: string;
  identifier: string;
  provider: SubsystemEntry;
  lifecycle: ServiceLifecycle;
  upstream: URL;
  timeoutMs: number;
  bodyLimit: number;
  capacityRps: number | null;
  rateLimitRps: number | null;
  dailyQuota: number | null;
  personalData: boolean;
  keepBodies: boolean;
  hasOpenApi: boolean;
  endpoints: EndpointEntry[];
  rightsByConsumer: Map<string, RightEntry[]>;
}

export interface Snapshot {
  loadedAt: number;
  marker: string;
  tokens: Map<string, TokenEntry>;
  subsystems: Map<string, SubsystemEntry>;
  subsystemsByIdentifier: Map<string, SubsystemEntry>;
  services: Map<string, ServiceEntry>;
  servicesById: Map<string, ServiceEntry>;
  servicesByProvider: Map<string, ServiceEntry[]>;
  /** Client certificates issued by Padu's CA (revoked ones too), by SHA-256 fingerprint (hex). */
  certificates: Map<string, CertificateEntry>;
}

/** What changed since the last load: the control-plane version and the latest token revocation. */
async function readMarker(db: Db): Promise<string> {
  const { rows } = await sql<{ version: string; revoked: Date | null }>`
    SELECT (SELECT version FROM gerbang_state WHERE id = 1) AS version,
           (SELECT max(t.revoked_at) FROM api_token t JOIN gerbang_subsystem_token s ON s.token_id = t.id) AS revoked`.execute(db);
  const row = rows[0];
  return `${row?.version ?? 0}|${row?.revoked ? new Date(row.revoked).getTime() : 0}`;
}

export async function loadSnapshot(db: Db, settings: GerbangSettings, now: Date): Promise<Snapshot> {
  const marker = await readMarker(db);
  const [subsystemRows, tokenRows, serviceRows, endpointRows, rightRows, memberRows, certificateRows] = await Promise.all([
    db
      .selectFrom('gerbang_subsystem as s')
      .innerJoin('opd as o', 'o.id', 's.opd_id')
      .select(['s.id', 's.opd_id', 's.code', 's.name', 's.active', 'o.code as opd_code'])
      .execute(),
    db
      .selectFrom('gerbang_subsystem_token as l')
      .innerJoin('api_token as t', 't.id', 'l.token_id')
      .select(['t.id', 't.token_hash', 't.expires_at', 't.scopes', 't.last_used_at', 'l.subsystem_id'])
      .where('t.revoked_at', 'is', null)
      .where((eb) => eb.or([eb('t.expires_at', 'is', null), eb('t.expires_at', '>', now)]))
      .execute(),
    db.selectFrom('gerbang_service').selectAll().execute(),
    db.selectFrom('gerbang_endpoint').select(['service_id', 'method', 'path', 'summary']).orderBy('service_id').orderBy('position').execute(),
    db.selectFrom('gerbang_access_right').select(['id', 'service_id', 'subsystem_id', 'group_id', 'method', 'path', 'rate_limit_rps', 'daily_quota']).execute(),
    db.selectFrom('gerbang_group_member').select(['group_id', 'subsystem_id']).execute(),
    listCertificateIndex(db),
  ]);

  const subsystems = new Map<string, SubsystemEntry>();
  const subsystemsByIdentifier = new Map<string, SubsystemEntry>();
  for (const r of subsystemRows) {
    const entry: SubsystemEntry = {
      id: r.id,
      opdId: r.opd_id,
      opdCode: r.opd_code,
      code: r.code,
      name: r.name,
      identifier: subsystemIdentifier(settings.instance, settings.memberClass, r.opd_code, r.code),
      active: r.active,
    };
    subsystems.set(entry.id, entry);
    subsystemsByIdentifier.set(entry.identifier, entry);
  }

  const tokens = new Map<string, TokenEntry>();
  for (const r of tokenRows) {
    tokens.set(r.token_hash, {
      tokenId: r.id,
      subsystemId: r.subsystem_id,
      expiresAt: r.expires_at ? r.expires_at.getTime() : null,
      scopes: r.scopes,
      lastUsedAt: r.last_used_at ? r.last_used_at.getTime() : null,
    });
  }

  const endpointsOf = new Map<string, EndpointEntry[]>();
  for (const e of endpointRows) {
    const list = endpointsOf.get(e.service_id) ?? [];
    list.push({ pattern: compilePattern(e.method as EndpointMethod, e.path), summary: e.summary });
    endpointsOf.set(e.service_id, list);
  }
  const membersOf = new Map<string, string[]>();
  for (const m of memberRows) membersOf.set(m.group_id, [...(membersOf.get(m.group_id) ?? []), m.subsystem_id]);
  const rightsOf = new Map<string, Map<string, RightEntry[]>>();
  for (const r of rightRows) {
    const entry: RightEntry = {
      id: r.id,
      pattern: r.method && r.path ? compilePattern(r.method, r.path) : null,
      rateLimitRps: r.rate_limit_rps,
      dailyQuota: r.daily_quota,
    };
    const byConsumer = rightsOf.get(r.service_id) ?? new Map<string, RightEntry[]>();
    for (const consumer of r.subsystem_id ? [r.subsystem_id] : (membersOf.get(r.group_id!) ?? [])) {
      byConsumer.set(consumer, [...(byConsumer.get(consumer) ?? []), entry]);
    }
    rightsOf.set(r.service_id, byConsumer);
  }

  const services = new Map<string, ServiceEntry>();
  const servicesById = new Map<string, ServiceEntry>();
  const servicesByProvider = new Map<string, ServiceEntry[]>();
  for (const s of serviceRows) {
    const provider = subsystems.get(s.subsystem_id);
    if (!provider) continue;
    let upstream: URL;
    try {
      upstream = new URL(s.upstream_url);
    } catch {
      continue;
    }
    const entry: ServiceEntry = {
      id: s.id,
      code: s.code,
      name: s.name,
      version: s.version,
      identifier: serviceIdentifier(provider.identifier, s.code),
      provider,
      lifecycle: s.lifecycle,
      upstream,
      timeoutMs: s.timeout_ms,
      bodyLimit: Number(s.body_limit_bytes),
      capacityRps: s.capacity_rps,
      rateLimitRps: s.rate_limit_rps,
      dailyQuota: s.daily_quota,
      personalData: s.personal_data,
      keepBodies: s.keep_bodies,
      hasOpenApi: s.openapi !== null,
      endpoints: endpointsOf.get(s.id) ?? [],
      rightsByConsumer: rightsOf.get(s.id) ?? new Map(),
    };
    services.set(entry.identifier, entry);
    servicesById.set(entry.id, entry);
    servicesByProvider.set(provider.id, [...(servicesByProvider.get(provider.id) ?? []), entry]);
  }
  const certificates = new Map<string, CertificateEntry>();
  for (const c of certificateRows) {
    certificates.set(c.fingerprint, { id: c.id, subsystemId: c.subsystem_id, notBefore: new Date(c.not_before).getTime(), notAfter: new Date(c.not_after).getTime(), revokedAt: c.revoked_at ? new Date(c.revoked_at).getTime() : null });
  }
  return { loadedAt: Date.now(), marker, tokens, subsystems, subsystemsByIdentifier, services, servicesById, servicesByProvider, certificates };
}

export interface SnapshotStore {
  /** The current copy; waits only for the first load and after a change made in this process. */
  current(): Snapshot | Promise<Snapshot>;
  /** Drops the copy so the next call reloads it (a change was made in this process). */
  invalidate(): void;
  close(): void;
}

export function createSnapshotStore(options: { db: Db; settings: GerbangSettings; logger: Logger; now: () => Date }): SnapshotStore {
  const { db, settings, logger } = options;
  let snapshot: Snapshot | undefined;
  let loading: Promise<Snapshot> | undefined;
  let stale = true;
  let closed = false;
  // Changes committed by this process, and how many of them the current copy was read after: a
  // poll-triggered reload that starts after a local change must not let calls keep the old copy.
  let localChanges = 0;
  let loadedAfter = 0;

  function reload(): Promise<Snapshot> {
    loading ??= (async () => {
      try {
        // Marked fresh before reading, so a change committed during the load marks it stale again.
        stale = false;
        const seen = localChanges;
        snapshot = await loadSnapshot(db, settings, options.now());
        loadedAfter = seen;
        return snapshot;
      } catch (error) {
        stale = true;
        throw error;
      } finally {
        loading = undefined;
      }
    })();
    return loading;
  }

  const unsubscribe = onGerbangChange(() => {
    stale = true;
    localChanges += 1;
  });
  const fresh = () => snapshot !== undefined && !stale && loadedAfter === localChanges;

  const poll = setInterval(() => {
    if (closed || loading || !snapshot) return;
    void (async () => {
      try {
        const marker = await readMarker(db);
        if (marker !== snapshot?.marker || Date.now() - (snapshot?.loadedAt ?? 0) > settings.maxAgeMs) await reload();
      } catch (error) {
        logger.warn({ err: error }, 'gerbang: reloading the routing data failed; serving the previous copy');
      }
    })();
  }, settings.pollMs);
  poll.unref();

  return {
    current() {
      if (fresh()) return snapshot!;
      return (async () => {
        // A reload already under way may have read the data before this process's change.
        if (loading) await loading.catch(() => undefined);
        if (fresh()) return snapshot!;
        try {
          return await reload();
        } catch (error) {
          if (!snapshot) throw error;
          logger.warn({ err: error }, 'gerbang: reloading the routing data failed; serving the previous copy');
          return snapshot;
        }
      })();
    },
    invalidate() {
      stale = true;
    },
    close() {
      closed = true;
      clearInterval(poll);
      unsubscribe();
    },
  };
}
