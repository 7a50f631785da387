import { parseArgs } from 'node:util';
import { loadConfig, type Config } from './config.ts';
import { DataDirLockedError } from './platform/db/lock.ts';
import { AppError } from './platform/http/errors.ts';
import { translate } from './platform/i18n/index.ts';
import type { Database } from './platform/db/database.ts';

// The rest of Padu (Fastify, the database drivers, every module) is imported by the commands
// that use it, so `padu --help` and usage errors answer at once.
const main = () => import('./main.ts');
const migrations = () => import('./platform/db/migrate.ts');
const backups = () => import('./platform/db/backup.ts');
const referenceData = () => import('./platform/reference/load-reference-data.ts');
const deps = () => import('./platform/deps.ts');

interface Command {
  summary: string;
  usage: string;
  options?: Record<string, { type: 'string' | 'boolean'; short?: string; description: string }>;
  run(args: { positionals: string[]; values: Record<string, string | boolean | undefined>; config: Config }): Promise<number | void>;
}

const commands: Record<string, Command> = {
  serve: {
    summary: 'Start the web server (embedded database unless DATABASE_URL is set)',
    usage: 'padu serve',
    async run({ config }) {
      const padu = await (await main()).startPadu(config);
      const stop = async (signal: string) => {
        process.stdout.write(`\n${signal}: shutting down cleanly…\n`);
        const force = setTimeout(() => process.exit(1), 30_000);
        force.unref();
        await padu.close();
        process.exit(0);
      };
      process.once('SIGINT', () => void stop('SIGINT'));
      process.once('SIGTERM', () => void stop('SIGTERM'));
      await new Promise(() => {});
    },
  },
  migrate: {
    summary: 'Apply database migrations and load reference data if missing',
    usage: 'padu migrate',
    async run({ config }) {
      const [{ migrate }, { prepareDatabase }] = await Promise.all([migrations(), main()]);
      await withDatabase(config, async (database) => {
        const { applied } = await migrate(database.db);
        await prepareDatabase(database, config);
        out(applied.length ? `Applied: ${applied.join(', ')}` : 'Database is up to date.');
      });
    },
  },
  'create-admin': {
    summary: 'Create a platform administrator (or make an existing account one)',
    usage: 'padu create-admin --email EMAIL [--name NAME] [--password PASSWORD]',
    options: {
      email: { type: 'string', description: 'Email address (sign-in name)' },
      name: { type: 'string', description: 'Display name (default: Administrator)' },
      password: { type: 'string', description: 'Password; default PADU_ADMIN_PASSWORD, else a random one is printed' },
    },
    async run({ values, config }) {
      const email = values.email as string | undefined;
      if (!email) throw new UsageError('--email is required');
      const [{ prepareDatabase }, { randomIds, systemClock }, { createAdmin }] = await Promise.all([main(), deps(), import('./platform/accounts/use-cases/create-admin.ts')]);
      const password = (values.password as string | undefined) ?? config.adminPassword ?? randomIds.token(15);
      await withDatabase(config, async (database) => {
        await prepareDatabase(database, config);
        const result = await createAdmin({ db: database.db, clock: systemClock, ids: randomIds }, { actor: null, system: 'cli:create-admin' }, { email, name: (values.name as string) ?? 'Administrator', password });
        if (result.created) out(`Administrator ${email} created.${values.password || config.adminPassword ? '' : ` Password: ${password}`}`);
        else out(`${email} already had an account; it is now a platform administrator (password unchanged).`);
      });
    },
  },
  backup: {
    summary: 'Write a full logical backup of the database to FILE (gzip)',
    usage: 'padu backup FILE',
    async run({ positionals, config }) {
      const file = positionals[0];
      if (!file) throw new UsageError('FILE is required');
      const { backupDatabase } = await backups();
      await withDatabase(config, async (database) => {
        const summary = await backupDatabase(database.db, file);
        const rows = Object.values(summary.tables).reduce((a, b) => a + b, 0);
        out(`Backup written to ${file}: ${Object.keys(summary.tables).length} tables, ${rows} rows.`);
      });
    },
  },
  restore: {
    summary: 'Restore a backup FILE into this database (empty, or replace with --force)',
    usage: 'padu restore FILE [--force]',
    options: { force: { type: 'boolean', description: 'Replace data already in the database' } },
    async run({ positionals, values, config }) {
      const file = positionals[0];
      if (!file) throw new UsageError('FILE is required');
      const [{ migrate }, { restoreDatabase }] = await Promise.all([migrations(), backups()]);
      await withDatabase(config, async (database) => {
        await migrate(database.db);
        const result = await restoreDatabase(database.db, file, { force: !!values.force });
        const rows = Object.values(result.tables).reduce((a, b) => a + b, 0);
        out(`Restored ${rows} rows into ${Object.keys(result.tables).length} tables.`);
      });
    },
  },
  'export-to-postgres': {
    summary: 'Copy this (embedded) installation into an empty PostgreSQL database',
    usage: 'padu export-to-postgres DATABASE_URL',
    async run({ positionals, config }) {
      const target = positionals[0];
      if (!target) throw new UsageError('DATABASE_URL of the target is required');
      const [{ prepareDatabase }, { exportToPostgres }] = await Promise.all([main(), backups()]);
      await withDatabase(config, async (database) => {
        await prepareDatabase(database, config);
        const result = await exportToPostgres(database.db, target);
        const rows = Object.values(result.tables).reduce((a, b) => a + b, 0);
        out(`Copied ${rows} rows. Start Padu with DATABASE_URL=${redactUrl(target)} to use PostgreSQL from now on.`);
      });
    },
  },
  'import-reference': {
    summary: 'Load or refresh regions and agencies for a province (idempotent)',
    usage: 'padu import-reference [--province CODE] [--regions FILE] [--districts FILE] [--opd FILE]',
    options: {
      province: { type: 'string', description: 'Province code (default PADU_PROVINCE, 35)' },
      regions: { type: 'string', description: 'CSV code,name,kind,parent_code (default: the bundled file for the province)' },
      districts: { type: 'string', description: 'CSV code,name,parent_code' },
      opd: { type: 'string', description: 'CSV name,abbreviation,kind,confidence' },
    },
    async run({ values, config }) {
      const [{ migrate }, { loadReferenceData, referenceFilesFor }, { systemClock }] = await Promise.all([migrations(), referenceData(), deps()]);
      const province = (values.province as string | undefined) ?? config.province;
      const files = values.regions
        ? { regions: values.regions as string, districts: values.districts as string | undefined, opd: values.opd as string | undefined }
        : referenceFilesFor(province);
      await withDatabase(config, async (database) => {
        await migrate(database.db);
        const result = await loadReferenceData(database.db, { province, now: systemClock.now(), files });
        out(`Province ${province}: ${result.regions} regions, ${result.opd} agencies loaded.`);
      });
    },
  },
  'seed-demo': {
    summary: 'Load synthetic demo data from every module; --json prints what was created',
    usage: 'padu seed-demo [--json]',
    options: { json: { type: 'boolean', description: 'Print accounts, passwords, tokens and ids as one JSON object' } },
    async run({ values, config }) {
      const [{ prepareDatabase }, { randomIds, systemClock }, { createLogger }, { seedDemo }] = await Promise.all([main(), deps(), import('./platform/logger.ts'), import('./seed-demo.ts')]);
      await withDatabase(config, async (database) => {
        await prepareDatabase(database, config);
        const result = await seedDemo({ db: database.db, config, clock: systemClock, ids: randomIds, logger: createLogger('silent'), mail: { mailQueued() {} } });
        if (values.json) out(JSON.stringify(result, null, 2));
        else {
          out('Demo data loaded (synthetic). Accounts:');
          for (const a of result.accounts) out(`  ${a.email.padEnd(36)} ${a.password}  ${a.roles.join(', ')}`);
          for (const tkn of result.apiTokens) out(`  API token for ${tkn.opd}: ${tkn.token}`);
        }
      });
    },
  },
  evidence: {
    summary: 'Gateway evidence log: verify the whole log, or export one exchange with its proof',
    usage: 'padu evidence verify [--json] [--trusted-keys ID,…] [--skip-bodies]  |  padu evidence proof X-ROAD-ID [--out FILE] [--redact]',
    options: {
      json: { type: 'boolean', description: 'verify: print the report as JSON' },
      'trusted-keys': { type: 'string', description: 'verify: only seals signed by these key ids (comma-separated) count' },
      'skip-bodies': { type: 'boolean', description: 'verify: do not decrypt and check kept bodies' },
      out: { type: 'string', description: 'proof: write the JSON to FILE instead of standard output' },
      redact: { type: 'boolean', description: 'proof: leave out the opened personal fields' },
    },
    async run(args) {
      const { runEvidenceCommand } = await import('./modules/gerbang/evidence/cli.ts');
      return runEvidenceCommand({ ...args, withDatabase });
    },
  },
};

class UsageError extends Error {}

function out(line: string): void {
  process.stdout.write(`${line}\n`);
}

function redactUrl(url: string): string {
  return url.replace(/\/\/([^:@/]+):[^@/]+@/, '//$1:***@');
}

async function withDatabase<T>(config: Config, fn: (database: Database) => Promise<T>): Promise<T> {
  const database = await (await main()).openConfiguredDatabase(config);
  try {
    return await fn(database);
  } finally {
    await database.close();
  }
}

function help(): string {
  const width = Math.max(...Object.keys(commands).map((k) => k.length));
  return [
    'Padu — platform SPBE terpadu',
    '',
    'Usage: padu <command> [options]    (padu <command> --help for details)',
    '',
    ...Object.entries(commands).map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`),
    '',
    'Modules add their own commands: padu <module> <command> (padu katalog --help lists the katalog’s).',
    '',
    'Configuration comes from the environment: PORT, PADU_DATA_DIR, DATABASE_URL, PADU_PROVINCE, … (see README).',
  ].join('\n');
}

function commandHelp(name: string, command: Command): string {
  const lines = [`${command.summary}`, '', `Usage: ${command.usage}`];
  if (command.options) {
    lines.push('', 'Options:');
    for (const [opt, o] of Object.entries(command.options)) lines.push(`  --${opt.padEnd(12)} ${o.description}`);
  }
  lines.push(`  --${'help'.padEnd(12)} Show this help`);
  void name;
  return lines.join('\n');
}

/**
 * `padu <module> <command> [args]`: commands a feature module contributes (`PaduModule.cli`).
 * Returns undefined when no module of that name has commands.
 */
async function runModuleCommand(name: string, args: string[]): Promise<number | undefined> {
  const { modules } = await import('./modules.ts');
  const cli = modules.find((m) => m.name === name)?.cli;
  if (!cli) return undefined;
  const width = Math.max(...Object.keys(cli).map((k) => k.length));
  const list = [`Usage: padu ${name} <command> [options]    (padu ${name} <command> --help for details)`, '', ...Object.entries(cli).map(([sub, c]) => `  ${sub.padEnd(width)}  ${c.summary}`)].join('\n');
  const [sub, ...rest] = args;
  if (!sub || sub === '--help' || sub === '-h' || sub === 'help') {
    out(list);
    return sub ? 0 : 1;
  }
  const command = cli[sub];
  if (!command) {
    process.stderr.write(`Unknown command "${name} ${sub}".\n\n${list}\n`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    out(command.help);
    return 0;
  }
  const config = loadConfig();
  try {
    return await command.run(rest, {
      config,
      stdout: process.stdout,
      stderr: process.stderr,
      async withDeps(fn) {
        const [{ prepareDatabase }, { randomIds, systemClock }, { createLogger }] = await Promise.all([main(), deps(), import('./platform/logger.ts')]);
        return withDatabase(config, async (database) => {
          await prepareDatabase(database, config);
          // Logs go to standard error: standard output carries the command's answer (an export, a report).
          const logger = createLogger(config.logLevel, process.stderr);
          return fn({ db: database.db, config, clock: systemClock, ids: randomIds, logger, mail: { mailQueued() {} } });
        });
      },
    });
  } catch (error) {
    if (error instanceof DataDirLockedError) {
      process.stderr.write(`${error.message}\n`);
      return 1;
    }
    process.stderr.write(`padu ${name} ${sub} failed: ${(error as Error).message}\n`);
    return 1;
  }
}

export async function runCli(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    out(help());
    return name ? 0 : 1;
  }
  const command = commands[name];
  if (!command) {
    const moduleResult = await runModuleCommand(name, rest);
    if (moduleResult !== undefined) return moduleResult;
    process.stderr.write(`Unknown command "${name}".\n\n${help()}\n`);
    return 2;
  }
  let parsed;
  try {
    parsed = parseArgs({
      args: rest,
      allowPositionals: true,
      options: { help: { type: 'boolean', short: 'h' }, ...Object.fromEntries(Object.entries(command.options ?? {}).map(([k, o]) => [k, { type: o.type }])) },
    });
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n\n${commandHelp(name, command)}\n`);
    return 2;
  }
  if (parsed.values.help) {
    out(commandHelp(name, command));
    return 0;
  }
  try {
    const code = await command.run({ positionals: parsed.positionals, values: parsed.values as Record<string, string | boolean | undefined>, config: loadConfig() });
    return code ?? 0;
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`${error.message}\n\n${commandHelp(name, command)}\n`);
      return 2;
    }
    if (error instanceof AppError) {
      const details = error.fields.map((f) => `  ${f.field}: ${translate('en', f.messageKey, f.params)}`).join('\n');
      process.stderr.write(`${translate('en', error.messageKey, error.options.params)}\n${details}\n`);
      return 1;
    }
    if (error instanceof DataDirLockedError) {
      process.stderr.write(`${error.message}\n`);
      return 1;
    }
    process.stderr.write(`padu ${name} failed: ${(error as Error).message}\n`);
    return 1;
  }
}

if (import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith('padu.mjs')) {
  // `serve` only returns when it failed to start; every other command returns when done.
  process.exit(await runCli(process.argv.slice(2)));
}
