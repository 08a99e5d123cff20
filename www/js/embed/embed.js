// www/embed.html: one widget alone, for an <iframe> on learning platforms that allow iframes but not scripts.
//
//   embed.html#widget=descent-surface&surface=beale&steps=120&runs=[{"type":"Adam","lr":0.05}]
//
// `widget` names the element (one of www/descent.js's ELEMENTS); every other field is one of its documented
// attributes (its `static docs`, see docs.js), set with setAttribute: values are data, never markup, and the element
// checks them as it checks any attribute (a bad value shows its message and falls back to the default). An unknown
// widget, an unknown attribute or a badly encoded field gives a clear message on the page.
//
// While the reader plays with the widget, the page's own hash follows its attributes (history.replaceState), so
// reloading the frame keeps what they did, and the widget's "Copy link" names this page with its `widget=` field.

import { ELEMENTS, define } from '../../descent.js';
import { page, setPage } from '../shared/page.js';
import { formatHash, parseHash } from '../shared/state.js';
import { truncate } from '../shared/format.js';
import { NOT_IN_IFRAME, attributesOf } from './code.js';
import { attributeNames } from './docs.js';

/** Longest attribute value accepted from the hash (a value this long is certainly not a widget setting). */
export const MAX_VALUE_LENGTH = 200_000;

const main = document.getElementById('embed');
let shown = null; // { tag, el, observer }
let showing = 0;

/** A message paragraph (text only). */
function message(text, cls = 'embed-message') {
  const p = document.createElement('p');
  p.className = cls;
  p.textContent = text;
  return p;
}

/** The help shown when the hash names no widget. */
function help(problem) {
  const box = document.createElement('div');
  box.className = 'embed-help';
  box.append(message(problem));
  const p = document.createElement('p');
  p.textContent = 'This page shows one Descent widget alone, for an iframe. Name it in the address after #, with its attributes, for example:';
  const code = document.createElement('code');
  code.textContent = 'embed.html#widget=descent-surface&surface=beale&steps=120';
  const list = document.createElement('p');
  list.textContent = `Widgets: ${ELEMENTS.map((e) => e.tag).join(', ')}. `;
  const link = document.createElement('a');
  link.href = new URL('../../gallery.html', import.meta.url).href;
  link.textContent = 'The gallery lists their attributes and gives the embed code.';
  list.append(link);
  box.append(p, code, list);
  return box;
}

function clear() {
  shown?.observer.disconnect();
  clearTimeout(shown?.timer);
  shown = null;
  main.replaceChildren();
}

/** Read the hash and show its widget (again after the hash changed by hand). */
export async function show() {
  const ticket = ++showing;
  const { fields, messages } = parseHash(window.location.hash);
  const tag = fields.get('widget') ?? '';
  const known = ELEMENTS.map((e) => e.tag);
  if (!known.includes(tag)) {
    clear();
    const problem = tag
      ? `There is no widget "${truncate(tag, 60)}".`
      : 'No widget named: the address should end with #widget=… (and the widget’s attributes).';
    main.append(help(problem));
    document.title = 'Descent widget';
    return;
  }
  let cls;
  try {
    cls = await define(tag);
  } catch (err) {
    if (ticket !== showing) return;
    clear();
    main.append(message(`The widget <${tag}> could not be loaded (${truncate(err?.message ?? err, 200)}).`));
    return;
  }
  if (ticket !== showing) return;
  clear();
  const names = attributeNames(cls);
  const el = document.createElement(tag);
  const problems = [...messages];
  const unknown = [];
  for (const [name, value] of fields) {
    if (name === 'widget') continue;
    if (!names.includes(name)) unknown.push(name);
    else if (NOT_IN_IFRAME.has(name)) problems.push(`"${name}" is not available in an embedded widget; it was ignored.`);
    else if (value.length > MAX_VALUE_LENGTH) problems.push(`${name}: the value is too long (${value.length} characters; at most ${MAX_VALUE_LENGTH}); it was ignored.`);
    else el.setAttribute(name, value);
  }
  if (unknown.length) {
    const list = unknown.slice(0, 5).map((n) => `"${truncate(n, 40)}"`).join(', ');
    const more = unknown.length > 5 ? ` and ${unknown.length - 5} more` : '';
    problems.push(`<${tag}> has no attribute ${list}${more}; ignored. Its attributes: ${names.join(', ')}.`);
  }
  if (problems.length) {
    const box = document.createElement('div');
    box.className = 'embed-messages';
    box.setAttribute('role', 'status');
    for (const p of problems) box.append(message(p));
    main.append(box);
  }
  main.append(el);
  document.title = `Descent: ${cls.docs?.title ?? tag}`;
  shown = { tag, el, observer: followAttributes(tag, el, names), timer: 0 };
}

/** Keep the page's hash in step with the widget's attributes (debounced; replaceState fires no hashchange). */
function followAttributes(tag, el, names) {
  const write = () => {
    const kept = attributesOf(el, names).filter(([k]) => !NOT_IN_IFRAME.has(k));
    const hash = formatHash([['widget', tag], ...kept]);
    if (hash !== window.location.hash) window.history.replaceState(window.history.state, '', hash);
  };
  const observer = new MutationObserver(() => {
    clearTimeout(shown?.timer);
    if (shown) shown.timer = setTimeout(write, 300);
  });
  observer.observe(el, { attributes: true, attributeFilter: names });
  return observer;
}

// The widget's "Copy link" should name this page with its widget: wrap the page adapter's link maker.
const base = page();
setPage({
  ...base,
  urlWithHash(hash) {
    if (!shown) return base.urlWithHash(hash);
    const fields = hash ? `&${hash.replace(/^#/, '')}` : '';
    return base.urlWithHash(`${formatHash([['widget', shown.tag]])}${fields}`);
  },
});

window.addEventListener('hashchange', () => {
  show();
});
show();
