//! The numerics core run inside WebAssembly, checked against the PyTorch reference vectors.
//!
//! One file, three runners (each `#[wasm_bindgen_test(unsupported = test)]` is also a plain `#[test]` natively):
//! - `cargo test --test web`: native;
//! - `wasm-pack test --mode no-install --node -- --test web`: Node.js, the runner's default mode;
//! - `WASM_BINDGEN_USE_BROWSER=1 wasm-pack test --mode no-install --headless --chrome -- --test web`: Chromium.
//!
//! How wasm-bindgen-test 0.3.80 picks the environment: `wasm_bindgen_test_configure!(run_in_browser)` (or
//! `run_in_node_experimental`, workers...) writes a custom section into the test binary that pins one mode; with no
//! such line, wasm-bindgen-test-runner reads `WASM_BINDGEN_USE_BROWSER` / `WASM_BINDGEN_USE_NODE_EXPERIMENTAL` /
//! ... and defaults to Node. `wasm-pack test --chrome` sets `WASM_BINDGEN_TEST_ONLY_WEB`, which *skips* (with
//! success) a binary that resolved to Node, so this file sets no mode and `scripts/test.sh` sets
//! `WASM_BINDGEN_USE_BROWSER=1` for the browser run. A file that must only run in a browser (DOM, web-sys) would
//! instead say `wasm_bindgen_test_configure!(run_in_browser);` and is then skipped by the Node run.
//!
//! The reference file is embedded with `include_str!` (no file system inside WASM) and parsed at run time: the
//! numbers are read from it, never copied here.

use descent::config::Value;
use descent::surface::Surface;
use serde_json::Value as Json;
use wasm_bindgen_test::wasm_bindgen_test;

const PYTORCH_GOLDEN: &str = include_str!("reference/pytorch-golden.json");

/// float64 agreement: 1e-9 relative, with a 1e-12 absolute floor for gradients that are (nearly) 0 at a minimum.
fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * a.abs().max(b.abs()) + 1e-12
}

fn num(v: &Json) -> f64 {
    v.as_f64().unwrap_or_else(|| panic!("expected a number, found {v}"))
}

fn pair(v: &Json) -> [f64; 2] {
    match v.as_array().map(Vec::as_slice) {
        Some([x, y]) => [num(x), num(y)],
        _ => panic!("expected [x, y], found {v}"),
    }
}

/// Each optimizer case of the reference file: the surface named by `function` (its default parameters are the
/// ones in `function_formula`), and the case itself.
fn optimizer_cases() -> Vec<(Surface, Json)> {
    let golden: Json = serde_json::from_str(PYTORCH_GOLDEN).expect("pytorch-golden.json parses");
    let cases = golden["optimizers"].as_array().expect("optimizers is an array").clone();
    assert!(!cases.is_empty());
    cases
        .into_iter()
        .map(|case| {
            let name = case["function"].as_str().expect("function is a string").to_string();
            let surface = Surface::from_value("surface", &Value::Str(name.clone()))
                .unwrap_or_else(|e| panic!("surface {name}: {e:?}"));
            (surface, case)
        })
        .collect()
}

#[wasm_bindgen_test(unsupported = test)]
fn surface_values_match_pytorch_losses() {
    let mut checked = 0;
    for (surface, case) in optimizer_cases() {
        let points = case["trajectory"].as_array().expect("trajectory");
        let losses = case["loss"].as_array().expect("loss");
        assert_eq!(points.len(), losses.len());
        for (k, (p, loss)) in points.iter().zip(losses).enumerate() {
            let [x, y] = pair(p);
            let (ours, theirs) = (surface.value(x, y), num(loss));
            assert!(close(ours, theirs), "{} loss[{k}] at ({x}, {y}): {ours} vs {theirs}", case["id"]);
            checked += 1;
        }
    }
    assert!(checked > 1000);
}

#[wasm_bindgen_test(unsupported = test)]
fn surface_gradients_match_pytorch_autograd() {
    let mut checked = 0;
    for (surface, case) in optimizer_cases() {
        let points = case["trajectory"].as_array().expect("trajectory");
        let grads = case["grad"].as_array().expect("grad");
        assert_eq!(points.len(), grads.len() + 1);
        for (k, (p, g)) in points.iter().zip(grads).enumerate() {
            let [x, y] = pair(p);
            let ours = surface.gradient(x, y);
            let theirs = pair(g);
            for i in 0..2 {
                assert!(
                    close(ours[i], theirs[i]),
                    "{} grad[{k}][{i}] at ({x}, {y}): {} vs {}",
                    case["id"],
                    ours[i],
                    theirs[i]
                );
            }
            checked += 1;
        }
    }
    assert!(checked > 1000);
}

#[wasm_bindgen_test(unsupported = test)]
fn quadratic_by_hand() {
    let q = Surface::from_value("surface", &Value::Str("quadratic".into())).expect("quadratic");
    assert_eq!(q.value(1.0, 1.0), 5.5); // 0.5 * (1 + 10 * 1), kappa = 10 by default
    assert_eq!(q.gradient(1.0, 1.0), [1.0, 10.0]); // (x, kappa y)
}

#[wasm_bindgen_test(unsupported = test)]
fn unknown_surface_is_a_config_error() {
    let err = Surface::from_value("surface", &Value::Str("rosenbruck".into())).expect_err("unknown name");
    assert!(err.path.starts_with("surface"), "{err:?}");
}
