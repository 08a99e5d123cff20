#!/usr/bin/env bash
# Build the site: set-up (scripts/setup.sh), the release WASM package in www/pkg (descent.js + descent_bg.wasm,
# optimized with npm binaryen's wasm-opt -O3), then the pages (scripts/copy-vendor.mjs and scripts/build-pages.mjs,
# when they exist).
# The WASM step is skipped when www/pkg is newer than every input (src/**, Cargo.toml, Cargo.lock, this script);
# DESCENT_FORCE_BUILD=1 rebuilds anyway.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

CARGO_BIN="${CARGO_HOME:-$HOME/.cargo}/bin"
case ":$PATH:" in *":$CARGO_BIN:"*) ;; *) export PATH="$CARGO_BIN:$PATH" ;; esac

say() { printf 'build: %s\n' "$*"; }

# scripts/test.sh has already run the set-up.
if [ "${DESCENT_SETUP_DONE:-}" != 1 ]; then
  bash scripts/setup.sh
fi

PKG=www/pkg
STAMP="$PKG/.build-stamp" # written only after wasm-opt succeeded, so a half-finished build is never "up to date"

wasm_up_to_date() {
  [ "${DESCENT_FORCE_BUILD:-}" != 1 ] || return 1
  [ -f "$STAMP" ] && [ -f "$PKG/descent.js" ] && [ -f "$PKG/descent_bg.wasm" ] || return 1
  [ -z "$(find src Cargo.toml Cargo.lock scripts/build.sh -newer "$STAMP" -print -quit)" ]
}

if wasm_up_to_date; then
  say "www/pkg is up to date (DESCENT_FORCE_BUILD=1 to rebuild)"
else
  rm -f "$STAMP"
  # The stamp gets the time the build started, so a source saved during the build triggers the next one.
  mkdir -p target && touch "target/.descent-build-start.$$"
  trap 'rm -f "target/.descent-build-start.$$"' EXIT
  say "wasm-pack build --release"
  # --mode no-install: use the wasm-bindgen on PATH (setup.sh installed the version in Cargo.lock) and fail fast
  # on a mismatch, instead of wasm-pack silently compiling its own copy. wasm-pack's own wasm-opt step is off in
  # Cargo.toml ([package.metadata.wasm-pack.profile.release] wasm-opt = false): a system wasm-opt is too old.
  # WebAssembly SIMD (fixed-width, 128-bit): in every current browser (Chrome 91, Firefox 89, Safari 16.4); the
  # compiler vectorizes the raster, network and Gaussian-process loops with it.
  export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS="-C target-feature=+simd128"
  wasm-pack build --target web --release --mode no-install --out-dir www/pkg --out-name descent

  # Always npm binaryen's wasm-opt (node_modules/.bin), never one on PATH.
  WASM_OPT=node_modules/.bin/wasm-opt
  [ -x "$WASM_OPT" ] || { echo "build: $WASM_OPT is missing: run npm ci" >&2; exit 1; }
  before=$(wc -c <"$PKG/descent_bg.wasm")
  "$WASM_OPT" -O3 "$PKG/descent_bg.wasm" -o "$PKG/descent_bg.opt.$$.wasm"
  mv "$PKG/descent_bg.opt.$$.wasm" "$PKG/descent_bg.wasm"
  after=$(wc -c <"$PKG/descent_bg.wasm")
  gz=$(gzip -9 -c "$PKG/descent_bg.wasm" | wc -c)
  say "$(awk -v b="$before" -v a="$after" -v g="$gz" \
    'BEGIN { printf "wasm-opt -O3: %.1f KB -> %.1f KB (%.1f KB gzipped)", b / 1000, a / 1000, g / 1000 }')"
  mv "target/.descent-build-start.$$" "$STAMP"
fi

# Third-party files the pages load (KaTeX) into www/vendor, then the lessons; each only once its script exists.
if [ -f scripts/copy-vendor.mjs ]; then
  node scripts/copy-vendor.mjs
fi
if [ -f scripts/build-pages.mjs ]; then
  say "node scripts/build-pages.mjs"
  node scripts/build-pages.mjs
else
  say "no scripts/build-pages.mjs yet: pages not built"
fi
