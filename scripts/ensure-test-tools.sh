#!/usr/bin/env bash
# The test suite runs real media and scanning tools (ffmpeg/ffprobe for video posters, clamd
# for malware scanning, vips with libheif for HEIC and AVIF), makes its phone test files with
# heif-enc and exiftool, decodes JPEGs through libturbojpeg, and drives Debian's Chromium for the
# web uploader's tests (no test step downloads a browser of its own). The cluster tests put three
# server nodes behind HAProxy and restart a PostgreSQL cluster of their own (Debian's initdb and
# pg_ctl). This installs the Debian packages that carry them when they are
# missing, so that `./mvnw verify` works on a fresh machine. It changes nothing otherwise.
set -euo pipefail

need=()
command -v ffmpeg >/dev/null 2>&1 && command -v ffprobe >/dev/null 2>&1 || need+=(ffmpeg)
{ [ -x /usr/sbin/clamd ] || command -v clamd >/dev/null 2>&1; } || need+=(clamav-daemon)
[ -x /usr/bin/chromium ] || need+=(chromium)
# libvips-tools brings libvips42 and, through it, libheif1 with its HEVC and AV1 decoders.
# (grep reads the whole list: with pipefail, grep -q closing early would fail the pipe.)
{ command -v vips >/dev/null 2>&1 && vips -l foreign 2>/dev/null | grep heifload >/dev/null; } || need+=(libvips-tools)
command -v heif-enc >/dev/null 2>&1 || need+=(libheif-examples)
# libturbojpeg0: the server decodes JPEGs at the size the variants need through it (optional at run time).
{ /sbin/ldconfig -p 2>/dev/null | grep 'libturbojpeg\.so\.0 ' >/dev/null; } || need+=(libturbojpeg0)
command -v exiftool >/dev/null 2>&1 || need+=(libimage-exiftool-perl)
command -v prlimit >/dev/null 2>&1 || need+=(util-linux)
command -v haproxy >/dev/null 2>&1 || [ -x /usr/sbin/haproxy ] || need+=(haproxy)
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
