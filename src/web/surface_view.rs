//! `SurfaceView`: a handle that owns one surface and its pixel buffers, for `<descent-surface>`.

use super::{f64s, js_err, read, set, surface_info_object};
use crate::raster::{self, Colormap, Frame, Grid, Scale};
use crate::surface::{Surface, ViewBox};
use js_sys::{Array, Object};
use wasm_bindgen::prelude::*;

/// One surface, its last rendered frame (RGBA in WASM memory) and its colour bar.
#[wasm_bindgen]
pub struct SurfaceView {
    surface: Surface,
    frame: Frame,
    colorbar: Vec<u8>,
    rendered: bool,
    colormap: Colormap,
    scratch: Vec<f64>,
    xs: Vec<f64>,
    ys: Vec<f64>,
}

impl Default for SurfaceView {
    fn default() -> Self {
        SurfaceView::new()
    }
}

#[wasm_bindgen]
impl SurfaceView {
    /// A view of the default surface (`quadratic`).
    #[wasm_bindgen(constructor)]
    pub fn new() -> SurfaceView {
        SurfaceView {
            surface: Surface::Quadratic { kappa: 10.0 },
            frame: Frame::default(),
            colorbar: Vec::new(),
            rendered: false,
            colormap: Colormap::Viridis,
            scratch: Vec::new(),
            xs: Vec::new(),
            ys: Vec::new(),
        }
    }

    /// Replace the surface (`"rosenbrock"`, `{ type: "quadratic", kappa }`, `{ type: "custom", expression, view }`).
    /// On a bad config this throws and the previous surface stays.
    #[wasm_bindgen(js_name = setSurface)]
    pub fn set_surface(&mut self, config: JsValue) -> Result<JsValue, JsError> {
        let v = read(&config, "surface")?;
        let s = Surface::from_value("surface", &v).map_err(js_err)?;
        self.surface = s;
        Ok(surface_info_object(&self.surface).into())
    }

    /// `{ name, view, minima, log_scale }` of the current surface.
    pub fn info(&self) -> JsValue {
        surface_info_object(&self.surface).into()
    }

    /// `[f, df/dx, df/dy]` at a point.
    pub fn evaluate(&self, x: f64, y: f64) -> js_sys::Float64Array {
        let g = self.surface.gradient(x, y);
        f64s(&[self.surface.value(x, y), g[0], g[1]])
    }

    /// Render the heatmap and contours of the view box into the pixel buffer. `scale` is `"log"`, `"linear"` or
    /// `"auto"` (the surface's preference); `colormap` is `"viridis"` or `"magma"`. Returns `{ min, max,
    /// non_finite, flat, message, levels, scale }`; `message` is null or a sentence for the page (nothing finite to
    /// draw, a constant function, or part of the view where f is undefined).
    #[allow(clippy::too_many_arguments)]
    pub fn render(
        &mut self,
        x_min: f64,
        x_max: f64,
        y_min: f64,
        y_max: f64,
        width: usize,
        height: usize,
        scale: &str,
        levels: usize,
        dark: bool,
    ) -> Result<JsValue, JsError> {
        let grid = self.grid(x_min, x_max, y_min, y_max, width, height)?;
        let kind = match scale {
            "log" => Scale::Log,
            "linear" => Scale::Linear,
            _ if self.surface.prefers_log_scale() => Scale::Log,
            _ => Scale::Linear,
        };
        let (s, xs, ys) = (&self.surface, &mut self.xs, &mut self.ys);
        let fill = |g: &Grid, out: &mut Vec<f64>| fill_field(s, g, xs, ys, out);
        let info = self.frame.render_with(&grid, fill, kind, self.colormap, levels, dark).map_err(js_err)?;
        self.rendered = true;
        let out = Object::new();
        set(&out, "min", info.stats.min);
        set(&out, "max", info.stats.max);
        set(&out, "non_finite", info.stats.non_finite as f64);
        set(&out, "flat", info.degenerate.is_some());
        let message = match &info.degenerate {
            Some(d) => Some(d.message()),
            None if info.stats.non_finite > 0 => Some(format!(
                "f is not defined on {:.1}% of this view (for example the log or square root of a negative number); those points are hatched.",
                100.0 * info.stats.non_finite as f64 / (width * height) as f64
            )),
            None => None,
        };
        match message {
            Some(m) => set(&out, "message", m),
            None => set(&out, "message", JsValue::NULL),
        }
        set(&out, "levels", f64s(&info.levels));
        set(&out, "scale", info.scale.kind().name());
        Ok(out.into())
    }

    /// Only evaluate f at the pixel centres (no colours, no contours): for benchmarks of where frame time goes.
    #[wasm_bindgen(js_name = sampleOnly)]
    pub fn sample_only(&mut self, x_min: f64, x_max: f64, y_min: f64, y_max: f64, width: usize, height: usize) -> Result<f64, JsError> {
        let grid = self.grid(x_min, x_max, y_min, y_max, width, height)?;
        fill_field(&self.surface, &grid, &mut self.xs, &mut self.ys, &mut self.scratch);
        Ok(self.scratch.iter().fold(0.0, |a, v| if v.is_finite() { a + v } else { a }))
    }

    /// Address of the RGBA pixels of the last frame in WASM memory.
    #[wasm_bindgen(js_name = pixelsPtr)]
    pub fn pixels_ptr(&self) -> usize {
        self.frame.rgba.as_ptr() as usize
    }

    /// Length in bytes of the RGBA pixels (`4 * width * height`).
    #[wasm_bindgen(js_name = pixelsLen)]
    pub fn pixels_len(&self) -> usize {
        self.frame.rgba.len()
    }

    /// Draw the colour bar of the last frame (top = max) into its own buffer; returns `{ ptr, len, ticks, labels,
    /// positions }` where positions are fractions of the height from the top.
    pub fn colorbar(&mut self, width: usize, height: usize) -> Result<JsValue, JsError> {
        if !self.rendered {
            return Err(JsError::new("render a frame before its colour bar"));
        }
        let info = self.frame.info();
        if !(1..=256).contains(&width) || !(1..=2048).contains(&height) {
            return Err(JsError::new("colour bar size is not allowed: expected width 1 to 256 and height 1 to 2048"));
        }
        self.colorbar.resize(width * height * 4, 0);
        raster::colorbar(&info.scale, self.colormap, width, height, &mut self.colorbar);
        let ticks = info.scale.ticks(6);
        let labels = Array::new();
        for t in &ticks {
            labels.push(&JsValue::from_str(&t.label));
        }
        let values: Vec<f64> = ticks.iter().map(|t| t.value).collect();
        let positions: Vec<f64> = ticks.iter().map(|t| 1.0 - t.t).collect();
        let out = Object::new();
        set(&out, "ptr", self.colorbar.as_ptr() as usize as f64);
        set(&out, "len", self.colorbar.len() as f64);
        set(&out, "ticks", f64s(&values));
        set(&out, "labels", labels);
        set(&out, "positions", f64s(&positions));
        Ok(out.into())
    }
}

/// Evaluate the surface at the grid's pixel centres: typed functions a row at a time on their tape, built-in
/// surfaces point by point.
fn fill_field(s: &Surface, grid: &Grid, xs: &mut Vec<f64>, ys: &mut Vec<f64>, out: &mut Vec<f64>) {
    match s {
        Surface::Custom { expr, .. } => {
            raster::grid_axes(grid, xs, ys);
            out.clear();
            out.resize(grid.width * grid.height, f64::NAN);
            expr.eval_grid(xs, ys, out);
        }
        _ => raster::sample(grid, |x, y| s.value(x, y), out),
    }
}

impl SurfaceView {
    fn grid(&self, x_min: f64, x_max: f64, y_min: f64, y_max: f64, width: usize, height: usize) -> Result<Grid, JsError> {
        let view = ViewBox::new(x_min, x_max, y_min, y_max);
        if !view.is_valid() {
            return Err(JsError::new(&format!(
                "view = [{x_min}, {x_max}, {y_min}, {y_max}] is not allowed: expected finite edges with x_min < x_max and y_min < y_max"
            )));
        }
        Grid::new(view, width, height).map_err(js_err)
    }
}

/// `ticks(lo, hi, count)` → `{ values, labels }`: "nice" axis ticks (1, 2, 5 × 10^k steps).
#[wasm_bindgen]
pub fn ticks(lo: f64, hi: f64, count: usize) -> JsValue {
    let values = if lo.is_finite() && hi.is_finite() && hi > lo { raster::nice_ticks(lo, hi, count.clamp(1, 50)) } else { Vec::new() };
    let step = if values.len() > 1 { values[1] - values[0] } else { 1.0 };
    let labels = Array::new();
    for v in &values {
        labels.push(&JsValue::from_str(&raster::format_tick(*v, step)));
    }
    let out = Object::new();
    set(&out, "values", f64s(&values));
    set(&out, "labels", labels);
    out.into()
}
