//! # Hyperparameter search: folds, seeded randomness, grid / random / Bayesian-optimization strategies
//!
//! The core of the `<descent-search>` lab. Everything here MINIMIZES an objective (a validation loss).
//!
//! - [`kfold`] and [`cross_val_score`] follow scikit-learn's `KFold(shuffle=False)` and `cross_val_score`
//!   (`sklearn/model_selection/_split.py`, `_validation.py`): contiguous test blocks, the first `n % k` one longer,
//!   and the CV score is the UNWEIGHTED mean of the per-fold scores.
//! - [`Rng`] is xoshiro256** (Blackman & Vigna, "Scrambled linear pseudorandom number generators", 2018) seeded by
//!   SplitMix64 (Steele, Lea & Flood, 2014), the seeding the xoshiro authors recommend. Other modules that need
//!   seeded randomness import it from here: `use crate::search::Rng;`.
//! - [`grid_points`] / [`random_points`] sample a box of 1 or 2 axes, each linear, log or integer (Bergstra &
//!   Bengio, "Random search for hyper-parameter optimization", JMLR 2012).
//! - [`BayesOpt`] is the loop of scikit-optimize's `gp_minimize` (Snoek, Larochelle & Adams, "Practical Bayesian
//!   optimization of machine learning algorithms", 2012): `n_initial` random points, then each suggestion fits a
//!   GP ([`crate::gp`]) to the observations in unit-cube coordinates and maximizes the acquisition (EI, PI or
//!   $-$LCB) over a dense grid of candidates followed by a local pattern search.

use crate::config::{self, ConfigError, ConfigResult, Range, Value};
use crate::gp::{self, Bounds, GpConfig, GpError, GpModel, Kernel};
use std::fmt;

/// Largest `n` for [`kfold`].
pub const MAX_SAMPLES: usize = 1_000_000;
/// Largest budget of [`grid_points`] / [`random_points`].
pub const MAX_BUDGET: usize = 100_000;
/// Largest number of grid cells per axis of [`Surrogate::grid`].
pub const MAX_GRID_PER_AXIS: usize = 1024;
/// Largest number of axes of a search space.
pub const MAX_AXES: usize = 2;

// ---------------------------------------------------------------------------------------------------------------
// Errors
// ---------------------------------------------------------------------------------------------------------------

/// A search error: which input, what it held and what is allowed (like [`ConfigError`]).
#[derive(Clone, Debug, PartialEq)]
pub struct SearchError {
    /// The input at fault, e.g. `n_splits` or `observations[3].point[0]`.
    pub field: String,
    /// What it held.
    pub value: String,
    /// What would have been accepted.
    pub allowed: String,
}

impl SearchError {
    fn new(
        field: impl Into<String>,
        value: impl Into<String>,
        allowed: impl Into<String>,
    ) -> SearchError {
        SearchError {
            field: field.into(),
            value: value.into(),
            allowed: allowed.into(),
        }
    }
}

impl fmt::Display for SearchError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} = {} is not allowed: expected {}",
            self.field, self.value, self.allowed
        )
    }
}

impl std::error::Error for SearchError {}

impl From<GpError> for SearchError {
    fn from(e: GpError) -> SearchError {
        SearchError {
            field: format!("surrogate.{}", e.field),
            value: e.value,
            allowed: e.allowed,
        }
    }
}

impl From<SearchError> for ConfigError {
    fn from(e: SearchError) -> ConfigError {
        ConfigError {
            path: e.field,
            value: e.value,
            allowed: e.allowed,
        }
    }
}

impl From<SearchError> for String {
    fn from(e: SearchError) -> String {
        e.to_string()
    }
}

// ---------------------------------------------------------------------------------------------------------------
// Seeded random numbers
// ---------------------------------------------------------------------------------------------------------------

/// One SplitMix64 step: advance `state` by the golden-ratio increment and scramble it.
pub fn splitmix64(state: &mut u64) -> u64 {
    *state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// xoshiro256** seeded with SplitMix64: a small, fast, well-tested generator; the same seed gives the same stream
/// on every platform (native and WASM).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rng {
    s: [u64; 4],
}

impl Rng {
    /// A generator whose 256-bit state is four SplitMix64 outputs from `seed`.
    pub fn new(seed: u64) -> Rng {
        let mut sm = seed;
        let s = [
            splitmix64(&mut sm),
            splitmix64(&mut sm),
            splitmix64(&mut sm),
            splitmix64(&mut sm),
        ];
        Rng::from_state(s)
    }

    /// A generator with an explicit state (an all-zero state, which xoshiro cannot leave, is replaced by seed 0's).
    pub fn from_state(s: [u64; 4]) -> Rng {
        if s == [0; 4] {
            Rng::new(0)
        } else {
            Rng { s }
        }
    }

    /// Next 64 random bits (xoshiro256**: `rotl(s1 * 5, 7) * 9`, then the linear state update).
    pub fn next_u64(&mut self) -> u64 {
        let s = &mut self.s;
        let result = s[1].wrapping_mul(5).rotate_left(7).wrapping_mul(9);
        let t = s[1] << 17;
        s[2] ^= s[0];
        s[3] ^= s[1];
        s[1] ^= s[2];
        s[0] ^= s[3];
        s[2] ^= t;
        s[3] = s[3].rotate_left(45);
        result
    }

    /// Uniform in $[0, 1)$ with 53 random bits: $\lfloor u / 2^{11} \rfloor \cdot 2^{-53}$.
    pub fn next_f64(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }

    /// Uniform in $[lo, hi)$.
    pub fn uniform(&mut self, lo: f64, hi: f64) -> f64 {
        lo + (hi - lo) * self.next_f64()
    }

    /// Standard normal by Box-Muller: $\sqrt{-2 \ln u_1} \cos(2\pi u_2)$, $u_1 \in (0, 1]$ (one value per call,
    /// two uniforms consumed).
    pub fn normal(&mut self) -> f64 {
        let u1 = 1.0 - self.next_f64();
        let u2 = self.next_f64();
        // formula: z = sqrt(-2 ln u1) cos(2 pi u2)
        (-2.0 * u1.ln()).sqrt() * (2.0 * std::f64::consts::PI * u2).cos()
    }

    /// Uniform integer in `0..n` without bias (Lemire, "Fast random integer generation in an interval", 2019);
    /// `below(0)` is 0.
    pub fn below(&mut self, n: usize) -> usize {
        if n <= 1 {
            return 0;
        }
        let n = n as u64;
        let threshold = n.wrapping_neg() % n;
        loop {
            // formula: m = x * n (128-bit); accept unless the low half falls in the biased zone
            let m = u128::from(self.next_u64()) * u128::from(n);
            if (m as u64) >= threshold {
                return (m >> 64) as usize;
            }
        }
    }

    /// Fisher-Yates shuffle in place.
    pub fn shuffle<T>(&mut self, v: &mut [T]) {
        for i in (1..v.len()).rev() {
            let j = self.below(i + 1);
            v.swap(i, j);
        }
    }
}

// ---------------------------------------------------------------------------------------------------------------
// Cross-validation
// ---------------------------------------------------------------------------------------------------------------

/// One fold: `(train indices, test indices)`.
pub type Fold = (Vec<usize>, Vec<usize>);

/// scikit-learn's `KFold(n_splits, shuffle=False).split(range(n))`: `(train, test)` index lists; test folds are
/// contiguous blocks in order, the first `n % n_splits` of size `n / n_splits + 1`, the rest `n / n_splits`;
/// train is every other index, ascending. Needs `2 <= n_splits <= n`.
pub fn kfold(n: usize, n_splits: usize) -> Result<Vec<Fold>, SearchError> {
    if n > MAX_SAMPLES {
        return Err(SearchError::new(
            "n",
            n.to_string(),
            format!("at most {MAX_SAMPLES} samples"),
        ));
    }
    if n_splits < 2 || n_splits > n {
        return Err(SearchError::new(
            "n_splits",
            n_splits.to_string(),
            format!("a number of folds in [2, n = {n}]"),
        ));
    }
    let mut folds = Vec::with_capacity(n_splits);
    let mut start = 0;
    for f in 0..n_splits {
        // formula: size_f = n / k + (1 if f < n % k)
        let size = n / n_splits + usize::from(f < n % n_splits);
        let test: Vec<usize> = (start..start + size).collect();
        let train: Vec<usize> = (0..start).chain(start + size..n).collect();
        folds.push((train, test));
        start += size;
    }
    Ok(folds)
}

/// Per-fold scores and their unweighted mean.
#[derive(Clone, Debug, PartialEq)]
pub struct CvScores {
    /// One score per fold, in fold order.
    pub scores: Vec<f64>,
    /// $\frac1k \sum_f \text{score}_f$ (NOT the pooled score weighted by fold size).
    pub mean: f64,
}

/// scikit-learn's `cross_val_score` over [`kfold`]`(n, n_splits)`: `fit_and_score(train, test)` fits on `train`
/// and returns the score on `test` (greater is better, e.g. the negated MSE).
pub fn cross_val_score(
    n: usize,
    n_splits: usize,
    mut fit_and_score: impl FnMut(&[usize], &[usize]) -> f64,
) -> Result<CvScores, SearchError> {
    let folds = kfold(n, n_splits)?;
    let scores: Vec<f64> = folds
        .iter()
        .map(|(train, test)| fit_and_score(train, test))
        .collect();
    // formula: mean = sum(scores) / k
    let mean = gp::numpy_sum(&scores) / scores.len() as f64;
    Ok(CvScores { scores, mean })
}

/// A fitted least-squares linear model $\hat y = x^\top w + b$.
#[derive(Clone, Debug, PartialEq)]
pub struct LinearFit {
    /// $w$, one weight per feature.
    pub coef: Vec<f64>,
    /// $b$.
    pub intercept: f64,
}

impl LinearFit {
    /// Predictions for `x` (`n * d` row-major, `d = coef.len()`); an `x` whose length is not a multiple of `d`
    /// predicts only its whole rows.
    pub fn predict(&self, x: &[f64]) -> Vec<f64> {
        let d = self.coef.len().max(1);
        x.chunks_exact(d)
            .map(|row| row.iter().zip(&self.coef).map(|(a, w)| a * w).sum::<f64>() + self.intercept)
            .collect()
    }
}

/// scikit-learn's `LinearRegression()` (with intercept) by the normal equations on centered data:
/// $w = (X_c^\top X_c)^{-1} X_c^\top y_c$, $b = \bar y - \bar x^\top w$. `x` is `n * d` row-major.
pub fn linear_regression_fit(x: &[f64], d: usize, y: &[f64]) -> Result<LinearFit, SearchError> {
    if d == 0 || d > gp::MAX_DIM || x.len() % d != 0 {
        return Err(SearchError::new(
            "x",
            format!("{} numbers with d = {d}", x.len()),
            format!("n rows of d in 1..={} features", gp::MAX_DIM),
        ));
    }
    let n = x.len() / d;
    if n == 0 || y.len() != n {
        return Err(SearchError::new(
            "y",
            format!("{} targets", y.len()),
            format!("one target per row of x ({n}), at least one"),
        ));
    }
    if let Some(i) = x.iter().chain(y).position(|v| !v.is_finite()) {
        return Err(SearchError::new(
            "x, y",
            format!("a non-finite value at flat index {i}"),
            "finite data",
        ));
    }
    let nf = n as f64;
    // formula: x_mean_j = sum_i x_ij / n; y_mean = sum_i y_i / n
    let x_mean: Vec<f64> = (0..d)
        .map(|j| gp::numpy_sum(&x.iter().skip(j).step_by(d).copied().collect::<Vec<_>>()) / nf)
        .collect();
    let y_mean = gp::numpy_sum(y) / nf;
    // formula: A = Xc^T Xc, r = Xc^T yc
    let mut a = nalgebra::DMatrix::<f64>::zeros(d, d);
    let mut r = nalgebra::DVector::<f64>::zeros(d);
    for (row, yi) in x.chunks_exact(d).zip(y) {
        for p in 0..d {
            let xp = row[p] - x_mean[p];
            r[p] += xp * (yi - y_mean);
            for q in 0..d {
                a[(p, q)] += xp * (row[q] - x_mean[q]);
            }
        }
    }
    let Some(chol) = nalgebra::Cholesky::new(a) else {
        return Err(SearchError::new(
            "x",
            "constant or collinear features",
            "features with independent variation",
        ));
    };
    let w = chol.solve(&r);
    let coef: Vec<f64> = w.iter().copied().collect();
    // formula: b = y_mean - x_mean^T w
    let intercept = y_mean - x_mean.iter().zip(&coef).map(|(m, c)| m * c).sum::<f64>();
    Ok(LinearFit { coef, intercept })
}

/// Mean squared error $\frac1n \sum_i (y_i - \hat y_i)^2$ (numpy's pairwise sum); NaN when the lengths differ
/// or are 0.
pub fn mean_squared_error(y_true: &[f64], y_pred: &[f64]) -> f64 {
    if y_true.len() != y_pred.len() || y_true.is_empty() {
        return f64::NAN;
    }
    let sq: Vec<f64> = y_true
        .iter()
        .zip(y_pred)
        .map(|(a, b)| (a - b) * (a - b))
        .collect();
    gp::numpy_sum(&sq) / sq.len() as f64
}

// ---------------------------------------------------------------------------------------------------------------
// Search spaces
// ---------------------------------------------------------------------------------------------------------------

/// How an axis maps the unit interval to values.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scale {
    /// $v = \text{low} + u (\text{high} - \text{low})$.
    Linear,
    /// $v = \text{low} \cdot (\text{high}/\text{low})^u$ (log-uniform; low > 0).
    Log,
    /// Whole numbers in `[low, high]`, linearly.
    Integer,
}

/// One hyperparameter of the search.
#[derive(Clone, Debug, PartialEq)]
pub struct Axis {
    /// Its name (e.g. `lr`).
    pub name: String,
    /// Smallest value.
    pub low: f64,
    /// Largest value.
    pub high: f64,
    /// Scale.
    pub scale: Scale,
}

impl Axis {
    /// A validated axis.
    pub fn new(name: &str, low: f64, high: f64, scale: Scale) -> Result<Axis, SearchError> {
        let field = if name.is_empty() {
            "axis".to_string()
        } else {
            name.to_string()
        };
        let range = format!("[{}, {}]", config::fmt_num(low), config::fmt_num(high));
        if !(low.is_finite()
            && high.is_finite()
            && low < high
            && low.abs() <= 1e12
            && high.abs() <= 1e12)
        {
            return Err(SearchError::new(
                field,
                range,
                "finite low < high, each |value| <= 1e12",
            ));
        }
        match scale {
            Scale::Log if low <= 0.0 => {
                return Err(SearchError::new(field, range, "low > 0 on a log axis"))
            }
            Scale::Integer if low.fract() != 0.0 || high.fract() != 0.0 || high - low > 1e9 => {
                return Err(SearchError::new(
                    field,
                    range,
                    "whole-number bounds at most 1e9 apart on an integer axis",
                ));
            }
            _ => {}
        }
        Ok(Axis {
            name: name.to_string(),
            low,
            high,
            scale,
        })
    }

    /// Read `{name, low, high, scale: "linear" | "log" | "integer"}` (scale defaults to linear).
    pub fn from_value(path: &str, v: &Value) -> ConfigResult<Axis> {
        let o = config::object(path, v)?;
        o.only(&["name", "low", "high", "scale"])?;
        let name = match o.get("name") {
            None => String::new(),
            Some(Value::Str(s)) if s.chars().count() <= 40 => s.clone(),
            Some(other) => {
                return config::err(
                    &o.field_path("name"),
                    other.describe(),
                    "a string of at most 40 characters",
                )
            }
        };
        let scale = match o
            .choice("scale", &["linear", "log", "integer"], Some("linear"))?
            .as_str()
        {
            "log" => Scale::Log,
            "integer" => Scale::Integer,
            _ => Scale::Linear,
        };
        let low = o.num("low", None, Range::Closed(-1e12, 1e12))?;
        let high = o.num("high", None, Range::Closed(-1e12, 1e12))?;
        Axis::new(&name, low, high, scale).map_err(|e| ConfigError {
            path: path.to_string(),
            value: e.value,
            allowed: e.allowed,
        })
    }

    /// Number of distinct values of an integer axis (`None` for continuous axes).
    pub fn n_values(&self) -> Option<usize> {
        (self.scale == Scale::Integer).then(|| (self.high - self.low) as usize + 1)
    }

    /// Unit coordinate of a value: linear/integer $(v - \text{low})/(\text{high} - \text{low})$, log
    /// $\ln(v/\text{low})/\ln(\text{high}/\text{low})$.
    pub fn to_unit(&self, v: f64) -> f64 {
        match self.scale {
            Scale::Log => (v / self.low).ln() / (self.high / self.low).ln(),
            _ => (v - self.low) / (self.high - self.low),
        }
    }

    /// Value at unit coordinate `u` (clamped to [0, 1]; integer axes round to the nearest whole number).
    pub fn from_unit(&self, u: f64) -> f64 {
        let u = if u.is_nan() { 0.5 } else { u.clamp(0.0, 1.0) };
        match self.scale {
            // formula: v = low (high / low)^u
            Scale::Log => (self.low * (self.high / self.low).powf(u)).clamp(self.low, self.high),
            Scale::Linear => (self.low + u * (self.high - self.low)).clamp(self.low, self.high),
            Scale::Integer => (self.low + u * (self.high - self.low))
                .round()
                .clamp(self.low, self.high),
        }
    }

    /// Snap a unit coordinate to the unit coordinate of the nearest admissible value.
    fn snap_unit(&self, u: f64) -> f64 {
        match self.scale {
            Scale::Integer => self.to_unit(self.from_unit(u)),
            _ => u.clamp(0.0, 1.0),
        }
    }

    /// `k` unit coordinates spread over the axis (all whole numbers if an integer axis has at most `k`).
    fn unit_ticks(&self, k: usize) -> Vec<f64> {
        let k = match self.n_values() {
            Some(c) => k.min(c),
            None => k,
        }
        .max(1);
        if k == 1 {
            return vec![self.snap_unit(0.5)];
        }
        (0..k)
            .map(|i| self.snap_unit(i as f64 / (k - 1) as f64))
            .collect()
    }
}

/// A box of 1 or 2 axes.
#[derive(Clone, Debug, PartialEq)]
pub struct Space {
    /// The axes (1 or 2).
    pub axes: Vec<Axis>,
}

impl Space {
    /// A space of 1 or 2 axes.
    pub fn new(axes: Vec<Axis>) -> Result<Space, SearchError> {
        if axes.is_empty() || axes.len() > MAX_AXES {
            return Err(SearchError::new(
                "space",
                format!("{} axes", axes.len()),
                "1 or 2 axes",
            ));
        }
        Ok(Space { axes })
    }

    /// Read an array of 1 or 2 [`Axis`] objects.
    pub fn from_value(path: &str, v: &Value) -> ConfigResult<Space> {
        let allowed = "an array of 1 or 2 axes {name, low, high, scale}";
        let Value::Arr(items) = v else {
            return config::err(path, v.describe(), allowed);
        };
        if items.is_empty() || items.len() > MAX_AXES {
            return config::err(path, v.describe(), allowed);
        }
        let axes = items
            .iter()
            .enumerate()
            .map(|(i, a)| Axis::from_value(&format!("{path}[{i}]"), a))
            .collect::<ConfigResult<Vec<_>>>()?;
        Ok(Space { axes })
    }

    /// Check a space built by hand (its fields are public): 1 or 2 axes, each as [`Axis::new`] requires.
    pub fn validate(&self) -> Result<(), SearchError> {
        if self.axes.is_empty() || self.axes.len() > MAX_AXES {
            return Err(SearchError::new(
                "space",
                format!("{} axes", self.axes.len()),
                "1 or 2 axes",
            ));
        }
        for a in &self.axes {
            Axis::new(&a.name, a.low, a.high, a.scale)?;
        }
        Ok(())
    }

    /// Number of axes.
    pub fn dim(&self) -> usize {
        self.axes.len()
    }

    /// Unit coordinates of a point in natural units.
    pub fn to_unit(&self, point: &[f64]) -> Vec<f64> {
        self.axes
            .iter()
            .zip(point)
            .map(|(a, v)| a.to_unit(*v))
            .collect()
    }

    /// Natural-unit point of unit coordinates.
    pub fn from_unit(&self, u: &[f64]) -> Vec<f64> {
        self.axes
            .iter()
            .zip(u)
            .map(|(a, v)| a.from_unit(*v))
            .collect()
    }
}

fn check_budget(budget: usize) -> Result<(), SearchError> {
    if budget == 0 || budget > MAX_BUDGET {
        return Err(SearchError::new(
            "budget",
            budget.to_string(),
            format!("a number of points in 1..={MAX_BUDGET}"),
        ));
    }
    Ok(())
}

/// Points per axis of a grid of at most `budget` points: `budget` on one axis; on two, $\lfloor\sqrt{b}\rfloor$
/// each, except that an integer axis with fewer values gives its leftover budget to the other axis.
fn grid_counts(space: &Space, budget: usize) -> Vec<usize> {
    let caps: Vec<usize> = space
        .axes
        .iter()
        .map(|a| a.n_values().unwrap_or(usize::MAX))
        .collect();
    if space.dim() == 1 {
        return vec![budget.min(caps[0])];
    }
    let k = (budget as f64).sqrt().floor().max(1.0) as usize;
    if caps[0] < k {
        vec![caps[0], (budget / caps[0]).min(caps[1])]
    } else if caps[1] < k {
        vec![(budget / caps[1]).min(caps[0]), caps[1]]
    } else {
        vec![k, k]
    }
}

/// Grid search points, flat row-major (`dim` numbers per point), at most `budget` of them: evenly spaced unit
/// coordinates (ends included) mapped through each axis' scale; with two axes, point `i * n1 + j` is
/// `(axis0[i], axis1[j])`.
pub fn grid_points(space: &Space, budget: usize) -> Result<Vec<f64>, SearchError> {
    space.validate()?;
    check_budget(budget)?;
    let counts = grid_counts(space, budget);
    let ticks: Vec<Vec<f64>> = space
        .axes
        .iter()
        .zip(&counts)
        .map(|(a, &k)| a.unit_ticks(k).iter().map(|u| a.from_unit(*u)).collect())
        .collect();
    Ok(product(&ticks))
}

/// Cartesian product of per-axis values, axis 0 outermost, flat row-major.
fn product(ticks: &[Vec<f64>]) -> Vec<f64> {
    match ticks {
        [a] => a.clone(),
        [a, b] => a
            .iter()
            .flat_map(|x| b.iter().flat_map(move |y| [*x, *y]))
            .collect(),
        _ => Vec::new(),
    }
}

/// Random search points, flat row-major: each coordinate uniform in unit coordinates (log-uniform on log axes,
/// uniform whole numbers on integer axes), drawn from [`Rng`]`(seed)` point by point, axis by axis.
pub fn random_points(space: &Space, budget: usize, seed: u64) -> Result<Vec<f64>, SearchError> {
    space.validate()?;
    check_budget(budget)?;
    let mut rng = Rng::new(seed);
    let mut out = Vec::with_capacity(budget * space.dim());
    for _ in 0..budget {
        for a in &space.axes {
            let v = match a.n_values() {
                Some(c) => a.low + rng.below(c) as f64,
                None => a.from_unit(rng.next_f64()),
            };
            out.push(v);
        }
    }
    Ok(out)
}

// ---------------------------------------------------------------------------------------------------------------
// Bayesian optimization
// ---------------------------------------------------------------------------------------------------------------

/// The acquisition function (all for minimization, see [`crate::gp::expected_improvement`]).
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Acquisition {
    /// Expected improvement with margin $\xi$.
    Ei {
        /// $\xi \ge 0$.
        xi: f64,
    },
    /// Probability of improvement with margin $\xi$.
    Pi {
        /// $\xi \ge 0$.
        xi: f64,
    },
    /// Lower confidence bound $\mu - \kappa\sigma$.
    Lcb {
        /// $\kappa \ge 0$.
        kappa: f64,
    },
}

impl Acquisition {
    /// The acquisition value itself (EI, PI, or LCB) at a posterior $(\mu, \sigma)$, given the best observation.
    pub fn value(&self, mu: f64, sigma: f64, best: f64) -> f64 {
        match *self {
            Acquisition::Ei { xi } => gp::expected_improvement(mu, sigma, best, xi),
            Acquisition::Pi { xi } => gp::probability_of_improvement(mu, sigma, best, xi),
            Acquisition::Lcb { kappa } => gp::lower_confidence_bound(mu, sigma, kappa),
        }
    }

    /// A score to MAXIMIZE: EI, PI, or $-$LCB.
    pub fn score(&self, mu: f64, sigma: f64, best: f64) -> f64 {
        match self {
            Acquisition::Lcb { .. } => -self.value(mu, sigma, best),
            _ => self.value(mu, sigma, best),
        }
    }
}

/// One evaluated point of the search.
#[derive(Clone, Debug, PartialEq)]
pub struct Observation {
    /// Hyperparameter values (natural units, one per axis).
    pub point: Vec<f64>,
    /// Objective (e.g. validation loss; smaller is better). A non-finite value (a diverged run) is modelled as
    /// the worst finite value observed.
    pub value: f64,
}

/// A Bayesian-optimization stepper (scikit-optimize's `gp_minimize` loop, one suggestion at a time).
#[derive(Clone, Debug, PartialEq)]
pub struct BayesOpt {
    /// The box searched.
    pub space: Space,
    /// The surrogate GP, on unit-cube inputs.
    pub gp: GpConfig,
    /// The acquisition.
    pub acquisition: Acquisition,
    /// Random points before the first model-based suggestion.
    pub n_initial: usize,
    /// Seed of the initial points and of the optimizer restarts.
    pub seed: u64,
    /// Fit the kernel hyperparameters (LML) at every suggestion.
    pub optimize_hyperparameters: bool,
    /// Optimizer restarts of that fit.
    pub n_restarts: usize,
}

/// Candidates per axis of the acquisition search (1 axis / 2 axes).
const CANDIDATES_1D: usize = 1001;
const CANDIDATES_2D: usize = 65;
/// Best candidates refined by the pattern search.
const N_REFINE: usize = 5;

impl BayesOpt {
    /// The default surrogate for `dim` axes, modelled on scikit-optimize's `gp_minimize` (anisotropic Matern 2.5
    /// with a fitted noise term): `ConstantKernel(1, (0.01, 1000)) * Matern(length_scale=1 per axis,
    /// (0.01, 100), nu=2.5) + WhiteKernel(1e-4, (1e-8, 1))`, `alpha = 1e-10`, `normalize_y = True`. Being a
    /// Matern, it takes the general (non-separable) path of [`GpModel::predict_grid`].
    pub fn default_gp(dim: usize) -> GpConfig {
        let kernel = Kernel::Constant {
            constant_value: 1.0,
            bounds: Bounds::Range {
                low: 0.01,
                high: 1000.0,
            },
        } * Kernel::Matern {
            length_scale: vec![1.0; dim.max(1)],
            nu: 2.5,
            bounds: Bounds::Range {
                low: 0.01,
                high: 100.0,
            },
        } + Kernel::White {
            noise_level: 1e-4,
            bounds: Bounds::Range {
                low: 1e-8,
                high: 1.0,
            },
        };
        GpConfig {
            kernel,
            alpha: 1e-10,
            normalize_y: true,
        }
    }

    /// A stepper with the defaults: [`BayesOpt::default_gp`], 5 initial points, seed 0, hyperparameters fitted
    /// with 2 restarts.
    pub fn new(space: Space, acquisition: Acquisition) -> BayesOpt {
        let gp = BayesOpt::default_gp(space.dim());
        BayesOpt {
            space,
            gp,
            acquisition,
            n_initial: 5,
            seed: 0,
            optimize_hyperparameters: true,
            n_restarts: 2,
        }
    }

    /// Read `{space, acq_func: "EI" | "PI" | "LCB", xi, kappa, n_initial_points, random_state, gp,
    /// optimize_hyperparameters, n_restarts_optimizer}` (scikit-optimize names; defaults EI, xi = 0.01,
    /// kappa = 1.96, 5 initial points, seed 0, [`BayesOpt::default_gp`], true, 2).
    pub fn from_value(path: &str, v: &Value) -> ConfigResult<BayesOpt> {
        let o = config::object(path, v)?;
        o.only(&[
            "space",
            "acq_func",
            "xi",
            "kappa",
            "n_initial_points",
            "random_state",
            "gp",
            "optimize_hyperparameters",
            "n_restarts_optimizer",
        ])?;
        let space_path = o.field_path("space");
        let space = match o.get("space") {
            Some(s) => Space::from_value(&space_path, s)?,
            None => return config::err(&space_path, "missing", "an array of 1 or 2 axes"),
        };
        let xi = o.num("xi", Some(0.01), Range::Closed(0.0, 1e6))?;
        let kappa = o.num("kappa", Some(1.96), Range::Closed(0.0, 1e3))?;
        let acquisition = match o
            .choice("acq_func", &["EI", "PI", "LCB"], Some("EI"))?
            .as_str()
        {
            "PI" => Acquisition::Pi { xi },
            "LCB" => Acquisition::Lcb { kappa },
            _ => Acquisition::Ei { xi },
        };
        let gp = match o.get("gp") {
            Some(g) => {
                let cfg = GpConfig::from_value(&o.field_path("gp"), g)?;
                cfg.kernel
                    .validate("kernel", space.dim())
                    .map_err(|e| e.to_config_error(&o.field_path("gp")))?;
                cfg
            }
            None => BayesOpt::default_gp(space.dim()),
        };
        Ok(BayesOpt {
            acquisition,
            n_initial: o.int("n_initial_points", Some(5), 1, 1000)? as usize,
            seed: o.int("random_state", Some(0), 0, (1i64 << 53) - 1)? as u64,
            gp,
            optimize_hyperparameters: o.flag("optimize_hyperparameters", true)?,
            n_restarts: o.int("n_restarts_optimizer", Some(2), 0, gp::MAX_RESTARTS as i64)?
                as usize,
            space,
        })
    }

    /// The `n_initial` random starting points (flat), the first suggestions in order.
    pub fn initial_points(&self) -> Result<Vec<f64>, SearchError> {
        random_points(&self.space, self.n_initial.max(1), self.seed)
    }

    /// Fit the surrogate GP to the observations (inputs in unit coordinates; hyperparameters by LML if
    /// `optimize_hyperparameters`).
    pub fn fit_surrogate(&self, observations: &[Observation]) -> Result<Surrogate, SearchError> {
        self.space.validate()?;
        let d = self.space.dim();
        if observations.is_empty() {
            return Err(SearchError::new(
                "observations",
                "none",
                "at least one observation to fit the surrogate",
            ));
        }
        let worst = observations
            .iter()
            .map(|o| o.value)
            .filter(|v| v.is_finite())
            .fold(f64::NEG_INFINITY, f64::max);
        if !worst.is_finite() {
            return Err(SearchError::new(
                "observations",
                "no finite value",
                "at least one finite objective value",
            ));
        }
        let mut x = Vec::with_capacity(observations.len() * d);
        let mut y = Vec::with_capacity(observations.len());
        for (i, o) in observations.iter().enumerate() {
            if o.point.len() != d {
                return Err(SearchError::new(
                    format!("observations[{i}].point"),
                    format!("{} coordinates", o.point.len()),
                    format!("{d} (one per axis)"),
                ));
            }
            for (k, (a, &v)) in self.space.axes.iter().zip(&o.point).enumerate() {
                let tol = 1e-9 * (a.high - a.low).abs().max(a.high.abs());
                if !(v.is_finite() && v >= a.low - tol && v <= a.high + tol) {
                    return Err(SearchError::new(
                        format!("observations[{i}].point[{k}]"),
                        config::fmt_num(v),
                        format!(
                            "a value in [{}, {}]",
                            config::fmt_num(a.low),
                            config::fmt_num(a.high)
                        ),
                    ));
                }
                x.push(a.to_unit(v.clamp(a.low, a.high)));
            }
            // formula: a diverged run counts as the worst finite observation
            y.push(if o.value.is_finite() { o.value } else { worst });
        }
        let best = y.iter().copied().fold(f64::INFINITY, f64::min);
        let mut cfg = self.gp.clone();
        if self.optimize_hyperparameters {
            let fitted = gp::gp_fit(
                &cfg,
                &x,
                d,
                &y,
                self.n_restarts,
                self.seed.wrapping_add(observations.len() as u64),
            )?;
            cfg.kernel = fitted.kernel;
        }
        let model = GpModel::fit(&cfg, &x, d, &y)?;
        let observed_unit = x;
        Ok(Surrogate {
            model,
            best,
            acquisition: self.acquisition,
            space: self.space.clone(),
            observed_unit,
        })
    }

    /// The next point to evaluate (natural units): the next initial random point while fewer than `n_initial`
    /// observations exist, then the maximizer of the acquisition on the fitted surrogate.
    pub fn suggest(&self, observations: &[Observation]) -> Result<Vec<f64>, SearchError> {
        let d = self.space.dim();
        if observations.len() < self.n_initial {
            let pts = self.initial_points()?;
            let i = observations.len();
            return Ok(pts[i * d..(i + 1) * d].to_vec());
        }
        self.fit_surrogate(observations)?.suggest()
    }
}

/// A surrogate fitted to the observations: the GP (on unit coordinates), the best value and the acquisition.
#[derive(Clone, Debug)]
pub struct Surrogate {
    /// The GP, on unit-cube inputs.
    pub model: GpModel,
    /// $\min_i y_i$ (original scale).
    pub best: f64,
    /// The acquisition.
    pub acquisition: Acquisition,
    space: Space,
    observed_unit: Vec<f64>,
}

/// The surrogate on a grid, for drawing.
#[derive(Clone, Debug, PartialEq)]
pub struct SurrogateGrid {
    /// Tick values (natural units) of each axis; point `i * n1 + j` is `(axes[0][i], axes[1][j])`.
    pub axes: Vec<Vec<f64>>,
    /// Posterior mean.
    pub mean: Vec<f64>,
    /// Posterior standard deviation.
    pub std: Vec<f64>,
    /// Acquisition value (EI, PI or LCB itself).
    pub acquisition: Vec<f64>,
}

impl Surrogate {
    /// Posterior mean, standard deviation and acquisition value at a point in natural units.
    pub fn evaluate(&self, point: &[f64]) -> Result<(f64, f64, f64), SearchError> {
        if point.len() != self.space.dim() {
            return Err(SearchError::new(
                "point",
                format!("{} coordinates", point.len()),
                format!("{}", self.space.dim()),
            ));
        }
        let (m, s) = self.model.predict_point(&self.space.to_unit(point))?;
        Ok((m, s, self.acquisition.value(m, s, self.best)))
    }

    /// Mean, std and acquisition on a grid of `n_per_axis` ticks per axis (2..=1024), evenly spaced in unit
    /// coordinates (so log axes are sampled log-uniformly).
    pub fn grid(&self, n_per_axis: usize) -> Result<SurrogateGrid, SearchError> {
        if !(2..=MAX_GRID_PER_AXIS).contains(&n_per_axis) {
            return Err(SearchError::new(
                "n_per_axis",
                n_per_axis.to_string(),
                format!("a number of ticks in 2..={MAX_GRID_PER_AXIS}"),
            ));
        }
        let unit: Vec<Vec<f64>> = self
            .space
            .axes
            .iter()
            .map(|_| {
                (0..n_per_axis)
                    .map(|i| i as f64 / (n_per_axis - 1) as f64)
                    .collect()
            })
            .collect();
        let axes = self
            .space
            .axes
            .iter()
            .zip(&unit)
            .map(|(a, u)| u.iter().map(|v| a.from_unit(*v)).collect())
            .collect();
        let nq = unit.iter().map(Vec::len).product();
        let mut mean = vec![0.0; nq];
        let mut std = vec![0.0; nq];
        let empty = Vec::new();
        self.model.predict_grid(
            &unit[0],
            unit.get(1).unwrap_or(&empty),
            &mut mean,
            Some(&mut std),
        )?;
        let acquisition = mean
            .iter()
            .zip(&std)
            .map(|(m, s)| self.acquisition.value(*m, *s, self.best))
            .collect();
        Ok(SurrogateGrid {
            axes,
            mean,
            std,
            acquisition,
        })
    }

    /// Acquisition score (to maximize) at unit coordinates.
    fn score_unit(&self, u: &[f64]) -> f64 {
        match self.model.predict_point(u) {
            Ok((m, s)) => self.acquisition.score(m, s, self.best),
            Err(_) => f64::NEG_INFINITY,
        }
    }

    fn is_observed(&self, u: &[f64]) -> bool {
        let d = self.space.dim();
        self.observed_unit
            .chunks_exact(d)
            .any(|o| o.iter().zip(u).all(|(a, b)| (a - b).abs() <= 1e-9))
    }

    /// Maximize the acquisition: score a dense grid of candidates (1001 on one axis, 65 x 65 on two; integer axes
    /// use their whole numbers), then refine the 5 best by a compass search on the continuous axes (step halved
    /// down to 1e-7). Points already observed are skipped. Returns natural units.
    pub fn suggest(&self) -> Result<Vec<f64>, SearchError> {
        let d = self.space.dim();
        let per_axis = if d == 1 { CANDIDATES_1D } else { CANDIDATES_2D };
        let ticks: Vec<Vec<f64>> = self
            .space
            .axes
            .iter()
            .map(|a| a.unit_ticks(per_axis))
            .collect();
        let cand = product(&ticks);
        let nc = cand.len() / d;
        let mut mean = vec![0.0; nc];
        let mut std = vec![0.0; nc];
        let empty = Vec::new();
        self.model.predict_grid(
            &ticks[0],
            ticks.get(1).unwrap_or(&empty),
            &mut mean,
            Some(&mut std),
        )?;
        let mut scored: Vec<(f64, usize)> = (0..nc)
            .filter(|&i| !self.is_observed(&cand[i * d..(i + 1) * d]))
            .map(|i| (self.acquisition.score(mean[i], std[i], self.best), i))
            .filter(|(s, _)| !s.is_nan())
            .collect();
        if scored.is_empty() {
            return Err(SearchError::new(
                "space",
                "every candidate already observed",
                "a space with unobserved points",
            ));
        }
        scored.sort_by(|a, b| b.0.total_cmp(&a.0));
        let step0 = 1.0 / (per_axis - 1) as f64;
        let mut best_u = cand[scored[0].1 * d..(scored[0].1 + 1) * d].to_vec();
        let mut best_s = scored[0].0;
        for &(s0, i) in scored.iter().take(N_REFINE) {
            let (u, s) = self.refine(&cand[i * d..(i + 1) * d], s0, step0);
            if s > best_s && !self.is_observed(&u) {
                best_u = u;
                best_s = s;
            }
        }
        Ok(self.space.from_unit(&best_u))
    }

    /// Compass search from `u0` on the continuous axes: try $\pm h$ along each, move on improvement, otherwise
    /// halve $h$.
    fn refine(&self, u0: &[f64], s0: f64, step0: f64) -> (Vec<f64>, f64) {
        let mut u = u0.to_vec();
        let mut s = s0;
        let mut h = step0;
        let continuous: Vec<usize> = self
            .space
            .axes
            .iter()
            .enumerate()
            .filter(|(_, a)| a.scale != Scale::Integer)
            .map(|(k, _)| k)
            .collect();
        if continuous.is_empty() {
            return (u, s);
        }
        let mut evals = 0;
        while h > 1e-7 && evals < 400 {
            let mut moved = false;
            for &k in &continuous {
                for sign in [-1.0, 1.0] {
                    let mut t = u.clone();
                    t[k] = (u[k] + sign * h).clamp(0.0, 1.0);
                    if t[k] == u[k] {
                        continue;
                    }
                    evals += 1;
                    let st = self.score_unit(&t);
                    if st > s {
                        u = t;
                        s = st;
                        moved = true;
                    }
                }
            }
            if !moved {
                h *= 0.5;
            }
        }
        (u, s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Value;

    #[test]
    fn xoshiro_and_splitmix_published_vectors() {
        // xoshiro256** from state {1, 2, 3, 4}: the reference implementation's first outputs (Blackman & Vigna).
        let mut r = Rng::from_state([1, 2, 3, 4]);
        let first: Vec<u64> = (0..4).map(|_| r.next_u64()).collect();
        assert_eq!(first, [11520, 0, 1509978240, 1215971899390074240]);
        // SplitMix64 from state 0: the published first output.
        let mut s = 0u64;
        assert_eq!(splitmix64(&mut s), 0xE220_A839_7B1D_CDAF);
    }

    #[test]
    fn rng_ranges_and_shuffle() {
        let mut r = Rng::new(7);
        for _ in 0..1000 {
            let u = r.next_f64();
            assert!((0.0..1.0).contains(&u));
            assert!(r.below(3) < 3);
        }
        assert_eq!(r.below(0), 0);
        let mut v: Vec<usize> = (0..20).collect();
        r.shuffle(&mut v);
        let mut w = v.clone();
        w.sort_unstable();
        assert_eq!(w, (0..20).collect::<Vec<_>>());
        // Mean of many normals is near 0 and their variance near 1 (loose statistical check).
        let z: Vec<f64> = (0..20000).map(|_| r.normal()).collect();
        let m = z.iter().sum::<f64>() / z.len() as f64;
        let var = z.iter().map(|v| (v - m) * (v - m)).sum::<f64>() / z.len() as f64;
        assert!(m.abs() < 0.05 && (var - 1.0).abs() < 0.05, "{m} {var}");
    }

    #[test]
    fn grid_and_random_points_respect_scales() {
        let space = Space::new(vec![
            Axis::new("lr", 1e-4, 1.0, Scale::Log).expect("axis"),
            Axis::new("layers", 1.0, 3.0, Scale::Integer).expect("axis"),
        ])
        .expect("space");
        let g = grid_points(&space, 30).expect("grid");
        // 3 integer values, so the log axis gets 30 / 3 = 10 ticks.
        assert_eq!(g.len(), 2 * 30);
        assert!((g[0] - 1e-4).abs() < 1e-18 && g[1] == 1.0 && g[3] == 2.0 && g[5] == 3.0);
        assert!((g[2 * 29] - 1.0).abs() < 1e-12);
        let r = random_points(&space, 50, 3).expect("random");
        for p in r.chunks_exact(2) {
            assert!(p[0] >= 1e-4 && p[0] <= 1.0 && [1.0, 2.0, 3.0].contains(&p[1]));
        }
        assert_eq!(r, random_points(&space, 50, 3).expect("same seed"));
    }

    #[test]
    fn bayes_opt_finds_the_minimum_of_a_parabola() {
        let space = Space::new(vec![Axis::new("x", -2.0, 3.0, Scale::Linear).expect("axis")])
            .expect("space");
        let bo = BayesOpt::new(space, Acquisition::Ei { xi: 0.01 });
        let f = |x: f64| (x - 0.7) * (x - 0.7); // minimum at x = 0.7 by construction
        let mut obs: Vec<Observation> = Vec::new();
        for _ in 0..14 {
            let p = bo.suggest(&obs).expect("suggestion");
            obs.push(Observation {
                value: f(p[0]),
                point: p,
            });
        }
        let best = obs.iter().map(|o| o.value).fold(f64::INFINITY, f64::min);
        assert!(best < 1e-3, "best {best}");
    }

    #[test]
    fn hand_built_bad_spaces_are_errors_not_panics() {
        let empty = Space { axes: vec![] };
        assert!(grid_points(&empty, 10).is_err());
        assert!(random_points(&empty, 10, 0).is_err());
        let bad = Space {
            axes: vec![Axis {
                name: "lr".into(),
                low: 0.0,
                high: 1.0,
                scale: Scale::Log,
            }],
        };
        assert!(grid_points(&bad, 10).is_err());
        let bo = BayesOpt::new(bad, Acquisition::Lcb { kappa: 1.0 });
        assert!(bo.suggest(&[]).is_err());
        let ok = Space::new(vec![Axis::new("x", 0.0, 1.0, Scale::Linear).expect("axis")])
            .expect("space");
        assert!(grid_points(&ok, 0).is_err() && grid_points(&ok, MAX_BUDGET + 1).is_err());
        assert_eq!(grid_points(&ok, 3).expect("grid"), vec![0.0, 0.5, 1.0]);
        assert!(kfold(10, 11).is_err());
    }

    #[test]
    fn bayes_opt_in_two_dimensions_with_log_and_integer_axes() {
        let space = Space::new(vec![
            Axis::new("lr", 1e-4, 1.0, Scale::Log).expect("axis"),
            Axis::new("width", 1.0, 8.0, Scale::Integer).expect("axis"),
        ])
        .expect("space");
        let mut bo = BayesOpt::new(space, Acquisition::Lcb { kappa: 1.96 });
        bo.n_restarts = 1;
        // A bowl in (log10 lr, width), minimum at lr = 1e-2, width = 5 by construction; lr > 0.3 "diverges".
        let f = |p: &[f64]| {
            if p[0] > 0.3 {
                f64::NAN
            } else {
                (p[0].log10() + 2.0).powi(2) + 0.1 * (p[1] - 5.0).powi(2)
            }
        };
        let mut obs: Vec<Observation> = Vec::new();
        for _ in 0..16 {
            let p = bo.suggest(&obs).expect("suggestion");
            assert!(
                p[0] >= 1e-4 && p[0] <= 1.0 && p[1].fract() == 0.0 && (1.0..=8.0).contains(&p[1]),
                "{p:?}"
            );
            obs.push(Observation {
                value: f(&p),
                point: p,
            });
        }
        let best = obs
            .iter()
            .map(|o| o.value)
            .filter(|v| v.is_finite())
            .fold(f64::INFINITY, f64::min);
        assert!(best < 0.2, "best {best}");
        let s = bo.fit_surrogate(&obs).expect("surrogate");
        let g = s.grid(20).expect("grid");
        assert_eq!(
            (
                g.axes[0].len(),
                g.axes[1].len(),
                g.mean.len(),
                g.std.len(),
                g.acquisition.len()
            ),
            (20, 20, 400, 400, 400)
        );
        assert!(g
            .mean
            .iter()
            .chain(&g.std)
            .chain(&g.acquisition)
            .all(|v| v.is_finite()));
        assert!(s.grid(1).is_err());
        let (m, sd, a) = s.evaluate(&[1e-2, 5.0]).expect("evaluate");
        assert!((a - (m - 1.96 * sd)).abs() < 1e-12);
        // Observations outside the box or of the wrong length are named.
        let e = bo
            .fit_surrogate(&[Observation {
                point: vec![2.0, 3.0],
                value: 1.0,
            }])
            .expect_err("outside");
        assert_eq!(e.field, "observations[0].point[0]");
        assert!(bo
            .fit_surrogate(&[Observation {
                point: vec![0.1],
                value: 1.0
            }])
            .is_err());
        assert!(bo
            .fit_surrogate(&[Observation {
                point: vec![0.1, 2.0],
                value: f64::NAN
            }])
            .is_err());
    }

    #[test]
    fn bayes_opt_reads_its_config() {
        let v = Value::from_json(
            r#"{"space": [{"name": "lr", "low": 1e-5, "high": 1, "scale": "log"}], "acq_func": "PI", "xi": 0.05,
                "n_initial_points": 3, "random_state": 9,
                "gp": {"kernel": {"type": "Product", "k1": {"type": "ConstantKernel"}, "k2": {"type": "RBF", "length_scale": 0.3}}, "alpha": 1e-6, "normalize_y": true}}"#,
        )
        .expect("json");
        let bo = BayesOpt::from_value("search", &v).expect("config");
        assert_eq!(bo.acquisition, Acquisition::Pi { xi: 0.05 });
        assert_eq!((bo.n_initial, bo.seed), (3, 9));
        assert_eq!(bo.initial_points().expect("points").len(), 3);
        for (json, path) in [
            (r#"{"space": []}"#, "search.space"),
            (
                r#"{"space": [{"low": 0, "high": 1, "scale": "log"}]}"#,
                "search.space[0]",
            ),
            (
                r#"{"space": [{"low": 0, "high": 1}], "acq_func": "UCB"}"#,
                "search.acq_func",
            ),
            (
                r#"{"space": [{"low": 0, "high": 1}], "gp": {"kernel": {"type": "RBF", "length_scale": [1, 2]}}}"#,
                "search.gp.kernel.length_scale",
            ),
            (
                r#"{"space": [{"low": 0, "high": 1}], "n_initial_points": 0}"#,
                "search.n_initial_points",
            ),
        ] {
            let e = BayesOpt::from_value("search", &Value::from_json(json).expect("json"))
                .expect_err(json);
            assert_eq!(e.path, path, "{json}: {e}");
        }
    }
}
