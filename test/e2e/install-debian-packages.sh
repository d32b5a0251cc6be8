# Sourced by run-e2e.sh: installs Debian packages a test needs, as root, with no stdin.
# install_debian_packages WHAT HINT PACKAGE... — WHAT names it in messages ("chromium"), HINT says what
# to do instead when not root. A dropped download should not fail the run: apt retries each file, and
# the whole step goes again, 3 times in all.
install_debian_packages() {
  local what="$1" hint="$2"
  shift 2
  if [[ $(id -u) -ne 0 ]]; then
    echo "Installing $what needs root (apt-get). $hint" >&2
    exit 1
  fi
  export DEBIAN_FRONTEND=noninteractive
  local attempt
  for attempt in 1 2 3; do
    if apt-get -o Acquire::Retries=3 update -qq </dev/null &&
      apt-get -o Acquire::Retries=3 install -y -qq --no-install-recommends "$@" </dev/null >/dev/null; then
      return 0
    fi
    if [[ $attempt -eq 3 ]]; then
      echo "Installing $what failed 3 times: giving up." >&2
      exit 1
    fi
    echo "Installing $what failed (attempt $attempt of 3); trying again in $((attempt * 15)) s." >&2
    sleep $((attempt * 15))
  done
}
