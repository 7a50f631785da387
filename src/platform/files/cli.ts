import type { ModuleCliCommand } from '../http/app.tsx';
import { purgeDeletedFiles } from './use-cases/purge-files.ts';
import { verifyFiles } from './use-cases/verify-files.ts';

const verifyHelp = [
  'Usage: padu files verify [--json]',
  '',
  'Reads every stored file back (local disk or S3) and checks its size and SHA-256 against the',
  'database. Run it after restoring a backup: the database backup does not contain the files.',
  'Exit status: 0 when every file is intact, 1 naming each missing or altered one.',
].join('\n');

const purgeHelp = [
  'Usage: padu files purge',
  '',
  'Removes the bytes of files deleted more than PADU_FILES_PURGE_DAYS days ago, and stale',
  'temporary uploads. The daily `files.purge` job does the same.',
].join('\n');

/** `padu files verify|purge`. */
export const filesCli: Record<string, ModuleCliCommand> = {
  verify: {
    summary: 'Check every stored file against its size and SHA-256 (after a restore)',
    help: verifyHelp,
    async run(args, ctx) {
      const json = args.includes('--json');
      const unknown = args.filter((a) => a !== '--json');
      if (unknown.length) {
        ctx.stderr.write(`Unknown argument: ${unknown[0]}\n\n${verifyHelp}\n`);
        return 2;
      }
      const result = await ctx.withDeps((deps) => verifyFiles(deps));
      if (json) ctx.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
      else {
        for (const p of result.problems) ctx.stdout.write(`${p.problem}\t${p.id}\t${p.name}${p.detail ? `\t${p.detail}` : ''}\n`);
        ctx.stdout.write(`${result.checked} files checked, ${result.problems.length} with problems.\n`);
      }
      return result.problems.length ? 1 : 0;
    },
  },
  purge: {
    summary: 'Remove the bytes of files deleted longer ago than PADU_FILES_PURGE_DAYS',
    help: purgeHelp,
    async run(args, ctx) {
      if (args.length) {
        ctx.stderr.write(`Unknown argument: ${args[0]}\n\n${purgeHelp}\n`);
        return 2;
      }
      const result = await ctx.withDeps((deps) => purgeDeletedFiles(deps));
      ctx.stdout.write(`${result.purged} files purged, ${result.failed} failed, ${result.staleTemporary} stale temporary files removed.\n`);
      return result.failed ? 1 : 0;
    },
  },
};
