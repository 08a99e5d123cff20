// The static shadow-DOM skeleton of <descent-search>, in the element's language (`t`: a translator over
// strings.js). It holds no data: everything a user, an attribute or a URL supplies is later set with textContent,
// value or setAttribute, never as markup; the interface strings are escaped as text.

import { escapeHtml } from '../shared/state.js';
import { HD_EXPLAIN } from './strings.js';

export function template(t, lang) {
  const s = (key, vars) => escapeHtml(t(key, vars));
  return `
<div class="root">
  <div class="messages" role="status" aria-live="polite"></div>
  <div class="tabs" role="tablist" aria-label="${s('views')}">
    <button type="button" role="tab" id="tab-search" aria-controls="pane-search" aria-selected="true">${s('tabSearch')}</button>
    <button type="button" role="tab" id="tab-hd" aria-controls="pane-hd" aria-selected="false" tabindex="-1">${s('tabHd')}</button>
  </div>

  <section class="pane" id="pane-search" role="tabpanel" aria-labelledby="tab-search">
    <div class="toolbar">
      <div class="group">
        <label for="objective">${s('objective')}</label>
        <select id="objective"></select>
      </div>
      <div class="group net-only">
        <label for="axis0">${s('search')}</label>
        <select id="axis0" aria-label="${s('axis0')}"></select>
        <select id="axis1" aria-label="${s('axis1')}"></select>
      </div>
      <div class="group net-only">
        <label for="dataset">${s('data')}</label>
        <select id="dataset"></select>
      </div>
      <div class="group net-only">
        <label for="cv">${s('scoreBy')}</label>
        <select id="cv">
          <option value="0">${s('holdOut')}</option>
          <option value="3">${s('folds', { k: 3 })}</option>
          <option value="5">${s('folds', { k: 5 })}</option>
          <option value="10">${s('folds', { k: 10 })}</option>
        </select>
      </div>
      <div class="group net-only slot" id="epochs-slot"></div>
      <div class="group synth-only slot" id="noise-slot"></div>
    </div>

    <div class="transport" role="group" aria-label="${s('searchControls')}">
      <button type="button" id="reset" title="${s('resetTitle')}">${s('reset')}</button>
      <button type="button" id="step" title="${s('stepTitle')}">${s('step')}</button>
      <button type="button" id="play" class="primary">${s('play')}</button>
      <button type="button" id="run-all" title="${s('runAllTitle')}">${s('runAll')}</button>
      <span class="progress" id="progress" aria-hidden="true"></span>
      <div class="group slot" id="budget-slot"></div>
      <div class="group">
        <label for="seed">${s('seed')}</label>
        <input id="seed" type="text" inputmode="numeric" class="short" spellcheck="false" autocomplete="off">
      </div>
      <fieldset class="group methods">
        <legend class="visually-hidden">${s('methods')}</legend>
        <label class="check"><input type="checkbox" id="m-grid"> <span class="mark grid" aria-hidden="true"></span>${s('methodGrid')}</label>
        <label class="check"><input type="checkbox" id="m-random"> <span class="mark random" aria-hidden="true"></span>${s('methodRandom')}</label>
        <label class="check"><input type="checkbox" id="m-bayes"> <span class="mark bayes" aria-hidden="true"></span>${s('methodBayes')}</label>
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
      <button type="button" id="map">${s('mapTrueLoss')}</button>
      <span id="map-note" aria-live="polite"></span>
    </div>
    <p class="legend-line" id="legend-line"></p>

    <div class="lower">
      <div class="table-wrap">
        <table class="summary">
          <caption>${s('budgetSpentCaption')}</caption>
          <thead><tr id="summary-head"></tr></thead>
          <tbody id="summary-body"></tbody>
        </table>
      </div>
      <div class="chart-box">
        <canvas class="chart" id="c-best" role="img" aria-label="${s('bestChartAria')}"></canvas>
        <p class="chart-legend" aria-hidden="true"><span id="lg-grid"><span class="line grid"></span>${s('methodGrid')}</span>
          <span id="lg-random"><span class="line random"></span>${s('methodRandom')}</span> <span id="lg-bayes"><span class="line bayes"></span>${s('methodBayes')}</span></p>
      </div>
    </div>

    <details class="settings" id="bo-settings">
      <summary>${s('boSettings')}</summary>
      <div class="settings-body">
        <div class="group">
          <label for="kernel">${s('kernel')}</label>
          <select id="kernel"></select>
        </div>
        <label class="check"><input type="checkbox" id="ard"> ${s('ard')}</label>
        <label class="check"><input type="checkbox" id="white"> ${s('white')}</label>
        <label class="check"><input type="checkbox" id="normalize_y"> ${s('normalizeY')}</label>
        <label class="check"><input type="checkbox" id="fit"> ${s('fit')}</label>
        <div class="group">
          <label for="acquisition">${s('acquisition')}</label>
          <select id="acquisition">
            <option value="EI">${s('acqEI')}</option>
            <option value="PI">${s('acqPI')}</option>
            <option value="LCB">${s('acqLCB')}</option>
          </select>
        </div>
        <div class="slot" id="acq-slot"></div>
        <div class="slot" id="initial-slot"></div>
        <div class="slot" id="restarts-slot"></div>
        <div class="slot" id="alpha-slot"></div>
        <div class="group wide">
          <label for="kernel-json">${s('kernelJson')}</label>
          <textarea id="kernel-json" rows="3" spellcheck="false" aria-describedby="kernel-error"></textarea>
          <button type="button" id="kernel-apply">${s('apply')}</button>
          <span id="kernel-error" class="error" aria-live="polite"></span>
        </div>
      </div>
      <p class="gp-readout" id="gp-readout"></p>
    </details>
  </section>

  <section class="pane" id="pane-hd" role="tabpanel" aria-labelledby="tab-hd" hidden>
    ${HD_EXPLAIN[lang] ?? HD_EXPLAIN.en}
    <div class="toolbar">
      <div class="group">
        <label for="hd-surface">${s('surface')}</label>
        <select id="hd-surface"></select>
      </div>
      <div class="slot" id="hd-lr-slot"></div>
      <div class="slot" id="hd-beta-slot"></div>
      <div class="slot" id="hd-steps-slot"></div>
    </div>
    <div class="hd-grid">
      <canvas class="hd-canvas" id="c-hd" role="img"></canvas>
      <div class="hd-charts">
        <canvas class="chart" id="c-hd-lr" role="img" aria-label="${s('hdLrAria')}"></canvas>
        <canvas class="chart" id="c-hd-loss" role="img" aria-label="${s('hdLossAria')}"></canvas>
        <p class="chart-legend" aria-hidden="true"><span><span class="line hd"></span>${s('hdLegendHd')}</span>
          <span><span class="line sgd"></span>${s('hdLegendSgd')}</span></p>
      </div>
    </div>
    <p class="status" id="hd-status"></p>
  </section>

  <div class="share">
    <button type="button" id="copy-link">${s('copyLink')}</button>
    <button type="button" id="copy-embed">${s('copyEmbed')}</button>
    <span class="copied" aria-live="polite"></span>
    <textarea readonly hidden aria-label="${s('copyBox')}"></textarea>
  </div>
</div>
`;
}
