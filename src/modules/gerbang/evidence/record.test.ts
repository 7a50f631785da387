import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { canonicalJson, leafHash } from './merkle.ts';
import { GENESIS_HASH, leafFields, leafJson, rowLeafHash, type LeafSource } from './record.ts';

/** Strings that test the JSON escaping: quotes, backslashes, controls, non-ASCII, astral characters. */
const AWKWARD = ['', 'plain', 'quote " and \\ backslash', 'tab\tnew\nline\u0001\u001f', 'Surabaya – Jawa Timur', 'emoji 😀 and 𝄞', '\u2028\u2029', '</script>'];

function row(i: number): LeafSource {
  const pick = <T>(list: T[]) => list[i % list.length]!;
  return {
    node_id: `node-${pick(AWKWARD)}`,
    seq: i % 3 === 0 ? String(i + 1) : i % 3 === 1 ? BigInt(i + 1) : i + 1,
    prev_hash: i ? randomBytes(32).toString('hex') : GENESIS_HASH,
    xroad_id: `JATIM-${randomBytes(8).toString('hex')}`,
    request_id: randomBytes(16).toString('hex'),
    client: 'JATIM/GOV/35.78/sim',
    service: `JATIM/GOV/1.1/dukcapil/${pick(AWKWARD)}`,
    client_subsystem_id: i % 2 ? null : '0190abcd-1234-7000-8000-000000000001',
    service_db_id: i % 5 ? undefined : 'x',
    consumer_opd_id: pick([null, 'a', undefined]),
    provider_opd_id: 'p',
    endpoint: pick([null, 'GET /penduduk/{nik}']),
    method: pick(['GET', 'POST', 'DELETE']),
    path_commit: randomBytes(32).toString('hex'),
    user_id_commit: pick([null, 'c']),
    purpose: pick([null, 'portal.permohonan', AWKWARD[3]!]),
    legal_basis: pick([null, 'UU-24-2013']),
    issue: pick([null, AWKWARD[5]!]),
    represented_party_commit: null,
    status: pick([200, 404, 500, 499]),
    error_type: pick([null, 'Server.ServerProxy.Timeout']),
    started_at: i % 2 ? new Date(1_700_000_000_000 + i * 1234.5) : new Date(1_700_000_000_000 + i).toISOString(),
    upstream_ms: pick([null, 0, 1.234, 1e-7, 123456.789]),
    total_ms: pick([0, 2.5, 1e21, 0.001]),
    request_bytes: pick([0, '1024', 10n ** 6n]),
    response_bytes: pick([0, 1024, '5']),
    hash_algorithm: pick(['SHA-256', 'SHA-512']),
    request_hash: randomBytes(64).toString('base64'),
    response_hash: pick(['', randomBytes(64).toString('base64')]),
    request_body_hash: pick([null, createHash('sha256').update('x').digest('hex')]),
    response_body_hash: null,
  };
}

test('a leaf written straight from the row is byte for byte the canonical JSON of its fields', () => {
  for (let i = 0; i < 500; i++) {
    const r = row(i);
    const fields = leafFields(r);
    assert.equal(leafJson(r), canonicalJson(fields), `row ${i}`);
    assert.equal(rowLeafHash(r), leafHash(fields), `row ${i}`);
  }
});

test('a leaf with a number JSON cannot carry is refused', () => {
  assert.throws(() => leafJson({ ...row(1), total_ms: Number.NaN }), /NaN/);
  assert.throws(() => leafJson({ ...row(1), upstream_ms: Number.POSITIVE_INFINITY }), /NaN or Infinity/);
});
