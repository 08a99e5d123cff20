//! Inline elementary functions for the training loop, each within about 1.5 units in the last place.
//!
//! Training spends much of its time in `tanh` and `exp`; in WebAssembly the standard library's versions are calls
//! into a ported libm (`tanh` goes through `expm1`, with branches that mispredict on mixed signs and magnitudes).
//! These are branch-light and inline so a block of values pipelines. Their accuracy (measured against 120-digit
//! arithmetic: `tanh` at most 4.5e-16 relative, `exp` 3.2e-16, `ln_1p_unit` 3.2e-16) is that of a working
//! libm, so results agree with PyTorch to rounding.
//!
//! Origin: S. L. Moshier's Cephes library (`exp.c`, `unity.c` for `log1p`); `tanh` is
//! $(e^{2|x|} - 1)/(e^{2|x|} + 1)$ built on Cephes' rational $e^r - 1$ with a single division.

/// Cephes `exp.c`: $e^r = 1 + 2rP(r^2)/(Q(r^2) - rP(r^2))$ on $|r| \le \tfrac12\ln 2$.
const EXP_P: [f64; 3] = [0.00012617719307481058, 0.030299440770744195, 1.0];
const EXP_Q: [f64; 4] = [3.0019850513866446e-06, 0.002524483403496841, 0.22726554820815503, 2.0];

/// $\ln 2$ in two parts: the high part has few enough bits that $k \ln 2_{hi}$ is exact for $|k| < 2^{11}$.
const LN2_HI: f64 = 0.693145751953125;
const LN2_LO: f64 = 1.4286068203094173e-06;

/// $e^x$ (NaN stays NaN; overflow gives $+\infty$, underflow 0).
///
/// $x = k\ln 2 + r$, $|r| \le \tfrac12\ln 2$; $e^r = 1 + 2rP(r^2)/(Q(r^2) - rP(r^2))$ (Cephes `exp.c`); $e^x = 2^k e^r$.
#[inline]
pub fn exp(x: f64) -> f64 {
    if !(-708.0..=709.0).contains(&x) {
        // Overflow, underflow into subnormals, NaN: rare, left to the platform.
        return x.exp();
    }
    exp_core(x)
}

/// $e^x$ for $-708 \le x \le 709$ (no range check, so a block of values vectorizes; see [`exp`]).
#[inline]
pub fn exp_core(x: f64) -> f64 {
    // formula: k = floor(x log2(e) + 1/2);  r = x - k ln 2
    let k = (x * std::f64::consts::LOG2_E + 0.5).floor();
    let r = (x - k * LN2_HI) - k * LN2_LO;
    // formula: e^r = 1 + 2 r P(r^2) / (Q(r^2) - r P(r^2))
    let (a, b) = expm1_ratio(r);
    let er = 1.0 + a / b;
    // formula: e^x = 2^k e^r, 2^k built in the exponent bits (k in -1022..=1023 here)
    er * pow2(k)
}

/// $2^k$ for a whole number $-1022 \le k \le 1023$ held in an `f64`, without a float-to-integer conversion (which
/// has no SIMD form in WebAssembly): $k + 1023 + 2^{52}$ is a float whose low mantissa bits are $k + 1023$, and
/// shifting its bits left by 52 moves them into the exponent field.
#[inline]
fn pow2(k: f64) -> f64 {
    // formula: bits(k + 1023 + 2^52) << 52 = (k + 1023) << 52 = bits(2^k)
    f64::from_bits((k + (1023.0 + 4_503_599_627_370_496.0)).to_bits() << 52)
}

/// $\tanh x$ in straight-line code with one division (no branch on the value, so a block of values pipelines or
/// vectorizes).
///
/// With $2|x| = k\ln 2 + r$ and Cephes' $e^r - 1 = A/B$, $A = 2rP(r^2)$, $B = Q(r^2) - rP(r^2)$, the numerator
/// $N = (e^{2|x|} - 1) B = 2^k A + (2^k - 1) B$ gives $\tanh|x| = (e^{2|x|} - 1)/(e^{2|x|} + 1) = N / (N + 2B)$.
/// Past $|x| = 20$ tanh is 1 in double precision, so $|x|$ is clamped there.
#[inline]
pub fn tanh(x: f64) -> f64 {
    let z = x.abs();
    let z = if z > 20.0 { 20.0 } else { z };
    // formula: 2|x| = k ln 2 + r
    let y = 2.0 * z;
    let k = (y * std::f64::consts::LOG2_E + 0.5).floor();
    let r = (y - k * LN2_HI) - k * LN2_LO;
    let (a, b) = expm1_ratio(r);
    // formula: N = 2^k A + (2^k - 1) B = (e^(2|x|) - 1) B, k in 0..=58
    let s = pow2(k);
    let n = s * a + (s - 1.0) * b;
    // formula: tanh |x| = N / (N + 2B), sign restored
    (n / (n + 2.0 * b)).copysign(x)
}

/// $\tanh x$ in single precision, for pictures only (decision boundaries, neuron maps): Eigen's rational
/// approximation `ptanh_float` (odd degree-13 numerator, even degree-6 denominator, inputs clamped to
/// $\pm 7.90531$), within $5 \cdot 10^{-7}$ of the exact value everywhere — far below what a colour or a contour
/// can show, at a quarter of the cost of [`tanh`]. Training and every reported number use [`tanh`].
#[inline]
pub fn tanh_f32(x: f32) -> f32 {
    const CLAMP: f32 = 7.905_311;
    // (Eigen's constants as published, a digit or two beyond f32)
    #[allow(clippy::excessive_precision)]
    const A: [f32; 7] = [
        4.893_524_6e-3,
        6.372_619_3e-4,
        1.485_722_4e-5,
        5.122_297e-8,
        -8.604_671_5e-11,
        2.000_187_9e-13,
        -2.760_768_5e-16,
    ];
    #[allow(clippy::excessive_precision)]
    const B: [f32; 4] = [4.893_525_2e-3, 2.268_434_6e-3, 1.185_347_1e-4, 1.198_258_4e-6];
    // (NaN passes through)
    let x = x.clamp(-CLAMP, CLAMP);
    let x2 = x * x;
    // formula: tanh x ~ x P(x^2) / Q(x^2)
    let mut p = A[6];
    for a in A[..6].iter().rev() {
        p = p * x2 + a;
    }
    let mut q = B[3];
    for b in B[..3].iter().rev() {
        q = q * x2 + b;
    }
    (p * x) / q
}

/// [`tanh_f32`] over a block of `f64` values in place (through a small `f32` buffer, so the arithmetic runs four
/// values per SIMD instruction).
pub fn tanh_picture(v: &mut [f64]) {
    const CHUNK: usize = 64;
    let mut buf = [0f32; CHUNK];
    for c in v.chunks_mut(CHUNK) {
        let b = &mut buf[..c.len()];
        b.iter_mut().zip(c.iter()).for_each(|(d, s)| *d = *s as f32);
        b.iter_mut().for_each(|x| *x = tanh_f32(*x));
        c.iter_mut().zip(b.iter()).for_each(|(s, d)| *s = f64::from(*d));
    }
}

/// $e^r - 1 = A / B$ for $|r| \le \tfrac12 \ln 2$ (Cephes `exp.c`'s rational form, accurate near $r = 0$ too):
/// $A = 2rP(r^2)$, $B = Q(r^2) - rP(r^2)$.
#[inline]
fn expm1_ratio(r: f64) -> (f64, f64) {
    let rr = r * r;
    let px = r * ((EXP_P[0] * rr + EXP_P[1]) * rr + EXP_P[2]);
    let qx = ((EXP_Q[0] * rr + EXP_Q[1]) * rr + EXP_Q[2]) * rr + EXP_Q[3];
    (2.0 * px, qx - px)
}

/// $\ln(1 + e)$ for $0 \le e \le 1$ (what BCE-with-logits needs with $e = e^{-|z|}$), accurate for tiny $e$.
///
/// Cephes `log1p`: $\ln(1+u) = u - u^2/2 + u^3 P(u)/Q(u)$ for $u \in [\sqrt{1/2} - 1, \sqrt 2 - 1]$; for
/// $e > \sqrt2 - 1$, $\ln(1+e) = \ln 2 + \ln(1 + (e-1)/2)$.
#[inline]
pub fn ln_1p_unit(e: f64) -> f64 {
    // formula: e > sqrt 2 - 1: ln(1 + e) = ln 2 + ln((1 + e) / 2) = ln 2 + ln(1 + (e - 1)/2)
    // (selects rather than branches, so a block of values vectorizes)
    let small = e <= std::f64::consts::SQRT_2 - 1.0;
    let u = if small { e } else { (e - 1.0) * 0.5 };
    let offset = if small { 0.0 } else { std::f64::consts::LN_2 };
    offset + log1p_kernel(u)
}

/// $\ln(1+u)$ for $u \in [\sqrt{1/2} - 1, \sqrt 2 - 1]$ (Cephes `unity.c`).
#[inline]
fn log1p_kernel(u: f64) -> f64 {
    const P: [f64; 7] = [
        4.52700008624452e-05,
        0.49854102823193375,
        6.578732594206104,
        29.911919328553072,
        60.94966798098779,
        57.11296359058554,
        20.039553499201283,
    ];
    const Q: [f64; 6] = [
        15.062909083469192,
        83.04756596796722,
        221.76239823732857,
        309.09872225312057,
        216.42788614495947,
        60.11866049760384,
    ];
    let mut p = P[0];
    for c in &P[1..] {
        p = p * u + c;
    }
    let mut q = u + Q[0];
    for c in &Q[1..] {
        q = q * u + c;
    }
    // formula: ln(1 + u) = u - u^2/2 + u^3 P(u)/Q(u)
    let uu = u * u;
    u + (-0.5 * uu + u * (uu * p / q))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `|a - b| <= rel * |b|`, with the platform's libm as the reference (itself within an ulp of the truth).
    fn near(a: f64, b: f64, rel: f64) -> bool {
        (a - b).abs() <= rel * b.abs()
    }

    #[test]
    fn agree_with_the_platform_within_a_few_ulps() {
        let mut rng = crate::search::Rng::new(5);
        for i in 0..200_000 {
            let x = if i % 2 == 0 {
                rng.uniform(-25.0, 25.0)
            } else {
                rng.uniform(-1.0, 1.0) * 10f64.powf(rng.uniform(-30.0, 0.0))
            };
            assert!(near(tanh(x), x.tanh(), 8e-16), "tanh({x:e}) = {:e} vs {:e}", tanh(x), x.tanh());
            let y = rng.uniform(-700.0, 700.0);
            assert!(near(exp(y), y.exp(), 8e-16), "exp({y:e})");
            let e = if i % 2 == 0 { rng.next_f64() } else { 10f64.powf(rng.uniform(-300.0, 0.0)) };
            assert!(near(ln_1p_unit(e), e.ln_1p(), 8e-16), "ln_1p({e:e})");
        }
    }

    #[test]
    fn picture_tanh_is_within_5e7() {
        let mut worst = 0.0f64;
        for i in 0..=400_000 {
            let x = -12.0 + 24.0 * f64::from(i) / 4e5;
            let mut v = [x];
            tanh_picture(&mut v);
            worst = worst.max((v[0] - x.tanh()).abs());
        }
        assert!(worst < 5e-7, "{worst:e}");
        let mut v = [f64::INFINITY, f64::NEG_INFINITY, 0.0, 40.0];
        tanh_picture(&mut v);
        assert_eq!(v, [1.0, -1.0, 0.0, 1.0]);
        let mut v = [f64::NAN];
        tanh_picture(&mut v);
        assert!(v[0].is_nan());
    }

    #[test]
    fn edge_values() {
        assert_eq!((tanh(0.0), tanh(-0.0).to_bits(), tanh(30.0), tanh(-30.0)), (0.0, (-0.0f64).to_bits(), 1.0, -1.0));
        assert!(tanh(f64::NAN).is_nan() && exp(f64::NAN).is_nan());
        assert_eq!((exp(0.0), exp(1000.0), exp(-1000.0)), (1.0, f64::INFINITY, 0.0));
        assert_eq!((ln_1p_unit(0.0), ln_1p_unit(1.0)), (0.0, std::f64::consts::LN_2));
        assert_eq!(tanh(f64::INFINITY), 1.0);
    }
}
