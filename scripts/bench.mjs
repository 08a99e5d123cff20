// npm run bench: figures, not pass/fail. Runs the built WASM package (www/pkg) in Node, the same code a page runs,
// and prints a table and a JSON line. Each figure is the median of several repetitions after a warm-up.
//
//   node scripts/bench.mjs            all benchmarks
//   node scripts/bench.mjs surface    only those whose name contains "surface"
//   DESCENT_PKG=/tmp/pkg node scripts/bench.mjs    another build of the package (e.g. wasm-pack --out-dir /tmp/pkg)
import { readFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import os from 'node:os';

const root = fileURLToPath(new URL('../', import.meta.url));
const pkgDir = process.env.DESCENT_PKG ? path.resolve(process.env.DESCENT_PKG) : `${root}www/pkg`;
let pkg;
try {
  pkg = await import(pathToFileURL(`${pkgDir}/descent.js`));
  pkg.initSync({ module: readFileSync(`${pkgDir}/descent_bg.wasm`) });
} catch (e) {
  console.error(`bench: the WASM package is missing or broken (${e.message}); run npm run build first`);
  process.exit(1);
}

const filter = process.argv[2] ?? '';
const rows = [];

/** Median wall time in ms of `fn` over `reps` runs after `warm` warm-up runs. */
function time(fn, reps = 30, warm = 5) {
  for (let i = 0; i < warm; i++) fn();
  const t = [];
  for (let i = 0; i < reps; i++) {
    const t0 = performance.now();
    fn();
    t.push(performance.now() - t0);
  }
  t.sort((a, b) => a - b);
  return t[Math.floor(t.length / 2)];
}

function record(name, value, unit, note = '') {
  if (!name.includes(filter)) return;
  rows.push({ name, value: Number(value.toPrecision(4)), unit, note });
}

// ---- surface explorer: one full 512x512 frame (evaluate f, colour it, 24 contour levels) ----
if ('surface'.includes(filter) || filter === '' || filter.startsWith('surface')) {
  const view = new pkg.SurfaceView();
  const frames = [
    ['rosenbrock', 'rosenbrock', 'log'],
    ['himmelblau', 'himmelblau', 'log'],
    ['six_hump_camel', 'six_hump_camel', 'linear'],
    ['custom', { type: 'custom', expression: 'sin(x)*cos(y) + 0.1*(x^2 + y^2)', view: [-6, 6, -6, 6] }, 'linear'],
  ];
  for (const [name, surface, scale] of frames) {
    const info = view.setSurface(surface);
    const [x0, x1, y0, y1] = info.view;
    const full = time(() => view.render(x0, x1, y0, y1, 512, 512, scale, 24, false));
    const noContours = time(() => view.render(x0, x1, y0, y1, 512, 512, scale, 0, false));
    const evalOnly = time(() => view.sampleOnly(x0, x1, y0, y1, 512, 512));
    record(`surface frame 512x512, 24 levels: ${name}`, full, 'ms', 'budget 16 ms');
    record(`  evaluate f (262k points): ${name}`, evalOnly, 'ms');
    record(`  colour map: ${name}`, Math.max(0, noContours - evalOnly), 'ms');
    record(`  contours (marching squares + lines): ${name}`, Math.max(0, full - noContours), 'ms');
  }
  view.free();
}

// ---- trajectories: what dragging the start point recomputes every frame ----
{
  const runs = [
    { type: 'SGD', lr: 0.0005, momentum: 0.9 },
    { type: 'Adam', lr: 0.05 },
    { type: 'RMSprop', lr: 0.01, centered: true },
    { type: 'Adagrad', lr: 0.5 },
    { type: 'AdamW', lr: 0.05, weight_decay: 0.1 },
    { type: 'SGD', lr: 0.0005, nesterov: true, momentum: 0.9 },
  ];
  const t = time(() => {
    for (const optimizer of runs) {
      pkg.simulate({ surface: 'rosenbrock', start: [-1.5, 2], steps: 500, optimizer, schedule: { type: 'CosineAnnealingLR', T_max: 500 } });
    }
  });
  record('trajectory: 6 runs x 500 steps with a schedule', t, 'ms', 'recomputed per drag frame');
}

// ---- networks and search (present once their bindings exist) ----
if (typeof pkg.Trainer === 'function') {
  const { benchTrainer } = await import('./bench-network.mjs');
  for (const r of benchTrainer(pkg, time)) record(r.name, r.value, r.unit, r.note);
}
if (typeof pkg.gpPosterior === 'function') {
  const { benchSearch } = await import('./bench-search.mjs');
  for (const r of benchSearch(pkg, time)) record(r.name, r.value, r.unit, r.note);
}

// ---- page weight: the bytes a page pays for one widget (scripts/size.mjs, in Chromium; skipped without it) ----
if (filter === '' || 'page weight'.includes(filter) || filter.startsWith('page')) {
  try {
    const { benchSize } = await import('./size.mjs');
    for (const r of await benchSize()) record(r.name, r.value, r.unit, r.note);
  } catch (e) {
    console.error(`bench: page weight skipped (${e.message.split('\n')[0]})`);
  }
}

const wasmBytes = readFileSync(`${pkgDir}/descent_bg.wasm`).length;
const width = Math.max(...rows.map((r) => r.name.length), 10);
console.log(`Descent benchmarks (${os.cpus()[0]?.model ?? 'cpu'}, ${os.cpus().length} cores, Node ${process.version}, wasm ${(wasmBytes / 1000).toFixed(1)} KB)`);
console.log(`${'benchmark'.padEnd(width)}  ${'value'.padStart(10)}  unit     note`);
for (const r of rows) console.log(`${r.name.padEnd(width)}  ${String(r.value).padStart(10)}  ${r.unit.padEnd(7)}  ${r.note}`);
console.log(JSON.stringify({ bench: rows }));
