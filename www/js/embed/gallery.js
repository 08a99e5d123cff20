// www/gallery.html: every element of the kit (www/descent.js's ELEMENTS, in order) with a live example, its embed
// code in both forms with copy buttons, and its attributes, events, methods and properties, all read from the
// element's `static docs` (the convention of docs.js). Nothing here knows a particular element: a new entry in
// ELEMENTS appears here with its docs.
//
// Everything is built with createElement / textContent: documentation text and example values are data.

import { ELEMENTS, define } from '../../descent.js';
import { page } from '../shared/page.js';
import { attributeNames, docsProblems, exampleAttributes } from './docs.js';
import { iframeCode, scriptCode } from './code.js';

/** `document.createElement(tag)` with a class and text. */
function h(tag, { cls, text, attrs } = {}, children = []) {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = text;
  for (const [k, v] of Object.entries(attrs ?? {})) e.setAttribute(k, v);
  e.append(...children);
  return e;
}

/** A code block with a copy button. */
function codeBlock(label, code) {
  const pre = h('pre', { cls: 'code' }, [h('code', { text: code })]);
  const button = h('button', { text: 'Copy', attrs: { type: 'button', 'aria-label': `Copy: ${label}` } });
  const status = h('span', { cls: 'copied', attrs: { 'aria-live': 'polite' } });
  button.addEventListener('click', async () => {
    const ok = await page().copyText(code);
    status.textContent = ok ? 'Copied.' : 'Select the code and copy it (Ctrl+C).';
    if (!ok) {
      const range = document.createRange();
      range.selectNodeContents(pre);
      const sel = window.getSelection();
      sel.removeAllRanges();
      sel.addRange(range);
    }
  });
  return h('div', { cls: 'code-box' }, [h('div', { cls: 'code-head' }, [h('span', { text: label }), button, status]), pre]);
}

/** A table whose cells carry their column name (narrow screens show each row as a small card). */
function table(caption, columns, rows) {
  const head = h('tr', {}, columns.map(([, title]) => h('th', { text: title, attrs: { scope: 'col' } })));
  const body = rows.map((row) =>
    h('tr', {}, columns.map(([key, title], i) => {
      const cell = h(i === 0 ? 'th' : 'td', { attrs: { 'data-label': title, ...(i === 0 ? { scope: 'row' } : {}) } });
      const value = row[key] ?? '';
      if (i === 0) cell.append(h('code', { text: value }));
      else cell.textContent = value === '' ? '–' : value;
      return cell;
    })),
  );
  return h('div', { cls: 'table-wrap' }, [
    h('table', { cls: 'docs-table' }, [h('caption', { text: caption }), h('thead', {}, [head]), h('tbody', {}, body)]),
  ]);
}

/** One element's section. */
function section(tag, cls) {
  const raw = cls.docs ?? {};
  const list = (v) => (Array.isArray(v) ? v.filter((x) => x && typeof x === 'object') : []);
  const docs = { ...raw, attributes: list(raw.attributes), events: list(raw.events), methods: list(raw.methods), properties: list(raw.properties) };
  const id = tag;
  const sec = h('section', { cls: 'widget', attrs: { id, 'aria-labelledby': `${id}-title` } });
  const title = h('h2', { attrs: { id: `${id}-title` } }, [
    docs.title ?? tag,
    ' ',
    h('code', { cls: 'tag', text: `<${tag}>` }),
  ]);
  sec.append(title);
  if (docs.summary) sec.append(h('p', { cls: 'summary', text: docs.summary }));
  const problems = docsProblems(tag, cls);
  if (problems.length) {
    sec.append(h('p', { cls: 'warning', text: `This element's documentation is incomplete: ${problems.slice(0, 3).join('; ')}.` }));
  }

  // The live example: the element with the documented example attributes (it starts when scrolled into view).
  const example = exampleAttributes(cls);
  const el = document.createElement(tag);
  for (const [k, v] of example) el.setAttribute(k, v);
  sec.append(h('div', { cls: 'live' }, [el]));

  // The embed code of this example, both forms.
  const options = { title: docs.title ?? tag, height: docs.height ?? 700 };
  sec.append(
    h('h3', { text: 'Embed it' }),
    h('p', {
      cls: 'hint',
      text: 'The element, where the page may load scripts (one script tag per page, for every widget); or the iframe, for platforms that allow iframes but not scripts. The widget’s own “Copy embed code” button gives both for what the reader set.',
    }),
    codeBlock('Script tag', scriptCode(tag, example)),
    codeBlock('Iframe', iframeCode(tag, example, options)),
  );

  // Attributes, events, methods, properties.
  if (!cls.docs) {
    const names = attributeNames(cls);
    sec.append(
      h('h3', { text: 'Attributes' }),
      h('p', { text: names.length ? `Not documented yet; it observes: ${names.join(', ')}.` : 'Not documented yet.' }),
    );
    return sec;
  }
  sec.append(h('h3', { text: 'Attributes' }));
  if (docs.attributes.length) {
    sec.append(
      table(`Attributes of <${tag}>`, [['name', 'attribute'], ['default', 'default'], ['allowed', 'allowed values'], ['description', 'what it does']], docs.attributes),
      h('p', { cls: 'hint', text: 'A value that cannot be read shows a message in the widget and that attribute falls back to its default.' }),
    );
  } else sec.append(h('p', { text: 'None.' }));
  sec.append(h('h3', { text: 'Events' }));
  if (docs.events.length) {
    sec.append(
      table(`Events of <${tag}>`, [['name', 'event'], ['detail', 'event.detail'], ['description', 'when']], docs.events),
      h('p', { cls: 'hint', text: 'Events bubble out of the element: element.addEventListener(name, (e) => …e.detail…).' }),
    );
  } else sec.append(h('p', { text: 'None.' }));
  sec.append(h('h3', { text: 'Methods' }));
  if (docs.methods.length) sec.append(table(`Methods of <${tag}>`, [['name', 'method'], ['description', 'what it does']], docs.methods));
  else sec.append(h('p', { text: 'None: set its attributes to change it.' }));
  if (docs.properties?.length) {
    sec.append(h('h3', { text: 'Properties' }), table(`Properties of <${tag}>`, [['name', 'property'], ['description', 'value']], docs.properties));
  }
  return sec;
}

async function main() {
  const list = document.getElementById('widgets');
  const toc = document.getElementById('toc');
  // Every element, in ELEMENTS order; an element that fails to load still gets its place, with the reason.
  const classes = await Promise.all(ELEMENTS.map(({ tag }) => define(tag).then((cls) => ({ cls }), (err) => ({ err }))));
  list.replaceChildren();
  ELEMENTS.forEach(({ tag }, i) => {
    const { cls, err } = classes[i];
    const item = h('li', {}, [h('a', { text: cls?.docs?.title ?? tag, attrs: { href: `#${tag}` } }), ' ', h('code', { text: `<${tag}>` })]);
    toc.append(item);
    if (cls) list.append(section(tag, cls));
    else {
      list.append(
        h('section', { cls: 'widget', attrs: { id: tag } }, [
          h('h2', { text: tag }),
          h('p', { cls: 'warning', text: `This element could not be loaded: ${err?.message ?? err}` }),
        ]),
      );
    }
  });
  document.body.dataset.ready = 'true';
  // A link to a section (gallery.html#descent-schedule) lands on it once the sections exist.
  if (window.location.hash.length > 1) document.getElementById(decodeURIComponent(window.location.hash.slice(1)))?.scrollIntoView();
}

main();
