// The built WASM package against the reference vectors: simulate() on a sample of PyTorch's optimizer trajectories
// and lrSchedule() on every PyTorch and Keras schedule, through the public JS API.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import descent, { reference } from './pkg.mjs';

const torch = reference('pytorch-golden.json');
const keras = reference('keras-schedules.json');

function assertClose(got, want, rel, what, abs = 0) {
  const ok = got === want || Math.abs(got - want) <= rel * Math.max(Math.abs(got), Math.abs(want)) + abs;
  assert.ok(ok, `${what}: got ${got}, reference ${want} (tolerance ${rel} relative)`);
}

test('simulate() follows PyTorch trajectories (every third case)', () => {
  const cases = torch.optimizers.filter((_, i) => i % 3 === 0);
  assert.ok(cases.length >= 20);
  for (const c of cases) {
    const type = c.optimizer.replace('torch.optim.', '');
    const r = descent.simulate({ surface: c.function, start: c.x0, steps: c.steps, optimizer: { type, ...c.params } });
    assert.equal(r.stopped, null, c.id);
    assert.ok(r.path instanceof Float64Array);
    assert.equal(r.path.length, 2 * (c.steps + 1), c.id);
    assert.equal(r.lr.length, c.steps, c.id);
    const tol = 1e-9 * Math.max(1, c.perturbation_amplification);
    c.trajectory.forEach((p, k) => {
      assertClose(r.path[2 * k], p[0], tol, `${c.id} x[${k}]`);
      assertClose(r.path[2 * k + 1], p[1], tol, `${c.id} y[${k}]`);
      assertClose(r.loss[k], c.loss[k], tol, `${c.id} loss[${k}]`);
    });
  }
});

test('lrSchedule() matches every PyTorch schedule', () => {
  for (const s of torch.schedules) {
    const type = s.scheduler.replace('torch.optim.lr_scheduler.', '');
    const params = structuredClone(s.params);
    if (params.schedulers) {
      params.schedulers = params.schedulers.map((inner) => ({ type: inner.scheduler, ...inner.params }));
    }
    const opts = { base_lr: s.base_lr, steps: s.steps };
    if (s.metrics) opts.metrics = s.metrics;
    const r = descent.lrSchedule({ type, ...params }, opts);
    assert.equal(r.lrs.length, s.steps, s.id);
    s.lrs.forEach((want, i) => assertClose(r.lrs[i], want, 1e-9, `${s.id} lrs[${i}]`));
    if (s.momentums) s.momentums.forEach((want, i) => assertClose(r.momentums[i], want, 1e-9, `${s.id} momentums[${i}]`));
  }
});

test('lrSchedule() matches every Keras schedule (float32 reference: 1e-6)', () => {
  // Keras evaluated in float32: 1e-6 relative, plus one float32 step (2^-24) at the schedule's largest rate,
  // since near the end of a cosine decay float32 rounding is large relative to the tiny value (as in the Rust test).
  for (const s of keras.schedules) {
    const type = s.schedule.replace('keras.optimizers.schedules.', '');
    const r = descent.lrSchedule({ type, ...s.params }, { steps: s.steps });
    const ulp = Math.max(...s.lrs) * 2 ** -24;
    s.lrs.forEach((want, i) => assertClose(r.lrs[i], want, 1e-6, `${s.id} lrs[${i}]`, ulp));
  }
});

test('a diverging run ends with an explicit stop, and no NaN', () => {
  const r = descent.simulate({ surface: 'quadratic', start: [1, 1], steps: 500, optimizer: { type: 'SGD', lr: 1.5 } });
  assert.ok(r.stopped, 'stopped');
  assert.match(r.stopped.reason, /^diverged at step \d+/);
  assert.equal(r.path.length, 2 * (r.lr.length + 1));
  for (const arr of [r.path, r.loss, r.lr, r.grad]) assert.ok(arr.every(Number.isFinite));
});
