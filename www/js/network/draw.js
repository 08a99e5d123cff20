// Canvas drawing of <descent-network>: the data points and decision boundary over the heatmap, and the network
// diagram (each neuron's map as a tile, connections coloured by the sign of their weight and as thick as its size).
// The heatmap pixels themselves come from WASM; these functions only draw vectors over them.

import { HALO } from '../shared/colors.js';

const FONT = '11px system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';

/** `#rrggbb` → `[r, g, b]`. */
export function hexRgb(hex) {
  const n = Number.parseInt(String(hex).slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

/** The colour `s` of the way from `a` to `b` (both `[r, g, b]`), as CSS. */
export function mixCss(a, b, s) {
  const c = a.map((v, i) => Math.round(v + s * (b[i] - v)));
  return `rgb(${c[0]}, ${c[1]}, ${c[2]})`;
}

/** The colour of a data point: its class colour, or for regression its target on the orange–blue scale. */
export function pointColor(palette, task, label, limit, dark) {
  if (task === 'classification') return palette.classes[Math.max(0, Math.min(palette.classes.length - 1, Math.round(label)))];
  const t = Math.max(-1, Math.min(1, label / (limit || 1)));
  const neutral = hexRgb(dark ? palette.neutral_dark : palette.neutral_light);
  return mixCss(neutral, hexRgb(palette.classes[t >= 0 ? 1 : 0]), 0.25 + 0.75 * Math.abs(t));
}

/** Add the shape of a point to the current path, per part: training ●, validation ○, test ◇. */
function markPath(ctx, part, x, y, r) {
  if (part === 2) {
    ctx.moveTo(x, y - r * 1.25);
    ctx.lineTo(x + r * 1.25, y);
    ctx.lineTo(x, y + r * 1.25);
    ctx.lineTo(x - r * 1.25, y);
    ctx.closePath();
  } else {
    ctx.moveTo(x + r, y);
    ctx.arc(x, y, r, 0, Math.PI * 2);
  }
}

/**
 * Draw the overlay of the boundary plot: axes, the decision boundary, the data points and the keyboard cursor.
 * @param {CanvasRenderingContext2D} ctx  already scaled to CSS pixels
 * @param {object} o
 * @param {number} o.size        plot side in CSS pixels
 * @param {number[]} o.view      [x_min, x_max, y_min, y_max]
 * @param {object} o.points      `{ x, y, label, part }` from `Trainer.points()`
 * @param {Float32Array} o.lines boundary segments in grid pixels; `o.grid` the grid side
 * @param {object} o.palette, o.task, o.limit, o.dark, o.ink
 * @param {number[]|null} o.cursor   [x, y] in the plane, or null
 * @param {number} o.highlight   a row index to ring (the one a click would remove), or -1
 */
export function drawPlotOverlay(ctx, o) {
  const { size, view, ink } = o;
  const [x0, x1, y0, y1] = view;
  const px = (x) => ((x - x0) / (x1 - x0)) * size;
  const py = (y) => ((y1 - y) / (y1 - y0)) * size;
  ctx.clearRect(0, 0, size, size);
  ctx.font = FONT;

  // Ticks along the edges, inside the plot (it fills the width on a phone).
  ctx.fillStyle = ink.muted;
  ctx.strokeStyle = ink.axis;
  ctx.lineWidth = 1;
  ctx.strokeRect(0.5, 0.5, size - 1, size - 1);
  ctx.textBaseline = 'bottom';
  ctx.textAlign = 'center';
  for (let v = Math.ceil(x0); v <= x1; v += 2) {
    if (v === x0 || v === x1) continue;
    const x = px(v);
    ctx.fillRect(Math.round(x), size - 4, 1, 4);
    ctx.fillText(String(v).replace('-', '−'), x, size - 5);
  }
  ctx.textAlign = 'left';
  ctx.textBaseline = 'middle';
  for (let v = Math.ceil(y0); v <= y1; v += 2) {
    if (v === y0 || v === y1 || v === 0) continue;
    const y = py(v);
    ctx.fillRect(0, Math.round(y), 4, 1);
    ctx.fillText(String(v).replace('-', '−'), 6, y);
  }

  // Decision boundary.
  const lines = o.lines;
  if (lines && lines.length) {
    const k = size / o.grid;
    ctx.save();
    ctx.lineCap = 'round';
    for (const [color, width] of [[o.dark ? 'rgba(0,0,0,0.55)' : 'rgba(255,255,255,0.75)', 3.5], [o.dark ? '#e6e8ee' : '#1d2330', 1.4]]) {
      ctx.strokeStyle = color;
      ctx.lineWidth = width;
      ctx.beginPath();
      for (let i = 0; i + 3 < lines.length; i += 4) {
        ctx.moveTo(lines[i] * k, lines[i + 1] * k);
        ctx.lineTo(lines[i + 2] * k, lines[i + 3] * k);
      }
      ctx.stroke();
    }
    ctx.restore();
  }

  // Points: test and validation under training points. Points of one part and colour share one path (a few
  // fill and stroke calls instead of two per point).
  const p = o.points;
  if (p) {
    const r = size < 300 ? 3 : 3.6;
    const outline = o.dark ? 'rgba(255,255,255,0.9)' : 'rgba(20,24,32,0.85)';
    for (const part of [2, 1, 0]) {
      const groups = new Map();
      for (let i = 0; i < p.x.length; i++) {
        if (p.part[i] !== part) continue;
        const x = px(p.x[i]);
        const y = py(p.y[i]);
        if (x < -5 || y < -5 || x > size + 5 || y > size + 5) continue;
        const color = pointColor(o.palette, o.task, p.label[i], o.limit, o.dark);
        let g = groups.get(color);
        if (!g) groups.set(color, (g = []));
        g.push(x, y);
      }
      for (const [color, xy] of groups) {
        ctx.beginPath();
        for (let k = 0; k < xy.length; k += 2) markPath(ctx, part, xy[k], xy[k + 1], r);
        if (part === 0) {
          ctx.fillStyle = color;
          ctx.fill();
          ctx.lineWidth = 1;
          ctx.strokeStyle = outline;
          ctx.stroke();
        } else {
          ctx.lineWidth = 3;
          ctx.strokeStyle = outline;
          ctx.stroke();
          ctx.lineWidth = 1.6;
          ctx.strokeStyle = color;
          ctx.stroke();
        }
      }
    }
    if (o.highlight >= 0 && o.highlight < p.x.length) {
      ctx.beginPath();
      ctx.arc(px(p.x[o.highlight]), py(p.y[o.highlight]), r + 5, 0, Math.PI * 2);
      ctx.lineWidth = 2;
      ctx.strokeStyle = ink.cursor;
      ctx.stroke();
    }
  }

  if (o.cursor) {
    const [cx, cy] = [px(o.cursor[0]), py(o.cursor[1])];
    ctx.strokeStyle = HALO;
    ctx.lineWidth = 3;
    crossHair(ctx, cx, cy);
    ctx.strokeStyle = ink.cursor;
    ctx.lineWidth = 1.5;
    crossHair(ctx, cx, cy);
  }
}

function crossHair(ctx, x, y) {
  ctx.beginPath();
  ctx.moveTo(x - 9, y);
  ctx.lineTo(x - 3, y);
  ctx.moveTo(x + 3, y);
  ctx.lineTo(x + 9, y);
  ctx.moveTo(x, y - 9);
  ctx.lineTo(x, y - 3);
  ctx.moveTo(x, y + 3);
  ctx.lineTo(x, y + 9);
  ctx.stroke();
}

/**
 * Geometry of the network diagram for a width: each layer a column of square tiles.
 * @returns {{ width, height, tile, cols: { x, ys: number[] }[] }}
 */
export function networkLayout(sizes, width) {
  const n = sizes.length;
  const maxUnits = Math.max(...sizes);
  const left = 40;
  const right = 16;
  const usable = Math.max(60, width - left - right);
  const gapX = usable / Math.max(1, n);
  const tile = Math.max(14, Math.min(40, Math.floor(gapX * 0.42), maxUnits > 10 ? 26 : 40));
  const gapY = Math.max(4, Math.round(tile * 0.22));
  const top = 22;
  const colHeight = (k) => k * tile + (k - 1) * gapY;
  const height = top + colHeight(maxUnits) + 10;
  const cols = sizes.map((k, l) => {
    const x = left + (l + 0.5) * gapX - tile / 2;
    const y0 = top + (colHeight(maxUnits) - colHeight(k)) / 2;
    return { x, ys: Array.from({ length: k }, (_, u) => y0 + u * (tile + gapY)) };
  });
  return { width, height, tile, cols };
}

/**
 * Draw the network: links (weights), tiles (neuron maps from `tiles`, a canvas holding every map stacked
 * vertically, `side` pixels each), labels and the hovered item. `labels`: `features` (one per input), and the
 * column headings `inputs`, `output` and `layer(l)` in the element's language (English when absent).
 * @param {CanvasRenderingContext2D} ctx  scaled to CSS pixels
 */
export function drawNetwork(ctx, o) {
  const { layout, sizes, weights, ink, palette, labels, hover } = o;
  const { tile, cols } = layout;
  ctx.clearRect(0, 0, layout.width, layout.height);
  ctx.font = FONT;
  const pos = hexRgb(palette.classes[1]);
  const neg = hexRgb(palette.classes[0]);

  // Largest |w| sets the thickest link.
  let wmax = 1e-9;
  for (const w of weights ?? []) wmax = Math.max(wmax, Math.abs(w));
  const scale = Math.max(1, wmax);
  let off = 0;
  for (let l = 1; l < sizes.length; l++) {
    const nIn = sizes[l - 1];
    const nOut = sizes[l];
    const a = cols[l - 1];
    const b = cols[l];
    for (let j = 0; j < nOut; j++) {
      for (let i = 0; i < nIn; i++) {
        const w = weights ? weights[off + j * nIn + i] : 0;
        const m = Math.min(1, Math.abs(w) / scale);
        const xa = a.x + tile;
        const ya = a.ys[i] + tile / 2;
        const xb = b.x;
        const yb = b.ys[j] + tile / 2;
        const hot = hover && hover.kind === 'link' && hover.layer === l && hover.i === i && hover.j === j;
        ctx.strokeStyle = `rgba(${(w >= 0 ? pos : neg).join(',')}, ${hot ? 1 : 0.25 + 0.75 * m})`;
        ctx.lineWidth = hot ? 4 : 0.5 + 5 * m;
        const mx = (xa + xb) / 2;
        ctx.beginPath();
        ctx.moveTo(xa, ya);
        ctx.bezierCurveTo(mx, ya, mx, yb, xb, yb);
        ctx.stroke();
      }
    }
    off += nIn * nOut;
  }

  // Tiles.
  let q = 0;
  ctx.imageSmoothingEnabled = true;
  for (let l = 0; l < sizes.length; l++) {
    for (let u = 0; u < sizes[l]; u++, q++) {
      const x = cols[l].x;
      const y = cols[l].ys[u];
      if (o.tiles) ctx.drawImage(o.tiles, 0, q * o.side, o.side, o.side, x, y, tile, tile);
      else {
        ctx.fillStyle = ink.grid;
        ctx.fillRect(x, y, tile, tile);
      }
      const hot = hover && hover.kind === 'neuron' && hover.q === q;
      ctx.strokeStyle = hot ? ink.cursor : ink.axis;
      ctx.lineWidth = hot ? 2.5 : 1;
      ctx.strokeRect(x - 0.5, y - 0.5, tile + 1, tile + 1);
    }
  }

  // Labels: the features left of the inputs, a heading over each column.
  ctx.fillStyle = ink.text;
  ctx.textAlign = 'right';
  ctx.textBaseline = 'middle';
  for (let u = 0; u < sizes[0]; u++) ctx.fillText(labels.features[u] ?? '', cols[0].x - 5, cols[0].ys[u] + tile / 2);
  ctx.textAlign = 'center';
  ctx.textBaseline = 'top';
  ctx.fillStyle = ink.muted;
  const headings = sizes.map((_, l) => (l === 0 ? labels.inputs ?? 'inputs'
    : l === sizes.length - 1 ? labels.output ?? 'output' : labels.layer?.(l) ?? `layer ${l}`));
  // Many layers on a narrow diagram: a smaller font, so that neighbouring headings do not run together.
  let pitch = Infinity;
  for (let l = 1; l < cols.length; l++) pitch = Math.min(pitch, cols[l].x - cols[l - 1].x);
  const widest = Math.max(...headings.map((h) => ctx.measureText(h).width));
  if (widest > pitch - 6) ctx.font = FONT.replace(/^\d+px/, `${Math.max(8, Math.floor((11 * (pitch - 6)) / widest))}px`);
  for (let l = 0; l < sizes.length; l++) ctx.fillText(headings[l], cols[l].x + tile / 2, 4);
  ctx.font = FONT;
}

/** What is under a point of the network diagram: `{ kind: 'neuron', q, layer, unit }`, a link, or null. */
export function networkHit(layout, sizes, x, y) {
  const { tile, cols } = layout;
  let q = 0;
  for (let l = 0; l < sizes.length; l++) {
    for (let u = 0; u < sizes[l]; u++, q++) {
      const tx = cols[l].x;
      const ty = cols[l].ys[u];
      if (x >= tx - 2 && x <= tx + tile + 2 && y >= ty - 2 && y <= ty + tile + 2) return { kind: 'neuron', q, layer: l, unit: u };
    }
  }
  // Links: the closest curve between two columns, within a few pixels.
  for (let l = 1; l < sizes.length; l++) {
    const a = cols[l - 1];
    const b = cols[l];
    const xa = a.x + tile;
    const xb = b.x;
    if (x <= xa || x >= xb) continue;
    let best = null;
    for (let j = 0; j < sizes[l]; j++) {
      for (let i = 0; i < sizes[l - 1]; i++) {
        const ya = a.ys[i] + tile / 2;
        const yb = b.ys[j] + tile / 2;
        const d = distanceToLink(x, y, xa, ya, xb, yb);
        if (d < 5 && (!best || d < best.d)) best = { kind: 'link', layer: l, i, j, d };
      }
    }
    if (best) return best;
  }
  return null;
}

/** Distance from (x, y) to the link curve, by sampling it. */
function distanceToLink(x, y, xa, ya, xb, yb) {
  const mx = (xa + xb) / 2;
  let best = Infinity;
  for (let k = 0; k <= 24; k++) {
    const t = k / 24;
    const u = 1 - t;
    // formula: B(t) = u³ P0 + 3u²t P1 + 3ut² P2 + t³ P3 with P1 = (mx, ya), P2 = (mx, yb)
    const bx = u * u * u * xa + 3 * u * u * t * mx + 3 * u * t * t * mx + t * t * t * xb;
    const by = u * u * u * ya + 3 * u * u * t * ya + 3 * u * t * t * yb + t * t * t * yb;
    best = Math.min(best, Math.hypot(bx - x, by - y));
  }
  return best;
}
