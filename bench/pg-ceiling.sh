#!/usr/bin/env bash
# PostgreSQL's own ceiling for the create's writes on this machine, with nothing else running:
# no server, no HTTP, no JSON. `pgbench` (32 clients, prepared statements, as the server's pool
# uses them) runs on a scratch database migrated with the server's own migrations:
#   1. "create's transaction": the three writes one POST /v1/uploads makes, in one transaction
#      (insert into uploads, insert into assets, update one of the owner's usage stripes);
#   2. the same three writes as one statement (a data-modifying CTE), one round trip;
#   3. one insert into uploads alone, each in its own transaction;
#   4. `select 1`, the round trip and nothing else.
# A create rate above row 1 cannot be reached on this machine whatever the server does; above
# row 3, not even by a server that wrote a single row per create.
#
#   bench/pg-ceiling.sh [seconds per row, default 20]
#
# Needs PostgreSQL on 127.0.0.1:5432 with trust auth for postgres, and pgbench (postgresql-contrib
# or the server package). The scratch database is dropped at the end.
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_=${1:-20}
CLIENTS=${BENCH_CLIENTS:-32}
DB=assetgate_pg_ceiling
PSQL=(psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -U postgres)
command -v pgbench >/dev/null || { echo "pgbench is required (it comes with PostgreSQL)" >&2; exit 2; }
WORK=$(mktemp -d -t assetgate-pg-ceiling.XXXXXX)
cleanup() { "${PSQL[@]}" -d postgres -c "drop database if exists $DB with (force)" 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT

"${PSQL[@]}" -d postgres -c "drop database if exists $DB with (force)" -c "create database $DB"
for f in $(ls core/src/main/resources/db/migration/V*.sql | sort -V); do "${PSQL[@]}" -d "$DB" -f "$f" > /dev/null; done
# One owner with its usage stripes, and one row in each table for the inserts to copy.
"${PSQL[@]}" -d "$DB" <<'SQL'
insert into owner_usage_stripes (owner_issuer, owner_subject, stripe)
  select 'http://localhost:8080', 'bench-0', s from generate_series(0, 15) s;
insert into uploads (id, asset_id, owner_issuer, owner_subject, filename, content_type, size_bytes, checksum,
    object_key, mode, state, created_at, expires_at)
  values ('seed-upload', 'seed-asset', 'http://localhost:8080', 'bench-0', 'IMG_0001.jpg', 'image/jpeg', 2481234,
    'sha256:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=', 'seed', 'SINGLE', 'PENDING', now(), now() + interval '1 hour');
insert into assets (id, upload_id, owner_issuer, owner_subject, filename, content_type, size_bytes, checksum,
    object_key, state, created_at, kind, captured_or_created_at, filename_lower)
  values ('seed-asset', 'seed-upload', 'http://localhost:8080', 'bench-0', 'IMG_0001.jpg', 'image/jpeg', 2481234,
    'sha256:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=', 'seed', 'PENDING', now(), 'IMAGE', now(), 'img_0001.jpg');
SQL

# Each insert copies the seed row under new keys, as the server writes a new row of the same shape.
UPLOAD="insert into uploads (id, asset_id, owner_issuer, owner_subject, filename, content_type, size_bytes, checksum,
    object_key, mode, state, created_at, expires_at)
  select gen_random_uuid()::text, gen_random_uuid()::text, owner_issuer, owner_subject, filename, content_type,
    size_bytes, checksum, 'o/' || gen_random_uuid(), mode, state, now(), expires_at from uploads where id = 'seed-upload'"
ASSET="insert into assets (id, upload_id, owner_issuer, owner_subject, filename, content_type, size_bytes, checksum,
    object_key, state, created_at, kind, captured_or_created_at, filename_lower)
  select gen_random_uuid()::text, upload_id, owner_issuer, owner_subject, filename, content_type, size_bytes, checksum,
    'o/' || gen_random_uuid(), state, now(), kind, now(), filename_lower from assets where id = 'seed-asset'"
STRIPE="update owner_usage_stripes set bytes_reserved = bytes_reserved + 2481234, assets_reserved = assets_reserved + 1
  where owner_issuer = 'http://localhost:8080' and owner_subject = 'bench-0' and stripe = :s"
one_line() { tr '\n' ' ' <<<"$1"; }
printf '\\set s random(0, 15)\nbegin;\n%s;\n%s;\n%s;\ncommit;\n' "$(one_line "$UPLOAD")" "$(one_line "$ASSET")" \
  "$(one_line "$STRIPE")" > "$WORK/transaction.sql"
printf '\\set s random(0, 15)\nwith u as (%s returning 1), a as (%s returning 1) %s;\n' "$(one_line "$UPLOAD")" \
  "$(one_line "$ASSET")" "$(one_line "$STRIPE")" > "$WORK/statement.sql"
printf '%s;\n' "$(one_line "$UPLOAD")" > "$WORK/upload-row.sql"
printf 'select 1;\n' > "$WORK/round-trip.sql"

echo "PostgreSQL ceiling: $(nproc) cores, $CLIENTS clients, ${SECONDS_}s a row, load $(cut -d' ' -f1-3 /proc/loadavg), $(psql -X -At -h 127.0.0.1 -U postgres -d postgres -c 'show server_version')"
for row in "create's transaction (3 writes):transaction" "the 3 writes as one statement:statement" \
    "one insert into uploads:upload-row" "select 1:round-trip"; do
  out=$(pgbench -h 127.0.0.1 -U postgres -n -M prepared -c "$CLIENTS" -j 2 -T "$SECONDS_" -f "$WORK/${row##*:}.sql" "$DB" 2>&1)
  printf '%-34s %10s tps   latency average %s ms   failed %s\n' "${row%%:*}" \
    "$(sed -n 's/^tps = \([0-9]*\).*/\1/p' <<<"$out")" "$(sed -n 's/^latency average = \([0-9.]*\).*/\1/p' <<<"$out")" \
    "$(sed -n 's/^number of failed transactions: \([0-9]*\).*/\1/p' <<<"$out")"
done
