// The one loader of the WebAssembly package (www/pkg/descent.js, built by `npm run build`).
//
// Every element on a page shares one instance: the first `loadWasm()` fetches and compiles the module, later calls
// get the same promise. The package is imported dynamically and relative to this file, so a page that fails to load
// it still gets its elements defined (they show a message instead of going blank), and the .wasm is found next to
// pkg/descent.js whatever folder or origin serves the site.

let loading = null;

/**
 * Load and instantiate the WASM package once.
 * Resolves to `{ api, memory }`: `api` is the module namespace (`simulate`, `SurfaceView`, `ticks`, ...) and
 * `memory` the instance's `WebAssembly.Memory` (re-create typed-array views on it after every call into WASM:
 * memory may grow and detach old views).
 */
export function loadWasm() {
  if (!loading) {
    loading = (async () => {
      const api = await import('../../pkg/descent.js');
      const exports = await api.default();
      return { api, memory: exports.memory };
    })();
    // A failed load may be retried later (a flaky network, a package rebuilt meanwhile).
    loading.catch(() => {
      loading = null;
    });
  }
  return loading;
}

/** A view of `len` bytes at `ptr` in WASM memory, valid until the next call into WASM. */
export function bytesAt(memory, ptr, len) {
  return new Uint8ClampedArray(memory.buffer, ptr, len);
}

/** The message of anything thrown by a WASM call (bindings throw `Error`s whose message names the field). */
export function errorMessage(err) {
  if (err && typeof err.message === 'string') return err.message;
  return String(err);
}
