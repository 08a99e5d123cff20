// A small canvas line chart: several series over a step axis, a linear or log y axis, a cursor at the current
// step with a dot on each series, and a map from pointer position back to a step (so the chart can scrub).
//
// Ticks come from the caller (`ticks(lo, hi, count) -> { values, labels }`, the WASM `ticks`), so axes look the same
// as the surface's. Values must be finite (the WASM runs end before a non-finite step); a series shorter than the
// axis ended early and is marked with a cross at its last point.

import { formatNumber } from './format.js';

/** Decide the y scale: log when every value is positive and they span more than two decades. */
export function chooseLogScale(seriesList) {
  let lo = Infinity;
  let hi = -Infinity;
  for (const s of seriesList) {
    for (const v of s.values) {
      if (!(v > 0)) return false;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
  }
  return hi > lo && hi / lo > 100;
}

/** `[lo, hi]` of every value (`null` when there are none). */
function extent(seriesList, log) {
  let lo = Infinity;
  let hi = -Infinity;
  for (const s of seriesList) {
    for (const v of s.values) {
      const t = log ? Math.log10(v) : v;
      if (t < lo) lo = t;
      if (t > hi) hi = t;
    }
  }
  if (!(hi >= lo)) return null;
  if (hi === lo) {
    const pad = Math.abs(hi) > 0 ? Math.abs(hi) * 0.1 : 1;
    return [lo - pad, hi + pad];
  }
  const pad = (hi - lo) * 0.05;
  return [lo - pad, hi + pad];
}

/**
 * Draw a chart on `canvas` (sized in CSS pixels by the page; the backing store is scaled by `dpr`).
 * @param {HTMLCanvasElement} canvas
 * @param {object} o
 * @param {{ values: ArrayLike<number>, color: string, label?: string, offset?: number, stopped?: boolean }[]} o.series
 *        `offset`: the step of `values[0]` (0 for losses at points 0..n, 1 for rates of updates 1..n)
 * @param {number} o.steps       x axis from 0 to `steps`
 * @param {number} o.cursor      current step (a vertical line)
 * @param {string} o.title       drawn at the top left
 * @param {string} [o.logNote=' (log scale)']  added to the title when the y axis is logarithmic
 * @param {'auto'|'log'|'linear'} [o.yScale='auto']
 * @param {(lo:number, hi:number, count:number) => {values: ArrayLike<number>, labels: string[]}} o.ticks
 * @param {{ text, muted, grid, axis, bg, cursor }} o.ink
 * @param {number} [o.dpr=1]
 * @returns {{ stepAt(cssX:number): number, log: boolean }}
 */
export function drawLineChart(canvas, o) {
  const dpr = o.dpr ?? 1;
  const cssW = canvas.clientWidth || 300;
  const cssH = canvas.clientHeight || 150;
  const w = Math.max(1, Math.round(cssW * dpr));
  const h = Math.max(1, Math.round(cssH * dpr));
  if (canvas.width !== w || canvas.height !== h) {
    canvas.width = w;
    canvas.height = h;
  }
  const ctx = canvas.getContext('2d');
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  ctx.clearRect(0, 0, cssW, cssH);
  const ink = o.ink;
  const font = '11px system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';
  ctx.font = font;

  const series = o.series.filter((s) => s.values && s.values.length > 0);
  const log = o.yScale === 'log' ? !series.some((s) => Array.prototype.some.call(s.values, (v) => !(v > 0)))
    : o.yScale === 'linear' ? false : chooseLogScale(series);
  const ext = extent(series, log);

  // Left margin fits the widest y label.
  let yTicks = { values: [], labels: [] };
  if (ext) yTicks = log ? logTicks(ext[0], ext[1]) : o.ticks(ext[0], ext[1], Math.max(2, Math.floor(cssH / 40)));
  let labelW = 0;
  for (const l of yTicks.labels) labelW = Math.max(labelW, ctx.measureText(l).width);
  const m = { left: Math.ceil(labelW) + 10, right: 10, top: 20, bottom: 20 };
  const pw = Math.max(10, cssW - m.left - m.right);
  const ph = Math.max(10, cssH - m.top - m.bottom);
  const steps = Math.max(1, o.steps);
  const xOf = (step) => m.left + (step / steps) * pw;
  const yOf = (v) => {
    const t = log ? Math.log10(v) : v;
    return m.top + ph - ((t - ext[0]) / (ext[1] - ext[0])) * ph;
  };

  // Title.
  ctx.fillStyle = ink.text;
  ctx.textBaseline = 'top';
  ctx.textAlign = 'left';
  ctx.font = `600 ${font}`;
  ctx.fillText(o.title + (log ? o.logNote ?? ' (log scale)' : ''), m.left, 3);
  ctx.font = font;

  // Grid and y labels.
  ctx.strokeStyle = ink.grid;
  ctx.lineWidth = 1;
  ctx.fillStyle = ink.muted;
  ctx.textAlign = 'right';
  ctx.textBaseline = 'middle';
  if (ext) {
    for (let i = 0; i < yTicks.values.length; i++) {
      const t = yTicks.values[i];
      const y = m.top + ph - ((t - ext[0]) / (ext[1] - ext[0])) * ph;
      if (y < m.top - 0.5 || y > m.top + ph + 0.5) continue;
      ctx.beginPath();
      ctx.moveTo(m.left, Math.round(y) + 0.5);
      ctx.lineTo(m.left + pw, Math.round(y) + 0.5);
      ctx.stroke();
      ctx.fillText(yTicks.labels[i], m.left - 5, y);
    }
  }
  // x labels.
  const xTicks = o.ticks(0, steps, Math.max(2, Math.floor(pw / 70)));
  ctx.textAlign = 'center';
  ctx.textBaseline = 'top';
  for (let i = 0; i < xTicks.values.length; i++) {
    const x = xOf(xTicks.values[i]);
    if (x < m.left - 0.5 || x > m.left + pw + 0.5) continue;
    ctx.fillText(xTicks.labels[i], x, m.top + ph + 5);
  }
  ctx.strokeStyle = ink.axis;
  ctx.beginPath();
  ctx.moveTo(m.left + 0.5, m.top);
  ctx.lineTo(m.left + 0.5, m.top + ph + 0.5);
  ctx.lineTo(m.left + pw, m.top + ph + 0.5);
  ctx.stroke();

  // Series, clipped to the plot.
  ctx.save();
  ctx.beginPath();
  ctx.rect(m.left, m.top - 2, pw + 2, ph + 4);
  ctx.clip();
  ctx.lineWidth = 1.75;
  ctx.lineJoin = 'round';
  if (ext) {
    for (const s of series) {
      const off = s.offset ?? 0;
      ctx.strokeStyle = s.color;
      ctx.beginPath();
      for (let i = 0; i < s.values.length; i++) {
        const x = xOf(i + off);
        const y = yOf(s.values[i]);
        if (i === 0) ctx.moveTo(x, y);
        else ctx.lineTo(x, y);
      }
      if (s.values.length === 1) ctx.lineTo(xOf(off) + 1, yOf(s.values[0]));
      ctx.stroke();
      if (s.stopped) {
        const last = s.values.length - 1;
        cross(ctx, xOf(last + off), yOf(s.values[last]), 4, s.color);
      }
    }
  }
  ctx.restore();

  // Cursor and the value of each series at it.
  const cursor = Math.min(steps, Math.max(0, o.cursor));
  const cx = xOf(cursor);
  ctx.strokeStyle = ink.cursor;
  ctx.lineWidth = 1.5;
  ctx.beginPath();
  ctx.moveTo(cx, m.top);
  ctx.lineTo(cx, m.top + ph);
  ctx.stroke();
  if (ext) {
    for (const s of series) {
      const i = Math.min(s.values.length - 1, Math.max(0, cursor - (s.offset ?? 0)));
      ctx.fillStyle = s.color;
      ctx.strokeStyle = ink.bg;
      ctx.lineWidth = 1.5;
      ctx.beginPath();
      ctx.arc(xOf(i + (s.offset ?? 0)), yOf(s.values[i]), 3.5, 0, Math.PI * 2);
      ctx.fill();
      ctx.stroke();
    }
  }
  return {
    log,
    stepAt(cssX) {
      return Math.round(Math.min(1, Math.max(0, (cssX - m.left) / pw)) * steps);
    },
  };
}

/** Ticks at powers of ten (every decade, or every few when there are many), in log10 units. */
function logTicks(lo, hi) {
  const a = Math.ceil(lo);
  const b = Math.floor(hi);
  const values = [];
  const labels = [];
  if (b < a) {
    // Less than a decade: label the ends.
    for (const t of [lo, hi]) {
      values.push(t);
      labels.push(formatNumber(10 ** t, 2));
    }
    return { values, labels };
  }
  const every = Math.max(1, Math.ceil((b - a + 1) / 6));
  for (let k = a; k <= b; k += every) {
    values.push(k);
    labels.push(k === 0 ? '1' : k === 1 ? '10' : `1e${k}`);
  }
  return { values, labels };
}

function cross(ctx, x, y, r, color) {
  ctx.strokeStyle = color;
  ctx.lineWidth = 2;
  ctx.beginPath();
  ctx.moveTo(x - r, y - r);
  ctx.lineTo(x + r, y + r);
  ctx.moveTo(x + r, y - r);
  ctx.lineTo(x - r, y + r);
  ctx.stroke();
}
