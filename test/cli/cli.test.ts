import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { engines, type Engine } from '../support/db.ts';
import { openDatabase, type Database } from '../../src/platform/db/database.ts';
import { verifyPassword } from '../../src/platform/auth/passwords.ts';

/**
 * The `padu` command as an operator runs it: `node bin/padu.mjs …` in a child process, against a
 * fresh embedded data folder, or a fresh PostgreSQL database when PADU_TEST_DATABASE_URL is set.
 * Spawning costs a second or two each, so one data folder carries a whole engine's story:
 * migrate → create-admin → seed-demo → serve (sign in) → backup → restore elsewhere.
 */
const root = path.resolve(import.meta.dirname, '../..');

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** The parent's environment without anything that would point the CLI at another database or admin. */
function baseEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('PADU_') && k !== 'DATABASE_URL' && k !== 'PORT' && k !== 'HOST') env[k] = v;
  return { ...env, LOG_LEVEL: 'warn', PADU_JOBS: 'false', ...extra };
}

function start(args: string[], env: Record<string, string> = {}): ChildProcess {
  return spawn(process.execPath, ['bin/padu.mjs', ...args], { cwd: root, env: baseEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
}

function padu(args: string[], env: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = start(args, env);
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (d) => (stdout += d));
    child.stderr!.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

function ok(run: Run, what: string): Run {
  assert.equal(run.code, 0, `${what} exited ${run.code}\nstdout: ${run.stdout}\nstderr: ${run.stderr}`);
  return run;
}

const COMMANDS = ['serve', 'migrate', 'create-admin', 'backup', 'restore', 'export-to-postgres', 'import-reference', 'seed-demo'];

describe('padu help and usage errors', () => {
  test('padu --help lists every command; each command has its own --help', async () => {
    const [top, ...each] = await Promise.all([padu(['--help']), ...COMMANDS.map((c) => padu([c, '--help']))]);
    ok(top!, 'padu --help');
    assert.match(top!.stdout, /^Padu — platform SPBE terpadu/);
    assert.match(top!.stdout, /Usage: padu <command> \[options\]/);
    for (const name of COMMANDS) assert.match(top!.stdout, new RegExp(`^  ${name} +\\S`, 'm'), `${name} is listed`);
    each.forEach((run, i) => {
      const name = COMMANDS[i]!;
      ok(run, `padu ${name} --help`);
      assert.match(run.stdout, new RegExp(`Usage: padu ${name}\\b`));
      assert.match(run.stdout, /--help +Show this help/);
      assert.equal(run.stderr, '');
    });
    assert.match(each[COMMANDS.indexOf('create-admin')]!.stdout, /--email .*\n.*--name .*\n.*--password /);
    assert.match(each[COMMANDS.indexOf('restore')]!.stdout, /--force /);
  });

  test('a wrong command, option or missing argument exits non-zero and says what is wrong', async () => {
    const [unknown, bare, badOption, noEmail, noFile] = await Promise.all([
      padu(['frobnicate']),
      padu([]),
      padu(['migrate', '--bogus']),
      padu(['create-admin']),
      padu(['backup']),
    ]);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /^Unknown command "frobnicate"\./);
    assert.match(unknown.stderr, /Usage: padu <command>/);
    assert.equal(unknown.stdout, '');
    assert.equal(bare.code, 1, 'no command at all prints the help but is not a success');
    assert.match(bare.stdout, /Usage: padu <command>/);
    assert.equal(badOption.code, 2);
    assert.match(badOption.stderr, /Unknown option '--bogus'/);
    assert.match(badOption.stderr, /Usage: padu migrate/);
    assert.equal(noEmail.code, 2);
    assert.match(noEmail.stderr, /^--email is required/);
    assert.equal(noFile.code, 2);
    assert.match(noFile.stderr, /^FILE is required/);
  });
});

/** A place for one engine's data: a data folder, plus a fresh PostgreSQL database on that engine. */
interface Target {
  env: Record<string, string>;
  open(): Promise<Database>;
  drop(): Promise<void>;
}

async function adminQuery(text: string): Promise<void> {
  const client = new pg.Client({ connectionString: process.env.PADU_TEST_DATABASE_URL });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

async function newTarget(engine: Engine): Promise<Target> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'padu-cli-'));
  if (engine === 'pglite') {
    return {
      env: { PADU_DATA_DIR: dataDir },
      open: () => openDatabase({ dataDir }),
      async drop() {
        fs.rmSync(dataDir, { recursive: true, force: true });
      },
    };
  }
  const name = `padu_cli_${randomBytes(6).toString('hex')}`;
  await adminQuery(`CREATE DATABASE ${name}`);
  const url = new URL(process.env.PADU_TEST_DATABASE_URL!);
  url.pathname = `/${name}`;
  return {
    env: { PADU_DATA_DIR: dataDir, DATABASE_URL: url.toString() },
    open: () => openDatabase({ databaseUrl: url.toString(), poolSize: 2 }),
    async drop() {
      await adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

async function withDb<T>(target: Target, fn: (database: Database) => Promise<T>): Promise<T> {
  const database = await target.open();
  try {
    return await fn(database);
  } finally {
    await database.close();
  }
}

interface DemoJson {
  synthetic: boolean;
  accounts: { email: string; password: string; roles: string[] }[];
  apiTokens: unknown[];
  modules: Record<string, unknown>;
}

/** Runs `padu serve` on a free loopback port until the callback is done, then stops it with SIGTERM. */
async function serving(env: Record<string, string>, fn: (base: string) => Promise<void>): Promise<{ code: number | null; stdout: string }> {
  const child = start(['serve'], { ...env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info', PADU_JOBS: 'true' });
  let stdout = '';
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr += d));
  const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
  const base = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`padu serve did not start\n${stdout}\n${stderr}`)), 60_000);
    child.stdout!.on('data', (d) => {
      stdout += d;
      const url = /"url":"(http:\/\/127\.0\.0\.1:\d+)"/.exec(stdout)?.[1];
      if (url) {
        clearTimeout(timer);
        resolve(url);
      }
    });
    void exited.then((code) => reject(new Error(`padu serve exited ${code}\n${stdout}\n${stderr}`)));
  });
  try {
    await fn(base);
  } finally {
    child.kill('SIGTERM');
  }
  return { code: await exited, stdout };
}

/** Signs in through the login form as a browser would; true when the app starts a session. */
async function signIn(base: string, email: string, password: string): Promise<boolean> {
  const page = await fetch(`${base}/login`, { headers: { accept: 'text/html' } });
  const csrfCookie = page.headers.getSetCookie().find((c) => /padu_csrf=/.test(c))!.split(';')[0]!;
  const csrf = csrfCookie.split('=')[1]!;
  const res = await fetch(`${base}/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html', cookie: csrfCookie },
    body: new URLSearchParams({ _csrf: csrf, email, password }).toString(),
  });
  return res.status === 303 && res.headers.getSetCookie().some((c) => /padu_session=[^;]+/.test(c));
}

const TABLES = ['region', 'opd', 'app_user', 'role_grant', 'audit_log'] as const;

async function countRows(database: Database): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of TABLES) {
    const row = await database.db.selectFrom(table).select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    counts[table] = Number(row.n);
  }
  return counts;
}

for (const engine of engines()) {
  describe(`padu commands on ${engine}`, () => {
    let target: Target;
    let restored: Target;
    const work = fs.mkdtempSync(path.join(os.tmpdir(), 'padu-cli-work-'));
    before(async () => {
      target = await newTarget(engine);
      restored = await newTarget(engine);
    });
    after(async () => {
      await target?.drop();
      await restored?.drop();
      fs.rmSync(work, { recursive: true, force: true });
    });

    test('migrate creates the schema once; running it again changes nothing', async () => {
      const first = ok(await padu(['migrate'], target.env), 'migrate');
      assert.match(first.stdout, /^Applied: 0001_platform\b/);
      const second = ok(await padu(['migrate'], target.env), 'migrate again');
      assert.equal(second.stdout, 'Database is up to date.\n');
    });

    test('create-admin takes the password from --password or PADU_ADMIN_PASSWORD, or prints a random one', async () => {
      const fromArgs = ok(await padu(['create-admin', '--email', 'admin.cli@contoh.go.id', '--name', 'Admin CLI', '--password', 'kata-sandi-argumen-123'], target.env), 'create-admin');
      assert.equal(fromArgs.stdout, 'Administrator admin.cli@contoh.go.id created.\n');
      const fromEnv = ok(await padu(['create-admin', '--email', 'admin.env@contoh.go.id'], { ...target.env, PADU_ADMIN_PASSWORD: 'kata-sandi-lingkungan-123' }), 'create-admin (env)');
      assert.equal(fromEnv.stdout, 'Administrator admin.env@contoh.go.id created.\n', 'a password the operator chose is not echoed');
      const random = ok(await padu(['create-admin', '--email', 'admin.acak@contoh.go.id'], target.env), 'create-admin (random)');
      const printed = /^Administrator admin\.acak@contoh\.go\.id created\. Password: (\S+)\n$/.exec(random.stdout)?.[1];
      assert.ok(printed && printed.length >= 16, random.stdout);
      const again = ok(await padu(['create-admin', '--email', 'admin.cli@contoh.go.id', '--password', 'lain-sama-sekali-123'], target.env), 'create-admin (existing)');
      assert.match(again.stdout, /already had an account; it is now a platform administrator \(password unchanged\)/);

      await withDb(target, async (database) => {
        const users = await database.db
          .selectFrom('app_user')
          .innerJoin('role_grant', 'role_grant.user_id', 'app_user.id')
          .select(['app_user.email', 'app_user.name', 'app_user.password_hash', 'role_grant.role'])
          .where('app_user.email', 'in', ['admin.cli@contoh.go.id', 'admin.env@contoh.go.id', 'admin.acak@contoh.go.id'])
          .orderBy('app_user.email')
          .execute();
        assert.deepEqual(
          users.map((u) => [u.email, u.role]),
          [
            ['admin.acak@contoh.go.id', 'admin'],
            ['admin.cli@contoh.go.id', 'admin'],
            ['admin.env@contoh.go.id', 'admin'],
          ],
        );
        const hash = (email: string) => users.find((u) => u.email === email)!.password_hash;
        assert.equal(users.find((u) => u.email === 'admin.cli@contoh.go.id')!.name, 'Admin CLI');
        assert.ok(await verifyPassword(hash('admin.cli@contoh.go.id'), 'kata-sandi-argumen-123'));
        assert.ok(!(await verifyPassword(hash('admin.cli@contoh.go.id'), 'lain-sama-sekali-123')), 'the second run left the password alone');
        assert.ok(await verifyPassword(hash('admin.env@contoh.go.id'), 'kata-sandi-lingkungan-123'));
        assert.ok(await verifyPassword(hash('admin.acak@contoh.go.id'), printed));
      });
    });

    let demo: DemoJson;
    test('seed-demo --json prints one JSON object, and a second run adds nothing', async () => {
      const first = ok(await padu(['seed-demo', '--json'], target.env), 'seed-demo');
      const parsed = JSON.parse(first.stdout) as DemoJson; // throws if anything else was printed
      assert.equal(parsed.synthetic, true);
      assert.ok(parsed.accounts.length >= 8);
      assert.ok(parsed.accounts.every((a) => a.email.endsWith('@demo.padu.id') && a.password.length >= 12 && a.roles.length > 0));
      const second = ok(await padu(['seed-demo', '--json'], target.env), 'seed-demo again');
      demo = JSON.parse(second.stdout) as DemoJson;
      assert.deepEqual(
        demo.accounts.map((a) => [a.email, a.roles]),
        parsed.accounts.map((a) => [a.email, a.roles]),
      );
      assert.notDeepEqual(demo.accounts.map((a) => a.password), parsed.accounts.map((a) => a.password), 'each run sets fresh passwords');
      // One account per demo email and one grant per listed role: nothing was added twice.
      const { counts, grants } = await withDb(target, async (database) => ({
        counts: await countRows(database),
        grants: await database.db
          .selectFrom('role_grant')
          .innerJoin('app_user', 'app_user.id', 'role_grant.user_id')
          .select(['app_user.email', (eb) => eb.fn.countAll<string>().as('n')])
          .where('app_user.email', 'in', demo.accounts.map((a) => a.email))
          .groupBy('app_user.email')
          .execute(),
      }));
      assert.deepEqual(
        Object.fromEntries(grants.map((g) => [g.email, Number(g.n)])),
        Object.fromEntries(demo.accounts.map((a) => [a.email, a.roles.length])),
      );
      assert.ok(counts.region! > 0 && counts.opd! > 0, 'migrate loaded the reference data');
    });

    test('padu serve: the demo and CLI accounts sign in, /metrics shows the job queue, SIGTERM stops cleanly', async () => {
      assert.ok(demo, 'needs the seed-demo test');
      const server = await serving(target.env, async (base) => {
        const admin = demo.accounts.find((a) => a.roles.includes('admin'))!;
        const petugas = demo.accounts.find((a) => a.roles.some((r) => r.startsWith('petugas@')))!;
        assert.ok(await signIn(base, admin.email, admin.password), `${admin.email} signs in with the printed password`);
        assert.ok(await signIn(base, petugas.email, petugas.password), `${petugas.email} signs in`);
        assert.ok(await signIn(base, 'admin.cli@contoh.go.id', 'kata-sandi-argumen-123'));
        assert.ok(!(await signIn(base, admin.email, 'bukan-kata-sandinya')), 'a wrong password does not');
        const metrics = await (await fetch(`${base}/metrics`)).text();
        assert.match(metrics, /^padu_jobs_queued\{queue="mail\.deliver"\} \d+$/m, 'startPadu wires the job queue into /metrics');
        assert.match(metrics, /^padu_http_requests_total\{method="POST",route="\/login",status="303"\} 3$/m);
        assert.match(metrics, /^padu_db_pool_connections \d+$/m);
        assert.match(metrics, /^padu_mail_outbox_unsent\{state="pending"\} \d+$/m);
      });
      assert.equal(server.code, 0, server.stdout);
      assert.match(server.stdout, /SIGTERM: shutting down cleanly/);
      const logs = server.stdout.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as Record<string, unknown>);
      const requests = logs.filter((l) => l.msg === 'request completed');
      assert.ok(requests.length >= 8 && requests.every((l) => typeof l.reqId === 'string'), 'JSON request logs carry request ids');
      assert.ok(!server.stdout.includes('kata-sandi-argumen-123') && !server.stdout.includes(demo.accounts[0]!.password), 'no password in the logs');
    });

    test('backup, then restore --force into another database, round-trips every row', async () => {
      const file = path.join(work, `padu-${engine}.backup.gz`);
      const backup = ok(await padu(['backup', file], target.env), 'backup');
      const written = /^Backup written to .+: (\d+) tables, (\d+) rows\.\n$/.exec(backup.stdout);
      assert.ok(written, backup.stdout);
      assert.ok(fs.statSync(file).size > 1000);
      const restore = ok(await padu(['restore', file, '--force'], restored.env), 'restore');
      const read = /^Restored (\d+) rows into (\d+) tables\.\n$/.exec(restore.stdout);
      assert.ok(read, restore.stdout);
      assert.equal(read[1], written[2], 'as many rows restored as were backed up');
      assert.equal(read[2], written[1]);

      const source = await withDb(target, countRows);
      const copy = await withDb(restored, async (database) => {
        const admin = await database.db.selectFrom('app_user').select('password_hash').where('email', '=', 'admin.cli@contoh.go.id').executeTakeFirstOrThrow();
        assert.ok(await verifyPassword(admin.password_hash, 'kata-sandi-argumen-123'), 'restored accounts keep their passwords');
        return countRows(database);
      });
      assert.deepEqual(copy, source);
      assert.ok(copy.app_user! >= 11);

      const refused = await padu(['restore', file], restored.env);
      assert.equal(refused.code, 1, 'restoring over data needs --force');
      assert.match(refused.stderr, /force/i);
    });
  });
}
