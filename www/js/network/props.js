/**
 * The attributes of `<descent-network>`: one table drives the element's attributes, the page URL (`#name=value&...`)
 * and the "Copy embed code" output. Names are the trainer config names of the WASM core (PyTorch / Keras keyword
 * arguments), so an attribute, a URL field and a `Trainer` config field read the same.
 *
 * | attribute          | value                                                                 | default            |
 * |--------------------|-----------------------------------------------------------------------|--------------------|
 * | `dataset`          | classification: `circle`, `xor`, `gauss`, `spiral`, `moons`, `blobs` (3 classes), `spiral3` (3 classes); regression: `line`, `sine`, `plane`; or `csv` (the `csv` attribute) | `circle` |
 * | `n_samples`        | points generated, 10 to 2000                                          | `300`              |
 * | `noise`            | position noise as a fraction of the data radius, 0 to 1               | `0`                |
 * | `data_seed`        | seed of the data and its split, a whole number                        | `0`                |
 * | `validation_split` | fraction held out for validation, 0 to 0.9                            | `0.2`              |
 * | `test_split`       | fraction held out for testing, 0 to 0.9 (both together at most 0.9)   | `0.2`              |
 * | `csv`              | `x,y,label` lines for `dataset="csv"` (a header line and `#` comments are skipped) | empty  |
 * | `task`             | how to read the CSV labels: `auto`, `classification`, `regression`    | `auto`             |
 * | `points`           | points added by clicking: `x,y,label;x,y,label;...` (at most 500)     | none               |
 * | `removed`          | rows removed by clicking, as row numbers `3,17,42` (of the data before additions) | none    |
 * | `features`         | inputs, comma-separated: `x`, `y`, `x2`, `y2`, `xy`, `sin_x`, `sin_y` | `x,y`              |
 * | `layers`           | hidden layer widths, comma-separated: 0 to 6 layers of 1 to 16 units (`none` for no hidden layer) | `4,2` |
 * | `activation`       | `relu`, `leaky_relu`, `tanh`, `sigmoid`, `linear`                     | `tanh`             |
 * | `init`             | `xavier` (Glorot uniform) or `he` (Kaiming uniform), drawn from `seed` | `xavier`          |
 * | `batch_norm`       | flag: BatchNorm1d after every hidden Linear                           | off                |
 * | `loss`             | `auto` (cross-entropy for classes, MSE for regression), `cross_entropy`, `mse`, `l1` | `auto` |
 * | `batch_size`       | 1 (stochastic) to 1024 (beyond the training rows: full batch)        | `10`               |
 * | `shuffle`          | flag: reshuffle the training rows every epoch (`shuffle="false"` to keep their order) | on |
 * | `optimizer`        | JSON optimizer config (`type`: `SGD`, `Adagrad`, `RMSprop`, `Adam`, `AdamW`, PyTorch's arguments) | `{"type":"SGD","lr":0.03}` |
 * | `schedule`         | JSON learning-rate schedule (PyTorch or Keras name and arguments), or `none` | `none`      |
 * | `l1`, `l2`         | penalty strengths λ₁, λ₂ ≥ 0 on the weights (at most 10)              | `0`                |
 * | `regularize_bias`  | flag: the L1/L2 penalties also cover biases and batch-norm parameters  | off                |
 * | `early_stopping`   | JSON `keras.callbacks.EarlyStopping` settings (`monitor`, `patience`, `min_delta`, `restore_best_weights`, `start_from_epoch`), or `none` | `none` |
 * | `seed`             | seed of the initial weights and the shuffling                         | `0`                |
 * | `speed`            | epochs per second while playing, 1 to 3000                            | `60`               |
 * | `discretize`       | flag: paint the predicted class only (no probabilities)               | off                |
 * | `theme`            | `auto` (follows the system), `light`, `dark`                          | `auto`             |
 * | `autoplay`         | flag: start training when the element first comes into view (not with reduced motion) | off |
 * | `sync-url`         | flag: keep the page URL's `#...` in step with this element (one element per page) | off    |
 *
 * A value that cannot be read shows a message in the element and that attribute falls back to its default; a field
 * the core rejects (for example `optimizer='{"type":"Adam","betas":[0.9,1.5]}'`) is named in the message and dropped.
 */

import { kinds, parseNumber } from '../shared/state.js';
import { OPTIMIZER_TYPES, SCHEDULE_TYPES } from '../surface/runs.js';

/** The datasets, with their task and number of classes (display names: strings.js). */
export const DATASETS = {
  circle: { task: 'classification', classes: 2 },
  xor: { task: 'classification', classes: 2 },
  gauss: { task: 'classification', classes: 2 },
  spiral: { task: 'classification', classes: 2 },
  moons: { task: 'classification', classes: 2 },
  blobs: { task: 'classification', classes: 3 },
  spiral3: { task: 'classification', classes: 3 },
  line: { task: 'regression' },
  sine: { task: 'regression' },
  plane: { task: 'regression' },
  csv: { task: null },
};
export const DATASET_NAMES = Object.keys(DATASETS);

/** Input features: config name and label. */
export const FEATURES = [
  ['x', 'x'], ['y', 'y'], ['x2', 'x²'], ['y2', 'y²'], ['xy', 'xy'], ['sin_x', 'sin x'], ['sin_y', 'sin y'],
];
export const FEATURE_NAMES = FEATURES.map(([n]) => n);

export const ACTIVATIONS = ['relu', 'leaky_relu', 'tanh', 'sigmoid', 'linear'];
export const MAX_LAYERS = 6;
export const MAX_UNITS = 16;
export const MAX_ADDED = 500;
/** Largest CSV accepted from an attribute or the text box (characters). */
export const MAX_CSV = 200_000;

// Each kind of this file says what it expects in English (`expected`, shared/state.js words the message) and in
// Chinese (`zh`, returned with the error; the element words the Chinese message, see strings.js).

/** `features`: a comma-separated subset (at least one, no repeats). */
const featuresKind = {
  expected: `a comma-separated list of ${FEATURE_NAMES.join(', ')} (at least one, no repeats)`,
  zh: `用逗号分隔的 ${FEATURE_NAMES.join(', ')} 中的若干项（至少一项，不重复）`,
  parse(raw) {
    const parts = String(raw).split(',').map((s) => s.trim()).filter(Boolean);
    if (!parts.length || parts.some((p) => !FEATURE_NAMES.includes(p)) || new Set(parts).size !== parts.length) {
      return { error: this.expected, zh: this.zh };
    }
    return { value: FEATURE_NAMES.filter((f) => parts.includes(f)) };
  },
  format: (v) => v.join(','),
};

/** `layers`: 0 to 6 whole numbers of 1 to 16 (`none` or empty: no hidden layer). */
const layersKind = {
  expected: `0 to ${MAX_LAYERS} comma-separated widths from 1 to ${MAX_UNITS}, such as 4,2 (or none)`,
  zh: `0 到 ${MAX_LAYERS} 个用逗号分隔的层宽（每层 1 到 ${MAX_UNITS}），例如 4,2（或 none）`,
  parse(raw) {
    const text = String(raw).trim();
    if (text === '' || text === 'none') return { value: [] };
    const parts = text.split(',').map((s) => parseNumber(s));
    if (parts.length > MAX_LAYERS || parts.some((v) => v === null || !Number.isInteger(v) || v < 1 || v > MAX_UNITS)) {
      return { error: this.expected, zh: this.zh };
    }
    return { value: parts };
  },
  format: (v) => (v.length ? v.join(',') : 'none'),
};

/** A JSON object with a `type` from `types`, or `none`. */
function typedJson(types, example, { optional }) {
  const expected = `${optional ? '"none" or ' : ''}a JSON object with "type" (${types.join(', ')}) such as ${example}`;
  const zh = `${optional ? '"none" 或' : ''}带 "type"（${types.join(', ')}）的 JSON 对象，例如 ${example}`;
  return {
    expected,
    zh,
    parse(raw) {
      const text = String(raw).trim();
      if (optional && (text === '' || text === 'none')) return { value: null };
      if (text.length > 4000) return { error: expected, zh };
      let v;
      try {
        v = JSON.parse(text);
      } catch {
        return { error: `${expected} (this is not valid JSON)`, zh: `${zh}（这不是有效的 JSON）` };
      }
      if (!v || typeof v !== 'object' || Array.isArray(v) || !types.includes(v.type)) return { error: expected, zh };
      return { value: v };
    },
    format: (v) => (v === null ? 'none' : JSON.stringify(v)),
  };
}

/** `early_stopping`: a JSON object of EarlyStopping settings, or `none`. */
const earlyKind = {
  expected: '"none" or a JSON object such as {"patience":10,"restore_best_weights":true}',
  zh: '"none" 或 JSON 对象，例如 {"patience":10,"restore_best_weights":true}',
  parse(raw) {
    const text = String(raw).trim();
    if (text === '' || text === 'none') return { value: null };
    let v;
    try {
      v = JSON.parse(text);
    } catch {
      return { error: `${this.expected} (this is not valid JSON)`, zh: `${this.zh}（这不是有效的 JSON）` };
    }
    if (!v || typeof v !== 'object' || Array.isArray(v) || text.length > 1000) return { error: this.expected, zh: this.zh };
    return { value: v };
  },
  format: (v) => (v === null ? 'none' : JSON.stringify(v)),
};

/** `points`: `x,y,label` triples separated by `;`. */
const pointsKind = {
  expected: `at most ${MAX_ADDED} points "x,y,label" separated by ";" (|x|, |y| ≤ 100, label a number)`,
  zh: `至多 ${MAX_ADDED} 个用 ";" 分隔的点 "x,y,label"（|x|、|y| ≤ 100，label 是数）`,
  parse(raw) {
    const text = String(raw).trim();
    if (text === '' || text === 'none') return { value: [] };
    const items = text.split(';').filter((s) => s.trim() !== '');
    if (items.length > MAX_ADDED) return { error: this.expected, zh: this.zh };
    const out = [];
    for (const item of items) {
      const v = item.split(',').map(parseNumber);
      if (v.length !== 3 || v.some((n) => n === null) || Math.abs(v[0]) > 100 || Math.abs(v[1]) > 100 || Math.abs(v[2]) > 1e6) {
        return { error: this.expected, zh: this.zh };
      }
      out.push(v);
    }
    return { value: out };
  },
  format: (v) => (v.length ? v.map((p) => p.map((n) => String(Number(n.toPrecision(4)))).join(',')).join(';') : ''),
};

/** `removed`: row numbers. */
const removedKind = {
  expected: 'comma-separated row numbers (whole numbers from 0), at most 2000',
  zh: '用逗号分隔的行号（从 0 起的整数），至多 2000 个',
  parse(raw) {
    const text = String(raw).trim();
    if (text === '' || text === 'none') return { value: [] };
    const v = text.split(',').map(parseNumber);
    if (v.length > 2000 || v.some((n) => n === null || !Number.isInteger(n) || n < 0 || n > 1e6)) return { error: this.expected, zh: this.zh };
    return { value: [...new Set(v)].sort((a, b) => a - b) };
  },
  format: (v) => v.join(','),
};

/**
 * The table. `url: false` props are not written to the page URL; `embed: false` ones are left out of the embed code;
 * `config: false` ones are the element's own (not trainer config fields).
 */
export const PROPS = [
  { name: 'dataset', kind: kinds.choice(DATASET_NAMES), default: 'circle' },
  { name: 'n_samples', kind: kinds.integer({ min: 10, max: 2000 }), default: 300 },
  { name: 'noise', kind: kinds.number({ min: 0, max: 1 }), default: 0 },
  { name: 'data_seed', kind: kinds.integer({ min: 0, max: 2 ** 53 - 1 }), default: 0 },
  { name: 'validation_split', kind: kinds.number({ min: 0, max: 0.9 }), default: 0.2 },
  { name: 'test_split', kind: kinds.number({ min: 0, max: 0.9 }), default: 0.2 },
  { name: 'csv', kind: kinds.text({ maxLength: MAX_CSV }), default: '' },
  { name: 'task', kind: kinds.choice(['auto', 'classification', 'regression']), default: 'auto' },
  { name: 'points', kind: pointsKind, default: [] },
  { name: 'removed', kind: removedKind, default: [] },
  { name: 'features', kind: featuresKind, default: ['x', 'y'] },
  { name: 'layers', kind: layersKind, default: [4, 2] },
  { name: 'activation', kind: kinds.choice(ACTIVATIONS), default: 'tanh' },
  { name: 'init', kind: kinds.choice(['xavier', 'he']), default: 'xavier' },
  { name: 'batch_norm', kind: kinds.flag(), default: false },
  { name: 'loss', kind: kinds.choice(['auto', 'cross_entropy', 'mse', 'l1']), default: 'auto' },
  { name: 'batch_size', kind: kinds.integer({ min: 1, max: 1024 }), default: 10 },
  { name: 'shuffle', kind: kinds.flag(), default: true },
  { name: 'optimizer', kind: typedJson(OPTIMIZER_TYPES, '{"type":"Adam","lr":0.01}', { optional: false }), default: { type: 'SGD', lr: 0.03 } },
  { name: 'schedule', kind: typedJson(SCHEDULE_TYPES, '{"type":"StepLR","step_size":100,"gamma":0.5}', { optional: true }), default: null },
  { name: 'l1', kind: kinds.number({ min: 0, max: 10 }), default: 0 },
  { name: 'l2', kind: kinds.number({ min: 0, max: 10 }), default: 0 },
  { name: 'regularize_bias', kind: kinds.flag(), default: false },
  { name: 'early_stopping', kind: earlyKind, default: null },
  { name: 'seed', kind: kinds.integer({ min: 0, max: 2 ** 53 - 1 }), default: 0 },
  { name: 'speed', kind: kinds.number({ min: 1, max: 3000 }), default: 60, config: false },
  { name: 'discretize', kind: kinds.flag(), default: false, config: false },
  { name: 'theme', kind: kinds.choice(['auto', 'light', 'dark']), default: 'auto', config: false },
  { name: 'autoplay', kind: kinds.flag(), default: false, url: false, config: false },
  { name: 'sync-url', kind: kinds.flag(), default: false, url: false, embed: false, config: false },
];

/** Attribute names the element observes. */
export const ATTRIBUTES = PROPS.map((p) => p.name);

/** Props by name. */
export const PROP = Object.fromEntries(PROPS.map((p) => [p.name, p]));

/** Props that only change the data (a new trainer), those of the network's shape (a reset), and the rest. */
export const DATA_PROPS = ['dataset', 'n_samples', 'noise', 'data_seed', 'validation_split', 'test_split', 'csv', 'task', 'points', 'removed'];
