#!/usr/bin/env bash
# Installs the Debian packages Frontdoor needs when they are missing:
#   fonts    DejaVu fonts, which the referral receipt PDF embeds (any character in a name prints)
#   browser  Chromium, which the browser tests drive headless
set -euo pipefail

missing=()
for need in "$@"; do
  case "$need" in
    fonts) [ -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || missing+=(fonts-dejavu-core) ;;
    browser) command -v chromium >/dev/null || missing+=(chromium) ;;
    *) echo "unknown need: $need" >&2; exit 2 ;;
  esac
done
[ ${#missing[@]} -eq 0 ] && exit 0

sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
echo "Installing ${missing[*]} with apt-get"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
