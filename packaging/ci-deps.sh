#!/bin/bash
# Installs the Debian packages that the packaging test (test/e2e/deb) and the
# man page lint need: dpkg-deb and lintian to build and check the .deb, mandoc
# and man-db for the manual pages, systemd for systemd-analyze and
# systemd-socket-activate, adduser for the maintainer scripts, tmux for the
# TUI tests. Idempotent: runs apt-get (and its update) only when something is
# missing. Must run as root; as another user it only reports what is missing.
set -euo pipefail

# command => package that provides it
declare -A wanted=(
  [dpkg-deb]=dpkg
  [dpkg-architecture]=dpkg-dev
  [lintian]=lintian
  [mandoc]=mandoc
  [man]=man-db
  [systemd-analyze]=systemd
  [systemd-socket-activate]=systemd
  [deb-systemd-helper]=init-system-helpers
  [addgroup]=adduser
  [tmux]=tmux
  [gzip]=gzip
)

missing=()
for cmd in "${!wanted[@]}"; do
  command -v "$cmd" >/dev/null 2>&1 || missing+=("${wanted[$cmd]}")
done
[ ${#missing[@]} -eq 0 ] && exit 0

mapfile -t missing < <(printf '%s\n' "${missing[@]}" | sort -u)
if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "ci-deps: missing packages (install them as root with apt-get): ${missing[*]}" >&2
  exit 0
fi
echo "ci-deps: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
