// The built package (www/pkg, from `npm run build`) loaded in Node the way a bundler-free page would load it,
// except that the bytes come from the file system: initSync({ module }) instead of fetch.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const repo = (p) => fileURLToPath(new URL(`../../${p}`, import.meta.url));
const JS = repo('www/pkg/descent.js');
const WASM = repo('www/pkg/descent_bg.wasm');

assert.ok(fs.existsSync(JS) && fs.existsSync(WASM), 'www/pkg is missing: run `npm run build` first');

const pkg = await import(JS);
const bytes = fs.readFileSync(WASM);
const cargoVersion = /^version\s*=\s*"([^"]+)"/m.exec(fs.readFileSync(repo('Cargo.toml'), 'utf8'))[1];

test('descent_bg.wasm is valid WebAssembly', () => {
  assert.ok(WebAssembly.validate(bytes));
});

test('descent.js exports init (default) and initSync', () => {
  assert.equal(typeof pkg.default, 'function');
  assert.equal(typeof pkg.initSync, 'function');
});

test('initSync instantiates the module', () => {
  const exports = pkg.initSync({ module: bytes });
  assert.ok(exports.memory instanceof WebAssembly.Memory);
  // A second call is a no-op that returns the same instance.
  assert.equal(pkg.initSync({ module: bytes }), exports);
});

test('version() is the crate version', () => {
  assert.equal(typeof pkg.version, 'function', 'descent.js does not export version()');
  assert.equal(pkg.version(), cargoVersion);
});

test('every exported function can be called without crashing the module', () => {
  // Calling with no arguments may throw a JS error (bad config), but must not trap (a Rust panic = abort).
  const skip = new Set(['default', 'initSync']);
  for (const [name, value] of Object.entries(pkg)) {
    if (skip.has(name) || typeof value !== 'function' || /^[A-Z]/.test(name)) continue;
    try {
      value();
    } catch (err) {
      assert.ok(!(err instanceof WebAssembly.RuntimeError), `${name}() trapped: ${err.message}`);
    }
  }
});
