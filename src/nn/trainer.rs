//! The config-driven training loop of the `<descent-network>` widget: data, network, loss, optimizer, schedule,
//! mini-batches, per-epoch metrics, early stopping and the grids that draw the decision boundary and every neuron.
//!
//! Origin: the loop is PyTorch's (`zero_grad; loss = L(model(xb), yb); backward; step`, with `DataLoader(shuffle)`
//! batches); the metrics and early stopping follow Keras' `Model.fit`: `loss` / `accuracy` are averaged over the
//! epoch's batches in training mode (weighted by batch size), `val_*` and `test_*` are evaluated in inference mode
//! after the epoch, and `keras.callbacks.EarlyStopping` (`monitor`, `min_delta`, `patience`,
//! `restore_best_weights`, `start_from_epoch`) decides when to stop. The playground itself (datasets, feature maps,
//! neuron pictures) is TensorFlow Playground's.
//!
//! ## Outputs and targets
//! Regression: one linear output, `mse` or `l1`. Classification with $C$ classes and `cross_entropy`: for $C = 2$ one
//! logit with `BCEWithLogitsLoss`, for $C > 2$ $C$ logits with `CrossEntropyLoss`; with `mse` / `l1` the targets
//! are 0/1 ($C = 2$, one output) or one-hot ($C$ outputs). The predicted class is `logit > 0` (BCE), `output > 0.5`
//! (one output, `mse` / `l1`) or the arg-max.
//!
//! ## Regularization, three ways (all distinct)
//! `l1` / `l2` add a penalty $\lambda_1\|w\|_1 + \lambda_2\|w\|_2^2$ to the loss, on the Linear weights (every
//! parameter with `regularize_bias: true`; see [`crate::nn::loss::Penalty`]); `optimizer.weight_decay` is torch's
//! coupled L2 on every parameter (SGD, Adam, ...); `optimizer: {type: "AdamW"}` decays decoupled.

use crate::config::{self, ConfigResult, Obj, Range, Value};
use crate::nn::data::{
    self, CsvError, Dataset, DatasetKind, Feature, Split, Task, DATASET_NAMES, FEATURE_NAMES, MAX_SAMPLES,
};
use crate::nn::edits::{PointEdits, RowOrigin};
use crate::nn::loss::{self, Loss, Penalty, LOSS_NAMES};
use crate::nn::network::{Activation, Init, Mode, Network, NetworkSpec, NetworkState, ACTIVATION_NAMES, INIT_NAMES};
use crate::nn::stream_rng;
use crate::optim::{Optimizer, OptimizerConfig};
use crate::schedule::{ScheduleConfig, Scheduler};
use crate::search::Rng;
use crate::surface::ViewBox;

/// Most hidden layers.
pub const MAX_HIDDEN_LAYERS: usize = 8;
/// Most units in a hidden layer.
pub const MAX_WIDTH: usize = 64;
/// Largest mini-batch.
pub const MAX_BATCH: usize = 1024;
/// Largest grid side for [`Trainer::predict_grid`] and [`Trainer::neuron_grids`].
pub const MAX_GRID_SIDE: usize = 2048;
/// Epochs of history kept (older ones are dropped, half at a time, beyond this).
pub const MAX_HISTORY: usize = 100_000;
/// Rows evaluated per forward pass when drawing grids and evaluating metrics.
const EVAL_CHUNK: usize = 256;
/// Random stream for weight initialization (see [`stream_rng`]).
const STREAM_INIT: u64 = 11;
/// Random stream for the per-epoch shuffle.
const STREAM_SHUFFLE: u64 = 12;
/// Largest whole number a seed may be (exact in a JavaScript number).
const MAX_SEED: i64 = (1 << 53) - 1;

/// The loss as configured (`loss`), before it is matched to the task.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LossKind {
    /// `"mse"`.
    Mse,
    /// `"l1"`.
    L1,
    /// `"cross_entropy"` (BCE with logits for two classes).
    CrossEntropy,
}

/// What `EarlyStopping` watches.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Monitor {
    /// `"val_loss"`: the validation loss (needs `validation_split > 0`).
    ValLoss,
    /// `"loss"`: the training loss.
    Loss,
}

/// `keras.callbacks.EarlyStopping` settings (mode `min`).
#[derive(Clone, Debug, PartialEq)]
pub struct EarlyStoppingConfig {
    /// Quantity watched.
    pub monitor: Monitor,
    /// Epochs without improvement before stopping.
    pub patience: usize,
    /// An improvement must lower the best value by more than this.
    pub min_delta: f64,
    /// On stopping, go back to the weights (and BatchNorm statistics) of the best epoch.
    pub restore_best_weights: bool,
    /// Epochs to wait before watching at all.
    pub start_from_epoch: usize,
}

/// Where the data comes from.
#[derive(Clone, Debug, PartialEq)]
pub enum DataSource {
    /// A generated dataset.
    Generated(DatasetKind),
    /// CSV text (`x,y,label` lines) and the task to read it as (`None`: detect).
    Csv {
        /// The text.
        text: String,
        /// Forced task, or detection.
        task: Option<Task>,
    },
}

/// Dataset fields of the trainer config.
#[derive(Clone, Debug, PartialEq)]
pub struct DataConfig {
    /// `dataset` (and `csv`, `task`).
    pub source: DataSource,
    /// `n_samples` (generated data).
    pub n_samples: usize,
    /// `noise` (generated data; see [`Dataset::generate`]).
    pub noise: f64,
    /// `data_seed`: the data and its split.
    pub data_seed: u64,
    /// `validation_split`: fraction of rows held out for validation.
    pub validation_split: f64,
    /// `test_split`: fraction of rows held out for testing.
    pub test_split: f64,
    /// `points` and `removed`: rows added and removed by hand (see [`crate::nn::edits`]).
    pub edits: PointEdits,
}

impl DataConfig {
    /// Whether two data configs describe the same rows before the hand edits.
    fn same_source(&self, other: &DataConfig) -> bool {
        self.source == other.source
            && self.n_samples == other.n_samples
            && self.noise == other.noise
            && self.data_seed == other.data_seed
            && self.validation_split == other.validation_split
            && self.test_split == other.test_split
    }
}

/// Everything the trainer is configured with (see [`TrainerConfig::from_value`] for names and defaults).
#[derive(Clone, Debug, PartialEq)]
pub struct TrainerConfig {
    /// Hidden layer widths.
    pub layers: Vec<usize>,
    /// Hidden activation.
    pub activation: Activation,
    /// Loss as configured (`None`: cross-entropy for classification, MSE for regression).
    pub loss: Option<LossKind>,
    /// Mini-batch size.
    pub batch_size: usize,
    /// Reshuffle the training rows every epoch.
    pub shuffle: bool,
    /// Evaluate the validation and test parts every this many epochs (Keras `validation_freq`).
    pub validation_freq: usize,
    /// The optimizer.
    pub optimizer: OptimizerConfig,
    /// An optional learning-rate schedule.
    pub schedule: Option<ScheduleConfig>,
    /// `l1`, `l2`, `regularize_bias`.
    pub penalty: Penalty,
    /// BatchNorm1d after every hidden Linear.
    pub batch_norm: bool,
    /// Weight initialization.
    pub init: Init,
    /// Seed of initialization and shuffling.
    pub seed: u64,
    /// Input feature maps.
    pub features: Vec<Feature>,
    /// Optional early stopping.
    pub early_stopping: Option<EarlyStoppingConfig>,
    /// The data.
    pub data: DataConfig,
}

/// Fields of the trainer config.
const FIELDS: [&str; 26] = [
    "layers",
    "activation",
    "loss",
    "batch_size",
    "shuffle",
    "validation_freq",
    "optimizer",
    "schedule",
    "l1",
    "l2",
    "regularize_bias",
    "batch_norm",
    "init",
    "seed",
    "features",
    "early_stopping",
    "dataset",
    "csv",
    "task",
    "n_samples",
    "noise",
    "data_seed",
    "validation_split",
    "test_split",
    "points",
    "removed",
];

impl TrainerConfig {
    /// Read a trainer config. Fields (PyTorch / Keras names) and defaults:
    /// `layers: [4, 2]` (each 1..=64, at most 8), `activation: "tanh"` (relu, leaky_relu, tanh, sigmoid, linear),
    /// `loss` (`"mse"`, `"l1"`, `"cross_entropy"`; default cross_entropy for classification, mse for regression),
    /// `batch_size: 10` (1..=1024), `shuffle: true`, `validation_freq: 1` (validation and test metrics every this
    /// many epochs; evaluating them costs a forward pass over those rows), `optimizer: {type: "SGD", lr: 0.03}`, `schedule` (optional,
    /// see [`crate::schedule`]), `l1: 0`, `l2: 0` (in [0, 10]), `regularize_bias: false`, `batch_norm: false`,
    /// `init: "xavier"` (or `"he"`), `seed: 0`, `features: ["x", "y"]` (from x, y, x2, y2, xy, sin_x, sin_y),
    /// `early_stopping` (optional: `monitor: "val_loss"` or `"loss"`, `patience: 0`, `min_delta: 0`,
    /// `restore_best_weights: false`, `start_from_epoch: 0`), and the data: `dataset: "circle"` (circle, xor,
    /// gauss, spiral, moons, blobs, spiral3, line, sine, plane, csv), `n_samples: 200` (10..=20000), `noise: 0`
    /// (in [0, 1]), `data_seed: 0`, `validation_split: 0.2`, `test_split: 0.2` (each in [0, 0.9], together at
    /// most 0.9), and for `dataset: "csv"` the text `csv` and `task` (`"auto"`, `"classification"`, `"regression"`);
    /// rows edited by hand: `points` (`[[x, y, label], ...]`, added to the training rows) and `removed` (row numbers
    /// of the generated or CSV data), see [`crate::nn::edits`].
    pub fn from_value(path: &str, v: &Value) -> ConfigResult<TrainerConfig> {
        let o = config::object(path, v)?;
        o.only(&FIELDS)?;
        let layers: Vec<usize> = o
            .ints("layers", Some(&[4, 2]), 1, MAX_WIDTH as i64, MAX_HIDDEN_LAYERS)?
            .into_iter()
            .map(|n| n as usize)
            .collect();
        let activation = o.choice("activation", &ACTIVATION_NAMES, Some("tanh"))?;
        let activation = Activation::from_name(&activation).unwrap_or(Activation::Tanh);
        let data = read_data(&o)?;
        let task = match &data.source {
            DataSource::Generated(kind) => Some(kind.task()),
            DataSource::Csv { task, .. } => *task,
        };
        let loss = match o.get("loss") {
            None => None,
            Some(_) => Some(match o.choice("loss", &LOSS_NAMES, None)?.as_str() {
                "mse" => LossKind::Mse,
                "l1" => LossKind::L1,
                _ => LossKind::CrossEntropy,
            }),
        };
        if loss == Some(LossKind::CrossEntropy) && task == Some(Task::Regression) {
            return config::err(
                &o.field_path("loss"),
                "\"cross_entropy\"",
                "\"mse\" or \"l1\" for a regression dataset",
            );
        }
        let batch_norm = o.flag("batch_norm", false)?;
        let batch_size = o.int("batch_size", Some(10), 1, MAX_BATCH as i64)? as usize;
        if batch_norm && batch_size < 2 {
            return config::err(
                &o.field_path("batch_size"),
                "1",
                "at least 2 with batch_norm (BatchNorm1d needs more than one value per unit in training)",
            );
        }
        let optimizer = match o.get("optimizer") {
            Some(v) => OptimizerConfig::from_value(&o.field_path("optimizer"), v)?,
            None => OptimizerConfig::Sgd {
                lr: 0.03,
                momentum: 0.0,
                dampening: 0.0,
                weight_decay: 0.0,
                nesterov: false,
                maximize: false,
            },
        };
        let schedule = match o.get("schedule") {
            Some(v) => Some(ScheduleConfig::from_value(&o.field_path("schedule"), v)?),
            None => None,
        };
        let penalty = Penalty {
            l1: o.num("l1", Some(0.0), Range::Closed(0.0, 10.0))?,
            l2: o.num("l2", Some(0.0), Range::Closed(0.0, 10.0))?,
            include_bias: o.flag("regularize_bias", false)?,
        };
        let init = o.choice("init", &INIT_NAMES, Some("xavier"))?;
        let init = Init::from_name(&init).unwrap_or(Init::Xavier);
        let seed = o.int("seed", Some(0), 0, MAX_SEED)? as u64;
        let features = read_features(&o, "features")?;
        let early_stopping = match o.get("early_stopping") {
            Some(v) => Some(read_early_stopping(&o.field_path("early_stopping"), v, data.validation_split)?),
            None => None,
        };
        Ok(TrainerConfig {
            layers,
            activation,
            loss,
            batch_size,
            shuffle: o.flag("shuffle", true)?,
            validation_freq: o.int("validation_freq", Some(1), 1, 1_000_000)? as usize,
            optimizer,
            schedule,
            penalty,
            batch_norm,
            init,
            seed,
            features,
            early_stopping,
            data,
        })
    }

    /// Whether going from `self` to `other` needs a fresh network (shape, initialization or data changed).
    fn needs_reset(&self, other: &TrainerConfig) -> bool {
        self.layers != other.layers
            || self.activation != other.activation
            || self.batch_norm != other.batch_norm
            || self.init != other.init
            || self.seed != other.seed
            || self.features != other.features
            || !self.data.same_source(&other.data)
    }
}

fn read_data(o: &Obj<'_>) -> ConfigResult<DataConfig> {
    let name = o.choice("dataset", &DATASET_NAMES, Some("circle"))?;
    let source = match DatasetKind::from_name(&name) {
        Some(kind) => {
            for key in ["csv", "task"] {
                if let Some(v) = o.get(key) {
                    return config::err(&o.field_path(key), v.describe(), "nothing unless dataset is \"csv\"");
                }
            }
            DataSource::Generated(kind)
        }
        None => {
            let text = match o.get("csv") {
                Some(Value::Str(s)) if s.len() <= 4_000_000 => s.clone(),
                Some(v) => {
                    return config::err(
                        &o.field_path("csv"),
                        v.describe(),
                        "CSV text of x,y,label lines (at most 4 MB)",
                    )
                }
                None => return config::err(&o.field_path("csv"), "missing", "CSV text of x,y,label lines"),
            };
            let task = match o.choice("task", &["auto", "classification", "regression"], Some("auto"))?.as_str() {
                "regression" => Some(Task::Regression),
                "classification" => Some(Task::Classification { classes: data::MAX_CLASSES }),
                _ => None,
            };
            DataSource::Csv { text, task }
        }
    };
    let validation_split = o.num("validation_split", Some(0.2), Range::Closed(0.0, 0.9))?;
    let test_split = o.num("test_split", Some(0.2), Range::Closed(0.0, 0.9))?;
    if validation_split + test_split > 0.9 + 1e-12 {
        return config::err(
            &o.field_path("test_split"),
            config::fmt_num(test_split),
            format!("at most {} so that validation_split + test_split <= 0.9", config::fmt_num(0.9 - validation_split)),
        );
    }
    Ok(DataConfig {
        source,
        n_samples: o.int("n_samples", Some(200), 10, MAX_SAMPLES as i64)? as usize,
        noise: o.num("noise", Some(0.0), Range::Closed(0.0, 1.0))?,
        data_seed: o.int("data_seed", Some(0), 0, MAX_SEED)? as u64,
        validation_split,
        test_split,
        edits: PointEdits::from_obj(o)?,
    })
}

fn read_features(o: &Obj<'_>, key: &str) -> ConfigResult<Vec<Feature>> {
    let path = o.field_path(key);
    let allowed = format!("an array of 1 to 7 distinct names among {}", FEATURE_NAMES.join(", "));
    let items = match o.get(key) {
        None => return Ok(vec![Feature::X, Feature::Y]),
        Some(Value::Arr(items)) if !items.is_empty() && items.len() <= FEATURE_NAMES.len() => items,
        Some(v) => return config::err(&path, v.describe(), allowed),
    };
    let mut out = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        let f = match item {
            Value::Str(s) => Feature::from_name(s),
            _ => None,
        };
        match f {
            Some(f) if !out.contains(&f) => out.push(f),
            _ => return config::err(&format!("{path}[{i}]"), item.describe(), allowed),
        }
    }
    Ok(out)
}

fn read_early_stopping(path: &str, v: &Value, validation_split: f64) -> ConfigResult<EarlyStoppingConfig> {
    let o = config::object(path, v)?;
    o.only(&["monitor", "patience", "min_delta", "restore_best_weights", "start_from_epoch"])?;
    let monitor = match o.choice("monitor", &["val_loss", "loss"], Some("val_loss"))?.as_str() {
        "loss" => Monitor::Loss,
        _ => Monitor::ValLoss,
    };
    if monitor == Monitor::ValLoss && validation_split == 0.0 {
        return config::err(
            &o.field_path("monitor"),
            "\"val_loss\"",
            "\"loss\" when validation_split is 0 (no validation data)",
        );
    }
    Ok(EarlyStoppingConfig {
        monitor,
        patience: o.int("patience", Some(0), 0, 1_000_000)? as usize,
        min_delta: o.num("min_delta", Some(0.0), Range::Closed(0.0, 1e6))?,
        restore_best_weights: o.flag("restore_best_weights", false)?,
        start_from_epoch: o.int("start_from_epoch", Some(0), 0, 1_000_000)? as usize,
    })
}

/// Metrics of one epoch, with Keras' names.
#[derive(Clone, Debug, PartialEq)]
pub struct EpochMetrics {
    /// Epochs completed (1 for the first).
    pub epoch: usize,
    /// Optimizer updates made so far.
    pub steps: u64,
    /// Learning rate of the epoch's last update.
    pub lr: f64,
    /// Training loss: the epoch's batch losses in training mode, averaged per sample (data loss, no penalty).
    pub loss: f64,
    /// Training accuracy over the same batches (classification).
    pub accuracy: Option<f64>,
    /// Validation loss in inference mode (when there is validation data and the epoch is a multiple of
    /// `validation_freq`).
    pub val_loss: Option<f64>,
    /// Validation accuracy.
    pub val_accuracy: Option<f64>,
    /// Test loss in inference mode (when there is test data).
    pub test_loss: Option<f64>,
    /// Test accuracy.
    pub test_accuracy: Option<f64>,
    /// The penalty $\lambda_1\|w\|_1 + \lambda_2\|w\|_2^2$ at the end of the epoch.
    pub penalty: f64,
}

/// One of the three parts of the data.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Part {
    /// Training rows.
    Train,
    /// Validation rows.
    Validation,
    /// Test rows.
    Test,
}

/// Why training stopped (it stays stopped until [`Trainer::set_config`] or [`Trainer::reset`]).
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Stop {
    /// Early stopping fired after this epoch (1-based); `best_epoch` is the best monitored epoch (1-based).
    EarlyStopping {
        /// Epoch after which training stopped.
        epoch: usize,
        /// Epoch with the best monitored value.
        best_epoch: usize,
        /// Whether the best weights were restored.
        restored: bool,
    },
    /// The loss became NaN or infinite in this epoch (1-based), at this update.
    Diverged {
        /// Epoch in which it happened.
        epoch: usize,
        /// Update count at which it happened.
        step: u64,
    },
}

/// Early stopping's running state (Keras' `wait`, `best`, `best_weights`, `best_epoch`).
#[derive(Clone, Debug, Default)]
struct EarlyState {
    wait: usize,
    best: Option<f64>,
    best_epoch: usize,
    best_weights: Option<NetworkState>,
}

/// A network being trained on a dataset, driven by a [`TrainerConfig`].
#[derive(Clone, Debug)]
pub struct Trainer {
    cfg: TrainerConfig,
    data: Dataset,
    csv_errors: Vec<CsvError>,
    csv_more_errors: usize,
    split: Split,
    /// The generated (or CSV) rows and their split before the hand edits, and where each row of `data` comes from.
    base: Dataset,
    base_split: Split,
    origins: Vec<RowOrigin>,
    /// Features of every row, feature-major (`n_features` blocks of `n`).
    inputs: Vec<f64>,
    /// Targets of every row, component-major (`target_width` blocks of `n`).
    targets: Vec<f64>,
    target_width: usize,
    loss: Loss,
    penalized: Vec<std::ops::Range<usize>>,
    net: Network,
    opt: Optimizer,
    sched: Option<Scheduler>,
    sched_per_step: bool,
    shuffle_rng: Rng,
    order: Vec<usize>,
    batch_targets: Vec<f64>,
    eval_targets: Vec<f64>,
    /// Pixel-centre coordinates of one grid chunk (`x` values, then `y` values; `2 x capacity`).
    grid_xy: Vec<f64>,
    history: Vec<EpochMetrics>,
    epoch: usize,
    steps: u64,
    early: EarlyState,
    stop: Option<Stop>,
}

impl Trainer {
    /// Read a config (see [`TrainerConfig::from_value`]) and build a fresh trainer.
    pub fn from_value(path: &str, v: &Value) -> ConfigResult<Trainer> {
        Trainer::new(TrainerConfig::from_value(path, v)?, path)
    }

    /// A fresh trainer: data generated (or CSV parsed) and split, network initialized from `seed`. `path` names the
    /// config in errors about the data (a CSV without good rows, too few training rows).
    pub fn new(cfg: TrainerConfig, path: &str) -> ConfigResult<Trainer> {
        let (data, csv_errors, csv_more_errors) = match &cfg.data.source {
            DataSource::Generated(kind) => {
                (Dataset::generate(*kind, cfg.data.n_samples, cfg.data.noise, cfg.data.data_seed), Vec::new(), 0)
            }
            DataSource::Csv { text, task } => {
                let parsed = data::parse_csv(text, *task);
                if parsed.dataset.len() < 2 {
                    let first = parsed.errors.first().map(|e| format!(" ({e})")).unwrap_or_default();
                    return config::err(
                        &config::join(path, "csv"),
                        format!("text with {} usable rows{first}", parsed.dataset.len()),
                        "at least 2 rows of x,y,label",
                    );
                }
                let mut d = parsed.dataset;
                if let (Some(Task::Classification { .. }), Task::Classification { .. }) = (task, d.task) {
                    // A forced classification: as many classes as the labels use.
                    let max = d.labels.iter().copied().fold(0.0, f64::max) as usize;
                    d.task = Task::Classification { classes: (max + 1).max(2) };
                }
                (d, parsed.errors, parsed.more_errors)
            }
        };
        if cfg.loss == Some(LossKind::CrossEntropy) && data.task == Task::Regression {
            return config::err(
                &config::join(path, "loss"),
                "\"cross_entropy\"",
                "\"mse\" or \"l1\": the CSV labels are real targets",
            );
        }
        let split = Split::new(data.len(), cfg.data.validation_split, cfg.data.test_split, cfg.data.data_seed);
        let min_train = if cfg.batch_norm { 2 } else { 1 };
        if split.train.len() < min_train {
            return config::err(
                &config::join(path, "validation_split"),
                format!("{} (leaving {} training rows)", config::fmt_num(cfg.data.validation_split), split.train.len()),
                format!("splits that leave at least {min_train} training rows"),
            );
        }
        let (base, base_split) = (data, split);
        let (data, split, origins) = cfg.data.edits.apply(&base, &base_split, path)?;
        check_edited_split(&split, &cfg.data.edits, min_train, path)?;
        let (k_out, loss) = output_layout(data.task, cfg.loss);
        let mut sizes = vec![cfg.features.len()];
        sizes.extend_from_slice(&cfg.layers);
        sizes.push(k_out);
        let spec = NetworkSpec { sizes, activation: cfg.activation, batch_norm: cfg.batch_norm };
        let cap = cfg.batch_size.min(split.train.len()).max(EVAL_CHUNK);
        let mut net = Network::new(&spec, cap);
        net.initialize(cfg.init, &mut stream_rng(cfg.seed, STREAM_INIT));
        let opt = Optimizer::new(&cfg.optimizer, net.params().len());
        let mut t = Trainer {
            inputs: Vec::new(),
            targets: Vec::new(),
            target_width: loss.target_width(k_out),
            loss,
            penalized: Vec::new(),
            sched: None,
            sched_per_step: false,
            shuffle_rng: stream_rng(cfg.seed, STREAM_SHUFFLE),
            order: split.train.clone(),
            batch_targets: Vec::new(),
            eval_targets: Vec::new(),
            grid_xy: Vec::new(),
            history: Vec::new(),
            epoch: 0,
            steps: 0,
            early: EarlyState::default(),
            stop: None,
            cfg,
            data,
            csv_errors,
            csv_more_errors,
            split,
            base,
            base_split,
            origins,
            net,
            opt,
        };
        t.build_inputs();
        t.apply_hyperparameters();
        Ok(t)
    }

    /// Change the config mid-run. Hyperparameters (optimizer and its settings, schedule, loss, batch size, shuffling,
    /// penalties, early stopping) change without losing the weights or the optimizer's state; a change of the
    /// network's shape, initialization, seed, features or data starts over. Returns whether it started over.
    /// A changed schedule (or optimizer `lr` under a schedule) restarts the schedule from its first step. Early
    /// stopping starts watching afresh (as in a new Keras `fit` call), so a run it stopped can continue; a diverged
    /// run stays stopped until [`Trainer::reset`]. On error nothing changes.
    pub fn set_config(&mut self, path: &str, v: &Value) -> ConfigResult<bool> {
        let cfg = TrainerConfig::from_value(path, v)?;
        if self.cfg.needs_reset(&cfg) {
            *self = Trainer::new(cfg, path)?;
            return Ok(true);
        }
        if cfg.loss == Some(LossKind::CrossEntropy) && self.data.task == Task::Regression {
            return config::err(
                &config::join(path, "loss"),
                "\"cross_entropy\"",
                "\"mse\" or \"l1\": the labels are real targets",
            );
        }
        let edited = if cfg.data.edits != self.cfg.data.edits {
            let (data, split, origins) = cfg.data.edits.apply(&self.base, &self.base_split, path)?;
            check_edited_split(&split, &cfg.data.edits, if cfg.batch_norm { 2 } else { 1 }, path)?;
            Some((data, split, origins))
        } else {
            None
        };
        let schedule_changed = cfg.schedule != self.cfg.schedule || cfg.optimizer.lr() != self.cfg.optimizer.lr();
        let loss_changed = cfg.loss != self.cfg.loss;
        self.opt.set_config(&cfg.optimizer);
        self.cfg = cfg;
        if let Some((data, split, origins)) = edited {
            // Same network, new rows: the features and targets are rebuilt below (or now), the epoch order restarts.
            self.data = data;
            self.split = split;
            self.origins = origins;
            self.order.clone_from(&self.split.train);
            if !loss_changed {
                self.build_inputs();
            }
        }
        if loss_changed {
            let (_, loss) = output_layout(self.data.task, self.cfg.loss);
            self.loss = loss;
            self.target_width = loss.target_width(self.net.n_outputs());
            self.build_inputs();
        }
        if schedule_changed {
            self.sched = None;
        }
        // Like a new `model.fit()` call: early stopping starts watching afresh, and a run it stopped may continue.
        self.early = EarlyState::default();
        if matches!(self.stop, Some(Stop::EarlyStopping { .. })) {
            self.stop = None;
        }
        self.apply_hyperparameters();
        Ok(false)
    }

    /// Start over with the current config: fresh weights from the seed, optimizer state, history and stopping.
    pub fn reset(&mut self) {
        let net_spec = self.net.spec().clone();
        self.net = Network::new(&net_spec, self.net.capacity());
        self.net.initialize(self.cfg.init, &mut stream_rng(self.cfg.seed, STREAM_INIT));
        self.opt = Optimizer::new(&self.cfg.optimizer, self.net.params().len());
        self.sched = None;
        self.shuffle_rng = stream_rng(self.cfg.seed, STREAM_SHUFFLE);
        self.order.clone_from(&self.split.train);
        self.history.clear();
        self.epoch = 0;
        self.steps = 0;
        self.early = EarlyState::default();
        self.stop = None;
        self.apply_hyperparameters();
    }

    /// Buffers, penalty ranges and schedule for the current hyperparameters (allocates; not in the hot loop).
    fn apply_hyperparameters(&mut self) {
        let bs = self.cfg.batch_size.min(self.split.train.len()).max(1);
        if bs > self.net.capacity() {
            self.net.set_capacity(bs);
        }
        let cap = self.net.capacity();
        self.batch_targets.resize(cap * self.target_width, 0.0);
        self.eval_targets.resize(cap * self.target_width, 0.0);
        self.grid_xy.resize(2 * cap, 0.0);
        self.penalized = penalized_ranges(&self.net, self.cfg.penalty.include_bias);
        if self.sched.is_none() {
            if let Some(s) = &self.cfg.schedule {
                self.sched = Some(Scheduler::new(s, self.cfg.optimizer.lr()));
                self.sched_per_step = schedule_steps_per_update(s);
            }
        }
        if self.cfg.schedule.is_none() {
            self.sched = None;
        }
    }

    /// Features and targets of every row.
    fn build_inputs(&mut self) {
        let nf = self.cfg.features.len();
        let n = self.data.len();
        self.inputs.resize(n * nf, 0.0);
        let xs: Vec<f64> = self.data.points.iter().map(|p| p[0]).collect();
        let ys: Vec<f64> = self.data.points.iter().map(|p| p[1]).collect();
        for (f, column) in self.cfg.features.iter().zip(self.inputs.chunks_exact_mut(n.max(1))) {
            f.fill(&xs, &ys, column);
        }
        let tw = self.target_width;
        let k = self.net.n_outputs();
        self.targets.resize(n * tw, 0.0);
        for (c, column) in self.targets.chunks_exact_mut(n.max(1)).enumerate() {
            for (t, &label) in column.iter_mut().zip(&self.data.labels) {
                *t = if self.loss == Loss::CrossEntropy || k == 1 {
                    label
                } else {
                    // formula: one-hot target: t_c = [c = label]
                    f64::from(u8::from(c as f64 == label))
                };
            }
        }
    }

    /// The learning rate (and cycled momentum) of the next update.
    fn lr_momentum(&self) -> (f64, Option<f64>) {
        match &self.sched {
            Some(s) => (s.lr(), s.momentum()),
            None => (self.cfg.optimizer.lr(), None),
        }
    }

    /// Train up to `n` epochs; returns how many ran (fewer when early stopping fires or the loss diverges; none
    /// while stopped).
    pub fn train_epochs(&mut self, n: usize) -> usize {
        let mut ran = 0;
        while ran < n && self.stop.is_none() {
            self.train_one_epoch();
            ran += 1;
        }
        ran
    }

    /// One epoch: shuffled mini-batches (a last batch of one row is skipped with BatchNorm, as torch cannot train
    /// on it), then metrics, the epoch-wise schedule step and early stopping.
    fn train_one_epoch(&mut self) {
        if self.cfg.shuffle {
            shuffle(&mut self.shuffle_rng, &mut self.order);
        }
        let tw = self.target_width;
        let k = self.net.n_outputs();
        let bs = self.cfg.batch_size.min(self.net.capacity()).max(1);
        let classify = matches!(self.data.task, Task::Classification { .. });
        let mut loss_sum = 0.0;
        let mut correct = 0usize;
        let mut seen = 0usize;
        let mut lr_used = self.lr_momentum().0;
        for batch in self.order.chunks(bs) {
            let m = batch.len();
            if m < 2 && self.cfg.batch_norm {
                continue;
            }
            gather_rows(&mut self.net, &self.inputs, &self.targets, tw, batch, &mut self.batch_targets);
            self.net.forward(m, Mode::Train);
            let targets = &self.batch_targets[..m * tw];
            let (out, dout) = self.net.output_and_grad();
            let l = self.loss.value_and_grad(out, targets, k, dout);
            if classify {
                correct += count_correct(self.loss, out, targets, k);
            }
            loss_sum += l * m as f64;
            seen += m;
            if !l.is_finite() {
                self.stop = Some(Stop::Diverged { epoch: self.epoch + 1, step: self.steps });
                break;
            }
            self.net.backward();
            let (lr, momentum) = self.lr_momentum();
            lr_used = lr;
            let (params, grad) = self.net.params_and_grad();
            self.cfg.penalty.add_grad(params, grad, &self.penalized);
            self.opt.step(params, grad, lr, momentum);
            self.steps += 1;
            if self.sched_per_step {
                if let Some(s) = &mut self.sched {
                    s.step(None);
                }
            }
        }
        self.epoch += 1;
        let seen_f = seen.max(1) as f64;
        let evaluate = self.epoch % self.cfg.validation_freq.max(1) == 0;
        let (val_loss, val_accuracy) = if evaluate { self.evaluate_part(Part::Validation) } else { (None, None) };
        let (test_loss, test_accuracy) = if evaluate { self.evaluate_part(Part::Test) } else { (None, None) };
        let loss = loss_sum / seen_f;
        let metrics = EpochMetrics {
            epoch: self.epoch,
            steps: self.steps,
            lr: lr_used,
            loss,
            accuracy: classify.then(|| correct as f64 / seen_f),
            val_loss,
            val_accuracy,
            test_loss,
            test_accuracy,
            penalty: self.cfg.penalty.value(self.net.params(), &self.penalized),
        };
        if !loss.is_finite() && self.stop.is_none() {
            self.stop = Some(Stop::Diverged { epoch: self.epoch, step: self.steps });
        }
        if self.history.len() >= MAX_HISTORY {
            self.history.drain(..MAX_HISTORY / 2);
        }
        self.history.push(metrics);
        // ReduceLROnPlateau watches the validation loss, or the training loss when there is no validation part
        // (an epoch skipped by validation_freq reports nothing)
        let monitored = if self.split.validation.is_empty() { Some(loss) } else { val_loss };
        if !self.sched_per_step {
            if let Some(s) = &mut self.sched {
                s.step(monitored);
            }
        }
        if self.stop.is_none() {
            self.early_stopping_check(val_loss, loss);
        }
    }

    /// `keras.callbacks.EarlyStopping.on_epoch_end` in mode `min` (Keras counts epochs from 0; ours are 1-based).
    fn early_stopping_check(&mut self, val_loss: Option<f64>, loss: f64) {
        let Some(es) = &self.cfg.early_stopping else { return };
        let current = match es.monitor {
            Monitor::ValLoss => match val_loss {
                Some(v) => v,
                None => return,
            },
            Monitor::Loss => loss,
        };
        let epoch0 = self.epoch - 1;
        if epoch0 < es.start_from_epoch {
            return;
        }
        if es.restore_best_weights && self.early.best_weights.is_none() {
            let mut s = NetworkState::default();
            self.net.save_state(&mut s);
            self.early.best_weights = Some(s);
        }
        self.early.wait += 1;
        // formula: improvement iff current + min_delta < best (Keras negates min_delta in mode min; the first value
        // always improves)
        let improved = match self.early.best {
            None => true,
            Some(best) => current + es.min_delta < best,
        };
        if improved {
            self.early.best = Some(current);
            self.early.best_epoch = self.epoch;
            if es.restore_best_weights {
                if let Some(s) = &mut self.early.best_weights {
                    self.net.save_state(s);
                }
            }
            self.early.wait = 0;
            return;
        }
        if self.early.wait >= es.patience && epoch0 > 0 {
            let mut restored = false;
            if es.restore_best_weights {
                if let Some(s) = &self.early.best_weights {
                    restored = self.net.load_state(s);
                }
            }
            self.stop = Some(Stop::EarlyStopping { epoch: self.epoch, best_epoch: self.early.best_epoch, restored });
        }
    }

    /// Mean loss and accuracy (classification) of a part in inference mode; `(None, None)` when it is empty.
    pub fn evaluate_part(&mut self, part: Part) -> (Option<f64>, Option<f64>) {
        let rows = match part {
            Part::Train => &self.split.train,
            Part::Validation => &self.split.validation,
            Part::Test => &self.split.test,
        };
        if rows.is_empty() {
            return (None, None);
        }
        let mut loss_sum = 0.0;
        let mut correct = 0;
        let tw = self.target_width;
        let k = self.net.n_outputs();
        for chunk in rows.chunks(self.net.capacity()) {
            let m = chunk.len();
            gather_rows(&mut self.net, &self.inputs, &self.targets, tw, chunk, &mut self.eval_targets);
            self.net.forward(m, Mode::Eval);
            let targets = &self.eval_targets[..m * tw];
            let (out, dout) = self.net.output_and_grad();
            loss_sum += self.loss.value_and_grad(out, targets, k, dout) * m as f64;
            correct += count_correct(self.loss, out, targets, k);
        }
        let n = rows.len() as f64;
        let accuracy = matches!(self.data.task, Task::Classification { .. }).then(|| correct as f64 / n);
        (Some(loss_sum / n), accuracy)
    }

    /// Confusion matrix of a part in inference mode, `classes x classes` row-major: entry `(true, predicted)`
    /// (scikit-learn's convention). Empty for regression.
    pub fn confusion_matrix(&mut self, part: Part) -> Vec<u64> {
        let Task::Classification { classes } = self.data.task else { return Vec::new() };
        let rows = match part {
            Part::Train => &self.split.train,
            Part::Validation => &self.split.validation,
            Part::Test => &self.split.test,
        };
        let mut m = vec![0u64; classes * classes];
        let k = self.net.n_outputs();
        let tw = self.target_width;
        for chunk in rows.chunks(self.net.capacity()) {
            gather_rows(&mut self.net, &self.inputs, &self.targets, tw, chunk, &mut self.eval_targets);
            let out = self.net.forward(chunk.len(), Mode::Eval);
            for (o, &i) in out.chunks_exact(k).zip(chunk) {
                let truth = (self.data.labels[i].max(0.0) as usize).min(classes - 1);
                let pred = predicted_class(self.loss, o).min(classes - 1);
                m[truth * classes + pred] += 1;
            }
        }
        m
    }

    /// Values per pixel of [`Trainer::predict_grid`]: the number of classes for more than two classes, else 1.
    pub fn grid_channels(&self) -> usize {
        self.net.n_outputs()
    }

    /// The prediction at the centre of every pixel of a `w x h` grid over `view` (pixel `(i, j)`: column `i` from the
    /// left, row `j` from the top; see ARCHITECTURE.md), in inference mode, into `out` pixel-major with
    /// [`Trainer::grid_channels`] values per pixel: $P(\text{class } 1)$ for two classes with cross-entropy, the
    /// softmax probabilities for more, the raw output(s) with `mse` / `l1` (0/1 or one-hot targets) and for
    /// regression. `out` needs at least `w * h * channels` values.
    pub fn predict_grid(&mut self, view: &ViewBox, w: usize, h: usize, out: &mut [f64]) -> ConfigResult<()> {
        self.predict_grid_with(view, w, h, out, false)
    }

    /// [`Trainer::predict_grid`] for a picture (the decision boundary's heatmap): the forward pass of
    /// [`Network::forward_picture`], within about $10^{-6}$ of the exact values and several times cheaper with
    /// tanh units.
    pub fn picture_grid(&mut self, view: &ViewBox, w: usize, h: usize, out: &mut [f64]) -> ConfigResult<()> {
        self.predict_grid_with(view, w, h, out, true)
    }

    fn predict_grid_with(
        &mut self,
        view: &ViewBox,
        w: usize,
        h: usize,
        out: &mut [f64],
        picture: bool,
    ) -> ConfigResult<()> {
        let k = self.net.n_outputs();
        check_grid(view, w, h, k, out.len())?;
        let loss = self.loss;
        self.for_grid_chunks(view, w, h, picture, |net, first, m| {
            let o = net.output();
            for r in 0..m {
                let row = &o[r * k..(r + 1) * k];
                let dst = &mut out[(first + r) * k..(first + r + 1) * k];
                match loss {
                    Loss::BceWithLogits => dst[0] = loss::sigmoid(row[0]),
                    Loss::CrossEntropy => loss::softmax(row, dst),
                    _ => dst.copy_from_slice(row),
                }
            }
        });
        Ok(())
    }

    /// Number of neurons drawn by [`Trainer::neuron_grids`]: every input feature, hidden unit and output.
    pub fn neuron_count(&self) -> usize {
        self.net.sizes().iter().sum()
    }

    /// Every neuron's value at the centre of every pixel of a `w x h` grid over `view`, in inference mode (the
    /// picture forward pass, [`Network::forward_picture`]: these are for drawing), into `out` plane by plane: neuron `q`'s plane is `out[q*w*h .. (q+1)*w*h]` (pixel `i + j*w`), neurons numbered layer by
    /// layer (input features, hidden units after their activation, raw outputs). `out` needs
    /// `neuron_count() * w * h` values.
    pub fn neuron_grids(&mut self, view: &ViewBox, w: usize, h: usize, out: &mut [f64]) -> ConfigResult<()> {
        let total = self.neuron_count();
        check_grid(view, w, h, total, out.len())?;
        let plane = w * h;
        self.visit_neuron_grids(view, w, h, |q, first, values| {
            let start = q * plane + first;
            out[start..start + values.len()].copy_from_slice(values);
        })
    }

    /// The values of [`Trainer::neuron_grids`] without a buffer for all of them: `visit(q, first, values)` gets
    /// neuron `q`'s values at pixels `first..first + values.len()`, a chunk of pixels at a time (every neuron of a
    /// chunk before the next chunk), so a caller can colour them while they are in cache.
    pub fn visit_neuron_grids(
        &mut self,
        view: &ViewBox,
        w: usize,
        h: usize,
        mut visit: impl FnMut(usize, usize, &[f64]),
    ) -> ConfigResult<()> {
        check_grid(view, w, h, 1, usize::MAX)?;
        let n_layers = self.net.sizes().len();
        self.for_grid_chunks(view, w, h, true, |net, first, m| {
            let mut q0 = 0;
            for l in 0..n_layers {
                let width = net.sizes()[l];
                // activations are unit-major: unit u's m values are contiguous, like the plane's pixels
                for (u, values) in net.activations(l).chunks_exact(m).enumerate() {
                    visit(q0 + u, first, values);
                }
                q0 += width;
            }
        });
        Ok(())
    }

    /// One neuron's map (layer `layer`, 0 = input features, unit `unit`) as in [`Trainer::neuron_grids`], into
    /// `out[..w*h]`.
    pub fn neuron_grid(
        &mut self,
        layer: usize,
        unit: usize,
        view: &ViewBox,
        w: usize,
        h: usize,
        out: &mut [f64],
    ) -> ConfigResult<()> {
        let sizes = self.net.sizes();
        if layer >= sizes.len() {
            return config::err("layer", layer.to_string(), format!("a layer index in 0..{}", sizes.len()));
        }
        let width = sizes[layer];
        if unit >= width {
            return config::err("unit", unit.to_string(), format!("a unit index in 0..{width}"));
        }
        check_grid(view, w, h, 1, out.len())?;
        self.for_grid_chunks(view, w, h, true, |net, first, m| {
            out[first..first + m].copy_from_slice(&net.activations(layer)[unit * m..(unit + 1) * m]);
        });
        Ok(())
    }

    /// Forward the grid's pixel centres in chunks (inference mode; [`Network::forward_picture`] when `picture`),
    /// calling `visit(net, first_pixel, rows)`.
    fn for_grid_chunks(
        &mut self,
        view: &ViewBox,
        w: usize,
        h: usize,
        picture: bool,
        mut visit: impl FnMut(&Network, usize, usize),
    ) {
        let cap = self.net.capacity();
        let n = w * h;
        let (dx, dy) = ((view.x_max - view.x_min) / w as f64, (view.y_max - view.y_min) / h as f64);
        let mut first = 0;
        while first < n {
            let m = cap.min(n - first);
            let (xs, ys) = self.grid_xy.split_at_mut(cap);
            // pixel p = first + r is column i = p mod w of row j = p div w; (i, j) advance with r, without a
            // division per pixel
            let (mut i, mut j) = (first % w, first / w);
            for (x, y) in xs[..m].iter_mut().zip(&mut ys[..m]) {
                // formula: x = x_min + (i + 0.5) dx;  y = y_max - (j + 0.5) dy
                *x = view.x_min + (i as f64 + 0.5) * dx;
                *y = view.y_max - (j as f64 + 0.5) * dy;
                i += 1;
                if i == w {
                    i = 0;
                    j += 1;
                }
            }
            let input = self.net.input_by_unit_mut(m);
            for (feature, block) in self.cfg.features.iter().zip(input.chunks_exact_mut(m)) {
                feature.fill(&xs[..m], &ys[..m], block);
            }
            if picture {
                self.net.forward_picture(m);
            } else {
                self.net.forward(m, Mode::Eval);
            }
            visit(&self.net, first, m);
            first += m;
        }
    }

    /// The config in force.
    pub fn config(&self) -> &TrainerConfig {
        &self.cfg
    }

    /// The data (all rows).
    pub fn dataset(&self) -> &Dataset {
        &self.data
    }

    /// Lines of the CSV that were skipped (line number and reason; at most 100) and how many more there were.
    pub fn csv_errors(&self) -> (&[CsvError], usize) {
        (&self.csv_errors, self.csv_more_errors)
    }

    /// Which rows are training, validation and test rows.
    pub fn split(&self) -> &Split {
        &self.split
    }

    /// Where each row of [`Trainer::dataset`] comes from: a row of the generated or CSV data, or an added point.
    pub fn origins(&self) -> &[RowOrigin] {
        &self.origins
    }

    /// The network (weights, layout, BatchNorm statistics).
    pub fn network(&self) -> &Network {
        &self.net
    }

    /// The network, writable: TensorFlow Playground lets a learner click a weight and type a new value (and tests
    /// load PyTorch's weights this way). The optimizer's state is kept.
    pub fn network_mut(&mut self) -> &mut Network {
        &mut self.net
    }

    /// The optimizer (its state can be read by name for the formula readout).
    pub fn optimizer(&self) -> &Optimizer {
        &self.opt
    }

    /// The loss as applied (BCE-with-logits for two classes with cross-entropy).
    pub fn loss(&self) -> Loss {
        self.loss
    }

    /// Learning rate of the next update.
    pub fn lr(&self) -> f64 {
        self.lr_momentum().0
    }

    /// Per-epoch metrics so far (the most recent [`MAX_HISTORY`] / 2 at least, when very long).
    pub fn history(&self) -> &[EpochMetrics] {
        &self.history
    }

    /// Epochs completed.
    pub fn epoch(&self) -> usize {
        self.epoch
    }

    /// Optimizer updates made.
    pub fn steps(&self) -> u64 {
        self.steps
    }

    /// Why training stopped, if it did.
    pub fn stopped(&self) -> Option<Stop> {
        self.stop
    }
}

/// Fisher–Yates shuffle drawing each index as `((u >> 32) * (i + 1)) >> 32` from a 64-bit draw `u`: a 64-bit
/// multiply instead of the 128-bit one of [`Rng::below`] (a slow library call in WebAssembly), with a bias below
/// $(i+1)/2^{32}$, negligible for at most 20,000 rows.
fn shuffle(rng: &mut Rng, v: &mut [usize]) {
    for i in (1..v.len()).rev() {
        let j = (((rng.next_u64() >> 32) * (i as u64 + 1)) >> 32) as usize;
        v.swap(i, j);
    }
}

/// Gather rows `idx` into the network's (unit-major) input block and `batch` (row-major targets, `target_width`
/// per row): `inputs` is stored feature-major and `targets` component-major (`n` values per block), so both gathers
/// are strided loops rather than many tiny copies.
fn gather_rows(
    net: &mut Network,
    inputs: &[f64],
    targets: &[f64],
    target_width: usize,
    idx: &[usize],
    batch: &mut [f64],
) {
    let m = idx.len();
    if m == 0 {
        return;
    }
    let n = targets.len() / target_width.max(1);
    for (block, column) in net.input_by_unit_mut(m).chunks_exact_mut(m).zip(inputs.chunks_exact(n.max(1))) {
        for (dst, &i) in block.iter_mut().zip(idx) {
            *dst = column[i];
        }
    }
    for (c, column) in targets.chunks_exact(n.max(1)).enumerate() {
        for (r, &i) in idx.iter().enumerate() {
            batch[r * target_width + c] = column[i];
        }
    }
}

/// Output width and the loss applied, for a task and configured loss (default: cross-entropy for classification,
/// MSE for regression).
fn output_layout(task: Task, kind: Option<LossKind>) -> (usize, Loss) {
    let kind = kind.unwrap_or(if task == Task::Regression { LossKind::Mse } else { LossKind::CrossEntropy });
    match (task, kind) {
        (Task::Classification { classes }, LossKind::CrossEntropy) if classes > 2 => (classes, Loss::CrossEntropy),
        (Task::Classification { .. }, LossKind::CrossEntropy) => (1, Loss::BceWithLogits),
        (Task::Classification { classes }, k) => {
            (if classes > 2 { classes } else { 1 }, if k == LossKind::L1 { Loss::L1 } else { Loss::Mse })
        }
        (Task::Regression, LossKind::L1) => (1, Loss::L1),
        (Task::Regression, _) => (1, Loss::Mse),
    }
}

/// Parameter ranges the penalty applies to: the Linear weights, or everything.
fn penalized_ranges(net: &Network, include_bias: bool) -> Vec<std::ops::Range<usize>> {
    if include_bias {
        std::iter::once(0..net.params().len()).collect()
    } else {
        net.layout().iter().map(|l| l.weight.clone()).collect()
    }
}

/// Whether a schedule advances every update (Keras schedules, `CyclicLR`, `OneCycleLR`) rather than every epoch
/// (the other PyTorch schedulers, stepped once per epoch as in PyTorch's examples; `ReduceLROnPlateau` watches the
/// validation loss, or the training loss without validation data).
fn schedule_steps_per_update(s: &ScheduleConfig) -> bool {
    matches!(
        s.type_name(),
        "CyclicLR"
            | "OneCycleLR"
            | "ExponentialDecay"
            | "InverseTimeDecay"
            | "PiecewiseConstantDecay"
            | "PolynomialDecay"
            | "CosineDecay"
            | "CosineDecayRestarts"
    )
}

/// The predicted class of one output row.
#[inline]
fn predicted_class(loss: Loss, out: &[f64]) -> usize {
    if out.len() == 1 {
        // formula: logit > 0 (BCE) or output > 0.5 (mse / l1 with 0/1 targets)
        let threshold = if loss == Loss::BceWithLogits { 0.0 } else { 0.5 };
        usize::from(out[0] > threshold)
    } else {
        let mut best = 0;
        for (c, v) in out.iter().enumerate() {
            if *v > out[best] {
                best = c;
            }
        }
        best
    }
}

/// The class a target row stands for.
#[inline]
fn target_class(loss: Loss, t: &[f64]) -> usize {
    if loss == Loss::CrossEntropy || t.len() == 1 {
        t[0].max(0.0) as usize
    } else {
        predicted_class(Loss::Mse, t)
    }
}

/// Correct predictions in a block of outputs.
#[inline]
fn count_correct(loss: Loss, out: &[f64], targets: &[f64], k: usize) -> usize {
    if k == 1 {
        // formula: one output: correct iff [o > threshold] = [t = 1] (targets are 0 / 1)
        let threshold = if loss == Loss::BceWithLogits { 0.0 } else { 0.5 };
        return out.iter().zip(targets).map(|(o, t)| usize::from((*o > threshold) == (*t > 0.5))).sum();
    }
    let tw = loss.target_width(k);
    out.chunks_exact(k)
        .zip(targets.chunks_exact(tw))
        .filter(|(o, t)| predicted_class(loss, o) == target_class(loss, t))
        .count()
}

/// Validate a grid request.
fn check_grid(view: &ViewBox, w: usize, h: usize, per_pixel: usize, out_len: usize) -> ConfigResult<()> {
    if !view.is_valid() {
        return config::err("view", format!("{view:?}"), "a finite view box with x_min < x_max and y_min < y_max");
    }
    if w == 0 || h == 0 || w > MAX_GRID_SIDE || h > MAX_GRID_SIDE {
        return config::err("grid", format!("{w} x {h}"), format!("a width and height in 1..={MAX_GRID_SIDE}"));
    }
    let need = w * h * per_pixel;
    if out_len < need {
        return config::err(
            "out",
            format!("a buffer of {out_len} values"),
            format!("at least {need} values ({w} x {h} x {per_pixel})"),
        );
    }
    Ok(())
}

/// After hand edits: enough training rows left (naming `removed` when the removals took them).
fn check_edited_split(split: &Split, edits: &PointEdits, min_train: usize, path: &str) -> ConfigResult<()> {
    if split.train.len() >= min_train || edits.removed.is_empty() {
        return Ok(());
    }
    config::err(
        &config::join(path, "removed"),
        format!("{} rows (leaving {} training rows)", edits.removed.len(), split.train.len()),
        format!("removals that leave at least {min_train} training rows"),
    )
}
