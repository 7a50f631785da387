import { createHash, createPublicKey, generateKeyPairSync, randomBytes, sign, verify, type KeyObject } from 'node:crypto';
import { isIP } from 'node:net';
import * as der from './der.ts';

/**
 * X.509 v3 certificates (RFC 5280) built with our own DER encoder and signed with node:crypto,
 * and certificate signing requests (PKCS #10, RFC 2986) read and checked. Only what Padu's CA
 * needs: a self-signed CA, client certificates for subsystems, server certificates for the
 * gateway's TLS listener.
 */

const OID = {
  commonName: '2.5.4.3',
  organization: '2.5.4.10',
  basicConstraints: '2.5.29.19',
  keyUsage: '2.5.29.15',
  extKeyUsage: '2.5.29.37',
  subjectAltName: '2.5.29.17',
  subjectKeyIdentifier: '2.5.29.14',
  authorityKeyIdentifier: '2.5.29.35',
  serverAuth: '1.3.6.1.5.5.7.3.1',
  clientAuth: '1.3.6.1.5.5.7.3.2',
  ecdsaSha256: '1.2.840.10045.4.3.2',
  ecdsaSha384: '1.2.840.10045.4.3.3',
  ecdsaSha512: '1.2.840.10045.4.3.4',
  rsaSha256: '1.2.840.113549.1.1.11',
  rsaSha384: '1.2.840.113549.1.1.12',
  rsaSha512: '1.2.840.113549.1.1.13',
  ed25519: '1.3.101.112',
} as const;

/** Signature algorithms accepted on CSRs: OID → hash for crypto.verify (null: the key decides, Ed25519). */
const SIGNATURE_HASHES: Record<string, string | null> = {
  [OID.ecdsaSha256]: 'sha256',
  [OID.ecdsaSha384]: 'sha384',
  [OID.ecdsaSha512]: 'sha512',
  [OID.rsaSha256]: 'sha256',
  [OID.rsaSha384]: 'sha384',
  [OID.rsaSha512]: 'sha512',
  [OID.ed25519]: null,
};

export interface NameParts {
  commonName: string;
  organization?: string;
}

export type CertificateProfile = 'ca' | 'client' | 'server';

export interface CertificateSpec {
  profile: CertificateProfile;
  serial: Buffer;
  issuer: NameParts;
  subject: NameParts;
  notBefore: Date;
  notAfter: Date;
  subjectKey: KeyObject;
  /** The issuer's key pair (for a self-signed CA, the subject's own). */
  issuerPublicKey: KeyObject;
  issuerPrivateKey: KeyObject;
  /** subjectAltName entries: DNS names and IP addresses (server), URIs (client). */
  altNames?: string[];
}

/** A fresh serial number: 16 random bytes, positive and without a leading zero byte. */
export function randomSerial(): Buffer {
  const serial = randomBytes(16);
  serial[0] = (serial[0]! & 0x7f) | 0x40;
  return serial;
}

function name(parts: NameParts): der.Der {
  const rdn = (type: string, value: string) => der.set(der.sequence(der.oid(type), der.utf8String(value)));
  return der.sequence(...(parts.organization ? [rdn(OID.organization, parts.organization)] : []), rdn(OID.commonName, parts.commonName));
}

function extension(id: string, critical: boolean, value: der.Der): der.Der {
  return der.sequence(der.oid(id), ...(critical ? [der.boolean(true)] : []), der.octetString(value));
}

/** KeyUsage bits (RFC 5280 4.2.1.3) as a DER BIT STRING: trailing zero bits are not encoded. */
function keyUsage(bits: number[]): der.Der {
  let value = 0;
  for (const bit of bits) value |= 0x80 >> bit;
  let unused = 0;
  while (unused < 7 && !(value & (1 << unused))) unused++;
  return der.tlv(0x03, Buffer.from([unused, value]));
}

function generalName(entry: string): der.Der {
  if (isIP(entry)) {
    const bytes = isIP(entry) === 4 ? Buffer.from(entry.split('.').map(Number)) : ipv6Bytes(entry);
    return der.implicit(7, bytes);
  }
  if (/^[a-z][a-z0-9+.-]*:/i.test(entry)) return der.implicit(6, Buffer.from(entry, 'ascii'));
  return der.implicit(2, Buffer.from(entry, 'ascii'));
}

function ipv6Bytes(address: string): Buffer {
  const [head, tail] = address.includes('::') ? address.split('::') : [address, undefined];
  const groups = (s: string | undefined) => (s ? s.split(':') : []);
  const front = groups(head);
  const back = groups(tail);
  const all = tail === undefined ? front : [...front, ...Array(8 - front.length - back.length).fill('0'), ...back];
  return Buffer.from(all.map((g) => g.padStart(4, '0')).join(''), 'hex');
}

/** The SubjectPublicKeyInfo of a key, DER. */
export function spkiOf(key: KeyObject): Buffer {
  return key.export({ type: 'spki', format: 'der' });
}

/** Key identifier (RFC 5280 4.2.1.2, method 1): SHA-1 of the subjectPublicKey bits. */
export function keyIdentifier(key: KeyObject): Buffer {
  const [, bits] = der.children(der.parse(spkiOf(key)));
  return createHash('sha1').update(der.readBitString(bits!)).digest();
}

/** The algorithm identifier and the way to sign for an issuer key. */
function signatureAlgorithm(key: KeyObject): { id: der.Der; hash: string | null } {
  const type = key.asymmetricKeyType;
  if (type === 'ec') {
    const curve = key.asymmetricKeyDetails?.namedCurve;
    if (curve === 'prime256v1') return { id: der.sequence(der.oid(OID.ecdsaSha256)), hash: 'sha256' };
    if (curve === 'secp384r1') return { id: der.sequence(der.oid(OID.ecdsaSha384)), hash: 'sha384' };
  }
  if (type === 'rsa') return { id: der.sequence(der.oid(OID.rsaSha256), der.nullValue()), hash: 'sha256' };
  if (type === 'ed25519') return { id: der.sequence(der.oid(OID.ed25519)), hash: null };
  throw new Error(`x509: cannot sign with a ${type} key`);
}

/** Builds and signs a certificate; returns its DER. */
export function buildCertificate(spec: CertificateSpec): Buffer {
  const algorithm = signatureAlgorithm(spec.issuerPrivateKey);
  const extensions: der.Der[] = [];
  if (spec.profile === 'ca') {
    extensions.push(extension(OID.basicConstraints, true, der.sequence(der.boolean(true), der.integer(0))));
    extensions.push(extension(OID.keyUsage, true, keyUsage([0, 5, 6])));
  } else {
    extensions.push(extension(OID.basicConstraints, true, der.sequence()));
    extensions.push(extension(OID.keyUsage, true, keyUsage([0])));
    extensions.push(extension(OID.extKeyUsage, false, der.sequence(der.oid(spec.profile === 'server' ? OID.serverAuth : OID.clientAuth))));
  }
  if (spec.altNames?.length) extensions.push(extension(OID.subjectAltName, false, der.sequence(...spec.altNames.map(generalName))));
  extensions.push(extension(OID.subjectKeyIdentifier, false, der.octetString(keyIdentifier(spec.subjectKey))));
  extensions.push(extension(OID.authorityKeyIdentifier, false, der.sequence(der.implicit(0, keyIdentifier(spec.issuerPublicKey)))));

  const tbs = der.sequence(
    der.explicit(0, der.integer(2)),
    der.integer(spec.serial),
    algorithm.id,
    name(spec.issuer),
    der.sequence(der.time(spec.notBefore), der.time(spec.notAfter)),
    name(spec.subject),
    spkiOf(spec.subjectKey),
    der.explicit(3, der.sequence(...extensions)),
  );
  const signature = sign(algorithm.hash, tbs, spec.issuerPrivateKey);
  return der.sequence(tbs, algorithm.id, der.bitString(signature));
}

export const certificatePem = (certificateDer: Buffer): string => der.toPem('CERTIFICATE', certificateDer);

/** SHA-256 of a certificate's DER, lower-case hex: how certificates are found. */
export const fingerprintOf = (certificateDer: Buffer): string => createHash('sha256').update(certificateDer).digest('hex');

// ---- Keys of subsystems -------------------------------------------------------------------------

/** Why a key or a request was refused (shown to the agency admin). */
export class CertificateInputError extends Error {
  constructor(readonly reason: 'csr_invalid' | 'csr_signature' | 'key_invalid' | 'key_weak') {
    super(reason);
  }
}

/** Keys a client certificate may carry: EC P-256/P-384, RSA of at least 2048 bits, Ed25519. */
export function describeKey(key: KeyObject): string {
  const type = key.asymmetricKeyType;
  const details = key.asymmetricKeyDetails ?? {};
  if (type === 'ec' && details.namedCurve === 'prime256v1') return 'EC P-256';
  if (type === 'ec' && details.namedCurve === 'secp384r1') return 'EC P-384';
  if (type === 'rsa' && (details.modulusLength ?? 0) >= 2048) return `RSA ${details.modulusLength}`;
  if (type === 'ed25519') return 'Ed25519';
  throw new CertificateInputError('key_weak');
}

/** A subject's public key from a PKCS #10 request (signature checked) or a public key in PEM. */
export function publicKeyFromRequest(pem: string): { key: KeyObject; source: 'csr' | 'public_key' } {
  const csr = der.fromPem('CERTIFICATE REQUEST', pem) ?? der.fromPem('NEW CERTIFICATE REQUEST', pem);
  if (csr) return { key: readCsr(csr), source: 'csr' };
  if (!/-----BEGIN PUBLIC KEY-----/.test(pem)) throw new CertificateInputError('key_invalid');
  let key: KeyObject;
  try {
    key = createPublicKey({ key: pem, format: 'pem' });
  } catch {
    throw new CertificateInputError('key_invalid');
  }
  describeKey(key);
  return { key, source: 'public_key' };
}

/** Reads a CSR and checks that it is signed by the key it carries (proof of possession). */
export function readCsr(csr: Buffer): KeyObject {
  let info: der.Element;
  let spki: der.Element;
  let algorithm: string;
  let signature: Buffer;
  try {
    const [infoElement, algorithmElement, signatureElement] = der.children(der.parse(csr));
    info = infoElement!;
    const [version, , spkiElement] = der.children(info);
    if (version?.tag !== 0x02 || spkiElement?.tag !== 0x30) throw new Error('not a CSR');
    spki = spkiElement;
    algorithm = der.readOid(der.children(algorithmElement!)[0]!);
    signature = der.readBitString(signatureElement!);
  } catch {
    throw new CertificateInputError('csr_invalid');
  }
  let key: KeyObject;
  try {
    key = createPublicKey({ key: spki.raw, format: 'der', type: 'spki' });
  } catch {
    throw new CertificateInputError('csr_invalid');
  }
  describeKey(key);
  if (!(algorithm in SIGNATURE_HASHES)) throw new CertificateInputError('csr_signature');
  let valid = false;
  try {
    valid = verify(SIGNATURE_HASHES[algorithm] ?? null, info.raw, key, signature);
  } catch {
    valid = false;
  }
  if (!valid) throw new CertificateInputError('csr_signature');
  return key;
}

/** A new P-256 key pair for a subsystem whose admin lets Padu make the key (handed out once). */
export function generateClientKey(): { publicKey: KeyObject; privateKeyPem: string } {
  const pair = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  return { publicKey: pair.publicKey, privateKeyPem: pair.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() };
}

/** Builds a PKCS #10 request (for tests and for scripts that prefer to keep their key). */
export function buildCsr(subject: NameParts, publicKey: KeyObject, privateKey: KeyObject): string {
  const algorithm = signatureAlgorithm(privateKey);
  const info = der.sequence(der.integer(0), name(subject), spkiOf(publicKey), der.tlv(0xa0, Buffer.alloc(0)));
  const signature = sign(algorithm.hash, info, privateKey);
  return der.toPem('CERTIFICATE REQUEST', der.sequence(info, algorithm.id, der.bitString(signature)));
}
