import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { sha256 } from '../../platform/auth/crypto.ts';
import type { DB } from '../../platform/db/schema.ts';
import type { EvidenceLog, ExchangeRecord } from './evidence/contract.ts';

/**
 * Test helpers: an in-memory evidence log (the contract's test double, with a gate to hold
 * appends and a switch to fail them), and a small set of gerbang records of one agency for the
 * authorization matrix.
 */
export class MemoryEvidenceLog implements EvidenceLog {
  records: ExchangeRecord[] = [];
  /** Appends in progress (held while `hold` is set). */
  waiting = 0;
  fail = false;
  private gate: Promise<void> | null = null;
  private openGate: (() => void) | null = null;

  hold(): void {
    this.gate = new Promise((resolve) => (this.openGate = resolve));
  }

  release(): void {
    this.openGate?.();
    this.gate = null;
  }

  async append(record: ExchangeRecord): Promise<void> {
    this.waiting += 1;
    try {
      if (this.gate) await this.gate;
      if (this.fail) throw new Error('evidence store unavailable (test)');
      this.records.push(record);
    } finally {
      this.waiting -= 1;
    }
  }

  async close(): Promise<void> {}

  byRequestId(id: string): ExchangeRecord | undefined {
    return this.records.find((r) => r.requestId === id);
  }
}

export interface GerbangFixture {
  subsystemId: string;
  tokenId: string;
  serviceId: string;
  rightId: string;
  requestId: string;
  groupId: string;
}

/**
 * One agency's gateway records, written straight to the tables: a subsystem with a token, a
 * published service with one endpoint, an access right and a pending request (from the same
 * subsystem), and a group holding the subsystem.
 */
export function newGerbangFixtureIds(uuid: () => string): GerbangFixture {
  return { subsystemId: uuid(), tokenId: uuid(), serviceId: uuid(), rightId: uuid(), requestId: uuid(), groupId: uuid() };
}

export async function insertGerbangFixture(db: Kysely<DB>, ids: GerbangFixture, opdId: string, now: Date, code = 'simrs'): Promise<void> {
  await db.insertInto('gerbang_subsystem').values({ id: ids.subsystemId, opd_id: opdId, code, name: `Subsistem ${code}`, description: null, app_id: null, active: true, created_at: now, updated_at: now }).execute();
  await db
    .insertInto('api_token')
    .values({ id: ids.tokenId, opd_id: opdId, name: `gerbang-${code}`, token_prefix: 'gerbangx', token_hash: sha256(`padu_gerbangx_${ids.tokenId}`), scopes: ['gerbang:call'], created_by: null, created_at: now, expires_at: null, last_used_at: null, revoked_at: null })
    .execute();
  await db.insertInto('gerbang_subsystem_token').values({ token_id: ids.tokenId, subsystem_id: ids.subsystemId, created_at: now }).execute();
  await db
    .insertInto('gerbang_service')
    .values({
      id: ids.serviceId,
      subsystem_id: ids.subsystemId,
      code: 'pasien',
      name: 'Data pasien',
      description: null,
      upstream_url: 'http://127.0.0.1:9/',
      version: '1',
      lifecycle: 'published',
      timeout_ms: 30000,
      body_limit_bytes: 1048576,
      capacity_rps: null,
      rate_limit_rps: null,
      daily_quota: null,
      personal_data: true,
      keep_bodies: false,
      health_path: null,
      openapi: null,
      openapi_format: null,
      openapi_url: null,
      lifecycle_changed_at: now,
      created_at: now,
      updated_at: now,
    })
    .execute();
  await db.insertInto('gerbang_endpoint').values({ id: randomUUID(), service_id: ids.serviceId, method: 'GET', path: '/pasien/{nik}', summary: null, position: 0 }).execute();
  await db
    .insertInto('gerbang_access_right')
    .values({ id: ids.rightId, service_id: ids.serviceId, subsystem_id: ids.subsystemId, group_id: null, method: null, path: null, rate_limit_rps: null, daily_quota: null, request_id: null, granted_by: null, created_at: now })
    .execute();
  await db
    .insertInto('gerbang_access_request')
    .values({ id: ids.requestId, service_id: ids.serviceId, subsystem_id: ids.subsystemId, method: 'GET', path: '/pasien/{nik}', reason: 'Uji matriks', requested_by: null, created_at: now })
    .execute();
  await db.insertInto('gerbang_group').values({ id: ids.groupId, opd_id: opdId, code: 'mitra', name: 'Mitra', created_at: now }).execute();
  await db.insertInto('gerbang_group_member').values({ group_id: ids.groupId, subsystem_id: ids.subsystemId, added_at: now }).execute();
}

/** Everything the gateway's control plane stores, for "refused and changed nothing" checks. */
export async function gerbangSnapshot(db: Kysely<DB>): Promise<unknown> {
  return {
    subsystems: await db.selectFrom('gerbang_subsystem').selectAll().orderBy('id').execute(),
    links: await db.selectFrom('gerbang_subsystem_token').selectAll().orderBy('token_id').execute(),
    services: await db.selectFrom('gerbang_service').selectAll().orderBy('id').execute(),
    endpoints: await db.selectFrom('gerbang_endpoint').selectAll().orderBy('id').execute(),
    rights: await db.selectFrom('gerbang_access_right').selectAll().orderBy('id').execute(),
    requests: await db.selectFrom('gerbang_access_request').selectAll().orderBy('id').execute(),
    groups: await db.selectFrom('gerbang_group').selectAll().orderBy('id').execute(),
    members: await db.selectFrom('gerbang_group_member').selectAll().orderBy('group_id').orderBy('subsystem_id').execute(),
  };
}
