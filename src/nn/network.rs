//! A multilayer perceptron with one flat parameter vector: forward and backward passes over a mini-batch.
//!
//! Origin: the layer semantics are PyTorch's `torch.nn.Linear` ($y = x W^\top + b$, `W` of shape (out, in)),
//! `torch.nn.BatchNorm1d` (training mode: batch mean and biased variance; running statistics tracked with the
//! unbiased variance; `torch/nn/modules/batchnorm.py`, `aten/src/ATen/native/Normalization.cpp`) and the
//! activations `ReLU`, `LeakyReLU(0.01)`, `Tanh`, `Sigmoid`, `Identity`. The backward pass is the textbook chain rule
//! written out by hand (no autograd), checked against PyTorch's autograd in `tests/ref_nn.rs`.
//!
//! ## Parameter layout
//! All trainable parameters live in one `Vec<f64>` so one optimizer step updates the whole network. Layer by layer
//! (layer $l$ maps $n_{l-1}$ inputs to $n_l$ outputs), in PyTorch's `nn.Sequential.parameters()` order:
//!
//! 1. `weight` $W_l$: $n_l \times n_{l-1}$ values, row-major in the torch layout (out, in): `W[j][i]` at `j*n_in + i`;
//! 2. `bias` $b_l$: $n_l$ values;
//! 3. for a hidden layer with batch normalization, `gamma` ($n_l$ values) then `beta` ($n_l$ values).
//!
//! The running mean and variance of batch normalization are buffers, not parameters: they live beside the
//! parameters ([`Network::running_mean`], [`Network::running_var`]) and no optimizer touches them.
//!
//! ## Order of operations
//! Hidden layer: Linear → (BatchNorm1d) → activation. Output layer: Linear only (raw outputs / logits; the loss
//! applies the sigmoid or softmax).
//!
//! ## Buffers
//! Activations, normalized values and backward deltas are preallocated for a batch of up to [`Network::capacity`]
//! rows, in row-major (sample, unit) blocks; a forward or backward pass allocates nothing.

use crate::search::Rng;
use std::ops::Range;

/// Hidden-layer activation functions, by their config names.
pub const ACTIVATION_NAMES: [&str; 5] = ["relu", "leaky_relu", "tanh", "sigmoid", "linear"];

/// Slope of `leaky_relu` for negative inputs (PyTorch's `negative_slope` default).
pub const LEAKY_SLOPE: f64 = 0.01;

/// BatchNorm1d's $\epsilon$ (PyTorch default).
pub const BN_EPS: f64 = 1e-5;

/// BatchNorm1d's running-statistics momentum (PyTorch default; weights the NEW batch statistic).
pub const BN_MOMENTUM: f64 = 0.1;

/// A hidden-layer activation $f$.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Activation {
    /// $f(z) = \max(z, 0)$; $f'(0) = 0$ as in PyTorch.
    Relu,
    /// $f(z) = z$ for $z > 0$, $0.01 z$ otherwise.
    LeakyRelu,
    /// $f(z) = \tanh z$.
    Tanh,
    /// $f(z) = 1 / (1 + e^{-z})$.
    Sigmoid,
    /// $f(z) = z$ (a purely linear network).
    Linear,
}

impl Activation {
    /// The activation with config name `name` (see [`ACTIVATION_NAMES`]).
    pub fn from_name(name: &str) -> Option<Activation> {
        Some(match name {
            "relu" => Activation::Relu,
            "leaky_relu" => Activation::LeakyRelu,
            "tanh" => Activation::Tanh,
            "sigmoid" => Activation::Sigmoid,
            "linear" => Activation::Linear,
            _ => return None,
        })
    }

    /// The config name.
    pub fn name(self) -> &'static str {
        match self {
            Activation::Relu => "relu",
            Activation::LeakyRelu => "leaky_relu",
            Activation::Tanh => "tanh",
            Activation::Sigmoid => "sigmoid",
            Activation::Linear => "linear",
        }
    }

    /// $f(z)$.
    #[inline]
    pub fn apply(self, z: f64) -> f64 {
        match self {
            // formula: max(z, 0)
            Activation::Relu => z.max(0.0),
            // formula: z > 0 ? z : 0.01 z
            Activation::LeakyRelu => {
                if z > 0.0 {
                    z
                } else {
                    LEAKY_SLOPE * z
                }
            }
            // formula: tanh z
            Activation::Tanh => z.tanh(),
            // formula: 1 / (1 + e^-z)
            Activation::Sigmoid => 1.0 / (1.0 + (-z).exp()),
            Activation::Linear => z,
        }
    }

    /// $f'(z)$ written in terms of the output $a = f(z)$ (so the pre-activation need not be stored).
    #[inline]
    pub fn derivative_from_output(self, a: f64) -> f64 {
        match self {
            // formula: relu'(z) = [z > 0] = [a > 0]
            Activation::Relu => {
                if a > 0.0 {
                    1.0
                } else {
                    0.0
                }
            }
            // formula: leaky'(z) = z > 0 ? 1 : 0.01, and a > 0 exactly when z > 0
            Activation::LeakyRelu => {
                if a > 0.0 {
                    1.0
                } else {
                    LEAKY_SLOPE
                }
            }
            // formula: tanh'(z) = 1 - a^2
            Activation::Tanh => 1.0 - a * a,
            // formula: sigmoid'(z) = a (1 - a)
            Activation::Sigmoid => a * (1.0 - a),
            Activation::Linear => 1.0,
        }
    }

    /// Apply in place to a block (one `match` outside the loop so each arm is a tight loop).
    fn apply_slice(self, v: &mut [f64]) {
        match self {
            Activation::Relu => v.iter_mut().for_each(|z| *z = Activation::Relu.apply(*z)),
            Activation::LeakyRelu => v.iter_mut().for_each(|z| *z = Activation::LeakyRelu.apply(*z)),
            Activation::Tanh => v.iter_mut().for_each(|z| *z = z.tanh()),
            Activation::Sigmoid => v.iter_mut().for_each(|z| *z = Activation::Sigmoid.apply(*z)),
            Activation::Linear => {}
        }
    }

    /// `d[i] *= f'(z_i)` given the outputs `a`.
    fn backprop_slice(self, a: &[f64], d: &mut [f64]) {
        match self {
            Activation::Relu => {
                d.iter_mut().zip(a).for_each(|(d, a)| *d *= Activation::Relu.derivative_from_output(*a))
            }
            Activation::LeakyRelu => {
                d.iter_mut().zip(a).for_each(|(d, a)| *d *= Activation::LeakyRelu.derivative_from_output(*a))
            }
            Activation::Tanh => d.iter_mut().zip(a).for_each(|(d, a)| *d *= 1.0 - a * a),
            Activation::Sigmoid => d.iter_mut().zip(a).for_each(|(d, a)| *d *= a * (1.0 - a)),
            Activation::Linear => {}
        }
    }
}

/// Weight initialization schemes for a fresh network (biases start at 0, BatchNorm's $\gamma = 1$, $\beta = 0$).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Init {
    /// Glorot & Bengio (2010), uniform: $W \sim U(-a, a)$, $a = \sqrt{6 / (n_\text{in} + n_\text{out})}$
    /// (Keras `glorot_uniform`, `torch.nn.init.xavier_uniform_`).
    Xavier,
    /// He et al. (2015), uniform: $W \sim U(-a, a)$, $a = \sqrt{6 / n_\text{in}}$
    /// (Keras `he_uniform`, `torch.nn.init.kaiming_uniform_` with `a=0`, fan-in mode).
    He,
}

/// Initialization names for configs.
pub const INIT_NAMES: [&str; 2] = ["xavier", "he"];

impl Init {
    /// The scheme with config name `name`.
    pub fn from_name(name: &str) -> Option<Init> {
        match name {
            "xavier" => Some(Init::Xavier),
            "he" => Some(Init::He),
            _ => None,
        }
    }

    /// Half-width $a$ of the uniform distribution for a layer.
    pub fn limit(self, n_in: usize, n_out: usize) -> f64 {
        match self {
            // formula: a = sqrt(6 / (fan_in + fan_out))
            Init::Xavier => (6.0 / (n_in + n_out) as f64).sqrt(),
            // formula: a = sqrt(6 / fan_in)
            Init::He => (6.0 / n_in as f64).sqrt(),
        }
    }
}

/// Where one batch-normalization layer keeps its parameters and statistics.
#[derive(Clone, Debug, PartialEq)]
pub struct BnLayout {
    /// $\gamma$ (torch `weight`) in the flat parameter vector.
    pub gamma: Range<usize>,
    /// $\beta$ (torch `bias`) in the flat parameter vector.
    pub beta: Range<usize>,
    /// Range in [`Network::running_mean`] / [`Network::running_var`].
    pub stats: Range<usize>,
}

/// Where one Linear layer (and its optional BatchNorm) keeps its parameters.
#[derive(Clone, Debug, PartialEq)]
pub struct LayerLayout {
    /// Inputs $n_{l-1}$.
    pub n_in: usize,
    /// Outputs $n_l$.
    pub n_out: usize,
    /// $W_l$, shape (n_out, n_in) row-major, in the flat parameter vector.
    pub weight: Range<usize>,
    /// $b_l$ in the flat parameter vector.
    pub bias: Range<usize>,
    /// BatchNorm1d after this layer's Linear (hidden layers only).
    pub batch_norm: Option<BnLayout>,
}

/// Forward-pass mode, as `model.train()` / `model.eval()`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// Batch statistics in BatchNorm, running statistics updated.
    Train,
    /// Running statistics in BatchNorm, nothing updated.
    Eval,
}

/// The shape of a network.
#[derive(Clone, Debug, PartialEq)]
pub struct NetworkSpec {
    /// Units per layer, inputs first and outputs last: `[2, 8, 8, 1]` has two hidden layers of 8.
    pub sizes: Vec<usize>,
    /// Activation of every hidden layer.
    pub activation: Activation,
    /// BatchNorm1d after every hidden Linear.
    pub batch_norm: bool,
}

/// A multilayer perceptron, its flat parameters, gradient, BatchNorm buffers and preallocated workspace.
#[derive(Clone, Debug)]
pub struct Network {
    spec: NetworkSpec,
    layers: Vec<LayerLayout>,
    params: Vec<f64>,
    grad: Vec<f64>,
    running_mean: Vec<f64>,
    running_var: Vec<f64>,
    num_batches_tracked: u64,
    ws: Workspace,
}

/// Per-batch buffers, sized for `cap` rows.
#[derive(Clone, Debug, Default)]
struct Workspace {
    cap: usize,
    /// Rows in the last forward pass, and its mode.
    rows: usize,
    mode: Option<Mode>,
    /// `acts[l]`: layer l's outputs (after activation; raw for the output layer), `cap x sizes[l]`; `acts[0]` = input.
    acts: Vec<Vec<f64>>,
    /// BatchNorm's normalized values $\hat x$ per layer (`cap x n_l`, empty without BN).
    xhat: Vec<Vec<f64>>,
    /// BatchNorm's $1/\sqrt{\sigma^2 + \epsilon}$ per layer and unit (empty without BN).
    inv_std: Vec<Vec<f64>>,
    /// dL/d(output), `cap x n_out`.
    dout: Vec<f64>,
    /// Two ping-pong delta blocks, `cap x max width`.
    d0: Vec<f64>,
    d1: Vec<f64>,
}

impl Network {
    /// A network of the given shape with all weights and biases 0, $\gamma = 1$, $\beta = 0$, running mean 0 and
    /// running variance 1, with buffers for batches of up to `capacity` rows (at least 1).
    ///
    /// `spec.sizes` must have at least two entries, each at least 1 (the callers validate configs first).
    pub fn new(spec: &NetworkSpec, capacity: usize) -> Network {
        let sizes: Vec<usize> = spec.sizes.iter().map(|&s| s.max(1)).collect();
        let sizes = if sizes.len() < 2 { vec![sizes.first().copied().unwrap_or(1), 1] } else { sizes };
        let spec = NetworkSpec { sizes, ..spec.clone() };
        let n_layers = spec.sizes.len() - 1;
        let mut layers = Vec::with_capacity(n_layers);
        let mut off = 0;
        let mut stats = 0;
        for l in 0..n_layers {
            let (n_in, n_out) = (spec.sizes[l], spec.sizes[l + 1]);
            let weight = off..off + n_in * n_out;
            off = weight.end;
            let bias = off..off + n_out;
            off = bias.end;
            let batch_norm = if spec.batch_norm && l + 1 < n_layers {
                let gamma = off..off + n_out;
                let beta = gamma.end..gamma.end + n_out;
                off = beta.end;
                let s = stats..stats + n_out;
                stats = s.end;
                Some(BnLayout { gamma, beta, stats: s })
            } else {
                None
            };
            layers.push(LayerLayout { n_in, n_out, weight, bias, batch_norm });
        }
        let mut params = vec![0.0; off];
        for bn in layers.iter().filter_map(|l| l.batch_norm.as_ref()) {
            params[bn.gamma.clone()].fill(1.0);
        }
        let mut net = Network {
            spec,
            layers,
            grad: vec![0.0; params.len()],
            params,
            running_mean: vec![0.0; stats],
            running_var: vec![1.0; stats],
            num_batches_tracked: 0,
            ws: Workspace::default(),
        };
        net.set_capacity(capacity.max(1));
        net
    }

    /// Draw fresh weights with `init` from `rng`; biases 0, $\gamma = 1$, $\beta = 0$, running statistics reset.
    pub fn initialize(&mut self, init: Init, rng: &mut Rng) {
        for layer in &self.layers {
            let a = init.limit(layer.n_in, layer.n_out);
            for w in &mut self.params[layer.weight.clone()] {
                *w = rng.uniform(-a, a);
            }
            self.params[layer.bias.clone()].fill(0.0);
            if let Some(bn) = &layer.batch_norm {
                self.params[bn.gamma.clone()].fill(1.0);
                self.params[bn.beta.clone()].fill(0.0);
            }
        }
        self.running_mean.fill(0.0);
        self.running_var.fill(1.0);
        self.num_batches_tracked = 0;
    }

    /// The shape.
    pub fn spec(&self) -> &NetworkSpec {
        &self.spec
    }

    /// Units per layer, inputs first.
    pub fn sizes(&self) -> &[usize] {
        &self.spec.sizes
    }

    /// Number of inputs.
    pub fn n_inputs(&self) -> usize {
        self.spec.sizes[0]
    }

    /// Number of outputs.
    pub fn n_outputs(&self) -> usize {
        self.spec.sizes[self.spec.sizes.len() - 1]
    }

    /// Where each layer keeps its parameters (see the module docs for the layout).
    pub fn layout(&self) -> &[LayerLayout] {
        &self.layers
    }

    /// PyTorch `nn.Sequential` state-dict names of the parameter blocks, with their ranges, assuming one module per
    /// Linear, BatchNorm1d and activation (`nn.Identity` for `linear`): e.g. `0.weight`, `0.bias`, `1.weight` ($\gamma$).
    pub fn torch_names(&self) -> Vec<(String, Range<usize>)> {
        let mut out = Vec::new();
        let mut module = 0;
        for (l, layer) in self.layers.iter().enumerate() {
            out.push((format!("{module}.weight"), layer.weight.clone()));
            out.push((format!("{module}.bias"), layer.bias.clone()));
            module += 1;
            if let Some(bn) = &layer.batch_norm {
                out.push((format!("{module}.weight"), bn.gamma.clone()));
                out.push((format!("{module}.bias"), bn.beta.clone()));
                module += 1;
            }
            if l + 1 < self.layers.len() {
                module += 1;
            }
        }
        out
    }

    /// The flat parameters.
    pub fn params(&self) -> &[f64] {
        &self.params
    }

    /// The flat parameters, writable (e.g. to load PyTorch weights).
    pub fn params_mut(&mut self) -> &mut [f64] {
        &mut self.params
    }

    /// The gradient of the last [`Network::backward`], laid out like the parameters.
    pub fn grad(&self) -> &[f64] {
        &self.grad
    }

    /// Parameters and gradient together, for an optimizer step or adding a penalty's gradient.
    pub fn params_and_grad(&mut self) -> (&mut [f64], &mut [f64]) {
        (&mut self.params, &mut self.grad)
    }

    /// BatchNorm running means (all BN layers, in order; see [`BnLayout::stats`]).
    pub fn running_mean(&self) -> &[f64] {
        &self.running_mean
    }

    /// BatchNorm running variances (unbiased batch variances, exponentially averaged).
    pub fn running_var(&self) -> &[f64] {
        &self.running_var
    }

    /// Running statistics, writable (loading a PyTorch state, restoring a snapshot).
    pub fn running_stats_mut(&mut self) -> (&mut [f64], &mut [f64]) {
        (&mut self.running_mean, &mut self.running_var)
    }

    /// Training-mode forward passes so far (torch's `num_batches_tracked`).
    pub fn num_batches_tracked(&self) -> u64 {
        self.num_batches_tracked
    }

    /// Largest batch the buffers hold.
    pub fn capacity(&self) -> usize {
        self.ws.cap
    }

    /// Resize the buffers for batches of up to `cap` rows (allocates; call outside hot loops).
    pub fn set_capacity(&mut self, cap: usize) {
        let cap = cap.max(1);
        let sizes = &self.spec.sizes;
        let max_w = sizes.iter().copied().max().unwrap_or(1);
        let n_out = sizes[sizes.len() - 1];
        let ws = &mut self.ws;
        ws.cap = cap;
        ws.rows = 0;
        ws.mode = None;
        ws.acts = sizes.iter().map(|&n| vec![0.0; cap * n]).collect();
        ws.xhat = self
            .layers
            .iter()
            .map(|l| if l.batch_norm.is_some() { vec![0.0; cap * l.n_out] } else { Vec::new() })
            .collect();
        ws.inv_std =
            self.layers.iter().map(|l| if l.batch_norm.is_some() { vec![0.0; l.n_out] } else { Vec::new() }).collect();
        ws.dout = vec![0.0; cap * n_out];
        ws.d0 = vec![0.0; cap * max_w];
        ws.d1 = vec![0.0; cap * max_w];
    }

    /// The input block for `rows` rows (`rows x n_inputs`, row-major), to be filled before [`Network::forward`].
    /// `rows` is clamped to the capacity.
    pub fn input_mut(&mut self, rows: usize) -> &mut [f64] {
        let n = rows.min(self.ws.cap) * self.spec.sizes[0];
        &mut self.ws.acts[0][..n]
    }

    /// Outputs of the last forward pass (`rows x n_outputs`).
    pub fn output(&self) -> &[f64] {
        let last = self.ws.acts.len() - 1;
        &self.ws.acts[last][..self.ws.rows * self.n_outputs()]
    }

    /// Outputs of layer `l` (0 = inputs) in the last forward pass (`rows x sizes[l]`).
    pub fn activations(&self, l: usize) -> &[f64] {
        match self.ws.acts.get(l) {
            Some(a) => &a[..self.ws.rows * self.spec.sizes[l]],
            None => &[],
        }
    }

    /// Outputs of the last forward pass and the block where the loss writes dL/d(output), for [`Network::backward`].
    pub fn output_and_grad(&mut self) -> (&[f64], &mut [f64]) {
        let n = self.ws.rows * self.n_outputs();
        let last = self.ws.acts.len() - 1;
        (&self.ws.acts[last][..n], &mut self.ws.dout[..n])
    }

    /// Forward pass over the first `rows` rows of [`Network::input_mut`] (clamped to the capacity); returns the
    /// outputs (`rows x n_outputs`). In [`Mode::Train`] BatchNorm normalizes with the batch statistics and updates
    /// its running statistics once.
    pub fn forward(&mut self, rows: usize, mode: Mode) -> &[f64] {
        let rows = rows.min(self.ws.cap);
        let last = self.layers.len() - 1;
        let ws = &mut self.ws;
        ws.rows = rows;
        ws.mode = Some(mode);
        if mode == Mode::Train && self.spec.batch_norm && rows > 0 {
            self.num_batches_tracked += 1;
        }
        for (l, layer) in self.layers.iter().enumerate() {
            let (before, after) = ws.acts.split_at_mut(l + 1);
            let x = &before[l][..rows * layer.n_in];
            let z = &mut after[0][..rows * layer.n_out];
            linear_forward(&self.params[layer.weight.clone()], &self.params[layer.bias.clone()], x, z, layer.n_in);
            if l == last {
                break;
            }
            if let Some(bn) = &layer.batch_norm {
                let gamma = &self.params[bn.gamma.clone()];
                let beta = &self.params[bn.beta.clone()];
                let xhat = &mut ws.xhat[l][..rows * layer.n_out];
                let inv_std = &mut ws.inv_std[l];
                let rm = &mut self.running_mean[bn.stats.clone()];
                let rv = &mut self.running_var[bn.stats.clone()];
                match mode {
                    Mode::Train => {
                        batch_norm_train(z, layer.n_out, gamma, beta, xhat, inv_std, rm, rv, BN_EPS, BN_MOMENTUM)
                    }
                    Mode::Eval => batch_norm_eval(z, layer.n_out, gamma, beta, xhat, inv_std, rm, rv, BN_EPS),
                }
            }
            self.spec.activation.apply_slice(z);
        }
        self.output()
    }

    /// Backward pass for the last forward pass, from dL/d(output) written into [`Network::output_and_grad`]'s
    /// block: overwrites [`Network::grad`] with dL/d(parameters).
    pub fn backward(&mut self) {
        self.grad.fill(0.0);
        let rows = self.ws.rows;
        let mode = self.ws.mode.unwrap_or(Mode::Eval);
        let act = self.spec.activation;
        let ws = &mut self.ws;
        // `cur` holds dL/dz_l for the layer being processed, `next` receives dL/da_{l-1}.
        let mut cur = std::mem::take(&mut ws.d0);
        let mut next = std::mem::take(&mut ws.d1);
        let n_out = self.spec.sizes[self.spec.sizes.len() - 1];
        cur[..rows * n_out].copy_from_slice(&ws.dout[..rows * n_out]);
        for (l, layer) in self.layers.iter().enumerate().rev() {
            let d = &cur[..rows * layer.n_out];
            let x = &ws.acts[l][..rows * layer.n_in];
            let (gw, gb) = self.grad.split_at_mut(layer.bias.start);
            linear_backward_params(d, x, &mut gw[layer.weight.clone()], &mut gb[..layer.n_out], layer.n_in);
            if l == 0 {
                break;
            }
            let dx = &mut next[..rows * layer.n_in];
            linear_backward_input(d, &self.params[layer.weight.clone()], dx, layer.n_in);
            // formula: dL/dy_{l-1} = dL/da_{l-1} * f'(y_{l-1})
            act.backprop_slice(x, dx);
            let below = &self.layers[l - 1];
            if let Some(bn) = &below.batch_norm {
                let gamma = &self.params[bn.gamma.clone()];
                let (gg, gbeta) = self.grad.split_at_mut(bn.beta.start);
                let xhat = &ws.xhat[l - 1][..rows * below.n_out];
                let inv_std = &ws.inv_std[l - 1];
                let ggamma = &mut gg[bn.gamma.clone()];
                let gbeta = &mut gbeta[..below.n_out];
                match mode {
                    Mode::Train => batch_norm_train_backward(dx, below.n_out, gamma, xhat, inv_std, ggamma, gbeta),
                    Mode::Eval => batch_norm_eval_backward(dx, below.n_out, gamma, xhat, inv_std, ggamma, gbeta),
                }
            }
            std::mem::swap(&mut cur, &mut next);
        }
        ws.d0 = cur;
        ws.d1 = next;
    }

    /// Copy parameters and BatchNorm running statistics into `snap` (allocation only on first use).
    pub fn save_state(&self, snap: &mut NetworkState) {
        snap.params.clear();
        snap.params.extend_from_slice(&self.params);
        snap.running_mean.clear();
        snap.running_mean.extend_from_slice(&self.running_mean);
        snap.running_var.clear();
        snap.running_var.extend_from_slice(&self.running_var);
    }

    /// Restore parameters and running statistics saved by [`Network::save_state`] from a network of the same shape
    /// (returns `false`, changing nothing, when the sizes differ).
    pub fn load_state(&mut self, snap: &NetworkState) -> bool {
        if snap.params.len() != self.params.len()
            || snap.running_mean.len() != self.running_mean.len()
            || snap.running_var.len() != self.running_var.len()
        {
            return false;
        }
        self.params.copy_from_slice(&snap.params);
        self.running_mean.copy_from_slice(&snap.running_mean);
        self.running_var.copy_from_slice(&snap.running_var);
        true
    }
}

/// A copy of a network's parameters and BatchNorm running statistics (what Keras' `get_weights` returns).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct NetworkState {
    /// Flat parameters.
    pub params: Vec<f64>,
    /// BatchNorm running means.
    pub running_mean: Vec<f64>,
    /// BatchNorm running variances.
    pub running_var: Vec<f64>,
}

/// $Z = X W^\top + b$ for a block of rows: `x` is `rows x n_in`, `w` is `(n_out, n_in)` row-major, `z` is `rows x n_out`.
#[inline]
pub fn linear_forward(w: &[f64], b: &[f64], x: &[f64], z: &mut [f64], n_in: usize) {
    let n_out = b.len();
    if n_in == 0 || n_out == 0 {
        return;
    }
    for (xr, zr) in x.chunks_exact(n_in).zip(z.chunks_exact_mut(n_out)) {
        for ((zj, wj), bj) in zr.iter_mut().zip(w.chunks_exact(n_in)).zip(b) {
            // formula: z_j = sum_i W_ji x_i + b_j
            let mut s = 0.0;
            for (wi, xi) in wj.iter().zip(xr) {
                s += wi * xi;
            }
            *zj = s + bj;
        }
    }
}

/// Accumulate $\partial L/\partial W \mathrel{+}= \Delta^\top X$ and $\partial L/\partial b \mathrel{+}= \sum_s \Delta_s$.
#[inline]
pub fn linear_backward_params(d: &[f64], x: &[f64], gw: &mut [f64], gb: &mut [f64], n_in: usize) {
    let n_out = gb.len();
    if n_in == 0 || n_out == 0 {
        return;
    }
    for (dr, xr) in d.chunks_exact(n_out).zip(x.chunks_exact(n_in)) {
        for ((dj, gwj), gbj) in dr.iter().zip(gw.chunks_exact_mut(n_in)).zip(gb.iter_mut()) {
            // formula: dL/db_j += delta_j;  dL/dW_ji += delta_j x_i
            *gbj += dj;
            for (g, xi) in gwj.iter_mut().zip(xr) {
                *g += dj * xi;
            }
        }
    }
}

/// $\partial L/\partial X = \Delta W$: `d` is `rows x n_out`, `dx` is `rows x n_in` (overwritten).
#[inline]
pub fn linear_backward_input(d: &[f64], w: &[f64], dx: &mut [f64], n_in: usize) {
    let n_out = w.len().checked_div(n_in).unwrap_or(0);
    if n_out == 0 {
        return;
    }
    for (dr, dxr) in d.chunks_exact(n_out).zip(dx.chunks_exact_mut(n_in)) {
        dxr.fill(0.0);
        for (dj, wj) in dr.iter().zip(w.chunks_exact(n_in)) {
            // formula: dL/dx_i = sum_j delta_j W_ji
            for (o, wi) in dxr.iter_mut().zip(wj) {
                *o += dj * wi;
            }
        }
    }
}

/// BatchNorm1d in training mode, in place on `z` (`rows x width`): per unit $j$,
/// $\mu = \frac1N\sum_s z_{sj}$, $\sigma^2 = \frac1N\sum_s (z_{sj}-\mu)^2$ (biased),
/// $\hat x = (z - \mu)/\sqrt{\sigma^2+\epsilon}$, $y = \gamma\hat x + \beta$; then the running statistics
/// $r_\mu \leftarrow (1-m) r_\mu + m\mu$ and $r_{\sigma^2} \leftarrow (1-m) r_{\sigma^2} + m\,\sigma^2 \frac{N}{N-1}$
/// (unbiased; with $N = 1$, where torch refuses to train, the running variance is left as it is).
/// Writes $\hat x$ and $1/\sqrt{\sigma^2+\epsilon}$ for the backward pass.
#[allow(clippy::too_many_arguments)]
pub fn batch_norm_train(
    z: &mut [f64],
    width: usize,
    gamma: &[f64],
    beta: &[f64],
    xhat: &mut [f64],
    inv_std: &mut [f64],
    running_mean: &mut [f64],
    running_var: &mut [f64],
    eps: f64,
    momentum: f64,
) {
    let rows = z.len() / width.max(1);
    if rows == 0 {
        return;
    }
    let n = rows as f64;
    for j in 0..width {
        // formula: mu = (1/N) sum_s z_sj
        let mut sum = 0.0;
        for s in 0..rows {
            sum += z[s * width + j];
        }
        let mean = sum / n;
        // formula: sigma^2 = (1/N) sum_s (z_sj - mu)^2
        let mut ss = 0.0;
        for s in 0..rows {
            let c = z[s * width + j] - mean;
            ss += c * c;
        }
        let var = ss / n;
        // formula: 1 / sqrt(sigma^2 + eps)
        let istd = 1.0 / (var + eps).sqrt();
        inv_std[j] = istd;
        for s in 0..rows {
            let k = s * width + j;
            // formula: xhat = (z - mu) / sqrt(sigma^2 + eps);  y = gamma xhat + beta
            let xh = (z[k] - mean) * istd;
            xhat[k] = xh;
            z[k] = gamma[j] * xh + beta[j];
        }
        // formula: running = (1 - m) running + m batch_stat, with the unbiased variance sigma^2 N / (N - 1)
        running_mean[j] = (1.0 - momentum) * running_mean[j] + momentum * mean;
        if rows > 1 {
            running_var[j] = (1.0 - momentum) * running_var[j] + momentum * (ss / (n - 1.0));
        }
    }
}

/// BatchNorm1d in eval mode, in place: $y = \gamma (z - r_\mu)/\sqrt{r_{\sigma^2} + \epsilon} + \beta$.
#[allow(clippy::too_many_arguments)]
pub fn batch_norm_eval(
    z: &mut [f64],
    width: usize,
    gamma: &[f64],
    beta: &[f64],
    xhat: &mut [f64],
    inv_std: &mut [f64],
    running_mean: &[f64],
    running_var: &[f64],
    eps: f64,
) {
    for j in 0..width {
        inv_std[j] = 1.0 / (running_var[j] + eps).sqrt();
    }
    for (zr, xr) in z.chunks_exact_mut(width.max(1)).zip(xhat.chunks_exact_mut(width.max(1))) {
        for j in 0..width {
            // formula: xhat = (z - r_mu) / sqrt(r_var + eps);  y = gamma xhat + beta
            let xh = (zr[j] - running_mean[j]) * inv_std[j];
            xr[j] = xh;
            zr[j] = gamma[j] * xh + beta[j];
        }
    }
}

/// Backward of training-mode BatchNorm1d, in place on `d` (dL/dy in, dL/dz out), accumulating
/// $\partial L/\partial\gamma = \sum_s \partial_y L\,\hat x$ and $\partial L/\partial\beta = \sum_s \partial_y L$:
/// $\partial L/\partial z = \frac{\gamma}{\sqrt{\sigma^2+\epsilon}}\big(\partial_y L - \overline{\partial_y L} - \hat x\,\overline{\partial_y L\,\hat x}\big)$.
pub fn batch_norm_train_backward(
    d: &mut [f64],
    width: usize,
    gamma: &[f64],
    xhat: &[f64],
    inv_std: &[f64],
    grad_gamma: &mut [f64],
    grad_beta: &mut [f64],
) {
    let rows = d.len() / width.max(1);
    if rows == 0 {
        return;
    }
    let n = rows as f64;
    for j in 0..width {
        let mut sum_dy = 0.0;
        let mut sum_dy_xhat = 0.0;
        for s in 0..rows {
            let k = s * width + j;
            sum_dy += d[k];
            sum_dy_xhat += d[k] * xhat[k];
        }
        // formula: dL/dgamma = sum_s dy xhat;  dL/dbeta = sum_s dy
        grad_gamma[j] += sum_dy_xhat;
        grad_beta[j] += sum_dy;
        let mean_dy = sum_dy / n;
        let mean_dy_xhat = sum_dy_xhat / n;
        let scale = gamma[j] * inv_std[j];
        for s in 0..rows {
            let k = s * width + j;
            // formula: dz = gamma / sqrt(var + eps) (dy - mean(dy) - xhat mean(dy xhat))
            d[k] = (d[k] - mean_dy - xhat[k] * mean_dy_xhat) * scale;
        }
    }
}

/// Backward of eval-mode BatchNorm1d (an affine map with fixed statistics): $\partial L/\partial z = \partial_y L\,\gamma/\sqrt{r_{\sigma^2}+\epsilon}$.
pub fn batch_norm_eval_backward(
    d: &mut [f64],
    width: usize,
    gamma: &[f64],
    xhat: &[f64],
    inv_std: &[f64],
    grad_gamma: &mut [f64],
    grad_beta: &mut [f64],
) {
    for (dr, xr) in d.chunks_exact_mut(width.max(1)).zip(xhat.chunks_exact(width.max(1))) {
        for j in 0..width {
            grad_gamma[j] += dr[j] * xr[j];
            grad_beta[j] += dr[j];
            dr[j] *= gamma[j] * inv_std[j];
        }
    }
}
