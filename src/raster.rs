//! The rasterizer of the loss-surface explorer: numbers and pixels are made here, and JS only copies the RGBA
//! buffer to a canvas (an `ImageData` over WASM memory).
//!
//! A frame is: [`sample`] $f$ at the pixel centres of a [`Grid`], take the [`stats`] of the field, build a
//! [`ColorScale`] (linear or log), [`colorize`] through a [`Colormap`] lookup table, find [`contour_levels`],
//! trace them with marching squares ([`contour_segments`]) and blend them on with antialiased lines
//! ([`draw_segments`]). [`Frame::render`] does all of it with buffers reused between frames.
//!
//! # Coordinate systems
//! - Plane: $x$ grows to the right, $y$ upwards (as in [`crate::surface`]).
//! - Pixels: column $i$ from the left, row $j$ from the **top**; pixel $(i, j)$ covers $[i, i+1]\times[j, j+1]$ in
//!   continuous pixel coordinates $(p_x, p_y)$ (the canvas convention), so its centre is $(i + \tfrac12, j + \tfrac12)$.
//!   The field is sampled at pixel centres: $x_i = x_{min} + (i + \tfrac12)\,\frac{x_{max} - x_{min}}{w}$,
//!   $y_j = y_{max} - (j + \tfrac12)\,\frac{y_{max} - y_{min}}{h}$.
//! - Contour segments are output in pixel coordinates, ready for the canvas or for [`draw_segments`].
//!
//! # Origins
//! - Marching squares: d3-contour `src/contours.js` (M. Bostock): its 16-case table (`cases`), the `above` test
//!   `value >= threshold`, linear interpolation along edges (`smoothLinear`), on the grid of sample points; here
//!   saddles (cases 5 and 10) are resolved by the average of the four corners, and each cell visits only the
//!   levels between its lowest and highest corner (a per-sample level index, walked from the neighbour's).
//! - Ticks: d3-array `src/ticks.js` (`tickSpec`: steps $\{1, 2, 5\}\times 10^k$ chosen with the thresholds
//!   $\sqrt{50}, \sqrt{10}, \sqrt{2}$, and ticks computed as `i / 10^k` so that no `0.30000000000000004` appears).
//! - Colormaps: Matt Zucker's degree-6 polynomial fits of matplotlib's viridis and magma (Shadertoy "WlfXRN",
//!   released CC0), fitted to the tables of S. van der Walt and N. Smith (matplotlib `_cm_listed.py`).
//! - Lines: distance-based antialiasing, coverage $= \mathrm{clamp}(\tfrac{w}{2} + \tfrac12 - d, 0, 1)$ with $d$
//!   the distance from the pixel centre to the segment (a box-filter approximation); coverage is combined by
//!   maximum per pixel so the joints of a polyline are not blended twice.

use crate::config::{self, ConfigResult, Value};
use crate::surface::ViewBox;
use std::sync::OnceLock;

/// Largest width or height of a grid, a colorbar or a frame, in pixels.
pub const MAX_SIZE: usize = 2048;
/// Largest number of contour levels.
pub const MAX_LEVELS: usize = 256;
/// Colour of a non-finite value in [`colorize`]: a neutral grey, a colour neither colormap contains.
pub const NAN_RGBA: [u8; 4] = [128, 128, 128, 255];
/// Decades of the log scale below the top of the range: the offset is $c = 10^{-5}(f_{max} - f_{min})$.
pub const LOG_DECADES: f64 = 5.0;
/// Entries of a colormap lookup table.
const LUT_SIZE: usize = 256;
/// A field whose range is below this fraction of its magnitude is flat (the rest is rounding noise).
const FLAT_RELATIVE: f64 = 1e-12;
/// A field whose range is below this is flat (near the subnormals, steps and logs stop being meaningful).
const TINY_RANGE: f64 = 1e-290;
/// Level index of a non-finite sample in the marching-squares row buffers.
const NON_FINITE: u16 = u16::MAX;

// ---------------------------------------------------------------------------------------------------------------
// Grid and sampling

/// A raster over a view box: `width` x `height` pixels, row 0 at the top.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Grid {
    /// The rectangle of the plane shown.
    pub view: ViewBox,
    /// Pixels per row, in `1..=MAX_SIZE`.
    pub width: usize,
    /// Rows, in `1..=MAX_SIZE`.
    pub height: usize,
}

impl Grid {
    /// A checked grid (sizes in `1..=MAX_SIZE`, a valid view box); errors name `grid.width`, `grid.height`, `grid.view`.
    pub fn new(view: ViewBox, width: usize, height: usize) -> ConfigResult<Grid> {
        let g = Grid { view, width, height };
        g.check("grid")?;
        Ok(g)
    }

    /// Check the sizes and the view box, naming fields under `path`.
    pub fn check(&self, path: &str) -> ConfigResult<()> {
        let allowed = || format!("a whole number in [1, {MAX_SIZE}]");
        if !(1..=MAX_SIZE).contains(&self.width) {
            return config::err(&config::join(path, "width"), self.width.to_string(), allowed());
        }
        if !(1..=MAX_SIZE).contains(&self.height) {
            return config::err(&config::join(path, "height"), self.height.to_string(), allowed());
        }
        if !self.view.is_valid() {
            let v = self.view;
            let seen = format!(
                "[{}, {}, {}, {}]",
                config::fmt_num(v.x_min),
                config::fmt_num(v.x_max),
                config::fmt_num(v.y_min),
                config::fmt_num(v.y_max)
            );
            return config::err(
                &config::join(path, "view"),
                seen,
                "finite [x_min, x_max, y_min, y_max] with x_min < x_max, y_min < y_max",
            );
        }
        Ok(())
    }

    /// Whether [`Grid::check`] passes (without building an error).
    pub fn is_valid(&self) -> bool {
        (1..=MAX_SIZE).contains(&self.width) && (1..=MAX_SIZE).contains(&self.height) && self.view.is_valid()
    }

    /// Number of pixels, `width * height`.
    pub fn pixel_count(&self) -> usize {
        self.width.saturating_mul(self.height)
    }

    /// $x$ at the centre of column `i`: $x_{min} + (i + \tfrac12)(x_{max} - x_{min})/w$.
    #[inline]
    pub fn x_at(&self, i: usize) -> f64 {
        let v = &self.view;
        // formula: x = x_min + (i + 0.5) (x_max - x_min) / width
        v.x_min + (i as f64 + 0.5) * (v.x_max - v.x_min) / self.width.max(1) as f64
    }

    /// $y$ at the centre of row `j` (row 0 at the top): $y_{max} - (j + \tfrac12)(y_{max} - y_{min})/h$.
    #[inline]
    pub fn y_at(&self, j: usize) -> f64 {
        let v = &self.view;
        // formula: y = y_max - (j + 0.5) (y_max - y_min) / height
        v.y_max - (j as f64 + 0.5) * (v.y_max - v.y_min) / self.height.max(1) as f64
    }

    /// Continuous pixel coordinates of a point of the plane; the centre of pixel $(i, j)$ is $(i + \tfrac12, j + \tfrac12)$.
    #[inline]
    pub fn to_pixel(&self, x: f64, y: f64) -> (f64, f64) {
        let v = &self.view;
        // formula: p_x = (x - x_min) w / (x_max - x_min),  p_y = (y_max - y) h / (y_max - y_min)
        let px = (x - v.x_min) * self.width as f64 / (v.x_max - v.x_min);
        let py = (v.y_max - y) * self.height as f64 / (v.y_max - v.y_min);
        (px, py)
    }

    /// The point of the plane at continuous pixel coordinates (the inverse of [`Grid::to_pixel`]).
    #[inline]
    pub fn from_pixel(&self, px: f64, py: f64) -> (f64, f64) {
        let v = &self.view;
        // formula: x = x_min + p_x (x_max - x_min) / w,  y = y_max - p_y (y_max - y_min) / h
        let x = v.x_min + px * (v.x_max - v.x_min) / self.width.max(1) as f64;
        let y = v.y_max - py * (v.y_max - v.y_min) / self.height.max(1) as f64;
        (x, y)
    }
}

/// Evaluate `f` at every pixel centre into `out` (row-major, row 0 at the top, length `width * height`).
///
/// `out` is cleared first and keeps its capacity. An unchecked grid that fails [`Grid::check`] leaves it empty.
pub fn sample(grid: &Grid, f: impl Fn(f64, f64) -> f64, out: &mut Vec<f64>) {
    out.clear();
    if !grid.is_valid() {
        return;
    }
    out.reserve(grid.pixel_count());
    for j in 0..grid.height {
        let y = grid.y_at(j);
        out.extend((0..grid.width).map(|i| f(grid.x_at(i), y)));
    }
}

/// The pixel-centre coordinates of a grid: `xs[i]` for each column, `ys[j]` for each row (top row first).
pub fn grid_axes(grid: &Grid, xs: &mut Vec<f64>, ys: &mut Vec<f64>) {
    xs.clear();
    ys.clear();
    xs.extend((0..grid.width).map(|i| grid.x_at(i)));
    ys.extend((0..grid.height).map(|j| grid.y_at(j)));
}

/// Range of the finite values of a field, and how many are not finite.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct FieldStats {
    /// Smallest finite value (NaN when there is none: see [`FieldStats::finite`]).
    pub min: f64,
    /// Largest finite value (NaN when there is none).
    pub max: f64,
    /// Count of NaN and infinite values.
    pub non_finite: usize,
    /// Count of finite values.
    pub finite: usize,
}

/// Min and max over the finite values, and the count of the others.
pub fn stats(values: &[f64]) -> FieldStats {
    // Four independent lanes of branch-free selects, so the loop pipelines (and vectorizes).
    const LANES: usize = 4;
    let (mut lo, mut hi, mut count) = ([f64::INFINITY; LANES], [f64::NEG_INFINITY; LANES], [0usize; LANES]);
    let chunks = values.chunks_exact(LANES);
    let rest = chunks.remainder();
    let mut lane = |l: usize, v: f64| {
        let ok = v.is_finite();
        count[l] += ok as usize;
        let (a, b) = if ok { (v, v) } else { (f64::INFINITY, f64::NEG_INFINITY) };
        lo[l] = if a < lo[l] { a } else { lo[l] };
        hi[l] = if b > hi[l] { b } else { hi[l] };
    };
    for c in chunks {
        for (l, &v) in c.iter().enumerate() {
            lane(l, v);
        }
    }
    for &v in rest {
        lane(0, v);
    }
    let mut min = lo.iter().fold(f64::INFINITY, |m, &v| m.min(v));
    let mut max = hi.iter().fold(f64::NEG_INFINITY, |m, &v| m.max(v));
    let finite: usize = count.iter().sum();
    if finite == 0 {
        (min, max) = (f64::NAN, f64::NAN);
    }
    FieldStats { min, max, non_finite: values.len() - finite, finite }
}

// ---------------------------------------------------------------------------------------------------------------
// Colour scale

/// How values map to colours.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scale {
    /// $t = (f - f_{min}) / (f_{max} - f_{min})$.
    Linear,
    /// $t$ linear in $\log_{10}(f - f_{min} + c)$, $c = 10^{-5}(f_{max} - f_{min})$: five decades below the top,
    /// and a minimum of exactly 0 still has a finite colour.
    Log,
}

impl Scale {
    /// Config names, in order.
    pub const NAMES: [&'static str; 2] = ["linear", "log"];

    /// Read `"linear"` or `"log"`.
    pub fn from_value(path: &str, v: &Value) -> ConfigResult<Scale> {
        match v {
            Value::Str(s) if s == "linear" => Ok(Scale::Linear),
            Value::Str(s) if s == "log" => Ok(Scale::Log),
            other => config::err(path, other.describe(), "\"linear\" or \"log\""),
        }
    }

    /// The config name.
    pub fn name(self) -> &'static str {
        match self {
            Scale::Linear => "linear",
            Scale::Log => "log",
        }
    }
}

/// Maps a value to $t \in [0, 1]$ (0 = bottom of the colormap) and back, for the colorbar labels.
///
/// Internally each value goes to a "scale space" $s$ ($s = f/2$ for linear, $s = \log_{10}$ of half the shifted value
/// for log: halves keep $f_{max} - f_{min}$ finite for any finite range) and $t = (s - s_{lo}) / (s_{hi} - s_{lo})$.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ColorScale {
    kind: Scale,
    min: f64,
    max: f64,
    /// Half of the log offset $c$ (0 for linear).
    half_offset: f64,
    /// $s(f_{min})$.
    lo: f64,
    /// $s(f_{max})$.
    hi: f64,
    flat: bool,
}

impl ColorScale {
    /// A scale over `[min, max]` (swapped if reversed). A non-finite bound, or a range below $10^{-12}$ of the
    /// magnitude or below $10^{-290}$, gives a flat scale ([`ColorScale::is_flat`]) that maps every value to $t = \tfrac12$.
    pub fn new(min: f64, max: f64, kind: Scale) -> ColorScale {
        let (mut min, mut max) = if min <= max { (min, max) } else { (max, min) };
        if !(min.is_finite() && max.is_finite()) {
            (min, max) = (0.0, 0.0);
        }
        // formula: (f_max - f_min) / 2, finite for any finite bounds
        let half_span = 0.5 * max - 0.5 * min;
        let flat = half_span <= 0.5 * FLAT_RELATIVE * min.abs().max(max.abs()) || half_span <= 0.5 * TINY_RANGE;
        let half_offset = match kind {
            Scale::Linear => 0.0,
            // formula: c = 10^-5 (f_max - f_min), kept positive
            Scale::Log => (half_span * 10f64.powf(-LOG_DECADES)).max(f64::MIN_POSITIVE),
        };
        let mut s = ColorScale { kind, min, max, half_offset, lo: 0.0, hi: 0.0, flat };
        s.lo = s.s_of(min);
        s.hi = s.s_of(max);
        let ordered = s.hi > s.lo;
        if !ordered {
            s.flat = true;
        }
        s
    }

    /// The scale of a field's finite range (flat when there is no finite value).
    pub fn from_stats(st: &FieldStats, kind: Scale) -> ColorScale {
        if st.finite == 0 {
            ColorScale::new(0.0, 0.0, kind)
        } else {
            ColorScale::new(st.min, st.max, kind)
        }
    }

    /// Linear or log.
    pub fn kind(&self) -> Scale {
        self.kind
    }

    /// Value at $t = 0$.
    pub fn min(&self) -> f64 {
        self.min
    }

    /// Value at $t = 1$.
    pub fn max(&self) -> f64 {
        self.max
    }

    /// The log offset $c$ (0 for a linear scale).
    pub fn offset(&self) -> f64 {
        2.0 * self.half_offset
    }

    /// Whether the range is empty (all values equal, or none finite).
    pub fn is_flat(&self) -> bool {
        self.flat
    }

    /// Scale space: $s = f/2$ (linear) or $s = \log_{10}\big((f - f_{min} + c)/2\big)$ (log).
    #[inline]
    fn s_of(&self, v: f64) -> f64 {
        match self.kind {
            // formula: s = f / 2
            Scale::Linear => 0.5 * v,
            // formula: s = log10((f - f_min + c) / 2), the argument kept positive below f_min - c
            Scale::Log => ((0.5 * v - 0.5 * self.min) + self.half_offset).max(f64::MIN_POSITIVE).log10(),
        }
    }

    /// Inverse of [`ColorScale::s_of`].
    #[inline]
    fn value_of_s(&self, s: f64) -> f64 {
        match self.kind {
            // formula: f = 2 s
            Scale::Linear => 2.0 * s,
            // formula: f = f_min + 2 * 10^s - c
            Scale::Log => 2.0 * (0.5 * self.min + (10f64.powf(s) - self.half_offset)),
        }
    }

    /// $t \in [0, 1]$ of a value (clamped outside the range; $\tfrac12$ on a flat scale; NaN stays NaN).
    #[inline]
    pub fn normalize(&self, v: f64) -> f64 {
        if v.is_nan() {
            return f64::NAN;
        }
        if self.flat {
            return 0.5;
        }
        self.t_unclamped(v).clamp(0.0, 1.0)
    }

    /// $t$ without clamping (values below the range give $t < 0$; far below a log range, very negative).
    fn t_unclamped(&self, v: f64) -> f64 {
        // formula: t = (s(f) - s_lo) / (s_hi - s_lo)
        (self.s_of(v) - self.lo) / (self.hi - self.lo)
    }

    /// The value at $t$ (clamped to $[0, 1]$): the inverse of [`ColorScale::normalize`], for colorbar labels.
    pub fn invert(&self, t: f64) -> f64 {
        if self.flat {
            return self.min;
        }
        let t = if t.is_nan() { 0.5 } else { t.clamp(0.0, 1.0) };
        if t == 1.0 {
            return self.max;
        }
        if t == 0.0 {
            return self.min;
        }
        // formula: f = s^-1(s_lo + t (s_hi - s_lo))
        self.value_of_s(self.lo + t * (self.hi - self.lo)).clamp(self.min, self.max)
    }

    /// About `count` colorbar ticks, each with its value, its $t$ and its label: d3-style nice ticks on a linear
    /// scale; on a log scale $f_{min}$ at the bottom, then the values where $f - f_{min}$ is a power of ten (see
    /// [`log_ticks`]; `count` is not used), rounded to the fewest digits that keep them within 1% of the bar.
    /// A flat scale has one tick at $t = \tfrac12$.
    pub fn ticks(&self, count: usize) -> Vec<Tick> {
        let mut out = Vec::new();
        if self.flat {
            if self.min.is_finite() {
                out.push(Tick { value: self.min, t: 0.5, label: format_tick(self.min, f64::NAN) });
            }
            return out;
        }
        match self.kind {
            Scale::Linear => {
                let step = tick_step(self.min, self.max, count);
                for v in nice_ticks(self.min, self.max, count) {
                    out.push(Tick { value: v, t: self.normalize(v), label: format_tick(v, step) });
                }
            }
            Scale::Log => {
                // The bottom of the bar, then f where f - f_min is a power of ten (or 1, 2, 5 times one) between
                // c and f_max - f_min; labels rounded to the fewest digits that stay within 1% of the bar.
                let bottom = simplest_near(self.min, |r| self.t_unclamped(r).abs() <= 0.01);
                out.push(Tick { value: self.min, t: 0.0, label: format_tick(bottom, f64::NAN) });
                let c = self.offset();
                let span = 2.0 * (0.5 * self.max - 0.5 * self.min);
                let mut last_t = 0.0;
                for d in log_ticks(c, span) {
                    // formula: f = f_min + d
                    let f = self.min + d;
                    let t0 = self.normalize(f);
                    let v = simplest_near(f, |r| (self.normalize(r) - t0).abs() <= 0.01);
                    let t = self.normalize(v);
                    // Keep labels at least 4% of the bar apart.
                    if t - last_t >= 0.04 && v <= self.max {
                        out.push(Tick { value: v, t, label: format_tick(v, f64::NAN) });
                        last_t = t;
                    }
                }
            }
        }
        out
    }
}

/// A colorbar tick: its value, its position $t$ (0 = bottom, 1 = top) and its label.
#[derive(Clone, Debug, PartialEq)]
pub struct Tick {
    /// The value.
    pub value: f64,
    /// Position along the bar, $t \in [0, 1]$.
    pub t: f64,
    /// Text, e.g. `"0.5"`, `"1e-3"`.
    pub label: String,
}

// ---------------------------------------------------------------------------------------------------------------
// Colormaps

/// A perceptually uniform colormap, dark at $t = 0$ and light at $t = 1$.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Colormap {
    /// matplotlib's viridis: dark purple, blue, green, yellow.
    Viridis,
    /// matplotlib's magma: black, purple, orange, pale yellow.
    Magma,
}

/// Matt Zucker's degree-6 fit of viridis (Shadertoy "WlfXRN", CC0): rows $c_0..c_6$, columns r, g, b.
const VIRIDIS_POLY: [[f64; 3]; 7] = [
    [0.2777273272234177, 0.005407344544966578, 0.3340998053353061],
    [0.1050930431085774, 1.404613529898575, 1.384590162594685],
    [-0.3308618287255563, 0.214847559468213, 0.09509516302823659],
    [-4.634230498983486, -5.799100973351585, -19.33244095627987],
    [6.228269936347081, 14.17993336680509, 56.69055260068105],
    [4.776384997670288, -13.74514537774601, -65.35303263337234],
    [-5.435455855934631, 4.645852612178535, 26.3124352495832],
];

/// Matt Zucker's degree-6 fit of magma (same source).
const MAGMA_POLY: [[f64; 3]; 7] = [
    [-0.002136485053939582, -0.000749655052795221, -0.005386127855323933],
    [0.2516605407371642, 0.6775232436837668, 2.494026599312351],
    [8.353717279216625, -3.577719514958484, 0.3144679030132573],
    [-27.66873308576866, 14.26473078096533, -13.64921318813922],
    [52.17613981234068, -27.94360607168351, 12.94416944238394],
    [-50.76852536473588, 29.04658282127291, 4.23415299384598],
    [18.65570506591883, -11.48977351997711, -5.601961508734096],
];

impl Colormap {
    /// Config names, in order.
    pub const NAMES: [&'static str; 2] = ["viridis", "magma"];

    /// Read `"viridis"` or `"magma"`.
    pub fn from_value(path: &str, v: &Value) -> ConfigResult<Colormap> {
        match v {
            Value::Str(s) if s == "viridis" => Ok(Colormap::Viridis),
            Value::Str(s) if s == "magma" => Ok(Colormap::Magma),
            other => config::err(path, other.describe(), "\"viridis\" or \"magma\""),
        }
    }

    /// The config name.
    pub fn name(self) -> &'static str {
        match self {
            Colormap::Viridis => "viridis",
            Colormap::Magma => "magma",
        }
    }

    /// The polynomial fit at $t \in [0, 1]$: $\mathrm{rgb}(t) = \sum_{k=0}^{6} c_k t^k$, each channel clamped to $[0, 1]$.
    pub fn eval(self, t: f64) -> [f64; 3] {
        let c = match self {
            Colormap::Viridis => &VIRIDIS_POLY,
            Colormap::Magma => &MAGMA_POLY,
        };
        let t = if t.is_nan() { 0.0 } else { t.clamp(0.0, 1.0) };
        let mut rgb = [0.0; 3];
        for (ch, out) in rgb.iter_mut().enumerate() {
            // formula: c0 + t (c1 + t (c2 + t (c3 + t (c4 + t (c5 + t c6)))))  (Horner)
            let v = c.iter().rev().fold(0.0, |acc, row| acc * t + row[ch]);
            *out = v.clamp(0.0, 1.0);
        }
        rgb
    }

    /// The 256-entry RGBA lookup table (built once): entry $k$ is [`Colormap::eval`] at $t = k/255$.
    pub fn lut(self) -> &'static [[u8; 4]; LUT_SIZE] {
        static VIRIDIS: OnceLock<[[u8; 4]; LUT_SIZE]> = OnceLock::new();
        static MAGMA: OnceLock<[[u8; 4]; LUT_SIZE]> = OnceLock::new();
        let cell = match self {
            Colormap::Viridis => &VIRIDIS,
            Colormap::Magma => &MAGMA,
        };
        cell.get_or_init(|| {
            let mut lut = [[0u8; 4]; LUT_SIZE];
            for (k, e) in lut.iter_mut().enumerate() {
                let rgb = self.eval(k as f64 / (LUT_SIZE - 1) as f64);
                // formula: channel = round(255 c)
                *e = [to_byte(rgb[0]), to_byte(rgb[1]), to_byte(rgb[2]), 255];
            }
            lut
        })
    }

    /// The table entry for $t \in [0, 1]$: index $\lfloor 256\,t \rfloor$, clamped to 255.
    #[inline]
    pub fn at(self, t: f64) -> [u8; 4] {
        self.lut()[lut_index(t)]
    }
}

#[inline]
fn to_byte(c: f64) -> u8 {
    (c.clamp(0.0, 1.0) * 255.0).round() as u8
}

/// Table index of $t$: $\min(\lfloor 256\,t \rfloor, 255)$ (NaN and negatives give 0).
#[inline]
fn lut_index(t: f64) -> usize {
    ((t * LUT_SIZE as f64) as usize).min(LUT_SIZE - 1)
}

/// $\lfloor f \rfloor$ for $0 \le f \le 255$, as a table index, without a float-to-integer conversion
/// (WebAssembly engines range-check each one, which costs more than the rest of a pixel): adding
/// $1.5 \cdot 2^{52}$ rounds $f - \tfrac12 + 2^{-10}$ to a whole number held in the low bits. The $2^{-10}$ makes
/// whole numbers map to themselves; only values within $2^{-10}$ below a whole number may go one entry up, which
/// no colour shows.
#[inline(always)]
pub fn floor_index(f: f64) -> usize {
    const ROUNDER: f64 = 6_755_399_441_055_744.0;
    ((f - (0.5 - 1.0 / 1024.0)) + ROUNDER).to_bits() as usize & 0xffff
}

/// WCAG relative luminance of an sRGB colour.
fn luminance(c: [u8; 4]) -> f64 {
    let lin = |u: u8| {
        let v = u as f64 / 255.0;
        // formula: sRGB decoding, v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055)^2.4
        if v <= 0.04045 {
            v / 12.92
        } else {
            ((v + 0.055) / 1.055).powf(2.4)
        }
    };
    // formula: L = 0.2126 R + 0.7152 G + 0.0722 B
    0.2126 * lin(c[0]) + 0.7152 * lin(c[1]) + 0.0722 * lin(c[2])
}

/// Fill `rgba` (4 bytes per value) with the colours of `values`; non-finite values get [`NAN_RGBA`], and a flat
/// scale gives every finite value the middle colour. Extra bytes on either side are left alone.
pub fn colorize(values: &[f64], scale: &ColorScale, colormap: Colormap, rgba: &mut [u8]) {
    let lut = colormap.lut();
    let px = rgba.chunks_exact_mut(4).zip(values.iter());
    if scale.flat {
        let mid = lut[LUT_SIZE / 2];
        for (p, &v) in px {
            p.copy_from_slice(if v.is_finite() { &mid } else { &NAN_RGBA });
        }
        return;
    }
    match scale.kind {
        Scale::Linear => {
            // formula: index = floor(256 (f/2 - s_lo) / (s_hi - s_lo)), clamped to the table
            let mul = LUT_SIZE as f64 / (scale.hi - scale.lo);
            let top = (LUT_SIZE - 1) as f64;
            for (p, &v) in px {
                let f = (0.5 * v - scale.lo) * mul;
                let f = if f > 0.0 { f } else { 0.0 };
                let f = if f < top { f } else { top };
                let c = if v.is_finite() { lut[floor_index(f)] } else { NAN_RGBA };
                // (a whole [u8; 4]: one 32-bit store)
                if let Ok(p) = <&mut [u8; 4]>::try_from(p) {
                    *p = c;
                }
            }
        }
        Scale::Log => {
            // The value where each table entry starts, bounds[k] = f(t = k/256): comparisons then replace a
            // log10 per pixel.
            let mut bounds = [f64::NEG_INFINITY; LUT_SIZE];
            for (k, b) in bounds.iter_mut().enumerate().skip(1) {
                *b = scale.invert(k as f64 / LUT_SIZE as f64);
            }
            // Neighbouring pixels are mostly a few entries apart: walk from the last entry, search if it is far.
            let mut k = 0;
            for (p, &v) in px {
                let c = if v.is_finite() {
                    k = walk_bounds(&bounds, v, k);
                    &lut[k]
                } else {
                    &NAN_RGBA
                };
                p.copy_from_slice(c);
            }
        }
    }
}

/// [`search_bounds`] starting from a guess `k`: up to four steps up or down, then a binary search.
#[inline]
fn walk_bounds(bounds: &[f64; LUT_SIZE], v: f64, mut k: usize) -> usize {
    for _ in 0..4 {
        if bounds[k] > v {
            k -= 1; // bounds[0] is -inf, so k > 0 here
        } else if k + 1 < LUT_SIZE && bounds[k + 1] <= v {
            k += 1;
        } else {
            return k;
        }
    }
    search_bounds(bounds, v)
}

/// The largest `k` with `bounds[k] <= v` (`bounds[0]` is $-\infty$, `bounds` ascending).
#[inline]
fn search_bounds(bounds: &[f64; LUT_SIZE], v: f64) -> usize {
    let mut k = 0;
    let mut step = LUT_SIZE / 2;
    while step > 0 {
        if bounds[k + step] <= v {
            k += step;
        }
        step /= 2;
    }
    k
}

/// The two greys of the hatch over non-finite values, per theme.
fn hatch_colors(theme_dark: bool) -> [[u8; 4]; 2] {
    if theme_dark {
        [[58, 58, 64, 255], [84, 84, 92, 255]]
    } else {
        [[196, 196, 202, 255], [226, 226, 232, 255]]
    }
}

/// Paint non-finite values with diagonal stripes (4 px wide, two greys of the theme), so undefined regions read
/// as "no value" rather than as a colour of the map. `values` is row-major with `width` columns.
pub fn hatch_non_finite(values: &[f64], width: usize, theme_dark: bool, rgba: &mut [u8]) {
    if width == 0 {
        return;
    }
    let greys = hatch_colors(theme_dark);
    for (idx, (p, &v)) in rgba.chunks_exact_mut(4).zip(values.iter()).enumerate() {
        if !v.is_finite() {
            let (i, j) = (idx % width, idx / width);
            p.copy_from_slice(&greys[((i + j) / 4) % 2]);
        }
    }
}

/// A vertical colorbar, `width` x `height`, top row = the top of the scale ($t = 1$). The colours are those
/// [`colorize`] gives (a log scale changes the labels, from [`ColorScale::ticks`], not the bar).
pub fn colorbar(scale: &ColorScale, colormap: Colormap, width: usize, height: usize, rgba: &mut [u8]) {
    if width == 0 || height == 0 || width > MAX_SIZE || height > MAX_SIZE {
        return;
    }
    let lut = colormap.lut();
    for (j, row) in rgba.chunks_exact_mut(4 * width).take(height).enumerate() {
        // formula: t = 1 - (j + 0.5) / height
        let t = if scale.flat { 0.5 } else { 1.0 - (j as f64 + 0.5) / height as f64 };
        let c = lut[lut_index(t)];
        for p in row.chunks_exact_mut(4) {
            p.copy_from_slice(&c);
        }
    }
}

// ---------------------------------------------------------------------------------------------------------------
// Ticks, levels and labels

/// $10^k$, correctly rounded for $|k| \le 22$ (the powers of ten that are exact in binary64, or their reciprocals).
fn pow10(k: i32) -> f64 {
    if k < 0 {
        1.0 / 10f64.powi(-k)
    } else {
        10f64.powi(k)
    }
}

/// `v` rounded to a multiple of $10^p$, as `i / 10^-p` for $p < 0$ so that decimals come out as typed
/// (`v` unchanged where $10^{|p|}$ overflows or the product does).
fn round_decimal(v: f64, p: i32) -> f64 {
    let k = pow10(p.abs());
    let r = if p < 0 { (v * k).round() / k } else { (v / k).round() * k };
    if k.is_finite() && r.is_finite() {
        r
    } else {
        v
    }
}

/// Exponent of the last significant digit of a positive step: 0.25 -> -2, 0.5 -> -1, 1 -> 0, 250 -> 1.
fn last_digit_exponent(step: f64) -> i32 {
    let mut p = step.log10().floor() as i32;
    for _ in 0..4 {
        let r = round_decimal(step, p);
        if (r - step).abs() <= 1e-6 * step {
            break;
        }
        p -= 1;
    }
    p
}

/// The value with the fewest significant digits near `v` that `accept` takes (`v` itself if none is).
fn simplest_near(v: f64, accept: impl Fn(f64) -> bool) -> f64 {
    if v == 0.0 || !v.is_finite() {
        return v;
    }
    // (log10 rather than decimal_exponent: no allocation, and an off-by-one start costs one more try.)
    let e = v.abs().log10().floor() as i32;
    ((e - 16)..=(e + 1)).rev().map(|p| round_decimal(v, p)).find(|&r| r.is_finite() && accept(r)).unwrap_or(v)
}

/// d3's `tickSpec`: `(i1, i2, inc)`, ticks `i / -inc` when `inc < 0`, else `i * inc`.
fn tick_spec(start: f64, stop: f64, count: f64) -> Option<(f64, f64, f64)> {
    // formula: raw step = (stop - start) / count, computed on halves so it stays finite
    let step = (0.5 * stop - 0.5 * start) / count * 2.0;
    if !(step.is_finite() && step > 0.0) {
        return None;
    }
    let power = step.log10().floor();
    // formula: error = step / 10^power in [1, 10): pick the factor 1, 2, 5 or 10 (thresholds sqrt 2, sqrt 10, sqrt 50)
    let error = step / pow10(power as i32);
    let factor = if error >= 50f64.sqrt() {
        10.0
    } else if error >= 10f64.sqrt() {
        5.0
    } else if error >= 2f64.sqrt() {
        2.0
    } else {
        1.0
    };
    let (mut i1, mut i2, inc);
    if power < 0.0 {
        let k = pow10(-power as i32) / factor;
        i1 = (start * k).round();
        i2 = (stop * k).round();
        if i1 / k < start {
            i1 += 1.0;
        }
        if i2 / k > stop {
            i2 -= 1.0;
        }
        inc = -k;
    } else {
        let k = pow10(power as i32) * factor;
        i1 = (start / k).round();
        i2 = (stop / k).round();
        if i1 * k < start {
            i1 += 1.0;
        }
        if i2 * k > stop {
            i2 -= 1.0;
        }
        inc = k;
    }
    if i2 < i1 && (0.5..2.0).contains(&count) {
        return tick_spec(start, stop, count * 2.0);
    }
    // Integers beyond 2^53 would repeat; inc must be usable.
    if !(inc.is_finite() && inc != 0.0 && i1.abs() < 9.0e15 && i2.abs() < 9.0e15) {
        return None;
    }
    Some((i1, i2, inc))
}

/// The $i$-th multiple of a tick increment in d3's representation.
#[inline]
fn tick_value(i: f64, inc: f64) -> f64 {
    if inc < 0.0 {
        i / -inc
    } else {
        i * inc
    }
}

/// About `count` "nice" ticks covering `[lo, hi]`, like `d3.ticks`: multiples of $\{1, 2, 5\}\times 10^k$,
/// exact decimals (`0.3`, not `0.30000000000000004`), in the order of `lo`, `hi` (descending if `lo > hi`).
/// `lo == hi` gives `[lo]`; `count == 0` or a non-finite bound gives none.
pub fn nice_ticks(lo: f64, hi: f64, count: usize) -> Vec<f64> {
    if count == 0 || !lo.is_finite() || !hi.is_finite() {
        return Vec::new();
    }
    if lo == hi {
        return vec![lo];
    }
    let count = count.min(10_000) as f64;
    let reverse = hi < lo;
    let (a, b) = if reverse { (hi, lo) } else { (lo, hi) };
    let Some((i1, i2, inc)) = tick_spec(a, b, count) else { return Vec::new() };
    if i2 < i1 || i2 - i1 > 4.0 * count + 16.0 {
        return Vec::new();
    }
    let n = (i2 - i1) as usize + 1;
    (0..n).map(|i| if reverse { tick_value(i2 - i as f64, inc) } else { tick_value(i1 + i as f64, inc) }).collect()
}

/// The step between the ticks of [`nice_ticks`] (positive; NaN when there are none), for [`format_tick`].
pub fn tick_step(lo: f64, hi: f64, count: usize) -> f64 {
    if count == 0 || !lo.is_finite() || !hi.is_finite() || lo == hi {
        return f64::NAN;
    }
    let (a, b) = if hi < lo { (hi, lo) } else { (lo, hi) };
    match tick_spec(a, b, count.min(10_000) as f64) {
        Some((_, _, inc)) if inc < 0.0 => 1.0 / -inc,
        Some((_, _, inc)) => inc,
        None => f64::NAN,
    }
}

/// Ticks of a log axis over `[lo, hi]` (both $> 0$; swapped if reversed), ascending: powers of ten when the range
/// spans 3 decades or more (every 2nd, 3rd... when more than 10), $\{1, 2, 5\}\times 10^k$ over 1 to 3 decades,
/// $\{1, \dots, 9\}\times 10^k$ below, and [`nice_ticks`] when that still gives fewer than two. None when
/// `lo <= 0` or a bound is not finite.
pub fn log_ticks(lo: f64, hi: f64) -> Vec<f64> {
    let (lo, hi) = if hi < lo { (hi, lo) } else { (lo, hi) };
    if !(lo > 0.0 && hi.is_finite()) {
        return Vec::new();
    }
    // formula: decades = log10(hi / lo)
    let decades = hi.log10() - lo.log10();
    let e_lo = lo.log10().floor() as i32 - 1;
    let e_hi = hi.log10().ceil() as i32 + 1;
    let mantissas: &[f64] = if decades >= 3.0 {
        &[1.0]
    } else if decades >= 1.0 {
        &[1.0, 2.0, 5.0]
    } else {
        &[1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0]
    };
    let mut out = Vec::new();
    for e in e_lo..=e_hi {
        for &m in mantissas {
            // formula: m 10^e, as m / 10^-e for e < 0 (an exact decimal)
            let v = if e < 0 { m / pow10(-e) } else { m * pow10(e) };
            if v >= lo && v <= hi {
                out.push(v);
            }
        }
    }
    if mantissas.len() == 1 && out.len() > 10 {
        let stride = out.len().div_ceil(10);
        out = out.into_iter().step_by(stride).collect();
    }
    if out.len() < 2 {
        return nice_ticks(lo, hi, 5);
    }
    out
}

/// Format a tick value with the precision its step implies: `"0.5"`, `"-2"`, `"1e-3"`, `"2.5e6"`; never
/// `"0.30000000000000004"` nor `"-0"`. With a step, the exponent form is used when the step is below 0.01 or at
/// least $10^5$ (or the value at least $10^9$), so all the ticks of an axis look alike. Without one (a step that
/// is NaN or not positive) the value is rounded to 6 significant digits, written in its shortest form, in
/// exponent form below 0.01 or from $10^5$ on.
pub fn format_tick(v: f64, step: f64) -> String {
    if !v.is_finite() {
        return config::fmt_num(v);
    }
    let (r, p, exponent_form) = if step.is_finite() && step > 0.0 {
        // The exponent of the last digit the step needs, e.g. 0.25 -> -2.
        let p = last_digit_exponent(step);
        let r = round_decimal(v, p);
        if r == 0.0 || (v / step).abs() < 0.5 {
            return "0".to_string();
        }
        (r, p, !(0.01..1e5).contains(&step) || r.abs() >= 1e9)
    } else {
        if v == 0.0 {
            return "0".to_string();
        }
        let (r, p) = significant(v, 6);
        (r, p, r.abs() < 0.01 || r.abs() >= 1e5)
    };
    if exponent_form {
        // Significant digits after the point: exponent of the value minus that of the last digit.
        let digits = (decimal_exponent(r) - p).clamp(0, 16) as usize;
        trim_mantissa(&format!("{r:.digits$e}"))
    } else {
        let decimals = (-p).clamp(0, 17) as usize;
        format!("{r:.decimals$}")
    }
}

/// `v` rounded to `digits` significant digits, and the exponent of its last non-zero digit.
fn significant(v: f64, digits: i32) -> (f64, i32) {
    let e = decimal_exponent(v);
    let mut p = e - (digits - 1);
    let r = round_decimal(v, p);
    // The coarsest unit that still writes r exactly (r may have carried into the next decade).
    while p <= e && round_decimal(r, p + 1) == r {
        p += 1;
    }
    (r, p)
}

/// The decimal exponent of a finite non-zero value, as Rust's shortest `{:e}` writes it (1000 -> 3, 0.00999 -> -3).
fn decimal_exponent(v: f64) -> i32 {
    let s = format!("{v:e}");
    s.split_once('e').and_then(|(_, e)| e.parse::<i32>().ok()).unwrap_or(0)
}

/// `"1.50e-4"` -> `"1.5e-4"`, `"1.0e-3"` -> `"1e-3"`.
fn trim_mantissa(s: &str) -> String {
    match s.split_once('e') {
        Some((m, e)) if m.contains('.') => {
            let m = m.trim_end_matches('0').trim_end_matches('.');
            format!("{m}e{e}")
        }
        _ => s.to_string(),
    }
}

/// At most `n` contour levels (`n` capped at [`MAX_LEVELS`]) strictly inside the scale's range, ascending.
///
/// Linear: the multiples of the smallest step in $\{1, 2, 5\}\times 10^k$ that gives at most `n` of them (so between
/// about $n/2.5$ and $n$ levels, evenly spaced, exact decimals). Log: $n$ levels evenly spaced in
/// $\log_{10}(f - f_{min} + c)$, each rounded to the fewest significant digits that keep it within a quarter of the
/// spacing. A flat scale has none.
pub fn contour_levels(scale: &ColorScale, n: usize) -> Vec<f64> {
    let mut out = Vec::new();
    contour_levels_into(scale, n, &mut out);
    out
}

/// [`contour_levels`] into a reused buffer (cleared first).
pub fn contour_levels_into(scale: &ColorScale, n: usize, out: &mut Vec<f64>) {
    out.clear();
    let n = n.min(MAX_LEVELS);
    if n == 0 || scale.flat {
        return;
    }
    match scale.kind {
        Scale::Linear => linear_levels(scale.min, scale.max, n, out),
        Scale::Log => {
            // formula: s_k = s_lo + k (s_hi - s_lo) / (n + 1), k = 1..n
            let ds = (scale.hi - scale.lo) / (n + 1) as f64;
            for k in 1..=n {
                let s_k = scale.lo + k as f64 * ds;
                let f_k = scale.value_of_s(s_k);
                let v =
                    simplest_near(f_k, |r| r > scale.min && r < scale.max && (scale.s_of(r) - s_k).abs() <= 0.25 * ds);
                if v > scale.min && v < scale.max && out.last().map_or(true, |&last| v > last) {
                    out.push(v);
                }
            }
        }
    }
}

/// Multiples of the smallest nice step with at most `n` of them strictly inside `(lo, hi)`.
fn linear_levels(lo: f64, hi: f64, n: usize, out: &mut Vec<f64>) {
    // formula: raw step = (hi - lo) / (n + 1), on halves to stay finite
    let raw = (0.5 * hi - 0.5 * lo) / (n + 1) as f64 * 2.0;
    if !(raw.is_finite() && raw > 0.0) {
        return;
    }
    let mut power = raw.log10().floor() as i32;
    let mut f = 0; // index into FACTORS
    const FACTORS: [f64; 3] = [1.0, 2.0, 5.0];
    for _ in 0..12 {
        // Beyond 10^±308 the powers of ten overflow (and subnormal ranges are flat anyway).
        if power.abs() > 308 {
            break;
        }
        let factor = FACTORS[f];
        // formula: multiple i is i * factor * 10^power, computed as (i * factor) / 10^-power for power < 0
        let value = |i: f64| if power < 0 { i * factor / pow10(-power) } else { i * factor * pow10(power) };
        let step = factor * pow10(power);
        let (a, b) = (lo / step, hi / step);
        if !(a.abs() < 9.0e15 && b.abs() < 9.0e15) {
            break;
        }
        // floor(a) and ceil(b) are at most one step outside; the loops only fix rounding.
        let mut i1 = a.floor();
        for _ in 0..3 {
            if value(i1) <= lo {
                i1 += 1.0;
            }
        }
        let mut i2 = b.ceil();
        for _ in 0..3 {
            if value(i2) >= hi {
                i2 -= 1.0;
            }
        }
        if i2 - i1 + 1.0 <= n as f64 {
            let mut i = i1;
            while i <= i2 {
                let v = value(i);
                if v > lo && v < hi {
                    out.push(v);
                }
                i += 1.0;
            }
            return;
        }
        f += 1;
        if f == FACTORS.len() {
            f = 0;
            power += 1;
        }
    }
    // Only for steps beyond 10^±308: plain even spacing, on halves to stay finite.
    out.clear();
    for k in 1..=n {
        // formula: lo + k (hi - lo) / (n + 1)
        out.push(2.0 * (0.5 * lo + k as f64 * (0.5 * raw)));
    }
}

// ---------------------------------------------------------------------------------------------------------------
// Marching squares

/// A cell edge, between two neighbouring samples.
#[derive(Clone, Copy, Debug)]
enum Edge {
    Top,
    Right,
    Bottom,
    Left,
}
use Edge::{Bottom, Left, Right, Top};

/// d3-contour's case table as edge pairs. Case bits: 1 = bottom-left, 2 = bottom-right, 4 = top-right,
/// 8 = top-left corner at or above the level. The saddles 5 and 10 list d3's fixed choice, which is right when
/// the centre is below the level ([`SADDLE_5_CENTRE_ABOVE`] and [`SADDLE_10_CENTRE_ABOVE`] otherwise).
const CASES: [&[(Edge, Edge)]; 16] = [
    &[],
    &[(Bottom, Left)],
    &[(Right, Bottom)],
    &[(Right, Left)],
    &[(Top, Right)],
    &[(Bottom, Left), (Top, Right)],
    &[(Top, Bottom)],
    &[(Top, Left)],
    &[(Left, Top)],
    &[(Bottom, Top)],
    &[(Left, Top), (Right, Bottom)],
    &[(Right, Top)],
    &[(Left, Right)],
    &[(Bottom, Right)],
    &[(Left, Bottom)],
    &[],
];
/// Case 5 (bottom-left and top-right above) with the centre above: the below corners are cut off (cases 7 and 13).
const SADDLE_5_CENTRE_ABOVE: &[(Edge, Edge)] = &[(Top, Left), (Bottom, Right)];
/// Case 10 (top-left and bottom-right above) with the centre above: the below corners are cut off (cases 11 and 14).
const SADDLE_10_CENTRE_ABOVE: &[(Edge, Edge)] = &[(Right, Top), (Left, Bottom)];

/// The four corners of a cell; `(x, y)` is the pixel position of the top-left sample.
struct Cell {
    x: f64,
    y: f64,
    tl: f64,
    tr: f64,
    bl: f64,
    br: f64,
}

impl Cell {
    /// Where the level crosses an edge. Horizontal edges are always interpolated left to right and vertical ones
    /// top to bottom, so the two cells sharing an edge compute bit-identical points.
    #[inline]
    fn point(&self, e: Edge, level: f64) -> (f32, f32) {
        let (x, y) = match e {
            Top => (self.x + crossing(level, self.tl, self.tr), self.y),
            Bottom => (self.x + crossing(level, self.bl, self.br), self.y + 1.0),
            Left => (self.x, self.y + crossing(level, self.tl, self.bl)),
            Right => (self.x + 1.0, self.y + crossing(level, self.tr, self.br)),
        };
        (x as f32, y as f32)
    }
}

/// Fraction of the way from `a` to `b` where the level lies (one of them is at or above it, the other below).
#[inline]
fn crossing(level: f64, a: f64, b: f64) -> f64 {
    // formula: t = (level - a) / (b - a)
    let t = (level - a) / (b - a);
    if t.is_nan() {
        0.5
    } else {
        t.clamp(0.0, 1.0)
    }
}

/// Fill one row of level indices: the number of levels at or below each sample (so a sample is "above" level `k`
/// iff its index is `> k`), [`NON_FINITE`] for NaN and infinities. Walks from the previous sample's index: along a row of a
/// smooth field it moves by a level or two at most, so this costs about two comparisons per sample.
fn index_row(levels: &[f64], row: &[f64], out: &mut [u16]) {
    let n = levels.len();
    let mut k = 0usize;
    for (o, &v) in out.iter_mut().zip(row) {
        if !v.is_finite() {
            *o = NON_FINITE;
            continue;
        }
        while k > 0 && levels[k - 1] > v {
            k -= 1;
        }
        while k < n && levels[k] <= v {
            k += 1;
        }
        *o = k as u16;
    }
}

/// Whether the inputs of marching squares are usable: sizes in range and matching, levels finite and strictly
/// increasing, at most [`MAX_LEVELS`] of them.
fn contour_inputs_ok(values: &[f64], width: usize, height: usize, levels: &[f64]) -> bool {
    (1..=MAX_SIZE).contains(&width)
        && (1..=MAX_SIZE).contains(&height)
        && values.len() == width * height
        && levels.len() <= MAX_LEVELS
        && levels.iter().all(|l| l.is_finite())
        && levels.windows(2).all(|w| w[0] < w[1])
}

/// Cells tested at once for "all corners between the same two levels" before looking at them one by one.
const SKIP_RUN: usize = 16;

/// Marching squares over the grid of samples: calls `emit(level_index, [x0, y0, x1, y1])` for each segment, in
/// pixel coordinates. Cells with a non-finite corner are skipped; each cell visits only the levels $\ell$ with
/// $\min(\text{corners}) < \ell \le \max(\text{corners})$. Inputs must pass [`contour_inputs_ok`].
fn march(values: &[f64], width: usize, height: usize, levels: &[f64], mut emit: impl FnMut(usize, [f32; 4])) {
    if width < 2 || height < 2 || levels.is_empty() {
        return;
    }
    // Level indices of two rows of samples, on the stack (width <= MAX_SIZE).
    let mut buf_a = [0u16; MAX_SIZE];
    let mut buf_b = [0u16; MAX_SIZE];
    let (mut top, mut bot) = (&mut buf_a, &mut buf_b);
    index_row(levels, &values[..width], &mut top[..width]);
    let cells = width - 1;
    for y in 0..height - 1 {
        let rows = (&values[y * width..(y + 1) * width], &values[(y + 1) * width..(y + 2) * width]);
        index_row(levels, rows.1, &mut bot[..width]);
        let mut x = 0;
        while x < cells {
            let end = (x + SKIP_RUN).min(cells);
            // Most runs of cells lie between the same two levels: one branch-free test skips them all.
            if !same_index(&top[x..=end], &bot[x..=end]) {
                for cx in x..end {
                    let corners = [top[cx], top[cx + 1], bot[cx], bot[cx + 1]];
                    cell_segments(levels, rows, cx, y, corners, &mut emit);
                }
            }
            x = end;
        }
        std::mem::swap(&mut top, &mut bot);
    }
}

/// Whether all the level indices of two row pieces are equal.
#[inline]
fn same_index(top: &[u16], bot: &[u16]) -> bool {
    let k = top.first().copied().unwrap_or(0);
    top.iter().zip(bot).fold(0u16, |acc, (&a, &b)| acc | (a ^ k) | (b ^ k)) == 0
}

/// The segments of cell `(x, y)` (top-left sample), given its corners' level indices `[tl, tr, bl, br]`.
#[inline]
fn cell_segments(
    levels: &[f64],
    (r0, r1): (&[f64], &[f64]),
    x: usize,
    y: usize,
    [ktl, ktr, kbl, kbr]: [u16; 4],
    emit: &mut impl FnMut(usize, [f32; 4]),
) {
    let lo = ktl.min(ktr).min(kbl.min(kbr));
    let hi = ktl.max(ktr).max(kbl.max(kbr));
    // All corners between the same two levels, or a non-finite corner (NON_FINITE is the largest u16).
    if lo == hi || hi == NON_FINITE {
        return;
    }
    let cell = Cell { x: x as f64 + 0.5, y: y as f64 + 0.5, tl: r0[x], tr: r0[x + 1], bl: r1[x], br: r1[x + 1] };
    for k in lo..hi {
        let level = levels[k as usize];
        let case =
            (kbl > k) as usize | ((kbr > k) as usize) << 1 | ((ktr > k) as usize) << 2 | ((ktl > k) as usize) << 3;
        let segs = match case {
            5 if centre_above(&cell, level) => SADDLE_5_CENTRE_ABOVE,
            10 if centre_above(&cell, level) => SADDLE_10_CENTRE_ABOVE,
            _ => CASES[case],
        };
        for &(a, b) in segs {
            let (x0, y0) = cell.point(a, level);
            let (x1, y1) = cell.point(b, level);
            emit(k as usize, [x0, y0, x1, y1]);
        }
    }
}

/// Saddle test: is the average of the four corners at or above the level?
#[inline]
fn centre_above(c: &Cell, level: f64) -> bool {
    // formula: (tl + tr + bl + br) / 4 >= level
    0.25 * c.tl + 0.25 * c.tr + 0.25 * c.bl + 0.25 * c.br >= level
}

/// Contour segments of `levels` over a row-major field, in pixel coordinates `[x0, y0, x1, y1, ...]` (sample
/// $(i, j)$ at $(i + \tfrac12, j + \tfrac12)$), written into `out` (cleared first).
///
/// Marching squares after d3-contour (see the module header): a segment per crossed cell and level, endpoints
/// linearly interpolated along edges, so that every interior endpoint is shared by exactly two segments.
/// `levels` must be finite and strictly increasing (at most [`MAX_LEVELS`]), `values.len() == width * height`
/// with sizes in `1..=MAX_SIZE`; otherwise nothing is produced.
pub fn contour_segments(values: &[f64], width: usize, height: usize, levels: &[f64], out: &mut Vec<f32>) {
    out.clear();
    if !contour_inputs_ok(values, width, height, levels) {
        return;
    }
    march(values, width, height, levels, |_, s| out.extend_from_slice(&s));
}

// ---------------------------------------------------------------------------------------------------------------
// Antialiased lines

/// Reusable scratch of [`draw_segments`]: per-pixel coverage, combined by maximum so that overlapping segments
/// (every joint of a contour) are blended once, and the list of pixels touched (all coverage is back to zero
/// between calls, so nothing is cleared or scanned in full).
#[derive(Clone, Debug, Default)]
pub struct Strokes {
    coverage: Vec<u8>,
    touched: Vec<u32>,
}

impl Strokes {
    /// New, empty scratch.
    pub fn new() -> Strokes {
        Strokes::default()
    }

    /// [`draw_segments`] without allocating once the size and the number of pixels touched are stable.
    pub fn draw(&mut self, rgba: &mut [u8], width: usize, height: usize, segs: &[f32], color: [u8; 4], width_px: f32) {
        let Some(n) = width.checked_mul(height) else { return };
        if width == 0 || height == 0 || width > MAX_SIZE || height > MAX_SIZE || rgba.len() < 4 * n || color[3] == 0 {
            return;
        }
        if self.coverage.len() != n {
            self.coverage.clear();
            self.coverage.resize(n, 0);
        }
        self.touched.clear();
        let w = if width_px.is_finite() { width_px.clamp(0.25, 16.0) } else { 1.0 };
        // formula: coverage = clamp(w/2 + 1/2 - d, 0, 1); it reaches 0 at distance r = w/2 + 1/2
        let r = 0.5 * w + 0.5;
        let r2 = r * r;
        for s in segs.chunks_exact(4) {
            let (x0, y0, x1, y1) = (s[0], s[1], s[2], s[3]);
            if !(x0.is_finite() && y0.is_finite() && x1.is_finite() && y1.is_finite()) {
                continue;
            }
            // Pixels whose centre i + 1/2 lies within r of the segment's bounding box.
            let i0 = pixel_floor(x0.min(x1) - r + 0.5, width);
            let i1 = pixel_floor(x0.max(x1) + r - 0.5, width);
            let j0 = pixel_floor(y0.min(y1) - r + 0.5, height);
            let j1 = pixel_floor(y0.max(y1) + r - 0.5, height);
            let (dx, dy) = (x1 - x0, y1 - y0);
            let len2 = dx * dx + dy * dy;
            let inv_len2 = if len2 > 0.0 { 1.0 / len2 } else { 0.0 };
            for j in j0..=j1 {
                let cy = j as f32 + 0.5;
                for i in i0..=i1 {
                    let cx = i as f32 + 0.5;
                    // formula: u = clamp(((c - p0) . (p1 - p0)) / |p1 - p0|^2, 0, 1); d = |c - (p0 + u (p1 - p0))|
                    let u = (((cx - x0) * dx + (cy - y0) * dy) * inv_len2).clamp(0.0, 1.0);
                    let (ex, ey) = (cx - (x0 + u * dx), cy - (y0 + u * dy));
                    let d2 = ex * ex + ey * ey;
                    // Also skips NaN (from overflowing coordinates).
                    let inside = d2 < r2;
                    if !inside {
                        continue;
                    }
                    let b = ((r - d2.sqrt()).min(1.0) * 255.0 + 0.5) as u8;
                    let idx = j * width + i;
                    let cov = &mut self.coverage[idx];
                    if b > *cov {
                        if *cov == 0 {
                            self.touched.push(idx as u32);
                        }
                        *cov = b;
                    }
                }
            }
        }
        let alpha = color[3] as u32;
        for &idx in &self.touched {
            let idx = idx as usize;
            let c = std::mem::take(&mut self.coverage[idx]) as u32;
            let p = &mut rgba[4 * idx..4 * idx + 4];
            // formula: a = alpha coverage; dst <- dst + a (src - dst) (source-over), in 0..255 fixed point
            let a = (alpha * c + 127) / 255;
            for (d, &sc) in p.iter_mut().zip(color.iter()).take(3) {
                *d = ((*d as u32 * (255 - a) + sc as u32 * a + 127) / 255) as u8;
            }
            p[3] = ((p[3] as u32 * (255 - a) + 255 * a + 127) / 255) as u8;
        }
    }
}

/// Index of the pixel containing coordinate `v`, clamped to `0..n`.
#[inline]
fn pixel_floor(v: f32, n: usize) -> usize {
    // Truncation is the floor for v >= 0, and everything below 0 clamps to pixel 0 anyway (`as` saturates and
    // sends NaN to 0); it avoids a libm call on targets without a floor instruction.
    (v.max(0.0) as usize).min(n - 1)
}

/// Blend antialiased segments `[x0, y0, x1, y1, ...]` (pixel coordinates) of width `width_px` (clamped to
/// `[0.25, 16]`) in `color` (straight alpha) onto a `width` x `height` RGBA buffer. Allocates a coverage buffer:
/// use [`Strokes::draw`] to reuse one.
pub fn draw_segments(rgba: &mut [u8], width: usize, height: usize, segs: &[f32], color: [u8; 4], width_px: f32) {
    Strokes::new().draw(rgba, width, height, segs, color, width_px);
}

// ---------------------------------------------------------------------------------------------------------------
// Frames

/// Why a frame has no colours to show.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Degenerate {
    /// Every value is NaN or infinite.
    NoFiniteValues,
    /// All finite values are equal (to within $10^{-12}$ relative).
    Flat {
        /// The common value.
        value: f64,
    },
}

impl Degenerate {
    /// A sentence for the user.
    pub fn message(&self) -> String {
        match self {
            Degenerate::NoFiniteValues => "The function is not finite anywhere in this view.".to_string(),
            Degenerate::Flat { value } => {
                format!("The function is constant in this view (f = {}).", format_tick(*value, f64::NAN))
            }
        }
    }
}

/// What a rendered frame shows: the field's range, its colour scale and contour levels.
#[derive(Clone, Debug, PartialEq)]
pub struct FrameInfo {
    /// Range of the finite values, and the count of the others.
    pub stats: FieldStats,
    /// The scale the colours (and the colorbar) use.
    pub scale: ColorScale,
    /// Contour levels drawn, ascending.
    pub levels: Vec<f64>,
    /// Set when there is nothing to colour: the caller shows [`Degenerate::message`].
    pub degenerate: Option<Degenerate>,
}

/// Opacity of contour ink, per theme: (light ink, dark ink).
fn ink_alphas(theme_dark: bool) -> (u8, u8) {
    if theme_dark {
        (140, 110)
    } else {
        (120, 120)
    }
}

/// One frame's buffers, reused between frames (no allocation once the size and the number of segments are stable).
#[derive(Clone, Debug)]
pub struct Frame {
    /// RGBA pixels, row-major, row 0 at the top: `width * height * 4` bytes (view it as `ImageData` from JS).
    pub rgba: Vec<u8>,
    /// $f$ at each pixel centre, row-major.
    pub values: Vec<f64>,
    /// Contour segments in pixel coordinates: those drawn in light ink first, then those in dark ink.
    segs: Vec<f32>,
    /// Scratch for the dark-ink segments.
    dark: Vec<f32>,
    strokes: Strokes,
    info: FrameInfo,
    width: usize,
    height: usize,
}

impl Default for Frame {
    fn default() -> Frame {
        Frame::new()
    }
}

impl Frame {
    /// An empty frame; buffers grow on the first [`Frame::render`].
    pub fn new() -> Frame {
        let scale = ColorScale::new(0.0, 0.0, Scale::Linear);
        let stats = FieldStats { min: f64::NAN, max: f64::NAN, non_finite: 0, finite: 0 };
        Frame {
            rgba: Vec::new(),
            values: Vec::new(),
            segs: Vec::new(),
            dark: Vec::new(),
            strokes: Strokes::new(),
            info: FrameInfo { stats, scale, levels: Vec::new(), degenerate: Some(Degenerate::NoFiniteValues) },
            width: 0,
            height: 0,
        }
    }

    /// Render `f` over `grid`: sample, colour (non-finite values hatched in the theme's greys), and draw
    /// `n_levels` contour levels (at most [`MAX_LEVELS`]) as 1 px antialiased lines. Each level's ink contrasts
    /// with the colour under it (dark ink over light colours, light ink over dark ones).
    ///
    /// Errors name `grid.width`, `grid.height`, `grid.view` or `levels`. A field with no finite value, or a
    /// constant one, gives a flat picture, no contours and [`FrameInfo::degenerate`].
    pub fn render(
        &mut self,
        grid: &Grid,
        f: impl Fn(f64, f64) -> f64,
        scale_kind: Scale,
        colormap: Colormap,
        n_levels: usize,
        theme_dark: bool,
    ) -> ConfigResult<&FrameInfo> {
        self.render_with(grid, |g, out| sample(g, f, out), scale_kind, colormap, n_levels, theme_dark)
    }

    /// [`Frame::render`] with the sampling step supplied by the caller: `fill(grid, values)` must leave
    /// `width * height` values in row-major order, row 0 at the top, at pixel centres (see [`grid_axes`]). A batch
    /// evaluator (a typed function evaluating whole rows) is several times faster than one call per pixel.
    pub fn render_with(
        &mut self,
        grid: &Grid,
        fill: impl FnOnce(&Grid, &mut Vec<f64>),
        scale_kind: Scale,
        colormap: Colormap,
        n_levels: usize,
        theme_dark: bool,
    ) -> ConfigResult<&FrameInfo> {
        if !grid.is_valid() {
            grid.check("grid")?;
        }
        if n_levels > MAX_LEVELS {
            return config::err("levels", n_levels.to_string(), format!("a whole number in [0, {MAX_LEVELS}]"));
        }
        let (w, h) = (grid.width, grid.height);
        (self.width, self.height) = (w, h);
        fill(grid, &mut self.values);
        self.values.resize(w * h, f64::NAN);
        self.rgba.resize(4 * w * h, 0);
        self.segs.clear();
        self.dark.clear();

        let st = stats(&self.values);
        let scale = ColorScale::from_stats(&st, scale_kind);
        self.info.stats = st;
        self.info.scale = scale;
        self.info.levels.clear();
        self.info.degenerate = if st.finite == 0 {
            Some(Degenerate::NoFiniteValues)
        } else if scale.is_flat() {
            Some(Degenerate::Flat { value: st.min })
        } else {
            None
        };

        colorize(&self.values, &scale, colormap, &mut self.rgba);
        if st.non_finite > 0 {
            hatch_non_finite(&self.values, w, theme_dark, &mut self.rgba);
        }
        if self.info.degenerate.is_some() {
            return Ok(&self.info);
        }

        contour_levels_into(&scale, n_levels, &mut self.info.levels);
        let levels = &self.info.levels;
        // Dark ink where the colour under the level is light: WCAG luminance above 0.179, where black and white
        // contrast equally.
        let mut dark_ink = [false; MAX_LEVELS];
        for (d, &l) in dark_ink.iter_mut().zip(levels.iter()) {
            *d = luminance(colormap.at(scale.normalize(l))) > 0.179;
        }
        let (segs, dark) = (&mut self.segs, &mut self.dark);
        if contour_inputs_ok(&self.values, w, h, levels) {
            march(&self.values, w, h, levels, |k, s| {
                if dark_ink[k] {
                    dark.extend_from_slice(&s)
                } else {
                    segs.extend_from_slice(&s)
                }
            });
        }
        let light_len = self.segs.len();
        self.segs.extend_from_slice(&self.dark);

        let (light_alpha, dark_alpha) = ink_alphas(theme_dark);
        let (light, dark) = self.segs.split_at(light_len);
        self.strokes.draw(&mut self.rgba, w, h, light, [255, 255, 255, light_alpha], 1.0);
        self.strokes.draw(&mut self.rgba, w, h, dark, [0, 0, 0, dark_alpha], 1.0);
        Ok(&self.info)
    }

    /// What the last [`Frame::render`] showed.
    pub fn info(&self) -> &FrameInfo {
        &self.info
    }

    /// Contour segments of the last frame, `[x0, y0, x1, y1, ...]` in pixel coordinates.
    pub fn segments(&self) -> &[f32] {
        &self.segs
    }

    /// Width and height of the last frame.
    pub fn size(&self) -> (usize, usize) {
        (self.width, self.height)
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn floor_index_is_floor_on_the_table() {
        for k in 0..=255 * 4096 {
            let f = f64::from(k) / 4096.0;
            let want = f.floor() as usize;
            let gap = f.ceil() - f;
            let got = super::floor_index(f);
            if f.fract() == 0.0 || gap > 1.0 / 1024.0 {
                assert_eq!(got, want, "f = {f}");
            } else if gap < 1.0 / 1024.0 {
                assert_eq!(got, want + 1, "f = {f}");
            } else {
                // exactly 2^-10 below a whole number: a tie, rounded to even
                assert!(got == want || got == want + 1, "f = {f}");
            }
        }
        assert_eq!((super::floor_index(0.0), super::floor_index(255.0), super::floor_index(254.9)), (0, 255, 254));
    }

    use super::*;

    #[test]
    fn round_decimal_gives_typed_decimals() {
        assert_eq!(round_decimal(0.1 + 0.2, -1), 0.3); // 0.30000000000000004 -> 0.3
        assert_eq!(round_decimal(1234.0, 2), 1200.0);
        assert_eq!(round_decimal(-0.0316, -2), -0.03);
    }

    #[test]
    fn last_digit_exponents() {
        assert_eq!(last_digit_exponent(0.25), -2);
        assert_eq!(last_digit_exponent(0.5), -1);
        assert_eq!(last_digit_exponent(1.0), 0);
        assert_eq!(last_digit_exponent(250.0), 1);
        assert_eq!(last_digit_exponent(0.002), -3);
    }

    #[test]
    fn index_row_counts_levels_at_or_below() {
        let levels = [1.0, 2.0, 3.0];
        let row = [0.5, 1.0, 1.5, 3.0, 9.0, f64::NAN, 0.5, f64::INFINITY, 2.0, 2.5, 0.0];
        let mut out = [0u16; 11];
        index_row(&levels, &row, &mut out);
        assert_eq!(out, [0, 1, 1, 3, 3, NON_FINITE, 0, NON_FINITE, 2, 2, 0]);
    }

    #[test]
    fn bounds_search_matches_linear_scan() {
        let mut bounds = [f64::NEG_INFINITY; LUT_SIZE];
        for (k, b) in bounds.iter_mut().enumerate().skip(1) {
            *b = (k as f64).powi(2);
        }
        for v in [-1.0, 0.0, 1.0, 1.5, 100.0, 255.0 * 255.0, 1e9] {
            let want = bounds.iter().rposition(|&b| b <= v).unwrap_or(0);
            assert_eq!(search_bounds(&bounds, v), want, "v = {v}");
            for guess in 0..LUT_SIZE {
                assert_eq!(walk_bounds(&bounds, v, guess), want, "v = {v}, from {guess}");
            }
        }
    }

    #[test]
    fn luminance_rises_along_both_maps() {
        for cm in [Colormap::Viridis, Colormap::Magma] {
            let lut = cm.lut();
            for k in 1..LUT_SIZE {
                assert!(luminance(lut[k]) + 1e-3 >= luminance(lut[k - 1]), "{cm:?} at {k}");
            }
        }
    }

    #[test]
    fn saddle_tables_isolate_the_other_diagonal() {
        // Every segment of a case must cross edges whose two corners differ in the case bits.
        let corners = |e: Edge| match e {
            Top => (8, 4),
            Right => (4, 2),
            Bottom => (1, 2),
            Left => (8, 1),
        };
        let crosses = |case: usize, e: Edge| {
            let (a, b) = corners(e);
            (case & a != 0) != (case & b != 0)
        };
        for (case, segs) in CASES.iter().enumerate() {
            for &(a, b) in segs.iter() {
                assert!(crosses(case, a) && crosses(case, b), "case {case}");
            }
        }
        for &(a, b) in SADDLE_5_CENTRE_ABOVE.iter() {
            assert!(crosses(5, a) && crosses(5, b));
        }
        for &(a, b) in SADDLE_10_CENTRE_ABOVE.iter() {
            assert!(crosses(10, a) && crosses(10, b));
        }
    }
}
