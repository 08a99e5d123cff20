//! Losses (reduction `mean`) with their gradients, and L1 / L2 penalties on the weights.
//!
//! Origin: PyTorch's `torch.nn.MSELoss`, `L1Loss`, `BCEWithLogitsLoss` and `CrossEntropyLoss`
//! (`aten/src/ATen/native/Loss.cpp`, `LossNLL.cpp`, `SoftMax.cpp`), all with `reduction='mean'`:
//! MSE, L1 and BCE average over all $N \times K$ elements, cross-entropy over the $N$ rows.
//!
//! ## Penalties versus weight decay
//! A [`Penalty`] adds $\lambda_1 \sum |w| + \lambda_2 \sum w^2$ to the loss (note: $\lambda_2$ multiplies
//! $\|w\|^2$, without a $\tfrac12$, as in the reference `misc` cases and Keras' `l2` regularizer), by default over the
//! Linear weights only (Keras `kernel_regularizer`); with `include_bias` over every parameter. Its gradient is
//! $\lambda_1 \operatorname{sign}(w) + 2\lambda_2 w$ with $\operatorname{sign}(0) = 0$ as in `torch.sign`.
//! This is distinct from an optimizer's `weight_decay` ([`crate::optim`]): torch adds $\text{wd}\cdot\theta$ to the
//! gradient of *every* parameter (biases and BatchNorm's $\gamma, \beta$ included; equal to a penalty
//! $\tfrac{\text{wd}}{2}\|\theta\|^2$ for SGD and Adam), and AdamW decays the weights outside the adaptive update.

use crate::nn::math;
use std::ops::Range;

/// Loss names for configs.
pub const LOSS_NAMES: [&str; 3] = ["mse", "l1", "cross_entropy"];

/// A loss between network outputs and targets, averaged as PyTorch's `reduction='mean'`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Loss {
    /// `MSELoss`: $\frac{1}{NK}\sum (o - t)^2$; targets are `N x K` values.
    Mse,
    /// `L1Loss`: $\frac{1}{NK}\sum |o - t|$; the gradient uses $\operatorname{sign}(0) = 0$.
    L1,
    /// `BCEWithLogitsLoss`: $\frac{1}{NK}\sum \max(z,0) - z t + \log(1 + e^{-|z|})$; targets in $[0, 1]$, `N x K`.
    BceWithLogits,
    /// `CrossEntropyLoss` on logits: $\frac1N\sum_s \big(\log\sum_k e^{z_{sk}} - z_{s,y_s}\big)$; targets are `N`
    /// class indices stored as `f64`.
    CrossEntropy,
}

impl Loss {
    /// Numbers of target values per row for `k` outputs (1 for class indices).
    pub fn target_width(self, k: usize) -> usize {
        match self {
            Loss::CrossEntropy => 1,
            _ => k,
        }
    }

    /// The mean loss of `outputs` (`N x k`) against `targets` (see each variant), writing $\partial L/\partial o$
    /// into `grad` (same shape as `outputs`). Callers validate class labels; an index outside `0..k` is clamped.
    pub fn value_and_grad(self, outputs: &[f64], targets: &[f64], k: usize, grad: &mut [f64]) -> f64 {
        let k = k.max(1);
        let rows = outputs.len() / k;
        if rows == 0 {
            return 0.0;
        }
        match self {
            Loss::Mse => {
                let count = (rows * k) as f64;
                let mut sum = 0.0;
                for ((o, t), g) in outputs.iter().zip(targets).zip(grad.iter_mut()) {
                    // formula: L = mean (o - t)^2;  dL/do = 2 (o - t) / (N K)
                    let r = o - t;
                    sum += r * r;
                    *g = 2.0 * r / count;
                }
                sum / count
            }
            Loss::L1 => {
                let count = (rows * k) as f64;
                let mut sum = 0.0;
                for ((o, t), g) in outputs.iter().zip(targets).zip(grad.iter_mut()) {
                    // formula: L = mean |o - t|;  dL/do = sign(o - t) / (N K), sign(0) = 0
                    let r = o - t;
                    sum += r.abs();
                    *g = sign(r) / count;
                }
                sum / count
            }
            Loss::BceWithLogits => {
                let count = (rows * k) as f64;
                let mut sum = 0.0;
                // Blocks of 16: the per-element work (no running sum inside) vectorizes, then the block's losses
                // are added in order, so the sum is the same as element by element.
                let mut block = [0.0; 16];
                for ((zc, tc), gc) in outputs.chunks(16).zip(targets.chunks(16)).zip(grad.chunks_mut(16)) {
                    for (((z, t), g), l) in zc.iter().zip(tc).zip(gc.iter_mut()).zip(block.iter_mut()) {
                        let (value, p) = bce_with_logits(*z, *t);
                        *l = value;
                        // formula: dL/dz = (sigmoid(z) - t) / (N K)
                        *g = (p - t) / count;
                    }
                    for l in &block[..zc.len()] {
                        sum += l;
                    }
                }
                sum / count
            }
            Loss::CrossEntropy => {
                let n = rows as f64;
                let mut sum = 0.0;
                for ((z, t), g) in outputs.chunks_exact(k).zip(targets).zip(grad.chunks_exact_mut(k)) {
                    let y = class_index(*t, k);
                    // formula: m = max_k z_k;  lse = m + ln sum_k e^(z_k - m)
                    let m = max_of(z);
                    let mut se = 0.0;
                    for (zk, gk) in z.iter().zip(g.iter_mut()) {
                        let e = math::exp(zk - m);
                        *gk = e;
                        se += e;
                    }
                    let lse = m + se.ln();
                    // formula: L_s = lse - z_y
                    sum += lse - z[y];
                    // formula: dL/dz_k = (softmax_k - [k = y]) / N
                    for gk in g.iter_mut() {
                        *gk = *gk / se / n;
                    }
                    g[y] -= 1.0 / n;
                }
                sum / n
            }
        }
    }
}

/// One element of `BCEWithLogitsLoss` and the sigmoid: $(\max(z,0) - z t + \log(1 + e^{-|z|}),\ \sigma(z))$,
/// evaluated without overflow for any finite $z$.
#[inline]
pub fn bce_with_logits(z: f64, t: f64) -> (f64, f64) {
    // formula: e = exp(-|z|);  sigmoid(z) = 1/(1+e) if z >= 0 else e/(1+e)
    // (|z| is capped at 700: e^-700 ~ 1e-304 stands in for anything smaller, an absolute difference below 1e-304 in
    // the loss and the sigmoid; the cap keeps the code free of branches)
    let a = z.abs();
    let e = math::exp_core(-(if a > 700.0 { 700.0 } else { a }));
    let numerator = if z >= 0.0 { 1.0 } else { e };
    let p = numerator / (1.0 + e);
    // formula: loss = max(z, 0) - z t + ln(1 + e)
    let relu = if z > 0.0 { z } else { 0.0 };
    (relu - z * t + math::ln_1p_unit(e), p)
}

/// $\sigma(z) = 1/(1+e^{-z})$ without overflow.
#[inline]
pub fn sigmoid(z: f64) -> f64 {
    bce_with_logits(z, 0.0).1
}

/// Softmax of a row of logits into `out` (max-shifted).
pub fn softmax(z: &[f64], out: &mut [f64]) {
    let m = max_of(z);
    let mut s = 0.0;
    for (o, zk) in out.iter_mut().zip(z) {
        // formula: softmax_k = e^(z_k - m) / sum_j e^(z_j - m)
        *o = math::exp(zk - m);
        s += *o;
    }
    for o in out.iter_mut() {
        *o /= s;
    }
}

/// `torch.sign`: $-1$, $0$ or $1$ (0 for $\pm 0$ and NaN maps to NaN).
#[inline]
pub fn sign(x: f64) -> f64 {
    if x > 0.0 {
        1.0
    } else if x < 0.0 {
        -1.0
    } else {
        x * 0.0
    }
}

/// A stored class index as a usable index in `0..k` (rounded; out-of-range values clamped).
#[inline]
fn class_index(t: f64, k: usize) -> usize {
    if t >= 0.0 {
        ((t + 0.5) as usize).min(k - 1)
    } else {
        0
    }
}

/// The largest value (a select per element: `f64::max` costs a NaN check in WebAssembly); NaN values are skipped.
#[inline]
fn max_of(z: &[f64]) -> f64 {
    let mut m = f64::NEG_INFINITY;
    for &v in z {
        if v > m {
            m = v;
        }
    }
    m
}

/// L1 and L2 penalties added to the data loss: $\lambda_1 \sum_{w} |w| + \lambda_2 \sum_{w} w^2$.
#[derive(Clone, Copy, Debug, PartialEq, Default)]
pub struct Penalty {
    /// $\lambda_1$.
    pub l1: f64,
    /// $\lambda_2$ (multiplies $\|w\|^2$; torch's `weight_decay` wd corresponds to $\lambda_2 = \text{wd}/2$).
    pub l2: f64,
    /// Penalize every parameter (biases, BatchNorm $\gamma$ and $\beta$) instead of the Linear weights only.
    pub include_bias: bool,
}

impl Penalty {
    /// Whether the penalty is zero.
    pub fn is_zero(&self) -> bool {
        self.l1 == 0.0 && self.l2 == 0.0
    }

    /// $\lambda_1 \sum |w| + \lambda_2 \sum w^2$ over the penalized `ranges` of `params`.
    pub fn value(&self, params: &[f64], ranges: &[Range<usize>]) -> f64 {
        let mut l1 = 0.0;
        let mut l2 = 0.0;
        for w in ranges.iter().filter_map(|r| params.get(r.clone())).flatten() {
            l1 += w.abs();
            l2 += w * w;
        }
        // formula: P = lambda1 ||w||_1 + lambda2 ||w||_2^2
        self.l1 * l1 + self.l2 * l2
    }

    /// Add $\lambda_1\operatorname{sign}(w) + 2\lambda_2 w$ to `grad` over the penalized `ranges`.
    pub fn add_grad(&self, params: &[f64], grad: &mut [f64], ranges: &[Range<usize>]) {
        if self.is_zero() {
            return;
        }
        for r in ranges {
            let (Some(p), Some(g)) = (params.get(r.clone()), grad.get_mut(r.clone())) else { continue };
            for (g, w) in g.iter_mut().zip(p) {
                // formula: dP/dw = lambda1 sign(w) + 2 lambda2 w
                *g += self.l1 * sign(*w) + 2.0 * self.l2 * w;
            }
        }
    }
}
