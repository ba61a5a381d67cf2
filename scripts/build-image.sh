#!/usr/bin/env bash
# Builds the server's container image without a container daemon or a registry, into
# server/target/image/assetgate-server.tar (docker-save format: `docker load -i`, `podman load -i`,
# or `skopeo copy docker-archive:... docker://registry/...` to publish it).
#
# The base comes from Debian 13 packages (scripts/image/build-base.sh, needs root; about 3 minutes
# the first time, then reused), and Jib layers the server on it (server/pom.xml, profile `image`).
# Extra arguments go to Maven, e.g. -Djs.skip=true for an image without the web uploader.
#
# Run it (no daemon): sudo scripts/image/run-unpacked.sh server/target/image/assetgate-server.tar /tmp/ag-root
set -euo pipefail
cd "$(dirname "$0")/.."

started=$(date +%s)
./mvnw -B -q -pl server -Pimage -DskipTests package "$@"
image=server/target/image/assetgate-server.tar
echo "Image: $image ($(du -h "$image" | cut -f1) compressed, $(( $(date +%s) - started )) s)"
echo "Digest: $(cat server/target/image/assetgate-server.digest)"
