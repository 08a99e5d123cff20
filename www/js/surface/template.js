// The static shadow-DOM skeleton of <descent-surface>. It holds no data: everything a user, an attribute or a URL
// supplies is later set with textContent, value or setAttribute, never as markup.

export const TEMPLATE = `
<div class="root">
  <div class="messages" role="status" aria-live="polite"></div>
  <div class="toolbar">
    <div class="group">
      <label for="surface">Surface</label>
      <select id="surface"></select>
    </div>
    <div class="group kappa-group" hidden></div>
    <div class="group">
      <label for="scale">Colours</label>
      <select id="scale">
        <option value="auto">auto</option>
        <option value="log">log scale</option>
        <option value="linear">linear scale</option>
      </select>
    </div>
    <div class="group" role="group" aria-label="View">
      <button type="button" id="zoom-out" aria-label="Zoom out" title="Zoom out">−</button>
      <button type="button" id="zoom-in" aria-label="Zoom in" title="Zoom in">+</button>
      <button type="button" id="pan" aria-pressed="false" title="Drag to pan (or hold Shift while dragging)">Pan</button>
      <button type="button" id="reset-view">Reset view</button>
    </div>
    <div class="group">
      <label for="view-box">View box</label>
      <input id="view-box" class="view-input" type="text" spellcheck="false" autocomplete="off"
        aria-describedby="view-box-error" title="x_min, x_max, y_min, y_max">
      <span id="view-box-error" class="expr-error" aria-live="polite"></span>
    </div>
    <div class="expr-row" hidden>
      <label for="expr" class="field-label">f(x, y) =</label>
      <div class="expr-line">
        <input id="expr" type="text" spellcheck="false" autocomplete="off" autocapitalize="off"
          aria-describedby="expr-help expr-error">
        <button type="button" id="expr-apply">Apply</button>
      </div>
      <span id="expr-help" class="hint">Use + − * / ^, parentheses, sin cos tan exp log sqrt abs tanh, pi and e.</span>
      <div id="expr-error" class="expr-error" aria-live="polite"></div>
    </div>
  </div>
  <div class="plot">
    <div class="figure" tabindex="0" role="application" aria-roledescription="interactive loss surface"
      aria-label="Loss surface" aria-describedby="figure-help status">
      <canvas class="heat" aria-hidden="true"></canvas>
      <canvas class="colorbar" aria-hidden="true"></canvas>
      <canvas class="overlay" aria-hidden="true"></canvas>
      <div class="overlay-note" hidden></div>
    </div>
    <p id="figure-help" class="visually-hidden">Click or tap to set the start point of every run; drag to move it.
      Arrow keys move the start point, Shift with an arrow pans, plus and minus zoom, 0 resets the view, space plays
      or pauses. Scroll with Ctrl held, or after clicking the plot, to zoom; drag with Shift held or in Pan mode to
      pan; pinch with two fingers to zoom.</p>
    <div class="readout" aria-hidden="true"></div>
    <div class="plot-note" role="note" hidden></div>
  </div>
  <div class="status" id="status"></div>
  <div class="visually-hidden" id="live" aria-live="polite"></div>
  <div class="transport" role="group" aria-label="Playback">
    <button type="button" id="reset" title="Back to step 0">Reset</button>
    <button type="button" id="back" aria-label="Step back" title="Step back">‹</button>
    <button type="button" id="play" class="primary">Play</button>
    <button type="button" id="forward" aria-label="Step forward" title="Step forward">›</button>
    <div class="scrub">
      <label for="scrubber" class="visually-hidden">Step</label>
      <input id="scrubber" type="range" min="0" max="200" step="1" value="0">
      <span class="step-label" aria-hidden="true"></span>
    </div>
    <label for="speed" class="field-label">Speed</label>
    <select id="speed"></select>
  </div>
  <div class="side">
    <section class="panel" aria-labelledby="runs-h">
      <h3 id="runs-h">Runs</h3>
      <ul class="legend"></ul>
      <div class="legend-actions">
        <button type="button" id="add-run">+ Add run</button>
      </div>
    </section>
    <section class="panel editor" aria-labelledby="editor-h">
      <h3 id="editor-h">Run</h3>
      <div class="editor-body"></div>
    </section>
  </div>
  <div class="charts">
    <canvas class="chart" id="loss-chart" role="img" aria-label="Loss versus step for every run"></canvas>
    <canvas class="chart" id="lr-chart" role="img" aria-label="Learning rate versus step for every run"></canvas>
  </div>
  <section class="formula panel" aria-labelledby="formula-h">
    <h3 id="formula-h">Update rule</h3>
    <div class="formula-caption"></div>
    <div class="formula-body">
      <div class="tex" id="tex-sym"></div>
      <div class="tex" id="tex-num"></div>
    </div>
  </section>
  <div class="share">
    <button type="button" id="copy-link">Copy link</button>
    <button type="button" id="copy-embed">Copy embed code</button>
    <span class="copied" aria-live="polite"></span>
    <textarea readonly hidden aria-label="Link or embed code to copy"></textarea>
  </div>
</div>
`;
