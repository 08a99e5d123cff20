// The `Trainer` handle of the built package (www/pkg) in Node: PyTorch's runs reproduced through the WASM build
// (reference vectors read at run time), bad configs named, metrics, mid-run changes, early stopping, CSV with bad
// lines, the heatmap buffers, and the pure config helpers of <descent-network>.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import pkg, { reference } from './pkg.mjs';
import { errorPath, repairFor, trainerConfig, updatesPerEpoch } from '../../www/js/network/config.js';
import { PROP, PROPS } from '../../www/js/network/props.js';
import { formatProp, parseProp, readProps } from '../../www/js/shared/state.js';

const { Trainer } = pkg;
const VIEW = [-6, 6, -6, 6];

/** Every number of a nested array, row-major. */
function flat(v) {
  return Array.isArray(v) ? v.flatMap(flat) : [v];
}

/** |a − b| ≤ 1e-9 · max(|a|, |b|) + abs (abs: a floor only for values that are 0 or nearly so). */
function close(what, got, want, abs = 1e-12) {
  assert.equal(got.length, want.length, `${what}: length`);
  for (let i = 0; i < want.length; i++) {
    const a = got[i];
    const b = want[i];
    assert.ok(Math.abs(a - b) <= 1e-9 * Math.max(Math.abs(a), Math.abs(b)) + abs, `${what}[${i}]: got ${a}, want ${b}`);
  }
}

/** Throws an Error whose message starts with the field path. */
function throwsNaming(fn, path) {
  assert.throws(fn, (err) => {
    assert.ok(err instanceof Error, `not an Error: ${err}`);
    assert.ok(!(err instanceof WebAssembly.RuntimeError), `trapped: ${err.message}`);
    assert.ok(err.message.startsWith(path), `message "${err.message}" should name ${path}`);
    return true;
  });
}

/** A trainer on CSV rows in file order, no split, no shuffling, with PyTorch's initial weights loaded. */
function torchTrainer(rowsCsv, config, initial, rename = {}) {
  const t = new Trainer({ ...config, dataset: 'csv', csv: rowsCsv, validation_split: 0, test_split: 0, shuffle: false });
  const params = t.params();
  for (const { name, start, end } of t.paramNames()) {
    const v = flat(initial[rename[name] ?? name]);
    assert.equal(v.length, end - start, `${name}: size`);
    params.set(v, start);
  }
  t.setParams(params);
  return t;
}

function checkParams(what, t, state, rename = {}) {
  const p = t.params();
  for (const { name, start, end } of t.paramNames()) close(`${what} ${name}`, p.subarray(start, end), flat(state[rename[name] ?? name]));
}

function csvOf(X, y) {
  return X.map((row, i) => `${row[0]},${row[1]},${y[i]}`).join('\n');
}

describe('Trainer reproduces PyTorch (through the WASM build)', () => {
  test('pytorch-golden mlp: [2, 4, 1] tanh, BCE with logits, full-batch SGD', () => {
    const cases = reference('pytorch-golden.json').mlp;
    assert.ok(cases.length > 0);
    for (const c of cases) {
      const rename = { '0.weight': 'fc1.weight', '0.bias': 'fc1.bias', '2.weight': 'fc2.weight', '2.bias': 'fc2.bias' };
      const y = flat(c.y);
      const t = torchTrainer(csvOf(c.X, y), {
        layers: [4], activation: 'tanh', loss: 'cross_entropy', batch_size: y.length, task: 'classification',
        optimizer: { type: c.optimizer.replace(/^torch\.optim\./, ''), ...c.params },
      }, c.init_weights, rename);
      const steps = c.loss.length;
      assert.equal(t.train(steps), steps);
      // One full batch per epoch: the epoch's loss is the step's loss.
      close(`${c.id} loss`, t.metrics(0).loss, c.loss);
      checkParams(`${c.id} final`, t, c.final_weights, rename);
      t.free();
    }
  });

  const golden = reference('gp-nn-golden.json').nn_cases;
  const byName = (prefix) => golden.find((c) => c.name.startsWith(prefix));

  test('nn1: 3 classes, ReLU [8, 8], cross-entropy, SGD with momentum, batches of 10', () => {
    const c = byName('nn1');
    const t = torchTrainer(csvOf(c.X, flat(c.y)), {
      layers: [8, 8], activation: 'relu', loss: 'cross_entropy', batch_size: 10, optimizer: { type: c.optimizer, ...c.optimizer_kwargs },
    }, c.initial_params);
    assert.equal(t.info().classes, 3);
    assert.equal(t.train(3), 3);
    const per = 3;
    const want = [0, 1, 2].map((e) => c.loss_per_step.slice(e * per, (e + 1) * per).reduce((a, b) => a + b, 0) / per);
    close('nn1 epoch losses', t.metrics(0).loss, want);
    checkParams('nn1 final', t, c.final_params);
    t.free();
  });

  test('nn3: regression, tanh [6], MSE, RMSprop, full batch', () => {
    const c = byName('nn3');
    const t = torchTrainer(csvOf(c.X, flat(c.y)), {
      layers: [6], activation: 'tanh', loss: 'mse', batch_size: 32, task: 'regression', optimizer: { type: c.optimizer, ...c.optimizer_kwargs },
    }, c.initial_params);
    assert.equal(t.info().task, 'regression');
    assert.equal(t.train(40), 40);
    close('nn3 epoch losses', t.metrics(0).loss, c.loss_per_step);
    checkParams('nn3 final', t, c.final_params);
    t.free();
  });

  test('nn4: batch norm, ReLU [8], BCE with logits, full-batch SGD', () => {
    const c = byName('nn4');
    const t = torchTrainer(csvOf(c.X, flat(c.y)), {
      layers: [8], activation: 'relu', loss: 'cross_entropy', batch_norm: true, batch_size: 24, optimizer: { type: c.optimizer, ...c.optimizer_kwargs },
    }, c.initial_state);
    assert.equal(t.train(20), 20);
    close('nn4 epoch losses', t.metrics(0).loss, c.loss_per_step);
    // 0.bias (before batch norm) has no effect on the loss: it stays at its initial value up to rounding.
    const p = t.params();
    for (const { name, start, end } of t.paramNames()) {
      close(`nn4 final ${name}`, p.subarray(start, end), flat(c.final_state[name]), name === '0.bias' ? 1e-12 : 1e-12);
    }
    t.free();
  });
});

describe('Trainer API', () => {
  test('bad configs throw Errors that name the field', () => {
    throwsNaming(() => new Trainer({ layers: [100] }), 'layers[0]');
    throwsNaming(() => new Trainer({ layers: [4, 4, 4, 4, 4, 4, 4, 4, 4] }), 'layers');
    throwsNaming(() => new Trainer({ optimizer: { type: 'Adamm', lr: 0.1 } }), 'optimizer');
    throwsNaming(() => new Trainer({ optimizer: { type: 'SGD', lr: Number.NaN } }), 'optimizer.lr');
    throwsNaming(() => new Trainer({ dataset: 'spirals' }), 'dataset');
    throwsNaming(() => new Trainer({ batch_norm: true, batch_size: 1 }), 'batch_size');
    throwsNaming(() => new Trainer({ learning_rate: 0.1 }), 'learning_rate');
    throwsNaming(() => new Trainer({ validation_split: 0.6, test_split: 0.6 }), 'test_split');
    throwsNaming(() => new Trainer({ dataset: 'line', loss: 'cross_entropy' }), 'loss');
    throwsNaming(() => new Trainer({ early_stopping: { patience: -1 } }), 'early_stopping.patience');
    throwsNaming(() => new Trainer({ features: ['x', 'z'] }), 'features[1]');
    throwsNaming(() => new Trainer({ seed: () => 1 }), 'seed');
    throwsNaming(() => new Trainer(42), 'config');
    const t = new Trainer({});
    throwsNaming(() => t.train(1e7), 'epochs');
    throwsNaming(() => t.fillBoundary(0, 10, ...VIEW, false, false), 'boundary size');
    throwsNaming(() => t.fillBoundary(10, 10, 1, 1, -1, 1, false, false), 'view');
    throwsNaming(() => t.fillNeurons(100000, ...VIEW, false), 'neuron map side');
    throwsNaming(() => t.confusion('everything'), 'part');
    throwsNaming(() => t.predict(Number.NaN, 0), 'point');
    throwsNaming(() => t.setParams(new Float64Array(3)), 'params');
    t.free();
  });

  test('train, metrics (incremental), info, points', () => {
    const t = new Trainer({ dataset: 'circle', n_samples: 200, layers: [4], seed: 3 });
    const info = t.info();
    assert.equal(info.task, 'classification');
    assert.equal(info.classes, 2);
    assert.deepEqual(Array.from(info.sizes), [2, 4, 1]);
    assert.equal(info.loss, 'bce_with_logits');
    assert.deepEqual({ ...info.rows }, { train: 120, validation: 40, test: 40 });
    assert.equal(t.train(5), 5);
    const m = t.metrics(0);
    assert.equal(m.epochs, 5);
    assert.deepEqual(Array.from(m.epoch), [1, 2, 3, 4, 5]);
    for (const k of ['loss', 'accuracy', 'val_loss', 'val_accuracy', 'test_loss', 'test_accuracy']) {
      assert.equal(m[k].length, 5, k);
      assert.ok(Array.from(m[k]).every(Number.isFinite), k);
    }
    assert.equal(m.stop, null);
    t.train(2);
    const more = t.metrics(5);
    assert.deepEqual(Array.from(more.epoch), [6, 7]);
    const p = t.points();
    assert.equal(p.x.length, 200);
    assert.equal(Array.from(p.part).filter((v) => v === 0).length, 120);
    assert.equal(Array.from(p.part).filter((v) => v === 2).length, 40);
    t.free();
  });

  test('points added and removed by hand: no reset, origins, the data version changes', () => {
    const base = { dataset: 'gauss', n_samples: 40, layers: [3] };
    const t = new Trainer(base);
    t.train(2);
    const v0 = t.points().version;
    assert.equal(t.setConfig({ ...base, points: [[-5, 5, 1]], removed: [0] }), false);
    assert.equal(t.epoch, 2);
    const p = t.points();
    assert.notEqual(p.version, v0);
    assert.equal(p.x.length, 40);
    assert.equal(p.origin[0], 1);
    assert.equal(p.origin[39], -1);
    assert.equal(p.part[39], 0);
    throwsNaming(() => t.setConfig({ ...base, points: [[0, 0, 3]] }), 'points[0][2]');
    throwsNaming(() => t.setConfig({ ...base, removed: [40] }), 'removed[0]');
    t.free();
  });

  test('regression: no accuracy (NaN), no confusion matrix', () => {
    const t = new Trainer({ dataset: 'sine', layers: [6], test_split: 0 });
    t.train(3);
    const m = t.metrics(0);
    assert.ok(Array.from(m.accuracy).every(Number.isNaN));
    assert.ok(Array.from(m.test_loss).every(Number.isNaN));
    assert.equal(t.confusion('train').length, 0);
    assert.equal(t.predict(1, 1).length, 1);
    t.free();
  });

  test('setConfig keeps the weights for hyperparameters, starts over for a new shape', () => {
    const base = { dataset: 'xor', layers: [4], seed: 1 };
    const t = new Trainer(base);
    t.train(10);
    const before = t.params();
    assert.equal(t.setConfig({ ...base, optimizer: { type: 'Adam', lr: 0.01 }, l2: 0.001, batch_size: 5 }), false);
    assert.deepEqual(Array.from(t.params()), Array.from(before));
    assert.equal(t.epoch, 10);
    t.train(1);
    assert.equal(t.epoch, 11);
    assert.equal(t.setConfig({ ...base, layers: [5] }), true);
    assert.equal(t.epoch, 0);
    assert.throws(() => t.setConfig({ ...base, layers: [5], optimizer: { type: 'SGD', lr: -1 } }), /optimizer\.lr/);
    assert.deepEqual(Array.from(t.info().sizes), [2, 5, 1]);
    t.free();
  });

  test('early stopping fires and is reported with the best epoch', () => {
    // A large learning rate on noisy data: the validation loss stops improving quickly.
    const t = new Trainer({
      dataset: 'gauss', noise: 0.5, n_samples: 200, layers: [8], optimizer: { type: 'SGD', lr: 1 },
      early_stopping: { patience: 3, restore_best_weights: true }, seed: 2,
    });
    const ran = t.train(2000);
    assert.ok(ran < 2000, `ran ${ran} epochs: early stopping never fired`);
    const m = t.metrics(0);
    assert.equal(m.stop.reason, 'early_stopping');
    assert.equal(m.stop.epoch, ran);
    assert.equal(m.stop.epoch - m.stop.best_epoch, 3);
    assert.equal(m.best_epoch, m.stop.best_epoch);
    assert.equal(m.stop.restored, true);
    assert.equal(t.train(5), 0, 'a stopped run stays stopped');
    // A change of settings lets it continue (a new Keras fit).
    t.setConfig({
      dataset: 'gauss', noise: 0.5, n_samples: 200, layers: [8], optimizer: { type: 'SGD', lr: 0.1 },
      early_stopping: { patience: 3, restore_best_weights: true }, seed: 2,
    });
    assert.ok(t.train(1) === 1);
    t.free();
  });

  test('a diverging run stops with its epoch', () => {
    const t = new Trainer({ dataset: 'line', layers: [8], activation: 'relu', optimizer: { type: 'SGD', lr: 50 } });
    t.train(100);
    const m = t.metrics(0);
    assert.equal(m.stop?.reason, 'diverged');
    assert.ok(m.stop.epoch >= 1);
    t.free();
  });

  test('CSV: good rows kept, each bad line reported', () => {
    const t = new Trainer({ layers: [3] });
    const text = ['x,y,label', '1,2,0', '3,abc,1', '-1,-1,1', '', '# a comment', '2,2', '0.5,0.25,1', '1,1,nan', '4,4,0'].join('\n');
    const r = t.loadCsv(text, 'auto');
    assert.equal(r.rows, 4);
    assert.deepEqual(r.errors.map((e) => e.line), [3, 7, 9]);
    assert.match(r.errors[0].reason, /y is not a number/);
    assert.match(r.errors[1].reason, /expected 3 values/);
    assert.equal(r.more, 0);
    assert.equal(t.points().x.length, 4);
    assert.deepEqual(t.csvErrors().errors.map((e) => e.line), [3, 7, 9]);
    // Fewer than two usable rows: an Error naming the CSV, and the data stays.
    assert.throws(() => t.loadCsv('nonsense\n1,2,3,4', 'auto'), /^Error: csv/);
    assert.equal(t.points().x.length, 4);
    // Real targets: read as regression; a cross-entropy loss falls back to the task's default.
    const reg = new Trainer({ loss: 'cross_entropy' });
    const rr = reg.loadCsv('0,0,0.5\n1,1,1.5\n2,2,2.25', 'regression');
    assert.equal(rr.rows, 3);
    assert.equal(reg.info().task, 'regression');
    t.free();
    reg.free();
  });

  test('heatmaps: boundary RGBA and lines, every neuron in one buffer', () => {
    const t = new Trainer({ dataset: 'circle', layers: [6, 3], optimizer: { type: 'Adam', lr: 0.03 }, seed: 5 });
    t.train(60);
    const b = t.fillBoundary(64, 48, ...VIEW, false, false);
    assert.equal(b.len, 64 * 48 * 4);
    const px = new Uint8Array(wasmMemory(), b.ptr, b.len);
    // The circle: blue (class 1) in the middle, orange (class 0) at a corner.
    const at = (i, j) => Array.from(px.subarray(4 * (j * 64 + i), 4 * (j * 64 + i) + 4));
    const centre = at(32, 24);
    const corner = at(2, 2);
    assert.ok(centre[2] > centre[0], `centre ${centre} should be blue`);
    assert.ok(corner[0] > corner[2], `corner ${corner} should be orange`);
    const lines = t.boundaryLines();
    assert.ok(lines.length >= 16 && lines.length % 4 === 0, 'a traced boundary');
    const n = t.fillNeurons(20, ...VIEW, true);
    assert.equal(n.count, 2 + 6 + 3 + 1);
    assert.equal(n.len, n.count * 20 * 20 * 4);
    assert.equal(n.scales.length, n.count);
    assert.equal(n.scales[2], 1, 'tanh units use the fixed scale [-1, 1]');
    // The same grid for both: the boundary reuses the neuron pass and paints the same picture.
    const fresh = new Trainer({ dataset: 'circle', layers: [6, 3], optimizer: { type: 'Adam', lr: 0.03 }, seed: 5 });
    fresh.train(60);
    const direct = fresh.fillBoundary(20, 20, ...VIEW, false, false);
    const a = Array.from(new Uint8Array(wasmMemory(), direct.ptr, direct.len));
    t.fillNeurons(20, ...VIEW, false);
    const reused = t.fillBoundary(20, 20, ...VIEW, false, false);
    assert.deepEqual(Array.from(new Uint8Array(wasmMemory(), reused.ptr, reused.len)), a);
    const w = t.weights();
    assert.equal(w.weights.length, 2 * 6 + 6 * 3 + 3 * 1);
    assert.equal(w.biases.length, 6 + 3 + 1);
    const cm = t.confusion('test');
    assert.equal(cm.length, 4);
    assert.equal(cm.reduce((s, v) => s + v, 0), t.info().rows.test);
    t.free();
    fresh.free();
  });

  test('three classes: softmax probabilities, 3 x 3 confusion matrix', () => {
    const t = new Trainer({ dataset: 'blobs', layers: [6], optimizer: { type: 'Adam', lr: 0.05 } });
    t.train(40);
    const p = t.predict(0, 3);
    assert.equal(p.length, 3);
    assert.ok(Math.abs(p[0] + p[1] + p[2] - 1) < 1e-12); // softmax sums to 1
    assert.equal(t.confusion('train').length, 9);
    const m = t.metrics(0);
    assert.ok(m.accuracy[m.accuracy.length - 1] > 0.9, 'three blobs are separable');
    t.free();
  });

  test('networkPalette: class colours as CSS', () => {
    const pal = pkg.networkPalette();
    assert.equal(pal.classes.length, 10);
    for (const c of pal.classes) assert.match(c, /^#[0-9a-f]{6}$/);
  });
});

describe('<descent-network> config helpers (pure)', () => {
  test('the props table: defaults round-trip, bad values fall back with a message', () => {
    for (const p of PROPS) {
      const text = formatProp(p, p.default);
      if (text === null) continue;
      const r = parseProp(p, text);
      assert.equal(formatProp(p, r.value), text, p.name);
      assert.equal(r.message, undefined, p.name);
    }
    const r = parseProp(PROP.layers, '4,99');
    assert.deepEqual(r.value, [4, 2]);
    assert.match(r.message, /^layers="4,99" is not allowed/);
    assert.deepEqual(parseProp(PROP.layers, 'none').value, []);
    assert.deepEqual(parseProp(PROP.features, 'y,x,sin_x').value, ['x', 'y', 'sin_x']);
    assert.match(parseProp(PROP.optimizer, '{"type":"Nope"}').message, /optimizer=/);
    assert.deepEqual(parseProp(PROP.points, '1,2,0;3,4,1').value, [[1, 2, 0], [3, 4, 1]]);
  });

  test('trainerConfig: the defaults make a trainer; element-only props stay out', () => {
    const s = readProps(PROPS, () => null).values;
    const cfg = trainerConfig(s);
    assert.ok(!('speed' in cfg) && !('theme' in cfg) && !('csv' in cfg) && !('loss' in cfg));
    const t = new Trainer(cfg);
    assert.deepEqual(Array.from(t.info().sizes), [2, 4, 2, 1]);
    t.free();
    const csv = trainerConfig({ ...s, dataset: 'csv', csv: '1,1,0\n2,2,1', task: 'auto' });
    assert.ok(!('n_samples' in csv) && csv.csv.length > 0);
  });

  test('errorPath and repairFor', () => {
    assert.equal(errorPath('optimizer.betas[1] = 1.5 is not allowed: expected ...'), 'optimizer.betas[1]');
    const s = readProps(PROPS, () => null).values;
    const fix = repairFor('optimizer.momentum = 2 is not allowed', { ...s, optimizer: { type: 'SGD', lr: 0.1, momentum: 2 } });
    assert.deepEqual(fix.patch, { optimizer: { type: 'SGD', lr: 0.1 } });
    assert.deepEqual(repairFor('layers[0] = 99 is not allowed', { ...s, layers: [99] }).patch, { layers: [4, 2] });
    assert.equal(repairFor('something odd', s), null);
    assert.equal(updatesPerEpoch(250, 10), 25);
    assert.equal(updatesPerEpoch(0, 10), 1);
  });
});

/** The WASM memory's buffer (the package exports it through initSync's return value). */
function wasmMemory() {
  return pkg.initSync({ module: new Uint8Array(0) }).memory.buffer;
}
