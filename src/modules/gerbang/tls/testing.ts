import type { Kysely } from 'kysely';
import type { DB } from '../../../platform/db/schema.ts';
import './db.ts';

/**
 * For the authorization matrix: one client certificate of a subsystem, written straight to the
 * tables (its CA row is a retired placeholder, so the real CA is still made on first use).
 */
export async function insertCertificateFixture(db: Kysely<DB>, ids: { certificateId: string; caId: string }, subsystemId: string, now: Date): Promise<void> {
  const later = new Date(now.getTime() + 365 * 86_400_000);
  await db
    .insertInto('gerbang_ca')
    .values({ id: ids.caId, certificate: '-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----\n', private_key_enc: 'placeholder', wrap_key_id: 'placeholder', not_before: now, not_after: later, created_at: now, retired_at: now })
    .execute();
  await db
    .insertInto('gerbang_client_cert')
    .values({
      id: ids.certificateId,
      subsystem_id: subsystemId,
      ca_id: ids.caId,
      serial: ids.certificateId.replace(/-/g, ''),
      fingerprint: ids.caId.padEnd(64, '0'),
      subject: 'CN=fixture',
      certificate: '-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----\n',
      key_source: 'generated',
      key_algorithm: 'EC P-256',
      not_before: now,
      not_after: later,
      issued_by: null,
      created_at: now,
      revoked_at: null,
      revoked_by: null,
    })
    .execute();
}

/** The mutual-TLS tables, for "refused and changed nothing" checks. */
export async function certificateSnapshot(db: Kysely<DB>): Promise<unknown> {
  return {
    cas: await db.selectFrom('gerbang_ca').selectAll().orderBy('id').execute(),
    certificates: await db.selectFrom('gerbang_client_cert').selectAll().orderBy('id').execute(),
  };
}
