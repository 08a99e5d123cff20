// Colours shared by the widgets: one per run (up to six), and the ink of canvas text and grids per theme.
//
// Paths are drawn over a viridis-like heatmap whose low values (where runs end) are dark purple and high values
// yellow, so run colours are bright and drawn over a dark halo. On a chart's plain background the same hue is used
// in a deeper shade in light mode (a white path would vanish on white).

/** The number of run colours (and of runs an element shows at once). */
export const MAX_RUNS = 6;

const RUNS = [
  { name: 'red', bright: '#ff5c5c', deep: '#c81e1e' },
  { name: 'cyan', bright: '#38d9ff', deep: '#0369a1' },
  { name: 'orange', bright: '#ffa02e', deep: '#b45309' },
  { name: 'pink', bright: '#ff73e0', deep: '#a21caf' },
  { name: 'lime', bright: '#b8f03c', deep: '#4d7c0f' },
  // White last: light contour lines are white too.
  { name: 'white', bright: '#f4f4f4', deep: '#4b5563' },
];

/** The colour of run `i` over the heatmap (the same in both themes). */
export function runColor(i) {
  return RUNS[((i % RUNS.length) + RUNS.length) % RUNS.length].bright;
}

/** The colour of run `i` on a chart or legend of the given theme. */
export function runInk(i, dark) {
  const c = RUNS[((i % RUNS.length) + RUNS.length) % RUNS.length];
  return dark ? c.bright : c.deep;
}

/** The name of run `i`'s colour (for text descriptions). */
export function runColorName(i) {
  return RUNS[((i % RUNS.length) + RUNS.length) % RUNS.length].name;
}

/** Halo under paths and markers on the heatmap. */
export const HALO = 'rgba(10, 10, 20, 0.75)';

/** Canvas ink per theme: text, muted text, grid lines, axis lines, background, cursor. */
export function themeInk(dark) {
  return dark
    ? { text: '#e6e8ee', muted: '#a5abba', grid: 'rgba(255,255,255,0.10)', axis: 'rgba(255,255,255,0.35)', bg: '#161a22', cursor: '#ffd166' }
    : { text: '#1d2330', muted: '#566074', grid: 'rgba(0,0,0,0.08)', axis: 'rgba(0,0,0,0.35)', bg: '#ffffff', cursor: '#b7791f' };
}
