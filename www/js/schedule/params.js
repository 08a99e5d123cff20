// What each schedule parameter's control looks like: a slider (range, scale, whole numbers), a checkbox or a
// choice. `steps` is the length of the plot and `baseLr` the optimizer's rate, which some ranges follow. The hard
// limits of typed values are the core's (src/schedule.rs); the slider range is only the comfortable part of it.

/** Defaults the libraries fill in (to show a slider for a parameter the config leaves out). */
export const DEFAULTS = {
  StepLR: { gamma: 0.1 },
  MultiStepLR: { gamma: 0.1 },
  ConstantLR: { factor: 1 / 3, total_iters: 5 },
  LinearLR: { start_factor: 1 / 3, end_factor: 1, total_iters: 5 },
  PolynomialLR: { total_iters: 5, power: 1 },
  CosineAnnealingLR: { eta_min: 0 },
  CosineAnnealingWarmRestarts: { T_mult: 1, eta_min: 0 },
  CyclicLR: { step_size_up: 2000, mode: 'triangular', gamma: 1, cycle_momentum: true, base_momentum: 0.8, max_momentum: 0.9 },
  OneCycleLR: { pct_start: 0.3, anneal_strategy: 'cos', cycle_momentum: true, base_momentum: 0.85, max_momentum: 0.95, div_factor: 25, final_div_factor: 1e4, three_phase: false },
  ReduceLROnPlateau: { mode: 'min', factor: 0.1, patience: 10, threshold: 1e-4, threshold_mode: 'rel', cooldown: 0, min_lr: 0 },
  ExponentialDecay: { staircase: false },
  InverseTimeDecay: { staircase: false },
  PolynomialDecay: { end_learning_rate: 1e-4, power: 1, cycle: false },
  CosineDecay: { alpha: 0, warmup_steps: 0 },
  CosineDecayRestarts: { t_mul: 2, m_mul: 1, alpha: 0 },
};

const CHOICES = {
  mode: { CyclicLR: ['triangular', 'triangular2', 'exp_range'], ReduceLROnPlateau: ['min', 'max'] },
  anneal_strategy: { OneCycleLR: ['cos', 'linear'] },
  threshold_mode: { ReduceLROnPlateau: ['rel', 'abs'] },
};

const FLAGS = new Set(['staircase', 'cycle', 'three_phase', 'cycle_momentum']);

/**
 * The control for `name` of a schedule of `type`:
 *   { kind: 'slider', min, max, scale, integer, hardMin, hardMax, openMin, openMax }
 *   { kind: 'flag' } | { kind: 'choice', options } | null (no control for it, e.g. a list)
 */
export function controlSpec(type, name, { steps, baseLr }) {
  if (FLAGS.has(name)) return { kind: 'flag' };
  const choices = CHOICES[name]?.[type];
  if (choices) return { kind: 'choice', options: choices };
  const S = Math.max(2, steps);
  const lr = baseLr > 0 ? baseLr : 0.1;
  const count = (lo, hi, hardMin = lo) => ({ kind: 'slider', min: lo, max: Math.max(lo + 1, hi), integer: true, hardMin, hardMax: 1e9 });
  const lin = (lo, hi, hardMin, hardMax, extra = {}) => ({ kind: 'slider', min: lo, max: hi, scale: 'linear', hardMin, hardMax, ...extra });
  const log = (lo, hi, hardMin, hardMax, extra = {}) => ({ kind: 'slider', min: lo, max: hi, scale: 'log', hardMin, hardMax, ...extra });
  switch (name) {
    case 'base-lr':
      return log(1e-4, 1, 0, 1e3, { openMin: true });
    case 'steps':
      return { kind: 'slider', min: 10, max: 1000, integer: true, hardMin: 1, hardMax: 100000 };
    case 'step_size':
    case 'T_max':
    case 'T_0':
    case 'step_size_up':
    case 'step_size_down':
    case 'total_iters':
      return count(1, S);
    case 'total_steps':
      return count(2, 2 * S, 1);
    case 'decay_steps':
    case 'first_decay_steps':
      return { kind: 'slider', min: 1, max: S, integer: true, hardMin: 0, hardMax: 1e9, openMin: true };
    case 'warmup_steps':
      return count(0, S, 0);
    case 'patience':
    case 'cooldown':
      return count(0, Math.min(50, S), 0);
    case 'T_mult':
      return { kind: 'slider', min: 1, max: 4, integer: true, hardMin: 1, hardMax: 1000 };
    case 'gamma':
      if (type === 'ExponentialLR') return { kind: 'slider', min: 0.5, max: 0.9999, scale: 'oneMinusLog', hardMin: 0, hardMax: 10, openMin: true };
      if (type === 'CyclicLR') return { kind: 'slider', min: 0.9, max: 0.99999, scale: 'oneMinusLog', hardMin: 0, hardMax: 10, openMin: true };
      return lin(0.05, 1, 0, 10, { openMin: true });
    case 'decay_rate':
      if (type === 'InverseTimeDecay') return lin(0, 10, 0, 1e6);
      return lin(0.01, 1, 0, 10, { openMin: true });
    case 'factor':
      if (type === 'ReduceLROnPlateau') return lin(0.05, 0.95, 0, 1, { openMin: true, openMax: true });
      return lin(0.05, 1, 0, 1, { openMin: true });
    case 'start_factor':
      return lin(0.01, 1, 0, 1, { openMin: true });
    case 'end_factor':
    case 'alpha':
    case 'pct_start':
      return name === 'pct_start' ? lin(0.05, 0.95, 0, 1, { openMin: true, openMax: true }) : lin(0, 1, 0, 1);
    case 'power':
      return lin(0, 5, 0, 100);
    case 'eta_min':
    case 'min_lr':
      return lin(0, lr, 0, 1e6);
    case 'base_lr':
      return log(1e-5, 1, 0, 1e6);
    case 'max_lr':
    case 'initial_learning_rate':
    case 'warmup_target':
      return log(1e-4, 10, 0, 1e6);
    case 'end_learning_rate':
      return lin(0, lr, 0, 1e6);
    case 'base_momentum':
    case 'max_momentum':
      return lin(0.5, 0.99, 0, 1, { openMax: true });
    case 'div_factor':
      return log(1, 1000, 1e-6, 1e12);
    case 'final_div_factor':
      return log(1, 1e5, 1e-6, 1e12);
    case 'threshold':
      return log(1e-5, 0.1, 0, 1e12);
    case 't_mul':
      return lin(1, 4, 1, 1000);
    case 'm_mul':
      return lin(0, 1.5, 0, 10);
    case 'drop':
      return lin(0, lr / 2, 0, 1e6);
    case 'n':
      return count(1, S);
    default:
      return null;
  }
}

/** The parameters a schedule has sliders for by default: its numeric fields, plus `base-lr` where it uses it. */
export function defaultControls(cfg) {
  const names = Object.keys(cfg).filter((k) => k !== 'type' && typeof cfg[k] === 'number');
  const usesBase = !['CyclicLR', 'OneCycleLR', 'ExponentialDecay', 'InverseTimeDecay', 'PiecewiseConstantDecay', 'PolynomialDecay', 'CosineDecay', 'CosineDecayRestarts'].includes(cfg.type);
  return usesBase ? ['base-lr', ...names] : names;
}
