#!/usr/bin/env bash
# The asset catalogue at scale: GET /v1/assets (the owner's list and the admin list across
# owners) and GET /v1/audit, one owner with ROWS assets (1,000,000 by default;
# BENCH_ROWS=10000000 for the opt-in run) and as many audit events, on PostgreSQL (default) or
# H2 (BENCH_DATABASE=h2). Each page is measured alone with `wrk -t1 -c4`: the first page, the
# middle, a page 90% down, the last, and filtered pages. Goals: every page p99 <= 15 ms; the
# last page <= 1.5x the first.
#
#   ./mvnw -q -pl core,server -am install -DskipTests -Djs.skip=true
#   bench/listing.sh                                    # 1 million assets, 15 s per page
#   BENCH_ROWS=10000000 bench/listing.sh                # 10 million
#   BENCH_DATABASE=h2 bench/listing.sh                  # the embedded H2 file database
#   BENCH_REUSE=1 bench/listing.sh                      # measure again on the rows seeded before
#   BENCH_DROP=1 bench/listing.sh                       # drop the database afterwards
#   BENCH_SEED_ONLY=1 bench/listing.sh                  # seed only (then BENCH_REUSE=1 to measure)
#
# Rows are written by SQL (generate_series on PostgreSQL, system_range on H2) straight into the
# server's database, after the server's own migrations made the schema: the indexes are
# dropped, the rows inserted in one statement (H2: in batches), and the indexes created again
# from their own definitions, which is several times faster than updating 17 indexes row by
# row. The name-prefix table of q= (V55) gets its rows the same way, twelve per asset (every
# prefix of the 16-character names up to 12 characters), its key dropped and built again. Deep
# pages are reached with cursors computed here from the rows (the server's formats:
# base64url of "2.<seconds>.<nanos>.<filter fingerprint>.<id>" for assets,
# "<seconds>.<nanos>.<id>" for the audit trail), each found by one index seek.
#
# After the timings, the deep pages' queries (the SQL AssetListing.query and
# AuditRepository.query build, with this run's cursors) run under EXPLAIN ANALYZE: on
# PostgreSQL with BUFFERS, whose buffer count per page does not depend on the machine's load;
# on H2 its scanCount. Full plans go to BENCH_PLANS (default: a file in /tmp, named at the end).
#
# Needs: for PostgreSQL, a server on 127.0.0.1:5432 with trust auth (BENCH_PG_HOST/PORT/USER)
# and psql; wrk, curl, python3, openssl; a JDK 25 (JAVA25=/path/to/java, or found under
# /usr/lib/jvm). H2 runs use the H2 jar inside the server jar, through the server's own
# database (AUTO_SERVER=TRUE), in BENCH_H2_DIR (default /tmp/assetgate-bench-listing-h2-ROWS).
set -euo pipefail
cd "$(dirname "$0")/.."
DATABASE=${BENCH_DATABASE:-postgres}
ROWS=${BENCH_ROWS:-1000000}
AUDIT_ROWS=${BENCH_AUDIT_ROWS:-$ROWS}
# The owner has ROWS assets; a tenth as many again belong to 100 other owners.
TOTAL=$((ROWS * 11 / 10))
DURATION=${BENCH_DURATION:-15}
PORT=${BENCH_PORT:-18481}
PG_HOST=${BENCH_PG_HOST:-127.0.0.1}
PG_PORT=${BENCH_PG_PORT:-5432}
PG_USER=${BENCH_PG_USER:-postgres}
DB=${BENCH_DB:-assetgate_bench_listing}
JAVA=${JAVA25:-$(ls -d /usr/lib/jvm/*25* 2>/dev/null | head -1)/bin/java}
JAR=server/target/assetgate-server.jar
PLANS=${BENCH_PLANS:-$(mktemp /tmp/listing-plans.XXXXXX)}
command -v wrk >/dev/null || { echo "wrk is required (apt-get install wrk)" >&2; exit 2; }
[ -f "$JAR" ] || { echo "Build first: ./mvnw -q -pl core,server -am install -DskipTests -Djs.skip=true" >&2; exit 2; }
# Big index builds: more memory for their sorts, and no wait for each commit's flush.
export PGOPTIONS="-c maintenance_work_mem=${BENCH_PG_MAINTENANCE_MEM:-1GB} -c synchronous_commit=off"
psql_() { psql -X -q -v ON_ERROR_STOP=1 -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" "$@"; }

DATA=$(mktemp -d)
case "$DATABASE" in
  postgres)
    if [ "${BENCH_REUSE:-0}" != 1 ] || ! psql_ -d "$DB" -c 'select 1 from audit_events limit 1' >/dev/null 2>&1; then
      BENCH_REUSE=0
      psql_ -d postgres -c "drop database if exists $DB with (force)" -c "create database $DB"
    fi
    DATASOURCE=(--spring.datasource.url="jdbc:postgresql://$PG_HOST:$PG_PORT/$DB" --spring.datasource.username="$PG_USER"
      --assetgate.data-dir="$DATA")
    ;;
  h2)
    H2_DIR=${BENCH_H2_DIR:-/tmp/assetgate-bench-listing-h2-$ROWS}
    if [ "${BENCH_REUSE:-0}" != 1 ] || [ ! -d "$H2_DIR/db" ]; then
      BENCH_REUSE=0
      rm -rf "$H2_DIR"
    fi
    mkdir -p "$H2_DIR"
    # The server's own URL, plus AUTO_SERVER so that this script's queries reach the open file
    # through the server.
    H2_URL="jdbc:h2:file:$H2_DIR/db/assetgate;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;CACHE_SIZE=8192;AUTO_SERVER=TRUE"
    DATASOURCE=(--spring.datasource.url="$H2_URL" --assetgate.data-dir="$H2_DIR")
    python3 -c 'import sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
name = next(n for n in z.namelist() if n.startswith("BOOT-INF/lib/h2-"))
open(sys.argv[2], "wb").write(z.read(name))' "$JAR" "$DATA/h2.jar"
    ;;
  *) echo "BENCH_DATABASE must be postgres or h2" >&2; exit 2 ;;
esac

# sql STATEMENT: runs one statement, printing each row's columns separated by spaces.
# sql_file FILE: runs a script of statements.
sql() {
  if [ "$DATABASE" = postgres ]; then
    psql_ -d "$DB" -At -F' ' -c "$1"
  else
    # The shell prints a header, rows as "a | b", and "(n rows, t ms)".
    "$JAVA" -cp "$DATA/h2.jar" org.h2.tools.Shell -url "$H2_URL" -user sa -password '' -sql "$1" \
      | sed -e '1d' -e '/^([0-9]* rows\?, [0-9]* ms)$/d' -e 's/ *| */ /g' -e 's/ *$//'
  fi
}
sql_file() {
  if [ "$DATABASE" = postgres ]; then
    psql_ -d "$DB" -f "$1"
  else
    "$JAVA" -Xmx1g -cp "$DATA/h2.jar" org.h2.tools.RunScript -url "$H2_URL" -user sa -password '' -script "$1"
  fi
}

# The seeded audit events date from 2020: a long retention keeps the hourly purge off them.
"$JAVA" -Xmx1g -jar "$JAR" --server.port="$PORT" "${DATASOURCE[@]}" --assetgate.audit.retention=36500d \
  --assetgate.idp.clients[0].client-id=bench-owner --assetgate.idp.clients[0].client-secret=bench-secret \
  --assetgate.idp.clients[1].client-id=bench-admin --assetgate.idp.clients[1].client-secret=bench-secret \
  --assetgate.idp.clients[1].scopes=assets:read,assets:admin \
  --assetgate.idp.access-token-ttl=4h --assetgate.processing.enabled=false --logging.level.root=WARN \
  > "$DATA/server.log" 2>&1 &
SERVER=$!
cleanup() {
  kill $SERVER 2>/dev/null || true
  wait $SERVER 2>/dev/null || true
  if [ "${BENCH_DROP:-0}" = 1 ]; then
    if [ "$DATABASE" = postgres ]; then psql_ -d postgres -c "drop database if exists $DB with (force)"; else rm -rf "$H2_DIR"; fi
    echo "dropped the bench database"
  fi
  rm -rf "$DATA"
}
trap cleanup EXIT
for _ in $(seq 1 180); do curl -sf "localhost:$PORT/actuator/health" >/dev/null && break; sleep 1; done
curl -sf "localhost:$PORT/actuator/health" >/dev/null || { cat "$DATA/server.log" >&2; exit 1; }
token() { curl -sf -u "$1:bench-secret" -d grant_type=client_credentials -d "scope=$2" \
  "localhost:$PORT/oauth2/token" | python3 -c 'import json,sys; print(json.load(sys.stdin)["access_token"])'; }
OWNER_TOKEN=$(token bench-owner 'assets:read')
ADMIN_TOKEN=$(token bench-admin 'assets:read assets:admin')
# The owner is the token's issuer plus subject, as the server reads them.
read -r ISSUER SUBJECT < <(python3 -c '
import base64, json, sys
p = sys.argv[1].split(".")[1]; c = json.loads(base64.urlsafe_b64decode(p + "=" * (-len(p) % 4)))
print(c["iss"], c["sub"])' "$OWNER_TOKEN")
echo "$DATABASE; owner $ISSUER $SUBJECT; load average $(cut -d' ' -f1-3 /proc/loadavg)"

BASE_TS="timestamp with time zone '2020-01-01 00:00:00+00'"
# range FROM TO: the integers FROM..TO as a table with one column, i
range() {
  if [ "$DATABASE" = postgres ]; then echo "generate_series($1, $2) as g(i)"; else echo "(select \"X\" as i from system_range($1, $2))"; fi
}
# indexes TABLE [key]: writes the statements that drop TABLE's indexes (the primary key's aside,
# unless "key" is given) to $DATA/drop-TABLE.sql, and those that create them again to
# $DATA/create-TABLE.sql.
indexes() {
  if [ "$DATABASE" = postgres ]; then
    sql "select indexdef || ';' from pg_indexes where tablename = '$1' and indexname not like '%_pkey'" > "$DATA/create-$1.sql"
    sql "select 'drop index ' || indexname || ';' from pg_indexes where tablename = '$1'
        and indexname not like '%_pkey'" > "$DATA/drop-$1.sql"
    if [ "${2:-}" = key ]; then
      sql "select 'alter table $1 add constraint ' || conname || ' ' || pg_get_constraintdef(oid) || ';'
          from pg_constraint where conrelid = '$1'::regclass and contype = 'p'" >> "$DATA/create-$1.sql"
      sql "select 'alter table $1 drop constraint ' || conname || ';'
          from pg_constraint where conrelid = '$1'::regclass and contype = 'p'" >> "$DATA/drop-$1.sql"
    fi
  else
    # H2's SCRIPT writes the table's DDL, its indexes as CREATE INDEX "public"."name" ON ..., and
    # V55's key (a unique index on H2) as CREATE UNIQUE NULLS DISTINCT INDEX "public"."name" ON ...
    sql "script nodata to '$DATA/ddl-$1.sql' table $1" >/dev/null
    grep -E '^CREATE (UNIQUE [A-Z ]*)?INDEX' "$DATA/ddl-$1.sql" | sed 's/;*$/;/' > "$DATA/create-$1.sql"
    sed -E 's/^CREATE (UNIQUE [A-Z ]*)?INDEX ("[^"]*"\."[^"]*").*/DROP INDEX \2;/' "$DATA/create-$1.sql" > "$DATA/drop-$1.sql"
  fi
}
# insert_batched TABLE COLUMNS SELECT-LIST COUNT [JOIN [H2-STEP]]: inserts rows i = 1..COUNT (each
# joined to JOIN, if given), in one statement on PostgreSQL, and in batches of H2-STEP (a million)
# values of i on H2 (which keeps a transaction's changes in memory).
insert_batched() {
  local step=$([ "$DATABASE" = postgres ] && echo "$4" || echo "${6:-1000000}") lo=1 hi
  : > "$DATA/insert-$1.sql"
  while [ "$lo" -le "$4" ]; do
    hi=$((lo + step - 1)); [ "$hi" -le "$4" ] || hi=$4
    printf 'insert into %s (%s)\nselect %s\nfrom %s %s;\n' "$1" "$2" "$3" "$(range "$lo" "$hi")" "${5:-}" >> "$DATA/insert-$1.sql"
    lo=$((hi + 1))
  done
  sql_file "$DATA/insert-$1.sql"
}

# Assets: one a second from 2020 on: 10% videos, 2% quarantined, 0.1% still pending (never
# listed); capture times a permutation of the creation times; every eleventh row belongs to one
# of 100 other owners, so the admin list and the owner's list differ. Names are IMG_ and eight
# digits (.JPG): the q= prefixes below (img_0012, img_00123, img_001234: 10,000, 1,000 and 100
# names) are at most 10 characters, within the 12 the name-prefix table keeps, so each is one
# seek. Audit events: one a second from 2020 on, nine in ten by the owner, ten about each asset.
if [ "$BENCH_REUSE" != 1 ]; then
  echo "seeding $TOTAL assets and $AUDIT_ROWS audit events ($(date -u +%H:%M:%S))..."
  SEED_START=$(date +%s)
  n() { echo "lpad(cast(i as varchar), $1, '0')"; }
  indexes asset_name_prefixes key
  for table in assets audit_events; do indexes $table; done
  for table in assets audit_events asset_name_prefixes; do sql_file "$DATA/drop-$table.sql"; done
  insert_batched assets "id, upload_id, owner_issuer, owner_subject, filename, filename_lower, content_type, kind,
    size_bytes, object_key, state, created_at, completed_at, captured_or_created_at" "
    'b' || $(n 12), 'u' || cast(i as varchar),
    case when mod(i, 11) = 0 then 'https://other.example' else '$ISSUER' end,
    case when mod(i, 11) = 0 then 'user' || cast(mod(i, 100) as varchar) else '$SUBJECT' end,
    'IMG_' || $(n 8) || '.JPG', 'img_' || $(n 8) || '.jpg',
    case when mod(i, 10) = 0 then 'video/mp4' else 'image/jpeg' end,
    case when mod(i, 10) = 0 then 'video' else 'image' end,
    2000000, 'assets/bench/' || cast(i as varchar),
    case when mod(i, 1000) = 0 then 'PENDING' when mod(i, 50) = 0 then 'QUARANTINED' else 'READY' end,
    $BASE_TS + i * interval '1' second, $BASE_TS + i * interval '1' second,
    $BASE_TS + mod(cast(i as bigint) * 7919, $TOTAL) * interval '1' second" "$TOTAL"
  echo "assets inserted after $(( $(date +%s) - SEED_START )) s"
  # Every prefix of each name, 1 to 12 characters (the names have 16), as AssetRepository writes them.
  insert_batched asset_name_prefixes "owner_issuer, owner_subject, prefix, created_at, asset_id" "
    case when mod(i, 11) = 0 then 'https://other.example' else '$ISSUER' end,
    case when mod(i, 11) = 0 then 'user' || cast(mod(i, 100) as varchar) else '$SUBJECT' end,
    left('img_' || $(n 8) || '.jpg', n.len), $BASE_TS + i * interval '1' second, 'b' || $(n 12)" "$TOTAL" \
    "cross join (values (1), (2), (3), (4), (5), (6), (7), (8), (9), (10), (11), (12)) as n(len)" 100000
  echo "name prefixes inserted after $(( $(date +%s) - SEED_START )) s"
  insert_batched audit_events "at, action, outcome, actor_issuer, actor_subject, client_id, ip, asset_id" "
    $BASE_TS + i * interval '1' second,
    case when mod(i, 3) = 0 then 'asset.deleted' else 'asset.download_url_issued' end, 'SUCCESS',
    case when mod(i, 10) = 0 then 'https://other.example' else '$ISSUER' end,
    case when mod(i, 10) = 0 then 'user' || cast(mod(i, 100) as varchar) else '$SUBJECT' end,
    'bench-owner', '127.0.0.1', 'b' || lpad(cast(i / 10 as varchar), 12, '0')" "$AUDIT_ROWS"
  echo "audit events inserted after $(( $(date +%s) - SEED_START )) s"
  for table in assets audit_events asset_name_prefixes; do sql_file "$DATA/create-$table.sql"; done
  echo "indexes built after $(( $(date +%s) - SEED_START )) s"
  if [ "$DATABASE" = postgres ]; then
    for table in assets audit_events asset_name_prefixes; do sql "vacuum analyze $table"; done
    # The load's gigabytes of dirty pages are written now, not by a checkpoint under the timings.
    sql "checkpoint"
  else
    sql "analyze"
  fi
  echo "seeded in $(( $(date +%s) - SEED_START )) s; load average $(cut -d' ' -f1-3 /proc/loadavg)"
fi
# BENCH_SEED_ONLY=1 stops here: seed while the machine is busy, measure later with BENCH_REUSE=1.
[ "${BENCH_SEED_ONLY:-0}" != 1 ] || exit 0

# fingerprint KIND STATE SORT FROM TO Q: the server's AssetFilter.fingerprint(), "null" for unset
fingerprint() { printf '%s|%s|%s|%s|%s|%s' "$@" | openssl dgst -sha256 -binary | head -c 9 | base64 | tr '+/' '-_' | tr -d '='; }
b64url() { base64 -w0 | tr '+/' '-_' | tr -d '='; }
# position TABLE WHERE KEY DEPTH SPAN: "<seconds> <nanos> <id>" of a row of that list, newest
# first by (KEY, id). DEPTH "last" is the row with 50 older ones after it (the last page's
# cursor); a fraction (0.9) the newest row at least that far down the SPAN seconds the rows
# cover (they are spread evenly, so about that far down the list). Either way one seek.
position() {
  local order="$3 desc, id desc" where="$2" skip=0
  if [ "$4" = last ]; then
    order="$3, id"; skip=50
  else
    where="$where and $3 <= $BASE_TS + $(awk -v d="$4" -v t="$5" 'BEGIN { printf "%d", (1 - d) * t }') * interval '1' second"
  fi
  sql "select cast(floor(extract(epoch from $3)) as bigint) || ' ' ||
      cast(round((extract(epoch from $3) - floor(extract(epoch from $3))) * 1000000000) as bigint) || ' ' || id
      from $1 where $where order by $order offset $skip rows fetch first 1 rows only"
}
# cursor NAME FINGERPRINT WHERE KEY DEPTH: an asset list's cursor at that position, into C[NAME]
# (and the position into AT[NAME], for the plans below)
declare -A C AT
cursor() {
  local sec nanos id
  read -r sec nanos id < <(position assets "state <> 'PENDING' and $3" "$4" "$5" "$TOTAL")
  AT[$1]="$sec $nanos $id"
  C[$1]=$(printf '2.%s.%s.%s.%s' "$sec" "$nanos" "$2" "$id" | b64url)
}
# audit_cursor NAME WHERE DEPTH: an audit list's cursor at that position
audit_cursor() {
  local sec nanos id
  read -r sec nanos id < <(position audit_events "$2" at "$3" "$AUDIT_ROWS")
  AT[$1]="$sec $nanos $id"
  C[$1]=$(printf '%s.%s.%s' "$sec" "$nanos" "$id" | b64url)
}
MINE="owner_issuer = '$ISSUER' and owner_subject = '$SUBJECT'"
ACTOR="actor_issuer = '$ISSUER' and actor_subject = '$SUBJECT'"
NONE=$(fingerprint null null CREATED null null null)
CAPTURED=$(fingerprint null null CAPTURED null null null)
VIDEO=$(fingerprint video null CREATED null null null)
QUAR=$(fingerprint null QUARANTINED CAPTURED null null null)
NAMED=$(fingerprint null null CREATED null null img_0012)
SINCE="2020-01-01T00:00:00Z"
# from/to: a day (or a tenth of the rows, if fewer) in the middle of the list
WINDOW_FROM=$((TOTAL / 2)); WINDOW_TO=$((WINDOW_FROM + (TOTAL / 10 < 86400 ? TOTAL / 10 : 86400)))
iso() { date -u -d "@$((1577836800 + $1))" +%Y-%m-%dT%H:%M:%SZ; }
ACTOR_PARAM="actor=$(python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1], safe=""))' "$ISSUER#$SUBJECT")"
ASSET_ID="b$(printf '%012d' $((AUDIT_ROWS / 20)))"

echo "finding the cursors ($(date -u +%H:%M:%S))..."
cursor middle "$NONE" "$MINE" created_at 0.5
cursor deep "$NONE" "$MINE" created_at 0.9
cursor last "$NONE" "$MINE" created_at last
cursor captured-deep "$CAPTURED" "$MINE" captured_or_created_at 0.9
cursor captured-last "$CAPTURED" "$MINE" captured_or_created_at last
cursor video-deep "$VIDEO" "$MINE and kind = 'video'" created_at 0.9
cursor quarantined-deep "$QUAR" "$MINE and state = 'QUARANTINED'" captured_or_created_at 0.9
cursor admin-deep "$NONE" "1 = 1" created_at 0.9
cursor admin-last "$NONE" "1 = 1" created_at last
cursor admin-video-deep "$VIDEO" "kind = 'video'" created_at 0.9
# q=img_0012 is rows 120,000 to 129,999: 90% down its names, the owner's row 121,001.
AT[q-deep]="$((1577836800 + 121001)) 0 b000000121001"
C[q-deep]=$(printf '2.%s.0.%s.%s' "$((1577836800 + 121001))" "$NAMED" b000000121001 | b64url)
audit_cursor audit-deep "1 = 1" 0.9
audit_cursor audit-last "1 = 1" last
audit_cursor audit-actor-deep "$ACTOR" 0.9
audit_cursor audit-since-deep "at >= $BASE_TS" 0.9
BASE="http://localhost:$PORT/v1/assets?limit=50"
AUDIT="http://localhost:$PORT/v1/audit?limit=50"
CASES=(
  "first|owner|$BASE"
  "middle|owner|$BASE&cursor=${C[middle]}"
  "90% down|owner|$BASE&cursor=${C[deep]}"
  "last|owner|$BASE&cursor=${C[last]}"
  "sort=captured, 90% down|owner|$BASE&sort=captured&cursor=${C[captured-deep]}"
  "sort=captured, last|owner|$BASE&sort=captured&cursor=${C[captured-last]}"
  "kind=video, first|owner|$BASE&kind=video"
  "kind=video, 90% down|owner|$BASE&kind=video&cursor=${C[video-deep]}"
  "state=QUARANTINED&sort=captured, first|owner|$BASE&state=QUARANTINED&sort=captured"
  "state=QUARANTINED&sort=captured, 90% down|owner|$BASE&state=QUARANTINED&sort=captured&cursor=${C[quarantined-deep]}"
  "from/to (one day)|owner|$BASE&from=$(iso $WINDOW_FROM)&to=$(iso $WINDOW_TO)"
  "q=img_001234 (100 names)|owner|$BASE&q=img_001234"
  "q=img_00123 (1,000 names)|owner|$BASE&q=img_00123"
  "q=img_0012 (10,000 names)|owner|$BASE&q=img_0012"
  "q=img_0012, 90% down|owner|$BASE&q=img_0012&cursor=${C[q-deep]}"
  "admin, first|admin|$BASE"
  "admin, 90% down|admin|$BASE&cursor=${C[admin-deep]}"
  "admin, last|admin|$BASE&cursor=${C[admin-last]}"
  "admin kind=video, 90% down|admin|$BASE&kind=video&cursor=${C[admin-video-deep]}"
  "audit, first|admin|$AUDIT"
  "audit, 90% down|admin|$AUDIT&cursor=${C[audit-deep]}"
  "audit, last|admin|$AUDIT&cursor=${C[audit-last]}"
  "audit actor=owner, 90% down|admin|$AUDIT&$ACTOR_PARAM&cursor=${C[audit-actor-deep]}"
  "audit since, 90% down|admin|$AUDIT&since=$SINCE&cursor=${C[audit-since-deep]}"
  "audit assetId (10 events)|admin|$AUDIT&assetId=$ASSET_ID"
)
if [ -n "${BENCH_ONLY:-}" ]; then
  mapfile -t CASES < <(printf '%s\n' "${CASES[@]}" | grep -E "^(${BENCH_ONLY})\|")
fi

# Fresh tokens: seeding 10 million rows takes longer than a token lives.
OWNER_TOKEN=$(token bench-owner 'assets:read')
ADMIN_TOKEN=$(token bench-admin 'assets:read assets:admin')
declare -A TOKENS=([owner]=$OWNER_TOKEN [admin]=$ADMIN_TOKEN)
# p99 of a wrk --latency report, in ms
p99() { awk '$1 == "99%" { v = $2; if (v ~ /us$/) { sub(/us$/, "", v); v /= 1000 } else if (v ~ /ms$/) { sub(/ms$/, "", v) } else if (v ~ /s$/) { sub(/s$/, "", v); v *= 1000 }; print v }'; }
# cpu: the server's user plus system CPU time so far, in clock ticks
cpu() { awk '{ print $14 + $15 }' "/proc/$SERVER/stat"; }
TICK=$(getconf CLK_TCK)
# The JIT compiler needs a while on 2 cores: the first page for BENCH_WARMUP seconds, then each
# page briefly (which also checks that each answers 200 with a full page).
WARMUP=${BENCH_WARMUP:-30}
echo "warm-up (${WARMUP}s, $(date -u +%H:%M:%S))..."
TOKEN=$OWNER_TOKEN wrk -t1 -c4 -d"${WARMUP}s" -s bench/listing.lua "$BASE" >/dev/null
for c in "${CASES[@]}"; do
  IFS='|' read -r name who url <<<"$c"; tok=${TOKENS[$who]}
  body=$(curl -s -w '\n%{http_code}' -H "Authorization: Bearer $tok" "$url")
  [ "$(tail -1 <<<"$body")" = 200 ] || { echo "$name answered $(tail -1 <<<"$body")" >&2; exit 1; }
  items=$(head -n -1 <<<"$body" | python3 -c 'import json,sys; print(len(json.load(sys.stdin)["items"]))')
  [ "$items" -gt 0 ] || { echo "$name answered no items" >&2; exit 1; }
  TOKEN=$tok wrk -t1 -c4 -d3s -s bench/listing.lua "$url" >/dev/null
done
printf '\n%s: one owner with %d assets (%d of every owner), %d audit events; wrk -t1 -c4, %ds per page, pages of 50\n' \
  "$DATABASE" "$ROWS" "$TOTAL" "$AUDIT_ROWS" "$DURATION"
printf '| page | requests/s | p50 | p99 | server CPU ms per request | load average |\n|---|---|---|---|---|---|\n'
declare -A P99
FAILED=0
for c in "${CASES[@]}"; do
  IFS='|' read -r name who url <<<"$c"; tok=${TOKENS[$who]}
  before=$(cpu)
  report=$(TOKEN=$tok wrk -t1 -c4 -d"${DURATION}s" --latency -s bench/listing.lua "$url")
  after=$(cpu)
  requests=$(awk '/requests in/ { print $1 }' <<<"$report")
  rps=$(awk '/Requests\/sec/ { print $2 }' <<<"$report")
  p50=$(awk '$1 == "50%" { print $2 }' <<<"$report")
  P99[$name]=$(p99 <<<"$report")
  cpu_ms=$(awk -v d=$((after - before)) -v t="$TICK" -v n="$requests" 'BEGIN { printf "%.2f", d * 1000 / t / n }')
  printf '| %s | %s | %s | %s ms | %s | %s |\n' "$name" "$rps" "$p50" "${P99[$name]}" "$cpu_ms" "$(cut -d' ' -f1 /proc/loadavg)"
  if awk -v p="${P99[$name]}" 'BEGIN { exit !(p > 15) }'; then FAILED=1; fi
done
if [ -n "${P99[first]:-}" ] && [ -n "${P99[last]:-}" ]; then
  ratio=$(awk -v l="${P99[last]}" -v f="${P99[first]}" 'BEGIN { printf "%.2f", l / f }')
  echo "last/first p99: $ratio (goal <= 1.5); every p99 <= 15 ms: $([ $FAILED = 0 ] && echo yes || echo no)"
fi

# The deep pages' statements, as the server builds them (AssetListing.query, AuditRepository.query),
# with this run's cursors: what each page reads, whatever the load. The seeded times are whole
# seconds, so a position's nanos are left out.
ts() { local sec nanos id; read -r sec nanos id <<<"${AT[$1]}"; echo "$BASE_TS + $((sec - 1577836800)) * interval '1' second"; }
key() { local sec nanos id; read -r sec nanos id <<<"${AT[$1]}"; if [ "$2" = text ]; then echo "'$id'"; else echo "$id"; fi; }
after() { echo "($1, id) < ($(ts "$2"), $(key "$2" "${3:-text}"))"; }
OWNED="select * from assets where $MINE"
# named PREFIX [KEYSET]: the owner's q= page through the name-prefix table (AssetListing.byName)
named() {
  echo "select a.* from asset_name_prefixes p join assets a on a.id = p.asset_id and a.owner_issuer = p.owner_issuer
    and a.owner_subject = p.owner_subject where p.owner_issuer = '$ISSUER' and p.owner_subject = '$SUBJECT'
    and p.prefix = '$1' ${2:-} and a.state <> 'PENDING'
    order by p.owner_issuer, p.owner_subject, p.prefix, p.created_at desc, p.asset_id desc fetch first 51 rows only"
}
PAGE="fetch first 51 rows only"
PLAN_CASES=(
  "owner, first|$OWNED and state <> 'PENDING' order by owner_issuer, owner_subject, created_at desc, id desc $PAGE"
  "owner, 90% down|$OWNED and state <> 'PENDING' and $(after created_at deep) order by owner_issuer, owner_subject, created_at desc, id desc $PAGE"
  "owner, last|$OWNED and state <> 'PENDING' and $(after created_at last) order by owner_issuer, owner_subject, created_at desc, id desc $PAGE"
  "sort=captured, 90% down|$OWNED and state <> 'PENDING' and $(after captured_or_created_at captured-deep) order by owner_issuer, owner_subject, captured_or_created_at desc, id desc $PAGE"
  "kind=video, 90% down|$OWNED and state <> 'PENDING' and kind = 'video' and $(after created_at video-deep) order by owner_issuer, owner_subject, kind, created_at desc, id desc $PAGE"
  "state=QUARANTINED&sort=captured, 90% down|$OWNED and state = 'QUARANTINED' and $(after captured_or_created_at quarantined-deep) order by owner_issuer, owner_subject, state, captured_or_created_at desc, id desc $PAGE"
  "from/to (one day)|$OWNED and state <> 'PENDING' and created_at >= $BASE_TS + $WINDOW_FROM * interval '1' second and created_at < $BASE_TS + $WINDOW_TO * interval '1' second order by owner_issuer, owner_subject, created_at desc, id desc $PAGE"
  "q=img_001234|$(named img_001234)"
  "q=img_00123|$(named img_00123)"
  "q=img_0012|$(named img_0012)"
  "q=img_0012, 90% down|$(named img_0012 "and $(after p.created_at q-deep | sed 's/, id)/, p.asset_id)/')")"
  "admin, 90% down|select * from assets where state <> 'PENDING' and $(after created_at admin-deep) order by created_at desc, id desc $PAGE"
  "admin, last|select * from assets where state <> 'PENDING' and $(after created_at admin-last) order by created_at desc, id desc $PAGE"
  "admin kind=video, 90% down|select * from assets where state <> 'PENDING' and kind = 'video' and $(after created_at admin-video-deep) order by kind, created_at desc, id desc $PAGE"
  "audit, 90% down|select * from audit_events where 1 = 1 and $(after at audit-deep number) order by at desc, id desc $PAGE"
  "audit, last|select * from audit_events where 1 = 1 and $(after at audit-last number) order by at desc, id desc $PAGE"
  "audit actor, 90% down|select * from audit_events where 1 = 1 and $ACTOR and $(after at audit-actor-deep number) order by actor_subject, at desc, id desc $PAGE"
  "audit since, 90% down|select * from audit_events where 1 = 1 and at >= $BASE_TS and $(after at audit-since-deep number) order by at desc, id desc $PAGE"
)
: > "$PLANS"
printf '\nWhat each query reads (EXPLAIN ANALYZE%s), plans in %s\n' "$([ "$DATABASE" = postgres ] && echo ', BUFFERS')" "$PLANS"
if [ "$DATABASE" = postgres ]; then
  printf '| query | index | entries read | buffers (hit+read) | execution ms |\n|---|---|---|---|---|\n'
else
  printf '| query | index | rows scanned (scanCount) |\n|---|---|---|\n'
fi
for c in "${PLAN_CASES[@]}"; do
  name=${c%%|*}; query=${c#*|}
  if [ "$DATABASE" = postgres ]; then
    { echo "== $name"; echo "$query"; sql "explain (analyze, buffers) $query"; echo; } >> "$PLANS"
    sql "explain (analyze, buffers, format json) $query" | python3 -c '
import json, sys
top = json.load(sys.stdin)[0]
nodes, stack = [], [top["Plan"]]
while stack:
    n = stack.pop(); nodes.append(n); stack.extend(n.get("Plans", []))
scans = [n for n in nodes if "Index Name" in n]
# Entries an index scan read: the rows it passed on plus those its filter dropped.
read = sum(n["Actual Rows"] * n["Actual Loops"] + n.get("Rows Removed by Filter", 0) for n in scans)
plan = top["Plan"]
print("| %s | %s | %d | %d | %.3f |" % (sys.argv[1], ", ".join(n["Node Type"].replace("Index Only Scan", "index-only").replace("Index Scan", "index").replace("Bitmap Index Scan", "bitmap") + " " + n["Index Name"] for n in scans) or "none",
      read, plan["Shared Hit Blocks"] + plan["Shared Read Blocks"], top["Execution Time"]))' "$name"
  else
    plan=$(sql "explain analyze $query")
    { echo "== $name"; echo "$plan"; echo; } >> "$PLANS"
    printf '| %s | %s | %s |\n' "$name" "$(grep -o '/\* public\.[A-Za-z0-9_]*' <<<"$plan" | sed 's|/\* public\.||' | sort -u | paste -sd, -)" \
      "$(grep -o 'scanCount: [0-9]*' <<<"$plan" | awk '{ s += $2 } END { print s }')"
  fi
done
if [ "$DATABASE" = postgres ]; then
  sql "select 'asset_name_prefixes: ' || count(*) || ' rows, ' || pg_size_pretty(pg_total_relation_size('asset_name_prefixes'))
      || ' with its key, ' || pg_total_relation_size('asset_name_prefixes') / (select count(*) from assets)
      || ' bytes per asset (assets with its indexes: ' || pg_size_pretty(pg_total_relation_size('assets')) || ')'
      from asset_name_prefixes"
fi
echo "load average $(cut -d' ' -f1-3 /proc/loadavg)"
