// Copy the third-party files the pages load into www/vendor/ (generated, git-ignored):
//
//   www/vendor/katex/katex.mjs      KaTeX as an ES module (default export `katex`)
//   www/vendor/katex/katex.min.css  its stylesheet
//   www/vendor/katex/fonts/         its fonts (the stylesheet refers to them relatively)
//
//   node scripts/copy-vendor.mjs            (idempotent: files already identical are left alone)
//
// katex.mjs is made from KaTeX's *minified* UMD build (dist/katex.min.js) wrapped as an ES module: the same API as
// dist/katex.mjs (which is not minified) at half the bytes (about 76 KB instead of 149 KB gzipped). The wrapper
// gives the UMD prelude a local `module`/`exports` pair, so it neither reads nor sets any global. If the minified
// build is missing, dist/katex.mjs is copied as is. Neither uses eval or `new Function` (strict-CSP safe).

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const KATEX_DIST = path.join(ROOT, 'node_modules', 'katex', 'dist');
const OUT = path.join(ROOT, 'www', 'vendor', 'katex');

/** Write `data` to `file` unless it already holds exactly that; returns whether it wrote. */
function writeIfChanged(file, data) {
  try {
    if (fs.readFileSync(file).equals(Buffer.from(data))) return false;
  } catch {
    // missing: write it
  }
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, data);
  return true;
}

/** The ES module text for KaTeX: the minified UMD build with a local CommonJS shim. */
export function katexModuleText(distDir = KATEX_DIST) {
  const minified = path.join(distDir, 'katex.min.js');
  if (!fs.existsSync(minified)) return fs.readFileSync(path.join(distDir, 'katex.mjs'));
  const version = JSON.parse(fs.readFileSync(path.join(distDir, '..', 'package.json'), 'utf8')).version;
  const umd = fs.readFileSync(minified, 'utf8');
  return (
    `// KaTeX ${version} (MIT, https://katex.org), dist/katex.min.js wrapped as an ES module by scripts/copy-vendor.mjs.\n` +
    'const module = { exports: {} };\n' +
    'const exports = module.exports;\n' +
    'const define = undefined;\n' +
    `${umd}\n` +
    'export default module.exports;\n'
  );
}

function main() {
  if (!fs.existsSync(KATEX_DIST)) {
    console.error('copy-vendor: node_modules/katex is missing: run `npm ci` first');
    process.exit(1);
  }
  let written = 0;
  if (writeIfChanged(path.join(OUT, 'katex.mjs'), katexModuleText())) written++;
  if (writeIfChanged(path.join(OUT, 'katex.min.css'), fs.readFileSync(path.join(KATEX_DIST, 'katex.min.css')))) written++;
  const fontsIn = path.join(KATEX_DIST, 'fonts');
  for (const name of fs.readdirSync(fontsIn)) {
    if (writeIfChanged(path.join(OUT, 'fonts', name), fs.readFileSync(path.join(fontsIn, name)))) written++;
  }
  console.log(`copy-vendor: www/vendor/katex is up to date (${written} file${written === 1 ? '' : 's'} written)`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
