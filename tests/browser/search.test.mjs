// <descent-search> in headless Chromium, under the strict CSP: all three methods run to the end of a budget with
// every view drawn (pixel checks), the same seed gives the same trials (two elements, and a reload), 1-D and network
// objectives, the hypergradient tab, bad and hostile attributes, the URL round trip, removal frees the handles,
// keyboard use, and screenshots at 1280 and 375 px.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { before, describe, test } from 'node:test';
import { STRICT_CSP } from '../../scripts/serve.mjs';
import { WWW, assertNoErrors, screenshot, serve, withPage } from './harness.mjs';

let base = '';

before(async () => {
  const glue = path.join(WWW, 'pkg', 'descent.js');
  assert.ok(fs.existsSync(glue), `${glue} is missing: run npm run build`);
  assert.match(fs.readFileSync(glue, 'utf8'), /SearchLab/, `${glue} has no SearchLab: rebuild with npm run build`);
  base = (await serve()).url;
});

/** A test page with `body`, loading www/descent.js, served under the strict CSP. */
async function openFixture(page, body, hash = '') {
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><link rel="icon" href="data:,">
<title>fixture</title><script type="module" src="/descent.js"></script></head>
<body style="margin:0;padding:8px">${body}</body></html>`;
  await page.route(`${base}fixture.html`, (route) =>
    route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', headers: { 'Content-Security-Policy': STRICT_CSP }, body: html }),
  );
  await page.goto(`${base}fixture.html${hash}`);
}

/** Scroll `sel` into view (elements start when near the viewport) and wait until it has drawn its panels. */
async function ready(page, sel = 'descent-search') {
  await page.evaluate((s) => document.querySelector(s)?.scrollIntoView(), sel);
  await page.waitForFunction((s) => {
    const els = [...document.querySelectorAll(s)];
    return els.length > 0 && els.every((el) => el.perf?.count?.panels >= 1 && el.perf?.count?.chart >= 1 && !el.replaying);
  }, sel, { timeout: 30_000 });
  await settle(page);
}

async function settle(page) {
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => requestAnimationFrame(r)))));
}

/** Run an element to the end of its budget (runToEnd, then wait; it keeps running while scrolled away). */
async function runToEnd(page, sel = 'descent-search') {
  await page.evaluate((s) => document.querySelector(s).runToEnd(), sel);
  await page.waitForFunction((s) => document.querySelector(s).done && !document.querySelector(s).playing, sel, { timeout: 60_000 });
  await settle(page);
}

/** Distinct colours and opaque pixels of a canvas in the element's shadow root. */
function canvasStats(page, id, sel = 'descent-search') {
  return page.evaluate(([s, i]) => {
    const c = document.querySelector(s).shadowRoot.getElementById(i);
    const { width, height } = c;
    const data = c.getContext('2d').getImageData(0, 0, width, height).data;
    const colours = new Set();
    let opaque = 0;
    for (let k = 0; k < data.length; k += 4 * 5) {
      if (data[k + 3] > 0) opaque++;
      colours.add((data[k] >> 3) * 1024 + (data[k + 1] >> 3) * 32 + (data[k + 2] >> 3));
    }
    return { width, height, opaque, colours: colours.size, visible: c.offsetParent !== null };
  }, [sel, id]);
}

/** Count pixels near an RGB colour in a canvas (a method's markers or line). */
function colourCount(page, id, rgb, sel = 'descent-search') {
  return page.evaluate(([s, i, [r, g, b]]) => {
    const c = document.querySelector(s).shadowRoot.getElementById(i);
    const data = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    let n = 0;
    for (let k = 0; k < data.length; k += 4) {
      if (Math.abs(data[k] - r) < 24 && Math.abs(data[k + 1] - g) < 24 && Math.abs(data[k + 2] - b) < 24) n++;
    }
    return n;
  }, [sel, id, rgb]);
}

const shadowText = (page, id, sel = 'descent-search') =>
  page.evaluate(([s, i]) => document.querySelector(s).shadowRoot.getElementById(i)?.textContent ?? null, [sel, id]);

describe('<descent-search>', () => {
  test('grid, random and Bayesian optimization run to the end of the budget with every view drawn', async () => {
    await withPage(async (page, errors) => {
      await openFixture(page, '<descent-search objective="branin" budget="12" seed="3"></descent-search>');
      await ready(page);
      await runToEnd(page);
      const trials = await page.evaluate(() => document.querySelector('descent-search').trials);
      const count = (m) => trials.filter((t) => t.method === m).length;
      assert.deepEqual([count('grid'), count('random'), count('bayes')], [9, 12, 12], 'grid: a 3 x 3 grid; the others the budget');
      for (const id of ['c-trials', 'c-mean', 'c-std', 'c-acq']) {
        const st = await canvasStats(page, id);
        assert.ok(st.visible && st.opaque > 0.5 * (st.width * st.height) / 5, `${id} is drawn`);
        assert.ok(st.colours > 40, `${id} has a picture (${st.colours} colours)`);
      }
      const chart = await canvasStats(page, 'c-best');
      assert.ok(chart.visible && chart.opaque > 300 && chart.colours > 10, 'best-so-far chart drawn');
      // Each method's colour appears in the trials panel (markers) and on the best-so-far chart (lines).
      for (const rgb of [[255, 160, 46], [56, 217, 255], [255, 92, 92]]) {
        assert.ok((await colourCount(page, 'c-trials', rgb)) > 20, `markers ${rgb}`);
      }
      // Best-so-far lines (a line may hide under a later one where the values coincide: BO starts with random
      // search's points).
      const bestOf = (m) => trials.filter((t) => t.method === m).reduce((acc, t) => [...acc, Math.min(acc.at(-1) ?? Infinity, t.value)], []);
      const hidden = JSON.stringify(bestOf('random')) === JSON.stringify(bestOf('bayes'));
      for (const [m, rgb] of [['grid', [180, 83, 9]], ['random', [3, 105, 161]], ['bayes', [200, 30, 30]]]) {
        if (m === 'random' && hidden) continue;
        assert.ok((await colourCount(page, 'c-best', rgb)) > 20, `best-so-far line of ${m}`);
      }
      const status = await shadowText(page, 'status');
      assert.match(status, /^Budget spent\. Best so far: Grid [\d.−-]+ · Random [\d.−-]+ · Bayesian opt\. [\d.−-]+\.$/);
      const table = await page.evaluate(() => document.querySelector('descent-search').shadowRoot.querySelector('#summary-body').textContent);
      assert.match(table, /Grid9 \/ 9/);
      assert.match(await shadowText(page, 'gp-readout'), /Matern\(length_scale=\[.*\], nu=2\.5\).*log marginal likelihood/);
      assert.equal(await page.evaluate(() => document.querySelector('descent-search').getAttribute('trials')), '12');
      assertNoErrors(errors);
    });
  });

  test('the same seed gives the same trials (two elements, and a reload from the link); another seed differs', async () => {
    await withPage(async (page, errors) => {
      const el = (id, seed) => `<descent-search id="${id}" objective="six_hump_camel" budget="8" noise="0.1" seed="${seed}"></descent-search>`;
      await openFixture(page, el('a', 11) + el('b', 11) + el('c', 12));
      await ready(page, '#a');
      await ready(page, '#b');
      await ready(page, '#c');
      for (const id of ['#a', '#b', '#c']) await runToEnd(page, id);
      const trials = (id) => page.evaluate((s) => document.querySelector(s).trials, id);
      const [a, b, c] = [await trials('#a'), await trials('#b'), await trials('#c')];
      assert.equal(a.length, 4 + 8 + 8); // a 2 x 2 grid within the budget of 8
      assert.deepEqual(a, b);
      assert.notDeepEqual(a.filter((t) => t.method === 'random'), c.filter((t) => t.method === 'random'));
      assertNoErrors(errors);
    });
    // The search page keeps its state in the URL: reloading the link replays the same trials.
    await withPage(async (page, errors) => {
      await page.goto(`${base}search.html`);
      await ready(page);
      await page.evaluate(() => {
        const el = document.querySelector('descent-search');
        el.setAttribute('objective', 'forrester');
        el.setAttribute('budget', '6');
      });
      await ready(page);
      for (let i = 0; i < 4; i++) await page.evaluate(() => document.querySelector('descent-search').step());
      await settle(page);
      const url = page.url();
      assert.match(url, /#objective=forrester&budget=6&trials=4$/);
      const first = await page.evaluate(() => document.querySelector('descent-search').trials);
      await page.goto('about:blank');
      await page.goto(url);
      await ready(page);
      const again = await page.evaluate(() => document.querySelector('descent-search').trials);
      assert.equal(again.length, 12);
      assert.deepEqual(again, first);
      assertNoErrors(errors);
    });
  });

  test('one-dimensional and network objectives, cross-validation, and the hypergradient tab', async () => {
    await withPage(async (page, errors) => {
      await openFixture(page, `
        <descent-search id="one" objective="gramacy_lee" budget="6"></descent-search>
        <descent-search id="net" space="lr" budget="4" cv_folds="3" epochs="5" methods="random,bayes" n_initial="2"></descent-search>
        <descent-search id="hd" tab="hypergradient"></descent-search>`);
      await ready(page, '#one');
      await runToEnd(page, '#one');
      const one = await canvasStats(page, 'c-mean', '#one');
      assert.ok(one.colours > 8, '1-D posterior plot drawn');
      assert.equal((await canvasStats(page, 'c-trials', '#one')).visible, false, 'no 2-D trials panel in 1-D');
      assert.ok((await colourCount(page, 'c-acq', [200, 30, 30], '#one')) > 20, 'acquisition curve drawn');

      await ready(page, '#net');
      await runToEnd(page, '#net');
      const net = await page.evaluate(() => document.querySelector('#net').trials);
      assert.equal(net.length, 8);
      assert.ok(net.every((t) => t.folds.length === 3));
      assert.match(await shadowText(page, 'summary-head', '#net'), /distinct lr/);

      await page.evaluate(() => document.querySelector('#hd').scrollIntoView());
      await page.waitForFunction(() => document.querySelector('#hd').perf?.count?.hd >= 1, null, { timeout: 20_000 });
      await settle(page);
      const hd = await canvasStats(page, 'c-hd', '#hd');
      assert.ok(hd.visible && hd.colours > 40, 'hypergradient figure drawn');
      assert.ok((await colourCount(page, 'c-hd-lr', [180, 83, 9], '#hd')) > 20, 'learning-rate trace drawn');
      assert.match(await shadowText(page, 'hd-status', '#hd'), /hypergradient f = .* plain SGD f = /);
      assertNoErrors(errors);
    });
  });

  test('the network’s true loss can be mapped under the trials (what an exhaustive search costs)', async () => {
    await withPage(async (page, errors) => {
      await openFixture(page, '<descent-search epochs="3" trials="3"></descent-search>');
      await ready(page);
      const before = await canvasStats(page, 'c-trials');
      assert.match(await shadowText(page, 'map-note'), /20 × 20 = 400 cells, 400 training runs/);
      await page.evaluate(() => document.querySelector('descent-search').shadowRoot.getElementById('map').click());
      await page.waitForFunction(() => document.querySelector('descent-search').shadowRoot.getElementById('map-note').textContent.startsWith('The first panel'), null, { timeout: 60_000 });
      await settle(page);
      const after = await canvasStats(page, 'c-trials');
      assert.ok(after.colours > before.colours + 20, `the map is drawn (${before.colours} -> ${after.colours} colours)`);
      assert.match(await page.evaluate(() => document.querySelector('descent-search').shadowRoot.getElementById('c-trials').getAttribute('aria-label')), /trials/);
      assertNoErrors(errors);
    });
  });

  test('bad and hostile attributes show messages as text and fall back; invalid combinations name the field', async () => {
    await withPage(async (page, errors) => {
      await openFixture(page, `
        <descent-search id="bad" budget="abc" objective="&lt;img src=x onerror=window.pwned=1&gt;" methods="grid,simplex"></descent-search>
        <descent-search id="combo" objective="branin" n_initial="40" budget="10"></descent-search>`);
      await ready(page, '#bad');
      const messages = await page.evaluate(() => [...document.querySelector('#bad').shadowRoot.querySelectorAll('.message')].map((m) => m.textContent));
      assert.ok(messages.some((m) => /^budget="abc" is not allowed: expected a whole number from 2 to 200; using the default \(25\)$/.test(m)), messages.join('\n'));
      assert.ok(messages.some((m) => m.startsWith('objective="<img src=x onerror=window.pwned=1>" is not allowed')));
      assert.ok(messages.some((m) => m.startsWith('methods="grid,simplex" is not allowed')));
      assert.equal(await page.evaluate(() => document.querySelector('#bad').shadowRoot.querySelector('img')), null);
      assert.equal(await page.evaluate(() => window.pwned), undefined);
      await ready(page, '#combo');
      const combo = await page.evaluate(() => document.querySelector('#combo').shadowRoot.querySelector('.message').textContent);
      assert.match(combo, /^n_initial = 40 is above the budget \(10\)/);
      assertNoErrors(errors);
    });
  });

  test('keyboard: tabs switch with the arrow keys, Step and Play work from the keyboard', async () => {
    await withPage(async (page, errors) => {
      await openFixture(page, '<descent-search objective="forrester" budget="5"></descent-search>');
      await ready(page);
      await page.evaluate(() => document.querySelector('descent-search').shadowRoot.getElementById('tab-search').focus());
      await page.keyboard.press('ArrowRight');
      await page.waitForFunction(() => document.querySelector('descent-search').getAttribute('tab') === 'hypergradient');
      const selected = await page.evaluate(() => document.querySelector('descent-search').shadowRoot.getElementById('tab-hd').getAttribute('aria-selected'));
      assert.equal(selected, 'true');
      await page.keyboard.press('ArrowLeft');
      await page.waitForFunction(() => !document.querySelector('descent-search').hasAttribute('tab'));
      await page.evaluate(() => document.querySelector('descent-search').shadowRoot.getElementById('step').focus());
      await page.keyboard.press('Enter');
      await page.waitForFunction(() => document.querySelector('descent-search').trials.length === 3);
      await page.evaluate(() => document.querySelector('descent-search').shadowRoot.getElementById('play').focus());
      await page.keyboard.press(' ');
      await page.waitForFunction(() => document.querySelector('descent-search').done, null, { timeout: 30_000 });
      assertNoErrors(errors);
    });
  });

  test('removing the element frees its handles; putting it back starts it again', async () => {
    await withPage(async (page, errors) => {
      await openFixture(page, '<div id="host"><descent-search objective="branin" budget="6"></descent-search></div>');
      await ready(page);
      await page.evaluate(() => document.querySelector('descent-search').step());
      const freed = await page.evaluate(() => {
        const el = document.querySelector('descent-search');
        el.remove();
        return el._lab === null && el._hdView === null;
      });
      assert.ok(freed);
      await page.evaluate(() => {
        const el = document.createElement('descent-search');
        el.setAttribute('objective', 'branin');
        el.setAttribute('budget', '6');
        el.setAttribute('trials', '2');
        document.querySelector('#host').append(el);
      });
      await ready(page);
      assert.equal((await page.evaluate(() => document.querySelector('descent-search').trials)).length, 6);
      assertNoErrors(errors);
    });
  });

  test('screenshots at 1280 and 375 px (light and dark), and timings', async () => {
    for (const [width, theme] of [[1280, 'light'], [375, 'light'], [1280, 'dark']]) {
      await withPage(async (page, errors) => {
        await page.goto(`${base}search.html#objective=branin&budget=20&trials=14&theme=${theme}`);
        await ready(page);
        const file = await screenshot(page, `search-${width}-${theme}`);
        assert.ok(fs.statSync(file).size > 20_000);
        // Nothing sticks out of the element at this width.
        const overflow = await page.evaluate(() => {
          const el = document.querySelector('descent-search');
          return el.shadowRoot.querySelector('.root').scrollWidth - el.clientWidth;
        });
        assert.ok(overflow <= 2, `overflow ${overflow}px at ${width}px`);
        const perf = await page.evaluate(() => document.querySelector('descent-search').perf);
        console.log(`# ${width}px ${theme}: render ${perf.last.render?.toFixed(1)} ms, panels ${perf.last.panels?.toFixed(1)} ms, step ${perf.mean.step?.toFixed(1)} ms (mean)`);
        assertNoErrors(errors);
      }, { width, height: 900 });
    }
    await withPage(async (page, errors) => {
      await page.goto(`${base}search.html#tab=hypergradient`);
      await page.waitForFunction(() => document.querySelector('descent-search').perf?.count?.hd >= 1, null, { timeout: 20_000 });
      await settle(page);
      await screenshot(page, 'search-hypergradient-1280');
      assertNoErrors(errors);
    });
  });
});
