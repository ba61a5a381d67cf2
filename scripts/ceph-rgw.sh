#!/usr/bin/env bash
# A throwaway single-host Ceph with two RADOS Gateways, from Debian's packages (radosgw, ceph-mon,
# ceph-osd), for the opt-in tests on a real distributed S3 store (CephRgwIT, bench/cluster.sh with
# STORE=ceph). Everything lives in one folder: one monitor, one OSD on MemStore (the objects are
# held in the OSD's memory, so no disk or loop device is needed), two gateways on free ports of
# 127.0.0.1, cephx on for every daemon and client, an S3 user made with radosgw-admin and one
# bucket. No manager daemon: nothing here needs it (pools and placement groups are the monitor's
# and the OSD's work), and it is the heaviest of the daemons.
#
#   scripts/ceph-rgw.sh up DIR [bucket=assetgate]
#       starts it all in DIR (created, must not exist), prints and writes DIR/rgw.env:
#       CEPH_RGW_ENDPOINTS (two URLs, comma separated), CEPH_S3_ACCESS_KEY, CEPH_S3_SECRET_KEY,
#       CEPH_S3_BUCKET, CEPH_START_SECONDS. Exits 1 with the logs' last lines when a daemon fails.
#   scripts/ceph-rgw.sh down DIR
#       stops every daemon it started (by pid) and deletes DIR.
#
# Time-limited, since it loads a small machine: a watchdog takes it all down after
# CEPH_MAX_SECONDS (default 1200), or as soon as the process CEPH_OWNER_PID (by default the one
# that ran `up`: the test JVM, the bench script, a shell) is gone, so no daemon outlives it.
set -euo pipefail

CMD=${1:-}
DIR=${2:-}
[ -n "$CMD" ] && [ -n "$DIR" ] || { echo "usage: scripts/ceph-rgw.sh up|down DIR [bucket]" >&2; exit 2; }

# stop_all DIR: TERM to every daemon (the gateways first), KILL to what is left after 10 s.
stop_all() {
  local d=$1 pids=() pid
  [ -d "$d/pids" ] || return 0
  for f in "$d"/pids/rgw.*.pid "$d"/pids/osd.*.pid "$d"/pids/mon.*.pid; do
    [ -f "$f" ] && pids+=("$(cat "$f")")
  done
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for _ in $(seq 1 50); do
    local alive=0
    for pid in "${pids[@]}"; do kill -0 "$pid" 2>/dev/null && alive=1; done
    [ "$alive" = 0 ] && break
    sleep 0.2
  done
  for pid in "${pids[@]}"; do kill -9 "$pid" 2>/dev/null || true; done
  rm -rf "$d/pids"
}

if [ "$CMD" = down ]; then
  if [ -f "$DIR/pids/watchdog.pid" ]; then kill "$(cat "$DIR/pids/watchdog.pid")" 2>/dev/null || true; fi
  stop_all "$DIR"
  rm -rf "$DIR"
  exit 0
fi
[ "$CMD" = up ] || { echo "usage: scripts/ceph-rgw.sh up|down DIR [bucket]" >&2; exit 2; }
BUCKET=${3:-assetgate}

# The packages, when missing: installed as scripts/ensure-test-tools.sh does for the suite's tools.
if ! command -v radosgw >/dev/null || ! command -v ceph-mon >/dev/null || ! command -v ceph-osd >/dev/null; then
  if [ "$(id -u)" != 0 ]; then
    echo "Ceph is not installed: sudo apt-get install radosgw ceph-mon ceph-osd" >&2; exit 1
  fi
  echo "Installing radosgw ceph-mon ceph-osd from Debian's packages" >&2
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends radosgw ceph-mon ceph-osd ceph-common >/dev/null
fi

START=$(date +%s.%N)
[ -e "$DIR" ] && { echo "$DIR exists: give a new folder" >&2; exit 2; }
mkdir -p "$DIR"/{pids,log,run,mon.a,osd.0,rgw.a,rgw.b}
DIR=$(cd "$DIR" && pwd)
CONF=$DIR/ceph.conf
CEPH=(ceph -c "$CONF" --connect-timeout 10)

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
fail() {
  echo "Ceph did not start: $1" >&2
  for log in "$DIR"/log/*.log; do
    [ -s "$log" ] && { echo "--- $(basename "$log"), last lines:" >&2; tail -n 15 "$log" >&2; }
  done
  stop_all "$DIR"
  exit 1
}
trap 'fail "a command failed at line $LINENO"' ERR
# start NAME COMMAND...: a daemon in the foreground (-f) of a background job, its pid kept
start() {
  local name=$1; shift
  "$@" < /dev/null > "$DIR/log/$name.out" 2>&1 &
  echo $! > "$DIR/pids/$name.pid"
}
alive() { kill -0 "$(cat "$DIR/pids/$1.pid")" 2>/dev/null; }

FSID=$(cat /proc/sys/kernel/random/uuid)
MON_PORT=$(free_port)
RGW_PORTS=("$(free_port)" "$(free_port)")
ACCESS_KEY=assetgate$(head -c 6 /dev/urandom | od -An -tx1 | tr -d ' \n')
SECRET_KEY=$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')

cat > "$CONF" <<EOF
[global]
fsid = $FSID
mon host = [v2:127.0.0.1:$MON_PORT]
public addr = 127.0.0.1
cluster addr = 127.0.0.1
auth cluster required = cephx
auth service required = cephx
auth client required = cephx
keyring = $DIR/keyring
admin socket = $DIR/run/\$name.asok
log file = $DIR/log/\$name.log
run dir = $DIR/run
crash dir = $DIR/run
# One OSD holds every placement group alone.
osd pool default size = 1
osd pool default min size = 1
osd pool default pg num = 8
osd pool default pgp num = 8
osd pool default pg autoscale mode = off
osd crush chooseleaf type = 0
mon allow pool size one = true
mon warn on pool no redundancy = false
mon data avail warn = 1
mon data avail crit = 1
# Fewer threads than a production OSD and gateway: this runs on a shared 2-core machine.
osd op num shards = 1
osd op num threads per shard = 2
ms async op threads = 2

[mon.a]
mon data = $DIR/mon.a

[osd.0]
keyring = $DIR/osd.0/keyring
osd data = $DIR/osd.0
osd objectstore = memstore
memstore device bytes = 4294967296
osd crush initial weight = 1

[client.rgw.a]
keyring = $DIR/rgw.a/keyring
rgw data = $DIR/rgw.a
rgw frontends = beast endpoint=127.0.0.1:${RGW_PORTS[0]}
rgw thread pool size = 64
rgw enable usage log = false
rgw dynamic resharding = false

[client.rgw.b]
keyring = $DIR/rgw.b/keyring
rgw data = $DIR/rgw.b
rgw frontends = beast endpoint=127.0.0.1:${RGW_PORTS[1]}
rgw thread pool size = 64
rgw enable usage log = false
rgw dynamic resharding = false
EOF

# The watchdog: the time limit, and the owner's life.
OWNER=${CEPH_OWNER_PID:-$PPID}
(
  trap - EXIT
  deadline=$(( $(date +%s) + ${CEPH_MAX_SECONDS:-1200} ))
  while [ "$(date +%s)" -lt "$deadline" ]; do
    kill -0 "$OWNER" 2>/dev/null || break
    [ -d "$DIR/pids" ] || exit 0
    sleep 2
  done
  echo "watchdog: stopping Ceph in $DIR" >> "$DIR/log/watchdog.log"
  stop_all "$DIR"
  rm -rf "$DIR"
) < /dev/null > /dev/null 2>&1 &
echo $! > "$DIR/pids/watchdog.pid"

# --- cephx keys and the monitor ---
ceph-authtool --create-keyring "$DIR/mon.keyring" --gen-key -n mon. --cap mon 'allow *' > /dev/null
ceph-authtool --create-keyring "$DIR/keyring" --gen-key -n client.admin \
  --cap mon 'allow *' --cap osd 'allow *' --cap mgr 'allow *' > /dev/null
ceph-authtool "$DIR/mon.keyring" --import-keyring "$DIR/keyring" > /dev/null
monmaptool --create --fsid "$FSID" --addv a "[v2:127.0.0.1:$MON_PORT]" "$DIR/monmap" > /dev/null
ceph-mon -c "$CONF" --mkfs -i a --monmap "$DIR/monmap" --keyring "$DIR/mon.keyring" > "$DIR/log/mkfs-mon.out" 2>&1 \
  || fail "ceph-mon --mkfs: $(cat "$DIR/log/mkfs-mon.out")"
start mon.a ceph-mon -c "$CONF" -i a -f
for i in $(seq 1 60); do
  "${CEPH[@]}" mon stat > /dev/null 2>&1 && break
  alive mon.a || fail "the monitor exited"
  [ "$i" = 60 ] && fail "the monitor did not answer"
  sleep 0.5
done

# --- the OSD ---
OSD_UUID=$(cat /proc/sys/kernel/random/uuid)
OSD_ID=$("${CEPH[@]}" osd new "$OSD_UUID")
[ "$OSD_ID" = 0 ] || fail "osd new gave id $OSD_ID"
"${CEPH[@]}" auth get-or-create osd.0 mon 'allow profile osd' osd 'allow *' mgr 'allow profile osd' \
  -o "$DIR/osd.0/keyring"
ceph-osd -c "$CONF" -i 0 --mkfs --osd-uuid "$OSD_UUID" > "$DIR/log/mkfs-osd.out" 2>&1 \
  || fail "ceph-osd --mkfs: $(tail -5 "$DIR/log/mkfs-osd.out")"
start osd.0 ceph-osd -c "$CONF" -i 0 -f
for i in $(seq 1 120); do
  "${CEPH[@]}" osd dump 2>/dev/null | grep -q '^osd.0 up' && break
  alive osd.0 || fail "the OSD exited"
  [ "$i" = 120 ] && fail "the OSD did not come up"
  sleep 0.5
done

# --- the gateways: the first makes the realm, zone group, zone and pools, then the second ---
for g in a b; do
  "${CEPH[@]}" auth get-or-create "client.rgw.$g" mon 'allow rw' osd 'allow rwx' -o "$DIR/rgw.$g/keyring"
done
await_gateway() {
  local g=$1 port=$2
  for i in $(seq 1 240); do
    curl -s -o /dev/null "http://127.0.0.1:$port/" && return 0
    alive "rgw.$g" || fail "gateway $g exited"
    [ "$i" = 240 ] && fail "gateway $g did not answer on port $port"
    sleep 0.5
  done
}
start rgw.a radosgw -c "$CONF" -n client.rgw.a -f
await_gateway a "${RGW_PORTS[0]}"
start rgw.b radosgw -c "$CONF" -n client.rgw.b -f

# --- the S3 user and the bucket ---
radosgw-admin -c "$CONF" user create --uid=assetgate --display-name="Assetgate" \
  --access-key="$ACCESS_KEY" --secret-key="$SECRET_KEY" > "$DIR/log/user.out" 2>&1 \
  || fail "radosgw-admin user create: $(tail -5 "$DIR/log/user.out")"
await_gateway b "${RGW_PORTS[1]}"
STATUS=$(curl -s -o "$DIR/log/bucket.out" -w '%{http_code}' -X PUT --aws-sigv4 "aws:amz:us-east-1:s3" \
  -u "$ACCESS_KEY:$SECRET_KEY" -H "x-amz-content-sha256: UNSIGNED-PAYLOAD" "http://127.0.0.1:${RGW_PORTS[0]}/$BUCKET")
[ "$STATUS" = 200 ] || fail "creating bucket $BUCKET answered $STATUS: $(cat "$DIR/log/bucket.out")"

ELAPSED=$(awk -v s="$START" -v e="$(date +%s.%N)" 'BEGIN {printf "%.1f", e - s}')
cat > "$DIR/rgw.env" <<EOF
CEPH_RGW_ENDPOINTS=http://127.0.0.1:${RGW_PORTS[0]},http://127.0.0.1:${RGW_PORTS[1]}
CEPH_S3_ACCESS_KEY=$ACCESS_KEY
CEPH_S3_SECRET_KEY=$SECRET_KEY
CEPH_S3_BUCKET=$BUCKET
CEPH_START_SECONDS=$ELAPSED
EOF
cat "$DIR/rgw.env"
