//! Loss surfaces on the plane: value, analytic gradient, a default view box and the known minima.
//!
//! Coordinate system: `x` grows to the right and `y` upwards (mathematical axes); rasterizing flips rows
//! (see [`crate::raster`]). All surfaces are functions $f:\mathbb{R}^2\to\mathbb{R}$.
//!
//! Reference: the test-function formulas follow the forms used in `tests/reference/pytorch-golden.json`
//! (`function_formula`), and Jamil & Yang, "A literature survey of benchmark functions for global optimization
//! problems" (2013) for Beale, Booth, Himmelblau and the six-hump camel.

use crate::config::{self, ConfigResult, Range, Value};
use crate::expr::Expr;

/// A rectangle of the plane: `x_min <= x <= x_max`, `y_min <= y <= y_max`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ViewBox {
    /// Left edge.
    pub x_min: f64,
    /// Right edge.
    pub x_max: f64,
    /// Bottom edge.
    pub y_min: f64,
    /// Top edge.
    pub y_max: f64,
}

impl ViewBox {
    /// A view box from its four edges.
    pub const fn new(x_min: f64, x_max: f64, y_min: f64, y_max: f64) -> ViewBox {
        ViewBox { x_min, x_max, y_min, y_max }
    }

    /// Whether the box is finite and non-degenerate.
    pub fn is_valid(&self) -> bool {
        [self.x_min, self.x_max, self.y_min, self.y_max].iter().all(|v| v.is_finite())
            && self.x_max > self.x_min
            && self.y_max > self.y_min
            && (self.x_max - self.x_min) > 1e-12 * self.x_max.abs().max(self.x_min.abs()).max(1.0)
            && (self.y_max - self.y_min) > 1e-12 * self.y_max.abs().max(self.y_min.abs()).max(1.0)
    }

    /// Read `[x_min, x_max, y_min, y_max]` from a config value.
    pub fn from_value(path: &str, v: &Value) -> ConfigResult<ViewBox> {
        let allowed = "[x_min, x_max, y_min, y_max] with x_min < x_max, y_min < y_max, each |value| <= 1e6";
        let Value::Arr(items) = v else { return config::err(path, v.describe(), allowed) };
        if items.len() != 4 {
            return config::err(path, v.describe(), allowed);
        }
        let mut e = [0.0; 4];
        for (i, item) in items.iter().enumerate() {
            e[i] = config::number(&format!("{path}[{i}]"), item, Range::Closed(-1e6, 1e6))?;
        }
        let b = ViewBox::new(e[0], e[1], e[2], e[3]);
        if !b.is_valid() {
            return config::err(path, format!("[{}, {}, {}, {}]", e[0], e[1], e[2], e[3]), allowed);
        }
        Ok(b)
    }
}

/// One of the built-in surfaces, or a function the user typed.
#[derive(Clone, Debug)]
pub enum Surface {
    /// $f = \tfrac12 (x^2 + \kappa y^2)$; $\kappa$ is the condition number (10 in the reference vectors).
    Quadratic {
        /// Condition number $\kappa$ (the ratio of the Hessian's eigenvalues).
        kappa: f64,
    },
    /// $f = (a - x)^2 + b (y - x^2)^2$.
    Rosenbrock {
        /// $a$ (default 1): the minimum is at $(a, a^2)$.
        a: f64,
        /// $b$ (default 100): the steepness of the valley walls.
        b: f64,
    },
    /// $f = (1.5 - x + xy)^2 + (2.25 - x + xy^2)^2 + (2.625 - x + xy^3)^2$.
    Beale,
    /// $f = (x^2 + y - 11)^2 + (x + y^2 - 7)^2$.
    Himmelblau,
    /// $f = (x + 2y - 7)^2 + (2x + y - 5)^2$.
    Booth,
    /// $f = x^2 - y^2$ (unbounded below: runs that leave along $y$ diverge).
    Saddle,
    /// $f = (4 - 2.1x^2 + x^4/3)x^2 + xy + (-4 + 4y^2)y^2$.
    SixHumpCamel,
    /// A function the user typed, with the view box they chose.
    Custom {
        /// The parsed expression.
        expr: Expr,
        /// The view box the user set.
        view: ViewBox,
    },
}

/// Names of the built-in surfaces, as used in configs (`surface: "rosenbrock"` or `{ type: "rosenbrock", ... }`).
pub const SURFACE_NAMES: [&str; 8] =
    ["quadratic", "rosenbrock", "beale", "himmelblau", "booth", "saddle", "six_hump_camel", "custom"];

impl Surface {
    /// Read a surface config: a name, or `{ type, ...parameters }`; `custom` takes `expression` and `view`.
    pub fn from_value(path: &str, v: &Value) -> ConfigResult<Surface> {
        if let Value::Str(_) = v {
            // A bare name is shorthand for { type: name }; the type check below names the allowed surfaces.
            let obj = Value::Obj(vec![("type".into(), v.clone())]);
            return Surface::from_value(path, &obj).map_err(|mut e| {
                e.path = path.to_string();
                e
            });
        }
        let o = config::object(path, v)?;
        let kind = o.kind(&SURFACE_NAMES)?;
        Ok(match kind.as_str() {
            "quadratic" => {
                o.only(&["type", "kappa"])?;
                Surface::Quadratic { kappa: o.num("kappa", Some(10.0), Range::Closed(1e-3, 1e4))? }
            }
            "rosenbrock" => {
                o.only(&["type", "a", "b"])?;
                Surface::Rosenbrock { a: o.num("a", Some(1.0), Range::Closed(-10.0, 10.0))?, b: o.num("b", Some(100.0), Range::Closed(0.0, 1e4))? }
            }
            "beale" => simple(&o, Surface::Beale)?,
            "himmelblau" => simple(&o, Surface::Himmelblau)?,
            "booth" => simple(&o, Surface::Booth)?,
            "saddle" => simple(&o, Surface::Saddle)?,
            "six_hump_camel" => simple(&o, Surface::SixHumpCamel)?,
            _ => {
                o.only(&["type", "expression", "view"])?;
                let epath = o.field_path("expression");
                let expr = match o.get("expression") {
                    Some(Value::Str(s)) => Expr::parse(s).map_err(|e| config::ConfigError {
                        path: epath.clone(),
                        value: Value::Str(s.clone()).describe(),
                        allowed: format!("a formula in x and y ({e})"),
                    })?,
                    Some(other) => return config::err(&epath, other.describe(), "a formula in x and y, as a string"),
                    None => return config::err(&epath, "missing", "a formula in x and y, as a string"),
                };
                let view = match o.get("view") {
                    Some(v) => ViewBox::from_value(&o.field_path("view"), v)?,
                    None => ViewBox::new(-3.0, 3.0, -3.0, 3.0),
                };
                Surface::Custom { expr, view }
            }
        })
    }

    /// The config name of this surface.
    pub fn name(&self) -> &'static str {
        match self {
            Surface::Quadratic { .. } => "quadratic",
            Surface::Rosenbrock { .. } => "rosenbrock",
            Surface::Beale => "beale",
            Surface::Himmelblau => "himmelblau",
            Surface::Booth => "booth",
            Surface::Saddle => "saddle",
            Surface::SixHumpCamel => "six_hump_camel",
            Surface::Custom { .. } => "custom",
        }
    }

    /// $f(x, y)$.
    #[inline]
    pub fn value(&self, x: f64, y: f64) -> f64 {
        match self {
            // formula: 0.5 (x^2 + kappa y^2)
            Surface::Quadratic { kappa } => 0.5 * (x * x + kappa * y * y),
            // formula: (a - x)^2 + b (y - x^2)^2
            Surface::Rosenbrock { a, b } => (a - x).powi(2) + b * (y - x * x).powi(2),
            Surface::Beale => {
                let (t1, t2, t3) = beale_terms(x, y);
                t1 * t1 + t2 * t2 + t3 * t3
            }
            // formula: (x^2 + y - 11)^2 + (x + y^2 - 7)^2
            Surface::Himmelblau => (x * x + y - 11.0).powi(2) + (x + y * y - 7.0).powi(2),
            // formula: (x + 2y - 7)^2 + (2x + y - 5)^2
            Surface::Booth => (x + 2.0 * y - 7.0).powi(2) + (2.0 * x + y - 5.0).powi(2),
            // formula: x^2 - y^2
            Surface::Saddle => x * x - y * y,
            // formula: (4 - 2.1 x^2 + x^4 / 3) x^2 + x y + (-4 + 4 y^2) y^2
            Surface::SixHumpCamel => {
                let x2 = x * x;
                let y2 = y * y;
                (4.0 - 2.1 * x2 + x2 * x2 / 3.0) * x2 + x * y + (-4.0 + 4.0 * y2) * y2
            }
            Surface::Custom { expr, .. } => expr.eval(x, y),
        }
    }

    /// $\nabla f(x, y) = (\partial f/\partial x, \partial f/\partial y)$, analytic.
    #[inline]
    pub fn gradient(&self, x: f64, y: f64) -> [f64; 2] {
        match self {
            // formula: (x, kappa y)
            Surface::Quadratic { kappa } => [x, kappa * y],
            // formula: (-2(a - x) - 4 b x (y - x^2), 2 b (y - x^2))
            Surface::Rosenbrock { a, b } => {
                let r = y - x * x;
                [-2.0 * (a - x) - 4.0 * b * x * r, 2.0 * b * r]
            }
            // formula: d/dx = 2 t1 (y - 1) + 2 t2 (y^2 - 1) + 2 t3 (y^3 - 1); d/dy = 2 t1 x + 4 t2 x y + 6 t3 x y^2
            Surface::Beale => {
                let (t1, t2, t3) = beale_terms(x, y);
                let y2 = y * y;
                [
                    2.0 * t1 * (y - 1.0) + 2.0 * t2 * (y2 - 1.0) + 2.0 * t3 * (y2 * y - 1.0),
                    2.0 * t1 * x + 4.0 * t2 * x * y + 6.0 * t3 * x * y2,
                ]
            }
            // formula: (4 x u + 2 v, 2 u + 4 y v), u = x^2 + y - 11, v = x + y^2 - 7
            Surface::Himmelblau => {
                let u = x * x + y - 11.0;
                let v = x + y * y - 7.0;
                [4.0 * x * u + 2.0 * v, 2.0 * u + 4.0 * y * v]
            }
            // formula: (2u + 4v, 4u + 2v), u = x + 2y - 7, v = 2x + y - 5
            Surface::Booth => {
                let u = x + 2.0 * y - 7.0;
                let v = 2.0 * x + y - 5.0;
                [2.0 * u + 4.0 * v, 4.0 * u + 2.0 * v]
            }
            // formula: (2x, -2y)
            Surface::Saddle => [2.0 * x, -2.0 * y],
            // formula: (8x - 8.4x^3 + 2x^5 + y, x - 8y + 16y^3)
            Surface::SixHumpCamel => {
                let x2 = x * x;
                [8.0 * x - 8.4 * x2 * x + 2.0 * x2 * x2 * x + y, x - 8.0 * y + 16.0 * y * y * y]
            }
            Surface::Custom { expr, .. } => {
                let (_, gx, gy) = expr.eval_grad(x, y);
                [gx, gy]
            }
        }
    }

    /// A view box that shows the interesting part of the surface.
    pub fn default_view(&self) -> ViewBox {
        match self {
            Surface::Quadratic { .. } => ViewBox::new(-4.0, 4.0, -3.0, 3.0),
            Surface::Rosenbrock { a, .. } => {
                let a = *a;
                ViewBox::new(-2.0 + a.min(0.0), 2.0 + a.max(0.0), -1.0, 3.0 + a * a)
            }
            Surface::Beale => ViewBox::new(-4.5, 4.5, -4.5, 4.5),
            Surface::Himmelblau => ViewBox::new(-5.0, 5.0, -5.0, 5.0),
            Surface::Booth => ViewBox::new(-10.0, 10.0, -10.0, 10.0),
            Surface::Saddle => ViewBox::new(-2.0, 2.0, -2.0, 2.0),
            Surface::SixHumpCamel => ViewBox::new(-2.0, 2.0, -1.2, 1.2),
            Surface::Custom { view, .. } => *view,
        }
    }

    /// The known global (and, for Himmelblau and the camel, all equal or local) minima.
    pub fn minima(&self) -> Vec<[f64; 2]> {
        match self {
            Surface::Quadratic { .. } => vec![[0.0, 0.0]],
            Surface::Rosenbrock { a, .. } => vec![[*a, a * a]],
            Surface::Beale => vec![[3.0, 0.5]],
            // Himmelblau's four minima (f = 0); the last three are roots found numerically (Himmelblau 1972).
            Surface::Himmelblau => vec![
                [3.0, 2.0],
                [-2.805_118_086_952_745, 3.131_312_518_250_573],
                [-3.779_310_253_377_747, -3.283_185_991_286_17],
                [3.584_428_340_330_492, -1.848_126_526_964_404],
            ],
            Surface::Booth => vec![[1.0, 3.0]],
            // A saddle has no minimum; its stationary point is shown instead.
            Surface::Saddle => vec![],
            // The two global minima (f = -1.0316), Jamil & Yang (2013).
            Surface::SixHumpCamel => vec![[0.089_842_010_968_376_1, -0.712_656_403_019_890_5], [-0.089_842_010_968_376_1, 0.712_656_403_019_890_5]],
            Surface::Custom { .. } => vec![],
        }
    }

    /// Whether a log colour scale suits the surface (large dynamic range, minimum value 0).
    pub fn prefers_log_scale(&self) -> bool {
        matches!(self, Surface::Rosenbrock { .. } | Surface::Beale | Surface::Himmelblau | Surface::Booth)
    }
}

fn simple(o: &config::Obj<'_>, s: Surface) -> ConfigResult<Surface> {
    o.only(&["type"])?;
    Ok(s)
}

/// Beale's three residuals $t_k = c_k - x + x y^k$.
#[inline]
fn beale_terms(x: f64, y: f64) -> (f64, f64, f64) {
    (1.5 - x + x * y, 2.25 - x + x * y * y, 2.625 - x + x * y * y * y)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn minima_are_stationary_and_lowest_nearby() {
        for name in SURFACE_NAMES.iter().filter(|n| **n != "custom") {
            let s = Surface::from_value("surface", &Value::Str(name.to_string())).expect("built-in");
            for m in s.minima() {
                let g = s.gradient(m[0], m[1]);
                assert!(g[0].abs() < 1e-6 && g[1].abs() < 1e-6, "{name} at {m:?}: {g:?}");
                let f0 = s.value(m[0], m[1]);
                for (dx, dy) in [(1e-3, 0.0), (-1e-3, 0.0), (0.0, 1e-3), (0.0, -1e-3)] {
                    assert!(s.value(m[0] + dx, m[1] + dy) >= f0, "{name} not a minimum at {m:?}");
                }
                let v = s.default_view();
                assert!(m[0] >= v.x_min && m[0] <= v.x_max && m[1] >= v.y_min && m[1] <= v.y_max, "{name}: minimum outside view");
            }
        }
    }
}
