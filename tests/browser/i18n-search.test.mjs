// <descent-search> and <descent-batchnorm> speak the page's language (shared/i18n.js's languageOf: the nearest
// `lang`): Chinese on a zh page (labels, buttons, tabs, legends, status lines, table headings, the text drawn on
// the canvases, messages for bad input, the core's errors behind a Chinese lead-in), English as before on an
// English page. Under the strict CSP, in headless Chromium.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { before, describe, test } from 'node:test';
import { STRICT_CSP } from '../../scripts/serve.mjs';
import { WWW, assertNoErrors, serve, withPage } from './harness.mjs';

let base = '';

before(async () => {
  const glue = path.join(WWW, 'pkg', 'descent.js');
  assert.ok(fs.existsSync(glue), `${glue} is missing: run npm run build`);
  base = (await serve()).url;
});

/** Record every string drawn with fillText on a 2-D canvas (window.__drawn), before any page script runs. */
const RECORD_CANVAS_TEXT = () => {
  window.__drawn = [];
  const fillText = CanvasRenderingContext2D.prototype.fillText;
  CanvasRenderingContext2D.prototype.fillText = function (text, ...rest) {
    window.__drawn.push(String(text));
    return fillText.call(this, text, ...rest);
  };
};

/** A test page in `lang` with `body`, loading www/descent.js, served under the strict CSP. */
async function openFixture(page, lang, body) {
  const html = `<!doctype html><html lang="${lang}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><link rel="icon" href="data:,">
<title>fixture</title><script type="module" src="/descent.js"></script></head>
<body style="margin:0;padding:8px">${body}</body></html>`;
  const name = `fixture-${lang}.html`;
  await page.route(`${base}${name}`, (route) =>
    route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', headers: { 'Content-Security-Policy': STRICT_CSP }, body: html }),
  );
  await page.addInitScript(RECORD_CANVAS_TEXT);
  await page.goto(`${base}${name}`);
}

async function settle(page) {
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => requestAnimationFrame(r)))));
}

/** Scroll a <descent-search> into view and wait until it has drawn and replayed its link's trials. */
async function searchReady(page, sel) {
  await page.evaluate((s) => document.querySelector(s).scrollIntoView(), sel);
  await page.waitForFunction((s) => {
    const el = document.querySelector(s);
    return el.perf?.count?.panels >= 1 && el.perf?.count?.chart >= 1 && !el.replaying;
  }, sel, { timeout: 30_000 });
  await settle(page);
}

/** Texts of a search element's shadow DOM: `{ id: textContent }` and a few attributes. */
function searchTexts(page, sel) {
  return page.evaluate((s) => {
    const root = document.querySelector(s).shadowRoot;
    const text = (q) => root.querySelector(q)?.textContent.replace(/\s+/g, ' ').trim() ?? null;
    const attr = (q, a) => root.querySelector(q)?.getAttribute(a) ?? null;
    return {
      tabSearch: text('#tab-search'),
      tabHd: text('#tab-hd'),
      objectiveLabel: text('label[for=objective]'),
      objectiveOption: text('#objective option[value=branin]'),
      reset: text('#reset'),
      step: text('#step'),
      play: text('#play'),
      runAll: text('#run-all'),
      stepTitle: attr('#step', 'title'),
      transportAria: attr('.transport', 'aria-label'),
      seed: text('label[for=seed]'),
      methods: [...root.querySelectorAll('fieldset.methods label')].map((l) => l.textContent.trim()),
      progress: text('#progress'),
      status: text('#status'),
      live: text('#live'),
      caption: text('table.summary caption'),
      head: [...root.querySelectorAll('#summary-head th')].map((th) => th.textContent),
      body: text('#summary-body'),
      chartLegend: text('.chart-legend'),
      bestAria: attr('#c-best', 'aria-label'),
      trialsAria: attr('#c-trials', 'aria-label'),
      legendLine: text('#legend-line'),
      settings: text('#bo-settings summary'),
      acquisition: text('#acquisition option[value=EI]'),
      budgetLabel: [...root.querySelectorAll('.slider-label')].map((l) => l.textContent).find((l) => /Budget|预算/.test(l)) ?? null,
      gpReadout: text('#gp-readout'),
      messages: [...root.querySelectorAll('.message')].map((m) => m.textContent),
      copyLink: text('#copy-link'),
    };
  }, sel);
}

const drawn = (page) => page.evaluate(() => window.__drawn);
const HAN = /[\u4e00-\u9fff]/;

describe('<descent-search> in Chinese and English', () => {
  test('a zh-CN page: labels, buttons, tabs, status, table, legends, canvas titles and messages are Chinese', async () => {
    await withPage(async (page, errors) => {
      await openFixture(page, 'zh-CN', `
        <descent-search id="a" objective="branin" budget="8" trials="3"></descent-search>
        <descent-search id="bad" objective="branin" budget="abc" n_initial="40" kernel='{"type":"RBF","length_scale":0}'></descent-search>`);
      await searchReady(page, '#a');
      const zh = await searchTexts(page, '#a');
      assert.equal(zh.tabSearch, '超参数搜索');
      assert.equal(zh.tabHd, '超梯度下降');
      assert.equal(zh.objectiveLabel, '目标函数');
      assert.equal(zh.objectiveOption, 'Branin，三个极小值（二维）');
      assert.deepEqual([zh.reset, zh.step, zh.play, zh.runAll], ['重置', '单步', '播放', '运行到结束']);
      assert.equal(zh.stepTitle, '每种方法各做一次试验');
      assert.equal(zh.transportAria, '搜索控制');
      assert.equal(zh.seed, '随机种子');
      assert.deepEqual(zh.methods, ['网格', '随机', '贝叶斯优化']);
      assert.equal(zh.progress, '3 / 8 步');
      assert.match(zh.status, /^第 3 \/ 8 步。迄今最好：网格 [\d.−-]+ · 随机 [\d.−-]+ · 贝叶斯优化 [\d.−-]+。$/);
      assert.equal(zh.caption, '已用预算');
      assert.deepEqual(zh.head, ['方法', '试验', '最好值', '位置', 'x1 取值数', 'x2 取值数']);
      assert.match(zh.body, /网格3 \/ 4/);
      assert.equal(zh.chartLegend, '网格 随机 贝叶斯优化');
      assert.equal(zh.bestAria, '各方法迄今最好的值随试验次数的变化');
      assert.match(zh.trialsAria, /^网格、随机、贝叶斯优化在 x1 与 x2 上的 9 次试验$/);
      assert.match(zh.legendLine, /^方块：网格 · 三角：随机 · 圆点：贝叶斯优化 · 圆环：最近一次试验 · .*。颜色越深值越低，越浅值越高。/);
      assert.equal(zh.settings, '贝叶斯优化：高斯过程与采集函数');
      assert.equal(zh.acquisition, '期望改进（EI）');
      assert.equal(zh.budgetLabel, '预算（每种方法的试验次数）');
      assert.equal(zh.copyLink, '复制链接');
      assert.equal(zh.messages.length, 0, zh.messages.join('\n'));

      // Text drawn on the canvases: the panel titles and the best-so-far chart's title, no English left.
      const texts = await drawn(page);
      assert.ok(texts.includes('各方法的全部试验，底图为真实目标函数'), texts.join(' | '));
      assert.ok(texts.some((s) => s.startsWith('高斯过程后验均值 μ')), 'posterior mean panel title');
      assert.ok(texts.some((s) => /^截至每次试验的最好值（越低越好）(（对数尺度）)?$/.test(s)), 'best-so-far chart title');
      assert.ok(!texts.some((s) => /log scale|Trials of|posterior|Best value/.test(s)), texts.filter((s) => /[a-z]{4}/.test(s)).join(' | '));

      // The slider's typed value: accessible name and out-of-range message.
      const slider = await page.evaluate(async () => {
        const root = document.querySelector('#a').shadowRoot;
        const box = [...root.querySelectorAll('.slider')].find((s) => s.textContent.includes('预算'));
        const text = box.querySelector('input.slider-text');
        text.value = '999';
        text.dispatchEvent(new Event('change'));
        return { aria: text.getAttribute('aria-label'), error: box.querySelector('.slider-error').textContent };
      });
      assert.equal(slider.aria, '预算（每种方法的试验次数）（输入数值）');
      assert.equal(slider.error, '应为 ≥ 2 且 ≤ 200 的整数');

      // The kernel_spec box: bad JSON, and a kernel the core rejects (its message inside a Chinese lead-in).
      const kernel = await page.evaluate(() => {
        const root = document.querySelector('#a').shadowRoot;
        const box = root.getElementById('kernel-json');
        const out = [];
        box.value = '{oops';
        root.getElementById('kernel-apply').click();
        out.push(root.getElementById('kernel-error').textContent);
        box.value = '{"type":"RBF","length_scale":-1}';
        root.getElementById('kernel-apply').click();
        out.push(root.getElementById('kernel-error').textContent);
        return out;
      });
      assert.match(kernel[0], /^不是有效的 JSON（.+）$/);
      assert.match(kernel[1], /^配置有误：.*length_scale/);

      // Bad attributes and the core's ConfigError.
      await searchReady(page, '#bad');
      const bad = await searchTexts(page, '#bad');
      assert.ok(bad.messages.includes('budget="abc" 无效：应为 2 到 200 之间的整数；已改用默认值（25）'), bad.messages.join('\n'));
      const config = bad.messages.find((m) => m.startsWith('配置有误：'));
      assert.ok(config && /kernel.*length_scale.*not allowed/.test(config), `the core's message behind a Chinese lead-in: ${bad.messages.join('\n')}`);
      assert.ok(bad.messages.every((m) => HAN.test(m)), bad.messages.join('\n'));
      assertNoErrors(errors);
    });
  });

  test('a zh-CN page: the hypergradient tab, a 1-D search, a network search and a script-made element', async () => {
    await withPage(async (page, errors) => {
      await openFixture(page, 'zh-CN', `
        <descent-search id="hd" tab="hypergradient" steps="100"></descent-search>
        <descent-search id="one" objective="forrester" budget="6" n_initial="8"></descent-search>
        <descent-search id="net" space="lr" budget="3" epochs="2" methods="grid,random"></descent-search>
        <div id="host"></div>`);
      await page.evaluate(() => document.querySelector('#hd').scrollIntoView());
      await page.waitForFunction(() => document.querySelector('#hd').perf?.count?.hd >= 1, null, { timeout: 20_000 });
      await settle(page);
      const hd = await page.evaluate(() => {
        const root = document.querySelector('#hd').shadowRoot;
        return {
          status: root.getElementById('hd-status').textContent,
          explain: root.querySelector('.explain').textContent.replace(/\s+/g, ' '),
          surface: root.querySelector('label[for=hd-surface]').textContent,
          legend: root.querySelector('#pane-hd .chart-legend').textContent.replace(/\s+/g, ' ').trim(),
          aria: root.getElementById('c-hd').getAttribute('aria-label'),
        };
      });
      assert.match(hd.status, /^100 步之后：超梯度 f = .+，α 最终为 .+；普通 SGD f = .+，α = 0\.01。/);
      assert.match(hd.explain, /超梯度下降（Baydin 等，2018）/);
      assert.equal(hd.surface, '损失曲面');
      assert.equal(hd.legend, 'SGD + 超梯度下降 普通 SGD（固定 α₀）');
      assert.match(hd.aria, /^二次碗（κ = 10）：/);
      assert.ok((await drawn(page)).some((s) => s.startsWith('学习率 αₜ')));

      await searchReady(page, '#one');
      const one = await searchTexts(page, '#one');
      assert.ok(one.messages.some((m) => m.startsWith('n_initial = 8 超过了预算（6）')), one.messages.join('\n'));
      assert.equal(one.status, '每一步，每种方法各做一次试验。');
      assert.ok((await drawn(page)).some((s) => s.startsWith('按“单步”或“播放”')), 'the empty plot’s note, wrapped between Chinese characters');

      await searchReady(page, '#net');
      const net = await searchTexts(page, '#net');
      assert.deepEqual(net.head.slice(-1), ['lr 取值数']);
      assert.ok((await drawn(page)).some((s) => s === '学习率 lr（对数尺度）'), 'axis title in Chinese, the config name beside it');

      // An element made by a script has no ancestors until it is connected: the language is read then.
      await page.evaluate(() => {
        const el = document.createElement('descent-search');
        el.id = 'late';
        el.setAttribute('objective', 'forrester');
        el.setAttribute('budget', '4');
        document.querySelector('#host').append(el);
      });
      await searchReady(page, '#late');
      assert.equal((await searchTexts(page, '#late')).step, '单步');
      assertNoErrors(errors);
    });
  });

  test('an English page stays English; an element with lang="zh" on it speaks Chinese', async () => {
    await withPage(async (page, errors) => {
      await openFixture(page, 'en', `
        <descent-search id="a" objective="branin" budget="8" trials="3"></descent-search>
        <descent-search id="bad" objective="branin" budget="abc" kernel='{"type":"RBF","length_scale":0}'></descent-search>
        <div lang="zh-Hans"><descent-search id="zh" objective="forrester" budget="4"></descent-search></div>`);
      await searchReady(page, '#a');
      const en = await searchTexts(page, '#a');
      assert.deepEqual([en.tabSearch, en.tabHd], ['Search lab', 'Hypergradient descent']);
      assert.deepEqual([en.reset, en.step, en.play, en.runAll], ['Reset', 'Step', 'Play', 'Run to end']);
      assert.equal(en.objectiveOption, 'Branin, three minima (2-D)');
      assert.deepEqual(en.methods, ['Grid', 'Random', 'Bayesian opt.']);
      assert.equal(en.progress, '3 / 8 steps');
      assert.match(en.status, /^Step 3 of 8\. Best so far: Grid [\d.−-]+ · Random [\d.−-]+ · Bayesian opt\. [\d.−-]+\.$/);
      assert.deepEqual(en.head, ['Method', 'Trials', 'Best', 'at', 'distinct x1', 'distinct x2']);
      assert.equal(en.caption, 'Budget spent so far');
      assert.equal(en.settings, 'Bayesian optimization: Gaussian process and acquisition');
      assert.equal(en.budgetLabel, 'Budget (trials per method)');
      assert.match(en.legendLine, /^Squares: grid · triangles: random · circles: Bayesian optimization · ring: the latest trial · .*\. Dark = low, light = high\. BO’s first 5 trials/);
      assert.match(en.gpReadout, /^Kernel \(fitted, length scales in units of the searched box\): .* · log marginal likelihood .* · \d+ observations/);
      const texts = await drawn(page);
      assert.ok(texts.includes('Trials of every method, over the true objective'));
      assert.ok(texts.some((s) => s.startsWith('Best value so far (lower is better) vs trials')));
      assert.ok(!texts.some((s) => HAN.test(s)));

      await searchReady(page, '#bad');
      const bad = await searchTexts(page, '#bad');
      assert.ok(bad.messages.includes('budget="abc" is not allowed: expected a whole number from 2 to 200; using the default (25)'), bad.messages.join('\n'));
      assert.ok(bad.messages.some((m) => /^These settings are not valid: kernel.*length_scale/.test(m)), bad.messages.join('\n'));

      await searchReady(page, '#zh');
      const zh = await searchTexts(page, '#zh');
      assert.deepEqual([zh.step, zh.play], ['单步', '播放']);
      assertNoErrors(errors);
    });
  });

  test('Chinese labels fit at 375 px: nothing sticks out of the element or out of a button', async () => {
    await withPage(async (page, errors) => {
      await openFixture(page, 'zh-CN', '<descent-search objective="network" space="lr,l2" budget="6" epochs="2" trials="2"></descent-search>');
      await searchReady(page, 'descent-search');
      await page.evaluate(() => { document.querySelector('descent-search').shadowRoot.getElementById('bo-settings').open = true; });
      await settle(page);
      const fit = await page.evaluate(() => {
        const el = document.querySelector('descent-search');
        const root = el.shadowRoot;
        const clipped = [...root.querySelectorAll('button, label, select, .slider-label, summary')]
          .filter((b) => b.offsetParent !== null && b.scrollWidth > b.clientWidth + 1)
          .map((b) => b.textContent.trim());
        return { overflow: root.querySelector('.root').scrollWidth - el.clientWidth, clipped };
      });
      assert.ok(fit.overflow <= 2, `overflow ${fit.overflow}px`);
      assert.deepEqual(fit.clipped, []);
      assertNoErrors(errors);
    }, { width: 375, height: 800 });
  });
});

describe('<descent-batchnorm> in Chinese and English', () => {
  /** Wait until the element has its core and return its texts. */
  async function batchnormTexts(page, sel) {
    await page.evaluate((s) => document.querySelector(s).scrollIntoView(), sel);
    await page.waitForFunction((s) => {
      const el = document.querySelector(s);
      return el._api && el.shadowRoot.querySelector('.count')?.textContent;
    }, sel, { timeout: 20_000 });
    await settle(page);
    return page.evaluate((s) => {
      const root = document.querySelector(s).shadowRoot;
      const texts = (q) => [...root.querySelectorAll(q)].map((e) => e.textContent.replace(/\s+/g, ' ').trim());
      return {
        title: texts('.title')[0],
        legend: texts('legend')[0],
        modes: texts('label.radio'),
        labels: [...root.querySelectorAll('label.inline')].map((l) => l.firstChild.textContent),
        buttons: texts('button'),
        features: texts('.feature h3'),
        stats: texts('.feature')[0] ? [...root.querySelector('.feature').querySelectorAll('tfoot th')].map((th) => th.textContent) : [],
        sliders: texts('.slider-label'),
        note: texts('.note')[0],
        count: texts('.count')[0],
        message: texts('.message')[0],
        cellAria: root.querySelector('td input')?.getAttribute('aria-label'),
        formula: texts('.formula p')[0],
      };
    }, sel);
  }

  test('a zh-CN page: the batch-norm widget’s labels, buttons, statistics and messages are Chinese', async () => {
    await withPage(async (page, errors) => {
      await openFixture(page, 'zh-CN', `
        <descent-batchnorm id="a"></descent-batchnorm>
        <descent-batchnorm id="bad" momentum="2"></descent-batchnorm>
        <descent-batchnorm id="core" x="[[10000000,1],[2,3]]"></descent-batchnorm>`);
      const zh = await batchnormTexts(page, '#a');
      assert.equal(zh.title, '批归一化：一层 PyTorch BatchNorm1d');
      assert.equal(zh.legend, '模式');
      assert.deepEqual(zh.modes, ['训练模式 model.train()', '推理模式 model.eval()']);
      assert.deepEqual(zh.labels, ['预设批数据', '种子']);
      assert.deepEqual(zh.buttons, ['换一批', '添加一行', '删除一行', '走一步', '走 10 步', '重置滑动统计量']);
      assert.deepEqual(zh.features, ['特征 1', '特征 2']);
      assert.deepEqual(zh.stats, ['均值 μ', '方差 σ²（÷N）', '无偏方差 s²（÷(N−1)）', '1/√(σ²+ε)', '滑动均值', '滑动方差']);
      assert.deepEqual(zh.sliders, ['γ₁（特征 1）', 'β₁（特征 1）', 'γ₂（特征 2）', 'β₂（特征 2）', 'momentum（新一批数据的权重）']);
      assert.equal(zh.count, '已训练 0 步');
      assert.equal(zh.cellAria, 'x，第 1 行，特征 1');
      assert.equal(zh.formula, '第 1 行、特征 1 的计算（点选其他格子可切换）：');
      assert.equal(zh.message, '');
      await page.evaluate(() => document.querySelector('#a').step(1));
      assert.equal((await batchnormTexts(page, '#a')).count, '已训练 1 步');

      assert.equal((await batchnormTexts(page, '#bad')).message, 'momentum："2" 不是 [0, 1] 范围内的数');
      const core = await batchnormTexts(page, '#core');
      assert.match(core.message, /^配置有误：x\[0\]\[0\].*/);
      assertNoErrors(errors);
    });
  });

  test('an English page: the batch-norm widget stays English', async () => {
    await withPage(async (page, errors) => {
      await openFixture(page, 'en', '<descent-batchnorm id="a"></descent-batchnorm><descent-batchnorm id="bad" momentum="2"></descent-batchnorm>');
      const en = await batchnormTexts(page, '#a');
      assert.equal(en.title, 'Batch normalization, one layer (PyTorch BatchNorm1d)');
      assert.deepEqual(en.modes, ['training model.train()', 'inference model.eval()']);
      assert.deepEqual(en.buttons, ['New batch', 'Add row', 'Remove row', 'Step', '10 steps', 'Reset running stats']);
      assert.equal(en.count, '0 training steps taken');
      await page.evaluate(() => document.querySelector('#a').step(1));
      assert.equal((await batchnormTexts(page, '#a')).count, '1 training step taken');
      assert.equal((await batchnormTexts(page, '#bad')).message, 'momentum: "2" is not a number in [0, 1]');
      assertNoErrors(errors);
    });
  });
});
