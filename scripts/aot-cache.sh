#!/usr/bin/env bash
# Builds a JDK 25 AOT cache for the server jar from a training run, so that a fresh server starts
# with its classes loaded and linked and with method profiles from the run (JEP 483, 514, 515):
# the JIT then compiles the hot paths sooner, and the first seconds under load cost less CPU.
#
#   scripts/aot-cache.sh [SERVER_JAR] [OUT_DIR]       # defaults: server/target/assetgate-server.jar, server/target/aot
#   java -XX:AOTCache=OUT_DIR/assetgate.aot -jar OUT_DIR/app/assetgate-server.jar ...
#
# An AOT cache takes classes only from plain jars on the class path, not from the nested jars of
# Spring Boot's executable jar, so the jar is extracted first (`-Djarmode=tools extract`) and the
# cache belongs to that extracted copy: run the server from OUT_DIR/app with the same java (the
# same JDK build) that made the cache. A cache that does not match is ignored with a warning, and
# the server starts as it would without one.
#
# The training run is the embedded defaults (H2, local store, the embedded issuer, a throwaway data
# directory) and TRAIN_SECONDS (30) of POST /v1/uploads from one service client with `wrk`
# (or curl, slower, when wrk is missing): the path that matters most for warm-up. On exit the
# JVM writes the cache (about 110 MB).
set -euo pipefail
cd "$(dirname "$0")/.."
JAR=${1:-server/target/assetgate-server.jar}
OUT=${2:-server/target/aot}
SECONDS_=${TRAIN_SECONDS:-30}
PORT=${TRAIN_PORT:-18470}
# A JDK 25: JAVA25, else the one under /usr/lib/jvm (the default `java` may be older, and an older
# JVM knows neither the cache nor the options that make it).
JAVA=${JAVA25:-$(ls -d /usr/lib/jvm/*25*/bin/java 2>/dev/null | head -1)}
JAVA=${JAVA:-java}
"$JAVA" -XX:+PrintFlagsFinal -version 2>/dev/null | grep -q AOTCacheOutput \
  || { echo "$JAVA cannot write an AOT cache: set JAVA25 to a JDK 25's java" >&2; exit 2; }
[ -f "$JAR" ] || { echo "no server jar at $JAR (./mvnw -q -pl server -am package -DskipTests)" >&2; exit 2; }
rm -rf "$OUT"; mkdir -p "$OUT"
"$JAVA" -Djarmode=tools -jar "$JAR" extract --destination "$OUT/app" >/dev/null
APP=$OUT/app/$(basename "$JAR")
DATA=$(mktemp -d -t assetgate-aot.XXXXXX)
SERVER=
cleanup() { if [ -n "$SERVER" ]; then kill "$SERVER" 2>/dev/null; wait "$SERVER" 2>/dev/null || true; fi; rm -rf "$DATA"; }
trap cleanup EXIT

"$JAVA" -XX:AOTCacheOutput="$OUT/assetgate.aot" -jar "$APP" --server.port="$PORT" --assetgate.data-dir="$DATA" \
  --assetgate.limits.uploads-per-minute=0 \
  '--assetgate.idp.clients[0].client-id=aot-training' '--assetgate.idp.clients[0].client-secret=aot-training' \
  > "$OUT/training.log" 2>&1 &
SERVER=$!
for _ in $(seq 1 240); do
  curl -sf "localhost:$PORT/actuator/health" >/dev/null && break
  kill -0 "$SERVER" 2>/dev/null || { SERVER=; echo "the training server exited; see $OUT/training.log" >&2; exit 1; }
  sleep 0.5
done
TOKEN=$(curl -sf -u aot-training:aot-training -d grant_type=client_credentials -d 'scope=assets:read assets:write' \
  "localhost:$PORT/oauth2/token" | sed -E 's/.*"access_token" *: *"([^"]+)".*/\1/')
if command -v wrk >/dev/null; then
  TOKENS=$TOKEN wrk -t2 -c32 -d"${SECONDS_}s" -s bench/create-upload.lua "http://localhost:$PORT" | tail -3
else
  end=$(( $(date +%s) + SECONDS_ ))
  while [ "$(date +%s)" -lt "$end" ]; do
    curl -sf -o /dev/null -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
      -d '{"filename":"IMG_0001.jpg","contentType":"image/jpeg","size":2481234}' "localhost:$PORT/v1/uploads"
  done
fi
# A normal exit (SIGTERM, graceful shutdown) is when the JVM writes the cache.
kill "$SERVER"; wait "$SERVER" 2>/dev/null || true; SERVER=
[ -s "$OUT/assetgate.aot" ] || { echo "no cache written; see $OUT/training.log" >&2; exit 1; }
echo "AOT cache: $OUT/assetgate.aot ($(du -h "$OUT/assetgate.aot" | cut -f1)); run:"
echo "  $JAVA -XX:AOTCache=$OUT/assetgate.aot -jar $APP"
