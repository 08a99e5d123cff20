// Pure helpers of <descent-schedule>: the seeded loss curve ReduceLROnPlateau watches, the subtractive step decay
// of some tutorials (a teaching overlay, NOT a library schedule), and axis ticks.

/** mulberry32: a small seeded generator of uniform numbers in [0, 1). */
export function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A noisy loss that falls and then levels off: L_i = floor + (start - floor) e^{-i / tau} + noise, i = 0..steps-1
 * (the metric reported after update i). Seeded, so the same seed draws the same curve. A toy curve: it does not
 * depend on the learning rate.
 */
export function plateauLoss(steps, seed = 1) {
  const next = rng(seed);
  const tau = Math.max(4, steps / 10);
  const out = new Array(steps);
  for (let i = 0; i < steps; i++) {
    // Box–Muller: a standard normal from two uniforms.
    const u = Math.max(next(), 1e-12);
    const v = next();
    const z = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    // formula: L_i = 0.2 + 0.8 e^{-i/tau} + 0.012 z
    out[i] = Math.max(1e-3, 0.2 + 0.8 * Math.exp(-i / tau) + 0.012 * z);
  }
  return out;
}

/**
 * The subtractive step decay some tutorials write, lr_t = lr0 - drop * floor(t / n): not a PyTorch or Keras
 * schedule. It reaches zero and then goes negative (a negative rate climbs the loss). Returns the rates and the
 * first step whose rate is <= 0 (or -1).
 */
export function subtractiveRates(lr0, drop, n, steps) {
  const out = new Float64Array(steps);
  let firstNonPositive = -1;
  for (let t = 0; t < steps; t++) {
    // formula: lr_t = lr0 - drop * floor(t / n)
    out[t] = lr0 - drop * Math.floor(t / n);
    if (firstNonPositive < 0 && out[t] <= 0) firstNonPositive = t;
  }
  return { rates: out, firstNonPositive };
}

/** About `count` round tick values between lo and hi (1, 2, 5 times a power of ten), with labels. */
export function niceTicks(lo, hi, count) {
  if (!(hi > lo)) return { values: [lo], labels: [label(lo, 1)] };
  const raw = (hi - lo) / Math.max(1, count);
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? 10 * mag;
  const values = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + step * 1e-9; v += step) values.push(Math.abs(v) < step * 1e-9 ? 0 : v);
  return { values, labels: values.map((v) => label(v, step)) };
}

function label(v, step) {
  if (v === 0) return '0';
  const a = Math.abs(v);
  if (a >= 1e5 || a < 1e-3) return v.toExponential(Math.max(0, Math.round(Math.log10(a / step)))).replace('e+', 'e').replace(/^-/, '−');
  const decimals = Math.max(0, -Math.floor(Math.log10(step)));
  return v.toFixed(decimals).replace(/^-/, '−');
}
