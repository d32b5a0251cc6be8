#!/usr/bin/env bash
# The browser end-to-end tests: the bot in the Microsoft 365 Agents Playground, driven through
# headless Chromium; and the case file's documents converted to PDF by LibreOffice. Installs Debian's
# chromium, libreoffice-writer-nogui and poppler-utils first when missing (CI runs as root, no stdin).
set -euo pipefail
cd "$(dirname "$0")/../.."

# shellcheck source=test/e2e/install-debian-packages.sh
source test/e2e/install-debian-packages.sh

CHROMIUM_PATH="${CHROMIUM_PATH:-/usr/bin/chromium}"
if [[ ! -x "$CHROMIUM_PATH" ]]; then
  echo "Chromium not found at $CHROMIUM_PATH: installing Debian's chromium package."
  install_debian_packages chromium "Install it, or set CHROMIUM_PATH to a Chromium binary." chromium
fi
export CHROMIUM_PATH

# The case file's documents are opened by LibreOffice and pictured with pdftoppm (test/e2e/documents).
SOFFICE_PATH="${SOFFICE_PATH:-/usr/bin/soffice}"
if [[ ! -x "$SOFFICE_PATH" ]] || ! command -v pdftoppm >/dev/null; then
  echo "LibreOffice or pdftoppm not found: installing Debian's libreoffice-writer-nogui and poppler-utils."
  install_debian_packages LibreOffice "Install libreoffice-writer-nogui and poppler-utils, or set SOFFICE_PATH." libreoffice-writer-nogui poppler-utils
fi
export SOFFICE_PATH

# Screenshots of this run only: older ones (of steps since renamed) would mislead whoever looks.
rm -rf test/e2e/artifacts

exec npx mocha --no-config --require tsx/cjs --extension ts --timeout 180000 --reporter spec 'test/e2e/playground/*.e2e.ts' 'test/e2e/documents/*.e2e.ts' "$@"
