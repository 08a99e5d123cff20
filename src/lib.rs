//! # Descent
//!
//! The numerics core of Descent, an educational playground for the mathematics of training neural networks,
//! and (in [`web`] only) its WebAssembly bindings.
//!
//! Every module except [`web`] is plain Rust: no wasm-bindgen, web-sys or js-sys, so `cargo test` checks the
//! numbers natively against the reference vectors of PyTorch, Keras and scikit-learn in `tests/reference/`.
//! See `ARCHITECTURE.md` for what each module may depend on.

pub mod config;
pub mod expr;
pub mod gp;
pub mod hpo;
pub mod nn;
pub mod optim;
pub mod raster;
pub mod schedule;
pub mod search;
pub mod simulate;
pub mod surface;
pub mod web;
