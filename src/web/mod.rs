//! WebAssembly bindings: the only module that imports wasm-bindgen or js-sys.
//!
//! Thin functions and handles over the core. Configs come in as plain JS objects (read into
//! [`crate::config::Value`] by serde-wasm-bindgen, then checked field by field by the core); bad input becomes a
//! JS `Error` whose message names the field, the value and what is allowed. Small results are copied into typed
//! arrays; pixel buffers stay in WASM memory and JS views them (`pixelsPtr`/`pixelsLen`), re-creating the view
//! after any call that may allocate.

use crate::config::{ConfigError, Value};
use crate::schedule::{lr_schedule, ScheduleConfig};
use crate::simulate::{simulate as run_simulation, SimConfig};
use crate::surface::Surface;
use js_sys::{Array, Float64Array, Object, Reflect};
use wasm_bindgen::prelude::*;

// The network and search bindings are Cargo features (default on); without them the package holds only what the
// surface explorer and the schedule plot need (www/pkg/lite, built by scripts/build.sh).
#[cfg(feature = "network")]
mod batchnorm;
#[cfg(feature = "network")]
mod network;
#[cfg(feature = "network")]
pub use network::TrainerHandle;
#[cfg(feature = "search")]
mod search;
#[cfg(feature = "search")]
pub use search::SearchLabHandle;
mod surface_view;
pub use surface_view::SurfaceView;

/// Read any JS value into the core's config tree (serde-wasm-bindgen). A value that is not data (a function, a
/// symbol, a BigInt) anywhere inside is reported with its path.
pub(crate) fn read(v: &JsValue, what: &str) -> Result<Value, JsError> {
    serde_wasm_bindgen::from_value::<Value>(v.clone()).map_err(|e| match locate_non_data(v, what, 0) {
        Some((path, kind)) => JsError::new(&format!("{} = {kind} is not allowed: expected plain data (numbers, strings, booleans, arrays, objects)", if path.is_empty() { "config" } else { &path })),
        None => JsError::new(&format!("{what} could not be read: {e}")),
    })
}

/// Path and kind of the first function, symbol or BigInt inside `v` (depth-limited).
fn locate_non_data(v: &JsValue, path: &str, depth: usize) -> Option<(String, &'static str)> {
    if v.is_function() {
        return Some((path.to_string(), "a function"));
    }
    if v.is_symbol() {
        return Some((path.to_string(), "a symbol"));
    }
    if v.is_bigint() {
        return Some((path.to_string(), "a BigInt"));
    }
    if depth > 32 || !v.is_object() {
        return None;
    }
    if Array::is_array(v) {
        let arr = Array::from(v);
        return (0..arr.length().min(10_000)).find_map(|i| locate_non_data(&arr.get(i), &format!("{path}[{i}]"), depth + 1));
    }
    let entries = Object::entries(&Object::from(v.clone()));
    (0..entries.length().min(10_000)).find_map(|i| {
        let pair = Array::from(&entries.get(i));
        let key = pair.get(0).as_string().unwrap_or_default();
        let child = if path.is_empty() { key } else { format!("{path}.{key}") };
        locate_non_data(&pair.get(1), &child, depth + 1)
    })
}

pub(crate) fn js_err(e: ConfigError) -> JsError {
    JsError::new(&e.to_string())
}

/// `obj[key] = val` on a fresh plain object (cannot fail for such objects).
pub(crate) fn set(obj: &Object, key: &str, val: impl Into<JsValue>) {
    let _ = Reflect::set(obj, &JsValue::from_str(key), &val.into());
}

pub(crate) fn f64s(v: &[f64]) -> Float64Array {
    Float64Array::from(v)
}

/// The crate version, e.g. `"0.1.0"`.
#[wasm_bindgen]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_string()
}

/// `simulate({ surface, start: [x, y], steps, optimizer: { type, ... }, schedule? })` →
/// `{ path, loss, lr, momentum, grad, state, stopped }` (see the README for the types).
#[wasm_bindgen]
pub fn simulate(config: JsValue) -> Result<JsValue, JsError> {
    let v = read(&config, "")?;
    let cfg = SimConfig::from_value("", &v).map_err(js_err)?;
    let r = run_simulation(&cfg);
    let out = Object::new();
    set(&out, "path", f64s(&r.path));
    set(&out, "loss", f64s(&r.loss));
    set(&out, "lr", f64s(&r.lr));
    set(&out, "grad", f64s(&r.grad));
    match &r.momentum {
        Some(m) => set(&out, "momentum", f64s(m)),
        None => set(&out, "momentum", JsValue::NULL),
    }
    let state = Object::new();
    for (name, values) in &r.state {
        set(&state, name, f64s(values));
    }
    set(&out, "state", state);
    match &r.stopped {
        Some(s) => {
            let st = Object::new();
            set(&st, "step", s.step as f64);
            set(&st, "reason", s.reason.as_str());
            set(&out, "stopped", st);
        }
        None => set(&out, "stopped", JsValue::NULL),
    }
    Ok(out.into())
}

/// `lrSchedule(schedule, { base_lr, steps, metrics? })` → `{ lrs, momentums }`; `lrs[i]` is the rate used by
/// update i (PyTorch: read before `optimizer.step()`; Keras: `schedule(i)`).
#[wasm_bindgen(js_name = lrSchedule)]
pub fn lr_schedule_js(schedule: JsValue, options: JsValue) -> Result<JsValue, JsError> {
    let sv = read(&schedule, "schedule")?;
    let cfg = ScheduleConfig::from_value("schedule", &sv).map_err(js_err)?;
    let ov = read(&options, "options")?;
    let o = crate::config::object("options", &ov).map_err(js_err)?;
    o.only(&["base_lr", "steps", "metrics"]).map_err(js_err)?;
    let base_lr = o.num("base_lr", Some(0.1), crate::config::Range::OpenClosed(0.0, 1e3)).map_err(js_err)?;
    let steps = o.int("steps", None, 1, 100_000).map_err(js_err)? as usize;
    let metrics = match o.get("metrics") {
        Some(_) => Some(o.nums("metrics", None, crate::config::Range::Any, 0, 100_000).map_err(js_err)?),
        None => None,
    };
    let r = lr_schedule(&cfg, base_lr, steps, metrics.as_deref()).map_err(js_err)?;
    let out = Object::new();
    set(&out, "lrs", f64s(&r.lrs));
    match &r.momentums {
        Some(m) => set(&out, "momentums", f64s(m)),
        None => set(&out, "momentums", JsValue::NULL),
    }
    set(&out, "lr_after_last_step", r.lr_after_last_step);
    Ok(out.into())
}

/// `surfaceInfo(surface)` → `{ name, view: [x_min, x_max, y_min, y_max], minima: [[x, y], ...], log_scale }`.
#[wasm_bindgen(js_name = surfaceInfo)]
pub fn surface_info(surface: JsValue) -> Result<JsValue, JsError> {
    let v = read(&surface, "surface")?;
    let s = Surface::from_value("surface", &v).map_err(js_err)?;
    Ok(surface_info_object(&s).into())
}

pub(crate) fn surface_info_object(s: &Surface) -> Object {
    let out = Object::new();
    set(&out, "name", s.name());
    let b = s.default_view();
    set(&out, "view", f64s(&[b.x_min, b.x_max, b.y_min, b.y_max]));
    let minima = Array::new();
    for m in s.minima() {
        minima.push(&f64s(&m).into());
    }
    set(&out, "minima", minima);
    set(&out, "log_scale", s.prefers_log_scale());
    out
}
