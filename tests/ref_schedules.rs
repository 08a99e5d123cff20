//! Learning-rate schedules against the reference vectors of PyTorch (`tests/reference/pytorch-golden.json`,
//! `schedules`) and Keras (`tests/reference/keras-schedules.json`), read at run time.
//!
//! Tolerances: PyTorch cases are float64, compared to 1e-9 relative with an absolute floor of 1e-15 for rates that
//! are exactly or nearly 0 (PolynomialLR and SequentialLR end at 0; the closed forms give 0 or a few ulps of
//! rounding of 1e-17 size). Keras evaluates in float32 ("compare to ~1e-6 relative", tests/reference/README.md);
//! we evaluate the same formulas in float64, so besides 1e-6 relative we allow an absolute 2^-24 * 0.1 (one float32
//! unit of the initial rate 0.1) where a value is the small difference of float32 numbers (near the end of a decay).

use descent::config::Value;
use descent::schedule::{lr_schedule, ScheduleConfig};
use serde_json::Value as Json;
use std::path::Path;

const DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/reference");

fn load(name: &str) -> Json {
    let text = std::fs::read_to_string(format!("{DIR}/{name}")).expect("reference file readable");
    serde_json::from_str(&text).expect("reference file is JSON")
}

fn nums(v: &Json) -> Vec<f64> {
    v.as_array().expect("array").iter().map(|x| x.as_f64().expect("number")).collect()
}

/// `{ "scheduler": "torch.optim.lr_scheduler.X" | "X", "params": {...} }` -> our `{ "type": "X", ...params }`.
fn torch_config(class: &str, params: &Json) -> Json {
    let mut obj = serde_json::Map::new();
    obj.insert("type".into(), Json::String(class.rsplit('.').next().expect("class name").to_string()));
    for (k, v) in params.as_object().expect("params object") {
        let v = if k == "schedulers" {
            Json::Array(
                v.as_array()
                    .expect("schedulers array")
                    .iter()
                    .map(|s| torch_config(s["scheduler"].as_str().expect("name"), &s["params"]))
                    .collect(),
            )
        } else {
            v.clone()
        };
        obj.insert(k.clone(), v);
    }
    Json::Object(obj)
}

fn to_config(id: &str, json: &Json) -> ScheduleConfig {
    let v: Value = serde_json::from_value(json.clone()).expect("config value");
    ScheduleConfig::from_value(id, &v).unwrap_or_else(|e| panic!("{id}: {e}"))
}

fn check(id: &str, what: &str, ours: &[f64], want: &[f64], rel: f64, abs: f64) {
    assert_eq!(ours.len(), want.len(), "{id}: {what} length");
    for (i, (a, b)) in ours.iter().zip(want).enumerate() {
        let ok = (a - b).abs() <= rel * a.abs().max(b.abs()) + abs;
        assert!(ok, "{id}: {what}[{i}] = {a:e}, reference {b:e} (diff {:e})", (a - b).abs());
    }
}

#[test]
fn pytorch_schedules_match_reference() {
    let file = load("pytorch-golden.json");
    let cases = file["schedules"].as_array().expect("schedules");
    assert_eq!(cases.len(), 14);
    for case in cases {
        let id = case["id"].as_str().expect("id");
        let cfg = to_config(id, &torch_config(case["scheduler"].as_str().expect("scheduler"), &case["params"]));
        let steps = case["steps"].as_u64().expect("steps") as usize;
        let metrics = case.get("metrics").map(nums);
        let out = lr_schedule(&cfg, case["base_lr"].as_f64().expect("base_lr"), steps, metrics.as_deref())
            .unwrap_or_else(|e| panic!("{id}: {e}"));
        check(id, "lrs", &out.lrs, &nums(&case["lrs"]), 1e-9, 1e-15);
        let last = case["lr_after_last_step"].as_f64().expect("lr_after_last_step");
        check(id, "lr_after_last_step", &[out.lr_after_last_step], &[last], 1e-9, 1e-15);
        match (case.get("momentums"), &out.momentums) {
            (Some(want), Some(ours)) => check(id, "momentums", ours, &nums(want), 1e-9, 1e-15),
            (None, None) => {}
            (want, ours) => {
                panic!("{id}: momentums present in reference: {}, ours: {}", want.is_some(), ours.is_some())
            }
        }
        assert_eq!(out.momentums.is_some(), cfg.cycles_momentum(), "{id}: cycles_momentum");
    }
}

#[test]
fn keras_schedules_match_reference() {
    let file = load("keras-schedules.json");
    let cases = file["schedules"].as_array().expect("schedules");
    assert_eq!(cases.len(), 7);
    // one float32 unit (2^-24) of the initial rate 0.1
    let abs = 0.1 * f64::powi(2.0, -24);
    for case in cases {
        let id = case["id"].as_str().expect("id");
        let cfg = to_config(id, &torch_config(case["schedule"].as_str().expect("schedule"), &case["params"]));
        let want = nums(&case["lrs"]);
        // Keras schedules ignore the optimizer's rate: pass a different one to show it.
        let out = lr_schedule(&cfg, 0.5, want.len(), None).unwrap_or_else(|e| panic!("{id}: {e}"));
        check(id, "lrs", &out.lrs, &want, 1e-6, abs);
        assert!(out.momentums.is_none());
    }
}

#[test]
fn reference_copies_match_shared() {
    let shared = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/reference"));
    if !shared.is_dir() {
        return;
    }
    for entry in std::fs::read_dir(shared).expect("shared/reference readable") {
        let entry = entry.expect("dir entry");
        if !entry.file_type().expect("file type").is_file() {
            continue;
        }
        let name = entry.file_name();
        let shown = name.to_string_lossy();
        let ours =
            std::fs::read(Path::new(DIR).join(&name)).unwrap_or_else(|_| panic!("tests/reference/{shown} missing"));
        let theirs = std::fs::read(entry.path()).expect("shared file readable");
        assert!(ours == theirs, "tests/reference/{shown} differs from ../shared/reference/{shown}");
    }
}

fn error_for(json: &str) -> descent::config::ConfigError {
    let v = Value::from_json(json).expect("test JSON");
    ScheduleConfig::from_value("schedule", &v).expect_err("config should be rejected")
}

#[test]
fn unknown_type_is_rejected_with_the_choices() {
    let e = error_for(r#"{"type": "StepLr", "step_size": 10}"#);
    assert_eq!(e.path, "schedule.type");
    assert_eq!(e.value, "\"StepLr\"");
    assert!(e.allowed.contains("\"StepLR\"") && e.allowed.contains("\"CosineDecay\""), "{e}");
}

#[test]
fn nan_gamma_is_rejected() {
    let e = error_for(r#"{"type": "StepLR", "step_size": 10, "gamma": NaN}"#);
    assert_eq!(e.path, "schedule.gamma");
    assert_eq!(e.value, "NaN");
    let e = error_for(r#"{"type": "ExponentialLR", "gamma": -0.5}"#);
    assert_eq!(e.path, "schedule.gamma");
    assert!(e.to_string().contains("(0, 10]"), "{e}");
}

#[test]
fn missing_field_is_named() {
    let e = error_for(r#"{"type": "CosineAnnealingLR", "eta_min": 0.001}"#);
    assert_eq!(e.path, "schedule.T_max");
    assert_eq!(e.value, "missing");
    assert!(e.to_string().contains("is missing"), "{e}");
    let e = error_for(r#"{"type": "ExponentialDecay", "initial_learning_rate": 0.1, "decay_steps": 10}"#);
    assert_eq!(e.path, "schedule.decay_rate");
}

#[test]
fn unknown_field_is_named() {
    let e = error_for(r#"{"type": "StepLR", "step_size": 10, "gama": 0.5}"#);
    assert_eq!(e.path, "schedule.gama");
    assert!(e.to_string().contains("unknown field") && e.allowed.contains("gamma"), "{e}");
    let e = error_for(
        r#"{"type": "SequentialLR", "milestones": [5],
        "schedulers": [{"type": "LinearLR", "total_iter": 5}, {"type": "ExponentialLR", "gamma": 0.9}]}"#,
    );
    assert_eq!(e.path, "schedule.schedulers[0].total_iter");
}

#[test]
fn out_of_range_values_are_rejected() {
    for (json, path) in [
        (r#"{"type": "StepLR", "step_size": 2.5}"#, "schedule.step_size"),
        (r#"{"type": "MultiStepLR", "milestones": [30, 10]}"#, "schedule.milestones[1]"),
        (r#"{"type": "OneCycleLR", "max_lr": 0.1, "total_steps": 100, "pct_start": 1.2}"#, "schedule.pct_start"),
        (r#"{"type": "ReduceLROnPlateau", "factor": 1.5}"#, "schedule.factor"),
        (r#"{"type": "PolynomialDecay", "initial_learning_rate": 0.1, "decay_steps": 0}"#, "schedule.decay_steps"),
        (r#"{"type": "PiecewiseConstantDecay", "boundaries": [10, 5], "values": [1, 2, 3]}"#, "schedule.boundaries[1]"),
        (r#"{"type": "CyclicLR", "base_lr": 0.1, "max_lr": Infinity}"#, "schedule.max_lr"),
    ] {
        assert_eq!(error_for(json).path, path, "{json}");
    }
    let e = error_for(r#"[1, 2]"#);
    assert_eq!(e.path, "schedule");
}
