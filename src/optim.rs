//! Optimizers with PyTorch's class names, keyword arguments, defaults and semantics.
//!
//! Origin: the single-tensor ("for-loop", `foreach=False`) code paths of `torch/optim/sgd.py`, `adagrad.py`,
//! `rmsprop.py`, `adam.py` and `adamw.py` (PyTorch 2.x), step for step, including the details textbooks skip:
//! the first momentum step stores the raw gradient (no dampening), eps sits outside the square root, AMSGrad keeps
//! the max of the raw second moment, Adam's `weight_decay` is an L2 term added to the gradient while AdamW decays
//! the weights first, and `lerp` is evaluated the way `torch.lerp` does it.
//!
//! One [`Optimizer`] updates any `&mut [f64]`: a 2D point on a surface and an MLP's flat parameter vector alike.
//! Hyperparameters are fixed at construction ([`Optimizer::set_config`] changes them mid-run, keeping the state);
//! the learning rate is passed to every [`Optimizer::step`] so a schedule can drive it.

use crate::config::{self, ConfigResult, Obj, Range, Value};

/// The optimizer classes, by their PyTorch names.
pub const OPTIMIZER_TYPES: [&str; 5] = ["SGD", "Adagrad", "RMSprop", "Adam", "AdamW"];

/// An optimizer's hyperparameters, named as PyTorch's keyword arguments.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum OptimizerConfig {
    /// `torch.optim.SGD(lr, momentum=0, dampening=0, weight_decay=0, nesterov=False, maximize=False)`.
    Sgd {
        /// Learning rate $\eta$.
        lr: f64,
        /// Momentum factor $\mu$.
        momentum: f64,
        /// Dampening $\tau$ of the gradient added to the buffer (not applied on the first step).
        dampening: f64,
        /// L2 coefficient $\lambda$ added to the gradient: $g \leftarrow g + \lambda\theta$.
        weight_decay: f64,
        /// Nesterov momentum.
        nesterov: bool,
        /// Ascend instead of descend.
        maximize: bool,
    },
    /// `torch.optim.Adagrad(lr=0.01, lr_decay=0, weight_decay=0, initial_accumulator_value=0, eps=1e-10, maximize=False)`.
    Adagrad {
        /// Learning rate $\eta$.
        lr: f64,
        /// Learning-rate decay: $\tilde\eta_t = \eta / (1 + (t-1)\,\text{lr\_decay})$.
        lr_decay: f64,
        /// L2 coefficient added to the gradient.
        weight_decay: f64,
        /// Starting value of the accumulator $G_0$.
        initial_accumulator_value: f64,
        /// $\epsilon$, added outside the square root.
        eps: f64,
        /// Ascend instead of descend.
        maximize: bool,
    },
    /// `torch.optim.RMSprop(lr=0.01, alpha=0.99, eps=1e-8, weight_decay=0, momentum=0, centered=False, maximize=False)`.
    RmsProp {
        /// Learning rate $\eta$.
        lr: f64,
        /// Smoothing constant $\alpha$ of the squared-gradient average.
        alpha: f64,
        /// $\epsilon$, added outside the square root.
        eps: f64,
        /// L2 coefficient added to the gradient.
        weight_decay: f64,
        /// Momentum factor of the buffer of scaled gradients.
        momentum: f64,
        /// Divide by the estimated standard deviation (subtract the squared mean gradient).
        centered: bool,
        /// Ascend instead of descend.
        maximize: bool,
    },
    /// `torch.optim.Adam(lr=0.001, betas=(0.9, 0.999), eps=1e-8, weight_decay=0, amsgrad=False, maximize=False)` and
    /// `torch.optim.AdamW(..., weight_decay=0.01)` (`decoupled = true`, also reachable as Adam's
    /// `decoupled_weight_decay=True`), plus the teaching switch `bias_correction`.
    Adam {
        /// Learning rate $\eta$.
        lr: f64,
        /// $(\beta_1, \beta_2)$.
        betas: [f64; 2],
        /// $\epsilon$, added to $\sqrt{\hat v}$ (outside the square root).
        eps: f64,
        /// Adam: L2 term added to the gradient; AdamW: decoupled decay $\theta \leftarrow \theta(1 - \eta\lambda)$.
        weight_decay: f64,
        /// Keep the running maximum of the second moment.
        amsgrad: bool,
        /// Ascend instead of descend.
        maximize: bool,
        /// Divide the moments by $1 - \beta^t$ (PyTorch always does; turning it off shows why).
        bias_correction: bool,
        /// AdamW (decoupled weight decay) rather than Adam.
        decoupled: bool,
    },
}

impl OptimizerConfig {
    /// Read `{ type: "Adam", lr, betas, ... }`.
    pub fn from_value(path: &str, v: &Value) -> ConfigResult<OptimizerConfig> {
        let o = config::object(path, v)?;
        let kind = o.kind(&OPTIMIZER_TYPES)?;
        let lr_range = Range::OpenClosed(0.0, 1e3);
        let wd = |o: &Obj, d: f64| o.num("weight_decay", Some(d), Range::Closed(0.0, 1e3));
        Ok(match kind.as_str() {
            "SGD" => {
                o.only(&["type", "lr", "momentum", "dampening", "weight_decay", "nesterov", "maximize"])?;
                let cfg = OptimizerConfig::Sgd {
                    lr: o.num("lr", Some(0.001), lr_range)?,
                    momentum: o.num("momentum", Some(0.0), Range::ClosedOpen(0.0, 1.0))?,
                    dampening: o.num("dampening", Some(0.0), Range::Closed(0.0, 1.0))?,
                    weight_decay: wd(&o, 0.0)?,
                    nesterov: o.flag("nesterov", false)?,
                    maximize: o.flag("maximize", false)?,
                };
                if let OptimizerConfig::Sgd { nesterov: true, momentum, dampening, .. } = cfg {
                    if momentum <= 0.0 || dampening != 0.0 {
                        return config::err(
                            &o.field_path("nesterov"),
                            "true",
                            "false unless momentum > 0 and dampening = 0 (as torch.optim.SGD requires)",
                        );
                    }
                }
                cfg
            }
            "Adagrad" => {
                o.only(&["type", "lr", "lr_decay", "weight_decay", "initial_accumulator_value", "eps", "maximize"])?;
                OptimizerConfig::Adagrad {
                    lr: o.num("lr", Some(0.01), lr_range)?,
                    lr_decay: o.num("lr_decay", Some(0.0), Range::Closed(0.0, 1e3))?,
                    weight_decay: wd(&o, 0.0)?,
                    initial_accumulator_value: o.num("initial_accumulator_value", Some(0.0), Range::Closed(0.0, 1e6))?,
                    eps: o.num("eps", Some(1e-10), Range::Closed(0.0, 1.0))?,
                    maximize: o.flag("maximize", false)?,
                }
            }
            "RMSprop" => {
                o.only(&["type", "lr", "alpha", "eps", "weight_decay", "momentum", "centered", "maximize"])?;
                OptimizerConfig::RmsProp {
                    lr: o.num("lr", Some(0.01), lr_range)?,
                    alpha: o.num("alpha", Some(0.99), Range::ClosedOpen(0.0, 1.0))?,
                    eps: o.num("eps", Some(1e-8), Range::Closed(0.0, 1.0))?,
                    weight_decay: wd(&o, 0.0)?,
                    momentum: o.num("momentum", Some(0.0), Range::ClosedOpen(0.0, 1.0))?,
                    centered: o.flag("centered", false)?,
                    maximize: o.flag("maximize", false)?,
                }
            }
            _ => {
                o.only(&[
                    "type", "lr", "betas", "eps", "weight_decay", "amsgrad", "maximize", "bias_correction", "decoupled_weight_decay",
                ])?;
                // PyTorch 2.x: AdamW is Adam with decoupled_weight_decay=True.
                let decoupled = o.flag("decoupled_weight_decay", kind == "AdamW")?;
                let betas = o.nums("betas", Some(&[0.9, 0.999]), Range::ClosedOpen(0.0, 1.0), 2, 2)?;
                let wd_default = if kind == "AdamW" { 0.01 } else { 0.0 };
                OptimizerConfig::Adam {
                    lr: o.num("lr", Some(0.001), lr_range)?,
                    betas: [betas[0], betas[1]],
                    eps: o.num("eps", Some(1e-8), Range::Closed(0.0, 1.0))?,
                    weight_decay: wd(&o, wd_default)?,
                    amsgrad: o.flag("amsgrad", false)?,
                    maximize: o.flag("maximize", false)?,
                    bias_correction: o.flag("bias_correction", true)?,
                    decoupled,
                }
            }
        })
    }

    /// The PyTorch class name.
    pub fn type_name(&self) -> &'static str {
        match self {
            OptimizerConfig::Sgd { .. } => "SGD",
            OptimizerConfig::Adagrad { .. } => "Adagrad",
            OptimizerConfig::RmsProp { .. } => "RMSprop",
            OptimizerConfig::Adam { decoupled: false, .. } => "Adam",
            OptimizerConfig::Adam { decoupled: true, .. } => "AdamW",
        }
    }

    /// The configured learning rate (a schedule's `base_lr`).
    pub fn lr(&self) -> f64 {
        match self {
            OptimizerConfig::Sgd { lr, .. }
            | OptimizerConfig::Adagrad { lr, .. }
            | OptimizerConfig::RmsProp { lr, .. }
            | OptimizerConfig::Adam { lr, .. } => *lr,
        }
    }

    /// Names of the state buffers [`Optimizer::state`] reports for this configuration, in order.
    pub fn state_names(&self) -> Vec<&'static str> {
        let mut names = vec!["grad"];
        match self {
            OptimizerConfig::Sgd { momentum, .. } => {
                if *momentum != 0.0 {
                    names.push("momentum_buffer");
                }
            }
            OptimizerConfig::Adagrad { .. } => names.extend(["sum", "std"]),
            OptimizerConfig::RmsProp { momentum, centered, .. } => {
                names.push("square_avg");
                if *centered {
                    names.push("grad_avg");
                }
                names.push("avg");
                if *momentum > 0.0 {
                    names.push("momentum_buffer");
                }
            }
            OptimizerConfig::Adam { amsgrad, .. } => {
                names.extend(["exp_avg", "exp_avg_sq"]);
                if *amsgrad {
                    names.push("max_exp_avg_sq");
                }
                names.extend(["m_hat", "v_hat", "denom"]);
            }
        }
        names.push("update");
        names
    }
}

/// An optimizer and its state for `n` parameters.
#[derive(Clone, Debug)]
pub struct Optimizer {
    cfg: OptimizerConfig,
    n: usize,
    /// Number of steps taken ($t$).
    t: u64,
    /// The gradient as the update used it (after `maximize` and an L2 `weight_decay`).
    grad: Vec<f64>,
    /// First buffer: momentum_buffer (SGD), sum (Adagrad), square_avg (RMSprop), exp_avg (Adam).
    a: Vec<f64>,
    /// Second buffer: grad_avg (centered RMSprop), exp_avg_sq (Adam).
    b: Vec<f64>,
    /// Third buffer: momentum_buffer (RMSprop), max_exp_avg_sq (AMSGrad).
    c: Vec<f64>,
    /// The denominator of the last update (Adagrad std, RMSprop avg, Adam denom).
    denom: Vec<f64>,
    /// Whether the SGD momentum buffer exists yet (torch creates it on the first step from the raw gradient).
    has_buffer: bool,
    /// The change applied to the parameters by the last step.
    update: Vec<f64>,
    /// Momentum (SGD / RMSprop) or $\beta_1$ (Adam) in force for the last step (a cyclic schedule may vary it).
    momentum_used: f64,
}

/// `torch.lerp(start, end, weight)` for scalars, as ATen evaluates it.
#[inline]
fn lerp(start: f64, end: f64, weight: f64) -> f64 {
    if weight.abs() < 0.5 {
        start + weight * (end - start)
    } else {
        end - (end - start) * (1.0 - weight)
    }
}

impl Optimizer {
    /// A fresh optimizer for `n` parameters (state as torch creates it lazily on the first step).
    pub fn new(cfg: &OptimizerConfig, n: usize) -> Optimizer {
        let init_a = match cfg {
            OptimizerConfig::Adagrad { initial_accumulator_value, .. } => *initial_accumulator_value,
            _ => 0.0,
        };
        Optimizer {
            cfg: *cfg,
            n,
            t: 0,
            grad: vec![0.0; n],
            a: vec![init_a; n],
            b: vec![0.0; n],
            c: vec![0.0; n],
            denom: vec![0.0; n],
            has_buffer: false,
            update: vec![0.0; n],
            momentum_used: 0.0,
        }
    }

    /// The configuration in force.
    pub fn config(&self) -> &OptimizerConfig {
        &self.cfg
    }

    /// Change hyperparameters mid-run, keeping the state (a type change starts a fresh state).
    pub fn set_config(&mut self, cfg: &OptimizerConfig) {
        let same_kind = std::mem::discriminant(&self.cfg) == std::mem::discriminant(cfg)
            && self.cfg.type_name() == cfg.type_name();
        if same_kind {
            self.cfg = *cfg;
        } else {
            *self = Optimizer::new(cfg, self.n);
        }
    }

    /// Steps taken so far ($t$).
    pub fn steps(&self) -> u64 {
        self.t
    }

    /// Momentum (or $\beta_1$) used by the last step.
    pub fn momentum_used(&self) -> f64 {
        self.momentum_used
    }

    /// One update of `params` in place, torch-style, with learning rate `lr`. `momentum` overrides the configured
    /// momentum (SGD, RMSprop) or $\beta_1$ (Adam) for this step, as cyclic schedules do.
    ///
    /// `params` and `grad` must both have the length given to [`Optimizer::new`]; extra entries are ignored.
    pub fn step(&mut self, params: &mut [f64], grad: &[f64], lr: f64, momentum: Option<f64>) {
        let n = self.n.min(params.len()).min(grad.len());
        self.t += 1;
        let t = self.t;
        match self.cfg {
            OptimizerConfig::Sgd { momentum: mu0, dampening, weight_decay, nesterov, maximize, .. } => {
                let mu = momentum.unwrap_or(mu0);
                self.momentum_used = mu;
                let first = !self.has_buffer;
                // Whole-array passes with the settings' branches outside the loops (so each loop vectorizes);
                // per element the arithmetic is the same as torch's, in the same order.
                let (params, grad) = (&mut params[..n], &grad[..n]);
                let d = &mut self.grad[..n];
                // formula: g = ±∇f (+ λθ)
                if maximize {
                    d.iter_mut().zip(grad).for_each(|(d, g)| *d = -g);
                } else {
                    d.copy_from_slice(grad);
                }
                if weight_decay != 0.0 {
                    d.iter_mut().zip(params.iter()).for_each(|(d, p)| *d += weight_decay * p);
                }
                // `step` holds the direction d until the last pass turns it into the applied change.
                let step = &mut self.update[..n];
                if mu != 0.0 {
                    let buf = &mut self.a[..n];
                    // formula: b_1 = g_1;  b_t = μ b_{t-1} + (1 - τ) g_t
                    if first {
                        buf.copy_from_slice(d);
                    } else {
                        buf.iter_mut().zip(d.iter()).for_each(|(b, g)| *b = *b * mu + (1.0 - dampening) * g);
                    }
                    // formula: nesterov: d = g + μ b_t, else d = b_t
                    if nesterov {
                        step.iter_mut().zip(d.iter()).zip(buf.iter()).for_each(|((s, g), b)| *s = g + mu * b);
                    } else {
                        step.copy_from_slice(buf);
                    }
                    self.has_buffer = true;
                } else {
                    step.copy_from_slice(d);
                }
                for (p, s) in params.iter_mut().zip(step.iter_mut()) {
                    // formula: θ ← θ - η d
                    let p0 = *p;
                    *p = p0 + (-lr) * *s;
                    *s = *p - p0;
                }
            }
            OptimizerConfig::Adagrad { lr_decay, weight_decay, eps, maximize, .. } => {
                // formula: η_t = η / (1 + (t - 1) lr_decay)
                let clr = lr / (1.0 + (t - 1) as f64 * lr_decay);
                for i in 0..n {
                    let p = params[i];
                    let mut g = if maximize { -grad[i] } else { grad[i] };
                    if weight_decay != 0.0 {
                        g += weight_decay * p;
                    }
                    self.grad[i] = g;
                    // formula: G_t = G_{t-1} + g^2
                    self.a[i] += g * g;
                    // formula: θ ← θ - η_t g / (√G_t + ε)
                    let std = self.a[i].sqrt() + eps;
                    self.denom[i] = std;
                    params[i] = p + (-clr) * (g / std);
                    self.update[i] = params[i] - p;
                }
            }
            OptimizerConfig::RmsProp { alpha, eps, weight_decay, momentum: mu0, centered, maximize, .. } => {
                let mu = momentum.unwrap_or(mu0);
                self.momentum_used = mu;
                for i in 0..n {
                    let p = params[i];
                    let mut g = if maximize { -grad[i] } else { grad[i] };
                    if weight_decay != 0.0 {
                        g += weight_decay * p;
                    }
                    self.grad[i] = g;
                    // formula: v_t = α v_{t-1} + (1 - α) g^2
                    self.a[i] = self.a[i] * alpha + (1.0 - alpha) * (g * g);
                    // formula: centered: m_t = lerp(m_{t-1}, g, 1 - α); avg = √(v_t - m_t^2) + ε, else avg = √v_t + ε
                    let avg = if centered {
                        self.b[i] = lerp(self.b[i], g, 1.0 - alpha);
                        (self.a[i] - self.b[i] * self.b[i]).sqrt() + eps
                    } else {
                        self.a[i].sqrt() + eps
                    };
                    self.denom[i] = avg;
                    if mu > 0.0 {
                        // formula: b_t = μ b_{t-1} + g / avg;  θ ← θ - η b_t
                        self.c[i] = self.c[i] * mu + g / avg;
                        params[i] = p + (-lr) * self.c[i];
                    } else {
                        // formula: θ ← θ - η g / avg
                        params[i] = p + (-lr) * (g / avg);
                    }
                    self.update[i] = params[i] - p;
                }
            }
            OptimizerConfig::Adam { betas, eps, weight_decay, amsgrad, maximize, bias_correction, decoupled, .. } => {
                let beta1 = momentum.unwrap_or(betas[0]);
                let beta2 = betas[1];
                self.momentum_used = beta1;
                // formula: c_1 = 1 - β1^t, c_2 = 1 - β2^t (1 when bias correction is off)
                let (bc1, bc2) = if bias_correction {
                    (1.0 - beta1.powf(t as f64), 1.0 - beta2.powf(t as f64))
                } else {
                    (1.0, 1.0)
                };
                let step_size = lr / bc1;
                let bc2_sqrt = bc2.sqrt();
                for i in 0..n {
                    let mut p = params[i];
                    let p0 = p;
                    let mut g = if maximize { -grad[i] } else { grad[i] };
                    if weight_decay != 0.0 {
                        if decoupled {
                            // formula: AdamW: θ ← θ (1 - η λ)
                            p *= 1.0 - lr * weight_decay;
                        } else {
                            // formula: Adam: g ← g + λ θ
                            g += weight_decay * p;
                        }
                    }
                    self.grad[i] = g;
                    // formula: m_t = β1 m_{t-1} + (1 - β1) g   (torch: lerp(m, g, 1 - β1))
                    self.a[i] = lerp(self.a[i], g, 1.0 - beta1);
                    // formula: v_t = β2 v_{t-1} + (1 - β2) g^2
                    self.b[i] = self.b[i] * beta2 + (1.0 - beta2) * (g * g);
                    // formula: AMSGrad: v_max = max(v_max, v_t)
                    let v = if amsgrad {
                        self.c[i] = self.c[i].max(self.b[i]);
                        self.c[i]
                    } else {
                        self.b[i]
                    };
                    // formula: θ ← θ - (η / c_1) m_t / (√v_t / √c_2 + ε)
                    let denom = v.sqrt() / bc2_sqrt + eps;
                    self.denom[i] = denom;
                    p += (-step_size) * (self.a[i] / denom);
                    params[i] = p;
                    self.update[i] = p - p0;
                }
            }
        }
    }

    /// The named state after the last step, for the formula readout: `grad` (as the update used it), the torch
    /// state buffers (`momentum_buffer`, `sum`, `square_avg`, `grad_avg`, `exp_avg`, `exp_avg_sq`,
    /// `max_exp_avg_sq`), derived values (`std`, `avg`, `m_hat`, `v_hat`, `denom`) and `update` (the change
    /// applied to the parameters), in the order of [`OptimizerConfig::state_names`]. Writes `n` values per name.
    pub fn state_into(&self, name: &str, out: &mut [f64]) -> bool {
        let n = self.n.min(out.len());
        let copy = |src: &[f64], out: &mut [f64]| out[..n].copy_from_slice(&src[..n]);
        match (name, &self.cfg) {
            ("grad", _) => copy(&self.grad, out),
            ("update", _) => copy(&self.update, out),
            ("momentum_buffer", OptimizerConfig::Sgd { .. }) | ("sum", OptimizerConfig::Adagrad { .. }) => copy(&self.a, out),
            ("square_avg", OptimizerConfig::RmsProp { .. }) | ("exp_avg", OptimizerConfig::Adam { .. }) => copy(&self.a, out),
            ("grad_avg", OptimizerConfig::RmsProp { .. }) | ("exp_avg_sq", OptimizerConfig::Adam { .. }) => copy(&self.b, out),
            ("momentum_buffer", OptimizerConfig::RmsProp { .. }) | ("max_exp_avg_sq", OptimizerConfig::Adam { .. }) => copy(&self.c, out),
            ("std", OptimizerConfig::Adagrad { .. }) | ("avg", OptimizerConfig::RmsProp { .. }) | ("denom", OptimizerConfig::Adam { .. }) => {
                copy(&self.denom, out)
            }
            ("m_hat" | "v_hat", OptimizerConfig::Adam { betas, amsgrad, bias_correction, .. }) => {
                let t = self.t.max(1) as f64;
                let (src, c) = if name == "m_hat" {
                    (&self.a, if *bias_correction { 1.0 - self.momentum_used.powf(t) } else { 1.0 })
                } else {
                    (if *amsgrad { &self.c } else { &self.b }, if *bias_correction { 1.0 - betas[1].powf(t) } else { 1.0 })
                };
                for i in 0..n {
                    // formula: m̂ = m / (1 - β1^t), v̂ = v / (1 - β2^t)
                    out[i] = src[i] / c;
                }
            }
            _ => return false,
        }
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cfg(json: &str) -> OptimizerConfig {
        OptimizerConfig::from_value("optimizer", &Value::from_json(json).expect("json")).expect("valid config")
    }

    #[test]
    fn sgd_first_momentum_step_uses_raw_gradient() {
        // hand-derived: buf_1 = g = 2 (no dampening on the first step), buf_2 = 0.9 * 2 + 0.5 * 2 = 2.8
        let mut o = Optimizer::new(&cfg(r#"{"type":"SGD","lr":0.1,"momentum":0.9,"dampening":0.5}"#), 1);
        let mut p = [1.0];
        o.step(&mut p, &[2.0], 0.1, None);
        assert!((p[0] - 0.8).abs() < 1e-15);
        o.step(&mut p, &[2.0], 0.1, None);
        let mut buf = [0.0];
        assert!(o.state_into("momentum_buffer", &mut buf));
        assert!((buf[0] - 2.8).abs() < 1e-15);
    }

    #[test]
    fn adam_first_step_moves_by_lr() {
        // hand-derived: with bias correction, m̂_1 = g and v̂_1 = g^2, so the first step is lr * g / (|g| + eps) ≈ lr
        let mut o = Optimizer::new(&cfg(r#"{"type":"Adam","lr":0.1}"#), 2);
        let mut p = [0.0, 0.0];
        o.step(&mut p, &[3.0, -0.001], 0.1, None);
        assert!((p[0] + 0.1).abs() < 1e-8 && (p[1] - 0.1).abs() < 1e-5);
        // without bias correction the first step is (1-β1) g / (√((1-β2)) |g|) = 0.1/√0.001 ≈ 3.16 times larger
        let mut o = Optimizer::new(&cfg(r#"{"type":"Adam","lr":0.1,"bias_correction":false}"#), 1);
        let mut q = [0.0];
        o.step(&mut q, &[3.0], 0.1, None);
        assert!((q[0] + 0.1 * 0.1 / 0.001f64.sqrt()).abs() < 1e-6);
    }

    #[test]
    fn bad_configs_are_named() {
        let e = OptimizerConfig::from_value("optimizer", &Value::from_json(r#"{"type":"Adam","betas":[0.9,1.5]}"#).expect("json"))
            .unwrap_err();
        assert_eq!(e.path, "optimizer.betas[1]");
        let e = OptimizerConfig::from_value("optimizer", &Value::from_json(r#"{"type":"Adm"}"#).expect("json")).unwrap_err();
        assert_eq!(e.path, "optimizer.type");
        let e = OptimizerConfig::from_value("optimizer", &Value::from_json(r#"{"type":"Adam","beta1":0.9}"#).expect("json"))
            .unwrap_err();
        assert_eq!(e.path, "optimizer.beta1");
        let e = OptimizerConfig::from_value("o", &Value::from_json(r#"{"type":"SGD","lr":0.1,"nesterov":true}"#).expect("json"))
            .unwrap_err();
        assert_eq!(e.path, "o.nesterov");
    }
}
