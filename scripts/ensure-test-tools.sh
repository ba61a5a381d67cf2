#!/usr/bin/env bash
# The test suite runs real media and scanning tools (ffmpeg/ffprobe for video posters, clamd
# for malware scanning) and the web uploader's tests drive Debian's Chromium (no test step
# downloads a browser of its own). This installs the Debian packages that carry them when they are
# missing, so that `./mvnw verify` works on a fresh machine. It changes nothing otherwise.
set -euo pipefail

need=()
command -v ffmpeg >/dev/null 2>&1 && command -v ffprobe >/dev/null 2>&1 || need+=(ffmpeg)
{ [ -x /usr/sbin/clamd ] || command -v clamd >/dev/null 2>&1; } || need+=(clamav-daemon)
[ -x /usr/bin/chromium ] || need+=(chromium)
[ ${#need[@]} -eq 0 ] && exit 0

if [ "$(id -u)" = 0 ]; then
  run=()
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  run=(sudo -n)
else
  echo "The tests need these Debian packages: ${need[*]}. Install them with: sudo apt-get install ${need[*]}" >&2
  exit 1
fi
echo "Installing test tools: ${need[*]}"
"${run[@]}" apt-get update -qq
DEBIAN_FRONTEND=noninteractive "${run[@]}" apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
