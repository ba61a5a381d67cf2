#!/usr/bin/env bash
# Processing benchmark: the default variants (thumbnail 256 px square crop, preview within
# 1280 px) of a set of generated 12-megapixel JPEGs, made by Assetgate's Java pipeline, by
# libvips (vipsthumbnail) and by ImageMagick (convert -thumbnail), on the same images with the
# same parallelism. Prints images per second for each.
#
# Usage: bench/processing.sh [images=24] [threads=$(nproc)] [format=webp|jpeg]
# Needs: a built server jar and its test classes (./mvnw -pl server -DskipTests package: the
# benchmark's main, ImageBench, is a test source, so it is not in the jar), ImageMagick, libvips-tools.
set -euo pipefail
cd "$(dirname "$0")/.."

COUNT=${1:-24}
THREADS=${2:-$(nproc)}
FORMAT=${3:-webp}
JAR=server/target/assetgate-server.jar
BENCH_CLASSES=server/target/test-classes
WORK=${BENCH_DIR:-$(mktemp -d -t assetgate-bench.XXXXXX)}
JAVA=${JAVA:-$(ls -d /usr/lib/jvm/*25*/bin/java 2>/dev/null | head -1)}
JAVA=${JAVA:-java}
[ -f "$JAR" ] && [ -d "$BENCH_CLASSES" ] || { echo "build the jar first: ./mvnw -pl server -DskipTests package" >&2; exit 2; }
CONVERT=$(command -v magick || command -v convert)

mkdir -p "$WORK/in" "$WORK/java" "$WORK/vips" "$WORK/magick"
echo "Generating $COUNT 12-megapixel JPEGs (4000x3000) in $WORK/in ..."
for i in $(seq -w 1 "$COUNT"); do
  f="$WORK/in/img$i.jpg"
  [ -f "$f" ] || "$CONVERT" -seed "$i" -size 800x600 plasma:fractal -resize 4000x3000\! -quality 90 "$f"
done

rate() { awk -v n="$1" -v s="$2" -v t="$3" 'BEGIN { printf "%-16s %d images in %.2f s: %.2f images/s\n", t, n, s, n / s }'; }
timed() { local start end; start=$(date +%s.%N); "$@"; end=$(date +%s.%N); awk -v a="$start" -v b="$end" 'BEGIN { print b - a }'; }

echo "Assetgate (Java, warm JVM, $THREADS threads):"
"$JAVA" -Xmx1g --enable-native-access=ALL-UNNAMED -cp "$JAR" -Dloader.path="$BENCH_CLASSES" \
  -Dloader.main=io.assetgate.server.processing.image.ImageBench \
  org.springframework.boot.loader.launch.PropertiesLauncher "$WORK/in" "$WORK/java" "$THREADS" "$FORMAT"

vips_one() {
  local f=$1 out=$2 fmt=$3 b; b=$(basename "$f" .jpg)
  vipsthumbnail "$f" --size 256x256 --smartcrop centre -o "$out/${b}-thumbnail.${fmt}[strip,Q=82]"
  vipsthumbnail "$f" --size 1280x1280 -o "$out/${b}-preview.${fmt}[strip,Q=82]"
}
magick_one() {
  local f=$1 out=$2 fmt=$3 b; b=$(basename "$f" .jpg)
  "$CONVERT" "$f" -auto-orient -strip -quality 82 \
    \( +clone -thumbnail 1280x1280 -write "$out/${b}-preview.${fmt}" +delete \) \
    -thumbnail 256x256^ -gravity center -extent 256x256 "$out/${b}-thumbnail.${fmt}"
}
export -f vips_one magick_one
export CONVERT

s=$(timed bash -c "ls '$WORK'/in/*.jpg | xargs -P '$THREADS' -I{} bash -c 'vips_one {} \"$WORK/vips\" $FORMAT'")
rate "$COUNT" "$s" "vipsthumbnail"
s=$(timed bash -c "ls '$WORK'/in/*.jpg | xargs -P '$THREADS' -I{} bash -c 'magick_one {} \"$WORK/magick\" $FORMAT'")
rate "$COUNT" "$s" "imagemagick"
echo "Outputs in $WORK"
