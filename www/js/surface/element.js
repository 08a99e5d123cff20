// <descent-surface>: the loss-surface explorer. Several optimizers descend the same surface from one start point;
// the update rule of the selected run is shown with the numbers of the current step.
//
// Rust owns the numbers and pixels (SurfaceView renders the heatmap, colour bar and contours; `simulate` runs each
// optimizer once per change of settings); this file owns the DOM, the frame loop and the state. Playing only moves
// the step cursor: a frame then redraws the paths' overlay, the charts' cursors and (at most ten times a second)
// the formula. The heatmap is rendered only when the view, surface, size, scale or theme changes.
//
// The attribute table (names, values, defaults) is in props.js; the state round-trips through attributes and, for
// one element with `sync-url`, the page URL.

import { dispatchChange, reflectAttributes } from '../shared/reflect.js';
import { whenVisible } from '../shared/visible.js';
import { HALO, MAX_RUNS, runColor, runColorName, runInk, themeInk } from '../shared/colors.js';
import { languageOf, logNote, sliderWords, translator } from '../shared/i18n.js';
import { drawLineChart } from '../shared/chart.js';
import { formatNumber, formatPlain } from '../shared/format.js';
import { loadKatex, renderTex } from '../shared/formula.js';
import { claimUrl, page, releaseUrl } from '../shared/page.js';
import { createSlider } from '../shared/slider.js';
import { attributeState, formatHash, formatProp, nonDefaultEntries, parseProp, urlState } from '../shared/state.js';
import { bytesAt, errorMessage, loadWasm } from '../shared/wasm.js';
import { embedCode } from '../embed/code.js';
import { DOCS } from './docs.js';
import { updateTex } from './formulas.js';
import { ATTRIBUTES, PROP, PROPS, SURFACES, SURFACE_NAMES, derivedStart } from './props.js';
import {
  OPTIMIZERS, OPTIMIZER_TYPES, SCHEDULE_TYPES, knobValue, runLabel, scheduleStarter, simulateRun, withKnob, withType,
} from './runs.js';
import {
  zhAttributeMessage, zhCoreMessage, zhExpected, zhExpressionError, zhStopReason,
} from './localize.js';
import { STRINGS } from './strings.js';
import { adoptStyles } from './styles.js';
import { localizeTemplate, template } from './template.js';

const SPEEDS = [5, 15, 30, 60, 120, 300];
/** Margins of the figure around the heatmap, in CSS pixels (axis labels left and below, colour bar right). */
const MARGIN = { left: 40, right: 52, top: 8, bottom: 24 };
const MARGIN_NARROW = { left: 34, right: 46, top: 8, bottom: 22 };
const COLORBAR_W = 12;
const MAX_HEAT_SIDE = 1024;
const MAX_DATA_HEIGHT = 620;

/** A run the element falls back to when a hand-written one cannot be saved. */
const FALLBACK_RUN = { type: 'Adam', lr: 0.01 };

export class DescentSurface extends HTMLElement {
  static tag = 'descent-surface';

  /** Attributes, events and methods (the kit's documentation convention, www/js/embed/docs.js). */
  static docs = DOCS;

  static get observedAttributes() {
    return ATTRIBUTES;
  }

  constructor() {
    super();
    this._root = this.attachShadow({ mode: 'open' });
    adoptStyles(this._root);
    this._setLanguage(languageOf(this));
    this._root.innerHTML = template(this._t); // static markup only (see template.js)
    this._el = {};
    for (const node of this._root.querySelectorAll('[id]')) this._el[node.id] = node;
    const q = (sel) => this._root.querySelector(sel);
    Object.assign(this._el, {
      root: q('.root'),
      messages: q('.messages'),
      figure: q('.figure'),
      heat: q('.heat'),
      colorbar: q('.colorbar'),
      overlay: q('.overlay'),
      note: q('.overlay-note'),
      readout: q('.readout'),
      plotNote: q('.plot-note'),
      exprRow: q('.expr-row'),
      kappaGroup: q('.kappa-group'),
      legend: q('.legend'),
      editor: q('.editor-body'),
      stepLabel: q('.step-label'),
      transport: q('.transport'),
      caption: q('.formula-caption'),
      shareBox: q('.share textarea'),
      copied: q('.share .copied'),
      plot: q('.plot'),
      charts: q('.charts'),
    });
    this._started = false;
    this._generation = 0;
    this._dirty = new Set();
    this._raf = 0;
    this._playing = false;
    /** Timings of the last frame and running means, in milliseconds (see `perf`). */
    this._perf = { last: {}, mean: {}, count: {}, samples: {} };
    this._el.root.classList.toggle('zh', this._zh);
    this._showNote(this._t('loading'));
  }

  /** Read the interface language ('zh' or 'en'); `t(key, vars)` gives the words (strings.js). */
  _setLanguage(lang) {
    this._lang = lang;
    this._zh = lang === 'zh';
    this._t = translator(STRINGS, lang);
  }

  // ----- public API -----

  /** Start playing (from step 0 when at the end). */
  play() {
    if (!this._started) {
      this._playWhenStarted = true;
      return;
    }
    if (this._cursor() >= this._lastStep()) this._setStep(0);
    this._playing = true;
    this._playClock = null;
    this._stepAcc = 0;
    this._updatePlayButton();
    this._request('cursor');
  }

  /** Stop playing; the step stays where it is (and is written to the attribute and URL). */
  pause() {
    this._playWhenStarted = false;
    if (!this._playing) return;
    this._playing = false;
    this._updatePlayButton();
    this._announce();
    this._commit();
  }

  /** Back to step 0, paused. */
  reset() {
    this._playWhenStarted = false;
    this._playing = false;
    this._updatePlayButton();
    this._setStep(0);
    this._announce();
    this._commit();
  }

  /** Whether the element is playing. */
  get playing() {
    return this._playing;
  }

  /** The step shown. */
  get step() {
    return this._started ? this._cursor() : 0;
  }

  /**
   * Timings in milliseconds: `last` (the latest frame that did each kind of work) and `mean`, for `simulate`
   * (all runs), `render` (heatmap + contours in WASM), `blit` (putImageData + colour bar), `overlay` (paths, axes),
   * `charts`, `formula` (KaTeX) and `frame` (the whole rAF callback); `median` is over the last 240 samples
   * (the first WASM calls run before the engine's optimizing tier and are slower).
   */
  get perf() {
    const { last, mean, count, samples } = this._perf;
    const median = {};
    for (const [k, v] of Object.entries(samples)) {
      const sorted = [...v].sort((a, b) => a - b);
      median[k] = sorted[Math.floor(sorted.length / 2)];
    }
    return structuredClone({ last, mean, median, count });
  }

  /** The simulation results (one per run: `{ run, result, messages }`), for scripting and tests. */
  get runs() {
    return (this._sims ?? []).map((s) => ({ run: structuredClone(s.run), result: s.result, messages: [...s.messages] }));
  }

  // ----- lifecycle -----

  connectedCallback() {
    // The language is that of the page where the element connects (a created element learns it only here). Once the
    // controls are built it stays.
    const lang = languageOf(this);
    if (lang !== this._lang && !this._controlsBuilt) {
      this._setLanguage(lang);
      localizeTemplate(this._root, this._t);
      this._el.root.classList.toggle('zh', this._zh);
      if (!this._started) this._showNote(this._t('loading'));
    }
    // The page URL goes to the first element with sync-url in document order (elements connect in that order),
    // not to whichever happens to start first.
    if (parseProp(PROP['sync-url'], this.getAttribute('sync-url')).value) claimUrl(this);
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
    clearTimeout(this._idleTimer);
    clearTimeout(this._exprTimer);
    this._playing = false;
    releaseUrl(this);
    // Free the WASM handle: its pixel buffers live in WASM memory.
    this._view?.free();
    this._view = null;
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
      wasm = await loadWasm('lite');
    } catch (err) {
      this._starting = false;
      this._showNote(this._t('cannotStart'));
      this._fatal = this._t('wasmFailed', { detail: errorMessage(err) });
      this._attrMessages = new Map();
      this._renderMessages();
      return;
    }
    if (generation !== this._generation || !this.isConnected) return;
    this._wasm = wasm;
    this._api = wasm.api;
    this._view = new wasm.api.SurfaceView();
    this._unsubscribe = [];
    this._runMessages = [];
    this._surfaceMessage = null;
    if (!this._controlsBuilt) {
      this._buildStaticControls();
      this._controlsBuilt = true;
    }
    this._readState();
    this._started = true;
    this._starting = false;
    this._hideNote();
    this._applySurface('attr');
    this._applyTheme();
    this._syncControls();
    this._rebuildEditor();
    this._layout();
    this._request('sims', 'heat', 'overlay', 'charts', 'legend', 'formula');

    this._resizeObserver = new ResizeObserver(() => {
      if (this._layout()) this._request('heat', 'overlay');
      this._request('charts');
    });
    this._resizeObserver.observe(this._el.plot);
    this._resizeObserver.observe(this._el.charts);
    this._unsubscribe.push(page().onColorSchemeChange(() => this._applyTheme(true)));
    if (this._syncUrl) this._unsubscribe.push(page().onHashChange(() => this._readUrl()));

    loadKatex(this._root).then(
      (katex) => {
        if (generation !== this._generation) return;
        this._katex = katex;
        this._lastTex = null;
        this._lastSymbolic = null;
        this._request('formula');
      },
      () => {
        this._el.caption.textContent = this._t('katexFailed');
      },
    );
    if (this._playWhenStarted || (this._s.autoplay && this._s.step === 0 && !page().prefersReducedMotion())) {
      this._playWhenStarted = false;
      this.play();
    }
  }

  // ----- state -----

  /** Read every prop from the attributes, and (for the URL owner) from the page URL when it holds our state. */
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

  /** Apply the state in the page URL (at start, and when the user edits the URL or goes back). */
  _readUrl(initial = false) {
    const read = urlState(PROPS, page().hash());
    if (!read) return;
    for (const [name, message] of read.messages) this._attrMessages.set(name, message);
    if (initial) Object.assign(this._s, read.values);
    else this._update(read.values, { source: 'url' });
  }

  /**
   * Change settings. `source` is 'ui' (a control), 'attr' (an attribute set by the page), 'url' (the hash);
   * `commit: false` for live dragging (attributes, URL and `descent-change` wait for the commit).
   */
  _update(patch, { source = 'ui', commit = true } = {}) {
    this._liveEdit = !commit;
    const prev = this._s;
    const s = { ...prev, ...patch };
    this._s = s;
    const changed = (k) => k in patch && formatProp(PROP[k], patch[k]) !== formatProp(PROP[k], prev[k]);
    if (changed('surface') || (s.surface === 'custom' && changed('expression'))) {
      this._applySurface(source);
      this._request('heat', 'sims');
    }
    if (changed('view') || changed('scale') || changed('levels')) {
      this._layout();
      this._request('heat', 'overlay');
    }
    if (changed('theme')) this._applyTheme(true);
    if (changed('start') || changed('steps') || changed('runs')) this._request('sims');
    if (changed('step')) this._request('cursor');
    if (changed('selected')) this._request('formula', 'legend');
    if (source !== 'ui' || changed('selected') || changed('steps')) this._rebuildEditorIfNeeded(source !== 'ui');
    this._syncControls();
    if (changed('step') && source !== 'ui') this._announce();
    if (commit) {
      this._commitSource = this._commitSource === 'ui' || source !== 'attr' ? 'ui' : 'attr';
      this._request('commit');
    }
  }

  /** Write attributes (except after an attribute change), the URL, and fire `descent-change`, after a frame. */
  _commit() {
    this._commitSource = this._commitSource ?? 'ui';
    this._request('commit');
  }

  /** The current values, with the runs as they were actually simulated (bad fields dropped). */
  _values() {
    const fresh = this._sims && this._simsRuns === this._s.runs;
    const runs = fresh ? this._sims.map((x) => x.run) : this._s.runs;
    return { ...this._s, runs, step: this._cursor() };
  }

  /** `[[name, text], ...]` of the non-default props, for attributes (`embed`) or the URL (`url`). */
  _entries(which) {
    const custom = this._s.surface === 'custom';
    return nonDefaultEntries(PROPS, this._values(), (p) => {
      if (p.name === 'expression' && !custom) return false;
      if (which === 'url') return p.url !== false;
      if (which === 'embed') return p.embed !== false;
      return p.url !== false; // reflected attributes: the state props (flags are left as the page wrote them)
    });
  }

  _doCommit() {
    const source = this._commitSource;
    this._commitSource = null;
    if (source !== 'attr') this._reflect();
    if (this._syncUrl) page().replaceHash(formatHash(this._entries('url')));
    dispatchChange(this, this._entries('embed'));
  }

  /** Mirror the state into attributes (only those that differ; defaults are removed). */
  _reflect() {
    this._reflecting = true;
    try {
      for (const name of reflectAttributes(this, PROPS, this._entries('attributes'))) this._attrMessages.set(name, null);
    } finally {
      this._reflecting = false;
    }
    this._renderMessages();
  }

  // ----- surface and view -----

  _surfaceConfig(s = this._s) {
    if (s.surface === 'custom') return { type: 'custom', expression: s.expression };
    if (s.surface.startsWith('{')) return JSON.parse(s.surface);
    return s.surface;
  }

  /** Give the current surface to the SurfaceView; on failure keep the previous surface (or fall back). */
  _applySurface(source) {
    const cfg = this._surfaceConfig();
    this._surfaceMessage = null;
    try {
      this._info = this._view.setSurface(cfg);
      this._surfaceCfg = cfg;
      this._setExprError(null);
    } catch (err) {
      const message = errorMessage(err);
      if (this._s.surface === 'custom') this._setExprError(message, this._s.expression);
      if (this._surfaceCfg && source === 'ui') {
        // The previous surface stays.
        this._s = { ...this._s, surface: this._prevSurface ?? this._s.surface };
      } else {
        // From an attribute or link: that field falls back to its default.
        this._surfaceMessage = this._zh
          ? zhCoreMessage(`${message}; using the default`, this._s.surface === 'custom' ? '函数表达式有误：' : '曲面配置有误：')
          : `${message}; using the default`;
        const fallback = this._s.surface === 'custom'
          ? { ...this._s, expression: PROP.expression.default }
          : { ...this._s, surface: PROP.surface.default };
        this._s = fallback;
        this._info = this._view.setSurface(this._surfaceConfig());
        this._surfaceCfg = this._surfaceConfig();
      }
    }
    this._prevSurface = this._s.surface;
    this._el.figure.setAttribute('aria-label', this._t('lossSurfaceOf', { title: this._surfaceTitle() }));
    this._renderMessages();
  }

  _surfaceName() {
    return this._info?.name ?? 'rosenbrock';
  }

  _surfaceTitle() {
    const name = this._surfaceName();
    return name === 'custom' ? `f(x, y) = ${this._s.expression}` : SURFACES[name] ? this._t(`surface.${name}`) : name;
  }

  /** The visible view box `[x_min, x_max, y_min, y_max]`. */
  _viewBox() {
    return this._s.view ?? Array.from(this._info.view);
  }

  /** The start point of every run. */
  _startPoint() {
    if (this._s.start) return this._s.start;
    const table = SURFACES[this._surfaceName()]?.start;
    return table ?? derivedStart(Array.from(this._info.view));
  }

  // ----- layout -----

  /** Size the figure from the element's width and the view box; returns whether the heatmap size changed. */
  _layout() {
    const width = Math.max(200, Math.floor(this._el.plot.clientWidth || 600));
    const [x0, x1, y0, y1] = this._info ? this._viewBox() : [0, 1, 0, 1];
    const aspect = Math.min(1.2, Math.max(0.6, (y1 - y0) / (x1 - x0)));
    const m = width < 480 ? MARGIN_NARROW : MARGIN;
    const dw = Math.max(80, width - m.left - m.right);
    const dh = Math.max(80, Math.min(MAX_DATA_HEIGHT, Math.round(dw * aspect)));
    const height = dh + m.top + m.bottom;
    const dpr = page().pixelRatio();
    const prev = this._geom;
    this._geom = { width, height, dw, dh, dpr, x: m.left, y: m.top };
    const fig = this._el.figure;
    if (!prev || prev.height !== height) fig.style.height = `${height}px`;
    const heat = this._el.heat;
    heat.style.left = `${m.left}px`;
    heat.style.top = `${m.top}px`;
    heat.style.width = `${dw}px`;
    heat.style.height = `${dh}px`;
    const cb = this._el.colorbar;
    cb.style.left = `${m.left + dw + 6}px`;
    cb.style.top = `${m.top}px`;
    cb.style.width = `${COLORBAR_W}px`;
    cb.style.height = `${dh}px`;
    const ov = this._el.overlay;
    ov.style.width = `${width}px`;
    ov.style.height = `${height}px`;
    const ow = Math.round(width * dpr);
    const oh = Math.round(height * dpr);
    if (ov.width !== ow || ov.height !== oh) {
      ov.width = ow;
      ov.height = oh;
    }
    return !prev || prev.dw !== dw || prev.dh !== dh || prev.dpr !== dpr;
  }

  /** Heatmap resolution in device pixels (lower while a zoom or pan gesture is running). */
  _heatSize() {
    const { dw, dh, dpr } = this._geom;
    let k = Math.min(dpr, MAX_HEAT_SIDE / Math.max(dw, dh));
    if (this._interactive) k *= 0.5;
    return [Math.max(1, Math.round(dw * k)), Math.max(1, Math.round(dh * k))];
  }

  /** Plane → CSS pixels of the figure, and back. */
  _toPx(x, y) {
    const [x0, x1, y0, y1] = this._viewBox();
    const g = this._geom;
    return [g.x + ((x - x0) / (x1 - x0)) * g.dw, g.y + ((y1 - y) / (y1 - y0)) * g.dh];
  }

  _toPlane(px, py) {
    const [x0, x1, y0, y1] = this._viewBox();
    const g = this._geom;
    return [x0 + ((px - g.x) / g.dw) * (x1 - x0), y1 - ((py - g.y) / g.dh) * (y1 - y0)];
  }

  _applyTheme(redraw = false) {
    const t = this._s?.theme ?? 'auto';
    const dark = t === 'dark' || (t === 'auto' && page().prefersDark());
    const changed = dark !== this._dark;
    this._dark = dark;
    this._el.root.classList.toggle('dark', dark);
    if (changed && redraw) {
      this._request('heat', 'overlay', 'charts', 'legend');
    }
  }

  // ----- frames -----

  /** Mark work for the next animation frame. */
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
    const samples = (p.samples[name] ??= []);
    samples.push(dt);
    if (samples.length > 240) samples.shift();
    return r;
  }

  _frame(now) {
    this._raf = 0;
    if (!this._view) return;
    this._time('frame', () => {
      if (this._playing) this._advance(now);
      const d = this._dirty;
      this._dirty = new Set();
      if (d.has('sims')) this._time('simulate', () => this._computeSims());
      if (d.has('heat')) this._renderHeat();
      const cursorMoved = d.has('cursor') || d.has('sims');
      if (d.has('overlay') || d.has('heat') || cursorMoved || d.has('hover')) this._time('overlay', () => this._drawOverlay());
      if (d.has('charts') || cursorMoved) this._time('charts', () => this._drawCharts());
      if (d.has('legend') || cursorMoved) this._updateLegend(d.has('legend') || d.has('sims'));
      if (d.has('formula') || cursorMoved) this._updateFormula();
      if (cursorMoved || d.has('legend')) this._updateStatus();
      if (d.has('commit')) this._doCommit();
    });
    if (this._playing) this._request('cursor');
  }

  /** Move the cursor by `speed` steps per second of wall time. */
  _advance(now) {
    if (this._playClock === null || this._playClock === undefined) {
      this._playClock = now;
      return;
    }
    const dt = Math.min(0.25, (now - this._playClock) / 1000);
    this._playClock = now;
    this._stepAcc += dt * this._s.speed;
    const whole = Math.floor(this._stepAcc);
    if (whole < 1) return;
    this._stepAcc -= whole;
    const last = this._lastStep();
    const next = Math.min(last, this._cursor() + whole);
    this._setStep(next, false);
    if (next >= last) {
      this._playing = false;
      this._updatePlayButton();
      this._announce();
      this._commit();
    }
  }

  /** The step shown, clamped to the runs' length. */
  _cursor() {
    return Math.min(this._s.step, this._s.steps);
  }

  /** The last step any run reached. */
  _lastStep() {
    let last = 0;
    for (const x of this._sims ?? []) last = Math.max(last, (x.result?.lr.length ?? 0));
    return Math.max(last, 0) || this._s.steps;
  }

  _setStep(step, announce = true) {
    const s = Math.max(0, Math.min(this._s.steps, Math.round(step)));
    if (s === this._s.step) return;
    this._s = { ...this._s, step: s };
    this._el.scrubber.value = String(s);
    this._request('cursor');
    this.dispatchEvent(new CustomEvent('descent-step', { bubbles: true, composed: true, detail: { step: s } }));
    if (announce) this._announceSoon();
  }

  // ----- simulation -----

  _computeSims() {
    const base = { surface: this._surfaceCfg, start: this._startPoint(), steps: this._s.steps };
    const simulate = ({ optimizer, schedule }) => this._api.simulate(schedule ? { ...base, optimizer, schedule } : { ...base, optimizer });
    const messages = [];
    this._sims = this._s.runs.map((run, i) => {
      let r = simulateRun(run, simulate);
      if (!r.run) r = { ...simulateRun(FALLBACK_RUN, simulate), messages: [...r.messages] };
      if (!r.run) r = { run: structuredClone(FALLBACK_RUN), result: null, messages: r.messages };
      for (const m of r.messages) messages.push(this._zh ? `轨迹 ${i + 1}：${zhCoreMessage(m)}` : `run ${i + 1}: ${m}`);
      return r;
    });
    this._simsRuns = this._s.runs;
    this._runMessages = messages;
    this._renderMessages();
    this._syncEditorValues();
  }

  // ----- drawing -----

  _renderHeat() {
    const [w, h] = this._heatSize();
    const [x0, x1, y0, y1] = this._viewBox();
    let info;
    try {
      info = this._time('render', () => this._view.render(x0, x1, y0, y1, w, h, this._s.scale, this._s.levels, this._dark));
    } catch (err) {
      this._surfaceMessage = this._zh ? zhCoreMessage(errorMessage(err), '绘图出错：') : errorMessage(err);
      this._renderMessages();
      return;
    }
    this._heatInfo = info;
    this._time('blit', () => {
      const heat = this._el.heat;
      if (heat.width !== w || heat.height !== h) {
        heat.width = w;
        heat.height = h;
      }
      const mem = this._wasm.memory;
      const px = bytesAt(mem, this._view.pixelsPtr(), this._view.pixelsLen());
      heat.getContext('2d').putImageData(new ImageData(px, w, h), 0, 0);
      const { dh, dpr } = this._geom;
      const cbW = Math.max(1, Math.round(COLORBAR_W * dpr));
      const cbH = Math.max(1, Math.round(dh * dpr));
      const bar = this._view.colorbar(cbW, cbH);
      const cb = this._el.colorbar;
      if (cb.width !== cbW || cb.height !== cbH) {
        cb.width = cbW;
        cb.height = cbH;
      }
      cb.getContext('2d').putImageData(new ImageData(bytesAt(this._wasm.memory, bar.ptr, bar.len), cbW, cbH), 0, 0);
      // Tick values and labels come from the core's colour scale (ColorScale::ticks), which knows the log offset.
      this._colorbar = { labels: Array.from(bar.labels), positions: Array.from(bar.positions) };
    });
    const notes = [];
    if (info.non_finite > 0) {
      const share = (100 * info.non_finite) / (w * h);
      notes.push(this._t('undefinedPart', { share: share < 1 ? '<1' : Math.round(share) }));
    }
    if (info.flat) notes.push(this._t('flat'));
    this._el.plotNote.textContent = notes.join(this._zh ? '' : ' ');
    this._el.plotNote.hidden = notes.length === 0;
  }

  _drawOverlay() {
    const g = this._geom;
    const ctx = this._el.overlay.getContext('2d');
    ctx.setTransform(g.dpr, 0, 0, g.dpr, 0, 0);
    ctx.clearRect(0, 0, g.width, g.height);
    const ink = themeInk(this._dark);
    ctx.font = '11px system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';

    // Axes.
    const [x0, x1, y0, y1] = this._viewBox();
    ctx.strokeStyle = ink.axis;
    ctx.lineWidth = 1;
    ctx.strokeRect(g.x - 0.5, g.y - 0.5, g.dw + 1, g.dh + 1);
    ctx.fillStyle = ink.muted;
    const xt = this._api.ticks(x0, x1, Math.max(2, Math.floor(g.dw / 80)));
    ctx.textAlign = 'center';
    ctx.textBaseline = 'top';
    for (let i = 0; i < xt.values.length; i++) {
      const [px] = this._toPx(xt.values[i], y0);
      if (px < g.x - 1 || px > g.x + g.dw + 1) continue;
      ctx.fillRect(Math.round(px), g.y + g.dh, 1, 4);
      ctx.fillText(xt.labels[i], px, g.y + g.dh + 6);
    }
    const yt = this._api.ticks(y0, y1, Math.max(2, Math.floor(g.dh / 60)));
    ctx.textAlign = 'right';
    ctx.textBaseline = 'middle';
    for (let i = 0; i < yt.values.length; i++) {
      const [, py] = this._toPx(x0, yt.values[i]);
      if (py < g.y - 1 || py > g.y + g.dh + 1) continue;
      ctx.fillRect(g.x - 4, Math.round(py), 4, 1);
      ctx.fillText(yt.labels[i], g.x - 6, py);
    }
    ctx.textAlign = 'left';
    ctx.textBaseline = 'top';
    ctx.font = 'italic 12px Georgia, "Times New Roman", serif';
    ctx.fillText('x', g.x + g.dw + 10, g.y + g.dh + 5);
    ctx.fillText('y', 4, g.y - 2);
    ctx.font = '11px system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';

    // Colour bar labels.
    if (this._colorbar) {
      ctx.textBaseline = 'middle';
      ctx.textAlign = 'left';
      const bx = g.x + g.dw + 6 + COLORBAR_W + 4;
      let lastY = -Infinity;
      // Top to bottom, skipping labels that would overlap the previous one.
      const order = this._colorbar.positions.map((p, i) => [p, i]).sort((a, b) => a[0] - b[0]);
      for (const [pos, i] of order) {
        const py = g.y + pos * g.dh;
        if (py < g.y - 2 || py > g.y + g.dh + 2) continue;
        const ly = Math.min(g.y + g.dh - 5, Math.max(g.y + 5, py));
        if (ly - lastY < 13) continue;
        lastY = ly;
        ctx.fillRect(bx - 4, Math.round(py), 3, 1);
        ctx.fillText(this._colorbar.labels[i], bx, ly);
      }
    }

    // Everything on the plane is clipped to the heatmap.
    ctx.save();
    ctx.beginPath();
    ctx.rect(g.x, g.y, g.dw, g.dh);
    ctx.clip();
    for (const m of this._info.minima ?? []) {
      const [px, py] = this._toPx(m[0], m[1]);
      star(ctx, px, py);
    }
    const cursor = this._cursor();
    const sims = this._sims ?? [];
    // Unselected runs first, the selected one on top.
    const order = sims.map((_, i) => i).filter((i) => i !== this._selected()).concat([this._selected()]);
    for (const i of order) {
      const r = sims[i]?.result;
      if (r) this._drawPath(ctx, r, i, cursor);
    }
    // Markers after every path, so that no run hides another's position.
    for (const i of order) {
      const r = sims[i]?.result;
      if (r) this._drawMarker(ctx, r, i, cursor);
    }
    const [sx, sy] = this._toPx(...this._startPoint());
    ctx.lineWidth = 3;
    ctx.strokeStyle = HALO;
    ctx.fillStyle = '#ffffff';
    ctx.beginPath();
    ctx.arc(sx, sy, this._dragging ? 8 : 6.5, 0, Math.PI * 2);
    ctx.stroke();
    ctx.fill();
    ctx.fillStyle = '#111';
    ctx.beginPath();
    ctx.arc(sx, sy, 2, 0, Math.PI * 2);
    ctx.fill();
    if (this._hover) this._drawHoverArrow(ctx);
    ctx.restore();
  }

  _drawPath(ctx, r, i, cursor) {
    const n = r.path.length / 2;
    const upto = Math.min(cursor, n - 1);
    const color = runColor(i);
    const pts = new Float64Array(r.path.length);
    for (let k = 0; k < n; k++) {
      const [px, py] = this._toPx(r.path[2 * k], r.path[2 * k + 1]);
      pts[2 * k] = Math.max(-1e5, Math.min(1e5, px));
      pts[2 * k + 1] = Math.max(-1e5, Math.min(1e5, py));
    }
    const line = (from, to) => {
      ctx.beginPath();
      ctx.moveTo(pts[2 * from], pts[2 * from + 1]);
      for (let k = from + 1; k <= to; k++) ctx.lineTo(pts[2 * k], pts[2 * k + 1]);
      ctx.stroke();
    };
    ctx.lineJoin = 'round';
    ctx.lineCap = 'round';
    const selected = i === this._selected();
    // The future part: faint.
    if (upto < n - 1) {
      ctx.globalAlpha = 0.4;
      ctx.lineWidth = 1.25;
      ctx.strokeStyle = color;
      ctx.setLineDash([3, 3]);
      line(upto, n - 1);
      ctx.setLineDash([]);
      ctx.globalAlpha = 1;
    }
    if (upto > 0) {
      ctx.lineWidth = selected ? 4.5 : 3.5;
      ctx.strokeStyle = HALO;
      line(0, upto);
      ctx.lineWidth = selected ? 2.5 : 1.75;
      ctx.strokeStyle = color;
      line(0, upto);
    }
    if (r.stopped && upto >= n - 1) {
      // Diverged: the path ends with a cross.
      const x = pts[2 * (n - 1)];
      const y = pts[2 * (n - 1) + 1];
      ctx.lineWidth = 4;
      ctx.strokeStyle = HALO;
      crossPath(ctx, x, y, 6);
      ctx.lineWidth = 2;
      ctx.strokeStyle = color;
      crossPath(ctx, x, y, 6);
    }
  }

  /** The run's position at the cursor. */
  _drawMarker(ctx, r, i, cursor) {
    const k = Math.min(cursor, r.path.length / 2 - 1);
    const [px, py] = this._toPx(r.path[2 * k], r.path[2 * k + 1]);
    if (!Number.isFinite(px) || !Number.isFinite(py)) return;
    ctx.fillStyle = runColor(i);
    ctx.strokeStyle = HALO;
    ctx.lineWidth = 2;
    ctx.beginPath();
    ctx.arc(px, py, i === this._selected() ? 5.5 : 4.5, 0, Math.PI * 2);
    ctx.fill();
    ctx.stroke();
  }

  /** At the pointer: an arrow along −∇f (the direction of steepest descent), 28 px long. */
  _drawHoverArrow(ctx) {
    const { x, y, gx, gy } = this._hover;
    const [px, py] = this._toPx(x, y);
    const [vx, vy] = [this._geom.dw / (this._viewBox()[1] - this._viewBox()[0]), this._geom.dh / (this._viewBox()[3] - this._viewBox()[2])];
    let dx = -gx * vx;
    let dy = gy * vy;
    const len = Math.hypot(dx, dy);
    if (!(len > 0) || !Number.isFinite(len)) return;
    dx = (dx / len) * 28;
    dy = (dy / len) * 28;
    for (const [width, color] of [[4, HALO], [2, '#ffffff']]) {
      ctx.lineWidth = width;
      ctx.strokeStyle = color;
      ctx.beginPath();
      ctx.moveTo(px, py);
      ctx.lineTo(px + dx, py + dy);
      const a = Math.atan2(dy, dx);
      ctx.moveTo(px + dx, py + dy);
      ctx.lineTo(px + dx - 7 * Math.cos(a - 0.45), py + dy - 7 * Math.sin(a - 0.45));
      ctx.moveTo(px + dx, py + dy);
      ctx.lineTo(px + dx - 7 * Math.cos(a + 0.45), py + dy - 7 * Math.sin(a + 0.45));
      ctx.stroke();
    }
  }

  _drawCharts() {
    const sims = this._sims ?? [];
    const ink = themeInk(this._dark);
    const dpr = page().pixelRatio();
    const ticks = (lo, hi, count) => this._api.ticks(lo, hi, count);
    const series = (key, offset) => sims
      .map((x, i) => (x.result ? { values: x.result[key], color: runInk(i, this._dark), offset, stopped: !!x.result.stopped } : null))
      .filter(Boolean);
    this._lossChart = drawLineChart(this._el['loss-chart'], {
      series: series('loss', 0), steps: this._s.steps, cursor: this._cursor(), title: this._t('lossTitle'), logNote: logNote(this._lang), ticks, ink, dpr,
    });
    this._lrChart = drawLineChart(this._el['lr-chart'], {
      series: series('lr', 1), steps: this._s.steps, cursor: this._cursor(), title: this._t('lrTitle'), logNote: logNote(this._lang), ticks, ink, dpr,
    });
  }

  /** What a chart adds to its title for a log y axis (shared/chart.js's own English unless the page is Chinese). */
  // ----- legend, status, formula -----

  _selected() {
    return Math.min(this._s.selected, this._s.runs.length - 1);
  }

  _updateLegend(rebuild) {
    const sims = this._sims ?? [];
    const list = this._el.legend;
    if (rebuild || list.children.length !== sims.length) {
      list.replaceChildren();
      sims.forEach((x, i) => {
        const li = document.createElement('li');
        const btn = document.createElement('button');
        btn.type = 'button';
        btn.className = 'run';
        btn.dataset.run = String(i);
        const sw = document.createElement('span');
        sw.className = 'swatch';
        sw.style.background = runColor(i);
        const name = document.createElement('span');
        name.className = 'run-name';
        name.textContent = this._runLabel(x.run);
        const detail = document.createElement('span');
        detail.className = 'run-detail';
        btn.append(sw, name, detail);
        btn.addEventListener('click', () => this._update({ selected: i }));
        const rm = document.createElement('button');
        rm.type = 'button';
        rm.className = 'remove';
        rm.textContent = '×';
        rm.setAttribute('aria-label', this._t('removeRun', { n: i + 1, type: x.run.type }));
        rm.disabled = sims.length <= 1;
        rm.addEventListener('click', () => this._removeRun(i));
        li.append(btn, rm);
        list.append(li);
      });
      this._el['add-run'].disabled = sims.length >= MAX_RUNS;
    }
    const cursor = this._cursor();
    const sel = this._selected();
    list.querySelectorAll('.run').forEach((btn) => {
      const i = Number(btn.dataset.run);
      const r = sims[i]?.result;
      btn.setAttribute('aria-pressed', String(i === sel));
      const detail = btn.querySelector('.run-detail');
      if (!r) return;
      const k = Math.min(cursor, r.loss.length - 1);
      const loss = formatNumber(r.loss[k], 3);
      let text = this._t('lossAtStep', { loss, k });
      if (r.stopped) {
        const reason = this._stopReason(r.stopped);
        text = cursor < r.loss.length - 1 ? this._t('stoppedThen', { reason, loss, k }) : reason;
      }
      detail.textContent = text;
      detail.classList.toggle('diverged', !!r.stopped);
      const colour = this._t(`colour.${runColorName(i)}`);
      btn.setAttribute('aria-label', this._t('legendButton', { n: i + 1, colour, label: this._runLabel(sims[i].run), text }));
    });
  }

  /** "Adam, step 42 of 200, loss 0.013" for the selected run. */
  _description() {
    const x = (this._sims ?? [])[this._selected()];
    if (!x?.result) return '';
    const r = x.result;
    const cursor = this._cursor();
    const k = Math.min(cursor, r.loss.length - 1);
    let text = this._t('description', { type: x.run.type, step: cursor, steps: this._s.steps, loss: formatNumber(r.loss[k], 3) });
    if (r.stopped) {
      text += cursor >= r.loss.length - 1
        ? this._t('descriptionStopped', { reason: this._stopReason(r.stopped) })
        : this._t('willDiverge', { step: r.stopped.step });
    }
    return text;
  }

  /** Why a run stopped (the core's sentence; in Chinese on a Chinese page). */
  _stopReason(stopped) {
    return this._zh ? zhStopReason(stopped.reason) : stopped.reason;
  }

  /** The legend's short name of a run (`Adam η=0.05`). */
  _runLabel(run) {
    return runLabel(run, this._t('noBiasCorrection'));
  }

  _updateStatus() {
    const text = this._description();
    this._el.status.textContent = text;
    this._el.stepLabel.textContent = `${this._cursor()} / ${this._s.steps}`;
    this._el.scrubber.setAttribute('aria-valuetext', text || this._t('stepN', { n: this._cursor() }));
    if (!this._playing && this._announcePending) {
      this._announcePending = false;
      this._el.live.textContent = text;
    }
  }

  /** Announce the description to screen readers (not during playback: too chatty). */
  _announce() {
    this._el.live.textContent = this._description();
  }

  _announceSoon() {
    this._announcePending = true;
  }

  _updateFormula() {
    const sel = this._selected();
    const x = (this._sims ?? [])[sel];
    const caption = this._el.caption;
    if (!x?.result) return;
    const r = x.result;
    const updates = r.lr.length;
    const cursor = this._cursor();
    const t = Math.max(1, Math.min(cursor, updates));
    this._el['formula-h'].textContent = this._t('updateRuleOf', { n: sel + 1, type: x.run.type });
    if (updates === 0) {
      caption.textContent = r.stopped ? this._t('noUpdateStopped', { reason: this._stopReason(r.stopped) }) : this._t('noUpdates');
      this._el['tex-sym'].replaceChildren();
      this._el['tex-num'].replaceChildren();
      this._lastSymbolic = null;
      this._lastTex = null;
      return;
    }
    // While playing or dragging, typeset at most ten times a second.
    const now = performance.now();
    const busy = this._playing || this._dragging || this._liveEdit;
    if (busy && this._lastTexTime && now - this._lastTexTime < 100) {
      this._request('formula');
      return;
    }
    const note = cursor === 0 ? this._t('captionStart') : cursor > updates ? this._t('captionStopped', { n: updates }) : this._t('captionShown');
    caption.textContent = note + this._t('captionUpdate', { t, from: t - 1, eta: formatNumber(r.lr[t - 1], 4) });
    if (!this._katex) return;
    const tex = updateTex(x.run, r, t);
    if (!tex) return;
    const key = `${tex.symbolic}\n${tex.numeric}`;
    if (key === this._lastTex) return;
    this._lastTex = key;
    this._lastTexTime = now;
    this._time('formula', () => {
      // The symbolic rule changes only with the run's settings: typeset it only then.
      if (tex.symbolic !== this._lastSymbolic) {
        this._lastSymbolic = tex.symbolic;
        renderTex(this._katex, tex.symbolic, this._el['tex-sym']);
      }
      renderTex(this._katex, tex.numeric, this._el['tex-num']);
    });
  }

  // ----- messages -----

  _renderMessages() {
    const list = [];
    if (this._fatal) list.push(this._fatal);
    for (const m of this._attrMessages?.values() ?? []) {
      // Attribute messages come from shared/state.js in English; the element's own are already in its language.
      if (m) list.push(this._zh && m !== this._t('syncTaken') ? zhAttributeMessage(m) : m);
    }
    if (this._surfaceMessage) list.push(this._surfaceMessage);
    for (const m of this._runMessages ?? []) list.push(m);
    const box = this._el.messages;
    const key = list.join('\n');
    if (key === this._messagesKey) return;
    this._messagesKey = key;
    box.replaceChildren(
      ...list.map((text) => {
        const div = document.createElement('div');
        div.className = 'message';
        const span = document.createElement('span');
        span.textContent = text;
        const close = document.createElement('button');
        close.type = 'button';
        close.textContent = '×';
        close.setAttribute('aria-label', this._t('dismiss'));
        close.addEventListener('click', () => div.remove());
        div.append(span, close);
        return div;
      }),
    );
  }

  _showNote(text) {
    this._el.note.textContent = text;
    this._el.note.hidden = false;
    clearTimeout(this._noteTimer);
  }

  _hideNote() {
    this._el.note.hidden = true;
  }

  _flashNote(text) {
    this._showNote(text);
    this._noteTimer = setTimeout(() => this._hideNote(), 1600);
  }

  _setExprError(message, expression = '') {
    const box = this._el['expr-error'];
    const input = this._el.expr;
    if (!message) {
      box.replaceChildren();
      input.removeAttribute('aria-invalid');
      return;
    }
    input.setAttribute('aria-invalid', 'true');
    if (this._root.activeElement !== input) input.value = expression;
    const text = document.createElement('div');
    text.textContent = this._zh ? zhExpressionError(message) : message.replace(/^surface\.expression = /, '');
    box.replaceChildren(text);
    const col = /column (\d+)/.exec(message);
    if (col) {
      const c = Math.max(1, Number(col[1]));
      const pre = document.createElement('pre');
      pre.setAttribute('aria-hidden', 'true');
      pre.textContent = `${expression}\n${' '.repeat(c - 1)}^`;
      box.append(pre);
    }
  }

  // ----- controls -----

  _buildStaticControls() {
    const el = this._el;
    for (const name of SURFACE_NAMES) {
      const o = document.createElement('option');
      o.value = name;
      o.textContent = this._t(`surface.${name}`);
      el.surface.append(o);
    }
    for (const v of SPEEDS) {
      const o = document.createElement('option');
      o.value = String(v);
      o.textContent = this._t('speedOption', { v });
      el.speed.append(o);
    }
    this._kappa = createSlider({
      label: this._t('kappa'),
      min: 1,
      max: 1000,
      scale: 'log',
      hardMin: 0.001,
      hardMax: 10000,
      value: 10,
      ...sliderWords(this._lang),
      onInput: (v) => this._setKappa(v, false),
      onChange: (v) => this._setKappa(v, true),
    });
    el.kappaGroup.append(this._kappa.root);
    this._stepsSlider = createSlider({
      label: this._t('steps'),
      min: 10,
      max: 5000,
      scale: 'log',
      integer: true,
      hardMin: 1,
      hardMax: 5000,
      value: 200,
      ...sliderWords(this._lang),
      onInput: (v) => this._update({ steps: Math.round(v) }, { commit: false }),
      onChange: (v) => this._update({ steps: Math.round(v) }),
    });
    el.transport.append(this._stepsSlider.root);

    el.surface.addEventListener('change', () => {
      const name = el.surface.value;
      this._update({ surface: name, view: null, start: null });
      if (name === 'custom') el.expr.focus();
    });
    el.scale.addEventListener('change', () => this._update({ scale: el.scale.value }));
    el['zoom-in'].addEventListener('click', () => this._zoom(1 / 1.5));
    el['zoom-out'].addEventListener('click', () => this._zoom(1.5));
    el['reset-view'].addEventListener('click', () => this._update({ view: null }));
    el.pan.addEventListener('click', () => {
      this._panMode = !this._panMode;
      el.pan.setAttribute('aria-pressed', String(this._panMode));
      el.figure.classList.toggle('pan', this._panMode);
    });
    el['view-box'].addEventListener('change', () => this._viewBoxTyped());
    el['view-box'].addEventListener('keydown', (e) => {
      if (e.key === 'Enter') this._viewBoxTyped();
    });
    el.expr.addEventListener('input', () => {
      clearTimeout(this._exprTimer);
      this._exprTimer = setTimeout(() => this._exprTyped(), 350);
    });
    el.expr.addEventListener('keydown', (e) => {
      if (e.key === 'Enter') {
        clearTimeout(this._exprTimer);
        this._exprTyped();
      }
    });
    el['expr-apply'].addEventListener('click', () => this._exprTyped());

    el.play.addEventListener('click', () => (this._playing ? this.pause() : this.play()));
    el.reset.addEventListener('click', () => this.reset());
    el.back.addEventListener('click', () => this._stepBy(-1));
    el.forward.addEventListener('click', () => this._stepBy(1));
    el.scrubber.addEventListener('input', () => {
      if (this._playing) {
        this._playing = false;
        this._updatePlayButton();
      }
      this._setStep(Number(el.scrubber.value));
    });
    el.scrubber.addEventListener('change', () => {
      this._announce();
      this._commit();
    });
    el.speed.addEventListener('change', () => this._update({ speed: Number(el.speed.value) }));
    el['add-run'].addEventListener('click', () => this._addRun());
    el['copy-link'].addEventListener('click', () => this._copy('link'));
    el['copy-embed'].addEventListener('click', () => this._copy('embed'));

    this._bindFigure();
    for (const id of ['loss-chart', 'lr-chart']) this._bindChart(el[id], id === 'loss-chart' ? '_lossChart' : '_lrChart');
  }

  /** Put the state into the static controls (after any change). */
  _syncControls() {
    const el = this._el;
    const name = this._surfaceName();
    el.surface.value = name;
    const quad = name === 'quadratic';
    el.kappaGroup.hidden = !quad;
    if (quad) {
      let kappa = 10;
      try {
        const cfg = this._surfaceConfig();
        if (typeof cfg === 'object' && typeof cfg.kappa === 'number') kappa = cfg.kappa;
      } catch {
        // the default
      }
      this._kappa.set(kappa);
    }
    el.scale.value = this._s.scale;
    el.exprRow.hidden = name !== 'custom';
    if (name === 'custom' && this._root.activeElement !== el.expr && !el.expr.hasAttribute('aria-invalid')) {
      el.expr.value = this._s.expression;
    }
    if (this._root.activeElement !== el['view-box']) {
      el['view-box'].value = this._viewBox().map((v) => formatPlain(v, 4)).join(', ');
      el['view-box'].removeAttribute('aria-invalid');
      el['view-box-error'].textContent = '';
    }
    el.scrubber.max = String(this._s.steps);
    el.scrubber.value = String(this._cursor());
    if (![...el.speed.options].some((o) => Number(o.value) === this._s.speed)) {
      const o = document.createElement('option');
      o.value = String(this._s.speed);
      o.textContent = this._t('speedOption', { v: formatNumber(this._s.speed) });
      el.speed.append(o);
    }
    el.speed.value = String([...el.speed.options].find((o) => Number(o.value) === this._s.speed)?.value);
    this._stepsSlider.set(this._s.steps);
    this._updatePlayButton();
  }

  _updatePlayButton() {
    const b = this._el.play;
    b.textContent = this._t(this._playing ? 'pause' : 'play');
    b.setAttribute('aria-pressed', String(this._playing));
  }

  _setKappa(v, commit) {
    const surface = v === 10 ? 'quadratic' : JSON.stringify({ type: 'quadratic', kappa: v });
    this._update({ surface }, { commit });
  }

  _stepBy(d) {
    if (this._playing) {
      this._playing = false;
      this._updatePlayButton();
    }
    this._setStep(this._cursor() + d);
    this._announce();
    this._commit();
  }

  _viewBoxTyped() {
    const input = this._el['view-box'];
    const r = PROP.view.kind.parse(input.value.replace(/\s+/g, ''));
    if ('error' in r) {
      input.setAttribute('aria-invalid', 'true');
      this._el['view-box-error'].textContent = this._t('viewExpected', { detail: this._zh ? zhExpected(r.error) : r.error });
      return;
    }
    input.removeAttribute('aria-invalid');
    this._el['view-box-error'].textContent = '';
    this._update({ view: r.value });
  }

  _exprTyped() {
    const text = this._el.expr.value;
    if (text === this._s.expression && !this._el.expr.hasAttribute('aria-invalid')) return;
    try {
      this._view.setSurface({ type: 'custom', expression: text });
    } catch (err) {
      // The previous surface stays; the message points at the character.
      this._view.setSurface(this._surfaceCfg);
      this._setExprError(errorMessage(err), text);
      return;
    }
    this._setExprError(null);
    this._update({ surface: 'custom', expression: text });
  }

  // ----- run editor -----

  _addRun() {
    if (this._s.runs.length >= MAX_RUNS) return;
    const copy = structuredClone(this._values().runs[this._selected()] ?? FALLBACK_RUN);
    const runs = [...this._values().runs, copy];
    this._update({ runs, selected: runs.length - 1 });
    this._rebuildEditor();
    this._request('legend');
  }

  _removeRun(i) {
    if (this._s.runs.length <= 1) return;
    const runs = this._values().runs.filter((_, k) => k !== i);
    const sel = this._selected();
    const selected = sel > i ? sel - 1 : Math.min(sel, runs.length - 1);
    this._update({ runs, selected });
    this._rebuildEditor();
    this._request('legend');
    this._root.querySelector(`.run[data-run="${Math.min(i, runs.length - 1)}"]`)?.focus();
  }

  /** Replace the selected run (from the editor). */
  _setRun(run, commit = true) {
    const runs = [...this._values().runs];
    runs[this._selected()] = run;
    this._update({ runs }, { commit });
    this._request('legend');
  }

  _rebuildEditorIfNeeded(force) {
    const run = this._s.runs[this._selected()];
    const key = `${this._selected()}|${run?.type}|${run?.schedule?.type ?? ''}|${this._s.steps}`;
    if (force || key !== this._editorKey) this._rebuildEditor();
  }

  _rebuildEditor() {
    const i = this._selected();
    const run = this._values().runs[i] ?? this._s.runs[i];
    this._editorKey = `${i}|${run.type}|${run.schedule?.type ?? ''}|${this._s.steps}`;
    this._el['editor-h'].textContent = this._t('runN', { n: i + 1 });
    const body = this._el.editor;
    body.replaceChildren();
    this._knobs = [];

    const typeRow = document.createElement('div');
    typeRow.className = 'editor-row';
    const typeLabel = document.createElement('label');
    typeLabel.className = 'field-label';
    typeLabel.textContent = this._t('optimizer');
    const typeSel = document.createElement('select');
    typeSel.id = 'run-type';
    typeLabel.htmlFor = 'run-type';
    for (const t of OPTIMIZER_TYPES) {
      const o = document.createElement('option');
      o.value = t;
      o.textContent = t;
      typeSel.append(o);
    }
    typeSel.value = run.type;
    typeSel.addEventListener('change', () => {
      this._setRun(withType(this._currentRun(), typeSel.value));
      this._rebuildEditor();
      this._root.getElementById('run-type')?.focus();
    });
    const sw = document.createElement('span');
    sw.className = 'swatch';
    sw.style.background = runColor(i);
    sw.setAttribute('aria-hidden', 'true');
    typeRow.append(sw, typeLabel, typeSel);
    body.append(typeRow);

    const checks = document.createElement('div');
    checks.className = 'checks';
    for (const knob of OPTIMIZERS[run.type]) {
      if (knob.kind === 'bool') {
        const label = document.createElement('label');
        label.className = 'check';
        const box = document.createElement('input');
        box.type = 'checkbox';
        box.checked = !!knobValue(run, knob);
        box.addEventListener('change', () => this._setRun(withKnob(this._currentRun(), knob, box.checked)));
        label.append(box, document.createTextNode(this._knobLabel(knob)));
        checks.append(label);
        this._knobs.push({ knob, set: (v) => (box.checked = !!v) });
        continue;
      }
      const slider = createSlider({
        label: this._knobLabel(knob),
        min: knob.min,
        max: knob.max,
        scale: knob.kind,
        hardMin: knob.hardMin,
        hardMax: knob.hardMax,
        openMin: knob.openMin,
        openMax: knob.openMax,
        value: knobValue(run, knob),
        ...sliderWords(this._lang),
        onInput: (v) => this._setRun(withKnob(this._currentRun(), knob, v), false),
        onChange: (v) => this._setRun(withKnob(this._currentRun(), knob, v)),
      });
      slider.range.dataset.knob = knob.index === undefined ? knob.key : `${knob.key}[${knob.index}]`;
      body.append(slider.root);
      this._knobs.push({ knob, set: (v) => slider.set(v) });
    }
    body.append(checks);
    body.append(this._scheduleEditor(run));
    const warn = document.createElement('div');
    warn.className = 'run-warning';
    warn.setAttribute('aria-live', 'polite');
    body.append(warn);
    this._runWarning = warn;
    this._syncEditorValues();
  }

  /** The selected run as last simulated (or as set). */
  _currentRun() {
    return structuredClone(this._values().runs[this._selected()]);
  }

  /** Show the effective values of the selected run (a dropped field snaps back to its default). */
  _syncEditorValues() {
    const x = this._sims?.[this._selected()];
    if (!x || !this._knobs) return;
    for (const { knob, set } of this._knobs) set(knobValue(x.run, knob));
    if (this._runWarning) {
      this._runWarning.textContent = (this._zh ? x.messages.map((m) => zhCoreMessage(m)) : x.messages).join(' ');
    }
    if (this._scheduleJson && this._root.activeElement !== this._scheduleJson) {
      this._scheduleJson.value = x.run.schedule ? JSON.stringify(x.run.schedule) : '';
      this._scheduleJson.removeAttribute('aria-invalid');
    }
  }

  /** A knob's label: runs.js's English, or the Chinese of strings.js (which names the config key too). */
  _knobLabel(knob) {
    const key = knob.index === undefined ? knob.key : `${knob.key}[${knob.index}]`;
    return (this._zh && STRINGS[`knob.${key}`]?.zh) || knob.label;
  }

  _scheduleEditor(run) {
    const wrap = document.createElement('div');
    wrap.className = 'editor';
    const row = document.createElement('div');
    row.className = 'editor-row';
    const label = document.createElement('label');
    label.className = 'field-label';
    label.textContent = this._t('lrSchedule');
    label.htmlFor = 'run-schedule';
    const sel = document.createElement('select');
    sel.id = 'run-schedule';
    const none = document.createElement('option');
    none.value = '';
    none.textContent = this._t('noSchedule');
    sel.append(none);
    for (const t of SCHEDULE_TYPES) {
      const o = document.createElement('option');
      o.value = t;
      o.textContent = t;
      sel.append(o);
    }
    sel.value = run.schedule?.type ?? '';
    sel.addEventListener('change', () => {
      const cur = this._currentRun();
      if (!sel.value) delete cur.schedule;
      else cur.schedule = scheduleStarter(sel.value, { lr: cur.lr ?? 0.01, steps: this._s.steps, run: cur });
      this._setRun(cur);
      this._rebuildEditor();
      this._root.getElementById('run-schedule')?.focus();
    });
    row.append(label, sel);
    wrap.append(row);
    if (!run.schedule) return wrap;

    // One field per top-level number, flag or choice of the schedule; lists and nested schedules via the JSON.
    const fields = document.createElement('div');
    fields.className = 'schedule-fields';
    for (const [key, value] of Object.entries(run.schedule)) {
      if (key === 'type') continue;
      const f = document.createElement('label');
      const span = document.createElement('span');
      span.textContent = key;
      const input = document.createElement('input');
      if (typeof value === 'boolean') {
        input.type = 'checkbox';
        input.checked = value;
        f.className = 'check';
        input.addEventListener('change', () => this._setScheduleField(key, input.checked));
        f.append(input, span);
      } else if (typeof value === 'number' || typeof value === 'string') {
        input.type = 'text';
        input.inputMode = typeof value === 'number' ? 'decimal' : 'text';
        input.value = typeof value === 'number' ? formatPlain(value, 6) : value;
        input.spellcheck = false;
        input.addEventListener('change', () => {
          const v = typeof value === 'number' ? Number(input.value.trim().replace(/\u2212/g, '-')) : input.value.trim();
          if (typeof value === 'number' && (!Number.isFinite(v) || input.value.trim() === '')) {
            input.setAttribute('aria-invalid', 'true');
            return;
          }
          input.removeAttribute('aria-invalid');
          this._setScheduleField(key, v);
        });
        f.append(span, input);
      } else {
        continue;
      }
      fields.append(f);
    }
    wrap.append(fields);
    const details = document.createElement('details');
    const summary = document.createElement('summary');
    summary.textContent = this._t('scheduleJsonSummary');
    const json = document.createElement('textarea');
    json.className = 'schedule-json';
    json.spellcheck = false;
    json.setAttribute('aria-label', this._t('scheduleJson'));
    json.value = JSON.stringify(run.schedule);
    json.addEventListener('change', () => {
      let v;
      try {
        v = JSON.parse(json.value);
      } catch {
        json.setAttribute('aria-invalid', 'true');
        return;
      }
      if (!v || typeof v !== 'object' || Array.isArray(v) || !SCHEDULE_TYPES.includes(v.type)) {
        json.setAttribute('aria-invalid', 'true');
        return;
      }
      json.removeAttribute('aria-invalid');
      const cur = this._currentRun();
      cur.schedule = v;
      this._setRun(cur);
      this._rebuildEditor();
    });
    this._scheduleJson = json;
    details.append(summary, json);
    wrap.append(details);
    return wrap;
  }

  _setScheduleField(key, value) {
    const cur = this._currentRun();
    if (!cur.schedule) return;
    cur.schedule = { ...cur.schedule, [key]: value };
    this._setRun(cur);
  }

  // ----- pointer, wheel and keyboard on the figure -----

  _bindFigure() {
    const fig = this._el.figure;
    const pointers = new Map();
    let gesture = null;
    const local = (e) => {
      const r = fig.getBoundingClientRect();
      return [e.clientX - r.left, e.clientY - r.top];
    };
    const startPinch = () => {
      // The first finger had begun moving the start point: a pinch puts it back.
      if (gesture?.kind === 'start') this._update({ start: gesture.before }, { commit: false });
      const [a, b] = [...pointers.values()];
      gesture = {
        kind: 'pinch',
        view: this._viewBox(),
        mid: [(a[0] + b[0]) / 2, (a[1] + b[1]) / 2],
        dist: Math.max(10, Math.hypot(a[0] - b[0], a[1] - b[1])),
      };
      this._dragging = false;
      this._interactive = true;
    };
    fig.addEventListener('pointerdown', (e) => {
      if (!this._started) return;
      if (e.pointerType === 'mouse' && e.button !== 0 && e.button !== 1) return;
      fig.focus({ preventScroll: true });
      try {
        fig.setPointerCapture(e.pointerId);
      } catch {
        // a synthetic or already-released pointer: follow it without capture
      }
      pointers.set(e.pointerId, local(e));
      e.preventDefault();
      if (pointers.size === 2) {
        startPinch();
        return;
      }
      if (pointers.size > 2) return;
      const [px, py] = local(e);
      const pan = this._panMode || e.shiftKey || e.altKey || e.ctrlKey || e.metaKey || e.button === 1;
      if (pan) {
        gesture = { kind: 'pan', view: this._viewBox(), from: [px, py] };
        this._interactive = true;
        fig.classList.add('panning');
      } else {
        gesture = { kind: 'start', before: this._s.start };
        this._dragging = true;
        fig.classList.add('dragging');
        this._moveStart(px, py, false);
      }
    });
    fig.addEventListener('pointermove', (e) => {
      const p = local(e);
      if (pointers.has(e.pointerId)) pointers.set(e.pointerId, p);
      if (!this._started) return;
      if (!gesture) {
        if (e.pointerType !== 'touch') this._hoverAt(p[0], p[1]);
        return;
      }
      if (gesture.kind === 'start') this._moveStart(p[0], p[1], false);
      else if (gesture.kind === 'pan') this._panFrom(gesture, p);
      else if (gesture.kind === 'pinch' && pointers.size >= 2) this._pinch(gesture, [...pointers.values()]);
    });
    const end = (e) => {
      if (!pointers.has(e.pointerId)) return;
      pointers.delete(e.pointerId);
      if (pointers.size > 0 && gesture?.kind === 'pinch') {
        // One finger left: continue as a pan from where it is.
        const [p] = [...pointers.values()];
        gesture = { kind: 'pan', view: this._viewBox(), from: p };
        return;
      }
      if (!gesture) return;
      const kind = gesture.kind;
      gesture = null;
      fig.classList.remove('panning', 'dragging');
      if (kind === 'start') {
        this._dragging = false;
        this._update({ start: this._s.start });
        this._request('overlay');
      } else {
        this._endInteraction();
      }
    };
    fig.addEventListener('pointerup', end);
    fig.addEventListener('pointercancel', end);
    fig.addEventListener('pointerleave', (e) => {
      if (e.pointerType !== 'touch' && !gesture) {
        this._hover = null;
        this._el.readout.textContent = '';
        this._request('hover');
      }
    });
    fig.addEventListener('wheel', (e) => {
      if (!this._started) return;
      const focused = this._root.activeElement === fig;
      if (!focused && !e.ctrlKey && !e.metaKey) {
        this._flashNote(this._t('wheelHint'));
        return;
      }
      e.preventDefault();
      const [px, py] = local(e);
      const unit = e.deltaMode === 1 ? 16 : e.deltaMode === 2 ? 400 : 1;
      const factor = Math.exp(Math.max(-0.5, Math.min(0.5, e.deltaY * unit * 0.0015)));
      this._interactive = true;
      this._zoom(factor, this._toPlane(px, py), false);
      clearTimeout(this._idleTimer);
      this._idleTimer = setTimeout(() => this._endInteraction(), 180);
    }, { passive: false });
    fig.addEventListener('keydown', (e) => this._figureKey(e));
  }

  _bindChart(canvas, key) {
    let down = false;
    const scrub = (e) => {
      const chart = this[key];
      if (!chart) return;
      const r = canvas.getBoundingClientRect();
      if (this._playing) {
        this._playing = false;
        this._updatePlayButton();
      }
      this._setStep(chart.stepAt(e.clientX - r.left));
    };
    canvas.addEventListener('pointerdown', (e) => {
      if (!this._started) return;
      down = true;
      try {
        canvas.setPointerCapture(e.pointerId);
      } catch {
        // a synthetic pointer
      }
      scrub(e);
    });
    canvas.addEventListener('pointermove', (e) => down && scrub(e));
    const up = () => {
      if (!down) return;
      down = false;
      this._announce();
      this._commit();
    };
    canvas.addEventListener('pointerup', up);
    canvas.addEventListener('pointercancel', up);
  }

  _hoverAt(px, py) {
    const g = this._geom;
    if (!g || px < g.x || px > g.x + g.dw || py < g.y || py > g.y + g.dh) {
      if (this._hover) {
        this._hover = null;
        this._el.readout.textContent = '';
        this._request('hover');
      }
      return;
    }
    const [x, y] = this._toPlane(px, py);
    const v = this._view.evaluate(x, y);
    this._hover = { x, y, f: v[0], gx: v[1], gy: v[2] };
    const fmt = (n) => formatNumber(n, 4);
    this._el.readout.textContent = `x ${fmt(x)}, y ${fmt(y)}   f ${fmt(v[0])}   ∇f (${fmt(v[1])}, ${fmt(v[2])})`;
    this._request('hover');
  }

  /** Set the start point to the plane point under (px, py), clamped to the view (live; commit on release). */
  _moveStart(px, py, commit) {
    const g = this._geom;
    const cx = Math.min(g.x + g.dw, Math.max(g.x, px));
    const cy = Math.min(g.y + g.dh, Math.max(g.y, py));
    const [x, y] = this._toPlane(cx, cy);
    const span = this._viewBox()[1] - this._viewBox()[0];
    const digits = Math.max(3, Math.ceil(-Math.log10(span)) + 4);
    const round = (v) => Number(v.toPrecision(digits));
    this._update({ start: [round(x), round(y)] }, { commit });
  }

  _panFrom(gesture, [px, py]) {
    const [x0, x1, y0, y1] = gesture.view;
    const g = this._geom;
    const dx = ((px - gesture.from[0]) / g.dw) * (x1 - x0);
    const dy = ((py - gesture.from[1]) / g.dh) * (y1 - y0);
    this._setView([x0 - dx, x1 - dx, y0 + dy, y1 + dy], false);
  }

  _pinch(gesture, [a, b]) {
    const [x0, x1, y0, y1] = gesture.view;
    const g = this._geom;
    const dist = Math.max(10, Math.hypot(a[0] - b[0], a[1] - b[1]));
    const s = gesture.dist / dist;
    const mid = [(a[0] + b[0]) / 2, (a[1] + b[1]) / 2];
    // The plane point under the first midpoint stays under the current midpoint.
    const fx = x0 + ((gesture.mid[0] - g.x) / g.dw) * (x1 - x0);
    const fy = y1 - ((gesture.mid[1] - g.y) / g.dh) * (y1 - y0);
    const w = (x1 - x0) * s;
    const h = (y1 - y0) * s;
    const nx0 = fx - ((mid[0] - g.x) / g.dw) * w;
    const ny1 = fy + ((mid[1] - g.y) / g.dh) * h;
    this._setView([nx0, nx0 + w, ny1 - h, ny1], false);
  }

  /** Zoom by `factor` (> 1 zooms out) around a plane point (the centre by default). */
  _zoom(factor, at = null, commit = true) {
    const [x0, x1, y0, y1] = this._viewBox();
    const [cx, cy] = at ?? [(x0 + x1) / 2, (y0 + y1) / 2];
    this._setView([cx + (x0 - cx) * factor, cx + (x1 - cx) * factor, cy + (y0 - cy) * factor, cy + (y1 - cy) * factor], commit);
  }

  /** Set the view box if it stays sensible (finite, within ±1e6, not thinner than 1e-9 of its position). */
  _setView(v, commit) {
    const [x0, x1, y0, y1] = v;
    const ok = v.every((t) => Number.isFinite(t) && Math.abs(t) <= 1e6)
      && x1 - x0 > 1e-9 * Math.max(1, Math.abs(x0), Math.abs(x1))
      && y1 - y0 > 1e-9 * Math.max(1, Math.abs(y0), Math.abs(y1));
    if (!ok) return;
    const span = Math.max(x1 - x0, y1 - y0);
    const digits = Math.max(4, Math.ceil(Math.log10(Math.max(...v.map(Math.abs), 1e-300) / span)) + 5);
    this._update({ view: v.map((t) => Number(t.toPrecision(Math.min(15, digits)))) }, { commit });
  }

  /** A gesture ended: render at full resolution and commit the view. */
  _endInteraction() {
    clearTimeout(this._idleTimer);
    if (!this._interactive) return;
    this._interactive = false;
    this._request('heat');
    this._commit();
  }

  _figureKey(e) {
    const [x0, x1, y0, y1] = this._viewBox();
    const w = x1 - x0;
    const h = y1 - y0;
    const arrows = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, 1], ArrowDown: [0, -1] };
    if (e.key in arrows) {
      e.preventDefault();
      const [dx, dy] = arrows[e.key];
      if (e.shiftKey) {
        this._setView([x0 + dx * 0.1 * w, x1 + dx * 0.1 * w, y0 + dy * 0.1 * h, y1 + dy * 0.1 * h], true);
      } else {
        const [sx, sy] = this._startPoint();
        const k = e.altKey ? 0.005 : 0.02;
        const nx = Math.min(x1, Math.max(x0, sx + dx * k * w));
        const ny = Math.min(y1, Math.max(y0, sy + dy * k * h));
        this._update({ start: [Number(nx.toPrecision(6)), Number(ny.toPrecision(6))] });
      }
    } else if (e.key === '+' || e.key === '=') {
      e.preventDefault();
      this._zoom(1 / 1.25);
    } else if (e.key === '-' || e.key === '_') {
      e.preventDefault();
      this._zoom(1.25);
    } else if (e.key === '0') {
      e.preventDefault();
      this._update({ view: null });
    } else if (e.key === ' ' || e.key === 'k') {
      e.preventDefault();
      if (this._playing) this.pause();
      else this.play();
    }
  }

  // ----- sharing -----

  /** The link to this state (page URL with the state in its hash). */
  shareLink() {
    return page().urlWithHash(formatHash(this._entries('url')));
  }

  /** The embed code: the element (with its script) and the iframe form for platforms without scripts. */
  embedCode() {
    return embedCode('descent-surface', this._entries('embed'), { title: DOCS.title, height: DOCS.height });
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

function star(ctx, x, y) {
  ctx.save();
  ctx.translate(x, y);
  ctx.beginPath();
  for (let i = 0; i < 10; i++) {
    const r = i % 2 ? 3 : 7.5;
    const a = -Math.PI / 2 + (i * Math.PI) / 5;
    ctx.lineTo(r * Math.cos(a), r * Math.sin(a));
  }
  ctx.closePath();
  ctx.lineWidth = 2.5;
  ctx.strokeStyle = HALO;
  ctx.stroke();
  ctx.fillStyle = '#ffe14d';
  ctx.fill();
  ctx.restore();
}

function crossPath(ctx, x, y, r) {
  ctx.beginPath();
  ctx.moveTo(x - r, y - r);
  ctx.lineTo(x + r, y + r);
  ctx.moveTo(x + r, y - r);
  ctx.lineTo(x - r, y + r);
  ctx.stroke();
}
