import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';

/**
 * Running Padu as an operator does, for the demo and multi-process tests: `node bin/padu.mjs …`
 * child processes with their own environment, each tracked by its process id.
 */
export const ROOT = path.resolve(import.meta.dirname, '../../../..');
export const PADU = path.join(ROOT, 'bin/padu.mjs');

export interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** The test runner's environment without Padu's own settings, plus `extra`. */
export function paduEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const out: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('PADU_') && k !== 'DATABASE_URL' && k !== 'PORT' && k !== 'HOST') out[k] = v;
  return { ...out, LOG_LEVEL: 'warn', ...extra };
}

export function run(command: string, args: string[], options: { env: NodeJS.ProcessEnv; cwd?: string; timeoutMs?: number; stdoutFile?: string }): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: options.cwd ?? ROOT, env: options.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 180_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      if (options.stdoutFile) fs.writeFileSync(options.stdoutFile, stdout);
      resolve({ code, stdout, stderr });
    });
  });
}

export const padu = (args: string[], env: NodeJS.ProcessEnv, stdoutFile?: string) => run(process.execPath, [PADU, ...args], { env, stdoutFile });

export interface Server {
  child: ChildProcess;
  url: string;
  output(): string;
  /** SIGTERM (graceful: the evidence log writes its final seal), then waits for the exit code. */
  stop(): Promise<number | null>;
}

/** `padu serve` on `port`, resolved once /healthz answers. */
export async function serve(port: number, env: NodeJS.ProcessEnv): Promise<Server> {
  const child = spawn(process.execPath, [PADU, 'serve'], { cwd: ROOT, env: { ...env, PORT: String(port), HOST: '127.0.0.1' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const url = `http://127.0.0.1:${port}`;
  const until = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`padu serve exited (${child.exitCode}):\n${output}`);
    if (await healthy(url)) break;
    if (Date.now() > until) {
      child.kill('SIGKILL');
      throw new Error(`padu serve did not start:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    child,
    url,
    output: () => output,
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
  };
}

function healthy(url: string): Promise<boolean> {
  return new Promise((resolve) => {
    const req = http.get(`${url}/healthz`, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.on('error', () => resolve(false));
    req.setTimeout(2000, () => req.destroy());
  });
}

/** A port nobody listens on right now. */
export async function freePort(): Promise<number> {
  const s = http.createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const { port } = s.address() as { port: number };
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}
