#!/usr/bin/env bash
# Load benchmark of POST /v1/uploads: token validation (RS256 JWT from the embedded IdP),
# policy checks, two inserts in one transaction, and signing, on the embedded defaults
# (H2 file database, local store). The load comes from OWNERS service clients (default 16;
# 1 measures the worst case, every create updating the same owner's usage row).
# Usage: bench/create-uploads.sh [connections] [seconds] [owners]
# BENCH_WRK_THREADS (default 1): wrk's load threads. One wrk thread drives far more than the
# server's rate; a second one only takes the server's cores and, since wrk fills in latency
# samples for answers slower than twice the average interval, its uneven progress shows up as a
# p99 several times higher (bench/README.md, "One load thread").
set -euo pipefail
cd "$(dirname "$0")/.."
CONNECTIONS=${1:-32}
DURATION=${2:-30}
OWNERS=${3:-16}
PORT=${BENCH_PORT:-18480}
DATA=$(mktemp -d)
JAVA=${JAVA25:-$(ls -d /usr/lib/jvm/*25* 2>/dev/null | head -1)/bin/java}
command -v wrk >/dev/null || { echo "wrk is required (apt-get install wrk)"; exit 2; }
[ -f server/target/assetgate-server.jar ] || ./mvnw -q -pl server -DskipTests package

CLIENTS=()
for i in $(seq 0 $((OWNERS - 1))); do
  CLIENTS+=("--assetgate.idp.clients[$i].client-id=bench-$i" "--assetgate.idp.clients[$i].client-secret=bench-secret")
done
"$JAVA" -Xmx1g ${BENCH_JAVA_OPTS:-} -jar server/target/assetgate-server.jar --server.port="$PORT" --assetgate.data-dir="$DATA" \
  "${CLIENTS[@]}" \
  --assetgate.limits.uploads-per-minute=0 --logging.level.root=${BENCH_LOG_LEVEL:-WARN} ${BENCH_SERVER_ARGS:-} > "$DATA/server.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null; wait $SERVER 2>/dev/null; rm -rf "$DATA"' EXIT
for _ in $(seq 1 120); do curl -sf "localhost:$PORT/actuator/health" >/dev/null && break; sleep 1; done

TOKENS=""
for i in $(seq 0 $((OWNERS - 1))); do
  TOKENS+=" $(curl -sf -u "bench-$i:bench-secret" -d grant_type=client_credentials \
    -d 'scope=assets:read assets:write' "localhost:$PORT/oauth2/token" | sed -E 's/.*"access_token":"([^"]+)".*/\1/')"
done
export TOKENS
echo "tokens for $(echo $TOKENS | wc -w) owners"

WARMUP=${BENCH_WARMUP:-10}
THREADS=${BENCH_WRK_THREADS:-1}
echo "warm-up ($WARMUP s)..."
wrk -t"$THREADS" -c"$CONNECTIONS" -d"${WARMUP}s" -s bench/create-upload.lua "http://localhost:$PORT" | tail -3
echo "measuring: $CONNECTIONS connections, $THREADS wrk thread(s), ${DURATION}s, $OWNERS owners"
wrk -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" -s bench/create-upload.lua "http://localhost:$PORT" | tail -3
