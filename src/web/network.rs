//! `Trainer`: a handle that owns one [`crate::nn::Trainer`] and the pixel buffers of `<descent-network>`.
//!
//! Training runs whole epochs inside WASM ([`TrainerHandle::train`]); metrics and small arrays are copied out; the
//! decision-boundary heatmap and the neurons' maps are painted here into RGBA buffers that stay in WASM memory
//! (JS views them with `bytesAt(memory, ptr, len)` and must re-create the view after any call, as memory may grow).
//!
//! Colours follow TensorFlow Playground (`src/heatmap.ts`): a diverging scale from orange (class 0, negative values)
//! through a neutral background to blue (class 1, positive values), with further class colours from Okabe and Ito's
//! colour-blind-safe palette for more than two classes. The neutral middle is white in the light theme and the
//! panel colour in the dark one.

use super::{f64s, js_err, read, set};
use crate::config::{ConfigError, Value};
use crate::nn::data::MAX_CLASSES;
use crate::nn::edits::RowOrigin;
use crate::nn::loss::{self, Loss};
use crate::nn::trainer::{Part, Stop};
use crate::nn::{Activation, Task, Trainer};
use crate::raster;
use crate::surface::ViewBox;
use js_sys::{Array, Float32Array, Int32Array, Object, Uint32Array, Uint8Array};
use wasm_bindgen::prelude::*;

/// Most epochs one [`TrainerHandle::train`] call may run.
const MAX_EPOCHS_PER_CALL: u32 = 100_000;
/// Largest side of the boundary heatmap.
const MAX_BOUNDARY_SIDE: usize = 1024;
/// Largest side of one neuron's map.
const MAX_NEURON_SIDE: usize = 256;
/// Most pixels of all neuron maps together.
const MAX_NEURON_PIXELS: usize = 4_000_000;
/// Strongest tint of the heatmaps (the points, drawn at full strength on top, stay visible).
const MAX_TINT: f64 = 0.82;

/// Class colours: TensorFlow Playground's orange and blue, then Okabe–Ito.
const CLASS_RGB: [[f64; 3]; MAX_CLASSES] = [
    [245.0, 147.0, 34.0],
    [8.0, 119.0, 189.0],
    [0.0, 158.0, 115.0],
    [204.0, 121.0, 167.0],
    [213.0, 94.0, 0.0],
    [86.0, 180.0, 233.0],
    [240.0, 228.0, 66.0],
    [120.0, 120.0, 120.0],
    [140.0, 86.0, 75.0],
    [30.0, 30.0, 30.0],
];
const NEUTRAL_LIGHT: [f64; 3] = [255.0, 255.0, 255.0];
const NEUTRAL_DARK: [f64; 3] = [26.0, 31.0, 41.0];

/// A trainer for `<descent-network>`: data, network, optimizer, metrics, and the heatmap buffers.
#[wasm_bindgen(js_name = Trainer)]
pub struct TrainerHandle {
    inner: Trainer,
    /// The config as given (to derive the CSV config of [`TrainerHandle::load_csv`]).
    config: Value,
    /// Changes whenever the rows or their split change (a reset with new data, CSV, points added or removed).
    data_version: u32,
    boundary: Vec<u8>,
    boundary_values: Vec<f64>,
    boundary_size: (usize, usize),
    field: Vec<f64>,
    lines: Vec<f32>,
    segs: Vec<f32>,
    neurons: Vec<u8>,
    /// The last neuron maps' values, plane by plane (the planes of hidden tanh units are coloured directly and
    /// not kept here).
    neuron_values: Vec<f64>,
    neuron_scale: Vec<f64>,
    /// Changes with every call that may change the network (train, config, reset, data).
    generation: u64,
    /// `(generation, side, view)` of the neuron maps in `neuron_values`, whose output planes
    /// [`TrainerHandle::fill_boundary`] reuses instead of a second forward pass.
    neurons_key: Option<(u64, usize, [f64; 4])>,
    lut: DivergingLut,
}

#[wasm_bindgen(js_class = Trainer)]
impl TrainerHandle {
    /// A trainer from a config (see the README or `TrainerConfig::from_value` for fields and defaults). Throws an
    /// `Error` naming the field for a bad config, e.g. `layers[2] = 100 is not allowed: expected a whole number
    /// from 1 to 64`.
    #[wasm_bindgen(constructor)]
    pub fn new(config: JsValue) -> Result<TrainerHandle, JsError> {
        let v = read(&config, "")?;
        let inner = Trainer::from_value("", &v).map_err(js_err)?;
        Ok(TrainerHandle {
            inner,
            config: v,
            data_version: 1,
            boundary: Vec::new(),
            boundary_values: Vec::new(),
            boundary_size: (0, 0),
            field: Vec::new(),
            lines: Vec::new(),
            segs: Vec::new(),
            neurons: Vec::new(),
            neuron_values: Vec::new(),
            neuron_scale: Vec::new(),
            generation: 0,
            neurons_key: None,
            lut: DivergingLut::default(),
        })
    }

    /// Train up to `epochs` whole epochs (at most 100000 per call); returns how many ran (fewer once early stopping
    /// fires or the loss diverges, none while stopped).
    pub fn train(&mut self, epochs: u32) -> Result<u32, JsError> {
        if epochs > MAX_EPOCHS_PER_CALL {
            return Err(js_err(ConfigError {
                path: "epochs".into(),
                value: epochs.to_string(),
                allowed: format!("a whole number from 0 to {MAX_EPOCHS_PER_CALL}"),
            }));
        }
        self.generation += 1;
        Ok(self.inner.train_epochs(epochs as usize) as u32)
    }

    /// Change the config mid-run. Hyperparameters (optimizer, schedule, loss, batch size, penalties, early stopping)
    /// and points added or removed by hand (`points`, `removed`) take effect without losing the weights; a new
    /// shape, initialization, seed, feature set or data starts over.
    /// Returns whether it started over. On a bad config it throws and nothing changes.
    #[wasm_bindgen(js_name = setConfig)]
    pub fn set_config(&mut self, config: JsValue) -> Result<bool, JsError> {
        let v = read(&config, "")?;
        let reset = self.inner.set_config("", &v).map_err(js_err)?;
        self.generation += 1;
        let edited = ["points", "removed"].iter().any(|k| self.config.get(k) != v.get(k));
        self.config = v;
        if reset || edited {
            self.data_version = self.data_version.wrapping_add(1);
        }
        Ok(reset)
    }

    /// Start over with the current config (fresh weights from the seed; the data stays).
    pub fn reset(&mut self) {
        self.generation += 1;
        self.inner.reset();
    }

    /// `{ task, classes, sizes, features, activation, loss, params, rows: { train, validation, test }, epoch,
    /// steps, lr, data_version, channels }`: `task` is `"classification"` or `"regression"`, `loss` the loss as
    /// applied (`"mse"`, `"l1"`, `"bce_with_logits"`, `"cross_entropy"`), `sizes` the units per layer (inputs
    /// first), `channels` the values per pixel of the prediction.
    pub fn info(&self) -> JsValue {
        let t = &self.inner;
        let out = Object::new();
        let (task, classes) = match t.dataset().task {
            Task::Classification { classes } => ("classification", classes),
            Task::Regression => ("regression", 0),
        };
        set(&out, "task", task);
        set(&out, "classes", classes as f64);
        let sizes: Vec<u32> = t.network().sizes().iter().map(|&s| s as u32).collect();
        set(&out, "sizes", Uint32Array::from(&sizes[..]));
        let features = Array::new();
        for f in &t.config().features {
            features.push(&JsValue::from_str(f.name()));
        }
        set(&out, "features", features);
        set(&out, "activation", t.config().activation.name());
        set(&out, "loss", loss_name(t.loss()));
        set(&out, "params", t.network().params().len() as f64);
        let rows = Object::new();
        set(&rows, "train", t.split().train.len() as f64);
        set(&rows, "validation", t.split().validation.len() as f64);
        set(&rows, "test", t.split().test.len() as f64);
        set(&out, "rows", rows);
        set(&out, "epoch", t.epoch() as f64);
        set(&out, "steps", t.steps() as f64);
        set(&out, "lr", t.lr());
        set(&out, "data_version", self.data_version);
        set(&out, "channels", t.grid_channels() as f64);
        out.into()
    }

    /// Epochs completed.
    #[wasm_bindgen(getter)]
    pub fn epoch(&self) -> f64 {
        self.inner.epoch() as f64
    }

    /// Per-epoch metrics of the epochs after `since` (0: all kept), as Float64Arrays of equal length (NaN where a
    /// value does not exist, e.g. accuracy in regression or validation loss without validation rows):
    /// `{ epoch, loss, accuracy, val_loss, val_accuracy, test_loss, test_accuracy, lr, penalty, steps, epochs,
    /// stop, best_epoch }`. `epochs` is the number of epochs completed; `stop` is null or `{ reason:
    /// "early_stopping", epoch, best_epoch, restored }` or `{ reason: "diverged", epoch, step }`; `best_epoch` is
    /// the epoch with the lowest monitored loss so far (validation loss when there is validation data), 0 before
    /// the first epoch.
    pub fn metrics(&self, since: f64) -> JsValue {
        let hist = self.inner.history();
        let since = if since.is_finite() && since > 0.0 { since as usize } else { 0 };
        let start = hist.partition_point(|m| m.epoch <= since);
        let rows = &hist[start..];
        let col = |f: &dyn Fn(&crate::nn::EpochMetrics) -> f64| -> js_sys::Float64Array {
            let v: Vec<f64> = rows.iter().map(f).collect();
            f64s(&v)
        };
        let opt = |v: Option<f64>| v.unwrap_or(f64::NAN);
        let out = Object::new();
        set(&out, "epoch", col(&|m| m.epoch as f64));
        set(&out, "loss", col(&|m| m.loss));
        set(&out, "accuracy", col(&|m| opt(m.accuracy)));
        set(&out, "val_loss", col(&|m| opt(m.val_loss)));
        set(&out, "val_accuracy", col(&|m| opt(m.val_accuracy)));
        set(&out, "test_loss", col(&|m| opt(m.test_loss)));
        set(&out, "test_accuracy", col(&|m| opt(m.test_accuracy)));
        set(&out, "lr", col(&|m| m.lr));
        set(&out, "penalty", col(&|m| m.penalty));
        set(&out, "steps", self.inner.steps() as f64);
        set(&out, "epochs", self.inner.epoch() as f64);
        match self.inner.stopped() {
            None => set(&out, "stop", JsValue::NULL),
            Some(Stop::EarlyStopping { epoch, best_epoch, restored }) => {
                let s = Object::new();
                set(&s, "reason", "early_stopping");
                set(&s, "epoch", epoch as f64);
                set(&s, "best_epoch", best_epoch as f64);
                set(&s, "restored", restored);
                set(&out, "stop", s);
            }
            Some(Stop::Diverged { epoch, step }) => {
                let s = Object::new();
                set(&s, "reason", "diverged");
                set(&s, "epoch", epoch as f64);
                set(&s, "step", step as f64);
                set(&out, "stop", s);
            }
        }
        set(&out, "best_epoch", self.best_epoch() as f64);
        out.into()
    }

    /// The rows: `{ x, y, label, part, origin, version }` (`part`: 0 training, 1 validation, 2 test; `origin`: the
    /// row number in the generated or CSV data, or -(k + 1) for the k-th point added with the config's `points`;
    /// `version` changes with the rows).
    pub fn points(&self) -> JsValue {
        let d = self.inner.dataset();
        let xs: Vec<f64> = d.points.iter().map(|p| p[0]).collect();
        let ys: Vec<f64> = d.points.iter().map(|p| p[1]).collect();
        let mut part = vec![0u8; d.len()];
        let split = self.inner.split();
        for (rows, k) in [(&split.validation, 1u8), (&split.test, 2u8)] {
            for &i in rows {
                if let Some(p) = part.get_mut(i) {
                    *p = k;
                }
            }
        }
        let out = Object::new();
        set(&out, "x", f64s(&xs));
        set(&out, "y", f64s(&ys));
        set(&out, "label", f64s(&d.labels));
        set(&out, "part", Uint8Array::from(&part[..]));
        let origin: Vec<i32> = self
            .inner
            .origins()
            .iter()
            .map(|o| match *o {
                RowOrigin::Data(i) => i as i32,
                RowOrigin::Added(k) => -(k as i32) - 1,
            })
            .collect();
        set(&out, "origin", Int32Array::from(&origin[..]));
        set(&out, "version", self.data_version);
        out.into()
    }

    /// The lines of the CSV that were skipped: `{ errors: [{ line, reason }], more }` (at most 100 listed; `more`
    /// counts the rest). Empty for generated data.
    #[wasm_bindgen(js_name = csvErrors)]
    pub fn csv_errors(&self) -> JsValue {
        let (errors, more) = self.inner.csv_errors();
        let list = Array::new();
        for e in errors {
            let o = Object::new();
            set(&o, "line", e.line as f64);
            set(&o, "reason", e.reason.as_str());
            list.push(&o);
        }
        let out = Object::new();
        set(&out, "errors", list);
        set(&out, "more", more as f64);
        out.into()
    }

    /// Replace the data by CSV text (`x,y,label` lines; a header line and `#` comments are skipped) read as `task`
    /// (`"auto"`, `"classification"`, `"regression"`), keeping every other setting; the network starts over.
    /// Returns `{ rows, errors: [{ line, reason }], more }`: the good rows are all kept, each bad line is listed.
    /// Throws when fewer than two rows are usable (nothing changes then).
    #[wasm_bindgen(js_name = loadCsv)]
    pub fn load_csv(&mut self, text: &str, task: &str) -> Result<JsValue, JsError> {
        let task = if task.is_empty() { "auto" } else { task };
        let mut fields = match &self.config {
            Value::Obj(f) => f.clone(),
            _ => Vec::new(),
        };
        fields.retain(|(k, _)| !matches!(k.as_str(), "dataset" | "csv" | "task" | "n_samples" | "noise"));
        fields.push(("dataset".into(), Value::Str("csv".into())));
        fields.push(("csv".into(), Value::Str(text.to_string())));
        fields.push(("task".into(), Value::Str(task.to_string())));
        // A loss that no longer fits (cross-entropy on real targets) falls back to the task's default.
        let v = Value::Obj(fields.clone());
        let next = match Trainer::from_value("", &v) {
            Ok(t) => t,
            Err(e) if e.path == "loss" => {
                fields.retain(|(k, _)| k != "loss");
                Trainer::from_value("", &Value::Obj(fields.clone())).map_err(js_err)?
            }
            Err(e) => return Err(js_err(e)),
        };
        self.inner = next;
        self.generation += 1;
        self.config = Value::Obj(fields);
        self.data_version = self.data_version.wrapping_add(1);
        let out = self.csv_errors();
        let _ = js_sys::Reflect::set(&out, &"rows".into(), &(self.inner.dataset().len() as f64).into());
        Ok(out)
    }

    /// Confusion matrix of a part (`"train"`, `"validation"`, `"test"`) in inference mode: `classes x classes`
    /// counts, row-major, entry (true class, predicted class). Empty for regression.
    pub fn confusion(&mut self, part: &str) -> Result<Uint32Array, JsError> {
        let p = parse_part(part)?;
        let m: Vec<u32> = self.inner.confusion_matrix(p).iter().map(|&c| c.min(u32::MAX as u64) as u32).collect();
        Ok(Uint32Array::from(&m[..]))
    }

    /// The prediction at a point: the class probabilities (one value, P(class 1), for two classes with
    /// cross-entropy), the raw outputs with MSE / L1, or the regression value.
    pub fn predict(&mut self, x: f64, y: f64) -> Result<js_sys::Float64Array, JsError> {
        if !x.is_finite() || !y.is_finite() {
            return Err(JsError::new(&format!("point = [{x}, {y}] is not allowed: expected two finite numbers")));
        }
        // formula: a 1 x 1 grid over [x - h, x + h] x [y - h, y + h] samples its centre (x, y)
        let h = 1e-6 * x.abs().max(y.abs()).max(1.0);
        let view = ViewBox::new(x - h, x + h, y - h, y + h);
        let mut out = vec![0.0; self.inner.grid_channels()];
        self.inner.predict_grid(&view, 1, 1, &mut out).map_err(js_err)?;
        Ok(f64s(&out))
    }

    /// The network's Linear weights for drawing connections: `{ sizes, weights, biases }`; `weights` holds every
    /// layer's $W_l$ (shape out x in, row-major, layer after layer), so the connection from unit `i` of layer
    /// `l - 1` to unit `j` of layer `l` is `W_l[j][i]`; `biases` every layer's $b_l$.
    pub fn weights(&self) -> JsValue {
        let net = self.inner.network();
        let p = net.params();
        let mut w = Vec::new();
        let mut b = Vec::new();
        for l in net.layout() {
            w.extend_from_slice(&p[l.weight.clone()]);
            b.extend_from_slice(&p[l.bias.clone()]);
        }
        let sizes: Vec<u32> = net.sizes().iter().map(|&s| s as u32).collect();
        let out = Object::new();
        set(&out, "sizes", Uint32Array::from(&sizes[..]));
        set(&out, "weights", f64s(&w));
        set(&out, "biases", f64s(&b));
        out.into()
    }

    /// Every trainable parameter, flat, in PyTorch's `model.parameters()` order (see [`TrainerHandle::param_names`]).
    pub fn params(&self) -> js_sys::Float64Array {
        f64s(self.inner.network().params())
    }

    /// `[{ name, start, end }]`: the torch `state_dict` name of each block of [`TrainerHandle::params`]
    /// (`"0.weight"`, `"0.bias"`, `"1.weight"` for a BatchNorm's gamma, ...).
    #[wasm_bindgen(js_name = paramNames)]
    pub fn param_names(&self) -> Array {
        let out = Array::new();
        for (name, r) in self.inner.network().torch_names() {
            let o = Object::new();
            set(&o, "name", name.as_str());
            set(&o, "start", r.start as f64);
            set(&o, "end", r.end as f64);
            out.push(&o);
        }
        out
    }

    /// Replace every parameter (as TensorFlow Playground lets a learner type a weight; tests load PyTorch's initial
    /// weights this way). The optimizer's state is kept. Throws unless `values` has exactly one finite number per
    /// parameter.
    #[wasm_bindgen(js_name = setParams)]
    pub fn set_params(&mut self, values: &[f64]) -> Result<(), JsError> {
        let n = self.inner.network().params().len();
        if values.len() != n || values.iter().any(|v| !v.is_finite()) {
            return Err(JsError::new(&format!(
                "params = {} values is not allowed: expected exactly {n} finite numbers",
                values.len()
            )));
        }
        self.generation += 1;
        self.inner.network_mut().params_mut().copy_from_slice(values);
        Ok(())
    }

    /// Paint the prediction over the view box into a `width x height` RGBA buffer (pixel `(i, j)` samples the
    /// plane at its centre; row 0 at the top), in inference mode: class colours blended by probability (two
    /// classes: orange to blue through the background), or the regression value on the orange–blue scale over
    /// `[-limit, limit]` (`limit` = the largest |target|). `discretize` paints the predicted class (or the sign)
    /// at full strength. Also traces the decision boundary (see [`TrainerHandle::boundary_lines`]). Returns `{ ptr,
    /// len, limit }`.
    #[allow(clippy::too_many_arguments)]
    #[wasm_bindgen(js_name = fillBoundary)]
    pub fn fill_boundary(
        &mut self,
        width: usize,
        height: usize,
        x_min: f64,
        x_max: f64,
        y_min: f64,
        y_max: f64,
        dark: bool,
        discretize: bool,
    ) -> Result<JsValue, JsError> {
        let view = check_view(x_min, x_max, y_min, y_max)?;
        if !(1..=MAX_BOUNDARY_SIDE).contains(&width) || !(1..=MAX_BOUNDARY_SIDE).contains(&height) {
            return Err(JsError::new(&format!(
                "boundary size = {width} x {height} is not allowed: expected a width and height from 1 to {MAX_BOUNDARY_SIDE}"
            )));
        }
        let k = self.inner.grid_channels();
        let n = width * height;
        self.boundary_values.resize(n * k, 0.0);
        let key = (self.generation, width, [x_min, x_max, y_min, y_max]);
        if width == height && self.neurons_key == Some(key) {
            // The neuron maps of this very grid hold the raw outputs: squash them as picture_grid would.
            let plane = n;
            let first = self.neuron_values.len() - k * plane;
            outputs_to_predictions(
                &self.neuron_values[first..],
                plane,
                k,
                self.inner.loss(),
                &mut self.boundary_values,
            );
        } else {
            self.inner.picture_grid(&view, width, height, &mut self.boundary_values).map_err(js_err)?;
        }
        self.boundary.resize(n * 4, 0);
        self.boundary_size = (width, height);
        let neutral = if dark { NEUTRAL_DARK } else { NEUTRAL_LIGHT };
        let limit = self.regression_limit();
        let paint = Paint::for_trainer(&self.inner, limit);
        match paint.kind {
            PaintKind::Binary { .. } if !discretize => {
                // formula: t = 2p - 1 on the tinted orange–blue scale
                self.lut.prepare(neutral, MAX_TINT);
                self.lut.paint(&self.boundary_values, 2.0, -1.0, &mut self.boundary);
            }
            PaintKind::Regression if !discretize => {
                self.lut.prepare(neutral, MAX_TINT);
                self.lut.paint(&self.boundary_values, 1.0 / limit, 0.0, &mut self.boundary);
            }
            _ => {
                for (px, vals) in self.boundary.chunks_exact_mut(4).zip(self.boundary_values.chunks_exact(k)) {
                    let (rgb, s) = paint.colour(vals, discretize);
                    write_rgba(px, mix(neutral, rgb, s * MAX_TINT));
                }
            }
        }
        self.trace_boundary(width, height, &paint);
        let out = Object::new();
        set(&out, "ptr", self.boundary.as_ptr() as usize as f64);
        set(&out, "len", self.boundary.len() as f64);
        set(&out, "limit", limit);
        Ok(out.into())
    }

    /// Address of the boundary heatmap's RGBA pixels in WASM memory.
    #[wasm_bindgen(js_name = boundaryPtr)]
    pub fn boundary_ptr(&self) -> usize {
        self.boundary.as_ptr() as usize
    }

    /// Length in bytes of the boundary heatmap (`4 * width * height`).
    #[wasm_bindgen(js_name = boundaryLen)]
    pub fn boundary_len(&self) -> usize {
        self.boundary.len()
    }

    /// The decision boundary of the last [`TrainerHandle::fill_boundary`] as line segments `[x0, y0, x1, y1, ...]`
    /// in that grid's pixel coordinates (0 to width, 0 to height from the top): where P(class 1) = 1/2 for two
    /// classes, where the most probable class changes for more; empty for regression.
    #[wasm_bindgen(js_name = boundaryLines)]
    pub fn boundary_lines(&self) -> Float32Array {
        Float32Array::from(&self.lines[..])
    }

    /// Paint every neuron's map (input features, hidden units after their activation, outputs before the loss's
    /// sigmoid/softmax) over the view box, each `side x side` pixels, into one RGBA buffer: neuron `q` (numbered
    /// layer by layer) occupies bytes `[q * side * side * 4, (q + 1) * side * side * 4)`. Each map is coloured on
    /// the orange–blue scale over `[-s_q, s_q]`: $s_q = 1$ for tanh units, else the largest |value| on the map.
    /// Returns `{ ptr, len, count, scales }`.
    #[allow(clippy::too_many_arguments)]
    #[wasm_bindgen(js_name = fillNeurons)]
    pub fn fill_neurons(
        &mut self,
        side: usize,
        x_min: f64,
        x_max: f64,
        y_min: f64,
        y_max: f64,
        dark: bool,
    ) -> Result<JsValue, JsError> {
        let view = check_view(x_min, x_max, y_min, y_max)?;
        let count = self.inner.neuron_count();
        if !(1..=MAX_NEURON_SIDE).contains(&side) || side * side * count > MAX_NEURON_PIXELS {
            return Err(JsError::new(&format!(
                "neuron map side = {side} is not allowed: expected 1 to {MAX_NEURON_SIDE}, with at most {MAX_NEURON_PIXELS} pixels for all {count} neurons"
            )));
        }
        let plane = side * side;
        self.neuron_values.resize(plane * count, 0.0);
        self.neurons.resize(plane * count * 4, 0);
        let neutral = if dark { NEUTRAL_DARK } else { NEUTRAL_LIGHT };
        self.lut.prepare(neutral, 1.0);
        let sizes = self.inner.network().sizes();
        let (n_in, n_layers) = (sizes[0], sizes.len());
        let n_hidden_end = count - sizes[n_layers - 1];
        let tanh = self.inner.config().activation == Activation::Tanh;
        // Hidden tanh units are coloured on the fixed scale [-1, 1] as their values come, a chunk of pixels at a
        // time while it is in cache; the others (inputs, outputs, unbounded activations) need their map's largest
        // |value| first, so their values are kept and coloured afterwards.
        let direct = |q: usize| tanh && q >= n_in && q < n_hidden_end;
        let (lut, values, pixels) = (&self.lut, &mut self.neuron_values, &mut self.neurons);
        self.inner
            .visit_neuron_grids(&view, side, side, |q, first, chunk| {
                if direct(q) {
                    let px = &mut pixels[(q * plane + first) * 4..(q * plane + first + chunk.len()) * 4];
                    lut.paint(chunk, 1.0, 0.0, px);
                } else {
                    values[q * plane + first..q * plane + first + chunk.len()].copy_from_slice(chunk);
                }
            })
            .map_err(js_err)?;
        self.neurons_key = Some((self.generation, side, [x_min, x_max, y_min, y_max]));
        self.neuron_scale.clear();
        for (q, (values, px)) in
            self.neuron_values.chunks_exact(plane).zip(self.neurons.chunks_exact_mut(plane * 4)).enumerate()
        {
            if direct(q) {
                self.neuron_scale.push(1.0);
                continue;
            }
            // (a select rather than f64::max, whose NaN handling is a call in WebAssembly)
            let largest = values.iter().fold(0.0f64, |a, v| if v.abs() > a { v.abs() } else { a });
            let s = largest.max(1e-12);
            self.neuron_scale.push(s);
            self.lut.paint(values, 1.0 / s, 0.0, px);
        }
        let out = Object::new();
        set(&out, "ptr", self.neurons.as_ptr() as usize as f64);
        set(&out, "len", self.neurons.len() as f64);
        set(&out, "count", count as f64);
        set(&out, "scales", f64s(&self.neuron_scale));
        Ok(out.into())
    }

    /// Address of the neuron maps' RGBA pixels in WASM memory.
    #[wasm_bindgen(js_name = neuronsPtr)]
    pub fn neurons_ptr(&self) -> usize {
        self.neurons.as_ptr() as usize
    }

    /// Length in bytes of all neuron maps.
    #[wasm_bindgen(js_name = neuronsLen)]
    pub fn neurons_len(&self) -> usize {
        self.neurons.len()
    }
}

/// `networkPalette()` → `{ classes: ["#f59322", ...], neutral_light, neutral_dark, tint }`: the colours the
/// heatmaps are painted with (class 0 is also "negative", class 1 "positive"), so that pages draw points and
/// legends in the same colours.
#[wasm_bindgen(js_name = networkPalette)]
pub fn network_palette() -> JsValue {
    let hex = |c: [f64; 3]| format!("#{:02x}{:02x}{:02x}", c[0] as u8, c[1] as u8, c[2] as u8);
    let classes = Array::new();
    for c in CLASS_RGB {
        classes.push(&JsValue::from_str(&hex(c)));
    }
    let out = Object::new();
    set(&out, "classes", classes);
    set(&out, "neutral_light", hex(NEUTRAL_LIGHT));
    set(&out, "neutral_dark", hex(NEUTRAL_DARK));
    set(&out, "tint", MAX_TINT);
    out.into()
}

impl TrainerHandle {
    /// The trainer inside (Rust-only, for tests).
    pub fn trainer(&self) -> &Trainer {
        &self.inner
    }

    /// The epoch with the lowest monitored loss (validation loss when there is validation data, else the training
    /// loss); 0 before the first epoch.
    fn best_epoch(&self) -> usize {
        if let Some(Stop::EarlyStopping { best_epoch, .. }) = self.inner.stopped() {
            return best_epoch;
        }
        let mut best: Option<(f64, usize)> = None;
        for m in self.inner.history() {
            let v = m.val_loss.unwrap_or(m.loss);
            if v.is_finite() && best.map_or(true, |(b, _)| v < b) {
                best = Some((v, m.epoch));
            }
        }
        best.map_or(0, |(_, e)| e)
    }

    /// The scale of the regression heatmap: the largest |target| (at least 1e-9).
    fn regression_limit(&self) -> f64 {
        let d = self.inner.dataset();
        match d.task {
            Task::Regression => d.labels.iter().fold(0.0f64, |a, v| a.max(v.abs())).max(1e-9),
            Task::Classification { .. } => 1.0,
        }
    }

    /// Marching squares over the class fields of the last boundary grid (see `boundary_lines`).
    fn trace_boundary(&mut self, width: usize, height: usize, paint: &Paint) {
        self.lines.clear();
        let n = width * height;
        let k = paint.channels;
        match paint.kind {
            PaintKind::Regression => {}
            PaintKind::Binary { threshold } => {
                self.field.clear();
                self.field.extend(self.boundary_values.iter().map(|v| v - threshold));
                raster::contour_segments(&self.field, width, height, &[0.0], &mut self.lines);
            }
            PaintKind::Multi => {
                for c in 0..k {
                    self.field.clear();
                    // formula: d_c = p_c - max_{j != c} p_j, zero where class c stops being the most probable
                    self.field.extend(self.boundary_values.chunks_exact(k).take(n).map(|p| {
                        let other = p.iter().enumerate().filter(|(j, _)| *j != c).fold(f64::MIN, |a, (_, v)| a.max(*v));
                        p[c] - other
                    }));
                    raster::contour_segments(&self.field, width, height, &[0.0], &mut self.segs);
                    self.lines.extend_from_slice(&self.segs);
                }
            }
        }
    }
}

/// How predictions become colours.
#[derive(Clone, Copy, Debug, PartialEq)]
enum PaintKind {
    /// One value per pixel compared with a threshold (0.5 for a probability or a 0/1 target).
    Binary { threshold: f64 },
    /// One score per class (probabilities with cross-entropy, raw outputs with MSE / L1).
    Multi,
    /// A real value over `[-limit, limit]`.
    Regression,
}

struct Paint {
    kind: PaintKind,
    channels: usize,
    limit: f64,
}

impl Paint {
    fn for_trainer(t: &Trainer, limit: f64) -> Paint {
        let channels = t.grid_channels();
        let kind = match t.dataset().task {
            Task::Regression => PaintKind::Regression,
            Task::Classification { .. } if channels == 1 => PaintKind::Binary { threshold: 0.5 },
            Task::Classification { .. } => PaintKind::Multi,
        };
        Paint { kind, channels, limit }
    }

    /// The colour of one pixel's values and its strength in [0, 1].
    #[inline]
    fn colour(&self, vals: &[f64], discretize: bool) -> ([f64; 3], f64) {
        match self.kind {
            PaintKind::Binary { .. } => {
                // formula: p clamped to [0, 1]; strength |2p - 1|
                let p = vals[0].clamp(0.0, 1.0);
                let rgb = if p >= 0.5 { CLASS_RGB[1] } else { CLASS_RGB[0] };
                (rgb, if discretize { 1.0 } else { (2.0 * p - 1.0).abs() })
            }
            PaintKind::Multi => {
                let k = vals.len().min(MAX_CLASSES);
                let mut total = 0.0;
                let mut best = 0;
                for c in 0..k {
                    total += vals[c].max(0.0);
                    if vals[c] > vals[best] {
                        best = c;
                    }
                }
                let positive = total > 0.0;
                if discretize || !positive {
                    return (CLASS_RGB[best], if positive || discretize { 1.0 } else { 0.0 });
                }
                // formula: colour = sum_c p_c rgb_c; strength (max p - 1/K) / (1 - 1/K)
                let mut rgb = [0.0; 3];
                for c in 0..k {
                    let w = vals[c].max(0.0) / total;
                    for (o, v) in rgb.iter_mut().zip(CLASS_RGB[c]) {
                        *o += w * v;
                    }
                }
                let pmax = vals[best].max(0.0) / total;
                let kf = k as f64;
                (rgb, ((pmax - 1.0 / kf) / (1.0 - 1.0 / kf)).clamp(0.0, 1.0))
            }
            PaintKind::Regression => {
                let t = (vals[0] / self.limit).clamp(-1.0, 1.0);
                let t = if t.is_nan() { 0.0 } else { t };
                let rgb = if t >= 0.0 { CLASS_RGB[1] } else { CLASS_RGB[0] };
                (rgb, if discretize { t.abs().ceil() } else { t.abs() })
            }
        }
    }
}

/// Entries of the orange–blue lookup table.
const LUT_SIZE: usize = 512;
const _: () = assert!(LUT_SIZE.is_power_of_two(), "DivergingLut::paint masks indices with LUT_SIZE - 1");

/// The orange–blue scale as a lookup table over $t \in [-1, 1]$, rebuilt only when the theme or tint changes.
#[derive(Clone, Debug)]
struct DivergingLut {
    key: Option<([u8; 3], u32)>,
    rgba: Box<[[u8; 4]; LUT_SIZE]>,
}

impl Default for DivergingLut {
    fn default() -> Self {
        DivergingLut { key: None, rgba: Box::new([[0, 0, 0, 255]; LUT_SIZE]) }
    }
}

impl DivergingLut {
    /// Fill the table for a neutral middle colour and the strongest tint.
    fn prepare(&mut self, neutral: [f64; 3], tint: f64) {
        let key = ([neutral[0] as u8, neutral[1] as u8, neutral[2] as u8], (tint * 1e6) as u32);
        if self.key == Some(key) {
            return;
        }
        self.key = Some(key);
        for (i, e) in self.rgba.iter_mut().enumerate() {
            // formula: t_i = -1 + 2 (i + 1/2) / LUT_SIZE (bin centres)
            let t = -1.0 + 2.0 * (i as f64 + 0.5) / LUT_SIZE as f64;
            let rgb = if t >= 0.0 { CLASS_RGB[1] } else { CLASS_RGB[0] };
            write_rgba(e, mix(neutral, rgb, t.abs() * tint));
        }
    }

    /// Paint `values` into RGBA pixels with $t = v \cdot$ `per_unit` $+$ `offset` on the scale's $[-1, 1]$ (values
    /// beyond are clamped, NaN is the middle): the hot loop of the heatmaps.
    fn paint(&self, values: &[f64], per_unit: f64, offset: f64, rgba: &mut [u8]) {
        let half = LUT_SIZE as f64 / 2.0;
        let hi = (LUT_SIZE - 1) as f64;
        let (k, c) = (half * per_unit, half * (offset + 1.0));
        for (px, &v) in rgba.chunks_exact_mut(4).zip(values) {
            // formula: i = clamp(floor((t + 1) LUT_SIZE / 2), 0, LUT_SIZE - 1), t = v per_unit + offset
            let f = v * k + c;
            let f = if f.is_nan() { half } else { f };
            let f = if f < 0.0 { 0.0 } else { f };
            let f = if f > hi { hi } else { f };
            let i = crate::raster::floor_index(f) & (LUT_SIZE - 1);
            // (a whole [u8; 4]: one 32-bit store)
            if let Ok(px) = <&mut [u8; 4]>::try_from(px) {
                *px = self.rgba[i];
            }
        }
    }
}

/// Predictions from raw output planes (`k` planes of `n` pixels): the sigmoid for BCE, the softmax for
/// cross-entropy, the raw outputs otherwise, pixel-major as [`Trainer::predict_grid`] writes them.
fn outputs_to_predictions(planes: &[f64], n: usize, k: usize, l: Loss, out: &mut [f64]) {
    let mut row = [0.0; MAX_CLASSES];
    let mut probs = [0.0; MAX_CLASSES];
    let k = k.min(MAX_CLASSES);
    for p in 0..n {
        for c in 0..k {
            row[c] = planes[c * n + p];
        }
        let dst = &mut out[p * k..(p + 1) * k];
        match l {
            Loss::BceWithLogits => dst[0] = loss::sigmoid(row[0]),
            Loss::CrossEntropy => {
                loss::softmax(&row[..k], &mut probs[..k]);
                dst.copy_from_slice(&probs[..k]);
            }
            _ => dst.copy_from_slice(&row[..k]),
        }
    }
}

/// The colour `s` of the way from `a` to `b`.
#[inline]
fn mix(a: [f64; 3], b: [f64; 3], s: f64) -> [f64; 3] {
    // formula: (1 - s) a + s b
    [a[0] + s * (b[0] - a[0]), a[1] + s * (b[1] - a[1]), a[2] + s * (b[2] - a[2])]
}

#[inline]
fn write_rgba(px: &mut [u8], rgb: [f64; 3]) {
    px[0] = (rgb[0] + 0.5) as u8;
    px[1] = (rgb[1] + 0.5) as u8;
    px[2] = (rgb[2] + 0.5) as u8;
    px[3] = 255;
}

fn loss_name(l: Loss) -> &'static str {
    match l {
        Loss::Mse => "mse",
        Loss::L1 => "l1",
        Loss::BceWithLogits => "bce_with_logits",
        Loss::CrossEntropy => "cross_entropy",
    }
}

fn parse_part(part: &str) -> Result<Part, JsError> {
    match part {
        "train" => Ok(Part::Train),
        "validation" => Ok(Part::Validation),
        "test" => Ok(Part::Test),
        _ => Err(JsError::new(&format!(
            "part = \"{}\" is not allowed: expected \"train\", \"validation\" or \"test\"",
            part.chars().take(40).collect::<String>()
        ))),
    }
}

fn check_view(x_min: f64, x_max: f64, y_min: f64, y_max: f64) -> Result<ViewBox, JsError> {
    let view = ViewBox::new(x_min, x_max, y_min, y_max);
    if !view.is_valid() {
        return Err(JsError::new(&format!(
            "view = [{x_min}, {x_max}, {y_min}, {y_max}] is not allowed: expected finite edges with x_min < x_max and y_min < y_max"
        )));
    }
    Ok(view)
}
