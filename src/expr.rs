//! Functions of `x` and `y` typed by a learner: a parser with column-precise errors, a compiled register program
//! (a flat "tape") for fast evaluation, exact gradients by forward-mode automatic differentiation, and a KaTeX
//! rendering of what was understood.
//!
//! Pipeline: text → tokens (each with its 1-based character column) → syntax tree (kept for [`Expr::to_latex`])
//! → constant-folded tree → tape of register instructions. The tape is emitted in Sethi–Ullman order (the operand
//! needing more registers first), so a handful of registers suffice however long the formula is, and evaluation
//! is a loop over a small array with no allocation. [`Expr::eval_grid`] runs every instruction over 64 lanes at a
//! time, which amortises the dispatch over a row of the raster.
//!
//! Grammar, lowest precedence first:
//! ```text
//! expr    := term (('+' | '-') term)*
//! term    := unary (('*' | '/') unary | implicit)*     implicit: a number literal followed by a name or '('
//! unary   := ('-' | '+') unary | power
//! power   := primary (('^' | '**') unary)?             right-associative: -x^2 = -(x^2), 2^-1 and 2^3^2 = 2^9
//! primary := number | x | y | pi | e | func '(' expr ')' | '(' expr ')'
//! func    := sin | cos | tan | exp | log | ln | sqrt | abs | tanh  (log = ln, the natural logarithm as in torch)
//! ```
//! Implicit multiplication binds like `*` (`1/2x` is $\tfrac12 x$, as in Desmos and Wolfram Alpha); the LaTeX
//! readout shows the reading. `x y` or `(x)(y)` is not accepted: "missing operator before 'y'".
//!
//! Derivatives follow PyTorch autograd's formulas (`tools/autograd/derivatives.yaml`): $|a|' = \operatorname{sgn} a$
//! with $\operatorname{sgn} 0 = 0$; $(\sqrt a)' = 1/(2\sqrt a)$, infinite at 0; $(\ln a)' = 1/a$ (the value is NaN
//! for $a<0$); for $a^b$ the base term is 0 where $b = 0$ and the exponent term $a^b \ln a$ is 0 where
//! $a = 0, b \ge 0$. As in reverse mode, a chain-rule term is only formed along paths that depend on the variable,
//! so $\partial \sqrt{y} / \partial x = 0$ even at $y = 0$ (not $\infty \cdot 0$).
//!
//! References: Sethi & Ullman, "The generation of optimal code for arithmetic expressions", JACM 17(4), 1970;
//! Griewank & Walther, "Evaluating Derivatives", 2nd ed., SIAM 2008, ch. 3 (forward mode on an evaluation trace).

use std::f64::consts::{E, PI};
use std::fmt;

/// Longest accepted input, in characters.
pub const MAX_LEN: usize = 500;
/// Deepest accepted nesting of parentheses, function calls, unary signs and exponents.
pub const MAX_DEPTH: usize = 64;
/// Registers of the tape (a power of two, so `index & (REGS - 1)` is always in bounds).
const REGS: usize = 32;
/// Lanes evaluated together by the batch evaluators.
const LANES: usize = 64;
/// Integer exponents up to this size are evaluated by repeated multiplication (`powi`).
const MAX_POWI: f64 = 64.0;

/// A parsed and compiled function of `x` and `y`.
///
/// ```
/// use descent::expr::Expr;
/// let f = Expr::parse("x^2 + 3y").unwrap();
/// assert_eq!(f.eval(2.0, 1.0), 7.0);
/// assert_eq!(f.eval_grad(2.0, 1.0), (7.0, 4.0, 3.0));
/// ```
#[derive(Clone, Debug)]
pub struct Expr {
    /// The text as typed.
    source: String,
    /// The syntax tree, as read (before folding), for the LaTeX readout.
    ast: Ast,
    /// The compiled program.
    tape: Vec<Inst>,
    /// The register holding the result after the last instruction.
    out: u8,
    /// Registers used by the tape (at most [`REGS`]).
    regs: usize,
}

/// A parse error with its 1-based column.
#[derive(Clone, Debug, PartialEq)]
pub struct ParseError {
    /// What went wrong, e.g. `unknown function 'sinh' (...)`.
    pub message: String,
    /// 1-based column, counted in characters, of the character the message is about (one past the end when the
    /// input ended too early).
    pub column: usize,
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} at column {}", self.message, self.column)
    }
}

impl std::error::Error for ParseError {}

fn fail<T>(message: impl Into<String>, column: usize) -> Result<T, ParseError> {
    Err(ParseError { message: message.into(), column })
}

impl Expr {
    /// Parse and compile a formula in `x` and `y` (grammar in the [module docs](self)); at most [`MAX_LEN`]
    /// characters and [`MAX_DEPTH`] levels of nesting.
    pub fn parse(src: &str) -> Result<Expr, ParseError> {
        if src.chars().count() > MAX_LEN {
            return fail(format!("expression is too long (more than {MAX_LEN} characters)"), MAX_LEN + 1);
        }
        if src.trim().is_empty() {
            return fail("empty expression", 1);
        }
        let tokens = lex(src);
        let end = tokens.last().cloned().unwrap_or(Token { tok: Tok::End, text: String::new(), col: 1 });
        let mut p = Parser { tokens, pos: 0, depth: 0, end };
        let ast = p.expr()?;
        let t = p.peek()?;
        match t.tok {
            Tok::End => {}
            Tok::RParen => return fail("unexpected ')'", t.col),
            _ => return fail(format!("missing operator before '{}'", t.text), t.col),
        }
        let (tape, out, regs) = compile(&fold(&ast))?;
        Ok(Expr { source: src.to_string(), ast, tape, out, regs })
    }

    /// The text the expression was parsed from, as typed.
    pub fn source(&self) -> &str {
        &self.source
    }

    /// $f(x, y)$. NaN where the formula is undefined (`log(-1)`, `sqrt(-1)`, `0/0`).
    pub fn eval(&self, x: f64, y: f64) -> f64 {
        let mut r = [0.0f64; REGS];
        for i in &self.tape {
            let (a, b) = (r[ix(i.a)], r[ix(i.b)]);
            r[ix(i.d)] = match i.op {
                Op::X => x,
                Op::Y => y,
                op => value(op, i.k, i.n, a, b),
            };
        }
        r[ix(self.out)]
    }

    /// $(f, \partial f/\partial x, \partial f/\partial y)$ at $(x, y)$, exact up to rounding (forward-mode
    /// automatic differentiation over the tape, PyTorch's conventions at kinks: see the [module docs](self)).
    /// Components may be infinite or NaN (e.g. `sqrt(x)` at 0); callers check finiteness.
    pub fn eval_grad(&self, x: f64, y: f64) -> (f64, f64, f64) {
        let mut v = [0.0f64; REGS];
        let mut gx = [0.0f64; REGS];
        let mut gy = [0.0f64; REGS];
        for i in &self.tape {
            let (ia, ib) = (ix(i.a), ix(i.b));
            let (val, dx, dy) = match i.op {
                Op::X => (x, 1.0, 0.0),
                Op::Y => (y, 0.0, 1.0),
                Op::Const => (i.k, 0.0, 0.0),
                op => {
                    let (a, b) = (v[ia], v[ib]);
                    let val = value(op, i.k, i.n, a, b);
                    let (fa, fb) = partials(op, i.k, i.n, a, b, val);
                    // formula: df/dx = f_a da/dx + f_b db/dx, each term only if that operand depends on x
                    let dx = chain(i.dep_a & DEP_X != 0, fa, gx[ia], i.dep_b & DEP_X != 0, fb, gx[ib]);
                    let dy = chain(i.dep_a & DEP_Y != 0, fa, gy[ia], i.dep_b & DEP_Y != 0, fb, gy[ib]);
                    (val, dx, dy)
                }
            };
            let d = ix(i.d);
            v[d] = val;
            gx[d] = dx;
            gy[d] = dy;
        }
        let o = ix(self.out);
        (v[o], gx[o], gy[o])
    }

    /// Evaluate on the grid `xs × ys`, row by row: `out[j * xs.len() + i] = f(xs[i], ys[j])`.
    ///
    /// Bit-for-bit equal to calling [`Expr::eval`] at each point, but each instruction runs over 64 lanes at a
    /// time, so it is several times faster on rasters. Fills `min(ys.len(), out.len() / xs.len())` whole rows and
    /// leaves any remaining elements of `out` untouched. Allocates one scratch buffer (at most 16 KiB) per call.
    pub fn eval_grid(&self, xs: &[f64], ys: &[f64], out: &mut [f64]) {
        if xs.is_empty() {
            return;
        }
        let mut regs = vec![[0.0f64; LANES]; self.regs.max(1)];
        for (row, &y) in out.chunks_exact_mut(xs.len()).zip(ys) {
            for (xc, oc) in xs.chunks(LANES).zip(row.chunks_mut(LANES)) {
                self.run_lanes(&mut regs, xc, Ys::Const(y), oc);
            }
        }
    }

    /// Evaluate at the points `(xs[i], ys[i])`: `out[i] = f(xs[i], ys[i])` for `i < min(xs.len(), ys.len(),
    /// out.len())` (the rest of `out` is left untouched). Bit-for-bit equal to [`Expr::eval`], batched like
    /// [`Expr::eval_grid`].
    pub fn eval_points(&self, xs: &[f64], ys: &[f64], out: &mut [f64]) {
        let n = xs.len().min(ys.len()).min(out.len());
        let mut regs = vec![[0.0f64; LANES]; self.regs.max(1)];
        for ((xc, yc), oc) in xs[..n].chunks(LANES).zip(ys[..n].chunks(LANES)).zip(out[..n].chunks_mut(LANES)) {
            self.run_lanes(&mut regs, xc, Ys::Slice(yc), oc);
        }
    }

    /// The parsed expression as a KaTeX string, e.g. `x^2 + 3y` → `x^{2} + 3y`, `sin(x)/2` →
    /// `\frac{\sin\left(x\right)}{2}`. Shows how the input was read (implicit products juxtaposed, explicit `*`
    /// as `\cdot`, parentheses only where precedence needs them).
    pub fn to_latex(&self) -> String {
        latex(&self.ast)
    }

    /// Run the tape over one chunk of at most [`LANES`] points and copy the result into `out`.
    fn run_lanes(&self, regs: &mut [[f64; LANES]], xs: &[f64], ys: Ys<'_>, out: &mut [f64]) {
        let row_invariant = |i: &Inst| matches!(ys, Ys::Const(_)) && i.dep & DEP_X == 0;
        for i in &self.tape {
            let (d, a, b, k, n) = (ix(i.d), ix(i.a), ix(i.b), i.k, i.n);
            if row_invariant(i) && !matches!(i.op, Op::Y | Op::Const) {
                // Along a grid row every lane holds the same y: compute once (e.g. cos(y)) and broadcast.
                let lane0 = |r: usize| regs.get(r).map_or(f64::NAN, |v| v[0]);
                let v = value(i.op, k, n, lane0(a), lane0(b));
                fill(regs, d, v);
                continue;
            }
            macro_rules! un {
                ($op:expr) => {
                    lanes1(regs, d, a, |p| value($op, k, n, p, 0.0))
                };
            }
            macro_rules! bin {
                ($op:expr) => {
                    lanes2(regs, d, a, b, |p, q| value($op, k, n, p, q))
                };
            }
            match i.op {
                Op::X => load(regs, d, xs),
                Op::Y => match ys {
                    Ys::Const(y) => fill(regs, d, y),
                    Ys::Slice(s) => load(regs, d, s),
                },
                Op::Const => fill(regs, d, k),
                Op::Neg => un!(Op::Neg),
                Op::Sq => un!(Op::Sq),
                Op::PowI => un!(Op::PowI),
                Op::PowC => un!(Op::PowC),
                Op::Sin => un!(Op::Sin),
                Op::Cos => un!(Op::Cos),
                Op::Tan => un!(Op::Tan),
                Op::Exp => un!(Op::Exp),
                Op::Log => un!(Op::Log),
                Op::Sqrt => un!(Op::Sqrt),
                Op::Abs => un!(Op::Abs),
                Op::Tanh => un!(Op::Tanh),
                Op::AddC => un!(Op::AddC),
                Op::MulC => un!(Op::MulC),
                Op::RSubC => un!(Op::RSubC),
                Op::DivC => un!(Op::DivC),
                Op::RDivC => un!(Op::RDivC),
                Op::RPowC => un!(Op::RPowC),
                Op::Add => bin!(Op::Add),
                Op::Sub => bin!(Op::Sub),
                Op::Mul => bin!(Op::Mul),
                Op::Div => bin!(Op::Div),
                Op::Pow => bin!(Op::Pow),
            }
        }
        if let Some(r) = regs.get(ix(self.out)) {
            for (o, &v) in out.iter_mut().zip(r.iter()) {
                *o = v;
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------------------------
// Lexer
// ---------------------------------------------------------------------------------------------------------------

#[derive(Clone, Debug, PartialEq)]
enum Tok {
    Num(f64),
    Name(String),
    Plus,
    Minus,
    Star,
    Slash,
    Caret,
    LParen,
    RParen,
    End,
    /// A lexical error, reported when the parser reaches it (so errors come out left to right).
    Bad(String),
}

#[derive(Clone, Debug)]
struct Token {
    tok: Tok,
    /// The characters as typed (empty for the end).
    text: String,
    /// 1-based character column of the first character.
    col: usize,
}

/// Split the input into tokens; the last one is [`Tok::End`] at one past the last column, or [`Tok::Bad`] at
/// the first character that cannot start or continue a token.
fn lex(src: &str) -> Vec<Token> {
    let mut tokens = Vec::new();
    if let Err(e) = lex_into(src, &mut tokens) {
        tokens.push(Token { tok: Tok::Bad(e.message), text: String::new(), col: e.column });
    }
    tokens
}

fn lex_into(src: &str, tokens: &mut Vec<Token>) -> Result<(), ParseError> {
    let chars: Vec<char> = src.chars().collect();
    let n = chars.len();
    let at = |i: usize| chars.get(i).copied().unwrap_or('\0');
    let digits_from = |mut i: usize| {
        while at(i).is_ascii_digit() {
            i += 1;
        }
        i
    };
    let mut i = 0;
    while i < n {
        let c = at(i);
        let col = i + 1;
        if c.is_whitespace() {
            i += 1;
            continue;
        }
        if c.is_ascii_digit() || c == '.' {
            let start = i;
            i = digits_from(i);
            if at(i) == '.' {
                i = digits_from(i + 1);
            }
            // An exponent only when digits follow: `2e` is 2·e and `2e-x` is 2·e − x.
            if at(i) == 'e' || at(i) == 'E' {
                let j = if at(i + 1) == '+' || at(i + 1) == '-' { i + 2 } else { i + 1 };
                if at(j).is_ascii_digit() {
                    i = digits_from(j);
                }
            }
            let mut text: String = chars[start..i].iter().collect();
            if at(i) == '.' || at(i).is_ascii_digit() {
                while at(i) == '.' || at(i).is_ascii_digit() {
                    text.push(at(i));
                    i += 1;
                }
                return fail(format!("malformed number '{text}'"), col);
            }
            if text == "." {
                return fail("unexpected '.'", col);
            }
            let Ok(value) = text.parse::<f64>() else {
                return fail(format!("malformed number '{text}'"), col);
            };
            if !value.is_finite() {
                return fail(format!("number too large '{text}'"), col);
            }
            tokens.push(Token { tok: Tok::Num(value), text, col });
            continue;
        }
        if c.is_ascii_alphabetic() || c == '_' {
            let start = i;
            while at(i).is_ascii_alphanumeric() || at(i) == '_' {
                i += 1;
            }
            let text: String = chars[start..i].iter().collect();
            tokens.push(Token { tok: Tok::Name(text.clone()), text, col });
            continue;
        }
        let (tok, len) = match c {
            '+' => (Tok::Plus, 1),
            '-' | '\u{2212}' => (Tok::Minus, 1),
            '*' if at(i + 1) == '*' => (Tok::Caret, 2),
            '*' | '\u{00d7}' | '\u{00b7}' => (Tok::Star, 1),
            '/' | '\u{00f7}' => (Tok::Slash, 1),
            '^' => (Tok::Caret, 1),
            '(' => (Tok::LParen, 1),
            ')' => (Tok::RParen, 1),
            '\u{03c0}' => (Tok::Name("pi".into()), 1),
            ',' => return fail("unexpected ',' (functions take one argument)", col),
            '=' => return fail("unexpected '=' (type only the formula, e.g. x^2 + y^2)", col),
            '[' | ']' | '{' | '}' => return fail(format!("unexpected '{c}' (use round parentheses)"), col),
            _ => return fail(format!("unexpected character '{c}'"), col),
        };
        tokens.push(Token { tok, text: chars[i..i + len].iter().collect(), col });
        i += len;
    }
    tokens.push(Token { tok: Tok::End, text: String::new(), col: n + 1 });
    Ok(())
}

// ---------------------------------------------------------------------------------------------------------------
// Parser (recursive descent over the grammar in the module docs)
// ---------------------------------------------------------------------------------------------------------------

/// The syntax tree as read (parentheses are implied by the shape; unary `+` is dropped).
#[derive(Clone, Debug)]
enum Ast {
    /// A literal and its text as typed.
    Num(f64, String),
    X,
    Y,
    Pi,
    E,
    Neg(Box<Ast>),
    Bin(BinKind, Box<Ast>, Box<Ast>),
    Call(Func, Box<Ast>),
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum BinKind {
    Add,
    Sub,
    /// `a * b`.
    Mul,
    /// `2x`, `3(x + 1)`.
    Implicit,
    Div,
    Pow,
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum Func {
    Sin,
    Cos,
    Tan,
    Exp,
    Log,
    Ln,
    Sqrt,
    Abs,
    Tanh,
}

/// The function names, for messages.
const FUNC_LIST: &str = "sin, cos, tan, exp, log, sqrt, abs or tanh";

impl Func {
    fn from_name(name: &str) -> Option<Func> {
        Some(match name {
            "sin" => Func::Sin,
            "cos" => Func::Cos,
            "tan" => Func::Tan,
            "exp" => Func::Exp,
            "log" => Func::Log,
            "ln" => Func::Ln,
            "sqrt" => Func::Sqrt,
            "abs" => Func::Abs,
            "tanh" => Func::Tanh,
            _ => return None,
        })
    }

    fn op(self) -> Op {
        match self {
            Func::Sin => Op::Sin,
            Func::Cos => Op::Cos,
            Func::Tan => Op::Tan,
            Func::Exp => Op::Exp,
            Func::Log | Func::Ln => Op::Log,
            Func::Sqrt => Op::Sqrt,
            Func::Abs => Op::Abs,
            Func::Tanh => Op::Tanh,
        }
    }
}

struct Parser {
    tokens: Vec<Token>,
    pos: usize,
    depth: usize,
    end: Token,
}

impl Parser {
    /// The next token; a lexical error once the parser reaches it.
    fn peek(&self) -> Result<Token, ParseError> {
        let t = self.tokens.get(self.pos).unwrap_or(&self.end).clone();
        match t.tok {
            Tok::Bad(message) => fail(message, t.col),
            _ => Ok(t),
        }
    }

    fn bump(&mut self) -> Result<Token, ParseError> {
        let t = self.peek()?;
        if t.tok != Tok::End {
            self.pos += 1;
        }
        Ok(t)
    }

    fn prev_is_number(&self) -> bool {
        self.pos > 0 && matches!(self.tokens.get(self.pos - 1), Some(Token { tok: Tok::Num(_), .. }))
    }

    fn enter(&mut self, col: usize) -> Result<(), ParseError> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return fail(format!("expression is nested too deeply (more than {MAX_DEPTH} levels)"), col);
        }
        Ok(())
    }

    fn leave(&mut self) {
        self.depth = self.depth.saturating_sub(1);
    }

    /// expr := term (('+' | '-') term)*
    fn expr(&mut self) -> Result<Ast, ParseError> {
        let mut lhs = self.term()?;
        loop {
            let kind = match self.peek()?.tok {
                Tok::Plus => BinKind::Add,
                Tok::Minus => BinKind::Sub,
                _ => return Ok(lhs),
            };
            self.bump()?;
            let rhs = self.term()?;
            lhs = Ast::Bin(kind, Box::new(lhs), Box::new(rhs));
        }
    }

    /// term := unary (('*' | '/') unary | implicit)*
    fn term(&mut self) -> Result<Ast, ParseError> {
        let mut lhs = self.unary()?;
        loop {
            let kind = match self.peek()?.tok {
                Tok::Star => {
                    self.bump()?;
                    BinKind::Mul
                }
                Tok::Slash => {
                    self.bump()?;
                    BinKind::Div
                }
                Tok::Name(_) | Tok::LParen if self.prev_is_number() => BinKind::Implicit,
                _ => return Ok(lhs),
            };
            let rhs = self.unary()?;
            lhs = Ast::Bin(kind, Box::new(lhs), Box::new(rhs));
        }
    }

    /// unary := ('-' | '+') unary | power
    fn unary(&mut self) -> Result<Ast, ParseError> {
        let t = self.peek()?;
        match t.tok {
            Tok::Minus | Tok::Plus => {
                self.bump()?;
                self.enter(t.col)?;
                let a = self.unary()?;
                self.leave();
                Ok(if t.tok == Tok::Minus { Ast::Neg(Box::new(a)) } else { a })
            }
            _ => self.power(),
        }
    }

    /// power := primary ('^' unary)?
    fn power(&mut self) -> Result<Ast, ParseError> {
        let base = self.primary()?;
        if self.peek()?.tok != Tok::Caret {
            return Ok(base);
        }
        let t = self.bump()?;
        self.enter(t.col)?;
        let exponent = self.unary()?;
        self.leave();
        Ok(Ast::Bin(BinKind::Pow, Box::new(base), Box::new(exponent)))
    }

    /// primary := number | name | func '(' expr ')' | '(' expr ')'
    fn primary(&mut self) -> Result<Ast, ParseError> {
        let t = self.peek()?;
        match &t.tok {
            Tok::Num(v) => {
                self.bump()?;
                Ok(Ast::Num(*v, t.text))
            }
            Tok::Name(name) => {
                self.bump()?;
                match name.as_str() {
                    "x" => return Ok(Ast::X),
                    "y" => return Ok(Ast::Y),
                    "pi" => return Ok(Ast::Pi),
                    "e" => return Ok(Ast::E),
                    _ => {}
                }
                // The name's own error comes first, before a lexical error right after it ("f = x^2").
                let next = self.tokens.get(self.pos).unwrap_or(&self.end);
                match (Func::from_name(name), next.tok == Tok::LParen) {
                    (Some(f), true) => {
                        let arg = self.group()?;
                        Ok(Ast::Call(f, Box::new(arg)))
                    }
                    (Some(_), false) => {
                        let next = self.peek()?;
                        fail(format!("expected '(' after '{name}'"), next.col)
                    }
                    (None, true) => fail(format!("unknown function '{name}' (use {FUNC_LIST})"), t.col),
                    (None, false) => fail(unknown_name(name), t.col),
                }
            }
            Tok::LParen => self.group(),
            Tok::End => fail("expected a number or name", t.col),
            _ => fail(format!("expected a number or name, found '{}'", t.text), t.col),
        }
    }

    /// '(' expr ')', the '(' being the next token.
    fn group(&mut self) -> Result<Ast, ParseError> {
        let open = self.bump()?;
        self.enter(open.col)?;
        let inner = self.expr()?;
        let t = self.peek()?;
        match t.tok {
            Tok::RParen => {
                self.bump()?;
            }
            Tok::End => return fail("missing ')' for '('", open.col),
            _ => return fail(format!("missing operator before '{}'", t.text), t.col),
        }
        self.leave();
        Ok(inner)
    }
}

/// "unknown name 'z' (use x, y, pi or e)", or a product hint when the name glues known names ("xy" → x*y).
fn unknown_name(name: &str) -> String {
    fn split<'n>(s: &'n str, parts: &mut Vec<&'n str>) -> bool {
        if s.is_empty() {
            return true;
        }
        for known in ["pi", "x", "y", "e"] {
            if let Some(rest) = s.strip_prefix(known) {
                parts.push(known);
                if split(rest, parts) {
                    return true;
                }
                parts.pop();
            }
        }
        false
    }
    let mut parts = Vec::new();
    if split(name, &mut parts) && parts.len() > 1 {
        format!("unknown name '{name}' (write {} for a product)", parts.join("*"))
    } else {
        format!("unknown name '{name}' (use x, y, pi or e)")
    }
}

// ---------------------------------------------------------------------------------------------------------------
// Tape: instructions, their values and local partial derivatives
// ---------------------------------------------------------------------------------------------------------------

/// One instruction: `d ← op(a, b)` with constant `k` or integer exponent `n`.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Op {
    /// Load `x`.
    X,
    /// Load `y`.
    Y,
    /// Load `k` (only when the whole expression is constant).
    Const,
    Neg,
    /// `a^2`.
    Sq,
    /// `a^n`, integer `n`.
    PowI,
    /// `a^k`, non-integer (or large) constant `k`.
    PowC,
    Sin,
    Cos,
    Tan,
    Exp,
    Log,
    Sqrt,
    Abs,
    Tanh,
    /// `a + k` (and `a - k` as `a + (-k)`, which IEEE defines identically).
    AddC,
    /// `a * k`.
    MulC,
    /// `k - a`.
    RSubC,
    /// `a / k`.
    DivC,
    /// `k / a`.
    RDivC,
    /// `k ^ a`.
    RPowC,
    Add,
    Sub,
    Mul,
    Div,
    /// `a ^ b`, both varying.
    Pow,
}

/// Dependency bits of a register's value.
const DEP_X: u8 = 1;
const DEP_Y: u8 = 2;

#[derive(Clone, Copy, Debug)]
struct Inst {
    op: Op,
    d: u8,
    a: u8,
    b: u8,
    /// Whether operand `a` (`b`) depends on x ([`DEP_X`]) and y ([`DEP_Y`]).
    dep_a: u8,
    dep_b: u8,
    /// Whether the result depends on x and y.
    dep: u8,
    n: i32,
    k: f64,
}

/// A register index that is always in bounds.
#[inline(always)]
fn ix(r: u8) -> usize {
    r as usize & (REGS - 1)
}

/// The value of `op` on operands `a`, `b` (loads are done by the callers; here they return `k`). The single
/// definition used by scalar evaluation, batch evaluation and constant folding, so all three agree bit for bit.
#[inline(always)]
fn value(op: Op, k: f64, n: i32, a: f64, b: f64) -> f64 {
    match op {
        Op::X | Op::Y | Op::Const => k,
        Op::Neg => -a,
        // formula: a^2 = a a
        Op::Sq => a * a,
        Op::PowI => a.powi(n),
        Op::PowC => a.powf(k),
        Op::Sin => a.sin(),
        Op::Cos => a.cos(),
        Op::Tan => a.tan(),
        Op::Exp => a.exp(),
        Op::Log => a.ln(),
        Op::Sqrt => a.sqrt(),
        Op::Abs => a.abs(),
        Op::Tanh => a.tanh(),
        Op::AddC => a + k,
        Op::MulC => a * k,
        Op::RSubC => k - a,
        Op::DivC => a / k,
        Op::RDivC => k / a,
        Op::RPowC => k.powf(a),
        Op::Add => a + b,
        Op::Sub => a - b,
        Op::Mul => a * b,
        Op::Div => a / b,
        Op::Pow => a.powf(b),
    }
}

/// Local partial derivatives $(\partial v/\partial a, \partial v/\partial b)$ of `v = op(a, b)`, PyTorch's formulas.
#[inline(always)]
fn partials(op: Op, k: f64, n: i32, a: f64, b: f64, v: f64) -> (f64, f64) {
    match op {
        Op::X | Op::Y | Op::Const => (0.0, 0.0),
        Op::Neg => (-1.0, 0.0),
        // formula: (a^2)' = 2a
        Op::Sq => (2.0 * a, 0.0),
        // formula: (a^n)' = n a^(n-1), and 0 for n = 0
        Op::PowI => (if n == 0 { 0.0 } else { f64::from(n) * a.powi(n - 1) }, 0.0),
        // formula: (a^k)' = k a^(k-1)
        Op::PowC => (if k == 0.0 { 0.0 } else { k * a.powf(k - 1.0) }, 0.0),
        // formula: sin' = cos, cos' = -sin, tan' = 1 + tan^2, exp' = exp, ln' = 1/a
        Op::Sin => (a.cos(), 0.0),
        Op::Cos => (-a.sin(), 0.0),
        Op::Tan => (1.0 + v * v, 0.0),
        Op::Exp => (v, 0.0),
        Op::Log => (1.0 / a, 0.0),
        // formula: sqrt(a)' = 1 / (2 sqrt(a)), +inf at a = 0
        Op::Sqrt => (1.0 / (2.0 * v), 0.0),
        // formula: |a|' = sgn(a), sgn(0) = 0 (torch.sgn)
        Op::Abs => (sgn(a), 0.0),
        // formula: tanh' = 1 - tanh^2
        Op::Tanh => (1.0 - v * v, 0.0),
        Op::AddC => (1.0, 0.0),
        Op::MulC => (k, 0.0),
        Op::RSubC => (-1.0, 0.0),
        Op::DivC => (1.0 / k, 0.0),
        // formula: (k/a)' = -k/a^2 = -v/a
        Op::RDivC => (-v / a, 0.0),
        // formula: (k^a)' = k^a ln k, and 0 where k = 0, a >= 0
        Op::RPowC => (if k == 0.0 && a >= 0.0 { 0.0 } else { v * k.ln() }, 0.0),
        Op::Add => (1.0, 1.0),
        Op::Sub => (1.0, -1.0),
        Op::Mul => (b, a),
        // formula: d(a/b) = da / b - (a/b) db / b
        Op::Div => (1.0 / b, -v / b),
        // formula: d(a^b) = b a^(b-1) da + a^b ln(a) db, first term 0 where b = 0, second 0 where a = 0, b >= 0
        Op::Pow => {
            (if b == 0.0 { 0.0 } else { b * a.powf(b - 1.0) }, if a == 0.0 && b >= 0.0 { 0.0 } else { v * a.ln() })
        }
    }
}

/// Sign with `sgn(0) = 0` and NaN kept, as `torch.sgn`.
fn sgn(a: f64) -> f64 {
    if a > 0.0 {
        1.0
    } else if a < 0.0 {
        -1.0
    } else if a == 0.0 {
        0.0
    } else {
        f64::NAN
    }
}

/// The chain rule over the operands that depend on the variable: $f_a\,a' + f_b\,b'$.
#[inline(always)]
fn chain(use_a: bool, fa: f64, ga: f64, use_b: bool, fb: f64, gb: f64) -> f64 {
    match (use_a, use_b) {
        (true, true) => fa * ga + fb * gb,
        (true, false) => fa * ga,
        (false, true) => fb * gb,
        (false, false) => 0.0,
    }
}

// ---------------------------------------------------------------------------------------------------------------
// Batch evaluation over lanes
// ---------------------------------------------------------------------------------------------------------------

/// Where `y` comes from in a batch: one value for a grid row, or one per point.
#[derive(Clone, Copy)]
enum Ys<'a> {
    Const(f64),
    Slice(&'a [f64]),
}

fn load(regs: &mut [[f64; LANES]], d: usize, src: &[f64]) {
    if let Some(dst) = regs.get_mut(d) {
        let n = src.len().min(LANES);
        dst[..n].copy_from_slice(&src[..n]);
        dst[n..].fill(0.0);
    }
}

fn fill(regs: &mut [[f64; LANES]], d: usize, v: f64) {
    if let Some(dst) = regs.get_mut(d) {
        dst.fill(v);
    }
}

/// Borrow register `d` mutably and registers `a`, `b` shared; `None` if `d` aliases one of them (the compiler
/// never emits that) or is out of range.
fn split3(
    regs: &mut [[f64; LANES]],
    d: usize,
    a: usize,
    b: usize,
) -> Option<(&mut [f64; LANES], &[f64; LANES], &[f64; LANES])> {
    if d == a || d == b || d >= regs.len() {
        return None;
    }
    let (lo, rest) = regs.split_at_mut(d);
    let (dst, hi) = rest.split_first_mut()?;
    let (lo, hi): (&[[f64; LANES]], &[[f64; LANES]]) = (lo, hi);
    let get = |i: usize| if i < d { lo.get(i) } else { hi.get(i - d - 1) };
    Some((dst, get(a)?, get(b)?))
}

#[inline(always)]
fn lanes1(regs: &mut [[f64; LANES]], d: usize, a: usize, f: impl Fn(f64) -> f64) {
    if let Some((dst, src, _)) = split3(regs, d, a, a) {
        for (o, &p) in dst.iter_mut().zip(src.iter()) {
            *o = f(p);
        }
    }
}

#[inline(always)]
fn lanes2(regs: &mut [[f64; LANES]], d: usize, a: usize, b: usize, f: impl Fn(f64, f64) -> f64) {
    if let Some((dst, pa, pb)) = split3(regs, d, a, b) {
        for ((o, &p), &q) in dst.iter_mut().zip(pa.iter()).zip(pb.iter()) {
            *o = f(p, q);
        }
    }
}

// ---------------------------------------------------------------------------------------------------------------
// Compilation: constant folding, then Sethi–Ullman ordered emission with register reuse
// ---------------------------------------------------------------------------------------------------------------

/// The folded tree the tape is emitted from.
#[derive(Debug)]
enum Ir {
    Const(f64),
    X,
    Y,
    Un(Op, Box<Ir>),
    Bin(Op, Box<Ir>, Box<Ir>),
}

/// Replace every subtree without `x` or `y` by its value (computed by [`value`], as the tape would).
fn fold(ast: &Ast) -> Ir {
    let un = |op: Op, a: Ir| match a {
        Ir::Const(c) => Ir::Const(value(op, 0.0, 0, c, 0.0)),
        a => Ir::Un(op, Box::new(a)),
    };
    match ast {
        Ast::Num(v, _) => Ir::Const(*v),
        Ast::X => Ir::X,
        Ast::Y => Ir::Y,
        Ast::Pi => Ir::Const(PI),
        Ast::E => Ir::Const(E),
        Ast::Neg(a) => un(Op::Neg, fold(a)),
        Ast::Call(f, a) => un(f.op(), fold(a)),
        Ast::Bin(kind, a, b) => {
            let op = match kind {
                BinKind::Add => Op::Add,
                BinKind::Sub => Op::Sub,
                BinKind::Mul | BinKind::Implicit => Op::Mul,
                BinKind::Div => Op::Div,
                BinKind::Pow => Op::Pow,
            };
            match (fold(a), fold(b)) {
                (Ir::Const(p), Ir::Const(q)) => Ir::Const(value(op, 0.0, 0, p, q)),
                (a, b) => Ir::Bin(op, Box::new(a), Box::new(b)),
            }
        }
    }
}

/// Registers needed to evaluate `ir` when each result gets a register distinct from its operands (Sethi–Ullman).
fn need(ir: &Ir) -> usize {
    match ir {
        Ir::Const(_) | Ir::X | Ir::Y => 1,
        Ir::Un(_, a) => need(a).max(2),
        Ir::Bin(_, a, b) => match (&**a, &**b) {
            (Ir::Const(_), v) | (v, Ir::Const(_)) => need(v).max(2),
            _ => {
                let (p, q) = (need(a), need(b));
                p.max(q).max(p.min(q) + 1).max(3)
            }
        },
    }
}

struct Emitter {
    tape: Vec<Inst>,
    /// Bit `r` set while register `r` holds a live value.
    live: u32,
    /// Highest register count in use at any time.
    peak: usize,
}

impl Emitter {
    fn alloc(&mut self) -> Result<u8, ParseError> {
        let r = (!self.live).trailing_zeros() as usize;
        if r >= REGS {
            return fail("expression is too complex", 1);
        }
        self.live |= 1 << r;
        self.peak = self.peak.max(r + 1);
        Ok(r as u8)
    }

    fn release(&mut self, r: u8) {
        self.live &= !(1u32 << ix(r));
    }

    fn push(&mut self, op: Op, k: f64, n: i32, operands: &[(u8, u8)]) -> Result<(u8, u8), ParseError> {
        // The destination is taken before the operands are released, so it never aliases them.
        let d = self.alloc()?;
        let (a, dep_a) = operands.first().copied().unwrap_or((0, 0));
        let (b, dep_b) = operands.get(1).copied().unwrap_or((0, 0));
        for &(r, _) in operands {
            self.release(r);
        }
        let dep = dep_a
            | dep_b
            | match op {
                Op::X => DEP_X,
                Op::Y => DEP_Y,
                _ => 0,
            };
        self.tape.push(Inst { op, d, a, b, dep_a, dep_b, dep, n, k });
        Ok((d, dep))
    }

    /// Emit `ir`; returns its register and dependency bits.
    fn emit(&mut self, ir: &Ir) -> Result<(u8, u8), ParseError> {
        match ir {
            Ir::Const(c) => self.push(Op::Const, *c, 0, &[]),
            Ir::X => self.push(Op::X, 0.0, 0, &[]),
            Ir::Y => self.push(Op::Y, 0.0, 0, &[]),
            Ir::Un(op, a) => {
                let ra = self.emit(a)?;
                self.push(*op, 0.0, 0, &[ra])
            }
            Ir::Bin(op, a, b) => match (&**a, &**b) {
                (v, Ir::Const(c)) => {
                    let (op, k, n) = match op {
                        Op::Add => (Op::AddC, *c, 0),
                        Op::Sub => (Op::AddC, -c, 0),
                        Op::Mul => (Op::MulC, *c, 0),
                        Op::Div => (Op::DivC, *c, 0),
                        _ if *c == 2.0 => (Op::Sq, 0.0, 0),
                        _ if c.fract() == 0.0 && c.abs() <= MAX_POWI => (Op::PowI, 0.0, *c as i32),
                        _ => (Op::PowC, *c, 0),
                    };
                    let ra = self.emit(v)?;
                    self.push(op, k, n, &[ra])
                }
                (Ir::Const(c), v) => {
                    let op = match op {
                        Op::Add => Op::AddC,
                        Op::Sub => Op::RSubC,
                        Op::Mul => Op::MulC,
                        Op::Div => Op::RDivC,
                        _ => Op::RPowC,
                    };
                    let ra = self.emit(v)?;
                    self.push(op, *c, 0, &[ra])
                }
                (a, b) => {
                    // Sethi–Ullman: the operand needing more registers first.
                    let (ra, rb) = if need(b) > need(a) {
                        let rb = self.emit(b)?;
                        (self.emit(a)?, rb)
                    } else {
                        let ra = self.emit(a)?;
                        (ra, self.emit(b)?)
                    };
                    self.push(*op, 0.0, 0, &[ra, rb])
                }
            },
        }
    }
}

/// Compile a folded tree to `(tape, output register, registers used)`.
fn compile(ir: &Ir) -> Result<(Vec<Inst>, u8, usize), ParseError> {
    let mut e = Emitter { tape: Vec::new(), live: 0, peak: 0 };
    let (out, _) = e.emit(ir)?;
    Ok((e.tape, out, e.peak))
}

// ---------------------------------------------------------------------------------------------------------------
// LaTeX readout
// ---------------------------------------------------------------------------------------------------------------

fn is_sum(a: &Ast) -> bool {
    matches!(a, Ast::Bin(BinKind::Add | BinKind::Sub, ..))
}

/// Whether the rendering of `a` begins with a minus sign (so it needs parentheses after `+`, `-` or `\cdot`).
fn starts_with_minus(a: &Ast) -> bool {
    match a {
        Ast::Neg(_) => true,
        Ast::Bin(BinKind::Add | BinKind::Sub, l, _) => starts_with_minus(l),
        Ast::Bin(BinKind::Mul | BinKind::Implicit, l, _) => !is_sum(l) && starts_with_minus(l),
        _ => false,
    }
}

fn paren(s: String) -> String {
    format!("\\left({s}\\right)")
}

fn paren_if(cond: bool, s: String) -> String {
    if cond {
        paren(s)
    } else {
        s
    }
}

/// A literal as typed, made readable: `.5` → `0.5`, `1.` → `1`, `2.5e3` → `2.5 \times 10^{3}`, `1e-3` → `10^{-3}`.
fn number_latex(text: &str) -> String {
    let (mantissa, exponent) = match text.find(['e', 'E']) {
        Some(i) => (&text[..i], Some(&text[i + 1..])),
        None => (text, None),
    };
    let mut m = mantissa.trim_end_matches('.').to_string();
    if m.starts_with('.') {
        m.insert(0, '0');
    }
    match exponent.and_then(|e| e.parse::<i64>().ok()) {
        None => m,
        Some(p) if m == "1" => format!("10^{{{p}}}"),
        Some(p) => format!("{m} \\times 10^{{{p}}}"),
    }
}

fn latex(a: &Ast) -> String {
    match a {
        Ast::Num(_, text) => number_latex(text),
        Ast::X => "x".into(),
        Ast::Y => "y".into(),
        Ast::Pi => "\\pi".into(),
        Ast::E => "e".into(),
        Ast::Neg(a) => format!("-{}", paren_if(is_sum(a) || starts_with_minus(a), latex(a))),
        Ast::Call(f, a) => {
            let arg = latex(a);
            match f {
                Func::Sqrt => format!("\\sqrt{{{arg}}}"),
                Func::Abs => format!("\\left|{arg}\\right|"),
                _ => {
                    let name = match f {
                        Func::Sin => "\\sin",
                        Func::Cos => "\\cos",
                        Func::Tan => "\\tan",
                        Func::Exp => "\\exp",
                        Func::Log => "\\log",
                        Func::Ln => "\\ln",
                        _ => "\\tanh",
                    };
                    format!("{name}{}", paren(arg))
                }
            }
        }
        Ast::Bin(kind, l, r) => {
            let right_needs_paren = starts_with_minus(r);
            match kind {
                BinKind::Add => format!("{} + {}", latex(l), paren_if(right_needs_paren, latex(r))),
                BinKind::Sub => format!("{} - {}", latex(l), paren_if(right_needs_paren || is_sum(r), latex(r))),
                BinKind::Mul => format!(
                    "{} \\cdot {}",
                    paren_if(is_sum(l), latex(l)),
                    paren_if(right_needs_paren || is_sum(r), latex(r))
                ),
                BinKind::Implicit => {
                    let rs = latex(r);
                    let digit_first = rs.starts_with(|c: char| c.is_ascii_digit());
                    format!(
                        "{}{}",
                        paren_if(is_sum(l), latex(l)),
                        paren_if(right_needs_paren || is_sum(r) || digit_first, rs)
                    )
                }
                BinKind::Div => format!("\\frac{{{}}}{{{}}}", latex(l), latex(r)),
                BinKind::Pow => {
                    let base = latex(l);
                    let atom = match &**l {
                        Ast::X | Ast::Y | Ast::Pi | Ast::E | Ast::Call(..) => true,
                        Ast::Num(..) => !base.contains('^'),
                        _ => false,
                    };
                    format!("{}^{{{}}}", paren_if(!atom, base), latex(r))
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn parse(s: &str) -> Expr {
        Expr::parse(s).unwrap_or_else(|e| panic!("{s:?} should parse: {e}"))
    }

    fn close(a: f64, b: f64) -> bool {
        // 1e-12 relative; the absolute floor 1e-300 only matters for exact zeros
        (a - b).abs() <= 1e-12 * a.abs().max(b.abs()) + 1e-300
    }

    #[test]
    fn evaluates_hand_computed_values() {
        let s3 = 3f64.sqrt();
        let cases: &[(&str, f64, f64, f64, &str)] = &[
            ("2", 0.0, 0.0, 2.0, "literal"),
            ("0.5", 0.0, 0.0, 0.5, "literal"),
            (".5", 0.0, 0.0, 0.5, "leading dot"),
            ("1e-3", 0.0, 0.0, 0.001, "exponent"),
            ("2.5E+2", 0.0, 0.0, 250.0, "exponent with sign"),
            ("x", 3.0, 4.0, 3.0, "x"),
            ("y", 3.0, 4.0, 4.0, "y"),
            ("x + y", 3.0, 4.0, 7.0, "3 + 4"),
            ("x - y - 1", 3.0, 4.0, -2.0, "left-assoc: (3 - 4) - 1"),
            ("x / y / 2", 3.0, 4.0, 0.375, "left-assoc: (3 / 4) / 2"),
            ("x * y", 3.0, 4.0, 12.0, "3 * 4"),
            ("1 + 2 * 3", 0.0, 0.0, 7.0, "* before +"),
            ("(1 + 2) * 3", 0.0, 0.0, 9.0, "parentheses"),
            ("-x^2", 3.0, 0.0, -9.0, "-(3^2)"),
            ("(-x)^2", 3.0, 0.0, 9.0, "(-3)^2"),
            ("2^-1", 0.0, 0.0, 0.5, "2^(-1)"),
            ("2^3^2", 0.0, 0.0, 512.0, "right-assoc: 2^(3^2) = 2^9"),
            ("2**3", 0.0, 0.0, 8.0, "** is ^"),
            ("x**y", 2.0, 10.0, 1024.0, "2^10"),
            ("x^0.5", 16.0, 0.0, 4.0, "sqrt(16)"),
            ("x^-2", 2.0, 0.0, 0.25, "1/2^2"),
            ("2x", 3.0, 0.0, 6.0, "implicit 2*3"),
            ("3(x+1)", 3.0, 0.0, 12.0, "implicit 3*(3+1)"),
            ("2x^2", 3.0, 0.0, 18.0, "2*(3^2)"),
            ("1/2x", 3.0, 0.0, 1.5, "implicit binds like *: (1/2)*3"),
            ("2 pi", 0.0, 0.0, 2.0 * PI, "implicit 2*pi"),
            ("x^2y", 3.0, 2.0, 18.0, "(3^2)*2"),
            ("2e", 0.0, 0.0, 2.0 * E, "2*e, not an exponent"),
            ("2e-x", 1.0, 0.0, 2.0 * E - 1.0, "2*e - 1"),
            ("--x", 3.0, 0.0, 3.0, "-(-3)"),
            ("+x", 3.0, 0.0, 3.0, "unary plus"),
            ("x*-y", 3.0, 4.0, -12.0, "3*(-4)"),
            ("pi", 0.0, 0.0, PI, "pi"),
            ("e", 0.0, 0.0, E, "e"),
            ("\u{3c0}/2", 0.0, 0.0, PI / 2.0, "π"),
            ("x \u{00d7} y \u{2212} 1", 3.0, 4.0, 11.0, "× and unicode minus"),
            ("sin(pi/6)", 0.0, 0.0, 0.5, "sin(pi/6) = 1/2"),
            ("cos(x)", PI, 0.0, -1.0, "cos(pi)"),
            ("tan(x)", PI / 3.0, 0.0, s3, "tan(pi/3) = sqrt 3"),
            ("exp(x)", 1.0, 0.0, E, "exp(1)"),
            ("log(e^3)", 0.0, 0.0, 3.0, "ln e^3"),
            ("ln(x)", E, 0.0, 1.0, "ln e"),
            ("sqrt(x^2 + y^2)", 3.0, 4.0, 5.0, "3-4-5 triangle"),
            ("abs(x - y)", 3.0, 4.0, 1.0, "|3 - 4|"),
            ("tanh(0)", 0.0, 0.0, 0.0, "tanh 0"),
            ("tanh(x)", 0.5f64.ln() * -0.5, 0.0, 1.0 / 3.0, "tanh(ln(2)/2) = (2-1)/(2+1)"),
            ("(1-x)^2 + 100(y-x^2)^2", 1.0, 1.0, 0.0, "rosenbrock minimum"),
            ("(1-x)^2 + 100(y-x^2)^2", 0.0, 0.0, 1.0, "rosenbrock at origin"),
            ("(x^2+y-11)^2 + (x+y^2-7)^2", 3.0, 2.0, 0.0, "himmelblau minimum (3, 2)"),
            ("  x\t+\ny ", 1.0, 2.0, 3.0, "whitespace anywhere"),
            ("x^0", f64::NAN, 0.0, 1.0, "NaN^0 = 1 as in IEEE pow"),
        ];
        for &(src, x, y, want, label) in cases {
            let f = parse(src);
            let got = f.eval(x, y);
            assert!(close(got, want), "{label}: {src} at ({x}, {y}) = {got}, want {want}");
            assert!(close(f.eval_grad(x, y).0, got), "{label}: eval_grad value");
        }
    }

    #[test]
    fn undefined_points_are_nan_not_panics() {
        assert!(parse("log(x)").eval(-1.0, 0.0).is_nan()); // ln of a negative
        assert!(parse("sqrt(x)").eval(-1.0, 0.0).is_nan()); // sqrt of a negative
        assert!(parse("x/y").eval(0.0, 0.0).is_nan()); // 0/0
        assert_eq!(parse("1/x").eval(0.0, 0.0), f64::INFINITY); // 1/+0
        assert!(parse("x^0.5").eval(-4.0, 0.0).is_nan()); // fractional power of a negative
        assert!(parse("sqrt(-1) + x").eval(0.0, 0.0).is_nan()); // folded constant NaN
    }

    #[test]
    fn gradients_by_hand() {
        // (value, d/dx, d/dy) at hand-picked points
        // (formula, x, y, (value, d/dx, d/dy), label)
        type Case = (&'static str, f64, f64, (f64, f64, f64), &'static str);
        let cases: &[Case] = &[
            ("x^2 + 3y", 2.0, 1.0, (7.0, 4.0, 3.0), "(2x, 3)"),
            ("x*y", 3.0, 4.0, (12.0, 4.0, 3.0), "(y, x)"),
            ("x/y", 3.0, 4.0, (0.75, 0.25, -3.0 / 16.0), "(1/y, -x/y^2)"),
            ("sin(x)*cos(y)", 0.0, 0.0, (0.0, 1.0, 0.0), "(cos x cos y, -sin x sin y)"),
            ("exp(x*y)", 1.0, 0.0, (1.0, 0.0, 1.0), "(y e^xy, x e^xy)"),
            ("log(x)", 2.0, 0.0, (2f64.ln(), 0.5, 0.0), "1/x"),
            ("sqrt(x)", 4.0, 0.0, (2.0, 0.25, 0.0), "1/(2 sqrt x)"),
            ("tanh(x)", 0.0, 0.0, (0.0, 1.0, 0.0), "1 - tanh^2 0"),
            ("tan(x)", 0.0, 0.0, (0.0, 1.0, 0.0), "1 + tan^2 0"),
            ("x^y", 2.0, 3.0, (8.0, 12.0, 8.0 * 2f64.ln()), "(y x^(y-1), x^y ln x)"),
            ("2^x", 3.0, 0.0, (8.0, 8.0 * 2f64.ln(), 0.0), "2^x ln 2"),
            ("1/x", 2.0, 0.0, (0.5, -0.25, 0.0), "-1/x^2"),
            ("5 - x", 2.0, 0.0, (3.0, -1.0, 0.0), "-1"),
            ("x^-1", 2.0, 0.0, (0.5, -0.25, 0.0), "-x^-2"),
            ("x^1.5", 4.0, 0.0, (8.0, 3.0, 0.0), "1.5 x^0.5"),
            ("7", 1.0, 1.0, (7.0, 0.0, 0.0), "constant"),
        ];
        for &(src, x, y, (v, gx, gy), label) in cases {
            let (a, b, c) = parse(src).eval_grad(x, y);
            assert!(close(a, v) && close(b, gx) && close(c, gy), "{label}: {src} -> ({a}, {b}, {c})");
        }
    }

    #[test]
    fn gradients_at_kinks_follow_torch() {
        assert_eq!(parse("abs(x)").eval_grad(0.0, 0.0), (0.0, 0.0, 0.0)); // torch.sgn(0) = 0
        assert_eq!(parse("abs(x)").eval_grad(-2.0, 0.0), (2.0, -1.0, 0.0)); // sgn(-2)
        assert_eq!(parse("sqrt(x)").eval_grad(0.0, 0.0), (0.0, f64::INFINITY, 0.0)); // 1/(2*0)
                                                                                     // y's path only: d/dx stays 0 although d sqrt/d arg is infinite at y = 0
        assert_eq!(parse("x + sqrt(y)").eval_grad(1.0, 0.0), (1.0, 1.0, f64::INFINITY));
        let (v, gx, _) = parse("log(x)").eval_grad(-1.0, 0.0);
        assert!(v.is_nan() && gx == -1.0); // value NaN; torch's grad is 1/x = -1
        assert_eq!(parse("x^0").eval_grad(0.0, 0.0), (1.0, 0.0, 0.0)); // exponent 0: base term 0
        assert_eq!(parse("x^y").eval_grad(0.0, 2.0), (0.0, 0.0, 0.0)); // 0^2: y 0^1 = 0, exponent term 0
        assert_eq!(parse("0^x").eval_grad(1.0, 0.0), (0.0, 0.0, 0.0)); // 0^x, x >= 0: exponent term 0
    }

    #[test]
    fn error_messages_point_at_the_character() {
        let cases: &[(&str, &str, usize)] = &[
            ("", "empty expression", 1),
            ("   ", "empty expression", 1),
            ("(x + 1))", "unexpected ')'", 8),
            ("sinh(x)", "unknown function 'sinh' (use sin, cos, tan, exp, log, sqrt, abs or tanh)", 1),
            ("x + z", "unknown name 'z' (use x, y, pi or e)", 5),
            ("2 * xy", "unknown name 'xy' (write x*y for a product)", 5),
            ("sin(x", "missing ')' for '('", 4),
            ("((x + 1)", "missing ')' for '('", 1),
            ("x +", "expected a number or name", 4),
            ("x + * y", "expected a number or name, found '*'", 5),
            ("sin()", "expected a number or name, found ')'", 5),
            ("x y", "missing operator before 'y'", 3),
            ("(x)(y)", "missing operator before '('", 4),
            ("(x y)", "missing operator before 'y'", 4),
            ("sin x", "expected '(' after 'sin'", 5),
            ("x # 2", "unexpected character '#'", 3),
            ("1.2.3 + x", "malformed number '1.2.3'", 1),
            ("x + 1e999", "number too large '1e999'", 5),
            ("max(x, y)", "unknown function 'max' (use sin, cos, tan, exp, log, sqrt, abs or tanh)", 1),
            ("sin(x, y)", "unexpected ',' (functions take one argument)", 6),
            ("f = x^2", "unknown name 'f' (use x, y, pi or e)", 1),
            ("x^2 = 1", "unexpected '=' (type only the formula, e.g. x^2 + y^2)", 5),
            ("[x]", "unexpected '[' (use round parentheses)", 1),
            ("x . 2", "unexpected '.'", 3),
            ("\u{3c0} ² x", "unexpected character '²'", 3),
        ];
        for &(src, message, column) in cases {
            match Expr::parse(src) {
                Ok(_) => panic!("{src:?} should not parse"),
                Err(e) => assert_eq!((e.message.as_str(), e.column), (message, column), "{src:?}"),
            }
        }
        let e = Expr::parse("x + 1)").expect_err("error");
        assert_eq!(e.to_string(), "unexpected ')' at column 6");
    }

    #[test]
    fn input_is_bounded() {
        let long = "x+".repeat(250) + "1"; // 501 characters
        assert_eq!(Expr::parse(&long).err().map(|e| e.column), Some(MAX_LEN + 1));
        assert!(Expr::parse(&("x+".repeat(249) + "1")).is_ok()); // 499 characters
        let nested = |d: usize| "(".repeat(d) + "x" + &")".repeat(d);
        assert!(Expr::parse(&nested(MAX_DEPTH)).is_ok());
        let e = Expr::parse(&nested(MAX_DEPTH + 1)).expect_err("too deep");
        assert_eq!(e.column, MAX_DEPTH + 1); // the 65th '('
        assert!(Expr::parse(&"-".repeat(200)).is_err()); // a run of signs is depth too, never a deep recursion
                                                         // the widest tree 500 characters allow still fits the registers (Sethi-Ullman keeps it logarithmic)
        let balanced = (0..6).fold("x".to_string(), |s, _| format!("({s})*({s})"));
        assert!(balanced.len() <= MAX_LEN && parse(&balanced).regs <= REGS);
        assert_eq!(parse(&balanced).eval(1.0, 0.0), 1.0); // 1^64
    }

    #[test]
    fn constants_are_folded() {
        assert_eq!(parse("sin(pi/2) * 2^3 - e^0").tape.len(), 1); // one load: 1*8 - 1 = 7
        assert_eq!(parse("sin(pi/2) * 2^3 - e^0").eval(0.0, 0.0), 7.0); // sin(pi/2) = 1
        assert_eq!(parse("2*pi*x").tape.len(), 2); // load x, multiply by the folded 2pi
        assert_eq!(parse("x^2").tape[1].op, Op::Sq);
        assert_eq!(parse("x^3").tape[1].op, Op::PowI);
    }

    #[test]
    fn source_and_latex() {
        let f = parse(" x^2 + 3y ");
        assert_eq!(f.source(), " x^2 + 3y ");
        let cases: &[(&str, &str)] = &[
            ("x^2 + 3y", "x^{2} + 3y"),
            ("sin(x)/2", "\\frac{\\sin\\left(x\\right)}{2}"),
            ("sqrt(x^2+y^2)", "\\sqrt{x^{2} + y^{2}}"),
            ("-(x+y)^2", "-\\left(x + y\\right)^{2}"),
            ("(-x)^2", "\\left(-x\\right)^{2}"),
            ("-x^2", "-x^{2}"),
            ("x - (y - 1)", "x - \\left(y - 1\\right)"),
            ("x - y - 1", "x - y - 1"),
            ("x + -y", "x + \\left(-y\\right)"),
            ("x*-y", "x \\cdot \\left(-y\\right)"),
            ("(x+1)*y", "\\left(x + 1\\right) \\cdot y"),
            ("2*pi*x", "2 \\cdot \\pi \\cdot x"),
            ("2pi*x", "2\\pi \\cdot x"),
            ("2(x+1)", "2\\left(x + 1\\right)"),
            ("2(3)", "2\\left(3\\right)"),
            ("1/2x", "\\frac{1}{2}x"),
            (
                "abs(x) + exp(y) + log(x) + ln(y)",
                "\\left|x\\right| + \\exp\\left(y\\right) + \\log\\left(x\\right) + \\ln\\left(y\\right)",
            ),
            (
                "tanh(x)*cos(y)*tan(x)",
                "\\tanh\\left(x\\right) \\cdot \\cos\\left(y\\right) \\cdot \\tan\\left(x\\right)",
            ),
            ("1e-3*x", "10^{-3} \\cdot x"),
            ("2.5e3 + .5 + 1.", "2.5 \\times 10^{3} + 0.5 + 1"),
            ("1e3^x", "\\left(10^{3}\\right)^{x}"),
            ("e^(x*y)", "e^{x \\cdot y}"),
            ("x**2^y", "x^{2^{y}}"),
            ("(x^2)^3", "\\left(x^{2}\\right)^{3}"),
            ("sin(x)^2", "\\sin\\left(x\\right)^{2}"),
            ("(x/y)^2", "\\left(\\frac{x}{y}\\right)^{2}"),
            ("--x", "-\\left(-x\\right)"),
            ("x^-2", "x^{-2}"),
        ];
        for &(src, want) in cases {
            assert_eq!(parse(src).to_latex(), want, "{src}");
        }
    }

    #[test]
    fn batch_evaluation_matches_pointwise_bit_for_bit() {
        let xs: Vec<f64> = (0..150).map(|i| -3.0 + 0.04 * i as f64).collect(); // 150 = two full chunks + 22
        let ys: Vec<f64> = (0..7).map(|j| -2.0 + 0.7 * j as f64).collect();
        for src in ["sin(x)*cos(y) + x^2/(1 + y^2)", "log(x) + sqrt(y)", "3", "2^x - y^-3", "abs(x*y)^1.5"] {
            let f = parse(src);
            let mut grid = vec![f64::NAN; xs.len() * ys.len() + 5];
            f.eval_grid(&xs, &ys, &mut grid);
            for (j, &y) in ys.iter().enumerate() {
                for (i, &x) in xs.iter().enumerate() {
                    let (a, b) = (grid[j * xs.len() + i], f.eval(x, y));
                    assert!(a.to_bits() == b.to_bits() || (a.is_nan() && b.is_nan()), "{src} at ({x}, {y})");
                }
            }
            assert!(grid[xs.len() * ys.len()..].iter().all(|v| v.is_nan())); // the tail is left alone
            let mut pts = vec![0.0; xs.len()];
            let yv: Vec<f64> = xs.iter().map(|x| 0.5 - x).collect();
            f.eval_points(&xs, &yv, &mut pts);
            for i in 0..xs.len() {
                let (a, b) = (pts[i], f.eval(xs[i], yv[i]));
                assert!(a.to_bits() == b.to_bits() || (a.is_nan() && b.is_nan()), "{src} point {i}");
            }
        }
        parse("x").eval_grid(&[], &[1.0], &mut [0.0; 4]); // empty rows: nothing to do, no panic
        parse("x").eval_grid(&[1.0, 2.0], &[1.0, 2.0], &mut [0.0; 3]); // short output: one whole row
    }

    /// The surfaces of the PyTorch reference trajectories, typed as their `function_formula`: value and
    /// gradient must match torch's `loss[k]` and autograd `grad[k]` along every trajectory.
    #[test]
    fn matches_pytorch_reference_surfaces() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/reference/pytorch-golden.json");
        let text = std::fs::read_to_string(path).expect("reference file");
        let doc: serde_json::Value = serde_json::from_str(&text).expect("json");
        let runs = doc["optimizers"].as_array().expect("optimizers");
        let num = |v: &serde_json::Value| v.as_f64().expect("number");
        // 1e-9 relative; the 1e-12 absolute floor is for losses and gradients at (numerically) zero
        let agree = |a: f64, b: f64| (a - b).abs() <= 1e-9 * a.abs().max(b.abs()) + 1e-12;
        let mut checked = 0;
        for run in runs {
            let formula = run["function_formula"].as_str().expect("formula");
            // "(a-x)^2 + b*(y-x^2)^2, a=1, b=100": substitute the named parameters
            let mut parts = formula.split(", ");
            let mut src = parts.next().expect("formula").to_string();
            for assignment in parts {
                let (name, val) = assignment.split_once('=').expect("name=value");
                src = src.replace(name.trim(), &format!("({})", val.trim()));
            }
            let f = Expr::parse(&src).unwrap_or_else(|e| panic!("{src}: {e}"));
            let traj = run["trajectory"].as_array().expect("trajectory");
            let loss = run["loss"].as_array().expect("loss");
            let grad = run["grad"].as_array().expect("grad");
            for (k, p) in traj.iter().enumerate() {
                let (x, y) = (num(&p[0]), num(&p[1]));
                if !(x.is_finite() && y.is_finite()) {
                    break;
                }
                let (v, gx, gy) = f.eval_grad(x, y);
                let want = num(&loss[k]);
                if want.is_finite() {
                    assert!(agree(v, want), "{} step {k}: f = {v}, torch {want}", run["id"]);
                }
                if let Some(g) = grad.get(k) {
                    let (wx, wy) = (num(&g[0]), num(&g[1]));
                    if wx.is_finite() && wy.is_finite() {
                        assert!(
                            agree(gx, wx) && agree(gy, wy),
                            "{} step {k}: grad ({gx}, {gy}), torch ({wx}, {wy})",
                            run["id"]
                        );
                    }
                }
                checked += 1;
            }
        }
        assert!(checked > 1000, "only {checked} points checked");
    }

    /// Formulas for the finite-difference property test: every function, every operator form.
    const SMOOTHISH: &[&str] = &[
        "sin(x)*cos(y)",
        "exp(-(x^2 + y^2)/2)",
        "log(1 + x^2 + y^2)",
        "sqrt(x^2 + y^2 + 1)",
        "abs(x) + abs(y - 1)",
        "tanh(x*y)",
        "tan(x/4) - y",
        "x^3 - 3x*y^2",
        "(1 - x)^2 + 100(y - x^2)^2",
        "x^y",
        "2^x * 3^-y",
        "x/(1 + y^2)",
        "1/(x^2 + 1) - 2/y",
        "e^(x*y/4)",
        "pi*x - y",
        "x^2.5 + y",
        "-x^2 + 2y",
        "sqrt(abs(x*y)) + x",
        "x^-2 + y",
        "cos(x)^2 + sin(y)^2",
        "2x + 3(y - 1)",
        "exp(sin(x)) / (2 + cos(y))",
        "log(x^2) * y",
        "abs(sin(3x))*y",
        "(x^2 + y - 11)^2 + (x + y^2 - 7)^2",
        "(1.5 - x + x*y)^2 + (2.25 - x + x*y^2)^2 + (2.625 - x + x*y^3)^2",
        "x**y**0.5",
        "(x - y)/(x + y)",
        "ln(abs(x) + 1)^3",
    ];

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(3000))]

        /// The exact gradient agrees with central differences wherever the function is smooth at the scale of
        /// the stencil (where steps h and 2h give estimates that disagree, the point is a kink or a pole: skipped).
        #[test]
        fn gradient_matches_central_differences(i in 0..SMOOTHISH.len(), x in -3.0f64..3.0, y in -3.0f64..3.0) {
            let f = parse(SMOOTHISH[i]);
            let (v, gx, gy) = f.eval_grad(x, y);
            prop_assume!(v.is_finite() && gx.is_finite() && gy.is_finite());
            let central = |h: f64, dir: (f64, f64)| {
                // formula: f'(p) ~ (f(p + h d) - f(p - h d)) / (2h)
                (f.eval(x + h * dir.0, y + h * dir.1) - f.eval(x - h * dir.0, y - h * dir.1)) / (2.0 * h)
            };
            for (g, dir, p) in [(gx, (1.0, 0.0), x), (gy, (0.0, 1.0), y)] {
                let h = 1e-5 * p.abs().max(1.0);
                let (d1, d2) = (central(h, dir), central(2.0 * h, dir));
                prop_assume!(d1.is_finite() && d2.is_finite());
                // 1e-5 relative; the absolute floor (45 eps (1 + |f|) / h) covers the differences' own rounding
                let tol = |a: f64, b: f64| 1e-5 * a.abs().max(b.abs()) + 1e-14 * (1.0 + v.abs()) / h;
                prop_assume!((d1 - d2).abs() <= tol(d1, d2));
                prop_assert!((g - d1).abs() <= tol(g, d1), "{}: at ({x}, {y}) exact {g}, central {d1}", SMOOTHISH[i]);
            }
        }

        /// Parsing arbitrary text never panics, and errors point inside the input (or one past its end).
        #[test]
        fn parse_never_panics(s in "[-+*/^() .0-9a-z,#]{0,40}") {
            match Expr::parse(&s) {
                Ok(f) => { let _ = (f.eval(0.3, -0.7), f.eval_grad(0.3, -0.7), f.to_latex()); }
                Err(e) => prop_assert!(e.column >= 1 && e.column <= s.chars().count() + 1, "{s:?}: {e}"),
            }
        }
    }
}
