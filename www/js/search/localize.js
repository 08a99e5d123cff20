// Chinese for the English that shared/ modules put into a widget (the slider's accessible name and error, the line
// chart's "(log scale)"), without changing those modules, and line breaking for Chinese text on a canvas. Used by
// <descent-search> and <descent-batchnorm>. In English every function leaves things exactly as they were.

import { translator } from '../shared/i18n.js';

const STRINGS = {
  typeValue: { en: '{label} (type a value)', zh: '{label}（输入数值）' },
  wholeNumber: { en: 'a whole number {lo} and {hi}', zh: '应为 {lo} 且 {hi} 的整数' },
  number: { en: 'a number {lo} and {hi}', zh: '应为 {lo} 且 {hi} 的数' },
  logScale: { en: ' (log scale)', zh: '（对数尺度）' },
};

/**
 * Make a slider of shared/slider.js speak `lang`: its typed-value box's accessible name, and the message shown for
 * a typed value out of range (`o`: the options the slider was created with). Returns the slider.
 */
export function localizeSlider(slider, o, lang) {
  if (lang === 'en') return slider;
  const t = translator(STRINGS, lang);
  slider.text.setAttribute('aria-label', t('typeValue', { label: o.label }));
  const error = slider.root.querySelector('.slider-error');
  const hardMin = o.hardMin ?? o.min;
  const hardMax = o.hardMax ?? o.max;
  const message = t(o.integer ? 'wholeNumber' : 'number', {
    lo: o.openMin ? `> ${hardMin}` : `≥ ${hardMin}`,
    hi: o.openMax ? `< ${hardMax}` : `≤ ${hardMax}`,
  });
  // The slider sets its message in its own `change` / Enter handlers, which run before these (added later).
  const translate = () => {
    if (error && error.textContent && error.textContent !== message) error.textContent = message;
  };
  slider.text.addEventListener('change', translate);
  slider.text.addEventListener('keydown', (e) => {
    if (e.key === 'Enter') translate();
  });
  return slider;
}

/**
 * Run `draw()` (a call of shared/chart.js's drawLineChart on `canvas`) with the title's " (log scale)" written in
 * `lang`: the canvas's 2-D context gets its own `fillText` for the duration of the call.
 */
export function drawLocalizedChart(canvas, lang, draw) {
  if (lang === 'en') return draw();
  const ctx = canvas.getContext('2d');
  const suffix = STRINGS.logScale.en;
  const local = STRINGS.logScale[lang];
  const fillText = ctx.fillText;
  ctx.fillText = (text, ...rest) => {
    const s = String(text);
    return fillText.call(ctx, s.endsWith(suffix) ? s.slice(0, -suffix.length) + local : s, ...rest);
  };
  try {
    return draw();
  } finally {
    delete ctx.fillText;
  }
}

const CJK = /[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef]/;
/** Characters a line should not start with (closing punctuation) or end with (opening punctuation). */
const NO_START = /[，。、：；！？）」』》〉】…,.:;!?)\]]/;
const NO_END = /[（「『《〈【([]/;

/**
 * Split text into the pieces a line may break between: words (with the spaces after them) of Latin text, and
 * single characters of Chinese text. Joining the pieces gives the text back.
 */
export function breakPieces(text) {
  const s = String(text);
  const out = [];
  let cur = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    const next = s[i + 1];
    cur += c;
    // A break is allowed after a space (before a non-space), and on either side of a CJK character, unless that
    // would start a line with closing punctuation or end one with opening punctuation.
    const afterSpace = c === ' ' && next !== undefined && next !== ' ';
    const cjk = next !== undefined && c !== ' ' && next !== ' ' && (CJK.test(c) || CJK.test(next));
    if ((afterSpace || cjk) && !NO_START.test(next) && !NO_END.test(c)) {
      out.push(cur);
      cur = '';
    }
  }
  if (cur) out.push(cur);
  return out;
}
