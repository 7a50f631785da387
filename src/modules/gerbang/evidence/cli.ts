import fs from 'node:fs';
import os from 'node:os';
import { sql } from 'kysely';
import pino from 'pino';
import type { Config } from '../../../config.ts';
import type { Database } from '../../../platform/db/database.ts';
import { systemClock } from '../../../platform/deps.ts';
import './db.ts';
import { loadEvidenceKeys } from './keys.ts';
import { exportEvidenceProofs, NotSealedYetError } from './proof.ts';
import { recordsByXroadId, sealCovering } from './repo.ts';
import { createSealer } from './seal.ts';
import { verifyEvidenceLog, type VerifyReport } from './verify.ts';

export const EVIDENCE_USAGE = 'padu evidence verify [--json] [--trusted-keys ID,…] [--skip-bodies]  |  padu evidence proof X-ROAD-ID [--out FILE] [--redact]';

export interface EvidenceCommandArgs {
  positionals: string[];
  values: Record<string, string | boolean | undefined>;
  config: Config;
  withDatabase: <T>(config: Config, fn: (database: Database) => Promise<T>) => Promise<T>;
}

const out = (line: string) => process.stdout.write(`${line}\n`);
const err = (line: string) => process.stderr.write(`${line}\n`);

function printReport(report: VerifyReport): void {
  const keys = report.keys.map((k) => `${k.id}${k.opened === true ? ' (opens with the evidence key)' : k.opened === false ? ' (DOES NOT open with the evidence key)' : ''}`).join(', ');
  out(`Evidence log: ${report.records} records in ${report.chains} chain(s): ${report.sealedRecords} sealed, ${report.unsealedRecords} not sealed yet; ${report.seals} seal(s).`);
  out(`Signing keys: ${keys || 'none'}.`);
  out(`Time-stamps: ${report.timeStamps.stamped} of ${report.seals} seal(s) stamped.`);
  if (report.ok) {
    out('OK: every record hash, chain link, seal signature, Merkle root and seal link checks out.');
    return;
  }
  out(`FIRST PROBLEM: ${report.first!.message}`);
  out(`${report.problems.length}${report.truncated ? '+' : ''} problem(s):`);
  for (const p of report.problems) out(`  [${p.kind}] ${p.message}`);
}

async function hasEvidenceTables(database: Database): Promise<boolean> {
  const row = await sql<{ t: string | null }>`SELECT to_regclass('gerbang_evidence')::text AS t`.execute(database.db);
  return !!row.rows[0]?.t;
}

/** `padu evidence …`: exit 0 when all is well, 1 when the log fails verification or the proof cannot be made, 2 on usage errors. */
export async function runEvidenceCommand(args: EvidenceCommandArgs): Promise<number> {
  const [sub, ...rest] = args.positionals;
  const keys = loadEvidenceKeys({ envKey: args.config.evidence.key, dataDir: args.config.dataDir, create: false });
  if (sub === 'verify' && rest.length === 0) {
    return args.withDatabase(args.config, async (database) => {
      if (!(await hasEvidenceTables(database))) {
        err('This database has no evidence log (run `padu migrate`).');
        return 1;
      }
      const trusted = typeof args.values['trusted-keys'] === 'string' ? (args.values['trusted-keys'] as string).split(',').map((s) => s.trim()).filter(Boolean) : undefined;
      const report = await verifyEvidenceLog(database.db, { keys, trustedKeyIds: trusted, checkBodies: !args.values['skip-bodies'] });
      if (args.values.json) out(JSON.stringify(report, null, 2));
      else printReport(report);
      if (!keys && !args.values.json) out('(No evidence key here: personal fields, bodies and key wrapping were not checked.)');
      return report.ok ? 0 : 1;
    });
  }
  if (sub === 'proof' && rest.length === 1) {
    const xroadId = rest[0]!;
    return args.withDatabase(args.config, async (database) => {
      if (!(await hasEvidenceTables(database))) {
        err('This database has no evidence log (run `padu migrate`).');
        return 1;
      }
      const rows = await recordsByXroadId(database.db, xroadId);
      if (rows.length === 0) {
        err(`No exchange with X-Road-Id ${xroadId}.`);
        return 1;
      }
      // A record written in the last minute may not be sealed yet: seal now rather than make the operator wait.
      const unsealed = await Promise.all(rows.map((r) => sealCovering(database.db, r.node_id, Number(r.seq))));
      if (unsealed.includes(null)) {
        if (!keys) {
          err('The exchange is not sealed yet, and this process has no evidence key to seal it. Try again within a minute.');
          return 1;
        }
        const logger = pino({ level: 'warn' });
        await createSealer({ db: database.db, keys, clock: systemClock, logger, nodeId: `cli:${os.hostname()}:${process.pid}` }).sealAll();
      }
      let proofs;
      try {
        proofs = await exportEvidenceProofs(database.db, xroadId, { keys, disclose: !args.values.redact });
      } catch (error) {
        if (error instanceof NotSealedYetError) {
          err(error.message);
          return 1;
        }
        err(`${(error as Error).message}`);
        return 1;
      }
      const json = JSON.stringify({ xroadId, proofs }, null, 2);
      if (typeof args.values.out === 'string') {
        fs.writeFileSync(args.values.out, `${json}\n`);
        out(`Proof of ${proofs.length} exchange(s) written to ${args.values.out}. Check it with: node scripts/verify-evidence-proof.mjs ${args.values.out}`);
      } else out(json);
      return 0;
    });
  }
  err(`Usage: ${EVIDENCE_USAGE}`);
  return 2;
}
