// Line breaking for Chinese text on a canvas (used by <descent-search>'s drawing). The words of the shared slider and
// chart come from shared/i18n.js (sliderWords, logNote).

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
