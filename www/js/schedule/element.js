// <descent-schedule>: a learning-rate schedule plotted from the WASM core's `lrSchedule`, with sliders for its
// parameters, a hover / keyboard readout ("step 42: lr = 0.0125") and the schedule's formula with that step's
// numbers filled in.
//
// Attributes (all optional; a bad value shows a message naming the field and keeps the last good plot):
//   schedule     JSON config with PyTorch / Keras names, e.g. '{"type":"StepLR","step_size":30,"gamma":0.5}'
//                (default StepLR step_size 30, gamma 0.5)
//   base-lr      the optimizer's lr, η₀ (default 0.1; Keras schedules and CyclicLR / OneCycleLR set their own)
//   steps        number of updates plotted (default 100, at most 100000)
//   controls     comma-separated parameters that get a control: schedule fields ("gamma,step_size"), "base-lr",
//                "steps", and "drop", "n" of the subtractive overlay; default: every numeric field given, and
//                base-lr where the schedule uses it; "none" for no controls
//   compare      JSON array of schedules drawn over it for comparison; each may carry a "label"
//                (and a "base_lr" of its own)
//   subtractive  JSON {"drop": 0.01, "n": 10} (optional "lr0", default base-lr): overlays lr0 − drop·⌊t/n⌋, the
//                subtractive step decay of some tutorials, labelled as NOT a library schedule
//   metrics      JSON array: the loss ReduceLROnPlateau watches (metrics[i] reported after update i); without it
//                the element draws a seeded synthetic loss
//   seed         seed of that synthetic loss (default 1)
//   scale        "linear" (default) or "log" y axis
//   step         the step shown in the readout and formula (default 0)
//   label        legend name of the main schedule (default its type)
// Events (bubbling, composed): `schedulechange` (detail: { schedule, baseLr, steps }) when a control changes the
// schedule, `stepchange` (detail: { step, lr }) when the inspected step changes.

import { whenVisible } from '../shared/visible.js';
import { loadWasm, errorMessage } from '../shared/wasm.js';
import { createSlider } from '../shared/slider.js';
import { drawLineChart } from '../shared/chart.js';
import { runInk, themeInk } from '../shared/colors.js';
import { formatNumber, formatPlain } from '../shared/format.js';
import { loadKatex, renderTex, texNum } from '../shared/formula.js';
import { page } from '../shared/page.js';
import { explain } from './formulas.js';
import { controlSpec, defaultControls, DEFAULTS } from './params.js';
import { plateauLoss, subtractiveRates, niceTicks } from './synth.js';
import { scheduleDocs } from './docs.js';
import { attributesOf, createEmbedButton, embedCode } from '../embed/code.js';
import { languageOf, logNote, sliderWords, translator } from '../shared/i18n.js';
import { localizeSlider } from '../surface/localize.js';
import { GLOSSES, STRINGS } from './strings.js';

export const TAG = 'descent-schedule';

const DEFAULT_SCHEDULE = { type: 'StepLR', step_size: 30, gamma: 0.5 };
const MAX_STEPS = 100000;
const ATTRIBUTES = ['schedule', 'base-lr', 'steps', 'controls', 'compare', 'subtractive', 'metrics', 'seed', 'scale', 'step', 'label'];
const CSS = `
:host { display: block; container-type: inline-size; min-width: 0;
  font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "PingFang SC", "Noto Sans CJK SC", "Microsoft YaHei", sans-serif; }
:host([hidden]) { display: none; }
[hidden] { display: none !important; }
* { box-sizing: border-box; }
.root { --ink: #1d2330; --muted: #566074; --bg: #ffffff; --line: #d5dbe5; --panel: #f4f6fa; --focus: #1a73e8;
  --warn-bg: #fff4e5; --warn-ink: #8a4b00; --field: #ffffff; --sub: #c2410c;
  color: var(--ink); background: var(--bg); border: 1px solid var(--line); border-radius: 10px; padding: 10px;
  display: grid; gap: 8px; grid-template-columns: minmax(0, 1fr); color-scheme: light; }
.root.dark { --ink: #e6e8ee; --muted: #a5abba; --bg: #11151c; --line: #323a48; --panel: #1a1f29; --focus: #8ab4ff;
  --warn-bg: #3a2a12; --warn-ink: #ffd596; --field: #0d1117; --sub: #fdba74; color-scheme: dark; }
.head { display: flex; flex-wrap: wrap; gap: 4px 10px; align-items: baseline; }
.title { font-weight: 700; }
.config { font: 12px/1.4 ui-monospace, Menlo, Consolas, monospace; color: var(--muted); overflow-wrap: anywhere; }
canvas { display: block; width: 100%; height: 220px; border-radius: 6px; touch-action: pan-y; cursor: crosshair; }
canvas.aux { height: 120px; }
@container (max-width: 480px) { canvas { height: 190px; } canvas.aux { height: 100px; } }
canvas:focus-visible { outline: 3px solid var(--focus); outline-offset: 2px; }
.legend { display: flex; flex-wrap: wrap; gap: 4px 14px; font-size: 13px; margin: 0; padding: 0; list-style: none; }
.legend li { display: flex; align-items: center; gap: 6px; }
.swatch { width: 18px; height: 3px; border-radius: 2px; flex: none; }
.legend .sub { color: var(--sub); }
.readout { margin: 0; font-variant-numeric: tabular-nums; font-weight: 600; }
.formula { background: var(--panel); border-radius: 6px; padding: 4px 10px; overflow-x: auto; min-height: 2.4em; }
.formula .katex-display { margin: 6px 0; }
.note, .hint { margin: 0; font-size: 13px; color: var(--muted); }
.message { margin: 0; background: var(--warn-bg); color: var(--warn-ink); border-radius: 6px; padding: 6px 8px;
  font-size: 13px; overflow-wrap: anywhere; }
.message:empty { display: none; }
.controls { display: grid; gap: 6px 16px; grid-template-columns: repeat(auto-fill, minmax(230px, 1fr)); }
.controls:empty { display: none; }
.slider { display: grid; grid-template-columns: minmax(0, 1fr) 5.5em; gap: 2px 8px; align-items: center; }
.slider-label { grid-column: 1 / -1; font-size: 13px; color: var(--muted); font-family: ui-monospace, Menlo, Consolas, monospace; }
.slider input[type=range] { width: 100%; min-height: 28px; accent-color: var(--focus); }
.slider-text, select { font: inherit; color: var(--ink); background: var(--field); border: 1px solid var(--line);
  border-radius: 6px; padding: 3px 6px; min-height: 30px; width: 100%; }
.slider-text[aria-invalid=true] { border-color: #d92d20; }
.slider-error { grid-column: 1 / -1; font-size: 12px; color: var(--warn-ink); }
.slider-error:empty { display: none; }
.gloss { white-space: nowrap; font-family: system-ui, -apple-system, "Segoe UI", Roboto, "PingFang SC", "Noto Sans CJK SC", "Microsoft YaHei", sans-serif; }
.flag, .choice { display: flex; align-items: center; gap: 8px; font-size: 13px; font-family: ui-monospace, Menlo, Consolas, monospace; color: var(--muted); }
.choice select { width: auto; }
input:focus-visible, select:focus-visible { outline: 3px solid var(--focus); outline-offset: 1px; }
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

/** Parse a JSON attribute; throws an Error naming it (in the words of `t`). */
function parseJsonAttr(t, name, raw) {
  try {
    return JSON.parse(raw);
  } catch (err) {
    throw new Error(t('notJson', { name, detail: err.message }));
  }
}

/** A number attribute within [lo, hi]; throws an Error naming it (in the words of `t`). */
function parseNumberAttr(t, name, raw, fallback, lo, hi, integer = false) {
  if (raw === null || raw.trim() === '') return fallback;
  const v = Number(raw);
  if (!Number.isFinite(v) || v < lo || v > hi || (integer && !Number.isInteger(v))) {
    throw new Error(t(integer ? 'notWholeIn' : 'notNumberIn', { name, raw: JSON.stringify(raw), lo, hi }));
  }
  return v;
}

/** Strip the display-only "label" (and per-item "base_lr") from a compare entry. */
function splitCompare(t, item, i) {
  if (!item || typeof item !== 'object' || Array.isArray(item)) throw new Error(t('compareItem', { i }));
  const { label, base_lr: baseLr, ...schedule } = item;
  return { label: typeof label === 'string' ? label : schedule.type, baseLr, schedule };
}

export class DescentSchedule extends HTMLElement {
  /** The element name (www/descent.js registers every element by its `tag`). */
  static tag = TAG;

  /** Attributes, events and methods (the kit's documentation convention, www/js/embed/docs.js). */
  static docs = scheduleDocs({ schedule: DEFAULT_SCHEDULE, baseLr: 0.1, steps: 100, maxSteps: MAX_STEPS, seed: 1, maxCompare: 5 });

  static get observedAttributes() {
    return ATTRIBUTES;
  }

  /** The embed code of the element as it is now: the script-tag form and the iframe form (www/embed.html). */
  embedCode() {
    const { title, height } = DescentSchedule.docs;
    return embedCode(TAG, attributesOf(this, ATTRIBUTES), { title, height });
  }

  constructor() {
    super();
    this._root = this.attachShadow({ mode: 'open' });
    this._state = null; // the last good parsed attributes
    this._data = null; // the last good computed series
    this._wasm = null;
    this._hover = null; // a step under the pointer, or null
    this._reflecting = false;
    this._cleanup = [];
    this._built = false;
    this._visible = false;
    this._katex = null;
    this._controlsKey = '';
  }

  connectedCallback() {
    // The interface language is read where the element first connects (shared/i18n.js); it stays after that.
    if (!this._built) {
      this._lang = languageOf(this);
      this._zh = this._lang === 'zh';
      this._t = translator(STRINGS, this._lang);
      this._build();
    }
    const p = page();
    this._dark = p.prefersDark();
    this._cleanup.push(
      p.onColorSchemeChange(() => {
        this._dark = p.prefersDark();
        this._applyTheme();
        this._draw();
      }),
    );
    this._applyTheme();
    if (typeof ResizeObserver === 'function') {
      const ro = new ResizeObserver(() => this._draw());
      ro.observe(this._els.root);
      this._cleanup.push(() => ro.disconnect());
    }
    // Start when (nearly) on screen: no WASM work for widgets far down a long lesson.
    const io = whenVisible(this, () => this._start(), '300px');
    this._cleanup.push(() => io.disconnect());
  }

  disconnectedCallback() {
    // No WASM handles to free here (lrSchedule returns plain arrays); stop every listener and observer.
    for (const stop of this._cleanup.splice(0)) stop();
  }

  attributeChangedCallback(name, oldValue, newValue) {
    if (oldValue === newValue || !this._built) return;
    if (this._reflecting) return;
    if (name === 'step') {
      this._readStep();
      this._draw();
      this._showStep();
      return;
    }
    this._update();
  }

  // ----- DOM -----

  _build() {
    this._built = true;
    const r = this._root;
    const s = styleSheet();
    if (s) r.adoptedStyleSheets = [s];
    else {
      const style = document.createElement('style');
      style.textContent = CSS;
      r.append(style);
    }
    const el = (tag, cls, parent) => {
      const e = document.createElement(tag);
      if (cls) e.className = cls;
      parent?.append(e);
      return e;
    };
    const root = el('div', 'root', r);
    const head = el('div', 'head', root);
    const title = el('span', 'title', head);
    const config = el('code', 'config', head);
    const message = el('p', 'message', root);
    message.setAttribute('role', 'alert');
    const chart = el('canvas', 'chart', root);
    chart.tabIndex = 0;
    chart.setAttribute('role', 'slider');
    chart.setAttribute('aria-valuemin', '0');
    const aux = el('canvas', 'chart aux', root);
    aux.hidden = true;
    aux.setAttribute('role', 'img');
    const legend = el('ul', 'legend', root);
    const readout = el('p', 'readout', root);
    readout.setAttribute('aria-live', 'polite');
    const formula = el('div', 'formula', root);
    const note = el('p', 'note', root);
    note.hidden = true;
    const controls = el('div', 'controls', root);
    const share = createEmbedButton(root, () => this.embedCode(), {
      label: this._t('embed'),
      copied: this._t('embedCopied'),
      copyByHand: this._t('copyByHand'),
      boxLabel: this._t('embedBox'),
    });
    this._els = { root, title, config, message, chart, aux, legend, readout, formula, note, controls, share: share.root };
    readout.textContent = this._t('loading');

    const stepFromEvent = (e) => {
      if (!this._chartInfo || !this._data) return null;
      const rect = chart.getBoundingClientRect();
      return Math.min(this._data.steps - 1, this._chartInfo.stepAt(e.clientX - rect.left));
    };
    chart.addEventListener('pointermove', (e) => {
      const t = stepFromEvent(e);
      if (t === null) return;
      if (e.buttons & 1) this._setStep(t, true);
      else if (t !== this._hover) {
        this._hover = t;
        this._draw();
        this._showStep();
      }
    });
    chart.addEventListener('pointerdown', (e) => {
      const t = stepFromEvent(e);
      if (t !== null) this._setStep(t, true);
    });
    chart.addEventListener('pointerleave', () => {
      this._hover = null;
      this._draw();
      this._showStep();
    });
    chart.addEventListener('keydown', (e) => {
      if (!this._data) return;
      const last = this._data.steps - 1;
      const big = Math.max(1, Math.round(this._data.steps / 10));
      const moves = { ArrowLeft: -1, ArrowDown: -1, ArrowRight: 1, ArrowUp: 1, PageDown: -big, PageUp: big };
      let t = this._step;
      if (e.key in moves) t += moves[e.key];
      else if (e.key === 'Home') t = 0;
      else if (e.key === 'End') t = last;
      else return;
      e.preventDefault();
      this._hover = null;
      this._setStep(Math.max(0, Math.min(last, t)), true);
    });
  }

  _applyTheme() {
    this._els?.root.classList.toggle('dark', !!this._dark);
  }

  // ----- attributes -> state -----

  _readStep() {
    try {
      this._step = parseNumberAttr(this._t, 'step', this.getAttribute('step'), 0, 0, MAX_STEPS, true);
    } catch {
      this._step = 0;
    }
    if (this._data) this._step = Math.min(this._step, this._data.steps - 1);
  }

  /** Parse every attribute; throws an Error naming the first bad one. */
  _parse() {
    const t = this._t;
    const raw = this.getAttribute('schedule');
    const schedule = raw ? parseJsonAttr(t, 'schedule', raw) : { ...DEFAULT_SCHEDULE };
    if (!schedule || typeof schedule !== 'object' || Array.isArray(schedule)) throw new Error(t('scheduleObject'));
    const baseLr = parseNumberAttr(t, 'base-lr', this.getAttribute('base-lr'), 0.1, 0, 1000);
    const steps = parseNumberAttr(t, 'steps', this.getAttribute('steps'), 100, 1, MAX_STEPS, true);
    const compareRaw = this.getAttribute('compare');
    const compareList = compareRaw ? parseJsonAttr(t, 'compare', compareRaw) : [];
    if (!Array.isArray(compareList)) throw new Error(t('compareArray'));
    if (compareList.length > 5) throw new Error(t('compareMax'));
    const compare = compareList.map((item, i) => splitCompare(t, item, i));
    const subRaw = this.getAttribute('subtractive');
    let subtractive = null;
    if (subRaw) {
      const s = parseJsonAttr(t, 'subtractive', subRaw);
      if (!s || typeof s !== 'object') throw new Error(t('subtractiveObject'));
      const drop = Number(s.drop);
      const n = Number(s.n);
      const lr0 = s.lr0 === undefined ? baseLr : Number(s.lr0);
      if (!(Number.isFinite(drop) && drop >= 0)) throw new Error(t('subtractiveDrop', { v: JSON.stringify(s.drop) }));
      if (!(Number.isInteger(n) && n >= 1)) throw new Error(t('subtractiveN', { v: JSON.stringify(s.n) }));
      if (!Number.isFinite(lr0)) throw new Error(t('subtractiveLr0', { v: JSON.stringify(s.lr0) }));
      subtractive = { drop, n, lr0, lr0Given: s.lr0 !== undefined };
    }
    const metricsRaw = this.getAttribute('metrics');
    let metrics = null;
    if (metricsRaw) {
      metrics = parseJsonAttr(t, 'metrics', metricsRaw);
      if (!Array.isArray(metrics) || metrics.some((v) => typeof v !== 'number' || !Number.isFinite(v))) throw new Error(t('metricsArray'));
    }
    const seed = parseNumberAttr(t, 'seed', this.getAttribute('seed'), 1, 0, 2 ** 32 - 1, true);
    const scale = this.getAttribute('scale') === 'log' ? 'log' : 'linear';
    const controlsRaw = this.getAttribute('controls');
    let controls;
    if (controlsRaw === null) controls = defaultControls(schedule);
    else if (controlsRaw.trim() === 'none' || controlsRaw.trim() === '') controls = [];
    else controls = controlsRaw.split(',').map((s) => s.trim()).filter(Boolean);
    const label = this.getAttribute('label') || schedule.type;
    return { schedule, baseLr, steps, compare, subtractive, metrics, seed, scale, controls, label };
  }

  async _start() {
    if (this._visible) return;
    this._visible = true;
    try {
      this._wasm = (await loadWasm('lite')).api;
    } catch (err) {
      this._els.message.textContent = this._t('failed', { detail: errorMessage(err) });
      this._els.readout.textContent = '';
      return;
    }
    if (typeof this._wasm.lrSchedule !== 'function') {
      this._els.message.textContent = this._t('failed', { detail: 'lrSchedule is missing (run npm run build)' });
      this._els.readout.textContent = '';
      return;
    }
    loadKatex(this._root)
      .then((k) => {
        this._katex = k;
        this._showStep();
      })
      .catch(() => {});
    this._update();
  }

  /** Re-read the attributes and recompute; on error keep the last good plot and show the message. */
  _update() {
    if (!this._wasm) return;
    let state;
    try {
      state = this._parse();
    } catch (err) {
      this._fail(errorMessage(err));
      return;
    }
    let data;
    try {
      data = this._compute(state);
    } catch (err) {
      this._fail(errorMessage(err));
      return;
    }
    this._els.message.textContent = '';
    this._state = state;
    this._data = data;
    this._readStep();
    this._renderControls();
    this._renderHead();
    this._renderLegend();
    this._draw();
    this._showStep();
  }

  _fail(message) {
    this._els.message.textContent = this._t('bad', { message });
    if (!this._data) this._els.readout.textContent = '';
  }

  /** Every series, from the core. Throws the core's Error (it names the field) for a bad config. */
  _compute(state) {
    const { schedule, baseLr, steps } = state;
    const run = (sched, lr, what) => {
      const isPlateau = sched.type === 'ReduceLROnPlateau';
      let metrics;
      if (isPlateau) {
        metrics = state.metrics ?? plateauLoss(steps, state.seed);
        if (metrics.length < steps) throw new Error(this._t('metricsShort', { n: metrics.length, steps }));
      }
      try {
        const out = this._wasm.lrSchedule(sched, { base_lr: lr, steps, ...(isPlateau ? { metrics } : {}) });
        return { lrs: Array.from(out.lrs), momentums: out.momentums ? Array.from(out.momentums) : null, metrics: isPlateau ? metrics.slice(0, steps) : null };
      } catch (err) {
        throw new Error(what ? `${what}: ${errorMessage(err)}` : errorMessage(err));
      }
    };
    const main = run(schedule, baseLr, '');
    const compare = state.compare.map((c, i) => ({ ...c, ...run(c.schedule, c.baseLr ?? baseLr, `compare[${i}]`) }));
    const sub = state.subtractive ? subtractiveRates(state.subtractive.lr0, state.subtractive.drop, state.subtractive.n, steps) : null;
    return { steps, main, compare, sub };
  }

  // ----- rendering -----

  _renderHead() {
    const { schedule, baseLr } = this._state;
    this._els.title.textContent = this._state.label;
    const usesBase = defaultControls({ type: schedule.type }).includes('base-lr');
    this._els.config.textContent = JSON.stringify(schedule) + (usesBase ? `, base_lr = ${formatPlain(baseLr)}` : '');
    const n = this._data.steps;
    this._els.chart.setAttribute('aria-label', this._t('chartLabel', { type: this._state.label }));
    this._els.chart.setAttribute('aria-valuemax', String(n - 1));
  }

  _series() {
    const d = this._data;
    // The main schedule in blue, comparisons in red, pink, lime..., the subtractive overlay in orange.
    const list = [{ values: d.main.lrs, color: runInk(3, this._dark), label: this._state.label }];
    const compareInk = [0, 4, 5, 1, 2];
    d.compare.forEach((c, i) => list.push({ values: c.lrs, color: runInk(compareInk[i % compareInk.length], this._dark), label: c.label }));
    if (d.sub) list.push({ values: d.sub.rates, color: this._dark ? '#fdba74' : '#ea580c', label: 'sub' });
    return list;
  }

  _renderLegend() {
    const ul = this._els.legend;
    ul.replaceChildren();
    const d = this._data;
    if (!d.compare.length && !d.sub) return;
    const item = (color, text, cls) => {
      const li = document.createElement('li');
      if (cls) li.className = cls;
      const sw = document.createElement('span');
      sw.className = 'swatch';
      sw.style.background = color;
      li.append(sw, document.createTextNode(text));
      ul.append(li);
    };
    const series = this._series();
    item(series[0].color, this._state.label);
    d.compare.forEach((c, i) => item(series[i + 1].color, c.label));
    if (d.sub) {
      const s = this._state.subtractive;
      const t0 = d.sub.firstNonPositive;
      const text = this._t('subLegend', {
        formula: `lr₀ − ${formatNumber(s.drop, 4)}·⌊t/${s.n}⌋`,
        notLibrary: this._t('notLibrary'),
        negative: t0 < 0 ? this._t('neverZero') : this._t('zeroAt', { t: t0 }),
      });
      item(series[series.length - 1].color, text, 'sub');
    }
  }

  _renderControls() {
    const { schedule, controls, steps, baseLr, subtractive } = this._state;
    const key = JSON.stringify([schedule.type, controls, steps, Object.keys(schedule), !!subtractive]);
    if (key === this._controlsKey) {
      // Same controls: only sync their values (an attribute changed from outside).
      for (const c of this._controls ?? []) c.sync();
      return;
    }
    this._controlsKey = key;
    const box = this._els.controls;
    box.replaceChildren();
    this._controls = [];
    const unknown = [];
    for (const name of controls) {
      const current = () => {
        const st = this._state;
        if (name === 'base-lr') return st.baseLr;
        if (name === 'steps') return st.steps;
        if ((name === 'drop' || name === 'n') && st.subtractive && !(name in st.schedule)) return st.subtractive[name];
        return st.schedule[name] ?? DEFAULTS[st.schedule.type]?.[name];
      };
      const spec = controlSpec(schedule.type, name, { steps, baseLr });
      if (!spec || current() === undefined) {
        unknown.push(name);
        continue;
      }
      const set = (v) => this._setParam(name, v);
      if (spec.kind === 'flag') {
        const label = document.createElement('label');
        label.className = 'flag';
        const cb = document.createElement('input');
        cb.type = 'checkbox';
        cb.checked = current() === true;
        cb.addEventListener('change', () => set(cb.checked));
        label.append(cb, ...this._nameWithGloss(name));
        box.append(label);
        this._controls.push({ sync: () => (cb.checked = current() === true) });
      } else if (spec.kind === 'choice') {
        const label = document.createElement('label');
        label.className = 'choice';
        const sel = document.createElement('select');
        for (const o of spec.options) sel.add(new Option(o, o));
        sel.value = current();
        sel.addEventListener('change', () => set(sel.value));
        label.append(...this._nameWithGloss(name), sel);
        box.append(label);
        this._controls.push({ sync: () => (sel.value = current()) });
      } else {
        const v = current();
        const slider = createSlider({
          label: name,
          min: Math.min(spec.min, v),
          max: Math.max(spec.max, v),
          scale: spec.scale ?? 'linear',
          integer: spec.integer,
          hardMin: spec.hardMin,
          hardMax: spec.hardMax,
          openMin: spec.openMin,
          openMax: spec.openMax,
          value: v,
          ...sliderWords(this._lang),
          onInput: set,
        });
        if (this._zh) {
          localizeSlider(slider, GLOSSES[name] ? `${GLOSSES[name]} ${name}` : name);
          slider.root.querySelector('.slider-label').replaceChildren(...this._nameWithGloss(name));
        }
        box.append(slider.root);
        this._controls.push({ sync: () => slider.set(current()) });
      }
    }
    if (unknown.length) {
      this._els.message.textContent = this._t('noControl', { names: unknown.map((u) => JSON.stringify(u)).join(this._zh ? '、' : ', ') });
    }
  }

  /** A control's name as nodes: the config name, after a short Chinese name on a Chinese page ("衰减因子 gamma"). */
  _nameWithGloss(name) {
    const gloss = this._zh ? GLOSSES[name] : null;
    if (!gloss) return [name];
    const named = document.createElement('span');
    const span = document.createElement('span');
    span.className = 'gloss';
    span.textContent = gloss;
    named.append(span, ` ${name}`);
    return [named];
  }

  /** A control moved: update the config, recompute, and reflect it into the attributes. */
  _setParam(name, value) {
    const st = this._state;
    const next = { ...st, schedule: { ...st.schedule }, subtractive: st.subtractive ? { ...st.subtractive } : null };
    if (name === 'base-lr') next.baseLr = value;
    else if (name === 'steps') next.steps = value;
    else if ((name === 'drop' || name === 'n') && next.subtractive && !(name in next.schedule)) next.subtractive[name] = value;
    else next.schedule[name] = value;
    if (next.subtractive && !next.subtractive.lr0Given) next.subtractive.lr0 = next.baseLr;
    let data;
    try {
      data = this._compute(next);
    } catch (err) {
      this._fail(errorMessage(err));
      return;
    }
    this._els.message.textContent = '';
    this._state = next;
    this._data = data;
    this._step = Math.min(this._step, data.steps - 1);
    this._reflect();
    if (name === 'steps' || name === 'base-lr') this._renderControls();
    this._renderHead();
    this._renderLegend();
    this._draw();
    this._showStep();
    this.dispatchEvent(new CustomEvent('schedulechange', { bubbles: true, composed: true, detail: { schedule: next.schedule, baseLr: next.baseLr, steps: next.steps } }));
  }

  _reflect() {
    const st = this._state;
    this._reflecting = true;
    try {
      this.setAttribute('schedule', JSON.stringify(st.schedule));
      if (this.hasAttribute('base-lr') || st.baseLr !== 0.1) this.setAttribute('base-lr', formatPlain(st.baseLr));
      if (this.hasAttribute('steps') || st.steps !== 100) this.setAttribute('steps', String(st.steps));
      if (st.subtractive) {
        const s = { drop: st.subtractive.drop, n: st.subtractive.n };
        if (st.subtractive.lr0Given) s.lr0 = st.subtractive.lr0;
        this.setAttribute('subtractive', JSON.stringify(s));
      }
    } finally {
      this._reflecting = false;
    }
  }

  _draw() {
    if (!this._data || !this._els) return;
    const ink = themeInk(this._dark);
    const dpr = page().pixelRatio();
    const d = this._data;
    const cursor = this._hover ?? this._step;
    const ticks = (lo, hi, count) => niceTicks(lo, hi, count);
    this._chartInfo = drawLineChart(this._els.chart, {
      series: this._series(),
      steps: Math.max(1, d.steps - 1),
      cursor,
      title: this._t('lr'),
      logNote: logNote(this._lang),
      yScale: this._state.scale,
      ticks,
      ink,
      dpr,
    });
    const aux = this._els.aux;
    const m = d.main;
    if (m.metrics || m.momentums) {
      aux.hidden = false;
      const values = m.metrics ?? m.momentums;
      const title = this._t(m.metrics ? 'loss' : 'momentum');
      aux.setAttribute('aria-label', title);
      drawLineChart(aux, { series: [{ values, color: runInk(1, this._dark) }], steps: Math.max(1, d.steps - 1), cursor, title, yScale: 'linear', ticks, ink, dpr });
    } else {
      aux.hidden = true;
    }
  }

  _setStep(t, fromUser) {
    if (t === this._step) {
      this._draw();
      this._showStep();
      return;
    }
    this._step = t;
    if (fromUser) {
      this._reflecting = true;
      this.setAttribute('step', String(t));
      this._reflecting = false;
    }
    this._draw();
    this._showStep();
    this.dispatchEvent(new CustomEvent('stepchange', { bubbles: true, composed: true, detail: { step: t, lr: this._data.main.lrs[t] } }));
  }

  _showStep() {
    if (!this._data || !this._els) return;
    const t = Math.min(this._hover ?? this._step, this._data.steps - 1);
    const lr = this._data.main.lrs[t];
    const text = this._t('readout', { t, lr: formatNumber(lr, 4) });
    const parts = [text];
    for (const c of this._data.compare) parts.push(`${c.label}: ${formatNumber(c.lrs[t], 4)}`);
    if (this._data.sub) parts.push(`lr₀ − drop·⌊t/n⌋: ${formatNumber(this._data.sub.rates[t], 4)}`);
    if (this._data.main.metrics) parts.push(this._t('lossEq', { v: formatNumber(this._data.main.metrics[t], 4) }));
    if (this._data.main.momentums) parts.push(this._t('momentumEq', { v: formatNumber(this._data.main.momentums[t], 4) }));
    this._els.readout.textContent = parts.join(' · ');
    this._els.chart.setAttribute('aria-valuenow', String(t));
    this._els.chart.setAttribute('aria-valuetext', parts.join(this._zh ? '，' : ', '));

    const ex = explain(this._state.schedule, t, { baseLr: this._state.baseLr, lrs: this._data.main.lrs });
    const notes = [];
    if (ex.note === 'past-tmax') notes.push(this._t('pastTmax'));
    if (this._data.main.metrics && !this._state.metrics) notes.push(this._t('synthetic', { seed: this._state.seed }));
    this._els.note.hidden = notes.length === 0;
    this._els.note.textContent = notes.join(this._zh ? '' : ' ');
    if (this._katex) {
      const lines = [ex.symbolic, ...(ex.given ? [ex.given] : []), `${ex.substituted} = ${texNum(lr, 5)}`];
      const tex = `\\begin{aligned}${lines.map((l) => `&${l}`).join('\\\\ ')}\\end{aligned}`;
      const box = document.createElement('div');
      renderTex(this._katex, tex, box);
      this._els.formula.replaceChildren(box);
    }
  }
}

/** Register the element (idempotent). */
export function define(registry = customElements) {
  if (!registry.get(TAG)) registry.define(TAG, DescentSchedule);
}
