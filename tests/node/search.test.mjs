// The search lab's JS API through the built package: gpPosterior / gpFit / gpAcquisition against scikit-learn's
// reference cases (tests/reference/gp-nn-golden.json), malformed inputs with clear messages, the SearchLab handle
// (same seed, same trials; grid's few distinct values; every method to the end of its budget; renders), and
// hypergradientDescent.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import descent, { reference } from './pkg.mjs';

const golden = reference('gp-nn-golden.json');
const REL = 1e-9;
/** Absolute floor for values that are exactly or nearly 0 (std at a training point, EI far from the data). */
const FLOOR = 1e-12;

function assertClose(got, want, what, rel = REL, abs = FLOOR) {
  const ok = got === want || Math.abs(got - want) <= rel * Math.max(Math.abs(got), Math.abs(want)) + abs;
  assert.ok(ok, `${what}: got ${got}, scikit-learn ${want} (tolerance ${rel} relative, ${abs} absolute)`);
}

function assertAllClose(got, want, what, rel = REL, abs = FLOOR) {
  assert.equal(got.length, want.length, `${what}: length`);
  for (let i = 0; i < want.length; i++) assertClose(got[i], want[i], `${what}[${i}]`, rel, abs);
}

/** The GP config of a reference case with the kernel of `which` ('kernel_init' or 'kernel_fitted'). */
function gpConfig(c, which) {
  return { kernel: c[which].kernel_spec, alpha: c.alpha, normalize_y: c.normalize_y, X: c.X_train, y: c.y_train };
}

test('gpPosterior matches scikit-learn on every fixed-kernel case (1e-9)', () => {
  assert.equal(golden.gp_cases.length, 10);
  for (const c of golden.gp_cases) {
    const r = descent.gpPosterior({ ...gpConfig(c, 'kernel_init'), X_query: c.X_query });
    assert.ok(r.mean instanceof Float64Array && r.std instanceof Float64Array);
    assertAllClose(r.mean, c.mean, `${c.name} mean`);
    assertAllClose(r.std, c.std, `${c.name} std`);
    assertClose(r.log_marginal_likelihood, c.log_marginal_likelihood_value_, `${c.name} log marginal likelihood`);
    assertAllClose(r.dual_coef, c.dual_coef_alpha_, `${c.name} alpha_`);
    assertAllClose(r.lml_gradient, c.lml_gradient_wrt_theta, `${c.name} LML gradient`);
    assert.equal(r.jitter_added, 0, `${c.name}: no jitter needed`);
    assert.deepEqual(r.warnings, []);
    // At the training points too (the file notes cancellation there: std to 1e-9 relative plus its ~sqrt(alpha)).
    const t = descent.gpPosterior({ ...gpConfig(c, 'kernel_init'), X_query: c.X_train });
    assertAllClose(t.mean, c.mean_at_train, `${c.name} mean at train`);
    assertAllClose(t.std, c.std_at_train, `${c.name} std at train`, 1e-9, 1e-9);
  }
});

test('gpPosterior with scikit-learn fitted kernels matches it (1e-9)', () => {
  for (const c of golden.gp_fitted_cases) {
    const r = descent.gpPosterior({ ...gpConfig(c, 'kernel_fitted'), X_query: c.X_query });
    assertAllClose(r.mean, c.mean, `${c.name} mean`);
    assertAllClose(r.std, c.std, `${c.name} std`);
    assertClose(r.log_marginal_likelihood, c.log_marginal_likelihood_value_, `${c.name} LML`);
  }
});

test('gpFit reaches scikit-learn’s log marginal likelihood (within 1e-3, and not below it by more than 1e-6)', () => {
  for (const c of golden.gp_fitted_cases) {
    const want = c.log_marginal_likelihood_value_;
    const fit = descent.gpFit({ ...gpConfig(c, 'kernel_init'), n_restarts: 0, seed: 0 });
    assert.ok(Math.abs(fit.log_marginal_likelihood - want) <= 1e-3, `${c.name}: ${fit.log_marginal_likelihood} vs ${want}`);
    assert.ok(fit.log_marginal_likelihood >= want - 1e-6, `${c.name}: worse than scipy's L-BFGS-B`);
    // The fitted kernel comes back in the kernel_spec format, with the same structure and bounds.
    assert.equal(fit.kernel.type, c.kernel_fitted.kernel_spec.type);
    assert.deepEqual(Array.from(fit.hyperparameter_names), c.kernel_fitted.hyperparameter_names);
    c.kernel_fitted.theta.forEach((t, i) => assert.ok(Math.abs(fit.theta[i] - t) <= 1e-2, `${c.name} theta[${i}]`));
    // Feeding it back gives that LML exactly, and predictions close to scikit-learn's (1e-3).
    const again = descent.gpPosterior({ ...gpConfig(c, 'kernel_init'), kernel: fit.kernel, X_query: c.X_query });
    assertClose(again.log_marginal_likelihood, fit.log_marginal_likelihood, `${c.name} refit LML`, 1e-12);
    assertAllClose(again.mean, c.mean, `${c.name} mean (our fit)`, 1e-3, 1e-3);
    // Restarts never make it worse.
    const more = descent.gpFit({ ...gpConfig(c, 'kernel_init'), n_restarts: 3, seed: 7 });
    assert.ok(more.log_marginal_likelihood >= fit.log_marginal_likelihood - 1e-9);
  }
});

test('gpAcquisition matches the file’s EI, PI and LCB (minimization)', () => {
  for (const a of golden.acquisition) {
    const base = { mean: a.mean, std: a.std, best: a.best };
    for (const [type, param] of [['EI', 'xi'], ['PI', 'xi'], ['LCB', 'kappa']]) {
      for (const entry of Object.values(a[type])) {
        const got = descent.gpAcquisition({ ...base, type, [param]: entry[param] });
        assertAllClose(got, entry.values, `${a.gp_case} ${type} ${param}=${entry[param]}`);
      }
    }
    const lcb = descent.gpAcquisition({ ...base, type: 'LCB', kappa: 2.576 });
    const ei = descent.gpAcquisition({ ...base, type: 'EI', xi: 0.01 });
    const argmin = lcb.indexOf(Math.min(...lcb));
    const argmax = ei.indexOf(Math.max(...ei));
    assert.equal(argmin, a['argmin_LCB_kappa2.576']);
    assert.equal(argmax, a['argmax_EI_xi0.01']);
  }
});

const case1 = golden.gp_cases[1];
const good = { kernel: case1.kernel_init.kernel_spec, alpha: case1.alpha, normalize_y: false, X: case1.X_train, y: case1.y_train, X_query: case1.X_query };

test('bad GP inputs give clear messages; jitter is reported, never silent', () => {
  // Duplicate points with alpha = 0: K is singular; jitter rescues it, and both are reported.
  const dup = { ...good, alpha: 0, X: [...good.X, good.X[0]], y: [...good.y, good.y[0]] };
  const r = descent.gpPosterior(dup);
  assert.ok(r.jitter_added > 0, 'jitter reported');
  assert.ok(r.mean.every(Number.isFinite) && r.std.every(Number.isFinite));
  assert.match(r.warnings.join(' '), /X\[12\] repeats X\[0\]/);
  assert.match(r.warnings.join(' '), /jitter_added/);
  // A singular matrix beyond duplicates: a constant kernel has rank one.
  const singular = descent.gpPosterior({ ...good, alpha: 0, kernel: { type: 'ConstantKernel', constant_value: 2 } });
  assert.ok(singular.jitter_added > 0);
  // The same duplicates with alpha > 0 need nothing.
  assert.equal(descent.gpPosterior({ ...dup, alpha: 1e-6 }).jitter_added, 0);

  const bad = [
    [{ ...good, y: good.y.map((v, i) => (i === 3 ? NaN : v)) }, /y\[3\] = NaN/],
    [{ ...good, kernel: { type: 'RBF', length_scale: 0 } }, /length_scale = 0/],
    [{ ...good, kernel: { type: 'Product', k1: { type: 'ConstantKernel' }, k2: { type: 'RBF', length_scale: -1 } } }, /k2\.length_scale = -1/],
    [{ ...good, X: good.X.map((row, i) => (i === 2 ? [NaN] : row)) }, /X\[2\]\[0\] = NaN/],
    [{ ...good, X_query: [[Infinity]] }, /X_query\[0\]\[0\] = inf/i],
    [{ ...good, y: good.y.slice(1) }, /y = 11 values.*one target per row of X \(12\)/],
    [{ ...good, X: [[1], [2, 3]] }, /X\[1\] .*1 numbers/],
    [{ ...good, X_query: [[1, 2]] }, /X_query\[0\].*1 numbers/],
    [{ ...good, X: 'abc' }, /X = "abc"/],
    [{ ...good, X: [] , y: [] }, /X = 0 points/],
    [{ ...good, X: [['a']] }, /X\[0\]\[0\] = "a".*a number/],
    [{ ...good, kernel: { type: 'Matern', nu: 3.5 } }, /kernel\.nu = 3\.5.*0\.5, 1\.5 or 2\.5/],
    [{ ...good, kernel: { type: 'RBF', lengthscale: 1 } }, /kernel\.lengthscale/],
    [{ ...good, kernel: { type: 'Rbf' } }, /kernel\.type = "Rbf".*"RBF"/],
    [{ ...good, kernel: { type: 'WhiteKernel', noise_level_bounds: [2, 1] } }, /noise_level_bounds/],
    [{ ...good, kernel: { type: 'RBF', length_scale: [1, 2], anisotropic: true } }, /length_scale.*1 entry \(isotropic\) or 1/],
    [{ ...good, alpha: -1 }, /alpha = -1/],
    [{ ...good, normalize_y: 'yes' }, /normalize_y = "yes"/],
    [{ ...good, X_qery: [] }, /X_qery.*did you mean/],
    [{ ...good, kernel: () => 1 }, /kernel = a function/],
    [null, /config/],
  ];
  for (const [cfg, message] of bad) {
    assert.throws(() => descent.gpPosterior(cfg), (e) => e instanceof Error && message.test(e.message), String(message));
  }
  assert.throws(() => descent.gpFit({ ...gpConfig(golden.gp_fitted_cases[0], 'kernel_init'), n_restarts: 1000 }), /n_restarts = 1000/);
  assert.throws(() => descent.gpFit({ ...gpConfig(golden.gp_fitted_cases[0], 'kernel_init'), seed: -1 }), /seed = -1/);
  assert.throws(() => descent.gpAcquisition({ type: 'UCB', mean: [0], std: [1], best: 0 }), /type = "UCB"/);
  assert.throws(() => descent.gpAcquisition({ type: 'EI', mean: [0, 1], std: [1], best: 0 }), /std/);
  // Still working after every rejected call.
  assert.equal(descent.gpPosterior(good).mean.length, 50);
});

function runAll(cfg) {
  const lab = new descent.SearchLab(cfg);
  while (!lab.isDone()) lab.step();
  const trials = lab.trials().map((t) => ({ ...t, point: Array.from(t.point), folds: Array.from(t.folds) }));
  return { lab, trials };
}

test('SearchLab: the same seed gives the same trials, every method spends its budget, grid tries few values', () => {
  const cfg = { objective: 'low_effective_dim', budget: 16, seed: 5, noise: 0.05, n_initial: 4 };
  const a = runAll(cfg);
  const b = runAll(cfg);
  assert.deepEqual(a.trials, b.trials);
  const c = runAll({ ...cfg, seed: 6 });
  assert.notDeepEqual(a.trials.filter((t) => t.method === 'random'), c.trials.filter((t) => t.method === 'random'));
  const info = a.lab.info();
  assert.deepEqual({ ...info.planned }, { grid: 16, random: 16, bayes: 16 });
  for (const m of ['grid', 'random', 'bayes']) {
    assert.equal(a.lab.doneCount(m), 16, m);
    const best = a.lab.bestSoFar(m);
    assert.equal(best.length, 16);
    for (let i = 1; i < best.length; i++) assert.ok(best[i] <= best[i - 1]);
  }
  const distinct = (m) => new Set(a.trials.filter((t) => t.method === m).map((t) => t.point[0])).size;
  assert.equal(distinct('grid'), 4); // floor(sqrt(16)) values of x
  assert.equal(distinct('random'), 16);
  // Trials carry the noisy value and the true one.
  assert.ok(a.trials.every((t) => t.truth !== t.value));
  for (const x of [a.lab, b.lab, c.lab]) x.free();
});

test('SearchLab: renders 2-D posteriors into WASM memory and 1-D curves', () => {
  const lab = new descent.SearchLab({ objective: 'branin', budget: 8, n_initial: 3, seed: 1 });
  for (let i = 0; i < 5; i++) lab.step();
  const info = lab.render(64, 48, false);
  assert.deepEqual(info.fields.map((f) => f.name), ['truth', 'mean', 'std', 'acquisition']);
  assert.ok(info.fields.every((f) => f.present && f.max > f.min));
  assert.equal(lab.pixelsLen(), 64 * 48 * 4);
  assert.equal(lab.values(1).length, 64 * 48);
  assert.ok(lab.segments(0).length > 0 && lab.segments(1).length > 0);
  const s = lab.surrogate();
  assert.equal(s.n, 5);
  assert.equal(s.next.length, 2);
  assert.ok(s.kernel.type === 'Sum' && Number.isFinite(s.log_marginal_likelihood));
  assert.throws(() => lab.render(1, 10, false), /width = 1/);
  assert.throws(() => lab.curves(10), /1-D search/);
  lab.free();

  const one = new descent.SearchLab({ objective: 'forrester', budget: 6, n_initial: 2 });
  for (let i = 0; i < 4; i++) one.step();
  const c = one.curves(101);
  for (const k of ['unit', 'x', 'mean', 'std', 'acquisition', 'truth']) assert.equal(c[k].length, 101, k);
  assert.throws(() => one.render(10, 10, false), /2-D search/);
  one.free();
});

test('SearchLab: the network objective trains a tiny network per trial, with k-fold cross-validation', () => {
  const lab = new descent.SearchLab({
    objective: { type: 'network', n_samples: 80, epochs: 5 }, space: ['lr', { name: 'hidden', low: 2, high: 6 }],
    budget: 4, cv_folds: 4, methods: ['random', 'bayes'], n_initial: 2, seed: 3,
  });
  while (!lab.isDone()) lab.step();
  const trials = lab.trials();
  assert.equal(trials.length, 8);
  for (const t of trials) {
    assert.equal(t.folds.length, 4);
    if (!t.diverged) assertClose(t.value, t.folds.reduce((a, b) => a + b, 0) / 4, 'CV mean', 1e-12);
    assert.ok(Number.isInteger(t.point[1]) && t.point[1] >= 2 && t.point[1] <= 6);
  }
  assert.equal(lab.info().axes[0].scale, 'log');
  lab.free();
});

test('SearchLab: bad configs throw messages that name the field', () => {
  const bad = [
    [{ budget: 0 }, /budget = 0/],
    [{ objective: 'brannin' }, /objective = "brannin".*"branin" \(did you mean it\?\)/],
    [{ methods: ['grid', 'simplex'] }, /methods\[1\] = "simplex"/],
    [{ acquisition: { type: 'EI', kappa: 1 } }, /acquisition\.kappa/],
    [{ kernel: { type: 'Matern', nu: 0.7 } }, /kernel\.nu = 0\.7/],
    [{ objective: 'network', space: ['lr', 'lr'] }, /space\[1\].*twice/],
    [{ objective: 'network', space: [{ name: 'lr', low: 1, high: 0.1 }] }, /space\[0\] = \[1, 0\.1\]/],
    [{ objective: 'network', cv_folds: 1 }, /cv_folds = 1/],
    [{ objective: 'branin', space: ['lr'] }, /space = an array of 1 items.*fixed/],
    [{ objective: 'branin', cv_folds: 3 }, /cv_folds = 3/],
    [{ n_initial: 50, budget: 10 }, /n_initial = 50/],
    [{ seed: 1.5 }, /seed = 1\.5/],
    [{ noise: NaN }, /noise = NaN/],
    [{ objective: { type: 'network', epochs: 1e9 } }, /objective\.epochs/],
  ];
  for (const [cfg, message] of bad) {
    assert.throws(() => new descent.SearchLab(cfg), (e) => e instanceof Error && message.test(e.message), String(message));
  }
});

test('hypergradientDescent: the rate follows -∇f(θ_t)·∇f(θ_t−1); divergence is a value', () => {
  const r = descent.hypergradientDescent({ surface: 'quadratic', start: [-3.5, 2], lr: 0.01, hyper_lr: 1e-4, steps: 300 });
  assert.equal(r.hd.path.length, 2 * 301);
  assert.equal(r.hd.lr.length, 300);
  assert.equal(r.hd.diverged_at, null);
  // alpha_t = alpha_{t-1} - beta h_t, h_t recorded: check the recursion (hand-derived from the update rule).
  for (let t = 1; t < 300; t++) assertClose(r.hd.lr[t], r.hd.lr[t - 1] - 1e-4 * r.hd.hypergradient[t], `lr[${t}]`, 1e-12);
  // On the quadratic 0.5 (x^2 + 10 y^2), h_t = -g_{t-1} . g_{t-2} with g = (x, 10 y) (hand-derived gradient).
  const p = r.hd.path;
  for (const t of [2, 50, 200]) {
    const g1 = [p[2 * (t - 1)], 10 * p[2 * (t - 1) + 1]];
    const g2 = [p[2 * (t - 2)], 10 * p[2 * (t - 2) + 1]];
    assertClose(r.hd.hypergradient[t - 1], -(g1[0] * g2[0] + g1[1] * g2[1]), `h[${t}]`, 1e-12, 1e-300);
  }
  assert.ok(r.hd.loss[300] < r.sgd.loss[300], 'the adapted rate wins on the quadratic');
  assert.ok(r.sgd.lr.every((v) => v === 0.01), 'beta = 0 for plain SGD');
  const wild = descent.hypergradientDescent({ surface: 'quadratic', start: [-3.5, 2], lr: 0.01, hyper_lr: 0.01, steps: 300 });
  assert.ok(wild.hd.diverged_at > 0 && wild.hd.path.every(Number.isFinite));
  assert.throws(() => descent.hypergradientDescent({ surface: 'nope' }), /surface/);
  assert.throws(() => descent.hypergradientDescent({ lr: 0 }), /lr = 0/);
  assert.throws(() => descent.hypergradientDescent({ steps: 1e9 }), /steps/);
});
