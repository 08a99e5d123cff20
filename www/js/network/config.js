// The state of <descent-network> (the values of its props table) turned into a `Trainer` config, and back from the
// core's error messages to the prop they name. Pure functions: no DOM, no WASM, tested in Node.

import { DATASETS, PROP } from './props.js';

/**
 * The `Trainer` config of a state. Element-only props (speed, theme, ...) are left out, and so are fields that
 * only apply elsewhere (the CSV text unless `dataset` is `csv`, `n_samples` and `noise` for CSV data).
 */
export function trainerConfig(s) {
  const c = {
    dataset: s.dataset,
    data_seed: s.data_seed,
    validation_split: s.validation_split,
    test_split: s.test_split,
    features: [...s.features],
    layers: [...s.layers],
    activation: s.activation,
    init: s.init,
    batch_norm: s.batch_norm,
    batch_size: s.batch_size,
    shuffle: s.shuffle,
    optimizer: structuredClone(s.optimizer),
    l1: s.l1,
    l2: s.l2,
    regularize_bias: s.regularize_bias,
    seed: s.seed,
  };
  if (s.dataset === 'csv') {
    c.csv = s.csv;
    c.task = s.task;
  } else {
    c.n_samples = s.n_samples;
    c.noise = s.noise;
  }
  if (s.loss !== 'auto') c.loss = s.loss;
  if (s.schedule) c.schedule = structuredClone(s.schedule);
  if (s.early_stopping) c.early_stopping = structuredClone(s.early_stopping);
  if (s.points?.length) c.points = s.points.map((p) => [...p]);
  if (s.removed?.length) c.removed = [...s.removed];
  return c;
}

/** The field path at the start of a core error message (`optimizer.betas[1] = 1.5 is not allowed: ...`). */
export function errorPath(message) {
  const m = /^([A-Za-z_][\w]*(?:\.[A-Za-z_][\w]*|\[\d+\])*)\s+(?:=|is missing)/.exec(String(message));
  return m ? m[1] : null;
}

/**
 * How to get past a config error: `{ patch, what, field | dataset }` that drops the field the message names (a
 * sub-field of `optimizer`, `schedule` or `early_stopping`, or the whole prop back to its default), or `null` when
 * the message names nothing we can drop. `what` says it in English; `field` (the config name now at its default) or
 * `dataset` (the data set used instead of a CSV) lets the element say it in another language.
 */
export function repairFor(message, s) {
  const path = errorPath(message);
  if (!path) return null;
  const [top, sub] = path.split('.');
  const name = top.replace(/\[\d+\]$/, '');
  const key = (sub ?? '').replace(/\[\d+\]$/, '');
  if (['optimizer', 'schedule', 'early_stopping'].includes(name) && key && key !== 'type' && s[name] && key in s[name]) {
    const next = structuredClone(s[name]);
    delete next[key];
    return { patch: { [name]: next }, what: `using the default ${name}.${key}`, field: `${name}.${key}` };
  }
  if (name === 'csv' && s.dataset === 'csv') {
    return { patch: { dataset: PROP.dataset.default }, what: `using the ${PROP.dataset.default} data set`, dataset: PROP.dataset.default };
  }
  if (name === 'monitor' || name === 'patience') return null;
  const prop = PROP[name];
  if (!prop || prop.config === false) return null;
  const d = prop.default;
  if (JSON.stringify(s[name]) === JSON.stringify(d)) return null;
  return { patch: { [name]: d === null || typeof d !== 'object' ? d : structuredClone(d) }, what: `using the default ${name}`, field: name };
}

/** The task of a state's data before the core has read it (`null`: a CSV, decided by its labels). */
export function expectedTask(s) {
  return DATASETS[s.dataset]?.task ?? null;
}

/** Number of optimizer updates per epoch for `rows` training rows. */
export function updatesPerEpoch(rows, batchSize) {
  return Math.max(1, Math.ceil(Math.max(1, rows) / Math.max(1, batchSize)));
}

/** Parse pasted CSV only far enough to count lines (the core reads it and reports each bad line). */
export function csvLineCount(text) {
  return String(text).split('\n').filter((l) => l.trim() !== '' && !l.trim().startsWith('#')).length;
}
