//! Points added and removed by hand: the `points` and `removed` fields of a trainer config.
//!
//! The playground lets a learner click to add a point of a chosen class (or target) and to remove points. The edits
//! are part of the config, so they travel with a link, and they are applied to the generated (or CSV) rows and
//! their train/validation/test split without touching the network: [`crate::nn::Trainer::set_config`] keeps the
//! weights when only the edits change. Added points join the training rows (they are what the learner wants the
//! network to fit); a removed row leaves whichever part it was in.

use crate::config::{self, ConfigResult, Obj, Range, Value};
use crate::nn::data::{Dataset, Split, Task, MAX_SAMPLES};

/// Most points that can be added.
pub const MAX_ADDED: usize = 2000;

/// Largest |x| or |y| of an added point (the data lie within radius 5).
pub const MAX_COORDINATE: f64 = 1e6;

/// Where a row of the trainer's data comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RowOrigin {
    /// Row `i` of the generated or CSV data.
    Data(usize),
    /// The `k`-th added point.
    Added(usize),
}

/// The `points` (`[[x, y, label], ...]`) and `removed` (row numbers of the generated or CSV data) of a config.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct PointEdits {
    /// Added rows `[x, y, label]`, in order.
    pub added: Vec<[f64; 3]>,
    /// Removed row numbers, sorted, without repeats.
    pub removed: Vec<usize>,
}

impl PointEdits {
    /// Read `points` and `removed` from a config object (both optional, empty by default).
    pub fn from_obj(o: &Obj<'_>) -> ConfigResult<PointEdits> {
        let mut added = Vec::new();
        if let Some(v) = o.get("points") {
            let path = o.field_path("points");
            let allowed = format!("an array of at most {MAX_ADDED} points [x, y, label]");
            let Value::Arr(items) = v else { return config::err(&path, v.describe(), allowed) };
            if items.len() > MAX_ADDED {
                return config::err(&path, v.describe(), allowed);
            }
            for (i, item) in items.iter().enumerate() {
                let p = format!("{path}[{i}]");
                match item {
                    Value::Arr(xyl) if xyl.len() == 3 => {
                        let coord = Range::Closed(-MAX_COORDINATE, MAX_COORDINATE);
                        added.push([
                            config::number(&format!("{p}[0]"), &xyl[0], coord)?,
                            config::number(&format!("{p}[1]"), &xyl[1], coord)?,
                            config::number(&format!("{p}[2]"), &xyl[2], Range::Any)?,
                        ]);
                    }
                    other => return config::err(&p, other.describe(), "a point [x, y, label]"),
                }
            }
        }
        let mut removed: Vec<usize> = match o.get("removed") {
            Some(_) => o
                .ints("removed", None, 0, MAX_SAMPLES as i64 - 1, MAX_SAMPLES)?
                .into_iter()
                .map(|i| i as usize)
                .collect(),
            None => Vec::new(),
        };
        removed.sort_unstable();
        removed.dedup();
        Ok(PointEdits { added, removed })
    }

    /// Whether there is nothing to change.
    pub fn is_empty(&self) -> bool {
        self.added.is_empty() && self.removed.is_empty()
    }

    /// The edited rows and split: the base rows that are kept (in order, each in its part), then the added points
    /// (training rows), and where each row came from. `path` names the config in errors: a removed row number
    /// beyond the data, or an added label that is not one of the classes.
    pub fn apply(&self, base: &Dataset, split: &Split, path: &str) -> ConfigResult<(Dataset, Split, Vec<RowOrigin>)> {
        let n = base.len();
        if let Some(i) = self.removed.iter().position(|&r| r >= n) {
            return config::err(
                &format!("{}[{i}]", config::join(path, "removed")),
                self.removed[i].to_string(),
                format!("a row number below {n} (the number of rows of the data)"),
            );
        }
        if let Task::Classification { classes } = base.task {
            for (k, p) in self.added.iter().enumerate() {
                let label = p[2];
                if label.fract() != 0.0 || label < 0.0 || label >= classes as f64 {
                    return config::err(
                        &format!("{}[{k}][2]", config::join(path, "points")),
                        config::fmt_num(label),
                        format!("a class from 0 to {}", classes - 1),
                    );
                }
            }
        }
        if n - self.removed.len() + self.added.len() > MAX_SAMPLES {
            return config::err(
                &config::join(path, "points"),
                format!("{} points added to {} rows", self.added.len(), n - self.removed.len()),
                format!("at most {MAX_SAMPLES} rows in all"),
            );
        }
        // formula: new_index[i] = i - (removed rows before i), or none for a removed row
        let mut new_index = vec![None; n];
        let mut data = Dataset { points: Vec::new(), labels: Vec::new(), task: base.task };
        let mut origins = Vec::new();
        let mut next_removed = self.removed.iter().peekable();
        for (i, slot) in new_index.iter_mut().enumerate() {
            if next_removed.peek() == Some(&&i) {
                next_removed.next();
                continue;
            }
            *slot = Some(data.points.len());
            data.points.push(base.points[i]);
            data.labels.push(base.labels[i]);
            origins.push(RowOrigin::Data(i));
        }
        let remap = |rows: &[usize]| -> Vec<usize> {
            rows.iter().filter_map(|&i| new_index.get(i).copied().flatten()).collect()
        };
        let mut edited =
            Split { train: remap(&split.train), validation: remap(&split.validation), test: remap(&split.test) };
        for (k, p) in self.added.iter().enumerate() {
            edited.train.push(data.points.len());
            data.points.push([p[0], p[1]]);
            data.labels.push(p[2]);
            origins.push(RowOrigin::Added(k));
        }
        Ok((data, edited, origins))
    }
}
