#!/usr/bin/env node
// Checks a Padu evidence proof offline, with nothing but Node.js's own crypto module — no Padu
// code, no database, no network. It is the procedure of docs/evidence.md written out:
//
//   node scripts/verify-evidence-proof.mjs proof.json [--trusted-key KEY_ID]
//
// proof.json is what `padu evidence proof <X-Road-Id>` writes ({ "proofs": [...] }), or one proof
// as the API returns it. Exit code 0 when every proof checks out, 1 otherwise.
import { createHash, createPublicKey, verify } from 'node:crypto';
import { readFileSync } from 'node:fs';

// 1. Canonical JSON (RFC 8785 style): object keys sorted by UTF-16 code units, no whitespace,
//    strings and numbers exactly as JSON.stringify writes them.
function canonical(value) {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  return `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${canonical(value[k])}`).join(',')}}`;
}

const sha256 = (...parts) => {
  const h = createHash('sha256');
  for (const p of parts) h.update(p);
  return h.digest();
};

// 2. RFC 9162 Merkle tree: leaf = SHA-256(0x00 || data), node = SHA-256(0x01 || left || right);
//    the inclusion proof is checked with the algorithm of RFC 9162 section 2.1.3.2.
function rootFromPath(leafHex, index, size, path) {
  if (index < 0 || index >= size) return null;
  let fn = index;
  let sn = size - 1;
  let r = Buffer.from(leafHex, 'hex');
  for (const hex of path) {
    const p = Buffer.from(hex, 'hex');
    if (sn === 0) return null;
    if (fn % 2 === 1 || fn === sn) {
      r = sha256(Buffer.from([1]), p, r);
      while (fn % 2 === 0 && fn !== 0) {
        fn = Math.floor(fn / 2);
        sn = Math.floor(sn / 2);
      }
    } else {
      r = sha256(Buffer.from([1]), r, p);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 ? r.toString('hex') : null;
}

function check(proof, trustedKeys) {
  const results = [];
  const step = (name, fn) => {
    let ok = false;
    try {
      ok = fn() === true;
    } catch {
      ok = false;
    }
    results.push({ name, ok });
  };
  const seal = JSON.parse(proof.seal.body);
  step('record hashes to leafHash', () => sha256(Buffer.from([0]), canonical(proof.record)).toString('hex') === proof.leafHash);
  step('audit path leads to the sealed Merkle root', () =>
    seal.treeSize === proof.inclusion.treeSize &&
    rootFromPath(proof.leafHash, proof.inclusion.leafIndex, proof.inclusion.treeSize, proof.inclusion.auditPath) === seal.merkleRoot,
  );
  step('record is in a range the seal covers', () => seal.ranges.some((r) => r.nodeId === proof.record.nodeId && r.fromSeq <= proof.record.seq && proof.record.seq <= r.toSeq));
  step('seal body is canonical and hashes to sealHash', () => canonical(seal) === proof.seal.body && sha256(proof.seal.body).toString('hex') === proof.seal.sealHash);
  const spki = Buffer.from(proof.publicKey.spki, 'base64');
  step('public key matches the seal key id', () => sha256(spki).toString('hex').slice(0, 32) === seal.keyId);
  step('Ed25519 signature over the seal body is valid', () =>
    verify(null, Buffer.from(proof.seal.body, 'utf8'), createPublicKey({ key: spki, format: 'der', type: 'spki' }), Buffer.from(proof.seal.signature, 'base64')),
  );
  if (trustedKeys.length) step('seal key is one you trust', () => trustedKeys.includes(seal.keyId));
  for (const [field, opened] of Object.entries(proof.disclosed ?? {})) {
    step(`disclosed ${field} matches its commitment`, () => sha256(`padu-evidence-commit\u0000${opened.salt}\u0000${opened.value}`).toString('hex') === proof.record[field]);
  }
  return { results, seal };
}

const args = process.argv.slice(2);
const trustedKeys = [];
const files = [];
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--trusted-key') trustedKeys.push(args[++i]);
  else files.push(args[i]);
}
if (files.length !== 1) {
  process.stderr.write('Usage: node scripts/verify-evidence-proof.mjs PROOF.json [--trusted-key KEY_ID]\n');
  process.exit(2);
}
const input = JSON.parse(readFileSync(files[0] === '-' ? 0 : files[0], 'utf8'));
const proofs = Array.isArray(input) ? input : Array.isArray(input.proofs) ? input.proofs : [input];
if (proofs.length === 0) {
  process.stderr.write('No proof in the file.\n');
  process.exit(1);
}
let allOk = true;
for (const proof of proofs) {
  let outcome;
  try {
    outcome = check(proof, trustedKeys);
  } catch (error) {
    outcome = { results: [{ name: `proof is readable (${error.message})`, ok: false }], seal: null };
  }
  const ok = outcome.results.every((r) => r.ok);
  allOk &&= ok;
  const r = proof.record ?? {};
  process.stdout.write(`${ok ? 'VALID' : 'INVALID'}: X-Road-Id ${r.xroadId}, ${r.method} ${r.service} → ${r.status} at ${r.startedAt}` +
    (outcome.seal ? `, sealed in seal #${outcome.seal.seq} at ${outcome.seal.sealedAt} by key ${outcome.seal.keyId}` : '') + '\n');
  for (const step of outcome.results) process.stdout.write(`  ${step.ok ? 'ok  ' : 'FAIL'} ${step.name}\n`);
  if (proof.timeStamp) process.stdout.write(`  note: RFC 3161 time-stamp from ${proof.timeStamp.tsaUrl} (${proof.timeStamp.genTime}); check it with openssl ts -verify (docs/evidence.md)\n`);
}
process.exit(allOk ? 0 : 1);
