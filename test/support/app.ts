import pino from 'pino';
import { randomUUID } from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import { loadConfig, type Config } from '../../src/config.ts';
import { buildApp, type App, type PaduModule } from '../../src/platform/http/app.tsx';
import type { Deps } from '../../src/platform/deps.ts';
import { randomToken } from '../../src/platform/auth/crypto.ts';
import { hashPassword } from '../../src/platform/auth/passwords.ts';
import type { Role } from '../../src/platform/db/schema.ts';
import { modules as allModules } from '../../src/modules.ts';
import { createTestDatabase, type Engine, type TestDatabase } from './db.ts';

/** A clock tests can move. */
export class TestClock {
  constructor(public current = new Date('2026-03-02T02:00:00Z')) {}
  now(): Date {
    return new Date(this.current);
  }
  advance(ms: number): void {
    this.current = new Date(this.current.getTime() + ms);
  }
}

export interface TestApp {
  app: App;
  database: TestDatabase;
  deps: Deps;
  clock: TestClock;
  mailQueued: number;
  close(): Promise<void>;
}

export async function createTestApp(
  engine: Engine,
  options: { config?: Partial<Config>; modules?: PaduModule[] } = {},
): Promise<TestApp> {
  const database = await createTestDatabase(engine);
  const clock = new TestClock();
  const config: Config = { ...loadConfig({ PADU_DATA_DIR: '/tmp/padu-test-unused' }), jobs: false, ...options.config };
  const state = { mailQueued: 0 };
  const deps: Deps = {
    db: database.db,
    config,
    clock,
    ids: { uuid: () => randomUUID(), token: (bytes) => randomToken(bytes) },
    logger: pino({ level: 'silent' }),
    mail: { mailQueued: () => void state.mailQueued++ },
  };
  const app = await buildApp({ deps, modules: options.modules ?? allModules, logger: false, pool: database.pool });
  await app.ready();
  return {
    app,
    database,
    deps,
    clock,
    get mailQueued() {
      return state.mailQueued;
    },
    async close() {
      await app.close();
      await database.close();
    },
  };
}

export const TEST_PASSWORD = 'kata-sandi-uji-coba-123';

/** Adds a person with roles; `opd` is an agency code such as `diskominfo` or `35.78`. */
export async function createUser(
  deps: Deps,
  input: { email: string; name?: string; roles: { role: Role; opd?: string }[]; password?: string },
): Promise<string> {
  const now = deps.clock.now();
  const id = deps.ids.uuid();
  await deps.db
    .insertInto('app_user')
    .values({
      id,
      email: input.email,
      name: input.name ?? input.email.split('@')[0]!,
      password_hash: await hashPassword(input.password ?? TEST_PASSWORD),
      locale: null,
      oidc_subject: null,
      password_changed_at: now,
      last_login_at: null,
      created_at: now,
      updated_at: now,
    })
    .execute();
  for (const grant of input.roles) {
    const opdId = grant.opd ? (await deps.db.selectFrom('opd').select('id').where('code', '=', grant.opd).executeTakeFirstOrThrow()).id : null;
    await deps.db.insertInto('role_grant').values({ id: deps.ids.uuid(), user_id: id, role: grant.role, opd_id: opdId, granted_by: null, created_at: now }).execute();
  }
  return id;
}

export async function opdId(deps: Deps, code: string): Promise<string> {
  return (await deps.db.selectFrom('opd').select('id').where('code', '=', code).executeTakeFirstOrThrow()).id;
}

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/**
 * A cookie-keeping client over `app.inject`, acting like a browser (forms, redirects not
 * followed) or an API caller (JSON, CSRF header from the cookie, or a bearer token).
 */
export class Client {
  cookies = new Map<string, string>();
  constructor(
    private readonly app: App,
    private readonly options: { bearer?: string; acceptLanguage?: string } = {},
  ) {}

  private cookieHeader(): string | undefined {
    return this.cookies.size ? [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ') : undefined;
  }

  private remember(res: LightMyRequestResponse): void {
    for (const c of res.cookies as { name: string; value: string; maxAge?: number; expires?: Date }[]) {
      const expired = c.maxAge === 0 || (c.expires && c.expires.getTime() < Date.now()) || c.value === '';
      if (expired) this.cookies.delete(c.name);
      else this.cookies.set(c.name, c.value);
    }
  }

  get csrf(): string {
    return [...this.cookies].find(([k]) => k.endsWith('padu_csrf'))?.[1] ?? '';
  }

  async request(method: Method, url: string, init: { json?: unknown; form?: Record<string, string>; headers?: Record<string, string>; html?: boolean } = {}) {
    if (!this.csrf && method !== 'GET' && !this.options.bearer) await this.request('GET', '/healthz');
    const headers: Record<string, string> = { ...init.headers };
    const cookie = this.cookieHeader();
    if (cookie) headers.cookie = cookie;
    if (this.options.bearer) headers.authorization = `Bearer ${this.options.bearer}`;
    if (this.options.acceptLanguage) headers['accept-language'] = this.options.acceptLanguage;
    let payload: string | undefined;
    if (init.form) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      payload = new URLSearchParams({ _csrf: this.csrf, ...init.form }).toString();
      headers.accept ??= 'text/html';
    } else if (init.json !== undefined) {
      headers['content-type'] = 'application/json';
      payload = JSON.stringify(init.json);
      if (!this.options.bearer) headers['x-csrf-token'] = this.csrf;
    }
    if (init.html) headers.accept = 'text/html';
    const res = await this.app.inject({ method, url, headers, payload });
    this.remember(res);
    return res;
  }

  get(url: string, init: { html?: boolean; headers?: Record<string, string> } = {}) {
    return this.request('GET', url, { html: true, ...init });
  }
  getJson(url: string) {
    return this.request('GET', url, { headers: { accept: 'application/json' } });
  }
  postForm(url: string, form: Record<string, string>) {
    return this.request('POST', url, { form });
  }
  send(method: Method, url: string, json?: unknown) {
    return this.request(method, url, { json: json ?? {} });
  }

  async signIn(email: string, password = TEST_PASSWORD): Promise<void> {
    const res = await this.postForm('/login', { email, password });
    if (res.statusCode !== 303) throw new Error(`sign-in as ${email} failed: ${res.statusCode} ${res.body.slice(0, 200)}`);
  }
}
