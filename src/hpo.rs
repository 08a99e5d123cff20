//! # The search lab: objectives, grid / random / Bayesian search side by side, and hypergradient descent
//!
//! The core of `<descent-search>`. A [`SearchLab`] spends the same budget, with the same seed, on one objective
//! with up to three methods, one trial per method per [`SearchLab::step`]:
//!
//! - **grid**: [`crate::search::grid_points`] ($\lfloor\sqrt b\rfloor$ values per axis in two dimensions, so a
//!   budget of 25 tries only 5 distinct values of the axis that matters);
//! - **random**: [`crate::search::random_points`] with the lab's seed (Bergstra & Bengio, "Random search for
//!   hyper-parameter optimization", JMLR 13, 2012: every trial tries a new value of every axis);
//! - **bayes**: Bayesian optimization, [`crate::search::BayesOpt`] (scikit-optimize's `gp_minimize` loop): a
//!   Gaussian process ([`crate::gp`], scikit-learn's semantics) fitted to the trials so far in unit-cube
//!   coordinates, and the maximizer of the acquisition (EI, PI or LCB, for minimization) as the next trial.
//!
//! Objectives ([`Objective`]) are either synthetic test functions (instant, optionally with Gaussian observation
//! noise), or **the real thing**: the validation loss of a tiny network trained by [`crate::nn::Trainer`] (the
//! trainer of `<descent-network>`) for one or two hyperparameters, optionally scored by k-fold cross-validation
//! (scikit-learn's `KFold` fold sizes, [`crate::search::kfold`], on a seeded shuffle of the rows; the score is the
//! unweighted mean over folds, as `cross_val_score`).
//!
//! For drawing, [`SearchLab::render`] evaluates the surrogate's posterior mean, standard deviation and
//! acquisition (and the true objective when it is cheap) at the pixel centres of a grid in unit coordinates and
//! colours them into RGBA buffers with [`crate::raster`]'s colour maps; [`SearchLab::curves`] gives the same
//! quantities along a line for one-dimensional searches.
//!
//! Finally [`hypergradient_descent`] is gradient-based tuning of the learning rate itself on a surface of
//! [`crate::surface`] (Baydin, Cornish, Martínez Rubio, Schmidt & Wood, "Online learning rate adaptation with
//! hypergradient descent", ICLR 2018, algorithm SGD-HD).
//!
//! References for the synthetic objectives: Forrester, Sóbester & Keane, *Engineering Design via Surrogate
//! Modelling* (2008), p. 83; Gramacy & Lee, "Cases for the nugget in modeling computer experiments", Statistics
//! and Computing 22 (2012); Branin (1972) in the form of Dixon & Szegő (1978) as given by Surjanovic & Bingham's
//! Virtual Library of Simulation Experiments; Himmelblau and the six-hump camel as in [`crate::surface`].

use crate::config::{self, ConfigError, ConfigResult, Range, Value};
use crate::gp::{self, Bounds, GpConfig, Kernel};
use crate::nn::data::{self, Dataset, DatasetKind, Feature, Task, DATASET_NAMES};
use crate::nn::network::{Activation, Mode, ACTIVATION_NAMES};
use crate::nn::stream_rng;
use crate::nn::trainer::{Stop, Trainer, TrainerConfig};
use crate::raster::{self, ColorScale, Colormap};
use crate::search::{self, Acquisition, Axis, BayesOpt, Observation, Rng, Scale, Space, Surrogate};
use crate::simulate::DIVERGENCE_BOUND;
use crate::surface::Surface;

/// Largest budget (trials per method) of a lab.
pub const MAX_LAB_BUDGET: usize = 200;
/// Largest side of a [`SearchLab::render`] grid, in pixels.
pub const MAX_RENDER_SIDE: usize = 512;
/// Largest number of points of [`SearchLab::curves`].
pub const MAX_CURVE_POINTS: usize = 4096;
/// Largest number of training epochs of the network objective.
pub const MAX_EPOCHS: usize = 500;
/// Largest number of cross-validation folds.
pub const MAX_FOLDS: usize = 10;
/// Largest number of steps of [`hypergradient_descent`].
pub const MAX_HD_STEPS: usize = 20_000;
/// Contour levels drawn over the mean and the true objective.
const CONTOUR_LEVELS: usize = 10;
/// Random stream of the k-fold shuffle (see [`crate::nn::stream_rng`]).
const STREAM_FOLDS: u64 = 31;
/// Largest whole number a seed may be (exact in a JavaScript number).
const MAX_SEED: i64 = (1 << 53) - 1;

// ---------------------------------------------------------------------------------------------------------------
// Synthetic objectives
// ---------------------------------------------------------------------------------------------------------------

/// A cheap test function to minimize.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Synthetic {
    /// 1-D, $x \in [0, 1]$: $f = (6x - 2)^2 \sin(12x - 4)$ (Forrester et al. 2008); minimum $-6.0207$ at
    /// $x = 0.7572$, a local one near $x = 0.14$.
    Forrester,
    /// 1-D, $x \in [0.5, 2.5]$: $f = \sin(10\pi x)/(2x) + (x - 1)^4$ (Gramacy & Lee 2012): many ripples, minimum
    /// $-0.869$ at $x = 0.5486$.
    GramacyLee,
    /// 2-D, $x_1 \in [-5, 10]$, $x_2 \in [0, 15]$: $f = (x_2 - \tfrac{5.1}{4\pi^2}x_1^2 + \tfrac5\pi x_1 - 6)^2 +
    /// 10(1 - \tfrac1{8\pi})\cos x_1 + 10$ (Branin): three global minima of $0.397887$.
    Branin,
    /// 2-D, $x, y \in [0, 1]$, where only $x$ really matters (Bergstra & Bengio's "low effective
    /// dimensionality"): $f = 1 - e^{-((x - 0.62)/0.07)^2} - 0.45\,e^{-((x - 0.2)/0.15)^2} + 0.04\,(y - 0.3)^2$:
    /// a narrow basin at $x = 0.62$ that a coarse grid steps over, a wide decoy at $x = 0.2$.
    LowEffectiveDim,
    /// 2-D Himmelblau on $[-5, 5]^2$, as $\log_{10}(1 + f)$ (its values span five decades): four minima of 0.
    Himmelblau,
    /// 2-D six-hump camel on $[-2, 2] \times [-1.2, 1.2]$: two global minima of $-1.0316$ and four local ones.
    SixHumpCamel,
}

/// Config names of the synthetic objectives.
pub const SYNTHETIC_NAMES: [&str; 6] = [
    "forrester",
    "gramacy_lee",
    "branin",
    "low_effective_dim",
    "himmelblau",
    "six_hump_camel",
];

impl Synthetic {
    const ALL: [Synthetic; 6] = [
        Synthetic::Forrester,
        Synthetic::GramacyLee,
        Synthetic::Branin,
        Synthetic::LowEffectiveDim,
        Synthetic::Himmelblau,
        Synthetic::SixHumpCamel,
    ];

    /// The objective with config name `name`.
    pub fn from_name(name: &str) -> Option<Synthetic> {
        SYNTHETIC_NAMES
            .iter()
            .position(|n| *n == name)
            .map(|i| Synthetic::ALL[i])
    }

    /// Its config name.
    pub fn name(self) -> &'static str {
        SYNTHETIC_NAMES[Synthetic::ALL.iter().position(|s| *s == self).unwrap_or(0)]
    }

    /// Its box: `(name, low, high)` per axis, all linear.
    fn bounds(self) -> &'static [(&'static str, f64, f64)] {
        match self {
            Synthetic::Forrester => &[("x", 0.0, 1.0)],
            Synthetic::GramacyLee => &[("x", 0.5, 2.5)],
            Synthetic::Branin => &[("x1", -5.0, 10.0), ("x2", 0.0, 15.0)],
            Synthetic::LowEffectiveDim => &[("x", 0.0, 1.0), ("y", 0.0, 1.0)],
            Synthetic::Himmelblau => &[("x", -5.0, 5.0), ("y", -5.0, 5.0)],
            Synthetic::SixHumpCamel => &[("x", -2.0, 2.0), ("y", -1.2, 1.2)],
        }
    }

    /// The search space (linear axes).
    pub fn space(self) -> Space {
        let axes = self
            .bounds()
            .iter()
            .filter_map(|(n, lo, hi)| Axis::new(n, *lo, *hi, Scale::Linear).ok())
            .collect();
        Space { axes }
    }

    /// Number of inputs.
    pub fn dim(self) -> usize {
        self.bounds().len()
    }

    /// $f$ at `p` (natural units; missing coordinates read as 0).
    pub fn value(self, p: &[f64]) -> f64 {
        let x = p.first().copied().unwrap_or(0.0);
        let y = p.get(1).copied().unwrap_or(0.0);
        match self {
            Synthetic::Forrester => forrester(x),
            // formula: sin(10 pi x) / (2x) + (x - 1)^4
            Synthetic::GramacyLee => {
                (10.0 * std::f64::consts::PI * x).sin() / (2.0 * x) + (x - 1.0).powi(4)
            }
            Synthetic::Branin => branin(x, y),
            Synthetic::LowEffectiveDim => {
                // formula: 1 - exp(-((x - 0.62)/0.07)^2) - 0.45 exp(-((x - 0.2)/0.15)^2) + 0.04 (y - 0.3)^2
                let a = (x - 0.62) / 0.07;
                let b = (x - 0.2) / 0.15;
                1.0 - (-a * a).exp() - 0.45 * (-b * b).exp() + 0.04 * (y - 0.3) * (y - 0.3)
            }
            // formula: log10(1 + f_himmelblau)
            Synthetic::Himmelblau => (1.0 + Surface::Himmelblau.value(x, y)).log10(),
            Synthetic::SixHumpCamel => Surface::SixHumpCamel.value(x, y),
        }
    }
}

/// Forrester et al.'s function $(6x - 2)^2 \sin(12x - 4)$.
fn forrester(x: f64) -> f64 {
    // formula: (6x - 2)^2 sin(12x - 4)
    (6.0 * x - 2.0).powi(2) * (12.0 * x - 4.0).sin()
}

/// Branin's function with the usual constants $a = 1$, $b = 5.1/(4\pi^2)$, $c = 5/\pi$, $r = 6$, $s = 10$,
/// $t = 1/(8\pi)$.
fn branin(x1: f64, x2: f64) -> f64 {
    let pi = std::f64::consts::PI;
    let (b, c, t) = (5.1 / (4.0 * pi * pi), 5.0 / pi, 1.0 / (8.0 * pi));
    // formula: a (x2 - b x1^2 + c x1 - r)^2 + s (1 - t) cos(x1) + s
    let u = x2 - b * x1 * x1 + c * x1 - 6.0;
    u * u + 10.0 * (1.0 - t) * x1.cos() + 10.0
}

// ---------------------------------------------------------------------------------------------------------------
// The network objective
// ---------------------------------------------------------------------------------------------------------------

/// A hyperparameter of the tiny network that a search may vary.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct NetParam {
    /// Config name: the trainer's (`lr`, `l2`, `batch_size`, `momentum`) or `hidden` (units of the hidden layer).
    pub name: &'static str,
    /// Default search range.
    pub low: f64,
    /// Default search range.
    pub high: f64,
    /// Hard limits a user-set range must stay within.
    pub min: f64,
    /// Hard limits a user-set range must stay within.
    pub max: f64,
    /// How the search samples it.
    pub scale: Scale,
}

/// The hyperparameters a search may vary, with their default ranges: log learning rate, log L2 strength, hidden
/// units, batch size, momentum.
pub const NET_PARAMS: [NetParam; 5] = [
    NetParam {
        name: "lr",
        low: 1e-3,
        high: 3.0,
        min: 1e-6,
        max: 10.0,
        scale: Scale::Log,
    },
    NetParam {
        name: "l2",
        low: 1e-5,
        high: 1.0,
        min: 1e-8,
        max: 10.0,
        scale: Scale::Log,
    },
    NetParam {
        name: "hidden",
        low: 1.0,
        high: 32.0,
        min: 1.0,
        max: 64.0,
        scale: Scale::Integer,
    },
    NetParam {
        name: "batch_size",
        low: 1.0,
        high: 64.0,
        min: 1.0,
        max: 1024.0,
        scale: Scale::Integer,
    },
    NetParam {
        name: "momentum",
        low: 0.0,
        high: 0.99,
        min: 0.0,
        max: 0.999,
        scale: Scale::Linear,
    },
];

/// The tiny network, its data and the hyperparameters held fixed while the search varies one or two others.
#[derive(Clone, Debug, PartialEq)]
pub struct NetObjective {
    /// Generated dataset (`circle`, `xor`, `gauss`, `spiral`, `moons`, `blobs`, `spiral3`, `line`, `sine`, `plane`).
    pub dataset: DatasetKind,
    /// Rows generated.
    pub n_samples: usize,
    /// Noise of the generated data.
    pub noise: f64,
    /// Seed of the data and of its split / folds.
    pub data_seed: u64,
    /// Held-out fraction when not cross-validating.
    pub validation_split: f64,
    /// Training epochs per fit.
    pub epochs: usize,
    /// Hidden activation.
    pub activation: Activation,
    /// Seed of the weights and the shuffling (the same for every trial, so a trial is a deterministic function of
    /// its hyperparameters).
    pub seed: u64,
    /// Fixed values of the five hyperparameters of [`NET_PARAMS`], in that order (the searched ones are
    /// overridden per trial).
    pub base: [f64; 5],
}

/// Fields of the network objective config.
const NET_FIELDS: [&str; 14] = [
    "type",
    "dataset",
    "n_samples",
    "noise",
    "data_seed",
    "validation_split",
    "epochs",
    "activation",
    "seed",
    "lr",
    "l2",
    "hidden",
    "batch_size",
    "momentum",
];

impl NetObjective {
    /// Read `{type: "network", dataset: "circle", n_samples: 200, noise: 0.1, data_seed: 0, validation_split: 0.3,
    /// epochs: 20, activation: "tanh", seed: 0, lr: 0.03, l2: 0, hidden: 8, batch_size: 10, momentum: 0}` (the
    /// defaults shown; `lr` ... `momentum` are the values of the hyperparameters the search does not vary).
    pub fn from_value(path: &str, v: &Value) -> ConfigResult<NetObjective> {
        let o = config::object(path, v)?;
        o.only(&NET_FIELDS)?;
        let names: Vec<&str> = DATASET_NAMES
            .iter()
            .copied()
            .filter(|n| *n != "csv")
            .collect();
        let dataset = o.choice("dataset", &names, Some("circle"))?;
        let dataset = DatasetKind::from_name(&dataset).unwrap_or(DatasetKind::Circle);
        let activation = o.choice("activation", &ACTIVATION_NAMES, Some("tanh"))?;
        let activation = Activation::from_name(&activation).unwrap_or(Activation::Tanh);
        let mut base = [0.03, 0.0, 8.0, 10.0, 0.0];
        for (k, p) in NET_PARAMS.iter().enumerate() {
            base[k] = match p.scale {
                Scale::Integer => {
                    o.int(p.name, Some(base[k] as i64), p.min as i64, p.max as i64)? as f64
                }
                Scale::Log if p.name == "l2" => {
                    o.num(p.name, Some(base[k]), Range::Closed(0.0, p.max))?
                }
                Scale::Log => o.num(p.name, Some(base[k]), Range::Closed(p.min, p.max))?,
                Scale::Linear => o.num(p.name, Some(base[k]), Range::Closed(p.min, p.max))?,
            };
        }
        Ok(NetObjective {
            dataset,
            n_samples: o.int("n_samples", Some(200), 40, 2000)? as usize,
            noise: o.num("noise", Some(0.1), Range::Closed(0.0, 1.0))?,
            data_seed: o.int("data_seed", Some(0), 0, MAX_SEED)? as u64,
            validation_split: o.num("validation_split", Some(0.3), Range::Closed(0.1, 0.5))?,
            epochs: o.int("epochs", Some(20), 1, MAX_EPOCHS as i64)? as usize,
            activation,
            seed: o.int("seed", Some(0), 0, MAX_SEED)? as u64,
            base,
        })
    }

    /// The default objective (all defaults of [`NetObjective::from_value`]).
    pub fn default_config() -> NetObjective {
        NetObjective {
            dataset: DatasetKind::Circle,
            n_samples: 200,
            noise: 0.1,
            data_seed: 0,
            validation_split: 0.3,
            epochs: 20,
            activation: Activation::Tanh,
            seed: 0,
            base: [0.03, 0.0, 8.0, 10.0, 0.0],
        }
    }
}

/// One fold of the network objective: the training rows as CSV text (read by [`Trainer`] as a dataset of its own,
/// so that it trains on exactly these rows, in this order) and the held-out rows.
#[derive(Clone, Debug, PartialEq)]
struct Fold {
    train_csv: String,
    held_out: Vec<usize>,
}

/// The network objective with its data generated and split once (every trial reuses them).
#[derive(Clone, Debug)]
struct NetRunner {
    net: NetObjective,
    data: Dataset,
    folds: Vec<Fold>,
    /// Which of [`NET_PARAMS`] each search axis sets.
    axis_params: Vec<usize>,
}

impl NetRunner {
    /// Generate the data and its folds: `cv_folds = 0` holds out `validation_split` of the rows
    /// ([`crate::nn::Split`], the trainer's own split), otherwise `KFold(cv_folds)` over a seeded shuffle.
    fn new(net: &NetObjective, space: &Space, cv_folds: usize) -> ConfigResult<NetRunner> {
        let data = Dataset::generate(net.dataset, net.n_samples, net.noise, net.data_seed);
        let n = data.len();
        let pairs: Vec<(Vec<usize>, Vec<usize>)> = if cv_folds == 0 {
            let split = data::Split::new(n, net.validation_split, 0.0, net.data_seed);
            vec![(split.train, split.validation)]
        } else {
            let mut order: Vec<usize> = (0..n).collect();
            stream_rng(net.data_seed, STREAM_FOLDS).shuffle(&mut order);
            // formula: KFold(n_splits = k) on the shuffled rows: the first n % k test blocks have n / k + 1 rows
            search::kfold(n, cv_folds)
                .map_err(|e| ConfigError {
                    path: "cv_folds".into(),
                    value: e.value,
                    allowed: e.allowed,
                })?
                .into_iter()
                .map(|(train, test)| {
                    (
                        train.iter().map(|&i| order[i]).collect(),
                        test.iter().map(|&i| order[i]).collect(),
                    )
                })
                .collect()
        };
        let folds = pairs
            .into_iter()
            .map(|(train, held_out)| {
                let mut csv = String::with_capacity(train.len() * 48);
                for &i in &train {
                    let p = data.points[i];
                    // Rust prints the shortest text that parses back to the same f64: the trainer reads these
                    // exact numbers.
                    csv.push_str(&format!("{},{},{}\n", p[0], p[1], data.labels[i]));
                }
                Fold {
                    train_csv: csv,
                    held_out,
                }
            })
            .collect();
        let axis_params = space
            .axes
            .iter()
            .map(|a| {
                NET_PARAMS
                    .iter()
                    .position(|p| p.name == a.name)
                    .unwrap_or(0)
            })
            .collect();
        Ok(NetRunner {
            net: net.clone(),
            data,
            folds,
            axis_params,
        })
    }

    /// The trainer config of one fold with the hyperparameters `hp` ([`NET_PARAMS`] order), written as the config a
    /// `<descent-network>` user would give (so every other trainer setting keeps its documented default).
    fn trainer_config(&self, fold: &Fold, hp: &[f64; 5]) -> ConfigResult<TrainerConfig> {
        let task = match self.data.task {
            Task::Regression => "regression",
            Task::Classification { .. } => "classification",
        };
        let s = |x: &str| Value::Str(x.to_string());
        let v = Value::Obj(vec![
            (
                "layers".into(),
                Value::Arr(vec![Value::Num(hp[2].round().clamp(1.0, 64.0))]),
            ),
            ("activation".into(), s(self.net.activation.name())),
            (
                "batch_size".into(),
                Value::Num(hp[3].round().clamp(1.0, 1024.0)),
            ),
            (
                "optimizer".into(),
                Value::Obj(vec![
                    ("type".into(), s("SGD")),
                    ("lr".into(), Value::Num(hp[0])),
                    ("momentum".into(), Value::Num(hp[4])),
                ]),
            ),
            ("l2".into(), Value::Num(hp[1])),
            ("seed".into(), Value::Num(self.net.seed as f64)),
            ("dataset".into(), s("csv")),
            ("csv".into(), Value::Str(fold.train_csv.clone())),
            ("task".into(), s(task)),
            ("data_seed".into(), Value::Num(self.net.data_seed as f64)),
            ("validation_split".into(), Value::Num(0.0)),
            ("test_split".into(), Value::Num(0.0)),
        ]);
        TrainerConfig::from_value("objective", &v)
    }

    /// Train on every fold with the searched hyperparameters set to `point`; returns the per-fold held-out losses
    /// (`+inf` for a fold whose training diverged).
    fn evaluate(&self, point: &[f64]) -> Vec<f64> {
        let mut hp = self.net.base;
        for (&k, &v) in self.axis_params.iter().zip(point) {
            hp[k] = v;
        }
        self.folds
            .iter()
            .map(|fold| {
                let Ok(mut trainer) = self
                    .trainer_config(fold, &hp)
                    .and_then(|c| Trainer::new(c, "objective"))
                else {
                    return f64::INFINITY;
                };
                trainer.train_epochs(self.net.epochs);
                if matches!(trainer.stopped(), Some(Stop::Diverged { .. })) {
                    return f64::INFINITY;
                }
                let loss = held_out_loss(&mut trainer, &self.data, &fold.held_out);
                if loss.is_finite() {
                    loss
                } else {
                    f64::INFINITY
                }
            })
            .collect()
    }
}

/// The trainer's loss on rows of `data` it did not train on, in inference mode, averaged per row (the targets are
/// the labels: class indices for cross-entropy, 0/1 for binary cross-entropy, values for regression).
fn held_out_loss(trainer: &mut Trainer, data: &Dataset, rows: &[usize]) -> f64 {
    let loss = trainer.loss();
    let net = trainer.network_mut();
    let k = net.n_outputs();
    let cap = net.capacity().max(1);
    let mut grad = vec![0.0; cap * k];
    let mut targets = vec![0.0; cap];
    let mut sum = 0.0;
    for chunk in rows.chunks(cap) {
        let m = chunk.len();
        for (row, &i) in net.input_mut(m).chunks_exact_mut(2).zip(chunk) {
            let p = data.points[i];
            data::features_into(&[Feature::X, Feature::Y], p[0], p[1], row);
        }
        for (t, &i) in targets.iter_mut().zip(chunk) {
            *t = data.labels[i];
        }
        let out = net.forward(m, Mode::Eval);
        // formula: sum of per-row losses = mean loss of the chunk * rows
        sum += loss.value_and_grad(out, &targets[..m], k, &mut grad[..m * k]) * m as f64;
    }
    // formula: held-out loss = sum / rows
    sum / rows.len().max(1) as f64
}

/// What a search minimizes.
#[derive(Clone, Debug, PartialEq)]
pub enum Objective {
    /// A test function, observed with Gaussian noise of standard deviation `noise`.
    Synthetic(Synthetic),
    /// The validation loss of the tiny network.
    Network(NetObjective),
}

impl Objective {
    /// Read a synthetic name (`"branin"`), `"network"`, or `{type: "network", ...}` ([`NetObjective::from_value`]).
    pub fn from_value(path: &str, v: &Value) -> ConfigResult<Objective> {
        let names: Vec<&str> = SYNTHETIC_NAMES.iter().copied().chain(["network"]).collect();
        let allowed = || {
            format!(
                "one of {}, or {{type: \"network\", ...}}",
                names
                    .iter()
                    .map(|n| format!("\"{n}\""))
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        };
        match v {
            Value::Str(s) if s == "network" => {
                Ok(Objective::Network(NetObjective::default_config()))
            }
            Value::Str(s) => match Synthetic::from_name(s) {
                Some(f) => Ok(Objective::Synthetic(f)),
                None => match config::suggest(s, &names) {
                    Some(near) => config::err(
                        path,
                        v.describe(),
                        format!("\"{near}\" (did you mean it?), or {}", allowed()),
                    ),
                    None => config::err(path, v.describe(), allowed()),
                },
            },
            Value::Obj(_) => {
                let o = config::object(path, v)?;
                let kind = o.kind(&names)?;
                match Synthetic::from_name(&kind) {
                    Some(f) => {
                        o.only(&["type"])?;
                        Ok(Objective::Synthetic(f))
                    }
                    None => Ok(Objective::Network(NetObjective::from_value(path, v)?)),
                }
            }
            other => config::err(path, other.describe(), allowed()),
        }
    }

    /// The config name (`"branin"`, `"network"`, ...).
    pub fn name(&self) -> &'static str {
        match self {
            Objective::Synthetic(f) => f.name(),
            Objective::Network(_) => "network",
        }
    }
}

// ---------------------------------------------------------------------------------------------------------------
// Lab config
// ---------------------------------------------------------------------------------------------------------------

/// A search method.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Method {
    /// Grid search.
    Grid,
    /// Random search.
    Random,
    /// Bayesian optimization.
    Bayes,
}

/// Config names of the methods, in their usual order.
pub const METHOD_NAMES: [&str; 3] = ["grid", "random", "bayes"];

impl Method {
    const ALL: [Method; 3] = [Method::Grid, Method::Random, Method::Bayes];

    /// The method with config name `name`.
    pub fn from_name(name: &str) -> Option<Method> {
        METHOD_NAMES
            .iter()
            .position(|n| *n == name)
            .map(|i| Method::ALL[i])
    }

    /// Its config name.
    pub fn name(self) -> &'static str {
        METHOD_NAMES[Method::ALL.iter().position(|m| *m == self).unwrap_or(0)]
    }

    /// Index in [`METHOD_NAMES`] (also its noise stream).
    fn index(self) -> usize {
        Method::ALL.iter().position(|m| *m == self).unwrap_or(0)
    }
}

/// Everything a [`SearchLab`] is configured with (see [`LabConfig::from_value`]).
#[derive(Clone, Debug, PartialEq)]
pub struct LabConfig {
    /// The objective.
    pub objective: Objective,
    /// The box searched (natural units).
    pub space: Space,
    /// Trials per method.
    pub budget: usize,
    /// Seed of random search, of BO's initial points and restarts, and of the observation noise.
    pub seed: u64,
    /// Methods run side by side, in display order.
    pub methods: Vec<Method>,
    /// BO's Gaussian process (on unit-cube inputs).
    pub gp: GpConfig,
    /// Fit the kernel's hyperparameters by maximizing the log marginal likelihood at every BO step.
    pub fit: bool,
    /// Optimizer restarts of that fit.
    pub n_restarts: usize,
    /// BO's acquisition.
    pub acquisition: Acquisition,
    /// BO's initial random points.
    pub n_initial: usize,
    /// Cross-validation folds of the network objective (0: one held-out split).
    pub cv_folds: usize,
    /// Standard deviation of the Gaussian noise added to a synthetic objective's observations.
    pub noise: f64,
}

const LAB_FIELDS: [&str; 13] = [
    "objective",
    "space",
    "budget",
    "seed",
    "methods",
    "kernel",
    "alpha",
    "normalize_y",
    "fit",
    "n_restarts",
    "acquisition",
    "n_initial",
    "cv_folds",
];

impl LabConfig {
    /// Read a lab config. Fields and defaults: `objective: "branin"` (see [`Objective::from_value`]); `space`
    /// (network objective only): 1 or 2 of `"lr"`, `"l2"`, `"hidden"`, `"batch_size"`, `"momentum"`, each a name
    /// or `{name, low, high}` (default `["lr", "l2"]`); `budget: 25` (1..=200); `seed: 0`; `methods: ["grid",
    /// "random", "bayes"]`; `kernel` (a `kernel_spec`, default scikit-optimize's `ConstantKernel(1, (0.01, 1000)) *
    /// Matern(1 per axis, (0.01, 100), nu=2.5) + WhiteKernel(1e-4, (1e-8, 1))`), `alpha: 1e-10`, `normalize_y:
    /// true`, `fit: true`, `n_restarts: 2` (0..=10); `acquisition: {type: "EI", xi: 0.01}` (`"PI"` with `xi`,
    /// `"LCB"` with `kappa`, default 1.96); `n_initial: 5` (1..=budget); `cv_folds: 0` (0, or 2..=10, network
    /// only); `noise: 0` (synthetic only, the observation noise's standard deviation).
    pub fn from_value(path: &str, v: &Value) -> ConfigResult<LabConfig> {
        let o = config::object(path, v)?;
        let mut known: Vec<&str> = LAB_FIELDS.to_vec();
        known.push("noise");
        o.only(&known)?;
        let objective = match o.get("objective") {
            Some(ov) => Objective::from_value(&o.field_path("objective"), ov)?,
            None => Objective::Synthetic(Synthetic::Branin),
        };
        let space = match &objective {
            Objective::Synthetic(f) => {
                if let Some(s) = o.get("space") {
                    return config::err(&o.field_path("space"), s.describe(), format!("nothing: the space of \"{}\" is fixed (space is for the network objective)", f.name()));
                }
                f.space()
            }
            Objective::Network(_) => read_net_space(&o.field_path("space"), o.get("space"))?,
        };
        let budget = o.int("budget", Some(25), 1, MAX_LAB_BUDGET as i64)? as usize;
        let methods = read_methods(&o.field_path("methods"), o.get("methods"))?;
        let dim = space.dim();
        let mut gp = BayesOpt::default_gp(dim);
        if let Some(k) = o.get("kernel") {
            let kpath = o.field_path("kernel");
            gp.kernel = Kernel::from_value(&kpath, k)?;
            gp.kernel.validate(&kpath, dim).map_err(|e| ConfigError {
                path: e.field,
                value: e.value,
                allowed: e.allowed,
            })?;
        }
        gp.alpha = o.num("alpha", Some(gp.alpha), Range::Closed(0.0, 1e3))?;
        gp.normalize_y = o.flag("normalize_y", gp.normalize_y)?;
        let acquisition = read_acquisition(&o.field_path("acquisition"), o.get("acquisition"))?;
        let n_initial = o.int("n_initial", Some(5.min(budget as i64)), 1, budget as i64)? as usize;
        let cv_folds = o.int("cv_folds", Some(0), 0, MAX_FOLDS as i64)? as usize;
        if cv_folds == 1 {
            return config::err(
                &o.field_path("cv_folds"),
                "1",
                format!("0 (one held-out split) or 2 to {MAX_FOLDS} folds"),
            );
        }
        let noise = o.num("noise", Some(0.0), Range::Closed(0.0, 1e6))?;
        if let Objective::Network(_) = objective {
            if noise > 0.0 {
                return config::err(
                    &o.field_path("noise"),
                    config::fmt_num(noise),
                    "0: the network objective is noisy by itself (set its data noise instead)",
                );
            }
        } else if cv_folds > 0 {
            return config::err(
                &o.field_path("cv_folds"),
                cv_folds.to_string(),
                "0: cross-validation applies to the network objective",
            );
        }
        Ok(LabConfig {
            objective,
            space,
            budget,
            seed: o.int("seed", Some(0), 0, MAX_SEED)? as u64,
            methods,
            gp,
            fit: o.flag("fit", true)?,
            n_restarts: o.int("n_restarts", Some(2), 0, 10)? as usize,
            acquisition,
            n_initial,
            cv_folds,
            noise,
        })
    }
}

/// Read the network space: 1 or 2 distinct hyperparameters, each `"lr"` or `{name: "lr", low, high}`.
fn read_net_space(path: &str, v: Option<&Value>) -> ConfigResult<Space> {
    let names: Vec<&str> = NET_PARAMS.iter().map(|p| p.name).collect();
    let allowed = format!(
        "an array of 1 or 2 distinct hyperparameters among {} (a name or {{name, low, high}})",
        names.join(", ")
    );
    let items: Vec<Value> = match v {
        None => vec![Value::Str("lr".into()), Value::Str("l2".into())],
        Some(Value::Arr(items)) if !items.is_empty() && items.len() <= 2 => items.clone(),
        Some(other) => return config::err(path, other.describe(), allowed),
    };
    let mut axes: Vec<Axis> = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        let ipath = format!("{path}[{i}]");
        let (name, range) = match item {
            Value::Str(s) => (s.clone(), None),
            Value::Obj(_) => {
                let o = config::object(&ipath, item)?;
                o.only(&["name", "low", "high"])?;
                let name = o.choice("name", &names, None)?;
                (name, Some(o))
            }
            other => return config::err(&ipath, other.describe(), allowed),
        };
        let Some(p) = NET_PARAMS.iter().find(|p| p.name == name) else {
            return match config::suggest(&name, &names) {
                Some(near) => config::err(
                    &ipath,
                    item.describe(),
                    format!("\"{near}\" (did you mean it?), or {allowed}"),
                ),
                None => config::err(&ipath, item.describe(), allowed),
            };
        };
        if axes.iter().any(|a| a.name == p.name) {
            return config::err(
                &ipath,
                item.describe(),
                format!("{allowed}: \"{name}\" appears twice"),
            );
        }
        let (low, high) = match range {
            None => (p.low, p.high),
            Some(o) => {
                let lim = Range::Closed(p.min, p.max);
                let low = o.num("low", Some(p.low), lim)?;
                let high = o.num("high", Some(p.high), lim)?;
                let whole =
                    p.scale != Scale::Integer || (low.fract() == 0.0 && high.fract() == 0.0);
                if low >= high || !whole {
                    let what = if p.scale == Scale::Integer {
                        "whole numbers low < high"
                    } else {
                        "low < high"
                    };
                    return config::err(
                        &ipath,
                        format!("[{}, {}]", config::fmt_num(low), config::fmt_num(high)),
                        what,
                    );
                }
                (low, high)
            }
        };
        let axis = Axis::new(p.name, low, high, p.scale).map_err(|e| ConfigError {
            path: ipath.clone(),
            value: e.value,
            allowed: e.allowed,
        })?;
        axes.push(axis);
    }
    Space::new(axes).map_err(|e| ConfigError {
        path: path.into(),
        value: e.value,
        allowed: e.allowed,
    })
}

fn read_methods(path: &str, v: Option<&Value>) -> ConfigResult<Vec<Method>> {
    let allowed = "an array of 1 to 3 distinct methods among \"grid\", \"random\", \"bayes\"";
    let items = match v {
        None => return Ok(Method::ALL.to_vec()),
        Some(Value::Arr(items)) if !items.is_empty() && items.len() <= 3 => items,
        Some(other) => return config::err(path, other.describe(), allowed),
    };
    let mut out = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        let m = match item {
            Value::Str(s) => Method::from_name(s),
            _ => None,
        };
        match m {
            Some(m) if !out.contains(&m) => out.push(m),
            _ => return config::err(&format!("{path}[{i}]"), item.describe(), allowed),
        }
    }
    Ok(out)
}

/// Read `{type: "EI" | "PI" | "LCB", xi, kappa}` (defaults EI, `xi = 0.01`, `kappa = 1.96`).
pub fn read_acquisition(path: &str, v: Option<&Value>) -> ConfigResult<Acquisition> {
    let Some(v) = v else {
        return Ok(Acquisition::Ei { xi: 0.01 });
    };
    let o = config::object(path, v)?;
    let kind = o.kind(&["EI", "PI", "LCB"])?;
    Ok(match kind.as_str() {
        "LCB" => {
            o.only(&["type", "kappa"])?;
            Acquisition::Lcb {
                kappa: o.num("kappa", Some(1.96), Range::Closed(0.0, 100.0))?,
            }
        }
        "PI" => {
            o.only(&["type", "xi"])?;
            Acquisition::Pi {
                xi: o.num("xi", Some(0.01), Range::Closed(0.0, 1e6))?,
            }
        }
        _ => {
            o.only(&["type", "xi"])?;
            Acquisition::Ei {
                xi: o.num("xi", Some(0.01), Range::Closed(0.0, 1e6))?,
            }
        }
    })
}

// ---------------------------------------------------------------------------------------------------------------
// The lab
// ---------------------------------------------------------------------------------------------------------------

/// One evaluated point.
#[derive(Clone, Debug, PartialEq)]
pub struct Trial {
    /// Which method chose it.
    pub method: Method,
    /// Its position in that method's sequence (0-based).
    pub index: usize,
    /// Hyperparameters (natural units, one per axis).
    pub point: Vec<f64>,
    /// The observed value (noisy for a noisy synthetic objective; `+inf` for a diverged network).
    pub value: f64,
    /// The noise-free value (synthetic objectives; equal to `value` for the network).
    pub truth: f64,
    /// Per-fold held-out losses (network objective; one entry without cross-validation).
    pub folds: Vec<f64>,
}

/// BO's state: the stepper, and the surrogate fitted to the first `fitted_at` observations.
#[derive(Clone, Debug)]
struct BoState {
    opt: BayesOpt,
    surrogate: Option<Surrogate>,
    fitted_at: usize,
    /// The acquisition's maximizer on that surrogate (BO's next trial once past the initial points).
    next: Option<Vec<f64>>,
}

/// One method's progress.
#[derive(Clone, Debug)]
struct MethodRun {
    method: Method,
    /// Planned points (grid, random), flat.
    plan: Vec<f64>,
    observations: Vec<Observation>,
    best: Vec<f64>,
    noise_rng: Rng,
    bo: Option<BoState>,
    /// Why the method stopped early (BO only: a surrogate that cannot be fitted).
    error: Option<String>,
}

/// Fields [`SearchLab::render`] colours, in buffer order.
pub const FIELDS: [&str; 4] = ["truth", "mean", "std", "acquisition"];

/// One field of a render: its values (row-major, row 0 at the top) and pixels.
#[derive(Clone, Debug, Default)]
pub struct FieldImage {
    /// Values at the pixel centres (NaN where not available).
    pub values: Vec<f64>,
    /// RGBA, 4 bytes per pixel.
    pub rgba: Vec<u8>,
    /// Smallest and largest finite value (NaN when none).
    pub min: f64,
    /// Largest finite value.
    pub max: f64,
    /// Contour segments `[x0, y0, x1, y1, ...]` in pixel coordinates (mean and truth only).
    pub segments: Vec<f32>,
    /// Whether the field was drawn at all.
    pub present: bool,
}

/// What [`SearchLab::render`] and [`SearchLab::curves`] report about the surrogate.
#[derive(Clone, Debug, PartialEq)]
pub struct SurrogateInfo {
    /// Observations it was fitted to.
    pub n: usize,
    /// The (fitted) kernel.
    pub kernel: Kernel,
    /// Its log marginal likelihood.
    pub log_marginal_likelihood: f64,
    /// Jitter added to the diagonal (0 normally).
    pub jitter_added: f64,
    /// Best observation so far.
    pub best: f64,
    /// BO's next trial (natural units), the acquisition's maximizer; `None` while initial points remain.
    pub next: Option<Vec<f64>>,
}

/// The posterior along the single axis of a 1-D search (see [`SearchLab::curves`]).
#[derive(Clone, Debug, PartialEq)]
pub struct Curves {
    /// Unit coordinates $u_i = i/(n-1)$.
    pub unit: Vec<f64>,
    /// Natural values of the axis at `unit`.
    pub x: Vec<f64>,
    /// Posterior mean (empty before BO has an observation).
    pub mean: Vec<f64>,
    /// Posterior standard deviation.
    pub std: Vec<f64>,
    /// Acquisition value (EI, PI or LCB).
    pub acquisition: Vec<f64>,
    /// The noise-free objective (synthetic only, else empty).
    pub truth: Vec<f64>,
}

/// Grid, random and Bayesian search on one objective, one trial per method per step.
#[derive(Clone, Debug)]
pub struct SearchLab {
    cfg: LabConfig,
    net: Option<NetRunner>,
    runs: Vec<MethodRun>,
    trials: Vec<Trial>,
    fields: [FieldImage; 4],
    /// Scratch of the renders: unit coordinates of the columns and rows, and column-major predictions.
    xs: Vec<f64>,
    ys: Vec<f64>,
    col_mean: Vec<f64>,
    col_std: Vec<f64>,
    /// The network objective evaluated on a coarse grid (see [`SearchLab::map_objective`]).
    map: Option<ObjectiveMap>,
}

/// The objective on a `width x height` grid of cell centres of the unit square (row 0 at the top), filled a few
/// cells at a time.
#[derive(Clone, Debug, PartialEq)]
pub struct ObjectiveMap {
    /// Cells per row.
    pub width: usize,
    /// Rows.
    pub height: usize,
    /// Values, row-major (NaN where a training run diverged); valid up to `filled`.
    pub values: Vec<f64>,
    /// Cells evaluated so far.
    pub filled: usize,
}

/// Largest side of an [`ObjectiveMap`].
pub const MAX_MAP_SIDE: usize = 64;

impl SearchLab {
    /// A lab at trial 0. Fails only when the network objective's data cannot be split into the folds asked for.
    pub fn new(cfg: LabConfig) -> ConfigResult<SearchLab> {
        let net = match &cfg.objective {
            Objective::Network(n) => Some(NetRunner::new(n, &cfg.space, cfg.cv_folds)?),
            Objective::Synthetic(_) => None,
        };
        let mut runs = Vec::with_capacity(cfg.methods.len());
        for &method in &cfg.methods {
            let plan = match method {
                Method::Grid => search::grid_points(&cfg.space, cfg.budget),
                Method::Random => search::random_points(&cfg.space, cfg.budget, cfg.seed),
                Method::Bayes => Ok(Vec::new()),
            }
            .map_err(|e| ConfigError {
                path: "budget".into(),
                value: e.value,
                allowed: e.allowed,
            })?;
            let bo = (method == Method::Bayes).then(|| BoState {
                opt: BayesOpt {
                    space: cfg.space.clone(),
                    gp: cfg.gp.clone(),
                    acquisition: cfg.acquisition,
                    n_initial: cfg.n_initial,
                    seed: cfg.seed,
                    optimize_hyperparameters: cfg.fit,
                    n_restarts: cfg.n_restarts,
                },
                surrogate: None,
                fitted_at: 0,
                next: None,
            });
            // formula: noise stream of method m = Rng(seed xor (m + 1) * golden ratio)
            let noise_rng = Rng::new(
                cfg.seed ^ ((method.index() as u64 + 1).wrapping_mul(0x9E37_79B9_7F4A_7C15)),
            );
            runs.push(MethodRun {
                method,
                plan,
                observations: Vec::new(),
                best: Vec::new(),
                noise_rng,
                bo,
                error: None,
            });
        }
        Ok(SearchLab {
            cfg,
            net,
            runs,
            trials: Vec::new(),
            fields: Default::default(),
            xs: Vec::new(),
            ys: Vec::new(),
            col_mean: Vec::new(),
            col_std: Vec::new(),
            map: None,
        })
    }

    /// Read a config and build the lab.
    pub fn from_value(path: &str, v: &Value) -> ConfigResult<SearchLab> {
        SearchLab::new(LabConfig::from_value(path, v)?)
    }

    /// The config.
    pub fn config(&self) -> &LabConfig {
        &self.cfg
    }

    /// Every trial so far, in the order they ran.
    pub fn trials(&self) -> &[Trial] {
        &self.trials
    }

    /// Trials a method will run in all (grid: the $k^2 \le b$ grid points; the others: the budget).
    pub fn planned(&self, method: Method) -> usize {
        let d = self.cfg.space.dim();
        match self.run(method) {
            Some(r) if method == Method::Bayes => {
                if r.error.is_some() {
                    r.observations.len()
                } else {
                    self.cfg.budget
                }
            }
            Some(r) => r.plan.len() / d.max(1),
            None => 0,
        }
    }

    /// Trials a method has run.
    pub fn done_count(&self, method: Method) -> usize {
        self.run(method).map_or(0, |r| r.observations.len())
    }

    /// Best observed value after each of a method's trials ($+\infty$ until a finite one).
    pub fn best_so_far(&self, method: Method) -> &[f64] {
        self.run(method).map_or(&[], |r| &r.best)
    }

    /// Why a method stopped early, if it did.
    pub fn error(&self, method: Method) -> Option<&str> {
        self.run(method).and_then(|r| r.error.as_deref())
    }

    /// Whether every method has spent its budget (or stopped).
    pub fn is_done(&self) -> bool {
        self.cfg
            .methods
            .iter()
            .all(|&m| self.done_count(m) >= self.planned(m))
    }

    fn run(&self, method: Method) -> Option<&MethodRun> {
        self.runs.iter().find(|r| r.method == method)
    }

    /// The objective at `point` (natural units): `(observed, truth, folds)`.
    fn evaluate(&self, point: &[f64], noise_rng: &mut Rng) -> (f64, f64, Vec<f64>) {
        match (&self.cfg.objective, &self.net) {
            (Objective::Network(_), Some(net)) => {
                let folds = net.evaluate(point);
                // formula: CV score = unweighted mean over folds (a diverged fold makes the trial diverge)
                let v = if folds.iter().all(|f| f.is_finite()) {
                    gp::numpy_sum(&folds) / folds.len().max(1) as f64
                } else {
                    f64::INFINITY
                };
                (v, v, folds)
            }
            (Objective::Synthetic(f), _) => {
                let t = f.value(point);
                // formula: y = f(x) + noise * N(0, 1)
                let y = if self.cfg.noise > 0.0 {
                    t + self.cfg.noise * noise_rng.normal()
                } else {
                    t
                };
                (y, t, Vec::new())
            }
            (Objective::Network(_), None) => (f64::NAN, f64::NAN, Vec::new()),
        }
    }

    /// Run one trial for every method that has budget left; returns the new trials.
    pub fn step(&mut self) -> Vec<Trial> {
        let mut out = Vec::new();
        let d = self.cfg.space.dim();
        for r in 0..self.runs.len() {
            let method = self.runs[r].method;
            if self.done_count(method) >= self.planned(method) {
                continue;
            }
            let point = match method {
                Method::Bayes => match self.bo_next(r) {
                    Ok(p) => p,
                    Err(e) => {
                        self.runs[r].error = Some(e);
                        continue;
                    }
                },
                _ => {
                    let i = self.runs[r].observations.len();
                    match self.runs[r].plan.get(i * d..(i + 1) * d) {
                        Some(p) => p.to_vec(),
                        None => continue,
                    }
                }
            };
            let mut rng = self.runs[r].noise_rng.clone();
            let (value, truth, folds) = self.evaluate(&point, &mut rng);
            let run = &mut self.runs[r];
            run.noise_rng = rng;
            let index = run.observations.len();
            run.observations.push(Observation {
                point: point.clone(),
                value,
            });
            let prev = run.best.last().copied().unwrap_or(f64::INFINITY);
            // formula: best_i = min(best_{i-1}, y_i) over finite observations
            run.best.push(if value.is_finite() && value < prev {
                value
            } else {
                prev
            });
            let trial = Trial {
                method,
                index,
                point,
                value,
                truth,
                folds,
            };
            self.trials.push(trial.clone());
            out.push(trial);
        }
        out
    }

    /// BO's next point: the next initial random point, then the acquisition's maximizer on a fresh surrogate.
    fn bo_next(&mut self, r: usize) -> Result<Vec<f64>, String> {
        let d = self.cfg.space.dim();
        let n = self.runs[r].observations.len();
        let Some(bo) = &self.runs[r].bo else {
            return Err("not a Bayesian-optimization run".into());
        };
        if n < bo.opt.n_initial {
            let pts = bo.opt.initial_points().map_err(|e| e.to_string())?;
            return pts
                .get(n * d..(n + 1) * d)
                .map(<[f64]>::to_vec)
                .ok_or_else(|| "initial points exhausted".into());
        }
        self.suggestion(r)?.ok_or_else(|| "no next point".into())
    }

    /// Fit (if stale) the surrogate of run `r` to its observations.
    fn fit_surrogate(&mut self, r: usize) -> Result<(), String> {
        let run = &mut self.runs[r];
        let n = run.observations.len();
        let Some(bo) = &mut run.bo else {
            return Err("not a Bayesian-optimization run".into());
        };
        if n == 0 || (bo.surrogate.is_some() && bo.fitted_at == n) {
            return Ok(());
        }
        let s = bo
            .opt
            .fit_surrogate(&run.observations)
            .map_err(|e| format!("the Gaussian process could not be fitted: {e}"))?;
        bo.surrogate = Some(s);
        bo.fitted_at = n;
        bo.next = None;
        Ok(())
    }

    /// The acquisition's maximizer on the current surrogate of run `r` (computed once per surrogate), or `None`
    /// while initial points remain.
    fn suggestion(&mut self, r: usize) -> Result<Option<Vec<f64>>, String> {
        self.fit_surrogate(r)?;
        let Some(bo) = &mut self.runs[r].bo else {
            return Ok(None);
        };
        if bo.fitted_at < bo.opt.n_initial {
            return Ok(None);
        }
        if bo.next.is_none() {
            if let Some(s) = &bo.surrogate {
                bo.next = Some(s.suggest().map_err(|e| format!("no next point: {e}"))?);
            }
        }
        Ok(bo.next.clone())
    }

    /// Refit BO's surrogate to its observations now (normally done lazily), with or without optimizing the kernel's
    /// hyperparameters (the next suggestion is left to be computed on demand); returns an error message when it
    /// cannot be fitted. Used by benchmarks.
    pub fn refit(&mut self, optimize: bool) -> Result<(), String> {
        let Some(r) = self.runs.iter().position(|r| r.method == Method::Bayes) else {
            return Err("no Bayesian-optimization run".into());
        };
        if let Some(bo) = &mut self.runs[r].bo {
            bo.opt.optimize_hyperparameters = optimize;
            bo.surrogate = None;
        }
        let res = self.fit_surrogate(r);
        if let Some(bo) = &mut self.runs[r].bo {
            bo.opt.optimize_hyperparameters = self.cfg.fit;
        }
        res
    }

    /// The surrogate (fitted on demand) and what to report about it; `None` before BO's first observation or
    /// without a BO run; an error message when it cannot be fitted.
    pub fn surrogate(&mut self) -> Result<Option<SurrogateInfo>, String> {
        let Some(r) = self.runs.iter().position(|r| r.method == Method::Bayes) else {
            return Ok(None);
        };
        self.suggestion(r)?;
        let Some(bo) = &self.runs[r].bo else {
            return Ok(None);
        };
        Ok(bo.surrogate.as_ref().map(|s| SurrogateInfo {
            n: bo.fitted_at,
            kernel: s.model.kernel().clone(),
            log_marginal_likelihood: s.model.log_marginal_likelihood(),
            jitter_added: s.model.jitter_added(),
            best: s.best,
            next: bo.next.clone(),
        }))
    }

    /// Fit BO's surrogate if stale (no suggestion), for drawing.
    fn fit_current(&mut self) -> ConfigResult<()> {
        match self.runs.iter().position(|r| r.method == Method::Bayes) {
            Some(r) => self.fit_surrogate(r).map_err(|e| ConfigError {
                path: "surrogate".into(),
                value: "not fitted".into(),
                allowed: e,
            }),
            None => Ok(()),
        }
    }

    fn current_surrogate(&self) -> Option<&Surrogate> {
        self.runs
            .iter()
            .find_map(|r| r.bo.as_ref())
            .and_then(|b| b.surrogate.as_ref())
    }

    /// Evaluate the network objective on a `width x height` grid of the searched box (2 to 64 cells a side, at the
    /// cells' centres in unit coordinates, as an exhaustive search would), at most `max_evals` more cells per call
    /// (each is a full training run, or `cv_folds` of them); returns `(cells done, cells in all)`. A map of another
    /// size starts over. [`SearchLab::render`] then shows it as the true objective. For the synthetic objectives
    /// (cheap, drawn exactly at every pixel) this does nothing.
    pub fn map_objective(
        &mut self,
        width: usize,
        height: usize,
        max_evals: usize,
    ) -> ConfigResult<(usize, usize)> {
        if self.cfg.space.dim() != 2 {
            return config::err("map", "a 1-D search", "a 2-D search");
        }
        for (name, v) in [("width", width), ("height", height)] {
            if !(2..=MAX_MAP_SIDE).contains(&v) {
                return config::err(
                    name,
                    v.to_string(),
                    format!("a whole number in [2, {MAX_MAP_SIDE}]"),
                );
            }
        }
        let Some(net) = &self.net else {
            return Ok((0, 0));
        };
        let total = width * height;
        let map = match &mut self.map {
            Some(m) if m.width == width && m.height == height => m,
            slot => slot.insert(ObjectiveMap {
                width,
                height,
                values: vec![f64::NAN; total],
                filled: 0,
            }),
        };
        let space = &self.cfg.space;
        let end = total.min(map.filled.saturating_add(max_evals));
        for k in map.filled..end {
            let (i, j) = (k % width, k / width);
            // formula: cell (i, j) centre u = ((i + 1/2) / w, 1 - (j + 1/2) / h)
            let u = [
                (i as f64 + 0.5) / width as f64,
                1.0 - (j as f64 + 0.5) / height as f64,
            ];
            let folds = net.evaluate(&space.from_unit(&u));
            let v = if folds.iter().all(|f| f.is_finite()) {
                gp::numpy_sum(&folds) / folds.len().max(1) as f64
            } else {
                f64::NAN
            };
            map.values[k] = v;
        }
        map.filled = end;
        Ok((map.filled, total))
    }

    /// The objective map so far, if any.
    pub fn objective_map(&self) -> Option<&ObjectiveMap> {
        self.map.as_ref()
    }

    /// Render a 2-D search at `width x height` pixel centres of the unit square (column $i$ at
    /// $u_0 = (i + \tfrac12)/w$, row $j$ at $u_1 = 1 - (j + \tfrac12)/h$, so up is the high end of axis 1): the true
    /// objective (exact for a synthetic one; the completed [`SearchLab::map_objective`] cells for the network),
    /// and BO's posterior mean, standard deviation and acquisition (once BO has an observation). Each field gets
    /// its own linear colour scale (the network's loss map up to its 90th percentile), viridis for the objective and the mean,
    /// magma for the standard deviation and the acquisition; the mean and a synthetic objective get contours.
    pub fn render(&mut self, width: usize, height: usize, dark: bool) -> ConfigResult<()> {
        if self.cfg.space.dim() != 2 {
            return config::err(
                "render",
                "a 1-D search",
                "a 2-D search (use curves for one axis)",
            );
        }
        for (name, v) in [("width", width), ("height", height)] {
            if !(2..=MAX_RENDER_SIDE).contains(&v) {
                return config::err(
                    name,
                    v.to_string(),
                    format!("a whole number in [2, {MAX_RENDER_SIDE}]"),
                );
            }
        }
        self.fit_current()?;
        let n = width * height;
        self.xs.clear();
        self.xs
            .extend((0..width).map(|i| (i as f64 + 0.5) / width as f64));
        self.ys.clear();
        self.ys
            .extend((0..height).map(|j| 1.0 - (j as f64 + 0.5) / height as f64));
        for f in &mut self.fields {
            f.values.clear();
            f.values.resize(n, f64::NAN);
            f.rgba.clear();
            f.rgba.resize(4 * n, 0);
            f.segments.clear();
            f.present = false;
            f.min = f64::NAN;
            f.max = f64::NAN;
        }
        if let Objective::Synthetic(fun) = self.cfg.objective {
            let space = &self.cfg.space;
            let (a0, a1) = (&space.axes[0], &space.axes[1]);
            let truth = &mut self.fields[0].values;
            for (j, &u1) in self.ys.iter().enumerate() {
                let y = a1.from_unit(u1);
                for (i, &u0) in self.xs.iter().enumerate() {
                    truth[j * width + i] = fun.value(&[a0.from_unit(u0), y]);
                }
            }
            self.fields[0].present = true;
        } else if let Some(map) = self.map.as_ref().filter(|m| m.filled == m.values.len()) {
            // formula: pixel (i, j) shows map cell (floor(i w_map / w), floor(j h_map / h))
            let truth = &mut self.fields[0].values;
            for j in 0..height {
                let mj = (j * map.height / height).min(map.height - 1);
                for i in 0..width {
                    let mi = (i * map.width / width).min(map.width - 1);
                    truth[j * width + i] = map.values[mj * map.width + mi];
                }
            }
            self.fields[0].present = true;
        }
        if let Some(s) = self
            .runs
            .iter()
            .find_map(|r| r.bo.as_ref())
            .and_then(|b| b.surrogate.as_ref())
        {
            self.col_mean.resize(n, 0.0);
            self.col_std.resize(n, 0.0);
            // formula: predict_grid gives point (xs[i], ys[j]) at i * h + j; the image wants j * w + i
            s.model
                .predict_grid(
                    &self.xs,
                    &self.ys,
                    &mut self.col_mean,
                    Some(&mut self.col_std),
                )
                .map_err(|e| ConfigError {
                    path: "surrogate".into(),
                    value: e.value,
                    allowed: e.allowed,
                })?;
            let [_, mean, std, acq] = &mut self.fields;
            for i in 0..width {
                for j in 0..height {
                    let (m, sd) = (self.col_mean[i * height + j], self.col_std[i * height + j]);
                    let k = j * width + i;
                    mean.values[k] = m;
                    std.values[k] = sd;
                    acq.values[k] = s.acquisition.value(m, sd, s.best);
                }
            }
            for f in &mut self.fields[1..] {
                f.present = true;
            }
        }
        let synthetic = matches!(self.cfg.objective, Objective::Synthetic(_));
        let maps = [
            Colormap::Viridis,
            Colormap::Viridis,
            Colormap::Magma,
            Colormap::Magma,
        ];
        for (k, (f, map)) in self.fields.iter_mut().zip(maps).enumerate() {
            if f.present {
                // The network's loss map can hold a few huge values (a nearly diverging corner) that would wash
                // out the rest: its colours stop at the 90th percentile.
                paint(
                    f,
                    width,
                    height,
                    map,
                    if k == 0 && !synthetic {
                        Some(0.9)
                    } else {
                        None
                    },
                    dark,
                );
            }
        }
        for k in [0, 1] {
            let f = &mut self.fields[k];
            if f.present && f.max > f.min && (k == 1 || synthetic) {
                let scale = ColorScale::new(f.min, f.max, raster::Scale::Linear);
                let levels = raster::contour_levels(&scale, CONTOUR_LEVELS);
                raster::contour_segments(&f.values, width, height, &levels, &mut f.segments);
            }
        }
        Ok(())
    }

    /// The fields of the last [`SearchLab::render`], in [`FIELDS`] order.
    pub fn fields(&self) -> &[FieldImage; 4] {
        &self.fields
    }

    /// The posterior, acquisition and true objective along the axis of a 1-D search at `n` evenly spaced unit
    /// coordinates (ends included, `2..=4096`).
    pub fn curves(&mut self, n: usize) -> ConfigResult<Curves> {
        if self.cfg.space.dim() != 1 {
            return config::err(
                "curves",
                "a 2-D search",
                "a 1-D search (use render for two axes)",
            );
        }
        if !(2..=MAX_CURVE_POINTS).contains(&n) {
            return config::err(
                "n",
                n.to_string(),
                format!("a whole number in [2, {MAX_CURVE_POINTS}]"),
            );
        }
        self.fit_current()?;
        let axis = &self.cfg.space.axes[0];
        let unit: Vec<f64> = (0..n).map(|i| i as f64 / (n - 1) as f64).collect();
        let x: Vec<f64> = unit.iter().map(|u| axis.from_unit(*u)).collect();
        let truth = match self.cfg.objective {
            Objective::Synthetic(f) => x.iter().map(|v| f.value(&[*v])).collect(),
            Objective::Network(_) => Vec::new(),
        };
        let (mut mean, mut std, mut acquisition) = (Vec::new(), Vec::new(), Vec::new());
        if let Some(s) = self.current_surrogate() {
            mean = vec![0.0; n];
            std = vec![0.0; n];
            s.model
                .predict_into(&unit, &mut mean, Some(&mut std))
                .map_err(|e| ConfigError {
                    path: "surrogate".into(),
                    value: e.value,
                    allowed: e.allowed,
                })?;
            acquisition = mean
                .iter()
                .zip(&std)
                .map(|(m, sd)| s.acquisition.value(*m, *sd, s.best))
                .collect();
        }
        Ok(Curves {
            unit,
            x,
            mean,
            std,
            acquisition,
            truth,
        })
    }
}

/// Colour a field with its own linear scale (non-finite values hatched), from its minimum to its maximum, or to its
/// `cap` quantile (values above get the top colour).
fn paint(
    f: &mut FieldImage,
    width: usize,
    _height: usize,
    map: Colormap,
    cap: Option<f64>,
    dark: bool,
) {
    let st = raster::stats(&f.values);
    f.min = st.min;
    f.max = st.max;
    let scale = match cap {
        Some(q) if st.finite > 1 => {
            let mut finite: Vec<f64> = f.values.iter().copied().filter(|v| v.is_finite()).collect();
            finite.sort_by(f64::total_cmp);
            // formula: top = sorted[floor(q (n - 1))]
            let top = finite[((q * (finite.len() - 1) as f64) as usize).min(finite.len() - 1)];
            ColorScale::new(st.min, top, raster::Scale::Linear)
        }
        _ => ColorScale::from_stats(&st, raster::Scale::Linear),
    };
    raster::colorize(&f.values, &scale, map, &mut f.rgba);
    if st.non_finite > 0 {
        raster::hatch_non_finite(&f.values, width, dark, &mut f.rgba);
    }
}

// ---------------------------------------------------------------------------------------------------------------
// Kernels as kernel_spec values
// ---------------------------------------------------------------------------------------------------------------

/// A kernel in the `kernel_spec` format of the reference file (the inverse of [`Kernel::from_value`]): `{type:
/// "RBF", length_scale: 0.7, anisotropic: false, length_scale_bounds: [1e-5, 1e5]}`, `"fixed"` bounds, `Sum` /
/// `Product` with `k1`, `k2`.
pub fn kernel_spec(k: &Kernel) -> Value {
    let num = Value::Num;
    let bounds = |b: &Bounds| match b {
        Bounds::Fixed => Value::Str("fixed".into()),
        Bounds::Range { low, high } => Value::Arr(vec![num(*low), num(*high)]),
    };
    let s = |t: &str| ("type".to_string(), Value::Str(t.into()));
    let scale = |ls: &[f64]| -> Vec<(String, Value)> {
        let value = if ls.len() == 1 {
            num(ls[0])
        } else {
            Value::Arr(ls.iter().map(|v| num(*v)).collect())
        };
        vec![
            ("length_scale".into(), value),
            ("anisotropic".into(), Value::Bool(ls.len() > 1)),
        ]
    };
    match k {
        Kernel::Constant {
            constant_value,
            bounds: b,
        } => Value::Obj(vec![
            s("ConstantKernel"),
            ("constant_value".into(), num(*constant_value)),
            ("constant_value_bounds".into(), bounds(b)),
        ]),
        Kernel::White {
            noise_level,
            bounds: b,
        } => Value::Obj(vec![
            s("WhiteKernel"),
            ("noise_level".into(), num(*noise_level)),
            ("noise_level_bounds".into(), bounds(b)),
        ]),
        Kernel::Rbf {
            length_scale,
            bounds: b,
        } => {
            let mut f = vec![s("RBF")];
            f.extend(scale(length_scale));
            f.push(("length_scale_bounds".into(), bounds(b)));
            Value::Obj(f)
        }
        Kernel::Matern {
            length_scale,
            nu,
            bounds: b,
        } => {
            let mut f = vec![s("Matern"), ("nu".into(), num(*nu))];
            f.extend(scale(length_scale));
            f.push(("length_scale_bounds".into(), bounds(b)));
            Value::Obj(f)
        }
        Kernel::Sum(a, b) => Value::Obj(vec![
            s("Sum"),
            ("k1".into(), kernel_spec(a)),
            ("k2".into(), kernel_spec(b)),
        ]),
        Kernel::Product(a, b) => Value::Obj(vec![
            s("Product"),
            ("k1".into(), kernel_spec(a)),
            ("k2".into(), kernel_spec(b)),
        ]),
    }
}

/// Indices `(i, j)`, `j < i`, of the first row of `x` (`n x d`) that repeats an earlier one exactly, if any.
pub fn first_duplicate(x: &[f64], d: usize) -> Option<(usize, usize)> {
    if d == 0 {
        return None;
    }
    let rows: Vec<&[f64]> = x.chunks_exact(d).collect();
    // Sort row indices lexicographically, then compare neighbours: O(n log n) instead of all pairs.
    let mut idx: Vec<usize> = (0..rows.len()).collect();
    idx.sort_by(|&a, &b| {
        rows[a]
            .iter()
            .zip(rows[b])
            .map(|(p, q)| p.total_cmp(q))
            .find(|o| o.is_ne())
            .unwrap_or(a.cmp(&b))
    });
    idx.windows(2)
        .filter(|w| rows[w[0]] == rows[w[1]])
        .map(|w| (w[0].max(w[1]), w[0].min(w[1])))
        .min()
}

// ---------------------------------------------------------------------------------------------------------------
// Hypergradient descent
// ---------------------------------------------------------------------------------------------------------------

/// Settings of [`hypergradient_descent`].
#[derive(Clone, Debug)]
pub struct HypergradientConfig {
    /// The surface descended.
    pub surface: Surface,
    /// Start point.
    pub start: [f64; 2],
    /// Initial learning rate $\alpha_0$ (also the fixed rate of the plain SGD run shown beside it).
    pub lr: f64,
    /// Hypergradient learning rate $\beta$ (0 gives plain SGD).
    pub hyper_lr: f64,
    /// Updates.
    pub steps: usize,
}

impl HypergradientConfig {
    /// Read `{surface, start: [x, y], lr, hyper_lr, steps}` (defaults: `rosenbrock`, the surface's view
    /// corner-ish start `[-1.5, 2]`, `lr: 1e-4`, `hyper_lr: 1e-8`, `steps: 300`).
    pub fn from_value(path: &str, v: &Value) -> ConfigResult<HypergradientConfig> {
        let o = config::object(path, v)?;
        o.only(&["surface", "start", "lr", "hyper_lr", "steps"])?;
        let surface = match o.get("surface") {
            Some(s) => Surface::from_value(&o.field_path("surface"), s)?,
            None => Surface::Rosenbrock { a: 1.0, b: 100.0 },
        };
        let start = o.nums("start", Some(&[-1.5, 2.0]), Range::Closed(-1e6, 1e6), 2, 2)?;
        Ok(HypergradientConfig {
            surface,
            start: [start[0], start[1]],
            lr: o.num("lr", Some(1e-4), Range::OpenClosed(0.0, 100.0))?,
            hyper_lr: o.num("hyper_lr", Some(1e-8), Range::Closed(0.0, 100.0))?,
            steps: o.int("steps", Some(300), 1, MAX_HD_STEPS as i64)? as usize,
        })
    }
}

/// One run of [`hypergradient_descent`].
#[derive(Clone, Debug, PartialEq)]
pub struct HdRun {
    /// Points $\theta_0, \theta_1, \dots$, flat `[x0, y0, x1, y1, ...]`.
    pub path: Vec<f64>,
    /// $f(\theta_t)$ for every point.
    pub loss: Vec<f64>,
    /// Learning rate $\alpha_t$ used by update $t = 1, 2, \dots$.
    pub lr: Vec<f64>,
    /// Hypergradient $h_t = \partial f(\theta_{t-1}) / \partial \alpha$ at each update (0 at the first).
    pub hypergradient: Vec<f64>,
    /// `Some(t)` when update `t` (1-based) left the finite range (the run stops there: divergence as a value).
    pub diverged_at: Option<usize>,
}

/// Hypergradient descent (SGD-HD) and plain SGD from the same start with the same initial rate.
///
/// SGD-HD (Baydin et al. 2018, Algorithm "SGD-HD"): with $g_t = \nabla f(\theta_t)$,
/// $$h_t = \frac{\partial f(\theta_{t-1})}{\partial \alpha} = -\,g_{t-1} \cdot g_{t-2}, \qquad
/// \alpha_t = \alpha_{t-1} - \beta\, h_t, \qquad \theta_t = \theta_{t-1} - \alpha_t\, g_{t-1},$$
/// since $\theta_{t-1} = \theta_{t-2} - \alpha\, g_{t-2}$; $h_1 = 0$ (no previous gradient). The rate grows while
/// successive gradients agree and shrinks when they turn against each other (an overshoot).
///
/// Returns `(sgd_hd, sgd)`.
pub fn hypergradient_descent(cfg: &HypergradientConfig) -> (HdRun, HdRun) {
    (hd_run(cfg, cfg.hyper_lr), hd_run(cfg, 0.0))
}

fn hd_run(cfg: &HypergradientConfig, beta: f64) -> HdRun {
    let s = &cfg.surface;
    let mut theta = cfg.start;
    let steps = cfg.steps.min(MAX_HD_STEPS);
    let mut run = HdRun {
        path: Vec::with_capacity(2 * (steps + 1)),
        loss: Vec::with_capacity(steps + 1),
        lr: Vec::with_capacity(steps),
        hypergradient: Vec::with_capacity(steps),
        diverged_at: None,
    };
    run.path.extend_from_slice(&theta);
    run.loss.push(s.value(theta[0], theta[1]));
    let mut alpha = cfg.lr;
    let mut g_prev = [0.0, 0.0];
    for t in 1..=steps {
        let g = s.gradient(theta[0], theta[1]);
        // formula: h_t = d f(theta_{t-1}) / d alpha = -g_{t-1} . g_{t-2}
        let h = -(g[0] * g_prev[0] + g[1] * g_prev[1]);
        // formula: alpha_t = alpha_{t-1} - beta h_t
        let next_alpha = alpha - beta * h;
        // formula: theta_t = theta_{t-1} - alpha_t g_{t-1}
        let next = [theta[0] - next_alpha * g[0], theta[1] - next_alpha * g[1]];
        let f = s.value(next[0], next[1]);
        let finite = next_alpha.is_finite()
            && next
                .iter()
                .all(|v| v.is_finite() && v.abs() <= DIVERGENCE_BOUND)
            && f.is_finite();
        if !finite {
            run.diverged_at = Some(t);
            break;
        }
        alpha = next_alpha;
        theta = next;
        g_prev = g;
        run.lr.push(alpha);
        run.hypergradient.push(h);
        run.path.extend_from_slice(&theta);
        run.loss.push(f);
    }
    run
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lab(json: &str) -> SearchLab {
        SearchLab::from_value("", &Value::from_json(json).expect("json")).expect("lab")
    }

    #[test]
    fn synthetic_minima_are_where_the_literature_says() {
        // Branin's three minima, f = 0.397887 (Dixon & Szegő 1978).
        for (x, y) in [
            (-std::f64::consts::PI, 12.275),
            (std::f64::consts::PI, 2.275),
            (9.42478, 2.475),
        ] {
            assert!((Synthetic::Branin.value(&[x, y]) - 0.397_887).abs() < 1e-5);
        }
        // Forrester: minimum -6.02074 at x = 0.757249 (Forrester et al. 2008).
        assert!((Synthetic::Forrester.value(&[0.757_249]) + 6.020_74).abs() < 1e-4);
        // Gramacy & Lee: minimum -0.869011 at 0.548563.
        assert!((Synthetic::GramacyLee.value(&[0.548_563]) + 0.869_011).abs() < 1e-5);
        // log10(1 + 0) at Himmelblau's minimum (3, 2).
        assert_eq!(Synthetic::Himmelblau.value(&[3.0, 2.0]), 0.0);
        for f in Synthetic::ALL {
            assert_eq!(Synthetic::from_name(f.name()), Some(f));
            assert_eq!(f.space().dim(), f.dim());
        }
    }

    #[test]
    fn config_errors_name_the_field() {
        for (json, path) in [
            (r#"{"objective": "brannin"}"#, "objective"),
            (r#"{"budget": 0}"#, "budget"),
            (r#"{"budget": 1e9}"#, "budget"),
            (r#"{"methods": ["grid", "grid"]}"#, "methods[1]"),
            (r#"{"methods": []}"#, "methods"),
            (r#"{"acquisition": {"type": "UCB"}}"#, "acquisition.type"),
            (
                r#"{"acquisition": {"type": "EI", "kappa": 2}}"#,
                "acquisition.kappa",
            ),
            (
                r#"{"kernel": {"type": "RBF", "length_scale": [1, 2, 3], "anisotropic": true}}"#,
                "kernel.length_scale",
            ),
            (
                r#"{"kernel": {"type": "RBF", "length_scale": 0}}"#,
                "kernel.length_scale",
            ),
            (r#"{"space": ["lr"]}"#, "space"),
            (r#"{"cv_folds": 5}"#, "cv_folds"),
            (r#"{"objective": "network", "cv_folds": 1}"#, "cv_folds"),
            (r#"{"objective": "network", "noise": 0.1}"#, "noise"),
            (
                r#"{"objective": "network", "space": ["lr", "lr"]}"#,
                "space[1]",
            ),
            (
                r#"{"objective": "network", "space": ["learning_rate"]}"#,
                "space[0]",
            ),
            (
                r#"{"objective": "network", "space": [{"name": "lr", "low": 0.1, "high": 0.01}]}"#,
                "space[0]",
            ),
            (
                r#"{"objective": "network", "space": [{"name": "hidden", "low": 1.5, "high": 8}]}"#,
                "space[0]",
            ),
            (
                r#"{"objective": {"type": "network", "epochs": 0}}"#,
                "objective.epochs",
            ),
            (
                r#"{"objective": {"type": "network", "dataset": "csv"}}"#,
                "objective.dataset",
            ),
            (r#"{"n_initial": 30, "budget": 20}"#, "n_initial"),
            (r#"{"alpha": -1}"#, "alpha"),
            (r#"{"seed": 0.5}"#, "seed"),
            (r#"{"bugdet": 5}"#, "bugdet"),
        ] {
            let e =
                LabConfig::from_value("", &Value::from_json(json).expect("json")).expect_err(json);
            assert_eq!(e.path, path, "{json}: {e}");
        }
    }

    #[test]
    fn grid_tries_few_distinct_values_of_each_axis() {
        let mut l = lab(r#"{"objective": "low_effective_dim", "budget": 25, "seed": 3}"#);
        while !l.is_done() {
            l.step();
        }
        let distinct = |m: Method| {
            let mut xs: Vec<f64> = l
                .trials()
                .iter()
                .filter(|t| t.method == m)
                .map(|t| t.point[0])
                .collect();
            xs.sort_by(f64::total_cmp);
            xs.dedup();
            xs.len()
        };
        assert_eq!(distinct(Method::Grid), 5); // floor(sqrt(25)) values of x
        assert_eq!(distinct(Method::Random), 25);
        assert_eq!(l.best_so_far(Method::Grid).len(), 25);
        // Best-so-far never increases.
        for m in Method::ALL {
            assert!(l.best_so_far(m).windows(2).all(|w| w[1] <= w[0]), "{m:?}");
        }
    }

    #[test]
    fn same_seed_same_trials_and_bo_starts_from_random_points() {
        let json =
            r#"{"objective": "branin", "budget": 12, "seed": 7, "noise": 0.5, "n_initial": 4}"#;
        let (mut a, mut b) = (lab(json), lab(json));
        while !a.is_done() {
            a.step();
            b.step();
        }
        assert_eq!(a.trials(), b.trials());
        let pick = |m: Method| {
            a.trials()
                .iter()
                .filter(|t| t.method == m)
                .map(|t| t.point.clone())
                .collect::<Vec<_>>()
        };
        assert_eq!(pick(Method::Bayes)[..4], pick(Method::Random)[..4]);
        // The noise differs between methods (independent streams) but the truth at equal points is equal.
        let (r0, b0) = (&a.trials()[1], &a.trials()[2]);
        assert_eq!((r0.method, b0.method), (Method::Random, Method::Bayes));
        assert_eq!(r0.truth, b0.truth);
        assert_ne!(r0.value, b0.value);
        let mut c = lab(
            r#"{"objective": "branin", "budget": 12, "seed": 8, "noise": 0.5, "n_initial": 4}"#,
        );
        c.step();
        assert_ne!(c.trials()[1].point, a.trials()[1].point);
    }

    #[test]
    fn bayes_beats_random_on_forrester() {
        let mut l = lab(r#"{"objective": "forrester", "budget": 12, "seed": 1, "n_initial": 3}"#);
        while !l.is_done() {
            l.step();
        }
        let best = *l.best_so_far(Method::Bayes).last().expect("trials");
        assert!(best < -6.0, "BO best {best}"); // the minimum is -6.0207
        let c = l.curves(101).expect("curves");
        assert_eq!(
            (
                c.mean.len(),
                c.std.len(),
                c.acquisition.len(),
                c.truth.len()
            ),
            (101, 101, 101, 101)
        );
        let info = l.surrogate().expect("fits").expect("present");
        assert_eq!(info.n, 12);
        assert!(info.next.is_some());
    }

    #[test]
    fn render_fills_every_field_in_image_order() {
        let mut l = lab(
            r#"{"objective": "branin", "budget": 8, "seed": 2, "n_initial": 3, "fit": false, "methods": ["bayes"]}"#,
        );
        for _ in 0..4 {
            l.step();
        }
        l.render(30, 20, false).expect("render");
        let f = l.fields();
        for field in f.iter() {
            assert!(field.present && field.values.len() == 600 && field.rgba.len() == 2400);
        }
        // The top-left pixel is (x1 low, x2 high): compare with the model at that unit point.
        let (u0, u1) = (0.5 / 30.0, 1.0 - 0.5 / 20.0);
        let space = l.config().space.clone();
        let p = space.from_unit(&[u0, u1]);
        assert!((f[0].values[0] - Synthetic::Branin.value(&p)).abs() < 1e-12);
        let s = l.current_surrogate().expect("surrogate");
        let (m, sd) = s.model.predict_point(&[u0, u1]).expect("point");
        assert!(
            (f[1].values[0] - m).abs() <= 1e-12 * m.abs().max(1.0)
                && (f[2].values[0] - sd).abs() <= 1e-12
        );
        let k = 7 * 30 + 19; // row 7, column 19
        let (m, _) = s
            .model
            .predict_point(&[(19.5) / 30.0, 1.0 - 7.5 / 20.0])
            .expect("point");
        assert!((f[1].values[k] - m).abs() <= 1e-12 * m.abs().max(1.0));
        assert!(!f[1].segments.is_empty());
        assert!(l.render(1, 20, false).is_err() && l.render(20, 513, false).is_err());
        assert!(l.curves(10).is_err());
    }

    #[test]
    fn network_objective_trains_and_scores_folds() {
        let mut l = lab(
            r#"{"objective": {"type": "network", "n_samples": 60, "epochs": 3}, "space": ["lr"], "budget": 3,
            "cv_folds": 3, "methods": ["random"], "seed": 4}"#,
        );
        let t = l.step();
        assert_eq!(t.len(), 1);
        assert_eq!(t[0].folds.len(), 3);
        assert!(t[0].value.is_finite() && t[0].value > 0.0);
        // The score is the unweighted mean of the folds.
        assert!((t[0].value - t[0].folds.iter().sum::<f64>() / 3.0).abs() < 1e-12);
        // Deterministic in the hyperparameters: the same point scores the same.
        let net = l.net.as_ref().expect("net");
        assert_eq!(net.evaluate(&t[0].point), t[0].folds);
        // Folds cover every row once, with KFold's sizes (60 = 20 + 20 + 20).
        let mut held: Vec<usize> = net.folds.iter().flat_map(|f| f.held_out.clone()).collect();
        held.sort_unstable();
        assert_eq!(held, (0..60).collect::<Vec<_>>());
        // A huge learning rate diverges, as a value.
        let folds = net.evaluate(&[10.0]);
        assert!(folds.iter().all(|f| *f == f64::INFINITY) || folds.iter().all(|f| f.is_finite()));
    }

    #[test]
    fn objective_map_fills_in_slices_and_shows_as_the_truth() {
        let mut l = lab(
            r#"{"objective": {"type": "network", "n_samples": 60, "epochs": 2}, "budget": 4, "methods": ["random"]}"#,
        );
        assert_eq!(l.map_objective(4, 3, 5).expect("map"), (5, 12));
        assert_eq!(l.map_objective(4, 3, 100).expect("map"), (12, 12));
        let map = l.objective_map().expect("map").clone();
        // Cell (1, 2) is the training run at the unit point (1.5/4, 1 - 2.5/3).
        let p = l.config().space.from_unit(&[1.5 / 4.0, 1.0 - 2.5 / 3.0]);
        let folds = l.net.as_ref().expect("net").evaluate(&p);
        assert_eq!(map.values[2 * 4 + 1], folds[0]);
        l.render(8, 6, false).expect("render");
        let truth = &l.fields()[0];
        assert!(truth.present);
        assert_eq!(truth.values[5 * 8 + 2], map.values[2 * 4 + 1]); // pixel (2, 5) lies in cell (1, 2)
        assert!(l.map_objective(1, 3, 1).is_err());
        let mut s = lab(r#"{"objective": "branin", "budget": 4}"#);
        assert_eq!(s.map_objective(4, 4, 10).expect("nothing to do"), (0, 0));
    }

    #[test]
    fn kernel_spec_round_trips() {
        let k = BayesOpt::default_gp(2).kernel;
        let back = Kernel::from_value("k", &kernel_spec(&k)).expect("reads back");
        assert_eq!(back, k);
        let fixed = Kernel::Constant {
            constant_value: 2.0,
            bounds: Bounds::Fixed,
        } * Kernel::Rbf {
            length_scale: vec![0.5, 2.0],
            bounds: Bounds::Fixed,
        };
        assert_eq!(
            Kernel::from_value("k", &kernel_spec(&fixed)).expect("reads back"),
            fixed
        );
        assert_eq!(
            first_duplicate(&[0.0, 1.0, 2.0, 3.0, 0.0, 1.0], 2),
            Some((2, 0))
        );
        assert_eq!(first_duplicate(&[0.0, 1.0, 2.0], 1), None);
    }

    #[test]
    fn hypergradient_is_the_derivative_of_the_loss_wrt_the_rate() {
        // d f(theta_t) / d alpha with theta_t = theta_{t-1} - alpha g_{t-1}, by central differences.
        let cfg = HypergradientConfig {
            surface: Surface::Himmelblau,
            start: [0.5, -1.5],
            lr: 0.002,
            hyper_lr: 1e-7,
            steps: 40,
        };
        let (hd, sgd) = hypergradient_descent(&cfg);
        assert_eq!(hd.loss.len(), 41);
        assert_eq!(
            sgd.lr.iter().filter(|&&a| a != cfg.lr).count(),
            0,
            "beta = 0 keeps the rate"
        );
        let s = &cfg.surface;
        for t in [2usize, 10, 30] {
            // hypergradient[t] is h_{t+1} = d f(theta_t) / d alpha at the rate that produced theta_t.
            let (p, q) = (&hd.path[2 * (t - 1)..2 * t], hd.lr[t - 1]);
            let g = s.gradient(p[0], p[1]);
            let f = |a: f64| s.value(p[0] - a * g[0], p[1] - a * g[1]);
            let eps = 1e-7;
            // formula: central difference (f(a + e) - f(a - e)) / 2e
            let fd = (f(q + eps) - f(q - eps)) / (2.0 * eps);
            let h = hd.hypergradient[t];
            assert!(
                (fd - h).abs() <= 1e-5 * fd.abs().max(1.0),
                "t = {t}: fd {fd} vs h {h}"
            );
        }
        // A huge rate diverges explicitly.
        let wild = HypergradientConfig {
            lr: 5.0,
            ..cfg.clone()
        };
        let (hd, _) = hypergradient_descent(&wild);
        assert!(hd.diverged_at.is_some());
        assert!(hd.path.iter().all(|v| v.is_finite()));
    }
}
