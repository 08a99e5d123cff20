//! Running an optimizer on a surface: the trajectory, its losses, the learning rates a schedule chose, and the
//! optimizer's inner numbers at every step for the formula readout.
//!
//! Divergence is a value, not a crash: when an update produces a non-finite point, loss or gradient (or leaves the
//! plane: $|\theta| > 10^{100}$), the run ends with [`Stopped`] naming the step, and every array holds only the
//! finite steps before it. No NaN reaches the output.

use crate::config::{self, ConfigResult, Range, Value};
use crate::optim::{Optimizer, OptimizerConfig};
use crate::schedule::{ScheduleConfig, Scheduler};
use crate::surface::Surface;

/// The most steps one run may take.
pub const MAX_STEPS: usize = 100_000;

/// Beyond this magnitude a coordinate counts as diverged (its square would overflow soon after).
pub const DIVERGENCE_BOUND: f64 = 1e100;

/// What `simulate(config)` takes.
#[derive(Clone, Debug)]
pub struct SimConfig {
    /// The surface.
    pub surface: Surface,
    /// Start point $(x_0, y_0)$.
    pub start: [f64; 2],
    /// Number of updates.
    pub steps: usize,
    /// The optimizer.
    pub optimizer: OptimizerConfig,
    /// An optional learning-rate schedule (the optimizer's `lr` is its base rate).
    pub schedule: Option<ScheduleConfig>,
}

impl SimConfig {
    /// Read `{ surface, start: [x, y], steps, optimizer: { type, ... }, schedule?: { type, ... } }`.
    pub fn from_value(path: &str, v: &Value) -> ConfigResult<SimConfig> {
        let o = config::object(path, v)?;
        o.only(&["surface", "start", "steps", "optimizer", "schedule"])?;
        let surface = match o.get("surface") {
            Some(s) => Surface::from_value(&o.field_path("surface"), s)?,
            None => return config::err(&o.field_path("surface"), "missing", "a surface name such as \"rosenbrock\", or { type, ... }"),
        };
        let start = o.nums("start", None, Range::Closed(-1e6, 1e6), 2, 2)?;
        let steps = o.int("steps", Some(200), 0, MAX_STEPS as i64)? as usize;
        let (opath, ov) = o.obj("optimizer")?;
        let optimizer = OptimizerConfig::from_value(&opath, ov)?;
        let schedule = match o.get("schedule") {
            Some(s) => Some(ScheduleConfig::from_value(&o.field_path("schedule"), s)?),
            None => None,
        };
        Ok(SimConfig { surface, start: [start[0], start[1]], steps, optimizer, schedule })
    }
}

/// Why and where a run ended early.
#[derive(Clone, Debug, PartialEq)]
pub struct Stopped {
    /// The update (1-based) that produced a non-finite value; the path holds the `step` points before it.
    pub step: usize,
    /// A sentence for the page, e.g. "diverged at step 12: the loss overflowed to infinity".
    pub reason: String,
}

/// A run's results. `path.len() == 2 * (lr.len() + 1)`, `loss.len() == lr.len() + 1`.
#[derive(Clone, Debug, Default)]
pub struct SimResult {
    /// $[x_0, y_0, x_1, y_1, \dots]$, `path[0..2]` = start.
    pub path: Vec<f64>,
    /// $f$ at each point of the path.
    pub loss: Vec<f64>,
    /// The learning rate used by each update.
    pub lr: Vec<f64>,
    /// The momentum (or $\beta_1$) used by each update, when a cyclic schedule varies it.
    pub momentum: Option<Vec<f64>>,
    /// $\nabla f$ at each point of the path but the last, i.e. the gradient fed to each update: $[g_{x,0}, g_{y,0}, \dots]$.
    pub grad: Vec<f64>,
    /// The optimizer's named state after each update (two values per update), see [`OptimizerConfig::state_names`].
    pub state: Vec<(&'static str, Vec<f64>)>,
    /// `None` when every step was finite.
    pub stopped: Option<Stopped>,
}

fn finite2(p: &[f64]) -> bool {
    p.iter().all(|v| v.is_finite())
}

/// Run `cfg.steps` updates from `cfg.start`.
pub fn simulate(cfg: &SimConfig) -> SimResult {
    let names = cfg.optimizer.state_names();
    let steps = cfg.steps.min(MAX_STEPS);
    let mut out = SimResult {
        path: Vec::with_capacity(2 * (steps + 1)),
        loss: Vec::with_capacity(steps + 1),
        lr: Vec::with_capacity(steps),
        momentum: None,
        grad: Vec::with_capacity(2 * steps),
        state: names.iter().map(|n| (*n, Vec::with_capacity(2 * steps))).collect(),
        stopped: None,
    };
    let s = &cfg.surface;
    let mut p = cfg.start;
    let f0 = s.value(p[0], p[1]);
    out.path.extend_from_slice(&p);
    if !f0.is_finite() {
        out.path.clear();
        out.stopped = Some(Stopped { step: 0, reason: format!("the loss is not finite at the start point ({}, {})", p[0], p[1]) });
        return out;
    }
    out.loss.push(f0);
    let mut opt = Optimizer::new(&cfg.optimizer, 2);
    let mut sched = cfg.schedule.as_ref().map(|c| Scheduler::new(c, cfg.optimizer.lr()));
    let cycles = cfg.schedule.as_ref().is_some_and(|c| c.cycles_momentum());
    if cycles {
        out.momentum = Some(Vec::with_capacity(steps));
    }
    let mut buf = [0.0; 2];
    for k in 1..=steps {
        let g = s.gradient(p[0], p[1]);
        if !finite2(&g) {
            out.stopped = Some(Stopped {
                step: k,
                reason: format!("diverged at step {k}: the gradient is not finite at ({}, {})", p[0], p[1]),
            });
            break;
        }
        let (lr, mom) = match &sched {
            Some(sc) => (sc.lr(), if cycles { sc.momentum() } else { None }),
            None => (cfg.optimizer.lr(), None),
        };
        let mut next = p;
        opt.step(&mut next, &g, lr, mom);
        let f = s.value(next[0], next[1]);
        if !finite2(&next) || next.iter().any(|v| v.abs() > DIVERGENCE_BOUND) || !f.is_finite() {
            let what = if !finite2(&next) {
                "the parameters overflowed".to_string()
            } else if next.iter().any(|v| v.abs() > DIVERGENCE_BOUND) {
                "the parameters left the plane (|θ| > 1e100)".to_string()
            } else {
                "the loss overflowed".to_string()
            };
            out.stopped = Some(Stopped { step: k, reason: format!("diverged at step {k}: {what} (lr = {})", config::fmt_num(lr)) });
            break;
        }
        out.grad.extend_from_slice(&g);
        out.lr.push(lr);
        if let Some(m) = out.momentum.as_mut() {
            m.push(opt.momentum_used());
        }
        for (name, values) in out.state.iter_mut() {
            opt.state_into(name, &mut buf);
            values.extend_from_slice(&buf);
        }
        p = next;
        out.path.extend_from_slice(&p);
        out.loss.push(f);
        if let Some(sc) = sched.as_mut() {
            sc.step(Some(f));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(json: &str) -> SimResult {
        simulate(&SimConfig::from_value("", &Value::from_json(json).expect("json")).expect("valid"))
    }

    #[test]
    fn divergence_is_a_value() {
        // hand-derived: on 0.5(x^2 + 10 y^2), SGD multiplies y by (1 - 10 lr) = -9 per step for lr = 1: it overflows.
        let r = run(r#"{"surface":"quadratic","start":[1,1],"steps":1000,"optimizer":{"type":"SGD","lr":1.0}}"#);
        let stop = r.stopped.expect("diverges");
        assert!(stop.reason.starts_with(&format!("diverged at step {}", stop.step)));
        assert_eq!(r.path.len(), 2 * (r.lr.len() + 1));
        assert_eq!(r.loss.len(), r.lr.len() + 1);
        assert!(r.path.iter().chain(&r.loss).chain(&r.lr).all(|v| v.is_finite()));
        assert_eq!(r.lr.len() + 1, stop.step);
    }

    #[test]
    fn converges_on_a_bowl() {
        let r = run(r#"{"surface":"quadratic","start":[3,2],"steps":200,"optimizer":{"type":"SGD","lr":0.05,"momentum":0.9}}"#);
        assert!(r.stopped.is_none());
        assert_eq!(r.path.len(), 402);
        assert!(r.loss[200] < 1e-6);
        assert_eq!(r.state.iter().map(|(n, _)| *n).collect::<Vec<_>>(), vec!["grad", "momentum_buffer", "update"]);
    }
}
