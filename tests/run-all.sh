#!/usr/bin/env bash
# Atoll's whole test suite, set-up included, on a fresh Debian/Ubuntu machine
# with the Rust toolchain and Node.js: installs what the tests need, then runs
# format and lint checks, the UI's type check and unit tests, the rule
# catalogue check and every Rust test (unit, catalogue, end-to-end against the
# moto AWS emulator, and the desktop app under Xvfb through WebDriver).
set -euo pipefail
cd "$(dirname "$0")/.."

# One shared build directory across clones keeps rebuilds incremental.
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/atoll/target}"
export CARGO_TERM_COLOR="${CARGO_TERM_COLOR:-never}"

echo "== system packages"
source src-tauri/scripts/system-packages.sh
atoll_install_system_packages

echo "== tauri-driver (WebDriver bridge for the desktop test)"
export PATH="$HOME/.cargo/bin:$PATH"
if ! command -v tauri-driver >/dev/null; then
  cargo install tauri-driver --version "^2" --locked
fi

echo "== ui: install, type check, unit tests, build"
# The desktop crate embeds ui/dist at compile time: build it before cargo.
(cd ui && npm ci --no-audit --no-fund && npm run check && npm run lint && npm test && npm run build)

echo "== python: moto[server] in .venv"
if [ ! -x .venv/bin/python ]; then
  python3 -m venv .venv
fi
.venv/bin/python -m pip install --quiet --disable-pip-version-check -r tests/moto/requirements.txt
export ATOLL_PYTHON="$PWD/.venv/bin/python"

echo "== rust: format and lints"
rustup component add rustfmt clippy >/dev/null 2>&1 || true
cargo fmt --all -- --check
cargo clippy --workspace --all-targets --locked -- -D warnings

# The rule catalogue check (`atoll rules check rules`) and the catalogue page
# freshness check run as tests (crates/atoll-cli/tests/rules_cli.rs), so the
# whole workspace is built once, with one feature set.
echo "== tests"
cargo test --workspace --locked
