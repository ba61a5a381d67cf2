#!/usr/bin/env bash
# The headline create rate, on the settings a user ships with, beside Uppy Companion.
#
# POST /v1/uploads with `wrk -t2 -c32`, the server on its shipped defaults: INFO logging (so
# an audit line per create, as JSON on stdout, written to a file here), the shipped pool,
# cache and JIT settings, no quota. The only setting changed is the per-owner rate limit
# (assetgate.limits.uploads-per-minute=0): its default of 600 a minute would refuse nearly
# every request of a load test from one owner.
#
# For each database (H2 file, PostgreSQL) and issuer (the embedded one, or an external
# mock-oauth2-server process serving discovery, JWKS and tokens), every round:
#   1. a fresh server, BENCH_SHORT_WARMUP (5 s) of load from one owner, then one owner measured;
#   2. Companion's GET /s3/params measured with the same wrk settings (the peer);
#   3. a fresh server, the short warm-up from 16 owners, then 16 owners measured;
#   4. on that server, load until BENCH_LONG_WARMUP (60 s) has passed, then 16 owners and one
#      owner measured (the order alternates between rounds);
#   5. on that warmed server, the ceiling: GET /actuator/health/liveness (no token, no database),
#      the least any request costs here, and its multiple of Companion's rate.
# Each measurement is one line (also appended to $BENCH_OUT), with the load average at its end.
#
#   ./mvnw -q -pl server package -DskipTests -Djs.skip=true
#   bench/headline.sh 3                       # three rounds of everything (about 12 min a round)
#   BENCH_DBS=pg BENCH_ISSUERS=external bench/headline.sh
#   BENCH_JAR=/path/to/other/assetgate-server.jar bench/headline.sh    # another build, for A/B
#   scripts/aot-cache.sh && BENCH_JAR=server/target/aot/app/assetgate-server.jar \
#     BENCH_JAVA_OPTS=-XX:AOTCache=server/target/aot/assetgate.aot bench/headline.sh   # with a JDK 25 AOT cache
#
# Needs wrk, curl, node and npm (Companion is installed once into BENCH_COMPANION_DIR, outside
# the repository), a JDK 25, PostgreSQL on 127.0.0.1:5432 with trust auth for the pg rows.
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS=${1:-1}
DBS=${BENCH_DBS:-h2 pg}
ISSUERS=${BENCH_ISSUERS:-embedded external}
SECONDS_=${BENCH_SECONDS:-15}
SHORT=${BENCH_SHORT_WARMUP:-5}
LONG=${BENCH_LONG_WARMUP:-60}
WRK_ARGS=${BENCH_WRK:--t2 -c32}
PORT=${BENCH_PORT:-18480}
IDP_PORT=${BENCH_IDP_PORT:-18490}
COMPANION_PORT=${BENCH_COMPANION_PORT:-18495}
PG_URL=${BENCH_PG_URL:-jdbc:postgresql://127.0.0.1:5432/assetgate_headline}
OUT=${BENCH_OUT:-$(mktemp -t assetgate-headline.XXXXXX.tsv)}
COMPANION_VERSION=6.2.2
COMPANION_DIR=${BENCH_COMPANION_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/assetgate-bench/companion-$COMPANION_VERSION}
JAR=${BENCH_JAR:-server/target/assetgate-server.jar}
JAVA=${JAVA25:-$(ls -d /usr/lib/jvm/*25* 2>/dev/null | head -1)/bin/java}
command -v wrk >/dev/null || { echo "wrk is required (apt-get install wrk)" >&2; exit 2; }
[ -f "$JAR" ] || ./mvnw -q -pl server -DskipTests -Djs.skip=true package
WORK=$(mktemp -d -t assetgate-headline.XXXXXX)
SERVER= IDP= COMPANION=
stop_server() { if [ -n "$SERVER" ]; then kill "$SERVER" 2>/dev/null; wait "$SERVER" 2>/dev/null || true; SERVER=; fi; }
cleanup() {
  stop_server
  for p in $IDP $COMPANION; do kill "$p" 2>/dev/null; wait "$p" 2>/dev/null || true; done
  rm -rf "$WORK"
}
trap cleanup EXIT
wait_for() { for _ in $(seq 1 240); do curl -sf "$1" >/dev/null && return 0; sleep 0.5; done; echo "not up: $1" >&2; exit 1; }

# --- the peer: Uppy Companion signing presigned S3 POSTs (no S3 call is made to sign) ---
if [ ! -x "$COMPANION_DIR/node_modules/.bin/companion" ]; then
  mkdir -p "$COMPANION_DIR"
  (cd "$COMPANION_DIR" && npm init -y >/dev/null && npm install --no-audit --no-fund "@uppy/companion@$COMPANION_VERSION" >/dev/null)
fi
mkdir -p "$WORK/companion"
COMPANION_SECRET=bench-secret COMPANION_PREAUTH_SECRET=bench-preauth COMPANION_PORT=$COMPANION_PORT \
  COMPANION_DOMAIN=localhost:$COMPANION_PORT COMPANION_DATADIR="$WORK/companion" COMPANION_CLIENT_ORIGINS=true \
  COMPANION_UPLOAD_URLS='http://localhost/.*' COMPANION_AWS_KEY=benchkey COMPANION_AWS_SECRET=benchsecretbenchsecret \
  COMPANION_AWS_BUCKET=bench COMPANION_AWS_REGION=us-east-1 COMPANION_AWS_ENDPOINT=http://127.0.0.1:9000 \
  COMPANION_AWS_FORCE_PATH_STYLE=true NODE_ENV=production \
  "$COMPANION_DIR/node_modules/.bin/companion" > "$WORK/companion.log" 2>&1 &
COMPANION=$!

# --- the external issuer: mock-oauth2-server as its own process, tokens per client id ---
if [[ " $ISSUERS " == *" external "* ]]; then
  CP=server/target/bench-test-classpath.txt
  # -am with compile: the server's classpath names core, which the reactor resolves to its classes.
  [ -s "$CP" ] || ./mvnw -B -q -pl server -am compile dependency:build-classpath -Djs.skip=true \
    -Dmdep.includeScope=test -Dmdep.outputFile="$(pwd)/$CP" >/dev/null
  IDP_CONFIG='{"interactiveLogin":false,"tokenCallbacks":[{"issuerId":"ext","tokenExpiry":7200,"requestMappings":[
    {"requestParam":"grant_type","match":"client_credentials","claims":{"sub":"${clientId}","client_id":"${clientId}",
    "aud":["assetgate"],"scope":"assets:read assets:write"}}]}]}'
  SERVER_PORT=$IDP_PORT JSON_CONFIG="$IDP_CONFIG" "$JAVA" -Xmx128m -XX:TieredStopAtLevel=1 -cp "$(cat "$CP")" \
    no.nav.security.mock.oauth2.StandaloneMockOAuth2ServerKt > "$WORK/idp.log" 2>&1 &
  IDP=$!
  wait_for "localhost:$IDP_PORT/ext/.well-known/openid-configuration"
fi
wait_for "localhost:$COMPANION_PORT/s3/params?filename=a.jpg&type=image%2Fjpeg"

start_server() { # $1 = h2|pg, $2 = embedded|external; sets SERVER and TOKENS_ALL (16 owners)
  local data=$WORK/data args=() tokens=""
  rm -rf "$data"; mkdir -p "$data"
  if [ "$1" = pg ]; then
    local db=${PG_URL##*/}
    psql -X -q -h 127.0.0.1 -U postgres -d postgres -c "drop database if exists $db with (force)" -c "create database $db"
    args+=(--spring.datasource.url="$PG_URL" --spring.datasource.username=postgres)
  fi
  if [ "$2" = external ]; then
    args+=(--spring.security.oauth2.resourceserver.jwt.issuer-uri="http://localhost:$IDP_PORT/ext")
  else
    for i in $(seq 0 15); do
      args+=("--assetgate.idp.clients[$i].client-id=bench-$i" "--assetgate.idp.clients[$i].client-secret=bench-secret")
    done
  fi
  # shellcheck disable=SC2086
  "$JAVA" ${BENCH_JAVA_OPTS:-} -jar "$JAR" --server.port="$PORT" \
    --assetgate.data-dir="$data" --assetgate.limits.uploads-per-minute=0 "${args[@]}" ${BENCH_SERVER_ARGS:-} \
    > "$WORK/server.log" 2>&1 &
  SERVER=$!
  wait_for "localhost:$PORT/actuator/health"
  local token_url="localhost:$PORT/oauth2/token"
  [ "$2" = external ] && token_url="localhost:$IDP_PORT/ext/token"
  for i in $(seq 0 15); do
    tokens+=" $(curl -sf -u "bench-$i:bench-secret" -d grant_type=client_credentials \
      -d 'scope=assets:read assets:write' "$token_url" | tr -d '\n' | sed -E 's/.*"access_token" *: *"([^"]+)".*/\1/')"
  done
  TOKENS_ALL=$tokens
}

load() { # $1 = seconds, $2 = owners, $3 = lua, $4 = url: wrk's summary lines
  # shellcheck disable=SC2086
  TOKENS=$(echo $TOKENS_ALL | cut -d' ' -f1-"$2") wrk $WRK_ARGS -d"${1}s" -s "$3" "$4" | tail -3
}

RESULT=
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
measure() { # $1 = round, $2 = case label, $3 = owners, $4 = lua, $5 = url, $6 = pid of the measured process
  local out rate lat non2xx t0 t1 count
  t0=$(cpu_ticks "$6")
  out=$(load "$SECONDS_" "$3" "$4" "$5")
  t1=$(cpu_ticks "$6")
  rate=$(echo "$out" | sed -n 's/^requests\/s: //p')
  lat=$(echo "$out" | sed -n 's/^latency //p' | sed -E 's/ +/ /g')
  non2xx=$(echo "$out" | sed -n 's/.*non-2xx \([0-9]*\).*/\1/p')
  RESULT=$rate
  # CPU of the measured process (not wrk's, not PostgreSQL's) per request: on a shared machine
  # this says more about the code than the rate does.
  count=$(( rate * SECONDS_ ))
  printf '%s\t%s\t%s/s\t%s\tnon-2xx %s\tCPU %s ms/req\tload %s\n' "$1" "$2" "$rate" "$lat" "$non2xx" \
    "$(echo "scale=3; ($t1 - $t0) * 1000 / $(getconf CLK_TCK) / ($count + 1)" | bc)" \
    "$(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$OUT"
}

echo "results: $OUT (wrk $WRK_ARGS, ${SECONDS_}s per measurement, warm-ups ${SHORT}s and ${LONG}s)"
for round in $(seq 1 "$ROUNDS"); do
  for db in $DBS; do
    for issuer in $ISSUERS; do
      case_="$db $issuer"
      start_server "$db" "$issuer"
      load "$SHORT" 1 bench/create-upload.lua "http://localhost:$PORT" > /dev/null
      measure "$round" "$case_, 1 owner, ${SHORT}s warm-up" 1 bench/create-upload.lua "http://localhost:$PORT" "$SERVER"
      one=$RESULT
      stop_server
      load 3 1 bench/companion-params.lua "http://localhost:$COMPANION_PORT" > /dev/null
      measure "$round" "companion /s3/params (peer of $case_)" 1 bench/companion-params.lua \
        "http://localhost:$COMPANION_PORT" "$COMPANION"
      peer=$RESULT
      start_server "$db" "$issuer"
      load "$SHORT" 16 bench/create-upload.lua "http://localhost:$PORT" > /dev/null
      measure "$round" "$case_, 16 owners, ${SHORT}s warm-up" 16 bench/create-upload.lua "http://localhost:$PORT" \
        "$SERVER"
      sixteen=$RESULT
      load $((LONG - SHORT - SECONDS_)) 16 bench/create-upload.lua "http://localhost:$PORT" > /dev/null
      order="16 1"; [ $((round % 2)) = 0 ] && order="1 16"
      for owners in $order; do
        measure "$round" "$case_, $owners owner(s), ${LONG}s warm-up" "$owners" bench/create-upload.lua \
          "http://localhost:$PORT" "$SERVER"
      done
      # The ceiling: the cheapest request the warmed server answers (no token, no database).
      load 15 1 bench/liveness-ceiling.lua "http://localhost:$PORT" > /dev/null
      measure "$round" "$case_, ceiling: GET /actuator/health/liveness" 1 bench/liveness-ceiling.lua \
        "http://localhost:$PORT" "$SERVER"
      ceiling=$RESULT
      stop_server
      printf '%s\t%s: 1 owner / Companion %.1fx, 16 owners / 1 owner %.2fx (short warm-up); ceiling / Companion %.1fx\n' \
        "$round" "$case_" "$(echo "$one / $peer" | bc -l)" "$(echo "$sixteen / $one" | bc -l)" \
        "$(echo "$ceiling / $peer" | bc -l)" | tee -a "$OUT"
    done
  done
done
