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
            let renamed = rename.iter().find(|(_, ours)| n.starts_with(&format!("{ours}."))).map(|(theirs, ours)| n.replacen(ours, theirs, 1));
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
    let rows = x.len() / net.n_inputs();
    net.input_mut(rows).copy_from_slice(x);
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
        assert!(case["model"].as_str().expect("model").starts_with("Linear(2,4) -> Tanh -> Linear(4,1)"), "{id}: model");
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
                check_params(&format!("{id} weights_after_step_1"), net.params(), &case["weights_after_step_1"], &names, &[]);
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
    let cases: Vec<&Json> = golden["misc"].as_array().expect("misc").iter().filter(|c| c["kind"] == "regularized_loss").collect();
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
            ("explicit_penalty_0.5*wd*||w||^2", optimizer(name, &without_wd), Penalty { l2: 0.5 * wd, ..Penalty::default() }),
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
    let case = golden["misc"].as_array().expect("misc").iter().find(|c| c["kind"] == "batch_norm").expect("batch_norm case");
    let width = case["params"]["num_features"].as_u64().expect("num_features") as usize;
    let eps = num(&case["params"]["eps"]);
    let momentum = num(&case["params"]["momentum"]);
    assert_eq!((eps, momentum), (BN_EPS, BN_MOMENTUM), "the network's BatchNorm constants are torch's defaults");
    let x = flat(&case["input"]);
    let gamma = flat(&case["gamma"]);
    let beta = flat(&case["beta"]);
    let mut rm = flat(&case["initial_running_mean"]);
    let mut rv = flat(&case["initial_running_var"]);
    let mut y = x.clone();
    let mut xhat = vec![0.0; x.len()];
    let mut inv_std = vec![0.0; width];
    network::batch_norm_train(&mut y, width, &gamma, &beta, &mut xhat, &mut inv_std, &mut rm, &mut rv, eps, momentum);
    close("output", &y, &flat(&case["output"]));
    close("running_mean_after", &rm, &flat(&case["running_mean_after"]));
    close("running_var_after", &rv, &flat(&case["running_var_after"]));
    let mut d = flat(&case["upstream_grad"]);
    let mut gg = vec![0.0; width];
    let mut gb = vec![0.0; width];
    network::batch_norm_train_backward(&mut d, width, &gamma, &xhat, &inv_std, &mut gg, &mut gb);
    close("grad_input", &d, &flat(&case["grad_input"]));
    close("grad_gamma", &gg, &flat(&case["grad_gamma"]));
    close("grad_beta", &gb, &flat(&case["grad_beta"]));
    let mut e = x.clone();
    network::batch_norm_eval(&mut e, width, &gamma, &beta, &mut xhat, &mut inv_std, &rm, &rv, eps);
    close("eval_output_with_updated_running_stats", &e, &flat(&case["eval_output_with_updated_running_stats"]));
}

/// The network of an `nn_cases` entry: its layer sizes from the architecture lines, activation, BatchNorm.
fn case_network(case: &Json, rows: usize) -> Network {
    let arch: Vec<&str> = case["architecture"].as_array().expect("architecture").iter().map(|a| a.as_str().expect("line")).collect();
    let mut sizes = Vec::new();
    let mut activation = Activation::Linear;
    let mut batch_norm = false;
    for line in &arch {
        if let Some(args) = line.split("Linear(").nth(1) {
            let dims: Vec<usize> = args.split(')').next().expect("dims").split(',').map(|d| d.trim().parse().expect("dim")).collect();
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
        let l = forward_loss(&mut net, &x[rows.start * n_in..rows.end * n_in], &y[rows.start * tw..rows.end * tw], loss, Mode::Train);
        close1(&format!("{name} loss_per_step[{k}]"), l, losses[k]);
        net.backward();
        if k == 0 {
            check_params(&format!("{name} grads_step1"), net.grad(), &case["grads_step1"], &names, abs_for);
        }
        sgd_step(&mut net, &mut opt, cfg.lr());
        if let Some(rm) = case.get("running_mean_after_each_step") {
            close(&format!("{name} running_mean[{k}]"), net.running_mean(), &flat(&rm[k]));
            close(&format!("{name} running_var[{k}]"), net.running_var(), &flat(&case["running_var_after_each_step"][k]));
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
        close(&format!("{name} final_{outputs_key}"), net.output(), &flat(&case[format!("final_{outputs_key}").as_str()]));
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
