#!/usr/bin/env bash
# Installs the Debian/Ubuntu packages Atoll builds and tests with, when missing.
# Sourced by src-tauri/run.sh and tests/run-all.sh.
#   poppler-utils: the report tests render PDFs (pdftoppm) and read them back (pdftotext).
#   webkit2gtk / gtk / rsvg / appindicator / ssl: the Tauri desktop app builds against them.
#   xvfb + webkit2gtk-driver (WebKitWebDriver): the desktop end-to-end test.
atoll_install_system_packages() {
  local packages=(poppler-utils libwebkit2gtk-4.1-dev libgtk-3-dev librsvg2-dev
    libayatana-appindicator3-dev libssl-dev xvfb webkit2gtk-driver)
  local missing=() package
  for package in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" ||
      missing+=("$package")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    local sudo=""
    [ "$(id -u)" -ne 0 ] && sudo="sudo"
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -q
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}"
  fi
}
