import fs from 'node:fs';
import path from 'node:path';
import { commitmentOf } from './merkle.ts';
import {
  createCipheriv,
  createDecipheriv,
  createHash,
  createHmac,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  hkdfSync,
  randomBytes,
  randomFillSync,
  sign,
  verify,
  type KeyObject,
} from 'node:crypto';

/**
 * Keys of the evidence log.
 *
 * One 32-byte *evidence key* (PADU_EVIDENCE_KEY, or a key file in the data folder) is the root:
 * HKDF derives from it separate keys to encrypt personal fields, to index them for exact search
 * (HMAC), to encrypt bodies, and to wrap the Ed25519 signing keys kept in the database. The
 * evidence key itself is never stored in the database, so a copy of the database alone neither
 * reads the personal fields nor forges a seal.
 */
export interface EvidenceKeys {
  /** Short public name of the evidence key (not secret), stored next to what it encrypted. */
  id: string;
  /** Where it came from: the environment, or the key file (path). */
  source: 'env' | 'file';
  file?: string;
  piiKey: Buffer;
  indexKey: Buffer;
  bodyKey: Buffer;
  wrapKey: Buffer;
}

export const KEY_FILE_NAME = 'evidence.key';

/** Reads `PADU_EVIDENCE_KEY`: 64 hex digits or base64 of 32 bytes. */
export function parseEvidenceKey(text: string): Buffer {
  const trimmed = text.trim();
  const key = /^[0-9a-fA-F]{64}$/.test(trimmed) ? Buffer.from(trimmed, 'hex') : Buffer.from(trimmed, 'base64');
  if (key.length !== 32) throw new Error('PADU_EVIDENCE_KEY must be 32 random bytes, as 64 hex digits or base64 (openssl rand -base64 32)');
  return key;
}

export function deriveEvidenceKeys(master: Buffer, source: EvidenceKeys['source'], file?: string): EvidenceKeys {
  const derive = (info: string) => Buffer.from(hkdfSync('sha256', master, Buffer.alloc(0), `padu-evidence/${info}`, 32));
  return {
    id: createHmac('sha256', master).update('padu-evidence/key-id').digest('hex').slice(0, 16),
    source,
    file,
    piiKey: derive('personal-fields'),
    indexKey: derive('personal-index'),
    bodyKey: derive('bodies'),
    wrapKey: derive('signing-key-wrap'),
  };
}

/**
 * The evidence key for this process: PADU_EVIDENCE_KEY when set; otherwise the key file
 * `<dataDir>/evidence.key`, created (mode 0600) when `create` is true and it does not exist yet.
 * Returns null when there is neither and `create` is false.
 */
export function loadEvidenceKeys(options: { envKey: string | undefined; dataDir: string; create: boolean }): EvidenceKeys | null {
  if (options.envKey) return deriveEvidenceKeys(parseEvidenceKey(options.envKey), 'env');
  const file = path.join(options.dataDir, KEY_FILE_NAME);
  const read = () => deriveEvidenceKeys(parseEvidenceKey(fs.readFileSync(file, 'utf8')), 'file', file);
  if (fs.existsSync(file)) return read();
  if (!options.create) return null;
  fs.mkdirSync(options.dataDir, { recursive: true });
  // Written aside and linked into place, so a process starting at the same moment never reads
  // half a file; if it won the race, its key is the one everybody uses.
  const temp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
  fs.writeFileSync(temp, `${randomBytes(32).toString('base64')}\n`, { mode: 0o600 });
  try {
    fs.linkSync(temp, file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  } finally {
    fs.rmSync(temp, { force: true });
  }
  return read();
}

// ---- Random salts and IVs, bought in bulk --------------------------------------------------------

/**
 * Every exchange needs a fresh salt and IV. One call into the CSPRNG per 8 KiB instead of two per
 * record (measured at several microseconds each on the gateway's path); the same output, only
 * fetched ahead, as Node does for randomUUID. The view is valid until the next call: use it at once.
 */
const pool = Buffer.alloc(8192);
let poolAt = pool.length;
function freshRandom(size: number): Buffer {
  if (poolAt + size > pool.length) {
    randomFillSync(pool);
    poolAt = 0;
  }
  const view = pool.subarray(poolAt, poolAt + size);
  poolAt += size;
  return view;
}

// ---- AES-256-GCM: iv (12) || tag (16) || ciphertext ---------------------------------------------

export function encrypt(key: Buffer, plaintext: Buffer, aad: string): Buffer {
  const iv = freshRandom(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(aad, 'utf8'));
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]);
}

/** Throws when the key is wrong or the ciphertext or its context (`aad`) was changed. */
export function decrypt(key: Buffer, sealed: Buffer, aad: string): Buffer {
  if (sealed.length < 28) throw new Error('ciphertext too short');
  const decipher = createDecipheriv('aes-256-gcm', key, sealed.subarray(0, 12));
  decipher.setAAD(Buffer.from(aad, 'utf8'));
  decipher.setAuthTag(sealed.subarray(12, 28));
  return Buffer.concat([decipher.update(sealed.subarray(28)), decipher.final()]);
}

// ---- Personal fields: commitment (hashed), ciphertext (readable by parties), index (searchable) --

/** What goes into the leaf hash for a personal value: SHA-256 over a random salt and the value. */
export const commitment = commitmentOf;

export interface SealedPersonalValue {
  commit: string;
  enc: string;
  index: string;
}

/** The salt travels inside the ciphertext, so only a key holder can open (and prove) the value. */
export function sealPersonalValue(keys: EvidenceKeys, field: string, value: string, withIndex: boolean): SealedPersonalValue {
  const salt = freshRandom(16).toString('hex');
  const commit = commitment(value, salt);
  const enc = encrypt(keys.piiKey, Buffer.from(JSON.stringify({ v: value, s: salt }), 'utf8'), `${field}:${commit}`).toString('base64');
  return { commit, enc, index: withIndex ? indexValue(keys, field, value) : '' };
}

export function openPersonalValue(keys: EvidenceKeys, field: string, commit: string, enc: string): { value: string; salt: string } {
  const parsed = JSON.parse(decrypt(keys.piiKey, Buffer.from(enc, 'base64'), `${field}:${commit}`).toString('utf8')) as { v: string; s: string };
  return { value: parsed.v, salt: parsed.s };
}

/** Keyed hash for exact-match search; without the evidence key it reveals nothing. */
export function indexValue(keys: EvidenceKeys, field: string, value: string): string {
  return createHmac('sha256', keys.indexKey).update(`${field}\u0000${value}`, 'utf8').digest('hex');
}

// ---- Ed25519 signing keys ---------------------------------------------------------------------

export interface SigningKey {
  id: string;
  publicKey: KeyObject;
  /** base64 of the SubjectPublicKeyInfo DER. */
  publicKeyDer: string;
  privateKey: KeyObject;
}

/** The key id is the first 32 hex digits of SHA-256 over the public key's SPKI DER bytes. */
export function keyIdOf(spkiDer: Buffer): string {
  return createHash('sha256').update(spkiDer).digest('hex').slice(0, 32);
}

export function generateSigningKey(keys: EvidenceKeys): { key: SigningKey; privateKeyEnc: string } {
  const pair = generateKeyPairSync('ed25519');
  const spki = pair.publicKey.export({ type: 'spki', format: 'der' });
  const id = keyIdOf(spki);
  const pkcs8 = pair.privateKey.export({ type: 'pkcs8', format: 'der' });
  return {
    key: { id, publicKey: pair.publicKey, publicKeyDer: spki.toString('base64'), privateKey: pair.privateKey },
    privateKeyEnc: encrypt(keys.wrapKey, pkcs8, `signing-key:${id}`).toString('base64'),
  };
}

/** Opens a stored signing key; throws when it was wrapped by another evidence key or altered. */
export function openSigningKey(keys: EvidenceKeys, row: { id: string; public_key: string; private_key_enc: string }): SigningKey {
  const pkcs8 = decrypt(keys.wrapKey, Buffer.from(row.private_key_enc, 'base64'), `signing-key:${row.id}`);
  const privateKey = createPrivateKey({ key: pkcs8, format: 'der', type: 'pkcs8' });
  const publicKey = createPublicKey(privateKey);
  const spki = publicKey.export({ type: 'spki', format: 'der' });
  if (spki.toString('base64') !== row.public_key || keyIdOf(spki) !== row.id) throw new Error(`signing key ${row.id} does not match its public key`);
  return { id: row.id, publicKey, publicKeyDer: row.public_key, privateKey };
}

export function publicKeyFromDer(der: string): KeyObject {
  return createPublicKey({ key: Buffer.from(der, 'base64'), format: 'der', type: 'spki' });
}

export function publicKeyPem(der: string): string {
  return publicKeyFromDer(der).export({ type: 'spki', format: 'pem' }).toString();
}

export function signMessage(key: SigningKey, message: string): string {
  return sign(null, Buffer.from(message, 'utf8'), key.privateKey).toString('base64');
}

export function verifySignature(publicKey: KeyObject, message: string, signature: string): boolean {
  try {
    return verify(null, Buffer.from(message, 'utf8'), publicKey, Buffer.from(signature, 'base64'));
  } catch {
    return false;
  }
}

const configured = new WeakMap<object, EvidenceKeys>();

/** The evidence key of a configuration (created in the data folder when needed), loaded once. */
export function evidenceKeysFor(config: { evidence: { key: string | undefined }; dataDir: string }): EvidenceKeys {
  let keys = configured.get(config);
  if (!keys) {
    keys = loadEvidenceKeys({ envKey: config.evidence.key, dataDir: config.dataDir, create: true })!;
    configured.set(config, keys);
  }
  return keys;
}
