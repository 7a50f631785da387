import http from 'node:http';
import https from 'node:https';
import { createHmac } from 'node:crypto';
import type { Logger } from 'pino';
import type { Deps } from '../../../platform/deps.ts';
import type { JobQueue } from '../../../platform/jobs/index.ts';
import type { GerbangSettings } from '../config.ts';
import { claimAttempt, deliveryWork, recordAttempt } from './repo.ts';
import { openRecordKey, openWebhookSecret } from './subject.ts';

/**
 * Webhook deliveries of change notifications: at least once, signed, with retries.
 *
 * Each delivery is attempted by a pg-boss job (`gerbang.webhook.deliver`); a failed attempt
 * schedules the next one as a new job that starts after an exponential delay
 * (`PADU_GERBANG_WEBHOOK_BACKOFF_SECONDS` × 2^(attempt−1), at most 6 hours), until
 * `PADU_GERBANG_WEBHOOK_ATTEMPTS` attempts have failed: the delivery is then dead and waits in
 * the dead-letter view for a manual retry. A process without a job queue (tests, `PADU_JOBS=false`)
 * uses timers instead, which do not survive a restart. Only the holder of attempt n−1 can take
 * attempt n (a conditional update), so a duplicate job never sends twice.
 *
 * The request: `POST <webhook URL>`, JSON body (below), `X-Padu-Signature: t=<unix seconds>,v1=<hex
 * HMAC-SHA256(secret, "<t>.<body>")>` with the subscription's secret; 2xx is success, anything
 * else (redirects included, they are not followed) a failure.
 */
export const DELIVER_JOB = 'gerbang.webhook.deliver';
const MAX_DELAY_S = 6 * 3600;

export interface DeliveryScheduler {
  schedule(deliveryId: string, attempt: number, delaySeconds: number): Promise<void>;
  close(): void;
}

export function backoffSeconds(settings: Pick<GerbangSettings, 'webhookBackoffSeconds'>, attempt: number): number {
  return Math.min(MAX_DELAY_S, settings.webhookBackoffSeconds * 2 ** Math.max(0, attempt - 1));
}

/** The signature header for a body sent at `timestamp` (unix seconds). */
export function signWebhook(secret: string, timestamp: number, body: string): string {
  return `t=${timestamp},v1=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

type WebhookDeps = Pick<Deps, 'db' | 'clock' | 'config'> & { logger: Logger; settings: GerbangSettings };

interface PostResult {
  status: number | null;
  error: string | null;
}

function post(url: string, headers: Record<string, string>, body: string, timeoutMs: number): Promise<PostResult> {
  return new Promise((resolve) => {
    let done = false;
    const finish = (r: PostResult) => {
      if (!done) {
        done = true;
        resolve(r);
      }
    };
    let target: URL;
    try {
      target = new URL(url);
    } catch {
      return finish({ status: null, error: 'invalid URL' });
    }
    const transport = target.protocol === 'https:' ? https : http;
    const req = transport.request(target, { method: 'POST', headers: { ...headers, 'Content-Length': String(Buffer.byteLength(body)) }, agent: false });
    req.setTimeout(timeoutMs, () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.on('response', (res) => {
      // The answer's body is not needed; read at most a little of it and let the socket go.
      res.resume();
      res.on('end', () => finish({ status: res.statusCode ?? null, error: null }));
      res.on('error', () => finish({ status: res.statusCode ?? null, error: null }));
    });
    req.on('error', (error) => finish({ status: null, error: (error as NodeJS.ErrnoException).code ?? error.message }));
    req.end(body);
  });
}

/**
 * Makes attempt `attempt` of one delivery: sends it, records the outcome, and schedules the next
 * attempt or declares it dead. Answers what happened ('skipped' when another taker had it).
 */
export async function attemptDelivery(deps: WebhookDeps, scheduler: DeliveryScheduler, deliveryId: string, attempt: number): Promise<'delivered' | 'retry' | 'dead' | 'skipped'> {
  const work = await deliveryWork(deps.db, deliveryId);
  if (!work || work.status !== 'pending') return 'skipped';
  if (!(await claimAttempt(deps.db, deliveryId, attempt, deps.clock.now()))) return 'skipped';
  const now = deps.clock.now();
  if (!work.subscription_active || !work.webhook_url || !work.secret_enc) {
    await recordAttempt(deps.db, deliveryId, { status: 'dead', lastStatus: null, lastError: 'subscription inactive', nextAttemptAt: null, deliveredAt: null });
    return 'dead';
  }
  let result: PostResult;
  try {
    const body = JSON.stringify({
      type: 'record.changed',
      id: work.event_id,
      seq: Number(work.seq),
      element: work.element_code,
      keyKind: work.key_kind,
      recordKey: openRecordKey(deps.config, work.event_id, work.record_key_enc),
      changedFields: work.changed_fields,
      occurredAt: work.occurred_at.toISOString(),
      publishedAt: work.published_at.toISOString(),
      subscription: work.subscription_id,
      delivery: work.id,
      attempt,
    });
    const timestamp = Math.floor(now.getTime() / 1000);
    const secret = openWebhookSecret(deps.config, work.subscription_id, work.secret_enc);
    result = await post(
      work.webhook_url,
      {
        'Content-Type': 'application/json',
        'User-Agent': 'Padu-Gerbang-Webhook/1',
        'X-Padu-Event': 'record.changed',
        'X-Padu-Event-Id': work.event_id,
        'X-Padu-Delivery': work.id,
        'X-Padu-Attempt': String(attempt),
        'X-Padu-Signature': signWebhook(secret, timestamp, body),
      },
      body,
      deps.settings.webhookTimeoutMs,
    );
  } catch (error) {
    // The secret or the record key cannot be opened here (another evidence key): a failure like any other.
    result = { status: null, error: `cannot prepare the delivery: ${(error as Error).message}` };
  }
  if (result.status !== null && result.status >= 200 && result.status < 300) {
    await recordAttempt(deps.db, deliveryId, { status: 'delivered', lastStatus: result.status, lastError: null, nextAttemptAt: null, deliveredAt: deps.clock.now() });
    return 'delivered';
  }
  const error = result.error ?? `HTTP ${result.status}`;
  if (attempt >= deps.settings.webhookAttempts) {
    await recordAttempt(deps.db, deliveryId, { status: 'dead', lastStatus: result.status, lastError: error, nextAttemptAt: null, deliveredAt: null });
    deps.logger.warn({ deliveryId, attempts: attempt, error }, 'gerbang: a webhook delivery is dead after its last attempt');
    return 'dead';
  }
  const delay = backoffSeconds(deps.settings, attempt);
  await recordAttempt(deps.db, deliveryId, { status: 'pending', lastStatus: result.status, lastError: error, nextAttemptAt: new Date(deps.clock.now().getTime() + delay * 1000), deliveredAt: null });
  await scheduler.schedule(deliveryId, attempt + 1, delay);
  return 'retry';
}

/** Schedules attempts as pg-boss jobs (they survive restarts and any process with jobs takes them). */
export function queueScheduler(queue: JobQueue): DeliveryScheduler {
  return {
    async schedule(deliveryId, attempt, delaySeconds) {
      await queue.send(DELIVER_JOB, { deliveryId, attempt }, { startAfter: Math.ceil(delaySeconds), singletonKey: `${deliveryId}:${attempt}` });
    },
    close() {},
  };
}

/** Schedules attempts with timers in this process (no job queue). */
export function timerScheduler(deps: WebhookDeps): DeliveryScheduler {
  const timers = new Set<NodeJS.Timeout>();
  let closed = false;
  const scheduler: DeliveryScheduler = {
    async schedule(deliveryId, attempt, delaySeconds) {
      if (closed) return;
      const timer = setTimeout(() => {
        timers.delete(timer);
        attemptDelivery(deps, scheduler, deliveryId, attempt).catch((error: unknown) => deps.logger.error({ err: error, deliveryId }, 'gerbang: a webhook delivery attempt failed'));
      }, delaySeconds * 1000);
      timer.unref();
      timers.add(timer);
    },
    close() {
      closed = true;
      for (const t of timers) clearTimeout(t);
      timers.clear();
    },
  };
  return scheduler;
}

/** The job queue's worker for delivery attempts. */
export async function registerWebhookJobs(queue: JobQueue, deps: WebhookDeps): Promise<void> {
  const scheduler = queueScheduler(queue);
  await queue.work<{ deliveryId: string; attempt: number }>(DELIVER_JOB, async ({ deliveryId, attempt }) => {
    await attemptDelivery(deps, scheduler, deliveryId, attempt);
  });
}
