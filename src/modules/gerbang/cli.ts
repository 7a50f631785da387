import fs from 'node:fs';
import { parseArgs } from 'node:util';
import type { CliContext, ModuleCliCommand } from '../../platform/http/app.tsx';
import type { Actor } from '../../platform/auth/actor.ts';
import type { Deps } from '../../platform/deps.ts';
import { findUserByEmail } from '../../platform/accounts/repo.ts';
import { loadGrants } from '../../platform/auth/sessions.ts';
import { AppError } from '../../platform/http/errors.ts';
import { translate } from '../../platform/i18n/index.ts';
import { loadGerbangSettings } from './config.ts';
import { CircuitBreakers } from './proxy/limits.ts';
import { listServices } from './control/use-cases/list-services.ts';
import { registerService } from './control/use-cases/register-service.ts';
import { diagnoseUpstreams } from './control/use-cases/diagnose-upstreams.ts';
import { serviceIdOf, type GerbangDeps } from './control/use-cases/visibility.ts';
import { certCommands } from './tls/cli.ts';
import './messages.ts';

/**
 * `padu gerbang services|register|check`: the control plane's use cases for scripts. Every
 * command acts as an account (`--as EMAIL`) with that account's rights and leaves the same
 * audit trail as the screens.
 */
class UsageError extends Error {}

async function actor(deps: Pick<Deps, 'db'>, email: unknown): Promise<Actor> {
  if (typeof email !== 'string' || !email) throw new UsageError('--as EMAIL is required: commands act with that account’s rights');
  const user = await findUserByEmail(deps.db, email);
  if (!user || user.status !== 'active') throw new UsageError(`No active account ${email}`);
  return { kind: 'user', userId: user.id, name: user.name, email: user.email, grants: await loadGrants(deps.db, user.id) };
}

function parse(args: string[], options: Record<string, { type: 'string' | 'boolean' }>): { values: Record<string, string | boolean | undefined>; positionals: string[] } {
  try {
    return parseArgs({ args, allowPositionals: true, options: { as: { type: 'string' }, json: { type: 'boolean' }, ...options } }) as { values: Record<string, string | boolean | undefined>; positionals: string[] };
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

async function guarded(ctx: CliContext, help: string, body: () => Promise<number>): Promise<number> {
  try {
    return await body();
  } catch (error) {
    if (error instanceof UsageError) {
      ctx.stderr.write(`${error.message}\n\n${help}\n`);
      return 2;
    }
    if (error instanceof AppError) {
      const details = error.fields.map((f) => `  ${f.field}: ${translate('en', f.messageKey, f.params)}\n`).join('');
      ctx.stderr.write(`${translate('en', error.messageKey, error.options.params)}\n${details}`);
      return 1;
    }
    throw error;
  }
}

const withGerbang = <T>(ctx: CliContext, fn: (deps: GerbangDeps) => Promise<T>) => ctx.withDeps((deps) => fn({ ...deps, settings: loadGerbangSettings() }));

const servicesHelp = 'Usage: padu gerbang services --as EMAIL [--json]\n\nLists the services the account can see (the service directory).';
const registerHelp = [
  'Usage: padu gerbang register SUBSYSTEM-ID --code CODE --upstream URL [--openapi FILE|URL] --as EMAIL',
  '',
  'Registers a service (as a draft) of a subsystem; with --openapi its paths become the endpoints.',
  'Prints the new service as JSON.',
].join('\n');
const checkHelp = [
  'Usage: padu gerbang check --as EMAIL [--json]',
  '',
  'Checks the upstream of every service of the account’s agencies: DNS, TCP, TLS, a health call.',
  'Exit status: 0 when all pass, 1 when some upstream fails.',
].join('\n');

// Client certificates (tls/cli.ts), with this file's account, argument and error handling.
const tlsCommands = Object.fromEntries(
  Object.entries(certCommands({ withGerbang, actor, parse, usage: (message) => new UsageError(message) })).map(([name, command]) => [
    name,
    { ...command, run: (args: string[], ctx: CliContext) => guarded(ctx, command.help, () => command.run(args, ctx)) },
  ]),
);

export const gerbangCli: Record<string, ModuleCliCommand> = {
  ...tlsCommands,
  services: {
    summary: 'List the services an account can see',
    help: servicesHelp,
    run: (args, ctx) =>
      guarded(ctx, servicesHelp, async () => {
        const { values } = parse(args, {});
        return withGerbang(ctx, async (deps) => {
          const rows = await listServices(deps, await actor(deps, values.as));
          if (values.json) ctx.stdout.write(`${JSON.stringify(rows.map((r) => ({ id: r.id, identifier: serviceIdOf(deps.settings, r), name: r.name, lifecycle: r.lifecycle })), null, 2)}\n`);
          else for (const r of rows) ctx.stdout.write(`${serviceIdOf(deps.settings, r)}\t${r.lifecycle}\t${r.name}\t${r.id}\n`);
          return 0;
        });
      }),
  },
  register: {
    summary: 'Register a service from an OpenAPI description (file or URL)',
    help: registerHelp,
    run: (args, ctx) =>
      guarded(ctx, registerHelp, async () => {
        const { values, positionals } = parse(args, { code: { type: 'string' }, upstream: { type: 'string' }, openapi: { type: 'string' } });
        const [subsystemId] = positionals;
        if (!subsystemId || typeof values.code !== 'string' || typeof values.upstream !== 'string') throw new UsageError('SUBSYSTEM-ID, --code and --upstream are required');
        const source = typeof values.openapi === 'string' ? values.openapi : undefined;
        const openapi = source && !/^https?:\/\//.test(source) ? fs.readFileSync(source, 'utf8') : undefined;
        return withGerbang(ctx, async (deps) => {
          const audit = { actor: await actor(deps, values.as), system: 'cli:gerbang register' };
          const created = await registerService(deps, audit, subsystemId, { code: values.code as string, upstreamUrl: values.upstream as string, openapi, openapiUrl: openapi ? undefined : source });
          ctx.stdout.write(`${JSON.stringify({ id: created.id, identifier: serviceIdOf(deps.settings, created), name: created.name, lifecycle: created.lifecycle }, null, 2)}\n`);
          return 0;
        });
      }),
  },
  check: {
    summary: 'Check the upstreams of an account’s services (DNS, TCP, TLS, health)',
    help: checkHelp,
    run: (args, ctx) =>
      guarded(ctx, checkHelp, async () => {
        const { values } = parse(args, {});
        return withGerbang(ctx, async (deps) => {
          // A separate process has no circuit history: every circuit reads as closed here.
          const results = await diagnoseUpstreams(deps, await actor(deps, values.as), new CircuitBreakers(1, 1));
          if (values.json) ctx.stdout.write(`${JSON.stringify(results.map((d) => ({ identifier: d.identifier, upstream: d.service.upstream_url, ok: d.ok, checks: d.checks })), null, 2)}\n`);
          else {
            for (const d of results) {
              ctx.stdout.write(`${d.ok ? 'OK  ' : 'FAIL'} ${d.identifier} → ${d.service.upstream_url}\n`);
              for (const c of d.checks) ctx.stdout.write(`     ${c.name.padEnd(6)} ${c.ok === null ? '-' : c.ok ? 'ok' : `FAIL (${c.category})`} ${c.detail}\n`);
            }
          }
          return results.every((d) => d.ok) ? 0 : 1;
        });
      }),
  },
};
