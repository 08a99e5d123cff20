//! `batchNorm(config)`: one BatchNorm1d step on a batch the learner edits (lesson 11), through the core's own
//! training-mode and eval-mode code (`crate::nn::batch_norm_train` / `batch_norm_eval`), so the lesson shows the
//! numbers a trained network uses.

use super::{f64s, js_err, read, set};
use crate::config::{self, Range, Value};
use crate::nn::network::{batch_norm_eval, batch_norm_train, batch_stats, BN_EPS, BN_MOMENTUM};
use js_sys::Object;
use wasm_bindgen::prelude::*;

/// `batchNorm({ x: [[...], ...] (N rows of d features), gamma?, beta?, running_mean?, running_var?, momentum = 0.1,
/// eps = 1e-5, training = true })` → `{ mean, var, var_unbiased, inv_std, xhat, y, running_mean, running_var }`;
/// `xhat` and `y` are row-major N × d, the statistics one value per feature. Training mode normalizes with the
/// batch mean and biased variance and updates the running statistics with the unbiased one; eval mode uses the
/// running statistics given.
#[wasm_bindgen(js_name = batchNorm)]
pub fn batch_norm(config: JsValue) -> Result<JsValue, JsError> {
    let v = read(&config, "")?;
    let o = config::object("", &v).map_err(js_err)?;
    o.only(&["x", "gamma", "beta", "running_mean", "running_var", "momentum", "eps", "training"]).map_err(js_err)?;
    let rows_v = match o.get("x") {
        Some(Value::Arr(rows)) if !rows.is_empty() && rows.len() <= 1000 => rows,
        Some(other) => return Err(js_err(config::ConfigError { path: "x".into(), value: other.describe(), allowed: "1 to 1000 rows of 1 to 16 numbers".into() })),
        None => return Err(js_err(config::ConfigError { path: "x".into(), value: "missing".into(), allowed: "1 to 1000 rows of 1 to 16 numbers".into() })),
    };
    let mut rows: Vec<Vec<f64>> = Vec::with_capacity(rows_v.len());
    for (i, r) in rows_v.iter().enumerate() {
        let path = format!("x[{i}]");
        let row = match r {
            Value::Arr(items) if (1..=16).contains(&items.len()) => {
                items.iter().enumerate().map(|(k, x)| config::number(&format!("{path}[{k}]"), x, Range::Closed(-1e6, 1e6))).collect::<Result<Vec<_>, _>>()
            }
            other => config::err(&path, other.describe(), "a row of 1 to 16 numbers"),
        }
        .map_err(js_err)?;
        if let Some(first) = rows.first() {
            if row.len() != first.len() {
                return Err(js_err(config::ConfigError { path, value: format!("a row of {}", row.len()), allowed: format!("a row of {} numbers, like x[0]", first.len()) }));
            }
        }
        rows.push(row);
    }
    let (n, d) = (rows.len(), rows[0].len());
    let per_feature = |key: &str, default: f64, range: Range| -> Result<Vec<f64>, JsError> {
        let dv = vec![default; d];
        o.nums(key, Some(&dv), range, d, d).map_err(js_err)
    };
    let gamma = per_feature("gamma", 1.0, Range::Closed(-1e6, 1e6))?;
    let beta = per_feature("beta", 0.0, Range::Closed(-1e6, 1e6))?;
    let mut running_mean = per_feature("running_mean", 0.0, Range::Closed(-1e6, 1e6))?;
    let mut running_var = per_feature("running_var", 1.0, Range::Closed(0.0, 1e12))?;
    let momentum = o.num("momentum", Some(BN_MOMENTUM), Range::Closed(0.0, 1.0)).map_err(js_err)?;
    let eps = o.num("eps", Some(BN_EPS), Range::Closed(0.0, 1.0)).map_err(js_err)?;
    let training = o.flag("training", true).map_err(js_err)?;

    // The core works on unit-major blocks: feature j's N values are contiguous.
    let mut z = vec![0.0; n * d];
    for (s, row) in rows.iter().enumerate() {
        for (j, x) in row.iter().enumerate() {
            z[j * n + s] = *x;
        }
    }
    let (mut mean, mut var, mut var_unbiased) = (vec![0.0; d], vec![0.0; d], vec![f64::NAN; d]);
    for j in 0..d {
        let (m, ss) = batch_stats(&z[j * n..(j + 1) * n]);
        mean[j] = m;
        var[j] = ss / n as f64;
        if n > 1 {
            var_unbiased[j] = ss / (n - 1) as f64;
        }
    }
    let (mut xhat, mut inv_std) = (vec![0.0; n * d], vec![0.0; d]);
    if training {
        batch_norm_train(&mut z, n, &gamma, &beta, &mut xhat, &mut inv_std, &mut running_mean, &mut running_var, eps, momentum);
    } else {
        batch_norm_eval(&mut z, n, &gamma, &beta, &mut xhat, &mut inv_std, &running_mean, &running_var, eps);
    }
    let row_major = |block: &[f64]| -> Vec<f64> {
        let mut out = vec![0.0; n * d];
        for s in 0..n {
            for j in 0..d {
                out[s * d + j] = block[j * n + s];
            }
        }
        out
    };
    let out = Object::new();
    set(&out, "mean", f64s(&mean));
    set(&out, "var", f64s(&var));
    // null where N = 1 (the unbiased variance is undefined; torch refuses to train then)
    set(&out, "var_unbiased", if n > 1 { JsValue::from(f64s(&var_unbiased)) } else { JsValue::NULL });
    set(&out, "inv_std", f64s(&inv_std));
    set(&out, "xhat", f64s(&row_major(&xhat)));
    set(&out, "y", f64s(&row_major(&z)));
    set(&out, "running_mean", f64s(&running_mean));
    set(&out, "running_var", f64s(&running_var));
    Ok(out.into())
}
