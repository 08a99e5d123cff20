// The static shadow-DOM skeleton of <descent-search>. It holds no data: everything a user, an attribute or a URL
// supplies is later set with textContent, value or setAttribute, never as markup.

export const TEMPLATE = `
<div class="root">
  <div class="messages" role="status" aria-live="polite"></div>
  <div class="tabs" role="tablist" aria-label="Views">
    <button type="button" role="tab" id="tab-search" aria-controls="pane-search" aria-selected="true">Search lab</button>
    <button type="button" role="tab" id="tab-hd" aria-controls="pane-hd" aria-selected="false" tabindex="-1">Hypergradient descent</button>
  </div>

  <section class="pane" id="pane-search" role="tabpanel" aria-labelledby="tab-search">
    <div class="toolbar">
      <div class="group">
        <label for="objective">Objective</label>
        <select id="objective"></select>
      </div>
      <div class="group net-only">
        <label for="axis0">Search</label>
        <select id="axis0" aria-label="First hyperparameter searched"></select>
        <select id="axis1" aria-label="Second hyperparameter searched"></select>
      </div>
      <div class="group net-only">
        <label for="dataset">Data</label>
        <select id="dataset"></select>
      </div>
      <div class="group net-only">
        <label for="cv">Score by</label>
        <select id="cv">
          <option value="0">30 % hold-out</option>
          <option value="3">3-fold CV</option>
          <option value="5">5-fold CV</option>
          <option value="10">10-fold CV</option>
        </select>
      </div>
      <div class="group net-only slot" id="epochs-slot"></div>
      <div class="group synth-only slot" id="noise-slot"></div>
    </div>

    <div class="transport" role="group" aria-label="Search controls">
      <button type="button" id="reset" title="Start the search over">Reset</button>
      <button type="button" id="step" title="One trial of each method">Step</button>
      <button type="button" id="play" class="primary">Play</button>
      <button type="button" id="run-all" title="Spend the whole budget">Run to end</button>
      <span class="progress" id="progress" aria-hidden="true"></span>
      <div class="group slot" id="budget-slot"></div>
      <div class="group">
        <label for="seed">Seed</label>
        <input id="seed" type="text" inputmode="numeric" class="short" spellcheck="false" autocomplete="off">
      </div>
      <fieldset class="group methods">
        <legend class="visually-hidden">Methods</legend>
        <label class="check"><input type="checkbox" id="m-grid"> <span class="mark grid" aria-hidden="true"></span>Grid</label>
        <label class="check"><input type="checkbox" id="m-random"> <span class="mark random" aria-hidden="true"></span>Random</label>
        <label class="check"><input type="checkbox" id="m-bayes"> <span class="mark bayes" aria-hidden="true"></span>Bayesian opt.</label>
      </fieldset>
    </div>

    <div class="status" id="status"></div>
    <div class="visually-hidden" id="live" aria-live="polite"></div>

    <div class="panels">
      <figure class="panel-fig" id="fig-trials">
        <canvas class="panel-canvas" id="c-trials" role="img"></canvas>
      </figure>
      <figure class="panel-fig" id="fig-mean">
        <canvas class="panel-canvas" id="c-mean" role="img"></canvas>
      </figure>
      <figure class="panel-fig two-d" id="fig-std">
        <canvas class="panel-canvas" id="c-std" role="img"></canvas>
      </figure>
      <figure class="panel-fig" id="fig-acq">
        <canvas class="panel-canvas" id="c-acq" role="img"></canvas>
      </figure>
    </div>
    <div class="map-row" id="map-row" hidden>
      <button type="button" id="map">Map the true loss</button>
      <span id="map-note" aria-live="polite"></span>
    </div>
    <p class="legend-line" id="legend-line"></p>

    <div class="lower">
      <div class="table-wrap">
        <table class="summary">
          <caption>Budget spent so far</caption>
          <thead><tr id="summary-head"></tr></thead>
          <tbody id="summary-body"></tbody>
        </table>
      </div>
      <div class="chart-box">
        <canvas class="chart" id="c-best" role="img" aria-label="Best value so far versus trials, for each method"></canvas>
        <p class="chart-legend" aria-hidden="true"><span id="lg-grid"><span class="line grid"></span>Grid</span>
          <span id="lg-random"><span class="line random"></span>Random</span> <span id="lg-bayes"><span class="line bayes"></span>Bayesian opt.</span></p>
      </div>
    </div>

    <details class="settings" id="bo-settings">
      <summary>Bayesian optimization: Gaussian process and acquisition</summary>
      <div class="settings-body">
        <div class="group">
          <label for="kernel">Kernel</label>
          <select id="kernel"></select>
        </div>
        <label class="check"><input type="checkbox" id="ard"> one length scale per axis</label>
        <label class="check"><input type="checkbox" id="white"> + WhiteKernel (noise)</label>
        <label class="check"><input type="checkbox" id="normalize_y"> normalize_y</label>
        <label class="check"><input type="checkbox" id="fit"> fit hyperparameters (max. log marginal likelihood)</label>
        <div class="group">
          <label for="acquisition">Acquisition</label>
          <select id="acquisition">
            <option value="EI">Expected improvement (EI)</option>
            <option value="PI">Probability of improvement (PI)</option>
            <option value="LCB">Lower confidence bound (LCB)</option>
          </select>
        </div>
        <div class="slot" id="acq-slot"></div>
        <div class="slot" id="initial-slot"></div>
        <div class="slot" id="restarts-slot"></div>
        <div class="slot" id="alpha-slot"></div>
        <div class="group wide">
          <label for="kernel-json">kernel_spec (JSON, editable)</label>
          <textarea id="kernel-json" rows="3" spellcheck="false" aria-describedby="kernel-error"></textarea>
          <button type="button" id="kernel-apply">Apply</button>
          <span id="kernel-error" class="error" aria-live="polite"></span>
        </div>
      </div>
      <p class="gp-readout" id="gp-readout"></p>
    </details>
  </section>

  <section class="pane" id="pane-hd" role="tabpanel" aria-labelledby="tab-hd" hidden>
    <p class="explain">The learning rate can itself be learned by gradient descent. After the update
      θ<sub>t</sub> = θ<sub>t−1</sub> − α ∇f(θ<sub>t−1</sub>), the loss depends on α through θ<sub>t</sub>, and
      ∂f(θ<sub>t</sub>)/∂α = −∇f(θ<sub>t</sub>) · ∇f(θ<sub>t−1</sub>). Hypergradient descent (Baydin et al., 2018)
      takes a step on α with its own rate β before each update:
      <strong>α<sub>t</sub> = α<sub>t−1</sub> + β ∇f(θ<sub>t−1</sub>) · ∇f(θ<sub>t−2</sub>)</strong>:
      the rate grows while successive gradients agree and shrinks when they turn against each other.</p>
    <div class="toolbar">
      <div class="group">
        <label for="hd-surface">Surface</label>
        <select id="hd-surface"></select>
      </div>
      <div class="slot" id="hd-lr-slot"></div>
      <div class="slot" id="hd-beta-slot"></div>
      <div class="slot" id="hd-steps-slot"></div>
    </div>
    <div class="hd-grid">
      <canvas class="hd-canvas" id="c-hd" role="img"></canvas>
      <div class="hd-charts">
        <canvas class="chart" id="c-hd-lr" role="img" aria-label="Learning rate versus step"></canvas>
        <canvas class="chart" id="c-hd-loss" role="img" aria-label="Loss versus step"></canvas>
        <p class="chart-legend" aria-hidden="true"><span><span class="line hd"></span>SGD with hypergradient descent</span>
          <span><span class="line sgd"></span>plain SGD (fixed α₀)</span></p>
      </div>
    </div>
    <p class="status" id="hd-status"></p>
  </section>

  <div class="share">
    <button type="button" id="copy-link">Copy link</button>
    <button type="button" id="copy-embed">Copy embed code</button>
    <span class="copied" aria-live="polite"></span>
    <textarea readonly hidden aria-label="Link or embed code to copy"></textarea>
  </div>
</div>
`;
