//! The tiny-network core against PyTorch: `pytorch-golden.json` (`mlp`, `misc`) and `gp-nn-golden.json`
//! (`nn_cases`), read at run time; then unit checks (finite-difference gradients, datasets, CSV, early stopping).
//!
//! Tolerance: 1e-9 relative, with an absolute floor of 1e-15 only for values that are exactly or nearly 0 (dead
//! ReLU units give exact zeros); the reference file's own note `nn.bn_redundant_bias` asks for an absolute
//! tolerance on the BatchNorm network's `0.bias` gradient (analytically 0, torch prints rounding noise ~1e-18).

use descent::config::Value;
use descent::nn::loss::{Loss, Penalty};
use descent::nn::network::{self, Activation, Mode, Network, NetworkSpec, BN_EPS, BN_MOMENTUM};
use descent::optim::{Optimizer, OptimizerConfig};
use serde_json::Value as Json;
use std::ops::Range;

const REL: f64 = 1e-9;
const ABS_FLOOR: f64 = 1e-15;

fn load(name: &str) -> Json {
    let path = format!("{}/tests/reference/{name}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("reading {path}: {e}"));
    serde_json::from_str(&text).expect("reference JSON")
}

/// Flatten nested arrays of numbers row-major (a torch (out, in) weight becomes our layout directly).
fn flat(v: &Json) -> Vec<f64> {
    let mut out = Vec::new();
    fn walk(v: &Json, out: &mut Vec<f64>) {
        match v {
            Json::Array(items) => items.iter().for_each(|i| walk(i, out)),
            Json::Number(n) => out.push(n.as_f64().expect("number")),
            other => panic!("not a number: {other}"),
        }
    }
    walk(v, &mut out);
    out
}

fn num(v: &Json) -> f64 {
    v.as_f64().expect("number")
}

fn close_abs(what: &str, got: &[f64], want: &[f64], rel: f64, abs: f64) {
    assert_eq!(got.len(), want.len(), "{what}: length");
    for (i, (g, w)) in got.iter().zip(want).enumerate() {
        let tol = rel * g.abs().max(w.abs()) + abs;
        assert!((g - w).abs() <= tol, "{what}[{i}]: got {g:e}, want {w:e} (diff {:e})", (g - w).abs());
    }
}

fn close(what: &str, got: &[f64], want: &[f64]) {
    close_abs(what, got, want, REL, ABS_FLOOR);
}

fn close1(what: &str, got: f64, want: f64) {
    close(what, &[got], &[want]);
}

/// Our config from a torch optimizer name and its keyword arguments.
fn optimizer(name: &str, kwargs: &Json) -> OptimizerConfig {
    let mut obj = kwargs.as_object().expect("kwargs").clone();
    obj.insert("type".into(), Json::String(name.trim_start_matches("torch.optim.").into()));
    let v = Value::from_json(&Json::Object(obj).to_string()).expect("json");
    OptimizerConfig::from_value("optimizer", &v).expect("optimizer config")
}

/// Parameter ranges by torch state-dict name, with the module prefixes renamed (`fc1` -> `0`, ...).
fn names(net: &Network, rename: &[(&str, &str)]) -> Vec<(String, Range<usize>)> {
    net.torch_names()
        .into_iter()
        .map(|(n, r)| {
            let renamed = rename
                .iter()
                .find(|(_, ours)| n.starts_with(&format!("{ours}.")))
                .map(|(theirs, ours)| n.replacen(ours, theirs, 1));
            (renamed.unwrap_or(n), r)
        })
        .collect()
}

fn load_params(net: &mut Network, state: &Json, names: &[(String, Range<usize>)]) {
    for (name, r) in names {
        let v = flat(&state[name.as_str()]);
        assert_eq!(v.len(), r.len(), "{name}: size");
        net.params_mut()[r.clone()].copy_from_slice(&v);
    }
}

fn check_params(what: &str, values: &[f64], state: &Json, names: &[(String, Range<usize>)], abs_for: &[&str]) {
    for (name, r) in names {
        let abs = if abs_for.contains(&name.as_str()) { 1e-12 } else { ABS_FLOOR };
        close_abs(&format!("{what} {name}"), &values[r.clone()], &flat(&state[name.as_str()]), REL, abs);
    }
}

/// One forward pass in `mode` over `x` (rows of `n_in`), the mean loss and (training) dL/doutput.
fn forward_loss(net: &mut Network, x: &[f64], targets: &[f64], loss: Loss, mode: Mode) -> f64 {
    let rows = net.set_input(x);
    assert_eq!(rows * net.n_inputs(), x.len(), "batch larger than the network's capacity");
    net.forward(rows, mode);
    let k = net.n_outputs();
    let (out, grad) = net.output_and_grad();
    loss.value_and_grad(out, targets, k, grad)
}

fn sgd_step(net: &mut Network, opt: &mut Optimizer, lr: f64) {
    let (p, g) = net.params_and_grad();
    opt.step(p, g, lr, None);
}

#[test]
fn pytorch_mlp_2_4_1_tanh_bce_sgd() {
    let golden = load("pytorch-golden.json");
    let cases = golden["mlp"].as_array().expect("mlp cases");
    assert!(!cases.is_empty());
    for case in cases {
        let id = case["id"].as_str().expect("id");
        assert!(
            case["model"].as_str().expect("model").starts_with("Linear(2,4) -> Tanh -> Linear(4,1)"),
            "{id}: model"
        );
        assert!(case["loss_fn"].as_str().expect("loss_fn").contains("BCEWithLogitsLoss"), "{id}: loss");
        let spec = NetworkSpec { sizes: vec![2, 4, 1], activation: Activation::Tanh, batch_norm: false };
        let x = flat(&case["X"]);
        let y = flat(&case["y"]);
        let mut net = Network::new(&spec, y.len());
        let names = names(&net, &[("fc1", "0"), ("fc2", "2")]);
        load_params(&mut net, &case["init_weights"], &names);
        let cfg = optimizer(case["optimizer"].as_str().expect("name"), &case["params"]);
        let mut opt = Optimizer::new(&cfg, net.params().len());
        let losses = flat(&case["loss"]);
        assert_eq!(losses.len(), case["steps"].as_u64().expect("steps") as usize);
        for (k, want) in losses.iter().enumerate() {
            let l = forward_loss(&mut net, &x, &y, Loss::BceWithLogits, Mode::Train);
            if k == 0 {
                close(&format!("{id} initial_logits"), net.output(), &flat(&case["initial_logits"]));
            }
            close1(&format!("{id} loss[{k}]"), l, *want);
            net.backward();
            if k == 0 {
                check_params(&format!("{id} grads_at_init"), net.grad(), &case["grads_at_init"], &names, &[]);
            }
            sgd_step(&mut net, &mut opt, cfg.lr());
            if k == 0 {
                check_params(
                    &format!("{id} weights_after_step_1"),
                    net.params(),
                    &case["weights_after_step_1"],
                    &names,
                    &[],
                );
            }
        }
        check_params(&format!("{id} final_weights"), net.params(), &case["final_weights"], &names, &[]);
        let l = forward_loss(&mut net, &x, &y, Loss::BceWithLogits, Mode::Eval);
        close1(&format!("{id} final_loss"), l, num(&case["final_loss"]));
    }
}

/// A bias-free linear model $Xw$ as a [4 -> 1] network whose bias stays 0 (only the weight range is stepped).
fn linear_model(inputs: &Json) -> (Network, Vec<f64>, Vec<f64>) {
    let x = flat(&inputs["X"]);
    let w = flat(&inputs["w"]);
    let t = flat(&inputs["target"]);
    let spec = NetworkSpec { sizes: vec![w.len(), 1], activation: Activation::Linear, batch_norm: false };
    let mut net = Network::new(&spec, t.len());
    net.params_mut()[..w.len()].copy_from_slice(&w);
    (net, x, t)
}

fn data_loss_of(description: &str) -> Loss {
    if description.contains("mse_loss") {
        Loss::Mse
    } else if description.contains("l1_loss") {
        Loss::L1
    } else if description.contains("binary_cross_entropy_with_logits") {
        Loss::BceWithLogits
    } else {
        panic!("unknown data loss {description}")
    }
}

#[test]
fn pytorch_regularized_losses() {
    let golden = load("pytorch-golden.json");
    let cases: Vec<&Json> =
        golden["misc"].as_array().expect("misc").iter().filter(|c| c["kind"] == "regularized_loss").collect();
    assert_eq!(cases.len(), 4);
    for case in cases {
        let id = case["id"].as_str().expect("id");
        let (mut net, x, t) = linear_model(&case["inputs"]);
        let weights = [net.layout()[0].weight.clone()];
        let lambda = num(&case["lambda"]);
        let penalty = match case["penalty"].as_str() {
            Some("l2") => Penalty { l2: lambda, ..Penalty::default() },
            Some("l1") => Penalty { l1: lambda, ..Penalty::default() },
            other => panic!("{id}: penalty {other:?}"),
        };
        let loss = data_loss_of(case["data_loss"].as_str().expect("data_loss"));
        let data_loss = forward_loss(&mut net, &x, &t, loss, Mode::Train);
        close(&format!("{id} pred"), net.output(), &flat(&case["pred"]));
        close1(&format!("{id} data_loss"), data_loss, num(&case["data_loss_value"]));
        let p = penalty.value(net.params(), &weights);
        close1(&format!("{id} penalty"), p, num(&case["penalty_value"]));
        close1(&format!("{id} total"), data_loss + p, num(&case["total_loss"]));
        net.backward();
        let (params, grad) = net.params_and_grad();
        penalty.add_grad(params, grad, &weights);
        close(&format!("{id} grad_w"), &net.grad()[weights[0].clone()], &flat(&case["grad_w"]));
    }
}

#[test]
fn pytorch_weight_decay_versus_explicit_penalty() {
    let golden = load("pytorch-golden.json");
    let cases: Vec<&Json> =
        golden["misc"].as_array().expect("misc").iter().filter(|c| c["kind"] == "weight_decay_equivalence").collect();
    assert_eq!(cases.len(), 3);
    for case in cases {
        let id = case["id"].as_str().expect("id");
        let name = case["optimizer"].as_str().expect("optimizer");
        let wd = num(&case["params"]["weight_decay"]);
        let mut without_wd = case["params"].clone();
        without_wd["weight_decay"] = Json::from(0.0);
        let runs = [
            ("optimizer_weight_decay", optimizer(name, &case["params"]), Penalty::default()),
            // formula: torch's weight_decay wd matches a penalty (wd/2) ||w||^2, i.e. lambda2 = wd / 2
            (
                "explicit_penalty_0.5*wd*||w||^2",
                optimizer(name, &without_wd),
                Penalty { l2: 0.5 * wd, ..Penalty::default() },
            ),
        ];
        let mut finals = Vec::new();
        for (key, cfg, penalty) in runs {
            let (mut net, x, t) = linear_model(&case["inputs"]);
            let w = net.layout()[0].weight.clone();
            let mut opt = Optimizer::new(&cfg, w.len());
            for (k, want) in case["weights_per_step"][key].as_array().expect("steps").iter().enumerate() {
                forward_loss(&mut net, &x, &t, Loss::Mse, Mode::Train);
                net.backward();
                let (params, grad) = net.params_and_grad();
                penalty.add_grad(params, grad, std::slice::from_ref(&w));
                opt.step(&mut params[w.clone()], &grad[w.clone()], cfg.lr(), None);
                close(&format!("{id} {key} step {}", k + 1), &net.params()[w.clone()], &flat(want));
            }
            finals.push(net.params()[w].to_vec());
        }
        let diff = finals[0].iter().zip(&finals[1]).map(|(a, b)| (a - b).abs()).fold(0.0, f64::max);
        close_abs(&format!("{id} max_abs_diff"), &[diff], &[num(&case["max_abs_diff"])], 1e-6, 1e-15);
    }
}

#[test]
fn pytorch_batchnorm1d_standalone() {
    let golden = load("pytorch-golden.json");
    let case =
        golden["misc"].as_array().expect("misc").iter().find(|c| c["kind"] == "batch_norm").expect("batch_norm case");
    let width = case["params"]["num_features"].as_u64().expect("num_features") as usize;
    let eps = num(&case["params"]["eps"]);
    let momentum = num(&case["params"]["momentum"]);
    assert_eq!((eps, momentum), (BN_EPS, BN_MOMENTUM), "the network's BatchNorm constants are torch's defaults");
    // torch's tensors are (N, C) row-major; the network's blocks are unit-major (C blocks of N values)
    let rows = flat(&case["input"]).len() / width;
    let by_unit = |v: Vec<f64>| {
        let mut out = vec![0.0; v.len()];
        network::transpose(&v, rows, width, &mut out);
        out
    };
    let by_row = |v: &[f64]| {
        let mut out = vec![0.0; v.len()];
        network::transpose(v, width, rows, &mut out);
        out
    };
    let x = by_unit(flat(&case["input"]));
    let gamma = flat(&case["gamma"]);
    let beta = flat(&case["beta"]);
    let mut rm = flat(&case["initial_running_mean"]);
    let mut rv = flat(&case["initial_running_var"]);
    let mut y = x.clone();
    let mut xhat = vec![0.0; x.len()];
    let mut inv_std = vec![0.0; width];
    network::batch_norm_train(&mut y, rows, &gamma, &beta, &mut xhat, &mut inv_std, &mut rm, &mut rv, eps, momentum);
    close("output", &by_row(&y), &flat(&case["output"]));
    close("running_mean_after", &rm, &flat(&case["running_mean_after"]));
    close("running_var_after", &rv, &flat(&case["running_var_after"]));
    let mut d = by_unit(flat(&case["upstream_grad"]));
    let mut gg = vec![0.0; width];
    let mut gb = vec![0.0; width];
    network::batch_norm_train_backward(&mut d, rows, &gamma, &xhat, &inv_std, &mut gg, &mut gb);
    close("grad_input", &by_row(&d), &flat(&case["grad_input"]));
    close("grad_gamma", &gg, &flat(&case["grad_gamma"]));
    close("grad_beta", &gb, &flat(&case["grad_beta"]));
    let mut e = x.clone();
    network::batch_norm_eval(&mut e, rows, &gamma, &beta, &mut xhat, &mut inv_std, &rm, &rv, eps);
    close(
        "eval_output_with_updated_running_stats",
        &by_row(&e),
        &flat(&case["eval_output_with_updated_running_stats"]),
    );
}

/// The network of an `nn_cases` entry: its layer sizes from the architecture lines, activation, BatchNorm.
fn case_network(case: &Json, rows: usize) -> Network {
    let arch: Vec<&str> =
        case["architecture"].as_array().expect("architecture").iter().map(|a| a.as_str().expect("line")).collect();
    let mut sizes = Vec::new();
    let mut activation = Activation::Linear;
    let mut batch_norm = false;
    for line in &arch {
        if let Some(args) = line.split("Linear(").nth(1) {
            let dims: Vec<usize> =
                args.split(')').next().expect("dims").split(',').map(|d| d.trim().parse().expect("dim")).collect();
            if sizes.is_empty() {
                sizes.push(dims[0]);
            }
            sizes.push(dims[1]);
        } else if line.contains("BatchNorm1d") {
            batch_norm = true;
        } else if line.contains("ReLU") {
            activation = Activation::Relu;
        } else if line.contains("Tanh") {
            activation = Activation::Tanh;
        }
    }
    let net = Network::new(&NetworkSpec { sizes, activation, batch_norm }, rows);
    let ours: Vec<String> = net.torch_names().into_iter().map(|(n, _)| n).collect();
    let theirs: Vec<String> = case["grads_step1"].as_object().expect("grads").keys().cloned().collect();
    let (mut a, mut b) = (ours.clone(), theirs);
    a.sort();
    b.sort();
    assert_eq!(a, b, "torch parameter names of {}", case["name"]);
    net
}

fn case_loss(case: &Json) -> Loss {
    let l = case["loss"].as_str().expect("loss");
    if l.contains("CrossEntropyLoss") {
        Loss::CrossEntropy
    } else if l.contains("BCEWithLogitsLoss") {
        Loss::BceWithLogits
    } else if l.contains("MSELoss") {
        Loss::Mse
    } else {
        panic!("loss {l}")
    }
}

/// Row ranges of each step: the recorded `batches` ([epoch, batch, start, end]) or the full batch.
fn case_batches(case: &Json, n: usize) -> Vec<Range<usize>> {
    let steps = case["n_steps"].as_u64().expect("n_steps") as usize;
    match case.get("batches") {
        Some(b) => b
            .as_array()
            .expect("batches")
            .iter()
            .map(|row| row[2].as_u64().expect("start") as usize..row[3].as_u64().expect("end") as usize)
            .collect(),
        None => vec![0..n; steps],
    }
}

fn run_nn_case(case: &Json) {
    let name = case["name"].as_str().expect("name");
    let x = flat(&case["X"]);
    let y = flat(&case["y"]);
    let n = y.len();
    let mut net = case_network(case, n);
    let loss = case_loss(case);
    let names = net.torch_names();
    let initial = case.get("initial_params").or_else(|| case.get("initial_state")).expect("initial parameters");
    load_params(&mut net, initial, &names);
    let cfg = optimizer(case["optimizer"].as_str().expect("optimizer"), &case["optimizer_kwargs"]);
    let mut opt = Optimizer::new(&cfg, net.params().len());
    let n_in = net.n_inputs();
    let tw = loss.target_width(net.n_outputs());
    let abs_for: &[&str] = if net.spec().batch_norm { &["0.bias"] } else { &[] };
    let losses = flat(&case["loss_per_step"]);
    let batches = case_batches(case, n);
    assert_eq!(batches.len(), losses.len(), "{name}: steps");
    let outputs_key = if case.get("initial_logits_all").is_some() { "logits_all" } else { "outputs_all" };
    for (k, rows) in batches.iter().enumerate() {
        if k == 0 {
            if let Some(want) = case.get(format!("initial_{outputs_key}").as_str()) {
                forward_loss(&mut net, &x, &y, loss, Mode::Eval);
                close(&format!("{name} initial_{outputs_key}"), net.output(), &flat(want));
            }
        }
        if let Some(norms) = case.get("param_sq_norm_before_step") {
            let sq: f64 = net.params().iter().map(|p| p * p).sum();
            close1(&format!("{name} param_sq_norm_before_step[{k}]"), sq, num(&norms[k]));
        }
        let l = forward_loss(
            &mut net,
            &x[rows.start * n_in..rows.end * n_in],
            &y[rows.start * tw..rows.end * tw],
            loss,
            Mode::Train,
        );
        close1(&format!("{name} loss_per_step[{k}]"), l, losses[k]);
        net.backward();
        if k == 0 {
            check_params(&format!("{name} grads_step1"), net.grad(), &case["grads_step1"], &names, abs_for);
        }
        sgd_step(&mut net, &mut opt, cfg.lr());
        if let Some(rm) = case.get("running_mean_after_each_step") {
            close(&format!("{name} running_mean[{k}]"), net.running_mean(), &flat(&rm[k]));
            close(
                &format!("{name} running_var[{k}]"),
                net.running_var(),
                &flat(&case["running_var_after_each_step"][k]),
            );
        }
        if k == 0 {
            let after = case.get("params_after_step1").or_else(|| case.get("state_after_step1")).expect("after step 1");
            check_params(&format!("{name} after step 1"), net.params(), after, &names, abs_for);
        }
    }
    let fin = case.get("final_params").or_else(|| case.get("final_state")).expect("final parameters");
    check_params(&format!("{name} final"), net.params(), fin, &names, abs_for);
    if net.spec().batch_norm {
        close(&format!("{name} final_bn_running_mean"), net.running_mean(), &flat(&case["final_bn_running_mean"]));
        close(&format!("{name} final_bn_running_var"), net.running_var(), &flat(&case["final_bn_running_var"]));
        assert_eq!(net.num_batches_tracked(), case["final_bn_num_batches_tracked"].as_u64().expect("count"));
        let q = flat(&case["eval_query_points"]);
        forward_loss(&mut net, &q, &vec![0.0; q.len() / n_in], loss, Mode::Eval);
        let logits = net.output().to_vec();
        close(&format!("{name} eval_logits"), &logits, &flat(&case["eval_logits"]));
        let probs: Vec<f64> = logits.iter().map(|z| descent::nn::loss::sigmoid(*z)).collect();
        close(&format!("{name} eval_probabilities_sigmoid"), &probs, &flat(&case["eval_probabilities_sigmoid"]));
        let l = forward_loss(&mut net, &x, &y, loss, Mode::Eval);
        close1(&format!("{name} eval_mode_loss_on_training_data"), l, num(&case["eval_mode_loss_on_training_data"]));
    } else {
        let l = forward_loss(&mut net, &x, &y, loss, Mode::Eval);
        close(
            &format!("{name} final_{outputs_key}"),
            net.output(),
            &flat(&case[format!("final_{outputs_key}").as_str()]),
        );
        close1(&format!("{name} final_loss_all_data"), l, num(&case["final_loss_all_data"]));
        if let Some(probs) = case.get("final_probs_all") {
            let k = net.n_outputs();
            let mut p = vec![0.0; net.output().len()];
            for (row, out) in net.output().chunks_exact(k).zip(p.chunks_exact_mut(k)) {
                descent::nn::loss::softmax(row, out);
            }
            close(&format!("{name} final_probs_all"), &p, &flat(probs));
        }
    }
}

#[test]
fn pytorch_nn_cases() {
    let golden = load("gp-nn-golden.json");
    let cases = golden["nn_cases"].as_array().expect("nn_cases");
    assert!(!cases.is_empty());
    for case in cases {
        run_nn_case(case);
    }
}

// ----- the Trainer's loop against the same PyTorch runs -----

use descent::nn::data::{self, Dataset, DatasetKind, Feature, Split, Task};
use descent::nn::trainer::{Part, Stop, Trainer};

/// CSV text of an `nn_cases` entry's X (two columns) and y, with shortest round-trip numbers.
fn case_csv(case: &Json) -> String {
    let x = flat(&case["X"]);
    let y = flat(&case["y"]);
    x.chunks_exact(2).zip(&y).map(|(p, t)| format!("{},{},{}\n", p[0], p[1], t)).collect()
}

fn trainer_json(fields: &str) -> Value {
    Value::from_json(fields).expect("json")
}

/// Run an `nn_cases` entry through `Trainer` (CSV data in file order, no split, no shuffling, its optimizer and
/// batch size), loading torch's initial weights, and compare the epoch losses and final parameters.
fn trainer_case(case: &Json, config: &str, epochs: usize, steps_per_epoch: usize) -> Trainer {
    let name = case["name"].as_str().expect("name");
    let mut cfg = serde_json::from_str::<Json>(config).expect("config");
    cfg["dataset"] = Json::from("csv");
    cfg["csv"] = Json::from(case_csv(case));
    cfg["validation_split"] = Json::from(0.0);
    cfg["test_split"] = Json::from(0.0);
    cfg["shuffle"] = Json::from(false);
    let mut kwargs = case["optimizer_kwargs"].clone();
    kwargs["type"] = case["optimizer"].clone();
    cfg["optimizer"] = kwargs;
    let mut t = Trainer::from_value("network", &trainer_json(&cfg.to_string())).expect("trainer config");
    let names = t.network().torch_names();
    let initial = case.get("initial_params").or_else(|| case.get("initial_state")).expect("initial");
    load_params(t.network_mut(), initial, &names);
    assert_eq!(t.train_epochs(epochs), epochs);
    let losses = flat(&case["loss_per_step"]);
    for (e, m) in t.history().iter().enumerate() {
        let want = losses[e * steps_per_epoch..(e + 1) * steps_per_epoch].iter().sum::<f64>() / steps_per_epoch as f64;
        close1(&format!("{name} trainer epoch {} loss", e + 1), m.loss, want);
    }
    let fin = case.get("final_params").or_else(|| case.get("final_state")).expect("final");
    let abs_for: &[&str] = if t.network().spec().batch_norm { &["0.bias"] } else { &[] };
    check_params(&format!("{name} trainer final"), t.network().params(), fin, &names, abs_for);
    t
}

#[test]
fn trainer_reproduces_pytorch_nn_cases() {
    let golden = load("gp-nn-golden.json");
    let cases = golden["nn_cases"].as_array().expect("nn_cases");
    let by_name =
        |prefix: &str| cases.iter().find(|c| c["name"].as_str().is_some_and(|n| n.starts_with(prefix))).expect("case");

    // nn1: 3 classes, ReLU [8, 8], cross-entropy, SGD momentum, batches of 10 in file order, 3 epochs of 3 batches.
    let c = by_name("nn1");
    let mut t = trainer_case(c, r#"{"layers":[8,8],"activation":"relu","loss":"cross_entropy","batch_size":10}"#, 3, 3);
    let (loss, acc) = t.evaluate_part(Part::Train);
    close1("nn1 final_loss_all_data", loss.expect("loss"), num(&c["final_loss_all_data"]));
    assert!(acc.is_some());

    // nn3: regression, tanh [6], MSE, RMSprop, full batch of 32 for 40 steps.
    let c = by_name("nn3");
    let cfg = r#"{"layers":[6],"activation":"tanh","loss":"mse","batch_size":32,"task":"regression"}"#;
    let mut t = trainer_case(c, cfg, 40, 1);
    close1("nn3 final_loss_all_data", t.evaluate_part(Part::Train).0.expect("loss"), num(&c["final_loss_all_data"]));

    // nn4: BatchNorm, ReLU [8], BCE with logits, SGD, full batch of 24 for 20 steps.
    let c = by_name("nn4");
    let cfg = r#"{"layers":[8],"activation":"relu","loss":"cross_entropy","batch_norm":true,"batch_size":24}"#;
    let mut t = trainer_case(c, cfg, 20, 1);
    close("nn4 trainer running_mean", t.network().running_mean(), &flat(&c["final_bn_running_mean"]));
    close("nn4 trainer running_var", t.network().running_var(), &flat(&c["final_bn_running_var"]));
    close1("nn4 eval loss", t.evaluate_part(Part::Train).0.expect("loss"), num(&c["eval_mode_loss_on_training_data"]));
}

// ----- gradients against finite differences -----

/// Mean loss (+ penalty) at `params`, in training mode (BatchNorm uses the batch statistics).
fn loss_at(
    net: &mut Network,
    params: &[f64],
    x: &[f64],
    t: &[f64],
    loss: Loss,
    penalty: &Penalty,
    ranges: &[Range<usize>],
) -> f64 {
    net.params_mut().copy_from_slice(params);
    forward_loss(net, x, t, loss, Mode::Train) + penalty.value(params, ranges)
}

/// Central differences with step 1e-6 against the analytic gradient, 1e-6 relative (floor 1e-7).
fn check_gradient(spec: &NetworkSpec, loss: Loss, penalty: Penalty, seed: u64) {
    let rows = 7;
    let mut rng = descent::search::Rng::new(seed);
    let mut net = Network::new(spec, rows);
    let p0: Vec<f64> = (0..net.params().len()).map(|_| rng.uniform(-1.0, 1.0)).collect();
    let x: Vec<f64> = (0..rows * net.n_inputs()).map(|_| rng.uniform(-2.0, 2.0)).collect();
    let k = net.n_outputs();
    let t: Vec<f64> = match loss {
        Loss::CrossEntropy => (0..rows).map(|_| rng.below(k) as f64).collect(),
        Loss::BceWithLogits => (0..rows * k).map(|_| rng.below(2) as f64).collect(),
        _ => (0..rows * k).map(|_| rng.uniform(-1.0, 1.0)).collect(),
    };
    let ranges: Vec<Range<usize>> = if penalty.include_bias {
        std::iter::once(0..p0.len()).collect()
    } else {
        net.layout().iter().map(|l| l.weight.clone()).collect()
    };
    loss_at(&mut net, &p0, &x, &t, loss, &penalty, &ranges);
    net.backward();
    let mut analytic = net.grad().to_vec();
    penalty.add_grad(&p0, &mut analytic, &ranges);
    let h = 1e-6;
    for i in 0..p0.len() {
        let mut p = p0.clone();
        p[i] = p0[i] + h;
        let up = loss_at(&mut net, &p, &x, &t, loss, &penalty, &ranges);
        p[i] = p0[i] - h;
        let down = loss_at(&mut net, &p, &x, &t, loss, &penalty, &ranges);
        // formula: dL/dp ~ (L(p + h) - L(p - h)) / 2h
        let fd = (up - down) / (2.0 * h);
        let tol = 1e-6 * fd.abs().max(analytic[i].abs()) + 1e-7;
        assert!(
            (fd - analytic[i]).abs() <= tol,
            "{spec:?} {loss:?} param {i}: analytic {} vs finite difference {fd}",
            analytic[i]
        );
    }
}

#[test]
fn gradients_match_finite_differences() {
    let smooth = [Activation::Tanh, Activation::Sigmoid, Activation::Linear];
    let mut seed = 0;
    for activation in smooth {
        for batch_norm in [false, true] {
            for (sizes, loss) in [
                (vec![2, 5, 3, 1], Loss::BceWithLogits),
                (vec![3, 4, 3], Loss::CrossEntropy),
                (vec![2, 6, 2], Loss::Mse),
                (vec![2, 3, 1], Loss::L1),
            ] {
                seed += 1;
                let spec = NetworkSpec { sizes, activation, batch_norm };
                let penalty = Penalty { l1: 0.01 * (seed % 3) as f64, l2: 0.05, include_bias: seed % 2 == 0 };
                check_gradient(&spec, loss, penalty, seed);
            }
        }
    }
    // ReLU and leaky ReLU: kinks are hit with probability 0 by random inputs.
    for activation in [Activation::Relu, Activation::LeakyRelu] {
        for batch_norm in [false, true] {
            seed += 1;
            check_gradient(
                &NetworkSpec { sizes: vec![2, 8, 8, 3], activation, batch_norm },
                Loss::CrossEntropy,
                Penalty::default(),
                seed,
            );
        }
    }
}

mod properties {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]
        #[test]
        fn tanh_batchnorm_gradients_match_finite_differences(seed in 0u64..1_000_000, width in 1usize..6) {
            let spec = NetworkSpec { sizes: vec![2, width, width, 2], activation: Activation::Tanh, batch_norm: true };
            check_gradient(&spec, Loss::CrossEntropy, Penalty { l1: 0.0, l2: 0.01, include_bias: false }, seed);
        }
    }
}

// ----- data -----

#[test]
fn datasets_have_their_size_and_depend_only_on_the_seed() {
    for name in data::DATASET_NAMES.iter().filter(|n| **n != "csv") {
        let kind = DatasetKind::from_name(name).expect("generated dataset");
        let a = Dataset::generate(kind, 101, 0.1, 7);
        assert_eq!(a.len(), 101, "{name}");
        assert_eq!(a.labels.len(), 101, "{name}");
        assert_eq!(a, Dataset::generate(kind, 101, 0.1, 7), "{name}: same seed, same data");
        assert_ne!(a.points, Dataset::generate(kind, 101, 0.1, 8).points, "{name}: another seed, other data");
        assert!(a.points.iter().flatten().all(|v| v.is_finite() && v.abs() < 20.0), "{name}: points");
        match a.task {
            Task::Classification { classes } => {
                for c in 0..classes {
                    let count = a.labels.iter().filter(|l| **l == c as f64).count();
                    assert!(count >= 101 / classes / 3, "{name}: class {c} has {count} rows");
                }
                assert!(
                    a.labels.iter().all(|l| l.fract() == 0.0 && *l >= 0.0 && *l < classes as f64),
                    "{name}: labels"
                );
            }
            Task::Regression => assert!(a.labels.iter().all(|l| l.is_finite()), "{name}: targets"),
        }
        // noise 0 keeps the clean labels: the circle's inner class lies within radius 2.5
        if kind == DatasetKind::Circle {
            let clean = Dataset::generate(kind, 200, 0.0, 1);
            for (p, l) in clean.points.iter().zip(&clean.labels) {
                let r = p[0].hypot(p[1]);
                assert!(if *l == 1.0 { r <= 2.5 } else { (3.5..=5.0).contains(&r) }, "circle point {p:?} label {l}");
            }
        }
    }
}

#[test]
fn split_sizes_cover_every_row_once() {
    let s = Split::new(200, 0.2, 0.1, 3);
    assert_eq!((s.train.len(), s.validation.len(), s.test.len()), (140, 40, 20)); // 200 * 0.2, 200 * 0.1
    let mut all: Vec<usize> = s.train.iter().chain(&s.validation).chain(&s.test).copied().collect();
    all.sort_unstable();
    assert_eq!(all, (0..200).collect::<Vec<_>>());
    assert_eq!(s, Split::new(200, 0.2, 0.1, 3));
    assert_ne!(s, Split::new(200, 0.2, 0.1, 4));
    assert_eq!(Split::new(5, 0.0, 0.0, 9).train, vec![0, 1, 2, 3, 4]); // no hold-out: file order
}

#[test]
fn features_match_their_formulas() {
    let (x, y) = (0.5, -2.0);
    let mut out = [0.0; 7];
    data::features_into(&Feature::ALL, x, y, &mut out);
    assert_eq!(out, [0.5, -2.0, 0.25, 4.0, -1.0, 0.5f64.sin(), (-2.0f64).sin()]); // x, y, x^2, y^2, xy, sin x, sin y
    for (f, name) in Feature::ALL.iter().zip(data::FEATURE_NAMES) {
        assert_eq!(Feature::from_name(name), Some(*f));
        assert_eq!(f.name(), name);
    }
}

#[test]
fn csv_keeps_good_rows_and_names_bad_lines() {
    let text = "x,y,label\n0.5,1,1\n\n# comment\n1,2\n3,abc,0\n-1,2,0\r\n4,inf,1\n2, 3 ,1\n1,2,3,4\n";
    let parsed = data::parse_csv(text, None);
    assert_eq!(parsed.dataset.points, vec![[0.5, 1.0], [-1.0, 2.0], [2.0, 3.0]]);
    assert_eq!(parsed.dataset.labels, vec![1.0, 0.0, 1.0]);
    assert_eq!(parsed.dataset.task, Task::Classification { classes: 2 });
    let lines: Vec<usize> = parsed.errors.iter().map(|e| e.line).collect();
    assert_eq!(lines, vec![5, 6, 8, 10]);
    assert!(parsed.errors[0].reason.contains("expected 3 values"), "{}", parsed.errors[0]);
    assert!(parsed.errors[1].reason.contains("y is not a number"), "{}", parsed.errors[1]);
    assert!(parsed.errors[2].reason.contains("not finite"), "{}", parsed.errors[2]);
    assert!(parsed.errors[3].reason.contains("found 4"), "{}", parsed.errors[3]);
    assert_eq!(parsed.more_errors, 0);
    // TensorFlow Playground's -1/+1 labels become classes 0/1; real labels make a regression.
    let pm = data::parse_csv("0,0,-1\n1,1,1\n", None);
    assert_eq!((pm.dataset.labels.clone(), pm.dataset.task), (vec![0.0, 1.0], Task::Classification { classes: 2 }));
    assert_eq!(data::parse_csv("0,0,0.5\n1,1,2\n", None).dataset.task, Task::Regression);
    // a forced classification rejects non-class labels by line
    let forced = data::parse_csv("0,0,1\n1,1,0.5\n", Some(Task::Classification { classes: 10 }));
    assert_eq!((forced.dataset.len(), forced.errors[0].line), (1, 2));
    // only the first 100 errors are listed (300 lines, the first one a header: 299 errors)
    let many: String = (0..150).map(|_| "bad\n1,2,x\n").collect();
    let p = data::parse_csv(&many, None);
    assert_eq!((p.errors.len(), p.more_errors), (data::MAX_CSV_ERRORS, 299 - data::MAX_CSV_ERRORS));
}

// ----- the trainer -----

#[test]
fn early_stopping_fires_on_a_plateau_and_restores_the_best_weights() {
    // A learning rate of 1e-12 leaves the loss flat: epoch 1 sets the best value, no later epoch improves by
    // min_delta, so with patience 3 Keras stops after epoch 1 + 3 = 4 (hand-derived from EarlyStopping's rules).
    let cfg = r#"{"dataset":"xor","optimizer":{"type":"SGD","lr":1e-12},"early_stopping":{"patience":3,"min_delta":0.001,"restore_best_weights":true}}"#;
    let mut t = Trainer::from_value("network", &trainer_json(cfg)).expect("config");
    let mut after_first = t.clone();
    after_first.train_epochs(1);
    assert_eq!(t.train_epochs(100), 4);
    assert_eq!(t.stopped(), Some(Stop::EarlyStopping { epoch: 4, best_epoch: 1, restored: true }));
    assert_eq!(t.network().params(), after_first.network().params());
    assert_eq!(t.train_epochs(5), 0, "stays stopped");
    // changing a hyperparameter lets it continue
    let cfg2 = cfg.replace("1e-12", "2e-12");
    assert!(!t.set_config("network", &trainer_json(&cfg2)).expect("config"));
    assert_eq!(t.train_epochs(2), 2);
}

#[test]
fn trainer_learns_the_circle_and_reports_consistent_metrics() {
    let cfg = r#"{"dataset":"circle","n_samples":300,"noise":0.05,"features":["x","y","x2","y2"],"layers":[4],
                  "optimizer":{"type":"Adam","lr":0.03},"seed":1}"#;
    let mut t = Trainer::from_value("network", &trainer_json(cfg)).expect("config");
    t.train_epochs(60);
    let last = t.history().last().expect("history").clone();
    assert_eq!((last.epoch, t.epoch()), (60, 60));
    assert_eq!(last.steps, 60 * 18); // 180 training rows in batches of 10
    assert!(last.val_accuracy.expect("val") > 0.9, "{last:?}");
    assert!(last.test_accuracy.expect("test") > 0.9, "{last:?}");
    // the confusion matrix agrees with the accuracy
    let cm = t.confusion_matrix(Part::Test);
    let total: u64 = cm.iter().sum();
    assert_eq!(total as usize, t.split().test.len());
    close1(
        "test accuracy from the confusion matrix",
        (cm[0] + cm[3]) as f64 / total as f64,
        last.test_accuracy.expect("test"),
    );
    let (val_loss, _) = t.evaluate_part(Part::Validation);
    assert_eq!(val_loss, last.val_loss);
}

#[test]
fn grids_show_the_networks_values_at_pixel_centres() {
    let cfg = r#"{"dataset":"blobs","features":["x","y","xy"],"layers":[3],"batch_norm":true,"seed":4}"#;
    let mut t = Trainer::from_value("network", &trainer_json(cfg)).expect("config");
    t.train_epochs(3);
    let view = descent::surface::ViewBox::new(-6.0, 6.0, -3.0, 3.0);
    let (w, h) = (4, 3);
    assert_eq!(t.grid_channels(), 3);
    let mut probs = vec![0.0; w * h * 3];
    t.predict_grid(&view, w, h, &mut probs).expect("grid");
    let mut neurons = vec![0.0; t.neuron_count() * w * h];
    t.neuron_grids(&view, w, h, &mut neurons).expect("grid");
    // pixel (1, 2): x = -6 + 1.5 * 3 = -1.5, y = 3 - 2.5 * 2 = -2
    let p = 2 * w + 1;
    assert_eq!((neurons[p], neurons[w * h + p], neurons[2 * w * h + p]), (-1.5, -2.0, 3.0));
    // the output planes are the logits; picture_grid is their softmax (both the picture forward pass)
    let first_out = t.neuron_count() - 3;
    let logits: Vec<f64> = (0..3).map(|c| neurons[(first_out + c) * w * h + p]).collect();
    let mut soft = [0.0; 3];
    descent::nn::loss::softmax(&logits, &mut soft);
    let mut picture = vec![0.0; w * h * 3];
    t.picture_grid(&view, w, h, &mut picture).expect("grid");
    close("softmax of the output planes", &picture[p * 3..p * 3 + 3], &soft);
    // the picture's single-precision tanh moves the probabilities by about 1e-7, never more than 1e-6
    close_abs("picture vs exact grid", &picture, &probs, 0.0, 1e-6);
    assert!(picture != probs, "the picture pass is the cheaper one (tanh units)");
    let mut one = vec![0.0; w * h];
    t.neuron_grid(1, 2, &view, w, h, &mut one).expect("grid");
    assert_eq!(one[p], neurons[(3 + 2) * w * h + p]);
    // bad requests are errors, not panics
    assert!(t.predict_grid(&view, w, h, &mut probs[..5]).is_err());
    assert!(t.predict_grid(&view, 0, h, &mut probs).is_err());
    assert!(t.neuron_grid(9, 0, &view, w, h, &mut one).is_err());
}

#[test]
fn set_config_keeps_weights_for_hyperparameters_and_resets_for_shape() {
    let base = r#"{"dataset":"moons","optimizer":{"type":"SGD","lr":0.1,"momentum":0.9}}"#;
    let mut t = Trainer::from_value("network", &trainer_json(base)).expect("config");
    t.train_epochs(2);
    let before = t.network().params().to_vec();
    let changed = r#"{"dataset":"moons","optimizer":{"type":"SGD","lr":0.01,"momentum":0.5},"l2":0.01,"batch_size":4,"loss":"mse"}"#;
    assert!(!t.set_config("network", &trainer_json(changed)).expect("config"));
    assert_eq!(t.network().params(), &before[..]);
    assert_eq!((t.epoch(), t.lr()), (2, 0.01));
    t.train_epochs(1);
    assert_eq!(t.history().len(), 3);
    assert!(t.set_config("network", &trainer_json(r#"{"dataset":"moons","layers":[3]}"#)).expect("config"));
    assert_eq!((t.epoch(), t.history().len()), (0, 0));
    // an invalid config changes nothing
    let e = t.set_config("network", &trainer_json(r#"{"dataset":"moons","layers":[0]}"#)).expect_err("invalid");
    assert_eq!(e.path, "network.layers[0]");
    assert_eq!(t.network().sizes(), &[2, 3, 1]);
}

#[test]
fn weight_decay_l2_penalty_and_adamw_are_three_different_things() {
    let run = |extra: &str| {
        let cfg = format!(r#"{{"dataset":"gauss","seed":2,"shuffle":false,{extra}}}"#);
        let mut t = Trainer::from_value("network", &trainer_json(&cfg)).expect("config");
        t.train_epochs(3);
        t.network().params().to_vec()
    };
    let plain = run(r#""optimizer":{"type":"Adam","lr":0.01}"#);
    let wd = run(r#""optimizer":{"type":"Adam","lr":0.01,"weight_decay":0.1}"#);
    let adamw = run(r#""optimizer":{"type":"AdamW","lr":0.01,"weight_decay":0.1}"#);
    let l2 = run(r#""optimizer":{"type":"Adam","lr":0.01},"l2":0.05"#);
    let l2_all = run(r#""optimizer":{"type":"Adam","lr":0.01},"l2":0.05,"regularize_bias":true"#);
    for (a, b) in [(&plain, &wd), (&wd, &adamw), (&wd, &l2), (&l2, &l2_all)] {
        assert!(a.iter().zip(b).any(|(x, y)| (x - y).abs() > 1e-9));
    }
    // torch's weight_decay wd is the penalty (wd/2)||theta||^2 on every parameter (coupled L2, see misc cases)
    close_abs("Adam weight_decay = l2 penalty on all parameters", &wd, &l2_all, 1e-9, 1e-12);
}

#[test]
fn trainer_config_errors_name_the_field() {
    let path = |json: &str| Trainer::from_value("network", &trainer_json(json)).expect_err(json).path;
    assert_eq!(path(r#"{"layer":[4]}"#), "network.layer");
    assert_eq!(path(r#"{"features":["x","z"]}"#), "network.features[1]");
    assert_eq!(path(r#"{"features":["x","x"]}"#), "network.features[1]");
    assert_eq!(path(r#"{"batch_norm":true,"batch_size":1}"#), "network.batch_size");
    assert_eq!(path(r#"{"dataset":"sine","loss":"cross_entropy"}"#), "network.loss");
    assert_eq!(path(r#"{"validation_split":0.5,"test_split":0.5}"#), "network.test_split");
    assert_eq!(path(r#"{"validation_split":0,"early_stopping":{}}"#), "network.early_stopping.monitor");
    assert_eq!(path(r#"{"optimizer":{"type":"Adam","lr":-1}}"#), "network.optimizer.lr");
    assert_eq!(path(r#"{"dataset":"csv"}"#), "network.csv");
    assert_eq!(path(r#"{"dataset":"csv","csv":"a,b,c\n1,2"}"#), "network.csv");
    assert_eq!(path(r#"{"csv":"1,2,3"}"#), "network.csv");
    assert_eq!(path(r#"{"n_samples":1e9}"#), "network.n_samples");
    assert_eq!(path(r#"{"noise":NaN}"#), "network.noise");
    assert_eq!(
        path(r#"{"schedule":{"type":"StepLR"}}"#).split('.').take(2).collect::<Vec<_>>(),
        ["network", "schedule"]
    );
}

#[test]
fn a_diverging_run_stops_with_a_value() {
    let cfg = r#"{"dataset":"plane","layers":[8,8],"activation":"relu","optimizer":{"type":"SGD","lr":1000}}"#;
    let mut t = Trainer::from_value("network", &trainer_json(cfg)).expect("config");
    let ran = t.train_epochs(50);
    assert!(ran < 50);
    assert!(matches!(t.stopped(), Some(Stop::Diverged { .. })), "{:?}", t.stopped());
}

#[test]
fn a_schedule_drives_the_learning_rate() {
    // StepLR(step_size=2, gamma=0.5) stepped once per epoch: lr 0.1, 0.1, 0.05, 0.05, 0.025 (hand-derived)
    let cfg = r#"{"dataset":"xor","optimizer":{"type":"SGD","lr":0.1},"schedule":{"type":"StepLR","step_size":2,"gamma":0.5}}"#;
    let mut t = Trainer::from_value("network", &trainer_json(cfg)).expect("config");
    t.train_epochs(5);
    let lrs: Vec<f64> = t.history().iter().map(|m| m.lr).collect();
    assert_eq!(lrs, vec![0.1, 0.1, 0.05, 0.05, 0.025]);
}

#[test]
fn the_three_ways_to_fill_the_input_agree_row_by_row() {
    let spec = NetworkSpec { sizes: vec![2, 3, 2], activation: Activation::Tanh, batch_norm: false };
    let mut net = Network::new(&spec, 4);
    let mut rng = descent::search::Rng::new(11);
    for p in net.params_mut() {
        *p = rng.uniform(-1.0, 1.0);
    }
    let x = [0.5, -1.0, 2.0, 0.25, -0.75, 1.5]; // three rows (x, y)
    net.input_mut(3).copy_from_slice(&x);
    let row_major = net.forward(3, Mode::Eval).to_vec();
    net.set_input(&x);
    let set = net.forward(3, Mode::Eval).to_vec();
    let by_unit = net.input_by_unit_mut(3);
    by_unit.copy_from_slice(&[0.5, 2.0, -0.75, -1.0, 0.25, 1.5]); // the x column, then the y column
    let unit = net.forward(3, Mode::Eval).to_vec();
    let mut one_by_one = Vec::new();
    for row in x.chunks_exact(2) {
        net.set_input(row);
        one_by_one.extend_from_slice(net.forward(1, Mode::Eval));
    }
    assert_eq!(row_major, one_by_one);
    assert_eq!(set, one_by_one);
    assert_eq!(unit, one_by_one);
}
