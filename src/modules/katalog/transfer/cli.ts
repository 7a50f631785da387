import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { CliContext, ModuleCliCommand } from '../../../platform/http/app.tsx';
import type { Actor } from '../../../platform/auth/actor.ts';
import type { AuditContext } from '../../../platform/audit/record-audit.ts';
import { findUserByEmail } from '../../../platform/accounts/repo.ts';
import { loadGrants } from '../../../platform/auth/sessions.ts';
import { AppError } from '../../../platform/http/errors.ts';
import { isLocale, translate, type Locale } from '../../../platform/i18n/index.ts';
import type { Deps } from '../../../platform/deps.ts';
import * as S from './schemas.ts';
import { startImport } from './use-cases/start-import.ts';
import { getImport } from './use-cases/get-import.ts';
import { exportAppsFile } from './use-cases/export-apps.ts';
import { exportKatalog } from './use-cases/export-katalog.ts';
import './messages.ts';

/** `padu katalog import|export`: the same use cases as the screens, for scripts. */

class UsageError extends Error {}

async function actAs(deps: Deps, email: string | undefined, command: string): Promise<AuditContext> {
  // Without --as the operator acts, with every agency in reach: they hold the database anyway.
  if (!email) return { actor: null, system: `cli:katalog ${command}` };
  const user = await findUserByEmail(deps.db, email);
  if (!user || user.status !== 'active') throw new UsageError(`No active account ${email}`);
  const actor: Actor = { kind: 'user', userId: user.id, name: user.name, email: user.email, grants: await loadGrants(deps.db, user.id) };
  return { actor, system: `cli:katalog ${command}` };
}

function language(value: unknown): Locale {
  if (value === undefined) return 'id';
  if (!isLocale(value)) throw new UsageError('--lang must be id or en');
  return value;
}

function parse<O extends NonNullable<NonNullable<Parameters<typeof parseArgs>[0]>['options']>>(args: string[], options: O) {
  try {
    return parseArgs({ args, allowPositionals: true, options });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

/** Runs a command body; usage mistakes exit 2 with the help, refusals and bad input exit 1. */
async function guarded(ctx: CliContext, help: string, lang: () => Locale, body: () => Promise<number>): Promise<number> {
  try {
    return await body();
  } catch (error) {
    if (error instanceof UsageError) {
      ctx.stderr.write(`${error.message}\n\n${help}\n`);
      return 2;
    }
    if (error instanceof AppError) {
      const locale = lang();
      const details = error.fields.map((f) => `  ${f.field}: ${translate(locale, f.messageKey, f.params)}\n`).join('');
      ctx.stderr.write(`${translate(locale, error.messageKey, error.options.params)}\n${details}`);
      return 1;
    }
    throw error;
  }
}

const importHelp = [
  'Import applications from a CSV or XLSX file (the columns of the template).',
  '',
  'Usage: padu katalog import FILE [--dry-run] [--partial] [--as EMAIL] [--json] [--lang id|en]',
  '',
  'Options:',
  '  --dry-run      Check every row and report problems; save nothing',
  '  --partial      Save the valid rows even if some rows have errors (default: nothing is saved then)',
  '  --as EMAIL     Act as this account, with its rights (default: the operator, every agency)',
  '  --json         Print the report as JSON (the API’s shape)',
  '  --lang id|en   Language of the messages (default id)',
  '  --help         Show this help',
  '',
  'Exit status: 0 when every row is valid, 1 when some row has a problem (or the file is refused), 2 on usage errors.',
].join('\n');

const importCommand: ModuleCliCommand = {
  summary: 'Import applications from a CSV or XLSX file (--dry-run, --partial)',
  help: importHelp,
  async run(args, ctx) {
    let locale: Locale = 'id';
    return guarded(ctx, importHelp, () => locale, async () => {
      const { values, positionals } = parse(args, {
        'dry-run': { type: 'boolean' },
        partial: { type: 'boolean' },
        as: { type: 'string' },
        json: { type: 'boolean' },
        lang: { type: 'string' },
      });
      locale = language(values.lang);
      const file = positionals[0];
      if (!file) throw new UsageError('FILE is required');
      if (positionals.length > 1) throw new UsageError(`Unexpected argument: ${positionals[1]}`);
      let content: Buffer;
      try {
        content = fs.readFileSync(file);
      } catch (error) {
        throw new UsageError(`Cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
      }
      return ctx.withDeps(async (deps) => {
        const audit = await actAs(deps, values.as as string | undefined, 'import');
        const showProgress = !values.json;
        const { importId } = await startImport(
          deps,
          audit,
          { filename: path.basename(file), content },
          { dryRun: !!values['dry-run'], partial: !!values.partial },
          {
            onProgress: (p) => {
              if (showProgress && p.total > 500) ctx.stderr.write(`${p.status} ${p.processed}/${p.total}\n`);
            },
          },
        );
        const record = await getImport(deps, audit.actor, importId, { operator: !audit.actor });
        const report = S.presentImport(record, locale);
        if (values.json) ctx.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
        else {
          const t = (key: Parameters<typeof translate>[1], params?: Parameters<typeof translate>[2]) => translate(locale, key, params);
          if (report.error) ctx.stdout.write(`${report.error}\n`);
          const outcome = report.outcome === 'validated' && report.problems.length === 0 ? 'katalog.transfer.outcome.validated_clean' : report.outcome ? (`katalog.transfer.outcome.${report.outcome}` as const) : null;
          if (outcome) ctx.stdout.write(`${t(outcome)}\n`);
          ctx.stdout.write(
            `${t('katalog.transfer.count.total')}: ${report.total}, ${t('katalog.transfer.count.created')}: ${report.counts.created}, ${t('katalog.transfer.count.updated')}: ${report.counts.updated}, ` +
              `${t('katalog.transfer.count.unchanged')}: ${report.counts.unchanged}, ${t('katalog.transfer.count.error_rows')}: ${report.counts.errorRows}\n`,
          );
          for (const p of report.problems) ctx.stdout.write(`${t('katalog.transfer.row')} ${p.row}${p.column ? `, ${p.column}` : ''}: ${p.message}\n`);
        }
        return report.status === 'done' && report.problems.length === 0 ? 0 : 1;
      });
    });
  },
};

const exportHelp = [
  'Export the katalog: applications as CSV or XLSX (the template’s columns), or everything as JSON.',
  '',
  'Usage: padu katalog export [--format csv|xlsx|json] [--as EMAIL] [FILE]',
  '',
  'Options:',
  '  --format F     csv (default), xlsx, or json (apps, services, data sets, infrastructure, integrations, roadmap, decisions)',
  '  --as EMAIL     Export what this account may see (default: the operator, everything)',
  '  --lang id|en   Language of sheet names (default id)',
  '  --help         Show this help',
  '',
  'Without FILE the export goes to standard output.',
].join('\n');

const exportCommand: ModuleCliCommand = {
  summary: 'Export applications as CSV/XLSX, or the whole katalog as JSON',
  help: exportHelp,
  async run(args, ctx) {
    let locale: Locale = 'id';
    return guarded(ctx, exportHelp, () => locale, async () => {
      const { values, positionals } = parse(args, { format: { type: 'string' }, as: { type: 'string' }, lang: { type: 'string' } });
      locale = language(values.lang);
      const format = (values.format as string | undefined) ?? 'csv';
      if (format !== 'csv' && format !== 'xlsx' && format !== 'json') throw new UsageError('--format must be csv, xlsx or json');
      if (positionals.length > 1) throw new UsageError(`Unexpected argument: ${positionals[1]}`);
      const file = positionals[0];
      const body = await ctx.withDeps(async (deps) => {
        const audit = await actAs(deps, values.as as string | undefined, 'export');
        const operator = !audit.actor;
        if (format === 'json') return Buffer.from(`${JSON.stringify(await exportKatalog(deps, audit.actor, { operator }), null, 2)}\n`, 'utf8');
        return exportAppsFile(deps, audit.actor, format, locale, { operator });
      });
      if (file) {
        fs.writeFileSync(file, body);
        ctx.stderr.write(`${file}: ${body.length} bytes\n`);
      } else ctx.stdout.write(body);
      return 0;
    });
  },
};

/** The katalog's commands; `duplicates` (candidate groups as JSON) is added beside these. */
export const katalogTransferCli: Record<string, ModuleCliCommand> = {
  import: importCommand,
  export: exportCommand,
};
