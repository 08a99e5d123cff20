// The static shadow-DOM skeleton of <descent-network>. It holds no data: everything a user, an attribute or a URL
// supplies is later set with textContent, value or setAttribute, never as markup. Its words come from the strings
// table (strings.js) in the element's language, escaped like any text.

import { escapeHtml } from '../shared/state.js';

/** The skeleton with the words of `t` (a `translator` of strings.js). */
export function template(t) {
  const x = (key) => escapeHtml(t(key));
  return `
<div class="root">
  <div class="messages" role="status" aria-live="polite"></div>
  <div class="transport" role="group" aria-label="${x('trainingGroup')}">
    <button type="button" id="reset" title="${x('resetTitle')}">${x('reset')}</button>
    <button type="button" id="play" class="primary" aria-pressed="false">${x('train')}</button>
    <button type="button" id="step" title="${x('stepTitle')}">${x('step')}</button>
    <div class="epoch" aria-live="off"><span class="muted">${x('epochLabel')}</span> <output id="epoch-count">0</output></div>
    <label for="speed" class="muted">${x('speed')}</label>
    <select id="speed"></select>
    <div class="status" id="status"></div>
  </div>

  <div class="output">
    <div class="figure" tabindex="0" role="application" aria-roledescription="${x('figureRole')}"
      aria-label="${x('figureLabel')}" aria-describedby="figure-help">
      <canvas class="heat" aria-hidden="true"></canvas>
      <canvas class="overlay" aria-hidden="true"></canvas>
      <div class="overlay-note" hidden></div>
    </div>
    <p id="figure-help" class="visually-hidden">${x('figureHelp')}</p>
    <div class="plot-tools">
      <span class="muted" id="mode-label">${x('modeLabel')}</span>
      <div class="segmented" role="radiogroup" aria-labelledby="mode-label" id="modes">
        <button type="button" role="radio" data-mode="inspect" aria-checked="true">${x('modeInspect')}</button>
        <button type="button" role="radio" data-mode="add" aria-checked="false">${x('modeAdd')}</button>
        <button type="button" role="radio" data-mode="remove" aria-checked="false">${x('modeRemove')}</button>
      </div>
      <div class="add-options" hidden>
        <label for="add-class" class="muted add-class-label">${x('ofClass')}</label>
        <select id="add-class"></select>
        <label for="add-value" class="muted add-value-label" hidden>${x('withTarget')}</label>
        <input id="add-value" type="text" inputmode="decimal" value="1" hidden>
      </div>
    </div>
    <div class="readout" aria-live="polite"></div>
    <div class="legend" id="legend"></div>
    <label class="check"><input type="checkbox" id="discretize"> ${x('discretize')}</label>
    <table class="metrics" aria-label="${x('metricsLabel')}">
      <thead><tr><th scope="col"></th><th scope="col">${x('colRows')}</th><th scope="col">${x('colLoss')}</th><th scope="col" class="acc">${x('colAccuracy')}</th></tr></thead>
      <tbody>
        <tr data-part="train"><th scope="row"><span class="part-mark train" aria-hidden="true"></span>${x('partTrain')}</th><td class="n"></td><td class="l"></td><td class="a acc"></td></tr>
        <tr data-part="validation"><th scope="row"><span class="part-mark validation" aria-hidden="true"></span>${x('partValidation')}</th><td class="n"></td><td class="l"></td><td class="a acc"></td></tr>
        <tr data-part="test"><th scope="row"><span class="part-mark test" aria-hidden="true"></span>${x('partTest')}</th><td class="n"></td><td class="l"></td><td class="a acc"></td></tr>
      </tbody>
    </table>
    <section class="confusion" aria-labelledby="confusion-h">
      <div class="confusion-head">
        <h3 id="confusion-h">${x('confusion')}</h3>
        <label for="confusion-part" class="visually-hidden">${x('confusionPart')}</label>
        <select id="confusion-part">
          <option value="test">${x('confusionTest')}</option>
          <option value="validation">${x('confusionValidation')}</option>
          <option value="train">${x('confusionTrain')}</option>
        </select>
      </div>
      <div class="confusion-body"></div>
    </section>
  </div>

  <div class="center">
    <div class="net-wrap">
      <canvas class="net" role="img" aria-label="${x('netLabel')}"></canvas>
      <div class="net-readout" aria-live="polite"></div>
    </div>
    <div class="charts">
      <canvas class="chart" id="loss-chart" role="img" aria-label="${x('lossChart')}"></canvas>
      <canvas class="chart" id="acc-chart" role="img" aria-label="${x('accChart')}"></canvas>
      <div class="chart-legend" id="chart-legend"></div>
    </div>
  </div>

  <div class="controls">
    <section class="panel" aria-labelledby="data-h">
      <h3 id="data-h">${x('data')}</h3>
      <div class="field"><label for="dataset">${x('dataset')}</label><select id="dataset"></select></div>
      <div class="data-sliders"></div>
      <div class="field row">
        <label for="data-seed">${x('dataSeed')}</label>
        <input id="data-seed" type="text" inputmode="numeric" class="short">
        <button type="button" id="new-data" title="${x('newPointsTitle')}">${x('newPoints')}</button>
      </div>
      <div class="edits" hidden>
        <span class="edits-text"></span>
        <button type="button" id="clear-edits">${x('undoPoints')}</button>
      </div>
      <details class="csv" id="csv-box">
        <summary>${x('csvSummary')}</summary>
        <label for="csv-text" class="hint">${x('csvHintBefore')}<code>x,y,label</code>${x('csvHintAfter')}</label>
        <textarea id="csv-text" rows="6" spellcheck="false" aria-describedby="csv-errors"></textarea>
        <div class="row">
          <label for="csv-task">${x('csvTask')}</label>
          <select id="csv-task">
            <option value="auto">${x('csvAuto')}</option>
            <option value="classification">${x('csvClasses')}</option>
            <option value="regression">${x('csvTargets')}</option>
          </select>
          <button type="button" id="csv-load">${x('csvLoad')}</button>
        </div>
        <div id="csv-errors" class="csv-errors" aria-live="polite"></div>
      </details>
    </section>

    <section class="panel" aria-labelledby="model-h">
      <h3 id="model-h">${x('model')}</h3>
      <fieldset class="features">
        <legend>${x('features')}</legend>
        <div class="checks" id="features"></div>
      </fieldset>
      <fieldset>
        <legend>${x('hiddenLayers')}</legend>
        <div class="layers" id="layers"></div>
        <div class="row">
          <button type="button" id="add-layer">${x('addLayer')}</button>
          <button type="button" id="remove-layer">${x('removeLayer')}</button>
        </div>
      </fieldset>
      <div class="grid2">
        <div class="field"><label for="activation">${x('activation')}</label><select id="activation"></select></div>
        <div class="field"><label for="init">${x('init')}</label>
          <select id="init"><option value="xavier">Xavier (Glorot)</option><option value="he">He (Kaiming)</option></select></div>
        <div class="field"><label for="seed">${x('weightSeed')}</label><input id="seed" type="text" inputmode="numeric" class="short"></div>
        <label class="check"><input type="checkbox" id="batch_norm"> ${x('batchNorm')}</label>
      </div>
      <p class="hint" id="bn-note" hidden>${x('bnNote')}</p>
    </section>

    <section class="panel" aria-labelledby="train-h">
      <h3 id="train-h">${x('training')}</h3>
      <div class="grid2">
        <div class="field"><label for="loss">${x('loss')}</label><select id="loss"></select></div>
        <div class="field"><label for="optimizer-type">${x('optimizer')}</label><select id="optimizer-type"></select></div>
      </div>
      <div class="batch"></div>
      <div class="row batch-presets" role="group" aria-label="${x('batchPresets')}">
        <button type="button" data-batch="1" title="${x('batchSgdTitle')}">1 (SGD)</button>
        <button type="button" data-batch="10" title="${x('batch10Title')}">10</button>
        <button type="button" data-batch="full" title="${x('fullBatchTitle')}">${x('fullBatch')}</button>
      </div>
      <div class="optimizer-knobs"></div>
      <div class="field">
        <label for="schedule-type">${x('schedule')}</label>
        <select id="schedule-type"></select>
      </div>
      <div class="schedule-edit" hidden>
        <textarea id="schedule-json" rows="2" spellcheck="false" aria-label="${x('scheduleJson')}"></textarea>
        <button type="button" id="schedule-apply">${x('apply')}</button>
        <div class="field-error" id="schedule-error" aria-live="polite"></div>
      </div>
      <fieldset>
        <legend>${x('regularization')}</legend>
        <div class="grid2">
          <div class="field"><label for="l1">${x('l1Strength')}</label><select id="l1" class="strength"></select></div>
          <div class="field"><label for="l2">${x('l2Strength')}</label><select id="l2" class="strength"></select></div>
        </div>
        <label class="check"><input type="checkbox" id="regularize_bias"> ${x('regBias')}</label>
        <p class="hint" id="reg-note"></p>
      </fieldset>
      <fieldset>
        <legend><label class="check"><input type="checkbox" id="es-on"> ${x('earlyStopping')}</label></legend>
        <div class="es-body" hidden>
          <div class="grid2">
            <div class="field"><label for="es-monitor">${x('esWatch')}</label>
              <select id="es-monitor"><option value="val_loss">${x('esValLoss')}</option><option value="loss">${x('esLoss')}</option></select></div>
            <label class="check"><input type="checkbox" id="es-restore"> ${x('esRestore')}</label>
          </div>
          <div class="es-sliders"></div>
        </div>
      </fieldset>
    </section>
  </div>

  <div class="share">
    <button type="button" id="copy-link">${x('copyLink')}</button>
    <button type="button" id="copy-embed">${x('copyEmbed')}</button>
    <span class="copied" aria-live="polite"></span>
    <textarea readonly hidden aria-label="${x('shareBox')}"></textarea>
  </div>
  <div class="visually-hidden" id="live" aria-live="polite"></div>
</div>
`;
}
