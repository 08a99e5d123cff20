#!/usr/bin/env bash
# Install what the build needs, skipping whatever is already there at the right version (a warm run takes ~1 s):
#   - the Rust target wasm32-unknown-unknown;
#   - wasm-bindgen-cli at exactly the wasm-bindgen version in Cargo.lock (wasm-pack --mode no-install refuses a
#     mismatch; NOT installed with --locked: a dependency pinned in its lockfile is missing from some mirrors);
#   - wasm-pack 0.15.1 (--locked);
#   - the npm devDependencies (npm ci) when node_modules is missing or older than package-lock.json.
# Needs Rust (rustup, cargo), Node >= 20 with npm, and a C linker (Debian: build-essential). See README "Set-up".
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

WASM_PACK_VERSION=0.15.1

say() { printf 'setup: %s\n' "$*"; }
die() { printf 'setup: error: %s\n' "$*" >&2; exit 1; }

# rustup puts cargo in ~/.cargo/bin; a shell opened before the install may not have it on PATH yet.
CARGO_BIN="${CARGO_HOME:-$HOME/.cargo}/bin"
case ":$PATH:" in *":$CARGO_BIN:"*) ;; *) export PATH="$CARGO_BIN:$PATH" ;; esac

command -v cargo >/dev/null && command -v rustup >/dev/null ||
  die "Rust is missing. Install it with rustup (https://rustup.rs):
    curl --proto '=https' --tlsv1.2 -sSf https://sh.rustup.rs | sh -s -- -y && . \"\$HOME/.cargo/env\""
command -v node >/dev/null && command -v npm >/dev/null ||
  die "Node.js >= 20 and npm are missing (Debian 12: apt-get install nodejs npm is too old; use NodeSource or nvm)."
node_major="$(node -p 'process.versions.node.split(".")[0]')"
[ "$node_major" -ge 20 ] || die "Node.js >= 20 is needed, found $(node --version)."
command -v cc >/dev/null || die "a C compiler/linker is missing (Debian: apt-get install build-essential)."

# 1. The WebAssembly target.
if ! rustup target list --installed | grep -qx 'wasm32-unknown-unknown'; then
  say "adding the Rust target wasm32-unknown-unknown"
  rustup target add wasm32-unknown-unknown
fi

# 2. wasm-bindgen-cli, the exact version of the wasm-bindgen crate in Cargo.lock.
bindgen_version="$(awk '$0 == "name = \"wasm-bindgen\"" { getline; gsub(/^version = "|"$/, ""); print; exit }' Cargo.lock)"
[ -n "$bindgen_version" ] || die "could not read the wasm-bindgen version from Cargo.lock"
have_bindgen="$( (wasm-bindgen --version 2>/dev/null || true) | awk '{ print $2 }')"
if [ "$have_bindgen" != "$bindgen_version" ]; then
  say "installing wasm-bindgen-cli $bindgen_version (found: ${have_bindgen:-none}); takes ~5 minutes on 2 cores"
  cargo install wasm-bindgen-cli --version "$bindgen_version"
fi

# 3. wasm-pack.
have_pack="$( (wasm-pack --version 2>/dev/null || true) | awk '{ print $2 }')"
if [ "$have_pack" != "$WASM_PACK_VERSION" ]; then
  say "installing wasm-pack $WASM_PACK_VERSION (found: ${have_pack:-none}); takes ~5 minutes on 2 cores"
  cargo install wasm-pack --version "$WASM_PACK_VERSION" --locked
fi

# 4. npm devDependencies (binaryen's wasm-opt, playwright-core, katex, markdown-it). npm writes
#    node_modules/.package-lock.json on every install, so its age tells whether node_modules matches the lockfile.
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  say "installing npm devDependencies (npm ci)"
  npm ci --no-audit --no-fund
fi
