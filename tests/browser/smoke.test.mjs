// The built package and the site load in Chromium under the strict CSP, with no console or page errors.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { FIXTURES, WWW, assertNoErrors, serve, screenshot, withPage } from './harness.mjs';

test('descent.js imports and init() resolves (tests/fixtures/smoke.html)', async () => {
  const { url } = await serve({ root: FIXTURES, mounts: { '/descent/': WWW } });
  await withPage(async (page, errors) => {
    const response = await page.goto(`${url}smoke.html`);
    assert.equal(response.status(), 200);
    await page.waitForSelector('body:not([data-status="loading"])', { timeout: 15_000 });
    const status = await page.getAttribute('body', 'data-status');
    const detail = await page.textContent('#result');
    assert.equal(status, 'ok', detail);
    const report = JSON.parse(detail);
    assert.equal(report.memory, true);
    assert.ok(report.exports.includes('initSync'), detail);
    assertNoErrors(errors);
  });
});

const index = path.join(WWW, 'index.html');
test('www/index.html loads without errors', { skip: !fs.existsSync(index) && 'www/index.html does not exist yet' }, async () => {
  const { url } = await serve();
  await withPage(async (page, errors) => {
    const response = await page.goto(url, { waitUntil: 'load' });
    assert.equal(response.status(), 200);
    // Give module scripts and the WASM fetch a moment to fail if they are going to.
    await page.waitForLoadState('networkidle');
    await screenshot(page, 'index');
    assertNoErrors(errors);
  });
});
