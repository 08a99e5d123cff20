//! Tests of the rasterizer (`descent::raster`): sampling geometry, marching squares on fields with known contours,
//! continuity of the traced lines, colour scales and colormaps, ticks and labels, antialiased lines, frames.
//!
//! There are no reference vectors for pixels: every expected value here is hand-derived and labelled, or a
//! property (a contour of x^2 + y^2 = r^2 lies on the circle; a plane's contours are straight).

use descent::raster::*;
use descent::surface::{Surface, ViewBox};
use std::collections::HashMap;

fn grid(view: ViewBox, w: usize, h: usize) -> Grid {
    Grid::new(view, w, h).expect("valid grid")
}

fn field(g: &Grid, f: impl Fn(f64, f64) -> f64) -> Vec<f64> {
    let mut v = Vec::new();
    sample(g, f, &mut v);
    v
}

fn segments(values: &[f64], g: &Grid, levels: &[f64]) -> Vec<[f32; 4]> {
    let mut out = Vec::new();
    contour_segments(values, g.width, g.height, levels, &mut out);
    assert_eq!(out.len() % 4, 0);
    out.chunks_exact(4).map(|s| [s[0], s[1], s[2], s[3]]).collect()
}

fn endpoints(segs: &[[f32; 4]]) -> impl Iterator<Item = (f64, f64)> + '_ {
    segs.iter().flat_map(|s| [(s[0] as f64, s[1] as f64), (s[2] as f64, s[3] as f64)])
}

// ----- grid and sampling -------------------------------------------------------------------------------------

#[test]
fn samples_at_pixel_centres_with_row_zero_at_the_top() {
    let g = grid(ViewBox::new(0.0, 4.0, 0.0, 2.0), 4, 2);
    // Column i centre: 0 + (i + 0.5) * 4 / 4 = i + 0.5; row j centre: 2 - (j + 0.5) * 2 / 2 = 1.5 - j.
    assert_eq!([g.x_at(0), g.x_at(3)], [0.5, 3.5]);
    assert_eq!([g.y_at(0), g.y_at(1)], [1.5, 0.5]);
    let v = field(&g, |x, y| 10.0 * y + x);
    // Row-major, top row first: y = 1.5 then y = 0.5.
    assert_eq!(v, vec![15.5, 16.5, 17.5, 18.5, 5.5, 6.5, 7.5, 8.5]);
}

#[test]
fn pixel_coordinates_round_trip() {
    let g = grid(ViewBox::new(-2.0, 3.0, -1.0, 1.5), 100, 60);
    for (i, j) in [(0, 0), (17, 42), (99, 59)] {
        let (px, py) = g.to_pixel(g.x_at(i), g.y_at(j));
        assert!((px - (i as f64 + 0.5)).abs() < 1e-9 && (py - (j as f64 + 0.5)).abs() < 1e-9, "{px} {py}");
        let (x, y) = g.from_pixel(px, py);
        assert!((x - g.x_at(i)).abs() < 1e-12 && (y - g.y_at(j)).abs() < 1e-12);
    }
    // The top-left corner of the canvas is (x_min, y_max).
    assert_eq!(g.from_pixel(0.0, 0.0), (-2.0, 1.5));
}

#[test]
fn grid_sizes_and_view_are_checked() {
    let view = ViewBox::new(-1.0, 1.0, -1.0, 1.0);
    for (w, h, path) in
        [(0, 10, "grid.width"), (2049, 10, "grid.width"), (10, 0, "grid.height"), (10, 5000, "grid.height")]
    {
        let e = Grid::new(view, w, h).expect_err("bad size");
        assert_eq!(e.path, path);
        assert!(e.allowed.contains("2048"), "{e}");
    }
    let e = Grid::new(ViewBox::new(1.0, -1.0, 0.0, 1.0), 10, 10).expect_err("reversed view");
    assert_eq!(e.path, "grid.view");
    // An unchecked bad grid samples nothing rather than panicking.
    let mut out = vec![1.0];
    sample(&Grid { view, width: 0, height: 3 }, |x, _| x, &mut out);
    assert!(out.is_empty());
    assert!(Grid::new(view, 2048, 1).is_ok());
}

#[test]
fn stats_skip_non_finite_values() {
    let s = stats(&[3.0, f64::NAN, -1.0, f64::INFINITY, 2.0, f64::NEG_INFINITY]);
    assert_eq!((s.min, s.max, s.non_finite, s.finite), (-1.0, 3.0, 3, 3));
    let none = stats(&[f64::NAN, f64::NAN]);
    assert_eq!((none.finite, none.non_finite), (0, 2));
    assert!(none.min.is_nan() && none.max.is_nan());
}

// ----- marching squares ---------------------------------------------------------------------------------------

#[test]
fn circle_contours_lie_within_a_pixel_of_the_circle() {
    let g = grid(ViewBox::new(-2.0, 2.0, -1.5, 1.5), 160, 120);
    let pixel = 4.0 / 160.0; // square pixels: 4 / 160 = 3 / 120 = 0.025
    let v = field(&g, |x, y| x * x + y * y);
    for r in [0.5f64, 1.0, 2f64.sqrt()] {
        let segs = segments(&v, &g, &[r * r]);
        let mut octants = [0usize; 8];
        for (px, py) in endpoints(&segs) {
            let (x, y) = g.from_pixel(px, py);
            let d = (x.hypot(y) - r).abs();
            assert!(d <= pixel, "r = {r}: endpoint ({x}, {y}) is {d} from the circle");
            let a = y.atan2(x) + std::f64::consts::PI;
            octants[((a / (std::f64::consts::PI / 4.0)) as usize).min(7)] += 1;
        }
        // The whole circle is traced: about 2 pi r / pixel segments, in every octant.
        let expect = 2.0 * std::f64::consts::PI * r / pixel;
        assert!(
            segs.len() as f64 > 0.8 * expect && (segs.len() as f64) < 2.0 * expect,
            "r = {r}: {} segments",
            segs.len()
        );
        assert!(octants.iter().all(|&n| n > 0), "r = {r}: {octants:?}");
    }
}

#[test]
fn a_plane_gives_straight_contours() {
    let g = grid(ViewBox::new(-1.0, 1.0, -1.0, 1.0), 64, 48);
    let plane = |x: f64, y: f64| 0.7 * x - 0.3 * y + 0.05;
    let v = field(&g, plane);
    let scale = ColorScale::from_stats(&stats(&v), Scale::Linear);
    let levels = contour_levels(&scale, 10);
    assert!(levels.len() >= 4);
    for &l in &levels {
        let segs = segments(&v, &g, &[l]);
        assert!(!segs.is_empty());
        // Linear interpolation of a linear function is exact: every endpoint is on the line f = l
        // (up to the f32 pixel coordinates).
        for (px, py) in endpoints(&segs) {
            let (x, y) = g.from_pixel(px, py);
            assert!((plane(x, y) - l).abs() < 1e-5, "level {l}: f({x}, {y}) = {}", plane(x, y));
        }
    }
    // f = x: vertical lines through x = 0.25 exactly, i.e. pixel x = (0.25 + 1) / 2 * 64 = 40.
    let v = field(&g, |x, _| x);
    let segs = segments(&v, &g, &[0.25]);
    assert_eq!(segs.len(), 47); // one per row of cells
    assert!(segs.iter().all(|s| (s[0] - 40.0).abs() < 1e-4 && (s[2] - 40.0).abs() < 1e-4));
}

/// Segments as unordered endpoint pairs, rounded, for comparing with hand-derived ones.
fn as_set(segs: &[[f32; 4]]) -> Vec<[i64; 4]> {
    let q = |v: f32| (v as f64 * 1e4).round() as i64;
    let mut out: Vec<[i64; 4]> = segs
        .iter()
        .map(|s| {
            let (a, b) = ((q(s[0]), q(s[1])), (q(s[2]), q(s[3])));
            let (a, b) = if a <= b { (a, b) } else { (b, a) };
            [a.0, a.1, b.0, b.1]
        })
        .collect();
    out.sort();
    out
}

#[test]
fn saddles_are_resolved_by_the_centre_average() {
    // One cell, corners at pixel centres (0.5, 0.5) top-left ... (1.5, 1.5) bottom-right.
    let g = grid(ViewBox::new(0.0, 2.0, 0.0, 2.0), 2, 2);
    // [TL, TR, BL, BR] = [1, 0, 0, 1]: the high corners are on the main diagonal; centre average 0.5.
    let diag = [1.0, 0.0, 0.0, 1.0];
    // Level 0.4 <= 0.5: the centre is above, the high corners connect, the low corners TR and BL are cut off.
    // Top edge: t = (0.4 - 1) / (0 - 1) = 0.6 -> (1.1, 0.5); right edge: t = 0.4 -> (1.5, 0.9);
    // left edge: t = 0.6 -> (0.5, 1.1); bottom edge: t = 0.4 -> (0.9, 1.5).
    let got = as_set(&segments(&diag, &g, &[0.4]));
    let want = as_set(&[[1.1, 0.5, 1.5, 0.9], [0.5, 1.1, 0.9, 1.5]]);
    assert_eq!(got, want);
    // Level 0.6 > 0.5: the centre is below, the high corners TL and BR are cut off.
    // Left: t = (0.6 - 1) / (0 - 1) = 0.4 -> (0.5, 0.9); top: t = 0.4 -> (0.9, 0.5);
    // right: t = 0.6 -> (1.5, 1.1); bottom: t = 0.6 -> (1.1, 1.5).
    let got = as_set(&segments(&diag, &g, &[0.6]));
    let want = as_set(&[[0.5, 0.9, 0.9, 0.5], [1.5, 1.1, 1.1, 1.5]]);
    assert_eq!(got, want);
    // The mirrored saddle [0, 1, 1, 0] at 0.4: centre above, the low corners TL and BR are cut off.
    // Top: t = 0.4 -> (0.9, 0.5); left: t = 0.4 -> (0.5, 0.9); bottom: t = 0.6 -> (1.1, 1.5); right: t = 0.6 -> (1.5, 1.1).
    let anti = [0.0, 1.0, 1.0, 0.0];
    let got = as_set(&segments(&anti, &g, &[0.4]));
    let want = as_set(&[[0.9, 0.5, 0.5, 0.9], [1.1, 1.5, 1.5, 1.1]]);
    assert_eq!(got, want);
}

/// Every endpoint is shared by exactly two segments, except on the border of the sampled region where a line
/// leaves the picture (one segment).
fn assert_continuous(segs: &[[f32; 4]], w: usize, h: usize) {
    let mut count: HashMap<(u32, u32), usize> = HashMap::new();
    for s in segs {
        *count.entry((s[0].to_bits(), s[1].to_bits())).or_default() += 1;
        *count.entry((s[2].to_bits(), s[3].to_bits())).or_default() += 1;
    }
    let (x_max, y_max) = (w as f32 - 0.5, h as f32 - 0.5);
    for ((xb, yb), n) in count {
        let (x, y) = (f32::from_bits(xb), f32::from_bits(yb));
        let border = x == 0.5 || y == 0.5 || x == x_max || y == y_max;
        let want = if border { 1 } else { 2 };
        assert_eq!(n, want, "endpoint ({x}, {y}) used by {n} segments");
    }
}

#[test]
fn contours_are_continuous() {
    let s = Surface::Himmelblau;
    let g = grid(s.default_view(), 203, 157);
    // A small irrational shift keeps samples off the (round) levels, so no line passes exactly through a sample.
    let v = field(&g, |x, y| s.value(x, y) + std::f64::consts::PI * 1e-3);
    for kind in [Scale::Linear, Scale::Log] {
        let scale = ColorScale::from_stats(&stats(&v), kind);
        let levels = contour_levels(&scale, 24);
        assert!(levels.len() >= 10, "{kind:?}: {levels:?}");
        for &l in &levels {
            let segs = segments(&v, &g, &[l]);
            assert!(!segs.is_empty(), "{kind:?}: level {l}");
            assert_continuous(&segs, g.width, g.height);
        }
        // All levels at once give the same segments as one level at a time.
        let all = segments(&v, &g, &levels);
        let one_by_one: usize = levels.iter().map(|&l| segments(&v, &g, &[l]).len()).sum();
        assert_eq!(all.len(), one_by_one);
    }
}

#[test]
fn non_finite_regions_produce_no_segments() {
    let g = grid(ViewBox::new(-2.0, 2.0, -2.0, 2.0), 80, 80);
    // NaN on the left half (x < 0): columns 0..40 (x_at(39) = -0.025, x_at(40) = 0.025).
    let v = field(&g, |x, y| if x < 0.0 { f64::NAN } else { x * x + y * y });
    let segs = segments(&v, &g, &[0.5, 1.0, 2.0]);
    assert!(!segs.is_empty());
    // Only cells whose four corners are finite: columns >= 40, i.e. pixel x >= 40.5.
    for (px, _) in endpoints(&segs) {
        assert!(px >= 40.5, "endpoint at pixel x = {px}");
    }
    // The open ends at the NaN boundary count as borders.
    let lines_end_at_nan = endpoints(&segs).filter(|&(px, _)| px == 40.5).count();
    assert!(lines_end_at_nan > 0);
    // Infinities too.
    let v = field(&g, |x, y| if y > 1.0 { f64::INFINITY } else { x * x + y * y });
    let segs = segments(&v, &g, &[2.0, 3.0]);
    for (_, y) in endpoints(&segs).map(|(px, py)| g.from_pixel(px, py)) {
        assert!(y <= 1.0 + 1e-9, "endpoint at y = {y}");
    }
}

#[test]
fn bad_contour_inputs_give_nothing() {
    let v = vec![0.0, 1.0, 2.0, 3.0];
    let mut out = vec![9.0];
    contour_segments(&v, 2, 2, &[2.0, 1.0], &mut out); // not increasing
    assert!(out.is_empty());
    contour_segments(&v, 2, 2, &[f64::NAN], &mut out);
    assert!(out.is_empty());
    contour_segments(&v, 3, 2, &[1.5], &mut out); // size mismatch
    assert!(out.is_empty());
    contour_segments(&v, 2, 2, &vec![0.5; 1000], &mut out);
    assert!(out.is_empty());
    contour_segments(&v, 2, 2, &[1.5], &mut out);
    assert_eq!(out.len(), 4);
}

// ----- scales, levels, ticks, labels --------------------------------------------------------------------------

#[test]
fn log_scale_is_monotone_and_shows_a_zero_minimum() {
    let scale = ColorScale::new(0.0, 2500.0, Scale::Log);
    assert_eq!(scale.offset(), 2500.0 * 1e-5); // c = 1e-5 (f_max - f_min)
    assert_eq!(scale.normalize(0.0), 0.0);
    assert_eq!(scale.normalize(2500.0), 1.0);
    let mut prev = -1.0;
    for k in 0..=1000 {
        let v = 2500.0 * (k as f64 / 1000.0).powi(3);
        let t = scale.normalize(v);
        assert!(t.is_finite() && t > prev, "t({v}) = {t} after {prev}");
        prev = t;
        let back = scale.invert(t);
        assert!((back - v).abs() <= 1e-9 * v.abs().max(1.0), "invert(t({v})) = {back}");
        // 1.0: floor for v = 0
    }
    // A decade of f - f_min + c is a fixed step of t: 5 decades span the bar.
    let (t1, t2) = (scale.normalize(10.0 - 0.025), scale.normalize(100.0 - 0.025));
    assert!((t2 - t1 - 1.0 / (2500.025f64 / 0.025).log10()).abs() < 1e-9);
    // Values below the range clamp to 0 instead of becoming NaN.
    assert_eq!(scale.normalize(-5.0), 0.0);
    assert!(scale.normalize(f64::NAN).is_nan());
}

#[test]
fn linear_scale_maps_the_range_to_unit_interval() {
    let scale = ColorScale::new(-2.0, 6.0, Scale::Linear);
    assert_eq!(scale.normalize(2.0), 0.5); // (2 - -2) / 8
    assert_eq!(scale.invert(0.25), 0.0); // -2 + 0.25 * 8
    assert_eq!((scale.min(), scale.max()), (-2.0, 6.0));
    // Extreme but finite ranges do not overflow.
    let wide = ColorScale::new(-1e308, 1e308, Scale::Linear);
    assert_eq!(wide.normalize(0.0), 0.5);
    assert!(!wide.is_flat());
    assert!(ColorScale::new(3.0, 3.0, Scale::Linear).is_flat());
    assert!(ColorScale::new(1.0, 1.0 + 1e-15, Scale::Log).is_flat());
    assert!(ColorScale::new(f64::NAN, 1.0, Scale::Linear).is_flat());
}

#[test]
fn linear_levels_are_nice_and_evenly_spaced() {
    let scale = ColorScale::new(0.0, 1.0, Scale::Linear);
    // Raw step 1 / 25 = 0.04; steps 0.01 and 0.02 give 99 and 49 levels, 0.05 gives 19 <= 24.
    let levels = contour_levels(&scale, 24);
    let text: Vec<String> = levels.iter().map(|v| v.to_string()).collect();
    let want: Vec<String> = (1..20).map(|k| format!("{}", k as f64 / 20.0)).collect();
    assert_eq!(text, want);
    assert_eq!(text[2], "0.15"); // an exact decimal, not 0.15000000000000002
    for (kind, lo, hi) in [(Scale::Linear, -3.7, 12.9), (Scale::Linear, 1e6, 1e6 + 3.0), (Scale::Linear, -1e-9, 0.0)] {
        let s = ColorScale::new(lo, hi, kind);
        for n in [1, 5, 24, 100] {
            let l = contour_levels(&s, n);
            assert!(!l.is_empty() && l.len() <= n, "n = {n}: {l:?}");
            assert!(l.iter().all(|&v| v > lo && v < hi));
            if l.len() > 2 {
                let step = l[1] - l[0];
                assert!(l.windows(2).all(|w| ((w[1] - w[0]) - step).abs() <= 1e-9 * step.abs().max(hi.abs())));
            }
        }
    }
    // Ranges near the ends of binary64 terminate and stay finite (subnormal ranges are flat).
    assert!(ColorScale::new(0.0, 1e-320, Scale::Linear).is_flat());
    assert!(ColorScale::new(-5e-300, 5e-300, Scale::Log).is_flat()); // below the 1e-290 floor
    for (lo, hi) in [(0.0, 1e-280), (-1e308, 1e308), (1e300, 1.5e300), (-5e-280, 5e-280)] {
        for kind in [Scale::Linear, Scale::Log] {
            let s = ColorScale::new(lo, hi, kind);
            let l = contour_levels(&s, 24);
            assert!(!l.is_empty() && l.len() <= 24, "{kind:?} [{lo}, {hi}]: {l:?}");
            assert!(
                l.iter().all(|v| v.is_finite() && *v > lo && *v < hi) && l.windows(2).all(|w| w[0] < w[1]),
                "{kind:?} [{lo}, {hi}]: {l:?}"
            );
            assert!(s.ticks(5).iter().all(|t| t.value.is_finite() && !t.label.contains("NaN")));
        }
    }
    assert!(contour_levels(&scale, 0).is_empty());
    assert!(contour_levels(&ColorScale::new(2.0, 2.0, Scale::Linear), 10).is_empty());
    assert!(contour_levels(&scale, 100_000).len() <= MAX_LEVELS);
}

#[test]
fn log_levels_are_evenly_spaced_in_log() {
    let scale = ColorScale::new(0.0, 890.0, Scale::Log);
    let c = scale.offset();
    let levels = contour_levels(&scale, 24);
    assert_eq!(levels.len(), 24);
    assert!(levels.windows(2).all(|w| w[0] < w[1]));
    assert!(levels[0] > 0.0 && levels[23] < 890.0);
    // Spacing of log10(f + c): (log10(890 + c) - log10(c)) / 25, each level within a quarter of it.
    let ds = ((890.0 + c).log10() - c.log10()) / 25.0;
    for (k, &l) in levels.iter().enumerate() {
        let s = (l + c).log10() - c.log10();
        assert!((s - (k + 1) as f64 * ds).abs() <= 0.25 * ds + 1e-12, "level {k} = {l}");
        // Rounded to few digits: at most 2 significant digits here.
        let digits = format!("{l:e}").split('e').next().map(|m| m.replace(['.', '-'], "").len()).unwrap_or(99);
        assert!(digits <= 2, "level {l}");
    }
}

#[test]
fn nice_ticks_like_d3() {
    // d3.ticks(0, 1, 10): 0, 0.1, ..., 1 as typed decimals.
    let t = nice_ticks(0.0, 1.0, 10);
    let text: Vec<String> = t.iter().map(|v| v.to_string()).collect();
    assert_eq!(text, ["0", "0.1", "0.2", "0.3", "0.4", "0.5", "0.6", "0.7", "0.8", "0.9", "1"]);
    // Raw step 20 / 5 = 4 >= sqrt(10): step 5.
    assert_eq!(nice_ticks(-10.0, 10.0, 5), vec![-10.0, -5.0, 0.0, 5.0, 10.0]);
    // Reversed bounds give descending ticks (d3 does too); raw step 0.2 -> 2 x 0.1.
    assert_eq!(nice_ticks(1.0, 0.0, 5), vec![1.0, 0.8, 0.6, 0.4, 0.2, 0.0]);
    assert_eq!(nice_ticks(3.0, 3.0, 5), vec![3.0]);
    assert!(nice_ticks(0.0, 1.0, 0).is_empty());
    assert!(nice_ticks(f64::NAN, 1.0, 5).is_empty());
    assert!(nice_ticks(0.0, f64::INFINITY, 5).is_empty());
    assert_eq!(nice_ticks(0.5, 2.6, 1), vec![2.0]); // raw step 2.1 -> 2
                                                    // Raw step 0.8 -> 1 leaves no tick inside [0.1, 0.9]: d3 retries with count 2 (raw 0.4 -> 0.5).
    assert_eq!(nice_ticks(0.1, 0.9, 1), vec![0.5]);
    assert_eq!(tick_step(0.0, 1.0, 5), 0.2);
    assert_eq!(tick_step(0.0, 1000.0, 4), 200.0);
    assert!(tick_step(1.0, 1.0, 5).is_nan());
    // Huge and tiny ranges stay bounded.
    assert!(nice_ticks(-1e308, 1e308, 10).len() <= 50);
    assert!(nice_ticks(1e-300, 2e-300, 10).len() <= 50);
}

#[test]
fn log_ticks_are_powers_or_multiples() {
    assert_eq!(log_ticks(1e-3, 1e3), vec![0.001, 0.01, 0.1, 1.0, 10.0, 100.0, 1000.0]);
    assert_eq!(log_ticks(1.0, 50.0), vec![1.0, 2.0, 5.0, 10.0, 20.0, 50.0]);
    assert_eq!(log_ticks(2.0, 8.0), vec![2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0]);
    assert_eq!(log_ticks(10.0, 1.0), vec![1.0, 2.0, 5.0, 10.0]);
    let wide = log_ticks(1e-30, 1e30);
    assert!(wide.len() <= 10 && wide.len() >= 5, "{wide:?}");
    assert!(log_ticks(0.0, 10.0).is_empty());
    assert!(log_ticks(-1.0, 10.0).is_empty());
    // Less than one mantissa step: falls back to nice linear ticks.
    assert_eq!(log_ticks(2.1, 2.9), nice_ticks(2.1, 2.9, 5));
}

#[test]
fn tick_labels() {
    assert_eq!(format_tick(0.5, 0.1), "0.5");
    assert_eq!(format_tick(0.1 + 0.2, 0.1), "0.3");
    assert_eq!(format_tick(-2.0, 1.0), "-2");
    assert_eq!(format_tick(0.001, 0.001), "1e-3");
    assert_eq!(format_tick(0.0015, 0.0005), "1.5e-3");
    assert_eq!(format_tick(0.0, 0.1), "0");
    assert_eq!(format_tick(-1e-17, 0.1), "0"); // never "-0"
    assert_eq!(format_tick(-0.04, 0.1), "0");
    assert_eq!(format_tick(0.25, 0.05), "0.25");
    assert_eq!(format_tick(0.2, 0.05), "0.20"); // the precision of the step, as d3.format does
    assert_eq!(format_tick(1500.0, 500.0), "1500");
    assert_eq!(format_tick(123456.0, 1.0), "123456");
    assert_eq!(format_tick(2.5e6, 5e5), "2.5e6");
    assert_eq!(format_tick(1e5, 1e5), "1e5");
    assert_eq!(format_tick(0.01, 0.01), "0.01");
    assert_eq!(format_tick(0.00999, 0.001), "1e-2"); // rounds to the step, then carries
    assert_eq!(format_tick(f64::NAN, 1.0), "NaN");
    assert_eq!(format_tick(5e-324, f64::NAN), "5e-324");
    assert_eq!(format_tick(1.5e300, 1e299), "1.5e300");
    // No step: up to 6 significant digits.
    assert_eq!(format_tick(1.23456789, f64::NAN), "1.23457");
    assert_eq!(format_tick(-1.0316284, 0.0), "-1.03163");
    assert_eq!(format_tick(9.9999996, f64::NAN), "10");
    assert_eq!(format_tick(0.001, f64::NAN), "1e-3");
    assert_eq!(format_tick(-1.031, f64::NAN), "-1.031");
    assert_eq!(format_tick(250000.0, f64::NAN), "2.5e5");
}

#[test]
fn colorbar_ticks_of_both_scales() {
    let lin = ColorScale::new(0.0, 10.0, Scale::Linear);
    let t = lin.ticks(5);
    let labels: Vec<&str> = t.iter().map(|k| k.label.as_str()).collect();
    assert_eq!(labels, ["0", "2", "4", "6", "8", "10"]);
    assert_eq!(t[1].t, 0.2);
    // Log over [0, 2500], c = 0.025: the minimum, then the powers of ten of f - 0 in [c, 2500].
    let log = ColorScale::new(0.0, 2500.0, Scale::Log);
    let t = log.ticks(5);
    let labels: Vec<&str> = t.iter().map(|k| k.label.as_str()).collect();
    assert_eq!(labels, ["0", "0.1", "1", "10", "100", "1000"]);
    assert_eq!(t[0].t, 0.0);
    assert!(t.windows(2).all(|w| w[0].t < w[1].t) && t.iter().all(|k| (0.0..=1.0).contains(&k.t)));
    for k in &t {
        assert!((log.normalize(k.value) - k.t).abs() < 1e-12);
    }
    // A negative minimum (the six-hump camel) still labels truthfully.
    // Rosenbrock's sampled minimum is not exactly 0: its bottom label rounds to "0" within 1% of the bar.
    let ros = ColorScale::new(1.02281e-4, 2500.0, Scale::Log);
    assert_eq!(ros.ticks(5)[0].label, "0");
    let camel = ColorScale::new(-1.0316, 5.0, Scale::Log);
    assert_eq!(camel.ticks(5)[0].label, "-1.0316");
    for k in camel.ticks(5) {
        assert!((camel.normalize(k.value) - k.t).abs() < 1e-12 && k.value >= -1.0316 && k.value <= 5.0, "{k:?}");
    }
    let flat = ColorScale::new(2.0, 2.0, Scale::Log).ticks(5);
    assert_eq!(flat.len(), 1);
    assert_eq!((flat[0].t, flat[0].label.as_str()), (0.5, "2"));
}

// ----- colours ------------------------------------------------------------------------------------------------

fn near(c: [u8; 4], want: [u8; 3], tol: i32) -> bool {
    (0..3).all(|i| (c[i] as i32 - want[i] as i32).abs() <= tol)
}

#[test]
fn colormap_endpoints_match_matplotlib() {
    // matplotlib's tables (_cm_listed.py): viridis starts #440154, is #21918c at 0.5, ends #fde725;
    // magma starts #000004, is #b73779 at 0.5, ends #fcfdbf. Tolerance: the polynomial fit's error.
    let v = Colormap::Viridis.lut();
    assert!(near(v[0], [68, 1, 84], 4), "{:?}", v[0]);
    assert!(near(Colormap::Viridis.at(0.5), [33, 145, 140], 4), "{:?}", Colormap::Viridis.at(0.5));
    assert!(near(v[255], [253, 231, 37], 4), "{:?}", v[255]);
    let m = Colormap::Magma.lut();
    assert!(near(m[0], [0, 0, 4], 4), "{:?}", m[0]);
    assert!(near(Colormap::Magma.at(0.5), [183, 55, 121], 4), "{:?}", Colormap::Magma.at(0.5));
    assert!(near(m[255], [252, 253, 191], 6), "{:?}", m[255]);
    assert!(v.iter().chain(m.iter()).all(|c| c[3] == 255));
    assert_eq!(Colormap::Viridis.at(-1.0), v[0]);
    assert_eq!(Colormap::Viridis.at(2.0), v[255]);
    assert_eq!(Colormap::Viridis.at(f64::NAN), v[0]);
}

#[test]
fn colorize_follows_the_scale_and_marks_non_finite_values() {
    let values = [0.0, 2.5, 5.0, 7.5, 10.0, f64::NAN, f64::INFINITY, f64::NEG_INFINITY];
    let mut rgba = vec![0u8; 4 * values.len()];
    let scale = ColorScale::new(0.0, 10.0, Scale::Linear);
    colorize(&values, &scale, Colormap::Viridis, &mut rgba);
    let lut = Colormap::Viridis.lut();
    let px = |k: usize| [rgba[4 * k], rgba[4 * k + 1], rgba[4 * k + 2], rgba[4 * k + 3]];
    assert_eq!(px(0), lut[0]);
    assert_eq!(px(2), lut[128]); // t = 0.5 -> floor(0.5 * 256)
    assert_eq!(px(4), lut[255]);
    for k in 5..8 {
        assert_eq!(px(k), NAN_RGBA);
    }
    assert!(!lut.contains(&NAN_RGBA));
    assert!(!Colormap::Magma.lut().contains(&NAN_RGBA));

    // Log: a rising field gets non-decreasing table indices, and matches normalize() up to a boundary.
    let values: Vec<f64> = (0..2000).map(|k| 890.0 * (k as f64 / 1999.0).powi(4)).collect();
    let scale = ColorScale::new(0.0, 890.0, Scale::Log);
    let mut rgba = vec![0u8; 4 * values.len()];
    colorize(&values, &scale, Colormap::Magma, &mut rgba);
    let lut = Colormap::Magma.lut();
    let mut prev = 0;
    for (k, &v) in values.iter().enumerate() {
        let c = [rgba[4 * k], rgba[4 * k + 1], rgba[4 * k + 2], rgba[4 * k + 3]];
        let want = ((scale.normalize(v) * 256.0) as usize).min(255);
        let idx = (want.saturating_sub(1)..=(want + 1).min(255)).find(|&i| lut[i] == c).expect("a neighbouring entry");
        assert!(idx >= prev || lut[idx] == lut[prev], "index {idx} after {prev}");
        prev = prev.max(idx);
    }
    // A short buffer is filled as far as it goes, never overrun.
    let mut short = vec![0u8; 6];
    colorize(&[1.0, 2.0, 3.0], &ColorScale::new(0.0, 3.0, Scale::Linear), Colormap::Viridis, &mut short);
}

#[test]
fn colorbar_runs_from_max_at_the_top_to_min_at_the_bottom() {
    let (w, h) = (3, 100);
    let mut rgba = vec![0u8; 4 * w * h];
    colorbar(&ColorScale::new(0.0, 1.0, Scale::Log), Colormap::Viridis, w, h, &mut rgba);
    let lut = Colormap::Viridis.lut();
    assert_eq!(&rgba[..4], &lut[254]); // row 0 centre: t = 1 - 0.5 / 100 = 0.995 -> floor(0.995 * 256) = 254
    let last = 4 * w * (h - 1);
    assert_eq!(&rgba[last..last + 4], &lut[1]); // row 99: t = 0.005 -> floor(1.28) = 1
                                                // Rows are uniform.
    assert_eq!(&rgba[4..8], &rgba[..4]);
    colorbar(&ColorScale::new(0.0, 1.0, Scale::Linear), Colormap::Viridis, 0, 10, &mut rgba);
    // no panic
}

// ----- lines --------------------------------------------------------------------------------------------------

fn black(w: usize, h: usize) -> Vec<u8> {
    let mut v = vec![0u8; 4 * w * h];
    v.chunks_exact_mut(4).for_each(|p| p[3] = 255);
    v
}

fn red_at(rgba: &[u8], w: usize, i: usize, j: usize) -> u8 {
    rgba[4 * (j * w + i)]
}

#[test]
fn lines_are_antialiased_by_distance() {
    let (w, h) = (32, 32);
    // On the centres of row 10 (y = 10.5): that row fully covered, its neighbours (distance 1) untouched.
    let mut rgba = black(w, h);
    draw_segments(&mut rgba, w, h, &[2.0, 10.5, 30.0, 10.5], [255, 255, 255, 255], 1.0);
    assert_eq!(red_at(&rgba, w, 16, 10), 255);
    assert_eq!(red_at(&rgba, w, 16, 9), 0);
    assert_eq!(red_at(&rgba, w, 16, 11), 0);
    // On the boundary between rows 9 and 10 (y = 10): both at distance 0.5, half covered (255 / 2 ~ 128).
    let mut rgba = black(w, h);
    draw_segments(&mut rgba, w, h, &[2.0, 10.0, 30.0, 10.0], [255, 255, 255, 255], 1.0);
    for j in [9, 10] {
        assert!((red_at(&rgba, w, 16, j) as i32 - 128).abs() <= 1, "{}", red_at(&rgba, w, 16, j));
    }
    assert_eq!(red_at(&rgba, w, 16, 8), 0);
    // A diagonal: pixel (10, 10) has its centre on the line.
    let mut rgba = black(w, h);
    draw_segments(&mut rgba, w, h, &[0.0, 0.0, 32.0, 32.0], [255, 255, 255, 255], 1.0);
    assert_eq!(red_at(&rgba, w, 10, 10), 255);
    assert_eq!(red_at(&rgba, w, 20, 10), 0);
}

#[test]
fn joints_are_not_blended_twice() {
    let (w, h) = (32, 32);
    let colour = [255, 255, 255, 128];
    let mut one = black(w, h);
    draw_segments(&mut one, w, h, &[2.0, 10.5, 30.0, 10.5], colour, 1.0);
    let mut two = black(w, h);
    // The same line in pieces (as marching squares emits it), one piece twice.
    let pieces = [2.0, 10.5, 16.25, 10.5, 16.25, 10.5, 30.0, 10.5, 16.25, 10.5, 30.0, 10.5];
    draw_segments(&mut two, w, h, &pieces, colour, 1.0);
    assert_eq!(one, two);
    assert_eq!(red_at(&one, w, 16, 10), 128); // 255 * 128/255, blended once
}

#[test]
fn lines_outside_or_invalid_are_harmless() {
    let (w, h) = (8, 8);
    let mut rgba = black(w, h);
    let segs = [f32::NAN, 1.0, 2.0, 3.0, -1e30, -1e30, -1e29, -1e29, 100.0, 100.0, 200.0, 200.0, 1.0, 1.0];
    draw_segments(&mut rgba, w, h, &segs, [255, 0, 0, 255], 1.0);
    assert_eq!(rgba, black(w, h));
    draw_segments(&mut rgba, w, h, &[0.0, 4.5, 8.0, 4.5], [255, 0, 0, 255], f32::NAN); // width -> 1 px
    assert_eq!(red_at(&rgba, w, 3, 4), 255);
    draw_segments(&mut rgba[..10], w, h, &[0.0, 4.5, 8.0, 4.5], [255, 0, 0, 255], 1.0);
    // short buffer: nothing
}

// ----- frames -------------------------------------------------------------------------------------------------

#[test]
fn frames_render_and_reuse_their_buffers() {
    let s = Surface::Rosenbrock { a: 1.0, b: 100.0 };
    let g = grid(s.default_view(), 128, 96);
    let mut frame = Frame::new();
    let info =
        frame.render(&g, |x, y| s.value(x, y), Scale::Log, Colormap::Viridis, 24, false).expect("renders").clone();
    assert_eq!(info.degenerate, None);
    assert!(info.levels.len() >= 10 && info.levels.len() <= 24, "{:?}", info.levels);
    assert_eq!(frame.rgba.len(), 128 * 96 * 4);
    assert_eq!(frame.values.len(), 128 * 96);
    assert_eq!(frame.size(), (128, 96));
    assert!(!frame.segments().is_empty());
    assert_eq!(info.stats.non_finite, 0);
    assert_eq!(info.scale.kind(), Scale::Log);
    // The lines changed some pixels away from the pure colour field.
    let mut plain = vec![0u8; frame.rgba.len()];
    colorize(&frame.values, &info.scale, Colormap::Viridis, &mut plain);
    assert_ne!(plain, frame.rgba);

    let (p_rgba, p_values) = (frame.rgba.as_ptr(), frame.values.as_ptr());
    // Same size, a slightly moved view: no reallocation of the pixel or value buffers.
    let moved = Grid { view: ViewBox::new(-2.0, 2.0, -0.9, 3.1), ..g };
    frame.render(&moved, |x, y| s.value(x, y), Scale::Linear, Colormap::Magma, 24, true).expect("renders");
    assert_eq!((frame.rgba.as_ptr(), frame.values.as_ptr()), (p_rgba, p_values));
    assert_eq!(frame.info().scale.kind(), Scale::Linear);
}

#[test]
fn degenerate_fields_are_flagged() {
    let g = grid(ViewBox::new(-1.0, 1.0, -1.0, 1.0), 40, 30);
    let mut frame = Frame::new();
    let info = frame.render(&g, |_, _| 3.0, Scale::Linear, Colormap::Viridis, 24, false).expect("renders").clone();
    assert_eq!(info.degenerate, Some(Degenerate::Flat { value: 3.0 }));
    assert!(info.levels.is_empty() && frame.segments().is_empty());
    let mid = Colormap::Viridis.lut()[128];
    assert!(frame.rgba.chunks_exact(4).all(|p| p == mid));
    assert!(Degenerate::Flat { value: 3.0 }.message().contains("f = 3"));

    let info = frame.render(&g, |_, _| f64::NAN, Scale::Log, Colormap::Viridis, 24, true).expect("renders").clone();
    assert_eq!(info.degenerate, Some(Degenerate::NoFiniteValues));
    assert_eq!(info.stats.non_finite, 40 * 30);
    assert!(frame.segments().is_empty());
    // Hatched in two greys, none of them a colormap colour.
    let lut = Colormap::Viridis.lut();
    let mut distinct: Vec<&[u8]> = frame.rgba.chunks_exact(4).collect();
    distinct.sort();
    distinct.dedup();
    assert_eq!(distinct.len(), 2);
    assert!(distinct.iter().all(|p| !lut.iter().any(|c| c == p)));
}

#[test]
fn nan_regions_are_hatched_and_have_no_contours() {
    let g = grid(ViewBox::new(-2.0, 2.0, -2.0, 2.0), 64, 64);
    let mut frame = Frame::new();
    let f = |x: f64, y: f64| if x * x + y * y < 0.25 { f64::NAN } else { x * x + y * y };
    let info = frame.render(&g, f, Scale::Linear, Colormap::Viridis, 12, false).expect("renders").clone();
    assert_eq!(info.degenerate, None);
    assert!(info.stats.non_finite > 0);
    let lut = Colormap::Viridis.lut();
    for (k, (&v, p)) in frame.values.iter().zip(frame.rgba.chunks_exact(4)).enumerate() {
        if !v.is_finite() {
            assert!(!lut.iter().any(|c| c == p), "pixel {k} is a colormap colour");
        }
    }
    // No segment inside the hole: every endpoint is at least 0.5 - one pixel diagonal from the centre.
    let pixel = 4.0 / 64.0;
    for s in frame.segments().chunks_exact(2) {
        let (x, y) = g.from_pixel(s[0] as f64, s[1] as f64);
        assert!(x.hypot(y) >= 0.5 - 1.5 * pixel, "endpoint ({x}, {y})");
    }
}

#[test]
fn frame_inputs_are_checked() {
    let mut frame = Frame::new();
    let view = ViewBox::new(-1.0, 1.0, -1.0, 1.0);
    let bad = Grid { view, width: 0, height: 10 };
    let e = frame.render(&bad, |x, _| x, Scale::Linear, Colormap::Viridis, 10, false).expect_err("width 0");
    assert_eq!(e.path, "grid.width");
    let big = Grid { view, width: 10, height: 4096 };
    let e = frame.render(&big, |x, _| x, Scale::Linear, Colormap::Viridis, 10, false).expect_err("height 4096");
    assert_eq!(e.path, "grid.height");
    let ok = Grid { view, width: 10, height: 10 };
    let e = frame.render(&ok, |x, _| x, Scale::Linear, Colormap::Viridis, 1000, false).expect_err("1000 levels");
    assert_eq!(e.path, "levels");
    assert!(frame
        .render(&ok, |x, _| x, Scale::Linear, Colormap::Viridis, 0, false)
        .expect("no levels")
        .levels
        .is_empty());
}

#[test]
fn scale_and_colormap_names_are_read_from_configs() {
    use descent::config::Value;
    assert_eq!(Scale::from_value("scale", &Value::Str("log".into())), Ok(Scale::Log));
    assert_eq!(Colormap::from_value("colormap", &Value::Str("magma".into())), Ok(Colormap::Magma));
    let e = Colormap::from_value("colormap", &Value::Str("jet".into())).expect_err("unknown");
    assert_eq!(e.path, "colormap");
    assert!(e.allowed.contains("viridis"));
    assert!(Scale::from_value("scale", &Value::Num(1.0)).is_err());
}

// ----- allocation ---------------------------------------------------------------------------------------------

/// Counts this thread's allocations (tests run on several threads at once).
struct Counting;

thread_local! {
    static ALLOCATIONS: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

#[allow(unsafe_code)]
unsafe impl std::alloc::GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: std::alloc::Layout) -> *mut u8 {
        let _ = ALLOCATIONS.try_with(|c| c.set(c.get() + 1));
        // SAFETY: forwarded unchanged to the system allocator.
        unsafe { std::alloc::System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: std::alloc::Layout) {
        // SAFETY: forwarded unchanged to the system allocator.
        unsafe { std::alloc::System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: std::alloc::Layout, new_size: usize) -> *mut u8 {
        let _ = ALLOCATIONS.try_with(|c| c.set(c.get() + 1));
        // SAFETY: forwarded unchanged to the system allocator.
        unsafe { std::alloc::System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

fn allocations() -> usize {
    ALLOCATIONS.with(|c| c.get())
}

#[test]
fn a_stable_frame_allocates_nothing() {
    let s = Surface::Himmelblau;
    let g = grid(s.default_view(), 160, 120);
    let mut frame = Frame::new();
    let start = allocations();
    frame.render(&g, |x, y| s.value(x, y), Scale::Log, Colormap::Magma, 24, false).expect("renders");
    assert!(allocations() > start, "the counter sees the first frame's buffers");
    for (kind, dark) in [(Scale::Log, false), (Scale::Linear, true)] {
        frame.render(&g, |x, y| s.value(x, y), kind, Colormap::Magma, 24, dark).expect("renders");
        let before = allocations();
        frame.render(&g, |x, y| s.value(x, y), kind, Colormap::Magma, 24, dark).expect("renders");
        assert_eq!(allocations() - before, 0, "{kind:?}");
    }
}

// ----- properties ---------------------------------------------------------------------------------------------

mod properties {
    use super::*;
    use proptest::prelude::*;

    fn any_f64() -> impl Strategy<Value = f64> {
        prop_oneof![
            4 => -1e3..1e3f64,
            1 => proptest::num::f64::ANY,
            1 => Just(f64::NAN),
            1 => Just(0.0),
        ]
    }

    proptest! {
        #[test]
        fn ticks_and_labels_never_panic(lo in any_f64(), hi in any_f64(), count in 0usize..50, step in any_f64()) {
            let t = nice_ticks(lo, hi, count);
            prop_assert!(t.len() <= 4 * count + 17);
            prop_assert!(t.iter().all(|v| v.is_finite()));
            let label = format_tick(lo, step);
            prop_assert!(!label.is_empty() && label != "-0");
            prop_assert!(log_ticks(lo, hi).len() <= 100);
            for kind in [Scale::Linear, Scale::Log] {
                let s = ColorScale::new(lo, hi, kind);
                let levels = contour_levels(&s, count);
                prop_assert!(levels.len() <= count);
                prop_assert!(levels.windows(2).all(|w| w[0] < w[1]));
                for k in s.ticks(count) {
                    prop_assert!((0.0..=1.0).contains(&k.t) && !k.label.is_empty());
                }
                let t = s.normalize(lo);
                prop_assert!(t.is_nan() == lo.is_nan() && (t.is_nan() || (0.0..=1.0).contains(&t)));
            }
        }

        #[test]
        fn random_fields_give_continuous_contours(
            w in 2usize..12,
            h in 2usize..12,
            seed in proptest::collection::vec(-10.0..10.0f64, 144),
            mut levels in proptest::collection::vec(-10.0..10.0f64, 1..6),
        ) {
            let values: Vec<f64> = seed[..w * h].to_vec();
            levels.sort_by(|a, b| a.total_cmp(b));
            levels.dedup();
            let mut out = Vec::new();
            contour_segments(&values, w, h, &levels, &mut out);
            let segs: Vec<[f32; 4]> = out.chunks_exact(4).map(|s| [s[0], s[1], s[2], s[3]]).collect();
            for s in &segs {
                let (xs, ys) = (0.5..=w as f32 - 0.5, 0.5..=h as f32 - 0.5);
                prop_assert!(xs.contains(&s[0]) && xs.contains(&s[2]) && ys.contains(&s[1]) && ys.contains(&s[3]));
            }
            assert_continuous(&segs, w, h);
        }

        #[test]
        fn contours_and_lines_never_panic(
            w in 1usize..10,
            h in 1usize..10,
            values in proptest::collection::vec(any_f64(), 100),
            levels in proptest::collection::vec(any_f64(), 0..5),
            segs in proptest::collection::vec(any_f64(), 0..40),
            width_px in any_f64(),
        ) {
            let mut out = Vec::new();
            contour_segments(&values[..w * h], w, h, &levels, &mut out);
            prop_assert!(out.iter().all(|v| v.is_finite()));
            let mut rgba = vec![0u8; 4 * w * h];
            let segs: Vec<f32> = segs.iter().map(|&v| v as f32).collect();
            draw_segments(&mut rgba, w, h, &segs, [10, 20, 30, 200], width_px as f32);
            colorize(&values[..w * h], &ColorScale::new(values[0], values[1], Scale::Log), Colormap::Magma, &mut rgba);
            colorbar(&ColorScale::new(values[2], values[3], Scale::Linear), Colormap::Viridis, w, h, &mut rgba);
        }
    }
}
