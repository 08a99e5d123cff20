// The shadow-root stylesheet of <descent-search> (one constructed sheet shared by every instance). Layout follows
// the element's own width (container queries): one column on a phone, the four views in a 2 x 2 grid when wide.

export const CSS = `
:host {
  display: block; container-type: inline-size; min-width: 0;
  font: 14px/1.4 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", "PingFang SC", "Noto Sans CJK SC",
    "Microsoft YaHei", sans-serif;
}
:host([hidden]) { display: none; }
* { box-sizing: border-box; }
[hidden] { display: none !important; }
.root {
  --ink: #1d2330; --muted: #566074; --bg: #ffffff; --panel: #f4f6fa; --line: #d5dbe5; --accent: #2b59c3;
  --accent-ink: #ffffff; --focus: #1a73e8; --warn-bg: #fff4e5; --warn-ink: #8a4b00; --bad: #b42318; --field: #ffffff;
  --grid: #b45309; --random: #0369a1; --bayes: #c81e1e; --sgd: #4b5563;
  color: var(--ink); background: var(--bg); border: 1px solid var(--line); border-radius: 10px;
  padding: clamp(6px, 2cqi, 12px); display: grid; gap: 10px; grid-template-columns: minmax(0, 1fr);
  color-scheme: light;
}
.root.dark {
  --ink: #e6e8ee; --muted: #a5abba; --bg: #11151c; --panel: #1a1f29; --line: #323a48; --accent: #7aa2ff;
  --accent-ink: #0d1117; --focus: #8ab4ff; --warn-bg: #3a2a12; --warn-ink: #ffd596; --bad: #ff8a80; --field: #0d1117;
  --grid: #ffa02e; --random: #38d9ff; --bayes: #ff5c5c; --sgd: #f4f4f4;
  color-scheme: dark;
}
.messages { display: grid; gap: 6px; }
.messages:empty { display: none; }
.message {
  display: flex; gap: 8px; align-items: flex-start; background: var(--warn-bg); color: var(--warn-ink);
  border-radius: 6px; padding: 6px 8px; font-size: 13px; overflow-wrap: anywhere;
}
.message span { flex: 1; }
.tabs { display: flex; gap: 4px; border-bottom: 1px solid var(--line); flex-wrap: wrap; }
.tabs [role="tab"] {
  border: 1px solid transparent; border-bottom: none; border-radius: 6px 6px 0 0; background: transparent;
  padding: 6px 12px; font-weight: 600; color: var(--muted); margin-bottom: -1px;
}
.tabs [role="tab"][aria-selected="true"] { color: var(--ink); background: var(--bg); border-color: var(--line); }
@container (max-width: 440px) { .tabs [role="tab"] { padding: 5px 7px; font-size: 13px; } }
.pane { display: grid; gap: 10px; min-width: 0; }
.toolbar, .transport { display: flex; flex-wrap: wrap; gap: 8px 14px; align-items: center; }
.group { display: flex; flex-wrap: wrap; gap: 6px; align-items: center; min-width: 0; }
.group.wide { flex: 1 1 100%; }
label, .field-label { font-size: 13px; color: var(--muted); }
select, input[type="text"], textarea {
  font: inherit; color: var(--ink); background: var(--field); border: 1px solid var(--line); border-radius: 6px;
  padding: 4px 7px; min-height: 32px; max-width: 100%;
}
input.short { width: 6em; font-variant-numeric: tabular-nums; }
textarea { width: 100%; font: 12px/1.35 ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; resize: vertical; }
button {
  font: inherit; color: var(--ink); background: var(--panel); border: 1px solid var(--line); border-radius: 6px;
  padding: 4px 10px; min-height: 32px; min-width: 32px; cursor: pointer; white-space: nowrap;
}
button:hover:not(:disabled) { border-color: var(--accent); }
button:disabled { opacity: 0.45; cursor: default; }
button.primary { background: var(--accent); color: var(--accent-ink); border-color: var(--accent); min-width: 4.5em; }
:focus-visible { outline: 3px solid var(--focus); outline-offset: 2px; }
input[type="range"] { accent-color: var(--accent); min-width: 0; }
input[type="checkbox"] { accent-color: var(--accent); width: 18px; height: 18px; margin: 0; }
input[aria-invalid="true"], textarea[aria-invalid="true"] { border-color: var(--bad); box-shadow: 0 0 0 1px var(--bad); }
.check { display: inline-flex; gap: 6px; align-items: center; font-size: 13px; color: var(--ink); }
fieldset.methods { border: 0; margin: 0; padding: 0; gap: 4px 12px; }
.mark { display: inline-block; width: 11px; height: 11px; border: 2px solid currentColor; }
.mark.grid { color: var(--grid); background: var(--grid); }
.mark.random { color: var(--random); background: var(--random); clip-path: polygon(50% 0, 100% 100%, 0 100%); border: 0; width: 13px; height: 12px; }
.mark.bayes { color: var(--bayes); background: var(--bayes); border-radius: 50%; }
.progress { font-variant-numeric: tabular-nums; color: var(--muted); font-size: 13px; min-width: 7em; }
.error { color: var(--bad); font-size: 13px; }
.error:empty { display: none; }
.visually-hidden {
  position: absolute !important; width: 1px; height: 1px; margin: -1px; padding: 0; overflow: hidden;
  clip: rect(0 0 0 0); white-space: nowrap; border: 0;
}
.status { font-weight: 600; min-height: 1.4em; margin: 0; }

.panels { display: grid; gap: 10px; grid-template-columns: minmax(0, 1fr); }
@container (min-width: 700px) { .panels { grid-template-columns: minmax(0, 1fr) minmax(0, 1fr); } }
.panels.one-d { grid-template-columns: minmax(0, 1fr); }
.panels.no-bo { grid-template-columns: minmax(0, 1fr); max-width: 640px; }
.panel-fig { margin: 0; min-width: 0; }
.panel-canvas {
  display: block; width: 100%; height: 300px; background: var(--bg); border: 1px solid var(--line); border-radius: 6px;
}
.legend-line { margin: 0; font-size: 12px; color: var(--muted); }
.map-row { display: flex; flex-wrap: wrap; gap: 6px 10px; align-items: center; font-size: 13px; color: var(--muted); }

.lower { display: grid; gap: 10px; grid-template-columns: minmax(0, 1fr); align-items: start; }
@container (min-width: 900px) { .lower { grid-template-columns: minmax(0, 1.1fr) minmax(0, 0.9fr); } }
.table-wrap { overflow-x: auto; min-width: 0; }
table.summary { border-collapse: collapse; width: 100%; font-size: 13px; font-variant-numeric: tabular-nums; }
table.summary caption { text-align: left; font-size: 13px; font-weight: 650; color: var(--muted); padding-bottom: 4px; }
table.summary th, table.summary td { text-align: left; padding: 4px 8px 4px 0; border-bottom: 1px solid var(--line); vertical-align: top; }
table.summary th { font-weight: 600; color: var(--muted); font-size: 12px; }
table.summary td.few { color: var(--bad); font-weight: 700; }
@container (max-width: 480px) { table.summary .at { display: none; } }
.chart-box { min-width: 0; }
.chart-legend { display: flex; flex-wrap: wrap; gap: 2px 14px; margin: 4px 0 0; font-size: 12px; color: var(--muted); }
.chart-legend .line { display: inline-block; width: 16px; height: 3px; border-radius: 2px; margin-right: 5px; vertical-align: middle; }
.line.hd { background: var(--grid); } .line.sgd { background: var(--sgd); }
.line.grid { background: var(--grid); } .line.random { background: var(--random); } .line.bayes { background: var(--bayes); }
.chart { width: 100%; height: 190px; display: block; background: var(--bg); border: 1px solid var(--line); border-radius: 6px; }

.settings { background: var(--panel); border: 1px solid var(--line); border-radius: 8px; padding: 8px 10px; }
.settings > summary { cursor: pointer; font-weight: 600; font-size: 13px; }
.settings-body { display: flex; flex-wrap: wrap; gap: 10px 18px; align-items: center; margin-top: 8px; }
.settings-body .slot { flex: 1 1 220px; min-width: 0; }
.gp-readout { margin: 8px 0 0; font: 12px/1.4 ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; color: var(--muted); overflow-wrap: anywhere; }
.gp-readout:empty { display: none; }

.slider { display: grid; grid-template-columns: minmax(0, 1fr) 6.5em; grid-template-areas: "label label" "range text" "error error"; gap: 2px 8px; align-items: center; min-width: 190px; }
.toolbar .slider, .transport .slider { flex: 1 1 200px; max-width: 320px; }
.slider-label { grid-area: label; font-size: 13px; color: var(--muted); }
.slider input[type="range"] { grid-area: range; width: 100%; }
.slider-text { grid-area: text; width: 100%; font-variant-numeric: tabular-nums; font-size: 13px; padding: 3px 6px; }
.slider-error { grid-area: error; color: var(--bad); font-size: 12px; }
.slider-error:empty { display: none; }
.slider.disabled { opacity: 0.5; }

.explain { margin: 0; font-size: 13.5px; color: var(--ink); max-width: 75ch; }
.hd-grid { display: grid; gap: 10px; grid-template-columns: minmax(0, 1fr); }
@container (min-width: 760px) { .hd-grid { grid-template-columns: minmax(0, 1.1fr) minmax(0, 0.9fr); } }
.hd-canvas { display: block; width: 100%; height: 340px; border: 1px solid var(--line); border-radius: 6px; background: var(--bg); }
.hd-charts { display: grid; gap: 10px; align-content: start; }
.hd-charts .chart { height: 165px; }

.share { display: flex; flex-wrap: wrap; gap: 6px; align-items: center; }
.share textarea { flex: 1 1 100%; min-height: 4.5em; }
.share .copied { font-size: 13px; color: var(--muted); }
`;

let sheet = null;

/** Attach the stylesheet to a shadow root (a shared constructed sheet; a <style> element where unsupported). */
export function adoptStyles(root) {
  if ('adoptedStyleSheets' in root && typeof CSSStyleSheet === 'function' && 'replaceSync' in CSSStyleSheet.prototype) {
    if (!sheet) {
      sheet = new CSSStyleSheet();
      sheet.replaceSync(CSS);
    }
    root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
  } else {
    const style = document.createElement('style');
    style.textContent = CSS;
    root.append(style);
  }
}
