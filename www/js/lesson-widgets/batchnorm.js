// <descent-batchnorm>: one BatchNorm1d layer on a small batch the learner edits (lesson 11). Every statistic and
// output shown (mean, biased and unbiased variance, 1/√(σ²+ε), x̂, y, the running statistics) comes from the WASM
// core's `batchNorm` binding (src/web/batchnorm.rs → crate::nn::batch_norm_train / batch_norm_eval), which follows
// torch.nn.BatchNorm1d: training mode normalizes with the batch mean and the biased variance (÷N) and updates the
// running statistics with the unbiased one (÷(N−1)); eval mode normalizes with the running statistics. This file
// only lays out, parses inputs and draws; it does no batch-norm arithmetic of its own.
//
// Attributes (all optional; a bad value shows a message naming it and keeps the last good batch):
//   x         JSON rows of numbers, 1 to 8 rows of 1 to 3 features (default a 4 × 2 batch)
//   gamma     JSON array, one γ per feature (default all 1)
//   beta      JSON array, one β per feature (default all 0)
//   momentum  PyTorch's momentum, the weight of the NEW batch statistic (default 0.1)
//   mode      "train" (model.train(), the default) or "eval" (model.eval())
//   seed      seed of the "new batch" button (default 1)
// Events (bubbling, composed): `batchnormchange` (detail: { mode, rows, features, steps }) after any change.
// Methods: `step(count = 1)` (update the running statistics, training mode), `resetRunning()`.

import { whenVisible } from '../shared/visible.js';
import { loadWasm, errorMessage } from '../shared/wasm.js';
import { createSlider } from '../shared/slider.js';
import { themeInk, runInk } from '../shared/colors.js';
import { formatNumber, formatPlain, truncate } from '../shared/format.js';
import { loadKatex, renderTex, texNum, texFactor } from '../shared/formula.js';
import { parseNumber } from '../shared/state.js';
import { page } from '../shared/page.js';
import { languageOf, sliderWords, translator } from '../shared/i18n.js';
import { STRINGS } from './batchnorm-strings.js';

export const TAG = 'descent-batchnorm';

const MAX_ROWS = 8;
const MAX_FEATURES = 3;
const DEFAULTS = { x: [[1, 10], [2, 20], [3, 30], [6, 40]], momentum: 0.1, mode: 'train', seed: 1 };
const ATTRIBUTES = ['x', 'gamma', 'beta', 'momentum', 'mode', 'seed'];

/** Preset batches (the seeded random one is made by `randomBatch`). */
const PRESETS = {
  example: DEFAULTS.x,
  outlier: [[1, 10], [2, 20], [3, 30], [100, 40]],
  constant: [[1, 5], [2, 5], [3, 5], [6, 5]],
  single: [[3, 30]],
};

const CSS = `
:host { display: block; container-type: inline-size; min-width: 0;
  font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "PingFang SC", "Noto Sans CJK SC", "Microsoft YaHei", sans-serif; }
:host([hidden]) { display: none; }
[hidden] { display: none !important; }
* { box-sizing: border-box; }
.root { --ink: #1d2330; --muted: #566074; --bg: #ffffff; --line: #d5dbe5; --panel: #f4f6fa; --focus: #1a73e8;
  --warn-bg: #fff4e5; --warn-ink: #8a4b00; --field: #ffffff; --sel: #fff6d6; --used: #e8f0fe;
  color: var(--ink); background: var(--bg); border: 1px solid var(--line); border-radius: 10px; padding: 10px;
  display: grid; gap: 10px; grid-template-columns: minmax(0, 1fr); color-scheme: light; }
.root.dark { --ink: #e6e8ee; --muted: #a5abba; --bg: #11151c; --line: #323a48; --panel: #1a1f29; --focus: #8ab4ff;
  --warn-bg: #3a2a12; --warn-ink: #ffd596; --field: #0d1117; --sel: #3a3218; --used: #1c2a44; color-scheme: dark; }
.title { font-weight: 700; margin: 0; }
.bar { display: flex; flex-wrap: wrap; gap: 6px 12px; align-items: center; }
fieldset { border: 0; margin: 0; padding: 0; display: flex; flex-wrap: wrap; gap: 4px 12px; align-items: center; }
legend { float: left; margin-right: 8px; font-size: 13px; color: var(--muted); padding: 0; }
.radio, .flag { display: inline-flex; align-items: center; gap: 5px; font-size: 13px; }
.radio code, .flag code { font: 12px ui-monospace, Menlo, Consolas, monospace; }
label.inline { display: inline-flex; align-items: center; gap: 6px; font-size: 13px; color: var(--muted); }
button, select, input[type=text], input[type=number] { font: inherit; color: var(--ink); background: var(--field);
  border: 1px solid var(--line); border-radius: 6px; padding: 3px 8px; min-height: 32px; }
button { cursor: pointer; background: var(--panel); }
button:disabled { opacity: 0.55; cursor: default; }
input.seed { width: 5.5em; }
.message { margin: 0; background: var(--warn-bg); color: var(--warn-ink); border-radius: 6px; padding: 6px 8px;
  font-size: 13px; overflow-wrap: anywhere; }
.message:empty { display: none; }
.features { display: grid; gap: 10px; grid-template-columns: repeat(auto-fit, minmax(250px, 1fr)); }
.feature { border: 1px solid var(--line); border-radius: 8px; padding: 8px; min-width: 0; display: grid; gap: 6px; }
.feature h3 { margin: 0; font-size: 14px; }
table { border-collapse: collapse; width: 100%; font-variant-numeric: tabular-nums; font-size: 13px; }
th, td { padding: 2px 4px; text-align: right; border-bottom: 1px solid var(--line); white-space: nowrap; }
th { font-weight: 600; color: var(--muted); }
th[scope=row] { text-align: left; }
tbody tr.sel td, tbody tr.sel th { background: var(--sel); }
tfoot td.used, tfoot th.used { background: var(--used); }
tfoot th { font-weight: 500; white-space: normal; }
td input { width: 5.2em; text-align: right; min-height: 28px; padding: 2px 5px; }
td input[aria-invalid=true] { border-color: #d92d20; outline: 2px solid #d92d20; }
.sliders { display: grid; gap: 4px; }
.slider { display: grid; grid-template-columns: minmax(0, 1fr) 5em; gap: 0 8px; align-items: center; }
.slider-label { grid-column: 1 / -1; font-size: 13px; color: var(--muted); }
.slider input[type=range] { width: 100%; min-height: 26px; accent-color: var(--focus); }
.slider-text { width: 100%; min-height: 28px; }
.slider-text[aria-invalid=true] { border-color: #d92d20; }
.slider-error { grid-column: 1 / -1; font-size: 12px; color: var(--warn-ink); }
.slider-error:empty { display: none; }
.running { display: grid; gap: 6px; grid-template-columns: repeat(auto-fit, minmax(250px, 1fr)); align-items: end;
  background: var(--panel); border-radius: 8px; padding: 8px; }
.running .bar { gap: 6px; }
.note { margin: 0; font-size: 13px; color: var(--muted); }
.count { font-size: 13px; color: var(--muted); font-variant-numeric: tabular-nums; }
canvas { display: block; width: 100%; height: 150px; border-radius: 6px; }
.formula { background: var(--panel); border-radius: 6px; padding: 4px 10px; overflow-x: auto; min-height: 2.4em; }
.formula p { margin: 4px 0 0; font-size: 13px; color: var(--muted); }
.formula .katex-display { margin: 4px 0; }
input:focus-visible, select:focus-visible, button:focus-visible { outline: 3px solid var(--focus); outline-offset: 1px; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); clip-path: inset(50%); white-space: nowrap; }
`;

let sheet = null;
function styleSheet() {
  if (!sheet && typeof CSSStyleSheet === 'function' && 'replaceSync' in CSSStyleSheet.prototype) {
    sheet = new CSSStyleSheet();
    sheet.replaceSync(CSS);
  }
  return sheet;
}

/** A seeded batch: `rows` rows, feature 1 around 5 (spread 2), feature 2 around 50 (spread 15), two decimals. */
function randomBatch(seed, rows = 6, features = 2) {
  let a = seed >>> 0 || 1;
  const rand = () => {
    // mulberry32
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const normal = () => Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
  const centres = [[5, 2], [50, 15], [-3, 0.5]];
  return Array.from({ length: rows }, () => Array.from({ length: features }, (_, j) => Math.round((centres[j][0] + centres[j][1] * normal()) * 100) / 100));
}

/** Parse the attributes; throws an Error naming the bad one (in the language of `t`, a translator over STRINGS). */
function parseAttributes(el, t) {
  const json = (name) => {
    const raw = el.getAttribute(name);
    if (raw === null || raw.trim() === '') return undefined;
    try {
      return JSON.parse(raw);
    } catch (err) {
      throw new Error(t('notJson', { name, detail: err.message }));
    }
  };
  const x = json('x') ?? DEFAULTS.x;
  if (!Array.isArray(x) || x.length < 1 || x.length > MAX_ROWS) throw new Error(t('rows', { max: MAX_ROWS }));
  const d = Array.isArray(x[0]) ? x[0].length : 0;
  if (d < 1 || d > MAX_FEATURES) throw new Error(t('firstRow', { max: MAX_FEATURES }));
  x.forEach((row, i) => {
    if (!Array.isArray(row) || row.length !== d) throw new Error(t('rowLength', { i, d }));
    row.forEach((v, j) => {
      if (typeof v !== 'number' || !Number.isFinite(v)) throw new Error(t('notFinite', { i, j, value: truncate(JSON.stringify(v)) }));
    });
  });
  const perFeature = (name, fallback) => {
    const v = json(name);
    if (v === undefined) return Array(d).fill(fallback);
    if (!Array.isArray(v) || v.length !== d || !v.every((t) => typeof t === 'number' && Number.isFinite(t))) {
      throw new Error(t(d > 1 ? 'perFeature' : 'perFeature1', { name, d }));
    }
    return v;
  };
  const num = (name, fallback, lo, hi, integer = false) => {
    const raw = el.getAttribute(name);
    if (raw === null || raw.trim() === '') return fallback;
    const v = Number(raw);
    if (!Number.isFinite(v) || v < lo || v > hi || (integer && !Number.isInteger(v))) {
      throw new Error(t(integer ? 'notWholeInRange' : 'notInRange', { name, raw: truncate(JSON.stringify(raw)), lo, hi }));
    }
    return v;
  };
  const modeRaw = (el.getAttribute('mode') ?? '').trim() || DEFAULTS.mode;
  if (modeRaw !== 'train' && modeRaw !== 'eval') throw new Error(t('badMode', { raw: truncate(JSON.stringify(modeRaw)) }));
  return {
    x: x.map((r) => r.slice()),
    gamma: perFeature('gamma', 1),
    beta: perFeature('beta', 0),
    momentum: num('momentum', DEFAULTS.momentum, 0, 1),
    mode: modeRaw,
    seed: num('seed', DEFAULTS.seed, 0, 4294967295, true),
  };
}

export class DescentBatchnorm extends HTMLElement {
  static tag = TAG;

  /** Attributes, events and methods (the kit's documentation convention, www/js/embed/docs.js). */
  static docs = {
    title: 'Batch normalization',
    summary:
      'One BatchNorm1d layer on a small batch you edit: the batch mean, the biased and unbiased variances, x̂ and ' +
      'y = γx̂ + β for every row, the formula with one cell’s numbers, and the running statistics stepping towards ' +
      'the batch’s; switch between training (batch statistics) and inference (running statistics).',
    attributes: [
      { name: 'x', default: JSON.stringify(DEFAULTS.x), allowed: `a JSON array of 1 to ${MAX_ROWS} rows of 1 to ${MAX_FEATURES} finite numbers (|x| ≤ 10⁶)`, description: 'The batch: one row per example, one column per feature.' },
      { name: 'gamma', default: 'all 1', allowed: 'a JSON array of finite numbers, one per feature', description: 'The scale γ of each feature.' },
      { name: 'beta', default: 'all 0', allowed: 'a JSON array of finite numbers, one per feature', description: 'The shift β of each feature.' },
      { name: 'momentum', default: String(DEFAULTS.momentum), allowed: 'a number in [0, 1]', description: 'PyTorch’s momentum: the weight of the new batch statistic in the running averages.' },
      { name: 'mode', default: DEFAULTS.mode, allowed: 'train, eval', description: 'model.train() normalizes with the batch statistics; model.eval() with the running ones.' },
      { name: 'seed', default: String(DEFAULTS.seed), allowed: 'a whole number from 0 to 4294967295', description: 'Seed of the “new batch” button.' },
    ],
    events: [{ name: 'batchnormchange', detail: '{ mode, rows, features, steps }', description: 'The batch, a parameter, the mode or the running statistics changed.' }],
    methods: [
      { name: 'step(count = 1)', description: 'Take training steps: update the running statistics with the batch’s (training mode only).' },
      { name: 'resetRunning()', description: 'Put the running statistics back to mean 0, variance 1.' },
    ],
    example: { x: '[[1,10],[2,20],[3,30],[100,40]]' },
    height: 1150,
  };

  static get observedAttributes() {
    return ATTRIBUTES;
  }

  constructor() {
    super();
    this._root = this.attachShadow({ mode: 'open' });
    this._built = false;
    this._cleanup = [];
    this._api = null;
    this._katex = null;
    this._state = null;
    this._result = null;
    this._sel = { row: 0, feature: 0 };
    this._steps = 0;
    this._dark = false;
  }

  connectedCallback() {
    if (!this._built) {
      // The language is read when the element first connects; the interface is built in it once.
      this._lang = languageOf(this);
      this._t = translator(STRINGS, this._lang);
      this._build();
    }
    const p = page();
    this._dark = p.prefersDark();
    this._els.root.classList.toggle('dark', this._dark);
    this._cleanup.push(
      p.onColorSchemeChange(() => {
        this._dark = p.prefersDark();
        this._els.root.classList.toggle('dark', this._dark);
        if (this._state) this._renderControls();
        this._compute();
        this._draw();
      }),
    );
    if (typeof ResizeObserver === 'function') {
      const ro = new ResizeObserver(() => this._draw());
      ro.observe(this._els.canvas);
      this._cleanup.push(() => ro.disconnect());
    }
    const io = whenVisible(this, () => this._start(), '300px');
    this._cleanup.push(() => io.disconnect());
  }

  disconnectedCallback() {
    // batchNorm returns plain arrays: no WASM handle to free; stop the observers and listeners.
    for (const stop of this._cleanup.splice(0)) stop();
  }

  attributeChangedCallback(name, oldValue, newValue) {
    if (oldValue === newValue || !this._built || this._reflecting) return;
    this._readAttributes();
  }

  async _start() {
    if (this._api) return;
    this._els.message.textContent = '';
    this._readAttributes();
    try {
      const [{ api }] = await Promise.all([loadWasm('full'), this._loadKatex()]);
      this._api = api;
      this._compute();
    } catch (err) {
      this._els.message.textContent = this._t('failed', { detail: errorMessage(err) });
    }
  }

  async _loadKatex() {
    try {
      this._katex = await loadKatex(this._root);
    } catch {
      this._katex = null; // the formula then shows as text
    }
  }

  // ----- state -----

  _readAttributes() {
    try {
      const s = parseAttributes(this, this._t);
      const running = this._state && this._state.x[0].length === s.x[0].length ? this._state.running : null;
      this._state = { ...s, running: running ?? { mean: Array(s.x[0].length).fill(0), var: Array(s.x[0].length).fill(1) }, fresh: this._state?.fresh ?? false };
      this._sel = { row: Math.min(this._sel.row, s.x.length - 1), feature: Math.min(this._sel.feature, s.x[0].length - 1) };
      this._attrError = '';
      this._renderControls();
    } catch (err) {
      this._attrError = errorMessage(err);
      if (!this._state) {
        const d = DEFAULTS.x[0].length;
        this._state = { x: DEFAULTS.x.map((r) => r.slice()), gamma: Array(d).fill(1), beta: Array(d).fill(0), momentum: DEFAULTS.momentum, mode: DEFAULTS.mode, seed: DEFAULTS.seed, running: { mean: Array(d).fill(0), var: Array(d).fill(1) }, fresh: false };
        this._renderControls();
      }
    }
    this._compute();
  }

  /** Write the state back to the attributes (so the embed code and the page see it), without re-reading them. */
  _reflect() {
    const s = this._state;
    this._reflecting = true;
    this.setAttribute('x', JSON.stringify(s.x));
    this.setAttribute('gamma', JSON.stringify(s.gamma));
    this.setAttribute('beta', JSON.stringify(s.beta));
    this.setAttribute('momentum', String(s.momentum));
    this.setAttribute('mode', s.mode);
    this.setAttribute('seed', String(s.seed));
    this._reflecting = false;
  }

  _changed() {
    this._reflect();
    this._compute();
    const s = this._state;
    this.dispatchEvent(new CustomEvent('batchnormchange', { bubbles: true, composed: true, detail: { mode: s.mode, rows: s.x.length, features: s.x[0].length, steps: this._steps } }));
  }

  /** Call the core: one BatchNorm1d forward on the current batch, from the current running statistics. */
  _call(x = this._state.x) {
    const s = this._state;
    return this._api.batchNorm({ x, gamma: s.gamma, beta: s.beta, running_mean: s.running.mean, running_var: s.running.var, momentum: s.momentum, training: s.mode === 'train' });
  }

  _compute() {
    if (!this._api || !this._state) return;
    const t = this._t;
    const s = this._state;
    const bad = this._badCell;
    let message = this._attrError || (bad ? t('bad', { where: t('cell', { i: bad.row + 1, j: bad.feature + 1 }), raw: truncate(bad.raw, 20) }) : '');
    this._result = null;
    if (!bad) {
      if (s.mode === 'train' && s.x.length === 1) message = message || t('single');
      else {
        try {
          this._result = this._call();
        } catch (err) {
          message = t('coreError', { detail: errorMessage(err) });
        }
      }
    }
    this._els.message.textContent = message;
    this._fill();
    this._draw();
    this._formula();
  }

  // ----- actions -----

  step(count = 1) {
    const s = this._state;
    if (!this._api || !s) return;
    if (s.mode !== 'train' || s.x.length < 2 || this._badCell) {
      this._els.message.textContent = this._t(s.x.length < 2 ? 'single' : 'stepNeedsTrain');
      return;
    }
    try {
      for (let k = 0; k < count; k++) {
        if (s.fresh) {
          s.seed = (s.seed + 1) >>> 0;
          s.x = randomBatch(s.seed, s.x.length, s.x[0].length);
        }
        const r = this._call();
        s.running = { mean: Array.from(r.running_mean), var: Array.from(r.running_var) };
        this._steps += 1;
      }
    } catch (err) {
      this._els.message.textContent = this._t('coreError', { detail: errorMessage(err) });
      return;
    }
    if (s.fresh) this._renderControls();
    this._changed();
  }

  resetRunning() {
    const d = this._state.x[0].length;
    this._state.running = { mean: Array(d).fill(0), var: Array(d).fill(1) };
    this._steps = 0;
    this._changed();
  }

  _setBatch(x) {
    const s = this._state;
    const dChanged = x[0].length !== s.x[0].length;
    s.x = x.map((r) => r.slice());
    if (dChanged) {
      const d = x[0].length;
      s.gamma = Array(d).fill(1);
      s.beta = Array(d).fill(0);
      s.running = { mean: Array(d).fill(0), var: Array(d).fill(1) };
      this._steps = 0;
    }
    this._badCell = null;
    this._sel = { row: Math.min(this._sel.row, x.length - 1), feature: Math.min(this._sel.feature, x[0].length - 1) };
    this._renderControls();
    this._changed();
  }

  // ----- DOM -----

  _build() {
    this._built = true;
    const t = this._t;
    const lang = this._lang;
    const r = this._root;
    const s = styleSheet();
    if (s) r.adoptedStyleSheets = [s];
    else {
      const style = document.createElement('style');
      style.textContent = CSS;
      r.append(style);
    }
    const el = (tag, cls, parent, text) => {
      const e = document.createElement(tag);
      if (cls) e.className = cls;
      if (text !== undefined) e.textContent = text;
      parent?.append(e);
      return e;
    };
    const root = el('div', 'root', r);
    root.setAttribute('role', 'group');
    root.setAttribute('aria-label', t('title'));
    el('p', 'title', root, t('title'));

    // Mode switch and batch choice.
    const bar = el('div', 'bar', root);
    const modes = el('fieldset', '', bar);
    el('legend', '', modes, t('mode'));
    const radios = {};
    for (const m of ['train', 'eval']) {
      const lab = el('label', 'radio', modes);
      const input = el('input', '', lab);
      input.type = 'radio';
      input.name = 'mode';
      input.value = m;
      input.addEventListener('change', () => {
        if (!input.checked) return;
        this._state.mode = m;
        this._changed();
      });
      lab.append(`${t(m)} `);
      el('code', '', lab, m === 'train' ? 'model.train()' : 'model.eval()');
      radios[m] = input;
    }
    const bar2 = el('div', 'bar', root);
    const presetLab = el('label', 'inline', bar2, t('preset'));
    const preset = el('select', '', presetLab);
    for (const key of ['example', 'outlier', 'constant', 'single', 'random']) {
      const o = el('option', '', preset, t(`preset${key[0].toUpperCase()}${key.slice(1)}`));
      o.value = key;
    }
    preset.addEventListener('change', () => {
      const key = preset.value;
      this._setBatch(key === 'random' ? randomBatch(this._state.seed, 6, this._state.x[0].length) : PRESETS[key]);
    });
    const seedLab = el('label', 'inline', bar2, t('seed'));
    const seed = el('input', 'seed', seedLab);
    seed.type = 'number';
    seed.min = '0';
    seed.max = '4294967295';
    seed.step = '1';
    seed.addEventListener('change', () => {
      const v = parseNumber(seed.value);
      if (v === null || !Number.isInteger(v) || v < 0 || v > 4294967295) {
        seed.setAttribute('aria-invalid', 'true');
        this._els.message.textContent = t('badSeed', { seed: t('seed'), raw: truncate(seed.value, 20) });
        return;
      }
      seed.removeAttribute('aria-invalid');
      this._state.seed = v;
      this._reflect();
    });
    const fresh = el('button', '', bar2, t('newBatch'));
    fresh.type = 'button';
    fresh.addEventListener('click', () => {
      this._state.seed = (this._state.seed + 1) >>> 0;
      preset.value = 'random';
      this._setBatch(randomBatch(this._state.seed, Math.max(2, this._state.x.length), this._state.x[0].length));
    });
    const add = el('button', '', bar2, t('addRow'));
    add.type = 'button';
    add.addEventListener('click', () => {
      const x = this._state.x;
      if (x.length >= MAX_ROWS) return;
      this._setBatch([...x, x[x.length - 1].slice()]);
    });
    const remove = el('button', '', bar2, t('removeRow'));
    remove.type = 'button';
    remove.addEventListener('click', () => {
      const x = this._state.x;
      if (x.length <= 1) return;
      this._setBatch(x.slice(0, -1));
    });

    const message = el('p', 'message', root);
    message.setAttribute('role', 'alert');
    message.textContent = t('loading');

    const features = el('div', 'features', root);
    el('p', 'note', root, t('shaded'));

    const canvas = el('canvas', '', root);
    canvas.setAttribute('role', 'img');
    canvas.setAttribute('aria-label', t('plotLabel'));

    const formula = el('div', 'formula', root);
    formula.setAttribute('aria-live', 'polite');

    // Running statistics: steps and momentum.
    const running = el('div', 'running', root);
    const momentumOptions = {
      label: t('momentum'),
      min: 0,
      max: 1,
      step: 0.01,
      value: DEFAULTS.momentum,
      onChange: (v) => {
        this._state.momentum = v;
        this._changed();
      },
    };
    const momentum = createSlider({ ...momentumOptions, ...sliderWords(lang) });
    running.append(momentum.root);
    const stepBox = el('div', '', running);
    const stepBar = el('div', 'bar', stepBox);
    const step1 = el('button', '', stepBar, t('step'));
    step1.type = 'button';
    step1.addEventListener('click', () => this.step(1));
    const step10 = el('button', '', stepBar, t('step10'));
    step10.type = 'button';
    step10.addEventListener('click', () => this.step(10));
    const reset = el('button', '', stepBar, t('reset'));
    reset.type = 'button';
    reset.addEventListener('click', () => this.resetRunning());
    const freshLab = el('label', 'flag', stepBox);
    const freshBox = el('input', '', freshLab);
    freshBox.type = 'checkbox';
    freshLab.append(t('freshEach'));
    freshBox.addEventListener('change', () => {
      this._state.fresh = freshBox.checked;
    });
    const count = el('p', 'count', stepBox);
    count.setAttribute('aria-live', 'polite');

    this._els = { root, radios, preset, seed, add, remove, message, features, canvas, formula, momentum, step1, step10, count, freshBox };
  }

  /** (Re)build the per-feature tables and sliders for the current batch shape and values. */
  _renderControls() {
    const t = this._t;
    const s = this._state;
    const els = this._els;
    els.radios[s.mode].checked = true;
    els.seed.value = String(s.seed);
    els.momentum.set(s.momentum);
    els.freshBox.checked = !!s.fresh;
    els.add.disabled = s.x.length >= MAX_ROWS;
    els.remove.disabled = s.x.length <= 1;
    const n = s.x.length;
    const d = s.x[0].length;
    els.features.replaceChildren();
    this._cells = [];
    this._out = [];
    for (let j = 0; j < d; j++) {
      const box = document.createElement('section');
      box.className = 'feature';
      const h = document.createElement('h3');
      h.textContent = t('feature', { n: j + 1 });
      h.style.color = runInk(j, this._dark);
      box.append(h);
      const table = document.createElement('table');
      const cap = document.createElement('caption');
      cap.className = 'visually-hidden';
      cap.textContent = t('feature', { n: j + 1 });
      table.append(cap);
      const thead = table.createTHead().insertRow();
      for (const t of ['', 'x', 'x̂', 'y']) {
        const th = document.createElement('th');
        th.scope = 'col';
        th.textContent = t;
        thead.append(th);
      }
      const body = table.createTBody();
      const outs = { rows: [], stats: {} };
      for (let i = 0; i < n; i++) {
        const tr = body.insertRow();
        const th = document.createElement('th');
        th.scope = 'row';
        th.textContent = String(i + 1);
        tr.append(th);
        const td = tr.insertCell();
        const input = document.createElement('input');
        input.type = 'text';
        input.inputMode = 'decimal';
        input.autocomplete = 'off';
        input.spellcheck = false;
        input.value = formatPlain(s.x[i][j], 8);
        input.setAttribute('aria-label', t('cell', { i: i + 1, j: j + 1 }));
        input.addEventListener('focus', () => {
          this._sel = { row: i, feature: j };
          this._markSelection();
          this._draw();
          this._formula();
        });
        input.addEventListener('change', () => this._editCell(i, j, input));
        input.addEventListener('keydown', (e) => {
          if (e.key === 'Enter') this._editCell(i, j, input);
          if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
            const next = this._cells[j]?.[i + (e.key === 'ArrowDown' ? 1 : -1)];
            if (next) {
              e.preventDefault();
              next.focus();
            }
          }
        });
        td.append(input);
        this._cells[j] = this._cells[j] ?? [];
        this._cells[j][i] = input;
        outs.rows.push({ tr, xhat: tr.insertCell(), y: tr.insertCell() });
      }
      const foot = table.createTFoot();
      for (const key of ['mean', 'var', 'varU', 'invStd', 'rMean', 'rVar']) {
        const tr = foot.insertRow();
        const th = document.createElement('th');
        th.scope = 'row';
        th.colSpan = 3;
        tr.append(th);
        const td = tr.insertCell();
        outs.stats[key] = { th, td };
      }
      box.append(table);
      const sliders = document.createElement('div');
      sliders.className = 'sliders';
      const sub = '₁₂₃'[j];
      const feature = t('feature', { n: j + 1 });
      const gOptions = { label: t('gamma', { sub, feature }), min: -3, max: 3, step: 0.05, hardMin: -1e6, hardMax: 1e6, value: s.gamma[j], onInput: (v) => { s.gamma[j] = v; this._compute(); }, onChange: (v) => { s.gamma[j] = v; this._changed(); } };
      const bOptions = { label: t('beta', { sub, feature }), min: -5, max: 5, step: 0.05, hardMin: -1e6, hardMax: 1e6, value: s.beta[j], onInput: (v) => { s.beta[j] = v; this._compute(); }, onChange: (v) => { s.beta[j] = v; this._changed(); } };
      const g = createSlider({ ...gOptions, ...sliderWords(this._lang) });
      const b = createSlider({ ...bOptions, ...sliderWords(this._lang) });
      sliders.append(g.root, b.root);
      box.append(sliders);
      els.features.append(box);
      this._out.push(outs);
    }
    this._markSelection();
  }

  _editCell(i, j, input) {
    const v = parseNumber(input.value);
    if (v === null) {
      input.setAttribute('aria-invalid', 'true');
      this._badCell = { row: i, feature: j, raw: input.value };
      this._compute();
      return;
    }
    input.removeAttribute('aria-invalid');
    if (this._badCell && this._badCell.row === i && this._badCell.feature === j) this._badCell = null;
    this._state.x[i][j] = v;
    this._changed();
  }

  _markSelection() {
    (this._out ?? []).forEach((o, j) => o.rows.forEach((r, i) => r.tr.classList.toggle('sel', i === this._sel.row && j === this._sel.feature)));
  }

  /** Put the core's numbers into the tables. */
  _fill() {
    const t = this._t;
    const s = this._state;
    const r = this._result;
    const d = s.x[0].length;
    const n = s.x.length;
    const eval_ = s.mode === 'eval';
    const f = (v) => formatNumber(v, 4);
    (this._out ?? []).forEach((o, j) => {
      if (j >= d) return;
      o.rows.forEach((row, i) => {
        row.xhat.textContent = r ? f(r.xhat[i * d + j]) : '–';
        row.y.textContent = r ? f(r.y[i * d + j]) : '–';
      });
      const st = o.stats;
      const set = (key, label, value, used) => {
        st[key].th.textContent = label;
        st[key].td.textContent = value;
        st[key].th.classList.toggle('used', used);
        st[key].td.classList.toggle('used', used);
        st[key].th.title = used ? t('used') : '';
      };
      set('mean', t('mean'), r ? f(r.mean[j]) : '–', !eval_);
      set('var', t('var'), r ? f(r.var[j]) : '–', !eval_);
      set('varU', t('varU'), r && r.var_unbiased ? f(r.var_unbiased[j]) : '–', false);
      set('invStd', t(eval_ ? 'invStdEval' : 'invStd'), r ? f(r.inv_std[j]) : '–', true);
      // The running statistics now (before the next step); the formula shows what one step makes of them.
      set('rMean', t('rMean'), f(s.running.mean[j]), eval_);
      set('rVar', t('rVar'), f(s.running.var[j]), eval_);
    });
    this._els.count.textContent = t(this._steps === 1 ? 'steps1' : 'steps', { n: this._steps });
    const canStep = s.mode === 'train' && n > 1;
    this._els.step1.disabled = !canStep;
    this._els.step10.disabled = !canStep;
  }

  /** The selected cell's computation, with the core's numbers. */
  _formula() {
    const box = this._els.formula;
    box.replaceChildren();
    const s = this._state;
    const r = this._result;
    if (!r) return;
    const { row: i, feature: j } = this._sel;
    const d = s.x[0].length;
    const n = s.x.length;
    if (i >= n || j >= d) return;
    const p = document.createElement('p');
    p.textContent = this._t('formulaFor', { i: i + 1, j: j + 1 });
    box.append(p);
    const N = (v) => texNum(v, 4);
    const F = (v) => texFactor(v, 4);
    const x = s.x[i][j];
    const lines = [];
    const m = s.momentum;
    if (s.mode === 'train') {
      const col = s.x.map((row) => row[j]);
      const list = n <= 5 ? `\\tfrac{1}{${n}}(${col.map(N).join(' + ').replace(/\+ -/g, '- ')}) = ` : '';
      lines.push(`\\mu = \\tfrac{1}{N}\\textstyle\\sum_k x_k = ${list}${N(r.mean[j])}`);
      lines.push(`\\sigma^2 = \\tfrac{1}{N}\\textstyle\\sum_k (x_k - \\mu)^2 = ${N(r.var[j])}`);
      lines.push(`\\hat x = \\dfrac{x - \\mu}{\\sqrt{\\sigma^2 + \\epsilon}} = (${N(x)} - ${F(r.mean[j])}) \\cdot ${N(r.inv_std[j])} = ${N(r.xhat[i * d + j])}`);
    } else {
      lines.push(`\\hat x = \\dfrac{x - r_\\mu}{\\sqrt{r_{\\sigma^2} + \\epsilon}} = (${N(x)} - ${F(s.running.mean[j])}) \\cdot ${N(r.inv_std[j])} = ${N(r.xhat[i * d + j])}`);
    }
    lines.push(`y = \\gamma \\hat x + \\beta = ${N(s.gamma[j])} \\cdot ${F(r.xhat[i * d + j])} + ${F(s.beta[j])} = ${N(r.y[i * d + j])}`);
    if (s.mode === 'train' && r.var_unbiased) {
      lines.push(`r_\\mu \\leftarrow (1 - ${N(m)})\\, ${F(s.running.mean[j])} + ${N(m)} \\cdot ${F(r.mean[j])} = ${N(r.running_mean[j])}`);
      lines.push(`r_{\\sigma^2} \\leftarrow (1 - ${N(m)})\\, ${F(s.running.var[j])} + ${N(m)} \\cdot \\underbrace{${N(r.var_unbiased[j])}}_{s^2,\\ \\div (N-1)} = ${N(r.running_var[j])}`);
    }
    for (const tex of lines) {
      const div = document.createElement('div');
      if (this._katex) renderTex(this._katex, tex, div);
      else div.textContent = tex;
      box.append(div);
    }
  }

  /** Dot plot: per feature, x on the upper line and y on the lower, joined per row, on one axis with 0 marked. */
  _draw() {
    const c = this._els?.canvas;
    const s = this._state;
    if (!c || !s) return;
    const d = s.x[0].length;
    const n = s.x.length;
    const cssW = c.clientWidth || 600;
    const band = 62;
    const cssH = 16 + band * d;
    c.style.height = `${cssH}px`;
    const dpr = page().pixelRatio();
    if (c.width !== Math.round(cssW * dpr) || c.height !== Math.round(cssH * dpr)) {
      c.width = Math.round(cssW * dpr);
      c.height = Math.round(cssH * dpr);
    }
    const ctx = c.getContext('2d');
    const ink = themeInk(this._dark);
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.fillStyle = ink.bg;
    ctx.fillRect(0, 0, cssW, cssH);
    ctx.font = '12px system-ui, sans-serif';
    const r = this._result;
    const left = 26;
    const right = cssW - 10;
    for (let j = 0; j < d; j++) {
      const top = 10 + band * j;
      const yx = top + 12;
      const yy = top + 42;
      const xs = s.x.map((row) => row[j]);
      const ys = r ? xs.map((_, i) => r.y[i * d + j]) : [];
      let lo = Math.min(0, ...xs, ...ys);
      let hi = Math.max(0, ...xs, ...ys);
      if (hi - lo < 1e-12) {
        lo -= 1;
        hi += 1;
      }
      const pad = (hi - lo) * 0.04;
      lo -= pad;
      hi += pad;
      const px = (v) => left + ((v - lo) / (hi - lo)) * (right - left);
      // axes and zero
      ctx.strokeStyle = ink.grid;
      ctx.lineWidth = 1;
      for (const yl of [yx, yy]) {
        ctx.beginPath();
        ctx.moveTo(left, yl);
        ctx.lineTo(right, yl);
        ctx.stroke();
      }
      ctx.strokeStyle = ink.axis;
      ctx.beginPath();
      ctx.moveTo(px(0), yx - 8);
      ctx.lineTo(px(0), yy + 8);
      ctx.stroke();
      ctx.fillStyle = ink.muted;
      ctx.textBaseline = 'middle';
      ctx.textAlign = 'left';
      ctx.fillText('x', 4, yx);
      ctx.fillText('y', 4, yy);
      // Axis labels: the smallest and largest value shown, and 0 where it does not collide with them.
      const loText = formatNumber(lo + pad, 3);
      const hiText = formatNumber(hi - pad, 3);
      ctx.textAlign = 'left';
      ctx.fillText(loText, left, yy + 14);
      ctx.textAlign = 'right';
      ctx.fillText(hiText, right, yy + 14);
      const z = px(0);
      if (z - left > ctx.measureText(loText).width + 10 && right - z > ctx.measureText(hiText).width + 10) {
        ctx.textAlign = 'center';
        ctx.fillText('0', z, yy + 14);
      }
      const col = runInk(j, this._dark);
      for (let i = 0; i < n; i++) {
        const sel = i === this._sel.row && j === this._sel.feature;
        if (r) {
          ctx.strokeStyle = col;
          ctx.globalAlpha = sel ? 0.9 : 0.35;
          ctx.lineWidth = sel ? 2 : 1;
          ctx.beginPath();
          ctx.moveTo(px(xs[i]), yx);
          ctx.lineTo(px(ys[i]), yy);
          ctx.stroke();
          ctx.globalAlpha = 1;
        }
        for (const [v, yl] of r ? [[xs[i], yx], [ys[i], yy]] : [[xs[i], yx]]) {
          ctx.fillStyle = col;
          ctx.beginPath();
          ctx.arc(px(v), yl, sel ? 6 : 4.5, 0, 2 * Math.PI);
          ctx.fill();
          if (sel) {
            ctx.strokeStyle = ink.text;
            ctx.lineWidth = 1.5;
            ctx.stroke();
          }
        }
      }
    }
  }
}
