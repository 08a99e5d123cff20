// Hundreds of malformed configs through the JS API: each must throw an Error whose message names the field, and
// the module must keep working after every rejected call.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import descent from './pkg.mjs';

const base = {
  surface: 'rosenbrock',
  start: [-1.5, 2],
  steps: 50,
  optimizer: { type: 'Adam', lr: 0.05, betas: [0.9, 0.999], eps: 1e-8, weight_decay: 0, amsgrad: false },
  schedule: { type: 'StepLR', step_size: 10, gamma: 0.5 },
};

const badValues = [NaN, Infinity, -Infinity, -1, 1e308, -1e308, 'text', '', true, [], {}, [1, 2, 3], 1.5e9, () => 1, Symbol('s')];

function set(obj, path, value) {
  const copy = structuredClone(obj);
  let o = copy;
  for (const k of path.slice(0, -1)) o = o[k];
  const last = path[path.length - 1];
  if (value === undefined) delete o[last];
  else o[last] = value;
  return copy;
}

/** [config, field name expected in the message] pairs. */
function* malformedSimulations() {
  const fields = [
    ['start'], ['start', 0], ['start', 1], ['steps'],
    ['optimizer', 'lr'], ['optimizer', 'betas'], ['optimizer', 'betas', 0], ['optimizer', 'betas', 1],
    ['optimizer', 'eps'], ['optimizer', 'weight_decay'], ['optimizer', 'amsgrad'],
    ['schedule', 'step_size'], ['schedule', 'gamma'],
  ];
  for (const path of fields) {
    for (const v of badValues) {
      // Some values are valid for some fields (e.g. 1e308 is not a valid lr but -1 is not a valid step count either);
      // skip the few that are legitimately allowed.
      if (path.join('.') === 'optimizer.amsgrad' && v === true) continue;
      if (path[0] === 'start' && path.length === 2 && v === -1) continue; // a valid coordinate
      if (typeof v === 'function' || typeof v === 'symbol') {
        // structuredClone cannot copy these: build by hand
        const cfg = structuredClone(base);
        let o = cfg;
        for (const k of path.slice(0, -1)) o = o[k];
        o[path[path.length - 1]] = v;
        yield [cfg, String(path[path.length - 1])];
        continue;
      }
      yield [set(base, path, v), String(path[path.length - 1] === 0 || path[path.length - 1] === 1 ? path[path.length - 2] : path[path.length - 1])];
    }
  }
  // missing required fields
  yield [set(base, ['start'], undefined), 'start'];
  yield [set(base, ['optimizer'], undefined), 'optimizer'];
  yield [set(base, ['surface'], undefined), 'surface'];
  yield [set(base, ['optimizer', 'type'], undefined), 'type'];
  yield [set(base, ['schedule', 'step_size'], undefined), 'step_size'];
  // unknown types and fields, typos people make
  for (const t of ['Adm', 'adam', 'SGDW', '', 'Nadam', 'torch.optim.Adam']) yield [set(base, ['optimizer', 'type'], t), 'type'];
  for (const t of ['StepLr', 'Step', 'CosineAnnealing', 'WarmupCosine']) yield [set(base, ['schedule', 'type'], t), 'type'];
  for (const k of ['beta1', 'beta_1', 'learning_rate', 'momentum', 'decay']) yield [set(base, ['optimizer', k], 0.9), k];
  for (const s of ['rosenbrok', 'Rosenbrock', 'sphere', '', 'x^2']) yield [set(base, ['surface'], s), 'surface'];
  yield [set(base, ['surface'], { type: 'custom', expression: 'x^2 + )' }), 'expression'];
  yield [set(base, ['surface'], { type: 'custom', expression: 'x^2', view: [1, 0, 0, 1] }), 'view'];
  yield [set(base, ['surface'], { type: 'quadratic', kappa: -3 }), 'kappa'];
  yield [set(base, ['surface'], { type: 'rosenbrock', b: NaN }), 'b'];
  yield [set(base, ['extra'], 1), 'extra'];
  yield [set(base, ['optimizer'], { type: 'SGD', lr: 0.1, nesterov: true }), 'nesterov'];
  yield [set(base, ['optimizer'], 'Adam'), 'optimizer'];
  yield [set(base, ['schedule'], { type: 'MultiStepLR', milestones: [30, 10] }), 'milestones'];
  yield [set(base, ['schedule'], { type: 'SequentialLR', schedulers: [{ type: 'Nope' }], milestones: [] }), 'type'];
}

function expectError(fn, field) {
  let threw = null;
  try {
    fn();
  } catch (e) {
    threw = e;
  }
  assert.ok(threw instanceof Error, `expected an Error mentioning ${field}`);
  assert.ok(threw.message.includes(field), `message ${JSON.stringify(threw.message)} should name ${field}`);
  assert.ok(threw.message.length < 600, 'message stays short');
  return threw.message;
}

test('simulate() rejects malformed configs with messages that name the field, and keeps working', () => {
  let n = 0;
  for (const [cfg, field] of malformedSimulations()) {
    expectError(() => descent.simulate(cfg), field);
    n += 1;
    // The module still works after every rejected call.
    const ok = descent.simulate({ surface: 'booth', start: [0, 0], steps: 3, optimizer: { type: 'SGD', lr: 0.01 } });
    assert.equal(ok.path.length, 8);
  }
  assert.ok(n >= 200, `${n} malformed configs`);
});

test('whole-value mistakes are rejected too', () => {
  for (const v of [undefined, null, 42, 'config', [], [base], true, () => base]) {
    let threw = null;
    try {
      descent.simulate(v);
    } catch (e) {
      threw = e;
    }
    assert.ok(threw instanceof Error, `simulate(${String(v)}) throws`);
  }
  const msg = expectError(() => descent.simulate({ ...base, optimizer: { ...base.optimizer, betas: [0.9, 1.5] } }), 'betas[1]');
  assert.match(msg, /optimizer\.betas\[1\] = 1\.5 .*\[0, 1\)/);
});

test('lrSchedule() rejects malformed schedules and options', () => {
  const good = { type: 'CosineAnnealingLR', T_max: 50 };
  const cases = [
    [[{ type: 'CosineAnnealingLR' }, { steps: 10 }], 'T_max'],
    [[{ ...good, T_max: NaN }, { steps: 10 }], 'T_max'],
    [[{ ...good, eta_min: 'low' }, { steps: 10 }], 'eta_min'],
    [[good, { steps: 1e9 }], 'steps'],
    [[good, { steps: -5 }], 'steps'],
    [[good, { steps: 2.5 }], 'steps'],
    [[good, {}], 'steps'],
    [[good, { steps: 10, base_lr: -1 }], 'base_lr'],
    [[good, { steps: 10, base_lr: Infinity }], 'base_lr'],
    [[good, { steps: 10, speed: 2 }], 'speed'],
    [[{ type: 'ReduceLROnPlateau' }, { steps: 10 }], 'metrics'],
    [[{ type: 'ReduceLROnPlateau' }, { steps: 10, metrics: [1, 2] }], 'metrics'],
    [[{ type: 'ReduceLROnPlateau' }, { steps: 3, metrics: [1, NaN, 2] }], 'metrics'],
    [[{ type: 'StepLR', step_size: 0 }, { steps: 10 }], 'step_size'],
    [[{ type: 'ExponentialDecay', initial_learning_rate: 0.1, decay_steps: 0, decay_rate: 0.5 }, { steps: 10 }], 'decay_steps'],
    [[{ type: 'PiecewiseConstantDecay', boundaries: [10], values: [0.1] }, { steps: 10 }], 'values'],
    [[{ type: 'OneCycleLR', max_lr: 0.1, total_steps: 100, pct_start: 1.5 }, { steps: 10 }], 'pct_start'],
    [[null, { steps: 10 }], 'schedule'],
    [['StepLR', { steps: 10 }], 'schedule'],
  ];
  for (const [[s, o], field] of cases) {
    expectError(() => descent.lrSchedule(s, o), field);
    assert.equal(descent.lrSchedule(good, { base_lr: 0.1, steps: 5 }).lrs.length, 5);
  }
});
