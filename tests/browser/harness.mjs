// Shared helpers for the browser tests (node --test tests/browser/): Debian's Chromium driven by playwright-core,
// pages served in-process by scripts/serve.mjs.
//
//   import { serve, withPage, assertNoErrors, screenshot } from './harness.mjs';
//   const { url } = await serve();                       // www/ on a free port, strict CSP
//   await withPage(async (page, errors) => {
//     await page.goto(url + 'index.html');
//     assertNoErrors(errors);
//   }, { width: 1024, height: 768 });
//
// One browser per test file, launched on first use and closed (with the servers) when the file's tests end.
// Playwright never downloads a browser here: CHROMIUM_PATH or /usr/bin/chromium (apt package `chromium`).
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import path from 'node:path';
import { after } from 'node:test';
import { chromium } from 'playwright-core';
import { REPO_ROOT, WWW, startServer } from '../../scripts/serve.mjs';
import { ensureBundles } from '../../scripts/bundle.mjs';

export { REPO_ROOT, WWW };
export const FIXTURES = path.join(REPO_ROOT, 'tests', 'fixtures');
export const SCREENSHOTS = path.join(REPO_ROOT, 'screenshots');
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Launch a headless Chromium (a fresh profile; `launch()` rejects `--user-data-dir`). */
export async function launch(options = {}) {
  try {
    return await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS, ...options });
  } catch (err) {
    throw new Error(
      `could not start Chromium at ${CHROMIUM_PATH} (apt-get install chromium, or set CHROMIUM_PATH): ${err.message}`,
    );
  }
}

let browserPromise = null;
const servers = [];

/** The browser shared by this test file. */
export function browser() {
  browserPromise ??= launch();
  return browserPromise;
}

after(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
  if (browserPromise) {
    const b = await browserPromise.catch(() => null);
    browserPromise = null;
    await b?.close();
  }
});

/**
 * Serve `root` (default www/) on a free port of 127.0.0.1, with the strict CSP unless `csp: false`.
 * `mounts` maps URL prefixes to directories, e.g. `{ '/descent/': WWW }`. Resolves to `{ url, server, close }`;
 * the server is closed when the file's tests end.
 */
export async function serve({ root = WWW, csp = true, mounts = {} } = {}) {
  // Pages load the minified bundles of www/js/min: rebuild them when a source in www/js is newer, so a test run by
  // hand after an edit never tests stale code.
  await ensureBundles();
  const started = await startServer({ root, port: 0, csp, mounts });
  servers.push(started);
  return started;
}

/**
 * Collect what should never happen on a page: console errors, uncaught exceptions, failed or >= 400 requests,
 * and CSP violations (which Chromium reports as console errors). `errors.all()` lists them as strings.
 */
export function collectErrors(page) {
  const errors = { console: [], page: [], requests: [] };
  page.on('console', (msg) => {
    if (msg.type() !== 'error') return;
    const where = msg.location()?.url; // "Failed to load resource" names its URL only here
    errors.console.push(`console: ${msg.text()}${where ? ` (${where})` : ''}`);
  });
  page.on('pageerror', (err) => errors.page.push(`page error: ${err.stack ?? err.message}`));
  page.on('requestfailed', (req) => errors.requests.push(`request failed: ${req.url()} (${req.failure()?.errorText})`));
  page.on('response', (res) => {
    if (res.status() >= 400) errors.requests.push(`HTTP ${res.status()}: ${res.url()}`);
  });
  errors.all = () => [...errors.page, ...errors.console, ...errors.requests];
  return errors;
}

/** Fail with every collected error listed. */
export function assertNoErrors(errors) {
  const all = errors.all();
  assert.deepEqual(all, [], `the page reported errors:\n  ${all.join('\n  ')}`);
}

/**
 * Run `fn(page, errors)` in a fresh browser context (no shared storage) with the given viewport; the context is
 * closed afterwards even when `fn` throws.
 */
export async function withPage(fn, { width = 1280, height = 800, deviceScaleFactor = 1, ...contextOptions } = {}) {
  const context = await (await browser()).newContext({ viewport: { width, height }, deviceScaleFactor, ...contextOptions });
  try {
    const page = await context.newPage();
    const errors = collectErrors(page);
    return await fn(page, errors);
  } finally {
    await context.close();
  }
}

/** Save a full-page PNG to screenshots/<name>.png (gitignored) and return its path. */
export async function screenshot(page, name) {
  const safe = String(name).replace(/[^\w.-]+/g, '_');
  await fs.mkdir(SCREENSHOTS, { recursive: true });
  const file = path.join(SCREENSHOTS, `${safe}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}
