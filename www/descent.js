// Descent's widgets for course pages: one module script registers every element.
//
//   <script type="module" src="https://example.org/descent/descent.js"></script>
//   <descent-surface surface="rosenbrock" runs='[{"type":"Adam","lr":0.05}]'></descent-surface>
//
// Every file it needs (the element modules, the WASM package in pkg/, KaTeX in vendor/) is found relative to this
// file's URL, so the folder can be served from anywhere, offline, with no CDN. Nothing here runs inline or uses
// eval: it works under `script-src 'self' 'wasm-unsafe-eval'`. Elements wake up when scrolled into view and free
// their WASM memory when removed from the page. Each element documents its attributes, events and methods in its
// props.js (for <descent-surface>: js/surface/props.js).

import { DescentSurface } from './js/surface/element.js';
import { DescentSchedule } from './js/schedule/element.js';

/** Every element of the kit, registered from this one list. */
export const ELEMENTS = [DescentSurface, DescentSchedule];

for (const element of ELEMENTS) {
  if (!customElements.get(element.tag)) customElements.define(element.tag, element);
}

export { DescentSurface };
