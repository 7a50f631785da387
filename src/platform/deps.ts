import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { Config } from '../config.ts';
import type { Db } from './db/database.ts';
import { randomToken } from './auth/crypto.ts';

export interface Clock {
  now(): Date;
}

export interface Ids {
  uuid(): string;
  /** URL-safe random secret (session tokens, one-time links, API tokens). */
  token(bytes?: number): string;
}

export const systemClock: Clock = { now: () => new Date() };
export const randomIds: Ids = { uuid: () => randomUUID(), token: (bytes) => randomToken(bytes) };

/** Hook for use cases that queue mail inside their transaction and want it sent promptly. */
export interface MailNotifier {
  mailQueued(): void;
}

/** What use cases receive: nothing global, so tests can fix time, ids and outside effects. */
export interface Deps {
  db: Db;
  config: Config;
  clock: Clock;
  ids: Ids;
  logger: Logger;
  mail: MailNotifier;
}
