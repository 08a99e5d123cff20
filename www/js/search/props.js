/**
 * The attributes of `<descent-search>`: one table drives the element's attributes, the page URL (`#name=value&...`)
 * and the "Copy embed code" output (docs.js derives the gallery's documentation from it). Names are the config names of the WASM core (`SearchLab`,
 * `hypergradientDescent`).
 *
 * | attribute      | value                                                                  | default          |
 * |----------------|------------------------------------------------------------------------|------------------|
 * | `objective`    | `network` (validation loss of a tiny network trained in the browser), or a test function: `forrester`, `gramacy_lee` (1-D), `branin`, `low_effective_dim`, `himmelblau`, `six_hump_camel` (2-D) | `network` |
 * | `space`        | network only: 1 or 2 of `lr`, `l2`, `hidden`, `batch_size`, `momentum`, comma-separated | `lr,l2`   |
 * | `dataset`      | network only: `circle`, `xor`, `gauss`, `spiral`, `moons`, `blobs`, `spiral3`, `line`, `sine`, `plane` | `circle` |
 * | `epochs`       | network only: training epochs per trial, 1 to 200                      | `20`             |
 * | `cv_folds`     | network only: `0` (one 30 % hold-out split) or 2 to 10 folds (scikit-learn's `KFold` sizes) | `0` |
 * | `noise`        | test functions only: standard deviation of the observation noise, 0 to 10 | `0`           |
 * | `budget`       | trials per method, 2 to 200                                            | `25`             |
 * | `seed`         | seed of random search, of BO's first points and of the noise, 0 to 1e9 | `0`              |
 * | `methods`      | comma-separated subset of `grid`, `random`, `bayes`                    | `grid,random,bayes` |
 * | `kernel`       | BO's kernel: `matern52`, `matern32`, `rbf` (each times a `ConstantKernel`), or a JSON `kernel_spec` such as `{"type":"RBF","length_scale":0.3}` | `matern52` |
 * | `ard`          | flag: one length scale per axis (otherwise one shared)                 | on               |
 * | `white`        | flag: add a `WhiteKernel` (fitted observation noise)                   | on               |
 * | `alpha`        | value added to the diagonal of K, 0 to 1                               | `1e-10`          |
 * | `normalize_y`  | flag: fit the GP to standardized targets                               | on               |
 * | `fit`          | flag: fit the kernel's hyperparameters (max. log marginal likelihood) at every BO step | on |
 * | `n_restarts`   | optimizer restarts of that fit, 0 to 10                                | `2`              |
 * | `acquisition`  | `EI`, `PI` or `LCB`                                                    | `EI`             |
 * | `xi`           | EI and PI: improvement margin ξ, 0 to 10                               | `0.01`           |
 * | `kappa`        | LCB: κ in μ − κσ, 0 to 10                                              | `1.96`           |
 * | `n_initial`    | BO's random first trials, 1 to the budget                              | `5`              |
 * | `trials`       | trials run so far per method (a link replays them)                     | `0`              |
 * | `speed`        | steps per second while playing, 0.5 to 60                              | `4`              |
 * | `tab`          | `search` or `hypergradient`                                            | `search`         |
 * | `surface`      | hypergradient tab: `quadratic`, `booth`, `himmelblau`, `beale`, `six_hump_camel`, `rosenbrock` | `quadratic` |
 * | `lr`           | hypergradient tab: initial learning rate α₀ (also plain SGD's), 1e-7 to 10 | `0.01`        |
 * | `hyper_lr`     | hypergradient tab: hypergradient learning rate β, 0 to 1               | `1e-4`           |
 * | `steps`        | hypergradient tab: updates, 10 to 5000                                 | `300`            |
 * | `theme`        | `auto` (follows the system), `light`, `dark`                           | `auto`           |
 * | `autoplay`     | flag: play when the element first comes into view (not with reduced motion) | off        |
 * | `sync-url`     | flag: keep the page URL's `#...` in step with this element (one element per page) | off     |
 *
 * A value that cannot be read shows a message in the element and that attribute falls back to its default; a
 * combination the core rejects (e.g. `n_initial` above `budget`) is reported with the core's message.
 * Events: `descent-step` (`detail: { trials, done }`, after every step of the search), `descent-change`
 * (`detail: { attributes }`, after a settings change). Methods: `play()`, `pause()`, `reset()` (no trials, paused),
 * `step()` (one trial per method), `runToEnd()`. Read-only properties: `playing`, `done`, `trials` (every trial:
 * `{ method, index, point, value, truth, folds, diverged }`), `perf` (timings in ms).
 */

import { kinds } from '../shared/state.js';

// The interface labels of these names (objectives, hyperparameters, datasets, methods, surfaces, kernels), in
// English and Chinese, are in strings.js.

/** The objectives and their dimension (`null`: that of `space`). */
export const OBJECTIVES = {
  network: { dim: null },
  forrester: { dim: 1 },
  gramacy_lee: { dim: 1 },
  branin: { dim: 2 },
  low_effective_dim: { dim: 2 },
  himmelblau: { dim: 2 },
  six_hump_camel: { dim: 2 },
};

/** The network's hyperparameters a search can vary. */
export const NET_PARAMS = { lr: {}, l2: {}, hidden: {}, batch_size: {}, momentum: {} };

export const DATASETS = ['circle', 'xor', 'gauss', 'spiral', 'moons', 'blobs', 'spiral3', 'line', 'sine', 'plane'];
export const METHODS = ['grid', 'random', 'bayes'];
export const HD_SURFACES = ['quadratic', 'booth', 'himmelblau', 'beale', 'six_hump_camel', 'rosenbrock'];
/** Start points of the hypergradient runs (those of <descent-surface>'s lessons). */
export const HD_STARTS = {
  quadratic: [-3.5, 2], booth: [-8, 8], himmelblau: [0.5, -1.5], beale: [1, 1.5], six_hump_camel: [-1, 1], rosenbrock: [-1.5, 2],
};
/** The preset kernels (each times a ConstantKernel; kernelSpec below). */
export const KERNEL_PRESETS = { matern52: {}, matern32: {}, rbf: {} };

/** A comma-separated list of distinct names from `allowed`, `min` to `max` of them. */
function nameList(allowed, min, max, what) {
  const expected = `${min === max ? min : `${min} to ${max}`} distinct ${what} among ${allowed.join(', ')}, comma-separated`;
  return {
    expected,
    parse(raw) {
      const names = String(raw).split(',').map((s) => s.trim()).filter((s) => s !== '');
      if (names.length < min || names.length > max) return { error: expected };
      if (names.some((n) => !allowed.includes(n)) || new Set(names).size !== names.length) return { error: expected };
      return { value: names };
    },
    format: (v) => v.join(','),
  };
}

/** `kernel`: a preset name or a JSON kernel_spec object with a `type` (the core checks the rest). */
const kernelKind = {
  expected: `one of ${Object.keys(KERNEL_PRESETS).join(', ')}, or a JSON kernel_spec such as {"type":"RBF","length_scale":0.3}`,
  parse(raw) {
    const text = String(raw).trim();
    if (text in KERNEL_PRESETS) return { value: text };
    if (text.startsWith('{') && text.length <= 4000) {
      try {
        const v = JSON.parse(text);
        if (v && typeof v === 'object' && !Array.isArray(v) && typeof v.type === 'string') return { value: JSON.stringify(v) };
      } catch {
        // fall through
      }
    }
    return { error: this.expected };
  },
  format: (v) => v,
};

/** `cv_folds`: 0, or 2 to 10. */
const foldsKind = {
  expected: '0 (one hold-out split) or a whole number of folds from 2 to 10',
  parse(raw) {
    const r = kinds.integer({ min: 0, max: 10 }).parse(raw);
    if ('error' in r || r.value === 1) return { error: this.expected };
    return r;
  },
  format: (v) => String(v),
};

/**
 * The table. `url: false` props are not written to the page URL; `embed: false` ones are left out of the embed code.
 */
export const PROPS = [
  { name: 'objective', kind: kinds.choice(Object.keys(OBJECTIVES)), default: 'network' },
  { name: 'space', kind: nameList(Object.keys(NET_PARAMS), 1, 2, 'hyperparameters'), default: ['lr', 'l2'] },
  { name: 'dataset', kind: kinds.choice(DATASETS), default: 'circle' },
  { name: 'epochs', kind: kinds.integer({ min: 1, max: 200 }), default: 20 },
  { name: 'cv_folds', kind: foldsKind, default: 0 },
  { name: 'noise', kind: kinds.number({ min: 0, max: 10 }), default: 0 },
  { name: 'budget', kind: kinds.integer({ min: 2, max: 200 }), default: 25 },
  { name: 'seed', kind: kinds.integer({ min: 0, max: 1e9 }), default: 0 },
  { name: 'methods', kind: nameList(METHODS, 1, 3, 'methods'), default: ['grid', 'random', 'bayes'] },
  { name: 'kernel', kind: kernelKind, default: 'matern52' },
  { name: 'ard', kind: kinds.flag(), default: true },
  { name: 'white', kind: kinds.flag(), default: true },
  { name: 'alpha', kind: kinds.number({ min: 0, max: 1 }), default: 1e-10 },
  { name: 'normalize_y', kind: kinds.flag(), default: true },
  { name: 'fit', kind: kinds.flag(), default: true },
  { name: 'n_restarts', kind: kinds.integer({ min: 0, max: 10 }), default: 2 },
  { name: 'acquisition', kind: kinds.choice(['EI', 'PI', 'LCB']), default: 'EI' },
  { name: 'xi', kind: kinds.number({ min: 0, max: 10 }), default: 0.01 },
  { name: 'kappa', kind: kinds.number({ min: 0, max: 10 }), default: 1.96 },
  { name: 'n_initial', kind: kinds.integer({ min: 1, max: 200 }), default: 5 },
  { name: 'trials', kind: kinds.integer({ min: 0, max: 200 }), default: 0 },
  { name: 'speed', kind: kinds.number({ min: 0.5, max: 60 }), default: 4 },
  { name: 'tab', kind: kinds.choice(['search', 'hypergradient']), default: 'search' },
  { name: 'surface', kind: kinds.choice(HD_SURFACES), default: 'quadratic' },
  { name: 'lr', kind: kinds.number({ min: 1e-7, max: 10 }), default: 0.01 },
  { name: 'hyper_lr', kind: kinds.number({ min: 0, max: 1 }), default: 1e-4 },
  { name: 'steps', kind: kinds.integer({ min: 10, max: 5000 }), default: 300 },
  { name: 'theme', kind: kinds.choice(['auto', 'light', 'dark']), default: 'auto' },
  { name: 'autoplay', kind: kinds.flag(), default: false, url: false },
  { name: 'sync-url', kind: kinds.flag(), default: false, url: false, embed: false },
];

/** Attribute names the element observes. */
export const ATTRIBUTES = PROPS.map((p) => p.name);

/** Props by name. */
export const PROP = Object.fromEntries(PROPS.map((p) => [p.name, p]));

/** Props that change the search itself (a change starts it over). */
export const SEARCH_PROPS = [
  'objective', 'space', 'dataset', 'epochs', 'cv_folds', 'noise', 'budget', 'seed', 'methods', 'kernel', 'ard', 'white',
  'alpha', 'normalize_y', 'fit', 'n_restarts', 'acquisition', 'xi', 'kappa', 'n_initial',
];

/** Props of the hypergradient tab. */
export const HD_PROPS = ['surface', 'lr', 'hyper_lr', 'steps'];

/** The kernel_spec of the current kernel settings, for `dim` axes (presets are scikit-optimize's shapes). */
export function kernelSpec(s, dim) {
  if (String(s.kernel).startsWith('{')) return JSON.parse(s.kernel);
  const ls = s.ard && dim > 1 ? Array(dim).fill(1) : 1;
  const base = s.kernel === 'rbf'
    ? { type: 'RBF', length_scale: ls, length_scale_bounds: [0.01, 100] }
    : { type: 'Matern', nu: s.kernel === 'matern32' ? 1.5 : 2.5, length_scale: ls, length_scale_bounds: [0.01, 100] };
  const scaled = { type: 'Product', k1: { type: 'ConstantKernel', constant_value: 1, constant_value_bounds: [0.01, 1000] }, k2: base };
  return s.white ? { type: 'Sum', k1: scaled, k2: { type: 'WhiteKernel', noise_level: 1e-4, noise_level_bounds: [1e-8, 1] } } : scaled;
}

/** The `SearchLab` config of a state. */
export function labConfig(s) {
  const network = s.objective === 'network';
  const dim = network ? s.space.length : OBJECTIVES[s.objective].dim;
  const cfg = {
    objective: network ? { type: 'network', dataset: s.dataset, epochs: s.epochs } : s.objective,
    budget: s.budget,
    seed: s.seed,
    methods: s.methods,
    kernel: kernelSpec(s, dim),
    alpha: s.alpha,
    normalize_y: s.normalize_y,
    fit: s.fit,
    n_restarts: s.n_restarts,
    acquisition: s.acquisition === 'LCB' ? { type: 'LCB', kappa: s.kappa } : { type: s.acquisition, xi: s.xi },
    n_initial: Math.min(s.n_initial, s.budget),
  };
  if (network) {
    cfg.space = s.space;
    cfg.cv_folds = s.cv_folds;
  } else {
    cfg.noise = s.noise;
  }
  return cfg;
}
