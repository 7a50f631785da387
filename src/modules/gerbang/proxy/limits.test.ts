import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CircuitBreakers, RateLimiter } from './limits.ts';

test('token buckets: a burst of one second, refilled at limit / nodes per second', () => {
  let now = 0;
  const single = new RateLimiter(1, () => now);
  assert.deepEqual([1, 2, 3, 4, 5, 6].map(() => single.take('a', 5)), [true, true, true, true, true, false]);
  now += 200; // 0.2 s at 5/s: one more
  assert.equal(single.take('a', 5), true);
  assert.equal(single.take('a', 5), false);
  assert.equal(single.take('b', 5), true, 'buckets are per consumer and service');
  // Four processes share a limit of 8/s: each allows 2/s.
  const shared = new RateLimiter(4, () => now);
  assert.deepEqual([1, 2, 3].map(() => shared.take('a', 8)), [true, true, false]);
});

test('circuit breaker: opens after consecutive failures, lets one trial through, closes on success', () => {
  let now = 0;
  const b = new CircuitBreakers(2, 1000, () => now);
  const key = 'http://upstream:80';
  b.failed(key);
  assert.equal(b.state(key), 'closed');
  b.succeeded(key);
  b.failed(key);
  assert.equal(b.state(key), 'closed', 'a success in between resets the count');
  b.failed(key);
  assert.equal(b.state(key), 'open');
  assert.equal(b.peek(key), 1);
  assert.deepEqual(b.allow(key), { ok: false, retryAfterS: 1 });
  now += 1000;
  assert.equal(b.state(key), 'half-open');
  assert.equal(b.peek(key), 0);
  assert.deepEqual(b.allow(key), { ok: true });
  assert.equal(b.allow(key).ok, false, 'only one trial at a time');
  b.release(key);
  assert.equal(b.allow(key).ok, true, 'a trial without a verdict frees the slot');
  b.failed(key);
  assert.equal(b.state(key), 'open', 'a failed trial reopens at once');
  now += 1000;
  assert.equal(b.allow(key).ok, true);
  b.succeeded(key);
  assert.equal(b.state(key), 'closed');
});
