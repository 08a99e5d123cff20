//! Learning-rate schedules with PyTorch's and Keras' class names, keyword arguments, defaults and semantics.
//!
//! Origin: `torch/optim/lr_scheduler.py` (PyTorch 2.x: `StepLR`, `MultiStepLR`, `ConstantLR`, `LinearLR`,
//! `ExponentialLR`, `PolynomialLR`, `CosineAnnealingLR`, `CosineAnnealingWarmRestarts`, `CyclicLR`, `OneCycleLR`,
//! `SequentialLR`, `ReduceLROnPlateau`) and `keras/src/optimizers/schedules/learning_rate_schedule.py` (Keras 3:
//! `ExponentialDecay`, `InverseTimeDecay`, `PiecewiseConstantDecay`, `PolynomialDecay`, `CosineDecay`,
//! `CosineDecayRestarts`).
//!
//! Step convention: $t$ counts the updates already made. The learning rate $\eta_t$ is the one update $t$ uses
//! (PyTorch: `param_groups[0]['lr']` read before `optimizer.step()`, after $t$ calls of `scheduler.step()`;
//! Keras: `schedule(optimizer.iterations)`). $\eta_0$ is the optimizer's `lr` (the `base_lr`).
//!
//! Every schedule except `ReduceLROnPlateau` is a pure function $t \mapsto \eta_t$, written here in closed form.
//! PyTorch steps most of its schedulers "chainably" (each step multiplies the current rate by a ratio); the closed
//! forms agree with those to rounding (about $10^{-15}$ relative per step), and the quirks of the chainable code are
//! kept where they change the numbers: `SequentialLR` restarts the next scheduler with `step(0)` at a milestone,
//! `CosineAnnealingLR` keeps oscillating past `T_max`, `CyclicLR` and `OneCycleLR` replace the optimizer's rate,
//! `OneCycleLR` extrapolates its last phase at `t = total_steps`, and `ReduceLROnPlateau` skips reductions smaller
//! than `eps`. Keras evaluates in float32; we evaluate the same formulas in float64.

use crate::config::{self, ConfigResult, Obj, Range, Value};
use std::f64::consts::PI;

/// The schedule classes, by their PyTorch / Keras names.
pub const SCHEDULE_TYPES: [&str; 18] = [
    "StepLR",
    "MultiStepLR",
    "ConstantLR",
    "LinearLR",
    "ExponentialLR",
    "PolynomialLR",
    "CosineAnnealingLR",
    "CosineAnnealingWarmRestarts",
    "CyclicLR",
    "OneCycleLR",
    "SequentialLR",
    "ReduceLROnPlateau",
    "ExponentialDecay",
    "InverseTimeDecay",
    "PiecewiseConstantDecay",
    "PolynomialDecay",
    "CosineDecay",
    "CosineDecayRestarts",
];

/// The schedulers `SequentialLR` may chain: PyTorch's epoch-based ones that restart cleanly with `step(0)`.
pub const SEQUENTIAL_CHILD_TYPES: [&str; 8] = [
    "StepLR",
    "MultiStepLR",
    "ConstantLR",
    "LinearLR",
    "ExponentialLR",
    "PolynomialLR",
    "CosineAnnealingLR",
    "CosineAnnealingWarmRestarts",
];

/// Most steps [`lr_schedule`] computes.
pub const MAX_STEPS: usize = 100_000;

/// Largest step count a config may name (`step_size`, `T_max`, milestones, `decay_steps`...).
const MAX_ITERS: i64 = 1_000_000_000;
/// Allowed learning rates (any configured rate, `eta_min`, `min_lr`, Keras values).
const LR_RANGE: Range = Range::Closed(0.0, 1e6);
/// Allowed multiplicative factors per step or per decay period (`gamma`, `decay_rate`).
const GAMMA_RANGE: Range = Range::OpenClosed(0.0, 10.0);
/// Allowed momentum / $\beta_1$ values of the cyclic schedules.
const MOMENTUM_RANGE: Range = Range::ClosedOpen(0.0, 1.0);
/// Most schedulers a `SequentialLR` chains, and most milestones / boundaries in a list.
const MAX_LIST: usize = 64;

/// `CyclicLR`'s amplitude policy.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CyclicMode {
    /// Constant amplitude: scale $1$ (scale_mode `cycle`).
    Triangular,
    /// Amplitude halved every cycle: scale $2^{-(c-1)}$ for cycle $c$ (scale_mode `cycle`).
    Triangular2,
    /// Amplitude $\gamma^t$ (scale_mode `iterations`).
    ExpRange,
}

impl CyclicMode {
    fn name(self) -> &'static str {
        match self {
            CyclicMode::Triangular => "triangular",
            CyclicMode::Triangular2 => "triangular2",
            CyclicMode::ExpRange => "exp_range",
        }
    }

    /// The `scale_mode` PyTorch derives for this mode (it overwrites any user value when no `scale_fn` is given).
    fn scale_mode(self) -> &'static str {
        match self {
            CyclicMode::Triangular | CyclicMode::Triangular2 => "cycle",
            CyclicMode::ExpRange => "iterations",
        }
    }
}

/// `OneCycleLR`'s interpolation between phase end points.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Anneal {
    /// $a + (b - a)\,\tfrac{1 - \cos(\pi p)}{2}$, written as PyTorch does: $b + \tfrac{a - b}{2}(1 + \cos \pi p)$.
    Cos,
    /// $a + (b - a)\,p$.
    Linear,
}

/// `ReduceLROnPlateau`'s direction.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PlateauMode {
    /// The metric should decrease (a loss).
    Min,
    /// The metric should increase (an accuracy).
    Max,
}

/// How `ReduceLROnPlateau` compares a metric with the best so far.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ThresholdMode {
    /// Relative: better means below $\text{best}(1 - \text{threshold})$ (min) or above $\text{best}(1 + \text{threshold})$ (max).
    Rel,
    /// Absolute: better means below $\text{best} - \text{threshold}$ (min) or above $\text{best} + \text{threshold}$ (max).
    Abs,
}

/// A learning-rate schedule, named and parameterized as the PyTorch / Keras class. $t$ is the number of updates
/// made so far, $\eta_0$ the optimizer's `lr`.
#[derive(Clone, Debug, PartialEq)]
pub enum ScheduleConfig {
    /// `torch.optim.lr_scheduler.StepLR(step_size, gamma=0.1)`:
    /// $\eta_t = \eta_0\,\gamma^{\lfloor t / s \rfloor}$.
    StepLR {
        /// $s$: updates between decays ($\ge 1$).
        step_size: u64,
        /// $\gamma$: multiplicative decay.
        gamma: f64,
    },
    /// `MultiStepLR(milestones, gamma=0.1)`: $\eta_t = \eta_0\,\gamma^{\#\{m_i \le t\}}$.
    MultiStepLR {
        /// Strictly increasing milestones $m_i$.
        milestones: Vec<u64>,
        /// $\gamma$: multiplicative decay at each milestone.
        gamma: f64,
    },
    /// `ConstantLR(factor=1/3, total_iters=5)`: $\eta_t = \eta_0 f$ for $t < T$, then $\eta_0$.
    ConstantLR {
        /// $f \in (0, 1]$.
        factor: f64,
        /// $T \ge 1$.
        total_iters: u64,
    },
    /// `LinearLR(start_factor=1/3, end_factor=1.0, total_iters=5)`:
    /// $\eta_t = \eta_0\,\big(a + (b - a)\,\min(t, T)/T\big)$.
    LinearLR {
        /// $a \in (0, 1]$.
        start_factor: f64,
        /// $b \in [0, 1]$.
        end_factor: f64,
        /// $T \ge 1$.
        total_iters: u64,
    },
    /// `ExponentialLR(gamma)`: $\eta_t = \eta_0\,\gamma^t$.
    ExponentialLR {
        /// $\gamma$.
        gamma: f64,
    },
    /// `PolynomialLR(total_iters=5, power=1.0)`: $\eta_t = \eta_0\,(1 - \min(t, T)/T)^p$.
    PolynomialLR {
        /// $T \ge 1$.
        total_iters: u64,
        /// $p \ge 0$.
        power: f64,
    },
    /// `CosineAnnealingLR(T_max, eta_min=0)`:
    /// $\eta_t = \eta_{\min} + (\eta_0 - \eta_{\min})\,\tfrac{1 + \cos(\pi t / T_{\max})}{2}$.
    /// Past $T_{\max}$ it climbs back (period $2T_{\max}$), as PyTorch's chainable form does.
    CosineAnnealingLR {
        /// $T_{\max} \ge 1$: updates from $\eta_0$ down to $\eta_{\min}$.
        t_max: u64,
        /// $\eta_{\min}$.
        eta_min: f64,
    },
    /// `CosineAnnealingWarmRestarts(T_0, T_mult=1, eta_min=0)` (SGDR):
    /// $\eta_t = \eta_{\min} + (\eta_0 - \eta_{\min})\,\tfrac{1 + \cos(\pi T_{cur} / T_i)}{2}$, where the period
    /// $T_i = T_0 T_{mult}^i$ and $T_{cur}$ counts updates since the last restart.
    CosineAnnealingWarmRestarts {
        /// $T_0 \ge 1$: first period.
        t_0: u64,
        /// $T_{mult} \ge 1$: period growth per restart.
        t_mult: u64,
        /// $\eta_{\min}$.
        eta_min: f64,
    },
    /// `CyclicLR(base_lr, max_lr, step_size_up=2000, step_size_down=None, mode="triangular", gamma=1.0,
    /// cycle_momentum=True, base_momentum=0.8, max_momentum=0.9)` (replaces the optimizer's rate):
    /// with $L = u + d$, cycle $c = \lfloor 1 + t/L \rfloor$, $x = 1 + t/L - c$, $r = u/L$ and
    /// $s = x/r$ if $x \le r$ else $(x - 1)/(r - 1)$:
    /// $\eta_t = \eta_{base} + (\eta_{max} - \eta_{base})\,s\,k$ and momentum $\mu_t = \mu_{max} - (\mu_{max} - \mu_{base})\,s\,k$,
    /// where the scale $k$ is $1$ (triangular), $2^{-(c-1)}$ (triangular2) or $\gamma^t$ (exp_range).
    CyclicLR {
        /// $\eta_{base}$: the lower rate (the optimizer's own `lr` is overwritten).
        base_lr: f64,
        /// $\eta_{max}$: the upper rate.
        max_lr: f64,
        /// $u \ge 1$: updates rising.
        step_size_up: u64,
        /// $d \ge 1$: updates falling (default $u$).
        step_size_down: u64,
        /// Amplitude policy.
        mode: CyclicMode,
        /// $\gamma$ of `exp_range`.
        gamma: f64,
        /// Cycle the momentum (SGD) or $\beta_1$ (Adam) inversely to the rate.
        cycle_momentum: bool,
        /// $\mu_{base}$: momentum at the peak rate.
        base_momentum: f64,
        /// $\mu_{max}$: momentum at the lowest rate.
        max_momentum: f64,
    },
    /// `OneCycleLR(max_lr, total_steps, pct_start=0.3, anneal_strategy="cos", cycle_momentum=True,
    /// base_momentum=0.85, max_momentum=0.95, div_factor=25, final_div_factor=1e4, three_phase=False)`
    /// (replaces the optimizer's rate): from $\eta_{max}/\text{div}$ up to $\eta_{max}$ over the phase ending at
    /// step $e_1 = p\,N - 1$, then down to $\eta_{max}/(\text{div}\cdot\text{final\_div})$ at step $N - 1$
    /// (three-phase: back to $\eta_{max}/\text{div}$ at $e_2 = 2pN - 2$ first), interpolating with
    /// $\text{pct} = (t - e_{k-1})/(e_k - e_{k-1})$; momentum runs the other way between $\mu_{max}$ and $\mu_{base}$.
    /// At $t = N$ PyTorch extrapolates the last phase (pct > 1), which we match; past $N$ PyTorch raises, and we
    /// hold the final rate $\eta_{max}/(\text{div}\cdot\text{final\_div})$ and momentum $\mu_{max}$ instead.
    OneCycleLR {
        /// $\eta_{max}$.
        max_lr: f64,
        /// $N$: length of the cycle in updates.
        total_steps: u64,
        /// $p \in (0, 1)$: fraction of the cycle spent rising (with $pN > 1$).
        pct_start: f64,
        /// Interpolation between phase end points.
        anneal_strategy: Anneal,
        /// Cycle the momentum (SGD) or $\beta_1$ (Adam) inversely to the rate.
        cycle_momentum: bool,
        /// $\mu_{base}$: momentum at the peak rate.
        base_momentum: f64,
        /// $\mu_{max}$: momentum at the start and end.
        max_momentum: f64,
        /// div: the starting rate is $\eta_{max}/\text{div}$.
        div_factor: f64,
        /// final_div: the final rate is the starting rate divided by it.
        final_div_factor: f64,
        /// Rise, fall back to the starting rate, then anneal to the final rate.
        three_phase: bool,
    },
    /// `SequentialLR(schedulers, milestones)`: $\eta_t = S_k(t - m_k)$ where $k = \#\{m_i \le t\}$ and $m_0 = 0$:
    /// at each milestone the next scheduler restarts from its own step 0 (PyTorch calls its `step(0)`), and every
    /// child starts from the optimizer's $\eta_0$.
    SequentialLR {
        /// The chained schedulers (types in [`SEQUENTIAL_CHILD_TYPES`]).
        schedulers: Vec<ScheduleConfig>,
        /// Strictly increasing milestones $\ge 1$, one fewer than schedulers.
        milestones: Vec<u64>,
    },
    /// `ReduceLROnPlateau(mode="min", factor=0.1, patience=10, threshold=1e-4, threshold_mode="rel", cooldown=0,
    /// min_lr=0, eps=1e-8)`: after each metric, count a bad update if it is not better than the best so far
    /// (see [`ThresholdMode`]); bad updates seen during a cooldown are forgotten; after more than `patience` bad
    /// updates, $\eta \leftarrow \max(\eta f, \eta_{\min})$ (only if that lowers it by more than $\epsilon$) and
    /// a cooldown of `cooldown` updates starts.
    ReduceLROnPlateau {
        /// Minimize or maximize the metric.
        mode: PlateauMode,
        /// $f \in (0, 1)$.
        factor: f64,
        /// Bad updates tolerated before reducing.
        patience: u64,
        /// Minimum improvement that counts.
        threshold: f64,
        /// Relative or absolute improvement.
        threshold_mode: ThresholdMode,
        /// Updates after a reduction during which bad updates are not counted.
        cooldown: u64,
        /// $\eta_{\min}$.
        min_lr: f64,
        /// $\epsilon$: smallest reduction applied.
        eps: f64,
    },
    /// `keras.optimizers.schedules.ExponentialDecay(initial_learning_rate, decay_steps, decay_rate, staircase=False)`:
    /// $\eta_t = \eta_i\, r^{t/D}$ ($\lfloor t/D \rfloor$ with staircase).
    ExponentialDecay {
        /// $\eta_i$ (the optimizer's `lr` is ignored).
        initial_learning_rate: f64,
        /// $D > 0$.
        decay_steps: f64,
        /// $r$.
        decay_rate: f64,
        /// Decay in whole periods.
        staircase: bool,
    },
    /// `InverseTimeDecay(initial_learning_rate, decay_steps, decay_rate, staircase=False)`:
    /// $\eta_t = \eta_i / (1 + r\,t/D)$ ($\lfloor t/D \rfloor$ with staircase); with $D = 1$ this is the old
    /// Keras SGD `decay=` argument, $\eta/(1 + \text{decay}\cdot t)$.
    InverseTimeDecay {
        /// $\eta_i$.
        initial_learning_rate: f64,
        /// $D > 0$.
        decay_steps: f64,
        /// $r \ge 0$.
        decay_rate: f64,
        /// Decay in whole periods.
        staircase: bool,
    },
    /// `PiecewiseConstantDecay(boundaries, values)`: $\eta_t = v_0$ for $t \le b_0$, $v_k$ for
    /// $b_{k-1} < t \le b_k$, $v_n$ for $t > b_{n-1}$.
    PiecewiseConstantDecay {
        /// Strictly increasing boundaries $b_k$.
        boundaries: Vec<f64>,
        /// Rates $v_k$, one more than boundaries.
        values: Vec<f64>,
    },
    /// `PolynomialDecay(initial_learning_rate, decay_steps, end_learning_rate=1e-4, power=1.0, cycle=False)`:
    /// $\eta_t = (\eta_i - \eta_e)(1 - \min(t, D)/D)^p + \eta_e$; with cycle, $D$ becomes
    /// $D\lceil t/D \rceil$ (and $D$ at $t = 0$) instead of clamping $t$.
    PolynomialDecay {
        /// $\eta_i$.
        initial_learning_rate: f64,
        /// $D > 0$.
        decay_steps: f64,
        /// $\eta_e$.
        end_learning_rate: f64,
        /// $p \ge 0$.
        power: f64,
        /// Restart the decay every $D$ steps (from a rate that shrinks).
        cycle: bool,
    },
    /// `CosineDecay(initial_learning_rate, decay_steps, alpha=0, warmup_target=None, warmup_steps=0)`:
    /// $\eta_t = \eta_i\big((1 - \alpha)\tfrac{1 + \cos(\pi \min(t, D)/D)}{2} + \alpha\big)$; with a warmup target
    /// $\eta_w$: linear from $\eta_i$ to $\eta_w$ over $W$ steps, then the same decay from $\eta_w$ at $t - W$.
    CosineDecay {
        /// $\eta_i$.
        initial_learning_rate: f64,
        /// $D > 0$.
        decay_steps: f64,
        /// $\alpha \in [0, 1]$: the floor as a fraction of the decayed-from rate.
        alpha: f64,
        /// $\eta_w$: rate reached at the end of the warmup (none: no warmup).
        warmup_target: Option<f64>,
        /// $W$: warmup length in steps.
        warmup_steps: f64,
    },
    /// `CosineDecayRestarts(initial_learning_rate, first_decay_steps, t_mul=2.0, m_mul=1.0, alpha=0)` (SGDR):
    /// with $f = t/D$, restart index $i$ (the largest with $\sum_{j<i} \tau^j \le f$) and
    /// $\phi = (f - \sum_{j<i}\tau^j)/\tau^i$: $\eta_t = \eta_i\big((1 - \alpha)\, m^i \tfrac{1 + \cos \pi\phi}{2} + \alpha\big)$.
    CosineDecayRestarts {
        /// $\eta_i$.
        initial_learning_rate: f64,
        /// $D > 0$: first period.
        first_decay_steps: f64,
        /// $\tau \ge 1$: period growth per restart.
        t_mul: f64,
        /// $m$: peak growth per restart.
        m_mul: f64,
        /// $\alpha \in [0, 1]$.
        alpha: f64,
    },
}

// ----- reading configs -----

fn lr_field(o: &Obj, key: &str, default: Option<f64>) -> ConfigResult<f64> {
    o.num(key, default, LR_RANGE)
}

fn count(o: &Obj, key: &str, default: Option<i64>, lo: i64) -> ConfigResult<u64> {
    // The range check makes the value non-negative, so the cast is exact.
    o.int(key, default, lo, MAX_ITERS).map(|n| n as u64)
}

/// A list of whole numbers, strictly increasing, each in `[lo, MAX_ITERS]`.
fn increasing_counts(o: &Obj, key: &str, lo: i64, min_len: usize) -> ConfigResult<Vec<u64>> {
    let path = o.field_path(key);
    let list = o.ints(key, None, lo, MAX_ITERS, MAX_LIST)?;
    if list.len() < min_len {
        return config::err(
            &path,
            format!("an array of {} items", list.len()),
            format!("at least {min_len} milestones"),
        );
    }
    for (i, w) in list.windows(2).enumerate() {
        if w[1] <= w[0] {
            return config::err(
                &format!("{path}[{}]", i + 1),
                w[1].to_string(),
                format!("a milestone greater than the previous one ({})", w[0]),
            );
        }
    }
    Ok(list.into_iter().map(|n| n as u64).collect())
}

impl ScheduleConfig {
    /// Read `{ type, ...keyword arguments }` (PyTorch / Keras names and defaults).
    pub fn from_value(path: &str, v: &Value) -> ConfigResult<ScheduleConfig> {
        read(path, v, &SCHEDULE_TYPES)
    }

    /// The class name, as in configs.
    pub fn type_name(&self) -> &'static str {
        match self {
            ScheduleConfig::StepLR { .. } => "StepLR",
            ScheduleConfig::MultiStepLR { .. } => "MultiStepLR",
            ScheduleConfig::ConstantLR { .. } => "ConstantLR",
            ScheduleConfig::LinearLR { .. } => "LinearLR",
            ScheduleConfig::ExponentialLR { .. } => "ExponentialLR",
            ScheduleConfig::PolynomialLR { .. } => "PolynomialLR",
            ScheduleConfig::CosineAnnealingLR { .. } => "CosineAnnealingLR",
            ScheduleConfig::CosineAnnealingWarmRestarts { .. } => "CosineAnnealingWarmRestarts",
            ScheduleConfig::CyclicLR { .. } => "CyclicLR",
            ScheduleConfig::OneCycleLR { .. } => "OneCycleLR",
            ScheduleConfig::SequentialLR { .. } => "SequentialLR",
            ScheduleConfig::ReduceLROnPlateau { .. } => "ReduceLROnPlateau",
            ScheduleConfig::ExponentialDecay { .. } => "ExponentialDecay",
            ScheduleConfig::InverseTimeDecay { .. } => "InverseTimeDecay",
            ScheduleConfig::PiecewiseConstantDecay { .. } => "PiecewiseConstantDecay",
            ScheduleConfig::PolynomialDecay { .. } => "PolynomialDecay",
            ScheduleConfig::CosineDecay { .. } => "CosineDecay",
            ScheduleConfig::CosineDecayRestarts { .. } => "CosineDecayRestarts",
        }
    }

    /// Whether this schedule also sets the momentum (SGD) or $\beta_1$ (Adam): `CyclicLR` / `OneCycleLR` with
    /// `cycle_momentum`.
    pub fn cycles_momentum(&self) -> bool {
        match self {
            ScheduleConfig::CyclicLR { cycle_momentum, .. } | ScheduleConfig::OneCycleLR { cycle_momentum, .. } => {
                *cycle_momentum
            }
            _ => false,
        }
    }
}

/// Read one schedule whose `type` must be among `types`.
fn read(path: &str, v: &Value, types: &[&str]) -> ConfigResult<ScheduleConfig> {
    let o = config::object(path, v)?;
    let kind = o.kind(types)?;
    Ok(match kind.as_str() {
        "StepLR" => {
            o.only(&["type", "step_size", "gamma"])?;
            ScheduleConfig::StepLR {
                step_size: count(&o, "step_size", None, 1)?,
                gamma: o.num("gamma", Some(0.1), GAMMA_RANGE)?,
            }
        }
        "MultiStepLR" => {
            o.only(&["type", "milestones", "gamma"])?;
            ScheduleConfig::MultiStepLR {
                milestones: increasing_counts(&o, "milestones", 0, 0)?,
                gamma: o.num("gamma", Some(0.1), GAMMA_RANGE)?,
            }
        }
        "ConstantLR" => {
            o.only(&["type", "factor", "total_iters"])?;
            ScheduleConfig::ConstantLR {
                factor: o.num("factor", Some(1.0 / 3.0), Range::OpenClosed(0.0, 1.0))?,
                total_iters: count(&o, "total_iters", Some(5), 1)?,
            }
        }
        "LinearLR" => {
            o.only(&["type", "start_factor", "end_factor", "total_iters"])?;
            ScheduleConfig::LinearLR {
                start_factor: o.num("start_factor", Some(1.0 / 3.0), Range::OpenClosed(0.0, 1.0))?,
                end_factor: o.num("end_factor", Some(1.0), Range::Closed(0.0, 1.0))?,
                total_iters: count(&o, "total_iters", Some(5), 1)?,
            }
        }
        "ExponentialLR" => {
            o.only(&["type", "gamma"])?;
            ScheduleConfig::ExponentialLR { gamma: o.num("gamma", None, GAMMA_RANGE)? }
        }
        "PolynomialLR" => {
            o.only(&["type", "total_iters", "power"])?;
            ScheduleConfig::PolynomialLR {
                total_iters: count(&o, "total_iters", Some(5), 1)?,
                power: o.num("power", Some(1.0), Range::Closed(0.0, 100.0))?,
            }
        }
        "CosineAnnealingLR" => {
            o.only(&["type", "T_max", "eta_min"])?;
            ScheduleConfig::CosineAnnealingLR {
                t_max: count(&o, "T_max", None, 1)?,
                eta_min: lr_field(&o, "eta_min", Some(0.0))?,
            }
        }
        "CosineAnnealingWarmRestarts" => {
            o.only(&["type", "T_0", "T_mult", "eta_min"])?;
            ScheduleConfig::CosineAnnealingWarmRestarts {
                t_0: count(&o, "T_0", None, 1)?,
                t_mult: o.int("T_mult", Some(1), 1, 1000)? as u64,
                eta_min: lr_field(&o, "eta_min", Some(0.0))?,
            }
        }
        "CyclicLR" => read_cyclic(&o)?,
        "OneCycleLR" => read_one_cycle(&o)?,
        "SequentialLR" => {
            o.only(&["type", "schedulers", "milestones"])?;
            let list_path = o.field_path("schedulers");
            let allowed = format!("an array of 1 to {MAX_LIST} schedulers {{type, ...}}");
            let items = match o.get("schedulers") {
                Some(Value::Arr(items)) if !items.is_empty() && items.len() <= MAX_LIST => items,
                Some(other) => return config::err(&list_path, other.describe(), allowed),
                None => return config::err(&list_path, "missing", allowed),
            };
            let schedulers = items
                .iter()
                .enumerate()
                .map(|(i, item)| read(&format!("{list_path}[{i}]"), item, &SEQUENTIAL_CHILD_TYPES))
                .collect::<ConfigResult<Vec<_>>>()?;
            let milestones = increasing_counts(&o, "milestones", 1, 0)?;
            if milestones.len() + 1 != schedulers.len() {
                return config::err(
                    &o.field_path("milestones"),
                    format!("an array of {} items", milestones.len()),
                    format!("{} milestones (one fewer than the {} schedulers)", schedulers.len() - 1, schedulers.len()),
                );
            }
            ScheduleConfig::SequentialLR { schedulers, milestones }
        }
        "ReduceLROnPlateau" => {
            o.only(&[
                "type",
                "mode",
                "factor",
                "patience",
                "threshold",
                "threshold_mode",
                "cooldown",
                "min_lr",
                "eps",
            ])?;
            let mode = match o.choice("mode", &["min", "max"], Some("min"))?.as_str() {
                "max" => PlateauMode::Max,
                _ => PlateauMode::Min,
            };
            let threshold_mode = match o.choice("threshold_mode", &["rel", "abs"], Some("rel"))?.as_str() {
                "abs" => ThresholdMode::Abs,
                _ => ThresholdMode::Rel,
            };
            let threshold_range = match threshold_mode {
                ThresholdMode::Rel => Range::ClosedOpen(0.0, 1.0),
                ThresholdMode::Abs => Range::Closed(0.0, 1e12),
            };
            ScheduleConfig::ReduceLROnPlateau {
                mode,
                factor: o.num("factor", Some(0.1), Range::Open(0.0, 1.0))?,
                patience: count(&o, "patience", Some(10), 0)?,
                threshold: o.num("threshold", Some(1e-4), threshold_range)?,
                threshold_mode,
                cooldown: count(&o, "cooldown", Some(0), 0)?,
                min_lr: lr_field(&o, "min_lr", Some(0.0))?,
                eps: o.num("eps", Some(1e-8), Range::Closed(0.0, 1.0))?,
            }
        }
        "ExponentialDecay" | "InverseTimeDecay" => {
            o.only(&["type", "initial_learning_rate", "decay_steps", "decay_rate", "staircase"])?;
            let initial_learning_rate = lr_field(&o, "initial_learning_rate", None)?;
            let decay_steps = o.num("decay_steps", None, Range::OpenClosed(0.0, MAX_ITERS as f64))?;
            let staircase = o.flag("staircase", false)?;
            if kind == "ExponentialDecay" {
                let decay_rate = o.num("decay_rate", None, GAMMA_RANGE)?;
                ScheduleConfig::ExponentialDecay { initial_learning_rate, decay_steps, decay_rate, staircase }
            } else {
                let decay_rate = o.num("decay_rate", None, Range::Closed(0.0, 1e6))?;
                ScheduleConfig::InverseTimeDecay { initial_learning_rate, decay_steps, decay_rate, staircase }
            }
        }
        "PiecewiseConstantDecay" => {
            o.only(&["type", "boundaries", "values"])?;
            let path = o.field_path("boundaries");
            let boundaries = o.nums("boundaries", None, Range::Closed(0.0, MAX_ITERS as f64), 1, MAX_LIST)?;
            for (i, w) in boundaries.windows(2).enumerate() {
                if w[1] <= w[0] {
                    return config::err(
                        &format!("{path}[{}]", i + 1),
                        config::fmt_num(w[1]),
                        format!("a boundary greater than the previous one ({})", config::fmt_num(w[0])),
                    );
                }
            }
            let n = boundaries.len() + 1;
            let values = o.nums("values", None, LR_RANGE, n, n)?;
            ScheduleConfig::PiecewiseConstantDecay { boundaries, values }
        }
        "PolynomialDecay" => {
            o.only(&["type", "initial_learning_rate", "decay_steps", "end_learning_rate", "power", "cycle"])?;
            ScheduleConfig::PolynomialDecay {
                initial_learning_rate: lr_field(&o, "initial_learning_rate", None)?,
                decay_steps: o.num("decay_steps", None, Range::OpenClosed(0.0, MAX_ITERS as f64))?,
                end_learning_rate: lr_field(&o, "end_learning_rate", Some(1e-4))?,
                power: o.num("power", Some(1.0), Range::Closed(0.0, 100.0))?,
                cycle: o.flag("cycle", false)?,
            }
        }
        "CosineDecay" => {
            o.only(&["type", "initial_learning_rate", "decay_steps", "alpha", "warmup_target", "warmup_steps"])?;
            let warmup_target = match o.get("warmup_target") {
                Some(v) => Some(config::number(&o.field_path("warmup_target"), v, LR_RANGE)?),
                None => None,
            };
            ScheduleConfig::CosineDecay {
                initial_learning_rate: lr_field(&o, "initial_learning_rate", None)?,
                decay_steps: o.num("decay_steps", None, Range::OpenClosed(0.0, MAX_ITERS as f64))?,
                alpha: o.num("alpha", Some(0.0), Range::Closed(0.0, 1.0))?,
                warmup_target,
                warmup_steps: count(&o, "warmup_steps", Some(0), 0)? as f64,
            }
        }
        "CosineDecayRestarts" => {
            o.only(&["type", "initial_learning_rate", "first_decay_steps", "t_mul", "m_mul", "alpha"])?;
            ScheduleConfig::CosineDecayRestarts {
                initial_learning_rate: lr_field(&o, "initial_learning_rate", None)?,
                first_decay_steps: o.num("first_decay_steps", None, Range::OpenClosed(0.0, MAX_ITERS as f64))?,
                t_mul: o.num("t_mul", Some(2.0), Range::Closed(1.0, 1000.0))?,
                m_mul: o.num("m_mul", Some(1.0), Range::Closed(0.0, 10.0))?,
                alpha: o.num("alpha", Some(0.0), Range::Closed(0.0, 1.0))?,
            }
        }
        // `kind` only returns names in `types`, which are all handled above.
        other => return config::err(&o.field_path("type"), format!("\"{other}\""), "a schedule type"),
    })
}

fn read_cyclic(o: &Obj) -> ConfigResult<ScheduleConfig> {
    o.only(&[
        "type",
        "base_lr",
        "max_lr",
        "step_size_up",
        "step_size_down",
        "mode",
        "gamma",
        "scale_mode",
        "cycle_momentum",
        "base_momentum",
        "max_momentum",
    ])?;
    let mode = match o.choice("mode", &["triangular", "triangular2", "exp_range"], Some("triangular"))?.as_str() {
        "triangular2" => CyclicMode::Triangular2,
        "exp_range" => CyclicMode::ExpRange,
        _ => CyclicMode::Triangular,
    };
    // PyTorch overwrites scale_mode for its three built-in modes; accept it only where it agrees.
    if let Some(v) = o.get("scale_mode") {
        let wanted = mode.scale_mode();
        if *v != Value::Str(wanted.to_string()) {
            return config::err(
                &o.field_path("scale_mode"),
                v.describe(),
                format!("\"{wanted}\" (PyTorch derives scale_mode from mode \"{}\"; omit it)", mode.name()),
            );
        }
    }
    let step_size_up = count(o, "step_size_up", Some(2000), 1)?;
    let step_size_down = match o.get("step_size_down") {
        Some(v) => config::integer(&o.field_path("step_size_down"), v, 1, MAX_ITERS)? as u64,
        None => step_size_up,
    };
    Ok(ScheduleConfig::CyclicLR {
        base_lr: lr_field(o, "base_lr", None)?,
        max_lr: lr_field(o, "max_lr", None)?,
        step_size_up,
        step_size_down,
        mode,
        gamma: o.num("gamma", Some(1.0), GAMMA_RANGE)?,
        cycle_momentum: o.flag("cycle_momentum", true)?,
        base_momentum: o.num("base_momentum", Some(0.8), MOMENTUM_RANGE)?,
        max_momentum: o.num("max_momentum", Some(0.9), MOMENTUM_RANGE)?,
    })
}

fn read_one_cycle(o: &Obj) -> ConfigResult<ScheduleConfig> {
    o.only(&[
        "type",
        "max_lr",
        "total_steps",
        "pct_start",
        "anneal_strategy",
        "cycle_momentum",
        "base_momentum",
        "max_momentum",
        "div_factor",
        "final_div_factor",
        "three_phase",
    ])?;
    let total_steps = count(o, "total_steps", None, 1)?;
    let pct_start = o.num("pct_start", Some(0.3), Range::Open(0.0, 1.0))?;
    let three_phase = o.flag("three_phase", false)?;
    // PyTorch divides by each phase's length (a zero-length phase raises ZeroDivisionError, a negative one runs
    // backwards): require every phase to have positive length.
    if phase_ends(total_steps, pct_start, three_phase).is_none() {
        let allowed = if three_phase {
            "a number with 1 < pct_start * total_steps < (total_steps + 1) / 2 (each of the three phases needs at least one step)"
        } else {
            "a number with pct_start * total_steps > 1 (the warm-up phase needs at least one step)"
        };
        return config::err(
            &o.field_path("pct_start"),
            format!("{} with total_steps = {total_steps}", config::fmt_num(pct_start)),
            allowed,
        );
    }
    Ok(ScheduleConfig::OneCycleLR {
        max_lr: lr_field(o, "max_lr", None)?,
        total_steps,
        pct_start,
        anneal_strategy: match o.choice("anneal_strategy", &["cos", "linear"], Some("cos"))?.as_str() {
            "linear" => Anneal::Linear,
            _ => Anneal::Cos,
        },
        cycle_momentum: o.flag("cycle_momentum", true)?,
        base_momentum: o.num("base_momentum", Some(0.85), MOMENTUM_RANGE)?,
        max_momentum: o.num("max_momentum", Some(0.95), MOMENTUM_RANGE)?,
        div_factor: o.num("div_factor", Some(25.0), Range::Closed(1e-6, 1e12))?,
        final_div_factor: o.num("final_div_factor", Some(1e4), Range::Closed(1e-6, 1e12))?,
        three_phase,
    })
}

/// `OneCycleLR`'s phase end steps (the last phase ends at `total_steps - 1`), as PyTorch computes them, or `None`
/// when some phase would not be longer than the previous one ends.
fn phase_ends(total_steps: u64, pct_start: f64, three_phase: bool) -> Option<([f64; 3], usize)> {
    let n = total_steps as f64;
    // formula: e_1 = pct_start * N - 1, (three-phase) e_2 = 2 pct_start * N - 2, e_last = N - 1
    let ends = if three_phase {
        ([pct_start * n - 1.0, 2.0 * pct_start * n - 2.0, n - 1.0], 3)
    } else {
        ([pct_start * n - 1.0, n - 1.0, 0.0], 2)
    };
    let mut start = 0.0;
    for &end in &ends.0[..ends.1] {
        if end.is_nan() || end <= start {
            return None;
        }
        start = end;
    }
    Some(ends)
}

// ----- evaluating: closed forms of t -----

/// $x^y$ as Python's `**` and `torch.pow` give it for the cases reachable here.
fn pow(x: f64, y: f64) -> f64 {
    x.powf(y)
}

/// `_annealing_cos` / `_annealing_linear` of `OneCycleLR`.
fn anneal(strategy: Anneal, start: f64, end: f64, pct: f64) -> f64 {
    match strategy {
        // formula: end + (start - end)/2 * (cos(pi pct) + 1)
        Anneal::Cos => end + (start - end) / 2.0 * ((PI * pct).cos() + 1.0),
        // formula: (end - start) * pct + start
        Anneal::Linear => (end - start) * pct + start,
    }
}

/// Half-cosine from 1 (at `frac = 0`) to 0 (at `frac = 1`): $(1 + \cos \pi\,\text{frac})/2$.
fn half_cosine(frac: f64) -> f64 {
    // formula: (1 + cos(pi frac)) / 2
    (1.0 + (PI * frac).cos()) / 2.0
}

/// Rate (and momentum, for the cyclic schedules) after `t` updates, for every schedule but `ReduceLROnPlateau`
/// (which returns `base_lr`: its rate depends on the metrics, see [`Scheduler`]).
fn eval(cfg: &ScheduleConfig, base_lr: f64, t: u64) -> (f64, Option<f64>) {
    let tf = t as f64;
    let lr = match cfg {
        // formula: eta_0 gamma^floor(t / s)
        ScheduleConfig::StepLR { step_size, gamma } => base_lr * pow(*gamma, (t / step_size.max(&1)) as f64),
        // formula: eta_0 gamma^#{m <= t}
        ScheduleConfig::MultiStepLR { milestones, gamma } => {
            base_lr * pow(*gamma, milestones.partition_point(|m| *m <= t) as f64)
        }
        // formula: eta_0 f (t < T), eta_0 (t >= T)
        ScheduleConfig::ConstantLR { factor, total_iters } => base_lr * if t < *total_iters { *factor } else { 1.0 },
        // formula: eta_0 (a + (b - a) min(t, T) / T)
        ScheduleConfig::LinearLR { start_factor, end_factor, total_iters } => {
            base_lr * (start_factor + (end_factor - start_factor) * t.min(*total_iters) as f64 / *total_iters as f64)
        }
        // formula: eta_0 gamma^t
        ScheduleConfig::ExponentialLR { gamma } => base_lr * pow(*gamma, tf),
        // formula: eta_0 (1 - min(t, T)/T)^p
        ScheduleConfig::PolynomialLR { total_iters, power } => {
            base_lr * pow(1.0 - t.min(*total_iters) as f64 / *total_iters as f64, *power)
        }
        // formula: eta_min + (eta_0 - eta_min) (1 + cos(pi t / T_max)) / 2
        ScheduleConfig::CosineAnnealingLR { t_max, eta_min } => {
            // Reduce t modulo the period 2 T_max first so cos's argument stays small for long runs.
            let t_mod = t % t_max.saturating_mul(2).max(1);
            eta_min + (base_lr - eta_min) * half_cosine(t_mod as f64 / *t_max as f64)
        }
        ScheduleConfig::CosineAnnealingWarmRestarts { t_0, t_mult, eta_min } => {
            let (t_cur, t_i) = warm_restart_position(t, *t_0, *t_mult);
            // formula: eta_min + (eta_0 - eta_min) (1 + cos(pi T_cur / T_i)) / 2
            eta_min + (base_lr - eta_min) * (1.0 + (PI * t_cur as f64 / t_i as f64).cos()) / 2.0
        }
        ScheduleConfig::CyclicLR { .. } => return cyclic(cfg, t),
        ScheduleConfig::OneCycleLR { .. } => return one_cycle(cfg, t),
        ScheduleConfig::SequentialLR { schedulers, milestones } => {
            // formula: k = #{m <= t}; eta_t = S_k(t - m_k)
            let k = milestones.partition_point(|m| *m <= t);
            let since = if k == 0 { 0 } else { milestones.get(k - 1).copied().unwrap_or(0) };
            match schedulers.get(k) {
                Some(child) => return eval(child, base_lr, t - since.min(t)),
                None => base_lr,
            }
        }
        ScheduleConfig::ReduceLROnPlateau { .. } => base_lr,
        ScheduleConfig::ExponentialDecay { initial_learning_rate, decay_steps, decay_rate, staircase } => {
            // formula: p = t / D (floored with staircase); eta_i r^p
            let p = periods(tf, *decay_steps, *staircase);
            initial_learning_rate * pow(*decay_rate, p)
        }
        ScheduleConfig::InverseTimeDecay { initial_learning_rate, decay_steps, decay_rate, staircase } => {
            // formula: p = t / D (floored with staircase); eta_i / (1 + r p)
            let p = periods(tf, *decay_steps, *staircase);
            initial_learning_rate / (1.0 + decay_rate * p)
        }
        ScheduleConfig::PiecewiseConstantDecay { boundaries, values } => {
            // formula: v_k with k = #{b < t}
            let k = boundaries.partition_point(|b| *b < tf);
            values.get(k).copied().unwrap_or(0.0)
        }
        ScheduleConfig::PolynomialDecay { initial_learning_rate, decay_steps, end_learning_rate, power, cycle } => {
            let (step, horizon) = if *cycle {
                // formula: D' = D ceil(t / D), with D' = D at t = 0
                let multiplier = if t == 0 { 1.0 } else { (tf / decay_steps).ceil() };
                (tf, decay_steps * multiplier)
            } else {
                (tf.min(*decay_steps), *decay_steps)
            };
            // formula: (eta_i - eta_e) (1 - t/D)^p + eta_e
            (initial_learning_rate - end_learning_rate) * pow(1.0 - step / horizon, *power) + end_learning_rate
        }
        ScheduleConfig::CosineDecay { initial_learning_rate, decay_steps, alpha, warmup_target, warmup_steps } => {
            match warmup_target {
                None => cosine_decay(tf.min(*decay_steps), *decay_steps, *initial_learning_rate, *alpha),
                Some(target) => {
                    let step = tf.min(decay_steps + warmup_steps);
                    if step < *warmup_steps {
                        // formula: eta_i + (eta_w - eta_i) t / W
                        (target - initial_learning_rate) * (step / warmup_steps) + initial_learning_rate
                    } else {
                        cosine_decay(step - warmup_steps, *decay_steps, *target, *alpha)
                    }
                }
            }
        }
        ScheduleConfig::CosineDecayRestarts { initial_learning_rate, first_decay_steps, t_mul, m_mul, alpha } => {
            let (i_restart, frac) = restart_position(tf / first_decay_steps, *t_mul);
            // formula: eta_i ((1 - alpha) m^i (1 + cos(pi phi)) / 2 + alpha)
            let cosine_decayed = 0.5 * pow(*m_mul, i_restart) * (1.0 + (PI * frac).cos());
            initial_learning_rate * ((1.0 - alpha) * cosine_decayed + alpha)
        }
    };
    (lr, None)
}

/// Keras' decay exponent: $t/D$, floored with staircase.
fn periods(t: f64, decay_steps: f64, staircase: bool) -> f64 {
    let p = t / decay_steps;
    if staircase {
        p.floor()
    } else {
        p
    }
}

/// Keras `CosineDecay._decay_function`: $\eta\,((1 - \alpha)(1 + \cos(\pi t/D))/2 + \alpha)$.
fn cosine_decay(step: f64, decay_steps: f64, from_lr: f64, alpha: f64) -> f64 {
    // formula: c = 0.5 (1 + cos(pi t / D)); eta ((1 - alpha) c + alpha)
    let cosine_decayed = 0.5 * (1.0 + (PI * (step / decay_steps)).cos());
    from_lr * ((1.0 - alpha) * cosine_decayed + alpha)
}

/// `CosineAnnealingWarmRestarts`' $(T_{cur}, T_i)$ after `t` updates: walk the periods $T_0, T_0 T_{mult}, \dots$
/// (as PyTorch's step does one update at a time; logarithmically many periods).
fn warm_restart_position(t: u64, t_0: u64, t_mult: u64) -> (u64, u64) {
    let t_0 = t_0.max(1);
    if t_mult <= 1 {
        return (t % t_0, t_0);
    }
    let (mut t_cur, mut t_i) = (t, t_0);
    while t_cur >= t_i {
        t_cur -= t_i;
        t_i = t_i.saturating_mul(t_mult);
    }
    (t_cur, t_i)
}

/// Keras `CosineDecayRestarts`' restart index $i$ and position $\phi \in [0, 1)$ in the current period, given
/// $f = t / D$. Keras takes $i = \lfloor \log(1 - f(1 - \tau)) / \log \tau \rfloor$; we correct that by one
/// where rounding puts it on the wrong side of a restart (Keras, in float32, can land either way there).
fn restart_position(frac: f64, t_mul: f64) -> (f64, f64) {
    if t_mul == 1.0 {
        // formula: i = floor(f), phi = f - i
        let i = frac.floor();
        return (i, frac - i);
    }
    // formula: sum_{j<i} tau^j = (1 - tau^i) / (1 - tau)
    let before = |i: f64| (1.0 - pow(t_mul, i)) / (1.0 - t_mul);
    // formula: i = floor(log(1 - f (1 - tau)) / log tau)
    let mut i = ((1.0 - frac * (1.0 - t_mul)).ln() / t_mul.ln()).floor().max(0.0);
    if before(i) > frac && i > 0.0 {
        i -= 1.0;
    } else if before(i + 1.0) <= frac {
        i += 1.0;
    }
    // formula: phi = (f - sum_{j<i} tau^j) / tau^i
    (i, (frac - before(i)) / pow(t_mul, i))
}

/// `CyclicLR.get_lr` (which also sets the momentum).
fn cyclic(cfg: &ScheduleConfig, t: u64) -> (f64, Option<f64>) {
    let ScheduleConfig::CyclicLR {
        base_lr,
        max_lr,
        step_size_up,
        step_size_down,
        mode,
        gamma,
        cycle_momentum,
        base_momentum,
        max_momentum,
    } = cfg
    else {
        return (0.0, None);
    };
    let tf = t as f64;
    // formula: L = u + d, r = u / L
    let total_size = *step_size_up as f64 + *step_size_down as f64;
    let step_ratio = *step_size_up as f64 / total_size;
    // formula: c = floor(1 + t / L), x = 1 + t / L - c
    let cycle = (1.0 + tf / total_size).floor();
    let x = 1.0 + tf / total_size - cycle;
    // formula: s = x / r (rising), (x - 1) / (r - 1) (falling)
    let scale_factor = if x <= step_ratio { x / step_ratio } else { (x - 1.0) / (step_ratio - 1.0) };
    // formula: k = 1 | 1 / 2^(c - 1) | gamma^t
    let scale = match mode {
        CyclicMode::Triangular => 1.0,
        CyclicMode::Triangular2 => 1.0 / pow(2.0, cycle - 1.0),
        CyclicMode::ExpRange => pow(*gamma, tf),
    };
    // formula: eta = eta_base + (eta_max - eta_base) s k
    let lr = base_lr + (max_lr - base_lr) * scale_factor * scale;
    // formula: mu = mu_max - (mu_max - mu_base) s k
    let momentum = cycle_momentum.then(|| max_momentum - (max_momentum - base_momentum) * scale_factor * scale);
    (lr, momentum)
}

/// `OneCycleLR.get_lr` (which also sets the momentum); past `total_steps`, the final values (PyTorch raises).
fn one_cycle(cfg: &ScheduleConfig, t: u64) -> (f64, Option<f64>) {
    let ScheduleConfig::OneCycleLR {
        max_lr,
        total_steps,
        pct_start,
        anneal_strategy,
        cycle_momentum,
        base_momentum,
        max_momentum,
        div_factor,
        final_div_factor,
        three_phase,
    } = cfg
    else {
        return (0.0, None);
    };
    // formula: eta_start = eta_max / div, eta_final = eta_start / final_div
    let initial_lr = max_lr / div_factor;
    let min_lr = initial_lr / final_div_factor;
    let momentum = |m: f64| cycle_momentum.then_some(m);
    let Some((ends, n)) = phase_ends(*total_steps, *pct_start, *three_phase) else {
        return (min_lr, momentum(*max_momentum));
    };
    if t > *total_steps {
        return (min_lr, momentum(*max_momentum));
    }
    // (start lr, end lr, start momentum, end momentum) of each phase
    let phases = if *three_phase {
        [
            (initial_lr, *max_lr, *max_momentum, *base_momentum),
            (*max_lr, initial_lr, *base_momentum, *max_momentum),
            (initial_lr, min_lr, *max_momentum, *max_momentum),
        ]
    } else {
        [
            (initial_lr, *max_lr, *max_momentum, *base_momentum),
            (*max_lr, min_lr, *base_momentum, *max_momentum),
            (0.0, 0.0, 0.0, 0.0),
        ]
    };
    let step = t as f64;
    let mut start = 0.0;
    for (i, (&end, &(lr_a, lr_b, m_a, m_b))) in ends.iter().zip(phases.iter()).take(n).enumerate() {
        if step <= end || i == n - 1 {
            // formula: pct = (t - e_{k-1}) / (e_k - e_{k-1})
            let pct = (step - start) / (end - start);
            return (anneal(*anneal_strategy, lr_a, lr_b, pct), momentum(anneal(*anneal_strategy, m_a, m_b, pct)));
        }
        start = end;
    }
    (min_lr, momentum(*max_momentum))
}

// ----- stepping -----

/// `ReduceLROnPlateau`'s bookkeeping.
#[derive(Clone, Debug)]
struct PlateauState {
    best: f64,
    num_bad: u64,
    cooldown_counter: u64,
}

/// A schedule being stepped, like a torch scheduler attached to an optimizer: read [`Scheduler::lr`] (and
/// [`Scheduler::momentum`]) before each update, call [`Scheduler::step`] after it.
#[derive(Clone, Debug)]
pub struct Scheduler {
    cfg: ScheduleConfig,
    base_lr: f64,
    t: u64,
    lr: f64,
    momentum: Option<f64>,
    plateau: PlateauState,
}

impl Scheduler {
    /// Attach `cfg` to an optimizer whose `lr` is `base_lr` (ignored by `CyclicLR`, `OneCycleLR` and the Keras
    /// schedules, which set their own rates).
    pub fn new(cfg: &ScheduleConfig, base_lr: f64) -> Scheduler {
        let worst = match cfg {
            ScheduleConfig::ReduceLROnPlateau { mode: PlateauMode::Max, .. } => f64::NEG_INFINITY,
            _ => f64::INFINITY,
        };
        let (lr, momentum) = eval(cfg, base_lr, 0);
        Scheduler {
            cfg: cfg.clone(),
            base_lr,
            t: 0,
            lr,
            momentum,
            plateau: PlateauState { best: worst, num_bad: 0, cooldown_counter: 0 },
        }
    }

    /// The learning rate the next update uses.
    pub fn lr(&self) -> f64 {
        self.lr
    }

    /// The momentum (SGD) or $\beta_1$ (Adam) the next update uses, when the schedule cycles it.
    pub fn momentum(&self) -> Option<f64> {
        self.momentum
    }

    /// Updates made so far ($t$).
    pub fn steps(&self) -> u64 {
        self.t
    }

    /// Advance after an update. `ReduceLROnPlateau` reads `metric` (a non-finite metric counts as no improvement,
    /// as in PyTorch; `None` leaves its state unchanged); the other schedules ignore it.
    pub fn step(&mut self, metric: Option<f64>) {
        self.t = self.t.saturating_add(1);
        if let ScheduleConfig::ReduceLROnPlateau { .. } = self.cfg {
            if let Some(m) = metric {
                self.observe(m);
            }
            return;
        }
        let (lr, momentum) = eval(&self.cfg, self.base_lr, self.t);
        self.lr = lr;
        self.momentum = momentum;
    }

    /// `ReduceLROnPlateau.step(metrics)`.
    fn observe(&mut self, current: f64) {
        let ScheduleConfig::ReduceLROnPlateau {
            mode,
            factor,
            patience,
            threshold,
            threshold_mode,
            cooldown,
            min_lr,
            eps,
        } = self.cfg
        else {
            return;
        };
        let s = &mut self.plateau;
        // formula (min, rel): better iff a < best (1 - threshold); (min, abs): a < best - threshold; max mirrors
        let better = match (mode, threshold_mode) {
            (PlateauMode::Min, ThresholdMode::Rel) => current < s.best * (1.0 - threshold),
            (PlateauMode::Min, ThresholdMode::Abs) => current < s.best - threshold,
            (PlateauMode::Max, ThresholdMode::Rel) => current > s.best * (threshold + 1.0),
            (PlateauMode::Max, ThresholdMode::Abs) => current > s.best + threshold,
        };
        if better {
            s.best = current;
            s.num_bad = 0;
        } else {
            s.num_bad += 1;
        }
        if s.cooldown_counter > 0 {
            // bad updates during a cooldown are ignored
            s.cooldown_counter -= 1;
            s.num_bad = 0;
        }
        if s.num_bad > patience {
            // formula: eta <- max(eta f, eta_min), skipped unless it lowers eta by more than eps
            let new_lr = (self.lr * factor).max(min_lr);
            if self.lr - new_lr > eps {
                self.lr = new_lr;
            }
            s.cooldown_counter = cooldown;
            s.num_bad = 0;
        }
    }
}

/// A schedule evaluated over a run: `lrs[i]` (and `momentums[i]`) for update `i`, and the rate after the last step.
#[derive(Clone, Debug, PartialEq)]
pub struct ScheduleOut {
    /// The rate update `i` uses, `i = 0..steps`.
    pub lrs: Vec<f64>,
    /// The momentum / $\beta_1$ update `i` uses, for schedules that cycle it.
    pub momentums: Option<Vec<f64>>,
    /// The rate after the final `step()` (what update `steps` would use).
    pub lr_after_last_step: f64,
}

/// Step `cfg` through `steps` updates from an optimizer rate `base_lr`; `ReduceLROnPlateau` reads `metrics[i]`
/// after update `i` (at least `steps` finite values are required).
pub fn lr_schedule(
    cfg: &ScheduleConfig,
    base_lr: f64,
    steps: usize,
    metrics: Option<&[f64]>,
) -> ConfigResult<ScheduleOut> {
    if steps == 0 || steps > MAX_STEPS {
        return config::err("steps", steps.to_string(), format!("a whole number in [1, {MAX_STEPS}]"));
    }
    config::number("base_lr", &Value::Num(base_lr), LR_RANGE)?;
    let plateau = matches!(cfg, ScheduleConfig::ReduceLROnPlateau { .. });
    let metrics = match (plateau, metrics) {
        (false, _) => None,
        (true, None) => {
            return config::err("metrics", "missing", format!("{steps} finite metric values (ReduceLROnPlateau)"))
        }
        (true, Some(m)) => {
            if m.len() < steps {
                return config::err(
                    "metrics",
                    format!("an array of {} items", m.len()),
                    format!("at least {steps} finite values"),
                );
            }
            if let Some(i) = m[..steps].iter().position(|x| !x.is_finite()) {
                return config::err("metrics", format!("{} at index {i}", config::fmt_num(m[i])), "finite values");
            }
            Some(&m[..steps])
        }
    };
    let mut sched = Scheduler::new(cfg, base_lr);
    let mut lrs = Vec::with_capacity(steps);
    let mut momentums = cfg.cycles_momentum().then(|| Vec::with_capacity(steps));
    for i in 0..steps {
        lrs.push(sched.lr());
        if let Some(ms) = momentums.as_mut() {
            ms.push(sched.momentum().unwrap_or(f64::NAN));
        }
        sched.step(metrics.and_then(|m| m.get(i).copied()));
    }
    Ok(ScheduleOut { lrs, momentums, lr_after_last_step: sched.lr() })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cfg(json: &str) -> ScheduleConfig {
        let v = Value::from_json(json).expect("valid JSON");
        ScheduleConfig::from_value("schedule", &v).expect("valid config")
    }

    fn lrs(json: &str, base_lr: f64, steps: usize) -> Vec<f64> {
        lr_schedule(&cfg(json), base_lr, steps, None).expect("runs").lrs
    }

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() <= 1e-12 * a.abs().max(b.abs()) + 1e-15
    }

    #[test]
    fn step_lr_decays_exactly_at_the_boundary() {
        let l = lrs(r#"{"type": "StepLR", "step_size": 3, "gamma": 0.5}"#, 1.0, 7);
        // 1 for t = 0..2, 1/2 at t = 3 (floor(3/3) = 1), 1/4 at t = 6
        assert_eq!(l, vec![1.0, 1.0, 1.0, 0.5, 0.5, 0.5, 0.25]);
    }

    #[test]
    fn multistep_counts_milestones_reached() {
        let l = lrs(r#"{"type": "MultiStepLR", "milestones": [2, 4], "gamma": 0.1}"#, 1.0, 5);
        // gamma^0, gamma^0, gamma^1 at t = 2, gamma^1, gamma^2 at t = 4
        assert!(l.iter().zip([1.0, 1.0, 0.1, 0.1, 0.01]).all(|(a, b)| close(*a, b)));
    }

    #[test]
    fn constant_and_linear_reach_base_at_total_iters() {
        let c = lrs(r#"{"type": "ConstantLR"}"#, 0.3, 6);
        // factor 1/3 for t < 5, then 0.3
        assert!(close(c[4], 0.1) && c[5] == 0.3);
        let l = lrs(r#"{"type": "LinearLR", "start_factor": 0.5, "total_iters": 4}"#, 1.0, 6);
        // 0.5 + 0.5 t/4: 0.5, 0.625, 0.75, 0.875, 1, 1
        assert_eq!(l, vec![0.5, 0.625, 0.75, 0.875, 1.0, 1.0]);
    }

    #[test]
    fn polynomial_reaches_zero_and_stays() {
        let l = lrs(r#"{"type": "PolynomialLR", "total_iters": 2, "power": 2}"#, 1.0, 4);
        // (1 - t/2)^2: 1, 1/4, 0, 0
        assert_eq!(l, vec![1.0, 0.25, 0.0, 0.0]);
    }

    #[test]
    fn cosine_annealing_half_way_and_beyond_t_max() {
        let l = lrs(r#"{"type": "CosineAnnealingLR", "T_max": 4}"#, 1.0, 9);
        // (1 + cos(pi/2)) / 2 = 1/2 at t = 2; 0 at t = T_max = 4; climbs back to 1 at t = 2 T_max = 8
        assert!(close(l[2], 0.5));
        assert!(l[4].abs() < 1e-15);
        assert!(close(l[6], 0.5) && close(l[8], 1.0));
    }

    #[test]
    fn warm_restarts_periods_double_with_t_mult_2() {
        // periods 2, 4, 8: restarts at t = 2 and t = 6
        assert_eq!(warm_restart_position(1, 2, 2), (1, 2));
        assert_eq!(warm_restart_position(2, 2, 2), (0, 4));
        assert_eq!(warm_restart_position(5, 2, 2), (3, 4));
        assert_eq!(warm_restart_position(6, 2, 2), (0, 8));
        let l = lrs(r#"{"type": "CosineAnnealingWarmRestarts", "T_0": 2, "T_mult": 2}"#, 1.0, 7);
        // t = 4: T_cur = 2 of T_i = 4, (1 + cos(pi/2)) / 2 = 1/2
        assert!(close(l[4], 0.5) && l[2] == 1.0 && l[6] == 1.0);
    }

    #[test]
    fn cyclic_triangular_peaks_at_step_size_up() {
        let c = cfg(r#"{"type": "CyclicLR", "base_lr": 0.0, "max_lr": 1.0, "step_size_up": 2, "step_size_down": 2}"#);
        let out = lr_schedule(&c, 0.5, 5, None).expect("runs");
        // 0, 1/2, 1 (peak at t = 2), 1/2, 0 (back at the base after L = 4)
        assert!(out.lrs.iter().zip([0.0, 0.5, 1.0, 0.5, 0.0]).all(|(a, b)| close(*a, b)));
        let m = out.momentums.expect("cycles momentum");
        // momentum inverse: 0.9 at the base, 0.8 at the peak
        assert!(close(m[0], 0.9) && close(m[2], 0.8));
    }

    #[test]
    fn one_cycle_starts_at_max_over_div_and_holds_after_total_steps() {
        let c = cfg(r#"{"type": "OneCycleLR", "max_lr": 1.0, "total_steps": 10, "anneal_strategy": "linear"}"#);
        let out = lr_schedule(&c, 123.0, 13, None).expect("runs");
        // 1 / div_factor = 1/25 at t = 0; the peak at e_1 = 0.3 * 10 - 1 = 2
        assert!(close(out.lrs[0], 0.04) && close(out.lrs[2], 1.0));
        // t = 9 = N - 1: the final rate 1/25/1e4; past N: held there
        assert!(close(out.lrs[9], 0.04 / 1e4) && close(out.lrs[12], 0.04 / 1e4));
        assert!(close(out.momentums.expect("momentum")[2], 0.85));
    }

    #[test]
    fn one_cycle_rejects_an_empty_warmup_phase() {
        // pct_start * total_steps = 1 would make PyTorch divide by zero
        let v = Value::from_json(r#"{"type": "OneCycleLR", "max_lr": 1, "total_steps": 10, "pct_start": 0.1}"#)
            .expect("json");
        let e = ScheduleConfig::from_value("s", &v).expect_err("should be rejected");
        assert_eq!(e.path, "s.pct_start");
    }

    #[test]
    fn sequential_restarts_the_next_scheduler_at_its_milestone() {
        let json = r#"{"type": "SequentialLR", "milestones": [2],
            "schedulers": [{"type": "ConstantLR", "factor": 0.5}, {"type": "ExponentialLR", "gamma": 0.5}]}"#;
        // 0.5, 0.5, then ExponentialLR from its step 0: 1, 0.5, 0.25
        assert_eq!(lrs(json, 1.0, 5), vec![0.5, 0.5, 1.0, 0.5, 0.25]);
    }

    #[test]
    fn plateau_reduces_after_patience_and_respects_cooldown() {
        let c = cfg(r#"{"type": "ReduceLROnPlateau", "factor": 0.5, "patience": 1, "cooldown": 1}"#);
        // best = 1 at update 0; bad at 1 (1 bad), bad at 2 (2 > patience: halve, cooldown 1);
        // update 3 in cooldown (bad ignored); bad at 4 and 5 -> halve again after update 5
        let out = lr_schedule(&c, 1.0, 6, Some(&[1.0; 6])).expect("runs");
        assert_eq!(out.lrs, vec![1.0, 1.0, 1.0, 0.5, 0.5, 0.5]);
        assert_eq!(out.lr_after_last_step, 0.25);
    }

    #[test]
    fn plateau_skips_reductions_below_eps() {
        let c = cfg(r#"{"type": "ReduceLROnPlateau", "patience": 0, "factor": 0.5}"#);
        // every update after the first is bad, but 1.5e-8 - 0.75e-8 = 0.75e-8 is not above eps = 1e-8: no change
        let out = lr_schedule(&c, 1.5e-8, 3, Some(&[1.0, 2.0, 3.0])).expect("runs");
        assert_eq!(out.lrs, vec![1.5e-8; 3]);
        let c = cfg(r#"{"type": "ReduceLROnPlateau", "patience": 0, "min_lr": 0.1}"#);
        // 1 -> max(0.1, 0.1) = 0.1 after update 1, then max(0.01, min_lr) = 0.1 is no reduction
        let out = lr_schedule(&c, 1.0, 4, Some(&[1.0, 2.0, 3.0, 4.0])).expect("runs");
        assert_eq!(out.lrs, vec![1.0, 1.0, 0.1, 0.1]);
    }

    #[test]
    fn keras_inverse_time_is_the_old_sgd_decay() {
        let l = lrs(
            r#"{"type": "InverseTimeDecay", "initial_learning_rate": 1, "decay_steps": 1, "decay_rate": 0.5}"#,
            9.0,
            3,
        );
        // 1 / (1 + 0.5 t): 1, 2/3, 1/2
        assert!(close(l[1], 2.0 / 3.0) && l[2] == 0.5 && l[0] == 1.0);
    }

    #[test]
    fn keras_piecewise_constant_includes_the_boundary_in_the_earlier_piece() {
        let l = lrs(r#"{"type": "PiecewiseConstantDecay", "boundaries": [1, 2], "values": [3, 2, 1]}"#, 9.0, 4);
        // t <= 1: 3; 1 < t <= 2: 2; t > 2: 1
        assert_eq!(l, vec![3.0, 3.0, 2.0, 1.0]);
    }

    #[test]
    fn keras_polynomial_cycle_stretches_the_horizon() {
        let c = r#"{"type": "PolynomialDecay", "initial_learning_rate": 1, "decay_steps": 2, "end_learning_rate": 0, "cycle": true}"#;
        // t = 2: 1 - 2/2 = 0; t = 3: horizon 2 ceil(3/2) = 4, 1 - 3/4 = 1/4
        let l = lrs(c, 9.0, 4);
        assert_eq!(l, vec![1.0, 0.5, 0.0, 0.25]);
    }

    #[test]
    fn keras_cosine_restarts_geometric_periods() {
        let c = r#"{"type": "CosineDecayRestarts", "initial_learning_rate": 1, "first_decay_steps": 2, "m_mul": 0.5}"#;
        let l = lrs(c, 9.0, 8);
        // periods 2, 4: restart at t = 2 with peak m = 1/2, and at t = 6 with peak 1/4
        assert_eq!((l[0], l[2], l[6]), (1.0, 0.5, 0.25));
        // t = 1: half of the first period, (1 + cos(pi/2)) / 2 = 1/2; t = 4: half of the second, 1/2 * 1/2
        assert!(close(l[1], 0.5) && close(l[4], 0.25));
    }

    #[test]
    fn restart_position_is_exact_at_restarts() {
        // f = 1 + 3 + 9 = 13 is the start of period i = 3 when tau = 3
        assert_eq!(restart_position(13.0, 3.0), (3.0, 0.0));
        assert_eq!(restart_position(12.999, 3.0).0, 2.0);
    }

    #[test]
    fn lr_schedule_validates_steps_and_metrics() {
        let c = cfg(r#"{"type": "ExponentialLR", "gamma": 0.9}"#);
        assert_eq!(lr_schedule(&c, 0.1, 0, None).expect_err("should be rejected").path, "steps");
        assert_eq!(lr_schedule(&c, 0.1, MAX_STEPS + 1, None).expect_err("should be rejected").path, "steps");
        assert_eq!(lr_schedule(&c, f64::NAN, 3, None).expect_err("should be rejected").path, "base_lr");
        let p = cfg(r#"{"type": "ReduceLROnPlateau"}"#);
        assert_eq!(lr_schedule(&p, 0.1, 3, None).expect_err("should be rejected").path, "metrics");
        assert_eq!(lr_schedule(&p, 0.1, 3, Some(&[1.0, 2.0])).expect_err("should be rejected").path, "metrics");
        assert_eq!(
            lr_schedule(&p, 0.1, 3, Some(&[1.0, f64::NAN, 2.0])).expect_err("should be rejected").path,
            "metrics"
        );
    }

    #[test]
    fn config_errors_name_the_field() {
        let bad = |json: &str| {
            ScheduleConfig::from_value("s", &Value::from_json(json).expect("json")).expect_err("should be rejected")
        };
        assert_eq!(bad(r#"{"type": "StepLR", "step_size": 0}"#).path, "s.step_size");
        assert_eq!(bad(r#"{"type": "MultiStepLR", "milestones": [5, 5]}"#).path, "s.milestones[1]");
        assert_eq!(
            bad(r#"{"type": "CyclicLR", "base_lr": 0.1, "max_lr": 1, "mode": "exp_range", "scale_mode": "cycle"}"#)
                .path,
            "s.scale_mode"
        );
        assert_eq!(
            bad(r#"{"type": "SequentialLR", "schedulers": [{"type": "OneCycleLR"}], "milestones": []}"#).path,
            "s.schedulers[0].type"
        );
        assert_eq!(
            bad(r#"{"type": "SequentialLR", "schedulers": [{"type": "StepLR", "step_size": 2}], "milestones": [3]}"#)
                .path,
            "s.milestones"
        );
        assert_eq!(
            bad(r#"{"type": "PiecewiseConstantDecay", "boundaries": [1, 2], "values": [1, 2]}"#).path,
            "s.values"
        );
        assert_eq!(bad(r#"{"type": "ReduceLROnPlateau", "factor": 1}"#).path, "s.factor");
    }
}
