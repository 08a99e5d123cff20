// The widgets speak the page's language: Chinese where the nearest `lang` attribute (the element's own, an
// ancestor's, or <html lang>) starts with "zh", English otherwise. Only the interface is translated (labels,
// buttons, legends, status lines, announcements); config names (lr, momentum, batch_size, ...) stay as they are,
// because they are the API that the lessons, the URL and the JS use.
//
//   import { languageOf, translator } from '../shared/i18n.js';
//   const t = translator(STRINGS, languageOf(this));
//   t('play')                       // "Play" / "播放"
//   t('steps', { n: 12 })           // "{n} steps" / "{n} 步" with n filled in
//
// A table maps each key to { en, zh } (a string used for both languages may be given once, as a plain string).

/** 'zh' or 'en' for an element (or 'en' outside a document). */
export function languageOf(el) {
  const own = el?.closest?.('[lang]')?.getAttribute('lang');
  const lang = own ?? globalThis.document?.documentElement?.getAttribute('lang') ?? '';
  return /^zh\b/i.test(lang) ? 'zh' : 'en';
}

/**
 * A function `t(key, vars)` reading `table` in `lang`: `{name}` placeholders are replaced by `vars.name`. A key
 * missing from the table is returned as it is (so a missing translation shows up as an English-looking key in
 * review, never as an error).
 */
export function translator(table, lang) {
  return (key, vars) => {
    const entry = table[key];
    let text = entry === undefined ? key : typeof entry === 'string' ? entry : entry[lang] ?? entry.en;
    if (vars) text = text.replace(/\{(\w+)\}/g, (m, name) => (name in vars ? String(vars[name]) : m));
    return text;
  };
}

// The words of the shared controls (shared/slider.js, shared/chart.js), the same in every widget.
const CONTROL_WORDS = {
  zh: {
    typeLabel: '（输入数值）',
    rangeMessage: ({ integer, lo, hi }) => `应为 ${lo} 且 ${hi} 的${integer ? '整数' : '数'}`,
    logNote: '（对数尺度）',
  },
};

/** The options that word a slider of shared/slider.js in `lang` (`typeLabel`, `rangeMessage`; none for English). */
export function sliderWords(lang) {
  const w = CONTROL_WORDS[lang];
  return w ? { typeLabel: w.typeLabel, rangeMessage: w.rangeMessage } : {};
}

/** The `logNote` option of shared/chart.js's drawLineChart in `lang` (undefined: its English default). */
export function logNote(lang) {
  return CONTROL_WORDS[lang]?.logNote;
}
