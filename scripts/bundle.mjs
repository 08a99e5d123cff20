// Minify the site's JavaScript into www/js/min/ (esbuild, pinned in package.json): what pages actually load.
//
//   node scripts/bundle.mjs [--check]       (npm run build runs it; --check only says whether it is up to date)
//   node scripts/bundle.mjs --glue FILE     minify wasm-bindgen's JS glue in place (scripts/build.sh, after wasm-pack)
//
// The readable sources stay in www/js/ (edit those; they are also what Node tests import). One esbuild run with
// code splitting bundles every element module of www/descent.js's ELEMENTS, plus the embed page and gallery
// scripts, into flat files `www/js/min/<dir>-<name>.js` (js/surface/element.js -> js/min/surface-element.js) and
// shared `chunk-*.js` files, so modules shared by several elements (the WASM loader, the page adapter) are one
// instance on a page. The output sits two folders below www/ like the sources, so every
// `new URL('../../…', import.meta.url)` in them still names the same file; www/descent.js, the WASM packages
// (pkg/) and KaTeX (vendor/) stay external and are loaded as they are.
//
// Written into a fresh folder that then replaces www/js/min, so a page never sees half a build. Linked source
// maps (fetched only by developer tools) point at the sources.

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const WWW = path.join(REPO, 'www');
export const OUT = path.join(WWW, 'js', 'min');

/** Scripts of the site's own pages that are bundled with the elements (they share their modules). */
const PAGE_SCRIPTS = ['js/embed/embed.js', 'js/embed/gallery.js'];

/** The entry points: `{ 'surface-element': '/abs/www/js/surface/element.js', ... }`. */
export async function entryPoints() {
  const { ELEMENTS, bundlePath } = await import(pathToFileURL(path.join(WWW, 'descent.js')).href);
  const modules = [...ELEMENTS.map((e) => e.module), ...PAGE_SCRIPTS];
  const entries = {};
  for (const m of modules) {
    const file = path.join(WWW, m);
    if (!fs.existsSync(file)) throw new Error(`bundle: ${m} (listed in www/descent.js) does not exist`);
    entries[path.basename(bundlePath(m), '.js')] = file;
  }
  return entries;
}

/** Every source file under www/js except the output. */
function sources(dir = path.join(WWW, 'js'), out = []) {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) {
      if (p !== OUT && !path.basename(p).startsWith('min.')) sources(p, out);
    } else if (e.name.endsWith('.js')) out.push(p);
  }
  return out;
}

/** Whether www/js/min exists and is newer than every source (www/js/**, www/descent.js, this script). */
export function upToDate() {
  const stamp = path.join(OUT, '.stamp');
  if (!fs.existsSync(stamp)) return false;
  const built = fs.statSync(stamp).mtimeMs;
  const inputs = [...sources(), path.join(WWW, 'descent.js'), fileURLToPath(import.meta.url)];
  return inputs.every((f) => fs.statSync(f).mtimeMs <= built);
}

/** Build www/js/min; resolves to `{ files, bytes }` of the output (source maps apart). */
export async function bundle() {
  const esbuild = await import('esbuild');
  const started = Date.now();
  const tmp = path.join(WWW, 'js', `min.tmp-${process.pid}`);
  fs.rmSync(tmp, { recursive: true, force: true });
  try {
    await esbuild.build({
      entryPoints: await entryPoints(),
      outdir: tmp,
      bundle: true,
      splitting: true,
      format: 'esm',
      minify: true,
      target: 'es2022',
      chunkNames: 'chunk-[hash]',
      sourcemap: 'linked',
      sourcesContent: false,
      legalComments: 'none',
      logLevel: 'warning',
      // Loaded as they are, relative to the bundle (same depth below www/ as the sources).
      external: ['../../descent.js', '../../pkg/*', '../../vendor/*'],
    });
    // Source maps name the sources relative to the final folder (the same depth as the temporary one).
    fs.writeFileSync(path.join(tmp, '.stamp'), `${new Date(started).toISOString()}\n`);
    fs.utimesSync(path.join(tmp, '.stamp'), started / 1000, started / 1000);
    const old = path.join(WWW, 'js', `min.old-${process.pid}`);
    if (fs.existsSync(OUT)) fs.renameSync(OUT, old);
    fs.renameSync(tmp, OUT);
    fs.rmSync(old, { recursive: true, force: true });
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  const files = fs.readdirSync(OUT).filter((f) => f.endsWith('.js'));
  const bytes = files.reduce((s, f) => s + fs.statSync(path.join(OUT, f)).size, 0);
  return { files: files.length, bytes, ms: Date.now() - started };
}

/** Rebuild www/js/min when it is missing or older than a source (a fraction of a second); else nothing. */
export async function ensureBundles() {
  if (!upToDate()) await bundle();
}

/**
 * Minify a wasm-bindgen glue file (pkg/descent.js) in place: same exports, same `import.meta.url` lookup of its
 * .wasm. (Its generated code is no reading matter; descent.d.ts next to it documents the API.)
 */
export async function minifyGlue(file) {
  const esbuild = await import('esbuild');
  const before = fs.statSync(file).size;
  const { code } = await esbuild.transform(fs.readFileSync(file, 'utf8'), { minify: true, format: 'esm', target: 'es2022', legalComments: 'none' });
  const tmp = `${file}.tmp-${process.pid}`;
  fs.writeFileSync(tmp, code);
  fs.renameSync(tmp, file);
  return { before, after: code.length };
}

async function main() {
  const glue = process.argv.indexOf('--glue');
  if (glue > 0) {
    const file = process.argv[glue + 1];
    try {
      const r = await minifyGlue(file);
      console.log(`bundle: ${path.relative(REPO, path.resolve(file))}: ${(r.before / 1000).toFixed(1)} KB -> ${(r.after / 1000).toFixed(1)} KB minified`);
    } catch (err) {
      console.error(`bundle: --glue ${file}: ${err.message}`);
      process.exit(1);
    }
    return;
  }
  if (process.argv.includes('--check')) {
    const ok = upToDate();
    console.log(ok ? 'bundle: www/js/min is up to date' : 'bundle: www/js/min is missing or older than www/js: run npm run build');
    process.exit(ok ? 0 : 1);
  }
  try {
    const r = await bundle();
    console.log(`bundle: www/js/min: ${r.files} files, ${(r.bytes / 1000).toFixed(1)} KB minified (${r.ms} ms)`);
  } catch (err) {
    console.error(`bundle: ${err.message}`);
    process.exit(1);
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await main();
