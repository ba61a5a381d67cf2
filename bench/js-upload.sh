#!/usr/bin/env bash
# The TypeScript SDK (@assetgate/client with its Node adapter) against a real server: a large
# upload (1 GiB by default) through the SDK in Node, next to one raw `curl -T` PUT of the same
# file to a signed URL of the same store, on the local store and on S3Proxy. Reports MiB/s, the
# client's CPU seconds (Node's own threads; curl's process), and how much the Node process's
# resident memory grew during the upload (goal: under 64 MB), and the CPU the receiving side
# spent on the case (the servers; on S3, S3Proxy apart, whose complete copies every part into one
# object, which curl -T never makes it do). Neither side's sign-in is timed
# (curl's token and declaration come before its clock starts; the SDK signs in before its upload
# call and prints how long that took); the SDK's figure covers its declare, PUTs and complete.
# Beside the MULTIPART case, curl also speaks the same multipart protocol (`curl, MULTIPART`: the
# parts in parallel from one curl process, then the complete), which shows what a store's
# multipart costs any client, apart from what the SDK adds. The multipart rows also give the
# receivers' CPU in the complete alone (from the last byte sent to the answer): on S3Proxy, its
# copy of the parts into one object. After each case, untimed, what it stored is deleted (see
# free_stored).
#
#   ./mvnw -q -pl server package -DskipTests      # server jar, and S3Proxy in server/target/s3proxy
#   (cd js && npm ci && npm run build -w @assetgate/client)
#   bench/js-upload.sh [size MiB, default 1024] [parallel parts, default 4]
#
# Each case runs REPEAT times (default 1), the cases taking turns, in the reverse order every
# second round; with more than one round compare the rounds, not single runs (a GiB upload on a
# small shared machine varies by a third).
# Needs: a JDK 25 (JAVA25=/path/to/java, or found under /usr/lib/jvm), node 20+, curl, jq, bc.
set -euo pipefail

SIZE_MIB=${1:-1024}
PARALLEL=${2:-4}
REPEAT=${REPEAT:-1}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
SERVER_JAR=$ROOT/server/target/assetgate-server.jar
S3PROXY_JAR=${ASSETGATE_S3PROXY_JAR:-$ROOT/server/target/s3proxy/s3proxy.jar}
JAVA=${JAVA25:-$(ls -d /usr/lib/jvm/*25*/bin/java 2>/dev/null | head -1)}
[ -x "$JAVA" ] || { echo "No JDK 25 found: set JAVA25" >&2; exit 2; }
[ -f "$SERVER_JAR" ] || { echo "Build first: ./mvnw -q -pl server package -DskipTests" >&2; exit 2; }
[ -f "$ROOT/js/client/dist/node/index.js" ] || { echo "Build the SDK first: (cd js && npm run build -w @assetgate/client)" >&2; exit 2; }

. "$ROOT/bench/multipart-parts.sh"

WORK=$(mktemp -d "${TMPDIR:-/tmp}/assetgate-js-bench.XXXXXX")
PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

CLIENT_ID=bench-client
CLIENT_SECRET=bench-client-secret
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
now() { date +%s.%N; }
settle() { sync; sleep 2; }
mibps() { echo "scale=1; $1 / 1048576 / ($3 - $2)" | bc; }
secs() { echo "scale=2; ($2 - $1) / 1" | bc; }
await_http() { for _ in $(seq 1 600); do curl -sf -o /dev/null "$1" && return 0; sleep 0.5; done; echo "timeout: $1" >&2; exit 1; }
jpeg() { { printf '\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00'; head -c $(($2 - 20)) /dev/urandom; } > "$1"; }

# server NAME THRESHOLD ARGS...: starts a server (processing off), sets URL_<NAME> and PID_<NAME>
server() {
  local name=$1 threshold=$2; shift 2
  local port; port=$(free_port)
  "$JAVA" -jar "$SERVER_JAR" --server.port="$port" --assetgate.data-dir="$WORK/data-$name" \
    --assetgate.upload.multipart-threshold="$threshold" --assetgate.limits.uploads-per-minute=0 \
    --assetgate.idp.clients[0].client-id=$CLIENT_ID --assetgate.idp.clients[0].client-secret=$CLIENT_SECRET \
    --assetgate.processing.enabled=false --logging.level.root=WARN "$@" > "$WORK/server-$name.log" 2>&1 &
  PIDS+=($!)
  printf -v "URL_$name" '%s' "http://localhost:$port"
  printf -v "PID_$name" '%s' "$!"
}
token() { curl -s -u "$CLIENT_ID:$CLIENT_SECRET" -d grant_type=client_credentials \
  -d scope='assets:read assets:write' "$1/oauth2/token" | jq -r .access_token; }

# free_stored URL TOKEN PATH: after a case (untimed), deletes what it stored (the asset, or the
# upload that curl -T left pending), so that every case finds the memory the last one freed. On
# this kind of VM, writing a GiB into the page cache cost 0.13 s of CPU in pages freed moments
# before and up to 2.4 s in memory that had lain free a while (most likely handed back to the
# host); keeping every GiB let the stores' cost of the same bytes swing by that much from case to
# case, and filled the disk.
free_stored() {
  curl -sf -X DELETE -H "Authorization: Bearer $2" -o /dev/null "$1/$3" || echo "could not delete $3" >&2
}

# curl_put URL LABEL: declares the file (no checksum) and PUTs it with one curl -T, timed alone
curl_put() {
  local token created url size t0 t1 TIMEFORMAT='%U %S'
  token=$(token "$1"); size=$(stat -c %s "$BIG")
  created=$(curl -sf -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
    -d "{\"filename\":\"curl.jpg\",\"contentType\":\"image/jpeg\",\"size\":$size}" "$1/v1/uploads")
  url=$(jq -r .target.url <<<"$created")
  mapfile -t headers < <(jq -r '.target.headers | to_entries[] | "-H\n\(.key): \(.value)"' <<<"$created")
  settle
  t0=$(now)
  { time curl -sf -X PUT "${headers[@]}" -T "$BIG" -o /dev/null "$url"; } 2> "$WORK/curl.cpu"
  t1=$(now)
  printf '%-34s %7s MiB/s  %6s s  cpu %s s\n' "$2" "$(mibps "$size" "$t0" "$t1")" "$(secs "$t0" "$t1")" \
    "$(awk '{ printf "%.2f", $1 + $2 }' "$WORK/curl.cpu")"
  free_stored "$1" "$token" "v1/uploads/$(jq -r .uploadId <<<"$created")"
}

# curl_parts URL PARALLEL LABEL: the same multipart protocol the SDK speaks, done by curl: the file
# is split into the server's parts and every part URL is signed before the clock starts (more than
# the SDK gets); then one curl process PUTs the parts, PARALLEL at a time, and one more call
# completes the upload. What this takes beyond curl_put is what the store's multipart costs any
# client.
curl_parts() {
  local token created id size part_size count t0 t1 dir=$WORK/parts TIMEFORMAT='%U %S'
  token=$(token "$1"); size=$(stat -c %s "$BIG")
  created=$(curl -sf -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
    -d "{\"filename\":\"curl.jpg\",\"contentType\":\"image/jpeg\",\"size\":$size}" "$1/v1/uploads")
  id=$(jq -r .uploadId <<<"$created"); part_size=$(jq -r .partSize <<<"$created"); count=$(jq -r .partCount <<<"$created")
  [ "$(jq -r .mode <<<"$created")" = MULTIPART ] || { echo "curl_parts: the server did not answer MULTIPART" >&2; exit 1; }
  rm -rf "$dir"; mkdir -p "$dir"
  # Split once per part size and kept: a split made anew in every case would take a GiB of fresh
  # memory right before the parts (see free_stored).
  local split=$WORK/split-$part_size
  [ -d "$split" ] || { mkdir -p "$split.tmp" && split -b "$part_size" -d -a 5 "$BIG" "$split.tmp/bytes." && mv "$split.tmp" "$split"; }
  # One curl process sends every part, PARALLEL at a time (--parallel): a config file gives each
  # transfer its file, signed URL and headers, and has it print "PART_NUMBER ETAG" when done.
  sign_parts "$1/v1/uploads/$id" "$token" "$count" | jq -r --arg dir "$split" '[.[] | [
      "upload-file = \"\($dir)/bytes.\(.partNumber - 1 | tostring | ("0000" + .)[-5:])\"",
      "url = \"\(.url)\"", "output = \"/dev/null\"", "write-out = \"\(.partNumber) %header{etag}\\n\"",
      "request = \"PUT\"", "fail", "silent",
      ((.headers // {}) | to_entries[] | "header = \"\(.key): \(.value)\"")] | join("\n")] | join("\nnext\n")' \
    > "$dir/parts.conf"
  settle
  t0=$(now)
  { time { curl -sf --no-progress-meter --parallel --parallel-max "$2" -K "$dir/parts.conf" > "$dir/etags" 2> "$dir/curl.err" &&
    now > "$dir/parts.done" && receivers_cpu > "$dir/cpu.parts" && complete_body < "$dir/etags" | curl -sf -H "Authorization: Bearer $token" \
      -H 'Content-Type: application/json' -d @- "$1/v1/uploads/$id/complete" > "$dir/asset.json"; }; } 2> "$WORK/curl.cpu"
  t1=$(now)
  jq -e '.state == "AVAILABLE" or .state == "READY"' "$dir/asset.json" > /dev/null \
    || { echo "curl_parts: complete answered $(cat "$dir/asset.json")" >&2; exit 1; }
  local parts_done complete_cpu; parts_done=$(cat "$dir/parts.done")
  complete_cpu=$(receivers_cpu_since "$(cat "$dir/cpu.parts")")
  free_stored "$1" "$token" "v1/assets/$(jq -r .id "$dir/asset.json")"; rm -rf "$dir"
  printf '%-34s %7s MiB/s  %6s s  cpu %s s  (parts %s s, complete %s s: %s)\n' "$3" "$(mibps "$size" "$t0" "$t1")" \
    "$(secs "$t0" "$t1")" "$(awk '{ printf "%.2f", $1 + $2 }' "$WORK/curl.cpu")" \
    "$(secs "$t0" "$parts_done")" "$(secs "$parts_done" "$t1")" "$complete_cpu"
}

sdk() { # URL PARALLEL LABEL
  settle
  RECEIVING="$(IFS=,; echo "${RECEIVERS[*]}")" CLK_TCK=$HZ \
    node --expose-gc "$ROOT/bench/js-upload-bench.mjs" "$1" $CLIENT_ID $CLIENT_SECRET "$BIG" "$2" "$3"
}

# The CPU the receiving side spent on a case (the servers' and S3Proxy's processes, from
# /proc/PID/stat): what the client costs the server, and what a store's multipart costs it (on
# S3Proxy, the assembly of the parts into one object at complete).
RECEIVERS=()   # "label pid..." per receiving process group, set per store below
HZ=$(getconf CLK_TCK)
ticks() { local t=0 pid; for pid in "$@"; do t=$((t + $(awk '{ print $14 + $15 }' "/proc/$pid/stat"))); done; echo "$t"; }
receivers_cpu() { local r; for r in "${RECEIVERS[@]}"; do set -- $r; shift; ticks "$@"; done | paste -sd' '; }
receivers_cpu_since() { # BEFORE (receivers_cpu's output): "LABEL cpu X s, ..." since then
  local -a before=($1); local i=0 r label seconds out=""
  for r in "${RECEIVERS[@]}"; do
    set -- $r; label=$1; shift
    seconds=$(awk -v t=$(( $(ticks "$@") - before[i] )) -v hz="$HZ" 'BEGIN { printf "%.2f", t / hz }')
    out+="${out:+, }$label cpu $seconds s"; i=$((i + 1))
  done
  echo "$out"
}

# rounds CASE...: REPEAT rounds of the cases; every second round runs them in the reverse order,
# since a case's place in a round (what the store and the page cache were just doing) moves it.
rounds() {
  local round i c before line
  local -a order
  for round in $(seq 1 "$REPEAT"); do
    if (( round % 2 )); then order=("$@"); else order=(); for (( i = $#; i >= 1; i-- )); do order+=("${!i}"); done; fi
    echo "   round $round"
    for c in "${order[@]}"; do
      before=$(receivers_cpu)
      line=$(eval "$c") || line="(failed: see above)"   # a failing case leaves its row; the rounds go on
      echo "   $line  $(receivers_cpu_since "$before")"
    done
  done
}

BIG=$WORK/big.jpg
jpeg "$BIG" $((SIZE_MIB * 1048576))
echo "Assetgate JS SDK bench: ${SIZE_MIB} MiB file, $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), node $(node --version)"

echo "-- local store"
server local 64MB
server single 8GB
await_http "$URL_local/actuator/health"; await_http "$URL_single/actuator/health"
RECEIVERS=("server $PID_local $PID_single")
rounds 'curl_put "$URL_single" "curl -T (one PUT)"' \
  'sdk "$URL_single" 1 "SDK, SINGLE"' \
  'curl_parts "$URL_local" "$PARALLEL" "curl, MULTIPART x$PARALLEL"' \
  'sdk "$URL_local" "$PARALLEL" "SDK, MULTIPART x$PARALLEL"'
kill "$PID_local" "$PID_single"

if [ -f "$S3PROXY_JAR" ]; then
  echo "-- S3Proxy"
  S3_PORT=$(free_port); S3_ENDPOINT=http://127.0.0.1:$S3_PORT
  mkdir -p "$WORK/s3/bench"   # the filesystem backend: a bucket is a directory
  printf '%s\n' "s3proxy.endpoint=$S3_ENDPOINT" s3proxy.authorization=aws-v2-or-v4 s3proxy.identity=bench \
    s3proxy.credential=bench-secret jclouds.provider=filesystem-nio2 "jclouds.filesystem.basedir=$WORK/s3" \
    > "$WORK/s3proxy.conf"
  "$JAVA" -Xmx1g -jar "$S3PROXY_JAR" --properties "$WORK/s3proxy.conf" > "$WORK/s3proxy.log" 2>&1 &
  S3PROXY_PID=$!; PIDS+=($!)
  for _ in $(seq 1 240); do (exec 3<>/dev/tcp/127.0.0.1/$S3_PORT) 2>/dev/null && break; sleep 0.5; done
  S3_ARGS=(--assetgate.storage.type=s3 --assetgate.storage.s3.endpoint="$S3_ENDPOINT"
    --assetgate.storage.s3.bucket=bench --assetgate.storage.s3.path-style=true --assetgate.storage.s3.region=us-east-1
    --assetgate.storage.s3.access-key=bench --assetgate.storage.s3.secret-key=bench-secret
    --assetgate.storage.s3.sse=none --assetgate.storage.s3.checksum-headers=false)
  server s3 64MB "${S3_ARGS[@]}"
  server s3single 8GB "${S3_ARGS[@]}"
  await_http "$URL_s3/actuator/health"; await_http "$URL_s3single/actuator/health"
  RECEIVERS=("server $PID_s3 $PID_s3single" "S3Proxy $S3PROXY_PID")
  rounds 'curl_put "$URL_s3single" "curl -T (one PUT)"' \
    'sdk "$URL_s3single" 1 "SDK, SINGLE"' \
    'curl_parts "$URL_s3" "$PARALLEL" "curl, MULTIPART x$PARALLEL"' \
    'sdk "$URL_s3" "$PARALLEL" "SDK, MULTIPART x$PARALLEL"'
else
  echo "-- S3Proxy skipped: no jar at $S3PROXY_JAR"
fi
