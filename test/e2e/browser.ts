import fs from 'node:fs';
import { createRequire } from 'node:module';
import type { TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { chromium, type Browser, type Page } from 'playwright-core';

export const CHROMIUM = process.env.PADU_CHROMIUM ?? '/usr/bin/chromium';

/**
 * Browser tests use Debian's Chromium, never a downloaded browser. Without it they are skipped
 * with a message locally; in CI (CI=true) a missing browser is a failure.
 */
export function browserAvailable(t?: TestContext): boolean {
  if (fs.existsSync(CHROMIUM)) return true;
  const message = `Chromium not found at ${CHROMIUM}: browser tests skipped (apt-get install chromium)`;
  if (process.env.CI) throw new Error(`${message} — CI must run them`);
  if (t) t.skip(message);
  else console.warn(message);
  return false;
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    // The machine has no outside network: keep Chromium from trying to reach Google's services.
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
  });
}

const require = createRequire(import.meta.url);
const axeSource = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

interface AxeViolation {
  id: string;
  impact: string;
  help: string;
  nodes: { target: string[]; failureSummary: string }[];
}

/** Runs axe-core (WCAG 2.0–2.2 A and AA rules) on the current page and fails on any violation. */
export async function assertAccessible(page: Page, label = page.url()): Promise<void> {
  // Evaluated through the DevTools protocol, so the page's CSP (nonces only) does not block it.
  await page.evaluate(axeSource);
  const violations = (await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(ctx: unknown, opts: unknown): Promise<{ violations: unknown[] }> } }).axe;
    const result = await axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] },
    });
    return result.violations;
  })) as AxeViolation[];
  const report = violations
    .map((v) => `${v.id} (${v.impact}): ${v.help}\n${v.nodes.map((n) => `   at ${n.target.join(' ')}: ${n.failureSummary}`).join('\n')}`)
    .join('\n');
  assert.equal(violations.length, 0, `accessibility violations on ${label}:\n${report}`);
}

/** Bytes on the wire (compressed bodies + headers) for everything a page load fetched, images excluded. */
export async function transferredBytes(page: Page, url: string): Promise<number> {
  const responses: Promise<number>[] = [];
  const onResponse = (response: import('playwright-core').Response) => {
    if (response.request().resourceType() === 'image') return;
    responses.push(response.request().sizes().then((s) => s.responseBodySize + s.responseHeadersSize));
  };
  page.on('response', onResponse);
  await page.goto(url, { waitUntil: 'load' });
  page.off('response', onResponse);
  return (await Promise.all(responses)).reduce((a, b) => a + b, 0);
}

/** The page fits a 360 px wide screen: nothing scrolls sideways. */
export async function assertFitsNarrowScreen(page: Page, label: string): Promise<void> {
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= 360, `${label} is ${width}px wide on a 360px screen`);
}
