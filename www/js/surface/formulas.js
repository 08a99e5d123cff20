// The update rule of each optimizer in TeX: symbolically, then with the numbers of one step substituted.
//
// The rules are PyTorch's single-tensor code (torch/optim/sgd.py, adagrad.py, rmsprop.py, adam.py, adamw.py) as the
// WASM core implements them; every number shown comes from the core's output for that step (`path`, `grad`, `lr`,
// `momentum` and the named `state`), so the readout can never drift from what the path did. Vectors are
// (x, y) columns; products, squares, roots and fractions of vectors are element-wise.

import { texFactor, texNum, texVec } from '../shared/formula.js';
import { OPTIMIZERS, knobValue } from './runs.js';

/** Every knob of the run's optimizer, defaults filled in: `{ lr, momentum, betas: [b1, b2], ... }`. */
export function hyper(run) {
  const out = {};
  for (const knob of OPTIMIZERS[run.type] ?? []) {
    const v = knobValue(run, knob);
    if (knob.index !== undefined) {
      out[knob.key] ??= [];
      out[knob.key][knob.index] = v;
    } else {
      out[knob.key] = v;
    }
  }
  return out;
}

/** The 2-vector of `arr` at update index `k` (`[arr[2k], arr[2k + 1]]`), or `fallback` when absent. */
function at(arr, k, fallback = [0, 0]) {
  if (!arr || k < 0 || 2 * k + 1 >= arr.length) return fallback;
  return [arr[2 * k], arr[2 * k + 1]];
}

const V = (v) => texVec(v[0], v[1]);
const N = (x) => texNum(x);
const F = (x) => texFactor(x);

/**
 * The update that produced point `t` (1-based) of a run, symbolic and numeric.
 * @param {object} run     the run config (`{ type, lr, ... }`)
 * @param {object} sim     the `simulate` result for it
 * @param {number} t       update number, 1 ≤ t ≤ sim.lr.length
 * @returns {{ symbolic: string, numeric: string } | null}
 */
export function updateTex(run, sim, t) {
  const updates = sim?.lr?.length ?? 0;
  if (!(t >= 1 && t <= updates)) return null;
  const k = t - 1;
  const h = hyper(run);
  const s = sim.state ?? {};
  const cx = {
    t,
    k,
    h,
    eta: sim.lr[k],
    mom: sim.momentum ? sim.momentum[k] : null,
    theta0: at(sim.path, k),
    theta1: at(sim.path, k + 1),
    nabla: at(sim.grad, k),
    g: at(s.grad, k),
    st: (name, kk = k, fallback = [0, 0]) => at(s[name], kk, fallback),
  };
  switch (run.type) {
    case 'SGD': return sgd(cx);
    case 'Adagrad': return adagrad(cx);
    case 'RMSprop': return rmsprop(cx);
    case 'Adam':
    case 'AdamW': return adam(cx, run.type === 'AdamW');
    default: return null;
  }
}

/** The gradient line: `g_t = ∇f(θ_{t−1}) (+ λ θ_{t−1})`, with `maximize` flipping the sign. */
function gradLines(cx, coupledDecay) {
  const { h } = cx;
  const sign = h.maximize ? '-' : '';
  const decay = coupledDecay && h.weight_decay !== 0;
  const sym = `g_t &= ${sign}\\nabla f(\\theta_{t-1})${decay ? ' + \\lambda\\,\\theta_{t-1}' : ''}`;
  const num = decay
    ? `g_{${cx.t}} &= ${sign}${V(cx.nabla)} + ${F(h.weight_decay)}\\,${V(cx.theta0)} = ${V(cx.g)}`
    : `g_{${cx.t}} &= ${sign}\\nabla f${V(cx.theta0)} = ${V(cx.g)}`;
  return { sym, num };
}

const aligned = (lines) => `\\begin{aligned}${lines.join('\\\\[4pt]')}\\end{aligned}`;

function sgd(cx) {
  const { h, t, eta } = cx;
  const mu = cx.mom ?? h.momentum;
  const g = gradLines(cx, true);
  const sym = [g.sym];
  const num = [g.num];
  if (h.momentum !== 0) {
    const b = cx.st('momentum_buffer');
    const bPrev = cx.st('momentum_buffer', cx.k - 1);
    const damp = h.dampening !== 0 ? `(1-\\tau)\\,` : '';
    sym.push(`b_t &= \\mu\\,b_{t-1} + ${damp}g_t \\quad (b_1 = g_1)`);
    num.push(
      t === 1
        ? `b_{1} &= g_{1} = ${V(b)}`
        : `b_{${t}} &= ${F(mu)}\\,${V(bPrev)} + ${h.dampening !== 0 ? `${F(1 - h.dampening)}\\,` : ''}${V(cx.g)} = ${V(b)}`,
    );
    if (h.nesterov) {
      const d = [cx.g[0] + mu * b[0], cx.g[1] + mu * b[1]];
      sym.push('\\theta_t &= \\theta_{t-1} - \\eta_t\\,(g_t + \\mu\\,b_t)');
      num.push(`\\theta_{${t}} &= ${V(cx.theta0)} - ${F(eta)}\\,${V(d)} = ${V(cx.theta1)}`);
    } else {
      sym.push('\\theta_t &= \\theta_{t-1} - \\eta_t\\,b_t');
      num.push(`\\theta_{${t}} &= ${V(cx.theta0)} - ${F(eta)}\\,${V(b)} = ${V(cx.theta1)}`);
    }
  } else {
    sym.push('\\theta_t &= \\theta_{t-1} - \\eta_t\\,g_t');
    num.push(`\\theta_{${t}} &= ${V(cx.theta0)} - ${F(eta)}\\,${V(cx.g)} = ${V(cx.theta1)}`);
  }
  return { symbolic: aligned(sym), numeric: aligned(num) };
}

function adagrad(cx) {
  const { h, t, eta } = cx;
  const g = gradLines(cx, true);
  const sym = [g.sym];
  const num = [g.num];
  let rate = eta;
  let rateSym = '\\eta_t';
  if (h.lr_decay !== 0) {
    // formula: η'_t = η_t / (1 + (t − 1) lr_decay)
    rate = eta / (1 + (t - 1) * h.lr_decay);
    sym.push("\\eta'_t &= \\frac{\\eta_t}{1 + (t-1)\\,\\delta}");
    num.push(`\\eta'_{${t}} &= \\frac{${N(eta)}}{1 + ${t - 1}\\cdot ${N(h.lr_decay)}} = ${N(rate)}`);
    rateSym = "\\eta'_t";
  }
  const G = cx.st('sum');
  const G0 = cx.st('sum', cx.k - 1, [h.initial_accumulator_value, h.initial_accumulator_value]);
  const std = cx.st('std');
  sym.push('G_t &= G_{t-1} + g_t^2');
  num.push(`G_{${t}} &= ${V(G0)} + ${V(cx.g)}^2 = ${V(G)}`);
  sym.push(`\\theta_t &= \\theta_{t-1} - ${rateSym}\\,\\frac{g_t}{\\sqrt{G_t} + \\epsilon}`);
  num.push(`\\theta_{${t}} &= ${V(cx.theta0)} - ${F(rate)}\\,\\frac{${V(cx.g)}}{${V(std)}} = ${V(cx.theta1)}`);
  return { symbolic: aligned(sym), numeric: aligned(num) };
}

function rmsprop(cx) {
  const { h, t, eta } = cx;
  const a = h.alpha;
  const mu = cx.mom ?? h.momentum;
  const g = gradLines(cx, true);
  const sym = [g.sym];
  const num = [g.num];
  const v = cx.st('square_avg');
  const vPrev = cx.st('square_avg', cx.k - 1);
  sym.push('v_t &= \\alpha\\,v_{t-1} + (1-\\alpha)\\,g_t^2');
  num.push(`v_{${t}} &= ${F(a)}\\,${V(vPrev)} + ${F(1 - a)}\\,${V(cx.g)}^2 = ${V(v)}`);
  const avg = cx.st('avg');
  if (h.centered) {
    const m = cx.st('grad_avg');
    const mPrev = cx.st('grad_avg', cx.k - 1);
    sym.push('\\bar g_t &= \\alpha\\,\\bar g_{t-1} + (1-\\alpha)\\,g_t');
    num.push(`\\bar g_{${t}} &= ${F(a)}\\,${V(mPrev)} + ${F(1 - a)}\\,${V(cx.g)} = ${V(m)}`);
    sym.push('a_t &= \\sqrt{v_t - \\bar g_t^2} + \\epsilon');
    num.push(`a_{${t}} &= \\sqrt{${V(v)} - ${V(m)}^2} + ${N(h.eps)} = ${V(avg)}`);
  } else {
    sym.push('a_t &= \\sqrt{v_t} + \\epsilon');
    num.push(`a_{${t}} &= \\sqrt{${V(v)}} + ${N(h.eps)} = ${V(avg)}`);
  }
  if (h.momentum > 0) {
    const b = cx.st('momentum_buffer');
    const bPrev = cx.st('momentum_buffer', cx.k - 1);
    sym.push('b_t &= \\mu\\,b_{t-1} + g_t / a_t');
    num.push(`b_{${t}} &= ${F(mu)}\\,${V(bPrev)} + ${V(cx.g)} / ${V(avg)} = ${V(b)}`);
    sym.push('\\theta_t &= \\theta_{t-1} - \\eta_t\\,b_t');
    num.push(`\\theta_{${t}} &= ${V(cx.theta0)} - ${F(eta)}\\,${V(b)} = ${V(cx.theta1)}`);
  } else {
    sym.push('\\theta_t &= \\theta_{t-1} - \\eta_t\\,\\frac{g_t}{a_t}');
    num.push(`\\theta_{${t}} &= ${V(cx.theta0)} - ${F(eta)}\\,\\frac{${V(cx.g)}}{${V(avg)}} = ${V(cx.theta1)}`);
  }
  return { symbolic: aligned(sym), numeric: aligned(num) };
}

function adam(cx, decoupled) {
  const { h, t, eta } = cx;
  const [b1cfg, b2] = h.betas;
  const b1 = cx.mom ?? b1cfg;
  const wd = h.weight_decay;
  const sym = [];
  const num = [];
  let base = cx.theta0;
  let baseSym = '\\theta_{t-1}';
  if (decoupled && wd !== 0) {
    // formula: AdamW: θ ← θ (1 − η λ), before the Adam step
    base = [cx.theta0[0] * (1 - eta * wd), cx.theta0[1] * (1 - eta * wd)];
    sym.push('\\tilde\\theta_{t-1} &= (1 - \\eta_t\\lambda)\\,\\theta_{t-1}');
    num.push(`\\tilde\\theta_{${t - 1}} &= (1 - ${F(eta)}\\cdot ${F(wd)})\\,${V(cx.theta0)} = ${V(base)}`);
    baseSym = '\\tilde\\theta_{t-1}';
  }
  const g = gradLines(cx, !decoupled);
  sym.push(g.sym);
  num.push(g.num);
  const m = cx.st('exp_avg');
  const mPrev = cx.st('exp_avg', cx.k - 1);
  const v = cx.st('exp_avg_sq');
  const vPrev = cx.st('exp_avg_sq', cx.k - 1);
  sym.push('m_t &= \\beta_1 m_{t-1} + (1-\\beta_1)\\,g_t');
  num.push(`m_{${t}} &= ${F(b1)}\\,${V(mPrev)} + ${F(1 - b1)}\\,${V(cx.g)} = ${V(m)}`);
  sym.push('v_t &= \\beta_2 v_{t-1} + (1-\\beta_2)\\,g_t^2');
  num.push(`v_{${t}} &= ${F(b2)}\\,${V(vPrev)} + ${F(1 - b2)}\\,${V(cx.g)}^2 = ${V(v)}`);
  let vUsed = v;
  let vSym = 'v_t';
  if (h.amsgrad) {
    const vm = cx.st('max_exp_avg_sq');
    const vmPrev = cx.st('max_exp_avg_sq', cx.k - 1);
    sym.push('v^{\\max}_t &= \\max(v^{\\max}_{t-1}, v_t)');
    num.push(`v^{\\max}_{${t}} &= \\max\\left(${V(vmPrev)}, ${V(v)}\\right) = ${V(vm)}`);
    vUsed = vm;
    vSym = 'v^{\\max}_t';
  }
  const mh = cx.st('m_hat');
  const vh = cx.st('v_hat');
  const denom = cx.st('denom');
  if (h.bias_correction) {
    // formula: m̂ = m / (1 − β1^t), v̂ = v / (1 − β2^t)
    const c1 = 1 - b1 ** t;
    const c2 = 1 - b2 ** t;
    sym.push('\\hat m_t &= \\frac{m_t}{1-\\beta_1^t}');
    num.push(`\\hat m_{${t}} &= \\frac{${V(m)}}{1 - ${F(b1)}^{${t}}} = \\frac{${V(m)}}{${N(c1)}} = ${V(mh)}`);
    sym.push(`\\hat v_t &= \\frac{${vSym}}{1-\\beta_2^t}`);
    num.push(`\\hat v_{${t}} &= \\frac{${V(vUsed)}}{1 - ${F(b2)}^{${t}}} = \\frac{${V(vUsed)}}{${N(c2)}} = ${V(vh)}`);
  } else {
    sym.push(`\\hat m_t &= m_t,\\quad \\hat v_t = ${vSym} \\quad\\text{(bias correction off)}`);
    num.push(`\\hat m_{${t}} &= ${V(mh)},\\quad \\hat v_{${t}} = ${V(vh)}`);
  }
  sym.push(`\\theta_t &= ${baseSym} - \\eta_t\\,\\frac{\\hat m_t}{\\sqrt{\\hat v_t} + \\epsilon}`);
  num.push(`\\theta_{${t}} &= ${V(base)} - ${F(eta)}\\,\\frac{${V(mh)}}{${V(denom)}} = ${V(cx.theta1)}`);
  return { symbolic: aligned(sym), numeric: aligned(num) };
}
