// <descent-search>: grid search, random search and Bayesian optimization spend the same budget, with the same
// seed, on the same objective, side by side; the Gaussian process's belief (posterior mean and standard deviation)
// and the acquisition that picks each next trial are drawn live. A second tab shows hypergradient descent: the
// learning rate itself updated by the gradient of the loss with respect to it.
//
// Rust owns the numbers and the pixels (SearchLab runs the trials, fits the GP and colours the heatmaps in WASM
// memory; hypergradientDescent and SurfaceView do the second tab); this file owns the DOM, the frame loop and the
// state. The attribute table (names, values, defaults, events, methods) is in props.js; the state round-trips
// through attributes and, for one element with `sync-url`, the page URL.

import { dispatchChange, reflectAttributes } from '../shared/reflect.js';
import { whenVisible } from '../shared/visible.js';
import { drawLineChart } from '../shared/chart.js';
import { MAX_RUNS, runColor, runColorName, runInk, themeInk } from '../shared/colors.js';
import { formatNumber, formatPlain } from '../shared/format.js';
import { claimUrl, page, releaseUrl } from '../shared/page.js';
import { createSlider } from '../shared/slider.js';
import {
  attributeState,
  escapeHtml,
  formatHash,
  formatProp,
  htmlAttribute,
  nonDefaultEntries,
  parseNumber,
  parseProp,
  urlState,
} from '../shared/state.js';
import { bytesAt, errorMessage, loadWasm } from '../shared/wasm.js';
import { languageOf, logNote, sliderWords, translator } from '../shared/i18n.js';
import { DOCS } from './docs.js';
import { SHAPES, drawCurvePanel, drawHeatPanel, drawSurfacePaths, toUnit } from './draw.js';
import {
  ATTRIBUTES, DATASETS, HD_PROPS, HD_STARTS, HD_SURFACES, KERNEL_PRESETS, METHODS, NET_PARAMS, OBJECTIVES, PROP, PROPS,
  SEARCH_PROPS, kernelSpec, labConfig,
} from './props.js';
import {
  DATASET_LABELS, HD_SURFACE_LABELS, KERNEL_LABELS, OBJECTIVE_LABELS, PARAM_LABELS, STRINGS, labelOf, localizeStateMessage,
} from './strings.js';
import { adoptStyles } from './styles.js';
import { template } from './template.js';

const DESCENT_JS = new URL('../../descent.js', import.meta.url).href;
const EMBED_HTML = new URL('../../embed.html', import.meta.url).href;
/** Resolution of the posterior heatmaps (the benchmarked size: scripts/bench-search.mjs). */
const HEAT_RES = 100;
/** Points of the 1-D curves. */
const CURVE_POINTS = 241;
/** Index of a named run colour of shared/colors.js. */
function colorIndex(name) {
  for (let i = 0; i < MAX_RUNS; i++) if (runColorName(i) === name) return i;
  return 0;
}
/** Colour (shared/colors.js) of each method, and of the two hypergradient paths. */
const METHOD_COLOR = { grid: colorIndex('orange'), random: colorIndex('cyan'), bayes: colorIndex('red') };
const HD_COLOR = colorIndex('orange');
const SGD_COLOR = colorIndex('white');
/** Longest time one frame spends on trials while running to the end (ms). */
const RUN_SLICE_MS = 40;
const FIELD = { truth: 0, mean: 1, std: 2, acquisition: 3 };
/** Cells per side of the map of the network's true loss (each cell one training run, or cv_folds of them). */
const MAP_SIDE = 20;
/** The strings.js key of each method's name. */
const METHOD_KEY = { grid: 'methodGrid', random: 'methodRandom', bayes: 'methodBayes' };

export class DescentSearch extends HTMLElement {
  static tag = 'descent-search';

  /** Attributes, events, methods and properties, in the kit's convention (js/embed/docs.js). */
  static docs = DOCS;

  static get observedAttributes() {
    return ATTRIBUTES;
  }

  constructor() {
    super();
    this._root = this.attachShadow({ mode: 'open' });
    adoptStyles(this._root);
    this._render(languageOf(this));
    this._started = false;
    this._generation = 0;
    this._dirty = new Set();
    this._raf = 0;
    this._playing = false;
    this._running = false;
    this._trials = [];
    this._heat = null;
    this._perf = { last: {}, mean: {}, count: {} };
  }

  /** Lay out the shadow DOM in `lang` ('en' or 'zh'): static markup only (see template.js). */
  _render(lang) {
    this._lang = lang;
    this._t = translator(STRINGS, lang);
    this._root.querySelector('.root')?.remove(); // (a <style> of adoptStyles' fallback stays)
    const markup = document.createElement('template');
    markup.innerHTML = template(this._t, lang); // static markup only (see template.js)
    this._root.append(markup.content);
    this._el = {};
    for (const node of this._root.querySelectorAll('[id]')) this._el[node.id] = node;
    const q = (sel) => this._root.querySelector(sel);
    Object.assign(this._el, {
      root: q('.root'),
      messages: q('.messages'),
      panels: q('.panels'),
      shareBox: q('.share textarea'),
      copied: q('.share .copied'),
    });
    this._setStatus(this._t('loading'));
  }

  /** A method's name in the element's language. */
  _methodLabel(m) {
    return this._t(METHOD_KEY[m]);
  }

  // ----- public API -----

  /** Run one trial per method every 1/speed seconds until the budget is spent. */
  play() {
    if (!this._started) {
      this._playWhenStarted = true;
      return;
    }
    if (!this._lab || this._lab.isDone()) return;
    this._playing = true;
    this._running = false;
    this._playClock = null;
    this._stepAcc = 1; // the first step right away
    this._updateButtons();
    this._request('play');
  }

  /** Stop playing or running to the end. */
  pause() {
    this._playWhenStarted = false;
    if (!this._playing && !this._running) return;
    this._playing = false;
    this._running = false;
    this._updateButtons();
    this._announce();
    this._commit();
  }

  /** Start the search over (no trials), paused. */
  reset() {
    this._playWhenStarted = false;
    this._playing = false;
    this._running = false;
    if (this._started) this._update({ trials: 0 });
    this._updateButtons();
  }

  /** One trial of each method (if budget is left). */
  step() {
    if (!this._started || !this._lab) return false;
    const ran = this._stepOnce();
    this._announce();
    this._commit();
    return ran;
  }

  /** Spend the rest of the budget (a slice of trials per frame, so the page stays responsive). */
  runToEnd() {
    if (!this._started || !this._lab || this._lab.isDone()) return;
    this._playing = false;
    this._running = true;
    this._updateButtons();
    this._request('play');
  }

  /** Whether the element is playing or running to the end. */
  get playing() {
    return this._playing || this._running;
  }

  /** Whether every method has spent its budget. */
  get done() {
    return Boolean(this._lab?.isDone());
  }

  /** Every trial so far: `{ method, index, point, value, truth, folds, diverged }` (copies). */
  get trials() {
    return this._trials.map((t) => ({ ...t, point: Array.from(t.point), folds: Array.from(t.folds) }));
  }

  /** Timings in milliseconds (`last`, `mean`, `count`) of `step`, `render` (GP posterior + colours in WASM),
   * `panels`, `chart`, `hd` and `frame`. */
  get perf() {
    return structuredClone(this._perf);
  }

  // ----- lifecycle -----

  connectedCallback() {
    // The language is read when the element connects (an element made by a script has no ancestors before that).
    const lang = languageOf(this);
    if (lang !== this._lang && !this._controlsBuilt && !this._starting) this._render(lang);
    if (this._started || this._observer) return;
    this._observer = whenVisible(this, () => {
      this._observer = null;
      this._boot();
    });
  }

  disconnectedCallback() {
    this._generation++;
    this._observer?.disconnect();
    this._observer = null;
    this._resizeObserver?.disconnect();
    this._resizeObserver = null;
    for (const off of this._unsubscribe ?? []) off();
    this._unsubscribe = [];
    if (this._raf) cancelAnimationFrame(this._raf);
    this._raf = 0;
    this._playing = false;
    this._running = false;
    releaseUrl(this);
    // Free the WASM handles: the lab's pixel buffers and the surface view live in WASM memory.
    this._lab?.free();
    this._lab = null;
    this._labKey = null;
    this._hdView?.free();
    this._hdView = null;
    this._started = false;
    this._starting = false;
  }

  attributeChangedCallback(name, oldValue, value) {
    if (!this._started || this._reflecting || oldValue === value) return;
    const prop = PROP[name];
    if (!prop) return;
    const r = parseProp(prop, value);
    this._attrMessages.set(name, r.message ?? null);
    if (name === 'sync-url' || name === 'autoplay') {
      this._s[name] = r.value;
      this._renderMessages();
      return;
    }
    this._update({ [name]: r.value }, { source: 'attr' });
  }

  async _boot() {
    if (this._starting || this._started) return;
    this._starting = true;
    const generation = ++this._generation;
    let wasm;
    try {
      wasm = await loadWasm();
    } catch (err) {
      this._starting = false;
      this._attrMessages = new Map();
      this._fatal = this._t('wasmFailed', { detail: errorMessage(err) });
      this._setStatus('');
      this._renderMessages();
      return;
    }
    if (generation !== this._generation || !this.isConnected) return;
    this._wasm = wasm;
    this._api = wasm.api;
    this._unsubscribe = [];
    this._labMessage = null;
    if (!this._controlsBuilt) {
      this._buildControls();
      this._controlsBuilt = true;
    }
    this._readState();
    this._started = true;
    this._starting = false;
    this._applyTheme();
    this._ensureLab();
    this._syncControls();
    this._request('heat', 'panels', 'chart', 'table', 'hd');

    this._resizeObserver = new ResizeObserver(() => this._request('panels', 'chart', 'hd-draw'));
    this._resizeObserver.observe(this._el.panels);
    this._resizeObserver.observe(this._el['pane-hd']);
    this._unsubscribe.push(page().onColorSchemeChange(() => this._applyTheme(true)));
    if (this._syncUrl) this._unsubscribe.push(page().onHashChange(() => this._readUrl()));
    if (this._playWhenStarted || (this._s.autoplay && this._s.trials === 0 && !page().prefersReducedMotion())) {
      this._playWhenStarted = false;
      this.play();
    }
  }

  // ----- state -----

  _readState() {
    const fromAttrs = attributeState(PROPS, (name) => this.getAttribute(name));
    this._s = fromAttrs.values;
    this._attrMessages = fromAttrs.messages;
    this._syncUrl = this._s['sync-url'] && claimUrl(this);
    if (this._s['sync-url'] && !this._syncUrl) {
      this._attrMessages.set('sync-url', this._t('syncTaken'));
    }
    if (this._syncUrl) this._readUrl(true);
  }

  _readUrl(initial = false) {
    const read = urlState(PROPS, page().hash());
    if (!read) return;
    for (const [name, message] of read.messages) this._attrMessages.set(name, message);
    if (initial) Object.assign(this._s, read.values);
    else this._update(read.values, { source: 'url' });
  }

  /** Change settings; `source` is 'ui', 'attr' or 'url'. A change of the search itself starts it over. */
  _update(patch, { source = 'ui', commit = true } = {}) {
    const prev = this._s;
    const s = { ...prev, ...patch };
    const changed = (k) => k in patch && formatProp(PROP[k], patch[k]) !== formatProp(PROP[k], prev[k]);
    const searchChanged = SEARCH_PROPS.some(changed);
    if (searchChanged && !('trials' in patch)) s.trials = 0;
    this._s = s;
    if (searchChanged || changed('trials')) {
      this._playing = this._playing && !searchChanged;
      this._running = this._running && !searchChanged;
      this._ensureLab();
      this._request('heat', 'panels', 'chart', 'table');
    }
    if (changed('theme')) this._applyTheme(true);
    if (changed('tab')) this._request('panels', 'chart', 'hd');
    if (HD_PROPS.some(changed)) this._request('hd');
    this._syncControls();
    if (commit) {
      this._commitSource = this._commitSource === 'ui' || source !== 'attr' ? 'ui' : 'attr';
      this._request('commit');
    }
  }

  _commit() {
    this._commitSource = this._commitSource ?? 'ui';
    this._request('commit');
  }

  /** `[[name, text], ...]` of the non-default props, for attributes, the URL or the embed code. */
  _entries(which) {
    const network = this._s.objective === 'network';
    const irrelevant = network ? ['noise'] : ['space', 'dataset', 'epochs', 'cv_folds'];
    return nonDefaultEntries(PROPS, this._s, (p) => {
      if (irrelevant.includes(p.name)) return false;
      if (which === 'embed') return p.embed !== false;
      return p.url !== false;
    });
  }

  _doCommit() {
    const source = this._commitSource;
    this._commitSource = null;
    if (source !== 'attr') this._reflect();
    if (this._syncUrl) page().replaceHash(formatHash(this._entries('url')));
    dispatchChange(this, this._entries('embed'));
  }

  _reflect() {
    this._reflecting = true;
    try {
      for (const name of reflectAttributes(this, PROPS, this._entries('attributes'))) this._attrMessages.set(name, null);
    } finally {
      this._reflecting = false;
    }
    this._renderMessages();
  }

  // ----- the lab -----

  /** (Re)build the SearchLab when its config changed, and replay `trials` steps. */
  _ensureLab() {
    const cfg = labConfig(this._s);
    const key = JSON.stringify(cfg);
    if (key !== this._labKey) {
      let lab;
      try {
        lab = new this._api.SearchLab(cfg);
      } catch (err) {
        this._labMessage = this._t('labInvalid', { detail: errorMessage(err) });
        this._renderMessages();
        if (this._lab) return; // keep the previous search on screen
        this._trials = [];
        return;
      }
      this._lab?.free();
      this._lab = lab;
      this._labKey = key;
      this._info = lab.info();
      this._labMessage = null;
      this._trials = [];
      this._done = 0;
      this._heat = null;
      this._curves = null;
      this._surrogate = null;
      this._mapping = false;
      this._mapProgress = null;
    }
    // Bring the lab to `trials` steps (backwards means starting over): a link may ask for many steps, so they run
    // in time slices across frames (see _catchUp) and the page stays responsive.
    const want = Math.min(this._s.trials, this._maxSteps());
    if (want < this._done) {
      this._labKey = null;
      this._ensureLab();
      return;
    }
    this._target = want;
    this._catchUp(RUN_SLICE_MS);
    const s = this._s;
    this._labNote = s.methods.includes('bayes') && s.n_initial > s.budget
      ? this._t('nInitialAbove', { n: s.n_initial, budget: s.budget })
      : null;
    this._renderMessages();
  }

  /** Run steps towards `_target` for at most `ms` milliseconds; schedules the rest for the next frames. */
  _catchUp(ms) {
    if (!this._lab) return;
    const t0 = performance.now();
    while (this._done < this._target && !this._lab.isDone() && performance.now() - t0 < ms) this._runStep();
    if (this.replaying) {
      this._request('catchup', 'table');
    } else {
      this._request('heat', 'panels', 'chart', 'table');
    }
    this._updateButtons();
  }

  /** Whether a link's trials are still being replayed. */
  get replaying() {
    return Boolean(this._lab && this._done < this._target && !this._lab.isDone());
  }

  /** Steps that can run: the largest planned count among the methods. */
  _maxSteps() {
    const planned = this._info?.planned ?? {};
    return Math.max(0, ...Object.values(planned));
  }

  /** One lab step (no state commit); returns whether a trial ran. */
  _runStep() {
    const fresh = this._time('step', () => this._lab.step());
    const n = fresh.length;
    for (let i = 0; i < n; i++) this._trials.push(fresh[i]);
    if (n > 0) this._done++;
    return n > 0;
  }

  /** A step from the UI or the player: run it, update `trials`, redraw, fire `descent-step`. */
  _stepOnce() {
    if (!this._lab || this._lab.isDone()) return false;
    const ran = this._runStep();
    this._target = this._done;
    this._s = { ...this._s, trials: this._done };
    this._request('heat', 'panels', 'chart', 'table');
    this._updateButtons();
    this.dispatchEvent(new CustomEvent('descent-step', {
      bubbles: true,
      composed: true,
      detail: { trials: this._done, done: this._lab.isDone() },
    }));
    return ran;
  }

  // ----- frames -----

  _request(...what) {
    for (const w of what) this._dirty.add(w);
    if (!this._raf && this._started) this._raf = requestAnimationFrame((now) => this._frame(now));
  }

  _time(name, fn) {
    const t0 = performance.now();
    const r = fn();
    const dt = performance.now() - t0;
    const p = this._perf;
    p.last[name] = dt;
    p.count[name] = (p.count[name] ?? 0) + 1;
    p.mean[name] = (p.mean[name] ?? 0) + (dt - (p.mean[name] ?? 0)) / p.count[name];
    return r;
  }

  _frame(now) {
    this._raf = 0;
    if (!this._started) return;
    this._time('frame', () => {
      if (this._playing || this._running) this._advance(now);
      if (this._mapping) this._advanceMap();
      const d = this._dirty;
      this._dirty = new Set();
      if (d.has('catchup')) this._catchUp(RUN_SLICE_MS); // may ask for the next frame (into the new set)
      const searchShown = this._s.tab === 'search';
      if (d.has('heat') && this._lab) this._computeViews();
      if (searchShown && (d.has('panels') || d.has('heat'))) this._time('panels', () => this._drawPanels());
      if (searchShown && (d.has('chart') || d.has('heat'))) this._time('chart', () => this._drawBestChart());
      if (d.has('table') || d.has('heat')) this._updateTable();
      if (d.has('hd') && this._s.tab === 'hypergradient') this._time('hd', () => this._computeHd());
      if ((d.has('hd') || d.has('hd-draw')) && this._s.tab === 'hypergradient') this._drawHd();
      if (d.has('commit')) this._doCommit();
    });
    if (this._playing || this._running || this._mapping) this._request('play');
  }

  /** Evaluate more cells of the true-loss map (about 30 ms of training per frame). */
  _advanceMap() {
    if (!this._lab) {
      this._mapping = false;
      return;
    }
    const t0 = performance.now();
    let done = 0;
    let total = 0;
    do {
      [done, total] = this._lab.mapObjective(MAP_SIDE, MAP_SIDE, 2);
    } while (done < total && performance.now() - t0 < 30);
    this._mapProgress = [done, total];
    if (done >= total) {
      this._mapping = false;
      this._request('heat', 'panels');
    }
    this._updateMapRow();
  }

  _updateMapRow() {
    const el = this._el;
    const show = this._s.objective === 'network' && this._s.space.length === 2;
    el['map-row'].hidden = !show;
    if (!show) return;
    const cells = MAP_SIDE * MAP_SIDE;
    const runs = cells * Math.max(1, this._s.cv_folds);
    const [done, total] = this._mapProgress ?? [0, cells];
    el.map.disabled = this._mapping || (this._mapProgress && done >= total);
    const t = this._t;
    if (this._mapping) el['map-note'].textContent = t('mapTraining', { done, total });
    else if (this._mapProgress && done >= total) el['map-note'].textContent = t('mapDone', { side: MAP_SIDE, runs });
    else el['map-note'].textContent = t('mapCost', { side: MAP_SIDE, cells, runs });
  }

  /** Advance the player: `speed` steps per second, or (running to the end) as many as fit in a slice. */
  _advance(now) {
    if (!this._lab) return;
    if (this._running) {
      const t0 = performance.now();
      while (!this._lab.isDone() && performance.now() - t0 < RUN_SLICE_MS) this._stepOnce();
    } else {
      if (this._playClock !== null && this._playClock !== undefined) {
        this._stepAcc += Math.min(0.5, (now - this._playClock) / 1000) * this._s.speed;
      }
      this._playClock = now;
      if (this._stepAcc >= 1) {
        this._stepAcc = Math.min(1, this._stepAcc - 1);
        this._stepOnce();
      }
    }
    if (this._lab.isDone()) {
      this._playing = false;
      this._running = false;
      this._updateButtons();
      this._announce();
      this._commit();
    }
  }

  // ----- numbers for the views -----

  _computeViews() {
    const lab = this._lab;
    const dim = this._info.dim;
    this._surrogate = lab.surrogate();
    if (dim === 2) {
      let info;
      try {
        info = this._time('render', () => lab.render(HEAT_RES, HEAT_RES, this._dark));
      } catch (err) {
        this._labMessage = this._t('gpError', { detail: errorMessage(err) });
        this._renderMessages();
        return;
      }
      const heat = this._heat ?? { canvases: [], fields: null, segments: [] };
      const len = lab.pixelsLen();
      for (let k = 0; k < 4; k++) {
        const f = info.fields[k];
        if (!f.present) {
          heat.canvases[k] = null;
          continue;
        }
        const c = heat.canvases[k] ?? document.createElement('canvas');
        c.width = HEAT_RES;
        c.height = HEAT_RES;
        // A fresh view after the render (memory may have grown).
        const px = bytesAt(this._wasm.memory, lab.pixelsPtr(k), len);
        c.getContext('2d').putImageData(new ImageData(new Uint8ClampedArray(px), HEAT_RES, HEAT_RES), 0, 0);
        heat.canvases[k] = c;
      }
      heat.fields = info.fields;
      heat.segments = [lab.segments(0), lab.segments(1)];
      this._heat = heat;
    } else {
      try {
        this._curves = this._time('render', () => lab.curves(CURVE_POINTS));
      } catch (err) {
        this._labMessage = this._t('gpError', { detail: errorMessage(err) });
        this._renderMessages();
      }
    }
  }

  // ----- drawing -----

  _axisLabel(k) {
    const a = this._info.axes[k];
    if (this._s.objective === 'network') {
      const label = NET_PARAMS[a.name] ? labelOf(PARAM_LABELS, a.name, this._lang) : a.name;
      return a.scale === 'log' ? this._t('logScale', { label }) : label;
    }
    return a.name;
  }

  _methodColor(m) {
    return runColor(METHOD_COLOR[m]);
  }

  _methodInk(m) {
    return runInk(METHOD_COLOR[m], this._dark);
  }

  _acqTitle() {
    const s = this._s;
    const t = this._t;
    if (s.acquisition === 'LCB') return t('lcbTitle', { kappa: formatNumber(s.kappa, 3) });
    return t('improvementTitle', { name: t(s.acquisition === 'EI' ? 'ei' : 'pi'), xi: formatNumber(s.xi, 3) });
  }

  _drawPanels() {
    if (!this._info) return;
    const dim = this._info.dim;
    const el = this._el;
    const hasBayes = this._info.methods.includes('bayes');
    el.panels.classList.toggle('one-d', dim === 1);
    el.panels.classList.toggle('no-bo', dim === 2 && !hasBayes);
    el['fig-trials'].hidden = dim === 1;
    el['fig-std'].hidden = dim === 1 || !hasBayes;
    el['fig-mean'].hidden = dim === 2 && !hasBayes;
    el['fig-acq'].hidden = !hasBayes;
    const dpr = page().pixelRatio();
    const ink = themeInk(this._dark);
    const ticks = (lo, hi, n) => this._api.ticks(lo, hi, n);
    const axes = this._info.axes;
    const bayesTrials = this._trials.filter((t) => t.method === 'bayes');
    const sur = this._surrogate && !this._surrogate.error ? this._surrogate : null;
    const wide = el.panels.clientWidth >= 700;
    const t = this._t;
    const noBo = t(hasBayes ? 'noBoYet' : 'noBoOff');
    if (dim === 2) {
      const h = Math.round(Math.min(520, Math.max(260, (wide ? el.panels.clientWidth / 2 : el.panels.clientWidth) * 0.86)));
      // Without BO the trials panel is alone: as wide as two panels would be, but no taller.
      for (const id of ['c-trials', 'c-mean', 'c-std', 'c-acq']) el[id].style.height = `${h}px`;
      const labels = [this._axisLabel(0), this._axisLabel(1)];
      const unitOf = (p) => [toUnit(axes[0], p[0]), toUnit(axes[1], p[1])];
      const lastIndex = Object.fromEntries(METHODS.map((m) => [m, -1]));
      for (const t of this._trials) lastIndex[t.method] = t.index;
      const all = this._trials.map((t) => ({
        u: unitOf(t.point), shape: SHAPES[t.method], color: this._methodColor(t.method), ring: t.index === lastIndex[t.method],
      }));
      const bo = bayesTrials.map((t) => ({ u: unitOf(t.point), shape: 'circle', color: this._methodColor('bayes'), ring: t.index === lastIndex.bayes }));
      const next = sur?.next ? unitOf(sur.next) : null;
      const heat = this._heat;
      const rugs = this._info.methods.map((m) => ({
        color: this._methodColor(m),
        us: this._trials.filter((t) => t.method === m).map((t) => unitOf(t.point)),
      }));
      const common = { res: HEAT_RES, axes, axisLabels: labels, ticks, ink, dpr };
      const draw = (id, o) => {
        if (!el[id].parentElement.hidden) drawHeatPanel(el[id], o);
      };
      const truth = heat?.canvases[FIELD.truth] ?? null;
      draw('c-trials', {
        ...common,
        title: !truth ? t('trialsTitle')
          : this._s.objective === 'network' ? t('trialsOverLoss', { side: MAP_SIDE })
            : t('trialsOverObjective'),
        image: truth,
        segments: truth ? heat.segments[0] : null,
        markers: all,
        next: null,
        rugs,
        note: this._trials.length || truth ? null : t('trialsNote'),
      });
      const f = heat?.fields;
      const range = (k) => (f && f[k].present ? t('range', { lo: formatNumber(f[k].min, 3), hi: formatNumber(f[k].max, 3) }) : '');
      const boImage = (k) => heat?.canvases[k] ?? null;
      draw('c-mean', {
        ...common, title: t('meanTitle', { range: range(1) }), image: boImage(1), segments: boImage(1) ? heat.segments[1] : null,
        markers: bo, next, note: boImage(1) ? null : noBo,
      });
      draw('c-std', {
        ...common, title: t('stdTitle', { range: range(2) }), image: boImage(2), segments: null, markers: bo, next,
        note: boImage(2) ? null : noBo,
      });
      draw('c-acq', {
        ...common, title: this._acqTitle(), image: boImage(3), segments: null, markers: bo, next,
        note: boImage(3) ? (next ? null : null) : noBo,
      });
      this._describePanels2d(sur);
    } else {
      el['c-mean'].style.height = '300px';
      el['c-acq'].style.height = '190px';
      const axis = axes[0];
      const c = this._curves;
      const u = c?.unit ?? [];
      const band = c && c.mean.length ? {
        lo: c.mean.map((m, i) => m - 2 * c.std[i]),
        hi: c.mean.map((m, i) => m + 2 * c.std[i]),
        color: this._dark ? 'rgba(255,92,92,0.18)' : 'rgba(200,30,30,0.12)',
      } : null;
      const lines = [];
      if (c?.truth.length) lines.push({ values: c.truth, color: ink.muted, dash: [5, 4], width: 1.5 });
      if (c?.mean.length) lines.push({ values: c.mean, color: this._methodInk('bayes'), width: 2 });
      const lastIndex = Object.fromEntries(METHODS.map((m) => [m, -1]));
      for (const t of this._trials) lastIndex[t.method] = t.index;
      const points = this._trials.map((t) => ({
        u: toUnit(axis, t.point[0]), v: t.value, shape: SHAPES[t.method], color: this._methodInk(t.method), ring: t.index === lastIndex[t.method],
      }));
      let nextPt = null;
      if (sur?.next && c?.mean.length) {
        const un = toUnit(axis, sur.next[0]);
        const i = Math.round(un * (u.length - 1));
        nextPt = { u: un, v: c.mean[Math.max(0, Math.min(u.length - 1, i))] };
      }
      drawCurvePanel(el['c-mean'], {
        title: t(c?.truth.length ? 'curveTitleTruth' : 'curveTitle'),
        axis, axisLabel: this._axisLabel(0), unit: u, band, lines, points, next: nextPt,
        note: this._trials.length ? null : t('curveNote'), ticks, ink, dpr,
      });
      let acqNext = null;
      if (sur?.next && c?.acquisition.length) {
        const un = toUnit(axis, sur.next[0]);
        const i = Math.round(un * (u.length - 1));
        acqNext = { u: un, v: c.acquisition[Math.max(0, Math.min(u.length - 1, i))] };
      }
      if (hasBayes) drawCurvePanel(el['c-acq'], {
        title: this._acqTitle(), axis, axisLabel: this._axisLabel(0), unit: u, band: null,
        lines: c?.acquisition.length ? [{ values: c.acquisition, color: this._methodInk('bayes'), width: 2 }] : [],
        points: [], next: acqNext, note: c?.acquisition.length ? null : noBo, ticks, ink, dpr,
      });
      el['c-mean'].setAttribute('aria-label', t('curveAria', { axis: this._axisLabel(0), n: this._trials.length }));
      el['c-acq'].setAttribute('aria-label', t('acqAria', { axis: this._axisLabel(0), next: sur?.next ? t('nextAt', { point: this._fmtPoint(sur.next) }) : '' }));
    }
    const methods = this._info.methods;
    const shapes = { grid: 'shapeGrid', random: 'shapeRandom', bayes: 'shapeBayes' };
    const parts = methods.map((m) => t(shapes[m]));
    parts.push(t('shapeRing'));
    if (hasBayes) parts.push(t('shapeStar'));
    if (dim === 2) parts.push(t('shapeRugs'));
    let text = t('sentence', { text: parts.join(' · ') });
    text = text[0].toUpperCase() + text.slice(1);
    if (dim === 2) text += t('sentenceSep') + t('darkLow');
    if (hasBayes && methods.includes('random')) {
      text += t('sentenceSep') + t('sameStart', { n: this._info.n_initial });
    }
    this._el['legend-line'].textContent = text;
    for (const m of METHODS) this._el[`lg-${m}`].hidden = !methods.includes(m);
    this._updateGpReadout();
  }

  _describePanels2d(sur) {
    const n = this._trials.length;
    const el = this._el;
    const t = this._t;
    const axes = { a0: this._axisLabel(0), a1: this._axisLabel(1) };
    const methods = this._info.methods.map((m) => this._methodLabel(m)).join(t('listSep'));
    el['c-trials'].setAttribute('aria-label', t('trialsAria', { n, methods, ...axes }));
    el['c-mean'].setAttribute('aria-label', t('meanAria', axes));
    el['c-std'].setAttribute('aria-label', t('stdAria'));
    el['c-acq'].setAttribute('aria-label', t('acqHeatAria', { next: sur?.next ? t('nextAt', { point: this._fmtPoint(sur.next) }) : '' }));
  }

  _fmtPoint(p) {
    return this._info.axes.map((a, k) => `${a.name} = ${formatNumber(p[k], 4)}`).join(', ');
  }

  _drawBestChart() {
    if (!this._info || !this._lab) return;
    const series = [];
    for (const m of this._info.methods) {
      const best = Array.from(this._lab.bestSoFar(m));
      const first = best.findIndex((v) => Number.isFinite(v));
      if (first < 0) continue;
      series.push({ values: best.slice(first), color: this._methodInk(m), label: this._methodLabel(m), offset: first + 1 });
    }
    const what = this._t(this._s.objective === 'network' ? 'bestLoss' : 'bestValue');
    const canvas = this._el['c-best'];
    drawLineChart(canvas, {
      logNote: logNote(this._lang),
      series,
      steps: this._info.budget,
      cursor: this._done,
      title: this._t('bestTitle', { what }),
      yScale: 'auto',
      ticks: (lo, hi, n) => this._api.ticks(lo, hi, n),
      ink: themeInk(this._dark),
      dpr: page().pixelRatio(),
    });
  }

  _updateTable() {
    const el = this._el;
    if (!this._info || !this._lab) return;
    const axes = this._info.axes;
    const t = this._t;
    const head = [t('colMethod'), t('colTrials'), t('colBest'), t('colAt'), ...axes.map((a) => t('colDistinct', { name: a.name }))];
    el['summary-head'].replaceChildren(...head.map((h, i) => {
      const th = document.createElement('th');
      th.scope = 'col';
      th.textContent = h;
      if (i === 3) th.className = 'at';
      return th;
    }));
    const rows = [];
    for (const m of this._info.methods) {
      const ts = this._trials.filter((t) => t.method === m);
      let best = null;
      for (const t of ts) if (Number.isFinite(t.value) && (!best || t.value < best.value)) best = t;
      const tr = document.createElement('tr');
      const cells = [];
      const name = document.createElement('th');
      name.scope = 'row';
      const mark = document.createElement('span');
      mark.className = `mark ${m}`;
      mark.setAttribute('aria-hidden', 'true');
      name.append(mark, ` ${this._methodLabel(m)}`);
      cells.push(name);
      const planned = this._info.planned[m];
      const diverged = ts.filter((t) => t.diverged).length;
      cells.push(td(t('trialsCell', { n: ts.length, planned }) + (diverged ? t('divergedCell', { n: diverged }) : '')));
      cells.push(td(best ? formatNumber(best.value, 4) : '–'));
      const at = td(best ? axes.map((a, k) => formatNumber(best.point[k], 3)).join(', ') : '–');
      at.className = 'at';
      cells.push(at);
      axes.forEach((a, k) => {
        const distinct = new Set(ts.map((t) => t.point[k])).size;
        const cell = td(ts.length ? String(distinct) : '–');
        if (ts.length > 1 && distinct < ts.length) cell.className = 'few';
        cells.push(cell);
      });
      tr.append(...cells);
      rows.push(tr);
      if (m === 'bayes' && this._lab.error('bayes')) {
        const er = document.createElement('tr');
        const c = td(t('boStopped', { detail: this._lab.error('bayes') }));
        c.colSpan = head.length;
        c.className = 'few';
        er.append(c);
        rows.push(er);
      }
    }
    el['summary-body'].replaceChildren(...rows);
    this._updateStatus();
  }

  _updateStatus() {
    const budget = this._info?.budget ?? this._s.budget;
    this._el.progress.textContent = this._t('progress', { done: this._done ?? 0, budget });
    this._setStatus(this._description());
  }

  /** One sentence on where the search stands. */
  _description() {
    if (!this._info) return '';
    const t = this._t;
    if (this.replaying) return t('replaying', { done: this._done, target: this._target });
    if (!this._trials.length) {
      const grid = this._info.planned.grid;
      const gridNote = grid !== undefined && grid < this._info.budget ? t('gridNote', { grid, budget: this._info.budget }) : '';
      return t('eachStep', { gridNote });
    }
    const parts = [];
    for (const m of this._info.methods) {
      const best = this._lab.bestSoFar(m);
      const b = best.length ? best[best.length - 1] : Infinity;
      parts.push(`${this._methodLabel(m)} ${Number.isFinite(b) ? formatNumber(b, 4) : '–'}`);
    }
    const state = this._lab.isDone() ? t('budgetSpent') : t('stepOf', { done: this._done, max: this._maxSteps() });
    return t('bestSoFar', { state, parts: parts.join(' · ') });
  }

  _announce() {
    this._el.live.textContent = this._description();
  }

  _setStatus(text) {
    this._el.status.textContent = text;
  }

  _updateGpReadout() {
    const sur = this._surrogate;
    const el = this._el['gp-readout'];
    if (!sur) {
      el.textContent = '';
      return;
    }
    const t = this._t;
    if (sur.error) {
      el.textContent = t('gpError', { detail: sur.error });
      return;
    }
    el.textContent = t('gpReadout', { fit: t(this._s.fit ? 'fitted' : 'fixed'), kernel: kernelRepr(sur.kernel), lml: formatNumber(sur.log_marginal_likelihood, 5) })
      + (sur.jitter_added > 0 ? t('jitter', { value: formatNumber(sur.jitter_added, 2) }) : '')
      + t('observations', { n: sur.n })
      + (this._perf.last.step !== undefined ? t('lastStep', { ms: formatNumber(this._perf.last.step, 2) }) : '');
  }

  // ----- hypergradient tab -----

  _computeHd() {
    const s = this._s;
    try {
      this._hd = this._api.hypergradientDescent({ surface: s.surface, start: HD_STARTS[s.surface], lr: s.lr, hyper_lr: s.hyper_lr, steps: s.steps });
      this._hdMessage = null;
    } catch (err) {
      this._hd = null;
      this._hdMessage = this._t('hdError', { detail: errorMessage(err) });
    }
    if (!this._hdView) this._hdView = new this._api.SurfaceView();
    this._hdInfo = this._hdView.setSurface(s.surface);
    this._hdImage = null;
  }

  _drawHd() {
    if (!this._hdView || !this._hdInfo) return;
    const canvas = this._el['c-hd'];
    const dpr = page().pixelRatio();
    const view = Array.from(this._hdInfo.view);
    const w = Math.max(32, Math.min(512, Math.round((canvas.clientWidth || 400) * 0.6)));
    const h = Math.max(32, Math.round(w * 0.75));
    const key = `${this._s.surface}|${w}|${h}|${this._dark}`;
    if (this._hdImageKey !== key || !this._hdImage) {
      this._hdView.render(view[0], view[1], view[2], view[3], w, h, 'auto', 16, this._dark);
      const c = this._hdImage ?? document.createElement('canvas');
      c.width = w;
      c.height = h;
      const px = bytesAt(this._wasm.memory, this._hdView.pixelsPtr(), this._hdView.pixelsLen());
      c.getContext('2d').putImageData(new ImageData(new Uint8ClampedArray(px), w, h), 0, 0);
      this._hdImage = c;
      this._hdImageKey = key;
    }
    canvas.style.height = `${Math.round(Math.max(240, Math.min(460, (canvas.clientWidth || 400) * 0.72)))}px`;
    const ink = themeInk(this._dark);
    const ticks = (lo, hi, n) => this._api.ticks(lo, hi, n);
    const r = this._hd;
    const hdColor = runColor(HD_COLOR);
    const sgdColor = runColor(SGD_COLOR);
    drawSurfacePaths(canvas, {
      image: this._hdImage, view, ticks, ink, dpr, start: HD_STARTS[this._s.surface],
      paths: r ? [{ path: r.sgd.path, color: sgdColor }, { path: r.hd.path, color: hdColor }] : [],
    });
    const t = this._t;
    canvas.setAttribute('aria-label', t('hdPathsAria', { surface: labelOf(HD_SURFACE_LABELS, this._s.surface, this._lang) }));
    if (!r) {
      this._el['hd-status'].textContent = this._hdMessage ?? '';
      return;
    }
    const steps = this._s.steps;
    const lrSeries = [
      { values: Array.from({ length: r.sgd.lr.length }, () => this._s.lr), color: runInk(SGD_COLOR, this._dark), offset: 1 },
      { values: r.hd.lr, color: runInk(HD_COLOR, this._dark), offset: 1 },
    ];
    const positive = Array.from(r.hd.lr).every((v) => v > 0);
    drawLineChart(this._el['c-hd-lr'], {
      logNote: logNote(this._lang),
      series: lrSeries, steps, cursor: steps, title: t('hdLrTitle'),
      yScale: positive ? 'auto' : 'linear', ticks, ink, dpr,
    });
    const lossSeries = [
      { values: r.sgd.loss, color: runInk(SGD_COLOR, this._dark), offset: 0, stopped: r.sgd.diverged_at !== null },
      { values: r.hd.loss, color: runInk(HD_COLOR, this._dark), offset: 0, stopped: r.hd.diverged_at !== null },
    ];
    const lossLog = [r.sgd.loss, r.hd.loss].every((l) => Array.from(l).every((v) => v > 0));
    drawLineChart(this._el['c-hd-loss'], {
      logNote: logNote(this._lang),
      series: lossSeries, steps, cursor: steps, title: t('hdLossTitle'), yScale: lossLog ? 'auto' : 'linear', ticks, ink, dpr,
    });
    const last = (a) => a[a.length - 1];
    let text = t('hdResult', {
      steps: r.hd.loss.length - 1,
      f: formatNumber(last(r.hd.loss), 3),
      a: formatNumber(last(r.hd.lr) ?? this._s.lr, 3),
      f0: formatNumber(last(r.sgd.loss), 3),
      a0: formatNumber(this._s.lr, 3),
    });
    if (r.hd.diverged_at !== null) text += t('hdDiverged', { k: r.hd.diverged_at });
    if (r.sgd.diverged_at !== null) text += t('sgdDiverged', { k: r.sgd.diverged_at });
    if (!positive) text += t('hdNegative');
    this._el['hd-status'].textContent = text;
  }

  // ----- controls -----

  _buildControls() {
    const el = this._el;
    const option = (value, label) => {
      const o = document.createElement('option');
      o.value = value;
      o.textContent = label;
      return o;
    };
    const t = this._t;
    const lang = this._lang;
    el.objective.append(...Object.keys(OBJECTIVES).map((k) => option(k, labelOf(OBJECTIVE_LABELS, k, lang))));
    const params = () => Object.keys(NET_PARAMS).map((k) => option(k, labelOf(PARAM_LABELS, k, lang)));
    el.axis0.append(...params());
    el.axis1.append(option('', t('axisNone')), ...params());
    el.dataset.append(...DATASETS.map((d) => option(d, labelOf(DATASET_LABELS, d, lang))));
    el.kernel.append(...Object.keys(KERNEL_PRESETS).map((k) => option(k, labelOf(KERNEL_LABELS, k, lang))), option('custom', t('customKernel')));
    el['hd-surface'].append(...HD_SURFACES.map((k) => option(k, labelOf(HD_SURFACE_LABELS, k, lang))));

    el.objective.addEventListener('change', () => this._update({ objective: el.objective.value }));
    const setSpace = () => {
      let a0 = el.axis0.value;
      let a1 = el.axis1.value;
      if (a1 === a0) a1 = this._s.space[0] !== a0 ? this._s.space[0] : '';
      this._update({ space: a1 ? [a0, a1] : [a0] });
    };
    el.axis0.addEventListener('change', setSpace);
    el.axis1.addEventListener('change', setSpace);
    el.dataset.addEventListener('change', () => this._update({ dataset: el.dataset.value }));
    el.cv.addEventListener('change', () => this._update({ cv_folds: Number(el.cv.value) }));
    el.kernel.addEventListener('change', () => {
      if (el.kernel.value === 'custom') {
        this._el['bo-settings'].open = true;
        el['kernel-json'].focus();
        return;
      }
      this._update({ kernel: el.kernel.value });
    });
    for (const flag of ['ard', 'white', 'normalize_y', 'fit']) {
      el[flag].addEventListener('change', () => this._update({ [flag]: el[flag].checked }));
    }
    el.acquisition.addEventListener('change', () => this._update({ acquisition: el.acquisition.value }));
    for (const m of METHODS) {
      el[`m-${m}`].addEventListener('change', () => {
        const methods = METHODS.filter((x) => el[`m-${x}`].checked);
        if (!methods.length) {
          el[`m-${m}`].checked = true;
          return;
        }
        this._update({ methods });
      });
    }
    el.seed.addEventListener('change', () => {
      const v = parseNumber(el.seed.value);
      if (v === null || !Number.isInteger(v) || v < 0 || v > 1e9) {
        el.seed.setAttribute('aria-invalid', 'true');
        el.seed.title = t('seedExpected');
        return;
      }
      el.seed.removeAttribute('aria-invalid');
      el.seed.title = '';
      this._update({ seed: v });
    });
    el['kernel-apply'].addEventListener('click', () => this._applyKernelJson());

    const slider = (slot, o, key) => {
      const opts = { ...o, label: t(o.label), value: this._s?.[key] ?? PROP[key].default, onChange: (v) => this._update({ [key]: v }) };
      const s = createSlider({ ...opts, ...sliderWords(lang) });
      el[slot].append(s.root);
      return s;
    };
    this._sliders = {
      epochs: slider('epochs-slot', { label: 'epochs', min: 1, max: 200, integer: true, step: 1 }, 'epochs'),
      noise: slider('noise-slot', { label: 'noise', min: 0, max: 2, hardMax: 10 }, 'noise'),
      budget: slider('budget-slot', { label: 'budget', min: 2, max: 100, hardMax: 200, integer: true, step: 1 }, 'budget'),
      xi: slider('acq-slot', { label: 'xi', min: 0, max: 1, hardMax: 10 }, 'xi'),
      kappa: slider('acq-slot', { label: 'kappa', min: 0, max: 5, hardMax: 10 }, 'kappa'),
      n_initial: slider('initial-slot', { label: 'nInitial', min: 1, max: 30, hardMax: 200, integer: true, step: 1 }, 'n_initial'),
      n_restarts: slider('restarts-slot', { label: 'restarts', min: 0, max: 10, integer: true, step: 1 }, 'n_restarts'),
      alpha: slider('alpha-slot', { label: 'alpha', min: 1e-10, max: 1, scale: 'log', hardMin: 0 }, 'alpha'),
      lr: slider('hd-lr-slot', { label: 'hdLr', min: 1e-5, max: 1, scale: 'log', hardMin: 1e-7, hardMax: 10 }, 'lr'),
      hyper_lr: slider('hd-beta-slot', { label: 'hdBeta', min: 1e-9, max: 1e-1, scale: 'log', hardMin: 0, hardMax: 1 }, 'hyper_lr'),
      steps: slider('hd-steps-slot', { label: 'hdSteps', min: 10, max: 2000, hardMax: 5000, integer: true, step: 10 }, 'steps'),
    };

    el.reset.addEventListener('click', () => this.reset());
    el.step.addEventListener('click', () => this.step());
    el.play.addEventListener('click', () => (this.playing ? this.pause() : this.play()));
    el['run-all'].addEventListener('click', () => this.runToEnd());
    el['hd-surface'].addEventListener('change', () => this._update({ surface: el['hd-surface'].value }));

    const tabs = [el['tab-search'], el['tab-hd']];
    const select = (tab) => this._update({ tab: tab === el['tab-hd'] ? 'hypergradient' : 'search' });
    for (const t of tabs) {
      t.addEventListener('click', () => select(t));
      t.addEventListener('keydown', (e) => {
        if (e.key !== 'ArrowRight' && e.key !== 'ArrowLeft' && e.key !== 'Home' && e.key !== 'End') return;
        e.preventDefault();
        const other = tabs.find((x) => x !== t);
        const target = e.key === 'Home' ? tabs[0] : e.key === 'End' ? tabs[1] : other;
        target.focus();
        select(target);
      });
    }
    el.map.addEventListener('click', () => {
      if (!this._lab || this._mapping) return;
      this._mapping = true;
      this._updateMapRow();
      this._request('play');
    });
    el['copy-link'].addEventListener('click', () => this._copy('link'));
    el['copy-embed'].addEventListener('click', () => this._copy('embed'));
  }

  _applyKernelJson() {
    const box = this._el['kernel-json'];
    const err = this._el['kernel-error'];
    const t = this._t;
    let spec;
    try {
      spec = JSON.parse(box.value);
    } catch (e) {
      err.textContent = t('notJson', { detail: e.message });
      box.setAttribute('aria-invalid', 'true');
      return;
    }
    if (!spec || typeof spec !== 'object' || Array.isArray(spec) || typeof spec.type !== 'string') {
      err.textContent = t('needType');
      box.setAttribute('aria-invalid', 'true');
      return;
    }
    // Let the core judge it: a lab with this kernel must build.
    try {
      const probe = new this._api.SearchLab({ ...labConfig(this._s), kernel: spec });
      probe.free();
    } catch (e) {
      err.textContent = t('kernelRejected', { detail: errorMessage(e) });
      box.setAttribute('aria-invalid', 'true');
      return;
    }
    err.textContent = '';
    box.removeAttribute('aria-invalid');
    this._update({ kernel: JSON.stringify(spec) });
  }

  _syncControls() {
    const s = this._s;
    const el = this._el;
    if (!s) return;
    const network = s.objective === 'network';
    el.objective.value = s.objective;
    for (const n of this._root.querySelectorAll('.net-only')) n.hidden = !network;
    for (const n of this._root.querySelectorAll('.synth-only')) n.hidden = network;
    el.axis0.value = s.space[0];
    el.axis1.value = s.space[1] ?? '';
    el.dataset.value = s.dataset;
    el.cv.value = String(s.cv_folds);
    if (el.cv.value !== String(s.cv_folds)) {
      const o = document.createElement('option');
      o.value = String(s.cv_folds);
      o.textContent = this._t('folds', { k: s.cv_folds });
      el.cv.append(o);
      el.cv.value = String(s.cv_folds);
    }
    const custom = String(s.kernel).startsWith('{');
    el.kernel.value = custom ? 'custom' : s.kernel;
    el.ard.disabled = custom;
    el.white.disabled = custom;
    for (const flag of ['ard', 'white', 'normalize_y', 'fit']) el[flag].checked = Boolean(s[flag]);
    el.acquisition.value = s.acquisition;
    for (const m of METHODS) el[`m-${m}`].checked = s.methods.includes(m);
    if (document.activeElement !== el.seed && this._root.activeElement !== el.seed) el.seed.value = String(s.seed);
    for (const [k, sl] of Object.entries(this._sliders)) sl.set(s[k]);
    this._sliders.xi.root.hidden = s.acquisition === 'LCB';
    this._sliders.kappa.root.hidden = s.acquisition !== 'LCB';
    this._sliders.n_restarts.setDisabled(!s.fit);
    const dim = network ? s.space.length : OBJECTIVES[s.objective].dim;
    if (this._root.activeElement !== el['kernel-json']) el['kernel-json'].value = JSON.stringify(kernelSpec(s, dim));
    el['hd-surface'].value = s.surface;
    this._updateMapRow();
    const hd = s.tab === 'hypergradient';
    el['pane-search'].hidden = hd;
    el['pane-hd'].hidden = !hd;
    el['tab-search'].setAttribute('aria-selected', String(!hd));
    el['tab-hd'].setAttribute('aria-selected', String(hd));
    el['tab-search'].tabIndex = hd ? -1 : 0;
    el['tab-hd'].tabIndex = hd ? 0 : -1;
    this._updateButtons();
  }

  _updateButtons() {
    const el = this._el;
    const done = !this._lab || this._lab.isDone();
    el.play.textContent = this._t(this.playing ? 'pause' : 'play');
    el.play.disabled = (done && !this.playing) || this.replaying;
    el.step.disabled = done || this.playing || this.replaying;
    el['run-all'].disabled = done || this._running;
    el.reset.disabled = !this._lab || ((this._done ?? 0) === 0 && !this.playing);
  }

  _applyTheme(redraw = false) {
    const t = this._s?.theme ?? 'auto';
    const dark = t === 'dark' || (t === 'auto' && page().prefersDark());
    const changed = dark !== this._dark;
    this._dark = dark;
    this._el.root.classList.toggle('dark', dark);
    if (changed && redraw) this._request('heat', 'panels', 'chart', 'hd-draw');
  }

  _renderMessages() {
    const list = [];
    if (this._fatal) list.push(this._fatal);
    for (const [name, m] of this._attrMessages ?? []) {
      if (m) list.push(localizeStateMessage(m, name, PROP[name], this._t, this._lang));
    }
    if (this._labMessage) list.push(this._labMessage);
    if (this._labNote) list.push(this._labNote);
    if (this._hdMessage && this._s?.tab === 'hypergradient') list.push(this._hdMessage);
    this._el.messages.replaceChildren(...list.map((text) => {
      const div = document.createElement('div');
      div.className = 'message';
      const span = document.createElement('span');
      span.textContent = text;
      div.append(span);
      return div;
    }));
  }

  // ----- sharing -----

  /** The link to this state (page URL with the state in its hash). */
  shareLink() {
    return page().urlWithHash(formatHash(this._entries('url')));
  }

  /** The embed code: the element (with its script) and the iframe form for platforms without scripts. */
  embedCode() {
    const attrs = this._entries('embed').map(([k, v]) => ` ${htmlAttribute(k, v)}`).join('');
    const hash = formatHash([['widget', 'descent-search'], ...this._entries('url')]);
    return [
      `<script type="module" src="${DESCENT_JS}"></script>`,
      `<descent-search${attrs}></descent-search>`,
      '',
      '<!-- Or, where a page may not load scripts: -->',
      `<iframe src="${escapeHtml(EMBED_HTML + hash)}" title="Descent: hyperparameter search lab" width="100%" height="1500" style="border:0" loading="lazy"></iframe>`,
    ].join('\n');
  }

  async _copy(what) {
    const text = what === 'link' ? this.shareLink() : this.embedCode();
    const box = this._el.shareBox;
    box.value = text;
    box.hidden = false;
    box.rows = what === 'link' ? 2 : 6;
    const ok = await page().copyText(text);
    this._el.copied.textContent = this._t(ok ? (what === 'link' ? 'linkCopied' : 'embedCopied') : 'copyByHand');
    if (!ok) {
      box.focus();
      box.select();
    }
  }
}

function td(text) {
  const c = document.createElement('td');
  c.textContent = text;
  return c;
}

/** scikit-learn's repr of a kernel_spec, e.g. `1.22**2 * Matern(length_scale=[0.3, 2], nu=2.5) + WhiteKernel(noise_level=1e-05)`. */
export function kernelRepr(k) {
  const n = (v) => formatPlain(v, 3);
  const ls = (v) => (Array.isArray(v) || ArrayBuffer.isView(v) ? `[${Array.from(v, n).join(', ')}]` : n(v));
  switch (k?.type) {
    case 'ConstantKernel':
      return `${n(Math.sqrt(k.constant_value))}**2`;
    case 'RBF':
      return `RBF(length_scale=${ls(k.length_scale)})`;
    case 'Matern':
      return `Matern(length_scale=${ls(k.length_scale)}, nu=${k.nu})`;
    case 'WhiteKernel':
      return `WhiteKernel(noise_level=${n(k.noise_level)})`;
    case 'Sum':
      return `${kernelRepr(k.k1)} + ${kernelRepr(k.k2)}`;
    case 'Product': {
      const wrap = (x) => (x?.type === 'Sum' ? `(${kernelRepr(x)})` : kernelRepr(x));
      return `${wrap(k.k1)} * ${wrap(k.k2)}`;
    }
    default:
      return '?';
  }
}
