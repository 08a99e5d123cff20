// Formula helpers: KaTeX, loaded lazily from www/vendor/katex/ (relative to this file, so it works from any folder),
// and TeX for numbers and 2-vectors.
//
// KaTeX's stylesheet goes into each shadow root that shows formulas. Its @font-face rules must also be known to the
// document (Chromium ignores @font-face inside shadow roots), so the same stylesheet is linked once in the document
// head; it only styles `.katex` elements. Under a strict CSP both are `'self'` stylesheets, and KaTeX uses no eval.

const KATEX_JS = new URL('../../vendor/katex/katex.mjs', import.meta.url);
const KATEX_CSS = new URL('../../vendor/katex/katex.min.css', import.meta.url);

let katexLoading = null;

function cssLink(href) {
  const link = document.createElement('link');
  link.rel = 'stylesheet';
  link.href = href;
  link.dataset.descentKatex = '';
  return link;
}

/** Load KaTeX once; link its stylesheet into `root` (a ShadowRoot) and the document. Resolves to `katex`. */
export function loadKatex(root) {
  if (root && !root.querySelector('link[data-descent-katex]')) root.prepend(cssLink(KATEX_CSS.href));
  if (!document.head.querySelector('link[data-descent-katex]')) document.head.append(cssLink(KATEX_CSS.href));
  if (!katexLoading) {
    katexLoading = import(KATEX_JS.href).then((m) => m.default);
    katexLoading.catch(() => {
      katexLoading = null;
    });
  }
  return katexLoading;
}

/**
 * Render `tex` into `el` (display mode). Formulas here are built from fixed text and numbers only, never from
 * user input; KaTeX builds the DOM itself (no innerHTML) and `trust` stays off.
 */
export function renderTex(katex, tex, el) {
  katex.render(tex, el, { displayMode: true, throwOnError: false, output: 'htmlAndMathml', trust: false, strict: 'ignore' });
}

/** A number in TeX with `digits` significant digits: `0.0123`, `-1.5`, `3.2\times10^{-5}`. */
export function texNum(v, digits = 4) {
  if (typeof v !== 'number' || Number.isNaN(v)) return '\\text{–}';
  if (!Number.isFinite(v)) return v > 0 ? '\\infty' : '-\\infty';
  if (v === 0) return '0';
  const a = Math.abs(v);
  if (a >= 1e5 || a < 1e-3) {
    const [mant, exp] = v.toExponential(digits - 1).split('e');
    const m = mant.includes('.') ? mant.replace(/0+$/, '').replace(/\.$/, '') : mant;
    const e = Number(exp);
    return m === '1' ? `10^{${e}}` : m === '-1' ? `-10^{${e}}` : `${m}{\\times}10^{${e}}`;
  }
  if (a >= 10 ** digits) return String(Math.round(v)); // 10510, not 1.051e+4
  let s = v.toPrecision(digits);
  if (s.includes('.') && !s.includes('e')) s = s.replace(/0+$/, '').replace(/\.$/, '');
  return s;
}

/** A column 2-vector `(a, b)` in TeX. */
export function texVec(a, b, digits = 4) {
  return `\\begin{pmatrix}${texNum(a, digits)}\\\\${texNum(b, digits)}\\end{pmatrix}`;
}

/** A number in parentheses when negative (for products such as `0.9 \cdot (-0.3)`). */
export function texFactor(v, digits = 4) {
  const s = texNum(v, digits);
  return v < 0 ? `(${s})` : s;
}
