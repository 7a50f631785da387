/**
 * `npm test`: finds every *.test.ts under src/ and test/ and runs them with Node's test runner.
 * (Node 20's runner does not expand globs, so the list is made here.) Each file runs in its own
 * process; database tests use PGlite, and PostgreSQL too when PADU_TEST_DATABASE_URL is set.
 *   --no-browser   skip test/e2e (browser tests)
 *   --only-browser run only test/e2e
 *   any other argument filters files by substring
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const args = process.argv.slice(2);
const noBrowser = args.includes('--no-browser');
const onlyBrowser = args.includes('--only-browser');
const filters = args.filter((a) => !a.startsWith('--'));

function walk(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : walk(full);
    return entry.name.endsWith('.test.ts') || entry.name.endsWith('.test.tsx') ? [full] : [];
  });
}

let files = [...walk(path.join(root, 'src')), ...walk(path.join(root, 'test'))].sort();
const isBrowser = (f: string) => f.includes(`${path.sep}e2e${path.sep}`);
if (noBrowser) files = files.filter((f) => !isBrowser(f));
if (onlyBrowser) files = files.filter(isBrowser);
if (filters.length) files = files.filter((f) => filters.some((x) => f.includes(x)));
if (files.length === 0) {
  console.error('No test files matched.');
  process.exit(1);
}

const concurrency = process.env.PADU_TEST_CONCURRENCY ?? '2';
const child = spawn(
  process.execPath,
  ['--import', 'tsx', '--test', `--test-concurrency=${concurrency}`, '--test-reporter=spec', ...files.map((f) => path.relative(root, f))],
  { cwd: root, stdio: 'inherit', env: process.env },
);
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
