// Runs of `<descent-surface>`: one optimizer config (PyTorch names: `{ type: "Adam", lr: 0.05, betas: [...] }`) plus
// an optional `schedule` (`{ type: "StepLR", step_size: 50 }`), as in the `runs` attribute.
//
// The WASM core is the judge of what is valid (it names the bad field); this module only knows which knobs to show
// for each optimizer, good starting values for each schedule, and how to drop a bad field so that a hand-edited
// run falls back to the default of that field instead of failing as a whole.

import { MAX_RUNS } from '../shared/colors.js';
import { formatNumber } from '../shared/format.js';

export { MAX_RUNS };

/** The optimizer classes, as in configs. */
export const OPTIMIZER_TYPES = ['SGD', 'Adagrad', 'RMSprop', 'Adam', 'AdamW'];

/**
 * The knobs the run editor shows per optimizer. `default` is PyTorch's (shown when the run does not set the
 * field; the core applies the same default, so a field equal to it is left out of the attribute).
 * Slider kinds: `log` (lr, eps), `oneMinusLog` (momentum-like values near 1), `linear`; `bool` is a checkbox.
 */
const LR = { key: 'lr', label: 'learning rate η', kind: 'log', min: 1e-5, max: 10, hardMin: 0, hardMax: 1000, openMin: true };
const WD = { key: 'weight_decay', label: 'weight decay λ', kind: 'linear', min: 0, max: 1, hardMin: 0, hardMax: 1000, default: 0 };
const EPS = (d) => ({ key: 'eps', label: 'epsilon ε', kind: 'log', min: 1e-12, max: 1, hardMin: 0, hardMax: 1, default: d });
const MAXIMIZE = { key: 'maximize', label: 'maximize (ascend)', kind: 'bool', default: false };
const ADAM_KNOBS = (wd) => [
  LR,
  { key: 'betas', index: 0, label: 'β₁ (momentum of m)', kind: 'oneMinusLog', min: 0, max: 0.9999, hardMin: 0, hardMax: 1, openMax: true, default: 0.9 },
  { key: 'betas', index: 1, label: 'β₂ (momentum of v)', kind: 'oneMinusLog', min: 0, max: 0.99999, hardMin: 0, hardMax: 1, openMax: true, default: 0.999 },
  EPS(1e-8),
  { ...WD, default: wd },
  { key: 'bias_correction', label: 'bias correction', kind: 'bool', default: true },
  { key: 'amsgrad', label: 'AMSGrad (max of v)', kind: 'bool', default: false },
  MAXIMIZE,
];

export const OPTIMIZERS = {
  SGD: [
    LR,
    { key: 'momentum', label: 'momentum μ', kind: 'oneMinusLog', min: 0, max: 0.999, hardMin: 0, hardMax: 1, openMax: true, default: 0 },
    { key: 'dampening', label: 'dampening τ', kind: 'linear', min: 0, max: 1, hardMin: 0, hardMax: 1, default: 0 },
    WD,
    { key: 'nesterov', label: 'Nesterov', kind: 'bool', default: false },
    MAXIMIZE,
  ],
  Adagrad: [
    LR,
    { key: 'lr_decay', label: 'lr decay', kind: 'linear', min: 0, max: 1, hardMin: 0, hardMax: 1000, default: 0 },
    { key: 'initial_accumulator_value', label: 'initial accumulator G₀', kind: 'linear', min: 0, max: 10, hardMin: 0, hardMax: 1e6, default: 0 },
    EPS(1e-10),
    WD,
    MAXIMIZE,
  ],
  RMSprop: [
    LR,
    { key: 'alpha', label: 'smoothing α', kind: 'oneMinusLog', min: 0, max: 0.9999, hardMin: 0, hardMax: 1, openMax: true, default: 0.99 },
    EPS(1e-8),
    { key: 'momentum', label: 'momentum μ', kind: 'oneMinusLog', min: 0, max: 0.999, hardMin: 0, hardMax: 1, openMax: true, default: 0 },
    { key: 'centered', label: 'centered', kind: 'bool', default: false },
    WD,
    MAXIMIZE,
  ],
  Adam: ADAM_KNOBS(0),
  AdamW: ADAM_KNOBS(0.01),
};

/** The schedule classes (PyTorch, then Keras), as in configs. */
export const SCHEDULE_TYPES = [
  'StepLR', 'MultiStepLR', 'ConstantLR', 'LinearLR', 'ExponentialLR', 'PolynomialLR', 'CosineAnnealingLR',
  'CosineAnnealingWarmRestarts', 'CyclicLR', 'OneCycleLR', 'SequentialLR', 'ReduceLROnPlateau',
  'ExponentialDecay', 'InverseTimeDecay', 'PiecewiseConstantDecay', 'PolynomialDecay', 'CosineDecay', 'CosineDecayRestarts',
];

/** Schedule fields that hold the peak learning rate: the lr slider moves them too. */
export const SCHEDULE_LR_KEYS = ['initial_learning_rate', 'max_lr'];

const whole = (v) => Math.max(1, Math.round(v));

/** A schedule of `type` with starting values that show its shape over `steps` updates from rate `lr`. */
export function scheduleStarter(type, { lr, steps, run }) {
  const n = Math.max(4, steps);
  const hasMomentum = run.type !== 'SGD' || (run.momentum ?? 0) > 0;
  switch (type) {
    case 'StepLR': return { type, step_size: whole(n / 4), gamma: 0.5 };
    case 'MultiStepLR': return { type, milestones: [whole(n / 2), whole((3 * n) / 4)], gamma: 0.1 };
    case 'ConstantLR': return { type, factor: 0.25, total_iters: whole(n / 5) };
    case 'LinearLR': return { type, start_factor: 0.1, end_factor: 1, total_iters: whole(n / 5) };
    case 'ExponentialLR': return { type, gamma: Number((0.01 ** (1 / n)).toPrecision(4)) };
    case 'PolynomialLR': return { type, total_iters: n, power: 2 };
    case 'CosineAnnealingLR': return { type, T_max: n, eta_min: 0 };
    case 'CosineAnnealingWarmRestarts': return { type, T_0: whole(n / 4), T_mult: 1, eta_min: 0 };
    case 'CyclicLR': return { type, base_lr: lr / 10, max_lr: lr, step_size_up: whole(n / 8), mode: 'triangular', cycle_momentum: false };
    case 'OneCycleLR': return { type, max_lr: lr, total_steps: n, cycle_momentum: hasMomentum };
    case 'SequentialLR':
      return {
        type,
        schedulers: [{ type: 'LinearLR', start_factor: 0.1, end_factor: 1, total_iters: whole(n / 10) }, { type: 'CosineAnnealingLR', T_max: n - whole(n / 10) }],
        milestones: [whole(n / 10)],
      };
    case 'ReduceLROnPlateau': return { type, factor: 0.5, patience: 10 };
    case 'ExponentialDecay': return { type, initial_learning_rate: lr, decay_steps: whole(n / 4), decay_rate: 0.5 };
    case 'InverseTimeDecay': return { type, initial_learning_rate: lr, decay_steps: whole(n / 4), decay_rate: 1 };
    case 'PiecewiseConstantDecay': return { type, boundaries: [whole(n / 3), whole((2 * n) / 3)], values: [lr, lr / 10, lr / 100] };
    case 'PolynomialDecay': return { type, initial_learning_rate: lr, decay_steps: n, end_learning_rate: lr / 100, power: 1 };
    case 'CosineDecay': return { type, initial_learning_rate: lr, decay_steps: n };
    case 'CosineDecayRestarts': return { type, initial_learning_rate: lr, first_decay_steps: whole(n / 4) };
    default: return null;
  }
}

/** The value a knob shows for `run` (its default when the run leaves the field out). */
export function knobValue(run, knob) {
  const v = run[knob.key];
  if (knob.index !== undefined) {
    return Array.isArray(v) && typeof v[knob.index] === 'number' ? v[knob.index] : knob.default;
  }
  return v === undefined ? knob.default : v;
}

/** A copy of `run` with the knob set; fields equal to their default are left out (short attributes and links). */
export function withKnob(run, knob, value) {
  const next = structuredClone(run);
  if (knob.index !== undefined) {
    const knobs = OPTIMIZERS[run.type].filter((k) => k.key === knob.key);
    const arr = knobs.map((k) => knobValue(run, k));
    arr[knob.index] = value;
    if (knobs.every((k, i) => arr[i] === k.default)) delete next[knob.key];
    else next[knob.key] = arr;
  } else if (knob.key !== 'lr' && value === knob.default) {
    delete next[knob.key];
  } else {
    next[knob.key] = value;
  }
  if (knob.key === 'lr' && next.schedule) {
    for (const k of SCHEDULE_LR_KEYS) if (typeof next.schedule[k] === 'number') next.schedule[k] = value;
  }
  return next;
}

/** Switch a run to another optimizer class, keeping its learning rate and schedule. */
export function withType(run, type) {
  const next = { type, lr: run.lr ?? 0.01 };
  if (run.schedule) next.schedule = structuredClone(run.schedule);
  return next;
}

/** `{ optimizer, schedule }` for `simulate` (the run object holds both). */
export function splitRun(run) {
  const { schedule, ...optimizer } = run;
  return { optimizer, schedule: schedule ?? undefined };
}

/** A short label: `Adam η=0.05`, `SGD η=0.001 μ=0.9 · StepLR` (`noBias` names a run without bias correction). */
export function runLabel(run, noBias = 'no bias corr.') {
  const parts = [`${run.type} η=${formatNumber(run.lr ?? NaN, 3)}`];
  if (run.type === 'SGD' && run.momentum) parts.push(`μ=${formatNumber(run.momentum, 3)}`);
  if ((run.type === 'Adam' || run.type === 'AdamW') && run.bias_correction === false) parts.push(noBias);
  if (run.schedule?.type) parts.push(`· ${run.schedule.type}`);
  return parts.join(' ');
}

/**
 * Check a run's rough shape (the `runs` attribute): an object with a known `type`.
 * Returns `null` when fine, else what is wrong.
 */
export function runShapeProblem(run) {
  if (run === null || typeof run !== 'object' || Array.isArray(run)) return 'each run must be an object such as {"type":"Adam","lr":0.01}';
  if (!OPTIMIZER_TYPES.includes(run.type)) return `each run needs "type": one of ${OPTIMIZER_TYPES.join(', ')}`;
  return null;
}

/** The field path at the start of a core error message (`optimizer.betas[1] = 1.5 is not allowed: ...`). */
export function errorPath(message) {
  const m = /^([A-Za-z_][\w]*(?:\.[A-Za-z_][\w]*|\[\d+\])*)\s+(?:=|is missing)/.exec(message);
  return m ? m[1] : null;
}

/**
 * Run `simulate` on a run, dropping the field the core names in each error (so it falls back to its default),
 * at most a few times. Returns `{ run, result, messages }`: `run` is the run that was simulated (`null`
 * with `result = null` when nothing could be saved), `messages` what was dropped and why.
 * @param {object} run
 * @param {(config: object) => object} simulate   the WASM `simulate`, with surface/start/steps bound
 */
export function simulateRun(run, simulate) {
  let current = structuredClone(run);
  const messages = [];
  for (let attempt = 0; attempt < 12; attempt++) {
    try {
      return { run: current, result: simulate(splitRun(current)), messages };
    } catch (err) {
      const message = String(err?.message ?? err);
      const path = errorPath(message);
      const fixed = path ? dropField(current, path) : null;
      if (!fixed) return { run: null, result: null, messages: [...messages, message] };
      messages.push(`${message}; ${fixed.what}`);
      current = fixed.run;
    }
  }
  return { run: null, result: null, messages };
}

/** Remove the field at `path` (as the core names it) from a run; `null` when it cannot be removed. */
function dropField(run, path) {
  const parts = path.split('.');
  const top = parts[0];
  const key = (parts[1] ?? '').replace(/\[\d+\]$/, '');
  const next = structuredClone(run);
  if (top === 'optimizer' && key && key !== 'type' && key !== 'lr' && key in next) {
    delete next[key];
    return { run: next, what: `using the default ${key}` };
  }
  if (top === 'optimizer' && key === 'lr' && next.lr !== undefined) {
    delete next.lr;
    return { run: next, what: 'using the default learning rate' };
  }
  if (top === 'schedule' && next.schedule && key && key !== 'type' && key in next.schedule) {
    delete next.schedule[key];
    return { run: next, what: `using the default schedule.${key}` };
  }
  if (top === 'schedule' && next.schedule) {
    delete next.schedule;
    return { run: next, what: 'running without the schedule' };
  }
  return null;
}
