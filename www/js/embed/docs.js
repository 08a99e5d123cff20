// The documentation convention of the kit. Every element class that www/descent.js registers carries
//
//   static docs = {
//     title: 'Loss-surface explorer',            // a short name: gallery heading, iframe title
//     summary: 'One to three sentences.',         // what a reader sees and can do
//     attributes: [                               // every observed attribute, as text
//       { name: 'steps', default: '300', allowed: 'a whole number from 1 to 5000', description: 'Updates per run.' },
//     ],                                          // default '' when there is none; 'off' for a flag
//     events: [{ name: 'descent-step', detail: '{ step }', description: '...' }],   // CustomEvents it dispatches
//     methods: [{ name: 'play()', description: '...' }],                          // [] when it has none
//     properties: [{ name: 'playing', description: '...' }],                      // optional: scriptable getters
//     example: { surface: 'himmelblau' },        // attributes of the gallery's live example ({} for the defaults)
//     height: 1150,                               // iframe height (CSS px) that shows the widget whole at 1280 px
//   }
//
// The gallery (www/gallery.html) lists every element from ELEMENTS generically from these docs, the embed page
// (www/embed.html) accepts exactly the documented attributes, and tests/browser/embed.test.mjs checks every
// registered element against `docsProblems`. An element keeps its docs next to its props table (surface: docs.js
// derives defaults from props.js) so a default is written once.

/** What is wrong with `cls.docs` (an empty list when it follows the convention). */
export function docsProblems(tag, cls) {
  const d = cls?.docs;
  if (!d || typeof d !== 'object') return [`<${tag}> has no static docs`];
  const out = [];
  const text = (v) => typeof v === 'string' && v.trim() !== '';
  if (!text(d.title)) out.push(`<${tag}>.docs.title: expected a short name`);
  if (!text(d.summary)) out.push(`<${tag}>.docs.summary: expected a sentence`);
  for (const key of ['attributes', 'events', 'methods']) {
    if (!Array.isArray(d[key])) out.push(`<${tag}>.docs.${key}: expected an array`);
  }
  if (d.properties !== undefined && !Array.isArray(d.properties)) out.push(`<${tag}>.docs.properties: expected an array`);
  for (const [i, a] of (d.attributes ?? []).entries()) {
    if (!text(a?.name)) out.push(`<${tag}>.docs.attributes[${i}].name: missing`);
    for (const f of ['default', 'allowed', 'description']) {
      if (typeof a?.[f] !== 'string') out.push(`<${tag}>.docs.attributes[${i}] (${a?.name}).${f}: expected text`);
    }
  }
  for (const [i, e] of (d.events ?? []).entries()) {
    if (!text(e?.name) || !text(e?.description)) out.push(`<${tag}>.docs.events[${i}]: expected { name, detail, description }`);
  }
  for (const [i, m] of (d.methods ?? []).entries()) {
    if (!text(m?.name) || !text(m?.description)) out.push(`<${tag}>.docs.methods[${i}]: expected { name, description }`);
  }
  const observed = cls.observedAttributes ?? [];
  const documented = new Set((d.attributes ?? []).map((a) => a?.name));
  for (const name of observed) if (!documented.has(name)) out.push(`<${tag}>: attribute "${name}" is observed but not documented`);
  if (d.example !== undefined) {
    if (!d.example || typeof d.example !== 'object' || Array.isArray(d.example)) out.push(`<${tag}>.docs.example: expected an object`);
    else for (const name of Object.keys(d.example)) if (!documented.has(name)) out.push(`<${tag}>.docs.example: "${name}" is not a documented attribute`);
  }
  if (d.height !== undefined && !(Number.isFinite(d.height) && d.height >= 100 && d.height <= 4000)) {
    out.push(`<${tag}>.docs.height: expected a number of CSS pixels (100 to 4000)`);
  }
  return out;
}

/** The documented attribute names of a class (`observedAttributes` when it has no docs). */
export function attributeNames(cls) {
  const fromDocs = cls?.docs?.attributes?.map((a) => a.name).filter(Boolean);
  return fromDocs?.length ? fromDocs : [...(cls?.observedAttributes ?? [])];
}

/** The example's attributes as `[[name, text], ...]` (flags as `''`). */
export function exampleAttributes(cls) {
  const ex = cls?.docs?.example ?? {};
  return Object.entries(ex).map(([k, v]) => [k, v === true ? '' : String(v)]);
}
