// Benchmarks of the search lab (called by scripts/bench.mjs when the package has gpPosterior).
//
// The budget figure: refit the Gaussian process to N = 100 observations in 2-D and redraw its posterior on a
// 100 x 100 grid (mean, standard deviation, acquisition and the true objective, each coloured into RGBA, contours
// on the mean and the objective): SearchLab.refit(false) + SearchLab.render(100, 100). Budget 16 ms.

/** A lab holding N random observations of Branin in BO's run (n_initial = N: no model-based step needed). */
function labWith(pkg, n, extra = {}) {
  const lab = new pkg.SearchLab({ objective: 'branin', methods: ['bayes'], budget: n, n_initial: n, fit: false, seed: 1, ...extra });
  for (let i = 0; i < n; i++) lab.step();
  return lab;
}

/**
 * @param {object} pkg   the initialized WASM package
 * @param {(fn: () => void, reps?: number, warm?: number) => number} time  median wall time in ms
 * @returns {{ name: string, value: number, unit: string, note?: string }[]}
 */
export function benchSearch(pkg, time) {
  const rows = [];
  // The surrogate of the budget figure: C * RBF + White (the separable kernel form of scikit-learn's default
  // C * RBF, plus observation noise); then scikit-optimize's default Matern 2.5 + White.
  const kernels = [
    ['C*RBF + White', { type: 'Sum', k1: { type: 'Product', k1: { type: 'ConstantKernel', constant_value: 1 }, k2: { type: 'RBF', length_scale: [0.25, 0.4] } }, k2: { type: 'WhiteKernel', noise_level: 1e-4 } }],
    ['Matern 2.5 + White', undefined],
  ];
  for (const [label, kernel] of kernels) {
    const lab = labWith(pkg, 100, kernel ? { kernel } : {});
    lab.refit(false);
    const total = time(() => {
      lab.refit(false);
      lab.render(100, 100, false);
    });
    const head = kernel ? 'search: refit + redraw 2-D posterior (N = 100, 100x100)' : 'search: same with Matern 2.5 + White';
    rows.push({ name: head, value: total, unit: 'ms', note: kernel ? `budget 16 ms; ${label}` : 'budget 16 ms; the widget default (scikit-optimize): 10^6 sqrt + exp' });
    if (kernel) {
      rows.push({ name: 'search:   refit (K, Cholesky, N = 100)', value: time(() => lab.refit(false)), unit: 'ms' });
      rows.push({ name: 'search:   redraw (mean, std, EI, truth; colours, contours)', value: time(() => lab.render(100, 100, false)), unit: 'ms' });
    }
    lab.free();
  }

  // Hyperparameter fitting (LML by L-BFGS with 2 restarts), as each BO step does with fit: true.
  for (const n of [20, 50, 100]) {
    const l = labWith(pkg, n, { n_restarts: 2 });
    rows.push({ name: `search: LML fit, 2 restarts (N = ${n})`, value: time(() => l.refit(true), 5, 1), unit: 'ms', note: 'once per BO step' });
    l.free();
  }

  // A whole run on Branin (budget 31): each step is a trial of every method, BO's GP fitted (LML, 2 restarts) and
  // its acquisition maximized.
  rows.push({
    name: 'search: one step of all three methods (mean over 31 steps)',
    value: time(() => {
      const l = new pkg.SearchLab({ objective: 'branin', budget: 31, seed: 2, n_initial: 5 });
      for (let i = 0; i < 31; i++) l.step();
      l.free();
    }, 3, 1) / 31,
    unit: 'ms',
    note: 'Branin, default kernel',
  });

  // gpPosterior through the JS API (plain arrays in and out), N = 100, 10 000 query points.
  const X = [];
  const y = [];
  for (let i = 0; i < 100; i++) {
    const a = (i * 0.618034) % 1;
    const b = (i * 0.414214) % 1;
    X.push([a, b]);
    y.push(Math.sin(6 * a) + Math.cos(4 * b));
  }
  const Xq = [];
  for (let i = 0; i < 100; i++) for (let j = 0; j < 100; j++) Xq.push([i / 99, j / 99]);
  const kernel = { type: 'Product', k1: { type: 'ConstantKernel', constant_value: 1 }, k2: { type: 'Matern', nu: 2.5, length_scale: 0.3 } };
  rows.push({
    name: 'search: gpPosterior (N = 100, 10 000 queries, plain arrays)',
    value: time(() => pkg.gpPosterior({ kernel, alpha: 1e-6, X, y, X_query: Xq }), 10, 2),
    unit: 'ms',
  });

  // The real objective: one trial = train the tiny network (20 epochs) and score it.
  const net = (cv) => {
    const l = new pkg.SearchLab({ objective: 'network', space: ['lr', 'l2'], methods: ['random'], budget: 200, cv_folds: cv, seed: 3 });
    const t = time(() => l.step(), 10, 2);
    l.free();
    return t;
  };
  rows.push({ name: 'search: network trial (200 rows, 20 epochs, hold-out)', value: net(0), unit: 'ms' });
  rows.push({ name: 'search: network trial (5-fold cross-validation)', value: net(5), unit: 'ms' });
  return rows;
}
