#!/usr/bin/env bash
# Everything `npm test` checks, in order, stopping at the first failure:
#   set-up (scripts/setup.sh, plus Chromium and chromedriver from apt), native Rust tests, the WASM tests in Node and
#   in headless Chromium, the release build, the Node tests of the built package, the browser tests.
# Prints the wall time of each phase at the end (also after a failure).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

CARGO_BIN="${CARGO_HOME:-$HOME/.cargo}/bin"
case ":$PATH:" in *":$CARGO_BIN:"*) ;; *) export PATH="$CARGO_BIN:$PATH" ;; esac

# Bold / green / red only on a terminal: CI logs get plain text.
if [ -t 1 ]; then B=$'\033[1m' OK=$'\033[1;32m' BAD=$'\033[1;31m' N=$'\033[0m'; else B='' OK='' BAD='' N=''; fi

PHASES=8
phase=0
phase_name=""
last_phase=""
phase_start=0
summary=()
run_start=$SECONDS

finish_phase() {
  [ -n "$phase_name" ] || return 0
  summary+=("$(printf '%5ds  %s' $((SECONDS - phase_start)) "$phase_name")")
  last_phase="$phase_name"
  phase_name=""
}

section() {
  finish_phase
  phase=$((phase + 1))
  phase_name="$1"
  phase_start=$SECONDS
  printf '\n%s==== [%d/%d] %s ====%s\n' "$B" "$phase" "$PHASES" "$1" "$N"
}

report() {
  local status=$?
  finish_phase
  printf '\n%s==== wall time per phase ====%s\n' "$B" "$N"
  [ "${#summary[@]}" -eq 0 ] || printf '%s\n' "${summary[@]}"
  printf '%5ds  total\n' $((SECONDS - run_start))
  if [ "$status" -eq 0 ]; then
    printf '%sAll tests passed.%s\n' "$OK" "$N"
  else
    printf '%sFAILED in phase %d/%d: %s%s\n' "$BAD" "$phase" "$PHASES" "$last_phase" "$N" >&2
  fi
}
trap report EXIT

section "Set-up: Rust target, wasm-bindgen-cli, wasm-pack, npm packages"
bash scripts/setup.sh
export DESCENT_SETUP_DONE=1

section "Set-up: Chromium and chromedriver"
chromium_bin="${CHROMIUM_PATH:-/usr/bin/chromium}"
if [ ! -x "$chromium_bin" ] || ! command -v chromedriver >/dev/null; then
  if [ "$(id -u)" -eq 0 ]; then
    echo "installing chromium and chromium-driver from apt (about 2 minutes)"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update
    apt-get install -y chromium chromium-driver
  else
    cat >&2 <<'EOF'
The browser tests need Chromium and its WebDriver, from Debian's packages (not downloaded by Playwright):

    sudo apt-get update && sudo apt-get install -y chromium chromium-driver

Install them (or run `npm test` as root, which installs them), then run `npm test` again.
(A Chromium elsewhere can be used with CHROMIUM_PATH=/path/to/chrome; chromedriver must then be on PATH.)
EOF
    exit 1
  fi
fi
browser_major="$("$chromium_bin" --version 2>/dev/null | grep -oE '[0-9]+\.[0-9.]+' | head -n1 | cut -d. -f1)"
driver_major="$(chromedriver --version | grep -oE '[0-9]+\.[0-9.]+' | head -n1 | cut -d. -f1)"
echo "browser: $("$chromium_bin" --version 2>/dev/null)"
echo "driver:  $(chromedriver --version)"
if [ "$browser_major" != "$driver_major" ]; then
  echo "chromium ($browser_major) and chromedriver ($driver_major) differ: apt-get install -y chromium chromium-driver" >&2
  exit 1
fi

section "cargo test (native: unit, integration and doc tests)"
cargo test --all-targets
cargo test --doc

# The WASM tests are the wasm_bindgen_test files tests/web*.rs (see the header of tests/web.rs for how the runner
# picks Node or a browser). wasm-pack compiles every test target for wasm32 (`cargo build --tests`) but only these
# run (`-- --test 'web*'`): the other tests read tests/reference/ from disk, which WASM cannot.
if ! grep -q 'wasm_js' Cargo.toml; then
  # proptest (a dev-dependency) pulls in getrandom 0.4, which refuses to compile for wasm32-unknown-unknown unless
  # a backend is chosen. No WASM test draws random numbers, so the "unsupported" backend is enough. (Not needed
  # once Cargo.toml has [target.'cfg(target_family = "wasm")'.dev-dependencies] getrandom with "wasm_js".)
  export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS='--cfg getrandom_backend="unsupported"'
fi

section "WASM tests in Node (wasm-pack test --node)"
wasm-pack test --mode no-install --node -- --test 'web*'

section "WASM tests in headless Chromium (wasm-pack test --headless --chrome)"
WASM_BINDGEN_USE_BROWSER=1 wasm-pack test --mode no-install --headless --chrome -- --test 'web*'

section "Release build (scripts/build.sh: wasm-pack --release, wasm-opt -O3, pages)"
bash scripts/build.sh

section "Node tests of the built package (node --test tests/node/)"
node --test tests/node/*.test.mjs

section "Browser tests (node --test tests/browser/)"
node --test tests/browser/*.test.mjs
