import type { Config } from '../../../config.ts';
import { decrypt, encrypt, evidenceKeysFor, indexValue } from '../evidence/keys.ts';

/**
 * How a citizen appears in exchanges and how their identifiers are kept. The data subject of a
 * prefill call is sent as `X-Road-Represented-Party: ID<NIK>` (country code + national number, the
 * X-Road convention for persons), and as `X-Road-UserId` too when the citizen is the one using
 * the portal. The evidence log keeps both as commitments with a keyed hash for exact search, so
 * the citizen's access log finds their exchanges by recomputing that hash — the NIK is never
 * stored in clear, here or there. Keys come from the evidence key (docs/evidence.md).
 */
export const NIK = /^\d{16}$/;

export function subjectIdentifier(nik: string): string {
  return `ID${nik}`;
}

type KeyConfig = Pick<Config, 'evidence' | 'dataDir'>;

/** The keyed hash of a citizen that consents are filed under. */
export function subjectIndex(config: KeyConfig, nik: string): string {
  return indexValue(evidenceKeysFor(config), 'subject', nik);
}

/**
 * The evidence log's search hashes a citizen's exchanges can carry: as X-Road-UserId and as
 * X-Road-Represented-Party, each written `ID<NIK>` (Padu's convention) or as the bare NIK.
 */
export function evidenceSubjectIndexes(config: KeyConfig, nik: string): { userId: string[]; party: string[] } {
  const keys = evidenceKeysFor(config);
  const forms = [subjectIdentifier(nik), nik];
  return { userId: forms.map((v) => indexValue(keys, 'userId', v)), party: forms.map((v) => indexValue(keys, 'representedParty', v)) };
}

/** A record key of a change event (a NIK, NIB, …): encrypted, bound to the event, and hashed for look-ups. */
export function sealRecordKey(config: KeyConfig, eventId: string, keyKind: string, value: string): { enc: string; index: string; keyId: string } {
  const keys = evidenceKeysFor(config);
  return {
    enc: encrypt(keys.piiKey, Buffer.from(value, 'utf8'), `gerbang-change:${eventId}`).toString('base64'),
    index: indexValue(keys, `recordKey:${keyKind}`, value),
    keyId: keys.id,
  };
}

export function openRecordKey(config: KeyConfig, eventId: string, enc: string): string {
  return decrypt(evidenceKeysFor(config).piiKey, Buffer.from(enc, 'base64'), `gerbang-change:${eventId}`).toString('utf8');
}

/** A new webhook signing secret (shown once) and its ciphertext bound to the subscription. */
export function newWebhookSecret(config: KeyConfig, subscriptionId: string, random: string): { secret: string; enc: string; keyId: string } {
  const keys = evidenceKeysFor(config);
  const secret = `whsec_${random}`;
  return { secret, enc: encrypt(keys.piiKey, Buffer.from(secret, 'utf8'), `gerbang-webhook:${subscriptionId}`).toString('base64'), keyId: keys.id };
}

export function openWebhookSecret(config: KeyConfig, subscriptionId: string, enc: string): string {
  return decrypt(evidenceKeysFor(config).piiKey, Buffer.from(enc, 'base64'), `gerbang-webhook:${subscriptionId}`).toString('utf8');
}
