// <descent-network> in headless Chromium, under the strict CSP: training to a visible decision boundary (spiral, three
// classes), early stopping marked on the curves, CSV with bad lines, batch size 1 against the full batch, points added
// and removed by clicking, mid-run changes, keyboard use, the URL round trip, hostile attributes, and screenshots at
// 1280 and 375 px. Every test checks that the page logged no errors.
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
  assert.match(fs.readFileSync(glue, 'utf8'), /\bTrainer\b/, `${glue} has no Trainer: rebuild with npm run build`);
  base = (await serve()).url;
});

/** A test page with `body`, loading www/descent.js, served under the strict CSP. */
async function openFixture(page, body, { hash = '' } = {}) {
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><link rel="icon" href="data:,">
<title>fixture</title><script type="module" src="/descent.js"></script></head>
<body style="margin:0;padding:8px">${body}</body></html>`;
  await page.route(`${base}fixture.html`, (route) =>
    route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', headers: { 'Content-Security-Policy': STRICT_CSP }, body: html }),
  );
  await page.goto(`${base}fixture.html${hash}`);
}

/** Wait until every <descent-network> (or the one matching `sel`) has drawn its heatmap. */
async function ready(page, sel = 'descent-network') {
  await page.waitForFunction(
    (s) => {
      const els = [...document.querySelectorAll(s)];
      return els.length > 0 && els.every((el) => el.info && (el.perf.count.heat >= 1 || el.perf.count.heat_idle >= 1) && el.perf.count.network >= 1);
    },
    sel,
    { timeout: 20_000 },
  );
  await settle(page);
}

async function settle(page) {
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => requestAnimationFrame(r)))));
}

/** Train `epochs` epochs now and let the element redraw. */
async function train(page, epochs, sel = 'descent-network') {
  const ran = await page.evaluate(([s, n]) => document.querySelector(s).step(n), [sel, epochs]);
  await settle(page);
  return ran;
}

/**
 * Classify the heatmap's pixels by hue: orange (class 0), blue (class 1), green (class 2), and the rest.
 * Counts are fractions of the pixels.
 */
function heatColours(page, sel = 'descent-network') {
  return page.evaluate((s) => {
    const c = document.querySelector(s).shadowRoot.querySelector('canvas.heat');
    const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    const n = c.width * c.height;
    const out = { orange: 0, blue: 0, green: 0, pale: 0, width: c.width };
    for (let i = 0; i < d.length; i += 4) {
      const [r, g, b] = [d[i], d[i + 1], d[i + 2]];
      const spread = Math.max(r, g, b) - Math.min(r, g, b);
      if (spread < 40) out.pale++;
      else if (r > b + 40 && r >= g) out.orange++;
      else if (b > r + 40 && b >= g) out.blue++;
      else if (g > r + 40 && g > b) out.green++;
    }
    for (const k of ['orange', 'blue', 'green', 'pale']) out[k] /= n;
    return out;
  }, sel);
}

function shadow(page, sel, inner, prop = 'textContent') {
  return page.evaluate(([s, i, p]) => document.querySelector(s).shadowRoot.querySelector(i)?.[p] ?? null, [sel, inner, prop]);
}

function history(page, sel = 'descent-network') {
  return page.evaluate((s) => document.querySelector(s).history, sel);
}

const last = (a) => a[a.length - 1];

describe('<descent-network>', () => {
  test('spiral: trains to a visible boundary; curves, metrics, confusion matrix and network drawn', async () => {
    await withPage(async (page, errors) => {
      await openFixture(page, `<descent-network dataset="spiral" n_samples="400" layers="8,8" features="x,y,sin_x,sin_y"
        optimizer='{"type":"Adam","lr":0.03}' seed="1"></descent-network>`);
      await ready(page);
      const before = await heatColours(page);
      assert.equal(await train(page, 150), 150);
      const h = await history(page);
      assert.equal(h.epoch.length, 150);
      assert.ok(last(h.test_accuracy) > 0.9, `test accuracy ${last(h.test_accuracy)}`);
      const after = await heatColours(page);
      assert.ok(after.orange > 0.2 && after.blue > 0.2, `both classes painted: ${JSON.stringify(after)}`);
      assert.ok(after.pale < before.pale, 'the picture is more decided than at the start');
      assert.equal(await shadow(page, 'descent-network', '#epoch-count'), '150');
      const rows = await page.evaluate(() => [...document.querySelector('descent-network').shadowRoot.querySelectorAll('table.metrics tbody tr')]
        .map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent)));
      assert.equal(rows[0][0], '240');
      assert.match(rows[2][2], /%$/);
      const cells = await page.evaluate(() => [...document.querySelector('descent-network').shadowRoot.querySelectorAll('.confusion td')].map((td) => Number(td.textContent)));
      assert.equal(cells.length, 4);
      assert.equal(cells.reduce((a, b) => a + b, 0), 80);
      // The network diagram and charts have ink.
      const inked = await page.evaluate(() => ['canvas.net', '#loss-chart', '#acc-chart'].map((q) => {
        const c = document.querySelector('descent-network').shadowRoot.querySelector(q);
        const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
        let n = 0;
        for (let i = 3; i < d.length; i += 4) if (d[i] > 0) n++;
        return n / (c.width * c.height);
      }));
      for (const v of inked) assert.ok(v > 0.02, `a canvas is nearly empty: ${inked}`);
      assertNoErrors(errors);
    });
  });

  test('three classes: three colours in the boundary, a 3 x 3 confusion matrix', async () => {
    await withPage(async (page, errors) => {
      await openFixture(page, `<descent-network dataset="spiral3" n_samples="450" layers="12,12" features="x,y,sin_x,sin_y"
        optimizer='{"type":"Adam","lr":0.02}' seed="1"></descent-network>`);
      await ready(page);
      await train(page, 150);
      const h = await history(page);
      assert.ok(last(h.test_accuracy) > 0.85, `test accuracy ${last(h.test_accuracy)}`);
      const c = await heatColours(page);
      assert.ok(c.orange > 0.1 && c.blue > 0.1 && c.green > 0.1, `three classes painted: ${JSON.stringify(c)}`);
      const cells = await page.evaluate(() => document.querySelector('descent-network').shadowRoot.querySelectorAll('.confusion td').length);
      assert.equal(cells, 9);
      const legend = await shadow(page, 'descent-network', '.legend');
      assert.match(legend, /class 0.*class 1.*class 2/);
      assertNoErrors(errors);
    });
  });

  test('early stopping fires while playing, stops training and is marked on the curves', async () => {
    await withPage(async (page, errors) => {
      await openFixture(page, `<descent-network dataset="gauss" noise="0.5" n_samples="200" layers="8" speed="1200"
        optimizer='{"type":"SGD","lr":1}' early_stopping='{"patience":3,"restore_best_weights":true}' seed="2"></descent-network>`);
      await ready(page);
      const stopped = page.evaluate(() => new Promise((resolve) => {
        document.querySelector('descent-network').addEventListener('descent-stop', (e) => resolve(e.detail), { once: true });
      }));
      await page.evaluate(() => document.querySelector('descent-network').play());
      const detail = await stopped;
      assert.equal(detail.reason, 'early_stopping');
      assert.equal(detail.epoch - detail.best_epoch, 3);
      await settle(page);
      assert.equal(await page.evaluate(() => document.querySelector('descent-network').playing), false);
      const h = await history(page);
      assert.equal(h.epoch.length, detail.epoch);
      assert.equal(h.stop.reason, 'early_stopping');
      const legend = await shadow(page, 'descent-network', '#chart-legend');
      assert.match(legend, new RegExp(`best epoch ${detail.best_epoch} · × stopped after epoch ${detail.epoch} \\(best weights restored\\)`));
      assert.match(await shadow(page, 'descent-network', '#status'), /Early stopping after epoch/);
      // A changed setting lets training go on (as a new Keras fit).
      await page.evaluate(() => document.querySelector('descent-network').setAttribute('optimizer', '{"type":"SGD","lr":0.1}'));
      await settle(page);
      assert.equal(await train(page, 1), 1);
      assertNoErrors(errors);
    });
  });

  test('CSV with bad lines: the good rows are loaded, each bad line is listed', async () => {
    await withPage(async (page, errors) => {
      await openFixture(page, '<descent-network layers="4"></descent-network>');
      await ready(page);
      const text = ['x,y,label', '1,1,1', '-1,-1,0', '2,oops,1', '-2,-2,0', '3,3', '2.5,2,1', '1,2,inf', '-3,-1,0'].join('\n');
      await page.locator('descent-network').locator('summary').click();
      await page.locator('descent-network').locator('#csv-text').fill(text);
      await page.locator('descent-network').locator('#csv-load').click();
      await settle(page);
      const status = await shadow(page, 'descent-network', '#csv-errors');
      assert.match(status, /Loaded 5 rows\. 3 lines skipped:/);
      assert.match(status, /line 4: y is not a number: "oops"/);
      assert.match(status, /line 6: expected 3 values \(x,y,label\), found 2/);
      assert.match(status, /line 8: label is not finite: "inf"/);
      assert.equal(await page.evaluate(() => document.querySelector('descent-network').getAttribute('dataset')), 'csv');
      const rows = await page.evaluate(() => document.querySelector('descent-network').info.rows);
      assert.equal(rows.train + rows.validation + rows.test, 5);
      // Nothing usable: the previous data stays and the message says why.
      await page.locator('descent-network').locator('#csv-text').fill('a,b\nnot,numbers,here');
      await page.locator('descent-network').locator('#csv-load').click();
      await settle(page);
      assert.match(await shadow(page, 'descent-network', '#csv-errors'), /csv = text with 0 usable rows/);
      const after = await page.evaluate(() => document.querySelector('descent-network').info.rows);
      assert.deepEqual(after, rows);
      assertNoErrors(errors);
    });
  });

  test('batch size 1 against the full batch: visibly different loss curves', async () => {
    await withPage(async (page, errors) => {
      const common = 'dataset="moons" n_samples="200" layers="6" seed="4" optimizer=\'{"type":"SGD","lr":0.05}\'';
      await openFixture(page, `<descent-network id="sgd" ${common} batch_size="1"></descent-network>
        <descent-network id="full" ${common} batch_size="1024"></descent-network>`);
      await ready(page, '#sgd');
      await page.locator('#full').scrollIntoViewIfNeeded();
      await ready(page, '#full');
      await train(page, 40, '#sgd');
      await train(page, 40, '#full');
      const a = await history(page, '#sgd');
      const b = await history(page, '#full');
      // 120 updates per epoch against 1: stochastic descent is far ahead after 40 epochs, and its curve is jagged
      // while the full batch's decreases smoothly.
      assert.ok(last(a.loss) < 0.6 * last(b.loss), `batch 1: ${last(a.loss)}, full batch: ${last(b.loss)}`);
      const wiggle = (v) => {
        let ups = 0;
        for (let i = 1; i < v.length; i++) if (v[i] > v[i - 1]) ups++;
        return ups;
      };
      assert.equal(wiggle(b.loss), 0, 'full-batch gradient descent with a small step decreases the loss every epoch');
      assert.ok(wiggle(a.val_loss) > 0 || wiggle(a.loss) > 0, 'stochastic descent goes up now and then');
      // The two chart images differ.
      const pics = await page.evaluate(() => ['#sgd', '#full'].map((s) => document.querySelector(s).shadowRoot.querySelector('#loss-chart').toDataURL()));
      assert.notEqual(pics[0], pics[1]);
      const label = await shadow(page, '#full', '.batch .slider-label');
      assert.match(label, /full batch: 120 training rows/);
      assertNoErrors(errors);
    });
  });

  test('hyperparameters change mid-run without a reset; the shape resets', async () => {
    await withPage(async (page, errors) => {
      await openFixture(page, '<descent-network dataset="xor" layers="4"></descent-network>');
      await ready(page);
      await train(page, 20);
      // The L2 strength from its select, the optimizer from its select: the epoch count goes on.
      await page.locator('descent-network').locator('#l2').selectOption('0.001');
      await page.locator('descent-network').locator('#optimizer-type').selectOption('Adam');
      await settle(page);
      assert.equal(await page.evaluate(() => document.querySelector('descent-network').epoch), 20);
      assert.equal(await page.evaluate(() => document.querySelector('descent-network').getAttribute('l2')), '0.001');
      assert.match(await shadow(page, 'descent-network', '#reg-note'), /λ₂‖w‖²/);
      await page.locator('descent-network').locator('#optimizer-type').selectOption('AdamW');
      await settle(page);
      assert.match(await shadow(page, 'descent-network', '#reg-note'), /AdamW decays decoupled/);
      await train(page, 5);
      assert.equal(await page.evaluate(() => document.querySelector('descent-network').epoch), 25);
      // One more unit in layer 1: a new network.
      await page.locator('descent-network').getByRole('button', { name: 'More units in layer 1' }).click();
      await settle(page);
      assert.equal(await page.evaluate(() => document.querySelector('descent-network').epoch), 0);
      assert.equal(await page.evaluate(() => document.querySelector('descent-network').getAttribute('layers')), '5');
      // A change the core rejects is undone and explained: batch norm needs batches of two or more.
      await page.locator('descent-network').locator('#batch_norm').check();
      await settle(page);
      assert.equal(await page.evaluate(() => document.querySelector('descent-network').info.sizes.length), 3);
      assertNoErrors(errors);
    });
  });

  test('clicking adds points of the chosen class and removes them', async () => {
    await withPage(async (page, errors) => {
      await openFixture(page, '<descent-network dataset="gauss" n_samples="40" layers="3"></descent-network>');
      await ready(page);
      const el = page.locator('descent-network');
      const count = () => page.evaluate(() => document.querySelector('descent-network').info.rows).then((r) => r.train + r.validation + r.test);
      assert.equal(await count(), 40);
      await el.getByRole('radio', { name: 'add points' }).click();
      await el.locator('#add-class').selectOption('1');
      const box = await el.locator('.figure').boundingBox();
      // (-5, 5) in the plane: the top-left corner region.
      await page.mouse.click(box.x + box.width * (1 / 12), box.y + box.height * (1 / 12));
      await settle(page);
      assert.equal(await count(), 41);
      assert.match(await page.evaluate(() => document.querySelector('descent-network').getAttribute('points')), /^-5(\.\d+)?,5(\.\d+)?,1$/);
      await el.getByRole('radio', { name: 'remove points' }).click();
      assert.deepEqual(await el.locator('.figure').boundingBox(), box, 'the plot stays where it was');
      await page.mouse.click(box.x + box.width * (1 / 12), box.y + box.height * (1 / 12));
      await settle(page);
      assert.equal(await count(), 40);
      assert.equal(await page.evaluate(() => document.querySelector('descent-network').getAttribute('points')), null);
      // Remove a generated point: its row number is recorded.
      const p = await page.evaluate(() => {
        const t = document.querySelector('descent-network');
        return { x: t._points.x[0], y: t._points.y[0] };
      });
      await page.mouse.click(box.x + ((p.x + 6) / 12) * box.width, box.y + ((6 - p.y) / 12) * box.height);
      await settle(page);
      assert.equal(await count(), 39);
      assert.equal(await page.evaluate(() => document.querySelector('descent-network').getAttribute('removed')), '0');
      assertNoErrors(errors);
    });
  });

  test('keyboard: Space trains and pauses, arrows move the reading cursor, Enter adds a point', async () => {
    await withPage(async (page, errors) => {
      await openFixture(page, '<descent-network dataset="circle" layers="3"></descent-network>');
      await ready(page);
      const el = page.locator('descent-network');
      await el.locator('.figure').focus();
      await page.keyboard.press('Space');
      await page.waitForFunction(() => document.querySelector('descent-network').epoch > 3);
      await page.keyboard.press('Space');
      await settle(page);
      assert.equal(await page.evaluate(() => document.querySelector('descent-network').playing), false);
      await page.keyboard.press('ArrowRight');
      await page.keyboard.press('ArrowUp');
      assert.match(await shadow(page, 'descent-network', '.readout'), /^x = 0\.25, y = 0\.25: P\(class 1\) = /);
      await el.getByRole('radio', { name: 'add points' }).click();
      await el.locator('.figure').focus();
      await page.keyboard.press('Enter');
      await settle(page);
      assert.equal(await page.evaluate(() => document.querySelector('descent-network').getAttribute('points')), '0.25,0.25,0');
      // The mode radios move with the arrow keys.
      await el.getByRole('radio', { name: 'add points' }).focus();
      await page.keyboard.press('ArrowRight');
      assert.equal(await el.getByRole('radio', { name: 'remove points' }).getAttribute('aria-checked'), 'true');
      assertNoErrors(errors);
    });
  });

  test('the page URL round-trips the settings', async () => {
    await withPage(async (page, errors) => {
      await openFixture(page, '<descent-network sync-url></descent-network>', {
        hash: '#dataset=moons&layers=6,3&optimizer={"type":"Adam","lr":0.01}&batch_size=25',
      });
      await ready(page);
      assert.deepEqual(Array.from(await page.evaluate(() => document.querySelector('descent-network').info.sizes)), [2, 6, 3, 1]);
      await page.locator('descent-network').locator('#activation').selectOption('relu');
      await settle(page);
      const hash = decodeURIComponent(await page.evaluate(() => window.location.hash));
      assert.match(hash, /dataset=moons/);
      assert.match(hash, /activation=relu/);
      assert.match(hash, /batch_size=25/);
      const embed = await page.evaluate(() => document.querySelector('descent-network').embedCode());
      assert.match(embed, /<descent-network dataset="moons"/);
      assert.match(embed, /<iframe src=".*embed\.html#widget=descent-network&amp;dataset=moons/);
      assertNoErrors(errors);
    });
  });

  test('bad and hostile attributes show messages, fall back per field, never inject markup', async () => {
    await withPage(async (page, errors) => {
      await page.addInitScript(() => {
        window.pwned = 0;
      });
      const hostile = '&quot;&gt;&lt;img src=x onerror=&quot;window.pwned=1&quot;&gt;';
      await openFixture(page, `<descent-network dataset="${hostile}" layers="4,99" batch_size="abc"
        optimizer='{"type":"Adam","lr":0.05,"betas":[0.9,1.5]}' early_stopping="${hostile}"
        csv="${hostile}" points="${hostile}"></descent-network>`);
      await ready(page);
      const messages = await page.evaluate(() => [...document.querySelector('descent-network').shadowRoot.querySelectorAll('.message span')].map((m) => m.textContent).join('\n'));
      assert.match(messages, /dataset=".*" is not allowed: expected one of "circle"/);
      assert.match(messages, /layers="4,99" is not allowed/);
      assert.match(messages, /batch_size="abc" is not allowed/);
      assert.match(messages, /optimizer\.betas\[1\] = 1\.5 is not allowed.*; using the default optimizer\.betas/);
      assert.deepEqual(Array.from(await page.evaluate(() => document.querySelector('descent-network').info.sizes)), [2, 4, 2, 1]);
      assert.equal(await page.evaluate(() => window.pwned), 0);
      assert.equal(await page.evaluate(() => document.querySelector('descent-network').shadowRoot.querySelectorAll('img').length), 0);
      assertNoErrors(errors);
    });
  });

  test('removing the element frees its trainer; two elements stay independent', async () => {
    await withPage(async (page, errors) => {
      await openFixture(page, '<descent-network id="a" layers="3"></descent-network><descent-network id="b" layers="5"></descent-network>');
      await ready(page, '#a');
      await page.locator('#b').scrollIntoViewIfNeeded();
      await ready(page, '#b');
      await train(page, 7, '#a');
      assert.equal(await page.evaluate(() => document.querySelector('#b').epoch), 0);
      await page.evaluate(() => document.querySelector('#a').remove());
      assert.equal(await page.evaluate(() => document.querySelector('#b').info.sizes[1]), 5);
      await train(page, 2, '#b');
      assert.equal(await page.evaluate(() => document.querySelector('#b').epoch), 2);
      assertNoErrors(errors);
    });
  });

  test('frame timings, and screenshots at 1280 and 375 px (light and dark)', async (t) => {
    for (const [width, theme] of [[1280, 'light'], [375, 'light'], [1280, 'dark'], [375, 'dark']]) {
      await withPage(async (page, errors) => {
        await page.goto(`${base}network.html`);
        await page.evaluate((th) => document.querySelector('descent-network').setAttribute('theme', th), theme);
        await ready(page);
        await page.evaluate(() => document.querySelector('descent-network').play());
        await page.waitForFunction(() => document.querySelector('descent-network').epoch >= 60, null, { timeout: 60_000 });
        await page.evaluate(() => document.querySelector('descent-network').pause());
        await settle(page);
        const perf = await page.evaluate(() => document.querySelector('descent-network').perf);
        const f = (k) => `${k} ${perf.mean[k]?.toFixed(2)}`;
        t.diagnostic(`${width}px ${theme}, mean ms: ${['frame', 'train', 'heat', 'neurons', 'network', 'overlay', 'charts', 'heat_idle'].map(f).join(', ')}; ${perf.msPerEpoch.toFixed(3)} ms per epoch`);
        const file = await screenshot(page, `network-${width}-${theme}`);
        t.diagnostic(file);
        assertNoErrors(errors);
      }, { width, height: 900 });
    }
  });
});
