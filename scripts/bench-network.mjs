// Benchmarks of <descent-network>'s trainer (called by scripts/bench.mjs when the package exports `Trainer`).
//
// The set-up is TensorFlow Playground's: a 500-point spiral with half of it for training (the other half is the
// test set, evaluated after every epoch as the playground does), batch size 10, SGD with learning rate 0.03, tanh,
// inputs x and y. Its own code does about 250k samples/s for [2, 8, 8, 8, 1] and 1.2M for [2, 4, 2, 1] on our 2-core
// machines, and 24 ms for the 100x100 grid of every neuron; our targets are 2.5M, 6M samples/s and 1.2 ms.
//
//   node scripts/bench.mjs network      only these

/** The playground's set-up with the given hidden layers. */
function spiralConfig(layers, extra = {}) {
  return {
    dataset: 'spiral',
    n_samples: 500,
    noise: 0,
    data_seed: 1,
    validation_split: 0,
    test_split: 0.5,
    features: ['x', 'y'],
    layers,
    activation: 'tanh',
    batch_size: 10,
    optimizer: { type: 'SGD', lr: 0.03 },
    seed: 1,
    ...extra,
  };
}

const VIEW = [-6, 6, -6, 6];

/**
 * @param {object} pkg   the initialized WASM package
 * @param {(fn: () => void, reps?: number, warm?: number) => number} time   median ms of `fn`
 * @returns {{ name: string, value: number, unit: string, note: string }[]}
 */
export function benchTrainer(pkg, time) {
  const rows = [];
  const row = (name, value, unit, note = '') => rows.push({ name, value, unit, note });

  // ---- training throughput ----
  const shapes = [
    [[8, 8, 8], 2.5e6, 250e3],
    [[4, 2], 6e6, 1.2e6],
  ];
  for (const [layers, target, tfp] of shapes) {
    const t = new pkg.Trainer(spiralConfig(layers));
    const epochs = 40;
    const ms = time(() => t.train(epochs), 21, 8);
    const samples = (250 * epochs) / (ms / 1000);
    const name = `network [2, ${layers.join(', ')}, 1] tanh: training samples/s`;
    row(name, samples, 'samples/s', `target ${target / 1e6}M (TF Playground ${tfp / 1e6}M); batch 10, SGD 0.03, test loss every epoch`);
    t.free();
  }
  {
    // Without the per-epoch test evaluation: the training loop alone.
    const t = new pkg.Trainer(spiralConfig([8, 8, 8], { test_split: 0, validation_split: 0, n_samples: 250 }));
    const ms = time(() => t.train(40), 15, 3);
    row('  network [2, 8, 8, 8, 1] tanh: training loop only', (250 * 40) / (ms / 1000), 'samples/s', 'no held-out rows to evaluate');
    t.free();
  }
  {
    const t = new pkg.Trainer(spiralConfig([8, 8, 8], { batch_norm: true, optimizer: { type: 'Adam', lr: 0.01 } }));
    const ms = time(() => t.train(40), 15, 3);
    row('  network [2, 8, 8, 8, 1] tanh + batch norm + Adam', (250 * 40) / (ms / 1000), 'samples/s');
    t.free();
  }

  // ---- pictures: the 100x100 decision boundary and every neuron's map ----
  const t = new pkg.Trainer(spiralConfig([8, 8, 8]));
  t.train(20);
  const grid = time(() => {
    t.fillBoundary(100, 100, ...VIEW, false, false);
    t.fillNeurons(100, ...VIEW, false);
  });
  row('network: 100x100 boundary + every neuron at 100x100 ([2, 8, 8, 8, 1])', grid, 'ms', 'target 1.2 ms (TF Playground 24 ms); 27 maps, coloured');
  {
    // A trainer of its own, so that no neuron maps of the same grid can be reused.
    const b = new pkg.Trainer(spiralConfig([8, 8, 8]));
    b.train(20);
    const boundary = time(() => b.fillBoundary(100, 100, ...VIEW, false, false));
    row('  network: boundary only (100x100 forward pass, coloured, traced)', boundary, 'ms');
    b.free();
  }
  const neurons = time(() => t.fillNeurons(100, ...VIEW, false));
  row('  network: every neuron only (27 x 100x100, coloured)', neurons, 'ms');
  const small = time(() => t.fillNeurons(40, ...VIEW, false));
  row('  network: every neuron at 40x40 (what the page draws)', small, 'ms');

  // ---- one full UI step: what a frame asks of WASM (the page adds canvas drawing) ----
  let since = t.epoch;
  const step = time(() => {
    t.train(1);
    const m = t.metrics(since);
    since = m.epochs;
    t.fillBoundary(100, 100, ...VIEW, false, false);
    t.boundaryLines();
    t.fillNeurons(40, ...VIEW, false);
    t.weights();
  });
  row('network: full UI step: 1 epoch + metrics + boundary + neurons + weights', step, 'ms', 'target 3 ms');
  const ten = time(() => {
    t.train(10);
    const m = t.metrics(since);
    since = m.epochs;
    t.fillBoundary(100, 100, ...VIEW, false, false);
    t.boundaryLines();
    t.fillNeurons(40, ...VIEW, false);
    t.weights();
  });
  row('network: full UI step with 10 epochs', ten, 'ms', 'a 60 fps frame has 16 ms');
  t.free();
  return rows;
}
