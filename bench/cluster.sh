#!/usr/bin/env bash
# Several server nodes (three by default) of the real jar on one PostgreSQL database and one
# S3 store (S3Proxy), behind HAProxy from Debian's package: round robin, no sticky sessions,
# health checks on /actuator/health/readiness. The nodes share the embedded identity provider's
# signing key and clients (copied from the first node's data folder), so a token from any node
# is good on all of them; the public URL of every node is the balancer's.
#
#   ./mvnw -q package -DskipTests           # server jar (and S3Proxy), CLI jar
#   bench/cluster.sh load [seconds=30] [connections=32]
#       create-upload throughput through HAProxy (wrk, bench/create-upload.lua), and the CPU each
#       node spent per create it served (from /proc), after BENCH_WARMUP seconds (default 30)
#   bench/cluster.sh kill [uploads=1000] [java|sdk]
#       the client library uploads them all at once (java: the Java client, bench/ClusterKillBench.java;
#       sdk: the TypeScript SDK in Node, bench/cluster-kill-sdk.mjs); one node is killed (SIGKILL)
#       once a quarter are created. Every file must end as one READY asset with its bytes, no upload
#       twice, and after the reconciler's passes the store must hold nothing that no record wants.
#   bench/cluster.sh soak [minutes=30]
#       measures the maximum create rate, then runs at half of it for the minutes given,
#       sampling each node's RSS every 10 s: memory must stay flat and no request may fail.
#
# STORE=ceph: Ceph's RADOS Gateway instead of S3Proxy (scripts/ceph-rgw.sh: one monitor, one OSD,
# two gateways, cephx; node I signs for gateway I mod 2; radosgw from Debian's packages).
# NODES (default 3), OWNERS (default 16), BENCH_DB_HOST (default 127.0.0.1:5432, user postgres,
# trust auth; a fresh database is created and dropped). Needs JDK 25 (JAVA25=...), haproxy, wrk,
# psql, curl, ffmpeg (kill: test pictures), python3 (free ports).
set -euo pipefail

MODE=${1:-load}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
NODES=${NODES:-3}
OWNERS=${OWNERS:-16}
DB_HOST=${BENCH_DB_HOST:-127.0.0.1:5432}
SERVER_JAR=server/target/assetgate-server.jar
S3PROXY_JAR=server/target/s3proxy/s3proxy.jar
JAVA=${JAVA25:-$(ls -d /usr/lib/jvm/*25*/bin/java 2>/dev/null | head -1)}
[ -x "$JAVA" ] || { echo "No JDK 25 found: set JAVA25" >&2; exit 2; }
for f in "$SERVER_JAR" "$S3PROXY_JAR"; do
  [ -f "$f" ] || { echo "Build first: ./mvnw -q package -DskipTests (missing $f)" >&2; exit 2; }
done
for tool in haproxy wrk psql curl; do
  command -v $tool >/dev/null || [ -x /usr/sbin/$tool ] || { echo "$tool is required (apt-get install $tool)" >&2; exit 2; }
done
HAPROXY=$(command -v haproxy || echo /usr/sbin/haproxy)

WORK=$(mktemp -d "${TMPDIR:-/tmp}/assetgate-cluster.XXXXXX")
DB=assetgate_cluster_$$
PSQL=(psql -qtA -h "${DB_HOST%:*}" -p "${DB_HOST#*:}" -U postgres)
PIDS=()
NODE_PIDS=()
STORE=${STORE:-s3proxy}
CEPH_DIR=$WORK/ceph
cleanup() {
  for pid in "${NODE_PIDS[@]}" "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  [ "$STORE" = ceph ] && scripts/ceph-rgw.sh down "$CEPH_DIR" 2>/dev/null || true
  "${PSQL[@]}" -c "drop database if exists $DB" >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT
trap "exit 130" INT TERM

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
# await_node I: until node I answers its readiness check; fails if it exits
await_node() {
  for _ in $(seq 1 600); do
    curl -sf -o /dev/null "http://127.0.0.1:${PORTS[$1]}/actuator/health/readiness" && return 0
    kill -0 "${NODE_PIDS[$1]}" 2>/dev/null || { echo "node $1 exited; its log ends with:" >&2; tail -c 3000 "$WORK/node$1.log" >&2; exit 1; }
    sleep 0.5
  done
  echo "node $1 did not start" >&2; exit 1
}
# cpu PID: user + system CPU time of the process so far, in clock ticks
cpu() { awk '{print $14 + $15}' "/proc/$1/stat"; }
rss() { awk '/VmRSS/ {print $2}' "/proc/$1/status"; }
TICKS=$(getconf CLK_TCK)

# --- the shared parts: database, store ---
"${PSQL[@]}" -c "create database $DB" >/dev/null
if [ "$STORE" = ceph ]; then
  CEPH_OWNER_PID=$$ CEPH_MAX_SECONDS=${CEPH_MAX_SECONDS:-7200} scripts/ceph-rgw.sh up "$CEPH_DIR" > "$WORK/ceph-up.log" 2>&1 \
    || { cat "$WORK/ceph-up.log" >&2; exit 1; }
  # shellcheck disable=SC1091
  source "$CEPH_DIR/rgw.env"
  IFS=, read -r -a GATEWAYS <<< "$CEPH_RGW_ENDPOINTS"
  echo "Ceph: monitor, OSD and two gateways (${GATEWAYS[*]}) up in ${CEPH_START_SECONDS} s"
else
  S3_PORT=$(free_port)
  mkdir -p "$WORK/s3/data/assetgate"
  cat > "$WORK/s3/s3proxy.conf" <<EOF
s3proxy.endpoint=http://127.0.0.1:$S3_PORT
s3proxy.authorization=aws-v2-or-v4
s3proxy.identity=cluster-key
s3proxy.credential=cluster-secret-0123456789
jclouds.provider=filesystem-nio2
jclouds.filesystem.basedir=$WORK/s3/data
EOF
  "$JAVA" -Xmx512m -jar "$S3PROXY_JAR" --properties "$WORK/s3/s3proxy.conf" > "$WORK/s3/s3proxy.log" 2>&1 &
  PIDS+=($!)
fi

# --- the balancer ---
LB_PORT=$(free_port)
STATS_PORT=$(free_port)
LB=http://127.0.0.1:$LB_PORT
PORTS=()
for i in $(seq 0 $((NODES - 1))); do PORTS+=("$(free_port)"); done
{
  cat <<EOF
global
  maxconn 4096
defaults
  mode http
  timeout connect 2s
  timeout client 5m
  timeout server 5m
  retries 3
  option redispatch
frontend api
  bind 127.0.0.1:$LB_PORT
  default_backend nodes
frontend stats
  bind 127.0.0.1:$STATS_PORT
  stats enable
  stats uri /stats
backend nodes
  balance roundrobin
  option httpchk
  http-check send meth GET uri /actuator/health/readiness
  http-check expect status 200
  default-server inter 1s fastinter 500ms fall 2 rise 2
EOF
  for i in $(seq 0 $((NODES - 1))); do echo "  server node$i 127.0.0.1:${PORTS[$i]} check"; done
} > "$WORK/haproxy.cfg"
"$HAPROXY" -db -f "$WORK/haproxy.cfg" > "$WORK/haproxy.log" 2>&1 &
PIDS+=($!)
# stats COLUMN: that column of HAProxy's CSV (status, lbtot, ...) for each node, one line per node
stats() {
  curl -sf "http://127.0.0.1:$STATS_PORT/stats;csv" | awk -F, -v name="$1" \
    'NR == 1 {sub(/^# /, ""); for (i = 1; i <= NF; i++) if ($i == name) c = i; next}
     $1 == "nodes" && $2 ~ /^node/ {print $2, $c}'
}
await_all_up() {
  for _ in $(seq 1 120); do
    [ "$(stats status | grep -c ' UP')" = "$NODES" ] && return 0
    sleep 1
  done
  echo "not all nodes UP in HAProxy:" >&2; stats status >&2; exit 1
}

# --- the nodes ---
CLIENTS=()
for i in $(seq 0 $((OWNERS - 1))); do
  CLIENTS+=("--assetgate.idp.clients[$i].client-id=bench-$i" "--assetgate.idp.clients[$i].client-secret=bench-secret")
done
# store_args I: node I's store settings
store_args() {
  if [ "$STORE" = ceph ]; then
    # Pacific's gateway refuses SSE-S3 and ignores flexible checksums (docs/s3.md, "Ceph RADOS Gateway").
    echo "--assetgate.storage.s3.bucket=$CEPH_S3_BUCKET --assetgate.storage.s3.endpoint=${GATEWAYS[$(( $1 % 2 ))]}" \
      "--assetgate.storage.s3.access-key=$CEPH_S3_ACCESS_KEY --assetgate.storage.s3.secret-key=$CEPH_S3_SECRET_KEY"
  else
    echo "--assetgate.storage.s3.bucket=assetgate --assetgate.storage.s3.endpoint=http://127.0.0.1:$S3_PORT" \
      "--assetgate.storage.s3.access-key=cluster-key --assetgate.storage.s3.secret-key=cluster-secret-0123456789"
  fi
}
# stored_keys: every key the store holds under assets/, sorted
stored_keys() {
  if [ "$STORE" = ceph ]; then
    radosgw-admin -c "$CEPH_DIR/ceph.conf" bucket list --bucket="$CEPH_S3_BUCKET" --max-entries=10000000 2>/dev/null \
      | python3 -c 'import json, sys
for o in json.load(sys.stdin):
    if not o.get("ns") and o["name"].startswith("assets/"): print(o["name"])' | sort
  else
    ( cd "$WORK/s3/data/assetgate" && find assets -type f | sort )
  fi
}
# node I [extra args...]: starts node I in the background, sets NODE_PIDS[I]
node() {
  local i=$1; shift
  mkdir -p "$WORK/node$i/tmp"
  # shellcheck disable=SC2046
  "$JAVA" -Xmx512m -Djava.io.tmpdir="$WORK/node$i/tmp" ${BENCH_JAVA_OPTS:-} -jar "$SERVER_JAR" \
    --server.port="${PORTS[$i]}" --assetgate.public-url="$LB" --assetgate.data-dir="$WORK/node$i" \
    --spring.datasource.url="jdbc:postgresql://$DB_HOST/$DB" --spring.datasource.username=postgres \
    --assetgate.storage.type=s3 $(store_args "$i") --assetgate.storage.s3.region=us-east-1 \
    --assetgate.storage.s3.path-style=true --assetgate.storage.s3.sse=none --assetgate.storage.s3.checksum-headers=false \
    --assetgate.limits.uploads-per-minute=0 "${CLIENTS[@]}" ${BENCH_SERVER_ARGS:-} "$@" \
    >> "$WORK/node$i.log" 2>&1 &
  NODE_PIDS[$i]=$!
}
EXTRA=()
if [ "$MODE" = kill ]; then
  # The reconciler's passes, short enough to watch: every 5 s, orphans older than 30 s.
  EXTRA=(--assetgate.reconciler.interval=5s --assetgate.reconciler.orphan-grace=30s --assetgate.reconciler.grace=5s)
elif [ "$MODE" = soak ]; then
  # wrk sends the tokens fetched once below for the whole run and cannot refresh them: they must
  # outlive the warm-up and the soak (the embedded issuer's default is 15 minutes).
  EXTRA=(--assetgate.idp.access-token-ttl="$(( ${2:-30} + 15 ))m")
fi
echo "starting $NODES nodes behind HAProxy ($LB), PostgreSQL database $DB, store $STORE"
node 0 "${EXTRA[@]}"
await_node 0
# What the nodes must share besides the database and the store: the embedded issuer's signing
# key and its generated credentials (docs/operations.md, "Running several nodes").
for i in $(seq 1 $((NODES - 1))); do
  mkdir -p "$WORK/node$i"
  for shared in keys idp; do   # idp/ holds the generated credentials, when none are configured
    [ -e "$WORK/node0/$shared" ] && cp -r "$WORK/node0/$shared" "$WORK/node$i/"
  done
  node "$i" "${EXTRA[@]}"
done
for i in $(seq 1 $((NODES - 1))); do await_node "$i"; done
await_all_up

TOKENS=""
for i in $(seq 0 $((OWNERS - 1))); do
  TOKENS+=" $(curl -sf -u "bench-$i:bench-secret" -d grant_type=client_credentials \
    -d 'scope=assets:read assets:write' "$LB/oauth2/token" | sed -E 's/.*"access_token":"([^"]+)".*/\1/')"
done
export TOKENS

# measure SECONDS CONNECTIONS [lua]: one wrk run through the balancer, with each node's CPU
# and requests served; sets RATE (creates/s)
measure() {
  local seconds=$1 connections=$2 script=${3:-bench/create-upload.lua}
  local before_cpu=() after_cpu=() before_req after_req out
  for i in $(seq 0 $((NODES - 1))); do before_cpu[$i]=$(cpu "${NODE_PIDS[$i]}"); done
  before_req=$(stats lbtot)
  out=$(wrk -t1 -c"$connections" -d"${seconds}s" -s "$script" "$LB" | tail -3)
  for i in $(seq 0 $((NODES - 1))); do after_cpu[$i]=$(cpu "${NODE_PIDS[$i]}"); done
  after_req=$(stats lbtot)
  echo "$out"
  RATE=$(echo "$out" | awk '/requests\/s/ {print $2}')
  for i in $(seq 0 $((NODES - 1))); do
    local served
    served=$(( $(echo "$after_req" | awk -v n="node$i" '$1 == n {print $2}') - $(echo "$before_req" | awk -v n="node$i" '$1 == n {print $2}') ))
    awk -v n="$i" -v c=$(( after_cpu[i] - before_cpu[i] )) -v t="$TICKS" -v r="$served" -v s="$seconds" \
      'BEGIN {printf "node %s: %d creates (%.0f/s), CPU %.2f cores, %.3f ms CPU per create\n", n, r, r / s, c / t / s, (r > 0 ? c / t * 1000 / r : 0)}'
  done
}

case "$MODE" in
  load)
    SECONDS_=${2:-30}
    CONNECTIONS=${3:-32}
    echo "warm-up (${BENCH_WARMUP:-30} s)..."
    wrk -t1 -c"$CONNECTIONS" -d"${BENCH_WARMUP:-30}s" -s bench/create-upload.lua "$LB" > /dev/null
    echo "measuring: $NODES nodes, $CONNECTIONS connections, ${SECONDS_} s, $OWNERS owners"
    measure "$SECONDS_" "$CONNECTIONS"
    ;;
  kill)
    UPLOADS=${2:-1000}
    DRIVER=${3:-java}
    CLI_JAR=cli/target/assetgate-cli.jar
    case "$DRIVER" in
      java) [ -f "$CLI_JAR" ] || { echo "Build first: ./mvnw -q package -DskipTests (missing $CLI_JAR)" >&2; exit 2; } ;;
      sdk) [ -f js/client/dist/node/index.js ] || { echo "Build the SDK first: cd js && npm ci && npm run build -w @assetgate/client" >&2; exit 2; } ;;
      *) echo "kill's driver is java or sdk, not $DRIVER" >&2; exit 2 ;;
    esac
    command -v ffmpeg >/dev/null || { echo "ffmpeg is required for the test pictures" >&2; exit 2; }
    mkdir -p "$WORK/files"
    # Distinct real JPEGs: each frame of the test pattern shows its own counter.
    ffmpeg -loglevel error -f lavfi -i testsrc2=size=320x240:rate=25 -frames:v "$UPLOADS" "$WORK/files/f-%05d.jpg"
    VICTIM=1
    echo "uploading $UPLOADS files through $LB with the $DRIVER client; node $VICTIM (pid ${NODE_PIDS[$VICTIM]}) is killed when a quarter are created"
    STATUS=0
    if [ "$DRIVER" = sdk ]; then
      # `command`: node() is this script's own function, which starts a server node.
      ASSETGATE_CLIENT_ID=bench-0 ASSETGATE_CLIENT_SECRET=bench-secret \
        command node bench/cluster-kill-sdk.mjs "$LB" "$WORK/files" "${NODE_PIDS[$VICTIM]}" || STATUS=$?
    else
      "$JAVA" -cp "$CLI_JAR" bench/ClusterKillBench.java "$LB" bench-0 bench-secret "$WORK/files" "${NODE_PIDS[$VICTIM]}" || STATUS=$?
    fi
    echo "restarting node $VICTIM"
    node "$VICTIM" "${EXTRA[@]}"
    await_all_up
    OWNER_ROWS=$("${PSQL[@]}" -d "$DB" -c "select count(*) from uploads where owner_subject = 'bench-0'")
    COMPLETED=$("${PSQL[@]}" -d "$DB" -c "select count(*) from uploads where owner_subject = 'bench-0' and state = 'COMPLETED'")
    echo "upload records: $OWNER_ROWS ($COMPLETED COMPLETED) for $UPLOADS files"
    [ "$OWNER_ROWS" = "$UPLOADS" ] && [ "$COMPLETED" = "$UPLOADS" ] || STATUS=1
    # Orphans: wait out the orphan grace and two reconciler passes, then compare the store
    # with what the records want.
    sleep 45
    stored_keys > "$WORK/stored.txt"
    "${PSQL[@]}" -d "$DB" -c "select object_key from assets where state in ('AVAILABLE', 'READY')
      union all select a.object_key || '~' || v.name from asset_variants v join assets a on a.id = v.asset_id" \
      | sort > "$WORK/wanted.txt"
    ORPHANS=$(comm -23 "$WORK/stored.txt" "$WORK/wanted.txt" | wc -l)
    MISSING=$(comm -13 "$WORK/stored.txt" "$WORK/wanted.txt" | wc -l)
    echo "store: $(wc -l < "$WORK/stored.txt") objects, $ORPHANS no record wants, $MISSING recorded but missing"
    [ "$ORPHANS" = 0 ] && [ "$MISSING" = 0 ] || STATUS=1
    ERRORS=$(cat "$WORK"/node*.log | grep -c '"log.level":"ERROR"' || true)
    echo "ERROR lines in the nodes' logs: $ERRORS"
    [ "$STATUS" = 0 ] && echo "RESULT: OK" || echo "RESULT: FAILED"
    exit "$STATUS"
    ;;
  soak)
    MINUTES=${2:-30}
    CONNECTIONS=16
    echo "warm-up (${BENCH_WARMUP:-30} s), then the maximum over 20 s..."
    wrk -t1 -c32 -d"${BENCH_WARMUP:-30}s" -s bench/create-upload.lua "$LB" > /dev/null
    measure 20 32
    MAX=$RATE
    TARGET=$(awk -v m="$MAX" 'BEGIN {printf "%d", m / 2}')
    # wrk paces each connection by a fixed pause before each request (bench/create-upload-paced.lua).
    export BENCH_DELAY_MS=$(awk -v c="$CONNECTIONS" -v t="$TARGET" 'BEGIN {printf "%d", c * 1000 / t}')
    echo "soak: $MINUTES min at half the maximum ($TARGET of $MAX creates/s; $CONNECTIONS connections, ${BENCH_DELAY_MS} ms apart)"
    echo "elapsed_s $(for i in $(seq 0 $((NODES - 1))); do printf 'node%s_rss_kb ' "$i"; done)" > "$WORK/rss.txt"
    # A 10 s timeout: a request slower than wrk's default 2 s on a loaded machine is slow, not failed.
    wrk -t1 -c"$CONNECTIONS" -d"$((MINUTES * 60))s" --timeout 10s -s bench/create-upload-paced.lua "$LB" > "$WORK/soak-wrk.txt" &
    WRK=$!
    START=$(date +%s)
    while kill -0 "$WRK" 2>/dev/null; do
      sleep 10
      LINE="$(( $(date +%s) - START ))"
      for i in $(seq 0 $((NODES - 1))); do LINE+=" $(rss "${NODE_PIDS[$i]}")"; done
      echo "$LINE" | tee -a "$WORK/rss.txt"
    done
    wait "$WRK" || true
    tail -3 "$WORK/soak-wrk.txt"
    ERRORS=$(cat "$WORK"/node*.log | grep -c '"log.level":"ERROR"' || true)
    echo "ERROR lines in the nodes' logs: $ERRORS"
    # Flat: each node's peak RSS in the last third within 25% (+32 MB) of its peak in the middle third.
    awk 'NR > 1 {n++; for (i = 2; i <= NF; i++) v[n, i] = $i; f = NF}
         END {t = int(n / 3); ok = 1
              for (i = 2; i <= f; i++) { m = 0; l = 0
                for (k = t + 1; k <= 2 * t; k++) if (v[k, i] > m) m = v[k, i]
                for (k = 2 * t + 1; k <= n; k++) if (v[k, i] > l) l = v[k, i]
                flat = l <= m * 1.25 + 32768; ok = ok && flat
                printf "node%d RSS: first %d MB, middle-third peak %d MB, last-third peak %d MB: %s\n", i - 2, v[1, i] / 1024, m / 1024, l / 1024, flat ? "flat" : "GROWING" }
              exit ok ? 0 : 1 }' "$WORK/rss.txt" || STATUS=1
    NON2XX=$(awk '/^errors:/ {gsub(",", ""); print $3 + $5 + $7 + $9 + $11}' "$WORK/soak-wrk.txt")
    [ "${STATUS:-0}" = 0 ] && [ "${NON2XX:-1}" = 0 ] && [ "$ERRORS" = 0 ] && echo "RESULT: OK" || { echo "RESULT: FAILED"; exit 1; }
    ;;
  *)
    echo "usage: bench/cluster.sh load|kill|soak [...]" >&2; exit 2
    ;;
esac
