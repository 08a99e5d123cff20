// Embed code for any element of the kit, in its two forms:
//
//   the script tag, for course pages that may load scripts:
//     <script type="module" src="https://example.org/descent/descent.js"></script>
//     <descent-surface surface="beale" steps="120"></descent-surface>
//   the iframe, for learning platforms that allow iframes but not scripts (www/embed.html shows one widget alone):
//     <iframe src="https://example.org/descent/embed.html#widget=descent-surface&surface=beale&steps=120" ...>
//
// Both are built from the same `[[name, text], ...]` attribute list. Every value is escaped for where it goes
// (an HTML attribute, or a URL fragment inside an HTML attribute), so what a user typed stays data.
//
// Also the small "Copy embed code" control elements can put in their shadow root (`createEmbedButton`).

import { escapeHtml, formatHash, htmlAttribute } from '../shared/state.js';
import { page } from '../shared/page.js';

/** The public script and the embed page, relative to this file (so the code names the folder that serves it). */
export const DESCENT_JS = new URL('../../descent.js', import.meta.url).href;
export const EMBED_HTML = new URL('../../embed.html', import.meta.url).href;

/** Attribute names that make no sense inside the embed page's iframe (it owns its own URL). */
export const NOT_IN_IFRAME = new Set(['sync-url']);

/** The element tag with its attributes: `<tag a="1" flag></tag>`. */
export function elementCode(tag, attributes) {
  const attrs = attributes.map(([k, v]) => ` ${htmlAttribute(k, v)}`).join('');
  return `<${tag}${attrs}></${tag}>`;
}

/** The embed page URL showing `tag` with `attributes` (`embed.html#widget=tag&name=value...`). */
export function embedUrl(tag, attributes, base = EMBED_HTML) {
  const kept = attributes.filter(([k]) => !NOT_IN_IFRAME.has(k));
  return base + formatHash([['widget', tag], ...kept]);
}

/** The iframe form. `height` in CSS pixels (the widget scrolls inside the frame when it needs more). */
export function iframeCode(tag, attributes, { title = tag, height = 700 } = {}) {
  const src = escapeHtml(embedUrl(tag, attributes));
  return `<iframe src="${src}" title="${escapeHtml(`Descent: ${title}`)}" width="100%" height="${Math.round(height)}" style="border:0" loading="lazy"></iframe>`;
}

/** The script form: the module script and the element. */
export function scriptCode(tag, attributes) {
  return `<script type="module" src="${escapeHtml(DESCENT_JS)}"></script>\n${elementCode(tag, attributes)}`;
}

/** Both forms, as one text to paste (the iframe after a comment saying when to use it). */
export function embedCode(tag, attributes, options = {}) {
  return [
    scriptCode(tag, attributes),
    '',
    '<!-- Or, where a page may not load scripts: -->',
    iframeCode(tag, attributes, options),
  ].join('\n');
}

/** `[[name, value], ...]` of the attributes an element has, among `names` (in that order). */
export function attributesOf(el, names) {
  return names.filter((n) => el.hasAttribute(n)).map((n) => [n, el.getAttribute(n)]);
}

const SHARE_CSS = `
.embed-share { display: flex; flex-wrap: wrap; gap: 6px; align-items: center; }
.embed-share button { font: inherit; font-size: 13px; color: inherit; background: transparent; border: 1px solid currentColor;
  border-radius: 6px; padding: 4px 10px; min-height: 30px; cursor: pointer; opacity: 0.85; }
.embed-share button:hover { opacity: 1; }
.embed-share button:focus-visible { outline: 3px solid #1a73e8; outline-offset: 2px; }
.embed-share textarea { flex: 1 1 100%; font: 12px/1.3 ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace;
  min-height: 6.5em; resize: vertical; color: inherit; background: transparent; border: 1px solid currentColor;
  border-radius: 6px; padding: 6px; }
.embed-share textarea[hidden] { display: none; }
.embed-share .copied { font-size: 13px; opacity: 0.8; }
`;

let sheet = null;

/** The control's stylesheet into a shadow root (a shared constructed sheet; a <style> element where unsupported). */
function adoptShareStyles(root) {
  if (!(root instanceof ShadowRoot)) return;
  if (typeof CSSStyleSheet === 'function' && 'replaceSync' in CSSStyleSheet.prototype) {
    if (!sheet) {
      sheet = new CSSStyleSheet();
      sheet.replaceSync(SHARE_CSS);
    }
    if (!root.adoptedStyleSheets.includes(sheet)) root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
  } else if (!root.querySelector('style[data-embed-share]')) {
    const style = document.createElement('style');
    style.dataset.embedShare = '';
    style.textContent = SHARE_CSS;
    root.append(style);
  }
}

/**
 * A "Copy embed code" button with its fallback text box, appended to `parent` (inside a shadow root or not).
 * `code()` returns the text to copy (call `embedCode(...)` with the element's current attributes).
 * Copies to the clipboard when allowed; always shows the text, selected, so it can be copied by hand.
 */
export function createEmbedButton(
  parent,
  code,
  {
    label = 'Copy embed code',
    copied = 'Embed code copied.',
    copyByHand = 'Select the text below and copy it (Ctrl+C).',
    boxLabel = 'Embed code',
  } = {},
) {
  adoptShareStyles(parent.getRootNode());
  const box = document.createElement('div');
  box.className = 'embed-share';
  const button = document.createElement('button');
  button.type = 'button';
  button.className = 'copy-embed';
  button.textContent = label;
  const status = document.createElement('span');
  status.className = 'copied';
  status.setAttribute('aria-live', 'polite');
  const text = document.createElement('textarea');
  text.readOnly = true;
  text.hidden = true;
  text.rows = 6;
  text.setAttribute('aria-label', boxLabel);
  text.spellcheck = false;
  box.append(button, status, text);
  button.addEventListener('click', async () => {
    const value = code();
    text.value = value;
    text.hidden = false;
    const ok = await page().copyText(value);
    status.textContent = ok ? copied : copyByHand;
    if (!ok) {
      text.focus();
      text.select();
    }
  });
  parent.append(box);
  return { root: box, button, text, status };
}
