// Writing an element's settings back to the page: its attributes and the `descent-change` event. Shared by every
// element whose state is a props table (www/js/shared/state.js); the element keeps its own `_reflecting` guard.

/**
 * Make the element's attributes say `entries` (`[[name, text], ...]`, the non-default state props): set those,
 * remove the other state props (those with `url !== false`; flags such as `sync-url` stay as the page wrote them).
 * Returns the names of the props it wrote, so their attribute messages can be cleared.
 */
export function reflectAttributes(element, table, entries) {
  const want = new Map(entries);
  const written = [];
  for (const p of table) {
    if (p.url === false) continue;
    const text = want.get(p.name) ?? null;
    const have = element.getAttribute(p.name);
    if (text === null && have !== null) element.removeAttribute(p.name);
    else if (text !== null && text !== have) element.setAttribute(p.name, text);
    written.push(p.name);
  }
  return written;
}

/** Fire `descent-change` with the settings a course page would copy (`entries`: the embed props). */
export function dispatchChange(element, entries) {
  element.dispatchEvent(new CustomEvent('descent-change', {
    bubbles: true,
    composed: true,
    detail: { attributes: Object.fromEntries(entries) },
  }));
}
