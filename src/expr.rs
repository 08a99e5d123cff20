//! (being written by the expression helper: parser + automatic differentiation of typed functions)

/// A parsed expression in `x` and `y`.
#[derive(Clone, Debug)]
pub struct Expr;

/// A parse error with its 1-based column.
#[derive(Clone, Debug, PartialEq)]
pub struct ParseError {
    /// What went wrong.
    pub message: String,
    /// 1-based character column.
    pub column: usize,
}

impl std::fmt::Display for ParseError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} at column {}", self.message, self.column)
    }
}

impl Expr {
    /// Parse.
    pub fn parse(_src: &str) -> Result<Expr, ParseError> {
        Err(ParseError { message: "typed functions are not available yet".into(), column: 1 })
    }
    /// Value.
    pub fn eval(&self, _x: f64, _y: f64) -> f64 {
        f64::NAN
    }
    /// Value and gradient.
    pub fn eval_grad(&self, _x: f64, _y: f64) -> (f64, f64, f64) {
        (f64::NAN, f64::NAN, f64::NAN)
    }
}
