//! Every optimizer trajectory of `tests/reference/pytorch-golden.json` (PyTorch's own `torch.optim` classes),
//! reproduced through the public config schema: the case's `params` are passed as they were given to PyTorch.

use descent::config::Value;
use descent::simulate::{simulate, SimConfig};
use serde_json::Value as Json;

fn reference() -> Json {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/reference/pytorch-golden.json");
    serde_json::from_str(&std::fs::read_to_string(path).expect("reference file")).expect("reference JSON")
}

/// Our config tree from a JSON value (the reference numbers are read, never pasted).
fn to_value(j: &Json) -> Value {
    Value::from_json(&j.to_string()).expect("re-encoded JSON")
}

fn close(a: f64, b: f64, rel: f64) -> bool {
    (a - b).abs() <= rel * a.abs().max(b.abs()) || a == b
}

#[test]
fn every_optimizer_trajectory_matches_pytorch() {
    let r = reference();
    let cases = r["optimizers"].as_array().expect("optimizers");
    assert_eq!(cases.len(), 65);
    let mut worst = (0.0f64, String::new());
    for case in cases {
        let id = case["id"].as_str().expect("id");
        let class = case["optimizer"].as_str().expect("optimizer").trim_start_matches("torch.optim.");
        let mut optimizer = case["params"].clone();
        optimizer["type"] = Json::from(class);
        let config = serde_json::json!({
            "surface": case["function"],
            "start": case["x0"],
            "steps": case["steps"],
            "optimizer": optimizer,
        });
        let cfg = SimConfig::from_value("", &to_value(&config)).unwrap_or_else(|e| panic!("{id}: {e}"));
        let run = simulate(&cfg);
        assert!(run.stopped.is_none(), "{id}: {:?}", run.stopped);
        // Chaotic cases amplify rounding: the file measures by how much (perturbation_amplification).
        let amp = case["perturbation_amplification"].as_f64().expect("amplification").max(1.0);
        let tol = 1e-9 * amp;
        let traj = case["trajectory"].as_array().expect("trajectory");
        let loss = case["loss"].as_array().expect("loss");
        let grad = case["grad"].as_array().expect("grad");
        assert_eq!(run.path.len(), 2 * traj.len(), "{id}");
        for (k, point) in traj.iter().enumerate() {
            for d in 0..2 {
                let want = point[d].as_f64().expect("number");
                let got = run.path[2 * k + d];
                let err = (got - want).abs() / want.abs().max(1e-300);
                if err > worst.0 && got != want {
                    worst = (err, format!("{id} trajectory[{k}][{d}]"));
                }
                assert!(close(got, want, tol), "{id}: trajectory[{k}][{d}] = {got}, PyTorch {want}");
            }
            let want = loss[k].as_f64().expect("number");
            assert!(close(run.loss[k], want, tol), "{id}: loss[{k}] = {}, PyTorch {want}", run.loss[k]);
            if k < grad.len() {
                // The gradient is compared as a vector (|g - g_ref| <= tol |g_ref|): near a stationary line one
                // component is a cancellation of O(1) terms (Beale: -2 t1 + 2 t1 y + ...), which autograd sums in
                // another order, so that component alone carries only absolute accuracy.
                let (gx, gy) = (grad[k][0].as_f64().expect("number"), grad[k][1].as_f64().expect("number"));
                let diff = (run.grad[2 * k] - gx).hypot(run.grad[2 * k + 1] - gy);
                assert!(diff <= tol * gx.hypot(gy), "{id}: grad[{k}] = {:?}, PyTorch [{gx}, {gy}]", &run.grad[2 * k..2 * k + 2]);
            }
        }
    }
    eprintln!("worst relative difference: {:e} at {}", worst.0, worst.1);
}

#[test]
fn resolved_defaults_match_pytorch() {
    // The defaults PyTorch filled in (resolved_params) must be ours too: running with the resolved parameters
    // spelled out gives the same path as running with only the given ones.
    let r = reference();
    for case in r["optimizers"].as_array().expect("optimizers") {
        let id = case["id"].as_str().expect("id");
        let class = case["optimizer"].as_str().expect("optimizer").trim_start_matches("torch.optim.");
        let mut resolved = case["resolved_params"].clone();
        resolved["type"] = Json::from(class);
        let mut given = case["params"].clone();
        given["type"] = Json::from(class);
        let run = |opt: &Json| {
            let config = serde_json::json!({ "surface": case["function"], "start": case["x0"], "steps": 20, "optimizer": opt });
            simulate(&SimConfig::from_value("", &to_value(&config)).unwrap_or_else(|e| panic!("{id}: {e}"))).path
        };
        assert_eq!(run(&resolved), run(&given), "{id}");
    }
}
