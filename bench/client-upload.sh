#!/usr/bin/env bash
# The client library and the CLI against a real server:
#  - a large upload (1 GiB by default) through the library, with -Xmx64m, next to one raw
#    `curl -T` PUT to a signed URL of the same store (no checksum), the same flow as the
#    library's done with openssl and curl (checksum declared and verified), and `aws s3 cp`;
#  - 1,000 files of 100 KB uploaded with the CLI, in files per second.
#
#   ./mvnw -q package -DskipTests          # server jar (and S3Proxy), CLI jar and launcher
#   bench/client-upload.sh [size MiB, default 1024] [parallel parts, default 4] [small files, default 1000]
#
# Every large-file case runs REPEAT times (default 3), the cases taking turns, and its median
# is reported: on a small shared machine single runs of a GiB vary by a third.
#
# Needs: a JDK 25 (JAVA25=/path/to/java, or found under /usr/lib/jvm), curl, jq, bc; aws for S3.
set -euo pipefail

SIZE_MIB=${1:-1024}
PARALLEL=${2:-4}
SMALL=${3:-1000}
REPEAT=${REPEAT:-3}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
SERVER_JAR=$ROOT/server/target/assetgate-server.jar
CLI_JAR=$ROOT/cli/target/assetgate-cli.jar
CLI=$ROOT/cli/target/assetgate
S3PROXY_JAR=$ROOT/server/target/s3proxy/s3proxy.jar
JAVA=${JAVA25:-$(ls -d /usr/lib/jvm/*25*/bin/java 2>/dev/null | head -1)}
[ -x "$JAVA" ] || { echo "No JDK 25 found: set JAVA25" >&2; exit 2; }
for f in "$SERVER_JAR" "$CLI_JAR" "$CLI"; do
  [ -f "$f" ] || { echo "Build first: ./mvnw -q package -DskipTests (missing $f)" >&2; exit 2; }
done

WORK=$(mktemp -d "${TMPDIR:-/tmp}/assetgate-client-bench.XXXXXX")
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
# Each run writes a GiB: flush the previous run's dirty pages first, or the kernel's writeback
# throttling lands on whichever run comes next and the order decides the result.
settle() { sync; sleep 2; }
mibps() { echo "scale=1; $1 / 1048576 / ($3 - $2)" | bc; }
secs() { echo "scale=2; ($2 - $1) / 1" | bc; }
await_http() { for _ in $(seq 1 600); do curl -sf -o /dev/null "$1" && return 0; sleep 0.5; done; echo "timeout: $1" >&2; exit 1; }
# jpeg PATH BYTES: a JPEG signature, then random bytes: the server's type check passes
jpeg() { { printf '\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00'; head -c $(($2 - 20)) /dev/urandom; } > "$1"; }

# server NAME THRESHOLD ARGS...: starts a server, sets URL_<NAME>. Processing is off: making
# variants of one run's GiB upload would otherwise take the CPU from the next run.
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

# curl_put URL LABEL: declares the file (no checksum) and PUTs it with one curl -T, timed alone
curl_put() {
  local token created url size t0 t1
  token=$(token "$1"); size=$(stat -c %s "$BIG")
  created=$(curl -sf -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
    -d "{\"filename\":\"curl.jpg\",\"contentType\":\"image/jpeg\",\"size\":$size}" "$1/v1/uploads")
  url=$(jq -r .target.url <<<"$created")
  mapfile -t headers < <(jq -r '.target.headers | to_entries[] | "-H\n\(.key): \(.value)"' <<<"$created")
  settle
  t0=$(now)
  curl -sf -X PUT "${headers[@]}" -T "$BIG" -o /dev/null "$url"
  t1=$(now)
  CURL_MIBPS=$(mibps "$size" "$t0" "$t1")
  printf '%-34s %7s MiB/s  %6s s\n' "$2" "$CURL_MIBPS" "$(secs "$t0" "$t1")"
}

# curl_flow URL LABEL: what the library does, with shell tools: SHA-256 (openssl), declare with
# the checksum, one curl -T with exactly the returned headers, complete; all timed
curl_flow() {
  local token created url id size sum t0 t1 state
  token=$(token "$1"); size=$(stat -c %s "$BIG")
  settle
  t0=$(now)
  sum=$(openssl dgst -sha256 -binary "$BIG" | base64)
  created=$(curl -sf -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
    -d "{\"filename\":\"flow.jpg\",\"contentType\":\"image/jpeg\",\"size\":$size,\"checksum\":\"sha256:$sum\"}" "$1/v1/uploads")
  url=$(jq -r .target.url <<<"$created"); id=$(jq -r .uploadId <<<"$created")
  mapfile -t headers < <(jq -r '.target.headers | to_entries[] | "-H\n\(.key): \(.value)"' <<<"$created")
  curl -sf -X PUT "${headers[@]}" -T "$BIG" -o /dev/null "$url"
  state=$(curl -s -X POST -H "Authorization: Bearer $token" "$1/v1/uploads/$id/complete" | jq -r .state)
  t1=$(now)
  [ "$state" = AVAILABLE ] || { echo "$2: complete answered $state" >&2; exit 1; }
  printf '%-34s %7s MiB/s  %6s s\n' "$2" "$(mibps "$size" "$t0" "$t1")" "$(secs "$t0" "$t1")"
}

# rounds CASE...: runs every case (a quoted command) once per round, REPEAT rounds, and reports
# each case's median MiB/s. Cases take turns rather than running back to back, so that a disk
# slowing down as gigabytes pile up weighs on all of them alike.
rounds() {
  local -a results=()
  local round i line
  for round in $(seq 1 "$REPEAT"); do
    i=0
    for c in "$@"; do
      line=$(eval "$c"); echo "   $line"
      results[$i]+="$line"$'\n'; i=$((i + 1))
    done
  done
  for i in "${!results[@]}"; do
    printf '%s' "${results[$i]}" | awk '{ for (f = 1; f <= NF; f++) if ($(f + 1) == "MiB/s") { print $f; break } }' \
      | sort -n | awk -v label="$(head -1 <<<"${results[$i]}" | sed -E 's/ +[0-9.]+ MiB\/s.*//')" \
        '{ v[NR] = $1 } END { printf "%-34s %7s MiB/s  median of %d\n", label, v[int((NR + 1) / 2)], NR }'
  done
}

aws_cp() {
  local t0 t1
  settle
  t0=$(now)
  aws --endpoint-url "$S3_ENDPOINT" s3 cp --only-show-errors "$BIG" s3://bench/aws-cli.jpg
  t1=$(now)
  printf '%-34s %7s MiB/s  %6s s\n' "aws s3 cp" "$(mibps "$(stat -c %s "$BIG")" "$t0" "$t1")" "$(secs "$t0" "$t1")"
}

library() { # URL PARALLEL LABEL
  settle
  "$JAVA" -Xmx64m -cp "$CLI_JAR" "$ROOT/bench/ClientUploadBench.java" "$1" $CLIENT_ID $CLIENT_SECRET "$BIG" \
    image/jpeg "$2" "$3"
}

BIG=$WORK/big.jpg
jpeg "$BIG" $((SIZE_MIB * 1048576))
echo "Assetgate client bench: ${SIZE_MIB} MiB file, $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"

# One store at a time: four servers starting at once crowd a small machine.
echo "-- local store"
server local 64MB
server single 8GB
await_http "$URL_local/actuator/health"; await_http "$URL_single/actuator/health"
rounds 'curl_put "$URL_single" "curl -T (one PUT)"' \
  'curl_flow "$URL_single" "openssl+curl: declare, PUT, complete"' \
  'library "$URL_single" 1 "library, SINGLE"' \
  'library "$URL_local" "$PARALLEL" "library, MULTIPART"'
kill "$PID_single"

if [ -f "$S3PROXY_JAR" ] && command -v aws > /dev/null; then
  echo "-- S3Proxy"
  S3_PORT=$(free_port); S3_ENDPOINT=http://127.0.0.1:$S3_PORT
  mkdir -p "$WORK/s3"
  printf '%s\n' "s3proxy.endpoint=$S3_ENDPOINT" s3proxy.authorization=aws-v2-or-v4 s3proxy.identity=bench \
    s3proxy.credential=bench-secret jclouds.provider=filesystem-nio2 "jclouds.filesystem.basedir=$WORK/s3" \
    > "$WORK/s3proxy.conf"
  "$JAVA" -Xmx1g -jar "$S3PROXY_JAR" --properties "$WORK/s3proxy.conf" > "$WORK/s3proxy.log" 2>&1 &
  PIDS+=($!)
  export AWS_ACCESS_KEY_ID=bench AWS_SECRET_ACCESS_KEY=bench-secret AWS_DEFAULT_REGION=us-east-1
  for _ in $(seq 1 240); do (exec 3<>/dev/tcp/127.0.0.1/$S3_PORT) 2>/dev/null && break; sleep 0.5; done
  aws --endpoint-url "$S3_ENDPOINT" s3 mb s3://bench > /dev/null
  S3_ARGS=(--assetgate.storage.type=s3 --assetgate.storage.s3.endpoint="$S3_ENDPOINT"
    --assetgate.storage.s3.bucket=bench --assetgate.storage.s3.path-style=true
    --assetgate.storage.s3.access-key=bench --assetgate.storage.s3.secret-key=bench-secret
    --assetgate.storage.s3.sse=none)
  server s3 64MB "${S3_ARGS[@]}"
  server s3single 8GB "${S3_ARGS[@]}"
  await_http "$URL_s3/actuator/health"; await_http "$URL_s3single/actuator/health"
  rounds 'curl_put "$URL_s3single" "curl -T (one PUT)"' \
    'curl_flow "$URL_s3single" "openssl+curl: declare, PUT, complete"' \
    'library "$URL_s3single" 1 "library, SINGLE"' \
    'library "$URL_s3" "$PARALLEL" "library, MULTIPART"' \
    aws_cp
  kill "$PID_s3" "$PID_s3single"
fi

echo "-- CLI: $SMALL files of 100 KB"
mkdir -p "$WORK/small"
for i in $(seq 1 "$SMALL"); do jpeg "$WORK/small/f$i.jpg" 102400; done
TOKEN=$(token "$URL_local")
t0=$(now)
ASSETGATE_HOME=$WORK/home "$CLI" --server "$URL_local" --token "$TOKEN" --json upload -j 8 "$WORK"/small/*.jpg \
  > "$WORK/small.out"
t1=$(now)
COUNT=$(grep -c '"state":"AVAILABLE"' "$WORK/small.out")
printf '%-34s %7s files/s  %6s s  (%s of %s AVAILABLE, 8 at a time)\n' "assetgate upload" \
  "$(echo "scale=1; $COUNT / ($t1 - $t0)" | bc)" "$(secs "$t0" "$t1")" "$COUNT" "$SMALL"
