// The shadow-root stylesheet of <descent-surface> (one constructed sheet shared by every instance).
// Layout follows the element's own width (container queries), so it works in a narrow column or a wide page.

export const CSS = `
:host {
  display: block;
  container-type: inline-size;
  font: 14px/1.4 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", "PingFang SC", "Noto Sans CJK SC",
    "Microsoft YaHei", sans-serif;
  color: var(--ink);
  min-width: 0;
}
:host([hidden]) { display: none; }
* { box-sizing: border-box; }
[hidden] { display: none !important; }
.root {
  --ink: #1d2330; --muted: #566074; --bg: #ffffff; --panel: #f4f6fa; --line: #d5dbe5; --accent: #2b59c3;
  --accent-ink: #ffffff; --focus: #1a73e8; --warn-bg: #fff4e5; --warn-ink: #8a4b00; --bad: #b42318;
  --field: #ffffff;
  color: var(--ink); background: var(--bg); border: 1px solid var(--line); border-radius: 10px; padding: 10px;
  display: grid; gap: 10px; grid-template-columns: minmax(0, 1fr);
  padding: clamp(6px, 2cqi, 10px);
  grid-template-areas: "messages" "toolbar" "plot" "status" "transport" "side" "charts" "formula" "share";
}
.root.dark {
  --ink: #e6e8ee; --muted: #a5abba; --bg: #11151c; --panel: #1a1f29; --line: #323a48; --accent: #7aa2ff;
  --accent-ink: #0d1117; --focus: #8ab4ff; --warn-bg: #3a2a12; --warn-ink: #ffd596; --bad: #ff8a80; --field: #0d1117;
  color-scheme: dark;
}
.root:not(.dark) { color-scheme: light; }
@container (min-width: 880px) {
  .root {
    grid-template-columns: minmax(0, 1fr) minmax(290px, 340px);
    grid-template-areas:
      "messages messages" "toolbar toolbar" "plot side" "status side" "transport side" "charts side"
      "formula formula" "share share";
    align-items: start;
  }
  .side { grid-row-end: span 4; }
}
.messages { grid-area: messages; display: grid; gap: 6px; }
.messages:empty { display: none; }
.message {
  display: flex; gap: 8px; align-items: flex-start; background: var(--warn-bg); color: var(--warn-ink);
  border-radius: 6px; padding: 6px 8px; font-size: 13px; overflow-wrap: anywhere;
}
.message span { flex: 1; }
.toolbar { grid-area: toolbar; display: flex; flex-wrap: wrap; gap: 8px 14px; align-items: center; }
.group { display: flex; flex-wrap: wrap; gap: 6px; align-items: center; }
.toolbar label, .field-label { font-size: 13px; color: var(--muted); }
select, input[type="text"], textarea {
  font: inherit; color: var(--ink); background: var(--field); border: 1px solid var(--line); border-radius: 6px;
  padding: 5px 7px; min-height: 32px;
}
select { padding-right: 4px; max-width: 100%; }
button {
  font: inherit; color: var(--ink); background: var(--panel); border: 1px solid var(--line); border-radius: 6px;
  padding: 4px 10px; min-height: 32px; min-width: 32px; cursor: pointer; white-space: nowrap;
}
button:hover:not(:disabled) { border-color: var(--accent); }
button:disabled { opacity: 0.45; cursor: default; }
button[aria-pressed="true"] { background: var(--accent); color: var(--accent-ink); border-color: var(--accent); }
button.primary { background: var(--accent); color: var(--accent-ink); border-color: var(--accent); }
:focus-visible { outline: 3px solid var(--focus); outline-offset: 2px; }
input[type="range"] { accent-color: var(--accent); min-width: 0; }
input[type="checkbox"] { accent-color: var(--accent); width: 18px; height: 18px; margin: 0; }
.visually-hidden {
  position: absolute !important; width: 1px; height: 1px; margin: -1px; padding: 0; overflow: hidden;
  clip: rect(0 0 0 0); white-space: nowrap; border: 0;
}

.expr-row { grid-column: 1 / -1; display: grid; gap: 4px; width: 100%; }
.expr-row[hidden] { display: none; }
.expr-line { display: flex; gap: 6px; align-items: center; flex-wrap: wrap; }
.expr-line input { flex: 1 1 220px; font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; }
.expr-error { color: var(--bad); font-size: 13px; }
.expr-error pre { margin: 2px 0 0; font: 13px/1.3 ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; overflow-x: auto; }
.view-input { width: 15em; max-width: 100%; font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; font-size: 13px; }
input[aria-invalid="true"] { border-color: var(--bad); box-shadow: 0 0 0 1px var(--bad); }

.plot { grid-area: plot; position: relative; min-width: 0; }
.figure {
  position: relative; width: 100%; touch-action: none; user-select: none; -webkit-user-select: none;
  border-radius: 6px; outline-offset: 3px;
}
.figure canvas { position: absolute; left: 0; top: 0; display: block; }
.figure .heat { image-rendering: auto; }
.figure.pan { cursor: grab; }
.figure.panning { cursor: grabbing; }
.figure.dragging { cursor: crosshair; }
.figure:not(.pan) { cursor: crosshair; }
.overlay-note {
  position: absolute; left: 50%; top: 45%; transform: translate(-50%, -50%); pointer-events: none;
  background: rgba(0, 0, 0, 0.72); color: #fff; padding: 6px 10px; border-radius: 6px; font-size: 13px;
  max-width: 80%; text-align: center;
}
.overlay-note[hidden] { display: none; }
.readout {
  min-height: 1.4em; font: 12px/1.4 ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; color: var(--muted);
  overflow-wrap: anywhere; margin-top: 4px;
}
.plot-note { color: var(--warn-ink); background: var(--warn-bg); border-radius: 6px; padding: 4px 8px; font-size: 13px; margin-top: 4px; }
.plot-note[hidden] { display: none; }

.status { grid-area: status; font-weight: 600; min-height: 1.4em; }
.transport { grid-area: transport; display: flex; flex-wrap: wrap; gap: 6px 8px; align-items: center; }
.transport .scrub { flex: 1 1 160px; display: flex; align-items: center; gap: 6px; min-width: 0; }
.transport .scrub input { flex: 1; }
.step-label { font-variant-numeric: tabular-nums; color: var(--muted); font-size: 13px; min-width: 6.5em; }
.transport .slider { flex: 1 1 220px; }

.side { grid-area: side; display: grid; gap: 10px; min-width: 0; }
.panel { background: var(--panel); border: 1px solid var(--line); border-radius: 8px; padding: 8px; min-width: 0; }
.panel h3 { margin: 0 0 6px; font-size: 13px; font-weight: 650; color: var(--muted); text-transform: uppercase; letter-spacing: 0.04em; }
/* Chinese headings: no capitals to make (and "Adam" stays "Adam"). */
.root.zh .panel h3 { text-transform: none; letter-spacing: 0; }
.legend { list-style: none; margin: 0; padding: 0; display: grid; gap: 4px; }
.legend li { display: flex; gap: 4px; align-items: stretch; }
.legend .run {
  flex: 1; display: grid; grid-template-columns: auto 1fr; column-gap: 8px; text-align: left; padding: 4px 8px;
  background: var(--bg); min-width: 0; white-space: normal;
}
.legend .run[aria-pressed="true"] { background: var(--bg); color: var(--ink); border-color: var(--accent); box-shadow: inset 3px 0 0 var(--accent); }
.swatch { width: 14px; height: 14px; border-radius: 50%; border: 2px solid rgba(0, 0, 0, 0.55); align-self: center; grid-row: span 2; }
.run-name { font-weight: 600; overflow-wrap: anywhere; }
.run-detail { font-size: 12px; color: var(--muted); font-variant-numeric: tabular-nums; }
.run-detail.diverged { color: var(--bad); font-weight: 600; }
.legend .remove { padding: 0 8px; }
.legend-actions { display: flex; gap: 6px; margin-top: 6px; flex-wrap: wrap; }

.editor { display: grid; gap: 8px; }
.editor-row { display: flex; gap: 8px; align-items: center; flex-wrap: wrap; }
.slider { display: grid; grid-template-columns: minmax(0, 1fr) 6.5em; grid-template-areas: "label label" "range text" "error error"; gap: 2px 8px; align-items: center; }
.slider-label { grid-area: label; font-size: 13px; color: var(--muted); }
.slider input[type="range"] { grid-area: range; width: 100%; }
.slider-text { grid-area: text; width: 100%; font-variant-numeric: tabular-nums; font-size: 13px; padding: 3px 6px; }
.slider-error { grid-area: error; color: var(--bad); font-size: 12px; }
.slider-error:empty { display: none; }
.slider.disabled { opacity: 0.5; }
.checks { display: flex; flex-wrap: wrap; gap: 6px 14px; }
.check { display: inline-flex; gap: 6px; align-items: center; font-size: 13px; }
.hint { font-size: 12px; color: var(--muted); }
.run-warning { font-size: 12px; color: var(--warn-ink); background: var(--warn-bg); border-radius: 6px; padding: 4px 6px; overflow-wrap: anywhere; }
.run-warning:empty { display: none; }
.schedule-fields { display: grid; gap: 6px; grid-template-columns: repeat(auto-fill, minmax(120px, 1fr)); }
.schedule-fields label { display: grid; gap: 2px; font-size: 12px; color: var(--muted); align-content: start; }
.schedule-fields label.check { display: flex; align-self: end; min-height: 28px; }
.schedule-fields input[type="text"] { width: 100%; font-size: 13px; padding: 3px 6px; min-height: 28px; }
.schedule-json { width: 100%; font: 12px/1.3 ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; min-height: 3.2em; resize: vertical; }
details > summary { cursor: pointer; font-size: 13px; color: var(--muted); }

.charts { grid-area: charts; display: grid; gap: 8px; grid-template-columns: minmax(0, 1fr); }
@container (min-width: 560px) { .charts { grid-template-columns: minmax(0, 1fr) minmax(0, 1fr); } }
.chart { width: 100%; height: 150px; display: block; background: var(--bg); border: 1px solid var(--line); border-radius: 6px; touch-action: pan-y; cursor: ew-resize; }

.formula { grid-area: formula; min-width: 0; }
.formula h3 { margin: 0 0 4px; }
.formula-body { display: grid; gap: 4px; grid-template-columns: minmax(0, 1fr); }
@container (min-width: 880px) { .formula-body { grid-template-columns: minmax(0, 0.8fr) minmax(0, 1.2fr); gap: 12px; } }
.tex { overflow-x: auto; overflow-y: hidden; padding: 2px 0; min-height: 2em; }
.tex .katex-display { margin: 0.3em 0; }
.tex .katex { font-size: 1.02em; }
@container (max-width: 420px) { .tex .katex { font-size: 0.88em; } }
.formula-caption { font-size: 12px; color: var(--muted); }

.share { grid-area: share; display: flex; flex-wrap: wrap; gap: 6px; align-items: center; }
.share textarea { flex: 1 1 100%; font: 12px/1.3 ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; min-height: 4.5em; resize: vertical; }
.share textarea[hidden] { display: none; }
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
