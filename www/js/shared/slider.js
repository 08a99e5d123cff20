// A labelled slider with a typed value, on a linear, log or "1 − 10^−p" scale (after Distill's d-slider: keyboard,
// ARIA values, `input` while dragging and `change` on commit).
//
// It is built from two native inputs, so keyboard, focus and screen readers work without extra code:
//   <input type="range">  moves over a *position* (the value itself, log10 of it, or −log10(1 − value)), with
//                         `aria-valuetext` giving the real value;
//   <input type="text">   takes any value typed in (even beyond the slider's range, within the hard limits),
//                         committed on Enter or blur; a bad value is marked invalid with a message beside it.

import { formatNumber, formatPlain, roundSignificant } from './format.js';
import { parseNumber } from './state.js';

let uid = 0;

/** Position ↔ value maps per scale. */
const SCALES = {
  linear: { toPos: (v) => v, toValue: (p) => p },
  log: { toPos: (v) => Math.log10(Math.max(v, 1e-300)), toValue: (p) => 10 ** p },
  // For β, momentum and α: 0.9 → 1, 0.99 → 2, 0.999 → 3 (the digits that matter are the 9s).
  oneMinusLog: { toPos: (v) => -Math.log10(Math.max(1 - v, 1e-300)), toValue: (p) => 1 - 10 ** -p },
};

/**
 * Create a slider.
 * @param {object} o
 * @param {string} o.label          visible label (also the accessible name)
 * @param {number} o.min, o.max     slider range (in values, not positions)
 * @param {'linear'|'log'|'oneMinusLog'} [o.scale='linear']
 * @param {number} [o.step]         slider step in positions (linear default: (max − min) / 200; else 0.01)
 * @param {boolean} [o.integer]     round values to whole numbers
 * @param {number} [o.hardMin=o.min], [o.hardMax=o.max]  limits of typed values
 * @param {boolean} [o.openMin], [o.openMax]  exclude the hard limit itself (e.g. lr > 0, β < 1)
 * @param {number} o.value
 * @param {string} [o.hint]         extra accessible description
 * @param {string} [o.typeLabel=' (type a value)']  appended to the label for the text box's accessible name
 * @param {(r:{integer:boolean, lo:string, hi:string})=>string} [o.rangeMessage]   the message for a typed value
 *                                  out of range (lo is "≥ 0" or "> 0", hi "≤ 1" or "< 1"); English by default
 * @param {(v:number)=>void} [o.onInput]   while dragging
 * @param {(v:number)=>void} [o.onChange]  on commit (release, key press, typed value)
 * @returns {{ root: HTMLElement, range: HTMLInputElement, text: HTMLInputElement, value: number,
 *            set(v:number): void, setDisabled(b:boolean): void }}
 */
export function createSlider(o) {
  const id = `s${++uid}`;
  const scale = SCALES[o.scale ?? 'linear'];
  const isLinear = (o.scale ?? 'linear') === 'linear';
  const hardMin = o.hardMin ?? o.min;
  const hardMax = o.hardMax ?? o.max;
  const posMin = scale.toPos(o.min);
  const posMax = scale.toPos(o.max);
  const step = o.step ?? (isLinear ? (o.integer ? 1 : (o.max - o.min) / 200) : 0.01);

  const root = document.createElement('div');
  root.className = 'slider';
  const label = document.createElement('label');
  label.htmlFor = `${id}-range`;
  label.textContent = o.label;
  label.className = 'slider-label';
  const range = document.createElement('input');
  range.type = 'range';
  range.id = `${id}-range`;
  range.min = String(posMin);
  range.max = String(posMax);
  range.step = String(step);
  const text = document.createElement('input');
  text.type = 'text';
  text.inputMode = 'decimal';
  text.spellcheck = false;
  text.autocomplete = 'off';
  text.className = 'slider-text';
  text.setAttribute('aria-label', `${o.label}${o.typeLabel ?? ' (type a value)'}`);
  const error = document.createElement('span');
  error.className = 'slider-error';
  error.id = `${id}-error`;
  error.setAttribute('aria-live', 'polite');
  if (o.hint) {
    const hint = document.createElement('span');
    hint.className = 'visually-hidden';
    hint.id = `${id}-hint`;
    hint.textContent = o.hint;
    root.append(hint);
    range.setAttribute('aria-describedby', hint.id);
  }
  root.append(label, range, text, error);

  const api = { root, range, text, value: o.value };

  const clean = (v) => {
    let r = v;
    if (o.integer) r = Math.round(r);
    else if (!isLinear) r = o.scale === 'log' ? roundSignificant(r, 3) : 1 - roundSignificant(1 - r, 2);
    else r = roundSignificant(r, 4);
    return r;
  };
  const show = (v) => {
    const pos = Math.min(posMax, Math.max(posMin, scale.toPos(v)));
    range.value = String(pos);
    range.setAttribute('aria-valuetext', formatNumber(v, 4));
    if (document.activeElement !== text && root.getRootNode()?.activeElement !== text) text.value = formatPlain(v, 6);
  };
  const clearError = () => {
    error.textContent = '';
    text.removeAttribute('aria-invalid');
    text.removeAttribute('aria-describedby');
  };
  const fromRange = () => {
    const v = clean(scale.toValue(Number(range.value)));
    return Math.min(hardMax, Math.max(hardMin, v));
  };

  range.addEventListener('input', () => {
    api.value = fromRange();
    text.value = formatPlain(api.value, 6);
    range.setAttribute('aria-valuetext', formatNumber(api.value, 4));
    clearError();
    o.onInput?.(api.value);
  });
  range.addEventListener('change', () => {
    api.value = fromRange();
    o.onChange?.(api.value);
  });
  const commitText = () => {
    const v = parseNumber(text.value);
    const tooLow = v !== null && (o.openMin ? v <= hardMin : v < hardMin);
    const tooHigh = v !== null && (o.openMax ? v >= hardMax : v > hardMax);
    if (v === null || tooLow || tooHigh || (o.integer && !Number.isInteger(v))) {
      const lo = o.openMin ? `> ${hardMin}` : `≥ ${hardMin}`;
      const hi = o.openMax ? `< ${hardMax}` : `≤ ${hardMax}`;
      error.textContent = o.rangeMessage
        ? o.rangeMessage({ integer: Boolean(o.integer), lo, hi })
        : `${o.integer ? 'a whole number' : 'a number'} ${lo} and ${hi}`;
      text.setAttribute('aria-invalid', 'true');
      text.setAttribute('aria-describedby', error.id);
      return;
    }
    clearError();
    if (v === api.value) return;
    api.value = v;
    show(v);
    o.onInput?.(v);
    o.onChange?.(v);
  };
  text.addEventListener('change', commitText);
  text.addEventListener('keydown', (e) => {
    if (e.key === 'Enter') {
      e.preventDefault();
      commitText();
    } else if (e.key === 'Escape') {
      clearError();
      text.value = formatPlain(api.value, 6);
    }
  });
  text.addEventListener('blur', () => {
    if (!text.hasAttribute('aria-invalid')) text.value = formatPlain(api.value, 6);
  });

  api.set = (v) => {
    // Leave a slider the user is dragging alone unless its value really changed (it would fight the pointer).
    if (v === api.value && root.getRootNode()?.activeElement === range) return;
    api.value = v;
    show(v);
  };
  api.setDisabled = (b) => {
    range.disabled = b;
    text.disabled = b;
    root.classList.toggle('disabled', b);
  };
  show(o.value);
  return api;
}
