// The formula of each learning-rate schedule, in TeX: first symbolic, then with the numbers of step t substituted.
//
// The rate itself always comes from the WASM core (`lrSchedule`); what is computed here is only what the reader
// sees between the symbols and the result (floor(t / s), which cycle, which phase, pct...). `value` is this
// module's own evaluation of the substituted expression, and tests/browser/lessons.test.mjs checks it against the
// core at many steps, so the numbers on screen always add up. Origins: torch/optim/lr_scheduler.py and
// keras/src/optimizers/schedules/learning_rate_schedule.py (the same as src/schedule.rs).

import { texNum, texFactor } from '../shared/formula.js';

const n = (v) => texNum(v, 4);
const f = (v) => texFactor(v, 4);

/** Restart position of CosineAnnealingWarmRestarts: [T_cur, T_i]. */
function warmRestart(t, T0, Tmult) {
  if (Tmult <= 1) return [t % T0, T0];
  let cur = t;
  let Ti = T0;
  while (cur >= Ti) {
    cur -= Ti;
    Ti *= Tmult;
  }
  return [cur, Ti];
}

/** Restart index and fraction of Keras CosineDecayRestarts. */
function kerasRestart(frac, tMul) {
  if (tMul === 1) {
    const i = Math.floor(frac);
    return [i, frac - i];
  }
  const before = (i) => (1 - tMul ** i) / (1 - tMul);
  let i = Math.max(0, Math.floor(Math.log(1 - frac * (1 - tMul)) / Math.log(tMul)));
  if (before(i) > frac && i > 0) i -= 1;
  else if (before(i + 1) <= frac) i += 1;
  return [i, (frac - before(i)) / tMul ** i];
}

const halfCos = (x) => (1 + Math.cos(Math.PI * x)) / 2;

/**
 * Explain step `t` of schedule `cfg` (a config object with PyTorch / Keras names; defaults as in the libraries).
 * `ctx`: { baseLr, lrs (the WASM rates, for ReduceLROnPlateau) }.
 * Returns { symbolic, given?, substituted, value, note? }: TeX strings (the formula; the intermediate quantities of
 * step t; the formula with them substituted) and `value`, NaN where only the core knows it. `ctx.lhs` overrides
 * the left-hand side (a SequentialLR child is explained at its own step but named by the outer one).
 */
export function explain(cfg, t, ctx) {
  const e0 = ctx.baseLr;
  const lhs = ctx.lhs ?? `\\eta_{${t}}`;
  switch (cfg.type) {
    case 'StepLR': {
      const s = cfg.step_size;
      const g = cfg.gamma ?? 0.1;
      const k = Math.floor(t / s);
      return {
        symbolic: '\\eta_t = \\eta_0\\,\\gamma^{\\lfloor t/s \\rfloor}',
        substituted: `${lhs} = ${n(e0)} \\cdot ${f(g)}^{\\lfloor ${t}/${s} \\rfloor} = ${n(e0)} \\cdot ${f(g)}^{${k}}`,
        value: e0 * g ** k,
      };
    }
    case 'MultiStepLR': {
      const ms = cfg.milestones ?? [];
      const g = cfg.gamma ?? 0.1;
      const k = ms.filter((m) => m <= t).length;
      return {
        symbolic: '\\eta_t = \\eta_0\\,\\gamma^{\\#\\{\\,m_i \\le t\\,\\}}',
        substituted: `${lhs} = ${n(e0)} \\cdot ${f(g)}^{${k}}`,
        value: e0 * g ** k,
      };
    }
    case 'ConstantLR': {
      const fac = cfg.factor ?? 1 / 3;
      const T = cfg.total_iters ?? 5;
      const on = t < T;
      return {
        symbolic: '\\eta_t = \\begin{cases} \\eta_0 f & t < T \\\\ \\eta_0 & t \\ge T \\end{cases}',
        substituted: on ? `${lhs} = ${n(e0)} \\cdot ${n(fac)} \\quad (${t} < ${T})` : `${lhs} = \\eta_0 = ${n(e0)} \\quad (${t} \\ge ${T})`,
        value: on ? e0 * fac : e0,
      };
    }
    case 'LinearLR': {
      const a = cfg.start_factor ?? 1 / 3;
      const b = cfg.end_factor ?? 1;
      const T = cfg.total_iters ?? 5;
      const m = Math.min(t, T);
      return {
        symbolic: '\\eta_t = \\eta_0 \\left(a + (b - a)\\,\\frac{\\min(t, T)}{T}\\right)',
        substituted: `${lhs} = ${n(e0)} \\left(${n(a)} + (${n(b)} - ${n(a)})\\,\\frac{${m}}{${T}}\\right)`,
        value: e0 * (a + ((b - a) * m) / T),
      };
    }
    case 'ExponentialLR': {
      const g = cfg.gamma;
      return {
        symbolic: '\\eta_t = \\eta_0\\,\\gamma^{t}',
        substituted: `${lhs} = ${n(e0)} \\cdot ${f(g)}^{${t}}`,
        value: e0 * g ** t,
      };
    }
    case 'PolynomialLR': {
      const T = cfg.total_iters ?? 5;
      const p = cfg.power ?? 1;
      const m = Math.min(t, T);
      return {
        symbolic: '\\eta_t = \\eta_0 \\left(1 - \\frac{\\min(t, T)}{T}\\right)^{p}',
        substituted: `${lhs} = ${n(e0)} \\left(1 - \\frac{${m}}{${T}}\\right)^{${n(p)}}`,
        value: e0 * (1 - m / T) ** p,
      };
    }
    case 'CosineAnnealingLR': {
      const T = cfg.T_max;
      const lo = cfg.eta_min ?? 0;
      return {
        symbolic: '\\eta_t = \\eta_{\\min} + (\\eta_0 - \\eta_{\\min})\\,\\frac{1 + \\cos(\\pi t / T_{\\max})}{2}',
        substituted: `${lhs} = ${n(lo)} + (${n(e0)} - ${n(lo)})\\,\\frac{1 + \\cos(\\pi \\cdot ${t}/${T})}{2}`,
        value: lo + (e0 - lo) * halfCos(t / T),
        note: t > T ? 'past-tmax' : undefined,
      };
    }
    case 'CosineAnnealingWarmRestarts': {
      const lo = cfg.eta_min ?? 0;
      const [cur, Ti] = warmRestart(t, cfg.T_0, cfg.T_mult ?? 1);
      return {
        symbolic: '\\eta_t = \\eta_{\\min} + (\\eta_0 - \\eta_{\\min})\\,\\frac{1 + \\cos(\\pi T_{cur} / T_i)}{2}',
        given: `T_{cur} = ${cur},\\quad T_i = ${Ti}`,
        substituted: `${lhs} = ${n(lo)} + (${n(e0)} - ${n(lo)})\\,\\frac{1 + \\cos(\\pi \\cdot ${cur}/${Ti})}{2}`,
        value: lo + (e0 - lo) * halfCos(cur / Ti),
      };
    }
    case 'CyclicLR': {
      const up = cfg.step_size_up ?? 2000;
      const down = cfg.step_size_down ?? up;
      const L = up + down;
      const c = Math.floor(1 + t / L);
      const x = 1 + t / L - c;
      const r = up / L;
      const s = x <= r ? x / r : (x - 1) / (r - 1);
      const mode = cfg.mode ?? 'triangular';
      const k = mode === 'triangular2' ? 1 / 2 ** (c - 1) : mode === 'exp_range' ? (cfg.gamma ?? 1) ** t : 1;
      const kTex = mode === 'triangular2' ? ` \\cdot 2^{-${c - 1}}` : mode === 'exp_range' ? ` \\cdot ${f(cfg.gamma ?? 1)}^{${t}}` : '';
      const kSym = mode === 'triangular2' ? '\\, 2^{-(c-1)}' : mode === 'exp_range' ? '\\, \\gamma^{t}' : '';
      return {
        symbolic: `\\eta_t = \\eta_{base} + (\\eta_{max} - \\eta_{base})\\, s${kSym}`,
        given: `c = ${c},\\quad x = ${n(x)},\\quad s = ${n(s)}`,
        substituted: `${lhs} = ${n(cfg.base_lr)} + (${n(cfg.max_lr)} - ${n(cfg.base_lr)}) \\cdot ${n(s)}${kTex}`,
        value: cfg.base_lr + (cfg.max_lr - cfg.base_lr) * s * k,
      };
    }
    case 'OneCycleLR':
      return explainOneCycle(cfg, t, lhs);
    case 'SequentialLR': {
      const ms = cfg.milestones ?? [];
      const k = ms.filter((m) => m <= t).length;
      const since = k === 0 ? 0 : ms[k - 1];
      const child = cfg.schedulers?.[k];
      if (!child) return { symbolic: '\\eta_t = S_k(t - m_k)', substituted: lhs, value: NaN };
      const inner = explain(child, t - since, { ...ctx, lhs });
      return {
        symbolic: '\\eta_t = S_k(t - m_k), \\quad k = \\#\\{\\,m_i \\le t\\,\\}',
        given: [`k = ${k}:\\ S_{${k}} = \\text{${child.type}},\\quad t - m_k = ${t} - ${since} = ${t - since}`, inner.given].filter(Boolean).join(',\\quad '),
        substituted: inner.substituted,
        value: inner.value,
      };
    }
    case 'ReduceLROnPlateau': {
      const fac = cfg.factor ?? 0.1;
      const lrs = ctx.lrs ?? [];
      let k = 0;
      for (let i = 1; i <= Math.min(t, lrs.length - 1); i++) if (lrs[i] < lrs[i - 1]) k++;
      const minLr = cfg.min_lr ?? 0;
      const plain = e0 * fac ** k;
      const clamped = plain < minLr;
      return {
        symbolic: '\\eta \\leftarrow \\max(\\eta\\, f,\\ \\eta_{\\min})',
        substituted: clamped
          ? `${lhs} = \\eta_{\\min} = ${n(minLr)}`
          : `${lhs} = ${n(e0)} \\cdot ${n(fac)}^{${k}}`,
        value: clamped ? minLr : plain,
      };
    }
    case 'ExponentialDecay': {
      const { initial_learning_rate: ei, decay_steps: D, decay_rate: r } = cfg;
      const st = cfg.staircase === true;
      const p = st ? Math.floor(t / D) : t / D;
      return {
        symbolic: st ? '\\eta_t = \\eta_i\\, r^{\\lfloor t/D \\rfloor}' : '\\eta_t = \\eta_i\\, r^{t/D}',
        substituted: st
          ? `${lhs} = ${n(ei)} \\cdot ${f(r)}^{\\lfloor ${t}/${n(D)} \\rfloor} = ${n(ei)} \\cdot ${f(r)}^{${p}}`
          : `${lhs} = ${n(ei)} \\cdot ${f(r)}^{${t}/${n(D)}}`,
        value: ei * r ** p,
      };
    }
    case 'InverseTimeDecay': {
      const { initial_learning_rate: ei, decay_steps: D, decay_rate: r } = cfg;
      const st = cfg.staircase === true;
      const p = st ? Math.floor(t / D) : t / D;
      return {
        symbolic: st ? '\\eta_t = \\frac{\\eta_i}{1 + r \\lfloor t/D \\rfloor}' : '\\eta_t = \\frac{\\eta_i}{1 + r\\, t/D}',
        substituted: st
          ? `${lhs} = \\frac{${n(ei)}}{1 + ${n(r)} \\cdot ${p}}`
          : `${lhs} = \\frac{${n(ei)}}{1 + ${n(r)} \\cdot ${t}/${n(D)}}`,
        value: ei / (1 + r * p),
      };
    }
    case 'PiecewiseConstantDecay': {
      const b = cfg.boundaries;
      const v = cfg.values;
      const k = b.filter((x) => x < t).length;
      const cond = k === 0 ? `${t} \\le ${n(b[0])}` : k === b.length ? `${t} > ${n(b[k - 1])}` : `${n(b[k - 1])} < ${t} \\le ${n(b[k])}`;
      return {
        symbolic: '\\eta_t = v_k \\quad \\text{for } b_{k-1} < t \\le b_k',
        given: cond,
        substituted: `${lhs} = v_{${k}}`,
        value: v[k],
      };
    }
    case 'PolynomialDecay': {
      const { initial_learning_rate: ei, decay_steps: D } = cfg;
      const ee = cfg.end_learning_rate ?? 1e-4;
      const p = cfg.power ?? 1;
      if (cfg.cycle === true) {
        const H = D * (t === 0 ? 1 : Math.ceil(t / D));
        return {
          symbolic: '\\eta_t = (\\eta_i - \\eta_e)\\left(1 - \\frac{t}{D \\lceil t/D \\rceil}\\right)^{p} + \\eta_e',
          substituted: `${lhs} = (${n(ei)} - ${n(ee)})\\left(1 - \\frac{${t}}{${n(H)}}\\right)^{${n(p)}} + ${n(ee)}`,
          value: (ei - ee) * (1 - t / H) ** p + ee,
        };
      }
      const m = Math.min(t, D);
      return {
        symbolic: '\\eta_t = (\\eta_i - \\eta_e)\\left(1 - \\frac{\\min(t, D)}{D}\\right)^{p} + \\eta_e',
        substituted: `${lhs} = (${n(ei)} - ${n(ee)})\\left(1 - \\frac{${n(m)}}{${n(D)}}\\right)^{${n(p)}} + ${n(ee)}`,
        value: (ei - ee) * (1 - m / D) ** p + ee,
      };
    }
    case 'CosineDecay': {
      const { initial_learning_rate: ei, decay_steps: D } = cfg;
      const a = cfg.alpha ?? 0;
      const W = cfg.warmup_steps ?? 0;
      const target = cfg.warmup_target;
      if (target === undefined || target === null) {
        const m = Math.min(t, D);
        return {
          symbolic: '\\eta_t = \\eta_i \\left((1 - \\alpha)\\,\\frac{1 + \\cos(\\pi \\min(t, D)/D)}{2} + \\alpha\\right)',
          substituted: `${lhs} = ${n(ei)} \\left((1 - ${n(a)})\\,\\frac{1 + \\cos(\\pi \\cdot ${n(m)}/${n(D)})}{2} + ${n(a)}\\right)`,
          value: ei * ((1 - a) * halfCos(m / D) + a),
        };
      }
      const step = Math.min(t, D + W);
      if (step < W) {
        return {
          symbolic: '\\eta_t = \\eta_i + (\\eta_w - \\eta_i)\\,\\frac{t}{W} \\quad (t < W)',
          substituted: `${lhs} = ${n(ei)} + (${n(target)} - ${n(ei)})\\,\\frac{${t}}{${n(W)}}`,
          value: (target - ei) * (step / W) + ei,
        };
      }
      const s = step - W;
      return {
        symbolic: '\\eta_t = \\eta_w \\left((1 - \\alpha)\\,\\frac{1 + \\cos(\\pi \\min(t - W, D)/D)}{2} + \\alpha\\right)',
        substituted: `${lhs} = ${n(target)} \\left((1 - ${n(a)})\\,\\frac{1 + \\cos(\\pi \\cdot ${n(s)}/${n(D)})}{2} + ${n(a)}\\right)`,
        value: target * ((1 - a) * halfCos(s / D) + a),
      };
    }
    case 'CosineDecayRestarts': {
      const ei = cfg.initial_learning_rate;
      const D = cfg.first_decay_steps;
      const tMul = cfg.t_mul ?? 2;
      const mMul = cfg.m_mul ?? 1;
      const a = cfg.alpha ?? 0;
      const [i, phi] = kerasRestart(t / D, tMul);
      return {
        symbolic: '\\eta_t = \\eta_i \\left((1 - \\alpha)\\, m^{i}\\, \\frac{1 + \\cos \\pi\\phi}{2} + \\alpha\\right)',
        given: `i = ${i},\\quad \\phi = ${n(phi)}`,
        substituted: `${lhs} = ${n(ei)} \\left((1 - ${n(a)}) \\cdot ${n(mMul)}^{${i}}\\, \\frac{1 + \\cos(\\pi \\cdot ${n(phi)})}{2} + ${n(a)}\\right)`,
        value: ei * ((1 - a) * 0.5 * mMul ** i * (1 + Math.cos(Math.PI * phi)) + a),
      };
    }
    default:
      return { symbolic: '\\eta_t', substituted: lhs, value: NaN };
  }
}

function explainOneCycle(cfg, t, lhs) {
  const N = cfg.total_steps;
  const p = cfg.pct_start ?? 0.3;
  const div = cfg.div_factor ?? 25;
  const fdiv = cfg.final_div_factor ?? 1e4;
  const max = cfg.max_lr;
  const init = max / div;
  const min = init / fdiv;
  const three = cfg.three_phase === true;
  const cos = (cfg.anneal_strategy ?? 'cos') === 'cos';
  const ends = three ? [p * N - 1, 2 * p * N - 2, N - 1] : [p * N - 1, N - 1];
  const phases = three ? [[init, max], [max, init], [init, min]] : [[init, max], [max, min]];
  const sym = cos
    ? '\\eta_t = \\eta_b + \\frac{\\eta_a - \\eta_b}{2}\\left(1 + \\cos \\pi\\, \\mathrm{pct}\\right)'
    : '\\eta_t = \\eta_a + (\\eta_b - \\eta_a)\\, \\mathrm{pct}';
  if (t > N) return { symbolic: sym, substituted: `${lhs} = \\eta_{\\max} / (\\text{div} \\cdot \\text{final\\_div}) = ${n(min)}`, value: min };
  let start = 0;
  for (let k = 0; k < ends.length; k++) {
    const end = ends[k];
    if (t <= end || k === ends.length - 1) {
      const pct = (t - start) / (end - start);
      const [a, b] = phases[k];
      const value = cos ? b + ((a - b) / 2) * (Math.cos(Math.PI * pct) + 1) : (b - a) * pct + a;
      const body = cos
        ? `${n(b)} + \\frac{${n(a)} - ${n(b)}}{2}\\left(1 + \\cos(\\pi \\cdot ${n(pct)})\\right)`
        : `${n(a)} + (${n(b)} - ${n(a)}) \\cdot ${n(pct)}`;
      return {
        symbolic: sym,
        given: `k = ${k + 1}:\\ \\mathrm{pct} = \\frac{t - e_{k-1}}{e_k - e_{k-1}} = \\frac{${t} - ${n(start)}}{${n(end)} - ${n(start)}} = ${n(pct)}`,
        substituted: `${lhs} = ${body}`,
        value,
      };
    }
    start = end;
  }
  return { symbolic: sym, substituted: lhs, value: NaN };
}
