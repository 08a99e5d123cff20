//! The one config schema: a small dynamic value tree and a path-aware reader over it.
//!
//! Every config that reaches the core (from the JS API, an element attribute, the URL, a lesson) arrives as a
//! [`Value`] and is read field by field with [`Obj`], so that any mistake becomes a [`ConfigError`] naming the
//! field path, the value seen and what is allowed ("optimizer.betas[1] = 1.5: expected a number in [0, 1)").
//! Names follow PyTorch / Keras / scikit-learn keyword arguments, and `type` names the class.
//!
//! Serde fills [`Value`] from JS (serde-wasm-bindgen) or JSON (tests) without losing NaN or infinities, which a
//! `serde_json::Value` would silently turn into `null`.

use serde::de::{Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use std::fmt;

/// A dynamic config value, as JSON would have it, but keeping non-finite numbers so they can be rejected by name.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    /// `null` or `undefined`.
    Null,
    /// `true` / `false`.
    Bool(bool),
    /// Any number, NaN and infinities included (they are rejected by the reader, with the field's name).
    Num(f64),
    /// A string.
    Str(String),
    /// An array.
    Arr(Vec<Value>),
    /// An object, keys in the order given.
    Obj(Vec<(String, Value)>),
}

/// A config mistake: which field, what it held, and what is allowed there.
#[derive(Clone, Debug, PartialEq)]
pub struct ConfigError {
    /// Field path, e.g. `optimizer.betas[1]`.
    pub path: String,
    /// Short description of the value seen, e.g. `1.5`, `"Adm"`, `missing`.
    pub value: String,
    /// What would have been accepted.
    pub allowed: String,
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The root of a config has no field name of its own.
        let path = if self.path.is_empty() { "config" } else { self.path.as_str() };
        if self.value == "missing" {
            write!(f, "{path} is missing: expected {}", self.allowed)
        } else {
            write!(f, "{path} = {} is not allowed: expected {}", self.value, self.allowed)
        }
    }
}

impl std::error::Error for ConfigError {}

/// Result of reading a config.
pub type ConfigResult<T> = Result<T, ConfigError>;

impl Value {
    /// A short, bounded description of the value for error messages (never the whole tree).
    pub fn describe(&self) -> String {
        match self {
            Value::Null => "null".into(),
            Value::Bool(b) => b.to_string(),
            Value::Num(x) => fmt_num(*x),
            Value::Str(s) => {
                let short: String = s.chars().take(40).collect();
                if short.len() < s.len() {
                    format!("\"{short}…\"")
                } else {
                    format!("\"{short}\"")
                }
            }
            Value::Arr(a) => format!("an array of {} items", a.len()),
            Value::Obj(_) => "an object".into(),
        }
    }

    /// Parse JSON text (used by tests and by the URL/attribute layer in native code).
    pub fn from_json(text: &str) -> Result<Value, String> {
        let mut p = JsonParser { s: text.as_bytes(), i: 0 };
        let v = p.value()?;
        p.ws();
        if p.i != p.s.len() {
            return Err(format!("unexpected text at byte {}", p.i));
        }
        Ok(v)
    }

    /// Field `key` of an object value.
    pub fn get(&self, key: &str) -> Option<&Value> {
        match self {
            Value::Obj(fields) => fields.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }
}

/// Format a number the way a user would type it.
pub fn fmt_num(x: f64) -> String {
    if x.is_nan() {
        "NaN".into()
    } else if x.is_infinite() {
        if x > 0.0 { "Infinity".into() } else { "-Infinity".into() }
    } else {
        format!("{x}")
    }
}

/// The choice closest to `typed` when it is a likely typo: the same letters in another case, or at most two
/// edits away (Levenshtein distance).
pub fn suggest<'c>(typed: &str, choices: &[&'c str]) -> Option<&'c str> {
    if typed.is_empty() || typed.len() > 64 {
        return None;
    }
    if let Some(c) = choices.iter().find(|c| c.eq_ignore_ascii_case(typed)) {
        return Some(c);
    }
    let lower = typed.to_ascii_lowercase();
    choices
        .iter()
        .map(|c| (edit_distance(&lower, &c.to_ascii_lowercase()), *c))
        .filter(|(d, c)| *d <= 2 && *d < c.len() / 2 + 1)
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

/// Levenshtein distance between two short strings.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            cur[j + 1] = (prev[j] + usize::from(ca != *cb)).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

/// A path-aware view of one object in the config tree.
#[derive(Clone, Copy, Debug)]
pub struct Obj<'a> {
    path: &'a str,
    fields: &'a [(String, Value)],
}

/// Allowed range of a number, for messages and checks.
#[derive(Clone, Copy, Debug)]
pub enum Range {
    /// Any finite number.
    Any,
    /// `lo <= x <= hi`.
    Closed(f64, f64),
    /// `lo <= x < hi`.
    ClosedOpen(f64, f64),
    /// `lo < x <= hi`.
    OpenClosed(f64, f64),
    /// `lo < x < hi`.
    Open(f64, f64),
    /// `x >= lo`.
    AtLeast(f64),
    /// `x > lo`.
    Above(f64),
}

impl Range {
    fn contains(self, x: f64) -> bool {
        match self {
            Range::Any => true,
            Range::Closed(lo, hi) => x >= lo && x <= hi,
            Range::ClosedOpen(lo, hi) => x >= lo && x < hi,
            Range::OpenClosed(lo, hi) => x > lo && x <= hi,
            Range::Open(lo, hi) => x > lo && x < hi,
            Range::AtLeast(lo) => x >= lo,
            Range::Above(lo) => x > lo,
        }
    }

    /// Human description, e.g. `a number in [0, 1)`.
    pub fn describe(self) -> String {
        let n = fmt_num;
        match self {
            Range::Any => "a finite number".into(),
            Range::Closed(lo, hi) => format!("a number in [{}, {}]", n(lo), n(hi)),
            Range::ClosedOpen(lo, hi) => format!("a number in [{}, {})", n(lo), n(hi)),
            Range::OpenClosed(lo, hi) => format!("a number in ({}, {}]", n(lo), n(hi)),
            Range::Open(lo, hi) => format!("a number in ({}, {})", n(lo), n(hi)),
            Range::AtLeast(lo) => format!("a number >= {}", n(lo)),
            Range::Above(lo) => format!("a number > {}", n(lo)),
        }
    }
}

/// Build an error at `path`.
pub fn err<T>(path: &str, value: impl Into<String>, allowed: impl Into<String>) -> ConfigResult<T> {
    Err(ConfigError { path: path.to_string(), value: value.into(), allowed: allowed.into() })
}

/// Join a parent path and a key.
pub fn join(path: &str, key: &str) -> String {
    if path.is_empty() { key.to_string() } else { format!("{path}.{key}") }
}

/// Read `v` as a finite number in `range`.
pub fn number(path: &str, v: &Value, range: Range) -> ConfigResult<f64> {
    match v {
        Value::Num(x) if x.is_finite() && range.contains(*x) => Ok(*x),
        other => err(path, other.describe(), range.describe()),
    }
}

/// Read `v` as a whole number in `[lo, hi]`.
pub fn integer(path: &str, v: &Value, lo: i64, hi: i64) -> ConfigResult<i64> {
    let allowed = format!("a whole number in [{lo}, {hi}]");
    match v {
        Value::Num(x) if x.is_finite() && x.fract() == 0.0 && *x >= lo as f64 && *x <= hi as f64 => Ok(*x as i64),
        other => err(path, other.describe(), allowed),
    }
}

/// Read `v` as an object.
pub fn object<'a>(path: &'a str, v: &'a Value) -> ConfigResult<Obj<'a>> {
    match v {
        Value::Obj(fields) => Ok(Obj { path, fields }),
        other => err(path, other.describe(), "an object"),
    }
}

impl<'a> Obj<'a> {
    /// The path of this object.
    pub fn path(&self) -> &'a str {
        self.path
    }

    /// Path of one of its fields.
    pub fn field_path(&self, key: &str) -> String {
        join(self.path, key)
    }

    /// Raw field, `None` when absent or `null`/`undefined`.
    pub fn get(&self, key: &str) -> Option<&'a Value> {
        self.fields.iter().find(|(k, _)| k == key).map(|(_, v)| v).filter(|v| **v != Value::Null)
    }

    /// Reject keys not in `known` (a typo such as `beta1` for `betas` must not pass silently).
    pub fn only(&self, known: &[&str]) -> ConfigResult<()> {
        for (k, v) in self.fields {
            if !known.contains(&k.as_str()) {
                let mut allowed = match suggest(k, known) {
                    Some(near) => format!("\"{near}\" (did you mean it?), or one of the fields "),
                    None => String::from("one of the fields "),
                };
                allowed.push_str(&known.join(", "));
                return err(&self.field_path(k), format!("{} (unknown field)", v.describe()), allowed);
            }
        }
        Ok(())
    }

    /// Required string field, one of `choices`.
    pub fn choice(&self, key: &str, choices: &[&str], default: Option<&str>) -> ConfigResult<String> {
        let path = self.field_path(key);
        let allowed = format!("one of {}", choices.iter().map(|c| format!("\"{c}\"")).collect::<Vec<_>>().join(", "));
        match (self.get(key), default) {
            (None, Some(d)) => Ok(d.to_string()),
            (None, None) => err(&path, "missing", allowed),
            (Some(Value::Str(s)), _) if choices.contains(&s.as_str()) => Ok(s.clone()),
            (Some(v @ Value::Str(s)), _) => match suggest(s, choices) {
                Some(near) => err(&path, v.describe(), format!("\"{near}\" (did you mean it?), or {allowed}")),
                None => err(&path, v.describe(), allowed),
            },
            (Some(v), _) => err(&path, v.describe(), allowed),
        }
    }

    /// Number field with a default (`None` = required).
    pub fn num(&self, key: &str, default: Option<f64>, range: Range) -> ConfigResult<f64> {
        let path = self.field_path(key);
        match (self.get(key), default) {
            (None, Some(d)) => Ok(d),
            (None, None) => err(&path, "missing", range.describe()),
            (Some(v), _) => number(&path, v, range),
        }
    }

    /// Whole-number field with a default (`None` = required).
    pub fn int(&self, key: &str, default: Option<i64>, lo: i64, hi: i64) -> ConfigResult<i64> {
        let path = self.field_path(key);
        match (self.get(key), default) {
            (None, Some(d)) => Ok(d),
            (None, None) => err(&path, "missing", format!("a whole number in [{lo}, {hi}]")),
            (Some(v), _) => integer(&path, v, lo, hi),
        }
    }

    /// Boolean field with a default.
    pub fn flag(&self, key: &str, default: bool) -> ConfigResult<bool> {
        match self.get(key) {
            None => Ok(default),
            Some(Value::Bool(b)) => Ok(*b),
            Some(v) => err(&self.field_path(key), v.describe(), "true or false"),
        }
    }

    /// Array of numbers, each in `range`, with a length in `[min_len, max_len]`.
    pub fn nums(&self, key: &str, default: Option<&[f64]>, range: Range, min_len: usize, max_len: usize) -> ConfigResult<Vec<f64>> {
        let path = self.field_path(key);
        let allowed = format!("an array of {min_len} to {max_len} numbers, each {}", range.describe());
        match (self.get(key), default) {
            (None, Some(d)) => Ok(d.to_vec()),
            (None, None) => err(&path, "missing", allowed),
            (Some(Value::Arr(items)), _) => {
                if items.len() < min_len || items.len() > max_len {
                    return err(&path, format!("an array of {} items", items.len()), allowed);
                }
                items.iter().enumerate().map(|(i, v)| number(&format!("{path}[{i}]"), v, range)).collect()
            }
            (Some(v), _) => err(&path, v.describe(), allowed),
        }
    }

    /// Array of whole numbers, each in `[lo, hi]`.
    pub fn ints(&self, key: &str, default: Option<&[i64]>, lo: i64, hi: i64, max_len: usize) -> ConfigResult<Vec<i64>> {
        let path = self.field_path(key);
        let allowed = format!("an array of at most {max_len} whole numbers in [{lo}, {hi}]");
        match (self.get(key), default) {
            (None, Some(d)) => Ok(d.to_vec()),
            (None, None) => err(&path, "missing", allowed),
            (Some(Value::Arr(items)), _) if items.len() <= max_len => {
                items.iter().enumerate().map(|(i, v)| integer(&format!("{path}[{i}]"), v, lo, hi)).collect()
            }
            (Some(v), _) => err(&path, v.describe(), allowed),
        }
    }

    /// Required nested object.
    pub fn obj(&self, key: &str) -> ConfigResult<(String, &'a Value)> {
        let path = self.field_path(key);
        match self.get(key) {
            Some(v @ Value::Obj(_)) => Ok((path, v)),
            Some(v) => err(&path, v.describe(), "an object"),
            None => err(&path, "missing", "an object"),
        }
    }

    /// The `type` field, one of `choices`.
    pub fn kind(&self, choices: &[&str]) -> ConfigResult<String> {
        self.choice("type", choices, None)
    }
}

// ----- serde: fill a Value from JS or JSON, keeping NaN -----

impl<'de> Deserialize<'de> for Value {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Value, D::Error> {
        d.deserialize_any(ValueVisitor)
    }
}

struct ValueVisitor;

impl<'de> Visitor<'de> for ValueVisitor {
    type Value = Value;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON-like value")
    }
    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::Num(v as f64))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(Value::Num(v as f64))
    }
    fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
        Ok(Value::Num(v))
    }
    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::Str(v.to_string()))
    }
    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::Str(v))
    }
    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        d.deserialize_any(ValueVisitor)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut out = Vec::new();
        while let Some(v) = seq.next_element()? {
            out.push(v);
        }
        Ok(Value::Arr(out))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut out: Vec<(String, Value)> = Vec::new();
        while let Some((k, v)) = map.next_entry::<String, Value>()? {
            out.push((k, v));
        }
        Ok(Value::Obj(out))
    }
}

// ----- a tiny JSON reader, so native code (tests, URL state) needs no serde_json -----

struct JsonParser<'a> {
    s: &'a [u8],
    i: usize,
}

impl JsonParser<'_> {
    fn ws(&mut self) {
        while self.i < self.s.len() && self.s[self.i].is_ascii_whitespace() {
            self.i += 1;
        }
    }
    fn eat(&mut self, word: &str) -> bool {
        if self.s[self.i..].starts_with(word.as_bytes()) {
            self.i += word.len();
            true
        } else {
            false
        }
    }
    fn value(&mut self) -> Result<Value, String> {
        self.ws();
        let Some(&c) = self.s.get(self.i) else { return Err("unexpected end of JSON".into()) };
        match c {
            b'{' => {
                self.i += 1;
                let mut fields = Vec::new();
                self.ws();
                if self.eat("}") {
                    return Ok(Value::Obj(fields));
                }
                loop {
                    self.ws();
                    let Value::Str(k) = self.value()? else { return Err(format!("expected a key at byte {}", self.i)) };
                    self.ws();
                    if !self.eat(":") {
                        return Err(format!("expected ':' at byte {}", self.i));
                    }
                    let v = self.value()?;
                    fields.push((k, v));
                    self.ws();
                    if self.eat("}") {
                        return Ok(Value::Obj(fields));
                    }
                    if !self.eat(",") {
                        return Err(format!("expected ',' or '}}' at byte {}", self.i));
                    }
                }
            }
            b'[' => {
                self.i += 1;
                let mut items = Vec::new();
                self.ws();
                if self.eat("]") {
                    return Ok(Value::Arr(items));
                }
                loop {
                    items.push(self.value()?);
                    self.ws();
                    if self.eat("]") {
                        return Ok(Value::Arr(items));
                    }
                    if !self.eat(",") {
                        return Err(format!("expected ',' or ']' at byte {}", self.i));
                    }
                }
            }
            b'"' => {
                self.i += 1;
                let mut out = String::new();
                loop {
                    let Some(&c) = self.s.get(self.i) else { return Err("unterminated string".into()) };
                    self.i += 1;
                    match c {
                        b'"' => return Ok(Value::Str(out)),
                        b'\\' => {
                            let Some(&e) = self.s.get(self.i) else { return Err("unterminated string".into()) };
                            self.i += 1;
                            match e {
                                b'n' => out.push('\n'),
                                b't' => out.push('\t'),
                                b'r' => out.push('\r'),
                                b'b' => out.push('\u{8}'),
                                b'f' => out.push('\u{c}'),
                                b'u' => {
                                    let hex = self.s.get(self.i..self.i + 4).ok_or("bad \\u escape")?;
                                    let code = u32::from_str_radix(std::str::from_utf8(hex).map_err(|_| "bad \\u escape")?, 16)
                                        .map_err(|_| "bad \\u escape")?;
                                    self.i += 4;
                                    out.push(char::from_u32(code).unwrap_or('\u{fffd}'));
                                }
                                other => out.push(other as char),
                            }
                        }
                        _ => {
                            // Copy a whole UTF-8 sequence.
                            let start = self.i - 1;
                            let mut end = self.i;
                            while end < self.s.len() && (self.s[end] & 0xC0) == 0x80 {
                                end += 1;
                            }
                            out.push_str(std::str::from_utf8(&self.s[start..end]).map_err(|_| "invalid UTF-8")?);
                            self.i = end;
                        }
                    }
                }
            }
            b't' if self.eat("true") => Ok(Value::Bool(true)),
            b'f' if self.eat("false") => Ok(Value::Bool(false)),
            b'n' if self.eat("null") => Ok(Value::Null),
            b'N' if self.eat("NaN") => Ok(Value::Num(f64::NAN)),
            b'I' if self.eat("Infinity") => Ok(Value::Num(f64::INFINITY)),
            b'-' if self.eat("-Infinity") => Ok(Value::Num(f64::NEG_INFINITY)),
            _ => {
                let start = self.i;
                while self.i < self.s.len() && matches!(self.s[self.i], b'0'..=b'9' | b'-' | b'+' | b'.' | b'e' | b'E') {
                    self.i += 1;
                }
                let text = std::str::from_utf8(&self.s[start..self.i]).map_err(|_| "invalid number")?;
                text.parse::<f64>().map(Value::Num).map_err(|_| format!("invalid JSON at byte {start}"))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_round_trip_keeps_nan_and_nesting() {
        let v = Value::from_json(r#"{"a": [1, 2.5e-3, NaN], "b": {"type": "Adam"}, "c": "x\u00e9\n"}"#).expect("valid");
        let o = object("cfg", &v).expect("object");
        assert_eq!(o.nums("a", None, Range::Any, 0, 3).unwrap_err().path, "cfg.a[2]");
        assert_eq!(o.get("c"), Some(&Value::Str("xé\n".into())));
    }

    #[test]
    fn messages_name_field_value_and_allowed() {
        let v = Value::from_json(r#"{"betas": [0.9, 1.5], "kind": "Adm"}"#).expect("valid");
        let o = object("optimizer", &v).expect("object");
        let e = o.nums("betas", None, Range::ClosedOpen(0.0, 1.0), 2, 2).unwrap_err();
        assert_eq!(e.to_string(), "optimizer.betas[1] = 1.5 is not allowed: expected a number in [0, 1)");
        let e = o.choice("kind", &["Adam", "SGD"], None).unwrap_err();
        assert_eq!(
            e.to_string(),
            "optimizer.kind = \"Adm\" is not allowed: expected \"Adam\" (did you mean it?), or one of \"Adam\", \"SGD\""
        );
        let e = o.choice("kind", &["Adam", "SGD"], Some("SGD"));
        assert!(e.is_err());
        assert_eq!(suggest("stepLR", &["StepLR", "MultiStepLR"]), Some("StepLR"));
        assert_eq!(suggest("Nadam", &["Adam", "SGD"]), Some("Adam"));
        assert_eq!(suggest("xyz", &["Adam", "SGD"]), None);
        let e = o.num("lr", None, Range::Above(0.0)).unwrap_err();
        assert_eq!(e.to_string(), "optimizer.lr is missing: expected a number > 0");
        assert!(o.only(&["betas"]).unwrap_err().to_string().contains("unknown field"));
    }
}
