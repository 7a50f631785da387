import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { X509Certificate, createPublicKey, generateKeyPairSync } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as der from './der.ts';
import { CertificateInputError, buildCertificate, buildCsr, certificatePem, fingerprintOf, publicKeyFromRequest, randomSerial, readCsr } from './x509.ts';

/**
 * The DER encoder and the certificates built with it, checked against independent readers:
 * Node's X509Certificate (OpenSSL underneath) and, when installed, the openssl command.
 */

const hex = (b: Buffer) => b.toString('hex');
const hasOpenssl = (() => {
  try {
    execFileSync('openssl', ['version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

describe('DER encoder', () => {
  test('integers are minimal, positive and two’s-complement safe', () => {
    assert.equal(hex(der.integer(0)), '020100');
    assert.equal(hex(der.integer(127)), '02017f');
    assert.equal(hex(der.integer(128)), '02020080');
    assert.equal(hex(der.integer(256)), '02020100');
    assert.equal(hex(der.integer(Buffer.from([0x00, 0x00, 0x7f]))), '02017f');
    assert.equal(hex(der.integer(Buffer.from([0xff, 0x01]))), '020300ff01');
  });

  test('object identifiers, lengths over 127 bytes, times and strings', () => {
    assert.equal(hex(der.oid('1.2.840.10045.4.3.2')), '06082a8648ce3d040302');
    assert.equal(hex(der.oid('2.5.29.19')), '0603551d13');
    assert.equal(der.readOid(der.parse(der.oid('1.3.6.1.5.5.7.3.2'))), '1.3.6.1.5.5.7.3.2');
    const long = der.octetString(Buffer.alloc(300, 1));
    assert.equal(hex(long.subarray(0, 4)), '0482012c');
    assert.equal(der.parse(long).value.length, 300);
    assert.equal(der.time(new Date('2026-03-02T02:00:00.123Z')).toString('latin1', 2), '260302020000Z');
    assert.equal(der.time(new Date('2051-01-01T00:00:00Z')).toString('latin1', 2), '20510101000000Z');
    assert.equal(hex(der.utf8String('é')), '0c02c3a9');
    assert.throws(() => der.parse(Buffer.from('0405aabb', 'hex')), /truncated/);
    assert.throws(() => der.parse(Buffer.from('040100ff', 'hex')), /trailing/);
  });
});

describe('certificates', () => {
  const caKeys = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const caName = { commonName: 'Padu Gerbang CA UJI', organization: 'Padu' };
  const notBefore = new Date('2026-01-01T00:00:00Z');
  const caDer = buildCertificate({ profile: 'ca', serial: randomSerial(), issuer: caName, subject: caName, notBefore, notAfter: new Date('2036-01-01T00:00:00Z'), subjectKey: caKeys.publicKey, issuerPublicKey: caKeys.publicKey, issuerPrivateKey: caKeys.privateKey });
  const ca = new X509Certificate(certificatePem(caDer));

  const issue = (subjectKey = generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey, profile: 'client' | 'server' = 'client', altNames = ['urn:padu:gerbang:JATIM:GOV:dinsos:siks']) =>
    buildCertificate({
      profile,
      serial: randomSerial(),
      issuer: caName,
      subject: { commonName: 'JATIM/GOV/dinsos/siks', organization: 'JATIM/GOV/dinsos' },
      notBefore,
      notAfter: new Date('2027-01-01T00:00:00Z'),
      subjectKey,
      issuerPublicKey: caKeys.publicKey,
      issuerPrivateKey: caKeys.privateKey,
      altNames,
    });

  test('a self-signed CA: version 3, CA:TRUE, its own issuer, GeneralizedTime after 2049', () => {
    assert.equal(ca.ca, true);
    assert.equal(ca.subject, 'O=Padu\nCN=Padu Gerbang CA UJI');
    assert.equal(ca.issuer, ca.subject);
    assert.ok(ca.verify(caKeys.publicKey));
    assert.ok(ca.checkIssued(ca));
    assert.equal(new Date(ca.validTo).toISOString(), '2036-01-01T00:00:00.000Z');
    assert.equal(ca.fingerprint256.replace(/:/g, '').toLowerCase(), fingerprintOf(caDer));
  });

  test('a client certificate: issued by the CA, clientAuth, the subsystem as CN, a positive 16-byte serial', () => {
    const x = new X509Certificate(certificatePem(issue()));
    assert.equal(x.ca, false);
    assert.ok(x.checkIssued(ca));
    assert.ok(x.verify(ca.publicKey));
    assert.equal(x.subject, 'O=JATIM/GOV/dinsos\nCN=JATIM/GOV/dinsos/siks');
    assert.deepEqual(x.keyUsage, ['1.3.6.1.5.5.7.3.2']);
    assert.equal(x.subjectAltName, 'URI:urn:padu:gerbang:JATIM:GOV:dinsos:siks');
    assert.equal(x.serialNumber.length, 32);
    assert.ok(Number.parseInt(x.serialNumber[0]!, 16) < 8);
    assert.equal(new Date(x.validFrom).toISOString(), notBefore.toISOString());
    // RSA and Ed25519 subject keys are carried as given.
    for (const key of [generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey, generateKeyPairSync('ed25519').publicKey]) {
      const other = new X509Certificate(certificatePem(issue(key)));
      assert.ok(other.verify(ca.publicKey));
      assert.ok(other.publicKey.equals(key));
    }
  });

  test('a server certificate names its hosts and addresses', () => {
    const x = new X509Certificate(certificatePem(issue(undefined, 'server', ['localhost', '127.0.0.1', '::1'])));
    assert.deepEqual(x.keyUsage, ['1.3.6.1.5.5.7.3.1']);
    assert.equal(x.subjectAltName, 'DNS:localhost, IP Address:127.0.0.1, IP Address:0:0:0:0:0:0:0:1');
    assert.equal(x.checkHost('localhost'), 'localhost');
    assert.equal(x.checkIP('127.0.0.1'), '127.0.0.1');
  });

  test('openssl reads and verifies them', { skip: !hasOpenssl && 'openssl is not installed' }, () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'padu-x509-'));
    try {
      fs.writeFileSync(path.join(dir, 'ca.pem'), certificatePem(caDer));
      fs.writeFileSync(path.join(dir, 'client.pem'), certificatePem(issue()));
      const verified = execFileSync('openssl', ['verify', '-attime', String(Date.parse('2026-06-01') / 1000), '-purpose', 'sslclient', '-CAfile', path.join(dir, 'ca.pem'), path.join(dir, 'client.pem')], { encoding: 'utf8' });
      assert.match(verified, /client\.pem: OK/);
      const text = execFileSync('openssl', ['x509', '-noout', '-text', '-in', path.join(dir, 'client.pem')], { encoding: 'utf8' });
      assert.match(text, /Version: 3 \(0x2\)/);
      assert.match(text, /Signature Algorithm: ecdsa-with-SHA256/);
      assert.match(text, /CA:FALSE/);
      assert.match(text, /TLS Web Client Authentication/);
      assert.match(text, /X509v3 Subject Key Identifier/);
      assert.match(text, /X509v3 Authority Key Identifier/);
      const caText = execFileSync('openssl', ['x509', '-noout', '-text', '-in', path.join(dir, 'ca.pem')], { encoding: 'utf8' });
      assert.match(caText, /CA:TRUE, pathlen:0/);
      assert.match(caText, /Certificate Sign, CRL Sign/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('certificate signing requests', () => {
  test('a CSR’s key is taken only when the CSR is signed by it (EC, RSA, Ed25519)', () => {
    for (const pair of [generateKeyPairSync('ec', { namedCurve: 'P-256' }), generateKeyPairSync('rsa', { modulusLength: 2048 }), generateKeyPairSync('ed25519')]) {
      const csr = buildCsr({ commonName: 'JATIM/GOV/dinsos/siks' }, pair.publicKey, pair.privateKey);
      const read = publicKeyFromRequest(csr);
      assert.equal(read.source, 'csr');
      assert.ok(read.key.equals(pair.publicKey));
    }
    // The signature does not match the key inside: refused.
    const a = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const b = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    assert.throws(() => publicKeyFromRequest(buildCsr({ commonName: 'x' }, a.publicKey, b.privateKey)), (e: unknown) => e instanceof CertificateInputError && e.reason === 'csr_signature');
  });

  test('a CSR made by openssl is read', { skip: !hasOpenssl && 'openssl is not installed' }, () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'padu-csr-'));
    try {
      execFileSync('openssl', ['req', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', path.join(dir, 'k.pem'), '-subj', '/CN=JATIM\\/GOV\\/dinsos\\/siks', '-out', path.join(dir, 'r.csr')], { stdio: 'ignore' });
      const key = readCsr(der.fromPem('CERTIFICATE REQUEST', fs.readFileSync(path.join(dir, 'r.csr'), 'utf8'))!);
      assert.ok(key.equals(createPublicKey(fs.readFileSync(path.join(dir, 'k.pem'), 'utf8'))));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('public keys in PEM; weak keys and garbage refused', () => {
    const pair = generateKeyPairSync('ec', { namedCurve: 'P-384' });
    const read = publicKeyFromRequest(pair.publicKey.export({ type: 'spki', format: 'pem' }).toString());
    assert.equal(read.source, 'public_key');
    const weak = generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey.export({ type: 'spki', format: 'pem' }).toString();
    const reason = (input: string) => {
      try {
        publicKeyFromRequest(input);
        return 'accepted';
      } catch (e) {
        return e instanceof CertificateInputError ? e.reason : String(e);
      }
    };
    assert.equal(reason(weak), 'key_weak');
    assert.equal(reason('hello'), 'key_invalid');
    assert.equal(reason('-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----'), 'key_invalid');
    assert.equal(reason('-----BEGIN CERTIFICATE REQUEST-----\nMAMCAQA=\n-----END CERTIFICATE REQUEST-----'), 'csr_invalid');
  });
});
