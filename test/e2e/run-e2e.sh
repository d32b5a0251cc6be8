#!/usr/bin/env bash
# The browser end-to-end tests: the bot in the Microsoft 365 Agents Playground, driven through
# headless Chromium; and the case file's documents converted to PDF by LibreOffice. Installs Debian's
# chromium, libreoffice-writer-nogui and poppler-utils first when missing (CI runs as root, no stdin).
set -euo pipefail
cd "$(dirname "$0")/../.."

CHROMIUM_PATH="${CHROMIUM_PATH:-/usr/bin/chromium}"
if [[ ! -x "$CHROMIUM_PATH" ]]; then
  echo "Chromium not found at $CHROMIUM_PATH: installing Debian's chromium package."
  if [[ $(id -u) -ne 0 ]]; then
    echo "Installing chromium needs root (apt-get). Install it, or set CHROMIUM_PATH to a Chromium binary." >&2
    exit 1
  fi
  export DEBIAN_FRONTEND=noninteractive
  # A dropped download should not fail the run: apt retries each file, and the whole step goes again.
  for attempt in 1 2 3; do
    if apt-get -o Acquire::Retries=3 update -qq </dev/null &&
      apt-get -o Acquire::Retries=3 install -y -qq --no-install-recommends chromium </dev/null >/dev/null; then
      break
    fi
    if [[ $attempt -eq 3 ]]; then
      echo "Installing chromium failed 3 times: giving up." >&2
      exit 1
    fi
    echo "Installing chromium failed (attempt $attempt of 3); trying again in $((attempt * 15)) s." >&2
    sleep $((attempt * 15))
  done
fi
export CHROMIUM_PATH

# The case file's documents are opened by LibreOffice and pictured with pdftoppm (test/e2e/documents).
SOFFICE_PATH="${SOFFICE_PATH:-/usr/bin/soffice}"
if [[ ! -x "$SOFFICE_PATH" ]] || ! command -v pdftoppm >/dev/null; then
  echo "LibreOffice or pdftoppm not found: installing Debian's libreoffice-writer-nogui and poppler-utils."
  if [[ $(id -u) -ne 0 ]]; then
    echo "Installing LibreOffice needs root (apt-get). Install libreoffice-writer-nogui and poppler-utils, or set SOFFICE_PATH." >&2
    exit 1
  fi
  export DEBIAN_FRONTEND=noninteractive
  for attempt in 1 2 3; do
    if apt-get -o Acquire::Retries=3 update -qq </dev/null &&
      apt-get -o Acquire::Retries=3 install -y -qq --no-install-recommends libreoffice-writer-nogui poppler-utils </dev/null >/dev/null; then
      break
    fi
    if [[ $attempt -eq 3 ]]; then
      echo "Installing LibreOffice failed 3 times: giving up." >&2
      exit 1
    fi
    echo "Installing LibreOffice failed (attempt $attempt of 3); trying again in $((attempt * 15)) s." >&2
    sleep $((attempt * 15))
  done
fi
export SOFFICE_PATH

# Screenshots of this run only: older ones (of steps since renamed) would mislead whoever looks.
rm -rf test/e2e/artifacts

exec npx mocha --no-config --require tsx/cjs --extension ts --timeout 180000 --reporter spec 'test/e2e/playground/*.e2e.ts' 'test/e2e/documents/*.e2e.ts' "$@"
