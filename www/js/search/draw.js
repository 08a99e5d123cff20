// Canvas drawing of <descent-search>'s views: heatmap panels over the searched box (with axes in the
// hyperparameters' own scales, contours, trial markers and the next trial), one-dimensional posterior and
// acquisition plots, and the hypergradient figure. Pure drawing: every number comes from the caller.

import { HALO } from '../shared/colors.js';
import { formatNumber } from '../shared/format.js';
import { breakPieces } from './localize.js';

const FONT = '11px system-ui, -apple-system, "Segoe UI", Roboto, "PingFang SC", "Noto Sans CJK SC", "Microsoft YaHei", sans-serif';

/** Marker shape of each method (shape and colour both tell them apart). */
export const SHAPES = { grid: 'square', random: 'triangle', bayes: 'circle' };

/** Unit coordinate of a natural value on an axis `{ low, high, scale }`. */
export function toUnit(axis, v) {
  if (axis.scale === 'log') return Math.log(v / axis.low) / Math.log(axis.high / axis.low);
  return (v - axis.low) / (axis.high - axis.low);
}

/** Natural value at a unit coordinate. */
export function fromUnit(axis, u) {
  if (axis.scale === 'log') return axis.low * (axis.high / axis.low) ** u;
  const v = axis.low + u * (axis.high - axis.low);
  return axis.scale === 'integer' ? Math.round(v) : v;
}

/** Ticks `{ u, label }` of an axis: decades on a log axis, "nice" numbers (whole on an integer axis) otherwise. */
export function axisTicks(axis, count, ticks) {
  const out = [];
  if (axis.scale === 'log') {
    const a = Math.ceil(Math.log10(axis.low) - 1e-9);
    const b = Math.floor(Math.log10(axis.high) + 1e-9);
    const every = Math.max(1, Math.ceil((b - a + 1) / Math.max(2, count)));
    for (let k = a; k <= b; k += every) out.push({ u: toUnit(axis, 10 ** k), label: formatNumber(10 ** k, 2) });
    return out;
  }
  const t = ticks(axis.low, axis.high, count);
  for (let i = 0; i < t.values.length; i++) {
    const v = t.values[i];
    if (axis.scale === 'integer' && !Number.isInteger(v)) continue;
    out.push({ u: toUnit(axis, v), label: t.labels[i] });
  }
  return out;
}

/** Size the backing store of `canvas` to its CSS box times `dpr`; returns the CSS size and a 2-D context. */
export function prepare(canvas, dpr) {
  const cssW = canvas.clientWidth || 300;
  const cssH = canvas.clientHeight || 200;
  const w = Math.max(1, Math.round(cssW * dpr));
  const h = Math.max(1, Math.round(cssH * dpr));
  if (canvas.width !== w || canvas.height !== h) {
    canvas.width = w;
    canvas.height = h;
  }
  const ctx = canvas.getContext('2d');
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  ctx.clearRect(0, 0, cssW, cssH);
  ctx.font = FONT;
  return { ctx, cssW, cssH };
}

/** A marker of `shape` at (x, y) with a halo. */
export function marker(ctx, x, y, shape, color, r = 4.5, { ring = false, halo = HALO } = {}) {
  ctx.beginPath();
  if (shape === 'square') ctx.rect(x - r * 0.85, y - r * 0.85, r * 1.7, r * 1.7);
  else if (shape === 'triangle') {
    ctx.moveTo(x, y - r * 1.1);
    ctx.lineTo(x + r, y + r * 0.8);
    ctx.lineTo(x - r, y + r * 0.8);
    ctx.closePath();
  } else ctx.arc(x, y, r, 0, Math.PI * 2);
  ctx.lineWidth = 2;
  ctx.strokeStyle = halo;
  ctx.stroke();
  ctx.fillStyle = color;
  ctx.fill();
  if (ring) {
    ctx.beginPath();
    ctx.arc(x, y, r + 4, 0, Math.PI * 2);
    ctx.lineWidth = 1.5;
    ctx.strokeStyle = color;
    ctx.stroke();
  }
}

/** The five-pointed star of the next trial. */
export function star(ctx, x, y, r = 8) {
  ctx.save();
  ctx.translate(x, y);
  ctx.beginPath();
  for (let i = 0; i < 10; i++) {
    const rr = i % 2 ? r * 0.42 : r;
    const a = -Math.PI / 2 + (i * Math.PI) / 5;
    ctx.lineTo(rr * Math.cos(a), rr * Math.sin(a));
  }
  ctx.closePath();
  ctx.lineWidth = 2.5;
  ctx.strokeStyle = HALO;
  ctx.stroke();
  ctx.fillStyle = '#ffe14d';
  ctx.fill();
  ctx.restore();
}

/** Plot-area margins of a panel of CSS width `w` whose y tick labels are `labels` and title takes `titleLines`. */
function margins(ctx, w, labels, titleLines) {
  let widest = 0;
  for (const l of labels) widest = Math.max(widest, ctx.measureText(l).width);
  return { left: Math.ceil(widest) + 24, right: w < 360 ? 8 : 10, top: 8 + 14 * titleLines, bottom: 36 };
}

/** Split a title into lines of at most `width` pixels (at spaces, or between Chinese characters; a break before
 * "(" or "（" is preferred). */
function titleLines(ctx, title, width) {
  ctx.font = `600 ${FONT}`;
  const out = [];
  let rest = String(title);
  while (rest && ctx.measureText(rest).width > width && out.length < 2) {
    const ends = [];
    let pos = 0;
    for (const piece of breakPieces(rest).slice(0, -1)) ends.push((pos += piece.length));
    let cut = -1;
    for (let k = ends.length - 1; k >= 0; k--) {
      if (ctx.measureText(rest.slice(0, ends[k]).trimEnd()).width <= width) {
        cut = ends[k];
        break;
      }
    }
    if (cut < 0) break;
    const space = rest.lastIndexOf(' (', cut - 1); // a break at a space: cut after it (the old rule, kept)
    const wide = rest.lastIndexOf('（', cut);
    if (space > (cut - 1) * 0.5) cut = space + 1;
    else if (ends.includes(wide) && wide > cut * 0.5) cut = wide;
    out.push(rest.slice(0, cut).trimEnd());
    rest = rest.slice(cut).trimStart();
  }
  out.push(rest);
  ctx.font = FONT;
  return out;
}

function drawTitle(ctx, lines, x, color, maxWidth) {
  ctx.fillStyle = color;
  ctx.textAlign = 'left';
  ctx.textBaseline = 'top';
  ctx.font = `600 ${FONT}`;
  lines.forEach((l, i) => ctx.fillText(l, x, 5 + 14 * i, maxWidth));
  ctx.font = FONT;
}

/**
 * A heatmap panel over the unit square of a 2-D search.
 * @param {HTMLCanvasElement} canvas
 * @param {object} o
 * @param {string} o.title
 * @param {HTMLCanvasElement|null} o.image   the field's pixels (R x R, row 0 = top)
 * @param {Float32Array|null} o.segments     contours in image pixel coordinates
 * @param {number} o.res                     R
 * @param {{name, low, high, scale}[]} o.axes
 * @param {string[]} o.axisLabels
 * @param {{ u: number[], shape: string, color: string, ring?: boolean }[]} o.markers
 * @param {number[]|null} o.next             unit coordinates of the star
 * @param {{ color: string, us: number[][] }[]} [o.rugs]  tick marks of each method's distinct values on the axes
 * @param {string|null} o.note               text in the middle (no image yet)
 * @param {function} o.ticks                 WASM `ticks`
 * @param {object} o.ink                     theme ink (`themeInk`)
 * @param {number} o.dpr
 */
export function drawHeatPanel(canvas, o) {
  const { ctx, cssW, cssH } = prepare(canvas, o.dpr);
  const yTicks = axisTicks(o.axes[1], Math.max(2, Math.floor((cssH - 60) / 50)), o.ticks);
  const lines = titleLines(ctx, o.title, cssW - 12);
  const m = margins(ctx, cssW, yTicks.map((t) => t.label), lines.length);
  const pw = cssW - m.left - m.right;
  const ph = cssH - m.top - m.bottom;
  const x0 = m.left;
  const y0 = m.top;
  const X = (u) => x0 + u * pw;
  const Y = (u) => y0 + (1 - u) * ph;
  drawTitle(ctx, lines, 6, o.ink.text, cssW - 12);

  if (o.image) {
    ctx.imageSmoothingEnabled = true;
    ctx.imageSmoothingQuality = 'high';
    ctx.drawImage(o.image, x0, y0, pw, ph);
  } else {
    ctx.fillStyle = o.ink.grid;
    ctx.fillRect(x0, y0, pw, ph);
  }
  // Contours, scaled from image pixels to the plot.
  if (o.segments && o.segments.length) {
    const sx = pw / o.res;
    const sy = ph / o.res;
    ctx.save();
    ctx.beginPath();
    ctx.rect(x0, y0, pw, ph);
    ctx.clip();
    ctx.beginPath();
    for (let i = 0; i + 3 < o.segments.length; i += 4) {
      ctx.moveTo(x0 + o.segments[i] * sx, y0 + o.segments[i + 1] * sy);
      ctx.lineTo(x0 + o.segments[i + 2] * sx, y0 + o.segments[i + 3] * sy);
    }
    ctx.lineWidth = 0.8;
    ctx.strokeStyle = 'rgba(255,255,255,0.45)';
    ctx.stroke();
    ctx.restore();
  }
  // Axes and ticks.
  ctx.strokeStyle = o.ink.axis;
  ctx.lineWidth = 1;
  ctx.strokeRect(x0 - 0.5, y0 - 0.5, pw + 1, ph + 1);
  ctx.fillStyle = o.ink.muted;
  ctx.textAlign = 'center';
  ctx.textBaseline = 'top';
  for (const t of axisTicks(o.axes[0], Math.max(2, Math.floor(pw / 70)), o.ticks)) {
    if (t.u < -1e-9 || t.u > 1 + 1e-9) continue;
    ctx.fillRect(Math.round(X(t.u)), y0 + ph, 1, 4);
    ctx.fillText(t.label, X(t.u), y0 + ph + 5);
  }
  ctx.fillText(o.axisLabels[0], x0 + pw / 2, y0 + ph + 19, pw);
  ctx.textAlign = 'right';
  ctx.textBaseline = 'middle';
  for (const t of yTicks) {
    if (t.u < -1e-9 || t.u > 1 + 1e-9) continue;
    ctx.fillRect(x0 - 4, Math.round(Y(t.u)), 4, 1);
    ctx.fillText(t.label, x0 - 6, Y(t.u));
  }
  ctx.save();
  ctx.translate(10, y0 + ph / 2);
  ctx.rotate(-Math.PI / 2);
  ctx.textAlign = 'center';
  ctx.textBaseline = 'middle';
  ctx.fillText(o.axisLabels[1], 0, 0, ph);
  ctx.restore();

  // Rugs: each method's distinct values along the axes (inside the frame).
  for (const [k, rug] of (o.rugs ?? []).entries()) {
    ctx.strokeStyle = rug.color;
    ctx.lineWidth = 1.5;
    ctx.beginPath();
    for (const [u0, u1] of rug.us) {
      ctx.moveTo(X(u0), y0 + ph - 1 - k * 5);
      ctx.lineTo(X(u0), y0 + ph - 5 - k * 5);
      ctx.moveTo(x0 + 1 + k * 5, Y(u1));
      ctx.lineTo(x0 + 5 + k * 5, Y(u1));
    }
    ctx.stroke();
  }

  ctx.save();
  ctx.beginPath();
  ctx.rect(x0 - 6, y0 - 6, pw + 12, ph + 12);
  ctx.clip();
  for (const mk of o.markers) marker(ctx, X(mk.u[0]), Y(mk.u[1]), mk.shape, mk.color, 4.2, { ring: mk.ring });
  if (o.next) star(ctx, X(o.next[0]), Y(o.next[1]));
  ctx.restore();

  if (o.note) {
    ctx.fillStyle = o.ink.text;
    ctx.textAlign = 'center';
    ctx.textBaseline = 'middle';
    wrapText(ctx, o.note, x0 + pw / 2, y0 + ph / 2, pw - 20, 15);
  }
}

/** Centred text wrapped to `width` (at spaces, or between Chinese characters). */
function wrapText(ctx, text, cx, cy, width, lh) {
  const lines = [];
  let line = '';
  for (const piece of breakPieces(String(text).replace(/\s+/g, ' ').trim())) {
    if (line && ctx.measureText((line + piece).trimEnd()).width > width) {
      lines.push(line.trimEnd());
      line = piece;
    } else line += piece;
  }
  if (line.trimEnd()) lines.push(line.trimEnd());
  lines.forEach((l, i) => ctx.fillText(l, cx, cy + (i - (lines.length - 1) / 2) * lh));
}

/**
 * A 1-D plot over the unit interval: a band (mean ± 2σ), lines, points and a star.
 * @param {object} o
 * @param {string} o.title
 * @param {{name, low, high, scale}} o.axis
 * @param {string} o.axisLabel
 * @param {ArrayLike<number>} o.unit        x positions (unit coordinates)
 * @param {{ lo: ArrayLike<number>, hi: ArrayLike<number>, color: string }|null} o.band
 * @param {{ values: ArrayLike<number>, color: string, dash?: number[], width?: number }[]} o.lines
 * @param {{ u: number, v: number, shape: string, color: string, ring?: boolean }[]} o.points
 * @param {{ u: number, v: number }|null} o.next
 * @param {string|null} o.note
 */
export function drawCurvePanel(canvas, o) {
  const { ctx, cssW, cssH } = prepare(canvas, o.dpr);
  const lines = titleLines(ctx, o.title, cssW - 12);
  let lo = Infinity;
  let hi = -Infinity;
  const take = (v) => {
    if (Number.isFinite(v)) {
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
  };
  if (o.band) {
    for (const v of o.band.lo) take(v);
    for (const v of o.band.hi) take(v);
  }
  for (const l of o.lines) for (const v of l.values) take(v);
  for (const p of o.points) take(p.v);
  if (!(hi > lo)) {
    const c = Number.isFinite(lo) ? lo : 0;
    lo = c - 1;
    hi = c + 1;
  }
  // Clip a wild band so the data stay readable.
  const pad = (hi - lo) * 0.06;
  lo -= pad;
  hi += pad;
  const yt = o.ticks(lo, hi, Math.max(2, Math.floor((cssH - 60) / 40)));
  const m = margins(ctx, cssW, yt.labels, lines.length);
  m.left -= 12;
  const pw = cssW - m.left - m.right;
  const ph = cssH - m.top - m.bottom;
  const x0 = m.left;
  const y0 = m.top;
  const X = (u) => x0 + u * pw;
  const Y = (v) => y0 + ph - ((v - lo) / (hi - lo)) * ph;
  drawTitle(ctx, lines, 6, o.ink.text, cssW - 12);

  // Grid and y ticks.
  ctx.strokeStyle = o.ink.grid;
  ctx.fillStyle = o.ink.muted;
  ctx.textAlign = 'right';
  ctx.textBaseline = 'middle';
  for (let i = 0; i < yt.values.length; i++) {
    const y = Y(yt.values[i]);
    ctx.beginPath();
    ctx.moveTo(x0, Math.round(y) + 0.5);
    ctx.lineTo(x0 + pw, Math.round(y) + 0.5);
    ctx.stroke();
    ctx.fillText(yt.labels[i], x0 - 5, y);
  }
  ctx.textAlign = 'center';
  ctx.textBaseline = 'top';
  for (const t of axisTicks(o.axis, Math.max(2, Math.floor(pw / 70)), o.ticks)) {
    if (t.u < -1e-9 || t.u > 1 + 1e-9) continue;
    ctx.fillRect(Math.round(X(t.u)), y0 + ph, 1, 4);
    ctx.fillText(t.label, X(t.u), y0 + ph + 5);
  }
  ctx.fillText(o.axisLabel, x0 + pw / 2, y0 + ph + 19, pw);
  ctx.strokeStyle = o.ink.axis;
  ctx.strokeRect(x0 - 0.5, y0 - 0.5, pw + 1, ph + 1);

  ctx.save();
  ctx.beginPath();
  ctx.rect(x0, y0, pw, ph);
  ctx.clip();
  if (o.band && o.band.lo.length) {
    ctx.beginPath();
    for (let i = 0; i < o.unit.length; i++) ctx.lineTo(X(o.unit[i]), Y(o.band.hi[i]));
    for (let i = o.unit.length - 1; i >= 0; i--) ctx.lineTo(X(o.unit[i]), Y(o.band.lo[i]));
    ctx.closePath();
    ctx.fillStyle = o.band.color;
    ctx.fill();
  }
  for (const l of o.lines) {
    if (!l.values.length) continue;
    ctx.beginPath();
    for (let i = 0; i < o.unit.length; i++) ctx.lineTo(X(o.unit[i]), Y(l.values[i]));
    ctx.setLineDash(l.dash ?? []);
    ctx.lineWidth = l.width ?? 1.75;
    ctx.strokeStyle = l.color;
    ctx.stroke();
    ctx.setLineDash([]);
  }
  ctx.restore();
  for (const p of o.points) {
    if (!Number.isFinite(p.v)) continue;
    marker(ctx, X(p.u), Y(p.v), p.shape, p.color, 4, { ring: p.ring, halo: o.ink.bg });
  }
  if (o.next && Number.isFinite(o.next.v)) star(ctx, X(o.next.u), Y(o.next.v), 7);
  if (o.note) {
    ctx.fillStyle = o.ink.muted;
    ctx.textAlign = 'center';
    ctx.textBaseline = 'middle';
    wrapText(ctx, o.note, x0 + pw / 2, y0 + ph / 2, pw - 20, 15);
  }
}

/**
 * The hypergradient figure: the surface's heatmap (an ImageData-filled canvas) and two paths.
 * @param {object} o `{ image, view: [x0, x1, y0, y1], paths: [{ path, color, label }], start, ticks, ink, dpr }`
 */
export function drawSurfacePaths(canvas, o) {
  const { ctx, cssW, cssH } = prepare(canvas, o.dpr);
  const m = { left: 40, right: 8, top: 8, bottom: 24 };
  const pw = cssW - m.left - m.right;
  const ph = cssH - m.top - m.bottom;
  const [vx0, vx1, vy0, vy1] = o.view;
  const X = (x) => m.left + ((x - vx0) / (vx1 - vx0)) * pw;
  const Y = (y) => m.top + ((vy1 - y) / (vy1 - vy0)) * ph;
  if (o.image) {
    ctx.imageSmoothingEnabled = true;
    ctx.drawImage(o.image, m.left, m.top, pw, ph);
  }
  ctx.strokeStyle = o.ink.axis;
  ctx.strokeRect(m.left - 0.5, m.top - 0.5, pw + 1, ph + 1);
  ctx.fillStyle = o.ink.muted;
  ctx.textAlign = 'center';
  ctx.textBaseline = 'top';
  const xt = o.ticks(vx0, vx1, Math.max(2, Math.floor(pw / 80)));
  for (let i = 0; i < xt.values.length; i++) ctx.fillText(xt.labels[i], X(xt.values[i]), m.top + ph + 5);
  ctx.textAlign = 'right';
  ctx.textBaseline = 'middle';
  const yt = o.ticks(vy0, vy1, Math.max(2, Math.floor(ph / 60)));
  for (let i = 0; i < yt.values.length; i++) ctx.fillText(yt.labels[i], m.left - 5, Y(yt.values[i]));
  ctx.save();
  ctx.beginPath();
  ctx.rect(m.left, m.top, pw, ph);
  ctx.clip();
  for (const p of o.paths) {
    const path = p.path;
    for (const [w, c] of [[4, HALO], [2, p.color]]) {
      ctx.beginPath();
      for (let i = 0; i + 1 < path.length; i += 2) ctx.lineTo(X(path[i]), Y(path[i + 1]));
      ctx.lineWidth = w;
      ctx.lineJoin = 'round';
      ctx.strokeStyle = c;
      ctx.stroke();
    }
    // A dot every `every` steps shows the pace.
    const every = Math.max(1, Math.round(path.length / 2 / 30));
    ctx.fillStyle = p.color;
    for (let i = 2 * every; i + 1 < path.length; i += 2 * every) {
      ctx.beginPath();
      ctx.arc(X(path[i]), Y(path[i + 1]), 2.2, 0, Math.PI * 2);
      ctx.fill();
    }
    const n = path.length;
    if (n >= 2) marker(ctx, X(path[n - 2]), Y(path[n - 1]), 'circle', p.color, 4);
  }
  if (o.start) marker(ctx, X(o.start[0]), Y(o.start[1]), 'circle', '#ffffff', 5);
  ctx.restore();
}
