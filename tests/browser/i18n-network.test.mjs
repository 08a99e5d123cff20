// <descent-network> speaks the page's language: on a zh-CN page its labels, buttons, legends, status lines, CSV
// report and messages are Chinese (config names, values and the core's own messages stay as they are, behind a
// Chinese lead-in); on an English page, or inside an element marked lang="en", it stays English. Headless Chromium,
// strict CSP, as in network.test.mjs.
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { STRICT_CSP } from '../../scripts/serve.mjs';
import { assertNoErrors, screenshot, serve, withPage } from './harness.mjs';

let base = '';

before(async () => {
  base = (await serve()).url;
});

/** A test page in `lang` with `body`, loading www/descent.js, under the strict CSP. */
async function openFixture(page, body, lang = 'zh-CN') {
  const html = `<!doctype html><html lang="${lang}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><link rel="icon" href="data:,">
<title>fixture</title><script type="module" src="/descent.js"></script></head>
<body style="margin:0;padding:8px">${body}</body></html>`;
  await page.route(`${base}fixture.html`, (route) =>
    route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', headers: { 'Content-Security-Policy': STRICT_CSP }, body: html }),
  );
  await page.goto(`${base}fixture.html`);
}

async function settle(page) {
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => requestAnimationFrame(r)))));
}

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

function shadow(page, inner, sel = 'descent-network', prop = 'textContent') {
  return page.evaluate(([s, i, p]) => document.querySelector(s).shadowRoot.querySelector(i)?.[p] ?? null, [sel, inner, prop]);
}

/** Every text a user can read or hear in the element: text nodes, and aria-label / title / placeholder values. */
function readableText(page, sel = 'descent-network') {
  return page.evaluate((s) => {
    const root = document.querySelector(s).shadowRoot;
    const out = [];
    const walk = (node) => {
      for (const child of node.childNodes) {
        if (child.nodeType === Node.TEXT_NODE) {
          if (child.parentElement?.closest('textarea, style')) continue;
          const text = child.textContent.trim();
          if (text) out.push(text);
        } else if (child.nodeType === Node.ELEMENT_NODE) {
          for (const a of ['aria-label', 'title', 'placeholder', 'aria-roledescription']) {
            const v = child.getAttribute(a);
            if (v) out.push(v);
          }
          walk(child);
        }
      }
    };
    walk(root);
    return out;
  }, sel);
}

/**
 * Latin words allowed in the Chinese interface: config names and values, optimizer and schedule classes, the names
 * of activations and initializations, formula symbols, file formats and key names.
 */
const ALLOWED_LATIN = new Set([
  'SGD', 'Adagrad', 'RMSprop', 'Adam', 'AdamW', 'AMSGrad', 'Nesterov', 'ReLU', 'Leaky', 'tanh', 'sigmoid', 'Xavier',
  'Glorot', 'He', 'Kaiming', 'BatchNorm1d', 'CSV', 'JSON', 'MSE', 'L1', 'L2', 'lr_decay', 'centered', 'sign', 'label',
  'true', 'false', 'none', 'Ctrl', 'WebAssembly', 'weight_decay', 'sin', 'sin_x', 'sin_y', 'patience', 'min_delta', 'xy', 'x2', 'y2',
  'StepLR', 'MultiStepLR', 'ConstantLR', 'LinearLR', 'ExponentialLR', 'PolynomialLR', 'CosineAnnealingLR',
  'CosineAnnealingWarmRestarts', 'CyclicLR', 'OneCycleLR', 'SequentialLR', 'ReduceLROnPlateau', 'ExponentialDecay',
  'InverseTimeDecay', 'PiecewiseConstantDecay', 'PolynomialDecay', 'CosineDecay', 'CosineDecayRestarts',
]);

/** Latin words of three or more letters in `texts` that are not in the allowed list. */
function englishLeft(texts) {
  const words = new Set();
  for (const t of texts) for (const w of t.match(/[A-Za-z][A-Za-z0-9_]{2,}/g) ?? []) if (!ALLOWED_LATIN.has(w)) words.add(w);
  return [...words];
}

describe('<descent-network> in Chinese', () => {
  test('a zh-CN page: labels, buttons, legends, metrics, status and the confusion matrix are Chinese', async () => {
    await withPage(async (page, errors) => {
      await openFixture(page, `<descent-network dataset="spiral" n_samples="200" layers="6" features="x,y,sin_x,sin_y"
        optimizer='{"type":"Adam","lr":0.03}' early_stopping='{"patience":50}' seed="1"></descent-network>`);
      await ready(page);
      assert.equal(await shadow(page, '#play'), '训练');
      assert.equal(await shadow(page, '#reset'), '重置');
      assert.equal(await shadow(page, '#step'), '单步');
      assert.equal(await shadow(page, '#step', 'descent-network', 'title'), '训练一轮');
      assert.equal(await shadow(page, '#status'), '点“训练”开始。');
      assert.equal(await shadow(page, '#data-h'), '数据');
      assert.equal(await shadow(page, '#model-h'), '模型');
      assert.equal(await shadow(page, '#confusion-h'), '混淆矩阵');
      assert.equal(await shadow(page, 'label[for="dataset"]'), '数据集');
      assert.equal(await shadow(page, 'label[for="activation"]'), '激活函数');
      assert.equal(await shadow(page, 'label[for="optimizer-type"]'), '优化器');
      const options = await page.evaluate(() => [...document.querySelector('descent-network').shadowRoot.querySelectorAll('#dataset option')].map((o) => [o.value, o.textContent]));
      assert.deepEqual(options.find(([v]) => v === 'spiral'), ['spiral', '螺旋']);
      assert.deepEqual(options.find(([v]) => v === 'xor'), ['xor', '异或']);
      // Identifiers stay: the optimizer classes and the activation's name.
      assert.equal(await page.evaluate(() => document.querySelector('descent-network').shadowRoot.querySelector('#optimizer-type').selectedOptions[0].textContent), 'Adam');
      assert.match(await shadow(page, '.optimizer-knobs'), /学习率 η/);
      assert.match(await shadow(page, 'table.metrics thead'), /行数.*损失.*准确率/);
      assert.match(await shadow(page, 'table.metrics tbody'), /训练集[^]*验证集[^]*测试集/);
      assert.match(await shadow(page, '.legend'), /类别 0.*类别 1.*训练集.*验证集.*测试集/);
      assert.match(await page.locator('descent-network').getByRole('radio', { name: '添加点' }).getAttribute('aria-checked'), /false/);
      await page.locator('descent-network').getByRole('button', { name: '第 1 层增加一个神经元' }).waitFor();

      // Train: the status line, the curves' legend and the confusion caption.
      await page.evaluate(() => document.querySelector('descent-network').step(30));
      await settle(page);
      assert.equal(await shadow(page, '#epoch-count'), '30');
      assert.match(await shadow(page, '#status'), /^学习率 0\.03 · 已更新 \d+ 次$/);
      const legend = await shadow(page, '#chart-legend');
      assert.match(legend, /训练集.*验证集.*测试集/);
      assert.match(legend, /│ 目前最佳：第 \d+ 轮/);
      assert.match(await shadow(page, '.confusion caption'), /^行：真实类别；列：预测类别（测试集，共 40 行）。$/);
      assert.match(await shadow(page, '#loss-chart', 'descent-network', 'ariaLabel'), /^每轮损失，第 30 轮：训练集 [\d.]+，验证集 [\d.]+，测试集 [\d.]+$/);

      // Nothing English is left but config names and identifiers.
      const left = englishLeft(await readableText(page));
      assert.deepEqual(left, [], `English words left in the Chinese interface: ${left.join(', ')}`);

      // Other states: regression data, every regularizer, batch norm, a schedule, the add-points mode, the
      // optimizers' knobs, a point added and a row removed.
      for (const [name, value] of [['optimizer', '{"type":"AdamW","lr":0.01}'], ['l1', '0.001'], ['l2', '0.01'], ['batch_norm', ''],
        ['schedule', '{"type":"StepLR","step_size":10}'], ['dataset', 'sine'], ['points', '1,1,0.5'], ['removed', '3']]) {
        await page.evaluate(([n, v]) => document.querySelector('descent-network').setAttribute(n, v), [name, value]);
      }
      await page.locator('descent-network').getByRole('radio', { name: '添加点' }).click();
      await page.evaluate(() => document.querySelector('descent-network').step(5));
      await settle(page);
      assert.match(await shadow(page, '#reg-note'), /^惩罚项 λ₁‖w‖₁ \+ λ₂‖w‖² 加在损失上.*AdamW 的衰减是解耦的/);
      assert.match(await shadow(page, '.edits-text'), /^已添加 1 个点，已删除 1 个点$/);
      const texts = await readableText(page);
      for (const type of ['SGD', 'Adagrad', 'RMSprop']) {
        await page.locator('descent-network').locator('#optimizer-type').selectOption(type);
        texts.push(...await readableText(page));
      }
      const left2 = englishLeft(texts);
      assert.deepEqual(left2, [], `English words left in the Chinese interface: ${left2.join(', ')}`);
      assertNoErrors(errors);
    });
  });

  test('early stopping and divergence are reported in Chinese', async () => {
    await withPage(async (page, errors) => {
      await openFixture(page, `<descent-network id="es" dataset="gauss" noise="0.5" n_samples="200" layers="8" speed="1200"
        optimizer='{"type":"SGD","lr":1}' early_stopping='{"patience":3,"restore_best_weights":true}' seed="2"></descent-network>
        <descent-network id="boom" dataset="circle" layers="4" optimizer='{"type":"SGD","lr":900}' loss="mse"></descent-network>`);
      await ready(page, '#es');
      const stopped = page.evaluate(() => new Promise((resolve) => {
        document.querySelector('#es').addEventListener('descent-stop', (e) => resolve(e.detail), { once: true });
      }));
      await page.evaluate(() => document.querySelector('#es').play());
      const d = await stopped;
      await settle(page);
      assert.match(await shadow(page, '#chart-legend', '#es'), new RegExp(`│ 最佳：第 ${d.best_epoch} 轮 · × 第 ${d.epoch} 轮后停止（已恢复最佳权重）`));
      assert.equal(await shadow(page, '#status', '#es'),
        `第 ${d.epoch} 轮后早停：自第 ${d.best_epoch} 轮起没有改进，已恢复那一轮的权重。修改任一设置即可继续训练。`);
      assert.match(await page.evaluate(() => document.querySelector('#es').shadowRoot.querySelector('#live').textContent), /^第 \d+ 轮：训练损失 [\d.]+，验证损失/);

      await page.locator('#boom').scrollIntoViewIfNeeded();
      await ready(page, '#boom');
      await page.evaluate(() => document.querySelector('#boom').step(50));
      await settle(page);
      const h = await page.evaluate(() => document.querySelector('#boom').history);
      assert.equal(h.stop?.reason, 'diverged', 'lr = 900 diverges');
      assert.match(await shadow(page, '#status', '#boom'), new RegExp(`^第 ${h.stop.epoch} 轮（第 ${h.stop.step} 次更新）发散：损失已不是有限数。请调低学习率，再点“重置”。$`));
      assert.match(await shadow(page, '#chart-legend', '#boom'), new RegExp(`× 第 ${h.stop.epoch} 轮发散（损失不是有限数）`));
      assertNoErrors(errors);
    });
  });

  test('CSV with bad lines: the report is Chinese, each line\'s reason from the core kept', async () => {
    await withPage(async (page, errors) => {
      await openFixture(page, '<descent-network layers="4"></descent-network>');
      await ready(page);
      const el = page.locator('descent-network');
      await el.locator('summary').click();
      assert.equal(await el.locator('summary').textContent(), '粘贴自己的数据（CSV）');
      assert.equal(await el.locator('#csv-load').textContent(), '载入');
      const text = ['x,y,label', '1,1,1', '-1,-1,0', '2,oops,1', '-2,-2,0', '3,3', '2.5,2,1', '1,2,inf', '-3,-1,0'].join('\n');
      await el.locator('#csv-text').fill(text);
      await el.locator('#csv-load').click();
      await settle(page);
      const items = await page.evaluate(() => [...document.querySelector('descent-network').shadowRoot.querySelectorAll('#csv-errors div, #csv-errors li')].map((n) => n.textContent));
      assert.deepEqual(items, [
        '已载入 5 行。跳过了 3 行：',
        '第 4 行：y is not a number: "oops"',
        '第 6 行：expected 3 values (x,y,label), found 2',
        '第 8 行：label is not finite: "inf"',
      ]);
      // Nothing usable: the core's message behind a Chinese lead-in.
      await el.locator('#csv-text').fill('a,b\nnot,numbers,here');
      await el.locator('#csv-load').click();
      await settle(page);
      assert.match(await shadow(page, '#csv-errors'), /^CSV 数据有误：csv = text with 0 usable rows.*。这次改动没有生效。$/);
      assertNoErrors(errors);
    });
  });

  test('bad attributes, a rejected change and a bad typed value: Chinese messages around the names and values', async () => {
    await withPage(async (page, errors) => {
      await openFixture(page, `<descent-network layers="4,99" batch_size="abc" activation="softmax"
        optimizer='{"type":"Adam","lr":0.05,"betas":[0.9,1.5]}'></descent-network>`);
      await ready(page);
      const messages = () => page.evaluate(() => [...document.querySelector('descent-network').shadowRoot.querySelectorAll('.message span')].map((m) => m.textContent));
      const list = await messages();
      assert.ok(list.includes('属性 batch_size="abc" 无效：应为 1 到 1024 之间的整数；已改用默认值（10）'), list.join('\n'));
      assert.ok(list.includes('属性 layers="4,99" 无效：应为 0 到 6 个用逗号分隔的层宽（每层 1 到 16），例如 4,2（或 none）；已改用默认值（4,2）'), list.join('\n'));
      assert.ok(list.includes('属性 activation="softmax" 无效：应为以下之一："relu", "leaky_relu", "tanh", "sigmoid", "linear"；已改用默认值（tanh）'), list.join('\n'));
      assert.ok(list.some((m) => /^配置有误：optimizer\.betas\[1\] = 1\.5 is not allowed: .*；已改用默认的 optimizer\.betas$/.test(m)), list.join('\n'));
      assert.equal(await page.locator('descent-network').locator('.message button').first().getAttribute('aria-label'), '关闭这条消息');
      // A typed value out of range: the slider's own check, worded in Chinese.
      const box = page.locator('descent-network').locator('.batch .slider-text');
      assert.equal(await box.getAttribute('aria-label'), '批大小（输入数值）');
      await box.fill('0');
      await box.press('Enter');
      assert.equal(await shadow(page, '.batch .slider-error'), '应为 ≥ 1 且 ≤ 1024 的整数');
      // A change the core rejects is undone and explained.
      await page.locator('descent-network').locator('#schedule-type').selectOption('StepLR');
      await page.locator('descent-network').locator('#schedule-json').fill('{"type":"StepLR","step_size":-3}');
      await page.locator('descent-network').locator('#schedule-apply').click();
      await settle(page);
      assert.match(await shadow(page, '#schedule-error'), /^配置有误：schedule\.step_size = -3 is not allowed.*。这次改动没有生效。$/);
      await page.locator('descent-network').locator('#schedule-json').fill('{"step_size":3}');
      await page.locator('descent-network').locator('#schedule-apply').click();
      assert.match(await shadow(page, '#schedule-error'), /^应为 "none" 或带 "type"（StepLR, .*）的 JSON 对象，例如 /);
      assertNoErrors(errors);
    });
  });

  test('the language comes from the nearest lang attribute; an English page stays English', async () => {
    await withPage(async (page, errors) => {
      await openFixture(page, `<div lang="zh-Hans"><descent-network id="zh" layers="3"></descent-network></div>
        <descent-network id="en" lang="en" layers="3"></descent-network>`, 'en');
      await ready(page, '#zh');
      await page.locator('#en').scrollIntoViewIfNeeded();
      await ready(page, '#en');
      assert.equal(await shadow(page, '#play', '#zh'), '训练');
      assert.equal(await shadow(page, '#play', '#en'), 'Train');
      assert.equal(await shadow(page, 'label[for="dataset"]', '#en'), 'Data set');
      assert.match(await shadow(page, '.legend', '#en'), /class 0.*class 1.*training.*validation.*test/);
      assert.equal(await shadow(page, '#status', '#en'), 'Press Train to start.');
      await page.evaluate(() => document.querySelector('#en').step(3));
      await settle(page);
      assert.match(await shadow(page, '#chart-legend', '#en'), /training.*validation.*test/);
      assert.match(await shadow(page, '#status', '#en'), /^learning rate 0\.03 · \d+ updates$/);
      assertNoErrors(errors);
    });
  });

  test('an element made by script on a Chinese page, and a screenshot at 375 px', async (t) => {
    await withPage(async (page, errors) => {
      await openFixture(page, '<main id="host"></main>');
      await page.evaluate(() => {
        const el = document.createElement('descent-network');
        el.setAttribute('dataset', 'moons');
        el.setAttribute('layers', '6,4');
        el.setAttribute('early_stopping', '{"patience":10}');
        document.querySelector('#host').append(el);
      });
      await ready(page);
      assert.equal(await shadow(page, '#play'), '训练');
      await page.evaluate(() => document.querySelector('descent-network').step(20));
      await settle(page);
      const tooWide = await page.evaluate(() => {
        const root = document.querySelector('descent-network').shadowRoot;
        const host = document.querySelector('descent-network').getBoundingClientRect();
        return [...root.querySelectorAll('button, label, select, legend, h3, .status, summary')]
          .filter((n) => n.offsetParent !== null && !n.closest('.visually-hidden'))
          .filter((n) => n.getBoundingClientRect().right > host.right + 0.5 || n.scrollWidth > n.clientWidth + 1 && getComputedStyle(n).overflow !== 'visible')
          .map((n) => `${n.tagName} ${n.id || n.className}: ${n.textContent.trim().slice(0, 30)}`);
      });
      assert.deepEqual(tooWide, [], 'controls wider than the element');
      t.diagnostic(await screenshot(page, 'network-zh-375'));
      assertNoErrors(errors);
    }, { width: 375, height: 800 });
  });
});
