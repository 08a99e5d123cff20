// Plain-text number formatting for labels, readouts and attribute values.

/** `v` with `digits` significant digits, without trailing zeros; exponent form for very small or large numbers. */
export function formatNumber(v, digits = 3) {
  if (typeof v !== 'number' || Number.isNaN(v)) return '–';
  if (!Number.isFinite(v)) return v > 0 ? '∞' : '−∞';
  if (v === 0) return '0';
  const a = Math.abs(v);
  let s;
  if (a >= 1e5 || a < 1e-3) {
    s = v.toExponential(Math.max(0, digits - 1)).replace(/\.?0+e/, 'e').replace('e+', 'e');
  } else if (a >= 10 ** digits) {
    s = String(Math.round(v)); // 1234.5 → "1235", not "1.23e+3"
  } else {
    s = trimZeros(v.toPrecision(digits));
  }
  return s.replace(/^-/, '−');
}

/** Like `formatNumber` but with an ASCII minus sign, for values users may copy into attributes and fields. */
export function formatPlain(v, digits = 6) {
  return formatNumber(v, digits).replace(/−/g, '-');
}

/** Remove trailing zeros after a decimal point (`"1.500"` → `"1.5"`, `"2.000"` → `"2"`). */
export function trimZeros(s) {
  if (!s.includes('.') || s.includes('e')) return s;
  return s.replace(/0+$/, '').replace(/\.$/, '');
}

/** Round to `digits` significant digits (for values coming from slider positions). */
export function roundSignificant(v, digits = 3) {
  if (!Number.isFinite(v) || v === 0) return v;
  return Number(v.toPrecision(digits));
}

/** Shorten a string for a message (user-supplied values can be long). */
export function truncate(s, max = 60) {
  const str = String(s);
  return str.length > max ? `${str.slice(0, max - 1)}…` : str;
}
