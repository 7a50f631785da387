import http, { type IncomingHttpHeaders } from 'node:http';
import { sha256 } from '../../../platform/auth/crypto.ts';
import { TOKEN_PATTERN } from '../../../platform/auth/api-tokens.ts';
import { recordAudit } from '../../../platform/audit/record-audit.ts';
import { AppError } from '../../../platform/http/errors.ts';
import { insertToken, markRevoked } from '../../../platform/tokens/repo.ts';
import type { Logger } from 'pino';
import { bumpGerbangVersion, gerbangChanged } from '../changes.ts';
import { parseClientHeader } from '../identifiers.ts';
import { findSubsystemByCodes, linkToken } from '../control/repo.ts';
import type { GerbangDeps } from '../control/use-cases/visibility.ts';

/**
 * How the prefill reaches the sources: through this Padu's own data plane, over loopback HTTP
 * to `/r1/…`, exactly as an agency system would. So every fetch is authenticated, checked against
 * the access rights, rate-limited, counted in the metrics and written to the evidence log like any
 * other exchange; nothing bypasses the gateway.
 *
 * An agency system's prefill uses that system's own token. The portal's prefill (a citizen
 * filling a form) calls as the portal's subsystem (`PADU_GERBANG_PORTAL_CLIENT`), with a token
 * this process mints for itself: kept only in memory, valid a day, renewed before it runs out and
 * revoked when the process stops. It appears among the portal subsystem's tokens, named after the
 * process, and its issue is audited.
 */
export interface DataPlaneAnswer {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

export interface DataPlaneCaller {
  /** GET `/r1/<service identifier><path>` as `client`, authenticated by `token`. */
  get(input: { client: string; token: string; service: string; path: string; headers: Record<string, string> }): Promise<DataPlaneAnswer>;
  /** The portal subsystem's identifier and a token for it. */
  portalCredential(): Promise<{ subsystemId: string; client: string; token: string }>;
  close(): Promise<void>;
}

const TOKEN_LIFETIME_MS = 24 * 3600_000;
const RENEW_BEFORE_MS = 3600_000;
const MAX_ANSWER_BYTES = 4 * 1024 * 1024;

export function createDataPlaneCaller(options: { deps: GerbangDeps; logger: Logger; baseUrl: () => string | null; label: string }): DataPlaneCaller {
  const { deps, logger } = options;
  const agent = new http.Agent({ keepAlive: true, maxSockets: 32 });
  type Minted = { subsystemId: string; client: string; token: string; tokenId: string; expiresAt: number };
  let portal: Minted | null = null;
  let minting: Promise<Minted> | null = null;
  const minted: string[] = [];

  async function mintPortalToken(): Promise<Minted> {
    const client = deps.settings.portalClient;
    const parsed = parseClientHeader(client);
    const missing = () => new AppError('conflict', 'once_only.portal_client_missing', { params: { client } });
    if (!parsed) throw missing();
    const subsystem = await findSubsystemByCodes(deps.db, parsed.parts[2]!, parsed.parts[3]!);
    if (!subsystem || !subsystem.active) throw missing();
    const now = deps.clock.now();
    const prefix = deps.ids.token(6);
    const plaintext = `padu_${prefix}_${deps.ids.token(32)}`;
    if (!TOKEN_PATTERN.test(plaintext)) throw new Error('generated token does not match TOKEN_PATTERN');
    const tokenId = deps.ids.uuid();
    const expiresAt = new Date(now.getTime() + TOKEN_LIFETIME_MS);
    const name = `gerbang-prefill ${options.label} ${prefix}`.slice(0, 100);
    await deps.db.transaction().execute(async (tx) => {
      await insertToken(tx, { id: tokenId, opd_id: subsystem.opd_id, name, token_prefix: prefix, token_hash: sha256(plaintext), scopes: ['gerbang:call'], created_by: null, created_at: now, expires_at: expiresAt });
      await linkToken(tx, { token_id: tokenId, subsystem_id: subsystem.id, created_at: now });
      await bumpGerbangVersion(tx);
      await recordAudit(tx, deps.clock, { actor: null, system: 'gerbang.prefill' }, {
        action: 'gerbang.token_issued',
        targetType: 'gerbang_subsystem',
        targetId: subsystem.id,
        opdId: subsystem.opd_id,
        after: { tokenId, name, prefix, expiresAt, purpose: 'portal prefill (process-held)' },
      });
    });
    gerbangChanged();
    minted.push(tokenId);
    return { subsystemId: subsystem.id, client: parsed.canonical, token: plaintext, tokenId, expiresAt: expiresAt.getTime() };
  }

  return {
    async portalCredential() {
      let current = portal;
      if (!current || current.expiresAt - deps.clock.now().getTime() < RENEW_BEFORE_MS || current.client !== parseClientHeader(deps.settings.portalClient)?.canonical) {
        minting ??= mintPortalToken().finally(() => (minting = null));
        current = portal = await minting;
      }
      return { subsystemId: current.subsystemId, client: current.client, token: current.token };
    },

    get(input) {
      const base = options.baseUrl();
      if (!base) return Promise.reject(new AppError('internal', 'once_only.gateway_unreachable'));
      const url = new URL(`/r1/${input.service}${input.path}`, base);
      return new Promise<DataPlaneAnswer>((resolve, reject) => {
        const req = http.request(url, {
          method: 'GET',
          agent,
          headers: { ...input.headers, Authorization: `Bearer ${input.token}`, 'X-Road-Client': input.client, Accept: 'application/json' },
        });
        req.setTimeout(60_000, () => req.destroy(new Error('timeout')));
        req.on('response', (res) => {
          const chunks: Buffer[] = [];
          let bytes = 0;
          res.on('data', (c: Buffer) => {
            bytes += c.length;
            if (bytes > MAX_ANSWER_BYTES) return void res.destroy(new Error('answer too large'));
            chunks.push(c);
          });
          res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
          res.on('error', reject);
        });
        req.on('error', reject);
        req.end();
      });
    },

    async close() {
      agent.destroy();
      const now = deps.clock.now();
      for (const tokenId of minted.splice(0)) {
        try {
          // Revoking bumps the tokens' marker the snapshot polls, so every process drops it.
          await markRevoked(deps.db, tokenId, now);
        } catch (error) {
          logger.warn({ err: error }, 'gerbang: revoking the prefill token failed (it expires within a day)');
        }
      }
      portal = null;
    },
  };
}
