#!/usr/bin/env bash
# Lambda handler initialization, measured here: a fresh JVM per run loads the shaded function
# artifact, initializes ApiHandler (the Spring context on the core: data source, S3 client,
# services) and answers one POST /v1/uploads (a caller from the authorizer's claims, the policy,
# two inserts, signing). Printed per run: JVM start to handler, the init, the priming (with
# --prime), the first call, and JVM start to first answer. Runs alternate without and with the
# SnapStart priming hook, so both see the same machine load.
#
#   ./mvnw -q -pl core,serverless -am package -DskipTests -Djs.skip=true
#   bench/lambda-init.sh [RUNS]            # default 5 of each
#   BENCH_JAVA_OPTS="-XX:TieredStopAtLevel=1" bench/lambda-init.sh   # tuned
#   BENCH_LOG=/tmp/runs.log bench/lambda-init.sh 1   # keeps the functions' logs (timestamps)
#
# Needs the local PostgreSQL (127.0.0.1:5432, user postgres) and runs S3Proxy (copied to
# server/target/s3proxy by the server's test build) on a free port; both are torn down after.
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${1:-5}
JAVA=${JAVA:-$(ls -d /usr/lib/jvm/*25*/bin/java 2>/dev/null | head -1)}
JAVA=${JAVA:-java}
JAR=serverless/target/assetgate-serverless-lambda.jar
S3PROXY=${S3PROXY:-server/target/s3proxy/s3proxy.jar}
[ -f "$JAR" ] || { echo "build the function artifact first (see the top of this script)"; exit 1; }
[ -f "$S3PROXY" ] || { echo "S3Proxy jar missing at $S3PROXY: ./mvnw -pl server process-test-resources"; exit 1; }

WORK=$(mktemp -d)
DB=assetgate_lambda_bench_$$
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
cleanup() {
  [ -n "${S3PID:-}" ] && kill "$S3PID" 2>/dev/null || true
  psql -q -h 127.0.0.1 -U postgres -c "drop database if exists $DB with (force)" >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT

mkdir -p "$WORK/data"
cat > "$WORK/s3proxy.conf" <<CONF
s3proxy.endpoint=http://127.0.0.1:$PORT
s3proxy.authorization=aws-v2-or-v4
s3proxy.identity=bench-key
s3proxy.credential=bench-secret-0123456789
jclouds.provider=filesystem-nio2
jclouds.filesystem.basedir=$WORK/data
CONF
"$JAVA" -Xmx256m -jar "$S3PROXY" --properties "$WORK/s3proxy.conf" > "$WORK/s3proxy.log" 2>&1 &
S3PID=$!
for _ in $(seq 1 120); do
  curl -s -o /dev/null "http://127.0.0.1:$PORT/" && break
  sleep 0.5
done
curl -sf -X PUT --aws-sigv4 "aws:amz:us-east-1:s3" --user bench-key:bench-secret-0123456789 \
  -H "x-amz-content-sha256: UNSIGNED-PAYLOAD" \
  "http://127.0.0.1:$PORT/assetgate-bench" > /dev/null
psql -q -h 127.0.0.1 -U postgres -c "create database $DB" > /dev/null

export SPRING_DATASOURCE_URL="jdbc:postgresql://127.0.0.1:5432/$DB"
export SPRING_DATASOURCE_USERNAME=postgres
export SPRING_DATASOURCE_PASSWORD=
export ASSETGATE_STORAGE_S3_BUCKET=assetgate-bench
export ASSETGATE_STORAGE_S3_ENDPOINT="http://127.0.0.1:$PORT"
export ASSETGATE_STORAGE_S3_REGION=us-east-1
export ASSETGATE_STORAGE_S3_PATH_STYLE=true
export ASSETGATE_STORAGE_S3_ACCESS_KEY=bench-key
export ASSETGATE_STORAGE_S3_SECRET_KEY=bench-secret-0123456789
export ASSETGATE_STORAGE_S3_SSE=none
export ASSETGATE_STORAGE_S3_CHECKSUM_HEADERS=false

# Lambda gives a function a share of a CPU by its memory; here the JVM sees the machine's cores.
OPTS=${BENCH_JAVA_OPTS:-}
"$JAVA" $OPTS -cp "$JAR" io.assetgate.serverless.LocalInvoke --migrate > "$WORK/migrate.log" 2>&1 \
  || { cat "$WORK/migrate.log"; exit 1; }
echo "artifact: $JAR ($(stat -c %s "$JAR") bytes)"
for i in $(seq 1 "$RUNS"); do
  for mode in "" "--prime"; do
    "$JAVA" $OPTS -cp "$JAR" io.assetgate.serverless.LocalInvoke $mode 2> "$WORK/run.log" \
      | tee -a "${BENCH_LOG:-/dev/null}" | grep '"primed"' \
      || { tail -20 "$WORK/run.log"; exit 1; }
  done
done
