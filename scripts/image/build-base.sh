#!/usr/bin/env bash
# Builds the server image's base from Debian 13 (trixie) packages, with no container daemon and
# no registry: mmdebstrap makes a minimal root filesystem, and docker-archive.sh turns it into the
# docker-save tarball that Jib takes as `tar://...` base image (server/pom.xml, profile `image`).
#
# What is in it, and why:
# - openjdk-25-jre-headless: the runtime (Debian 12 has only OpenJDK 17);
# - ffmpeg: video posters, duration and displayed size (ffmpeg, ffprobe);
# - libvips-tools with the libheif plugins for HEVC (libde265) and AV1 (dav1d): HEIC and AVIF are
#   decoded by `vips` in a child process, under `prlimit` (util-linux);
# - libturbojpeg0, libwebp7, liblcms2-2: the server's in-process JPEG decoder, WebP encoder and
#   colour conversion (FFM bindings; without them it falls back to ImageIO and says so in health);
# - ca-certificates: TLS to S3, the database and the identity provider;
# - a user `assetgate` (10001:10001) who owns /app/data, the data dir the server writes, and
#   /app/data/keys, where a volume shared by the nodes can hold the embedded issuer's key.
#
# Usage: build-base.sh OUT.tar   (needs root: mmdebstrap unpacks packages as their owners)
# The result is rebuilt only when this script or docker-archive.sh changed since the last build.
set -euo pipefail

out=${1:?usage: build-base.sh OUT.tar}
here=$(cd "$(dirname "$0")" && pwd)
suite=${ASSETGATE_BASE_SUITE:-trixie}
mirror=${ASSETGATE_BASE_MIRROR:-http://deb.debian.org/debian}
security_mirror=${ASSETGATE_BASE_SECURITY_MIRROR:-http://deb.debian.org/debian-security}
# libvips-tools depends on python3 for a profiling script, and poppler (PDF, through libvips) on
# gnupg for signed PDFs: neither is ever run here, so both are removed once installed (below).
unused="python3 python3.13 python3-minimal python3.13-minimal libpython3-stdlib libpython3.13-stdlib"
unused+=" libpython3.13-minimal gnupg gpg gpg-agent gpgsm dirmngr pinentry-curses gnupg-l10n gpgconf"
packages=ca-certificates,openjdk-25-jre-headless,ffmpeg,libvips-tools,libheif-plugin-libde265,libheif-plugin-dav1d,libturbojpeg0,libwebp7,liblcms2-2,util-linux

stamp="$out.inputs"
inputs=$(cat "$0" "$here/docker-archive.sh" | sha256sum | cut -d' ' -f1)
if [ -f "$out" ] && [ "$(cat "$stamp" 2>/dev/null)" = "$inputs" ]; then
  echo "Base image up to date: $out"
  exit 0
fi

if [ "$(id -u)" != 0 ]; then
  echo "build-base.sh needs root (mmdebstrap in root mode)" >&2
  exit 1
fi
if ! command -v mmdebstrap >/dev/null 2>&1; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends mmdebstrap >/dev/null
fi

work=$(mktemp -d)
# ASSETGATE_BASE_KEEP_WORK=1 keeps the root filesystem folder, to look into it.
[ "${ASSETGATE_BASE_KEEP_WORK:-0}" = 1 ] || trap 'rm -rf "$work"' EXIT
mkdir -p "$(dirname "$out")"

# Docs, man pages and translations are never read in a container. The Mesa and LLVM libraries (and
# z3, which only LLVM uses) come in through ffmpeg's device library; headless ffmpeg never loads
# them (about 200 MB). Nor does it read keyboard layouts.
# (Quoted: these are dpkg's patterns, not this shell's.)
excludes=(
  '/usr/share/doc/*' '/usr/share/man/*' '/usr/share/info/*' '/usr/share/locale/*' '/usr/share/lintian/*'
  '/usr/lib/x86_64-linux-gnu/dri/*' '/usr/lib/x86_64-linux-gnu/libLLVM*' '/usr/lib/x86_64-linux-gnu/libgallium*'
  '/usr/lib/x86_64-linux-gnu/libz3.so*' '/usr/share/X11/xkb/*'
)
dpkgopts=()
for path in "${excludes[@]}"; do
  dpkgopts+=("--dpkgopt=path-exclude=$path")
done
# Licences stay.
dpkgopts+=("--dpkgopt=path-include=/usr/share/doc/*/copyright")

# The setup hook: openjdk's update-alternatives fails without /usr/share/man/man1, which the
# exclusions above leave missing. The customize hook adds the user and the data dir; the
# merged-usr hook makes /bin, /lib and /sbin links without pulling perl in (usrmerge would).
# Downloaded packages are kept beside the output (ASSETGATE_BASE_DEB_CACHE), so a rebuild
# downloads only what changed.
debs=${ASSETGATE_BASE_DEB_CACHE:-$(dirname "$out")/debs}
mkdir -p "$debs"
debs=$(cd "$debs" && pwd)
mmdebstrap --mode=root --variant=essential --format=directory --skip=essential/unlink \
  --aptopt='APT::Install-Recommends "false"' \
  --include="$packages" \
  "${dpkgopts[@]}" \
  --hook-dir=/usr/share/mmdebstrap/hooks/merged-usr \
  --setup-hook='mkdir -p "$1/usr/share/man/man1" "$1/var/cache/apt/archives"' \
  --setup-hook="sync-in '$debs' /var/cache/apt/archives/" \
  --customize-hook='echo "assetgate:x:10001:10001:Assetgate:/app/data:/usr/sbin/nologin" >> "$1/etc/passwd"' \
  --customize-hook='echo "assetgate:x:10001:" >> "$1/etc/group"' \
  --customize-hook='mkdir -p "$1/app/data/keys" && chown -R 10001:10001 "$1/app/data" && chmod 750 "$1/app/data" && chmod 700 "$1/app/data/keys"' \
  --customize-hook="sync-out /var/cache/apt/archives '$debs'" \
  --customize-hook='rm -rf "$1/var/cache/apt" "$1/var/cache/debconf"/*-old "$1/var/log"/*.log' \
  "$suite" "$work/rootfs" \
  "deb $mirror $suite main" \
  "deb $mirror $suite-updates main" \
  "deb $security_mirror $suite-security main"

# The unused packages go without their maintainer scripts (python3's need the python being
# removed); there is no package manager in the image to mind the broken dependencies.
for p in $unused; do
  rm -f "$work/rootfs/var/lib/dpkg/info/$p".p*rm "$work/rootfs/var/lib/dpkg/info/$p":*.p*rm
done
# shellcheck disable=SC2086
chroot "$work/rootfs" dpkg --purge --force-depends $unused
rm -rf "$work/rootfs"/usr/lib/python3*

tar --sort=name --numeric-owner -C "$work/rootfs" -cf "$work/rootfs.tar" .
rm -rf "$work/rootfs"

java_home=/usr/lib/jvm/java-25-openjdk-amd64
"$here/docker-archive.sh" "$work/rootfs.tar" "$out" \
  "PATH=$java_home/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin" \
  "JAVA_HOME=$java_home" \
  "LANG=C.UTF-8"
echo "$inputs" > "$stamp"
echo "Base image: $out ($(du -h "$out" | cut -f1))"
