import type { Kysely } from 'kysely';
import type { DB } from '../../../../platform/db/schema.ts';
import type { Deps } from '../../../../platform/deps.ts';
import type { Actor } from '../../../../platform/auth/actor.ts';
import { ensure, platformPolicy } from '../../../../platform/auth/policy.ts';
import { validationError, type FieldError } from '../../../../platform/http/errors.ts';
import { recordAudit, type AuditContext } from '../../../../platform/audit/record-audit.ts';
import type { MessageKey } from '../../../../platform/i18n/index.ts';
import { localDay } from '../../local-day.ts';
import { checkNik, maskNik, normalizeNik, type NikProblem } from '../nik.ts';
import { dataKeysFor, decryptField, encryptField, indexField } from '../personal-data.ts';
import { findCitizen, insertCitizen, regionFacts, updateCitizen } from '../repo.ts';

type UserActor = Extract<Actor, { kind: 'user' }>;

/** Only citizens (role warga) have a portal profile; staff accounts do not. */
export function ensureCitizen(actor: Actor | null): asserts actor is UserActor {
  ensure(actor, platformPolicy.portalCitizen(actor));
}

const nikContext = (userId: string) => `portal_citizen.nik:${userId}`;

/** The citizen's NIK, decrypted; only for the citizen's own masked view and for use cases that need it. */
export function openNik(config: Deps['config'], userId: string, sealed: string | null): string | null {
  return sealed ? decryptField(dataKeysFor(config), sealed, nikContext(userId)) : null;
}

/** A citizen's NIK by account id (null when none is stored), for trusted server-side callers such as the gateway's prefill. */
export async function nikOfCitizen(deps: Pick<Deps, 'db' | 'config'>, userId: string): Promise<string | null> {
  const row = await findCitizen(deps.db, userId);
  return row ? openNik(deps.config, userId, row.nik_enc) : null;
}

export interface CitizenProfile {
  name: string;
  email: string;
  /** `3578••••••••0001`; the full NIK never leaves the server. */
  nikMasked: string | null;
  phone: string | null;
  regencyCode: string | null;
  districtCode: string | null;
  address: string | null;
  emailVerified: boolean;
}

/** The signed-in citizen's own profile. */
export async function getProfile(deps: Pick<Deps, 'db' | 'config'>, actor: Actor | null): Promise<CitizenProfile> {
  ensureCitizen(actor);
  const row = await findCitizen(deps.db, actor.userId);
  if (!row) throw new Error('signed-in user not found');
  const nik = openNik(deps.config, actor.userId, row.nik_enc);
  const district = row.region_kind === 'kecamatan' ? row.region_code : null;
  return {
    name: row.name,
    email: row.email,
    nikMasked: nik ? maskNik(nik) : null,
    phone: row.phone,
    regencyCode: district ? row.region_parent : row.region_code,
    districtCode: district,
    address: row.address,
    emailVerified: !!row.email_verified_at,
  };
}

export interface ProfileInput {
  name?: string;
  /** Empty clears it. */
  nik?: string | null;
  phone?: string | null;
  regencyCode?: string | null;
  districtCode?: string | null;
  address?: string | null;
}

const NIK_MESSAGES: Record<NikProblem, MessageKey> = {
  format: 'portal.profile.nik_format',
  province: 'portal.profile.nik_region',
  regency: 'portal.profile.nik_region',
  district: 'portal.profile.nik_district',
  birth_date: 'portal.profile.nik_birth_date',
  serial: 'portal.profile.nik_serial',
};

/** `0812-3456-7890` or `+62 812 …` → `+6281234567890`; null when it is not an Indonesian mobile or landline number. */
export function normalizePhone(input: string): string | null {
  const digits = input.replace(/[\s\-().]/g, '');
  const m = /^(?:\+62|62|0)([1-9][0-9]{7,12})$/.exec(digits);
  return m ? `+62${m[1]}` : null;
}

/** Whether a regency code is known: true/false where the province's regions are loaded, else undefined. */
async function regencyChecker(db: Kysely<DB>, regencyCode: string) {
  const facts = await regionFacts(db, [regencyCode.slice(0, 2), regencyCode]);
  const province = facts.get(regencyCode.slice(0, 2));
  if (!province) return undefined;
  const regency = facts.get(regencyCode);
  return !!regency && (regency.kind === 'kabupaten' || regency.kind === 'kota');
}

/**
 * Changes the citizen's own profile. The NIK is checked against its rules, encrypted with the
 * data key (bound to this account) and indexed by a keyed hash; the audit log records which
 * fields changed, never their values.
 */
export async function updateProfile(deps: Pick<Deps, 'db' | 'clock' | 'config'>, audit: AuditContext, input: ProfileInput): Promise<void> {
  const actor = audit.actor;
  ensureCitizen(actor);
  const errors: FieldError[] = [];
  const set: { nik_enc?: string | null; nik_index?: string | null; nik_key_id?: string | null; phone?: string | null; region_code?: string | null; address?: string | null } = {};
  const changed: string[] = [];

  if (input.nik !== undefined) {
    const raw = input.nik ? normalizeNik(input.nik) : '';
    if (!raw) Object.assign(set, { nik_enc: null, nik_index: null, nik_key_id: null });
    else {
      const known = /^\d{4}/.test(raw) ? await regencyChecker(deps.db, `${raw.slice(0, 2)}.${raw.slice(2, 4)}`) : undefined;
      const check = checkNik(raw, { today: localDay(deps.clock.now(), deps.config.timeZone), knownRegency: () => known });
      if (!check.ok) errors.push({ field: 'nik', messageKey: NIK_MESSAGES[check.problem] });
      else {
        const keys = dataKeysFor(deps.config);
        Object.assign(set, { nik_enc: encryptField(keys, raw, nikContext(actor.userId)), nik_index: indexField(keys, 'nik', raw), nik_key_id: keys.id });
      }
    }
    changed.push('nik');
  }
  if (input.phone !== undefined) {
    if (!input.phone) set.phone = null;
    else {
      const phone = normalizePhone(input.phone);
      if (!phone) errors.push({ field: 'phone', messageKey: 'portal.profile.phone_invalid' });
      else set.phone = phone;
    }
    changed.push('phone');
  }
  if (input.regencyCode !== undefined || input.districtCode !== undefined) {
    const regency = input.regencyCode || null;
    const district = input.districtCode || null;
    if (district && !regency) errors.push({ field: 'regencyCode', messageKey: 'validation.required' });
    else if (regency) {
      const facts = await regionFacts(deps.db, district ? [regency, district] : [regency]);
      const r = facts.get(regency);
      const d = district ? facts.get(district) : undefined;
      if (!r || (r.kind !== 'kabupaten' && r.kind !== 'kota')) errors.push({ field: 'regencyCode', messageKey: 'validation.enum' });
      else if (district && (!d || d.kind !== 'kecamatan' || d.parent_code !== regency)) errors.push({ field: 'districtCode', messageKey: 'portal.profile.district_other_regency' });
      else set.region_code = district ?? regency;
    } else set.region_code = null;
    changed.push('region');
  }
  if (input.address !== undefined) {
    const address = input.address?.trim() || null;
    if (address && address.length > 500) errors.push({ field: 'address', messageKey: 'validation.max_length', params: { limit: 500 } });
    set.address = address;
    changed.push('address');
  }
  const name = input.name?.trim();
  if (input.name !== undefined && !name) errors.push({ field: 'name', messageKey: 'validation.required' });
  if (name) changed.push('name');
  if (errors.length) throw validationError(errors);

  await deps.db.transaction().execute(async (tx) => {
    const now = deps.clock.now();
    await insertCitizen(tx, { user_id: actor.userId, nik_enc: null, nik_index: null, nik_key_id: null, phone: null, region_code: null, address: null, email_verified_at: null, created_at: now, updated_at: now });
    if (Object.keys(set).length) await updateCitizen(tx, actor.userId, { ...set, updated_at: now });
    if (name) await tx.updateTable('app_user').set({ name, updated_at: now }).where('id', '=', actor.userId).execute();
    await recordAudit(tx, deps.clock, audit, { action: 'portal.citizen.profile_updated', targetType: 'user', targetId: actor.userId, after: { fields: changed } });
  });
}
