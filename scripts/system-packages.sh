#!/usr/bin/env bash
# Installs the Debian/Ubuntu packages schakel needs that this machine lacks, saying what it installs.
# Sourced by scripts/demo and scripts/test; takes the packages to check as arguments.
ensure_packages() {
  local missing=()
  local package
  for package in "$@"; do
    dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  local sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null 2>&1 || { echo "schakel: needs ${missing[*]}; install them as root (apt-get install ${missing[*]})" >&2; return 1; }
    sudo="sudo"
  fi
  echo "schakel: installing system packages: ${missing[*]}" >&2
  $sudo apt-get update -qq
  # Without the recommended extras: a spreadsheet for the tests needs no fonts or Java.
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}
