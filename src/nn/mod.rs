//! # Tiny networks: the trainer core of the `<descent-network>` widget
//!
//! A TensorFlow-Playground-like trainer whose arithmetic is PyTorch's, checked to $10^{-9}$ relative against
//! `torch.nn` / `torch.optim` in `tests/ref_nn.rs`:
//!
//! - [`network`]: a multilayer perceptron (Linear, optional BatchNorm1d, activations) with ONE flat parameter vector
//!   (layout documented there), hand-written forward and backward passes over preallocated mini-batch buffers;
//! - [`loss`]: MSE, L1, BCE-with-logits and cross-entropy (reduction `mean`), and L1 / L2 penalties;
//! - [`data`]: seeded 2-D datasets, input feature maps, train/validation/test splits and CSV import;
//! - [`trainer`]: the config-driven training loop with metrics, early stopping and decision-boundary grids;
//! - [`rng`]: SplitMix64, the seeded generator used for initialization, datasets and shuffling.
//!
//! The optimizer step itself is [`crate::optim::Optimizer`], applied to the whole flat parameter vector.

pub mod data;
pub mod loss;
pub mod network;
pub mod rng;
pub mod trainer;

pub use data::{Dataset, DatasetKind, Feature, Split, Task};
pub use loss::{Loss, Penalty};
pub use network::{Activation, Init, Mode, Network, NetworkSpec};
pub use rng::SplitMix64;
// pub use trainer
