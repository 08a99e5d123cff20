#!/usr/bin/env bash
# Build the site: set-up (scripts/setup.sh), the release WASM packages, then the pages (scripts/copy-vendor.mjs and
# scripts/build-pages.mjs, when they exist).
#   www/pkg       the full package (descent.js + descent_bg.wasm): every binding; <descent-network> and
#                 <descent-search> load it, and it is the public package (tests/node, npm run bench).
#   www/pkg/lite  the same crate without its `network` and `search` features (cargo --no-default-features): what
#                 <descent-surface> and <descent-schedule> load, less than half the bytes.
# Both are optimized with npm binaryen's wasm-opt -O3; the lite one's JS glue is minified (scripts/bundle.mjs --glue).
# Then the pages' JavaScript is bundled and minified into www/js/min (scripts/bundle.mjs).
# The WASM step is skipped when both packages are newer than every input (src/**, Cargo.toml, Cargo.lock, this
# script); DESCENT_FORCE_BUILD=1 rebuilds anyway.
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
LITE=www/pkg/lite
STAMP="$PKG/.build-stamp" # written only after wasm-opt succeeded, so a half-finished build is never "up to date"

wasm_up_to_date() {
  [ "${DESCENT_FORCE_BUILD:-}" != 1 ] || return 1
  [ -f "$STAMP" ] || return 1
  for f in "$PKG/descent.js" "$PKG/descent_bg.wasm" "$LITE/descent.js" "$LITE/descent_bg.wasm"; do
    [ -f "$f" ] || return 1
  done
  [ -z "$(find src Cargo.toml Cargo.lock scripts/build.sh -newer "$STAMP" -print -quit)" ]
}

# Always npm binaryen's wasm-opt (node_modules/.bin), never one on PATH.
WASM_OPT=node_modules/.bin/wasm-opt

# build_package OUT_DIR [-- CARGO_ARGS...]: wasm-pack, then wasm-opt -O3 on OUT_DIR/descent_bg.wasm.
build_package() {
  local out="$1"
  shift
  say "wasm-pack build --release --out-dir $out $*"
  # --mode no-install: use the wasm-bindgen on PATH (setup.sh installed the version in Cargo.lock) and fail fast
  # on a mismatch, instead of wasm-pack silently compiling its own copy. wasm-pack's own wasm-opt step is off in
  # Cargo.toml ([package.metadata.wasm-pack.profile.release] wasm-opt = false): a system wasm-opt is too old.
  wasm-pack build --target web --release --mode no-install --out-dir "$out" --out-name descent "$@"
  local wasm="$out/descent_bg.wasm" before after gz
  before=$(wc -c <"$wasm")
  "$WASM_OPT" -O3 "$wasm" -o "$out/descent_bg.opt.$$.wasm"
  mv "$out/descent_bg.opt.$$.wasm" "$wasm"
  after=$(wc -c <"$wasm")
  gz=$(gzip -9 -c "$wasm" | wc -c)
  say "$(awk -v o="$out" -v b="$before" -v a="$after" -v g="$gz" \
    'BEGIN { printf "%s: wasm-opt -O3: %.1f KB -> %.1f KB (%.1f KB gzipped)", o, b / 1000, a / 1000, g / 1000 }')"
}

if wasm_up_to_date; then
  say "www/pkg and www/pkg/lite are up to date (DESCENT_FORCE_BUILD=1 to rebuild)"
else
  rm -f "$STAMP"
  # The stamp gets the time the build started, so a source saved during the build triggers the next one.
  mkdir -p target && touch "target/.descent-build-start.$$"
  trap 'rm -f "target/.descent-build-start.$$"' EXIT
  [ -x "$WASM_OPT" ] || { echo "build: $WASM_OPT is missing: run npm ci" >&2; exit 1; }
  # WebAssembly SIMD (fixed-width, 128-bit): in every current browser (Chrome 91, Firefox 89, Safari 16.4); the
  # compiler vectorizes the raster, network and Gaussian-process loops with it.
  export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS="-C target-feature=+simd128"
  build_package "$PKG"
  # Same profile (opt-level 3: the surface's render loops need the speed; opt-level "s" saves 4 % of the gzipped
  # bytes but renders 40 % slower), so the dependencies compiled for the full package are reused.
  build_package "$LITE" -- --no-default-features
  # The lite package's JS glue, minified in place (esbuild; same exports). The full package's glue stays as
  # wasm-bindgen wrote it: it is the public package, read by tests and scripts.
  node scripts/bundle.mjs --glue "$LITE/descent.js"
  mv "target/.descent-build-start.$$" "$STAMP"
fi

# The pages' JavaScript, minified into www/js/min (what www/descent.js, embed.html and gallery.html load; the
# readable sources stay in www/js). A fraction of a second, so always rebuilt.
node scripts/bundle.mjs

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
