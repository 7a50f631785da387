import { parseArgs } from 'node:util';
import type { ModuleCliCommand } from '../../../platform/http/app.tsx';
import { translate, type MessageKey } from '../../../platform/i18n/index.ts';
import './messages.ts';
import { presentGroup } from './routes.tsx';
import { duplicateGroups } from './use-cases/find-duplicates.ts';

const KINDS = ['same_capability', 'aplikasi_umum_lookalike', 'similar_name'];

/** `padu katalog duplicates [--json]`: the candidate groups the duplicate screen shows, for scripts. */
export const duplicatesCommand: ModuleCliCommand = {
  summary: 'candidate duplicate application groups (app keys, score, reasons)',
  help: [
    'Usage: padu katalog duplicates [--json] [--kind KIND] [--status open|confirmed|dismissed] [--min-score 0..1]',
    '',
    'Runs duplicate detection over the whole application portfolio, with the SPBE team\'s reviews',
    'and remembered dismissals. With --json prints one JSON object:',
    '  { "groups": [ { "id", "kind", "appKeys", "score", "reasons": [ { "code", "detail", "appKeys" } ], "status", ... } ],',
    '    "appsConsidered": N, "detectionMs": N }',
    `KIND is one of ${KINDS.join(', ')}.`,
  ].join('\n'),
  async run(args, ctx) {
    let values: { json?: boolean; kind?: string; status?: string; 'min-score'?: string };
    try {
      ({ values } = parseArgs({ args, options: { json: { type: 'boolean' }, kind: { type: 'string' }, status: { type: 'string' }, 'min-score': { type: 'string' } } }));
    } catch (error) {
      ctx.stderr.write(`${(error as Error).message}\n`);
      return 2;
    }
    if (values.kind && !KINDS.includes(values.kind)) {
      ctx.stderr.write(`--kind must be one of ${KINDS.join(', ')}\n`);
      return 2;
    }
    if (values.status && !['open', 'confirmed', 'dismissed'].includes(values.status)) {
      ctx.stderr.write('--status must be open, confirmed or dismissed\n');
      return 2;
    }
    const minScore = values['min-score'] === undefined ? undefined : Number(values['min-score']);
    if (minScore !== undefined && !(minScore >= 0 && minScore <= 1)) {
      ctx.stderr.write('--min-score must be a number from 0 to 1\n');
      return 2;
    }
    const result = await ctx.withDeps((deps) =>
      duplicateGroups(deps, { kind: values.kind as never, status: values.status as never, minScore }),
    );
    if (values.json) {
      ctx.stdout.write(`${JSON.stringify({ groups: result.groups.map(presentGroup), appsConsidered: result.appsConsidered, detectionMs: result.detectionMs })}\n`);
      return 0;
    }
    ctx.stdout.write(`${result.groups.length} groups among ${result.appsConsidered} applications (${result.detectionMs} ms)\n`);
    for (const g of result.groups) {
      ctx.stdout.write(`\n${g.id}  ${g.kind}  score ${g.score.toFixed(2)}  [${g.status}]\n  apps: ${g.appKeys.join(', ')}\n`);
      for (const r of g.reasons) ctx.stdout.write(`  - ${translate('en', `dup.reason.${r.code}` as MessageKey, { detail: r.detail })}\n`);
    }
    return 0;
  },
};
