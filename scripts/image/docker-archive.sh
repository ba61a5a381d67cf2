#!/usr/bin/env bash
# Turns a root filesystem tarball into a one-layer image in the docker-save format
# (`docker load`, `podman load`, and Jib's `tar://` base images read it), with tar, gzip and
# sha256sum only: manifest.json, the image config, and the gzipped layer.
#
# Usage: docker-archive.sh ROOTFS.tar OUT.tar [NAME=VALUE ...]   (the image's environment)
# The config runs as the user 10001 in /app. Nothing depends on the time of the build, so the
# same root filesystem gives the same archive.
set -euo pipefail

rootfs=${1:?usage: docker-archive.sh ROOTFS.tar OUT.tar [NAME=VALUE ...]}
out=${2:?usage: docker-archive.sh ROOTFS.tar OUT.tar [NAME=VALUE ...]}
shift 2

json_string() {
  local s=${1//\\/\\\\}
  printf '"%s"' "${s//\"/\\\"}"
}

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# The config names the layer by the digest of its uncompressed tar (diff_id); the manifest points
# at the compressed file.
diff_id=$(sha256sum "$rootfs" | cut -d' ' -f1)
gzip -n -6 -c "$rootfs" > "$work/$diff_id.tar.gz"

env_json=""
for pair in "$@"; do
  env_json+="${env_json:+,}$(json_string "$pair")"
done
cat > "$work/config.json" <<EOF
{"architecture":"amd64","os":"linux","created":"1970-01-01T00:00:00Z",
"config":{"Env":[$env_json],"User":"10001:10001","WorkingDir":"/app"},
"rootfs":{"type":"layers","diff_ids":["sha256:$diff_id"]},
"history":[{"created":"1970-01-01T00:00:00Z","created_by":"scripts/image/build-base.sh (mmdebstrap)"}]}
EOF
config_id=$(sha256sum "$work/config.json" | cut -d' ' -f1)
mv "$work/config.json" "$work/$config_id.json"
cat > "$work/manifest.json" <<EOF
[{"Config":"$config_id.json","RepoTags":["assetgate-base:latest"],"Layers":["$diff_id.tar.gz"]}]
EOF

tar --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner -C "$work" \
  -cf "$out.tmp" manifest.json "$config_id.json" "$diff_id.tar.gz"
mv "$out.tmp" "$out"
