import type { Insertable, Selectable } from 'kysely';
import type { Db } from '../../../platform/db/database.ts';
import type { GerbangCaTable, GerbangClientCertTable } from './db.ts';
import './db.ts';

/** SQL of the gateway's CA and of subsystems' client certificates. */
export type CaRow = Selectable<GerbangCaTable>;
export type ClientCertRow = Selectable<GerbangClientCertTable>;

export function findCurrentCa(db: Db) {
  return db.selectFrom('gerbang_ca').selectAll().where('retired_at', 'is', null).executeTakeFirst();
}

/** Every CA certificate still trusted (the current one and retired ones not yet expired). */
export function listCaCertificates(db: Db, now: Date) {
  return db.selectFrom('gerbang_ca').select(['id', 'certificate', 'retired_at']).where('not_after', '>', now).orderBy('created_at', 'desc').execute();
}

/** Inserts a new current CA unless another process just did; the caller reads back the winner. */
export async function insertCaIfNone(db: Db, row: Insertable<GerbangCaTable>): Promise<void> {
  await db.insertInto('gerbang_ca').values(row).onConflict((oc) => oc.doNothing()).execute();
}

export async function insertClientCert(db: Db, row: Insertable<GerbangClientCertTable>): Promise<void> {
  await db.insertInto('gerbang_client_cert').values(row).execute();
}

export function listClientCerts(db: Db, subsystemId: string) {
  return db.selectFrom('gerbang_client_cert').selectAll().where('subsystem_id', '=', subsystemId).orderBy('created_at', 'desc').orderBy('id').execute();
}

export function findClientCert(db: Db, id: string) {
  return db.selectFrom('gerbang_client_cert').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Marks a certificate revoked; false when it already was. */
export async function markClientCertRevoked(db: Db, id: string, at: Date, by: string | null): Promise<boolean> {
  const result = await db.updateTable('gerbang_client_cert').set({ revoked_at: at, revoked_by: by }).where('id', '=', id).where('revoked_at', 'is', null).executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** What the data plane needs to recognise a certificate, for its in-memory snapshot. */
export function listCertificateIndex(db: Db) {
  return db.selectFrom('gerbang_client_cert').select(['id', 'subsystem_id', 'fingerprint', 'not_before', 'not_after', 'revoked_at']).execute();
}
