// The shadow-root stylesheet of <descent-network> (one constructed sheet shared by every instance). The base (colours
// per theme, buttons, fields, sliders) matches <descent-surface>; the layout follows the element's own width
// (container queries): one column on a phone, controls beside the plot on a tablet, TensorFlow Playground's three
// columns (data and settings, network, output) on a wide page.

export const CSS = `
:host {
  display: block; container-type: inline-size; min-width: 0;
  font: 14px/1.4 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", sans-serif;
}
:host([hidden]) { display: none; }
* { box-sizing: border-box; }
[hidden] { display: none !important; }
.root {
  --ink: #1d2330; --muted: #566074; --bg: #ffffff; --panel: #f4f6fa; --line: #d5dbe5; --accent: #2b59c3;
  --accent-ink: #ffffff; --focus: #1a73e8; --warn-bg: #fff4e5; --warn-ink: #8a4b00; --bad: #b42318; --field: #ffffff;
  color: var(--ink); background: var(--bg); border: 1px solid var(--line); border-radius: 10px;
  padding: clamp(6px, 2cqi, 12px); display: grid; gap: 12px; grid-template-columns: minmax(0, 1fr);
  grid-template-areas: "messages" "transport" "output" "center" "controls" "share";
}
.root.dark {
  --ink: #e6e8ee; --muted: #a5abba; --bg: #11151c; --panel: #1a1f29; --line: #323a48; --accent: #7aa2ff;
  --accent-ink: #0d1117; --focus: #8ab4ff; --warn-bg: #3a2a12; --warn-ink: #ffd596; --bad: #ff8a80; --field: #0d1117;
  color-scheme: dark;
}
.root:not(.dark) { color-scheme: light; }
@container (min-width: 700px) {
  .root {
    grid-template-columns: minmax(260px, 0.8fr) minmax(0, 1.2fr);
    grid-template-areas: "messages messages" "transport transport" "controls output" "controls center" "share share";
    align-items: start;
  }
  .controls { grid-row-end: span 2; }
}
@container (min-width: 1100px) {
  .root {
    grid-template-columns: minmax(270px, 310px) minmax(0, 1fr) minmax(330px, 420px);
    grid-template-areas: "messages messages messages" "transport transport transport" "controls center output" "share share share";
  }
  .controls { grid-row-end: auto; }
}
.messages { grid-area: messages; display: grid; gap: 6px; }
.messages:empty { display: none; }
.message {
  display: flex; gap: 8px; align-items: flex-start; background: var(--warn-bg); color: var(--warn-ink);
  border-radius: 6px; padding: 6px 8px; font-size: 13px; overflow-wrap: anywhere;
}
.message span { flex: 1; }
.muted { color: var(--muted); font-size: 13px; }
select, input[type="text"], textarea {
  font: inherit; color: var(--ink); background: var(--field); border: 1px solid var(--line); border-radius: 6px;
  padding: 4px 7px; min-height: 32px; max-width: 100%;
}
select { padding-right: 4px; }
input.short { width: 7em; }
textarea { width: 100%; font: 12px/1.35 ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; resize: vertical; }
button {
  font: inherit; color: var(--ink); background: var(--panel); border: 1px solid var(--line); border-radius: 6px;
  padding: 4px 10px; min-height: 32px; min-width: 32px; cursor: pointer; white-space: nowrap;
}
button:hover:not(:disabled) { border-color: var(--accent); }
button:disabled { opacity: 0.45; cursor: default; }
button[aria-pressed="true"], button[aria-checked="true"] { background: var(--accent); color: var(--accent-ink); border-color: var(--accent); }
button.primary { background: var(--accent); color: var(--accent-ink); border-color: var(--accent); min-width: 5.5em; }
:focus-visible { outline: 3px solid var(--focus); outline-offset: 2px; }
input[type="range"] { accent-color: var(--accent); min-width: 0; }
input[type="checkbox"], input[type="radio"] { accent-color: var(--accent); width: 18px; height: 18px; margin: 0; }
input[aria-invalid="true"], textarea[aria-invalid="true"] { border-color: var(--bad); box-shadow: 0 0 0 1px var(--bad); }
.visually-hidden {
  position: absolute !important; width: 1px; height: 1px; margin: -1px; padding: 0; overflow: hidden;
  clip: rect(0 0 0 0); white-space: nowrap; border: 0;
}
.hint { font-size: 12px; color: var(--muted); margin: 2px 0; display: block; }
code { font: 12px ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; }
.row { display: flex; flex-wrap: wrap; gap: 6px; align-items: center; }
.field { display: grid; gap: 2px; min-width: 0; }
.field > label { font-size: 13px; color: var(--muted); }
.field.row { display: flex; }
.field-error { color: var(--bad); font-size: 12px; overflow-wrap: anywhere; }
.field-error:empty { display: none; }
.grid2 { display: grid; gap: 8px; grid-template-columns: repeat(auto-fill, minmax(125px, 1fr)); align-items: end; }
.grid2 .field > select { width: 100%; }
.check { display: inline-flex; gap: 6px; align-items: center; font-size: 13px; min-height: 28px; }
fieldset { border: 0; margin: 0; padding: 0; display: grid; gap: 6px; min-width: 0; }
legend { font-size: 13px; color: var(--muted); padding: 0; margin-bottom: 4px; }
.checks { display: flex; flex-wrap: wrap; gap: 4px 12px; }

.transport { grid-area: transport; display: flex; flex-wrap: wrap; gap: 6px 10px; align-items: center; }
.epoch { font-variant-numeric: tabular-nums; min-width: 6.5em; }
.epoch output { font-size: 20px; font-weight: 650; }
.status { flex: 1 1 240px; font-size: 13px; font-weight: 600; min-height: 1.2em; }
.status.stopped { color: var(--warn-ink); }
.status.diverged { color: var(--bad); }

.output { grid-area: output; display: grid; gap: 8px; min-width: 0; }
.plot-tools { display: flex; flex-wrap: wrap; gap: 6px 8px; align-items: center; }
.segmented { display: inline-flex; flex-wrap: wrap; }
.segmented button { border-radius: 0; margin-left: -1px; padding: 2px 8px; font-size: 13px; min-height: 30px; }
.segmented button:first-child { border-radius: 6px 0 0 6px; margin-left: 0; }
.segmented button:last-child { border-radius: 0 6px 6px 0; }
.add-options { display: inline-flex; gap: 6px; align-items: center; }
.add-options input { width: 5em; }
.figure { position: relative; width: 100%; aspect-ratio: 1; touch-action: none; user-select: none; -webkit-user-select: none; border-radius: 4px; }
.figure canvas { position: absolute; left: 0; top: 0; width: 100%; height: 100%; display: block; }
.figure .heat { image-rendering: auto; }
.figure.add, .figure.remove { cursor: crosshair; }
.overlay-note {
  position: absolute; left: 50%; top: 45%; transform: translate(-50%, -50%); pointer-events: none;
  background: rgba(0, 0, 0, 0.72); color: #fff; padding: 6px 10px; border-radius: 6px; font-size: 13px;
  max-width: 80%; text-align: center;
}
.readout { min-height: 1.4em; font: 12px/1.4 ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; color: var(--muted); overflow-wrap: anywhere; }
.legend { display: flex; flex-wrap: wrap; gap: 4px 12px; font-size: 13px; align-items: center; }
.legend .item { display: inline-flex; gap: 5px; align-items: center; }
.swatch { width: 12px; height: 12px; border-radius: 50%; display: inline-block; border: 1px solid rgba(0, 0, 0, 0.4); }
.scale-bar { width: 90px; height: 10px; border-radius: 3px; display: inline-block; border: 1px solid var(--line); }
.part-mark { display: inline-block; width: 10px; height: 10px; margin-right: 5px; border: 2px solid var(--ink); vertical-align: -1px; }
.part-mark.train { border-radius: 50%; background: var(--ink); }
.part-mark.validation { border-radius: 50%; background: transparent; }
.part-mark.test { border-radius: 1px; transform: rotate(45deg) scale(0.85); background: transparent; }
table.metrics { border-collapse: collapse; font-size: 13px; font-variant-numeric: tabular-nums; width: 100%; }
table.metrics th, table.metrics td { padding: 3px 6px; text-align: right; border-bottom: 1px solid var(--line); }
table.metrics th[scope="row"] { text-align: left; font-weight: 500; }
table.metrics thead th { color: var(--muted); font-weight: 500; }
table.metrics tr.empty { color: var(--muted); }
.regression .acc { display: none; }
.confusion { display: grid; gap: 4px; }
.confusion[hidden] { display: none; }
.confusion-head { display: flex; gap: 8px; align-items: center; justify-content: space-between; }
.confusion h3, .panel h3 { margin: 0; font-size: 13px; font-weight: 650; color: var(--muted); text-transform: uppercase; letter-spacing: 0.04em; }
.confusion table { border-collapse: collapse; font-size: 13px; font-variant-numeric: tabular-nums; }
.confusion th, .confusion td { padding: 4px 8px; text-align: center; border: 1px solid var(--line); }
.confusion th { font-weight: 500; color: var(--muted); }
.confusion caption { caption-side: bottom; font-size: 12px; color: var(--muted); text-align: left; padding-top: 3px; }

.center { grid-area: center; display: grid; gap: 10px; min-width: 0; }
.net-wrap { position: relative; min-width: 0; }
.net { width: 100%; display: block; }
.net-readout { min-height: 1.4em; font-size: 12px; color: var(--muted); font-variant-numeric: tabular-nums; }
.charts { display: grid; gap: 8px; grid-template-columns: minmax(0, 1fr); }
@container (min-width: 520px) and (max-width: 699px) { .charts { grid-template-columns: minmax(0, 1fr) minmax(0, 1fr); } }
.chart { width: 100%; height: 160px; display: block; background: var(--bg); border: 1px solid var(--line); border-radius: 6px; }
.chart-legend { grid-column: 1 / -1; display: flex; flex-wrap: wrap; gap: 4px 14px; font-size: 12px; color: var(--muted); }
.chart-legend .line { display: inline-block; width: 16px; height: 3px; border-radius: 2px; vertical-align: middle; margin-right: 4px; }

.controls { grid-area: controls; display: grid; gap: 10px; min-width: 0; }
.panel { background: var(--panel); border: 1px solid var(--line); border-radius: 8px; padding: 10px; display: grid; gap: 10px; min-width: 0; }
.layers { display: grid; gap: 4px; }
.layer { display: flex; gap: 6px; align-items: center; font-size: 13px; }
.layer .name { min-width: 4.5em; color: var(--muted); }
.layer output { min-width: 2.2em; text-align: center; font-variant-numeric: tabular-nums; font-weight: 600; }
.layer button { min-width: 30px; min-height: 28px; padding: 0 6px; }
.slider { display: grid; grid-template-columns: minmax(0, 1fr) 6em; grid-template-areas: "label label" "range text" "error error"; gap: 2px 8px; align-items: center; }
.slider-label { grid-area: label; font-size: 13px; color: var(--muted); }
.slider input[type="range"] { grid-area: range; width: 100%; }
.slider-text { grid-area: text; width: 100%; font-variant-numeric: tabular-nums; font-size: 13px; padding: 3px 6px; }
.slider-error { grid-area: error; color: var(--bad); font-size: 12px; }
.slider-error:empty { display: none; }
.slider.disabled { opacity: 0.5; }
.data-sliders, .optimizer-knobs, .es-sliders, .batch { display: grid; gap: 8px; }
.batch-presets button { font-size: 12px; min-height: 28px; padding: 2px 8px; }
.schedule-edit { display: grid; gap: 4px; }
.schedule-edit button { justify-self: start; }
.edits { font-size: 12px; color: var(--muted); display: flex; gap: 8px; align-items: center; flex-wrap: wrap; }
.csv summary { cursor: pointer; font-size: 13px; }
.csv[open] { display: grid; gap: 6px; }
.csv-errors { font-size: 12px; display: grid; gap: 2px; }
.csv-errors .ok { color: var(--muted); }
.csv-errors .bad { color: var(--bad); }
.csv-errors ul { margin: 0; padding-left: 18px; max-height: 9em; overflow: auto; }

.share { grid-area: share; display: flex; flex-wrap: wrap; gap: 6px; align-items: center; }
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
