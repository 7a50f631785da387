import fs from 'node:fs';
import path from 'node:path';
import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';

/**
 * Encryption of personal data at rest (a citizen's NIK). One 32-byte *data key* (PADU_DATA_KEY,
 * or `<dataDir>/data.key`, created on first use like the gateway's evidence key) is the root;
 * HKDF derives a key to encrypt (AES-256-GCM) and a key to index (HMAC-SHA-256, for exact
 * look-ups without decrypting). The data key is never stored in the database, so a copy of the
 * database alone does not reveal a NIK.
 */
export interface DataKeys {
  /** Short public name of the data key, stored next to what it encrypted. */
  id: string;
  encryptKey: Buffer;
  indexKey: Buffer;
}

export const DATA_KEY_FILE = 'data.key';

export function parseDataKey(text: string): Buffer {
  const trimmed = text.trim();
  const key = /^[0-9a-fA-F]{64}$/.test(trimmed) ? Buffer.from(trimmed, 'hex') : Buffer.from(trimmed, 'base64');
  if (key.length !== 32) throw new Error('PADU_DATA_KEY must be 32 random bytes, as 64 hex digits or base64 (openssl rand -base64 32)');
  return key;
}

export function deriveDataKeys(master: Buffer): DataKeys {
  const derive = (info: string) => Buffer.from(hkdfSync('sha256', master, Buffer.alloc(0), `padu-data/${info}`, 32));
  return {
    id: createHmac('sha256', master).update('padu-data/key-id').digest('hex').slice(0, 16),
    encryptKey: derive('personal-fields'),
    indexKey: derive('personal-index'),
  };
}

function loadOrCreateKeyFile(dataDir: string): Buffer {
  const file = path.join(dataDir, DATA_KEY_FILE);
  if (fs.existsSync(file)) return parseDataKey(fs.readFileSync(file, 'utf8'));
  fs.mkdirSync(dataDir, { recursive: true });
  // Written aside and linked into place, so a process starting at the same moment never reads
  // half a file; if another process won the race, its key is the one everybody uses.
  const temp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
  fs.writeFileSync(temp, `${randomBytes(32).toString('base64')}\n`, { mode: 0o600 });
  try {
    fs.linkSync(temp, file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  } finally {
    fs.rmSync(temp, { force: true });
  }
  return parseDataKey(fs.readFileSync(file, 'utf8'));
}

const loaded = new WeakMap<object, DataKeys>();

/** The data keys of a configuration, loaded once per configuration object. */
export function dataKeysFor(config: { dataKey: string | undefined; dataDir: string }): DataKeys {
  let keys = loaded.get(config);
  if (!keys) {
    keys = deriveDataKeys(config.dataKey ? parseDataKey(config.dataKey) : loadOrCreateKeyFile(config.dataDir));
    loaded.set(config, keys);
  }
  return keys;
}

/** AES-256-GCM; base64 of iv (12) ‖ tag (16) ‖ ciphertext. `context` binds it to its row and field. */
export function encryptField(keys: DataKeys, plaintext: string, context: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', keys.encryptKey, iv);
  cipher.setAAD(Buffer.from(context, 'utf8'));
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64');
}

/** Throws when the key is wrong, or the ciphertext or its context was changed or moved. */
export function decryptField(keys: DataKeys, sealed: string, context: string): string {
  const raw = Buffer.from(sealed, 'base64');
  if (raw.length < 28) throw new Error('ciphertext too short');
  const decipher = createDecipheriv('aes-256-gcm', keys.encryptKey, raw.subarray(0, 12));
  decipher.setAAD(Buffer.from(context, 'utf8'));
  decipher.setAuthTag(raw.subarray(12, 28));
  return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
}

/** Keyed hash for exact-match look-ups; reveals nothing without the data key. */
export function indexField(keys: DataKeys, field: string, value: string): string {
  return createHmac('sha256', keys.indexKey).update(`${field}\u0000${value}`).digest('hex');
}
