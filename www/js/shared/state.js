// One table drives attributes and URL state (after TensorFlow Playground's `state.ts` PROPS table).
//
// An element declares its props once: `{ name, kind, default, url, doc }`. This module turns a raw string (an
// attribute value or a URL hash field) into a value and back, for every kind. It is pure: no DOM, no `window`
// (the page URL is read and written by `page.js`), so it is tested in Node as well as in the browser.
//
// A bad raw value never throws: `parseProp` returns the default and a message that names the field, the value and
// what is allowed, so the element can show it and keep working.

import { formatPlain, truncate } from './format.js';

/**
 * Value kinds. Each has `parse(raw) -> { value } | { error }` (`error` says what is expected), and
 * `format(value) -> string` (the canonical attribute text).
 */
export const kinds = {
  /** A finite number in `[min, max]`. */
  number({ min = -Infinity, max = Infinity } = {}) {
    return {
      expected: `a number in [${min}, ${max}]`,
      parse(raw) {
        const v = parseNumber(raw);
        if (v === null || v < min || v > max) return { error: this.expected };
        return { value: v };
      },
      format: (v) => formatPlain(v, 6),
    };
  },

  /** An integer in `[min, max]`. */
  integer({ min = 0, max = Number.MAX_SAFE_INTEGER } = {}) {
    return {
      expected: `a whole number from ${min} to ${max}`,
      parse(raw) {
        const v = parseNumber(raw);
        if (v === null || !Number.isInteger(v) || v < min || v > max) return { error: this.expected };
        return { value: v };
      },
      format: (v) => String(v),
    };
  },

  /** One of a list of strings. */
  choice(values) {
    return {
      expected: `one of ${values.map((v) => `"${v}"`).join(', ')}`,
      values,
      parse(raw) {
        const v = String(raw).trim();
        return values.includes(v) ? { value: v } : { error: this.expected };
      },
      format: (v) => v,
    };
  },

  /** A flag: present (or `"true"`) means true; `"false"` means false. */
  flag() {
    return {
      expected: 'no value, "true" or "false"',
      parse(raw) {
        const v = String(raw).trim().toLowerCase();
        if (v === '' || v === 'true') return { value: true };
        if (v === 'false') return { value: false };
        return { error: this.expected };
      },
      format: (v) => (v ? '' : 'false'),
    };
  },

  /** `count` comma-separated finite numbers, each in `[min, max]`, optionally checked by `check(values)`. */
  numbers(count, { min = -Infinity, max = Infinity, check = null, expected = null } = {}) {
    return {
      expected: expected ?? `${count} comma-separated numbers`,
      parse(raw) {
        const parts = String(raw).split(',');
        if (parts.length !== count) return { error: this.expected };
        const values = parts.map(parseNumber);
        if (values.some((v) => v === null || v < min || v > max)) return { error: this.expected };
        if (check && !check(values)) return { error: this.expected };
        return { value: values };
      },
      format: (vs) => vs.map((v) => formatPlain(v, 7)).join(','),
    };
  },

  /** Free text up to `maxLength` characters. */
  text({ maxLength = 500 } = {}) {
    return {
      expected: `text of at most ${maxLength} characters`,
      parse(raw) {
        const v = String(raw);
        return v.length <= maxLength ? { value: v } : { error: this.expected };
      },
      format: (v) => v,
    };
  },

  /** JSON, shaped by `check(value) -> null | string` (a string says what is wrong). */
  json({ maxLength = 20000, check = () => null, expected = 'JSON' } = {}) {
    return {
      expected,
      parse(raw) {
        const text = String(raw);
        if (text.length > maxLength) return { error: `${expected} of at most ${maxLength} characters` };
        let value;
        try {
          value = JSON.parse(text);
        } catch {
          return { error: `${expected} (this is not valid JSON)` };
        }
        const problem = check(value);
        return problem ? { error: problem } : { value };
      },
      format: (v) => JSON.stringify(v),
    };
  },
};

/** A number written in plain decimal or exponent notation (also accepts the typographic minus sign). */
export function parseNumber(raw) {
  if (typeof raw === 'number') return Number.isFinite(raw) ? raw : null;
  const s = String(raw).trim().replace(/\u2212/g, '-');
  if (!/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(s)) return null;
  const v = Number(s);
  return Number.isFinite(v) ? v : null;
}

/** The default of a prop (a copy, so callers may mutate it). */
export function defaultOf(prop) {
  const d = prop.default;
  return d !== null && typeof d === 'object' ? structuredClone(d) : d;
}

/**
 * Parse one raw value. `raw === null` (absent) gives the default silently; a bad value gives the default and
 * `message`, e.g. `steps="abc" is not allowed: expected a whole number from 1 to 5000; using the default (200)`.
 */
export function parseProp(prop, raw) {
  if (raw === null || raw === undefined) return { value: defaultOf(prop) };
  const r = prop.kind.parse(raw);
  if (!('error' in r)) return { value: r.value };
  const fallback = prop.default === null ? 'using the default' : `using the default (${formatProp(prop, prop.default)})`;
  return {
    value: defaultOf(prop),
    message: `${prop.name}="${truncate(raw)}" is not allowed: expected ${r.error}; ${fallback}`,
  };
}

/** The canonical text of a value (`null` for a derived default, which is never written). */
export function formatProp(prop, value) {
  if (value === null || value === undefined) return null;
  return prop.kind.format(value);
}

/** Whether `value` is the prop's default (compared as canonical text). */
export function isDefault(prop, value) {
  return formatProp(prop, value) === formatProp(prop, prop.default);
}

/**
 * Read every prop of `table` through `get(name) -> string | null`.
 * Returns `{ values, messages }`; `values` has one entry per prop.
 */
export function readProps(table, get) {
  const values = {};
  const messages = [];
  for (const prop of table) {
    const r = parseProp(prop, get(prop.name));
    values[prop.name] = r.value;
    if (r.message) messages.push(r.message);
  }
  return { values, messages };
}

/** `[[name, text], ...]` for every prop whose value is not its default, in table order (`filter` picks props). */
export function nonDefaultEntries(table, values, filter = () => true) {
  const out = [];
  for (const prop of table) {
    if (!filter(prop)) continue;
    const v = values[prop.name];
    if (v === undefined || isDefault(prop, v)) continue;
    const text = formatProp(prop, v);
    if (text !== null) out.push([prop.name, text]);
  }
  return out;
}

// ----- the URL hash: `#name=value&name=value` -----

/** Characters left readable in hash values (all are allowed in a URL fragment). */
const READABLE = { '%2C': ',', '%3A': ':', '%5B': '[', '%5D': ']', '%7B': '{', '%7D': '}', '%2F': '/', '%40': '@' };

/** Encode `[[name, text], ...]` as a hash string (`#...`, or `''` when empty). */
export function formatHash(entries) {
  if (!entries.length) return '';
  const enc = (s) => encodeURIComponent(s).replace(/%(2C|3A|5B|5D|7B|7D|2F|40)/g, (m) => READABLE[m]);
  return `#${entries.map(([k, v]) => (v === '' ? enc(k) : `${enc(k)}=${enc(v)}`)).join('&')}`;
}

/**
 * Decode a hash string into `Map(name -> text)`. Fields with bad percent-encoding are reported in `messages`
 * and skipped; a hash that is not ours (a page anchor such as `#intro`) simply gives names no table knows.
 */
export function parseHash(hash) {
  const fields = new Map();
  const messages = [];
  const body = String(hash ?? '').replace(/^#/, '');
  if (!body) return { fields, messages };
  for (const part of body.split('&')) {
    if (!part) continue;
    const eq = part.indexOf('=');
    const rawKey = eq < 0 ? part : part.slice(0, eq);
    const rawValue = eq < 0 ? '' : part.slice(eq + 1);
    try {
      fields.set(decodeURIComponent(rawKey), decodeURIComponent(rawValue));
    } catch {
      messages.push(`the link has a badly encoded field "${truncate(rawKey, 30)}"; it was ignored`);
    }
  }
  return { fields, messages };
}

/** Whether a parsed hash holds any prop of `table` (otherwise it is somebody else's anchor). */
export function hashIsOurs(table, fields) {
  return table.some((p) => p.url !== false && fields.has(p.name));
}

// ----- an element's state: its attributes, then (for the element that owns it) the page URL -----

/**
 * Read every prop of `table` from an element's attributes (`get(name) -> string | null`).
 * Returns `{ values, messages }`: `messages` maps every prop name to its problem (a sentence) or null.
 */
export function attributeState(table, get) {
  const read = readProps(table, get);
  const messages = new Map(table.map((p) => [p.name, null]));
  for (const m of read.messages) messages.set(m.slice(0, m.indexOf('=')), m);
  return { values: read.values, messages };
}

/**
 * Read the URL props of `table` from a hash string. Returns null when the hash is not ours (a page anchor);
 * otherwise `{ values, messages }` for the URL props (a problem reads "in the link: ..."), with the hash's own
 * decoding problems under the name `#`.
 */
export function urlState(table, hash) {
  const { fields, messages: hashMessages } = parseHash(hash);
  if (!hashIsOurs(table, fields)) return null;
  const urlProps = table.filter((p) => p.url !== false);
  const read = readProps(urlProps, (name) => (fields.has(name) ? fields.get(name) : null));
  const messages = new Map(urlProps.map((p) => [p.name, null]));
  for (const m of read.messages) messages.set(m.slice(0, m.indexOf('=')), `in the link: ${m}`);
  if (hashMessages.length) messages.set('#', hashMessages.join('; '));
  return { values: read.values, messages };
}

// ----- documentation -----

/**
 * The attribute rows of an element's `static docs` (see www/js/embed/docs.js) from its props table and a
 * `{ name: { allowed, description, default? } }` text table: the default as text (`off` / `on` for a flag; the
 * text table's `default` where the value has no text of its own, e.g. "chosen per surface").
 */
export function attributeDocs(table, texts) {
  const defaultText = (prop) => {
    if (prop.default === false) return 'off';
    if (prop.default === true) return 'on';
    return formatProp(prop, prop.default) ?? texts[prop.name]?.default ?? '';
  };
  return table.map((p) => ({
    name: p.name,
    default: defaultText(p),
    allowed: texts[p.name]?.allowed ?? '',
    description: texts[p.name]?.description ?? '',
  }));
}

// ----- embed code -----

/** Text escaped for HTML text or a double-quoted attribute. */
export function escapeHtml(s) {
  return String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/** An HTML attribute `name="value"`, escaped so that any value stays data (single quotes when it holds `"`). */
export function htmlAttribute(name, value) {
  if (value === '') return name;
  const amp = String(value).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  if (amp.includes('"') && !amp.includes("'")) return `${name}='${amp}'`;
  return `${name}="${amp.replace(/"/g, '&quot;')}"`;
}
