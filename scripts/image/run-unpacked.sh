#!/usr/bin/env bash
# Runs the server image with no container daemon: unpacks the docker-save tarball's layers into
# a folder, then starts the image's own entrypoint, environment, user and working directory from
# its config in a chroot, in new mount and PID namespaces (unshare). The network is the host's, so
# the server answers on localhost. This proves the image runs as built; it is no sandbox.
#
# Usage: run-unpacked.sh IMAGE.tar ROOT_DIR [ARGS...]   (needs root for chroot and mounts)
# ARGS go after the entrypoint, for instance --server.port=18080. The process stays in the
# foreground: Ctrl-C stops the server gracefully; killing the process (SIGKILL) ends everything it
# started in the namespace.
set -euo pipefail

image=${1:?usage: run-unpacked.sh IMAGE.tar ROOT_DIR [ARGS...]}
root=${2:?usage: run-unpacked.sh IMAGE.tar ROOT_DIR [ARGS...]}
shift 2

if [ "$(id -u)" != 0 ]; then
  echo "run-unpacked.sh needs root (chroot, mount)" >&2
  exit 1
fi
if ! command -v jq >/dev/null 2>&1; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends jq >/dev/null
fi

meta=$(mktemp -d)
trap 'rm -rf "$meta"' EXIT
tar -xf "$image" -C "$meta" manifest.json
config_file=$(jq -r '.[0].Config' "$meta/manifest.json")
tar -xf "$image" -C "$meta" "$config_file"
config="$meta/$config_file"

# Layers in order; none of this image's layers delete files (no whiteouts), so plain tar is enough.
mkdir -p "$root"
while read -r layer; do
  tar -xf "$image" -O "$layer" | tar -xz -C "$root" --numeric-owner --same-permissions --warning=no-unknown-keyword
done < <(jq -r '.[0].Layers[]' "$meta/manifest.json")

user=$(jq -r '.config.User // "0:0"' "$config")
workdir=$(jq -r '.config.WorkingDir // "/"' "$config")
mapfile -t env < <(jq -r '.config.Env // [] | .[]' "$config")
mapfile -t entrypoint < <(jq -r '(.config.Entrypoint // []) + (.config.Cmd // []) | .[]' "$config")
rm -rf "$meta"   # now: exec below leaves no shell to run the EXIT trap

# The namespace's first process (bash, root) mounts /proc and the host's /dev, then starts the
# server and stays its parent: it passes SIGTERM and SIGINT on (Ctrl-C stops the server
# gracefully), and --kill-child ends it, and with it the whole namespace, when unshare is killed.
# (The server itself cannot be that first process: its user change would drop --kill-child.)
exec unshare --mount --pid --fork --kill-child -- \
  bash -c 'root=$1; user=$2; shift 2
    mount -t proc proc "$root/proc"
    mount --rbind /dev "$root/dev"
    chroot --userspec="$user" "$root" "$@" &
    server=$!
    trap "kill -TERM $server" TERM INT
    while true; do
      wait "$server"; status=$?
      kill -0 "$server" 2>/dev/null || exit "$status"
    done' \
  run "$root" "$user" /usr/bin/env -i -C "$workdir" "${env[@]}" "${entrypoint[@]}" "$@"
