//! Seeded 2-D datasets, input feature maps, train/validation/test splits and CSV import.
//!
//! Origin: the datasets follow TensorFlow Playground's `src/dataset.ts` (circle, xor, two gaussians, spiral on a
//! radius-5 disc, features $x, y, x^2, y^2, xy, \sin x, \sin y$) and scikit-learn's `make_moons` / `make_blobs`,
//! redrawn here with Gaussian position noise; every dataset is a pure function of (kind, size, noise, seed).
//!
//! Coordinate system: points lie in the plane with $x$ to the right and $y$ upwards, inside the view
//! [`DATA_VIEW`] $= [-6, 6]^2$; classification labels are class indices $0, 1, \dots$ stored as `f64`; regression
//! targets are real numbers of order 1.

use crate::nn::stream_rng;
use crate::surface::ViewBox;

/// Random stream of dataset generation (see [`stream_rng`]).
const STREAM_DATA: u64 = 1;
/// Random stream of the train/validation/test split.
const STREAM_SPLIT: u64 = 2;

/// Radius of the disc the generated points fill (TensorFlow Playground's 5).
pub const DATA_RADIUS: f64 = 5.0;

/// The view box that shows every generated dataset.
pub const DATA_VIEW: ViewBox = ViewBox::new(-6.0, 6.0, -6.0, 6.0);

/// Most rows a dataset may have (generated or imported).
pub const MAX_SAMPLES: usize = 20_000;

/// Most classes a classification dataset may have.
pub const MAX_CLASSES: usize = 10;

/// What the labels mean.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Task {
    /// Labels are class indices `0..classes`.
    Classification {
        /// Number of classes (at least 2).
        classes: usize,
    },
    /// Labels are real targets.
    Regression,
}

/// Dataset names for configs (`csv` is imported text, see [`parse_csv`]).
pub const DATASET_NAMES: [&str; 11] =
    ["circle", "xor", "gauss", "spiral", "moons", "blobs", "spiral3", "line", "sine", "plane", "csv"];

/// A generated dataset.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DatasetKind {
    /// Class 1 inside radius 2.5, class 0 on the ring from 3.5 to 5.
    Circle,
    /// Class 1 where $xy > 0$ (first and third quadrants), points kept 0.3 away from the axes.
    Xor,
    /// Two Gaussian clouds (std 1) at $(2, 2)$ (class 1) and $(-2, -2)$ (class 0).
    Gauss,
    /// Two interleaved spiral arms, one per class.
    Spiral,
    /// Two interleaving half circles (scikit-learn `make_moons`, scaled by 2.5 and centred).
    Moons,
    /// Three classes: Gaussian blobs (std 1) at radius 3, angles 90°, 210°, 330°.
    Blobs,
    /// Three classes: three interleaved spiral arms.
    Spiral3,
    /// Regression $t = 2u + 1$ with $u = x/5$ ($y$ is an input the network must learn to ignore).
    Line,
    /// Regression $t = \sin(\pi u)$, $u = x/5$.
    Sine,
    /// Regression $t = (u + v)/2$, $u = x/5$, $v = y/5$.
    Plane,
}

impl DatasetKind {
    /// The generated dataset with config name `name` (`csv` is not generated: `None`).
    pub fn from_name(name: &str) -> Option<DatasetKind> {
        Some(match name {
            "circle" => DatasetKind::Circle,
            "xor" => DatasetKind::Xor,
            "gauss" => DatasetKind::Gauss,
            "spiral" => DatasetKind::Spiral,
            "moons" => DatasetKind::Moons,
            "blobs" => DatasetKind::Blobs,
            "spiral3" => DatasetKind::Spiral3,
            "line" => DatasetKind::Line,
            "sine" => DatasetKind::Sine,
            "plane" => DatasetKind::Plane,
            _ => return None,
        })
    }

    /// Classification (with its class count) or regression.
    pub fn task(self) -> Task {
        match self {
            DatasetKind::Blobs | DatasetKind::Spiral3 => Task::Classification { classes: 3 },
            DatasetKind::Line | DatasetKind::Sine | DatasetKind::Plane => Task::Regression,
            _ => Task::Classification { classes: 2 },
        }
    }
}

/// Points in the plane with one label each.
#[derive(Clone, Debug, PartialEq)]
pub struct Dataset {
    /// $(x, y)$ per row.
    pub points: Vec<[f64; 2]>,
    /// Class index (as `f64`) or regression target per row.
    pub labels: Vec<f64>,
    /// What the labels mean.
    pub task: Task,
}

impl Dataset {
    /// Number of rows.
    pub fn len(&self) -> usize {
        self.points.len()
    }

    /// Whether there are no rows.
    pub fn is_empty(&self) -> bool {
        self.points.is_empty()
    }

    /// Generate `n` rows (clamped to [`MAX_SAMPLES`]) of `kind` with position noise `noise` (the standard deviation
    /// of a Gaussian jitter, as a fraction of the radius 5; for regression the jitter is added to the target in
    /// target units) from `seed`. Classes are balanced (row `i` belongs to class `i mod classes`).
    pub fn generate(kind: DatasetKind, n: usize, noise: f64, seed: u64) -> Dataset {
        let n = n.min(MAX_SAMPLES);
        let noise = if noise.is_finite() { noise.clamp(0.0, 10.0) } else { 0.0 };
        let mut rng = stream_rng(seed, STREAM_DATA);
        let r = DATA_RADIUS;
        let jitter = noise * r;
        let mut points = Vec::with_capacity(n);
        let mut labels = Vec::with_capacity(n);
        let task = kind.task();
        let classes = match task {
            Task::Classification { classes } => classes,
            Task::Regression => 1,
        };
        for i in 0..n {
            let class = i % classes;
            // `rank` runs 0..count within the class, for the spirals' arm position.
            let rank = i / classes;
            let count = n.div_ceil(classes).max(1);
            let (x, y, label) = match kind {
                DatasetKind::Circle => {
                    // formula: class 1: radius ~ U(0, r/2); class 0: radius ~ U(0.7 r, r); angle ~ U(0, 2 pi)
                    let radius = if class == 1 { rng.uniform(0.0, 0.5 * r) } else { rng.uniform(0.7 * r, r) };
                    let angle = rng.uniform(0.0, std::f64::consts::TAU);
                    (radius * angle.cos(), radius * angle.sin(), class as f64)
                }
                DatasetKind::Xor => {
                    // formula: x, y ~ U(-r, r) pushed 0.3 away from the axes; label = [x y > 0]
                    let pad = |v: f64| if v >= 0.0 { v + 0.3 } else { v - 0.3 };
                    let x = pad(rng.uniform(-r, r));
                    let y = pad(rng.uniform(-r, r));
                    (x, y, if x * y > 0.0 { 1.0 } else { 0.0 })
                }
                DatasetKind::Gauss => {
                    // formula: centre (2, 2) for class 1, (-2, -2) for class 0, std 1
                    let c = if class == 1 { 2.0 } else { -2.0 };
                    (c + rng.normal(), c + rng.normal(), class as f64)
                }
                DatasetKind::Spiral | DatasetKind::Spiral3 => {
                    // formula: s = rank / count;  radius = r s;  angle = 1.75 * 2 pi s + 2 pi class / classes
                    let s = rank as f64 / count as f64;
                    let angle =
                        1.75 * std::f64::consts::TAU * s + std::f64::consts::TAU * class as f64 / classes as f64;
                    (r * s * angle.sin(), r * s * angle.cos(), class as f64)
                }
                DatasetKind::Moons => {
                    // formula: class 0: (cos t, sin t); class 1: (1 - cos t, 1/2 - sin t), t ~ U(0, pi);
                    //          then (2.5 (x - 1/2), 2.5 (y - 1/4))
                    let t = rng.uniform(0.0, std::f64::consts::PI);
                    let (x, y) = if class == 0 { (t.cos(), t.sin()) } else { (1.0 - t.cos(), 0.5 - t.sin()) };
                    (2.5 * (x - 0.5), 2.5 * (y - 0.25), class as f64)
                }
                DatasetKind::Blobs => {
                    // formula: centre 3 (cos a, sin a), a = 90° + 120° class, std 1
                    let a = std::f64::consts::FRAC_PI_2 + std::f64::consts::TAU * class as f64 / 3.0;
                    (3.0 * a.cos() + rng.normal(), 3.0 * a.sin() + rng.normal(), class as f64)
                }
                DatasetKind::Line | DatasetKind::Sine | DatasetKind::Plane => {
                    let x = rng.uniform(-r, r);
                    let y = rng.uniform(-r, r);
                    let (u, v) = (x / r, y / r);
                    let t = match kind {
                        // formula: t = 2u + 1
                        DatasetKind::Line => 2.0 * u + 1.0,
                        // formula: t = sin(pi u)
                        DatasetKind::Sine => (std::f64::consts::PI * u).sin(),
                        // formula: t = (u + v) / 2
                        _ => 0.5 * (u + v),
                    };
                    (x, y, t + noise * rng.normal())
                }
            };
            if task == Task::Regression {
                points.push([x, y]);
            } else {
                // formula: position jitter ~ N(0, (noise r)^2) per coordinate
                points.push([x + jitter * rng.normal(), y + jitter * rng.normal()]);
            }
            labels.push(label);
        }
        Dataset { points, labels, task }
    }
}

/// Row indices of the training, validation and test parts.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Split {
    /// Training rows.
    pub train: Vec<usize>,
    /// Validation rows (early stopping, model selection).
    pub validation: Vec<usize>,
    /// Test rows (reported, never used for decisions).
    pub test: Vec<usize>,
}

impl Split {
    /// Shuffle `0..n` with `seed`, then take `round(n * test)` test rows, `round(n * validation)` validation rows and
    /// leave the rest for training; each part lists its rows in increasing order, so that with both fractions 0 the
    /// training rows are `0..n` in file order (fractions are clamped to `[0, 1]`; the training part may come out
    /// empty when they sum to about 1, which the trainer's config rejects).
    pub fn new(n: usize, validation: f64, test: f64, seed: u64) -> Split {
        let frac = |f: f64| if f.is_finite() { f.clamp(0.0, 1.0) } else { 0.0 };
        let mut idx: Vec<usize> = (0..n).collect();
        stream_rng(seed, STREAM_SPLIT).shuffle(&mut idx);
        // formula: n_test = round(n test), n_val = round(n validation), n_train = n - n_test - n_val
        let n_test = ((n as f64 * frac(test)).round() as usize).min(n);
        let n_val = ((n as f64 * frac(validation)).round() as usize).min(n - n_test);
        let sorted = |part: &[usize]| {
            let mut v = part.to_vec();
            v.sort_unstable();
            v
        };
        let test = sorted(&idx[..n_test]);
        let validation = sorted(&idx[n_test..n_test + n_val]);
        let train = sorted(&idx[n_test + n_val..]);
        Split { train, validation, test }
    }
}

/// Input feature maps of a point $(x, y)$ (TensorFlow Playground's seven).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Feature {
    /// $x$.
    X,
    /// $y$.
    Y,
    /// $x^2$.
    XSquared,
    /// $y^2$.
    YSquared,
    /// $xy$.
    XTimesY,
    /// $\sin x$.
    SinX,
    /// $\sin y$.
    SinY,
}

/// Feature names for configs, in [`Feature::ALL`] order.
pub const FEATURE_NAMES: [&str; 7] = ["x", "y", "x2", "y2", "xy", "sin_x", "sin_y"];

impl Feature {
    /// Every feature, in [`FEATURE_NAMES`] order.
    pub const ALL: [Feature; 7] =
        [Feature::X, Feature::Y, Feature::XSquared, Feature::YSquared, Feature::XTimesY, Feature::SinX, Feature::SinY];

    /// The feature with config name `name`.
    pub fn from_name(name: &str) -> Option<Feature> {
        FEATURE_NAMES.iter().position(|n| *n == name).map(|i| Feature::ALL[i])
    }

    /// The config name.
    pub fn name(self) -> &'static str {
        FEATURE_NAMES[Feature::ALL.iter().position(|f| *f == self).unwrap_or(0)]
    }

    /// A display label: `x`, `y`, `x²`, `y²`, `xy`, `sin x`, `sin y`.
    pub fn label(self) -> &'static str {
        match self {
            Feature::X => "x",
            Feature::Y => "y",
            Feature::XSquared => "x²",
            Feature::YSquared => "y²",
            Feature::XTimesY => "xy",
            Feature::SinX => "sin x",
            Feature::SinY => "sin y",
        }
    }

    /// The feature's value at $(x, y)$.
    #[inline]
    pub fn value(self, x: f64, y: f64) -> f64 {
        match self {
            Feature::X => x,
            Feature::Y => y,
            // formula: x^2
            Feature::XSquared => x * x,
            // formula: y^2
            Feature::YSquared => y * y,
            // formula: x y
            Feature::XTimesY => x * y,
            // formula: sin x
            Feature::SinX => x.sin(),
            // formula: sin y
            Feature::SinY => y.sin(),
        }
    }
}

impl Feature {
    /// The feature at many points: `out[i] = value(xs[i], ys[i])`, one loop per feature (a `match` per value would
    /// let the compiler evaluate every arm, `sin` included, and select).
    pub fn fill(self, xs: &[f64], ys: &[f64], out: &mut [f64]) {
        let pairs = out.iter_mut().zip(xs.iter().zip(ys));
        match self {
            Feature::X => pairs.for_each(|(o, (x, _))| *o = *x),
            Feature::Y => pairs.for_each(|(o, (_, y))| *o = *y),
            Feature::XSquared => pairs.for_each(|(o, (x, _))| *o = x * x),
            Feature::YSquared => pairs.for_each(|(o, (_, y))| *o = y * y),
            Feature::XTimesY => pairs.for_each(|(o, (x, y))| *o = x * y),
            Feature::SinX => pairs.for_each(|(o, (x, _))| *o = x.sin()),
            Feature::SinY => pairs.for_each(|(o, (_, y))| *o = y.sin()),
        }
    }
}

/// Write the features of $(x, y)$ into `out` (one value per feature).
#[inline]
pub fn features_into(features: &[Feature], x: f64, y: f64, out: &mut [f64]) {
    for (o, f) in out.iter_mut().zip(features) {
        *o = f.value(x, y);
    }
}

/// A CSV line that was skipped, and why (1-based line number).
#[derive(Clone, Debug, PartialEq)]
pub struct CsvError {
    /// 1-based line number in the text.
    pub line: usize,
    /// What was wrong with it.
    pub reason: String,
}

impl std::fmt::Display for CsvError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "line {}: {}", self.line, self.reason)
    }
}

/// The outcome of [`parse_csv`]: the good rows and the reasons the others were skipped.
#[derive(Clone, Debug, PartialEq)]
pub struct CsvData {
    /// The rows that parsed (possibly empty).
    pub dataset: Dataset,
    /// The first [`MAX_CSV_ERRORS`] skipped lines with their reasons.
    pub errors: Vec<CsvError>,
    /// How many skipped lines are not listed in `errors`.
    pub more_errors: usize,
}

/// Most per-line errors kept by [`parse_csv`].
pub const MAX_CSV_ERRORS: usize = 100;

/// Parse `x,y,label` lines. Blank lines and lines starting with `#` are ignored; a first line whose first field is
/// not a number is a header. Every other line needs exactly three finite numbers; a bad line is skipped with its
/// line number and reason, and the good rows are kept (at most [`MAX_SAMPLES`]).
///
/// `task`: `Some` forces classification (labels must be whole numbers in `0..classes`) or regression; `None` detects
/// it: labels that are all whole numbers in `0..=9` make a classification with `max + 1` classes (at least 2), and
/// labels that are all $-1$ or $+1$ (TensorFlow Playground's convention) become classes 0 and 1; anything else is
/// regression.
pub fn parse_csv(text: &str, task: Option<Task>) -> CsvData {
    let mut points = Vec::new();
    let mut labels = Vec::new();
    let mut errors = Vec::new();
    let mut more_errors = 0;
    let mut seen_data = false;
    let mut report = |line: usize, reason: String, errors: &mut Vec<CsvError>| {
        if errors.len() < MAX_CSV_ERRORS {
            errors.push(CsvError { line, reason });
        } else {
            more_errors += 1;
        }
    };
    for (i, raw) in text.split('\n').enumerate() {
        let line_no = i + 1;
        let line = raw.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let fields: Vec<&str> = line.split(',').map(str::trim).collect();
        if !seen_data && fields.first().is_some_and(|f| f.parse::<f64>().is_err()) {
            seen_data = true; // a header: skip it silently
            continue;
        }
        seen_data = true;
        if fields.len() != 3 {
            report(line_no, format!("expected 3 values (x,y,label), found {}", fields.len()), &mut errors);
            continue;
        }
        let mut vals = [0.0; 3];
        let mut bad = None;
        for (k, (field, name)) in fields.iter().zip(["x", "y", "label"]).enumerate() {
            match field.parse::<f64>() {
                Ok(v) if v.is_finite() => vals[k] = v,
                Ok(_) => bad = bad.or(Some(format!("{name} is not finite: {}", short(field)))),
                Err(_) => bad = bad.or(Some(format!("{name} is not a number: {}", short(field)))),
            }
        }
        if let Some(reason) = bad {
            report(line_no, reason, &mut errors);
            continue;
        }
        if vals[0].abs() > 1e6 || vals[1].abs() > 1e6 {
            report(line_no, "x and y must lie within ±1e6".into(), &mut errors);
            continue;
        }
        if let Some(Task::Classification { classes }) = task {
            if vals[2].fract() != 0.0 || vals[2] < 0.0 || vals[2] >= classes as f64 {
                report(line_no, format!("label {} is not a class index 0..{}", vals[2], classes - 1), &mut errors);
                continue;
            }
        }
        if points.len() >= MAX_SAMPLES {
            report(line_no, format!("more than {MAX_SAMPLES} rows: the rest are ignored"), &mut errors);
            break;
        }
        points.push([vals[0], vals[1]]);
        labels.push(vals[2]);
    }
    let task = match task {
        Some(t) => t,
        None => detect_task(&mut labels),
    };
    CsvData { dataset: Dataset { points, labels, task }, errors, more_errors }
}

/// Classification when the labels are whole numbers in `0..=9` (or exactly ±1, relabelled 0 / 1), else regression.
fn detect_task(labels: &mut [f64]) -> Task {
    if !labels.is_empty() && labels.iter().all(|&l| l == -1.0 || l == 1.0) && labels.contains(&-1.0) {
        for l in labels.iter_mut() {
            *l = if *l > 0.0 { 1.0 } else { 0.0 };
        }
        return Task::Classification { classes: 2 };
    }
    let max_class = (MAX_CLASSES - 1) as f64;
    if !labels.is_empty() && labels.iter().all(|&l| l.fract() == 0.0 && (0.0..=max_class).contains(&l)) {
        let max = labels.iter().copied().fold(0.0, f64::max) as usize;
        return Task::Classification { classes: (max + 1).max(2) };
    }
    Task::Regression
}

/// A field shortened for an error message.
fn short(field: &str) -> String {
    let s: String = field.chars().take(20).collect();
    if s.len() < field.len() {
        format!("\"{s}…\"")
    } else {
        format!("\"{s}\"")
    }
}
