//! Points added and removed by hand (`points`, `removed` in a trainer config): the rows, their split and origins,
//! the weights kept when only the edits change, and the errors that name the field.

use descent::config::Value;
use descent::nn::edits::RowOrigin;
use descent::nn::Trainer;

fn cfg(extra: &str) -> Value {
    let base = r#""dataset":"gauss","n_samples":40,"layers":[3],"seed":1,"data_seed":2"#;
    let text = if extra.is_empty() { format!("{{{base}}}") } else { format!("{{{base},{extra}}}") };
    Value::from_json(&text).expect("json")
}

fn trainer(extra: &str) -> Trainer {
    Trainer::from_value("", &cfg(extra)).expect("config")
}

#[test]
fn added_points_join_the_training_rows_without_a_reset() {
    let mut t = trainer("");
    t.train_epochs(3);
    let weights = t.network().params().to_vec();
    let train = t.split().train.len();
    let reset = t.set_config("", &cfg(r#""points":[[-5,5,1],[4.5,-4,0]]"#)).expect("edits");
    assert!(!reset, "only the edits changed: the weights stay");
    assert_eq!(t.network().params(), &weights[..]);
    assert_eq!(t.epoch(), 3);
    let d = t.dataset();
    assert_eq!(d.len(), 42);
    assert_eq!(d.points[40], [-5.0, 5.0]);
    assert_eq!(d.labels[41], 0.0);
    assert_eq!(t.split().train.len(), train + 2);
    assert!(t.split().train.contains(&40) && t.split().train.contains(&41));
    assert_eq!(t.origins()[40], RowOrigin::Added(0));
    assert_eq!(t.origins()[0], RowOrigin::Data(0));
    // Training goes on over the new rows.
    assert_eq!(t.train_epochs(2), 2);
    assert_eq!(t.epoch(), 5);
}

#[test]
fn removed_rows_leave_their_part() {
    let full = trainer("");
    let gone = [full.dataset().points[0], full.dataset().points[7]];
    let t = trainer(r#""removed":[7,0,7]"#);
    assert_eq!(t.dataset().len(), 38);
    let parts = t.split().train.len() + t.split().validation.len() + t.split().test.len();
    assert_eq!(parts, 38);
    for p in gone {
        assert!(!t.dataset().points.contains(&p), "a removed point is gone");
    }
    assert_eq!(t.origins()[0], RowOrigin::Data(1));
    assert_eq!(t.origins()[6], RowOrigin::Data(8));
    // The kept rows keep their part: a row's part is the same as without the edit.
    for (row, origin) in t.origins().iter().enumerate() {
        let RowOrigin::Data(i) = *origin else { continue };
        assert_eq!(t.split().test.contains(&row), full.split().test.contains(&i));
        assert_eq!(t.split().validation.contains(&row), full.split().validation.contains(&i));
    }
}

#[test]
fn edits_made_at_once_or_step_by_step_give_the_same_data() {
    let edits = r#""points":[[1,1,1],[2,-3,0]],"removed":[3,10]"#;
    let at_once = trainer(edits);
    let mut stepwise = trainer(r#""points":[[1,1,1]]"#);
    assert!(!stepwise.set_config("", &cfg(edits)).expect("edits"));
    assert_eq!(at_once.dataset(), stepwise.dataset());
    assert_eq!(at_once.split(), stepwise.split());
    assert_eq!(at_once.origins(), stepwise.origins());
    // Taking the edits back restores the generated rows.
    assert!(!stepwise.set_config("", &cfg("")).expect("no edits"));
    assert_eq!(stepwise.dataset(), trainer("").dataset());
}

#[test]
fn regression_points_take_any_finite_target() {
    let v = Value::from_json(r#"{"dataset":"sine","n_samples":30,"points":[[0,0,2.5]]}"#).expect("json");
    let t = Trainer::from_value("", &v).expect("config");
    assert_eq!(t.dataset().labels[30], 2.5);
}

#[test]
fn bad_edits_are_named_and_change_nothing() {
    let err = |extra: &str| Trainer::from_value("", &cfg(extra)).expect_err("an error").to_string();
    assert!(err(r#""points":[[0,0,2]]"#).starts_with("points[0][2] = 2 is not allowed: expected a class from 0 to 1"));
    assert!(err(r#""points":[[0,0,0.5]]"#).starts_with("points[0][2] = 0.5"));
    assert!(err(r#""points":[[0,1e9,0]]"#).starts_with("points[0][1] = 1000000000"));
    assert!(err(r#""points":[[0,0]]"#).starts_with("points[0] = an array of 2 items"));
    assert!(err(r#""points":{"x":1}"#).starts_with("points = an object"));
    assert!(err(r#""removed":[40]"#).starts_with("removed[0] = 40 is not allowed: expected a row number below 40"));
    assert!(err(r#""removed":[-1]"#).starts_with("removed[0] = -1"));
    let every: Vec<String> = (0..40).map(|i| i.to_string()).collect();
    assert!(err(&format!(r#""removed":[{}]"#, every.join(","))).starts_with("removed = "));
    // A rejected edit mid-run leaves everything as it was.
    let mut t = trainer(r#""points":[[0,0,1]]"#);
    t.train_epochs(1);
    let before = (t.dataset().clone(), t.network().params().to_vec());
    assert!(t.set_config("", &cfg(r#""points":[[0,0,7]]"#)).is_err());
    assert_eq!(t.dataset(), &before.0);
    assert_eq!(t.network().params(), &before.1[..]);
}
