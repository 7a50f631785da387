import { X509Certificate, createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import type { Deps } from '../../../platform/deps.ts';
import type { Db } from '../../../platform/db/database.ts';
import type { GerbangSettings } from '../config.ts';
import { decrypt, encrypt, evidenceKeysFor } from '../evidence/keys.ts';
import { buildCertificate, certificatePem, fingerprintOf, randomSerial, spkiOf, type NameParts } from './x509.ts';
import { findCurrentCa, insertCaIfNone, type CaRow } from './repo.ts';

/**
 * Padu's certification authority for the gateway: an ECDSA P-256 key (what every TLS stack takes
 * for client certificates) with a self-signed certificate valid for ten years, made on first use.
 * Its private key lives in the database wrapped (AES-256-GCM) with a key derived from the
 * evidence key — PADU_EVIDENCE_KEY, or the key file in the data folder — exactly as the evidence
 * log's seal-signing keys are kept, so a copy of the database alone cannot issue certificates.
 */
export interface PaduCa {
  /** SHA-256 (hex) of the certificate's DER. */
  id: string;
  certificatePem: string;
  certificate: X509Certificate;
  name: NameParts;
  publicKey: KeyObject;
  privateKey: KeyObject;
  notBefore: Date;
  notAfter: Date;
}

export type CaDeps = Pick<Deps, 'db' | 'clock' | 'config'> & { settings: GerbangSettings };

const CA_YEARS = 10;
const opened = new WeakMap<Db, PaduCa>();

const aad = (id: string) => `gerbang-ca:${id}`;

export function caName(settings: GerbangSettings): NameParts {
  return { commonName: `Padu Gerbang CA ${settings.instance}`, organization: 'Padu' };
}

function open(deps: CaDeps, row: CaRow): PaduCa {
  const keys = evidenceKeysFor(deps.config);
  if (row.wrap_key_id !== keys.id) throw new Error(`gerbang: the CA key was wrapped by evidence key ${row.wrap_key_id}, but this process has ${keys.id} (set the same PADU_EVIDENCE_KEY on every node)`);
  const privateKey = createPrivateKey({ key: decrypt(keys.wrapKey, Buffer.from(row.private_key_enc, 'base64'), aad(row.id)), format: 'der', type: 'pkcs8' });
  const certificate = new X509Certificate(row.certificate);
  const publicKey = createPublicKey(privateKey);
  if (!spkiOf(publicKey).equals(spkiOf(certificate.publicKey))) throw new Error(`gerbang: CA ${row.id} does not match its private key`);
  return {
    id: row.id,
    certificatePem: row.certificate,
    certificate,
    name: caName(deps.settings),
    publicKey,
    privateKey,
    notBefore: new Date(row.not_before),
    notAfter: new Date(row.not_after),
  };
}

/** The current CA, created (once, whichever process comes first) when there is none yet. */
export async function ensureCa(deps: CaDeps): Promise<PaduCa> {
  const cached = opened.get(deps.db);
  if (cached) return cached;
  let row = await findCurrentCa(deps.db);
  if (!row) {
    const now = deps.clock.now();
    const pair = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const name = caName(deps.settings);
    const notBefore = new Date(now.getTime() - 60 * 60 * 1000);
    const notAfter = new Date(now);
    notAfter.setUTCFullYear(notAfter.getUTCFullYear() + CA_YEARS);
    const certificateDer = buildCertificate({
      profile: 'ca',
      serial: randomSerial(),
      issuer: name,
      subject: name,
      notBefore,
      notAfter,
      subjectKey: pair.publicKey,
      issuerPublicKey: pair.publicKey,
      issuerPrivateKey: pair.privateKey,
    });
    const id = fingerprintOf(certificateDer);
    const keys = evidenceKeysFor(deps.config);
    const pkcs8 = pair.privateKey.export({ type: 'pkcs8', format: 'der' });
    await insertCaIfNone(deps.db, {
      id,
      certificate: certificatePem(certificateDer),
      private_key_enc: encrypt(keys.wrapKey, pkcs8, aad(id)).toString('base64'),
      wrap_key_id: keys.id,
      not_before: notBefore,
      not_after: notAfter,
      created_at: now,
      retired_at: null,
    });
    row = await findCurrentCa(deps.db);
    if (!row) throw new Error('gerbang: the CA could not be created');
  }
  const ca = open(deps, row);
  opened.set(deps.db, ca);
  return ca;
}
