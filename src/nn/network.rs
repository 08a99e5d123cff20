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
//! rows; a forward or backward pass allocates nothing. Inside, a layer's values for a batch of $N$ rows are stored
//! *unit-major*: unit $u$'s $N$ values are contiguous (`block[u*N + s]`), so that the inner loops run over the
//! samples with independent accumulators (vectorizable, not bound by the latency of one long sum). Callers fill the
//! input row-major ([`Network::input_mut`], [`Network::set_input`]; `N x inputs`, as torch's tensors) or, to skip a
//! transpose, unit-major ([`Network::input_by_unit_mut`]); the outputs and output gradients exchanged with the loss
//! are row-major (the same thing for one output).

use crate::nn::math;
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
            // formula: max(z, 0) (written as a select: f64::max costs a NaN check in WebAssembly)
            Activation::Relu => {
                if z > 0.0 {
                    z
                } else {
                    0.0
                }
            }
            // formula: z > 0 ? z : 0.01 z
            Activation::LeakyRelu => {
                if z > 0.0 {
                    z
                } else {
                    LEAKY_SLOPE * z
                }
            }
            // formula: tanh z
            Activation::Tanh => math::tanh(z),
            // formula: 1 / (1 + e^-z)
            Activation::Sigmoid => 1.0 / (1.0 + math::exp(-z)),
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
            Activation::Tanh => v.iter_mut().for_each(|z| *z = math::tanh(*z)),
            Activation::Sigmoid => v.iter_mut().for_each(|z| *z = Activation::Sigmoid.apply(*z)),
            Activation::Linear => {}
        }
    }

    /// [`Activation::apply_slice`] for pictures: tanh by [`math::tanh_picture`], sigmoid as
    /// $\tfrac12 + \tfrac12 \tanh(z/2)$ through it; the others are exact anyway.
    fn apply_slice_picture(self, v: &mut [f64]) {
        match self {
            Activation::Tanh => math::tanh_picture(v),
            Activation::Sigmoid => {
                // formula: sigmoid(z) = 1/2 + tanh(z/2)/2
                v.iter_mut().for_each(|z| *z *= 0.5);
                math::tanh_picture(v);
                v.iter_mut().for_each(|t| *t = 0.5 + 0.5 * *t);
            }
            _ => self.apply_slice(v),
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
    /// Row-major input block (`cap x n_in`) of [`Network::input_mut`], transposed into `acts[0]` by the next forward.
    input: Vec<f64>,
    /// Whether `input` holds the next forward's input (rather than `acts[0]` directly).
    input_row_major: bool,
    /// `acts[l]`: layer l's values after its activation (raw for the output layer), unit-major; `acts[0]` = input.
    acts: Vec<Vec<f64>>,
    /// BatchNorm's normalized values $\hat x$ per layer (unit-major, empty without BN).
    xhat: Vec<Vec<f64>>,
    /// BatchNorm's $1/\sqrt{\sigma^2 + \epsilon}$ per layer and unit (empty without BN).
    inv_std: Vec<Vec<f64>>,
    /// Row-major outputs (`cap x n_out`) when there is more than one output (one output is read from `acts`).
    out: Vec<f64>,
    /// Row-major dL/d(output) (`cap x n_out`), written by the loss.
    dout: Vec<f64>,
    /// Two ping-pong unit-major delta blocks, `cap x max width`.
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
        ws.input = vec![0.0; cap * sizes[0]];
        ws.input_row_major = false;
        ws.acts = sizes.iter().map(|&n| vec![0.0; cap * n]).collect();
        ws.xhat = self
            .layers
            .iter()
            .map(|l| if l.batch_norm.is_some() { vec![0.0; cap * l.n_out] } else { Vec::new() })
            .collect();
        ws.inv_std =
            self.layers.iter().map(|l| if l.batch_norm.is_some() { vec![0.0; l.n_out] } else { Vec::new() }).collect();
        ws.out = vec![0.0; cap * n_out];
        ws.dout = vec![0.0; cap * n_out];
        ws.d0 = vec![0.0; cap * max_w];
        ws.d1 = vec![0.0; cap * max_w];
    }

    /// The row-major input block for `rows` rows (`rows x n_inputs`, torch's layout), to be filled before
    /// [`Network::forward`] with the same `rows` (clamped to the capacity).
    pub fn input_mut(&mut self, rows: usize) -> &mut [f64] {
        let n = rows.min(self.ws.cap) * self.spec.sizes[0];
        self.ws.input_row_major = true;
        &mut self.ws.input[..n]
    }

    /// The input block for `rows` rows in the network's own unit-major layout (input `i`'s values for the rows at
    /// `[i*rows .. (i+1)*rows]`), which saves [`Network::input_mut`]'s transpose; then call [`Network::forward`] with
    /// the same `rows` (clamped to the capacity).
    pub fn input_by_unit_mut(&mut self, rows: usize) -> &mut [f64] {
        let n = rows.min(self.ws.cap) * self.spec.sizes[0];
        self.ws.input_row_major = false;
        &mut self.ws.acts[0][..n]
    }

    /// Fill the input from row-major rows (`rows x n_inputs`, at most the capacity) and return the number of rows.
    pub fn set_input(&mut self, x: &[f64]) -> usize {
        let n_in = self.spec.sizes[0];
        let rows = (x.len() / n_in).min(self.ws.cap);
        self.ws.input_row_major = false;
        transpose(&x[..rows * n_in], rows, n_in, &mut self.ws.acts[0][..rows * n_in]);
        rows
    }

    /// Outputs of the last forward pass, row-major (`rows x n_outputs`).
    pub fn output(&self) -> &[f64] {
        let n = self.ws.rows * self.n_outputs();
        if self.n_outputs() == 1 {
            &self.ws.acts[self.ws.acts.len() - 1][..n]
        } else {
            &self.ws.out[..n]
        }
    }

    /// Rows of the last forward pass.
    pub fn rows(&self) -> usize {
        self.ws.rows
    }

    /// Values of layer `l` (0 = inputs; hidden layers after their activation; the last layer raw) in the last forward
    /// pass, unit-major: unit `u`'s values for the `rows()` rows are `activations(l)[u*rows .. (u+1)*rows]`.
    pub fn activations(&self, l: usize) -> &[f64] {
        match self.ws.acts.get(l) {
            Some(a) => &a[..self.ws.rows * self.spec.sizes[l]],
            None => &[],
        }
    }

    /// Outputs of the last forward pass and the row-major block where the loss writes dL/d(output), for
    /// [`Network::backward`].
    pub fn output_and_grad(&mut self) -> (&[f64], &mut [f64]) {
        let n = self.ws.rows * self.n_outputs();
        let out = if self.n_outputs() == 1 { &self.ws.acts[self.ws.acts.len() - 1][..n] } else { &self.ws.out[..n] };
        (out, &mut self.ws.dout[..n])
    }

    /// Forward pass over the `rows` rows of the input (clamped to the capacity); returns the
    /// outputs (`rows x n_outputs`). In [`Mode::Train`] BatchNorm normalizes with the batch statistics and updates
    /// its running statistics once.
    pub fn forward(&mut self, rows: usize, mode: Mode) -> &[f64] {
        self.forward_with(rows, mode, false)
    }

    /// [`Network::forward`] in [`Mode::Eval`] for pictures (decision boundaries, neuron maps): the same except that
    /// tanh and sigmoid units use the single-precision [`math::tanh_f32`] (within $5 \cdot 10^{-7}$), which is four
    /// times cheaper. Never used for training, losses or any number the user reads.
    pub fn forward_picture(&mut self, rows: usize) -> &[f64] {
        self.forward_with(rows, Mode::Eval, true)
    }

    fn forward_with(&mut self, rows: usize, mode: Mode, picture: bool) -> &[f64] {
        let rows = rows.min(self.ws.cap);
        let last = self.layers.len() - 1;
        let ws = &mut self.ws;
        ws.rows = rows;
        ws.mode = Some(mode);
        if mode == Mode::Train && self.spec.batch_norm && rows > 0 {
            self.num_batches_tracked += 1;
        }
        if ws.input_row_major {
            let n_in = self.spec.sizes[0];
            transpose(&ws.input[..rows * n_in], rows, n_in, &mut ws.acts[0][..rows * n_in]);
        }
        for (l, layer) in self.layers.iter().enumerate() {
            let (before, after) = ws.acts.split_at_mut(l + 1);
            let x = &before[l][..rows * layer.n_in];
            let z = &mut after[0][..rows * layer.n_out];
            linear_forward(&self.params[layer.weight.clone()], &self.params[layer.bias.clone()], x, z, rows);
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
                    Mode::Train => batch_norm_train(z, rows, gamma, beta, xhat, inv_std, rm, rv, BN_EPS, BN_MOMENTUM),
                    Mode::Eval => batch_norm_eval(z, rows, gamma, beta, xhat, inv_std, rm, rv, BN_EPS),
                }
            }
            if picture {
                self.spec.activation.apply_slice_picture(z);
            } else {
                self.spec.activation.apply_slice(z);
            }
        }
        let n_out = self.spec.sizes[last + 1];
        if n_out > 1 {
            transpose(&ws.acts[last + 1][..rows * n_out], n_out, rows, &mut ws.out[..rows * n_out]);
        }
        self.output()
    }

    /// Backward pass for the last forward pass, from dL/d(output) written into [`Network::output_and_grad`]'s
    /// block: overwrites [`Network::grad`] with dL/d(parameters).
    pub fn backward(&mut self) {
        // Every gradient entry is written exactly once below (the kernels assign rather than accumulate).
        let rows = self.ws.rows;
        if rows == 0 {
            self.grad.fill(0.0);
            return;
        }
        let mode = self.ws.mode.unwrap_or(Mode::Eval);
        let act = self.spec.activation;
        let ws = &mut self.ws;
        // `cur` holds dL/dz_l for the layer being processed, `next` receives dL/da_{l-1} (both unit-major).
        let mut cur = std::mem::take(&mut ws.d0);
        let mut next = std::mem::take(&mut ws.d1);
        let n_out = self.spec.sizes[self.spec.sizes.len() - 1];
        // One output: dL/d(output) is already unit-major and is read in place.
        let mut from_dout = n_out == 1;
        if !from_dout {
            transpose(&ws.dout[..rows * n_out], rows, n_out, &mut cur[..rows * n_out]);
        }
        for (l, layer) in self.layers.iter().enumerate().rev() {
            let d = if from_dout { &ws.dout[..rows * layer.n_out] } else { &cur[..rows * layer.n_out] };
            let x = &ws.acts[l][..rows * layer.n_in];
            let (gw, gb) = self.grad.split_at_mut(layer.bias.start);
            linear_backward_params(d, x, &mut gw[layer.weight.clone()], &mut gb[..layer.n_out], rows);
            if l == 0 {
                break;
            }
            let dx = &mut next[..rows * layer.n_in];
            linear_backward_input(d, &self.params[layer.weight.clone()], dx, rows);
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
                    Mode::Train => batch_norm_train_backward(dx, rows, gamma, xhat, inv_std, ggamma, gbeta),
                    Mode::Eval => batch_norm_eval_backward(dx, rows, gamma, xhat, inv_std, ggamma, gbeta),
                }
            }
            std::mem::swap(&mut cur, &mut next);
            from_dout = false;
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

/// Copy a row-major `rows x cols` block into its transpose (`cols x rows`, row-major).
#[inline]
pub fn transpose(src: &[f64], rows: usize, cols: usize, dst: &mut [f64]) {
    if cols == 0 {
        return;
    }
    for (r, row) in src.chunks_exact(cols).enumerate().take(rows) {
        for (c, v) in row.iter().enumerate() {
            dst[c * rows + r] = *v;
        }
    }
}

/// The register-blocked kernels below work on blocks of 4 (then one of 2, then one of 1) samples or inputs: that many independent
/// accumulators per inner loop, so the sums are bound by throughput rather than by the latency of one long chain of
/// additions, and each loaded weight or delta is used for the whole block.
///
/// $Z = X W^\top + b$ for a batch of `rows` rows, unit-major: `x` holds `n_in` blocks of `rows` values, `z` holds
/// `n_out = b.len()` blocks; `w` is `(n_out, n_in)` row-major (torch layout).
#[inline]
pub fn linear_forward(w: &[f64], b: &[f64], x: &[f64], z: &mut [f64], rows: usize) {
    if rows == 0 || b.is_empty() {
        return;
    }
    let n_in = w.len() / b.len();
    for ((zj, wj), bj) in z.chunks_exact_mut(rows).zip(w.chunks_exact(n_in.max(1))).zip(b) {
        // formula: z_sj = sum_i W_ji x_si + b_j, a block of samples s at a time
        let mut s0 = 0;
        while s0 + 4 <= rows {
            forward_block::<4>(wj, *bj, x, zj, rows, s0);
            s0 += 4;
        }
        if s0 + 2 <= rows {
            forward_block::<2>(wj, *bj, x, zj, rows, s0);
            s0 += 2;
        }
        if s0 < rows {
            forward_block::<1>(wj, *bj, x, zj, rows, s0);
        }
    }
}

/// `z[s0..s0+L] = b_j + sum_i W_ji x_i[s0..s0+L]`.
#[inline(always)]
fn forward_block<const L: usize>(wj: &[f64], bj: f64, x: &[f64], zj: &mut [f64], rows: usize, s0: usize) {
    let mut acc = [0.0; L];
    for (wji, xi) in wj.iter().zip(x.chunks_exact(rows)) {
        let xs = &xi[s0..s0 + L];
        for k in 0..L {
            acc[k] += wji * xs[k];
        }
    }
    for (zs, a) in zj[s0..s0 + L].iter_mut().zip(acc) {
        *zs = a + bj;
    }
}

/// Write $\partial L/\partial W = \Delta^\top X$ and $\partial L/\partial b = \sum_s \Delta_s$
/// over a batch of `rows` rows (unit-major `d`: `n_out` blocks, `x`: `n_in` blocks).
#[inline]
pub fn linear_backward_params(d: &[f64], x: &[f64], gw: &mut [f64], gb: &mut [f64], rows: usize) {
    if rows == 0 || gb.is_empty() {
        return;
    }
    let n_in = gw.len() / gb.len();
    for ((dj, gwj), gbj) in d.chunks_exact(rows).zip(gw.chunks_exact_mut(n_in.max(1))).zip(gb.iter_mut()) {
        // formula: dL/db_j = sum_s delta_sj
        *gbj = sum(dj);
        // formula: dL/dW_ji = sum_s delta_sj x_si, a block of inputs i at a time
        let mut i0 = 0;
        while i0 + 4 <= n_in {
            weight_grad_block4(dj, x, gwj, rows, i0);
            i0 += 4;
        }
        if i0 + 2 <= n_in {
            weight_grad_block2(dj, x, gwj, rows, i0);
            i0 += 2;
        }
        if i0 < n_in {
            gwj[i0] = dot(dj, &x[i0 * rows..(i0 + 1) * rows]);
        }
    }
}

/// `gw_j[i0..i0+4] = sum_s delta_sj x_(i0+k),s` (four input blocks zipped: no index checks in the loop).
#[inline(always)]
fn weight_grad_block4(dj: &[f64], x: &[f64], gwj: &mut [f64], rows: usize, i0: usize) {
    let xb = &x[i0 * rows..(i0 + 4) * rows];
    let (x0, rest) = xb.split_at(rows);
    let (x1, rest) = rest.split_at(rows);
    let (x2, x3) = rest.split_at(rows);
    let mut acc = [0.0; 4];
    for ((((ds, a), b), c), e) in dj.iter().zip(x0).zip(x1).zip(x2).zip(x3) {
        acc[0] += ds * a;
        acc[1] += ds * b;
        acc[2] += ds * c;
        acc[3] += ds * e;
    }
    for (g, a) in gwj[i0..i0 + 4].iter_mut().zip(acc) {
        *g = a;
    }
}

/// `gw_j[i0..i0+2] = sum_s delta_sj x_(i0+k),s`.
#[inline(always)]
fn weight_grad_block2(dj: &[f64], x: &[f64], gwj: &mut [f64], rows: usize, i0: usize) {
    let (x0, x1) = x[i0 * rows..(i0 + 2) * rows].split_at(rows);
    let mut acc = [0.0; 2];
    for ((ds, a), b) in dj.iter().zip(x0).zip(x1) {
        acc[0] += ds * a;
        acc[1] += ds * b;
    }
    gwj[i0] = acc[0];
    gwj[i0 + 1] = acc[1];
}

/// $\partial L/\partial X = \Delta W$ over a batch of `rows` rows: unit-major `d` (`n_out` blocks) in, unit-major
/// `dx` (`n_in` blocks) overwritten.
#[inline]
pub fn linear_backward_input(d: &[f64], w: &[f64], dx: &mut [f64], rows: usize) {
    if rows == 0 {
        return;
    }
    let n_in = dx.len() / rows;
    if n_in == 0 {
        return;
    }
    for (i, dxi) in dx.chunks_exact_mut(rows).enumerate() {
        // formula: dL/dx_si = sum_j W_ji delta_sj, a block of samples s at a time
        let mut s0 = 0;
        while s0 + 4 <= rows {
            input_grad_block::<4>(d, w, dxi, rows, n_in, i, s0);
            s0 += 4;
        }
        if s0 + 2 <= rows {
            input_grad_block::<2>(d, w, dxi, rows, n_in, i, s0);
            s0 += 2;
        }
        if s0 < rows {
            input_grad_block::<1>(d, w, dxi, rows, n_in, i, s0);
        }
    }
}

/// `dx_i[s0..s0+L] = sum_j W_ji delta_j[s0..s0+L]`.
#[inline(always)]
fn input_grad_block<const L: usize>(
    d: &[f64],
    w: &[f64],
    dxi: &mut [f64],
    rows: usize,
    n_in: usize,
    i: usize,
    s0: usize,
) {
    let mut acc = [0.0; L];
    for (dj, wj) in d.chunks_exact(rows).zip(w.chunks_exact(n_in)) {
        let wji = wj[i];
        let ds = &dj[s0..s0 + L];
        for k in 0..L {
            acc[k] += wji * ds[k];
        }
    }
    dxi[s0..s0 + L].copy_from_slice(&acc);
}

/// $\sum_s a_s$ with four independent partial sums (no single long dependency chain).
#[inline]
fn sum(a: &[f64]) -> f64 {
    let mut acc = [0.0; 4];
    let chunks = a.chunks_exact(4);
    let rest = chunks.remainder();
    for c in chunks {
        for k in 0..4 {
            acc[k] += c[k];
        }
    }
    let mut s = (acc[0] + acc[1]) + (acc[2] + acc[3]);
    for v in rest {
        s += v;
    }
    s
}

/// $\sum_s a_s b_s$ with four independent partial sums.
#[inline]
fn dot(a: &[f64], b: &[f64]) -> f64 {
    let mut acc = [0.0; 4];
    let ca = a.chunks_exact(4);
    let cb = b.chunks_exact(4);
    let (ra, rb) = (ca.remainder(), cb.remainder());
    for (x, y) in ca.zip(cb) {
        for k in 0..4 {
            acc[k] += x[k] * y[k];
        }
    }
    let mut s = (acc[0] + acc[1]) + (acc[2] + acc[3]);
    for (x, y) in ra.iter().zip(rb) {
        s += x * y;
    }
    s
}

/// One unit's batch statistics: the mean $\mu = \frac1N\sum_s z_s$ and the sum of squared deviations
/// $\sum_s (z_s - \mu)^2$ (divide by $N$ for the biased variance BatchNorm normalizes with, by $N - 1$ for the
/// unbiased one it tracks).
pub fn batch_stats(z: &[f64]) -> (f64, f64) {
    if z.is_empty() {
        return (0.0, 0.0);
    }
    // formula: mu = (1/N) sum_s z_s
    let mean = sum(z) / z.len() as f64;
    // formula: ss = sum_s (z_s - mu)^2
    let mut ss = 0.0;
    for v in z {
        let c = v - mean;
        ss += c * c;
    }
    (mean, ss)
}

/// BatchNorm1d in training mode, in place on the unit-major block `z` (one block of `rows` values per unit): per
/// unit $j$, $\mu = \frac1N\sum_s z_{sj}$, $\sigma^2 = \frac1N\sum_s (z_{sj}-\mu)^2$ (biased),
/// $\hat x = (z - \mu)/\sqrt{\sigma^2+\epsilon}$, $y = \gamma\hat x + \beta$; then the running statistics
/// $r_\mu \leftarrow (1-m) r_\mu + m\mu$ and $r_{\sigma^2} \leftarrow (1-m) r_{\sigma^2} + m\,\sigma^2 \frac{N}{N-1}$
/// (unbiased; with $N = 1$, where torch refuses to train, the running variance is left as it is).
/// Writes $\hat x$ and $1/\sqrt{\sigma^2+\epsilon}$ for the backward pass.
#[allow(clippy::too_many_arguments)]
pub fn batch_norm_train(
    z: &mut [f64],
    rows: usize,
    gamma: &[f64],
    beta: &[f64],
    xhat: &mut [f64],
    inv_std: &mut [f64],
    running_mean: &mut [f64],
    running_var: &mut [f64],
    eps: f64,
    momentum: f64,
) {
    if rows == 0 {
        return;
    }
    let n = rows as f64;
    for (j, (zj, xj)) in z.chunks_exact_mut(rows).zip(xhat.chunks_exact_mut(rows)).enumerate() {
        let (mean, ss) = batch_stats(zj);
        let var = ss / n;
        // formula: 1 / sqrt(sigma^2 + eps)
        let istd = 1.0 / (var + eps).sqrt();
        inv_std[j] = istd;
        let (g, b) = (gamma[j], beta[j]);
        for (v, xh) in zj.iter_mut().zip(xj.iter_mut()) {
            // formula: xhat = (z - mu) / sqrt(sigma^2 + eps);  y = gamma xhat + beta
            *xh = (*v - mean) * istd;
            *v = g * *xh + b;
        }
        // formula: running = (1 - m) running + m batch_stat, with the unbiased variance sigma^2 N / (N - 1)
        running_mean[j] = (1.0 - momentum) * running_mean[j] + momentum * mean;
        if rows > 1 {
            running_var[j] = (1.0 - momentum) * running_var[j] + momentum * (ss / (n - 1.0));
        }
    }
}

/// BatchNorm1d in eval mode, in place on a unit-major block: $y = \gamma (z - r_\mu)/\sqrt{r_{\sigma^2} + \epsilon} + \beta$.
#[allow(clippy::too_many_arguments)]
pub fn batch_norm_eval(
    z: &mut [f64],
    rows: usize,
    gamma: &[f64],
    beta: &[f64],
    xhat: &mut [f64],
    inv_std: &mut [f64],
    running_mean: &[f64],
    running_var: &[f64],
    eps: f64,
) {
    if rows == 0 {
        return;
    }
    for (j, (zj, xj)) in z.chunks_exact_mut(rows).zip(xhat.chunks_exact_mut(rows)).enumerate() {
        let istd = 1.0 / (running_var[j] + eps).sqrt();
        inv_std[j] = istd;
        let (m, g, b) = (running_mean[j], gamma[j], beta[j]);
        for (v, xh) in zj.iter_mut().zip(xj.iter_mut()) {
            // formula: xhat = (z - r_mu) / sqrt(r_var + eps);  y = gamma xhat + beta
            *xh = (*v - m) * istd;
            *v = g * *xh + b;
        }
    }
}

/// Backward of training-mode BatchNorm1d, in place on the unit-major block `d` (dL/dy in, dL/dz out),
/// writing $\partial L/\partial\gamma = \sum_s \partial_y L\,\hat x$ and $\partial L/\partial\beta = \sum_s \partial_y L$:
/// $\partial L/\partial z = \frac{\gamma}{\sqrt{\sigma^2+\epsilon}}\big(\partial_y L - \overline{\partial_y L} - \hat x\,\overline{\partial_y L\,\hat x}\big)$.
pub fn batch_norm_train_backward(
    d: &mut [f64],
    rows: usize,
    gamma: &[f64],
    xhat: &[f64],
    inv_std: &[f64],
    grad_gamma: &mut [f64],
    grad_beta: &mut [f64],
) {
    if rows == 0 {
        return;
    }
    let n = rows as f64;
    for (j, (dj, xj)) in d.chunks_exact_mut(rows).zip(xhat.chunks_exact(rows)).enumerate() {
        let sum_dy = sum(dj);
        let sum_dy_xhat = dot(dj, xj);
        // formula: dL/dgamma = sum_s dy xhat;  dL/dbeta = sum_s dy
        grad_gamma[j] = sum_dy_xhat;
        grad_beta[j] = sum_dy;
        let mean_dy = sum_dy / n;
        let mean_dy_xhat = sum_dy_xhat / n;
        let scale = gamma[j] * inv_std[j];
        for (v, xh) in dj.iter_mut().zip(xj) {
            // formula: dz = gamma / sqrt(var + eps) (dy - mean(dy) - xhat mean(dy xhat))
            *v = (*v - mean_dy - xh * mean_dy_xhat) * scale;
        }
    }
}

/// Backward of eval-mode BatchNorm1d (an affine map with fixed statistics), unit-major, writing
/// $\partial L/\partial\gamma$ and $\partial L/\partial\beta$: $\partial L/\partial z = \partial_y L\,\gamma/\sqrt{r_{\sigma^2}+\epsilon}$.
pub fn batch_norm_eval_backward(
    d: &mut [f64],
    rows: usize,
    gamma: &[f64],
    xhat: &[f64],
    inv_std: &[f64],
    grad_gamma: &mut [f64],
    grad_beta: &mut [f64],
) {
    if rows == 0 {
        return;
    }
    for (j, (dj, xj)) in d.chunks_exact_mut(rows).zip(xhat.chunks_exact(rows)).enumerate() {
        grad_gamma[j] = dot(dj, xj);
        grad_beta[j] = sum(dj);
        let scale = gamma[j] * inv_std[j];
        for v in dj.iter_mut() {
            *v *= scale;
        }
    }
}
