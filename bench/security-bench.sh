#!/usr/bin/env bash
# Measures what the security layer costs on the hot paths, against the real server jar
# (embedded IdP, H2, local store):
#   1. GET /v1/assets with a valid token         (token validation + owner filter)
#   2. POST /v1/uploads with a valid token        (validation, quota reservation, record,
#                                                  signing, audit row + log line)
#   3. POST /v1/uploads with a forged token       (refusal + audit of the auth failure)
#   4. POST /v1/uploads past the rate limit       (Bucket4j refusal + audit of the hit)
# Usage: bench/security-bench.sh [seconds per scenario, default 10]
# Needs: wrk, curl, jq, a JDK 25 (ASSETGATE_JAVA, or the first one under /usr/lib/jvm).
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=${1:-10}
JAVA=${ASSETGATE_JAVA:-$(ls -d /usr/lib/jvm/*25*/bin/java 2>/dev/null | head -1)}
JAVA=${JAVA:-java}
JAR=server/target/assetgate-server.jar
[ -f "$JAR" ] || ./mvnw -q -pl server package -DskipTests

SERVER_PID=
stop_server() { [ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null && wait "$SERVER_PID" 2>/dev/null || true; SERVER_PID=; }
trap stop_server EXIT

start_server() { # $1 = uploads per minute
  DATA=$(mktemp -d)
  PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("",0)); print(s.getsockname()[1])')
  BASE=http://localhost:$PORT
  "$JAVA" -Xmx512m -jar "$JAR" --server.port="$PORT" --assetgate.data-dir="$DATA" \
    --assetgate.limits.uploads-per-minute="$1" --logging.level.root=WARN \
    --logging.level.assetgate.audit=INFO > "$DATA/server.log" 2>&1 &
  SERVER_PID=$!
  echo "load average: $(cut -d" " -f1-3 /proc/loadavg)"
  for _ in $(seq 1 240); do
    curl -sf "$BASE/actuator/health" > /dev/null && break
    sleep 0.5
  done
  SECRET=$(grep client-secret "$DATA/idp/initial-credentials.properties" | cut -d= -f2)
  TOKEN=$(curl -s -u "assetgate-service:$SECRET" -d grant_type=client_credentials \
    -d scope='assets:read assets:write' "$BASE/oauth2/token" | jq -r .access_token)
  export TOKEN
}

scenario() { # $1 = title, rest = wrk arguments
  local title=$1; shift
  echo "== $title"
  wrk -t2 -c16 -d"${DURATION}s" --latency "$@" | grep -E "Requests/sec|Latency  |50%|99%|status|Non-2xx|requests in|errors" || true
}

start_server 0
# Warm up the JIT and the connection pool before measuring.
wrk -t2 -c8 -d3s -s bench/get.lua "$BASE/v1/assets?limit=1" > /dev/null
wrk -t2 -c8 -d3s -s bench/post-upload.lua "$BASE/v1/uploads" > /dev/null
scenario "GET /v1/assets, valid token" -s bench/get.lua "$BASE/v1/assets?limit=1"
scenario "POST /v1/uploads, valid token" -s bench/post-upload.lua "$BASE/v1/uploads"
GOOD=$TOKEN
HEADER=$(printf '{"alg":"none","typ":"JWT"}' | base64 -w0 | tr '+/' '-_' | tr -d '=')
export TOKEN="$HEADER.$(echo "$GOOD" | cut -d. -f2)."
scenario "POST /v1/uploads, forged alg:none token (401)" -s bench/post-upload.lua "$BASE/v1/uploads"
stop_server

start_server 60
curl -s -o /dev/null "$BASE/v1/assets" -H "Authorization: Bearer $TOKEN"
for _ in $(seq 1 60); do
  curl -s -o /dev/null -X POST "$BASE/v1/uploads" -H "Authorization: Bearer $TOKEN" \
    -H 'Content-Type: application/json' -d '{"filename":"a.jpg","contentType":"image/jpeg","size":10}'
done
scenario "POST /v1/uploads, over the rate limit (429)" -s bench/post-upload.lua "$BASE/v1/uploads"
