import type { Deps } from '../../deps.ts';
import { ensure, platformPolicy } from '../../auth/policy.ts';
import { sha256 } from '../../auth/crypto.ts';
import { TOKEN_PATTERN } from '../../auth/api-tokens.ts';
import { AppError, validationError, type FieldError } from '../../http/errors.ts';
import { recordAudit, type AuditContext } from '../../audit/record-audit.ts';
import { findLiveTokenByName, findOpd, findToken, insertToken } from '../repo.ts';
import { isKnownScope } from '../scopes.ts';
import { withStatus, type TokenWithStatus } from './token-status.ts';

export interface NewApiToken {
  opdId: string;
  name: string;
  scopes: string[];
  /** Last day the token works (YYYY-MM-DD, in the configured time zone); none means no expiry. */
  expiresOn?: string | null;
}

/** Milliseconds `timeZone` is ahead of UTC at `at`. */
function zoneOffset(at: Date, timeZone: string): number {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' })
      .formatToParts(at)
      .map((p) => [p.type, p.value]),
  );
  const local = Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day), Number(parts.hour), Number(parts.minute), Number(parts.second));
  return local - Math.floor(at.getTime() / 1000) * 1000;
}

/** The instant a date ends in a time zone: midnight at the start of the next day there. */
export function endOfDay(date: string, timeZone: string): Date {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const midnightUtc = Date.UTC(y, m - 1, d + 1);
  // Twice, so a daylight-saving change near midnight still lands on local midnight.
  let guess = midnightUtc - zoneOffset(new Date(midnightUtc), timeZone);
  guess = midnightUtc - zoneOffset(new Date(guess), timeZone);
  return new Date(guess);
}

/**
 * Creates an agency API token. The plaintext is returned once, here, and never stored: the table
 * keeps its SHA-256 and the short prefix people use to recognise it.
 */
export async function createApiToken(
  deps: Pick<Deps, 'db' | 'clock' | 'ids' | 'config'>,
  audit: AuditContext,
  input: NewApiToken,
): Promise<{ token: TokenWithStatus; plaintext: string; opd: { id: string; name: string } }> {
  const actor = audit.actor;
  ensure(actor, platformPolicy.manageTokens(actor, input.opdId));
  const opd = await findOpd(deps.db, input.opdId);
  if (!opd || !opd.active) throw new AppError('not_found', 'error.not_found');

  const now = deps.clock.now();
  const name = input.name.trim();
  const scopes = [...new Set(input.scopes.map((s) => s.trim()))];
  const errors: FieldError[] = [];
  if (await findLiveTokenByName(deps.db, opd.id, name, now)) errors.push({ field: 'name', messageKey: 'tokens.name_taken' });
  const unknown = scopes.find((s) => !isKnownScope(s));
  if (unknown !== undefined) errors.push({ field: 'scopes', messageKey: 'tokens.scope_unknown', params: { scope: unknown } });
  const expiresAt = input.expiresOn ? endOfDay(input.expiresOn, deps.config.timeZone) : null;
  if (expiresAt && expiresAt <= now) errors.push({ field: 'expiresOn', messageKey: 'tokens.expiry_past' });
  if (errors.length) throw validationError(errors);

  const prefix = deps.ids.token(6);
  const plaintext = `padu_${prefix}_${deps.ids.token(32)}`;
  if (!TOKEN_PATTERN.test(plaintext)) throw new Error('generated API token does not match TOKEN_PATTERN');
  const id = deps.ids.uuid();
  await deps.db.transaction().execute(async (tx) => {
    await insertToken(tx, {
      id,
      opd_id: opd.id,
      name,
      token_prefix: prefix,
      token_hash: sha256(plaintext),
      scopes,
      created_by: actor.kind === 'user' ? actor.userId : null,
      created_at: now,
      expires_at: expiresAt,
    });
    await recordAudit(tx, deps.clock, audit, {
      action: 'token.created',
      targetType: 'api_token',
      targetId: id,
      opdId: opd.id,
      after: { name, prefix, scopes, expiresAt },
    });
  });
  const token = await findToken(deps.db, id);
  return { token: withStatus(token!, now), plaintext, opd: { id: opd.id, name: opd.name } };
}
