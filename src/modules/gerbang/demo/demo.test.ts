import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort, padu, PADU, paduEnv, ROOT, run, serve } from './testing.ts';

/**
 * The README's "Try the gateway", exactly as written: `padu seed-demo --json`, `padu serve` (the
 * demo upstreams included), every curl command of the section run by bash with curl, and
 * `padu evidence verify` after stopping — on the embedded database, in a fresh data folder, as a
 * new user would. Only the port is changed (3000 may be taken), the same way for seed and start.
 */
function readmeCommands(): string[] {
  const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## Try the gateway'));
  const body = section.slice(0, section.indexOf('\n## ', 5));
  const block = /```sh\n([\s\S]*?)```/.exec(body)![1]!;
  const commands: string[] = [];
  let current = '';
  for (const raw of block.split('\n')) {
    const line = raw.trimEnd();
    if (!current && (line.trim() === '' || line.trim().startsWith('#'))) continue;
    if (line.endsWith('\\')) current += `${line.slice(0, -1)} `;
    else {
      commands.push((current + line).replace(/\s{2,}#\s.*$/, '').trim());
      current = '';
    }
  }
  return commands;
}

/** What each curl command of the README must answer, in order. */
const EXPECT: RegExp[][] = [
  [/^HTTP\/1\.1 200/, /X-Road-Request-Hash: \S+/, /"nama":"SITI RAHAYU"/],
  [/^HTTP\/1\.1 200/, /"namaUsaha":"WARUNG MAKAN BU SITI"/],
  [/^HTTP\/1\.1 400/, /X-Road-Error: Client\.PurposeRequired/],
  [/^HTTP\/1\.1 400/, /X-Road-Error: Client\.AccessDenied/],
  [/"service_code":"penduduk"/, /"path":"\/penduduk\/\*"/],
  [/"identitas\.nama":"SRI WAHYUNI"/, /"alamat\.kodePos":"60262"/, /"status":"ok"/],
  [/"status":403/],
  [/"element":"alamat"/, /"seq":1\b/],
  [/"recordKey":"3578015508900003"/, /"changedFields":\["jalan"\]/],
];

describe('the README’s gateway tour', () => {
  test('seed-demo, serve, every curl of the section, and evidence verify', { timeout: 600_000 }, async () => {
    const commands = readmeCommands();
    assert.equal(commands[0], 'npx padu seed-demo --json > demo.json');
    assert.equal(commands[1], 'npm start');
    assert.equal(commands.at(-1), 'npx padu evidence verify');
    const work = fs.mkdtempSync(path.join(os.tmpdir(), 'padu-try-gateway-'));
    const port = await freePort();
    const env = paduEnv({ PORT: String(port), PADU_DATA_DIR: path.join(work, 'data'), PADU_JOBS: 'false' });
    try {
      const seeded = await padu(['seed-demo', '--json'], env, path.join(work, 'demo.json'));
      assert.equal(seeded.code, 0, seeded.stderr);
      const demo = JSON.parse(fs.readFileSync(path.join(work, 'demo.json'), 'utf8')).modules.gerbang;
      assert.equal(demo.clients.length, 2);
      assert.ok(demo.clients.every((c: { token: string; id: string }) => /^padu_/.test(c.token) && c.id));
      assert.equal(demo.noAccessClient.identifier, 'JATIM/GOV/dishub/sitrans');
      assert.deepEqual(demo.services.map((s: { identifier: string }) => s.identifier), ['JATIM/GOV/35.78/siak/penduduk', 'JATIM/GOV/dpmptsp/perizinan/izin-usaha']);

      const server = await serve(port, env);
      let outputs: string[];
      try {
        const tour = commands.slice(2, -1).map((c) => c.replaceAll('localhost:3000', `localhost:${port}`));
        const script = tour.map((c, i) => `${c}\necho "@@END ${i} $?"`).join('\n');
        const result = await run('bash', ['-c', script], { cwd: work, env: { ...process.env, PATH: process.env.PATH } });
        assert.equal(result.code, 0, result.stderr);
        outputs = result.stdout.split(/@@END \d+ (\d+)\n/);
        let curl = 0;
        for (let i = 0; i < tour.length; i++) {
          const out = outputs[i * 2]!.replace(/\r/g, '');
          assert.equal(outputs[i * 2 + 1], '0', `command ${tour[i]} failed: ${out}`);
          if (!tour[i]!.startsWith('curl')) continue;
          for (const re of EXPECT[curl++] ?? []) assert.match(out, new RegExp(re.source, 'm'), `${tour[i]}\n→ ${out.slice(0, 800)}`);
        }
        assert.equal(curl, EXPECT.length, 'every curl command of the README is checked');
      } finally {
        assert.equal(await server.stop(), 0, server.output());
      }
      const verified = await run('bash', ['-c', commands.at(-1)!.replace('npx padu', `${process.execPath} ${PADU}`)], { cwd: work, env });
      assert.equal(verified.code, 0, verified.stdout + verified.stderr);
      assert.match(verified.stdout, /^OK: every record hash/m);
      assert.match(verified.stdout, /\b7 records in 1 chain/, 'one exchange per gateway call, two for the prefill; none for the refused prefill');
    } finally {
      fs.rmSync(work, { recursive: true, force: true });
    }
  });
});
