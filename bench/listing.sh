#!/usr/bin/env bash
# The asset catalogue at scale: GET /v1/assets on PostgreSQL, one owner with ROWS assets
# (1,000,000 by default; BENCH_ROWS=10000000 for the opt-in run), each page measured alone
# with `wrk -t1 -c4`: the first page, the middle, the last, and filtered pages, plus the
# admin list's last page. Goals: every page p99 <= 15 ms; the last page <= 1.5x the first.
#
#   ./mvnw -q -pl server package -DskipTests
#   bench/listing.sh                       # 1 million assets, 15 s per page
#   BENCH_ROWS=10000000 bench/listing.sh   # 10 million (the seed then takes a while)
#
# Rows are written by SQL (generate_series) straight into the server's database, after the
# server's own migrations made the schema. Deep pages are reached with cursors computed here
# from the rows (the server's cursor format: base64url of "2.<seconds>.<nanos>.<filter
# fingerprint>.<id>"), since walking 10,000 pages to reach the last one is not the point.
#
# Needs: PostgreSQL on 127.0.0.1:5432 with trust auth (BENCH_PG_HOST/PORT/USER), psql, wrk,
# curl, python3 and openssl; a JDK 25 (JAVA25=/path/to/java, or found under /usr/lib/jvm).
set -euo pipefail
cd "$(dirname "$0")/.."
ROWS=${BENCH_ROWS:-1000000}
DURATION=${BENCH_DURATION:-15}
PORT=${BENCH_PORT:-18481}
PG_HOST=${BENCH_PG_HOST:-127.0.0.1}
PG_PORT=${BENCH_PG_PORT:-5432}
PG_USER=${BENCH_PG_USER:-postgres}
DB=${BENCH_DB:-assetgate_bench_listing}
JAVA=${JAVA25:-$(ls -d /usr/lib/jvm/*25* 2>/dev/null | head -1)/bin/java}
command -v wrk >/dev/null || { echo "wrk is required (apt-get install wrk)" >&2; exit 2; }
[ -f server/target/assetgate-server.jar ] || { echo "Build first: ./mvnw -q -pl server package -DskipTests" >&2; exit 2; }
psql_() { psql -X -q -v ON_ERROR_STOP=1 -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" "$@"; }

# BENCH_REUSE=1 keeps the database of an earlier run with the same BENCH_ROWS and BENCH_PORT
# (the owner is named after the port), skipping the seed.
if [ "${BENCH_REUSE:-0}" != 1 ] || ! psql_ -d "$DB" -c 'select 1 from assets limit 1' >/dev/null 2>&1; then
  BENCH_REUSE=0
  psql_ -d postgres -c "drop database if exists $DB with (force)" -c "create database $DB"
fi
DATA=$(mktemp -d)
"$JAVA" -Xmx1g -jar server/target/assetgate-server.jar --server.port="$PORT" --assetgate.data-dir="$DATA" \
  --spring.datasource.url="jdbc:postgresql://$PG_HOST:$PG_PORT/$DB" --spring.datasource.username="$PG_USER" \
  --assetgate.idp.clients[0].client-id=bench-owner --assetgate.idp.clients[0].client-secret=bench-secret \
  --assetgate.idp.clients[1].client-id=bench-admin --assetgate.idp.clients[1].client-secret=bench-secret \
  --assetgate.idp.clients[1].scopes=assets:read,assets:admin \
  --assetgate.processing.enabled=false --logging.level.root=WARN > "$DATA/server.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null; wait $SERVER 2>/dev/null; rm -rf "$DATA"' EXIT
for _ in $(seq 1 180); do curl -sf "localhost:$PORT/actuator/health" >/dev/null && break; sleep 1; done
token() { curl -sf -u "$1:bench-secret" -d grant_type=client_credentials -d "scope=$2" \
  "localhost:$PORT/oauth2/token" | python3 -c 'import json,sys; print(json.load(sys.stdin)["access_token"])'; }
OWNER_TOKEN=$(token bench-owner 'assets:read')
ADMIN_TOKEN=$(token bench-admin 'assets:read assets:admin')
# The owner is the token's issuer plus subject, as the server reads them.
read -r ISSUER SUBJECT < <(python3 -c '
import base64, json, sys
p = sys.argv[1].split(".")[1]; c = json.loads(base64.urlsafe_b64decode(p + "=" * (-len(p) % 4)))
print(c["iss"], c["sub"])' "$OWNER_TOKEN")
echo "owner $ISSUER $SUBJECT"

# One asset a second from 2020 on: 10% videos, 2% quarantined, 0.1% still pending (never
# listed); capture times a permutation of the creation times. A tenth as many rows again
# belong to 100 other owners, so the admin list and the owner's list differ.
if [ "$BENCH_REUSE" != 1 ]; then
echo "seeding $ROWS assets ($(date -u +%H:%M:%S))..."
SEED_START=$(date +%s)
# Building the indexes once after the insert is several times faster than updating 17 of them
# row by row: save their definitions, drop them, insert, and create them again.
psql_ -d "$DB" -At -c "select indexdef || ';' from pg_indexes where tablename = 'assets'
    and indexname <> 'assets_pkey'" > "$DATA/indexes.sql"
psql_ -d "$DB" -At -c "select 'drop index ' || indexname || ';' from pg_indexes where tablename = 'assets'
    and indexname <> 'assets_pkey'" | psql_ -d "$DB"
psql_ -d "$DB" <<SQL
insert into assets (id, upload_id, owner_issuer, owner_subject, filename, filename_lower, content_type, kind,
    size_bytes, object_key, state, created_at, completed_at, captured_or_created_at)
select 'b' || lpad(i::text, 12, '0'), 'u' || i,
    case when i % 11 = 0 then 'https://other.example' else '$ISSUER' end,
    case when i % 11 = 0 then 'user' || (i % 100) else '$SUBJECT' end,
    'IMG_' || lpad(i::text, 8, '0') || '.JPG', 'img_' || lpad(i::text, 8, '0') || '.jpg',
    case when i % 10 = 0 then 'video/mp4' else 'image/jpeg' end,
    case when i % 10 = 0 then 'video' else 'image' end,
    2000000, 'assets/bench/' || i,
    case when i % 1000 = 0 then 'PENDING' when i % 50 = 0 then 'QUARANTINED' else 'READY' end,
    timestamptz '2020-01-01 00:00:00+00' + i * interval '1 second',
    timestamptz '2020-01-01 00:00:00+00' + i * interval '1 second',
    timestamptz '2020-01-01 00:00:00+00' + ((i::bigint * 7919) % $((ROWS * 11 / 10))) * interval '1 second'
from generate_series(1, $((ROWS * 11 / 10))) as g(i);
SQL
psql_ -d "$DB" -f "$DATA/indexes.sql"
psql_ -d "$DB" -c "vacuum analyze assets"
echo "seeded in $(( $(date +%s) - SEED_START )) s"
fi

# fingerprint KIND STATE SORT FROM TO Q: the server's AssetFilter.fingerprint(), "null" for unset
fingerprint() { printf '%s|%s|%s|%s|%s|%s' "$@" | openssl dgst -sha256 -binary | head -c 9 | base64 | tr '+/' '-_' | tr -d '='; }
# cursor FINGERPRINT WHERE SORTCOLUMN OFFSET: the cursor after the row at OFFSET of that list
cursor() {
  local row
  row=$(psql_ -d "$DB" -At -F' ' -c "select floor(extract(epoch from $3))::bigint,
      (extract(microseconds from $3)::bigint % 1000000) * 1000, id from assets
      where state <> 'PENDING' and $2 order by $3 desc, id desc offset $4 limit 1")
  read -r sec nanos id <<<"$row"
  printf '2.%s.%s.%s.%s' "$sec" "$nanos" "$1" "$id" | base64 -w0 | tr '+/' '-_' | tr -d '='
}
MINE="owner_issuer = '$ISSUER' and owner_subject = '$SUBJECT'"
count() { psql_ -d "$DB" -At -c "select count(*) from assets where state <> 'PENDING' and $1"; }
OWNED=$(count "$MINE")
VIDEOS=$(count "$MINE and kind = 'video'")
QUARANTINED=$(count "$MINE and state = 'QUARANTINED'")
ALL=$(count "true")
NONE=$(fingerprint null null CREATED null null null)
CAPTURED=$(fingerprint null null CAPTURED null null null)
VIDEO=$(fingerprint video null CREATED null null null)
QUAR=$(fingerprint null QUARANTINED CAPTURED null null null)

BASE="http://localhost:$PORT/v1/assets?limit=50"
CASES=(
  "first|$OWNER_TOKEN|$BASE"
  "middle|$OWNER_TOKEN|$BASE&cursor=$(cursor "$NONE" "$MINE" created_at $((OWNED / 2)))"
  "last|$OWNER_TOKEN|$BASE&cursor=$(cursor "$NONE" "$MINE" created_at $((OWNED - 51)))"
  "captured, last|$OWNER_TOKEN|$BASE&sort=captured&cursor=$(cursor "$CAPTURED" "$MINE" captured_or_created_at $((OWNED - 51)))"
  "kind=video, first|$OWNER_TOKEN|$BASE&kind=video"
  "kind=video, last|$OWNER_TOKEN|$BASE&kind=video&cursor=$(cursor "$VIDEO" "$MINE and kind = 'video'" created_at $((VIDEOS - 51)))"
  "state=QUARANTINED captured, last|$OWNER_TOKEN|$BASE&state=QUARANTINED&sort=captured&cursor=$(cursor "$QUAR" "$MINE and state = 'QUARANTINED'" captured_or_created_at $((QUARANTINED - 51)))"
  "from/to (one day)|$OWNER_TOKEN|$BASE&from=2020-01-05T00:00:00Z&to=2020-01-06T00:00:00Z"
  "q=img_001234 (100 names)|$OWNER_TOKEN|$BASE&q=img_001234"
  "q=img_00123 (1,000 names)|$OWNER_TOKEN|$BASE&q=img_00123"
  "q=img_0012 (10,000 names)|$OWNER_TOKEN|$BASE&q=img_0012"
  "admin, first|$ADMIN_TOKEN|$BASE"
  "admin, last|$ADMIN_TOKEN|$BASE&cursor=$(cursor "$NONE" "true" created_at $((ALL - 51)))"
)

# p99 of a wrk --latency report, in ms
p99() { awk '$1 == "99%" { v = $2; if (v ~ /us$/) { sub(/us$/, "", v); v /= 1000 } else if (v ~ /ms$/) { sub(/ms$/, "", v) } else if (v ~ /s$/) { sub(/s$/, "", v); v *= 1000 }; print v }'; }
# The JIT compiler needs a while on 2 cores: the first page for BENCH_WARMUP seconds, then each
# page briefly (which also checks that each answers 200).
WARMUP=${BENCH_WARMUP:-30}
echo "warm-up (${WARMUP}s)..."
TOKEN=$OWNER_TOKEN wrk -t1 -c4 -d"${WARMUP}s" -s bench/listing.lua "$BASE" >/dev/null
for c in "${CASES[@]}"; do
  IFS='|' read -r name tok url <<<"$c"
  status=$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $tok" "$url")
  [ "$status" = 200 ] || { echo "$name answered $status" >&2; exit 1; }
  TOKEN=$tok wrk -t1 -c4 -d3s -s bench/listing.lua "$url" >/dev/null
done
printf '\n%d assets of one owner (%d listed), %d in all; wrk -t1 -c4, %ds per page\n' "$ROWS" "$OWNED" "$ALL" "$DURATION"
printf '| page | requests/s | p50 | p99 |\n|---|---|---|---|\n'
declare -A P99
FAILED=0
for c in "${CASES[@]}"; do
  IFS='|' read -r name tok url <<<"$c"
  report=$(TOKEN=$tok wrk -t1 -c4 -d"${DURATION}s" --latency -s bench/listing.lua "$url")
  rps=$(awk '/Requests\/sec/ { print $2 }' <<<"$report")
  p50=$(awk '$1 == "50%" { print $2 }' <<<"$report")
  P99[$name]=$(p99 <<<"$report")
  printf '| %s | %s | %s | %s ms |\n' "$name" "$rps" "$p50" "${P99[$name]}"
  if awk -v p="${P99[$name]}" 'BEGIN { exit !(p > 15) }'; then FAILED=1; fi
done
ratio=$(awk -v l="${P99[last]}" -v f="${P99[first]}" 'BEGIN { printf "%.2f", l / f }')
echo "last/first p99: $ratio (goal <= 1.5); every p99 <= 15 ms: $([ $FAILED = 0 ] && echo yes || echo no)"
