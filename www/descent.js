// Descent's widgets for course pages: one module script registers every element.
//
//   <script type="module" src="https://example.org/descent/descent.js"></script>
//   <descent-surface surface="rosenbrock" runs='[{"type":"Adam","lr":0.05}]'></descent-surface>
//
// Every file it needs (the element modules, the WASM packages in pkg/, KaTeX in vendor/) is found relative to this
// file's URL, so the folder can be served from anywhere, offline, with no CDN. Nothing here runs inline or uses
// eval: it works under `script-src 'self' 'wasm-unsafe-eval'`.
//
// Each element's module is fetched only when the page uses that element (now, or later: elements added by a
// script are noticed), so a page with one <descent-surface> pays for that one. Elements wake up when scrolled into
// view and free their WASM memory when removed. Each documents its attributes, events and methods in its class's
// `static docs` (the convention: js/embed/docs.js); gallery.html lists them all.
//
// Pages load the minified bundles that `npm run build` writes to js/min/ (scripts/bundle.mjs, one bundle per
// element module plus shared chunks); the readable sources are the modules named below, in js/. After editing a
// source, run `npm run build` (or `node scripts/bundle.mjs`, a fraction of a second) before looking at a page.
//
// Scripts can wait for an element with `customElements.whenDefined('descent-surface')`, or force its definition
// with `import { define } from '.../descent.js'; await define('descent-surface')`.

/**
 * Every element of the kit, registered from this one list: its tag, its source module (relative to this file)
 * and the name of the class that module exports. scripts/bundle.mjs bundles each module.
 */
export const ELEMENTS = [
  { tag: 'descent-surface', module: 'js/surface/element.js', name: 'DescentSurface' },
  { tag: 'descent-schedule', module: 'js/schedule/element.js', name: 'DescentSchedule' },
  { tag: 'descent-search', module: 'js/search/element.js', name: 'DescentSearch' },
  { tag: 'descent-network', module: 'js/network/element.js', name: 'DescentNetwork' },
  { tag: 'descent-batchnorm', module: 'js/lesson-widgets/batchnorm.js', name: 'DescentBatchnorm' },
];

/** The minified bundle of a source module: `js/surface/element.js` -> `js/min/surface-element.js`. */
export function bundlePath(module) {
  return `js/min/${module.replace(/^js\//, '').replace(/\.js$/, '').replace(/\//g, '-')}.js`;
}

/** Load an element's class from its bundle. */
async function load({ module, name }) {
  const m = await import(new URL(bundlePath(module), import.meta.url).href);
  if (typeof m[name] !== 'function') throw new Error(`${bundlePath(module)} exports no class ${name}`);
  return m[name];
}

const pending = new Map();

/** Load and register one element (idempotent); resolves to its class. */
export function define(tag) {
  const entry = ELEMENTS.find((e) => e.tag === tag);
  if (!entry) return Promise.reject(new Error(`descent.js: no element <${tag}> (known: ${ELEMENTS.map((e) => e.tag).join(', ')})`));
  if (customElements.get(tag)) return Promise.resolve(customElements.get(tag));
  if (!pending.has(tag)) {
    const p = load(entry).then((cls) => {
      if (!customElements.get(tag)) customElements.define(tag, cls);
      return customElements.get(tag);
    });
    p.catch((err) => {
      pending.delete(tag);
      console.error(`descent.js: could not load <${tag}>: ${err?.message ?? err}`);
    });
    pending.set(tag, p);
  }
  return pending.get(tag);
}

/** Register every element used under `root` (a document or an element). */
function scan(root) {
  for (const { tag } of ELEMENTS) {
    if (customElements.get(tag) || pending.has(tag)) continue;
    const match = root.nodeType === Node.ELEMENT_NODE && root.localName === tag;
    if (match || root.querySelector?.(tag)) define(tag).catch(() => {});
  }
}

// (Imported outside a browser, e.g. by scripts/bundle.mjs in Node, the module only gives its list.)
if (typeof document !== 'undefined') {
  scan(document);
  // Elements a script adds later; stops watching once every element is registered.
  if (ELEMENTS.some(({ tag }) => !customElements.get(tag) && !pending.has(tag))) {
    const observer = new MutationObserver((records) => {
      for (const r of records) for (const node of r.addedNodes) if (node.nodeType === Node.ELEMENT_NODE) scan(node);
      if (ELEMENTS.every(({ tag }) => customElements.get(tag) || pending.has(tag))) observer.disconnect();
    });
    observer.observe(document.documentElement, { childList: true, subtree: true });
  }
}
