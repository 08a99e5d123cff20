// The lessons (built by scripts/build-pages.mjs into www/lessons/) in Chromium under the strict CSP:
//   - every lesson page in both languages loads with no console error, no failed request and no .katex-error;
//   - every widget on it draws (a canvas in its shadow root has non-background pixels);
//   - every quick check gives feedback (right and wrong answers);
//   - previous / next link the written lessons, and the language switch keeps the section;
//   - the course map lists all 15 lessons, links only the written ones, picks Chinese where the browser prefers
//     it, and shows progress;
//   - <descent-schedule>: its live formula adds up to the core's rates, a bad config shows a message naming the
//     field, a slider changes the plot, the subtractive overlay is labelled as not a library schedule.
// Screenshots of every page at 1280 and 375 px go to screenshots/ (gitignored), for looking at.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { WWW, assertNoErrors, screenshot, serve, withPage } from './harness.mjs';

const LESSONS = path.join(WWW, 'lessons');
const manifestFile = path.join(LESSONS, 'lessons.json');
const built = fs.existsSync(manifestFile) && fs.existsSync(path.join(WWW, 'pkg', 'descent.js'));
const skip = !built && 'www/lessons is not built (npm run build)';
const manifest = built ? JSON.parse(fs.readFileSync(manifestFile, 'utf8')) : { lessons: [], planned: [] };
const LANGS = ['zh', 'en'];
const SHOTS = process.env.DESCENT_LESSON_SHOTS !== '0';

/** Every element a lesson may embed (the widgets the build accepts). */
const WIDGET_SELECTOR = 'descent-surface, descent-schedule, descent-network, descent-search, descent-batchnorm';

/** Wait until every widget on the page has drawn; returns [{ tag, drawn, message }]. */
async function widgetsDrawn(page, timeout = 20_000) {
  const tags = await page.$$eval(WIDGET_SELECTOR, (els) => els.map((e) => e.tagName.toLowerCase()));
  const results = [];
  for (let i = 0; i < tags.length; i++) {
    const handle = (await page.$$(WIDGET_SELECTOR))[i];
    await handle.scrollIntoViewIfNeeded();
    const ok = await page
      .waitForFunction(
        (el) => {
          const canvases = el.shadowRoot ? [...el.shadowRoot.querySelectorAll('canvas')] : [];
          for (const c of canvases) {
            if (!c.width || !c.height || c.hidden) continue;
            // Copy to a 2D canvas (works whatever context the widget drew with) and count non-background pixels.
            const probe = document.createElement('canvas');
            probe.width = Math.min(c.width, 400);
            probe.height = Math.min(c.height, 300);
            const ctx = probe.getContext('2d');
            ctx.drawImage(c, 0, 0, probe.width, probe.height);
            const d = ctx.getImageData(0, 0, probe.width, probe.height).data;
            let differ = 0;
            for (let k = 0; k < d.length; k += 4) {
              if (d[k] !== d[0] || d[k + 1] !== d[1] || d[k + 2] !== d[2] || d[k + 3] !== d[3]) differ++;
            }
            if (differ > 100) return true;
          }
          return false;
        },
        handle,
        { timeout, polling: 200 },
      )
      .then(() => true)
      .catch(() => false);
    const message = await handle.evaluate((el) => el.shadowRoot?.querySelector('.message, [role=alert]')?.textContent?.trim() ?? '');
    results.push({ tag: tags[i], drawn: ok, message });
  }
  return results;
}

/** Answer every quick check (a wrong answer first, then the right one) and return what each showed. */
async function answerChecks(page) {
  return page.$$eval('form.check', async (forms) => {
    const out = [];
    const submit = (f) => f.querySelector('button[type=submit]').click();
    for (const f of forms) {
      const fb = () => f.querySelector('.feedback');
      const rec = { id: f.id, kind: f.dataset.check };
      if (f.dataset.check === 'choice') {
        submit(f);
        rec.empty = fb().textContent.trim();
        const wrong = f.querySelector('input[data-correct=false]');
        wrong.click();
        submit(f);
        rec.wrong = { cls: fb().className, text: fb().textContent.trim() };
        f.querySelector('input[data-correct=true]').click();
        submit(f);
        rec.right = { cls: fb().className, text: fb().textContent.trim() };
      } else {
        const input = f.querySelector('input[name=answer]');
        input.value = 'abc';
        submit(f);
        rec.empty = fb().textContent.trim();
        const known = f.querySelector('.fb[data-for=wrong]');
        input.value = known ? known.dataset.value : String(Number(f.dataset.answer) * 3 + 7);
        submit(f);
        rec.wrong = { cls: fb().className, text: fb().textContent.trim() };
        input.value = f.dataset.answer;
        submit(f);
        rec.right = { cls: fb().className, text: fb().textContent.trim() };
      }
      out.push(rec);
    }
    return out;
  });
}

for (const lesson of manifest.lessons) {
  for (const lang of LANGS) {
    const file = lesson.pages[lang];
    test(`lesson ${lesson.order} ${lesson.id} (${lang}): loads, widgets draw, checks answer`, { skip, timeout: 120_000 }, async () => {
      const { url } = await serve();
      for (const width of [1280, 375]) {
        await withPage(
          async (page, errors) => {
            const res = await page.goto(`${url}lessons/${file}`, { waitUntil: 'load' });
            assert.equal(res.status(), 200);
            assert.equal(await page.locator('.katex-error').count(), 0, 'a formula failed to typeset');
            assert.ok((await page.locator('.katex').count()) > 5, 'formulas are typeset at build time');
            const widgets = await widgetsDrawn(page);
            assert.ok(widgets.length > 0, 'the lesson embeds a widget');
            for (const w of widgets) assert.ok(w.drawn, `<${w.tag}> did not draw${w.message ? `: ${w.message}` : ''}`);
            if (width === 375) {
              // Phone width: nothing wider than the screen, and every display formula fits without scrolling.
              const wide = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
              assert.ok(wide <= 0, `the page is ${wide}px wider than a 375px screen`);
              const cut = await page.$$eval('.math-display', (els) =>
                els.filter((e) => e.scrollWidth > e.clientWidth + 2).map((e) => e.querySelector('annotation')?.textContent.slice(0, 60)),
              );
              assert.deepEqual(cut, [], 'display formulas wider than the phone screen');
            }
            if (width === 1280) {
              const checks = await answerChecks(page);
              assert.equal(checks.length, lesson.checks);
              for (const c of checks) {
                assert.ok(c.empty.length > 0, `${c.id}: no prompt for an empty or unreadable answer`);
                assert.match(c.wrong.cls, /incorrect/, `${c.id}: a wrong answer is not marked wrong`);
                assert.ok(c.wrong.text.length > 10, `${c.id}: no feedback for a wrong answer`);
                assert.match(c.right.cls, /\bcorrect\b/, `${c.id}: the right answer is not marked right`);
                assert.doesNotMatch(c.right.cls, /incorrect/, `${c.id}: the right answer is marked wrong`);
                assert.ok(c.right.text.length > 10, `${c.id}: no feedback for the right answer`);
              }
            }
            await page.waitForLoadState('networkidle');
            if (SHOTS) {
              await page.evaluate(() => window.scrollTo(0, 0));
              await screenshot(page, `lesson-${lesson.order}-${lang}-${width}`);
            }
            assertNoErrors(errors);
          },
          { width, height: width > 500 ? 900 : 800, deviceScaleFactor: 1 },
        );
      }
    });
  }
}

test('previous / next link the written lessons in course order, in the same language', { skip }, async () => {
  const { url } = await serve();
  const pages = manifest.lessons;
  await withPage(async (page, errors) => {
    for (const lang of LANGS) {
      for (let i = 0; i < pages.length; i++) {
        await page.goto(`${url}lessons/${pages[i].pages[lang]}`, { waitUntil: 'networkidle' });
        const next = await page.getAttribute('.pager a[rel=next]', 'href');
        const prev = await page.getAttribute('.pager a[rel=prev]', 'href');
        assert.equal(next, i + 1 < pages.length ? pages[i + 1].pages[lang] : 'index.html');
        assert.equal(prev, i > 0 ? pages[i - 1].pages[lang] : 'index.html');
      }
      // Follow "next" by clicking, once.
      if (pages.length > 1) {
        await page.goto(`${url}lessons/${pages[0].pages[lang]}`, { waitUntil: 'networkidle' });
        await Promise.all([page.waitForURL(`**/${pages[1].pages[lang]}`, { waitUntil: 'networkidle' }), page.click('.pager a[rel=next]')]);
        await Promise.all([page.waitForURL(`**/${pages[0].pages[lang]}`, { waitUntil: 'networkidle' }), page.click('.pager a[rel=prev]')]);
      }
    }
    assertNoErrors(errors);
  });
});

test('the language switch opens the same section in the other language and remembers the choice', { skip }, async () => {
  const { url } = await serve();
  await withPage(async (page, errors) => {
    for (const lesson of manifest.lessons) {
      const section = lesson.sections[Math.min(2, lesson.sections.length - 1)];
      for (const [from, to] of [['en', 'zh'], ['zh', 'en']]) {
        await page.goto(`${url}lessons/${lesson.pages[from]}#${section}`, { waitUntil: 'networkidle' });
        await page.waitForFunction((id) => {
          const top = document.getElementById(id)?.getBoundingClientRect().top;
          return top !== undefined && Math.abs(top) < 200;
        }, section);
        // Click where the (sticky) switch is: Playwright's click() would first scroll the page to the header.
        const box = await page.locator('header a.lang-switch').boundingBox();
        await Promise.all([page.waitForURL(`**/${lesson.pages[to]}#${section}`, { waitUntil: 'networkidle' }), page.mouse.click(box.x + box.width / 2, box.y + box.height / 2)]);
        const atTop = await page
          .waitForFunction((id) => Math.abs(document.getElementById(id).getBoundingClientRect().top) < 200, section, { timeout: 5000 })
          .then(() => true)
          .catch(() => false);
        const top = await page.evaluate((id) => document.getElementById(id).getBoundingClientRect().top, section);
        assert.ok(atTop, `${lesson.pages[to]}: section #${section} is not at the top (${top})`);
        assert.equal(await page.evaluate(() => localStorage.getItem('descent.lang')), to);
      }
    }
    assertNoErrors(errors);
  });
});

test('the course map lists 15 lessons, links only the written ones, and follows the browser language', { skip }, async () => {
  const { url } = await serve();
  for (const [locale, lang] of [['zh-CN', 'zh'], ['en-US', 'en'], ['fr-FR', 'en']]) {
    await withPage(
      async (page, errors) => {
        await page.goto(`${url}lessons/index.html`);
        assert.equal(await page.getAttribute('html', 'data-lang'), lang);
        const block = page.locator(`[data-lang-block="${lang}"]`);
        assert.ok(await block.isVisible());
        assert.ok(!(await page.locator(`[data-lang-block="${lang === 'zh' ? 'en' : 'zh'}"]`).isVisible()));
        assert.equal(await block.locator('.map-item').count(), 15);
        assert.equal(await block.locator('.map-item.planned').count(), manifest.planned.length);
        assert.equal(await block.locator('.map-item.planned a').count(), 0, 'a coming-soon lesson is linked');
        assert.equal(await block.locator('.map-item:not(.planned) .map-title a').count(), manifest.lessons.length);
        for (const href of await block.locator('.map-title a').evaluateAll((as) => as.map((a) => a.getAttribute('href')))) {
          assert.ok(fs.existsSync(path.join(LESSONS, href)), `the map links ${href}, which does not exist`);
        }
        if (SHOTS && locale !== 'fr-FR') await screenshot(page, `lessons-index-${lang}`);
        // A chosen language wins over the browser's.
        await block.locator('button.lang-switch').click();
        const other = lang === 'zh' ? 'en' : 'zh';
        assert.equal(await page.getAttribute('html', 'data-lang'), other);
        await page.reload();
        assert.equal(await page.getAttribute('html', 'data-lang'), other);
        assertNoErrors(errors);
      },
      { locale },
    );
  }
});

test('progress is remembered: a right answer shows on the course map, with a link back to the section', { skip }, async () => {
  const { url } = await serve();
  const lesson = manifest.lessons[0];
  await withPage(
    async (page, errors) => {
      await page.goto(`${url}lessons/${lesson.pages.en}#${lesson.sections[1]}`, { waitUntil: 'networkidle' });
      await page.waitForTimeout(700);
      const form = page.locator('form.check').first();
      if ((await form.getAttribute('data-check')) === 'choice') await form.locator('input[data-correct=true]').check();
      else await form.locator('input[name=answer]').fill(await form.getAttribute('data-answer'));
      await form.locator('button[type=submit]').click();
      await page.waitForLoadState('networkidle');
      await page.goto(`${url}lessons/index.html`);
      const item = page.locator(`[data-lang-block=en] .map-item[data-lesson="${lesson.id}"] .map-progress`);
      assert.match(await item.textContent(), lesson.checks === 1 ? /done/ : /checks 1\//);
      const cont = page.locator('[data-lang-block=en] .map-continue a');
      assert.ok(await cont.isVisible());
      assert.match(await cont.getAttribute('href'), new RegExp(`${lesson.pages.en}#`));
      // Leaving the lesson page may cancel a widget's lazy fetch (KaTeX, WASM): that is the navigation, not a fault.
      errors.requests.splice(0, errors.requests.length, ...errors.requests.filter((r) => !r.includes('net::ERR_ABORTED')));
      assertNoErrors(errors);
    },
    { locale: 'en-US' },
  );
});

// ----- <descent-schedule> -----

/** Schedules whose live formula is checked against the core at every step. */
const FORMULA_CASES = [
  [{ type: 'StepLR', step_size: 7, gamma: 0.5 }, 0.1],
  [{ type: 'MultiStepLR', milestones: [5, 20, 21], gamma: 0.3 }, 0.2],
  [{ type: 'ConstantLR', factor: 0.25, total_iters: 9 }, 0.1],
  [{ type: 'LinearLR', start_factor: 0.1, end_factor: 0.9, total_iters: 17 }, 0.05],
  [{ type: 'ExponentialLR', gamma: 0.97 }, 0.1],
  [{ type: 'PolynomialLR', total_iters: 30, power: 2.5 }, 0.1],
  [{ type: 'CosineAnnealingLR', T_max: 25, eta_min: 0.001 }, 0.1],
  [{ type: 'CosineAnnealingWarmRestarts', T_0: 5, T_mult: 2, eta_min: 0.0005 }, 0.1],
  [{ type: 'CyclicLR', base_lr: 0.001, max_lr: 0.1, step_size_up: 6, step_size_down: 4, mode: 'triangular2' }, 0.1],
  [{ type: 'CyclicLR', base_lr: 0.001, max_lr: 0.1, step_size_up: 5, mode: 'exp_range', gamma: 0.99 }, 0.1],
  [{ type: 'OneCycleLR', max_lr: 0.1, total_steps: 50 }, 0.1],
  [{ type: 'OneCycleLR', max_lr: 0.1, total_steps: 50, three_phase: true, anneal_strategy: 'linear' }, 0.1],
  [{ type: 'SequentialLR', schedulers: [{ type: 'LinearLR', start_factor: 0.1, total_iters: 10 }, { type: 'CosineAnnealingLR', T_max: 40 }], milestones: [10] }, 0.1],
  [{ type: 'ExponentialDecay', initial_learning_rate: 0.1, decay_steps: 7, decay_rate: 0.5 }, 0.1],
  [{ type: 'ExponentialDecay', initial_learning_rate: 0.1, decay_steps: 7, decay_rate: 0.5, staircase: true }, 0.1],
  [{ type: 'InverseTimeDecay', initial_learning_rate: 0.1, decay_steps: 3, decay_rate: 0.5 }, 0.1],
  [{ type: 'InverseTimeDecay', initial_learning_rate: 0.1, decay_steps: 3, decay_rate: 0.5, staircase: true }, 0.1],
  [{ type: 'PiecewiseConstantDecay', boundaries: [10, 30], values: [0.1, 0.01, 0.001] }, 0.1],
  [{ type: 'PolynomialDecay', initial_learning_rate: 0.1, decay_steps: 30, end_learning_rate: 0.001, power: 0.5 }, 0.1],
  [{ type: 'PolynomialDecay', initial_learning_rate: 0.1, decay_steps: 20, power: 2, cycle: true }, 0.1],
  [{ type: 'CosineDecay', initial_learning_rate: 0.1, decay_steps: 30, alpha: 0.1 }, 0.1],
  [{ type: 'CosineDecay', initial_learning_rate: 0.0, decay_steps: 30, warmup_target: 0.1, warmup_steps: 10 }, 0.1],
  [{ type: 'CosineDecayRestarts', initial_learning_rate: 0.1, first_decay_steps: 6, t_mul: 2, m_mul: 0.8, alpha: 0.05 }, 0.1],
  [{ type: 'ReduceLROnPlateau', factor: 0.5, patience: 2 }, 0.1],
];

test('<descent-schedule>: the live formula adds up to the core rates at every step', { skip }, async () => {
  const { url } = await serve();
  await withPage(async (page, errors) => {
    await page.goto(`${url}lessons/index.html`);
    const bad = await page.evaluate(async (cases) => {
      const { explain } = await import('/js/schedule/formulas.js');
      const { plateauLoss } = await import('/js/schedule/synth.js');
      const pkg = await import('/pkg/descent.js');
      await pkg.default();
      const out = [];
      for (const [cfg, baseLr] of cases) {
        const steps = 70;
        const opts = { base_lr: baseLr, steps };
        if (cfg.type === 'ReduceLROnPlateau') opts.metrics = plateauLoss(steps, 3);
        const lrs = Array.from(pkg.lrSchedule(cfg, opts).lrs);
        for (let t = 0; t < steps; t++) {
          const v = explain(cfg, t, { baseLr, lrs }).value;
          if (!(Math.abs(v - lrs[t]) <= 1e-9 * Math.max(Math.abs(v), Math.abs(lrs[t])) + 1e-15)) {
            out.push(`${cfg.type} t=${t}: formula ${v}, core ${lrs[t]}`);
            break;
          }
        }
      }
      return out;
    }, FORMULA_CASES);
    assert.deepEqual(bad, []);
    assertNoErrors(errors);
  });
});

/** A page with schedule widgets, served next to www/ (the fixture lives in a temp folder). */
function fixture(html) {
  const dir = fs.mkdtempSync(path.join(process.env.TMPDIR || '/tmp', 'descent-schedule-'));
  fs.writeFileSync(
    path.join(dir, 'index.html'),
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>schedule</title>
<script type="module" src="/descent/descent.js"></script></head><body style="max-width:720px">${html}</body></html>`,
  );
  return dir;
}

test('<descent-schedule>: readout, keyboard, sliders, bad configs and the subtractive overlay', { skip }, async () => {
  const dir = fixture(`
<descent-schedule id="a" schedule='{"type":"StepLR","step_size":30,"gamma":0.5}' base-lr="0.1" steps="120" controls="step_size,gamma" step="42"></descent-schedule>
<descent-schedule id="bad" schedule='{"type":"StepLR","step_size":0}'></descent-schedule>
<descent-schedule id="json" schedule='{"type":'></descent-schedule>
<descent-schedule id="sub" schedule='{"type":"StepLR","step_size":10,"gamma":0.7}' steps="80" subtractive='{"drop":0.02,"n":10}'></descent-schedule>
<descent-schedule id="plateau" schedule='{"type":"ReduceLROnPlateau","patience":3,"factor":0.5}' steps="100" seed="7"></descent-schedule>`);
  const { url } = await serve({ root: dir, mounts: { '/descent/': WWW } });
  await withPage(async (page, errors) => {
    await page.goto(url);
    const shadow = (id, sel) => page.locator(`#${id}`).locator(sel);
    await page.waitForFunction(() => document.querySelector('#a')?.shadowRoot?.querySelector('.readout')?.textContent.includes('lr ='));
    assert.equal(await shadow('a', '.readout').textContent(), 'step 42: lr = 0.05');
    // The formula is typeset with the numbers of step 42.
    await page.waitForFunction(() => document.querySelector('#a').shadowRoot.querySelector('.formula .katex'));
    assert.match(await shadow('a', '.formula annotation').first().textContent(), /\\lfloor 42\/30 \\rfloor/);
    // Keyboard: End goes to the last step, Home to the first.
    await shadow('a', 'canvas.chart').first().focus();
    await page.keyboard.press('End');
    assert.equal(await shadow('a', '.readout').textContent(), 'step 119: lr = 0.0125');
    assert.equal(await page.getAttribute('#a', 'step'), '119');
    await page.keyboard.press('Home');
    assert.equal(await shadow('a', '.readout').textContent(), 'step 0: lr = 0.1');
    // A typed slider value changes the schedule, the plot and the attribute.
    const gammaText = shadow('a', '.slider').filter({ hasText: 'gamma' }).locator('input.slider-text');
    await gammaText.fill('0.1');
    await gammaText.press('Enter');
    assert.deepEqual(JSON.parse(await page.getAttribute('#a', 'schedule')), { type: 'StepLR', step_size: 30, gamma: 0.1 });
    await page.keyboard.press('Tab'); // leave the field
    await page.evaluate(() => document.querySelector('#a').setAttribute('step', '65'));
    assert.equal(await shadow('a', '.readout').textContent(), 'step 65: lr = 0.001');
    // The core's message names the field; invalid JSON is reported too.
    await page.waitForFunction(() => document.querySelector('#bad').shadowRoot.querySelector('.message').textContent.length > 0);
    assert.match(await shadow('bad', '.message').textContent(), /step_size/);
    await page.waitForFunction(() => document.querySelector('#json').shadowRoot.querySelector('.message').textContent.length > 0);
    assert.match(await shadow('json', '.message').textContent(), /schedule: not valid JSON/);
    // The subtractive overlay is labelled as not a library schedule, and says where it crosses zero.
    await page.locator('#sub').scrollIntoViewIfNeeded();
    await page.waitForFunction(() => document.querySelector('#sub').shadowRoot.querySelector('.legend li.sub'));
    const legend = await shadow('sub', '.legend li.sub').textContent();
    assert.match(legend, /not a library schedule/);
    assert.match(legend, /step 50/);
    // ReduceLROnPlateau shows its synthetic loss and reduces the rate.
    await page.locator('#plateau').scrollIntoViewIfNeeded();
    await page.waitForFunction(() => !document.querySelector('#plateau').shadowRoot.querySelector('canvas.aux').hidden);
    assert.match(await shadow('plateau', '.note').textContent(), /synthetic loss \(seed 7\)/);
    await page.evaluate(() => document.querySelector('#plateau').setAttribute('step', '99'));
    const lr = Number((await shadow('plateau', '.readout').textContent()).match(/lr = ([\d.e−-]+)/)[1]);
    assert.ok(lr < 0.1, `the plateau never reduced the rate (lr = ${lr})`);
    // Removing the element stops its listeners without errors.
    await page.evaluate(() => document.querySelector('#a').remove());
    if (SHOTS) await screenshot(page, 'schedule-fixture');
    assertNoErrors(errors);
  });
  fs.rmSync(dir, { recursive: true, force: true });
});
