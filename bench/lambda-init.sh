#!/usr/bin/env bash
# Lambda handler initialization, measured here: a fresh JVM per run loads the shaded function
# artifact, initializes ApiHandler (the Spring context on the core, wired at build time, its
# beans made on first use) and answers one POST /v1/uploads (a caller from the authorizer's
# claims, the policy, two inserts, signing). Printed per run: JVM start to handler, the init, the priming (with
# --prime), the first call, and JVM start to first answer. Runs alternate without and with the
# SnapStart priming hook, and with the cold-start warming (ColdStartWarmer) on and off, so all
# see the same machine load. At the end: the median of each variant and mode, and the load
# average before and after.
#
#   ./mvnw -q -pl core,serverless -am package -DskipTests -Djs.skip=true
#   bench/lambda-init.sh [RUNS]            # default 5 of each
#   BENCH_JAVA_OPTS="-XX:TieredStopAtLevel=1" bench/lambda-init.sh   # tuned
#   BENCH_LOG=/tmp/runs.log bench/lambda-init.sh 1   # keeps the functions' logs (timestamps)
#   # A/B in one run: variants "label|artifact|JVM options" separated by ';', alternated run by run
#   BENCH_VARIANTS="as-built|serverless/target/assetgate-serverless-lambda.jar|;c1|serverless/target/assetgate-serverless-lambda.jar|-XX:TieredStopAtLevel=1" bench/lambda-init.sh 3
#   BENCH_MODES=cold bench/lambda-init.sh 3      # only the runs without priming ("cold", "primed" or both)
#   BENCH_CLASS_LIST=1 bench/lambda-init.sh 1    # first records the class list ClassPrefetch loads ahead
#   # Tuned: each variant also runs with a JDK AOT cache ("<label> +AOT cache"), made first by one
#   # training run of that variant (its artifact and options, with the priming calls and the first
#   # call) with -XX:AOTCacheOutput; the cache is made by and for this machine's JDK only
#   BENCH_AOT=1 bench/lambda-init.sh 3
#
# Needs the local PostgreSQL (127.0.0.1:5432, user postgres) and runs S3Proxy (copied to
# server/target/s3proxy by the server's test build) on a free port; both are torn down after.
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${1:-5}
JAVA=${JAVA:-$(ls -d /usr/lib/jvm/*25*/bin/java 2>/dev/null | head -1)}
JAVA=${JAVA:-java}
JAR=serverless/target/assetgate-serverless-lambda.jar
MIGRATION_LAYER=${MIGRATION_LAYER:-serverless/target/migration-layer/java/lib}
S3PROXY=${S3PROXY:-server/target/s3proxy/s3proxy.jar}
[ -f "$JAR" ] || { echo "build the function artifact first (see the top of this script)"; exit 1; }
[ -d "$MIGRATION_LAYER" ] || { echo "the migrate function's layer is missing at $MIGRATION_LAYER (built with the artifact)"; exit 1; }
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
# As built, and the same artifact with its cold-start warming turned off (ColdStartWarmer).
VARIANTS=${BENCH_VARIANTS:-"as-built|$JAR|;warming off|$JAR|-Dassetgate.lambda.cold-start-warming=false"}
IFS=';' read -r -a VARIANT_LIST <<< "$VARIANTS"
for v in "${VARIANT_LIST[@]}"; do
  IFS='|' read -r label jar _ <<< "$v"
  [ -f "$jar" ] || { echo "no artifact at $jar (variant $label)"; exit 1; }
  echo "artifact $label: $jar ($(stat -c %s "$jar") bytes)"
done
MODES=${BENCH_MODES:-cold primed}
IFS='|' read -r _ FIRST_JAR _ <<< "${VARIANT_LIST[0]}"
# The migrate function runs with its layer (Flyway and Jackson 2) beside the artifact, and checks
# the bucket, as the stack runs it.
"$JAVA" $OPTS -cp "$FIRST_JAR:$MIGRATION_LAYER/*" io.assetgate.serverless.LocalInvoke --migrate > "$WORK/migrate.log" 2>&1 \
  || { cat "$WORK/migrate.log"; exit 1; }
if [ -n "${BENCH_CLASS_LIST:-}" ]; then
  # Records the classes one cold start loads, in order (warming off, so the order is the main
  # thread's own), as the list ClassPrefetch loads ahead: those of the artifact and the JDK's
  # not in its shared archive. Then build the artifact again to ship it.
  LIST=serverless/src/main/resources/META-INF/assetgate/cold-start-classes.txt
  # shellcheck disable=SC2086 # the options are words
  "$JAVA" $OPTS -Dassetgate.lambda.cold-start-warming=false -Xlog:class+load:file="$WORK/classes.log" \
    -cp "$FIRST_JAR" io.assetgate.serverless.LocalInvoke > "$WORK/record.log" 2>&1 || { tail -20 "$WORK/record.log"; exit 1; }
  { echo "# The classes a cold start of the API function loads, in order: BENCH_CLASS_LIST=1 bench/lambda-init.sh"
    grep -E 'source: (file:|jrt:)' "$WORK/classes.log" | awk '{print $2}'; } > "$LIST"
  echo "recorded $(($(wc -l < "$LIST") - 1)) classes in $LIST"
fi
if [ -n "${BENCH_AOT:-}" ]; then
  WITH_AOT=()
  for n in "${!VARIANT_LIST[@]}"; do
    IFS='|' read -r label jar vopts <<< "${VARIANT_LIST[$n]}"
    # shellcheck disable=SC2086 # the options are words
    "$JAVA" $OPTS $vopts -XX:AOTCacheOutput="$WORK/$n.aot" -cp "$jar" io.assetgate.serverless.LocalInvoke --prime \
      > "$WORK/train.log" 2>&1 || { tail -20 "$WORK/train.log"; exit 1; }
    echo "AOT cache for $label: $(stat -c %s "$WORK/$n.aot") bytes"
    WITH_AOT+=("${VARIANT_LIST[$n]}" "$label +AOT cache|$jar|$vopts -XX:AOTCache=$WORK/$n.aot")
  done
  VARIANT_LIST=("${WITH_AOT[@]}")
fi
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
for i in $(seq 1 "$RUNS"); do
  for v in "${VARIANT_LIST[@]}"; do
    IFS='|' read -r label jar vopts <<< "$v"
    for mode in $MODES; do
      mode=${mode/cold/}; mode=${mode/primed/--prime}
      # shellcheck disable=SC2086 # the options are words
      "$JAVA" $OPTS $vopts -cp "$jar" io.assetgate.serverless.LocalInvoke $mode 2> "$WORK/run.log" \
        | tee -a "${BENCH_LOG:-/dev/null}" | grep '"primed"' | sed "s/^{/{\"variant\": \"$label\", /" \
        | tee -a "$WORK/results" || { tail -20 "$WORK/run.log"; exit 1; }
    done
  done
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
python3 - "$WORK/results" <<'PY'
import json, statistics, sys
rows = [json.loads(line) for line in open(sys.argv[1])]
keys = []
for r in rows:
    k = (r["variant"], r["primed"])
    if k not in keys:
        keys.append(k)
print("median per variant: JVM start to first answer, init, first call, CPU (all threads), ms")
for variant, primed in keys:
    rs = [r for r in rows if r["variant"] == variant and r["primed"] == primed]
    med = lambda f: round(statistics.median(r[f] for r in rs))
    print(f"  {variant:>16} {'primed' if primed else 'cold':>6} (n={len(rs)}): first answer {med('jvmStartToFirstAnswerMs')},"
          f" init {med('initMs')}, first call {med('firstCallMs')}, cpu {med('cpuMs')}")
PY
