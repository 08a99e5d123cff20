// The words that shared/ modules put into a widget (the slider's accessible name and range error, the line chart's
// "(log scale)"), as options in the widget's language, and line breaking for Chinese text on a canvas. Used by
// <descent-search> and <descent-batchnorm>. In English every function leaves things exactly as they were.

import { translator } from '../shared/i18n.js';

const STRINGS = {
  typeValue: { en: ' (type a value)', zh: '（输入数值）' },
  wholeNumber: { en: 'a whole number {lo} and {hi}', zh: '应为 {lo} 且 {hi} 的整数' },
  number: { en: 'a number {lo} and {hi}', zh: '应为 {lo} 且 {hi} 的数' },
  logScale: { en: ' (log scale)', zh: '（对数尺度）' },
};

/** The options of shared/slider.js (`o`) with its words in `lang`: the typed-value box's accessible name and the
 * message for a typed value out of range. */
export function sliderOptions(o, lang) {
  if (lang === 'en') return o;
  const t = translator(STRINGS, lang);
  return {
    ...o,
    typeLabel: t('typeValue'),
    rangeMessage: ({ integer, lo, hi }) => t(integer ? 'wholeNumber' : 'number', { lo, hi }),
  };
}

/** The note shared/chart.js adds to a chart's title when its y axis is logarithmic, in `lang`. */
export function logNote(lang) {
  return translator(STRINGS, lang)('logScale');
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
