/**
 * `npm run bench -- <name>`: runs bench/<name>.ts. Benchmarks use loopback only, stop by
 * themselves, and print ratios against a baseline measured in the same run, because the
 * machines are shared and absolute numbers drift.
 */
import fs from 'node:fs';
import path from 'node:path';

const name = process.argv[2];
const available = fs
  .readdirSync(import.meta.dirname)
  .filter((f) => f.endsWith('.bench.ts'))
  .map((f) => f.replace('.bench.ts', ''));
if (!name || !available.includes(name)) {
  console.error(`Usage: npm run bench -- <name>\nAvailable: ${available.join(', ')}`);
  process.exit(2);
}
const module = (await import(path.join(import.meta.dirname, `${name}.bench.ts`))) as { main(args: string[]): Promise<void> };
await module.main(process.argv.slice(3));
process.exit(0);
