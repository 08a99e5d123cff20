//! # Tiny networks: the trainer core of the `<descent-network>` widget
//!
//! A TensorFlow-Playground-like trainer whose arithmetic is PyTorch's, checked to $10^{-9}$ relative against
//! `torch.nn` / `torch.optim` in `tests/ref_nn.rs`:
//!
//! - [`network`]: a multilayer perceptron (Linear, optional BatchNorm1d, activations) with ONE flat parameter vector
//!   (layout documented there), hand-written forward and backward passes over preallocated mini-batch buffers;
//! - [`loss`]: MSE, L1, BCE-with-logits and cross-entropy (reduction `mean`), and L1 / L2 penalties;
//! - [`data`]: seeded 2-D datasets, input feature maps, train/validation/test splits and CSV import;
//! - [`math`]: inline `tanh`, `exp`, `ln(1+e)` (Cephes), accurate to about an ulp and fast in WebAssembly;
//! - [`trainer`]: the config-driven training loop with metrics, early stopping and decision-boundary grids.
//!
//! The optimizer step itself is [`crate::optim::Optimizer`], applied to the whole flat parameter vector; every random
//! draw (initialization, datasets, splits, shuffling) comes from [`crate::search::Rng`] seeded by the user's seeds.

pub mod data;
pub mod edits;
pub mod loss;
pub mod math;
pub mod network;
pub mod trainer;

pub use data::{Dataset, DatasetKind, Feature, Split, Task};
pub use loss::{Loss, Penalty};
pub use network::{Activation, Init, Mode, Network, NetworkSpec};
pub use trainer::{EpochMetrics, Part, Stop, Trainer, TrainerConfig};

/// An independent random stream `stream` of the user seed `seed` (initialization, data, split and shuffling each
/// take their own, so changing one never shifts the numbers of another).
pub fn stream_rng(seed: u64, stream: u64) -> crate::search::Rng {
    // formula: the generator's own SplitMix64 seeding decorrelates seed ^ (stream * golden ratio)
    crate::search::Rng::new(seed ^ stream.wrapping_mul(0x9E37_79B9_7F4A_7C15))
}
