//! # Gaussian-process regression, as scikit-learn's `GaussianProcessRegressor` does it
//!
//! A Gaussian process puts the prior $f \sim \mathcal{GP}(0, k_\theta)$ on the function behind the observations
//! $y_i = f(x_i)$. With $K = k_\theta(X, X) + \alpha I$ (the fixed `alpha` acts as a noise variance) and
//! $K = L L^\top$ (Cholesky), the posterior at a query point $x_*$ is
//!
//! $$\mu(x_*) = k_*^\top K^{-1} y, \qquad \sigma^2(x_*) = k(x_*, x_*) - \lVert L^{-1} k_* \rVert^2,
//! \qquad k_* = k_\theta(X, x_*),$$
//!
//! and the log marginal likelihood (LML) that fitting maximizes over $\theta$ (the natural logs of the kernel's
//! hyperparameters) is
//!
//! $$\log p(y \mid X, \theta) = -\tfrac12 y^\top K^{-1} y - \textstyle\sum_i \log L_{ii} - \tfrac n2 \log 2\pi,
//! \qquad \frac{\partial \log p}{\partial \theta_j} = \tfrac12 \operatorname{tr}\!\big((\alpha\alpha^\top - K^{-1})
//! \tfrac{\partial K}{\partial \theta_j}\big),\ \alpha = K^{-1} y.$$
//!
//! With `normalize_y`, the GP is fitted to $(y - \bar y)/s_y$ ($s_y$ the population standard deviation, ddof = 0)
//! and predictions are mapped back: $\mu = s_y \mu_n + \bar y$, $\sigma = s_y \sigma_n$ (the LML stays the one of
//! the normalized targets, with no Jacobian term).
//!
//! Kernels (class names and keyword arguments of `sklearn.gaussian_process.kernels`):
//! `ConstantKernel` $k = c$ ($c$ is a variance), `RBF` $k = \exp(-\tfrac12 r^2)$, `Matern`
//! $k = (1 + \sqrt3 r)e^{-\sqrt3 r}$ ($\nu = 1.5$), $(1 + \sqrt5 r + \tfrac53 r^2)e^{-\sqrt5 r}$ ($\nu = 2.5$),
//! $e^{-r}$ ($\nu = 0.5$), with $r = \lVert (x - x') / \ell \rVert$, `WhiteKernel` $k(X) = s I$ but $k(X, Y) = 0$
//! whenever $Y$ is passed, and `Sum` / `Product` of two kernels.
//!
//! The acquisition functions at the end are for MINIMIZATION (the search lab minimizes a validation loss).
//!
//! References: Rasmussen & Williams, *Gaussian Processes for Machine Learning* (2006), Algorithm 2.1 and eq. 5.9;
//! scikit-learn 1.9 `sklearn/gaussian_process/_gpr.py` (`fit`, `predict`, `log_marginal_likelihood`) and
//! `sklearn/gaussian_process/kernels.py`; the optimizer is a projected L-BFGS in the spirit of Byrd, Lu, Nocedal &
//! Zhu (1995), "A limited memory algorithm for bound constrained optimization" (scipy's L-BFGS-B); `erfc` is
//! W. J. Cody (1969), "Rational Chebyshev approximations for the error function", Math. Comp. 23, 631-637
//! (netlib SPECFUN `CALERF`).

use crate::config::{self, ConfigError, ConfigResult, Range, Value};
use nalgebra::{Cholesky, DMatrix, DVector, Dyn};
use std::fmt;

/// Largest input dimension a kernel accepts (one length scale per dimension).
pub const MAX_DIM: usize = 16;
/// Largest number of training points (the fit is $O(n^3)$).
pub const MAX_TRAIN: usize = 2000;
/// Largest number of query points in one prediction call.
pub const MAX_QUERY: usize = 1 << 22;
/// Largest nesting depth of `Sum` / `Product` kernels.
pub const MAX_KERNEL_DEPTH: usize = 16;
/// Largest number of optimizer restarts in [`gp_fit`].
pub const MAX_RESTARTS: usize = 100;

/// scikit-learn's default hyperparameter bounds, `(1e-5, 1e5)`.
pub const DEFAULT_BOUNDS: Bounds = Bounds::Range {
    low: 1e-5,
    high: 1e5,
};

/// Jitter ladder, relative to the mean of the diagonal of $K$: tried in turn when $K$ is not numerically
/// positive definite (the amount actually added is reported, never hidden).
const JITTER_LEVELS: [f64; 4] = [1e-10, 1e-8, 1e-6, 1e-4];

// ---------------------------------------------------------------------------------------------------------------
// Errors
// ---------------------------------------------------------------------------------------------------------------

/// What went wrong in a Gaussian-process call.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum GpErrorKind {
    /// No training points.
    Empty,
    /// Sizes that do not fit together (X rows vs y, dimension vs length scales...).
    SizeMismatch,
    /// A NaN or infinite input.
    NonFinite,
    /// A hyperparameter out of its domain (zero or negative length scale, unsupported `nu`, bad bounds...).
    BadHyperparameter,
    /// $K + \alpha I$ is not positive definite even after the largest jitter.
    NotPositiveDefinite,
    /// More points / dimensions / restarts than the bounds allow.
    TooLarge,
}

/// A Gaussian-process error: which input, what it held and what is allowed (like [`ConfigError`]).
#[derive(Clone, Debug, PartialEq)]
pub struct GpError {
    /// The kind of failure.
    pub kind: GpErrorKind,
    /// The input at fault, e.g. `y[3]` or `kernel.k2.length_scale[0]`.
    pub field: String,
    /// What it held, e.g. `NaN`.
    pub value: String,
    /// What would have been accepted.
    pub allowed: String,
}

impl GpError {
    fn new(
        kind: GpErrorKind,
        field: impl Into<String>,
        value: impl Into<String>,
        allowed: impl Into<String>,
    ) -> GpError {
        GpError {
            kind,
            field: field.into(),
            value: value.into(),
            allowed: allowed.into(),
        }
    }

    /// The same error as a [`ConfigError`] whose path is `path` joined with the field at fault.
    pub fn to_config_error(&self, path: &str) -> ConfigError {
        ConfigError {
            path: config::join(path, &self.field),
            value: self.value.clone(),
            allowed: self.allowed.clone(),
        }
    }
}

impl fmt::Display for GpError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} = {} is not allowed: expected {}",
            self.field, self.value, self.allowed
        )
    }
}

impl std::error::Error for GpError {}

impl From<GpError> for ConfigError {
    fn from(e: GpError) -> ConfigError {
        ConfigError {
            path: e.field,
            value: e.value,
            allowed: e.allowed,
        }
    }
}

impl From<GpError> for String {
    fn from(e: GpError) -> String {
        e.to_string()
    }
}

// ---------------------------------------------------------------------------------------------------------------
// Kernels
// ---------------------------------------------------------------------------------------------------------------

/// Bounds of a hyperparameter in natural units, or `"fixed"` (then it is not part of $\theta$).
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Bounds {
    /// Not optimized, not in $\theta$ (scikit-learn's `"fixed"`).
    Fixed,
    /// `low <= value <= high`, both > 0; $\theta$ is bounded by their logs.
    Range {
        /// Lower bound (> 0).
        low: f64,
        /// Upper bound (>= low).
        high: f64,
    },
}

impl Bounds {
    /// Read `[low, high]` or `"fixed"`; absent means scikit-learn's default `(1e-5, 1e5)`.
    pub fn from_value(path: &str, v: Option<&Value>) -> ConfigResult<Bounds> {
        let allowed = "\"fixed\" or [low, high] with 0 < low <= high <= 1e300";
        match v {
            None => Ok(DEFAULT_BOUNDS),
            Some(Value::Str(s)) if s == "fixed" => Ok(Bounds::Fixed),
            Some(Value::Arr(items)) if items.len() == 2 => {
                let low = config::number(
                    &format!("{path}[0]"),
                    &items[0],
                    Range::OpenClosed(0.0, 1e300),
                )?;
                let high = config::number(
                    &format!("{path}[1]"),
                    &items[1],
                    Range::OpenClosed(0.0, 1e300),
                )?;
                if low > high {
                    return config::err(
                        path,
                        format!("[{}, {}]", config::fmt_num(low), config::fmt_num(high)),
                        allowed,
                    );
                }
                Ok(Bounds::Range { low, high })
            }
            Some(other) => config::err(path, other.describe(), allowed),
        }
    }

    fn is_fixed(&self) -> bool {
        matches!(self, Bounds::Fixed)
    }

    fn log_range(&self) -> (f64, f64) {
        match *self {
            Bounds::Fixed => (f64::NEG_INFINITY, f64::INFINITY),
            Bounds::Range { low, high } => (low.ln(), high.ln()),
        }
    }

    fn check(&self, path: &str) -> Result<(), GpError> {
        match *self {
            Bounds::Fixed => Ok(()),
            Bounds::Range { low, high } => {
                if low.is_finite() && high.is_finite() && low > 0.0 && low <= high {
                    Ok(())
                } else {
                    Err(GpError::new(
                        GpErrorKind::BadHyperparameter,
                        path,
                        format!("[{}, {}]", config::fmt_num(low), config::fmt_num(high)),
                        "finite bounds with 0 < low <= high",
                    ))
                }
            }
        }
    }
}

/// A covariance function, with scikit-learn's names and hyperparameter order.
#[derive(Clone, Debug, PartialEq)]
pub enum Kernel {
    /// `ConstantKernel`: $k(x, x') = c$; $c$ is a variance (scikit-learn prints it as `sqrt(c)**2`).
    Constant {
        /// $c > 0$.
        constant_value: f64,
        /// Bounds of $c$.
        bounds: Bounds,
    },
    /// `RBF`: $k = \exp(-\tfrac12 \lVert (x - x')/\ell \rVert^2)$.
    Rbf {
        /// $\ell$: one entry (isotropic) or one per input dimension (anisotropic), each > 0.
        length_scale: Vec<f64>,
        /// Bounds shared by every entry of $\ell$.
        bounds: Bounds,
    },
    /// `Matern` with $\nu \in \{0.5, 1.5, 2.5\}$, $r = \lVert (x - x')/\ell \rVert$ (scikit-learn's
    /// $\sqrt{2\nu}\, r$ convention).
    Matern {
        /// $\ell$: one entry (isotropic) or one per input dimension, each > 0.
        length_scale: Vec<f64>,
        /// Smoothness $\nu$: 0.5, 1.5 or 2.5 (not a hyperparameter).
        nu: f64,
        /// Bounds shared by every entry of $\ell$.
        bounds: Bounds,
    },
    /// `WhiteKernel`: $k(X) = s I$; $k(X, Y) = 0$ when $Y$ is given, even if $Y = X$.
    White {
        /// Noise variance $s > 0$.
        noise_level: f64,
        /// Bounds of $s$.
        bounds: Bounds,
    },
    /// `k1 + k2`.
    Sum(Box<Kernel>, Box<Kernel>),
    /// `k1 * k2`.
    Product(Box<Kernel>, Box<Kernel>),
}

impl std::ops::Add for Kernel {
    type Output = Kernel;
    fn add(self, rhs: Kernel) -> Kernel {
        Kernel::Sum(Box::new(self), Box::new(rhs))
    }
}

impl std::ops::Mul for Kernel {
    type Output = Kernel;
    fn mul(self, rhs: Kernel) -> Kernel {
        Kernel::Product(Box::new(self), Box::new(rhs))
    }
}

/// How a kernel term combines into the output buffer (so `C * RBF + White` needs no temporary matrix).
#[derive(Clone, Copy, Debug, PartialEq)]
enum Op {
    Set,
    Add,
    Mul,
}

#[inline(always)]
fn put(op: Op, slot: &mut f64, v: f64) {
    match op {
        Op::Set => *slot = v,
        Op::Add => *slot += v,
        Op::Mul => *slot *= v,
    }
}

/// Kernel values and their derivatives w.r.t. $\theta$ on the training set (`n * n` row-major each).
struct KernelWithGradient {
    k: Vec<f64>,
    grads: Vec<Vec<f64>>,
}

const KERNEL_TYPES: [&str; 6] = [
    "ConstantKernel",
    "RBF",
    "Matern",
    "WhiteKernel",
    "Sum",
    "Product",
];

impl Kernel {
    /// `ConstantKernel(c)` with default bounds.
    pub fn constant(constant_value: f64) -> Kernel {
        Kernel::Constant {
            constant_value,
            bounds: DEFAULT_BOUNDS,
        }
    }

    /// Isotropic `RBF(length_scale)` with default bounds.
    pub fn rbf(length_scale: f64) -> Kernel {
        Kernel::Rbf {
            length_scale: vec![length_scale],
            bounds: DEFAULT_BOUNDS,
        }
    }

    /// Isotropic `Matern(length_scale, nu)` with default bounds.
    pub fn matern(length_scale: f64, nu: f64) -> Kernel {
        Kernel::Matern {
            length_scale: vec![length_scale],
            nu,
            bounds: DEFAULT_BOUNDS,
        }
    }

    /// `WhiteKernel(noise_level)` with default bounds.
    pub fn white(noise_level: f64) -> Kernel {
        Kernel::White {
            noise_level,
            bounds: DEFAULT_BOUNDS,
        }
    }

    /// Read a kernel in the `kernel_spec` format of the reference file, e.g.
    /// `{type: "Product", k1: {type: "ConstantKernel", constant_value: 1.5, constant_value_bounds: [1e-5, 1e5]},
    /// k2: {type: "RBF", length_scale: 0.8, anisotropic: false, length_scale_bounds: "fixed"}}`.
    pub fn from_value(path: &str, v: &Value) -> ConfigResult<Kernel> {
        Kernel::read(path, v, 0)
    }

    fn read(path: &str, v: &Value, depth: usize) -> ConfigResult<Kernel> {
        let o = config::object(path, v)?;
        let kind = o.kind(&KERNEL_TYPES)?;
        if depth >= MAX_KERNEL_DEPTH && (kind == "Sum" || kind == "Product") {
            return config::err(
                path,
                format!("a {kind} nested {depth} deep"),
                format!("at most {MAX_KERNEL_DEPTH} nested Sum/Product kernels"),
            );
        }
        let positive = Range::OpenClosed(0.0, 1e300);
        Ok(match kind.as_str() {
            "ConstantKernel" => {
                o.only(&["type", "constant_value", "constant_value_bounds"])?;
                Kernel::Constant {
                    constant_value: o.num("constant_value", Some(1.0), positive)?,
                    bounds: Bounds::from_value(
                        &o.field_path("constant_value_bounds"),
                        o.get("constant_value_bounds"),
                    )?,
                }
            }
            "WhiteKernel" => {
                o.only(&["type", "noise_level", "noise_level_bounds"])?;
                Kernel::White {
                    noise_level: o.num("noise_level", Some(1.0), positive)?,
                    bounds: Bounds::from_value(
                        &o.field_path("noise_level_bounds"),
                        o.get("noise_level_bounds"),
                    )?,
                }
            }
            "RBF" | "Matern" => {
                let is_matern = kind == "Matern";
                if is_matern {
                    o.only(&[
                        "type",
                        "length_scale",
                        "anisotropic",
                        "length_scale_bounds",
                        "nu",
                    ])?;
                } else {
                    o.only(&["type", "length_scale", "anisotropic", "length_scale_bounds"])?;
                }
                let length_scale = read_length_scale(&o)?;
                let bounds = Bounds::from_value(
                    &o.field_path("length_scale_bounds"),
                    o.get("length_scale_bounds"),
                )?;
                if is_matern {
                    let nu = o.num("nu", Some(1.5), Range::Any)?;
                    if !is_supported_nu(nu) {
                        return config::err(
                            &o.field_path("nu"),
                            config::fmt_num(nu),
                            "0.5, 1.5 or 2.5",
                        );
                    }
                    Kernel::Matern {
                        length_scale,
                        nu,
                        bounds,
                    }
                } else {
                    Kernel::Rbf {
                        length_scale,
                        bounds,
                    }
                }
            }
            _ => {
                o.only(&["type", "k1", "k2"])?;
                let (p1, v1) = o.obj("k1")?;
                let (p2, v2) = o.obj("k2")?;
                let k1 = Box::new(Kernel::read(&p1, v1, depth + 1)?);
                let k2 = Box::new(Kernel::read(&p2, v2, depth + 1)?);
                if kind == "Sum" {
                    Kernel::Sum(k1, k2)
                } else {
                    Kernel::Product(k1, k2)
                }
            }
        })
    }

    /// Check every hyperparameter for inputs of dimension `d` (length scales positive and of length 1 or `d`,
    /// values finite and positive, `nu` supported, bounds valid). `path` names the kernel in messages.
    pub fn validate(&self, path: &str, d: usize) -> Result<(), GpError> {
        self.validate_at(path, d, 0)
    }

    fn validate_at(&self, path: &str, d: usize, depth: usize) -> Result<(), GpError> {
        let positive = |field: String, v: f64| -> Result<(), GpError> {
            if v.is_finite() && v > 0.0 {
                Ok(())
            } else {
                Err(GpError::new(
                    GpErrorKind::BadHyperparameter,
                    field,
                    config::fmt_num(v),
                    "a finite number > 0",
                ))
            }
        };
        match self {
            Kernel::Constant {
                constant_value,
                bounds,
            } => {
                positive(config::join(path, "constant_value"), *constant_value)?;
                bounds.check(&config::join(path, "constant_value_bounds"))
            }
            Kernel::White {
                noise_level,
                bounds,
            } => {
                positive(config::join(path, "noise_level"), *noise_level)?;
                bounds.check(&config::join(path, "noise_level_bounds"))
            }
            Kernel::Rbf {
                length_scale,
                bounds,
            }
            | Kernel::Matern {
                length_scale,
                bounds,
                ..
            } => {
                let lpath = config::join(path, "length_scale");
                if length_scale.is_empty() || (length_scale.len() != 1 && length_scale.len() != d) {
                    return Err(GpError::new(
                        GpErrorKind::SizeMismatch,
                        lpath,
                        format!("{} entries", length_scale.len()),
                        format!("1 entry (isotropic) or {d} (one per input dimension)"),
                    ));
                }
                for (i, &l) in length_scale.iter().enumerate() {
                    positive(format!("{lpath}[{i}]"), l)?;
                }
                if let Kernel::Matern { nu, .. } = self {
                    if !is_supported_nu(*nu) {
                        return Err(GpError::new(
                            GpErrorKind::BadHyperparameter,
                            config::join(path, "nu"),
                            config::fmt_num(*nu),
                            "0.5, 1.5 or 2.5",
                        ));
                    }
                }
                bounds.check(&config::join(path, "length_scale_bounds"))
            }
            Kernel::Sum(a, b) | Kernel::Product(a, b) => {
                if depth >= MAX_KERNEL_DEPTH {
                    return Err(GpError::new(
                        GpErrorKind::TooLarge,
                        path,
                        "a deeper kernel",
                        format!("at most {MAX_KERNEL_DEPTH} nested Sum/Product kernels"),
                    ));
                }
                a.validate_at(&config::join(path, "k1"), d, depth + 1)?;
                b.validate_at(&config::join(path, "k2"), d, depth + 1)
            }
        }
    }

    /// $\theta$: natural logs of the non-fixed hyperparameters, in scikit-learn's `hyperparameters` order
    /// (`k1` before `k2`; an anisotropic length scale gives one entry per dimension).
    pub fn theta(&self) -> Vec<f64> {
        let mut out = Vec::new();
        self.visit(&mut |values, bounds, _| {
            if !bounds.is_fixed() {
                out.extend(values.iter().map(|v| v.ln()));
            }
        });
        out
    }

    /// Set the non-fixed hyperparameters to $e^{\theta}$ (same order as [`Kernel::theta`]).
    pub fn set_theta(&mut self, theta: &[f64]) -> Result<(), GpError> {
        let n = self.n_theta();
        if theta.len() != n {
            return Err(GpError::new(
                GpErrorKind::SizeMismatch,
                "theta",
                format!("{} entries", theta.len()),
                format!("{n} entries"),
            ));
        }
        if let Some(i) = theta.iter().position(|t| !t.is_finite()) {
            return Err(GpError::new(
                GpErrorKind::NonFinite,
                format!("theta[{i}]"),
                config::fmt_num(theta[i]),
                "a finite log-hyperparameter",
            ));
        }
        let mut pos = 0;
        self.visit_mut(&mut |values, bounds| {
            if !bounds.is_fixed() {
                for v in values.iter_mut() {
                    // formula: value = exp(theta)
                    *v = theta[pos].exp();
                    pos += 1;
                }
            }
        });
        Ok(())
    }

    /// Number of entries of $\theta$.
    pub fn n_theta(&self) -> usize {
        let mut n = 0;
        self.visit(&mut |values, bounds, _| {
            if !bounds.is_fixed() {
                n += values.len();
            }
        });
        n
    }

    /// Bounds of $\theta$: the logs of the hyperparameter bounds (`bounds_theta`), one pair per entry.
    pub fn bounds(&self) -> Vec<(f64, f64)> {
        let mut out = Vec::new();
        self.visit(&mut |values, bounds, _| {
            if !bounds.is_fixed() {
                let r = bounds.log_range();
                out.extend(std::iter::repeat(r).take(values.len()));
            }
        });
        out
    }

    /// scikit-learn's `hyperparameter_names` (non-fixed only), e.g. `["k1__constant_value", "k2__length_scale"]`.
    pub fn hyperparameter_names(&self) -> Vec<String> {
        let mut out = Vec::new();
        self.names_into("", &mut out);
        out
    }

    fn names_into(&self, prefix: &str, out: &mut Vec<String>) {
        let mut leaf = |name: &str, bounds: &Bounds| {
            if !bounds.is_fixed() {
                out.push(format!("{prefix}{name}"));
            }
        };
        match self {
            Kernel::Constant { bounds, .. } => leaf("constant_value", bounds),
            Kernel::Rbf { bounds, .. } | Kernel::Matern { bounds, .. } => {
                leaf("length_scale", bounds)
            }
            Kernel::White { bounds, .. } => leaf("noise_level", bounds),
            Kernel::Sum(a, b) | Kernel::Product(a, b) => {
                a.names_into(&format!("{prefix}k1__"), out);
                b.names_into(&format!("{prefix}k2__"), out);
            }
        }
    }

    /// Visit every hyperparameter (values, bounds, is-length-scale) in order.
    fn visit(&self, f: &mut dyn FnMut(&[f64], &Bounds, bool)) {
        match self {
            Kernel::Constant {
                constant_value,
                bounds,
            } => f(std::slice::from_ref(constant_value), bounds, false),
            Kernel::White {
                noise_level,
                bounds,
            } => f(std::slice::from_ref(noise_level), bounds, false),
            Kernel::Rbf {
                length_scale,
                bounds,
            }
            | Kernel::Matern {
                length_scale,
                bounds,
                ..
            } => f(length_scale, bounds, true),
            Kernel::Sum(a, b) | Kernel::Product(a, b) => {
                a.visit(f);
                b.visit(f);
            }
        }
    }

    fn visit_mut(&mut self, f: &mut dyn FnMut(&mut [f64], &Bounds)) {
        match self {
            Kernel::Constant {
                constant_value,
                bounds,
            } => f(std::slice::from_mut(constant_value), bounds),
            Kernel::White {
                noise_level,
                bounds,
            } => f(std::slice::from_mut(noise_level), bounds),
            Kernel::Rbf {
                length_scale,
                bounds,
            }
            | Kernel::Matern {
                length_scale,
                bounds,
                ..
            } => f(length_scale, bounds),
            Kernel::Sum(a, b) | Kernel::Product(a, b) => {
                a.visit_mut(f);
                b.visit_mut(f);
            }
        }
    }

    /// $k(x, x)$, the same for every $x$ (all kernels here are stationary): scikit-learn's `diag`.
    pub fn diag_value(&self) -> f64 {
        match self {
            Kernel::Constant { constant_value, .. } => *constant_value,
            Kernel::White { noise_level, .. } => *noise_level,
            Kernel::Rbf { .. } | Kernel::Matern { .. } => 1.0,
            Kernel::Sum(a, b) => a.diag_value() + b.diag_value(),
            Kernel::Product(a, b) => a.diag_value() * b.diag_value(),
        }
    }

    /// The cross covariance $k(x, x_*)$ as `scale * k_s(x, x_*)` with `k_s` one RBF or Matern kernel (or `None`:
    /// a plain constant), if the kernel has that form: products of constants and at most one stationary kernel,
    /// plus any WhiteKernel (0 across different arguments). [`GpModel::predict_grid`] uses it: such a kernel is a
    /// function of per-axis distances, which a grid shares along its rows and columns.
    fn scaled_stationary(&self) -> Option<(f64, Option<&Kernel>)> {
        match self {
            Kernel::Constant { constant_value, .. } => Some((*constant_value, None)),
            Kernel::Rbf { .. } | Kernel::Matern { .. } => Some((1.0, Some(self))),
            Kernel::Product(a, b) => match (a.scaled_stationary()?, b.scaled_stationary()?) {
                ((sa, ka), (sb, None)) => Some((sa * sb, ka)),
                ((sa, None), (sb, kb)) => Some((sa * sb, kb)),
                _ => None,
            },
            Kernel::Sum(a, b) => match (a.as_ref(), b.as_ref()) {
                (k, Kernel::White { .. }) | (Kernel::White { .. }, k) => k.scaled_stationary(),
                _ => None,
            },
            _ => None,
        }
    }

    /// scikit-learn's `k(X, Y)`: `x` is `nx * d` row-major; with `y = None` this is the training covariance
    /// $k(X, X)$ (WhiteKernel on the diagonal), with `Some(y)` the cross covariance (WhiteKernel = 0).
    /// Returns `nx * ny` values, row-major.
    pub fn k(&self, x: &[f64], y: Option<&[f64]>, d: usize) -> Result<Vec<f64>, GpError> {
        let nx = check_points("X", x, d, MAX_TRAIN.max(MAX_QUERY))?;
        self.validate("kernel", d)?;
        let (yy, same) = match y {
            None => (x, true),
            Some(y) => (y, false),
        };
        let ny = check_points("Y", yy, d, MAX_TRAIN.max(MAX_QUERY))?;
        if nx.saturating_mul(ny) > MAX_QUERY {
            return Err(GpError::new(
                GpErrorKind::TooLarge,
                "X, Y",
                format!("{nx} x {ny} pairs"),
                format!("at most {MAX_QUERY} pairs"),
            ));
        }
        let mut out = vec![0.0; nx * ny];
        self.fill(x, yy, d, same, Op::Set, &mut out);
        Ok(out)
    }

    /// scikit-learn's `diag(X)`: $k(x_i, x_i)$ for each row (WhiteKernel included).
    pub fn k_diag(&self, x: &[f64], d: usize) -> Result<Vec<f64>, GpError> {
        let n = check_points("X", x, d, MAX_QUERY)?;
        self.validate("kernel", d)?;
        Ok(vec![self.diag_value(); n])
    }

    /// $K(X, X)$ and its derivatives $\partial K / \partial \theta_j$ (one `n * n` row-major matrix per entry of
    /// $\theta$, in [`Kernel::theta`] order): scikit-learn's `k(X, eval_gradient=True)`.
    pub fn k_gradient(&self, x: &[f64], d: usize) -> Result<(Vec<f64>, Vec<Vec<f64>>), GpError> {
        let n = check_points("X", x, d, MAX_TRAIN)?;
        self.validate("kernel", d)?;
        let kg = self.eval_grad(x, n, d);
        Ok((kg.k, kg.grads))
    }

    /// Fill `out` (`na * nb` row-major) with $k(x_a, x_b)$ combined by `op`. `same` means scikit-learn's
    /// `k(X)` (one argument: `xb == xa`, WhiteKernel adds its noise on the diagonal). No validation.
    fn fill(&self, xa: &[f64], xb: &[f64], d: usize, same: bool, op: Op, out: &mut [f64]) {
        let nb = xb.len() / d;
        match self {
            Kernel::Constant { constant_value, .. } => {
                let c = *constant_value;
                out.iter_mut().for_each(|s| put(op, s, c));
            }
            Kernel::White { noise_level, .. } => {
                // formula: k(X) = s I; k(X, Y) = 0 (even when Y equals X)
                let s = *noise_level;
                if !same {
                    if op != Op::Add {
                        out.iter_mut().for_each(|v| put(op, v, 0.0));
                    }
                    return;
                }
                for (i, row) in out.chunks_exact_mut(nb.max(1)).enumerate() {
                    for (j, slot) in row.iter_mut().enumerate() {
                        put(op, slot, if i == j { s } else { 0.0 });
                    }
                }
            }
            Kernel::Rbf { length_scale, .. } => {
                stationary(xa, xb, d, length_scale, op, out, rbf_of_r2);
            }
            Kernel::Matern {
                length_scale, nu, ..
            } => {
                if *nu == 0.5 {
                    stationary(xa, xb, d, length_scale, op, out, matern05_of_r2);
                } else if *nu == 1.5 {
                    stationary(xa, xb, d, length_scale, op, out, matern15_of_r2);
                } else {
                    stationary(xa, xb, d, length_scale, op, out, matern25_of_r2);
                }
            }
            Kernel::Sum(a, b) => match op {
                Op::Set | Op::Add => {
                    a.fill(xa, xb, d, same, op, out);
                    b.fill(xa, xb, d, same, Op::Add, out);
                }
                Op::Mul => {
                    let mut tmp = vec![0.0; out.len()];
                    a.fill(xa, xb, d, same, Op::Set, &mut tmp);
                    b.fill(xa, xb, d, same, Op::Add, &mut tmp);
                    out.iter_mut().zip(&tmp).for_each(|(o, t)| *o *= t);
                }
            },
            Kernel::Product(a, b) => match op {
                Op::Set | Op::Mul => {
                    a.fill(xa, xb, d, same, op, out);
                    b.fill(xa, xb, d, same, Op::Mul, out);
                }
                Op::Add => {
                    let mut tmp = vec![0.0; out.len()];
                    a.fill(xa, xb, d, same, Op::Set, &mut tmp);
                    b.fill(xa, xb, d, same, Op::Mul, &mut tmp);
                    out.iter_mut().zip(&tmp).for_each(|(o, t)| *o += t);
                }
            },
        }
    }

    /// $K(X, X)$ with its $\theta$-gradients (training covariance: WhiteKernel on the diagonal).
    fn eval_grad(&self, x: &[f64], n: usize, d: usize) -> KernelWithGradient {
        let nn = n * n;
        match self {
            Kernel::Constant {
                constant_value,
                bounds,
            } => {
                // formula: dK/dlog c = c
                let k = vec![*constant_value; nn];
                let grads = if bounds.is_fixed() {
                    vec![]
                } else {
                    vec![k.clone()]
                };
                KernelWithGradient { k, grads }
            }
            Kernel::White {
                noise_level,
                bounds,
            } => {
                // formula: dK/dlog s = s I
                let mut k = vec![0.0; nn];
                for i in 0..n {
                    k[i * n + i] = *noise_level;
                }
                let grads = if bounds.is_fixed() {
                    vec![]
                } else {
                    vec![k.clone()]
                };
                KernelWithGradient { k, grads }
            }
            Kernel::Rbf {
                length_scale,
                bounds,
            } => {
                // formula: dK/dlog l_j = K * (x_j - x'_j)^2 / l_j^2   (isotropic: K * r^2)
                stationary_grad(
                    x,
                    n,
                    d,
                    length_scale,
                    bounds.is_fixed(),
                    rbf_of_r2,
                    rbf_of_r2,
                )
            }
            Kernel::Matern {
                length_scale,
                nu,
                bounds,
            } => {
                let fixed = bounds.is_fixed();
                if *nu == 0.5 {
                    // formula: k = exp(-r); dK/dlog l_j = exp(-r) D_j / r  (0 at r = 0)
                    stationary_grad(x, n, d, length_scale, fixed, matern05_of_r2, |r2| {
                        let r = r2.sqrt();
                        if r > 0.0 {
                            exp_neg(r) / r
                        } else {
                            0.0
                        }
                    })
                } else if *nu == 1.5 {
                    // formula: dK/dlog l_j = 3 D_j exp(-sqrt(3) r)
                    stationary_grad(x, n, d, length_scale, fixed, matern15_of_r2, |r2| {
                        3.0 * exp_neg(r2.sqrt() * 3f64.sqrt())
                    })
                } else {
                    // formula: dK/dlog l_j = 5/3 D_j (1 + sqrt(5) r) exp(-sqrt(5) r)
                    stationary_grad(x, n, d, length_scale, fixed, matern25_of_r2, |r2| {
                        let t = r2.sqrt() * 5f64.sqrt();
                        5.0 / 3.0 * (1.0 + t) * exp_neg(t)
                    })
                }
            }
            Kernel::Sum(a, b) => {
                // formula: K = K1 + K2; dK = [dK1, dK2]
                let ka = a.eval_grad(x, n, d);
                let kb = b.eval_grad(x, n, d);
                let k = ka.k.iter().zip(&kb.k).map(|(p, q)| p + q).collect();
                let mut grads = ka.grads;
                grads.extend(kb.grads);
                KernelWithGradient { k, grads }
            }
            Kernel::Product(a, b) => {
                // formula: K = K1 * K2; dK = [dK1 * K2, K1 * dK2]
                let ka = a.eval_grad(x, n, d);
                let kb = b.eval_grad(x, n, d);
                let k = ka.k.iter().zip(&kb.k).map(|(p, q)| p * q).collect();
                let mut grads: Vec<Vec<f64>> = ka
                    .grads
                    .into_iter()
                    .map(|g| g.iter().zip(&kb.k).map(|(p, q)| p * q).collect())
                    .collect();
                grads.extend(kb.grads.into_iter().map(|g| {
                    g.iter()
                        .zip(&ka.k)
                        .map(|(p, q)| p * q)
                        .collect::<Vec<f64>>()
                }));
                KernelWithGradient { k, grads }
            }
        }
    }
}

fn is_supported_nu(nu: f64) -> bool {
    nu == 0.5 || nu == 1.5 || nu == 2.5
}

/// `length_scale`: a number or an array of 1 to [`MAX_DIM`] numbers, each > 0; `anisotropic`, if given, must agree
/// (scikit-learn: anisotropic iff the array has more than one entry).
fn read_length_scale(o: &config::Obj<'_>) -> ConfigResult<Vec<f64>> {
    let path = o.field_path("length_scale");
    let positive = Range::OpenClosed(0.0, 1e300);
    let ls = match o.get("length_scale") {
        None => vec![1.0],
        Some(Value::Arr(_)) => o.nums("length_scale", None, positive, 1, MAX_DIM)?,
        Some(v) => vec![config::number(&path, v, positive)?],
    };
    let anisotropic = ls.len() > 1;
    if o.get("anisotropic").is_some() {
        let flag = o.flag("anisotropic", false)?;
        if flag != anisotropic {
            let allowed = if anisotropic {
                "true (length_scale has one entry per dimension)"
            } else {
                "false (length_scale is a single number)"
            };
            return config::err(&o.field_path("anisotropic"), flag.to_string(), allowed);
        }
    }
    Ok(ls)
}

/// Divide each row of `x` by the length scale(s): scikit-learn's `X / length_scale`.
fn scale_rows(x: &[f64], d: usize, ls: &[f64]) -> Vec<f64> {
    let mut out = x.to_vec();
    for row in out.chunks_exact_mut(d) {
        for (k, v) in row.iter_mut().enumerate() {
            *v /= if ls.len() == 1 { ls[0] } else { ls[k] };
        }
    }
    out
}

/// Squared distance of two scaled rows.
#[inline(always)]
fn sq_dist(a: &[f64], b: &[f64]) -> f64 {
    a.iter().zip(b).map(|(p, q)| (p - q) * (p - q)).sum()
}

/// A stationary kernel $f(r^2)$ on scaled inputs, combined into `out` (`na * nb`, row-major) by `op`.
fn stationary(
    xa: &[f64],
    xb: &[f64],
    d: usize,
    ls: &[f64],
    op: Op,
    out: &mut [f64],
    f: impl Fn(f64) -> f64,
) {
    // The combine step is chosen once, outside the loops.
    match op {
        Op::Set => stationary_with(xa, xb, d, ls, out, f, |s, v| *s = v),
        Op::Add => stationary_with(xa, xb, d, ls, out, f, |s, v| *s += v),
        Op::Mul => stationary_with(xa, xb, d, ls, out, f, |s, v| *s *= v),
    }
}

/// The loops of [`stationary`], specialized for 1 and 2 dimensions (same arithmetic as [`sq_dist`]). The squared
/// distances of a chunk of pairs are computed first and the kernel's shape applied to the chunk in a second loop:
/// that loop is straight-line code (see [`exp_neg`]), so it runs two pairs per SIMD instruction.
#[inline(always)]
fn stationary_with(
    xa: &[f64],
    xb: &[f64],
    d: usize,
    ls: &[f64],
    out: &mut [f64],
    f: impl Fn(f64) -> f64,
    g: impl Fn(&mut f64, f64),
) {
    const CHUNK: usize = 64;
    let sa = scale_rows(xa, d, ls);
    let sb = scale_rows(xb, d, ls);
    let nb = xb.len() / d;
    if nb == 0 {
        return;
    }
    let mut r2 = [0.0; CHUNK];
    for (a, orow) in sa.chunks_exact(d).zip(out.chunks_exact_mut(nb)) {
        for (bs, slots) in sb.chunks(CHUNK * d).zip(orow.chunks_mut(CHUNK)) {
            let r2 = &mut r2[..slots.len()];
            match d {
                1 => r2.iter_mut().zip(bs).for_each(|(r, b)| {
                    let t = a[0] - b;
                    *r = t * t;
                }),
                2 => r2.iter_mut().zip(bs.chunks_exact(2)).for_each(|(r, b)| {
                    let (t0, t1) = (a[0] - b[0], a[1] - b[1]);
                    *r = t0 * t0 + t1 * t1;
                }),
                _ => r2
                    .iter_mut()
                    .zip(bs.chunks_exact(d))
                    .for_each(|(r, b)| *r = sq_dist(a, b)),
            }
            for (slot, r) in slots.iter_mut().zip(r2.iter()) {
                g(slot, f(*r));
            }
        }
    }
}

/// $e^{-t}$ for $t \ge 0$ in straight-line code (no branch or call, so a loop of them vectorizes): Cephes' `exp`
/// ([`crate::nn::math::exp_core`], within about an ulp), and exactly 0 past $t = 700$ where the true value is
/// below $10^{-304}$.
#[inline(always)]
fn exp_neg(t: f64) -> f64 {
    let small = t < 700.0;
    let e = crate::nn::math::exp_core(-(if small { t } else { 700.0 }));
    if small {
        e
    } else {
        0.0
    }
}

/// RBF's shape as a function of the squared scaled distance.
#[inline(always)]
fn rbf_of_r2(r2: f64) -> f64 {
    // formula: k = exp(-0.5 * ||(x - x') / l||^2)
    exp_neg(0.5 * r2)
}

/// Matern's shape for nu = 1/2.
#[inline(always)]
fn matern05_of_r2(r2: f64) -> f64 {
    // formula: k = exp(-r)
    exp_neg(r2.sqrt())
}

/// Matern's shape for nu = 3/2.
#[inline(always)]
fn matern15_of_r2(r2: f64) -> f64 {
    // formula: t = sqrt(3) r; k = (1 + t) exp(-t)
    let t = r2.sqrt() * 3f64.sqrt();
    (1.0 + t) * exp_neg(t)
}

/// Matern's shape for nu = 5/2.
#[inline(always)]
fn matern25_of_r2(r2: f64) -> f64 {
    // formula: t = sqrt(5) r; k = (1 + t + t^2 / 3) exp(-t)
    let t = r2.sqrt() * 5f64.sqrt();
    (1.0 + t + t * t / 3.0) * exp_neg(t)
}

/// A stationary kernel on the training set with its length-scale gradient: $k = f(r^2)$ and
/// $\partial k / \partial \log \ell_j = g(r^2) \cdot D_j$, $D_j = (x_j - x'_j)^2 / \ell_j^2$ (isotropic: $D = r^2$).
/// Only the lower triangle is computed (row `i`, columns `0..=i`, contiguous, so the shape loops vectorize), then
/// mirrored: every matrix here is symmetric.
fn stationary_grad(
    x: &[f64],
    n: usize,
    d: usize,
    ls: &[f64],
    fixed: bool,
    f: impl Fn(f64) -> f64,
    g: impl Fn(f64) -> f64,
) -> KernelWithGradient {
    let s = scale_rows(x, d, ls);
    let mut k = vec![0.0; n * n];
    let n_grad = if fixed { 0 } else { ls.len() };
    let mut grads = vec![vec![0.0; n * n]; n_grad];
    for i in 0..n {
        let a = &s[i * d..(i + 1) * d];
        let row = i * n..i * n + i + 1;
        let r2 = &mut k[row.clone()];
        match d {
            1 => r2
                .iter_mut()
                .zip(&s)
                .for_each(|(r, b)| *r = (a[0] - b) * (a[0] - b)),
            2 => r2.iter_mut().zip(s.chunks_exact(2)).for_each(|(r, b)| {
                let (t0, t1) = (a[0] - b[0], a[1] - b[1]);
                *r = t0 * t0 + t1 * t1;
            }),
            _ => r2
                .iter_mut()
                .zip(s.chunks_exact(d))
                .for_each(|(r, b)| *r = sq_dist(a, b)),
        }
        if n_grad == 1 {
            // formula: dK/dlog l = g(r^2) r^2
            grads[0][row.clone()]
                .iter_mut()
                .zip(r2.iter())
                .for_each(|(gv, r)| *gv = g(*r) * r);
        } else {
            for (q, grad) in grads.iter_mut().enumerate() {
                // formula: dK/dlog l_q = g(r^2) (x_q - x'_q)^2 / l_q^2
                for ((gv, r), b) in grad[row.clone()]
                    .iter_mut()
                    .zip(r2.iter())
                    .zip(s.chunks_exact(d))
                {
                    let t = a[q] - b[q];
                    *gv = g(*r) * (t * t);
                }
            }
        }
        r2.iter_mut().for_each(|v| *v = f(*v));
    }
    for m in std::iter::once(&mut k).chain(grads.iter_mut()) {
        mirror_lower(m, n);
    }
    KernelWithGradient { k, grads }
}

/// Copy the lower triangle of a square `n * n` row-major matrix onto its upper triangle.
fn mirror_lower(m: &mut [f64], n: usize) {
    for i in 0..n {
        for j in 0..i {
            m[j * n + i] = m[i * n + j];
        }
    }
}

fn check_buffers(nq: usize, mean: &[f64], std: &Option<&mut [f64]>) -> Result<(), GpError> {
    if mean.len() != nq || std.as_ref().is_some_and(|s| s.len() != nq) {
        let got = format!("{} / {}", mean.len(), std.as_ref().map_or(nq, |s| s.len()));
        return Err(GpError::new(
            GpErrorKind::SizeMismatch,
            "mean/std buffers",
            got,
            format!("{nq} entries each"),
        ));
    }
    Ok(())
}

/// Check a row-major point matrix: `d` in `1..=MAX_DIM`, length a multiple of `d`, at most `max` rows, finite.
/// Returns the number of rows.
fn check_points(name: &str, x: &[f64], d: usize, max: usize) -> Result<usize, GpError> {
    if d == 0 || d > MAX_DIM {
        return Err(GpError::new(
            GpErrorKind::SizeMismatch,
            "d",
            d.to_string(),
            format!("an input dimension in 1..={MAX_DIM}"),
        ));
    }
    if x.len() % d != 0 {
        return Err(GpError::new(
            GpErrorKind::SizeMismatch,
            name,
            format!("{} numbers", x.len()),
            format!("a multiple of d = {d} (rows of {d} coordinates)"),
        ));
    }
    let n = x.len() / d;
    if n > max {
        return Err(GpError::new(
            GpErrorKind::TooLarge,
            name,
            format!("{n} points"),
            format!("at most {max} points"),
        ));
    }
    if let Some(i) = x.iter().position(|v| !v.is_finite()) {
        return Err(GpError::new(
            GpErrorKind::NonFinite,
            format!("{name}[{}][{}]", i / d, i % d),
            config::fmt_num(x[i]),
            "finite coordinates",
        ));
    }
    Ok(n)
}

// ---------------------------------------------------------------------------------------------------------------
// Regression
// ---------------------------------------------------------------------------------------------------------------

/// A Gaussian-process regressor's settings: scikit-learn's `GaussianProcessRegressor(kernel, alpha, normalize_y)`.
#[derive(Clone, Debug, PartialEq)]
pub struct GpConfig {
    /// The prior covariance.
    pub kernel: Kernel,
    /// Added to the diagonal of $K(X, X)$ in the fit and in every LML (a fixed noise variance; not in $\theta$,
    /// not added to the predictive variance). scikit-learn's default is `1e-10`.
    pub alpha: f64,
    /// Fit the GP to $(y - \bar y) / s_y$ (population std) and map predictions back.
    pub normalize_y: bool,
}

impl GpConfig {
    /// Read `{kernel, alpha, normalize_y}` (defaults: scikit-learn's `ConstantKernel(1, "fixed") * RBF(1, "fixed")`,
    /// `alpha = 1e-10`, `normalize_y = false`).
    pub fn from_value(path: &str, v: &Value) -> ConfigResult<GpConfig> {
        let o = config::object(path, v)?;
        o.only(&["kernel", "alpha", "normalize_y"])?;
        let kernel = match o.get("kernel") {
            Some(k) => Kernel::from_value(&o.field_path("kernel"), k)?,
            None => {
                Kernel::Constant {
                    constant_value: 1.0,
                    bounds: Bounds::Fixed,
                } * Kernel::Rbf {
                    length_scale: vec![1.0],
                    bounds: Bounds::Fixed,
                }
            }
        };
        Ok(GpConfig {
            kernel,
            alpha: o.num("alpha", Some(1e-10), Range::Closed(0.0, 1e10))?,
            normalize_y: o.flag("normalize_y", false)?,
        })
    }
}

/// Everything [`gp_posterior`] returns.
#[derive(Clone, Debug, PartialEq)]
pub struct Posterior {
    /// Predictive mean at each query point (original $y$ units).
    pub mean: Vec<f64>,
    /// Predictive STANDARD DEVIATION of the latent $f$ (original units; excludes `alpha`, includes WhiteKernel).
    pub std: Vec<f64>,
    /// $\log p(y_n \mid X, \theta)$ of the (normalized) targets, with the jitter if any was added.
    pub log_marginal_likelihood: f64,
    /// $\partial \log p / \partial \theta$ (w.r.t. the LOG hyperparameters), in [`Kernel::theta`] order.
    pub lml_gradient: Vec<f64>,
    /// scikit-learn's `alpha_` $= (K + \alpha I)^{-1} y_n$.
    pub dual_coef: Vec<f64>,
    /// Extra diagonal added because $K + \alpha I$ was not numerically positive definite (0 when none was needed).
    pub jitter_added: f64,
}

/// A fitted Gaussian process: the Cholesky factor is computed once and reused by every prediction.
#[derive(Clone, Debug)]
pub struct GpModel {
    kernel: Kernel,
    d: usize,
    n: usize,
    x: Vec<f64>,
    chol: Cholesky<f64, Dyn>,
    /// $L$ row-major (`n * n`, lower triangle), for the blocked triangular solve of [`GpModel::predict_into`].
    l: Vec<f64>,
    inv_diag: Vec<f64>,
    dual_coef: Vec<f64>,
    y_mean: f64,
    y_std: f64,
    lml: f64,
    jitter: f64,
    prior_var: f64,
}

/// Query points per block of the prediction (keeps the `n * block` work matrix in cache).
const QUERY_BLOCK: usize = 32;

/// Rows solved together by [`GpModel::forward_substitute`].
const GROUP: usize = 4;

/// `rows[r] -= sum_k lg[k][r] done[k]` for the `H` rows of a group (each `b` queries long; `done` holds the
/// rows already solved, `lg` their coefficients `k`-major), four queries at a time with the `4 H` sums in
/// registers.
#[inline(always)]
fn update_group<const H: usize>(done: &[f64], rows: &mut [f64], b: usize, lg: &[f64]) {
    if done.is_empty() {
        return;
    }
    let mut q0 = 0;
    while q0 + 4 <= b {
        let mut acc = [[0.0f64; 4]; H];
        for (vk, lk) in done.chunks_exact(b).zip(lg.chunks_exact(H)) {
            let v: &[f64; 4] = vk[q0..q0 + 4].try_into().expect("4 queries");
            for r in 0..H {
                let l = lk[r];
                for c in 0..4 {
                    acc[r][c] += l * v[c];
                }
            }
        }
        for (r, a) in acc.iter().enumerate() {
            for (slot, s) in rows[r * b + q0..r * b + q0 + 4].iter_mut().zip(a) {
                *slot -= s;
            }
        }
        q0 += 4;
    }
    for c in q0..b {
        for r in 0..H {
            let mut s = 0.0;
            for (vk, lk) in done.chunks_exact(b).zip(lg.chunks_exact(H)) {
                s += lk[r] * vk[c];
            }
            rows[r * b + c] -= s;
        }
    }
}

impl GpModel {
    /// Fit: normalize the targets (if asked), factor $K + \alpha I = L L^\top$ (adding a reported jitter only if
    /// needed) and solve for the dual coefficients. `x` is `n * d` row-major.
    pub fn fit(cfg: &GpConfig, x: &[f64], d: usize, y: &[f64]) -> Result<GpModel, GpError> {
        let n = check_training(cfg, x, d, y)?;
        let (y_mean, y_std, yn) = normalize_targets(y, cfg.normalize_y);
        let mut k = vec![0.0; n * n];
        cfg.kernel.fill(x, x, d, true, Op::Set, &mut k);
        let (chol, jitter) = factor(&k, n, cfg.alpha)?;
        let (lml, dual_coef) = lml_and_dual(&chol, &yn);
        let lmat = chol.l_dirty();
        let mut l = vec![0.0; n * n];
        let mut inv_diag = vec![0.0; n];
        for i in 0..n {
            for j in 0..=i {
                l[i * n + j] = lmat[(i, j)];
            }
            inv_diag[i] = 1.0 / lmat[(i, i)];
        }
        Ok(GpModel {
            kernel: cfg.kernel.clone(),
            d,
            n,
            x: x.to_vec(),
            chol,
            l,
            inv_diag,
            dual_coef,
            y_mean,
            y_std,
            lml,
            jitter,
            prior_var: cfg.kernel.diag_value(),
        })
    }

    /// Predictive mean and standard deviation at `x_query` (`nq * d` row-major).
    pub fn predict(&self, x_query: &[f64]) -> Result<(Vec<f64>, Vec<f64>), GpError> {
        let nq = check_points("X_query", x_query, self.d, MAX_QUERY)?;
        let mut mean = vec![0.0; nq];
        let mut std = vec![0.0; nq];
        self.predict_into(x_query, &mut mean, Some(&mut std))?;
        Ok((mean, std))
    }

    /// Predict into caller-owned buffers (`mean.len() == std.len() == nq`); `std = None` skips the variance
    /// (then the cost is one kernel row per query). The variance is computed block by block: for 32 queries at
    /// a time, $V = L^{-1} K(X, X_*)$ is solved in place with contiguous rows, so the $O(n^2 n_q)$ work runs as
    /// tight loops over one small work buffer that stays in cache.
    pub fn predict_into(
        &self,
        x_query: &[f64],
        mean: &mut [f64],
        std: Option<&mut [f64]>,
    ) -> Result<(), GpError> {
        let d = self.d;
        let nq = check_points("X_query", x_query, d, MAX_QUERY)?;
        check_buffers(nq, mean, &std)?;
        let block = QUERY_BLOCK.min(nq.max(1));
        let blocks = (0..nq)
            .step_by(block)
            .map(|start| (start, block.min(nq - start)));
        self.predict_blocks(blocks, block, mean, std, |start, b, kt| {
            // formula: K_t[i][j] = k(x_i, x*_j)   (WhiteKernel contributes 0 to the cross covariance)
            self.kernel.fill(
                &self.x,
                &x_query[start * d..(start + b) * d],
                d,
                false,
                Op::Set,
                kt,
            );
        });
        Ok(())
    }

    /// Predict on a grid: with `d = 2`, point `i * axis1.len() + j` is `(axis0[i], axis1[j])` (the reference
    /// file's `meshgrid(indexing="ij")` order); with `d = 1`, `axis1` must be empty and the points are `axis0`.
    /// Same results as [`GpModel::predict_into`] on the expanded points (to rounding); when the kernel is
    /// constants times one RBF (plus WhiteKernel), $k(x, (a_i, b_j)) = c\, e^{-rac12 (x_0 - a_i)^2/\ell_0^2}
    /// e^{-rac12 (x_1 - b_j)^2/\ell_1^2}$ comes from two small tables of exponentials instead of one
    /// exponential per (training point, grid point) pair.
    pub fn predict_grid(
        &self,
        axis0: &[f64],
        axis1: &[f64],
        mean: &mut [f64],
        std: Option<&mut [f64]>,
    ) -> Result<(), GpError> {
        let n = self.n;
        if self.d == 1 {
            if !axis1.is_empty() {
                return Err(GpError::new(
                    GpErrorKind::SizeMismatch,
                    "axis1",
                    format!("{} values", axis1.len()),
                    "no second axis for 1-D inputs",
                ));
            }
            return self.predict_into(axis0, mean, std);
        }
        if self.d != 2 {
            return Err(GpError::new(
                GpErrorKind::SizeMismatch,
                "d",
                self.d.to_string(),
                "a grid needs 1- or 2-D inputs",
            ));
        }
        let (n0, n1) = (
            check_points("axis0", axis0, 1, MAX_QUERY)?,
            check_points("axis1", axis1, 1, MAX_QUERY)?,
        );
        let nq = n0.saturating_mul(n1);
        if nq > MAX_QUERY {
            return Err(GpError::new(
                GpErrorKind::TooLarge,
                "grid",
                format!("{n0} x {n1} points"),
                format!("at most {MAX_QUERY} points"),
            ));
        }
        check_buffers(nq, mean, &std)?;
        if nq == 0 {
            return Ok(());
        }
        let Some((scale, stationary)) = self.kernel.scaled_stationary() else {
            let pts: Vec<f64> = axis0
                .iter()
                .flat_map(|a| axis1.iter().flat_map(move |b| [*a, *b]))
                .collect();
            return self.predict_into(&pts, mean, std);
        };
        // Blocks are pieces of one grid row i (a run of j), each a multiple of 4 queries where the row allows,
        // so the fill below is a contiguous loop over j.
        let pieces = n1.div_ceil(QUERY_BLOCK);
        let width = n1.div_ceil(pieces).next_multiple_of(4).min(n1);
        let blocks = (0..n0).flat_map(|i| {
            (0..n1)
                .step_by(width)
                .map(move |j0| (i * n1 + j0, width.min(n1 - j0)))
        });
        // formula: D0[n][i] = (x_n0 / l0 - a_i / l0)^2, D1[n][j] = (x_n1 / l1 - b_j / l1)^2 (0 without a length scale)
        let table = |axis: &[f64], k: usize| -> Vec<f64> {
            let mut t = vec![0.0; n * axis.len()];
            if let Some(
                Kernel::Rbf {
                    length_scale: ls, ..
                }
                | Kernel::Matern {
                    length_scale: ls, ..
                },
            ) = stationary
            {
                let l = if ls.len() == 1 { ls[0] } else { ls[k] };
                for (row, xn) in t
                    .chunks_exact_mut(axis.len().max(1))
                    .zip(self.x.chunks_exact(2))
                {
                    let xs = xn[k] / l;
                    row.iter_mut().zip(axis).for_each(|(v, a)| {
                        let r = xs - a / l;
                        *v = r * r;
                    });
                }
            }
            t
        };
        let (mut t0, mut t1) = (table(axis0, 0), table(axis1, 1));
        match stationary {
            None | Some(Kernel::Rbf { .. }) => {
                // formula: RBF factorizes: k = c exp(-D0/2) exp(-D1/2), so T = exp(-D/2) per axis
                for v in t0.iter_mut().chain(t1.iter_mut()) {
                    *v = if stationary.is_some() {
                        rbf_of_r2(*v)
                    } else {
                        1.0
                    };
                }
                self.predict_blocks(blocks, width, mean, std, |start, b, kt| {
                    // formula: K_t[n][q] = c T0[n][i] T1[n][j],  q = i n1 + j
                    let (i, j0) = (start / n1, start % n1);
                    for (row, (r0, r1)) in kt
                        .chunks_exact_mut(b)
                        .zip(t0.chunks_exact(n0).zip(t1.chunks_exact(n1)))
                    {
                        let c = scale * r0[i];
                        row.iter_mut()
                            .zip(&r1[j0..j0 + b])
                            .for_each(|(v, t)| *v = c * t);
                    }
                });
            }
            Some(Kernel::Matern { nu, .. }) => {
                self.predict_blocks(blocks, width, mean, std, |start, b, kt| {
                    let (i, j0) = (start / n1, start % n1);
                    for (row, (r0, r1)) in kt
                        .chunks_exact_mut(b)
                        .zip(t0.chunks_exact(n0).zip(t1.chunks_exact(n1)))
                    {
                        let d0 = r0[i];
                        // formula: K_t[n][q] = c f(D0[n][i] + D1[n][j]),  q = i n1 + j
                        match *nu {
                            0.5 => row
                                .iter_mut()
                                .zip(&r1[j0..j0 + b])
                                .for_each(|(v, d1)| *v = scale * matern05_of_r2(d0 + d1)),
                            1.5 => row
                                .iter_mut()
                                .zip(&r1[j0..j0 + b])
                                .for_each(|(v, d1)| *v = scale * matern15_of_r2(d0 + d1)),
                            _ => row
                                .iter_mut()
                                .zip(&r1[j0..j0 + b])
                                .for_each(|(v, d1)| *v = scale * matern25_of_r2(d0 + d1)),
                        }
                    }
                });
            }
            Some(_) => unreachable!("scaled_stationary returns RBF or Matern"),
        }
        Ok(())
    }

    /// The block loop shared by the predictions: for each `(start, b)` of `blocks` (`b <= max_block`),
    /// `fill(start, b, kt)` writes $K(X, X_*)$ for queries `start..start + b` into `kt` (`n * b`, row-major);
    /// this turns it into means and standard deviations.
    fn predict_blocks(
        &self,
        blocks: impl Iterator<Item = (usize, usize)>,
        max_block: usize,
        mean: &mut [f64],
        mut std: Option<&mut [f64]>,
        mut fill: impl FnMut(usize, usize, &mut [f64]),
    ) {
        let n = self.n;
        let mut kt = vec![0.0; n * max_block];
        let lt = if std.is_some() {
            self.grouped_l()
        } else {
            Vec::new()
        };
        for (start, b) in blocks {
            let kt = &mut kt[..n * b];
            fill(start, b, kt);
            let m = &mut mean[start..start + b];
            m.fill(0.0);
            // formula: mu_n = K_t^T alpha_
            for (a, row) in self.dual_coef.iter().zip(kt.chunks_exact(b)) {
                m.iter_mut().zip(row).for_each(|(mj, kij)| *mj += a * kij);
            }
            if let Some(s) = std.as_deref_mut() {
                let var = &mut s[start..start + b];
                var.fill(self.prior_var);
                self.forward_substitute(kt, b, var, &lt);
                // formula: sigma = s_y sqrt(max(sigma_n^2, 0))
                var.iter_mut()
                    .for_each(|v| *v = self.y_std * v.max(0.0).sqrt());
            }
            // formula: mu = s_y mu_n + mean_y
            m.iter_mut()
                .for_each(|v| *v = self.y_std * *v + self.y_mean);
        }
    }

    /// $V = L^{-1} K_t$ in place (`kt` is `n * b`, row `i` = training point `i`), and `var[j] -= sum_i V_ij^2`.
    ///
    /// Register-blocked: the rows of $V$ are solved four at a time, and for each four queries the sixteen
    /// running sums stay in registers while the rows already solved stream past, so each loaded value of $V$
    /// feeds four multiply-adds. `lt` is [`GpModel::grouped_l`]. The small triangle inside each group of four
    /// rows is then solved row by row.
    fn forward_substitute(&self, kt: &mut [f64], b: usize, var: &mut [f64], lt: &[f64]) {
        let n = self.n;
        let mut i0 = 0;
        while i0 < n {
            let h = (n - i0).min(GROUP);
            let (done, rest) = kt.split_at_mut(i0 * b);
            let group = &mut rest[..h * b];
            // formula: v_i <- k_i - sum_{k < i0} L_ik v_k, for the h rows i of the group
            let lg = &lt[i0 * i0..i0 * (i0 + h)];
            match h {
                4 => update_group::<4>(done, group, b, lg),
                3 => update_group::<3>(done, group, b, lg),
                2 => update_group::<2>(done, group, b, lg),
                _ => update_group::<1>(done, group, b, lg),
            }
            // formula: then v_i <- (v_i - sum_{i0 <= k < i} L_ik v_k) / L_ii, row by row inside the group
            for r in 0..h {
                let i = i0 + r;
                let (above, row) = group.split_at_mut(r * b);
                let row_i = &mut row[..b];
                for (k, vk) in above.chunks_exact(b).enumerate() {
                    let l = self.l[i * n + i0 + k];
                    row_i.iter_mut().zip(vk).for_each(|(v, w)| *v -= l * w);
                }
                let inv = self.inv_diag[i];
                // formula: sigma_n^2 = k(x*, x*) - sum_i v_i^2
                for (v, s2) in row_i.iter_mut().zip(var.iter_mut()) {
                    *v *= inv;
                    *s2 -= *v * *v;
                }
            }
            i0 += h;
        }
    }

    /// $L$ rearranged for [`GpModel::forward_substitute`]: for the group of rows $i_0 .. i_0 + h$ ($i_0$ a
    /// multiple of 4, $h \le 4$), the $h i_0$ values $L_{i_0 + r, k}$ ($k < i_0$) at offset $i_0^2$, ordered
    /// $k$-major (`[k * h + r]`), so the solve reads the group's coefficients for one $k$ contiguously.
    fn grouped_l(&self) -> Vec<f64> {
        let n = self.n;
        let mut lt = vec![0.0; n * n];
        let mut i0 = 0;
        while i0 < n {
            let h = (n - i0).min(GROUP);
            let g = &mut lt[i0 * i0..i0 * (i0 + h)];
            for r in 0..h {
                for (k, l) in self.l[(i0 + r) * n..(i0 + r) * n + i0].iter().enumerate() {
                    g[k * h + r] = *l;
                }
            }
            i0 += h;
        }
        lt
    }

    /// Mean and standard deviation at one point (`d` coordinates).
    pub fn predict_point(&self, point: &[f64]) -> Result<(f64, f64), GpError> {
        let mut m = [0.0];
        let mut s = [0.0];
        self.predict_into(point, &mut m, Some(&mut s))?;
        Ok((m[0], s[0]))
    }

    /// $\partial \log p / \partial \theta$ at the fitted hyperparameters:
    /// $\tfrac12 \operatorname{tr}((\alpha\alpha^\top - K^{-1}) \partial K / \partial\theta_j)$.
    pub fn lml_gradient(&self) -> Vec<f64> {
        let kg = self.kernel.eval_grad(&self.x, self.n, self.d);
        lml_gradient(&self.chol, &self.dual_coef, &kg.grads, self.n)
    }

    /// $\log p(y_n \mid X, \theta)$.
    pub fn log_marginal_likelihood(&self) -> f64 {
        self.lml
    }

    /// scikit-learn's `alpha_`.
    pub fn dual_coef(&self) -> &[f64] {
        &self.dual_coef
    }

    /// Jitter added to the diagonal (0 when $K + \alpha I$ factored as is).
    pub fn jitter_added(&self) -> f64 {
        self.jitter
    }

    /// The kernel.
    pub fn kernel(&self) -> &Kernel {
        &self.kernel
    }

    /// Number of training points.
    pub fn n_train(&self) -> usize {
        self.n
    }

    /// Input dimension.
    pub fn dim(&self) -> usize {
        self.d
    }

    /// `(mean, std)` used to normalize the targets (`(0, 1)` without `normalize_y`).
    pub fn y_normalization(&self) -> (f64, f64) {
        (self.y_mean, self.y_std)
    }
}

/// Fit with fixed hyperparameters and predict at `x_query`: scikit-learn's
/// `GaussianProcessRegressor(kernel, alpha, normalize_y, optimizer=None).fit(X, y).predict(X_query, return_std=True)`
/// plus `log_marginal_likelihood_value_`, its gradient and `alpha_`.
pub fn gp_posterior(
    cfg: &GpConfig,
    x: &[f64],
    d: usize,
    y: &[f64],
    x_query: &[f64],
) -> Result<Posterior, GpError> {
    let model = GpModel::fit(cfg, x, d, y)?;
    let (mean, std) = model.predict(x_query)?;
    Ok(Posterior {
        mean,
        std,
        log_marginal_likelihood: model.lml,
        lml_gradient: model.lml_gradient(),
        dual_coef: model.dual_coef.clone(),
        jitter_added: model.jitter,
    })
}

/// Result of [`gp_fit`].
#[derive(Clone, Debug, PartialEq)]
pub struct Fitted {
    /// The kernel at the best hyperparameters found.
    pub kernel: Kernel,
    /// Its log marginal likelihood.
    pub log_marginal_likelihood: f64,
    /// Its $\theta$.
    pub theta: Vec<f64>,
    /// Jitter needed at the optimum (0 normally).
    pub jitter_added: f64,
    /// LML evaluations spent, over all starts.
    pub n_evaluations: usize,
}

/// Maximize the LML over $\theta$ within the bounds, as scikit-learn's `fit` with `optimizer="fmin_l_bfgs_b"`:
/// one projected L-BFGS run from the kernel's own $\theta$ (clipped into the bounds), then `n_restarts` runs from
/// points drawn uniformly in $\theta$ (log-uniformly in the hyperparameters) with [`crate::search::Rng`]`(seed)`;
/// the best run wins. Convergence is tighter than scipy's defaults, so the optimum is at least as good.
pub fn gp_fit(
    cfg: &GpConfig,
    x: &[f64],
    d: usize,
    y: &[f64],
    n_restarts: usize,
    seed: u64,
) -> Result<Fitted, GpError> {
    let n = check_training(cfg, x, d, y)?;
    if n_restarts > MAX_RESTARTS {
        return Err(GpError::new(
            GpErrorKind::TooLarge,
            "n_restarts",
            n_restarts.to_string(),
            format!("at most {MAX_RESTARTS}"),
        ));
    }
    let (_, _, yn) = normalize_targets(y, cfg.normalize_y);
    let bounds = cfg.kernel.bounds();
    let (lo, hi): (Vec<f64>, Vec<f64>) = bounds.iter().copied().unzip();
    let mut evaluations = 0usize;
    let mut kernel = cfg.kernel.clone();
    let mut objective = |theta: &[f64]| -> Option<(f64, Vec<f64>)> {
        evaluations += 1;
        kernel.set_theta(theta).ok()?;
        let (lml, grad, _) = lml_with_gradient(&kernel, x, n, d, &yn, cfg.alpha).ok()?;
        // formula: minimize -LML
        Some((-lml, grad.iter().map(|g| -g).collect()))
    };
    let mut best: Option<(Vec<f64>, f64)> = None;
    if !lo.is_empty() {
        let mut rng = crate::search::Rng::new(seed);
        for run in 0..=n_restarts {
            let start: Vec<f64> = if run == 0 {
                cfg.kernel.theta()
            } else {
                // formula: theta_0 ~ U(log low, log high)
                lo.iter()
                    .zip(&hi)
                    .map(|(l, h)| l + rng.next_f64() * (h - l))
                    .collect()
            };
            if let Some((th, f)) = minimize_box(&mut objective, &start, &lo, &hi) {
                if best.as_ref().map_or(true, |(_, fb)| f < *fb) {
                    best = Some((th, f));
                }
            }
        }
    }
    let mut kernel = cfg.kernel.clone();
    if let Some((theta, _)) = &best {
        kernel.set_theta(theta)?;
    } else if !lo.is_empty() {
        // Every start failed: report why, from the initial kernel.
        lml_with_gradient(&cfg.kernel, x, n, d, &yn, cfg.alpha)?;
    }
    let (lml, _, jitter) = lml_with_gradient(&kernel, x, n, d, &yn, cfg.alpha)?;
    Ok(Fitted {
        theta: kernel.theta(),
        kernel,
        log_marginal_likelihood: lml,
        jitter_added: jitter,
        n_evaluations: evaluations,
    })
}

/// scikit-learn's `log_marginal_likelihood(theta, eval_gradient=True)` at the kernel's own $\theta$: the LML of
/// the (normalized) targets and its gradient w.r.t. $\theta$.
pub fn log_marginal_likelihood(
    cfg: &GpConfig,
    x: &[f64],
    d: usize,
    y: &[f64],
) -> Result<(f64, Vec<f64>), GpError> {
    let n = check_training(cfg, x, d, y)?;
    let (_, _, yn) = normalize_targets(y, cfg.normalize_y);
    let (lml, grad, _) = lml_with_gradient(&cfg.kernel, x, n, d, &yn, cfg.alpha)?;
    Ok((lml, grad))
}

fn lml_with_gradient(
    kernel: &Kernel,
    x: &[f64],
    n: usize,
    d: usize,
    yn: &[f64],
    alpha: f64,
) -> Result<(f64, Vec<f64>, f64), GpError> {
    let kg = kernel.eval_grad(x, n, d);
    let (chol, jitter) = factor(&kg.k, n, alpha)?;
    let (lml, dual) = lml_and_dual(&chol, yn);
    let grad = lml_gradient(&chol, &dual, &kg.grads, n);
    Ok((lml, grad, jitter))
}

/// Validate the training inputs; returns `n`.
fn check_training(cfg: &GpConfig, x: &[f64], d: usize, y: &[f64]) -> Result<usize, GpError> {
    let n = check_points("X", x, d, MAX_TRAIN)?;
    if n == 0 {
        return Err(GpError::new(
            GpErrorKind::Empty,
            "X",
            "0 points",
            "at least one training point",
        ));
    }
    if y.len() != n {
        return Err(GpError::new(
            GpErrorKind::SizeMismatch,
            "y",
            format!("{} values", y.len()),
            format!("one target per row of X ({n})"),
        ));
    }
    if let Some(i) = y.iter().position(|v| !v.is_finite()) {
        return Err(GpError::new(
            GpErrorKind::NonFinite,
            format!("y[{i}]"),
            config::fmt_num(y[i]),
            "finite training targets",
        ));
    }
    if !(cfg.alpha.is_finite() && cfg.alpha >= 0.0) {
        return Err(GpError::new(
            GpErrorKind::BadHyperparameter,
            "alpha",
            config::fmt_num(cfg.alpha),
            "a finite number >= 0",
        ));
    }
    cfg.kernel.validate("kernel", d)?;
    Ok(n)
}

/// numpy's pairwise summation (`umath` `pairwise_sum`: 8 accumulators below 128 elements, halving above), so
/// that `mean` / `std` round exactly like `np.mean` / `np.std`.
pub(crate) fn numpy_sum(x: &[f64]) -> f64 {
    let n = x.len();
    if n < 8 {
        let mut s = 0.0;
        for v in x {
            s += v;
        }
        s
    } else if n <= 128 {
        let mut r = [0.0; 8];
        r.copy_from_slice(&x[..8]);
        let mut i = 8;
        while i + 8 <= n {
            for k in 0..8 {
                r[k] += x[i + k];
            }
            i += 8;
        }
        let mut s = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
        for v in &x[i..] {
            s += v;
        }
        s
    } else {
        let mut half = n / 2;
        half -= half % 8;
        numpy_sum(&x[..half]) + numpy_sum(&x[half..])
    }
}

/// `(mean_y, std_y, y_n)`: $y_n = (y - \bar y)/s_y$ with the population std, or `(0, 1, y)`; a std below
/// $10\,\varepsilon$ is replaced by 1 (scikit-learn's `_handle_zeros_in_scale`).
fn normalize_targets(y: &[f64], normalize: bool) -> (f64, f64, Vec<f64>) {
    if !normalize {
        return (0.0, 1.0, y.to_vec());
    }
    let n = y.len() as f64;
    // formula: mean_y = sum(y) / n
    let mean = numpy_sum(y) / n;
    let sq: Vec<f64> = y.iter().map(|v| (v - mean) * (v - mean)).collect();
    // formula: std_y = sqrt(sum((y - mean_y)^2) / n)   (ddof = 0)
    let mut std = (numpy_sum(&sq) / n).sqrt();
    if std < 10.0 * f64::EPSILON {
        std = 1.0;
    }
    (mean, std, y.iter().map(|v| (v - mean) / std).collect())
}

/// Factor $K + \alpha I (+ \text{jitter}\, I)$. A pivot $L_{ii}^2 \le n\varepsilon \max_i K_{ii}$ counts as a
/// failure (numerically singular, e.g. duplicate points with no noise): then the jitter ladder
/// `1e-10, 1e-8, 1e-6, 1e-4` times the mean diagonal is tried in turn. Returns the factor and the jitter used.
fn factor(k: &[f64], n: usize, alpha: f64) -> Result<(Cholesky<f64, Dyn>, f64), GpError> {
    let mean_diag = (0..n).map(|i| k[i * n + i]).sum::<f64>() / n as f64 + alpha;
    let max_diag = (0..n).map(|i| k[i * n + i]).fold(0.0f64, f64::max) + alpha;
    let min_pivot2 = n as f64 * f64::EPSILON * max_diag;
    let scale = if mean_diag.is_finite() && mean_diag > 0.0 {
        mean_diag
    } else {
        1.0
    };
    for jitter in std::iter::once(0.0).chain(JITTER_LEVELS.iter().map(|j| j * scale)) {
        // formula: A = K + (alpha + jitter) I
        let m = DMatrix::from_fn(n, n, |i, j| {
            if i == j {
                k[i * n + j] + alpha + jitter
            } else {
                k[i * n + j]
            }
        });
        if let Some(chol) = Cholesky::new(m) {
            let l = chol.l_dirty();
            if (0..n).all(|i| l[(i, i)].is_finite() && l[(i, i)] * l[(i, i)] > min_pivot2) {
                return Ok((chol, jitter));
            }
        }
    }
    Err(GpError::new(
        GpErrorKind::NotPositiveDefinite,
        "K(X, X) + alpha I",
        format!("not positive definite, even with jitter {} added to the diagonal", config::fmt_num(JITTER_LEVELS[3] * scale)),
        "a positive definite training covariance: remove duplicate points, increase alpha or add a WhiteKernel",
    ))
}

/// $\log p = -\tfrac12 y^\top \alpha - \sum_i \log L_{ii} - \tfrac n2 \log 2\pi$ and $\alpha = K^{-1} y$.
fn lml_and_dual(chol: &Cholesky<f64, Dyn>, yn: &[f64]) -> (f64, Vec<f64>) {
    let n = yn.len();
    let yv = DVector::from_column_slice(yn);
    // formula: alpha = L^-T (L^-1 y)
    let dual = chol.solve(&yv);
    let l = chol.l_dirty();
    let log_det_half: f64 = (0..n).map(|i| l[(i, i)].ln()).sum();
    // formula: lml = -0.5 y^T alpha - sum(log diag L) - n/2 log(2 pi)
    let lml =
        -0.5 * yv.dot(&dual) - log_det_half - n as f64 / 2.0 * (2.0 * std::f64::consts::PI).ln();
    (lml, dual.as_slice().to_vec())
}

/// $\partial \log p / \partial \theta_j = \tfrac12 \sum_{ik} (\alpha_i \alpha_k - K^{-1}_{ik}) \, \partial_j K_{ki}$.
///
/// $W = \alpha\alpha^\top - K^{-1}$ is formed once ([`inverse_from_cholesky`]); each $\partial_j K$ is symmetric, so
/// its term is the elementwise sum $\tfrac12 \sum_{ik} W_{ik} (\partial_j K)_{ik}$, one contiguous pass.
fn lml_gradient(chol: &Cholesky<f64, Dyn>, dual: &[f64], grads: &[Vec<f64>], n: usize) -> Vec<f64> {
    if grads.is_empty() {
        return Vec::new();
    }
    let mut w = inverse_from_cholesky(chol, n);
    // formula: W = alpha alpha^T - K^-1
    for (row, ai) in w.chunks_exact_mut(n.max(1)).zip(dual) {
        row.iter_mut()
            .zip(dual)
            .for_each(|(v, ak)| *v = ai * ak - *v);
    }
    grads
        .iter()
        .map(|g| {
            // formula: dlogp/dtheta_j = 0.5 sum_ik W_ik dK_ik (four partial sums)
            let mut acc = [0.0; 4];
            let (cw, cg) = (w.chunks_exact(4), g.chunks_exact(4));
            let tail: f64 = cw
                .remainder()
                .iter()
                .zip(cg.remainder())
                .map(|(a, b)| a * b)
                .sum();
            for (a, b) in cw.zip(cg) {
                for k in 0..4 {
                    acc[k] += a[k] * b[k];
                }
            }
            0.5 * ((acc[0] + acc[1]) + (acc[2] + acc[3]) + tail)
        })
        .collect()
}

/// $K^{-1} = L^{-\top} L^{-1}$ from the Cholesky factor, `n * n` row-major: $M = L^{-1}$ row by row
/// ($M_i = (e_i - \sum_{k<i} L_{ik} M_k) / L_{ii}$, each step a contiguous row update), then
/// $K^{-1} = \sum_i M_i^\top M_i$ accumulated one row's outer product at a time (lower triangle, mirrored).
fn inverse_from_cholesky(chol: &Cholesky<f64, Dyn>, n: usize) -> Vec<f64> {
    // nalgebra stores L by columns: column i of its storage is row i of L^T, so `lt[i * n + k]` = L_ik.
    let lt = chol.l_dirty().transpose();
    let lt = lt.as_slice();
    let mut m = vec![0.0; n * n];
    for i in 0..n {
        let (done, rest) = m.split_at_mut(i * n);
        let row = &mut rest[..n];
        // formula: M_i = (e_i - sum_{k<i} L_ik M_k) / L_ii, where M_k is zero past column k
        row[i] = 1.0;
        for ((k, mk), lik) in done.chunks_exact(n).enumerate().zip(&lt[i * n..i * n + i]) {
            row[..=k]
                .iter_mut()
                .zip(&mk[..=k])
                .for_each(|(v, mkj)| *v -= lik * mkj);
        }
        let inv = 1.0 / lt[i * n + i];
        row[..=i].iter_mut().for_each(|v| *v *= inv);
    }
    let mut kinv = vec![0.0; n * n];
    for mi in m.chunks_exact(n.max(1)) {
        // formula: K^-1_jk += M_ij M_ik for k <= j <= i
        for (j, mij) in mi.iter().enumerate() {
            if *mij == 0.0 {
                continue;
            }
            kinv[j * n..j * n + j + 1]
                .iter_mut()
                .zip(&mi[..=j])
                .for_each(|(v, mik)| *v += mij * mik);
        }
    }
    for j in 0..n {
        for k in 0..j {
            kinv[k * n + j] = kinv[j * n + k];
        }
    }
    kinv
}

// ---------------------------------------------------------------------------------------------------------------
// Bound-constrained L-BFGS
// ---------------------------------------------------------------------------------------------------------------

/// Minimize `f` (value and gradient; `None` = cannot evaluate there) over the box `lo <= x <= hi` with a projected
/// L-BFGS: variables at a bound whose gradient pushes outward are held fixed, the two-loop recursion gives the
/// direction on the others, and a backtracking Armijo search runs along the projected path $P(x + t d)$.
/// Stops when the projected gradient $\lVert P(x - g) - x \rVert_\infty \le 10^{-9}$, when the relative decrease
/// falls below $10^{-14}$, or after 500 iterations. Returns the best point and value (`None` if `f` fails at the
/// start).
/// An objective for [`minimize_box`]: value and gradient, or `None` where it cannot be evaluated.
type Objective<'a> = dyn FnMut(&[f64]) -> Option<(f64, Vec<f64>)> + 'a;

fn minimize_box(
    f: &mut Objective<'_>,
    x0: &[f64],
    lo: &[f64],
    hi: &[f64],
) -> Option<(Vec<f64>, f64)> {
    const MEMORY: usize = 10;
    const MAX_ITER: usize = 500;
    const PGTOL: f64 = 1e-5;
    const FTOL: f64 = 2.220446049250313e-9;
    const MAX_LINE_SEARCH: usize = 20;
    let m = x0.len();
    let clip = |v: f64, i: usize| v.max(lo[i]).min(hi[i]);
    let mut x: Vec<f64> = x0.iter().enumerate().map(|(i, &v)| clip(v, i)).collect();
    let (mut fx, mut g) = f(&x)?;
    if !fx.is_finite() || g.iter().any(|v| !v.is_finite()) {
        return None;
    }
    let mut hist: Vec<(Vec<f64>, Vec<f64>, f64)> = Vec::new();
    let dot = |a: &[f64], b: &[f64]| a.iter().zip(b).map(|(p, q)| p * q).sum::<f64>();
    for _ in 0..MAX_ITER {
        // formula: projected gradient pg = P(x - g) - x
        let pg = (0..m)
            .map(|i| (clip(x[i] - g[i], i) - x[i]).abs())
            .fold(0.0, f64::max);
        if pg <= PGTOL {
            break;
        }
        let free: Vec<bool> = (0..m)
            .map(|i| !((x[i] <= lo[i] && g[i] > 0.0) || (x[i] >= hi[i] && g[i] < 0.0)))
            .collect();
        let mask = |v: &mut Vec<f64>| {
            v.iter_mut().zip(&free).for_each(|(a, &fr)| {
                if !fr {
                    *a = 0.0
                }
            })
        };
        // formula: two-loop recursion, d = -H g on the free variables
        // The memory is restricted to the free variables too (a variable held at its bound takes no part in
        // the curvature pairs), and pairs without positive curvature there are skipped.
        let pairs: Vec<(Vec<f64>, Vec<f64>, f64)> = hist
            .iter()
            .filter_map(|(s, y, _)| {
                let (mut s, mut y) = (s.clone(), y.clone());
                mask(&mut s);
                mask(&mut y);
                let sy = dot(&s, &y);
                (sy > 1e-12 * dot(&y, &y).max(f64::MIN_POSITIVE)).then(|| (s, y, 1.0 / sy))
            })
            .collect();
        let mut q = g.clone();
        mask(&mut q);
        let mut alphas = vec![0.0; pairs.len()];
        for (k, (s, y, rho)) in pairs.iter().enumerate().rev() {
            alphas[k] = rho * dot(s, &q);
            q.iter_mut()
                .zip(y)
                .for_each(|(qi, yi)| *qi -= alphas[k] * yi);
        }
        let gamma = pairs.last().map_or(1.0, |(s, y, _)| dot(s, y) / dot(y, y));
        let mut r: Vec<f64> = q.iter().map(|v| gamma * v).collect();
        for (k, (s, y, rho)) in pairs.iter().enumerate() {
            let beta = rho * dot(y, &r);
            r.iter_mut()
                .zip(s)
                .for_each(|(ri, si)| *ri += si * (alphas[k] - beta));
        }
        let mut dir: Vec<f64> = r.iter().map(|v| -v).collect();
        mask(&mut dir);
        let slope = dot(&dir, &g);
        // Not a descent direction (or NaN): forget the memory, take the projected steepest descent.
        if slope.is_nan() || slope >= 0.0 || dir.iter().any(|v| !v.is_finite()) {
            hist.clear();
            dir = g.iter().map(|v| -v).collect();
            mask(&mut dir);
        }
        let dmax = dir.iter().fold(0.0f64, |a, v| a.max(v.abs()));
        if dmax == 0.0 {
            break;
        }
        // First step of a fresh memory: at most a unit move in theta.
        let mut t = if hist.is_empty() {
            (1.0 / dmax).min(1.0)
        } else {
            1.0
        };
        let mut accepted = None;
        for _ in 0..MAX_LINE_SEARCH {
            let xn: Vec<f64> = (0..m).map(|i| clip(x[i] + t * dir[i], i)).collect();
            let s: Vec<f64> = xn.iter().zip(&x).map(|(a, b)| a - b).collect();
            if s.iter().all(|v| *v == 0.0) {
                break;
            }
            let gs = dot(&g, &s);
            let mut shrink = 0.5;
            if let Some((fnew, gnew)) = f(&xn) {
                // formula: Armijo: f(x + s) <= f(x) + 1e-4 g^T s
                if fnew.is_finite() && gnew.iter().all(|v| v.is_finite()) && fnew <= fx + 1e-4 * gs
                {
                    accepted = Some((xn, s, fnew, gnew));
                    break;
                }
                // formula: the minimizer of the quadratic through f(x), slope g^T s and f(x + s):
                // shrink = -g^T s / (2 (f(x + s) - f(x) - g^T s)), kept in [0.1, 0.5]
                let curv = fnew - fx - gs;
                if fnew.is_finite() && curv > 0.0 {
                    shrink = (-gs / (2.0 * curv)).clamp(0.1, 0.5);
                }
            }
            t *= shrink;
        }
        let Some((xn, s, fnew, gnew)) = accepted else {
            if hist.is_empty() {
                break;
            }
            hist.clear();
            continue;
        };
        let y: Vec<f64> = gnew.iter().zip(&g).map(|(a, b)| a - b).collect();
        let sy = dot(&s, &y);
        if sy > 1e-12 * dot(&y, &y).max(f64::MIN_POSITIVE) {
            if hist.len() == MEMORY {
                hist.remove(0);
            }
            hist.push((s, y, 1.0 / sy));
        }
        let decrease = fx - fnew;
        x = xn;
        g = gnew;
        let prev = fx;
        fx = fnew;
        if decrease <= FTOL * prev.abs().max(fx.abs()).max(1.0) {
            break;
        }
    }
    Some((x, fx))
}

// ---------------------------------------------------------------------------------------------------------------
// Normal distribution and acquisitions (minimization)
// ---------------------------------------------------------------------------------------------------------------

/// Complementary error function $\operatorname{erfc}(x) = \tfrac{2}{\sqrt\pi}\int_x^\infty e^{-t^2} dt$.
///
/// W. J. Cody's rational Chebyshev approximations (Math. Comp. 23, 1969; netlib SPECFUN `CALERF`, `JINT = 1`):
/// $|x| \le 0.46875$: $1 - x R_1(x^2)$; $0.46875 < |x| \le 4$: $e^{-x^2} R_2(|x|)$; $|x| > 4$:
/// $e^{-x^2}/|x| \, (1/\sqrt\pi - R_3(1/x^2)/x^2)$; $e^{-x^2}$ is split as $e^{-\lfloor 16x \rfloor^2/256}
/// e^{-\delta}$ to keep full relative accuracy; negative $x$ use $\operatorname{erfc}(-x) = 2 - \operatorname{erfc}(x)$.
#[allow(clippy::excessive_precision)] // Cody's coefficients exactly as published (18 digits)
pub fn erfc(x: f64) -> f64 {
    const A: [f64; 5] = [
        3.16112374387056560e00,
        1.13864154151050156e02,
        3.77485237685302021e02,
        3.20937758913846947e03,
        1.85777706184603153e-1,
    ];
    const B: [f64; 4] = [
        2.36012909523441209e01,
        2.44024637934444173e02,
        1.28261652607737228e03,
        2.84423683343917062e03,
    ];
    const C: [f64; 9] = [
        5.64188496988670089e-1,
        8.88314979438837594e00,
        6.61191906371416295e01,
        2.98635138197400131e02,
        8.81952221241769090e02,
        1.71204761263407058e03,
        2.05107837782607147e03,
        1.23033935479799725e03,
        2.15311535474403846e-8,
    ];
    const D: [f64; 8] = [
        1.57449261107098347e01,
        1.17693950891312499e02,
        5.37181101862009858e02,
        1.62138957456669019e03,
        3.29079923573345963e03,
        4.36261909014324716e03,
        3.43936767414372164e03,
        1.23033935480374942e03,
    ];
    const P: [f64; 6] = [
        3.05326634961232344e-1,
        3.60344899949804439e-1,
        1.25781726111229246e-1,
        1.60837851487422766e-2,
        6.58749161529837803e-4,
        1.63153871373020978e-2,
    ];
    const Q: [f64; 5] = [
        2.56852019228982242e00,
        1.87295284992346047e00,
        5.27905102951428412e-1,
        6.05183413124413191e-2,
        2.33520497626869185e-3,
    ];
    const SQRPI: f64 = 5.6418958354775628695e-1; // 1 / sqrt(pi)
    const XSMALL: f64 = 1.11e-16;
    const XBIG: f64 = 26.543;
    if x.is_nan() {
        return f64::NAN;
    }
    let y = x.abs();
    // formula: exp(-y^2) = exp(-ysq^2) exp(-(y - ysq)(y + ysq)), ysq = trunc(16 y) / 16
    let exp_neg_sq = |y: f64| {
        let ysq = (y * 16.0).trunc() / 16.0;
        let del = (y - ysq) * (y + ysq);
        (-ysq * ysq).exp() * (-del).exp()
    };
    let result = if y <= 0.46875 {
        // formula: erfc = 1 - x R1(x^2)
        let ysq = if y > XSMALL { y * y } else { 0.0 };
        let mut xnum = A[4] * ysq;
        let mut xden = ysq;
        for i in 0..3 {
            xnum = (xnum + A[i]) * ysq;
            xden = (xden + B[i]) * ysq;
        }
        return 1.0 - x * (xnum + A[3]) / (xden + B[3]);
    } else if y <= 4.0 {
        // formula: erfc(y) = exp(-y^2) R2(y)
        let mut xnum = C[8] * y;
        let mut xden = y;
        for i in 0..7 {
            xnum = (xnum + C[i]) * y;
            xden = (xden + D[i]) * y;
        }
        exp_neg_sq(y) * (xnum + C[7]) / (xden + D[7])
    } else if y >= XBIG {
        0.0
    } else {
        // formula: erfc(y) = exp(-y^2) / y (1/sqrt(pi) - R3(1/y^2) / y^2)
        let ysq = 1.0 / (y * y);
        let mut xnum = P[5] * ysq;
        let mut xden = ysq;
        for i in 0..4 {
            xnum = (xnum + P[i]) * ysq;
            xden = (xden + Q[i]) * ysq;
        }
        let r = ysq * (xnum + P[4]) / (xden + Q[4]);
        exp_neg_sq(y) * ((SQRPI - r) / y)
    };
    if x < 0.0 {
        2.0 - result
    } else {
        result
    }
}

/// Standard normal CDF $\Phi(z) = \tfrac12 \operatorname{erfc}(-z/\sqrt2)$ (scipy's `norm.cdf`).
pub fn norm_cdf(z: f64) -> f64 {
    0.5 * erfc(-z * std::f64::consts::FRAC_1_SQRT_2)
}

/// Standard normal density $\varphi(z) = e^{-z^2/2} / \sqrt{2\pi}$ (scipy's `norm.pdf`).
pub fn norm_pdf(z: f64) -> f64 {
    // formula: phi(z) = exp(-z^2 / 2) / sqrt(2 pi)
    (-z * z / 2.0).exp() / (2.0 * std::f64::consts::PI).sqrt()
}

/// Expected improvement for MINIMIZATION: $I = f^* - \mu - \xi$, $Z = I/\sigma$,
/// $\mathrm{EI} = I\,\Phi(Z) + \sigma\,\varphi(Z)$; 0 where $\sigma \le 0$. Larger is better.
pub fn expected_improvement(mu: f64, sigma: f64, best: f64, xi: f64) -> f64 {
    if sigma.is_nan() || sigma <= 0.0 {
        return 0.0;
    }
    // formula: imp = best - mu - xi; Z = imp / sigma
    let imp = best - mu - xi;
    let z = imp / sigma;
    // formula: EI = imp Phi(Z) + sigma phi(Z)
    imp * norm_cdf(z) + sigma * norm_pdf(z)
}

/// Probability of improvement for MINIMIZATION: $\Phi((f^* - \mu - \xi)/\sigma)$; 0 where $\sigma \le 0$.
pub fn probability_of_improvement(mu: f64, sigma: f64, best: f64, xi: f64) -> f64 {
    if sigma.is_nan() || sigma <= 0.0 {
        return 0.0;
    }
    // formula: PI = Phi((best - mu - xi) / sigma)
    norm_cdf((best - mu - xi) / sigma)
}

/// Lower confidence bound $\mu - \kappa \sigma$ (smaller is better: minimize it).
pub fn lower_confidence_bound(mu: f64, sigma: f64, kappa: f64) -> f64 {
    // formula: LCB = mu - kappa sigma
    mu - kappa * sigma
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn erfc_hand_values() {
        assert_eq!(erfc(0.0), 1.0); // erfc(0) = 1
        assert!((erfc(1.0) - 0.157_299_207_050_285_13).abs() < 1e-16); // erfc(1), Abramowitz & Stegun table 7.1
        assert!((norm_cdf(0.0) - 0.5).abs() == 0.0); // Phi(0) = 1/2
        assert!((erfc(-1.0) + erfc(1.0) - 2.0).abs() < 1e-15); // erfc(-x) = 2 - erfc(x)
    }

    #[test]
    fn lbfgs_box_quadratic() {
        // f = (x - 3)^2 + 10 (y + 1)^2 on [0, 2] x [-5, 5]: minimum at (2, -1) on the bound x = 2.
        let mut f = |v: &[f64]| {
            Some((
                (v[0] - 3.0).powi(2) + 10.0 * (v[1] + 1.0).powi(2),
                vec![2.0 * (v[0] - 3.0), 20.0 * (v[1] + 1.0)],
            ))
        };
        let (x, fx) = minimize_box(&mut f, &[0.5, 4.0], &[0.0, -5.0], &[2.0, 5.0]).expect("runs");
        assert!(
            (x[0] - 2.0).abs() < 1e-12 && (x[1] + 1.0).abs() < 1e-8,
            "{x:?}"
        );
        assert!((fx - 1.0).abs() < 1e-12);
    }

    #[test]
    fn white_kernel_in_product_is_diagonal() {
        // C(2) * White(0.5) on 3 points: 1.0 on the diagonal, 0 elsewhere (2 * 0.5).
        let k = Kernel::constant(2.0) * Kernel::white(0.5);
        let m = k.k(&[0.0, 1.0, 2.0], None, 1).expect("ok");
        for i in 0..3 {
            for j in 0..3 {
                assert_eq!(m[i * 3 + j], if i == j { 1.0 } else { 0.0 });
            }
        }
    }
}
