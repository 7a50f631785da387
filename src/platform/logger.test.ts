import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { randomUUID } from 'node:crypto';
import { createLogger, maskPersonalNumbers, MASKED_NIK, MASKED_PHONE, REDACTED } from './logger.ts';
import { buildApp, type App, type PaduModule } from './http/app.tsx';
import { loadConfig } from '../config.ts';
import { randomToken } from './auth/crypto.ts';
import { engines, createTestDatabase, type TestDatabase } from '../../test/support/db.ts';

const NIK = '3578010101900001';
const NIK_2 = '3578020202850002';
const PHONE = '081234567890';

/** A logger writing into memory; `lines()` parses what was written (each line must be JSON). */
function capture(level = 'info') {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      chunks.push(String(chunk));
      done();
    },
  });
  const logger = createLogger(level, stream);
  return {
    logger,
    raw: () => chunks.join(''),
    lines: () => chunks.join('').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>),
  };
}

describe('masking personal numbers in text', () => {
  test('a NIK becomes asterisks wherever it stands', () => {
    assert.equal(maskPersonalNumbers(`NIK ${NIK}`), `NIK ${MASKED_NIK}`);
    assert.equal(maskPersonalNumbers(`nik=${NIK}&x=1`), `nik=${MASKED_NIK}&x=1`);
    assert.equal(maskPersonalNumbers(`NIK${NIK}.`), `NIK${MASKED_NIK}.`);
    assert.equal(maskPersonalNumbers(`/api/v1/warga/${NIK}/permohonan`), `/api/v1/warga/${MASKED_NIK}/permohonan`);
  });

  test('Indonesian mobile numbers are masked in their usual spellings', () => {
    for (const phone of ['081234567890', '0812-3456-7890', '0812 3456 7890', '0812.3456.789', '+6281234567890', '+62 812 3456 7890', '+62-812-3456-7890', '6281234567890', '08119876543']) {
      assert.equal(maskPersonalNumbers(`hubungi ${phone} segera`), `hubungi ${MASKED_PHONE} segera`, phone);
    }
    assert.equal(maskPersonalNumbers(`hp:${PHONE},`), `hp:${MASKED_PHONE},`);
    assert.equal(maskPersonalNumbers(`Telp.${PHONE}.`), `Telp.${MASKED_PHONE}.`);
  });

  test('other numbers are left alone', () => {
    for (const text of [
      '357801010190000', // 15 digits
      '35780101019000012', // 17 digits
      '2026-03-02T02:00:00.000Z',
      'status 200 in 12.5 ms, pid 4242',
      '550e8400-e29b-41d4-a716-446655440000',
      'kantor 031-3524001', // a landline, not a person's mobile
      'order 0800123', // too short for a mobile number
      'time 1772416800000', // epoch milliseconds
      'request 08123456-7890-4abc-8def-0123456789ab', // a UUID that happens to start like a phone
      'request 1b2c3d4e-0812-3456-7890-9abcdef01234',
      'sha256 a90812345678901bc', // digits inside a hex string
    ]) {
      assert.equal(maskPersonalNumbers(text), text);
    }
  });
});

describe('the logger', () => {
  test('redacts secrets and personal fields at any depth, keeping the rest', () => {
    const { logger, lines } = capture();
    logger.info(
      {
        password: 'rahasia-1',
        token: 'padu_abc',
        user: { email: 'petugas@kominfo.go.id', newPassword: 'rahasia-2', password_hash: '$argon2id$x', nik: NIK, phone: PHONE, noHp: '0812', no_hp: '0812', telepon: '031' },
        headers: { authorization: 'Bearer padu_secret', cookie: '__Host-padu_session=s3ss10n', 'x-csrf-token': 'csrf-value', accept: 'text/html' },
        oidc: { clientSecret: 's3cret', accessToken: 'eyJ', refresh_token: 'r', tokenId: 'tok-1' },
        list: [{ password: 'rahasia-3' }, { pemohonNik: NIK }],
        klinik: 'Klinik Utama', // ends in "nik" but is no NIK
      },
      'change saved',
    );
    const [line] = lines();
    assert.ok(line);
    assert.equal(line.password, REDACTED);
    assert.equal(line.token, REDACTED);
    assert.deepEqual(line.user, { email: 'petugas@kominfo.go.id', newPassword: REDACTED, password_hash: REDACTED, nik: REDACTED, phone: REDACTED, noHp: REDACTED, no_hp: REDACTED, telepon: REDACTED });
    assert.deepEqual(line.headers, { authorization: REDACTED, cookie: REDACTED, 'x-csrf-token': REDACTED, accept: 'text/html' });
    assert.deepEqual(line.oidc, { clientSecret: REDACTED, accessToken: REDACTED, refresh_token: REDACTED, tokenId: 'tok-1' });
    assert.deepEqual(line.list, [{ password: REDACTED }, { pemohonNik: REDACTED }]);
    assert.equal(line.klinik, 'Klinik Utama');
    assert.equal(line.msg, 'change saved');
  });

  test('masks NIK and phone numbers inside messages, strings, numbers and child bindings', () => {
    const { logger, raw, lines } = capture();
    logger.info({ note: `pemohon NIK ${NIK}, hp ${PHONE}`, nested: { deeper: [`wa +62 812 3456 7890`] }, asNumber: Number(NIK) }, `permohonan dari ${NIK}`);
    logger.warn('kirim SMS ke %s gagal', PHONE);
    logger.child({ email: 'a@b.id', phone: PHONE, ref: `ref-${NIK}` }).info('child line');
    const [first, second, third] = lines();
    assert.equal(first!.note, `pemohon NIK ${MASKED_NIK}, hp ${MASKED_PHONE}`);
    assert.deepEqual(first!.nested, { deeper: [`wa ${MASKED_PHONE}`] });
    assert.equal(first!.asNumber, MASKED_NIK);
    assert.equal(first!.msg, `permohonan dari ${MASKED_NIK}`);
    assert.equal(second!.msg, `kirim SMS ke ${MASKED_PHONE} gagal`);
    assert.equal(third!.phone, REDACTED);
    assert.equal(third!.ref, `ref-${MASKED_NIK}`);
    assert.equal(third!.email, 'a@b.id');
    assert.doesNotMatch(raw(), new RegExp(`${NIK}|${PHONE}|3456 7890`));
  });

  test('masks personal numbers in errors: message, database detail, stack and extra fields', () => {
    const { logger, raw, lines } = capture();
    const duplicate = Object.assign(new Error(`duplicate NIK ${NIK}`), {
      code: '23505',
      detail: `Key (nik)=(${NIK_2}) already exists.`,
      params: { password: 'rahasia', phone: PHONE },
    });
    logger.error({ err: duplicate }, 'insert failed');
    logger.error(new Error(`tidak bisa menghubungi ${PHONE}`)); // message taken from the error
    logger.error({ err: new Error('import failed', { cause: Object.assign(new Error(`row ${NIK}`), { row: { nik: NIK, nama: 'Budi' } }) }) }, 'import');
    const [first, second, third] = lines();
    const err = first!.err as Record<string, unknown>;
    assert.equal(err.message, `duplicate NIK ${MASKED_NIK}`);
    assert.equal(err.detail, `Key (nik)=(${MASKED_NIK}) already exists.`);
    assert.equal(err.code, '23505');
    assert.deepEqual(err.params, { password: REDACTED, phone: REDACTED });
    assert.match(String(err.stack), /^Error: duplicate NIK \*{16}\n/);
    assert.equal(second!.msg, `tidak bisa menghubungi ${MASKED_PHONE}`);
    const cause = (third!.err as { cause: Record<string, unknown> }).cause;
    assert.equal(cause.message, `row ${MASKED_NIK}`);
    assert.deepEqual(cause.row, { nik: REDACTED, nama: 'Budi' });
    assert.doesNotMatch(raw(), new RegExp(`${NIK}|${NIK_2}|${PHONE}`));
  });

  test('survives cycles and leaves lines without personal data as they are', () => {
    const { logger, lines } = capture();
    const loop: Record<string, unknown> = { name: 'loop' };
    loop.self = loop;
    logger.info({ loop, shared: [{ a: 1 }, { a: 1 }] }, 'plain');
    const [line] = lines();
    assert.deepEqual(line!.loop, { name: 'loop', self: '[…]' });
    assert.deepEqual(line!.shared, [{ a: 1 }, { a: 1 }]);
  });
});

const probe: PaduModule = {
  name: 'log-probe',
  async routes(app) {
    app.get('/probe/:nik', { schema: { hide: true } }, async (req) => {
      req.log.info({ form: { email: 'warga@contoh.id', password: 'rahasia-warga', nik: NIK, catatan: `telp ${PHONE}` } }, 'form received');
      return { ok: true };
    });
    app.get('/probe-fail', { schema: { hide: true } }, async () => {
      throw Object.assign(new Error(`constraint failed for ${NIK}`), { detail: `Key (nik)=(${NIK}) already exists.` });
    });
  },
};

for (const engine of engines()) {
  describe(`request logs on ${engine}`, () => {
    let database: TestDatabase;
    let app: App;
    let log: ReturnType<typeof capture>;
    before(async () => {
      database = await createTestDatabase(engine);
      log = capture();
      const config = { ...loadConfig({ PADU_DATA_DIR: '/tmp/padu-test-unused' }), jobs: false };
      app = await buildApp({
        deps: {
          db: database.db,
          config,
          clock: { now: () => new Date() },
          ids: { uuid: () => randomUUID(), token: (bytes) => randomToken(bytes) },
          logger: log.logger,
          mail: { mailQueued() {} },
        },
        modules: [probe],
        logger: log.logger,
      });
      await app.ready();
    });
    after(async () => {
      await app.close();
      await database.close();
    });

    test('every line of a request carries its id; headers, secrets and numbers stay out', async () => {
      const res = await app.inject({
        url: `/probe/${NIK}?hp=${PHONE}`,
        headers: { authorization: 'Basic cHJvbWV0aGV1czpyYWhhc2lh', cookie: 'padu_session=sesi-rahasia-123; padu_csrf=csrf-rahasia-4567890123456' },
      });
      assert.equal(res.statusCode, 200);
      const requestId = String(res.headers['x-request-id']);
      const mine = log.lines().filter((l) => l.reqId === requestId);
      assert.deepEqual(
        mine.map((l) => l.msg),
        ['incoming request', 'form received', 'request completed'],
      );
      const incoming = mine[0]!.req as Record<string, unknown>;
      assert.deepEqual(Object.keys(incoming).sort(), ['id', 'ip', 'method', 'url'], 'no headers in the request log');
      assert.equal(incoming.url, `/probe/${MASKED_NIK}?hp=${MASKED_PHONE}`);
      assert.deepEqual(mine[1]!.form, { email: 'warga@contoh.id', password: REDACTED, nik: REDACTED, catatan: `telp ${MASKED_PHONE}` });
      assert.equal((mine[2]!.res as Record<string, unknown>).statusCode, 200);
      const raw = log.raw();
      for (const secret of [NIK, PHONE, 'rahasia-warga', 'sesi-rahasia-123', 'csrf-rahasia', 'cHJvbWV0aGV1czpyYWhhc2lh']) {
        assert.ok(!raw.includes(secret), `${secret} leaked into the log`);
      }
    });

    test('an unhandled error is logged with the request id and masked details', async () => {
      const res = await app.inject({ url: '/probe-fail', headers: { accept: 'application/json' } });
      assert.equal(res.statusCode, 500);
      const body = res.json() as { requestId: string; title: string };
      assert.doesNotMatch(res.body, new RegExp(NIK), 'the caller never sees the internal message');
      const line = log.lines().find((l) => l.reqId === body.requestId && l.msg === 'unhandled error');
      assert.ok(line, 'the error is logged under the id the caller was given');
      const err = line.err as Record<string, unknown>;
      assert.equal(err.message, `constraint failed for ${MASKED_NIK}`);
      assert.equal(err.detail, `Key (nik)=(${MASKED_NIK}) already exists.`);
      assert.ok(!log.raw().includes(NIK));
    });
  });
}
