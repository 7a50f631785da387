import type { Deps } from '../../deps.ts';
import { AppError } from '../../http/errors.ts';
import { verifyPassword } from '../../auth/passwords.ts';
import { createSession } from '../../auth/sessions.ts';
import { clearFailures, countRecentFailures, findUserByEmail, recordFailures } from '../repo.ts';

export const THROTTLE_WINDOW_MS = 15 * 60_000;
export const MAX_FAILURES_PER_ACCOUNT = 5;
export const MAX_FAILURES_PER_IP = 30;

export interface SignInInput {
  email: string;
  password: string;
  ip: string;
  userAgent?: string;
}

/**
 * Checks a password and starts a session. The same message answers an unknown email and a wrong
 * password; failures are counted per account and per IP in the database, so the limit holds
 * across every Padu process.
 */
export async function signIn(deps: Pick<Deps, 'db' | 'clock' | 'ids' | 'config'>, input: SignInInput) {
  const { db, clock } = deps;
  const now = clock.now();
  const since = new Date(now.getTime() - THROTTLE_WINDOW_MS);
  const accountKey = `acct:${input.email.toLowerCase()}`;
  const ipKey = `ip:${input.ip}`;
  const [accountFailures, ipFailures] = await Promise.all([
    countRecentFailures(db, accountKey, since),
    countRecentFailures(db, ipKey, since),
  ]);
  if (accountFailures >= MAX_FAILURES_PER_ACCOUNT || ipFailures >= MAX_FAILURES_PER_IP) {
    throw new AppError('rate_limited', 'auth.throttled');
  }
  const user = await findUserByEmail(db, input.email);
  const ok = await verifyPassword(user?.password_hash ?? null, input.password);
  if (!user || !ok || user.status !== 'active') {
    await recordFailures(db, [accountKey, ipKey], now);
    throw new AppError('unauthorized', 'auth.invalid_credentials');
  }
  await clearFailures(db, accountKey);
  await db.updateTable('app_user').set({ last_login_at: now }).where('id', '=', user.id).execute();
  const token = await createSession(
    db,
    deps,
    { idleMinutes: deps.config.sessionIdleMinutes, absoluteHours: deps.config.sessionAbsoluteHours },
    { userId: user.id, ip: input.ip, userAgent: input.userAgent },
  );
  return { token, userId: user.id };
}
