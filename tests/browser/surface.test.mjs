// <descent-surface> in headless Chromium, under the strict CSP: drawing (pixel checks), sliders, dragging the start
// point, the scrubber and the formula readout, the URL round trip, the typed function's error, divergence, two
// independent elements, bad and hostile attributes, keyboard use, timings, and screenshots at 1280 and 375 px.
//
// Test pages are served from memory (page.route) next to www/, with the same strict CSP header as the server.
// DESCENT_PKG=/path/to/pkg serves another build of the WASM package at /pkg/ (for trying a build elsewhere).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { before, describe, test } from 'node:test';
import { STRICT_CSP } from '../../scripts/serve.mjs';
import { REPO_ROOT, WWW, assertNoErrors, screenshot, serve, withPage } from './harness.mjs';
import * as state from '../../www/js/shared/state.js';

const PKG = process.env.DESCENT_PKG ? path.resolve(process.env.DESCENT_PKG) : path.join(WWW, 'pkg');
let base = '';

before(async () => {
  const glue = path.join(PKG, 'descent.js');
  assert.ok(fs.existsSync(glue), `${glue} is missing: run npm run build`);
  assert.match(fs.readFileSync(glue, 'utf8'), /SurfaceView/, `${glue} has no SurfaceView: rebuild with npm run build`);
  if (!fs.existsSync(path.join(WWW, 'vendor', 'katex', 'katex.mjs'))) {
    execFileSync(process.execPath, [path.join(REPO_ROOT, 'scripts', 'copy-vendor.mjs')], { stdio: 'ignore' });
  }
  // The site also under /descent/, as a course page would serve it from a folder of its own.
  const mounts = process.env.DESCENT_PKG ? { '/pkg/': PKG, '/descent/pkg/': PKG } : {};
  mounts['/descent/'] = WWW;
  base = (await serve({ mounts })).url;
});

/** A test page with `body`, loading www/descent.js, served under the strict CSP. */
async function openFixture(page, body, { hash = '', script = '/descent.js' } = {}) {
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><link rel="icon" href="data:,">
<title>fixture</title><script type="module" src="${script}"></script></head>
<body style="margin:0;padding:8px">${body}</body></html>`;
  await page.route(`${base}fixture.html`, (route) =>
    route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', headers: { 'Content-Security-Policy': STRICT_CSP }, body: html }),
  );
  await page.goto(`${base}fixture.html${hash}`);
}

/** Wait until every <descent-surface> (or the one matching `sel`) has simulated and rendered. */
async function ready(page, sel = 'descent-surface') {
  await page.waitForFunction(
    (s) => {
      const els = [...document.querySelectorAll(s)];
      return els.length > 0 && els.every((el) => el.runs?.length > 0 && el.perf.count.render >= 1 && el.perf.count.overlay >= 1);
    },
    sel,
    { timeout: 20_000 },
  );
  // Let queued frames (charts, formula) settle.
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
}

/** The simulated paths of an element, as plain arrays. */
function paths(page, sel = 'descent-surface') {
  return page.evaluate((s) => document.querySelector(s).runs.map((r) => Array.from(r.result.path)), sel);
}

/** Text of a node inside an element's shadow root. */
function shadowText(page, sel, inner) {
  return page.evaluate(([s, i]) => document.querySelector(s).shadowRoot.querySelector(i)?.textContent ?? null, [sel, inner]);
}

/** Frames until `fn` holds (after a UI action). */
async function settle(page) {
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => requestAnimationFrame(r)))));
}

describe('state table (pure, in Node)', () => {
  test('parse and format round-trip, bad values fall back with a message', () => {
    const table = [
      { name: 'steps', kind: state.kinds.integer({ min: 1, max: 10 }), default: 5 },
      { name: 'start', kind: state.kinds.numbers(2), default: null },
      { name: 'runs', kind: state.kinds.json({ check: (v) => (Array.isArray(v) ? null : 'an array') }), default: [] },
      { name: 'flag', kind: state.kinds.flag(), default: false, url: false },
    ];
    const good = state.readProps(table, (n) => ({ steps: '7', start: '-1.5,2', runs: '[{"a":1}]', flag: '' })[n]);
    assert.deepEqual(good.messages, []);
    assert.deepEqual(good.values, { steps: 7, start: [-1.5, 2], runs: [{ a: 1 }], flag: true });
    const bad = state.readProps(table, (n) => ({ steps: '70', start: 'x', runs: '{', flag: 'maybe' })[n]);
    assert.deepEqual(bad.values, { steps: 5, start: null, runs: [], flag: false });
    assert.equal(bad.messages.length, 4);
    assert.match(bad.messages[0], /^steps="70" is not allowed: expected a whole number from 1 to 10; using the default \(5\)$/);
    const entries = state.nonDefaultEntries(table, good.values, (p) => p.url !== false);
    const hash = state.formatHash(entries);
    assert.equal(hash, '#steps=7&start=-1.5,2&runs=[{%22a%22:1}]');
    const back = state.parseHash(hash).fields;
    assert.deepEqual(state.readProps(table, (n) => (back.has(n) ? back.get(n) : null)).values, { ...good.values, flag: false });
    assert.equal(state.parseHash('#intro').fields.has('steps'), false);
    assert.equal(state.hashIsOurs(table, state.parseHash('#intro').fields), false);
    assert.deepEqual(state.parseHash('#steps=%E0%A4%A').messages.length, 1);
    assert.equal(state.htmlAttribute('runs', '[{"a":"<b>"}]'), `runs='[{"a":"&lt;b&gt;"}]'`);
    assert.equal(state.htmlAttribute('x', `a"b'c`), 'x="a&quot;b\'c"');
  });
});

describe('<descent-surface>', () => {
  test('draws the heatmap, colour bar, paths and charts (pixel checks), with no console errors', async () => {
    await withPage(async (page, errors) => {
      await openFixture(page, '<descent-surface step="300"></descent-surface>');
      await ready(page);
      const px = await page.evaluate(() => {
        const root = document.querySelector('descent-surface').shadowRoot;
        const stats = (canvas) => {
          const { width, height } = canvas;
          const data = canvas.getContext('2d').getImageData(0, 0, width, height).data;
          const colours = new Set();
          let opaque = 0;
          for (let i = 0; i < data.length; i += 4 * 7) {
            if (data[i + 3] > 0) opaque++;
            colours.add((data[i] >> 3) * 1024 + (data[i + 1] >> 3) * 32 + (data[i + 2] >> 3));
          }
          return { width, height, opaque, colours: colours.size };
        };
        // Pixels of run 0's colour (#ff5c5c) on the overlay: its path.
        const ov = root.querySelector('.overlay');
        const d = ov.getContext('2d').getImageData(0, 0, ov.width, ov.height).data;
        let red = 0;
        for (let i = 0; i < d.length; i += 4) if (d[i] > 230 && d[i + 1] > 70 && d[i + 1] < 115 && d[i + 2] > 70 && d[i + 2] < 115 && d[i + 3] > 200) red++;
        return {
          heat: stats(root.querySelector('.heat')),
          colorbar: stats(root.querySelector('.colorbar')),
          loss: stats(root.querySelector('#loss-chart')),
          lr: stats(root.querySelector('#lr-chart')),
          red,
        };
      });
      assert.ok(px.heat.width >= 200 && px.heat.height >= 150, JSON.stringify(px.heat));
      assert.ok(px.heat.opaque > 0.99 * Math.ceil((px.heat.width * px.heat.height) / 7), 'the heatmap is opaque');
      assert.ok(px.heat.colours > 50, `the heatmap has many colours (${px.heat.colours})`);
      assert.ok(px.colorbar.colours > 10, `the colour bar has a gradient (${px.colorbar.colours})`);
      assert.ok(px.loss.opaque > 100 && px.lr.opaque > 100, 'both charts are drawn');
      assert.ok(px.red > 30, `run 0's path is drawn (${px.red} pixels)`);
      const status = await shadowText(page, 'descent-surface', '#status');
      assert.match(status, /^SGD, step 300 of 300, loss \d/);
      // The formula is typeset by KaTeX (lazily loaded) with numbers.
      await page.waitForFunction(() => document.querySelector('descent-surface').shadowRoot.querySelector('#tex-num .katex'));
      assertNoErrors(errors);
    });
  });

  test('a learning-rate slider (keyboard and typed value) changes the paths, attributes and event', async () => {
    await withPage(async (page, errors) => {
      await openFixture(page, '<descent-surface runs=\'[{"type":"Adam","lr":0.05}]\'></descent-surface>');
      await ready(page);
      const before = await paths(page);
      await page.evaluate(() => {
        window.changes = 0;
        document.querySelector('descent-surface').addEventListener('descent-change', () => window.changes++);
      });
      const range = page.locator('descent-surface input[type="range"][data-knob="lr"]');
      await range.focus();
      for (let i = 0; i < 10; i++) await range.press('ArrowRight');
      await settle(page);
      const after = await paths(page);
      assert.notDeepEqual(after[0], before[0], 'the path moved');
      const lr = JSON.parse(await page.getAttribute('descent-surface', 'runs'))[0].lr;
      assert.ok(lr > 0.05 && lr < 0.07, `lr went up a little on a log scale (${lr})`);
      // A typed value outside the slider's range but allowed.
      const text = page.locator('descent-surface .slider:has([data-knob="lr"]) .slider-text');
      await text.fill('20');
      await text.press('Enter');
      await settle(page);
      assert.equal(JSON.parse(await page.getAttribute('descent-surface', 'runs'))[0].lr, 20);
      // A typed value that is not allowed is marked and changes nothing.
      await text.fill('-1');
      await text.press('Enter');
      assert.equal(await text.getAttribute('aria-invalid'), 'true');
      assert.equal(JSON.parse(await page.getAttribute('descent-surface', 'runs'))[0].lr, 20);
      assert.ok((await page.evaluate(() => window.changes)) >= 2, 'descent-change fired');
      assertNoErrors(errors);
    });
  });

  test('clicking sets the start point and dragging it recomputes every path live', async () => {
    await withPage(async (page, errors) => {
      await openFixture(page, '<descent-surface></descent-surface>');
      await ready(page);
      const box = await page.locator('descent-surface .heat').boundingBox();
      const at = (fx, fy) => [box.x + fx * box.width, box.y + fy * box.height];
      await page.mouse.move(...at(0.6, 0.3));
      await page.mouse.down();
      await settle(page);
      const mid = await paths(page);
      await page.mouse.move(...at(0.7, 0.4), { steps: 5 });
      await settle(page);
      const during = await paths(page);
      assert.equal(await page.getAttribute('descent-surface', 'start'), null, 'attributes wait for the release');
      await page.mouse.move(...at(0.8, 0.2), { steps: 5 });
      await page.mouse.up();
      await settle(page);
      const after = await paths(page);
      const start = (await page.getAttribute('descent-surface', 'start')).split(',').map(Number);
      for (const p of after) assert.deepEqual([p[0], p[1]], start, 'every run starts at the new point');
      assert.notDeepEqual(during[0].slice(0, 2), mid[0].slice(0, 2), 'paths follow the drag');
      assert.notDeepEqual(after[1].slice(0, 2), during[1].slice(0, 2));
      // The start lies where the mouse was released (view [-2, 3] x [-1, 4] for Rosenbrock).
      assert.ok(Math.abs(start[0] - (-2 + 0.8 * 5)) < 0.05 && Math.abs(start[1] - (4 - 0.2 * 5)) < 0.05, String(start));
      assertNoErrors(errors);
    });
  });

  test('the scrubber (and the chart) moves the step; the status and formula numbers follow', async () => {
    await withPage(async (page, errors) => {
      await openFixture(page, '<descent-surface runs=\'[{"type":"Adam","lr":0.1},{"type":"SGD","lr":0.001}]\'></descent-surface>');
      await ready(page);
      await page.waitForFunction(() => document.querySelector('descent-surface').shadowRoot.querySelector('#tex-num .katex'));
      const tex = () => page.evaluate(() => document.querySelector('descent-surface').shadowRoot.querySelector('#tex-num annotation')?.textContent);
      const first = await tex();
      assert.match(first, /m_\{1\}/, 'step 0 shows the first update');
      const scrubber = page.locator('descent-surface #scrubber');
      await scrubber.focus();
      for (let i = 0; i < 42; i++) await scrubber.press('ArrowRight');
      await settle(page);
      assert.match(await shadowText(page, 'descent-surface', '#status'), /^Adam, step 42 of 300, loss \d/);
      const t42 = await tex();
      assert.match(t42, /m_\{42\}/);
      assert.notEqual(t42, first);
      await scrubber.press('ArrowLeft');
      await settle(page);
      assert.match(await tex(), /m_\{41\}/, 'backwards too');
      assert.equal(await page.getAttribute('descent-surface', 'step'), '41');
      // Selecting the other run shows its rule (SGD: no m).
      await page.locator('descent-surface .run[data-run="1"]').click();
      await settle(page);
      assert.match(await tex(), /\\theta_\{41\}/);
      assert.doesNotMatch(await tex(), /m_\{41\}/);
      // Clicking the loss chart scrubs.
      const chart = page.locator('descent-surface #loss-chart');
      const size = await chart.boundingBox();
      await chart.click({ position: { x: size.width * 0.9, y: size.height / 2 } });
      await settle(page);
      const step = Number(await page.getAttribute('descent-surface', 'step'));
      assert.ok(step > 200, `the chart click moved the step (${step})`);
      // Play moves the step, pause stops it.
      await page.evaluate(() => document.querySelector('descent-surface').reset());
      await page.evaluate(() => document.querySelector('descent-surface').play());
      await page.waitForTimeout(400);
      const playing = await page.evaluate(() => {
        const el = document.querySelector('descent-surface');
        el.pause();
        return el.step;
      });
      assert.ok(playing > 3, `playing advanced the step (${playing})`);
      assertNoErrors(errors);
    });
  });

  test('Adam bias correction off changes the numbers and the path', async () => {
    await withPage(async (page, errors) => {
      await openFixture(page, '<descent-surface runs=\'[{"type":"Adam","lr":0.1},{"type":"Adam","lr":0.1,"bias_correction":false}]\' step="3"></descent-surface>');
      await ready(page);
      const p = await paths(page);
      assert.notDeepEqual(p[0].slice(0, 20), p[1].slice(0, 20));
      await page.waitForFunction(() => document.querySelector('descent-surface').shadowRoot.querySelector('#tex-sym .katex'));
      await page.locator('descent-surface .run[data-run="1"]').click();
      await settle(page);
      const sym = await page.evaluate(() => document.querySelector('descent-surface').shadowRoot.querySelector('#tex-sym annotation').textContent);
      assert.match(sym, /bias correction off/);
      // The checkbox in the editor toggles it back.
      await page.locator('descent-surface .check:has-text("bias correction") input').click();
      await settle(page);
      const q = await paths(page);
      assert.deepEqual(q[1], q[0]);
      assertNoErrors(errors);
    });
  });

  test('a diverging learning rate shows "diverged at step k" and the path ends there', async () => {
    await withPage(async (page, errors) => {
      await openFixture(page, '<descent-surface runs=\'[{"type":"SGD","lr":0.01},{"type":"Adam","lr":0.05}]\' step="300"></descent-surface>');
      await ready(page);
      const legend = await shadowText(page, 'descent-surface', '.run[data-run="0"] .run-detail');
      assert.match(legend, /diverged at step \d+/);
      const r = await page.evaluate(() => {
        const x = document.querySelector('descent-surface').runs[0].result;
        return { n: x.path.length / 2, finite: Array.from(x.path).every(Number.isFinite), stopped: x.stopped };
      });
      assert.ok(r.stopped && r.n === r.stopped.step, JSON.stringify(r));
      assert.ok(r.finite, 'no NaN or infinity in the path');
      assert.match(await shadowText(page, 'descent-surface', '#status'), /diverged at step/);
      assertNoErrors(errors);
    });
  });

  test('a typed function: a mistake points at the column and the previous surface stays', async () => {
    await withPage(async (page, errors) => {
      await openFixture(page, '<descent-surface surface="custom" expression="x^2 + 3*sin(y)"></descent-surface>');
      await ready(page);
      const input = page.locator('descent-surface #expr');
      assert.equal(await input.inputValue(), 'x^2 + 3*sin(y)');
      const heat = () => page.evaluate(() => {
        const c = document.querySelector('descent-surface').shadowRoot.querySelector('.heat');
        return Array.from(c.getContext('2d').getImageData(0, 0, c.width, c.height).data.filter((_, i) => i % 4099 === 0)).join();
      });
      const before = await heat();
      await input.fill('x^2 + )');
      await input.press('Enter');
      await settle(page);
      const err = await shadowText(page, 'descent-surface', '#expr-error');
      assert.match(err, /unexpected '\)' at column 7|column 7/);
      assert.match(err, /x\^2 \+ \)\n {6}\^/, 'a caret under the character');
      assert.equal(await input.getAttribute('aria-invalid'), 'true');
      assert.equal(await page.getAttribute('descent-surface', 'expression'), 'x^2 + 3*sin(y)', 'the previous surface stays');
      assert.equal(await heat(), before);
      // A good one is applied; log of negatives is reported, not drawn as garbage.
      await input.fill('log(x) + y^2');
      await input.press('Enter');
      await settle(page);
      assert.equal(await page.getAttribute('descent-surface', 'expression'), 'log(x) + y^2');
      assert.equal(await input.getAttribute('aria-invalid'), null);
      assert.match(await shadowText(page, 'descent-surface', '.plot-note'), /not defined on part of the view/);
      // The view box input.
      const vb = page.locator('descent-surface #view-box');
      await vb.fill('0.5, 4, -2, 2');
      await vb.press('Enter');
      await settle(page);
      assert.equal(await page.getAttribute('descent-surface', 'view'), '0.5,4,-2,2');
      await vb.fill('4, 0.5, -2, 2');
      await vb.press('Enter');
      assert.equal(await vb.getAttribute('aria-invalid'), 'true');
      assertNoErrors(errors);
    });
  });

  test('the page URL round-trips: Copy link reproduces the state', async () => {
    let link;
    let expected;
    await withPage(async (page, errors) => {
      await page.goto(`${base}playground.html`);
      await ready(page);
      await page.evaluate(() => document.querySelector('descent-surface').pause());
      await page.selectOption('descent-surface #surface', 'himmelblau');
      await settle(page);
      const text = page.locator('descent-surface .slider:has([data-knob="lr"]) .slider-text');
      await text.fill('0.0025');
      await text.press('Enter');
      const scrubber = page.locator('descent-surface #scrubber');
      await scrubber.focus();
      for (let i = 0; i < 5; i++) await scrubber.press('ArrowRight');
      await settle(page);
      const hash = await page.evaluate(() => location.hash);
      assert.match(hash, /surface=himmelblau/);
      assert.match(hash, /step=\d+/);
      assert.match(hash, /%22lr%22:0.0025/);
      link = await page.evaluate(() => document.querySelector('descent-surface').shareLink());
      assert.equal(link, await page.evaluate(() => location.href));
      expected = await page.evaluate(() => {
        const el = document.querySelector('descent-surface');
        return { runs: el.getAttribute('runs'), step: el.step, status: el.shadowRoot.querySelector('#status').textContent };
      });
      assertNoErrors(errors);
    });
    await withPage(async (page, errors) => {
      await page.goto(link);
      await ready(page);
      const got = await page.evaluate(() => {
        const el = document.querySelector('descent-surface');
        return { runs: JSON.stringify(el.runs.map((r) => r.run)), step: el.step, status: el.shadowRoot.querySelector('#status').textContent };
      });
      assert.equal(got.step, expected.step, 'a link with a step does not autoplay');
      assert.equal(got.runs, expected.runs);
      assert.equal(got.status, expected.status);
      assert.equal(await page.evaluate(() => location.href), link);
      // Editing the hash by hand applies it.
      await page.evaluate(() => {
        location.hash = '#surface=booth&steps=50';
      });
      await page.waitForFunction(() => document.querySelector('descent-surface').getAttribute('surface') === 'booth');
      assert.equal(await page.getAttribute('descent-surface', 'steps'), '50');
      assertNoErrors(errors);
    });
  });

  test('embed code: the element tag with the same attributes, and an iframe form', async () => {
    await withPage(async (page, errors) => {
      await openFixture(page, '<descent-surface surface="beale" steps="120" runs=\'[{"type":"RMSprop","lr":0.02}]\'></descent-surface>');
      await ready(page);
      await page.locator('descent-surface #copy-embed').click();
      const code = await page.locator('descent-surface .share textarea').inputValue();
      assert.match(code, /<script type="module" src="http:\/\/127\.0\.0\.1:\d+\/descent\.js"><\/script>/);
      assert.match(code, /<descent-surface surface="beale" steps="120" runs='\[\{"type":"RMSprop","lr":0\.02\}\]'><\/descent-surface>/);
      assert.match(code, /<iframe src="http:\/\/127\.0\.0\.1:\d+\/embed\.html#widget=descent-surface&amp;surface=beale&amp;steps=120&amp;runs=/);
      await page.locator('descent-surface #copy-link').click();
      assert.match(await page.locator('descent-surface .share textarea').inputValue(), /fixture\.html#surface=beale&steps=120&runs=/);
      assertNoErrors(errors);
    });
    // Served from a folder: the script finds its modules, WASM and KaTeX relative to itself.
    await withPage(async (page, errors) => {
      await openFixture(page, '<descent-surface step="10"></descent-surface>', { script: '/descent/descent.js' });
      await ready(page);
      await page.waitForFunction(() => document.querySelector('descent-surface').shadowRoot.querySelector('#tex-num .katex'));
      await page.locator('descent-surface #copy-embed').click();
      const code = await page.locator('descent-surface .share textarea').inputValue();
      assert.match(code, /src="http:\/\/127\.0\.0\.1:\d+\/descent\/descent\.js"/);
      assert.match(code, /<iframe src="http:\/\/127\.0\.0\.1:\d+\/descent\/embed\.html#widget=descent-surface&amp;step=10"/);
      assertNoErrors(errors);
    });
  });

  test('two elements on one page stay independent; removing one frees it', async () => {
    await withPage(async (page, errors) => {
      await openFixture(
        page,
        '<descent-surface id="a" surface="quadratic" runs=\'[{"type":"SGD","lr":0.1}]\'></descent-surface>' +
          '<descent-surface id="b" surface="booth" runs=\'[{"type":"Adam","lr":0.5}]\'></descent-surface>',
      );
      await page.locator('#b').scrollIntoViewIfNeeded();
      await ready(page);
      const bRuns = await page.getAttribute('#b', 'runs');
      const bPath = await paths(page, '#b');
      const text = page.locator('#a .slider:has([data-knob="lr"]) .slider-text');
      await text.fill('0.3');
      await text.press('Enter');
      await settle(page);
      assert.equal(JSON.parse(await page.getAttribute('#a', 'runs'))[0].lr, 0.3);
      assert.equal(await page.getAttribute('#b', 'runs'), bRuns);
      assert.deepEqual(await paths(page, '#b'), bPath);
      assert.match(await shadowText(page, '#a', '#status'), /^SGD/);
      assert.match(await shadowText(page, '#b', '#status'), /^Adam/);
      assert.equal(await page.evaluate(() => location.hash), '', 'neither element touches the URL without sync-url');
      await page.evaluate(() => document.querySelector('#a').remove());
      await page.locator('#b .figure').click({ position: { x: 150, y: 100 } });
      await settle(page);
      assert.notEqual(await page.getAttribute('#b', 'start'), null, 'the other element still works');
      assertNoErrors(errors);
    });
  });

  test('only one element keeps the URL in step', async () => {
    await withPage(async (page, errors) => {
      await openFixture(page, '<descent-surface id="a" sync-url></descent-surface><descent-surface id="b" sync-url steps="40"></descent-surface>', { hash: '#surface=booth' });
      await page.locator('#b').scrollIntoViewIfNeeded();
      await ready(page);
      assert.equal((await page.evaluate(() => document.querySelector('#a').runs.length)) > 0, true);
      assert.match(await shadowText(page, '#a', '#status'), /of 300/);
      assert.equal(await page.evaluate(() => document.querySelector('#a').shadowRoot.querySelector('#surface').value), 'booth', 'the first one reads the URL');
      assert.equal(await page.evaluate(() => document.querySelector('#b').shadowRoot.querySelector('#surface').value), 'rosenbrock');
      assert.match(await shadowText(page, '#b', '.messages'), /another element on this page already keeps the URL in step/);
      await page.locator('#b #forward').click();
      await settle(page);
      assert.equal(await page.evaluate(() => location.hash), '#surface=booth', 'the second one leaves the URL alone');
      assertNoErrors(errors);
    });
  });

  test('bad and hostile attributes show messages, fall back per field, never inject markup', async () => {
    await withPage(async (page, errors) => {
      await page.addInitScript(() => {
        window.pwned = 0;
      });
      const hostile = '&quot;&gt;&lt;img src=x onerror=&quot;window.pwned=1&quot;&gt;';
      await openFixture(
        page,
        `<descent-surface steps="abc" start="1,2,3" scale="${hostile}"
           runs='[{"type":"Adam","lr":0.05,"betas":[0.9,1.5]},{"type":"SGD","lr":0.01,"foo":"&lt;b&gt;x&lt;/b&gt;"}]'
           surface='{"type":"quadratic","kappa":-4}'></descent-surface>
         <descent-surface id="h" surface="custom" expression="${hostile}" runs="${hostile}"></descent-surface>`,
      );
      await page.locator('#h').scrollIntoViewIfNeeded();
      await ready(page);
      const messages = await page.evaluate(() => [...document.querySelector('descent-surface').shadowRoot.querySelectorAll('.message span')].map((m) => m.textContent));
      const all = messages.join('\n');
      assert.match(all, /steps="abc" is not allowed: expected a whole number from 1 to 5000; using the default \(300\)/);
      assert.match(all, /start="1,2,3" is not allowed/);
      assert.match(all, /scale=".*" is not allowed/);
      assert.match(all, /run 1: optimizer\.betas\[1\] = 1\.5 is not allowed.*using the default betas/);
      assert.match(all, /run 2: optimizer\.foo = .*unknown field.*using the default foo/);
      assert.match(all, /kappa = -4 is not allowed/);
      const runs = await page.evaluate(() => document.querySelector('descent-surface').runs.map((r) => r.run));
      assert.deepEqual(runs, [{ type: 'Adam', lr: 0.05 }, { type: 'SGD', lr: 0.01 }], 'only the bad fields were dropped');
      assert.match(await shadowText(page, 'descent-surface', '#status'), /^Adam, step 0 of 300/);
      const h = await page.evaluate(() => {
        const root = document.querySelector('#h').shadowRoot;
        return { imgs: root.querySelectorAll('img').length, messages: root.querySelector('.messages').textContent, expr: root.querySelector('#expr').value };
      });
      assert.equal(h.imgs, 0);
      assert.match(h.messages, /runs=".*<img src=x onerror=.*" is not allowed/);
      assert.equal(h.expr, '"><img src=x onerror="window.pwned=1">');
      assert.equal(await page.evaluate(() => document.querySelectorAll('img').length), 0);
      assert.equal(await page.evaluate(() => window.pwned), 0);
      assertNoErrors(errors);
    });
  });

  test('keyboard: every control is reachable, the start point moves with the arrow keys', async () => {
    await withPage(async (page, errors) => {
      await openFixture(page, '<button id="before">before</button><descent-surface></descent-surface>');
      await ready(page);
      await page.focus('#before');
      const seen = [];
      for (let i = 0; i < 60; i++) {
        await page.keyboard.press('Tab');
        const d = await page.evaluate(() => {
          const a = document.querySelector('descent-surface').shadowRoot.activeElement;
          if (!a) return null;
          const style = getComputedStyle(a);
          return { id: a.id || a.className || a.tagName, outline: style.outlineStyle !== 'none' && style.outlineWidth !== '0px', label: a.getAttribute('aria-label') || a.labels?.[0]?.textContent || a.textContent };
        });
        if (d) seen.push(d);
      }
      const ids = seen.map((d) => d.id);
      for (const id of ['surface', 'scale', 'zoom-in', 'reset-view', 'view-box', 'figure', 'play', 'scrubber', 'speed', 'add-run', 'run-type', 'run-schedule', 'copy-link', 'copy-embed']) {
        assert.ok(ids.includes(id), `${id} is reachable with Tab (${ids.join(', ')})`);
      }
      assert.ok(seen.every((d) => d.outline), 'focus is visible on every control');
      assert.ok(seen.every((d) => String(d.label ?? '').trim().length > 0), 'every control has a name');
      await page.locator('descent-surface .figure').focus();
      await page.keyboard.press('ArrowRight');
      await page.keyboard.press('ArrowUp');
      await settle(page);
      assert.equal(await page.getAttribute('descent-surface', 'start'), '-1.4,2.1');
      await page.keyboard.press('+');
      await settle(page);
      assert.notEqual(await page.getAttribute('descent-surface', 'view'), null);
      await page.keyboard.press('0');
      await settle(page);
      assert.equal(await page.getAttribute('descent-surface', 'view'), null);
      assertNoErrors(errors);
    });
  });

  test('a schedule chosen in the editor shapes the learning rate; script-set attributes apply', async () => {
    await withPage(async (page, errors) => {
      await openFixture(page, '<descent-surface runs=\'[{"type":"SGD","lr":0.001,"momentum":0.9}]\' steps="200"></descent-surface>');
      await ready(page);
      await page.selectOption('descent-surface #run-schedule', 'StepLR');
      await settle(page);
      const run = JSON.parse(await page.getAttribute('descent-surface', 'runs'))[0];
      assert.deepEqual(run.schedule, { type: 'StepLR', step_size: 50, gamma: 0.5 });
      const lr = await page.evaluate(() => Array.from(document.querySelector('descent-surface').runs[0].result.lr));
      assert.equal(lr[0], 0.001);
      assert.equal(lr[50], 0.0005, 'halved after step_size updates (PyTorch StepLR)');
      // A schedule field typed in the editor.
      const gamma = page.locator('descent-surface .schedule-fields label:has-text("gamma") input');
      await gamma.fill('0.1');
      await gamma.press('Enter');
      await settle(page);
      assert.equal(JSON.parse(await page.getAttribute('descent-surface', 'runs'))[0].schedule.gamma, 0.1);
      // The page's own script changes attributes; events report steps.
      await page.evaluate(() => {
        const el = document.querySelector('descent-surface');
        window.steps = [];
        el.addEventListener('descent-step', (e) => window.steps.push(e.detail.step));
        el.setAttribute('runs', '[{"type":"Adagrad","lr":0.5}]');
        el.setAttribute('step', '7');
      });
      await settle(page);
      assert.match(await shadowText(page, 'descent-surface', '#status'), /^Adagrad, step 7 of 200/);
      await page.locator('descent-surface #forward').click();
      await settle(page);
      assert.deepEqual(await page.evaluate(() => window.steps), [8]);
      assertNoErrors(errors);
    });
  });

  test('touch: a tap sets the start, two fingers pinch-zoom', async () => {
    await withPage(async (page, errors) => {
      await openFixture(page, '<descent-surface></descent-surface>');
      await ready(page);
      const box = await page.locator('descent-surface .heat').boundingBox();
      // Synthetic touch pointers on the figure (Playwright has no multi-touch).
      const touch = (type, id, fx, fy) =>
        page.evaluate(
          ([t, i, x, y]) => {
            const fig = document.querySelector('descent-surface').shadowRoot.querySelector('.figure');
            fig.dispatchEvent(new PointerEvent(t, { pointerId: i, pointerType: 'touch', clientX: x, clientY: y, bubbles: true, isPrimary: i === 1, button: 0, buttons: t === 'pointerup' ? 0 : 1 }));
          },
          [type, id, box.x + fx * box.width, box.y + fy * box.height],
        );
      await touch('pointerdown', 1, 0.5, 0.5);
      await touch('pointerup', 1, 0.5, 0.5);
      await settle(page);
      assert.equal(await page.getAttribute('descent-surface', 'start'), '0.5,1.5');
      await touch('pointerdown', 2, 0.4, 0.5);
      await touch('pointerdown', 3, 0.6, 0.5);
      await touch('pointermove', 2, 0.3, 0.5);
      await touch('pointermove', 3, 0.7, 0.5);
      await touch('pointerup', 2, 0.3, 0.5);
      await touch('pointerup', 3, 0.7, 0.5);
      await settle(page);
      const [x0, x1] = (await page.getAttribute('descent-surface', 'view')).split(',').map(Number);
      assert.ok(Math.abs(x1 - x0 - 2.5) < 1e-6, `fingers twice as far apart halve the view (${x0}, ${x1})`);
      assert.equal(await page.getAttribute('descent-surface', 'start'), '0.5,1.5', 'pinching does not move the start');
      assertNoErrors(errors);
    });
  });

  test('zoom with the wheel and pan with a modifier re-render the heatmap', async () => {
    await withPage(async (page, errors) => {
      await openFixture(page, '<descent-surface></descent-surface>');
      await ready(page);
      const box = await page.locator('descent-surface .heat').boundingBox();
      const cx = box.x + box.width / 2;
      const cy = box.y + box.height / 2;
      const renders = () => page.evaluate(() => document.querySelector('descent-surface').perf.count.render);
      const r0 = await renders();
      await page.mouse.move(cx, cy);
      await page.keyboard.down('Control');
      await page.mouse.wheel(0, -300);
      await page.keyboard.up('Control');
      await page.waitForFunction(() => document.querySelector('descent-surface').hasAttribute('view'));
      const [x0, x1] = (await page.getAttribute('descent-surface', 'view')).split(',').map(Number);
      assert.ok(x1 - x0 < 5, `zoomed in (${x0}, ${x1})`);
      assert.ok((await renders()) > r0);
      const v1 = await page.getAttribute('descent-surface', 'view');
      await page.keyboard.down('Shift');
      await page.mouse.move(cx, cy);
      await page.mouse.down();
      await page.mouse.move(cx + 80, cy + 40, { steps: 4 });
      await page.mouse.up();
      await page.keyboard.up('Shift');
      await settle(page);
      const v2 = await page.getAttribute('descent-surface', 'view');
      assert.notEqual(v2, v1, 'panned');
      assert.equal(await page.getAttribute('descent-surface', 'start'), null, 'panning does not move the start');
      assertNoErrors(errors);
    });
  });

  test('frame timings (where the time goes) and screenshots at 1280 and 375 px, light and dark', async (t) => {
    const rows = [];
    for (const [width, scheme] of [[1280, 'light'], [375, 'light'], [1280, 'dark'], [375, 'dark']]) {
      await withPage(
        async (page, errors) => {
          await page.goto(`${base}playground.html#step=150`);
          await ready(page);
          await page.waitForFunction(() => document.querySelector('descent-surface').shadowRoot.querySelector('#tex-num .katex'));
          await page.waitForTimeout(300);
          const file = await screenshot(page, `surface-${width}-${scheme}`);
          t.diagnostic(`screenshot: ${path.relative(REPO_ROOT, file)}`);
          if (width === 1280 && scheme === 'light') {
            // Time a drag of the start point (simulate + overlay per frame) and playback (cursor only).
            const box = await page.locator('descent-surface .heat').boundingBox();
            await page.mouse.move(box.x + box.width * 0.3, box.y + box.height * 0.3);
            await page.mouse.down();
            for (let i = 0; i < 30; i++) {
              await page.mouse.move(box.x + box.width * (0.3 + i * 0.005), box.y + box.height * (0.3 + i * 0.004));
              await settle(page);
            }
            await page.mouse.up();
            // Re-render the heatmap a few times (zoom in and out with the buttons).
            for (let i = 0; i < 4; i++) {
              await page.locator('descent-surface #zoom-in').click();
              await settle(page);
              await page.locator('descent-surface #zoom-out').click();
              await settle(page);
            }
            await page.evaluate(() => document.querySelector('descent-surface').play());
            await page.waitForTimeout(1500);
            const perf = await page.evaluate(() => {
              const el = document.querySelector('descent-surface');
              el.pause();
              const heat = el.shadowRoot.querySelector('.heat');
              return { ...el.perf, heat: [heat.width, heat.height] };
            });
            for (const k of ['simulate', 'render', 'blit', 'overlay', 'charts', 'formula', 'frame']) {
              rows.push(`${k.padEnd(9)} median ${perf.median[k]?.toFixed(2)} ms, mean ${perf.mean[k]?.toFixed(2)} ms, ${perf.count[k]} frames`);
            }
            rows.push(`heatmap ${perf.heat.join('x')} px`);
            assert.ok(perf.median.frame < 50, `frames stay fast (${perf.median.frame} ms)`);
          }
          assertNoErrors(errors);
        },
        { width, height: 900, colorScheme: scheme },
      );
    }
    for (const r of rows) t.diagnostic(r);
  });
});
