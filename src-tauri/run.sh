#!/usr/bin/env bash
# Opens the Atoll desktop app, set-up included, on a fresh Debian/Ubuntu
# machine with the Rust toolchain and Node.js: system packages, the UI build,
# then the app. With no customer configured the app opens on the bundled
# demo customer (no AWS credentials needed).
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/atoll/target}"

source src-tauri/scripts/system-packages.sh
atoll_install_system_packages

# The desktop crate embeds ui/dist at compile time: build the UI first.
(cd ui && npm ci --no-audit --no-fund && npm run build)

# The same build as the test suite's (`--workspace --all-targets`): one
# feature set, so the app and the tests share every compiled AWS SDK crate.
cargo build --workspace --all-targets --locked
app="$CARGO_TARGET_DIR/debug/atoll-desktop"

# No display (a headless server): open the window in a virtual one.
if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
  echo "no display: running under xvfb-run (screenshot with: import -window root shot.png)" >&2
  exec xvfb-run -a -s "-screen 0 1280x800x24" "$app"
fi
exec "$app"
