#!/usr/bin/env bash
# Throughput of MULTIPART uploads through the public API, against the local store and against
# S3Proxy, with the ceilings to compare with: one `curl -T` PUT to a signed URL, and the AWS
# CLI (`aws s3 cp`) to the same S3Proxy.
#
#   ./mvnw -q -pl server package -DskipTests      # builds the server jar and copies S3Proxy
#   bench/multipart-upload.sh [size MiB, default 1024] [concurrent PUTs, default 4]
#
# Needs: a JDK 25 (JAVA25=/path/to/java, or found under /usr/lib/jvm), curl >= 7.84, jq, aws.
# The file is random bytes behind an MP4 header, declared without a checksum, so complete
# verifies size and type; the times include create, signing, every PUT and complete.
set -euo pipefail

SIZE_MIB=${1:-1024}
CONCURRENCY=${2:-4}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
. "$ROOT/bench/multipart-parts.sh"
JAR=$ROOT/server/target/assetgate-server.jar
S3PROXY_JAR=$ROOT/server/target/s3proxy/s3proxy.jar
JAVA=${JAVA25:-$(ls -d /usr/lib/jvm/*25*/bin/java 2>/dev/null | head -1)}
[ -x "$JAVA" ] || { echo "No JDK 25 found: set JAVA25" >&2; exit 2; }
[ -f "$JAR" ] && [ -f "$S3PROXY_JAR" ] || { echo "Build first: ./mvnw -q -pl server package -DskipTests" >&2; exit 2; }

WORK=$(mktemp -d "${TMPDIR:-/tmp}/assetgate-bench.XXXXXX")
PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
now() { date +%s.%N; }
mbps() { echo "scale=1; $1 / 1048576 / ($3 - $2)" | bc; }
secs() { echo "scale=2; ($2 - $1) / 1" | bc; }
await_http() { # URL LOG
  for _ in $(seq 1 600); do curl -sf -o /dev/null "$1" && return 0; sleep 1; done
  echo "timeout: $1" >&2; tail -20 "$2" >&2; exit 1
}

# make_file PATH MIB: random bytes behind an MP4 header, so the type check at complete passes
make_file() { { printf '\x00\x00\x00\x18ftypisom\x00\x00\x02\x00isommp41'; head -c $(($2 * 1048576 - 24)) /dev/urandom; } > "$1"; }
BIG=$WORK/file.mp4
WARM=$WORK/warm-up.mp4
make_file "$BIG" "$SIZE_MIB"
make_file "$WARM" 80
FILE=$BIG

# ---- S3Proxy, filesystem backend, AWS v4 auth ----
S3_PORT=$(free_port)
S3_ENDPOINT=http://127.0.0.1:$S3_PORT
mkdir -p "$WORK/s3data"
cat > "$WORK/s3proxy.conf" <<CONF
s3proxy.endpoint=$S3_ENDPOINT
s3proxy.authorization=aws-v2-or-v4
s3proxy.identity=bench-key
s3proxy.credential=bench-secret
jclouds.provider=filesystem-nio2
jclouds.filesystem.basedir=$WORK/s3data
CONF
"$JAVA" -Xmx1g -jar "$S3PROXY_JAR" --properties "$WORK/s3proxy.conf" > "$WORK/s3proxy.log" 2>&1 &
PIDS+=($!)
export AWS_ACCESS_KEY_ID=bench-key AWS_SECRET_ACCESS_KEY=bench-secret AWS_DEFAULT_REGION=us-east-1
for _ in $(seq 1 120); do (exec 3<>/dev/tcp/127.0.0.1/$S3_PORT) 2>/dev/null && break; sleep 0.5; done
aws --endpoint-url "$S3_ENDPOINT" s3 mb s3://assetgate-bench > /dev/null

# launch_server NAME THRESHOLD STORE-ARGS...: starts a server in the background, sets PORT_<NAME>
launch_server() {
  local name=$1 threshold=$2; shift 2
  local port; port=$(free_port)
  "$JAVA" -jar "$JAR" --server.port="$port" --assetgate.data-dir="$WORK/data-$name" \
    --assetgate.upload.multipart-threshold="$threshold" --assetgate.upload.max-size=5GB \
    --assetgate.limits.uploads-per-minute=0 --logging.level.root=WARN "$@" > "$WORK/server-$name.log" 2>&1 &
  PIDS+=($!)
  printf -v "PORT_$name" '%s' "$port"
}

# connect NAME: waits for the server, then sets TOKEN_<NAME> (client credentials, embedded IdP)
connect() {
  local name=$1 port_var="PORT_$1"
  local port=${!port_var}
  await_http "http://localhost:$port/actuator/health" "$WORK/server-$name.log"
  local secret
  secret=$(grep client-secret "$WORK/data-$name/idp/initial-credentials.properties" | cut -d= -f2)
  local token
  token=$(curl -s -u "assetgate-service:$secret" -d grant_type=client_credentials \
    -d scope='assets:read assets:write' "http://localhost:$port/oauth2/token" | jq -r .access_token)
  printf -v "TOKEN_$name" '%s' "$token"
}

create() { # PORT TOKEN -> upload JSON
  curl -sf -H "Authorization: Bearer $2" -H 'Content-Type: application/json' \
    -d "{\"filename\":\"bench.mp4\",\"contentType\":\"video/mp4\",\"size\":$(stat -c %s "$FILE")}" \
    "http://localhost:$1/v1/uploads"
}

# multipart PORT TOKEN LABEL: the whole client flow through the API; prints and sets LAST_MBPS
multipart() {
  local port=$1 token=$2 label=$3 api="http://localhost:$1/v1/uploads"
  local size created id part_size part_count t0 t1 t2 state
  size=$(stat -c %s "$FILE")
  created=$(create "$port" "$token")
  id=$(jq -r .uploadId <<<"$created"); part_size=$(jq -r .partSize <<<"$created"); part_count=$(jq -r .partCount <<<"$created")
  rm -rf "$WORK/parts" && mkdir "$WORK/parts"
  split -b "$part_size" -d -a 5 "$FILE" "$WORK/parts/p"
  sync
  t0=$(now)
  sign_parts "$api/$id" "$token" "$part_count" | jq -r '.[] | "\(.partNumber) \(.url)"' > "$WORK/targets"
  # Each line: part number and URL; the part's file is p<number - 1>, zero-padded.
  xargs -P "$CONCURRENCY" -L 1 sh -c \
    'f=$(printf "%s/parts/p%05d" "$0" $(($1 - 1))); etag=$(curl -sf -X PUT -T "$f" -o /dev/null -w "%header{etag}" "$2") && echo "$1 $etag"' \
    "$WORK" < "$WORK/targets" | sort -n > "$WORK/etags"
  t1=$(now)
  [ "$(wc -l < "$WORK/etags")" -eq "$part_count" ] || { echo "$label: some PUTs failed" >&2; exit 1; }
  complete_body < "$WORK/etags" > "$WORK/complete.json"
  state=$(curl -s -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
    -d @"$WORK/complete.json" "$api/$id/complete" | jq -r .state)
  t2=$(now)
  [ "$state" = AVAILABLE ] || { echo "$label: complete answered $state" >&2; exit 1; }
  LAST_MBPS=$(mbps "$size" "$t0" "$t2")
  [ -n "$label" ] && printf '%-32s %7s MiB/s  %6s s  (parts PUT %s s = %s MiB/s; %s x %s MiB, %s concurrent)\n' \
    "$label" "$LAST_MBPS" "$(secs "$t0" "$t2")" "$(secs "$t0" "$t1")" "$(mbps "$size" "$t0" "$t1")" \
    "$part_count" "$((part_size / 1048576))" "$CONCURRENCY"
  return 0
}

# single PORT TOKEN LABEL: one curl -T to the signed target (the ceiling of a single stream)
single() {
  local size created url t0 t1
  size=$(stat -c %s "$FILE")
  created=$(create "$1" "$2")
  url=$(jq -r .target.url <<<"$created")
  mapfile -t headers < <(jq -r '.target.headers | to_entries[] | "-H\n\(.key): \(.value)"' <<<"$created")
  t0=$(now)
  curl -sf -X PUT "${headers[@]}" -T "$FILE" -o /dev/null "$url"
  t1=$(now)
  [ -n "$3" ] && printf '%-32s %7s MiB/s  %6s s\n' "$3" "$(mbps "$size" "$t0" "$t1")" "$(secs "$t0" "$t1")"
  return 0
}

S3_ARGS=(--assetgate.storage.type=s3 --assetgate.storage.s3.endpoint="$S3_ENDPOINT"
  --assetgate.storage.s3.bucket=assetgate-bench --assetgate.storage.s3.path-style=true
  --assetgate.storage.s3.access-key=bench-key --assetgate.storage.s3.secret-key=bench-secret
  --assetgate.storage.s3.sse=none --assetgate.storage.s3.checksum-headers=false)

echo "Assetgate multipart upload bench: ${SIZE_MIB} MiB file, $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
launch_server local 64MB
launch_server localsingle 6GB
launch_server s3 64MB "${S3_ARGS[@]}"
launch_server s3single 6GB "${S3_ARGS[@]}"
for name in local localsingle s3 s3single; do connect "$name"; done

# Warm-up, not measured: the first requests of a fresh JVM run interpreted code.
FILE=$WARM
multipart "$PORT_local" "$TOKEN_local" ""
multipart "$PORT_s3" "$TOKEN_s3" ""
single "$PORT_localsingle" "$TOKEN_localsingle" ""
single "$PORT_s3single" "$TOKEN_s3single" ""
aws --endpoint-url "$S3_ENDPOINT" s3 cp --only-show-errors "$FILE" s3://assetgate-bench/warm-up.mp4
FILE=$BIG

multipart "$PORT_local" "$TOKEN_local" "API multipart -> local store"
LOCAL_MBPS=$LAST_MBPS
single "$PORT_localsingle" "$TOKEN_localsingle" "single curl -T -> local store"
multipart "$PORT_s3" "$TOKEN_s3" "API multipart -> S3Proxy"
S3_MBPS=$LAST_MBPS
single "$PORT_s3single" "$TOKEN_s3single" "single curl -T -> S3Proxy"
sync
t0=$(now)
aws --endpoint-url "$S3_ENDPOINT" s3 cp --only-show-errors "$FILE" s3://assetgate-bench/aws-cli.mp4
t1=$(now)
AWS_MBPS=$(mbps "$(stat -c %s "$FILE")" "$t0" "$t1")
printf '%-32s %7s MiB/s  %6s s\n' "aws s3 cp -> S3Proxy" "$AWS_MBPS" "$(secs "$t0" "$t1")"
echo "ratio API multipart / aws s3 cp (S3Proxy): $(echo "scale=2; $S3_MBPS / $AWS_MBPS" | bc)x (goal >= 1.5x);" \
  "local store: $LOCAL_MBPS MiB/s (goal >= 200 MB/s = 190.7 MiB/s)"
