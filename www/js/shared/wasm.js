// The one loader of the WebAssembly packages (built by `npm run build`, scripts/build.sh):
//
//   loadWasm()        the full package, www/pkg/descent.js + descent_bg.wasm: every binding (networks, search too)
//   loadWasm('lite')  www/pkg/lite/: the same crate without its `network` and `search` features, less than half
//                     the bytes; enough for the surface explorer (SurfaceView, simulate, surfaceInfo, ticks) and
//                     the schedule plot (lrSchedule)
//
// Every element on a page shares one instance per package: the first call fetches and compiles it, later calls get
// the same promise. A 'lite' request is served by the full package when that one is already loading or loaded (it
// is a superset), so a page never pays for both in that order. The packages are imported dynamically and relative
// to this file, so a page that fails to load one still gets its elements defined (they show a message instead of
// going blank), and the .wasm is found next to its descent.js whatever folder or origin serves the site.

const PACKAGES = {
  full: () => import('../../pkg/descent.js'),
  lite: () => import('../../pkg/lite/descent.js'),
};

const loading = new Map();

/**
 * Load and instantiate a WASM package once: `'full'` (the default) or `'lite'`.
 * Resolves to `{ api, memory }`: `api` is the module namespace (`simulate`, `SurfaceView`, `ticks`, ...) and
 * `memory` the instance's `WebAssembly.Memory` (re-create typed-array views on it after every call into WASM:
 * memory may grow and detach old views).
 */
export function loadWasm(which = 'full') {
  if (!(which in PACKAGES)) return Promise.reject(new Error(`loadWasm: no package "${which}" (full or lite)`));
  if (which === 'lite' && loading.has('full')) return loading.get('full');
  if (!loading.has(which)) {
    const p = (async () => {
      const api = await PACKAGES[which]();
      const exports = await api.default();
      return { api, memory: exports.memory };
    })();
    // A failed load may be retried later (a flaky network, a package rebuilt meanwhile).
    p.catch(() => {
      if (loading.get(which) === p) loading.delete(which);
    });
    loading.set(which, p);
  }
  return loading.get(which);
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
