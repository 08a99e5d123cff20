// The bytes a course page pays for one widget: every file the browser actually fetches for a page holding one
// element (by default `<descent-surface>`), measured in headless Chromium under the strict CSP, each compressed the
// way a server would send it. KaTeX (loaded lazily, for the formulas) and its fonts are counted apart.
//
//   node scripts/size.mjs                      one <descent-surface>
//   node scripts/size.mjs descent-schedule     another element
//   node scripts/size.mjs --json               the figures as JSON
//
// In-process: `measurePage({ tag })` resolves to `{ tag, files: [{ path, bytes, gzip, brotli, kind }], widget,
// katex }` (widget / katex: `{ bytes, gzip, brotli, files }` totals); `benchSize()` gives `npm run bench` rows.
// Needs the built site (npm run build) and Chromium (CHROMIUM_PATH or /usr/bin/chromium, as the browser tests).

import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { ensureBundles } from './bundle.mjs';
import { STRICT_CSP, WWW, startServer } from './serve.mjs';

/** TensorFlow Playground's whole bundle, gzipped: the yardstick of issue 6 for one widget. */
export const BUDGET_GZIP = 78_000;

const CHROMIUM_PATH = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

/** Compressed sizes of a buffer: gzip -9 (what the figures quote) and Brotli at its best quality. */
export function compressedSizes(buf) {
  return {
    bytes: buf.length,
    gzip: zlib.gzipSync(buf, { level: 9 }).length,
    brotli: zlib.brotliCompressSync(buf, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
  };
}

/** Whether a fetched path is KaTeX (the lazily loaded typesetter, its stylesheet and fonts). */
function isKatex(p) {
  return p.startsWith('vendor/katex/');
}

/**
 * Load a page holding one `<tag attributes>` (the kit served at /descent/ like a course page would), wait until
 * the widget has drawn, and measure every response under /descent/.
 */
export async function measurePage({ tag = 'descent-surface', attributes = '', www = WWW, timeout = 30_000 } = {}) {
  if (!fs.existsSync(path.join(www, 'pkg', 'descent.js'))) throw new Error('www/pkg is missing: run npm run build');
  if (www === WWW) await ensureBundles();
  const { chromium } = await import('playwright-core');
  const server = await startServer({ root: www, port: 0, csp: true, mounts: { '/descent/': www } });
  let browser;
  try {
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: ['--no-sandbox', '--disable-gpu'] });
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const prefix = `${server.url}descent/`;
    const bodies = new Map();
    const pending = [];
    page.on('response', (res) => {
      const url = res.url().split('#')[0];
      if (!url.startsWith(prefix) || res.status() !== 200) return;
      pending.push(res.body().then((b) => bodies.set(url.slice(prefix.length), b), () => {}));
    });
    const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>size</title>
<link rel="icon" href="data:,"><script type="module" src="/descent/descent.js"></script></head>
<body><${tag} ${attributes}></${tag}></body></html>`;
    await page.route(`${server.url}size.html`, (route) =>
      route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', headers: { 'Content-Security-Policy': STRICT_CSP }, body: html }),
    );
    await page.goto(`${server.url}size.html`);
    // Drawn: a canvas in its shadow root has pixels; then let lazily requested files (KaTeX) arrive.
    await page.waitForFunction(
      (t) => {
        const el = document.querySelector(t);
        for (const c of el?.shadowRoot?.querySelectorAll('canvas') ?? []) {
          if (!c.width || !c.height) continue;
          const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
          let lit = 0;
          for (let i = 3; i < d.length; i += 4 * 97) if (d[i] > 0) lit++;
          if (lit > 50) return true;
        }
        return false;
      },
      tag,
      { timeout },
    );
    await page.waitForLoadState('networkidle');
    await Promise.all(pending);
    const files = [...bodies.entries()]
      .map(([p, body]) => ({ path: p, kind: isKatex(p) ? 'katex' : 'widget', ...compressedSizes(body) }))
      .sort((a, b) => (a.kind === b.kind ? b.gzip - a.gzip : a.kind === 'widget' ? -1 : 1));
    const total = (kind) => {
      const list = files.filter((f) => f.kind === kind);
      return {
        files: list.length,
        bytes: list.reduce((s, f) => s + f.bytes, 0),
        gzip: list.reduce((s, f) => s + f.gzip, 0),
        brotli: list.reduce((s, f) => s + f.brotli, 0),
      };
    };
    return { tag, files, widget: total('widget'), katex: total('katex') };
  } finally {
    await browser?.close();
    await server.close();
  }
}

const kb = (n) => `${(n / 1000).toFixed(1)} KB`;

/** The report as text lines. */
export function formatReport(r) {
  const w = Math.max(...r.files.map((f) => f.path.length), 20);
  const line = (name, f) => `${name.padEnd(w)}  ${kb(f.bytes).padStart(10)}  ${kb(f.gzip).padStart(9)}  ${kb(f.brotli).padStart(9)}`;
  const out = [`What a page pays for one <${r.tag}> (fetched by Chromium; each file compressed on its own)`];
  out.push(`${'file'.padEnd(w)}  ${'bytes'.padStart(10)}  ${'gzip -9'.padStart(9)}  ${'brotli'.padStart(9)}`);
  for (const f of r.files.filter((x) => x.kind === 'widget')) out.push(line(f.path, f));
  out.push(line(`total: JS + WASM (${r.widget.files} files)`, r.widget));
  out.push(line(`apart: KaTeX, loaded lazily for the formulas (${r.katex.files} files)`, r.katex));
  const verdict = r.widget.gzip <= BUDGET_GZIP ? 'under' : 'over';
  out.push(`${kb(r.widget.gzip)} gzipped: ${verdict} the ${kb(BUDGET_GZIP)} of TensorFlow Playground's whole bundle.`);
  return out;
}

/** Rows for `npm run bench` (scripts/bench.mjs): `{ name, value, unit, note }`. */
export async function benchSize() {
  const rows = [];
  for (const tag of ['descent-surface', 'descent-schedule']) {
    const r = await measurePage({ tag });
    rows.push({ name: `page weight: one <${tag}>, JS + WASM gzipped`, value: r.widget.gzip / 1000, unit: 'KB', note: `brotli ${kb(r.widget.brotli)}; KaTeX apart ${kb(r.katex.gzip)}` });
  }
  return rows;
}

async function main() {
  const args = process.argv.slice(2);
  const json = args.includes('--json');
  const tag = args.find((a) => !a.startsWith('--')) ?? 'descent-surface';
  let r;
  try {
    r = await measurePage({ tag });
  } catch (err) {
    console.error(`size: ${err.message}`);
    process.exit(1);
  }
  if (json) console.log(JSON.stringify(r));
  else console.log(formatReport(r).join('\n'));
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await main();
