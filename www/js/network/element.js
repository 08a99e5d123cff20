/**
 * <descent-network>: train tiny networks in the browser. TensorFlow Playground's picture (data, network with every
 * neuron's map, decision boundary, loss curves) with what its users asked for: cross-entropy, three classes, your
 * own points and CSV, every optimizer and schedule of the core, L1 / L2 and AdamW's decoupled decay, batch norm,
 * batch sizes from 1 to the full set, early stopping marked on the curves, a confusion matrix. The arithmetic is
 * PyTorch's (checked in tests/ref_nn.rs); whole epochs run inside WASM.
 *
 * Attributes: see props.js (one table drives attributes, the URL and the embed code). Events (bubbling, composed):
 *   `descent-step`    detail `{ epoch, loss, val_loss, test_loss, accuracy, val_accuracy, test_accuracy, stop }`
 *                     after every frame that trained (at most once per animation frame);
 *   `descent-stop`    detail `{ reason: "early_stopping" | "diverged", epoch, best_epoch?, restored? }`;
 *   `descent-change`  detail `{ attributes }` after a change of settings (the non-default attributes).
 * Methods: `play()`, `pause()`, `reset()` (new initial weights from the seed, epoch 0), `step(epochs = 1)` (train
 * now, returns the epochs run). Getters: `playing`, `epoch`, `history` (per-epoch metrics as arrays), `info`,
 * `perf` (timings in ms).
 *
 * ## The JS API of the WASM package (`Trainer`, used here; also for scripts)
 *
 * ```js
 * import init, { Trainer, networkPalette } from './pkg/descent.js';
 * await init();
 * const t = new Trainer({ dataset: 'spiral', layers: [8, 8], optimizer: { type: 'Adam', lr: 0.01 } });
 *   // throws Error('layers[0] = 100 is not allowed: expected ...') for a bad config (the message names the field)
 * t.train(10);                      // whole epochs inside WASM; returns how many ran (fewer once stopped)
 * t.setConfig({ ...config, l2: 0.01 });  // hyperparameters mid-run; returns true when it had to start over
 *                                   // (new shape, init, seed, features or data), false when the weights were kept
 * t.reset();                        // fresh weights from the seed
 * t.metrics(since)                  // epochs after `since`: { epoch, loss, accuracy, val_loss, val_accuracy,
 *                                   //   test_loss, test_accuracy, lr, penalty } as Float64Arrays (NaN where absent),
 *                                   //   and epochs, steps, best_epoch, stop: null | { reason: 'early_stopping',
 *                                   //   epoch, best_epoch, restored } | { reason: 'diverged', epoch, step }
 * t.info()                          // { task, classes, sizes, features, activation, loss, params, rows, epoch, ... }
 * const b = t.fillBoundary(w, h, xMin, xMax, yMin, yMax, dark, discretize);  // RGBA heatmap in WASM memory
 * new ImageData(bytesAt(memory, b.ptr, b.len), w, h);   // view it (re-create after any call: memory may grow)
 * t.boundaryLines()                 // Float32Array segments of the decision boundary, in grid pixels
 * const n = t.fillNeurons(side, xMin, xMax, yMin, yMax, dark);  // every neuron's map, side x side each, one buffer:
 *                                   // neuron q at bytes [q*side*side*4, (q+1)*side*side*4); n.scales per neuron
 * t.weights()                       // { sizes, weights, biases }: W_l (out x in, row-major) layer after layer
 * t.points()                        // { x, y, label, part (0 train, 1 validation, 2 test), version }
 * t.confusion('test')               // Uint32Array classes x classes, (true, predicted)
 * t.predict(x, y)                   // probabilities (P(class 1) for two classes) or the regression value
 * t.loadCsv(text, 'auto')           // replace the data: { rows, errors: [{ line, reason }], more }
 * t.csvErrors()                     // the skipped lines of the current CSV data
 * t.free();                         // release the WASM memory (elements do it in disconnectedCallback)
 * ```
 */

import { dispatchChange, reflectAttributes } from '../shared/reflect.js';
import { whenVisible } from '../shared/visible.js';
import { runInk, themeInk } from '../shared/colors.js';
import { drawLineChart } from '../shared/chart.js';
import { formatNumber, truncate } from '../shared/format.js';
import { languageOf, logNote, sliderWords, translator } from '../shared/i18n.js';
import { claimUrl, page, releaseUrl } from '../shared/page.js';
import { createSlider } from '../shared/slider.js';
import { embedCode } from '../embed/code.js';
import {
  attributeState,
  formatHash,
  formatProp,
  nonDefaultEntries,
  parseHash,
  parseNumber,
  parseProp,
  readProps,
  urlState,
} from '../shared/state.js';
import { bytesAt, errorMessage, loadWasm } from '../shared/wasm.js';
import { OPTIMIZERS, OPTIMIZER_TYPES, SCHEDULE_TYPES, knobValue, scheduleStarter, withKnob, withType } from '../surface/runs.js';
import { repairFor, trainerConfig, updatesPerEpoch } from './config.js';
import { DOCS } from './docs.js';
import { drawNetwork, drawPlotOverlay, networkHit, networkLayout } from './draw.js';
import {
  ACTIVATIONS, ATTRIBUTES, DATASETS, DATASET_NAMES, FEATURES, MAX_ADDED, MAX_CSV, MAX_LAYERS, MAX_UNITS, PROP, PROPS,
} from './props.js';
import {
  ACTIVATION_LABELS, DATASET_LABELS, LOSS_LABELS, STRINGS, expectedZh, knobLabel, spaced,
} from './strings.js';
import { adoptStyles } from './styles.js';
import { template } from './template.js';

/** The plane every data set lives in. */
const VIEW = [-6, 6, -6, 6];
const SPEEDS = [1, 5, 15, 30, 60, 120, 300, 600, 1200];
/** Boundary grid while training (TensorFlow Playground's density) and at rest (sharper). */
const GRID_PLAYING = 100;
const GRID_MAX_IDLE = 200;
/** Milliseconds of training a frame may spend. */
const TRAIN_BUDGET = 9;
const STRENGTHS = [0, 0.0001, 0.0003, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1, 3, 10];
/** The curves: metric keys, the strings key of their label, and their colour. */
const SERIES = [
  { key: 'loss', acc: 'accuracy', label: 'partTrain', ink: 3 },
  { key: 'val_loss', acc: 'val_accuracy', label: 'partValidation', ink: 2 },
  { key: 'test_loss', acc: 'test_accuracy', label: 'partTest', ink: 4 },
];
/** The strings key of each part of the data. */
const PART_LABELS = { train: 'partTrain', validation: 'partValidation', test: 'partTest' };
const HISTORY_KEYS = ['epoch', 'loss', 'accuracy', 'val_loss', 'val_accuracy', 'test_loss', 'test_accuracy', 'lr', 'penalty'];

export class DescentNetwork extends HTMLElement {
  static tag = 'descent-network';

  /** Attributes, events, methods and properties (the kit's documentation convention, www/js/embed/docs.js). */
  static docs = DOCS;

  static get observedAttributes() {
    return ATTRIBUTES;
  }

  constructor() {
    super();
    this._root = this.attachShadow({ mode: 'open' });
    adoptStyles(this._root);
    this._skeleton(languageOf(this));
    this._started = false;
    this._generation = 0;
    this._dirty = new Set();
    this._raf = 0;
    this._playing = false;
    this._mode = 'inspect';
    this._cursorPt = null;
    this._hoverRow = -1;
    this._netHover = null;
    this._perf = { last: {}, mean: {}, count: {} };
    this._msPerEpoch = 0.2;
  }

  /**
   * Build the shadow DOM's skeleton in `lang` ('en' or 'zh'). The constructor builds it with the language known then;
   * the first connection builds it again if the element's place in the page speaks another language (nothing is
   * bound to the skeleton before the controls are built at boot, after which the language stays).
   */
  _skeleton(lang) {
    this._lang = lang;
    this._t = translator(STRINGS, lang);
    this._root.innerHTML = template(this._t); // static markup only (see template.js)
    this._el = {};
    for (const node of this._root.querySelectorAll('[id]')) this._el[node.id] = node;
    const q = (sel) => this._root.querySelector(sel);
    Object.assign(this._el, {
      root: q('.root'),
      messages: q('.messages'),
      figure: q('.figure'),
      heat: q('.heat'),
      overlay: q('.overlay'),
      note: q('.overlay-note'),
      readout: q('.readout'),
      net: q('.net'),
      netReadout: q('.net-readout'),
      dataSliders: q('.data-sliders'),
      edits: q('.edits'),
      editsText: q('.edits-text'),
      addOptions: q('.add-options'),
      knobs: q('.optimizer-knobs'),
      batch: q('.batch'),
      scheduleEdit: q('.schedule-edit'),
      esBody: q('.es-body'),
      esSliders: q('.es-sliders'),
      metricsTable: q('table.metrics'),
      confusion: q('.confusion'),
      confusionBody: q('.confusion-body'),
      shareBox: q('.share textarea'),
      copied: q('.share .copied'),
      output: q('.output'),
      charts: q('.charts'),
    });
    this._showNote(this._t('loading'));
  }

  // ----- public API -----

  /** Start training (continues from the current epoch). */
  play() {
    if (!this._started) {
      this._playWhenStarted = true;
      return;
    }
    if (this._metrics?.stop?.reason === 'diverged') return;
    this._playing = true;
    this._playClock = null;
    this._epochAcc = 0;
    this._updatePlayButton();
    this._request('frame');
  }

  /** Pause training. */
  pause() {
    this._playWhenStarted = false;
    if (!this._playing) return;
    this._playing = false;
    this._updatePlayButton();
    this._request('heat');
    this._announce();
  }

  /** New initial weights from the seed, epoch 0, paused. */
  reset() {
    this._playWhenStarted = false;
    this._playing = false;
    this._updatePlayButton();
    if (!this._trainer) return;
    this._trainer.reset();
    this._clearHistory();
    this._request('model');
    this._announce();
  }

  /** Train `epochs` epochs now (paused or not); returns how many ran. */
  step(epochs = 1) {
    if (!this._trainer) return 0;
    const n = Math.max(0, Math.min(100000, Math.floor(Number(epochs) || 0)));
    const ran = this._trainNow(n);
    this._request('model');
    return ran;
  }

  get playing() {
    return this._playing;
  }

  get epoch() {
    return this._trainer ? this._trainer.epoch : 0;
  }

  /** The per-epoch metrics so far (plain arrays), with `stop` and `best_epoch`. */
  get history() {
    this._pullMetrics();
    const out = {};
    for (const k of HISTORY_KEYS) out[k] = [...(this._hist?.[k] ?? [])];
    out.stop = this._metrics?.stop ? { ...this._metrics.stop } : null;
    out.best_epoch = this._metrics?.best_epoch ?? 0;
    return out;
  }

  /** `Trainer.info()` of the current trainer. */
  get info() {
    return this._trainer ? this._trainer.info() : null;
  }

  /**
   * Timings in ms, `last` and `mean` of: `train` (the frame's epochs), `heat` (the 100 x 100 boundary while
   * training, painted and blitted), `heat_idle` (the sharper one at rest), `neurons` (every neuron's map), `network`,
   * `overlay` (points and boundary line), `charts`, `frame` (the whole animation frame); and `msPerEpoch`.
   */
  get perf() {
    return structuredClone({ ...this._perf, msPerEpoch: this._msPerEpoch });
  }

  // ----- lifecycle -----

  connectedCallback() {
    // The page's language where the element connects (read once: the controls are built in it at boot).
    if (!this._controlsBuilt && !this._starting && !this._started) {
      const lang = languageOf(this);
      if (lang !== this._lang) this._skeleton(lang);
    }
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
    this._playing = false;
    releaseUrl(this);
    // Free the WASM handle: the data, network and pixel buffers live in WASM memory.
    this._trainer?.free();
    this._trainer = null;
    this._started = false;
    this._starting = false;
  }

  attributeChangedCallback(name, oldValue, value) {
    if (!this._started || this._reflecting || oldValue === value) return;
    const prop = PROP[name];
    if (!prop) return;
    const r = parseProp(prop, value);
    this._attrMessages.set(name, r.message ? this._badValue(prop, value, r.message) : null);
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
      if (typeof wasm.api.Trainer !== 'function') throw new Error('this build of the package has no Trainer');
    } catch (err) {
      this._starting = false;
      this._showNote(this._t('wasmFailedNote'));
      this._fatal = this._t('wasmFailed', { error: errorMessage(err) });
      this._attrMessages = new Map();
      this._renderMessages();
      return;
    }
    if (generation !== this._generation || !this.isConnected) return;
    this._wasm = wasm;
    this._api = wasm.api;
    this._palette = wasm.api.networkPalette();
    this._unsubscribe = [];
    this._configMessages = [];
    if (!this._controlsBuilt) {
      this._buildStaticControls();
      this._controlsBuilt = true;
    }
    this._readState();
    this._applyTheme();
    if (!this._applyConfig('attr')) {
      this._starting = false;
      this._showNote(this._t('couldNotStart'));
      return;
    }
    this._started = true;
    this._starting = false;
    this._hideNote();
    this._syncControls();
    this._layout();
    this._request('model', 'points');
    this._resizeObserver = new ResizeObserver(() => {
      if (this._layout()) this._request('heat', 'overlay', 'network');
      this._request('charts');
    });
    this._resizeObserver.observe(this._el.figure);
    this._resizeObserver.observe(this._el.charts);
    this._resizeObserver.observe(this._el.net.parentElement);
    this._unsubscribe.push(page().onColorSchemeChange(() => this._applyTheme(true)));
    if (this._syncUrl) this._unsubscribe.push(page().onHashChange(() => this._readUrl()));
    if (this._playWhenStarted || (this._s.autoplay && !page().prefersReducedMotion())) {
      this._playWhenStarted = false;
      this.play();
    }
  }

  // ----- state -----

  _readState() {
    const fromAttrs = attributeState(PROPS, (name) => this.getAttribute(name));
    this._s = fromAttrs.values;
    this._attrMessages = fromAttrs.messages;
    for (const [name, message] of this._attrMessages) {
      if (message) this._attrMessages.set(name, this._badValue(PROP[name], this.getAttribute(name), message));
    }
    this._syncUrl = this._s['sync-url'] && claimUrl(this);
    if (this._s['sync-url'] && !this._syncUrl) this._attrMessages.set('sync-url', this._t('syncTaken'));
    if (this._syncUrl) this._readUrl(true);
  }

  /**
   * The message for a bad attribute (or link) value: shared/state.js's English `message`, or the same in Chinese
   * (the value, what the prop expects, the default used instead).
   */
  _badValue(prop, raw, message, link = false) {
    if (this._lang !== 'zh' || !prop) return message;
    const r = prop.kind.parse(raw);
    const expected = r.zh ?? expectedZh(r.error ?? prop.kind.expected);
    const d = formatProp(prop, prop.default);
    return this._t(link ? 'linkBad' : 'attrBad', {
      name: prop.name,
      raw: truncate(raw),
      expected: spaced(expected),
      fallback: prop.default === null ? this._t('attrDefault') : this._t('attrDefaultIs', { value: d === '' ? 'true' : d }),
      message,
    });
  }

  /** The entry `key` of a `{ key: { en, zh } }` table (strings.js) in the element's language. */
  _label(table, key) {
    return translator(table, this._lang)(key);
  }

  _readUrl(initial = false) {
    const hash = page().hash();
    const read = urlState(PROPS, hash);
    if (!read) return;
    const fields = this._lang === 'zh' ? parseHash(hash).fields : null;
    for (const [name, message] of read.messages) {
      let text = message;
      if (message && fields) {
        text = name === '#' ? this._t('linkProblem', { message }) : this._badValue(PROP[name], fields.get(name), message, true);
      }
      this._attrMessages.set(name, text);
    }
    if (initial) Object.assign(this._s, read.values);
    else this._update(read.values, { source: 'url' });
  }

  /**
   * Change settings. `source`: 'ui' (a control: a change the core rejects is undone and explained), 'attr' or
   * 'url' (a rejected field falls back to its default, with a message). `commit: false` while dragging.
   */
  _update(patch, { source = 'ui', commit = true } = {}) {
    const prev = this._s;
    this._s = { ...prev, ...patch };
    const changed = (k) => k in patch && formatProp(PROP[k], patch[k]) !== formatProp(PROP[k], prev[k]);
    const configChanged = Object.keys(patch).some((k) => PROP[k] && PROP[k].config !== false && changed(k));
    if (configChanged && this._started) {
      if (!this._applyConfig(source, prev)) {
        this._syncControls();
        return false;
      }
    }
    if (changed('theme')) this._applyTheme(true);
    if (changed('discretize')) this._request('heat');
    this._syncControls();
    if (commit) {
      this._commitSource = this._commitSource === 'ui' || source !== 'attr' ? 'ui' : 'attr';
      this._request('commit');
    }
    return true;
  }

  /**
   * Give the state's config to the trainer (a new one at start). Returns whether a trainer is in place. A config
   * the core rejects: from the UI, the change is undone (`prev`) and the message shown; from an attribute or link,
   * the field it names falls back to its default (a few times) and the message says so.
   */
  _applyConfig(source, prev = null) {
    const messages = [];
    for (let attempt = 0; attempt < 10; attempt++) {
      const cfg = trainerConfig(this._s);
      const key = JSON.stringify(cfg);
      if (this._trainer && key === this._configKey) return true;
      try {
        let reset = true;
        if (this._trainer) reset = this._trainer.setConfig(cfg);
        else this._trainer = new this._api.Trainer(cfg);
        this._configKey = key;
        this._configMessages = messages;
        if (reset) {
          this._clearHistory();
          if (this._metrics?.stop) this._metrics.stop = null;
        } else {
          // Early stopping watches afresh after a change (a new Keras fit call).
          this._stopAnnounced = false;
        }
        this._info = this._trainer.info();
        this._request('model', 'points', 'legend');
        this._renderMessages();
        return true;
      } catch (err) {
        const raw = errorMessage(err);
        // The core's message stays as it is (it names the config field), behind a lead-in in Chinese.
        const message = this._t(/^csv\b/.test(raw) ? 'csvError' : 'configError', { message: raw });
        if (source === 'ui' && prev && this._trainer) {
          this._s = prev;
          this._flashMessage(this._t('notAppliedUi', { message }));
          return true;
        }
        const fix = repairFor(raw, this._s);
        if (!fix) {
          messages.push(message);
          if (this._trainer) {
            this._s = prev ?? this._s;
            break;
          }
          // Nothing better: start from the defaults.
          const defaults = readProps(PROPS, () => null).values;
          this._s = { ...defaults, theme: this._s.theme, autoplay: this._s.autoplay, 'sync-url': this._s['sync-url'] };
          messages.push(this._t('useDefaults'));
          continue;
        }
        const what = this._lang === 'en' ? fix.what
          : fix.dataset ? this._t('useDataset', { name: fix.dataset, label: this._label(DATASET_LABELS, fix.dataset) })
            : this._t('useDefaultField', { name: fix.field });
        messages.push(this._t('configFixed', { message, what }));
        this._s = { ...this._s, ...fix.patch };
      }
    }
    this._configMessages = messages;
    this._renderMessages();
    return !!this._trainer;
  }

  _values() {
    return { ...this._s };
  }

  _entries(which) {
    const csv = this._s.dataset === 'csv';
    return nonDefaultEntries(PROPS, this._values(), (p) => {
      if ((p.name === 'csv' || p.name === 'task') && !csv) return false;
      if ((p.name === 'n_samples' || p.name === 'noise') && csv) return false;
      if (which === 'url') return p.url !== false;
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

  // ----- training and metrics -----

  _clearHistory() {
    this._hist = Object.fromEntries(HISTORY_KEYS.map((k) => [k, []]));
    this._metrics = null;
    this._since = 0;
    this._stopAnnounced = false;
  }

  /** Append the epochs the trainer ran since the last pull. */
  _pullMetrics() {
    if (!this._trainer) return;
    if (!this._hist) this._clearHistory();
    const m = this._trainer.metrics(this._since);
    if (m.epochs < this._since) {
      this._clearHistory();
      return this._pullMetrics();
    }
    for (const k of HISTORY_KEYS) for (const v of m[k]) this._hist[k].push(v);
    // Keep the arrays bounded like the core's history (which drops its older half beyond 100000 epochs).
    if (this._hist.epoch.length > 100000) for (const k of HISTORY_KEYS) this._hist[k].splice(0, 50000);
    this._since = m.epochs;
    this._metrics = m;
    return m;
  }

  _trainNow(n) {
    if (!this._trainer || n <= 0) return 0;
    const t0 = performance.now();
    const ran = this._trainer.train(n);
    const dt = performance.now() - t0;
    this._record('train', dt);
    if (ran > 0) this._msPerEpoch = 0.8 * this._msPerEpoch + 0.2 * (dt / ran);
    return ran;
  }

  /** Epochs for this frame: `speed` per second of wall time, within the frame's training budget. */
  _advance(now) {
    if (this._playClock === null || this._playClock === undefined) {
      this._playClock = now;
      this._epochAcc = 1; // the first frame trains at once
    } else {
      const dt = Math.min(0.25, (now - this._playClock) / 1000);
      this._playClock = now;
      this._epochAcc += dt * this._s.speed;
    }
    const budget = Math.max(1, Math.floor(TRAIN_BUDGET / Math.max(0.001, this._msPerEpoch)));
    const n = Math.min(Math.floor(this._epochAcc), budget);
    if (n < 1) return 0;
    this._epochAcc = Math.min(this._epochAcc - n, 2);
    const ran = this._trainNow(n);
    if (ran < n) {
      this._playing = false;
      this._updatePlayButton();
    }
    return ran;
  }

  // ----- frames -----

  _request(...what) {
    for (const w of what) this._dirty.add(w);
    if (!this._raf && this._started) this._raf = requestAnimationFrame((now) => this._frame(now));
  }

  _record(name, dt) {
    const p = this._perf;
    p.last[name] = dt;
    p.count[name] = (p.count[name] ?? 0) + 1;
    p.mean[name] = (p.mean[name] ?? 0) + (dt - (p.mean[name] ?? 0)) / p.count[name];
  }

  _time(name, fn) {
    const t0 = performance.now();
    const r = fn();
    this._record(name, performance.now() - t0);
    return r;
  }

  _frame(now) {
    this._raf = 0;
    if (!this._trainer) return;
    this._time('frame', () => {
      let trained = 0;
      if (this._playing) trained = this._advance(now);
      const d = this._dirty;
      this._dirty = new Set();
      const model = trained > 0 || d.has('model');
      if (model) {
        this._pullMetrics();
        this._info = this._trainer.info();
      }
      if (d.has('points') || (this._points && this._info && this._points.version !== this._info.data_version)) {
        this._points = this._trainer.points();
        this._updateEdits();
        d.add('overlay');
        d.add('legend');
      }
      if (model || d.has('heat')) this._renderHeat();
      if (model || d.has('network')) this._time('network', () => this._drawNetwork(model || d.has('neurons')));
      if (model || d.has('heat') || d.has('overlay')) this._time('overlay', () => this._drawOverlay());
      if (model || d.has('charts')) this._time('charts', () => this._drawCharts());
      if (model || d.has('legend')) this._updateLegend();
      if (model) this._updateReadouts(trained > 0);
      if (d.has('commit')) this._doCommit();
      if (trained > 0) this._fireStep();
    });
    if (this._playing) this._request('frame');
    else if (this._wasPlaying) {
      // Training just stopped (paused, early stopping, divergence): redraw sharper, announce.
      this._request('heat');
      this._announce();
    }
    this._wasPlaying = this._playing;
  }

  _fireStep() {
    const h = this._hist;
    const i = h.epoch.length - 1;
    const at = (k) => (i >= 0 && Number.isFinite(h[k][i]) ? h[k][i] : null);
    const stop = this._metrics?.stop ?? null;
    this.dispatchEvent(new CustomEvent('descent-step', {
      bubbles: true,
      composed: true,
      detail: {
        epoch: this._metrics?.epochs ?? 0,
        loss: at('loss'),
        val_loss: at('val_loss'),
        test_loss: at('test_loss'),
        accuracy: at('accuracy'),
        val_accuracy: at('val_accuracy'),
        test_accuracy: at('test_accuracy'),
        stop: stop ? { ...stop } : null,
      },
    }));
    if (stop && !this._stopAnnounced) {
      this._stopAnnounced = true;
      this.dispatchEvent(new CustomEvent('descent-stop', { bubbles: true, composed: true, detail: { ...stop } }));
    }
  }

  // ----- layout and theme -----

  /** Sizes of the plot and network; returns whether the plot's size changed. */
  _layout() {
    const size = Math.max(120, Math.floor(this._el.figure.clientWidth || 360));
    const dpr = page().pixelRatio();
    const prev = this._geom;
    this._geom = { size, dpr };
    const ov = this._el.overlay;
    const w = Math.round(size * dpr);
    if (ov.width !== w || ov.height !== w) {
      ov.width = w;
      ov.height = w;
    }
    return !prev || prev.size !== size || prev.dpr !== dpr;
  }

  _applyTheme(redraw = false) {
    const t = this._s?.theme ?? 'auto';
    const dark = t === 'dark' || (t === 'auto' && page().prefersDark());
    const changed = dark !== this._dark;
    this._dark = dark;
    this._el.root.classList.toggle('dark', dark);
    if (changed && redraw) this._request('heat', 'network', 'neurons', 'overlay', 'charts', 'legend', 'model');
  }

  _task() {
    return this._info?.task ?? 'classification';
  }

  // ----- drawing -----

  /** The heatmap grid side: TensorFlow Playground's 100 while training, the plot's pixels (bounded) at rest. */
  _gridSide() {
    if (this._playing) return GRID_PLAYING;
    const { size, dpr } = this._geom;
    return Math.max(GRID_PLAYING, Math.min(GRID_MAX_IDLE, Math.round((size * dpr) / 2)));
  }

  _renderHeat() {
    const side = this._gridSide();
    const t = this._trainer;
    let b;
    const neuronSide = this._neuronSide();
    this._time('neurons', () => {
      this._neurons = t.fillNeurons(neuronSide, ...VIEW, this._dark);
      this._neuronsSide = neuronSide;
      this._blitNeurons();
    });
    // While training the grid is 100 x 100; at rest it is sharper (timed apart: `heat_idle`).
    this._time(side === GRID_PLAYING ? 'heat' : 'heat_idle', () => {
      b = t.fillBoundary(side, side, ...VIEW, this._dark, this._s.discretize);
      const heat = this._el.heat;
      if (heat.width !== side || heat.height !== side) {
        heat.width = side;
        heat.height = side;
      }
      heat.getContext('2d').putImageData(new ImageData(bytesAt(this._wasm.memory, b.ptr, b.len), side, side), 0, 0);
      this._lines = t.boundaryLines();
      this._grid = side;
      this._limit = b.limit;
    });
  }

  /** Side of each neuron's map: about the tile's device pixels. */
  _neuronSide() {
    const layout = this._netLayout();
    const dpr = this._geom?.dpr ?? 1;
    return Math.max(16, Math.min(64, Math.round(layout.tile * Math.min(dpr, 1.5))));
  }

  /** Put every neuron's map into one offscreen canvas (tiles stacked vertically). */
  _blitNeurons() {
    const n = this._neurons;
    const side = this._neuronsSide;
    if (!n || !n.count) return;
    if (!this._tiles) this._tiles = document.createElement('canvas');
    const c = this._tiles;
    if (c.width !== side || c.height !== side * n.count) {
      c.width = side;
      c.height = side * n.count;
    }
    c.getContext('2d').putImageData(new ImageData(bytesAt(this._wasm.memory, n.ptr, n.len), side, side * n.count), 0, 0);
  }

  _drawOverlay() {
    const { size, dpr } = this._geom;
    const ctx = this._el.overlay.getContext('2d');
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    // A hovered neuron shows its own map in the plot (TensorFlow Playground does the same).
    const hoverNeuron = this._netHover?.kind === 'neuron' ? this._netHover.q : -1;
    drawPlotOverlay(ctx, {
      size,
      view: VIEW,
      points: this._points,
      lines: hoverNeuron >= 0 ? null : this._lines,
      grid: this._grid,
      palette: this._palette,
      task: this._task(),
      limit: this._limit,
      dark: this._dark,
      ink: themeInk(this._dark),
      cursor: this._cursorPt,
      highlight: this._mode === 'remove' ? this._hoverRow : -1,
    });
    if (hoverNeuron >= 0 && this._tiles) {
      ctx.save();
      ctx.globalCompositeOperation = 'destination-over';
      ctx.imageSmoothingEnabled = true;
      const s = this._neuronsSide;
      ctx.drawImage(this._tiles, 0, hoverNeuron * s, s, s, 0, 0, size, size);
      ctx.restore();
    }
  }

  _netLayout() {
    const sizes = Array.from(this._info?.sizes ?? [2, 1]);
    const width = Math.max(240, Math.floor(this._el.net.parentElement.clientWidth || 480));
    const key = `${sizes.join(',')}/${width}`;
    if (this._netLayoutKey !== key) {
      this._netLayoutKey = key;
      this._netLayoutCache = networkLayout(sizes, width);
    }
    return this._netLayoutCache;
  }

  _drawNetwork() {
    if (!this._info) return;
    const layout = this._netLayout();
    const dpr = this._geom?.dpr ?? 1;
    const c = this._el.net;
    const w = Math.round(layout.width * dpr);
    const h = Math.round(layout.height * dpr);
    if (c.width !== w || c.height !== h) {
      c.width = w;
      c.height = h;
      c.style.height = `${layout.height}px`;
    }
    this._weights = this._trainer.weights();
    const sizes = Array.from(this._info.sizes);
    const ctx = c.getContext('2d');
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    const featureLabel = Object.fromEntries(FEATURES);
    drawNetwork(ctx, {
      layout,
      sizes,
      weights: this._weights.weights,
      ink: themeInk(this._dark),
      palette: this._palette,
      labels: {
        features: Array.from(this._info.features, (f) => featureLabel[f] ?? f),
        inputs: this._t('netInputs'),
        output: this._t('netOutput'),
        layer: (l) => this._t('netLayer', { l }),
      },
      hover: this._netHover,
      tiles: this._tiles,
      side: this._neuronsSide,
    });
    const hidden = sizes.slice(1, -1);
    const t = this._t;
    const outputs = sizes[sizes.length - 1];
    c.setAttribute('aria-label', t('netDescribe', {
      inputs: sizes[0],
      features: Array.from(this._info.features).join(', '),
      hidden: hidden.length
        ? t('netHidden', { widths: hidden.join(', '), activation: this._label(ACTIVATION_LABELS, this._info.activation) })
        : t('netNoHidden'),
      outputs: t(outputs > 1 ? 'netOutputsN' : 'netOutputs1', { n: outputs }),
      params: this._info.params,
    }));
  }

  _drawCharts() {
    const h = this._hist;
    if (!h) return;
    const dark = this._dark;
    const ink = themeInk(dark);
    const epochs = this._metrics?.epochs ?? 0;
    const first = h.epoch.length ? h.epoch[0] : 1;
    const stop = this._metrics?.stop ?? null;
    const es = !!this._s.early_stopping;
    const best = this._metrics?.best_epoch ?? 0;
    const ticks = (lo, hi, count) => this._api.ticks(lo, hi, count);
    const finitePrefix = (values) => {
      let n = 0;
      while (n < values.length && Number.isFinite(values[n])) n++;
      return n;
    };
    // A series ends at the first value that is not finite (a diverged run); a cross marks where training stopped.
    const build = (key) => SERIES.map((s) => {
      const values = h[s[key]];
      const n = finitePrefix(values);
      return { values: values.slice(0, n), color: runInk(s.ink, dark), label: this._t(s.label), offset: first, stopped: !!stop };
    }).filter((s) => s.values.length > 0);
    // The cursor marks the best epoch when early stopping watches, else the latest.
    const cursor = es && best > 0 ? best : epochs;
    const t = this._t;
    drawLineChart(this._el['loss-chart'], {
      logNote: logNote(this._lang),
      series: build('key'),
      steps: Math.max(epochs, 1),
      cursor,
      title: t('lossChart'),
      ticks,
      ink,
      dpr: this._geom?.dpr ?? 1,
    });
    const classification = this._task() === 'classification';
    this._el['acc-chart'].hidden = !classification;
    if (classification) {
      drawLineChart(this._el['acc-chart'], {
        logNote: logNote(this._lang),
        series: build('acc'),
        steps: Math.max(epochs, 1),
        cursor,
        title: t('accChart'),
        yScale: 'linear',
        ticks,
        ink,
        dpr: this._geom?.dpr ?? 1,
      });
    }
    // Text equivalents of the charts.
    const i = h.epoch.length - 1;
    const said = (keys, fmt) => SERIES.map((x) => [t(x.label), h[x[keys]][i]]).filter(([, v]) => Number.isFinite(v))
      .map(([l, v]) => `${l} ${fmt(v)}`).join(t('listSep'));
    const chartLabel = (chart, keys, fmt) => (i < 0 ? t('chartEmpty', { chart: t(chart) })
      : t('chartAt', { chart: t(chart), epoch: h.epoch[i], values: said(keys, fmt) }));
    this._el['loss-chart'].setAttribute('aria-label', chartLabel('lossChart', 'key', (v) => formatNumber(v, 3)));
    this._el['acc-chart'].setAttribute('aria-label', chartLabel('accChart', 'acc', (v) => `${(100 * v).toFixed(1)}%`));
    // Legend with the early-stopping marks.
    const legend = this._el['chart-legend'];
    const items = SERIES.filter((s) => h[s.key].some((v) => Number.isFinite(v))).map((s) => {
      const span = document.createElement('span');
      const line = document.createElement('span');
      line.className = 'line';
      line.style.background = runInk(s.ink, dark);
      span.append(line, document.createTextNode(t(s.label)));
      return span;
    });
    const note = document.createElement('span');
    if (stop?.reason === 'early_stopping') {
      note.textContent = t('legendEarly', { best: stop.best_epoch, epoch: stop.epoch, restored: stop.restored ? t('legendRestored') : '' });
    } else if (stop?.reason === 'diverged') {
      note.textContent = t('legendDiverged', { epoch: stop.epoch });
    } else if (es && best > 0) {
      note.textContent = t('legendBestSoFar', { best });
    }
    if (note.textContent) items.push(note);
    legend.replaceChildren(...items);
  }

  _updateLegend() {
    const legend = this._el.legend;
    const items = [];
    const pal = this._palette;
    const add = (node) => items.push(node);
    const item = (swatchStyle, text, cls = 'swatch') => {
      const span = document.createElement('span');
      span.className = 'item';
      const sw = document.createElement('span');
      sw.className = cls;
      if (swatchStyle) sw.style.background = swatchStyle;
      span.append(sw, document.createTextNode(text));
      return span;
    };
    if (this._task() === 'classification') {
      const k = this._info?.classes ?? 2;
      for (let c = 0; c < k; c++) add(item(pal.classes[c], this._t('legendClass', { c })));
    } else {
      const limit = this._limit ?? 1;
      const neutral = this._dark ? pal.neutral_dark : pal.neutral_light;
      const grad = `linear-gradient(90deg, ${pal.classes[0]}, ${neutral}, ${pal.classes[1]})`;
      const span = item(grad, '', 'scale-bar');
      span.append(document.createTextNode(`−${formatNumber(limit, 2)} … ${formatNumber(limit, 2)}`));
      add(span);
    }
    for (const part of ['train', 'validation', 'test']) {
      const span = document.createElement('span');
      span.className = 'item';
      const mark = document.createElement('span');
      mark.className = `part-mark ${part}`;
      span.append(mark, document.createTextNode(this._t(PART_LABELS[part])));
      add(span);
    }
    legend.replaceChildren(...items);
    // The add-point class choices follow the data's classes.
    const sel = this._el['add-class'];
    const k = this._task() === 'classification' ? (this._info?.classes ?? 2) : 0;
    if (sel.options.length !== k) {
      const keep = sel.value;
      sel.replaceChildren(...Array.from({ length: k }, (_, c) => {
        const o = document.createElement('option');
        o.value = String(c);
        o.textContent = `${c}`;
        o.style.color = pal.classes[c];
        return o;
      }));
      if (keep && Number(keep) < k) sel.value = keep;
    }
    const regression = this._task() === 'regression';
    this._root.querySelector('.add-class-label').hidden = regression;
    sel.hidden = regression;
    this._root.querySelector('.add-value-label').hidden = !regression;
    this._el['add-value'].hidden = !regression;
  }

  _updateReadouts(trained) {
    const m = this._metrics;
    const h = this._hist;
    const epochs = m?.epochs ?? 0;
    this._el['epoch-count'].textContent = String(epochs);
    const info = this._info;
    const regression = info?.task === 'regression';
    this._el.metricsTable.classList.toggle('regression', regression);
    const i = h.epoch.length - 1;
    const keys = { train: ['loss', 'accuracy'], validation: ['val_loss', 'val_accuracy'], test: ['test_loss', 'test_accuracy'] };
    for (const row of this._el.metricsTable.querySelectorAll('tbody tr')) {
      const part = row.dataset.part;
      const n = info?.rows?.[part] ?? 0;
      row.classList.toggle('empty', n === 0);
      row.querySelector('.n').textContent = String(n);
      const [lk, ak] = keys[part];
      const l = i >= 0 ? h[lk][i] : NaN;
      const a = i >= 0 ? h[ak][i] : NaN;
      row.querySelector('.l').textContent = n === 0 ? '–' : formatNumber(l, 4);
      row.querySelector('.a').textContent = n === 0 || !Number.isFinite(a) ? '–' : `${(100 * a).toFixed(1)}%`;
    }
    // Status line.
    const status = this._el.status;
    const stop = m?.stop ?? null;
    status.classList.toggle('stopped', stop?.reason === 'early_stopping');
    status.classList.toggle('diverged', stop?.reason === 'diverged');
    const t = this._t;
    if (stop?.reason === 'early_stopping') {
      status.textContent = t('statusEarly', { epoch: stop.epoch, best: stop.best_epoch, restored: stop.restored ? t('statusEarlyRestored') : '' });
    } else if (stop?.reason === 'diverged') {
      status.textContent = t('statusDiverged', { epoch: stop.epoch, step: stop.step });
    } else {
      const lr = info ? t('statusLr', { lr: formatNumber(info.lr, 3) }) : '';
      status.textContent = epochs ? t('statusUpdates', { lr, n: info?.steps ?? 0 }) : t('statusStart');
    }
    this._el.step.disabled = !!stop;
    this._el.play.disabled = stop?.reason === 'diverged';
    // The confusion matrix: at most five times a second while training.
    const now = performance.now();
    if (!trained || !this._confusionTime || now - this._confusionTime > 200) {
      this._confusionTime = now;
      this._updateConfusion();
    }
    if (this._cursorPt) this._readAt(this._cursorPt);
  }

  _updateConfusion() {
    const box = this._el.confusion;
    const info = this._info;
    if (!info || info.task !== 'classification') {
      box.hidden = true;
      return;
    }
    box.hidden = false;
    const sel = this._el['confusion-part'];
    for (const o of sel.options) o.disabled = (info.rows[o.value] ?? 0) === 0;
    if (sel.selectedOptions[0]?.disabled) sel.value = ['test', 'validation', 'train'].find((p) => info.rows[p] > 0) ?? 'train';
    const part = sel.value;
    const k = info.classes;
    const m = this._trainer.confusion(part);
    const table = document.createElement('table');
    const caption = document.createElement('caption');
    caption.textContent = this._t('confusionCaption', {
      n: info.rows[part],
      part: this._lang === 'en' ? (part === 'train' ? 'training' : part) : this._t(PART_LABELS[part]),
    });
    table.append(caption);
    const head = document.createElement('tr');
    const corner = document.createElement('th');
    corner.textContent = this._t('confusionCorner');
    head.append(corner);
    for (let c = 0; c < k; c++) {
      const th = document.createElement('th');
      th.scope = 'col';
      th.textContent = String(c);
      th.style.color = this._palette.classes[c];
      head.append(th);
    }
    table.append(head);
    const accent = this._dark ? [122, 162, 255] : [43, 89, 195];
    for (let r = 0; r < k; r++) {
      const tr = document.createElement('tr');
      const th = document.createElement('th');
      th.scope = 'row';
      th.textContent = String(r);
      th.style.color = this._palette.classes[r];
      tr.append(th);
      let total = 0;
      for (let c = 0; c < k; c++) total += m[r * k + c];
      for (let c = 0; c < k; c++) {
        const td = document.createElement('td');
        const v = m[r * k + c];
        td.textContent = String(v);
        const share = total ? v / total : 0;
        td.style.background = `rgba(${accent.join(',')}, ${(r === c ? 0.45 : 0.6) * share})`;
        tr.append(td);
      }
      table.append(tr);
    }
    this._el.confusionBody.replaceChildren(table);
  }

  // ----- reading the plot -----

  /** Plane point under CSS pixel (px, py) of the plot. */
  _toPlane(px, py) {
    const s = this._geom.size;
    return [VIEW[0] + (px / s) * (VIEW[1] - VIEW[0]), VIEW[3] - (py / s) * (VIEW[3] - VIEW[2])];
  }

  _toPx(x, y) {
    const s = this._geom.size;
    return [((x - VIEW[0]) / (VIEW[1] - VIEW[0])) * s, ((VIEW[3] - y) / (VIEW[3] - VIEW[2])) * s];
  }

  /** The nearest row to a plane point within `r` CSS pixels (-1: none). */
  _nearestRow(x, y, r = 14) {
    const p = this._points;
    if (!p) return -1;
    const [qx, qy] = this._toPx(x, y);
    let best = -1;
    let bd = r * r;
    for (let i = 0; i < p.x.length; i++) {
      const [px, py] = this._toPx(p.x[i], p.y[i]);
      const d = (px - qx) ** 2 + (py - qy) ** 2;
      if (d <= bd) {
        bd = d;
        best = i;
      }
    }
    return best;
  }

  /** The prediction at a point, in words. */
  _readAt([x, y]) {
    const t = this._t;
    let text = t('readAt', { x: formatNumber(x, 3), y: formatNumber(y, 3) });
    try {
      const p = this._trainer.predict(x, y);
      const info = this._info;
      if (info.task === 'regression') text += t('readPrediction', { v: formatNumber(p[0], 4) });
      else if (p.length === 1) {
        const what = t(info.loss === 'bce_with_logits' ? 'readP1' : 'readOutput');
        text += t('readClass', { what, v: formatNumber(p[0], 3), c: p[0] > 0.5 ? 1 : 0 });
      } else {
        let best = 0;
        for (let c = 1; c < p.length; c++) if (p[c] > p[best]) best = c;
        const what = t(info.loss === 'cross_entropy' ? 'readProbs' : 'readOutputs');
        text += t('readMany', { what, values: Array.from(p, (v) => formatNumber(v, 2)).join(' / '), c: best });
      }
    } catch (err) {
      text += errorMessage(err);
    }
    this._el.readout.textContent = text;
  }

  // ----- editing points -----

  _setMode(mode) {
    this._mode = mode;
    for (const b of this._el.modes.querySelectorAll('button')) b.setAttribute('aria-checked', String(b.dataset.mode === mode));
    this._el.addOptions.hidden = mode !== 'add';
    this._el.figure.classList.toggle('add', mode === 'add');
    this._el.figure.classList.toggle('remove', mode === 'remove');
    this._hoverRow = -1;
    this._request('overlay');
  }

  /** Add a point at a plane position (class or target from the controls). */
  _addPoint(x, y) {
    if (this._s.points.length >= MAX_ADDED) {
      this._flashMessage(this._t('tooManyPoints', { n: MAX_ADDED }));
      return;
    }
    let label;
    if (this._task() === 'regression') {
      label = parseNumber(this._el['add-value'].value);
      if (label === null) {
        this._el['add-value'].setAttribute('aria-invalid', 'true');
        this._flashMessage(this._t('typeTarget'));
        return;
      }
      this._el['add-value'].removeAttribute('aria-invalid');
    } else {
      label = Number(this._el['add-class'].value || 0);
    }
    const round = (v) => Number(v.toPrecision(4));
    this._update({ points: [...this._s.points, [round(x), round(y), label]] });
    const at = { x: formatNumber(x, 2), y: formatNumber(y, 2) };
    this._liveSay(this._task() === 'regression' ? this._t('addedTarget', { v: formatNumber(label, 3), ...at }) : this._t('addedClass', { c: label, ...at }));
  }

  /** Remove row `i` of the current data (an added point, or a generated / CSV row by its number). */
  _removeRow(i) {
    const p = this._points;
    if (!p || i < 0 || i >= p.x.length) return;
    const origin = p.origin ? p.origin[i] : i;
    if (origin < 0) {
      const k = -origin - 1;
      this._update({ points: this._s.points.filter((_, j) => j !== k) });
    } else {
      this._update({ removed: [...new Set([...this._s.removed, origin])].sort((a, b) => a - b) });
    }
    this._hoverRow = -1;
    this._liveSay(this._t('removedPoint', { x: formatNumber(p.x[i], 2), y: formatNumber(p.y[i], 2) }));
  }

  _updateEdits() {
    const n = this._s.points.length;
    const r = this._s.removed.length;
    this._el.edits.hidden = n === 0 && r === 0;
    const t = this._t;
    this._el.editsText.textContent = [n ? t(n > 1 ? 'pointsAddedN' : 'pointsAdded1', { n }) : '', r ? t('pointsRemoved', { n: r }) : '']
      .filter(Boolean).join(t('listSep'));
  }

  // ----- messages -----

  _renderMessages() {
    const list = [];
    if (this._fatal) list.push(this._fatal);
    for (const m of this._attrMessages?.values() ?? []) if (m) list.push(m);
    for (const m of this._configMessages ?? []) list.push(m);
    if (this._flash) list.push(this._flash);
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
        close.addEventListener('click', () => {
          if (text === this._flash) this._flash = null;
          div.remove();
        });
        div.append(span, close);
        return div;
      }),
    );
  }

  /** A message about the user's last action (replaced by the next one). */
  _flashMessage(text) {
    this._flash = text;
    this._renderMessages();
  }

  _showNote(text) {
    this._el.note.textContent = text;
    this._el.note.hidden = false;
  }

  _hideNote() {
    this._el.note.hidden = true;
  }

  _liveSay(text) {
    this._el.live.textContent = text;
  }

  _announce() {
    const h = this._hist;
    if (!h) return;
    const i = h.epoch.length - 1;
    const t = this._t;
    if (i < 0) {
      this._liveSay(t('sayEpoch0'));
      return;
    }
    let text = t('sayEpoch', { epoch: h.epoch[i], loss: formatNumber(h.loss[i], 3) });
    if (Number.isFinite(h.val_loss[i])) text += t('sayValLoss', { v: formatNumber(h.val_loss[i], 3) });
    if (Number.isFinite(h.test_loss[i])) text += t('sayTestLoss', { v: formatNumber(h.test_loss[i], 3) });
    if (Number.isFinite(h.test_accuracy[i])) text += t('sayTestAcc', { v: (100 * h.test_accuracy[i]).toFixed(0) });
    this._liveSay(t('sayThen', { text, status: this._el.status.textContent }));
  }

  // ----- controls -----

  _option(select, value, text) {
    const o = document.createElement('option');
    o.value = value;
    o.textContent = text;
    select.append(o);
    return o;
  }

  /** A shared slider (shared/slider.js) worded in the element's language. */
  _slider(o) {
    return createSlider({ ...o, ...sliderWords(this._lang) });
  }

  _buildStaticControls() {
    const el = this._el;
    const t = this._t;
    for (const name of DATASET_NAMES) this._option(el.dataset, name, this._label(DATASET_LABELS, name));
    for (const v of SPEEDS) this._option(el.speed, String(v), t('perSecond', { n: v }));
    for (const a of ACTIVATIONS) this._option(el.activation, a, this._label(ACTIVATION_LABELS, a));
    for (const k of Object.keys(LOSS_LABELS)) this._option(el.loss, k, this._label(LOSS_LABELS, k));
    for (const type of OPTIMIZER_TYPES) this._option(el['optimizer-type'], type, type);
    this._option(el['schedule-type'], 'none', t('scheduleNone'));
    for (const type of SCHEDULE_TYPES) this._option(el['schedule-type'], type, type);
    for (const sel of [el.l1, el.l2]) for (const v of STRENGTHS) this._option(sel, String(v), v === 0 ? t('strengthOff') : String(v));
    for (const [name, label] of FEATURES) {
      const lab = document.createElement('label');
      lab.className = 'check';
      const box = document.createElement('input');
      box.type = 'checkbox';
      box.value = name;
      box.addEventListener('change', () => {
        const on = [...el.features.querySelectorAll('input:checked')].map((b) => b.value);
        if (!on.length) {
          box.checked = true;
          this._flashMessage(t('featuresNeeded'));
          return;
        }
        this._update({ features: on });
      });
      lab.append(box, document.createTextNode(label));
      el.features.append(lab);
    }

    // Data sliders.
    const slider = (o) => this._slider(o);
    this._sl = {};
    this._sl.n_samples = slider({
      label: t('sliderPoints'), min: 20, max: 2000, scale: 'log', integer: true, hardMin: 10, hardMax: 2000, value: 300,
      onChange: (v) => this._update({ n_samples: Math.round(v) }),
    });
    this._sl.noise = slider({
      label: t('sliderNoise'), min: 0, max: 0.5, hardMax: 1, value: 0, step: 0.01,
      onChange: (v) => this._update({ noise: v }),
    });
    this._sl.validation_split = slider({
      label: t('sliderValidation'), min: 0, max: 0.6, hardMax: 0.9, value: 0.2, step: 0.05,
      onChange: (v) => {
        const patch = { validation_split: v };
        // Without validation rows, early stopping can only watch the training loss.
        if (v === 0 && this._s.early_stopping && (this._s.early_stopping.monitor ?? 'val_loss') === 'val_loss') {
          patch.early_stopping = { ...this._s.early_stopping, monitor: 'loss' };
        }
        this._update(patch);
      },
    });
    this._sl.test_split = slider({
      label: t('sliderTest'), min: 0, max: 0.6, hardMax: 0.9, value: 0.2, step: 0.05,
      onChange: (v) => this._update({ test_split: v }),
    });
    for (const k of ['n_samples', 'noise', 'validation_split', 'test_split']) el.dataSliders.append(this._sl[k].root);
    this._sl.batch = slider({
      label: t('batchSize'), min: 1, max: 1024, scale: 'log', integer: true, hardMin: 1, hardMax: 1024, value: 10,
      hint: t('batchHint'),
      onChange: (v) => this._update({ batch_size: Math.round(v) }),
    });
    el.batch.append(this._sl.batch.root);
    this._sl.patience = slider({
      label: t('sliderPatience'), min: 0, max: 200, integer: true, hardMax: 100000, value: 10,
      onChange: (v) => this._setEarly({ patience: Math.round(v) }),
    });
    this._sl.min_delta = slider({
      label: t('sliderMinDelta'), min: 0, max: 0.05, hardMax: 1e6, value: 0, step: 0.0005,
      onChange: (v) => this._setEarly({ min_delta: v }),
    });
    el.esSliders.append(this._sl.patience.root, this._sl.min_delta.root);

    el.dataset.addEventListener('change', () => {
      if (el.dataset.value === 'csv' && !this._s.csv) {
        el['csv-box'].open = true;
        el['csv-text'].focus();
        el.dataset.value = this._s.dataset;
        this._csvStatus([], 0, null, t('csvPaste'));
        return;
      }
      const patch = { dataset: el.dataset.value, points: [], removed: [] };
      // Cross-entropy needs classes: a regression data set goes back to the automatic loss.
      if (DATASETS[patch.dataset]?.task === 'regression' && this._s.loss === 'cross_entropy') patch.loss = 'auto';
      this._update(patch);
    });
    const seedInput = (input, key) => {
      input.addEventListener('change', () => {
        const v = parseNumber(input.value);
        if (v === null || !Number.isInteger(v) || v < 0 || v > 2 ** 53 - 1) {
          input.setAttribute('aria-invalid', 'true');
          this._flashMessage(t('seedInvalid', { key, value: input.value.slice(0, 30) }));
          return;
        }
        input.removeAttribute('aria-invalid');
        this._update({ [key]: v });
      });
    };
    seedInput(el['data-seed'], 'data_seed');
    seedInput(el.seed, 'seed');
    el['new-data'].addEventListener('click', () => this._update({ data_seed: this._s.data_seed + 1, points: [], removed: [] }));
    el['clear-edits'].addEventListener('click', () => this._update({ points: [], removed: [] }));
    el['csv-load'].addEventListener('click', () => this._loadCsv());

    el['add-layer'].addEventListener('click', () => {
      if (this._s.layers.length >= MAX_LAYERS) return;
      const last = this._s.layers[this._s.layers.length - 1] ?? 4;
      this._update({ layers: [...this._s.layers, last] });
    });
    el['remove-layer'].addEventListener('click', () => this._update({ layers: this._s.layers.slice(0, -1) }));
    el.activation.addEventListener('change', () => this._update({ activation: el.activation.value }));
    el.init.addEventListener('change', () => this._update({ init: el.init.value }));
    el.batch_norm.addEventListener('change', () => {
      const patch = { batch_norm: el.batch_norm.checked };
      // BatchNorm1d cannot train on batches of one row.
      if (patch.batch_norm && this._s.batch_size < 2) patch.batch_size = 2;
      this._update(patch);
    });
    el.loss.addEventListener('change', () => this._update({ loss: el.loss.value }));
    el['optimizer-type'].addEventListener('change', () => {
      const next = withType(this._s.optimizer, el['optimizer-type'].value);
      this._update({ optimizer: next });
      this._rebuildKnobs();
    });
    el['schedule-type'].addEventListener('change', () => {
      const type = el['schedule-type'].value;
      if (type === 'none') {
        this._update({ schedule: null });
        return;
      }
      const perUpdate = ['CyclicLR', 'OneCycleLR'].includes(type) || !type.endsWith('LR') && type !== 'ReduceLROnPlateau';
      const rows = this._info?.rows?.train ?? 100;
      const steps = perUpdate ? 200 * updatesPerEpoch(rows, this._s.batch_size) : 200;
      const sched = scheduleStarter(type, { lr: this._s.optimizer.lr ?? 0.01, steps, run: this._s.optimizer });
      this._update({ schedule: sched });
    });
    el['schedule-apply'].addEventListener('click', () => this._scheduleTyped());
    el['schedule-json'].addEventListener('keydown', (e) => {
      if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) this._scheduleTyped();
    });
    el.l1.addEventListener('change', () => this._update({ l1: Number(el.l1.value) }));
    el.l2.addEventListener('change', () => this._update({ l2: Number(el.l2.value) }));
    el.regularize_bias.addEventListener('change', () => this._update({ regularize_bias: el.regularize_bias.checked }));
    el['es-on'].addEventListener('change', () => {
      if (!el['es-on'].checked) {
        this._update({ early_stopping: null });
        return;
      }
      const monitor = this._s.validation_split > 0 ? 'val_loss' : 'loss';
      this._update({ early_stopping: { monitor, patience: 10, restore_best_weights: true } });
    });
    el['es-monitor'].addEventListener('change', () => this._setEarly({ monitor: el['es-monitor'].value }));
    el['es-restore'].addEventListener('change', () => this._setEarly({ restore_best_weights: el['es-restore'].checked }));
    for (const b of el.batch.parentElement.querySelectorAll('[data-batch]')) {
      b.addEventListener('click', () => {
        const v = b.dataset.batch === 'full' ? Math.min(1024, Math.max(1, this._info?.rows?.train ?? 1024)) : Number(b.dataset.batch);
        this._update({ batch_size: v });
      });
    }

    el.play.addEventListener('click', () => (this._playing ? this.pause() : this.play()));
    el.reset.addEventListener('click', () => this.reset());
    el.step.addEventListener('click', () => {
      if (this._playing) this.pause();
      this.step(1);
      this._request('model');
    });
    el.speed.addEventListener('change', () => this._update({ speed: Number(el.speed.value) }));
    el.discretize.addEventListener('change', () => this._update({ discretize: el.discretize.checked }));
    el['confusion-part'].addEventListener('change', () => this._updateConfusion());
    for (const b of el.modes.querySelectorAll('button')) b.addEventListener('click', () => this._setMode(b.dataset.mode));
    el.modes.addEventListener('keydown', (e) => {
      if (!['ArrowLeft', 'ArrowRight', 'ArrowUp', 'ArrowDown'].includes(e.key)) return;
      e.preventDefault();
      const modes = ['inspect', 'add', 'remove'];
      const d = e.key === 'ArrowLeft' || e.key === 'ArrowUp' ? -1 : 1;
      const next = modes[(modes.indexOf(this._mode) + d + modes.length) % modes.length];
      this._setMode(next);
      el.modes.querySelector(`[data-mode="${next}"]`).focus();
    });
    el['copy-link'].addEventListener('click', () => this._copy('link'));
    el['copy-embed'].addEventListener('click', () => this._copy('embed'));
    this._bindFigure();
    this._bindNetwork();
  }

  _bindFigure() {
    const fig = this._el.figure;
    const local = (e) => {
      const r = fig.getBoundingClientRect();
      return [e.clientX - r.left, e.clientY - r.top];
    };
    fig.addEventListener('pointermove', (e) => {
      if (!this._started) return;
      const pt = this._toPlane(...local(e));
      if (this._mode === 'remove') {
        const row = this._nearestRow(...pt);
        if (row !== this._hoverRow) {
          this._hoverRow = row;
          this._request('overlay');
        }
      }
      if (!this._cursorPt) this._readAt(pt);
    });
    fig.addEventListener('pointerleave', () => {
      if (this._hoverRow !== -1) {
        this._hoverRow = -1;
        this._request('overlay');
      }
      if (!this._cursorPt) this._el.readout.textContent = '';
    });
    fig.addEventListener('click', (e) => {
      if (!this._started) return;
      const pt = this._toPlane(...local(e));
      if (this._mode === 'add') this._addPoint(...pt);
      else if (this._mode === 'remove') {
        const row = this._nearestRow(...pt);
        if (row >= 0) this._removeRow(row);
      } else {
        this._cursorPt = pt;
        this._readAt(pt);
        this._request('overlay');
      }
    });
    fig.addEventListener('keydown', (e) => this._figureKey(e));
  }

  _figureKey(e) {
    if (!this._started) return;
    const arrows = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, 1], ArrowDown: [0, -1] };
    if (e.key in arrows) {
      e.preventDefault();
      const [dx, dy] = arrows[e.key];
      const k = e.shiftKey ? 1 : 0.25;
      const [x, y] = this._cursorPt ?? [0, 0];
      this._cursorPt = [Math.max(-6, Math.min(6, x + dx * k)), Math.max(-6, Math.min(6, y + dy * k))];
      if (this._mode === 'remove') this._hoverRow = this._nearestRow(...this._cursorPt, 30);
      this._readAt(this._cursorPt);
      this._request('overlay');
    } else if (e.key === 'Enter') {
      e.preventDefault();
      const pt = this._cursorPt ?? [0, 0];
      if (this._mode === 'add') this._addPoint(...pt);
      else if (this._mode === 'remove') {
        const row = this._nearestRow(...pt, 30);
        if (row >= 0) this._removeRow(row);
        else this._liveSay(this._t('noPointNear'));
      }
    } else if (e.key === 'Escape') {
      this._cursorPt = null;
      this._el.readout.textContent = '';
      this._request('overlay');
    } else if (e.key === ' ' || e.key === 'k') {
      e.preventDefault();
      if (this._playing) this.pause();
      else this.play();
    }
  }

  _bindNetwork() {
    const c = this._el.net;
    c.addEventListener('pointermove', (e) => {
      if (!this._info) return;
      const r = c.getBoundingClientRect();
      const hit = networkHit(this._netLayout(), Array.from(this._info.sizes), e.clientX - r.left, e.clientY - r.top);
      const key = hit ? JSON.stringify({ ...hit, d: 0 }) : '';
      if (key === this._netHoverKey) return;
      this._netHoverKey = key;
      this._netHover = hit;
      this._el.netReadout.textContent = this._describeHit(hit);
      this._request('network', 'overlay');
    });
    c.addEventListener('pointerleave', () => {
      this._netHover = null;
      this._netHoverKey = '';
      this._el.netReadout.textContent = '';
      this._request('network', 'overlay');
    });
  }

  _describeHit(hit) {
    if (!hit || !this._info) return '';
    const sizes = Array.from(this._info.sizes);
    const last = sizes.length - 1;
    const t = this._t;
    const name = (l, u) => (l === 0 ? Object.fromEntries(FEATURES)[this._info.features[u]] ?? t('hitInput', { u })
      : l === last ? t('hitOutput', { u }) : t('hitUnit', { l, u: u + 1 }));
    if (hit.kind === 'neuron') {
      const s = this._neurons?.scales?.[hit.q];
      return t('hitNeuron', { name: name(hit.layer, hit.unit), s: formatNumber(s ?? 1, 2) });
    }
    let off = 0;
    for (let l = 1; l < hit.layer; l++) off += sizes[l - 1] * sizes[l];
    const w = this._weights?.weights?.[off + hit.j * sizes[hit.layer - 1] + hit.i];
    return t('hitWeight', { from: name(hit.layer - 1, hit.i), to: name(hit.layer, hit.j), w: formatNumber(w ?? NaN, 4) });
  }

  _setEarly(patch) {
    const cur = this._s.early_stopping ?? {};
    this._update({ early_stopping: { ...cur, ...patch } });
  }

  _scheduleTyped() {
    const box = this._el['schedule-json'];
    const r = PROP.schedule.kind.parse(box.value);
    const err = this._el['schedule-error'];
    if ('error' in r) {
      box.setAttribute('aria-invalid', 'true');
      err.textContent = this._t('expected', { what: this._lang === 'zh' ? spaced(r.zh ?? expectedZh(r.error)) : r.error });
      return;
    }
    box.removeAttribute('aria-invalid');
    err.textContent = '';
    const prev = this._s.schedule;
    this._update({ schedule: r.value });
    if (JSON.stringify(this._s.schedule) !== JSON.stringify(r.value) && JSON.stringify(prev) === JSON.stringify(this._s.schedule)) {
      box.setAttribute('aria-invalid', 'true');
      err.textContent = this._flash ?? this._t('notApplied');
    }
  }

  _loadCsv() {
    const text = this._el['csv-text'].value;
    if (text.length > MAX_CSV) {
      this._csvStatus([], 0, this._t('csvTooLong', { n: text.length, max: MAX_CSV }));
      return;
    }
    const prevFlash = this._flash;
    this._flash = null;
    this._update({ dataset: 'csv', csv: text, task: this._el['csv-task'].value, points: [], removed: [] });
    if (this._s.dataset !== 'csv' || this._s.csv !== text) {
      // Not applied: the core's message says why (fewer than two usable rows, ...).
      this._csvStatus([], 0, this._flash ?? this._t('csvNotLoaded'));
      this._flash = prevFlash;
      this._renderMessages();
      return;
    }
    const r = this._trainer.csvErrors();
    const rows = this._info?.rows;
    this._csvStatus(r.errors, r.more, null, this._t('csvLoaded', { n: rows ? rows.train + rows.validation + rows.test : '?' }));
  }

  /** Show the CSV result: the rows read and every skipped line. */
  _csvStatus(errors, more, failure, okText = '') {
    const box = this._el['csv-errors'];
    const nodes = [];
    if (failure) {
      const p = document.createElement('div');
      p.className = 'bad';
      p.textContent = failure;
      nodes.push(p);
    } else if (okText) {
      const p = document.createElement('div');
      p.className = 'ok';
      const skipped = errors.length + more;
      p.textContent = okText + (errors.length ? this._t(skipped > 1 ? 'csvSkippedN' : 'csvSkipped1', { n: skipped }) : '');
      nodes.push(p);
    }
    if (errors.length) {
      const ul = document.createElement('ul');
      ul.className = 'bad';
      for (const e of errors) {
        const li = document.createElement('li');
        li.textContent = this._t('csvLine', { line: e.line, reason: e.reason });
        ul.append(li);
      }
      if (more) {
        const li = document.createElement('li');
        li.textContent = this._t('csvMore', { n: more });
        ul.append(li);
      }
      nodes.push(ul);
    }
    box.replaceChildren(...nodes);
    this._el['csv-text'].toggleAttribute('aria-invalid', !!failure);
  }

  /** Put the state into the controls. */
  _syncControls() {
    const el = this._el;
    const s = this._s;
    const focused = this._root.activeElement;
    el.dataset.value = s.dataset;
    el['data-seed'].value = focused === el['data-seed'] ? el['data-seed'].value : String(s.data_seed);
    el.seed.value = focused === el.seed ? el.seed.value : String(s.seed);
    const csv = s.dataset === 'csv';
    this._sl.n_samples.root.hidden = csv;
    this._sl.noise.root.hidden = csv;
    this._sl.n_samples.set(s.n_samples);
    this._sl.noise.set(s.noise);
    this._sl.validation_split.set(s.validation_split);
    this._sl.test_split.set(s.test_split);
    if (csv && focused !== el['csv-text'] && !el['csv-text'].value) el['csv-text'].value = s.csv;
    el['csv-task'].value = s.task;
    for (const box of el.features.querySelectorAll('input')) box.checked = s.features.includes(box.value);
    this._syncLayers();
    el.activation.value = s.activation;
    el.init.value = s.init;
    el.batch_norm.checked = s.batch_norm;
    el['bn-note'].hidden = !s.batch_norm;
    el.loss.value = s.loss;
    const task = this._task();
    for (const o of el.loss.options) o.disabled = task === 'regression' && o.value === 'cross_entropy';
    this._sl.batch.set(s.batch_size);
    const rows = this._info?.rows?.train;
    const full = rows && s.batch_size >= rows;
    this._sl.batch.root.querySelector('.slider-label').textContent = this._t('batchSize')
      + (full ? this._t('batchFull', { rows }) : s.batch_size === 1 ? this._t('batchStochastic') : '');
    el['optimizer-type'].value = s.optimizer.type;
    if (this._knobsType !== s.optimizer.type) this._rebuildKnobs();
    this._syncKnobs();
    el['schedule-type'].value = s.schedule?.type ?? 'none';
    el.scheduleEdit.hidden = !s.schedule;
    if (s.schedule && focused !== el['schedule-json']) {
      const { type, ...rest } = s.schedule;
      el['schedule-json'].value = JSON.stringify({ type, ...rest });
    }
    for (const [key, sel] of [['l1', el.l1], ['l2', el.l2]]) {
      if (![...sel.options].some((o) => Number(o.value) === s[key])) this._option(sel, String(s[key]), String(s[key]));
      sel.value = [...sel.options].find((o) => Number(o.value) === s[key]).value;
    }
    el.regularize_bias.checked = s.regularize_bias;
    this._updateRegNote();
    const es = s.early_stopping;
    el['es-on'].checked = !!es;
    el.esBody.hidden = !es;
    if (es) {
      el['es-monitor'].value = es.monitor ?? 'val_loss';
      el['es-monitor'].querySelector('[value="val_loss"]').disabled = s.validation_split === 0;
      el['es-restore'].checked = !!es.restore_best_weights;
      this._sl.patience.set(es.patience ?? 0);
      this._sl.min_delta.set(es.min_delta ?? 0);
    }
    if (![...el.speed.options].some((o) => Number(o.value) === s.speed)) this._option(el.speed, String(s.speed), this._t('perSecond', { n: formatNumber(s.speed) }));
    el.speed.value = [...el.speed.options].find((o) => Number(o.value) === s.speed).value;
    el.discretize.checked = s.discretize;
    this._updatePlayButton();
    this._updateEdits();
  }

  _syncLayers() {
    const box = this._el.layers;
    const layers = this._s.layers;
    if (box.children.length !== layers.length) {
      box.replaceChildren(...layers.map((_, l) => {
        const row = document.createElement('div');
        row.className = 'layer';
        const name = document.createElement('span');
        name.className = 'name';
        name.textContent = this._t('layerName', { n: l + 1 });
        const minus = document.createElement('button');
        minus.type = 'button';
        minus.textContent = '−';
        minus.setAttribute('aria-label', this._t('fewerUnits', { n: l + 1 }));
        const out = document.createElement('output');
        const plus = document.createElement('button');
        plus.type = 'button';
        plus.textContent = '+';
        plus.setAttribute('aria-label', this._t('moreUnits', { n: l + 1 }));
        const units = document.createElement('span');
        units.className = 'muted';
        units.textContent = this._t('units');
        const change = (d) => {
          const next = [...this._s.layers];
          next[l] = Math.max(1, Math.min(MAX_UNITS, next[l] + d));
          this._update({ layers: next });
        };
        minus.addEventListener('click', () => change(-1));
        plus.addEventListener('click', () => change(1));
        row.append(name, minus, out, plus, units);
        return row;
      }));
    }
    [...box.children].forEach((row, l) => {
      row.querySelector('output').textContent = String(layers[l]);
      const [minus, plus] = row.querySelectorAll('button');
      minus.disabled = layers[l] <= 1;
      plus.disabled = layers[l] >= MAX_UNITS;
    });
    this._el['add-layer'].disabled = layers.length >= MAX_LAYERS;
    this._el['remove-layer'].disabled = layers.length === 0;
  }

  _rebuildKnobs() {
    const type = this._s.optimizer.type;
    this._knobsType = type;
    this._knobs = [];
    const box = this._el.knobs;
    box.replaceChildren();
    for (const knob of OPTIMIZERS[type] ?? []) {
      if (knob.key === 'maximize') continue;
      if (knob.kind === 'bool') {
        const lab = document.createElement('label');
        lab.className = 'check';
        const cb = document.createElement('input');
        cb.type = 'checkbox';
        cb.addEventListener('change', () => this._update({ optimizer: withKnob(this._s.optimizer, knob, cb.checked) }));
        lab.append(cb, document.createTextNode(knobLabel(knob, this._lang)));
        box.append(lab);
        this._knobs.push({ knob, set: (v) => (cb.checked = !!v) });
      } else {
        const s = this._slider({
          label: knobLabel(knob, this._lang),
          min: knob.min,
          max: knob.max,
          scale: knob.kind,
          hardMin: knob.hardMin,
          hardMax: knob.hardMax,
          openMin: knob.openMin,
          openMax: knob.openMax,
          value: knobValue(this._s.optimizer, knob),
          onChange: (v) => this._update({ optimizer: withKnob(this._s.optimizer, knob, v) }),
        });
        box.append(s.root);
        this._knobs.push({ knob, set: (v) => s.set(v) });
      }
    }
  }

  _syncKnobs() {
    for (const { knob, set } of this._knobs ?? []) set(knobValue(this._s.optimizer, knob));
  }

  /** The three ways to shrink weights, told apart (the issue asks that AdamW's decay be shown as different). */
  _updateRegNote() {
    const s = this._s;
    const wd = s.optimizer.weight_decay ?? (s.optimizer.type === 'AdamW' ? 0.01 : 0);
    const t = this._t;
    const parts = [];
    if (s.l1 || s.l2) {
      parts.push(t('regPenalty', {
        penalty: `${s.l1 ? 'λ₁‖w‖₁' : ''}${s.l1 && s.l2 ? ' + ' : ''}${s.l2 ? 'λ₂‖w‖²' : ''}`,
        gradient: `${s.l1 ? 'λ₁ sign w' : ''}${s.l1 && s.l2 ? ' + ' : ''}${s.l2 ? '2λ₂w' : ''}`,
      }));
    }
    if (s.optimizer.type === 'AdamW' && wd) parts.push(t('regAdamW', { wd: formatNumber(wd, 3) }));
    else if (wd) parts.push(t('regCoupled', { type: s.optimizer.type, wd: formatNumber(wd, 3) }));
    if (!parts.length) parts.push(t('regNone'));
    this._el['reg-note'].textContent = parts.join(t('sentenceSep'));
  }

  _updatePlayButton() {
    const b = this._el.play;
    b.textContent = this._t(this._playing ? 'pause' : 'train');
    b.setAttribute('aria-pressed', String(this._playing));
  }

  // ----- sharing -----

  shareLink() {
    return page().urlWithHash(formatHash(this._entries('url')));
  }

  /** The embed code: the element with its attributes, and the iframe form for platforms without scripts. */
  embedCode() {
    return embedCode('descent-network', this._entries('embed'), { title: DOCS.title, height: DOCS.height });
  }

  async _copy(what) {
    const text = what === 'link' ? this.shareLink() : this.embedCode();
    const box = this._el.shareBox;
    box.value = text;
    box.hidden = false;
    box.rows = what === 'link' ? 2 : 6;
    const ok = await page().copyText(text);
    this._el.copied.textContent = this._t(!ok ? 'copyByHand' : what === 'link' ? 'linkCopied' : 'embedCopied');
    if (!ok) {
      box.focus();
      box.select();
    }
  }
}

