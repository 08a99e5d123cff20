//! The search lab's bindings: `gpPosterior`, `gpFit`, `gpAcquisition`, `hypergradientDescent` and the `SearchLab`
//! handle of `<descent-search>` (pixel buffers stay in WASM memory; JS views them with `pixelsPtr`/`pixelsLen`).

use super::{f64s, js_err, read, set};
use crate::config::{self, ConfigError, Range, Value};
use crate::gp::{self, GpConfig, GpError, GpErrorKind};
use crate::hpo::{self, HdRun, HypergradientConfig, Method, Objective, Trial, FIELDS};
use crate::search::Scale;
use js_sys::{Array, Float32Array, Object};
use wasm_bindgen::prelude::*;

// ---------------------------------------------------------------------------------------------------------------
// Values and matrices
// ---------------------------------------------------------------------------------------------------------------

/// A config value as a plain JS value (objects, arrays, numbers, strings, booleans, null).
fn to_js(v: &Value) -> JsValue {
    match v {
        Value::Null => JsValue::NULL,
        Value::Bool(b) => JsValue::from_bool(*b),
        Value::Num(x) => JsValue::from_f64(*x),
        Value::Str(s) => JsValue::from_str(s),
        Value::Arr(items) => items.iter().map(to_js).collect::<Array>().into(),
        Value::Obj(fields) => {
            let o = Object::new();
            for (k, val) in fields {
                set(&o, k, to_js(val));
            }
            o.into()
        }
    }
}

/// Read `N` rows of `d` numbers (`d` from the first row, or `want_d`); returns the flat row-major data and `d`.
/// Non-finite numbers pass through so that the GP names them (`X[3][1] = NaN ...`).
fn read_matrix(
    path: &str,
    v: Option<&Value>,
    want_d: Option<usize>,
) -> Result<(Vec<f64>, usize), ConfigError> {
    let allowed = |d: Option<usize>| match d {
        Some(d) => format!("an array of rows, each an array of {d} numbers"),
        None => format!(
            "an array of rows, each an array of 1 to {} numbers (the same count in every row)",
            gp::MAX_DIM
        ),
    };
    let Some(v) = v else {
        return config::err(path, "missing", allowed(want_d));
    };
    let Value::Arr(rows) = v else {
        return config::err(path, v.describe(), allowed(want_d));
    };
    if rows.len() > gp::MAX_QUERY {
        return config::err(
            path,
            v.describe(),
            format!("at most {} rows", gp::MAX_QUERY),
        );
    }
    let mut d = want_d;
    let mut out = Vec::with_capacity(rows.len() * d.unwrap_or(1));
    for (i, row) in rows.iter().enumerate() {
        let rpath = format!("{path}[{i}]");
        let Value::Arr(cells) = row else {
            return config::err(&rpath, row.describe(), allowed(d));
        };
        let want = *d.get_or_insert(cells.len());
        if cells.len() != want || want == 0 || want > gp::MAX_DIM {
            return config::err(
                &rpath,
                row.describe(),
                allowed(d.filter(|&x| x > 0 && x <= gp::MAX_DIM)),
            );
        }
        for (j, c) in cells.iter().enumerate() {
            match c {
                Value::Num(x) => out.push(*x),
                other => {
                    return config::err(&format!("{rpath}[{j}]"), other.describe(), "a number")
                }
            }
        }
    }
    Ok((out, d.unwrap_or(1)))
}

/// Read an array of numbers (non-finite ones pass through, for the GP to name).
fn read_vector(path: &str, v: Option<&Value>) -> Result<Vec<f64>, ConfigError> {
    let allowed = "an array of numbers";
    match v {
        None => config::err(path, "missing", allowed),
        Some(Value::Arr(items)) => items
            .iter()
            .enumerate()
            .map(|(i, x)| match x {
                Value::Num(n) => Ok(*n),
                other => config::err(&format!("{path}[{i}]"), other.describe(), "a number"),
            })
            .collect(),
        Some(other) => config::err(path, other.describe(), allowed),
    }
}

/// The GP settings of a `gpPosterior` / `gpFit` config (`kernel`, `alpha`, `normalize_y`).
fn read_gp_config(o: &config::Obj<'_>) -> Result<GpConfig, ConfigError> {
    let fields: Vec<(String, Value)> = ["kernel", "alpha", "normalize_y"]
        .iter()
        .filter_map(|k| o.get(k).map(|v| (k.to_string(), v.clone())))
        .collect();
    GpConfig::from_value(o.path(), &Value::Obj(fields))
}

/// Training data of a GP config: `(X, d, y)`.
fn read_training(o: &config::Obj<'_>) -> Result<(Vec<f64>, usize, Vec<f64>), ConfigError> {
    let (x, d) = read_matrix(&o.field_path("X"), o.get("X"), None)?;
    let y = read_vector(&o.field_path("y"), o.get("y"))?;
    Ok((x, d, y))
}

/// Warnings a GP call reports rather than hides: duplicate training points, and the jitter added.
fn warnings(x: &[f64], d: usize, jitter: f64) -> Array {
    let out = Array::new();
    if let Some((i, j)) = hpo::first_duplicate(x, d) {
        out.push(&JsValue::from_str(&format!("X[{i}] repeats X[{j}]: duplicate points make K(X, X) singular unless alpha > 0 or the kernel has a WhiteKernel")));
    }
    if jitter > 0.0 {
        out.push(&JsValue::from_str(&format!(
            "K(X, X) + alpha I was not numerically positive definite: {} was added to its diagonal (jitter_added)",
            config::fmt_num(jitter)
        )));
    }
    out
}

/// A GP error as a JS `Error`, naming duplicate points when they are the likely cause.
fn gp_err(e: GpError, x: &[f64], d: usize) -> JsError {
    match (e.kind, hpo::first_duplicate(x, d)) {
        (GpErrorKind::NotPositiveDefinite, Some((i, j))) => {
            JsError::new(&format!("X[{i}] repeats X[{j}] (duplicate points): {e}"))
        }
        _ => JsError::new(&e.to_string()),
    }
}

// ---------------------------------------------------------------------------------------------------------------
// Gaussian processes
// ---------------------------------------------------------------------------------------------------------------

/// `gpPosterior({ kernel, alpha, normalize_y, X, y, X_query })` → `{ mean, std, log_marginal_likelihood,
/// lml_gradient, dual_coef, jitter_added, warnings }`: scikit-learn's `GaussianProcessRegressor(kernel, alpha,
/// normalize_y, optimizer=None).fit(X, y).predict(X_query, return_std=True)`. `kernel` is a `kernel_spec`
/// (`{ type: "Product", k1: { type: "ConstantKernel", constant_value }, k2: { type: "RBF", length_scale } }`);
/// `X` and `X_query` are arrays of rows of `d` numbers.
#[wasm_bindgen(js_name = gpPosterior)]
pub fn gp_posterior(config: JsValue) -> Result<JsValue, JsError> {
    let v = read(&config, "config")?;
    let o = config::object("", &v).map_err(js_err)?;
    o.only(&["kernel", "alpha", "normalize_y", "X", "y", "X_query"])
        .map_err(js_err)?;
    let cfg = read_gp_config(&o).map_err(js_err)?;
    let (x, d, y) = read_training(&o).map_err(js_err)?;
    let (xq, _) = read_matrix("X_query", o.get("X_query"), Some(d)).map_err(js_err)?;
    let post = gp::gp_posterior(&cfg, &x, d, &y, &xq).map_err(|e| gp_err(e, &x, d))?;
    let out = Object::new();
    set(&out, "mean", f64s(&post.mean));
    set(&out, "std", f64s(&post.std));
    set(
        &out,
        "log_marginal_likelihood",
        post.log_marginal_likelihood,
    );
    set(&out, "lml_gradient", f64s(&post.lml_gradient));
    set(&out, "dual_coef", f64s(&post.dual_coef));
    set(&out, "jitter_added", post.jitter_added);
    set(&out, "warnings", warnings(&x, d, post.jitter_added));
    Ok(out.into())
}

/// `gpFit({ kernel, alpha, normalize_y, X, y, n_restarts, seed })` → `{ kernel, log_marginal_likelihood, theta,
/// hyperparameter_names, jitter_added, n_evaluations, warnings }`: the kernel's hyperparameters maximizing the log
/// marginal likelihood within their bounds (L-BFGS from the kernel's own values, then `n_restarts` (default 0)
/// random starts seeded by `seed` (default 0)); `kernel` comes back in the `kernel_spec` format.
#[wasm_bindgen(js_name = gpFit)]
pub fn gp_fit(config: JsValue) -> Result<JsValue, JsError> {
    let v = read(&config, "config")?;
    let o = config::object("", &v).map_err(js_err)?;
    o.only(&[
        "kernel",
        "alpha",
        "normalize_y",
        "X",
        "y",
        "n_restarts",
        "seed",
    ])
    .map_err(js_err)?;
    let cfg = read_gp_config(&o).map_err(js_err)?;
    let (x, d, y) = read_training(&o).map_err(js_err)?;
    let n_restarts = o
        .int("n_restarts", Some(0), 0, gp::MAX_RESTARTS as i64)
        .map_err(js_err)? as usize;
    let seed = o.int("seed", Some(0), 0, (1 << 53) - 1).map_err(js_err)? as u64;
    let fit = gp::gp_fit(&cfg, &x, d, &y, n_restarts, seed).map_err(|e| gp_err(e, &x, d))?;
    let out = Object::new();
    set(&out, "kernel", to_js(&hpo::kernel_spec(&fit.kernel)));
    set(&out, "log_marginal_likelihood", fit.log_marginal_likelihood);
    set(&out, "theta", f64s(&fit.theta));
    let names: Array = fit
        .kernel
        .hyperparameter_names()
        .iter()
        .map(|n| JsValue::from_str(n))
        .collect();
    set(&out, "hyperparameter_names", names);
    set(&out, "jitter_added", fit.jitter_added);
    set(&out, "n_evaluations", fit.n_evaluations as f64);
    set(&out, "warnings", warnings(&x, d, fit.jitter_added));
    Ok(out.into())
}

/// `gpAcquisition({ type: "EI" | "PI" | "LCB", xi, kappa, mean, std, best })` → the acquisition at every point, for
/// MINIMIZATION: EI $= I\Phi(Z) + \sigma\varphi(Z)$, PI $= \Phi(Z)$ with $I = f^* - \mu - \xi$, $Z = I/\sigma$ (0
/// where $\sigma = 0$), LCB $= \mu - \kappa\sigma$.
#[wasm_bindgen(js_name = gpAcquisition)]
pub fn gp_acquisition(config: JsValue) -> Result<js_sys::Float64Array, JsError> {
    let v = read(&config, "config")?;
    let o = config::object("", &v).map_err(js_err)?;
    o.only(&["type", "xi", "kappa", "mean", "std", "best"])
        .map_err(js_err)?;
    let acq_fields: Vec<(String, Value)> = ["type", "xi", "kappa"]
        .iter()
        .filter_map(|k| o.get(k).map(|v| (k.to_string(), v.clone())))
        .collect();
    let acq = hpo::read_acquisition("", Some(&Value::Obj(acq_fields))).map_err(js_err)?;
    let n_max = gp::MAX_QUERY;
    let mean = o.nums("mean", None, Range::Any, 0, n_max).map_err(js_err)?;
    let std = o
        .nums("std", None, Range::AtLeast(0.0), mean.len(), mean.len())
        .map_err(js_err)?;
    let best = o.num("best", None, Range::Any).map_err(js_err)?;
    let values: Vec<f64> = mean
        .iter()
        .zip(&std)
        .map(|(m, s)| acq.value(*m, *s, best))
        .collect();
    Ok(f64s(&values))
}

// ---------------------------------------------------------------------------------------------------------------
// Hypergradient descent
// ---------------------------------------------------------------------------------------------------------------

fn hd_object(r: &HdRun) -> Object {
    let o = Object::new();
    set(&o, "path", f64s(&r.path));
    set(&o, "loss", f64s(&r.loss));
    set(&o, "lr", f64s(&r.lr));
    set(&o, "hypergradient", f64s(&r.hypergradient));
    match r.diverged_at {
        Some(t) => set(&o, "diverged_at", t as f64),
        None => set(&o, "diverged_at", JsValue::NULL),
    }
    o
}

/// `hypergradientDescent({ surface, start: [x, y], lr, hyper_lr, steps })` → `{ hd, sgd }`, each `{ path, loss,
/// lr, hypergradient, diverged_at }`: SGD whose learning rate follows its hypergradient (Baydin et al. 2018,
/// $\alpha_t = \alpha_{t-1} + \beta\, \nabla f(\theta_{t-1}) \cdot \nabla f(\theta_{t-2})$), beside plain SGD at
/// the initial rate.
#[wasm_bindgen(js_name = hypergradientDescent)]
pub fn hypergradient_descent(config: JsValue) -> Result<JsValue, JsError> {
    let v = read(&config, "config")?;
    let cfg = HypergradientConfig::from_value("", &v).map_err(js_err)?;
    let (hd, sgd) = hpo::hypergradient_descent(&cfg);
    let out = Object::new();
    set(&out, "hd", hd_object(&hd));
    set(&out, "sgd", hd_object(&sgd));
    Ok(out.into())
}

// ---------------------------------------------------------------------------------------------------------------
// The lab handle
// ---------------------------------------------------------------------------------------------------------------

/// A search lab: grid, random and Bayesian search side by side on one objective (see `hpo::SearchLab`).
#[wasm_bindgen(js_name = SearchLab)]
pub struct SearchLabHandle {
    inner: hpo::SearchLab,
}

fn trial_object(t: &Trial) -> Object {
    let o = Object::new();
    set(&o, "method", t.method.name());
    set(&o, "index", t.index as f64);
    set(&o, "point", f64s(&t.point));
    set(&o, "value", t.value);
    set(&o, "truth", t.truth);
    set(&o, "folds", f64s(&t.folds));
    set(&o, "diverged", !t.value.is_finite());
    o
}

fn method_of(name: &str) -> Result<Method, JsError> {
    Method::from_name(name).ok_or_else(|| {
        JsError::new(&format!(
            "method = \"{name}\" is not allowed: expected one of \"grid\", \"random\", \"bayes\""
        ))
    })
}

#[wasm_bindgen(js_class = SearchLab)]
impl SearchLabHandle {
    /// `new SearchLab({ objective, space, budget, seed, methods, kernel, alpha, normalize_y, fit, n_restarts,
    /// acquisition: { type, xi | kappa }, n_initial, cv_folds, noise })`; throws an `Error` naming the field of a
    /// bad config.
    #[wasm_bindgen(constructor)]
    pub fn new(config: JsValue) -> Result<SearchLabHandle, JsError> {
        let v = read(&config, "config")?;
        Ok(SearchLabHandle {
            inner: hpo::SearchLab::from_value("", &v).map_err(js_err)?,
        })
    }

    /// `{ objective, dim, axes: [{ name, low, high, scale }], methods, budget, planned: { grid, ... }, n_initial,
    /// has_truth, kernel, acquisition }`.
    pub fn info(&self) -> JsValue {
        let cfg = self.inner.config();
        let out = Object::new();
        set(&out, "objective", cfg.objective.name());
        set(&out, "dim", cfg.space.dim() as f64);
        let axes = Array::new();
        for a in &cfg.space.axes {
            let o = Object::new();
            set(&o, "name", a.name.as_str());
            set(&o, "low", a.low);
            set(&o, "high", a.high);
            set(
                &o,
                "scale",
                match a.scale {
                    Scale::Log => "log",
                    Scale::Integer => "integer",
                    Scale::Linear => "linear",
                },
            );
            axes.push(&o);
        }
        set(&out, "axes", axes);
        let methods: Array = cfg
            .methods
            .iter()
            .map(|m| JsValue::from_str(m.name()))
            .collect();
        set(&out, "methods", methods);
        set(&out, "budget", cfg.budget as f64);
        let planned = Object::new();
        for &m in &cfg.methods {
            set(&planned, m.name(), self.inner.planned(m) as f64);
        }
        set(&out, "planned", planned);
        set(&out, "n_initial", cfg.n_initial as f64);
        set(
            &out,
            "has_truth",
            matches!(cfg.objective, Objective::Synthetic(_)),
        );
        set(&out, "kernel", to_js(&hpo::kernel_spec(&cfg.gp.kernel)));
        let (kind, param, value) = match cfg.acquisition {
            crate::search::Acquisition::Ei { xi } => ("EI", "xi", xi),
            crate::search::Acquisition::Pi { xi } => ("PI", "xi", xi),
            crate::search::Acquisition::Lcb { kappa } => ("LCB", "kappa", kappa),
        };
        let acq = Object::new();
        set(&acq, "type", kind);
        set(&acq, param, value);
        set(&out, "acquisition", acq);
        out.into()
    }

    /// Run one trial for every method with budget left; returns the new trials `[{ method, index, point, value,
    /// truth, folds, diverged }]` (empty when every method is done).
    pub fn step(&mut self) -> Array {
        self.inner.step().iter().map(trial_object).collect()
    }

    /// Every trial so far, in the order they ran.
    pub fn trials(&self) -> Array {
        self.inner.trials().iter().map(trial_object).collect()
    }

    /// Trials a method has run so far.
    #[wasm_bindgen(js_name = doneCount)]
    pub fn done_count(&self, method: &str) -> Result<usize, JsError> {
        Ok(self.inner.done_count(method_of(method)?))
    }

    /// The best value after each of a method's trials (`Infinity` until a finite one).
    #[wasm_bindgen(js_name = bestSoFar)]
    pub fn best_so_far(&self, method: &str) -> Result<js_sys::Float64Array, JsError> {
        Ok(f64s(self.inner.best_so_far(method_of(method)?)))
    }

    /// Whether every method has spent its budget (or stopped).
    #[wasm_bindgen(js_name = isDone)]
    pub fn is_done(&self) -> bool {
        self.inner.is_done()
    }

    /// Why a method stopped early (`null` if it did not).
    pub fn error(&self, method: &str) -> Result<JsValue, JsError> {
        Ok(match self.inner.error(method_of(method)?) {
            Some(e) => JsValue::from_str(e),
            None => JsValue::NULL,
        })
    }

    /// BO's surrogate: `{ n, kernel, log_marginal_likelihood, jitter_added, best, next }` (`next` is BO's next trial,
    /// the acquisition's maximizer, or `null` while initial points remain), `null` before BO's first trial, or
    /// `{ error }` when it cannot be fitted.
    pub fn surrogate(&mut self) -> JsValue {
        match self.inner.surrogate() {
            Ok(Some(s)) => {
                let o = Object::new();
                set(&o, "n", s.n as f64);
                set(&o, "kernel", to_js(&hpo::kernel_spec(&s.kernel)));
                set(&o, "log_marginal_likelihood", s.log_marginal_likelihood);
                set(&o, "jitter_added", s.jitter_added);
                set(&o, "best", s.best);
                match &s.next {
                    Some(p) => set(&o, "next", f64s(p)),
                    None => set(&o, "next", JsValue::NULL),
                }
                o.into()
            }
            Ok(None) => JsValue::NULL,
            Err(e) => {
                let o = Object::new();
                set(&o, "error", e);
                o.into()
            }
        }
    }

    /// Refit BO's surrogate now (`optimize`: also maximize the LML over the kernel's hyperparameters).
    pub fn refit(&mut self, optimize: bool) -> Result<(), JsError> {
        self.inner.refit(optimize).map_err(|e| JsError::new(&e))
    }

    /// Render a 2-D search at `width x height` pixels (2 to 512 each; see `hpo::SearchLab::render`): the fields
    /// `truth`, `mean`, `std`, `acquisition`, each with its own RGBA buffer (`pixelsPtr(k)`, `pixelsLen()`) and
    /// contour segments (`segments(k)`). Returns `{ fields: [{ name, present, min, max }] }`.
    pub fn render(&mut self, width: usize, height: usize, dark: bool) -> Result<JsValue, JsError> {
        self.inner.render(width, height, dark).map_err(js_err)?;
        let fields = Array::new();
        for (name, f) in FIELDS.iter().zip(self.inner.fields()) {
            let o = Object::new();
            set(&o, "name", *name);
            set(&o, "present", f.present);
            set(&o, "min", f.min);
            set(&o, "max", f.max);
            fields.push(&o);
        }
        let out = Object::new();
        set(&out, "fields", fields);
        Ok(out.into())
    }

    /// Evaluate the network objective on a `width x height` grid of the searched box, at most `max_evals` more
    /// cells (training runs) per call; returns `[done, total]` (`[0, 0]` for a synthetic objective, which is drawn
    /// exactly anyway). Once complete, `render` shows it as the `truth` field.
    #[wasm_bindgen(js_name = mapObjective)]
    pub fn map_objective(
        &mut self,
        width: usize,
        height: usize,
        max_evals: usize,
    ) -> Result<js_sys::Float64Array, JsError> {
        let (done, total) = self
            .inner
            .map_objective(width, height, max_evals)
            .map_err(js_err)?;
        Ok(f64s(&[done as f64, total as f64]))
    }

    /// Address of field `k`'s RGBA pixels (0 truth, 1 mean, 2 std, 3 acquisition) in WASM memory.
    #[wasm_bindgen(js_name = pixelsPtr)]
    pub fn pixels_ptr(&self, k: usize) -> usize {
        self.inner
            .fields()
            .get(k)
            .map_or(0, |f| f.rgba.as_ptr() as usize)
    }

    /// Length in bytes of each field's RGBA pixels (`4 * width * height` of the last render).
    #[wasm_bindgen(js_name = pixelsLen)]
    pub fn pixels_len(&self) -> usize {
        self.inner.fields()[0].rgba.len()
    }

    /// Field `k`'s values at the pixel centres of the last render (row-major, row 0 at the top).
    pub fn values(&self, k: usize) -> js_sys::Float64Array {
        f64s(self.inner.fields().get(k).map_or(&[][..], |f| &f.values))
    }

    /// Contour segments of field `k` (truth and mean) in pixel coordinates of the last render.
    pub fn segments(&self, k: usize) -> Float32Array {
        Float32Array::from(
            self.inner
                .fields()
                .get(k)
                .map_or(&[][..], |f| &f.segments[..]),
        )
    }

    /// A 1-D search's posterior on `n` points (2 to 4096): `{ unit, x, mean, std, acquisition, truth }` (empty
    /// arrays where not available).
    pub fn curves(&mut self, n: usize) -> Result<JsValue, JsError> {
        let c = self.inner.curves(n).map_err(js_err)?;
        let out = Object::new();
        set(&out, "unit", f64s(&c.unit));
        set(&out, "x", f64s(&c.x));
        set(&out, "mean", f64s(&c.mean));
        set(&out, "std", f64s(&c.std));
        set(&out, "acquisition", f64s(&c.acquisition));
        set(&out, "truth", f64s(&c.truth));
        Ok(out.into())
    }
}
