// The static shadow-DOM skeleton of <descent-surface>. It holds no data: everything a user, an attribute or a URL
// supplies is later set with textContent, value or setAttribute, never as markup. Its words come from the strings
// table (strings.js) in the element's language; every translated node names its key (`data-i18n` for the text,
// `data-i18n-attr="attribute:key ..."` for attributes), so `localizeTemplate` can switch the language later.

/** Text of the table, escaped for markup (the table is ours, but stay safe). */
function esc(s) {
  return String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** The skeleton's markup with the words of `t` (a translator over STRINGS). */
export function template(t) {
  const w = (key) => `data-i18n="${key}">${esc(t(key))}`;
  const a = (pairs) => {
    const list = Object.entries(pairs);
    const attrs = list.map(([name, key]) => ` ${name}="${esc(t(key))}"`).join('');
    return `data-i18n-attr="${list.map(([name, key]) => `${name}:${key}`).join(' ')}"${attrs}`;
  };
  return `
<div class="root">
  <div class="messages" role="status" aria-live="polite"></div>
  <div class="toolbar">
    <div class="group">
      <label for="surface" ${w('surface')}</label>
      <select id="surface"></select>
    </div>
    <div class="group kappa-group" hidden></div>
    <div class="group">
      <label for="scale" ${w('colours')}</label>
      <select id="scale">
        <option value="auto" ${w('scaleAuto')}</option>
        <option value="log" ${w('scaleLog')}</option>
        <option value="linear" ${w('scaleLinear')}</option>
      </select>
    </div>
    <div class="group" role="group" ${a({ 'aria-label': 'view' })}>
      <button type="button" id="zoom-out" ${a({ 'aria-label': 'zoomOut', title: 'zoomOut' })}>−</button>
      <button type="button" id="zoom-in" ${a({ 'aria-label': 'zoomIn', title: 'zoomIn' })}>+</button>
      <button type="button" id="pan" aria-pressed="false" ${a({ title: 'panTitle' })} ${w('pan')}</button>
      <button type="button" id="reset-view" ${w('resetView')}</button>
    </div>
    <div class="group">
      <label for="view-box" ${w('viewBox')}</label>
      <input id="view-box" class="view-input" type="text" spellcheck="false" autocomplete="off"
        aria-describedby="view-box-error" title="x_min, x_max, y_min, y_max">
      <span id="view-box-error" class="expr-error" aria-live="polite"></span>
    </div>
    <div class="expr-row" hidden>
      <label for="expr" class="field-label">f(x, y) =</label>
      <div class="expr-line">
        <input id="expr" type="text" spellcheck="false" autocomplete="off" autocapitalize="off"
          aria-describedby="expr-help expr-error">
        <button type="button" id="expr-apply" ${w('apply')}</button>
      </div>
      <span id="expr-help" class="hint" ${w('exprHelp')}</span>
      <div id="expr-error" class="expr-error" aria-live="polite"></div>
    </div>
  </div>
  <div class="plot">
    <div class="figure" tabindex="0" role="application" ${a({ 'aria-roledescription': 'figureRole', 'aria-label': 'lossSurface' })}
      aria-describedby="figure-help status">
      <canvas class="heat" aria-hidden="true"></canvas>
      <canvas class="colorbar" aria-hidden="true"></canvas>
      <canvas class="overlay" aria-hidden="true"></canvas>
      <div class="overlay-note" hidden></div>
    </div>
    <p id="figure-help" class="visually-hidden" ${w('figureHelp')}</p>
    <div class="readout" aria-hidden="true"></div>
    <div class="plot-note" role="note" hidden></div>
  </div>
  <div class="status" id="status"></div>
  <div class="visually-hidden" id="live" aria-live="polite"></div>
  <div class="transport" role="group" ${a({ 'aria-label': 'playback' })}>
    <button type="button" id="reset" ${a({ title: 'resetTitle' })} ${w('reset')}</button>
    <button type="button" id="back" ${a({ 'aria-label': 'stepBack', title: 'stepBack' })}>‹</button>
    <button type="button" id="play" class="primary" ${w('play')}</button>
    <button type="button" id="forward" ${a({ 'aria-label': 'stepForward', title: 'stepForward' })}>›</button>
    <div class="scrub">
      <label for="scrubber" class="visually-hidden" ${w('scrubber')}</label>
      <input id="scrubber" type="range" min="0" max="200" step="1" value="0">
      <span class="step-label" aria-hidden="true"></span>
    </div>
    <label for="speed" class="field-label" ${w('speed')}</label>
    <select id="speed"></select>
  </div>
  <div class="side">
    <section class="panel" aria-labelledby="runs-h">
      <h3 id="runs-h" ${w('runs')}</h3>
      <ul class="legend"></ul>
      <div class="legend-actions">
        <button type="button" id="add-run" ${w('addRun')}</button>
      </div>
    </section>
    <section class="panel editor" aria-labelledby="editor-h">
      <h3 id="editor-h" ${w('run')}</h3>
      <div class="editor-body"></div>
    </section>
  </div>
  <div class="charts">
    <canvas class="chart" id="loss-chart" role="img" ${a({ 'aria-label': 'lossChart' })}></canvas>
    <canvas class="chart" id="lr-chart" role="img" ${a({ 'aria-label': 'lrChart' })}></canvas>
  </div>
  <section class="formula panel" aria-labelledby="formula-h">
    <h3 id="formula-h" ${w('updateRule')}</h3>
    <div class="formula-caption"></div>
    <div class="formula-body">
      <div class="tex" id="tex-sym"></div>
      <div class="tex" id="tex-num"></div>
    </div>
  </section>
  <div class="share">
    <button type="button" id="copy-link" ${w('copyLink')}</button>
    <button type="button" id="copy-embed" ${w('copyEmbed')}</button>
    <span class="copied" aria-live="polite"></span>
    <textarea readonly hidden ${a({ 'aria-label': 'shareBox' })}></textarea>
  </div>
</div>
`;
}

/** Put the words of `t` into a skeleton made by `template` (for an element that learns its language later). */
export function localizeTemplate(root, t) {
  for (const node of root.querySelectorAll('[data-i18n]')) node.textContent = t(node.dataset.i18n);
  for (const node of root.querySelectorAll('[data-i18n-attr]')) {
    for (const pair of node.dataset.i18nAttr.split(' ')) {
      const [name, key] = pair.split(':');
      node.setAttribute(name, t(key));
    }
  }
}
