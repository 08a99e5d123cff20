// <descent-surface> and <descent-schedule> speak the page's language: Chinese on a page (or in a container) whose
// lang starts with "zh", English elsewhere. Headless Chromium under the strict CSP, pages served from memory
// (page.route) next to www/, as in surface.test.mjs.
//
// Checked in Chinese: the main labels and buttons, aria labels and tooltips, the status line, a bad attribute's
// message, a core error (English detail behind a Chinese lead-in), a typo in a typed function, divergence, a
// slider's range error, the log-scale chart title; and no stray English words in what a reader sees or hears (config
// names, optimizer and schedule types excepted). In English: the same places keep their English text.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { before, describe, test } from 'node:test';
import { STRICT_CSP } from '../../scripts/serve.mjs';
import { REPO_ROOT, WWW, assertNoErrors, screenshot, serve, withPage } from './harness.mjs';

let base = '';

before(async () => {
  assert.ok(fs.existsSync(path.join(WWW, 'pkg', 'lite', 'descent.js')), 'www/pkg/lite is missing: run npm run build');
  if (!fs.existsSync(path.join(WWW, 'vendor', 'katex', 'katex.mjs'))) {
    execFileSync(process.execPath, [path.join(REPO_ROOT, 'scripts', 'copy-vendor.mjs')], { stdio: 'ignore' });
  }
  base = (await serve()).url;
});

/** A test page in `lang` with `body`, loading www/descent.js, under the strict CSP. */
async function openFixture(page, lang, body) {
  const html = `<!doctype html><html lang="${lang}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><link rel="icon" href="data:,">
<title>fixture</title><script type="module" src="/descent.js"></script></head>
<body style="margin:0;padding:8px">${body}</body></html>`;
  await page.route(`${base}fixture.html`, (route) =>
    route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', headers: { 'Content-Security-Policy': STRICT_CSP }, body: html }),
  );
  await page.goto(`${base}fixture.html`);
}

/** Wait until the <descent-surface> matching `sel` has simulated and drawn (and its charts and formula settled). */
async function surfaceReady(page, sel = 'descent-surface') {
  await page.locator(sel).scrollIntoViewIfNeeded();
  await page.waitForFunction(
    (s) => {
      const el = document.querySelector(s);
      return el?.runs?.length > 0 && el.perf.count.render >= 1 && el.perf.count.charts >= 1;
    },
    sel,
    { timeout: 20_000 },
  );
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
}

/** Wait until the <descent-schedule> matching `sel` shows its readout. */
async function scheduleReady(page, sel) {
  await page.locator(sel).scrollIntoViewIfNeeded();
  await page.waitForFunction((s) => /lr = /.test(document.querySelector(s)?.shadowRoot?.querySelector('.readout')?.textContent ?? ''), sel, {
    timeout: 20_000,
  });
}

/** Text of the node matching `inner` in the shadow root of the element matching `sel`. */
function shadowText(page, sel, inner) {
  return page.evaluate(([s, i]) => document.querySelector(s).shadowRoot.querySelector(i)?.textContent ?? null, [sel, inner]);
}

function shadowAttr(page, sel, inner, name) {
  return page.evaluate(([s, i, n]) => document.querySelector(s).shadowRoot.querySelector(i)?.getAttribute(n) ?? null, [sel, inner, name]);
}

/**
 * Every piece of text a reader sees or hears in an element's shadow root: text nodes outside formulas, and the
 * aria-label, aria-roledescription, aria-valuetext, title and placeholder attributes.
 */
function readerText(page, sel) {
  return page.evaluate((s) => {
    const root = document.querySelector(s).shadowRoot;
    const out = [];
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const p = n.parentElement;
      if (!p || p.closest('.katex, .tex, .formula, style, option:not(:checked), textarea, pre, code, .config')) continue;
      const text = n.textContent.trim();
      if (text) out.push(text);
    }
    for (const el of root.querySelectorAll('*')) {
      for (const a of ['aria-label', 'aria-roledescription', 'aria-valuetext', 'title', 'placeholder']) {
        const v = el.getAttribute(a);
        if (v) out.push(v);
      }
    }
    return out;
  }, sel);
}

/** Words that stay in English on Chinese pages: config names and values, types, symbols, units. */
const IDENTIFIERS = new Set(
  (
    'SGD Adagrad RMSprop Adam AdamW AMSGrad Nesterov lr momentum dampening weight_decay eps maximize nesterov betas ' +
    'bias_correction amsgrad lr_decay initial_accumulator_value alpha centered StepLR ExponentialDecay steps base ' +
    'step_size gamma drop KaTeX WebAssembly Ctrl Shift sin cos tan exp log sqrt abs tanh pi x_min x_max y_min y_max ' +
    'Rosenbrock Beale Himmelblau Booth optimizer'
  ).split(' '),
);

/** The English words (three letters or more) left in `texts` that are not config names or the like. */
function strayEnglish(texts) {
  const stray = new Set();
  for (const text of texts) {
    // The core's English detail after a Chinese lead-in is meant to stay: skip the text after "：" in messages.
    const checked = text.replace(/(配置有误|函数表达式有误|曲面配置有误)：.*$/s, '');
    for (const w of checked.match(/(?<![\w.])[A-Za-z_][A-Za-z_\d]{2,}/g) ?? []) if (!IDENTIFIERS.has(w)) stray.add(w);
  }
  return [...stray];
}

const SURFACE = `<descent-surface id="s" surface="quadratic" steps="abc" start="-3.5,2"
  runs='[{"type":"SGD","lr":0.02,"momentum":0.9},{"type":"Adam","lr":0.1,"betas":[0.9,1.5]},{"type":"SGD","lr":2}]'></descent-surface>`;
const SCHEDULES = `
<descent-schedule id="a" schedule='{"type":"StepLR","step_size":30,"gamma":0.5}' base-lr="0.1" steps="120" controls="step_size,gamma" step="42"></descent-schedule>
<descent-schedule id="bad" schedule='{"type":"StepLR","step_size":0}'></descent-schedule>
<descent-schedule id="json" schedule='{"type":'></descent-schedule>
<descent-schedule id="sub" schedule='{"type":"StepLR","step_size":10,"gamma":0.7}' steps="80" subtractive='{"drop":0.02,"n":10}' step="55"></descent-schedule>`;

describe('<descent-surface> and <descent-schedule> in Chinese and English', { timeout: 120_000 }, () => {
  test('on a zh-CN page: Chinese labels, buttons, status, messages and announcements', async () => {
    await withPage(async (page, errors) => {
      await openFixture(page, 'zh-CN', SURFACE + SCHEDULES);
      await surfaceReady(page, '#s');
      const text = (inner) => shadowText(page, '#s', inner);
      const attr = (inner, name) => shadowAttr(page, '#s', inner, name);

      // Labels and buttons.
      assert.equal(await text('label[for=surface]'), '曲面');
      assert.equal(await text('label[for=scale]'), '色阶');
      assert.equal(await text('#play'), '播放');
      assert.equal(await text('#reset'), '重置');
      assert.equal(await text('#reset-view'), '重置视图');
      assert.equal(await text('#pan'), '平移');
      assert.equal(await text('#runs-h'), '轨迹');
      assert.equal(await text('#add-run'), '+ 添加轨迹');
      assert.equal(await text('#copy-link'), '复制链接');
      assert.equal(await text('#surface option[value=quadratic]'), '二次碗形');
      assert.equal(await text('#scale option[value=log]'), '对数尺度');
      assert.equal(await attr('#zoom-in', 'aria-label'), '放大');
      assert.equal(await attr('#reset', 'title'), '回到第 0 步');
      assert.equal(await attr('.transport', 'aria-label'), '播放控制');
      assert.equal(await attr('.figure', 'aria-label'), '损失曲面：二次碗形');
      assert.equal(await text('#editor-h'), '轨迹 1');
      assert.match(await text('.editor-body'), /优化器/);
      assert.match(await text('.editor-body'), /学习率 η（lr）/);
      assert.match(await text('.editor-body'), /学习率调度/);
      assert.match(await text('#formula-h'), /^更新规则 · 轨迹 1（SGD）$/);
      assert.match(await text('.formula-caption'), /^第 0 步是起点；下面显示的是第 t = 1 次更新/);

      // The status line and what a screen reader hears.
      assert.match(await text('#status'), /^SGD，第 0\/300 步，损失 \d/);
      assert.match(await text('.legend'), /第 0 步损失/);

      // A bad attribute (steps="abc"), and a field the core rejects (betas[1] = 1.5): Chinese lead-in, English detail.
      const messages = await text('.messages');
      assert.match(messages, /属性 steps="abc" 无效：应为 1 到 5000 之间的整数；已改用默认值 300/);
      assert.match(messages, /轨迹 2：配置有误：optimizer\.betas\[1\] = 1\.5 is not allowed: .*；已改用 betas 的默认值/);
      assert.equal(await attr('.message button', 'aria-label'), '关闭此提示');

      // Divergence (run 3, lr = 2 on the bowl), at the last step.
      await page.evaluate(() => document.querySelector('#s').setAttribute('step', '300'));
      await page.waitForFunction(() => /发散/.test(document.querySelector('#s').shadowRoot.querySelector('.legend').textContent));
      assert.match(await text('.legend'), /第 \d+ 步发散：/);

      // Play and pause.
      await page.locator('#s #play').click();
      assert.equal(await text('#play'), '暂停');
      await page.locator('#s #play').click();
      assert.equal(await text('#play'), '播放');

      // A slider's typed value out of range: the shared slider's message, in Chinese.
      const lrText = page.locator('#s .editor-body .slider').first().locator('input.slider-text');
      assert.equal(await lrText.getAttribute('aria-label'), '学习率 η（lr）（输入数值）');
      await lrText.fill('-1');
      await lrText.press('Enter');
      await page.waitForFunction(() => /应为/.test(document.querySelector('#s').shadowRoot.querySelector('.editor-body .slider-error').textContent));
      assert.equal(await page.locator('#s .editor-body .slider-error').first().textContent(), '应为 > 0 且 ≤ 1000 的数');
      await lrText.press('Escape');

      // Nothing a reader sees or hears is left in English (config names and the core's detail excepted).
      const stray = strayEnglish(await readerText(page, '#s'));
      assert.deepEqual(stray, [], `English words on the Chinese page: ${stray.join(', ')}`);

      // A typo in a typed function.
      await page.selectOption('#s #surface', 'custom');
      const expr = page.locator('#s #expr');
      await expr.fill('x^2 + )');
      await expr.press('Enter');
      await page.waitForFunction(() => document.querySelector('#s').shadowRoot.querySelector('#expr-error').textContent.length > 0);
      assert.match(await text('#expr-error'), /^无法解析这个函数（第 7 个字符处）：/);
      assert.match(await text('#expr-help'), /^可用 /);
      assert.equal(await text('#expr-apply'), '应用');

      // <descent-schedule>.
      await scheduleReady(page, '#a');
      assert.equal(await shadowText(page, '#a', '.readout'), '第 42 步：lr = 0.05');
      assert.match(await shadowText(page, '#a', '.controls'), /衰减间隔 step_size/);
      assert.match(await shadowText(page, '#a', '.controls'), /衰减因子 gamma/);
      assert.equal(await shadowText(page, '#a', '.copy-embed'), '复制嵌入代码');
      assert.match(await shadowAttr(page, '#a', 'canvas.chart', 'aria-label'), /^StepLR 的学习率随步数的变化/);
      assert.match(await shadowAttr(page, '#a', 'input.slider-text', 'aria-label'), /（输入数值）$/);
      const schedStray = strayEnglish(await readerText(page, '#a'));
      assert.deepEqual(schedStray, [], `English words in the Chinese schedule: ${schedStray.join(', ')}`);
      await page.locator('#bad').scrollIntoViewIfNeeded();
      await page.waitForFunction(() => document.querySelector('#bad').shadowRoot.querySelector('.message').textContent.length > 0);
      assert.match(await shadowText(page, '#bad', '.message'), /^配置有误：.*step_size/);
      await page.locator('#json').scrollIntoViewIfNeeded();
      await page.waitForFunction(() => document.querySelector('#json').shadowRoot.querySelector('.message').textContent.length > 0);
      assert.match(await shadowText(page, '#json', '.message'), /^配置有误：schedule：不是有效的 JSON/);
      await scheduleReady(page, '#sub');
      assert.match(await shadowText(page, '#sub', '.legend li.sub'), /并非任何框架自带的调度；在第 50 步降到零或以下/);

      if (process.env.DESCENT_SHOTS) await screenshot(page, 'i18n-zh');
      assertNoErrors(errors);
    });
  });

  test('on an English page: the same places stay English', async () => {
    await withPage(async (page, errors) => {
      await openFixture(page, 'en', SURFACE + SCHEDULES);
      await surfaceReady(page, '#s');
      const text = (inner) => shadowText(page, '#s', inner);
      assert.equal(await text('label[for=surface]'), 'Surface');
      assert.equal(await text('label[for=scale]'), 'Colours');
      assert.equal(await text('#play'), 'Play');
      assert.equal(await text('#reset-view'), 'Reset view');
      assert.equal(await text('#add-run'), '+ Add run');
      assert.equal(await text('#surface option[value=quadratic]'), 'Quadratic bowl');
      assert.equal(await shadowAttr(page, '#s', '#zoom-in', 'aria-label'), 'Zoom in');
      assert.equal(await shadowAttr(page, '#s', '.figure', 'aria-label'), 'Loss surface: Quadratic bowl');
      assert.equal(await text('#editor-h'), 'Run 1');
      assert.match(await text('.editor-body'), /learning rate η/);
      assert.match(await text('.formula-caption'), /^Step 0 is the start point; shown: the first update, update t = 1 \(from step 0 to 1\)/);
      assert.match(await text('#status'), /^SGD, step 0 of 300, loss \d/);
      const messages = await text('.messages');
      assert.match(messages, /steps="abc" is not allowed: expected a whole number from 1 to 5000; using the default \(300\)/);
      assert.match(messages, /run 2: optimizer\.betas\[1\] = 1\.5 is not allowed.*; using the default betas/);
      const lrText = page.locator('#s .editor-body .slider').first().locator('input.slider-text');
      assert.equal(await lrText.getAttribute('aria-label'), 'learning rate η (type a value)');

      await scheduleReady(page, '#a');
      assert.equal(await shadowText(page, '#a', '.readout'), 'step 42: lr = 0.05');
      assert.equal(await shadowText(page, '#a', '.copy-embed'), 'Copy embed code');
      assert.doesNotMatch(await shadowText(page, '#a', '.controls'), /[\u4e00-\u9fff]/);
      await page.locator('#json').scrollIntoViewIfNeeded();
      await page.waitForFunction(() => document.querySelector('#json').shadowRoot.querySelector('.message').textContent.length > 0);
      assert.match(await shadowText(page, '#json', '.message'), /^This configuration is not valid: schedule: not valid JSON/);
      assertNoErrors(errors);
    });
  });

  test('an element made by script reads the language where it connects (a zh container on an English page)', async () => {
    await withPage(async (page, errors) => {
      await openFixture(page, 'en', '<div id="box" lang="zh-Hans"></div>');
      // Defined first, so that the elements are constructed outside the page (in no language) and learn it on connecting.
      await page.evaluate(async () => {
        const { define } = await import('/descent.js');
        await Promise.all([define('descent-surface'), define('descent-schedule')]);
        const s = document.createElement('descent-surface');
        s.id = 'made';
        s.setAttribute('steps', '50');
        const d = document.createElement('descent-schedule');
        d.id = 'made-schedule';
        document.querySelector('#box').append(s, d);
      });
      await surfaceReady(page, '#made');
      assert.equal(await shadowText(page, '#made', '#play'), '播放');
      assert.equal(await shadowText(page, '#made', 'label[for=surface]'), '曲面');
      assert.match(await shadowText(page, '#made', '#status'), /^SGD，第 0\/50 步/);
      await scheduleReady(page, '#made-schedule');
      assert.match(await shadowText(page, '#made-schedule', '.readout'), /^第 0 步：lr = /);
      assertNoErrors(errors);
    });
  });
});
