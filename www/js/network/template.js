// The static shadow-DOM skeleton of <descent-network>. It holds no data: everything a user, an attribute or a URL
// supplies is later set with textContent, value or setAttribute, never as markup.

export const TEMPLATE = `
<div class="root">
  <div class="messages" role="status" aria-live="polite"></div>
  <div class="transport" role="group" aria-label="Training">
    <button type="button" id="reset" title="New initial weights from the seed, epoch 0">Reset</button>
    <button type="button" id="play" class="primary" aria-pressed="false">Train</button>
    <button type="button" id="step" title="Train one epoch">Step</button>
    <div class="epoch" aria-live="off"><span class="muted">Epoch</span> <output id="epoch-count">0</output></div>
    <label for="speed" class="muted">Speed</label>
    <select id="speed"></select>
    <div class="status" id="status"></div>
  </div>

  <div class="output">
    <div class="figure" tabindex="0" role="application" aria-roledescription="decision boundary and data"
      aria-label="Decision boundary and data points" aria-describedby="figure-help">
      <canvas class="heat" aria-hidden="true"></canvas>
      <canvas class="overlay" aria-hidden="true"></canvas>
      <div class="overlay-note" hidden></div>
    </div>
    <p id="figure-help" class="visually-hidden">The colours show what the network predicts at each point; the dots
      are the data. Arrow keys move a cursor over the plot and read the prediction there. In "add points" mode,
      Enter adds a point at the cursor; in "remove points" mode, Enter removes the nearest point. Space starts or
      pauses training.</p>
    <div class="plot-tools">
      <span class="muted" id="mode-label">Click on the plot to</span>
      <div class="segmented" role="radiogroup" aria-labelledby="mode-label" id="modes">
        <button type="button" role="radio" data-mode="inspect" aria-checked="true">read it</button>
        <button type="button" role="radio" data-mode="add" aria-checked="false">add points</button>
        <button type="button" role="radio" data-mode="remove" aria-checked="false">remove points</button>
      </div>
      <div class="add-options" hidden>
        <label for="add-class" class="muted add-class-label">of class</label>
        <select id="add-class"></select>
        <label for="add-value" class="muted add-value-label" hidden>with target</label>
        <input id="add-value" type="text" inputmode="decimal" value="1" hidden>
      </div>
    </div>
    <div class="readout" aria-live="polite"></div>
    <div class="legend" id="legend"></div>
    <label class="check"><input type="checkbox" id="discretize"> Show the predicted class only (discretize)</label>
    <table class="metrics" aria-label="Loss and accuracy per part of the data">
      <thead><tr><th scope="col"></th><th scope="col">rows</th><th scope="col">loss</th><th scope="col" class="acc">accuracy</th></tr></thead>
      <tbody>
        <tr data-part="train"><th scope="row"><span class="part-mark train" aria-hidden="true"></span>training</th><td class="n"></td><td class="l"></td><td class="a acc"></td></tr>
        <tr data-part="validation"><th scope="row"><span class="part-mark validation" aria-hidden="true"></span>validation</th><td class="n"></td><td class="l"></td><td class="a acc"></td></tr>
        <tr data-part="test"><th scope="row"><span class="part-mark test" aria-hidden="true"></span>test</th><td class="n"></td><td class="l"></td><td class="a acc"></td></tr>
      </tbody>
    </table>
    <section class="confusion" aria-labelledby="confusion-h">
      <div class="confusion-head">
        <h3 id="confusion-h">Confusion matrix</h3>
        <label for="confusion-part" class="visually-hidden">Rows to count</label>
        <select id="confusion-part">
          <option value="test">test rows</option>
          <option value="validation">validation rows</option>
          <option value="train">training rows</option>
        </select>
      </div>
      <div class="confusion-body"></div>
    </section>
  </div>

  <div class="center">
    <div class="net-wrap">
      <canvas class="net" role="img" aria-label="The network"></canvas>
      <div class="net-readout" aria-live="polite"></div>
    </div>
    <div class="charts">
      <canvas class="chart" id="loss-chart" role="img" aria-label="Loss per epoch"></canvas>
      <canvas class="chart" id="acc-chart" role="img" aria-label="Accuracy per epoch"></canvas>
      <div class="chart-legend" id="chart-legend"></div>
    </div>
  </div>

  <div class="controls">
    <section class="panel" aria-labelledby="data-h">
      <h3 id="data-h">Data</h3>
      <div class="field"><label for="dataset">Data set</label><select id="dataset"></select></div>
      <div class="data-sliders"></div>
      <div class="field row">
        <label for="data-seed">Data seed</label>
        <input id="data-seed" type="text" inputmode="numeric" class="short">
        <button type="button" id="new-data" title="Draw new points (another data seed)">New points</button>
      </div>
      <div class="edits" hidden>
        <span class="edits-text"></span>
        <button type="button" id="clear-edits">Undo my points</button>
      </div>
      <details class="csv" id="csv-box">
        <summary>Paste your own data (CSV)</summary>
        <label for="csv-text" class="hint">One point per line: <code>x,y,label</code> (x and y between about −6 and 6; a
          label is a class number 0, 1, 2, … or a real target for regression). A header line and lines starting
          with # are skipped.</label>
        <textarea id="csv-text" rows="6" spellcheck="false" aria-describedby="csv-errors"></textarea>
        <div class="row">
          <label for="csv-task">Labels are</label>
          <select id="csv-task">
            <option value="auto">detected</option>
            <option value="classification">classes</option>
            <option value="regression">real targets</option>
          </select>
          <button type="button" id="csv-load">Load</button>
        </div>
        <div id="csv-errors" class="csv-errors" aria-live="polite"></div>
      </details>
    </section>

    <section class="panel" aria-labelledby="model-h">
      <h3 id="model-h">Model</h3>
      <fieldset class="features">
        <legend>Input features</legend>
        <div class="checks" id="features"></div>
      </fieldset>
      <fieldset>
        <legend>Hidden layers</legend>
        <div class="layers" id="layers"></div>
        <div class="row">
          <button type="button" id="add-layer">+ Layer</button>
          <button type="button" id="remove-layer">− Layer</button>
        </div>
      </fieldset>
      <div class="grid2">
        <div class="field"><label for="activation">Activation</label><select id="activation"></select></div>
        <div class="field"><label for="init">Initialization</label>
          <select id="init"><option value="xavier">Xavier (Glorot)</option><option value="he">He (Kaiming)</option></select></div>
        <div class="field"><label for="seed">Weight seed</label><input id="seed" type="text" inputmode="numeric" class="short"></div>
        <label class="check"><input type="checkbox" id="batch_norm"> Batch norm</label>
      </div>
      <p class="hint" id="bn-note" hidden>BatchNorm1d after every hidden layer. Training normalizes with each batch's
        mean and variance; the maps, the validation and the test losses use the running averages (inference mode).</p>
    </section>

    <section class="panel" aria-labelledby="train-h">
      <h3 id="train-h">Training</h3>
      <div class="grid2">
        <div class="field"><label for="loss">Loss</label><select id="loss"></select></div>
        <div class="field"><label for="optimizer-type">Optimizer</label><select id="optimizer-type"></select></div>
      </div>
      <div class="batch"></div>
      <div class="row batch-presets" role="group" aria-label="Batch size presets">
        <button type="button" data-batch="1" title="Stochastic gradient descent: one row per update">1 (SGD)</button>
        <button type="button" data-batch="10" title="Mini-batches of 10">10</button>
        <button type="button" data-batch="full" title="Batch gradient descent: every training row in each update">full batch</button>
      </div>
      <div class="optimizer-knobs"></div>
      <div class="field">
        <label for="schedule-type">Learning-rate schedule</label>
        <select id="schedule-type"></select>
      </div>
      <div class="schedule-edit" hidden>
        <textarea id="schedule-json" rows="2" spellcheck="false" aria-label="Schedule settings (JSON)"></textarea>
        <button type="button" id="schedule-apply">Apply</button>
        <div class="field-error" id="schedule-error" aria-live="polite"></div>
      </div>
      <fieldset>
        <legend>Regularization</legend>
        <div class="grid2">
          <div class="field"><label for="l1">L1 strength λ₁</label><select id="l1" class="strength"></select></div>
          <div class="field"><label for="l2">L2 strength λ₂</label><select id="l2" class="strength"></select></div>
        </div>
        <label class="check"><input type="checkbox" id="regularize_bias"> also on biases</label>
        <p class="hint" id="reg-note"></p>
      </fieldset>
      <fieldset>
        <legend><label class="check"><input type="checkbox" id="es-on"> Early stopping</label></legend>
        <div class="es-body" hidden>
          <div class="grid2">
            <div class="field"><label for="es-monitor">Watch</label>
              <select id="es-monitor"><option value="val_loss">validation loss</option><option value="loss">training loss</option></select></div>
            <label class="check"><input type="checkbox" id="es-restore"> restore best weights</label>
          </div>
          <div class="es-sliders"></div>
        </div>
      </fieldset>
    </section>
  </div>

  <div class="share">
    <button type="button" id="copy-link">Copy link</button>
    <button type="button" id="copy-embed">Copy embed code</button>
    <span class="copied" aria-live="polite"></span>
    <textarea readonly hidden aria-label="Link or embed code to copy"></textarea>
  </div>
  <div class="visually-hidden" id="live" aria-live="polite"></div>
</div>
`;
