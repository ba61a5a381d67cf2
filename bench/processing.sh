#!/usr/bin/env bash
# Processing benchmark, every row in the same run on the same inputs with the same parallelism:
# the default variants (thumbnail 256 px square crop, preview within 1280 px, quality 82) of a
# set of generated 12-megapixel JPEGs, made by Assetgate's Java pipeline, by sharp (installed
# from npm into the work folder, never into the repo) and by libvips' vipsthumbnail; then the
# same for 12-megapixel HEICs by Assetgate (header in Java, HEVC decoded by ffmpeg in a child
# process, or by libheif for comparison, variants in Java) and vipsthumbnail: iPhone-like grids of
# 512x512 tiles first, then dense single-image HEICs. Prints images per second and the peak RSS of the largest process
# of each row, then Assetgate's ratio to sharp.
#
# Usage: bench/processing.sh [images=24] [threads=$(nproc)] [format=webp|jpeg] [heics=6]
# Needs: a built server jar and its test classes (./mvnw -pl server -DskipTests package: the
# benchmark's mains, ImageBench and GridHeicMaker, are test sources, so they are not in the jar),
# libvips-tools, libheif-examples (heif-enc), ffmpeg, node and npm; ImageMagick for the optional BENCH_MAGICK=1 row. BENCH_IMAGEIO=1 adds a row
# of the Java pipeline without its native libraries (ImageIO decoding and WebP writer), for comparison.
# BENCH_HEIC=0 skips the HEIC rows, BENCH_JPEG=0 the JPEG rows.
set -euo pipefail
cd "$(dirname "$0")/.."

COUNT=${1:-24}
THREADS=${2:-$(nproc)}
FORMAT=${3:-webp}
HEICS=${4:-6}
JAR=server/target/assetgate-server.jar
BENCH_CLASSES=server/target/test-classes
WORK=${BENCH_DIR:-$(mktemp -d -t assetgate-bench.XXXXXX)}
JAVA=${JAVA:-$(ls -d /usr/lib/jvm/*25*/bin/java 2>/dev/null | head -1)}
JAVA=${JAVA:-java}
[ -f "$JAR" ] && [ -d "$BENCH_CLASSES" ] || { echo "build the jar first: ./mvnw -pl server -DskipTests package" >&2; exit 2; }

mkdir -p "$WORK/in" "$WORK/heic" "$WORK/heic-grid" "$WORK/java" "$WORK/java-heic" "$WORK/sharp-out" "$WORK/vips" "$WORK/vips-heic" \
  "$WORK/magick"
echo "Generating $COUNT 12-megapixel JPEGs (4000x3000) and $HEICS HEICs in $WORK ..."
# Photo-like content from libvips alone (ImageMagick is not everywhere): smooth colour fields
# (Perlin noise per band) plus grain (Gaussian noise), about 5 MB per JPEG at quality 90 like a
# phone photo; each image scales the bands differently, so no two files are alike.
if [ ! -f "$WORK/base.v" ]; then
  vips perlin "$WORK/r.v" 4000 3000 --cell-size 256 --seed 1
  vips perlin "$WORK/g.v" 4000 3000 --cell-size 192 --seed 2
  vips perlin "$WORK/b.v" 4000 3000 --cell-size 320 --seed 3
  vips bandjoin "$WORK/r.v $WORK/g.v $WORK/b.v" "$WORK/rgb.v"
  vips gaussnoise "$WORK/n.v" 4000 3000 --sigma 14 --mean 0
  vips bandjoin "$WORK/n.v $WORK/n.v $WORK/n.v" "$WORK/n3.v"
  vips linear "$WORK/rgb.v" "$WORK/l.v" "110 110 110" "128 128 128"
  vips add "$WORK/l.v" "$WORK/n3.v" "$WORK/base.v"
  rm -f "$WORK"/[rgbnl].v "$WORK/rgb.v" "$WORK/n3.v"
fi
for i in $(seq -w 1 "$COUNT"); do
  f="$WORK/in/img$i.jpg"
  [ -f "$f" ] || vips linear "$WORK/base.v" "$f[Q=90]" "1 0.$((10#$i * 3 % 10))5 0.9" "$((10#$i * 7 % 40)) 0 -$((10#$i % 20))" \
    --uchar
done
for f in $(ls "$WORK"/in/*.jpg | head -n "$HEICS"); do
  h="$WORK/heic/$(basename "$f" .jpg).heic"
  # x265 ultrafast: the encoder is not what is measured, and it takes minutes per 12 MP image otherwise.
  [ -f "$h" ] || heif-enc -q 80 -p preset=ultrafast -o "$h" "$f" >/dev/null
done

# iPhone-like HEICs from the same JPEGs: a grid of 512x512 HEVC tiles (8x6 for 12 MP), heif-enc per
# tile at quality 60 (about the bitrate of a phone's HEIC), turned upright by an irot, as iPhones store them.
for f in $(ls "$WORK"/in/*.jpg | head -n "$HEICS"); do
  h="$WORK/heic-grid/$(basename "$f" .jpg).heic"
  [ -f "$h" ] || "$JAVA" -cp "$JAR" -Dloader.path="$BENCH_CLASSES" \
    -Dloader.main=io.assetgate.server.processing.image.GridHeicMaker \
    org.springframework.boot.loader.launch.PropertiesLauncher "$f" "$h" "${BENCH_GRID_QUALITY:-60}"
done

if [ ! -d "$WORK/sharp/node_modules/sharp" ]; then
  echo "Installing sharp from npm into $WORK/sharp ..."
  npm install --silent --no-audit --no-fund --prefix "$WORK/sharp" sharp >/dev/null
fi

# The peak RSS and CPU seconds GNU time wrote for a row: on a shared machine, CPU seconds per
# image (user + system, every process of the row, warm-up and start-up included) say more than
# wall-clock rates, and 1 / (CPU s per image) is the images per second one free core would make.
usage() {
  awk -v name="$1" -v n="$2" 'END { printf "  %-28s peak RSS %d MB, CPU %.2f s per image (%.2f images/s per core)\n",
    "(" name ")", $1 / 1024, ($2 + $3) / n, n / ($2 + $3) }' "$WORK/rss"
}
# Runs a row under GNU time; prints the row's own output, its peak RSS and CPU use.
row() {
  local name=$1 n=$2; shift 2
  /usr/bin/time -f "%M %U %S" -o "$WORK/rss" "$@"
  usage "$name" "$n"
}
# A row of shell processes: images per second and the peak RSS of its largest process.
shell_row() {
  local name=$1 n=$2 cmd=$3 start end
  start=$(date +%s.%N)
  /usr/bin/time -f "%M %U %S" -o "$WORK/rss" bash -c "$cmd" >/dev/null
  end=$(date +%s.%N)
  rate "$n" "$(awk -v a="$start" -v b="$end" 'BEGIN { print b - a }')" "$name"
  usage "$name" "$n"
}
rate() { awk -v n="$1" -v s="$2" -v t="$3" 'BEGIN { printf "%-28s %d images in %.2f s: %.2f images/s\n", t, n, s, n / s }'; }
timed() { local start end; start=$(date +%s.%N); "$@" >/dev/null; end=$(date +%s.%N); awk -v a="$start" -v b="$end" 'BEGIN { print b - a }'; }

vips_one() {
  local f=$1 out=$2 fmt=$3 b; b=$(basename "${f%.*}")
  vipsthumbnail "$f" --size 256x256 --smartcrop centre -o "$out/${b}-thumbnail.${fmt}[strip,Q=82]"
  vipsthumbnail "$f" --size 1280x1280 -o "$out/${b}-preview.${fmt}[strip,Q=82]"
}
magick_one() {
  local f=$1 out=$2 fmt=$3 b c; b=$(basename "$f" .jpg); c=$(command -v magick || command -v convert)
  "$c" "$f" -auto-orient -strip -quality 82 \
    \( +clone -thumbnail 1280x1280 -write "$out/${b}-preview.${fmt}" +delete \) \
    -thumbnail 256x256^ -gravity center -extent 256x256 "$out/${b}-thumbnail.${fmt}"
}
export -f vips_one magick_one

if [ "${BENCH_JPEG:-1}" = 1 ]; then
echo "== 12 MP JPEG, $THREADS threads, $FORMAT =="
WARM=$(( COUNT < 4 ? COUNT : 4 ))
JAVA_OUT=$(row assetgate-java $(( COUNT + WARM )) "$JAVA" -Xmx1g --enable-native-access=ALL-UNNAMED -cp "$JAR" -Dloader.path="$BENCH_CLASSES" \
  -Dloader.main=io.assetgate.server.processing.image.ImageBench \
  org.springframework.boot.loader.launch.PropertiesLauncher "$WORK/in" "$WORK/java" "$THREADS" "$FORMAT" jpg)
echo "$JAVA_OUT"
if [ "${BENCH_IMAGEIO:-0}" = 1 ]; then
  # The pipeline without its native libraries (what a server without libturbojpeg0 and libwebp7 runs).
  IMAGEIO_OUT=$(row assetgate-java-imageio $(( COUNT + WARM )) "$JAVA" -Xmx1g --enable-native-access=ALL-UNNAMED \
    -Dassetgate.native.turbojpeg.disabled=true -Dassetgate.native.webp.disabled=true -cp "$JAR" \
    -Dloader.path="$BENCH_CLASSES" -Dloader.main=io.assetgate.server.processing.image.ImageBench \
    org.springframework.boot.loader.launch.PropertiesLauncher "$WORK/in" "$WORK/java" "$THREADS" "$FORMAT" jpg)
  echo "$IMAGEIO_OUT"
fi
SHARP_OUT=$(UV_THREADPOOL_SIZE=$THREADS row sharp $(( COUNT + WARM )) node bench/sharp-bench.js "$WORK/sharp" "$WORK/in" \
  "$WORK/sharp-out" "$THREADS" "$FORMAT")
echo "$SHARP_OUT"
shell_row "vipsthumbnail" "$COUNT" "ls '$WORK'/in/*.jpg | xargs -P '$THREADS' -I{} bash -c 'vips_one {} \"$WORK/vips\" $FORMAT'"
if [ "${BENCH_MAGICK:-0}" = 1 ]; then
  s=$(timed bash -c "ls '$WORK'/in/*.jpg | xargs -P '$THREADS' -I{} bash -c 'magick_one {} \"$WORK/magick\" $FORMAT'")
  rate "$COUNT" "$s" "imagemagick"
fi
java_rate=$(echo "$JAVA_OUT" | sed -n 's/.*: \([0-9.]*\) images\/s.*/\1/p' | head -1)
sharp_rate=$(echo "$SHARP_OUT" | sed -n 's/.*: \([0-9.]*\) images\/s.*/\1/p' | head -1)
awk -v j="$java_rate" -v s="$sharp_rate" 'BEGIN { printf "assetgate / sharp: %.2f\n", j / s }'
if [ -n "${IMAGEIO_OUT:-}" ]; then
  imageio_rate=$(echo "$IMAGEIO_OUT" | sed -n 's/.*: \([0-9.]*\) images\/s.*/\1/p' | head -1)
  awk -v j="$imageio_rate" -v s="$sharp_rate" 'BEGIN { printf "assetgate without native libraries / sharp: %.2f\n", j / s }'
fi
fi

[ "${BENCH_HEIC:-1}" = 0 ] && { echo "Outputs in $WORK"; exit 0; }
# A HEIC row of the Java pipeline: $1 name, $2 input dir, $3 HEVC decoder (ffmpeg: the default fast path; libheif).
heic_row() {
  row "$1" $(( HEICS + (HEICS < 4 ? HEICS : 4) )) "$JAVA" -Xmx1g --enable-native-access=ALL-UNNAMED -cp "$JAR" \
    -Dloader.path="$BENCH_CLASSES" -Dassetgate.processing.heif.hevc-decoder="$3" \
    -Dloader.main=io.assetgate.server.processing.image.ImageBench \
    org.springframework.boot.loader.launch.PropertiesLauncher "$2" "$WORK/java-heic" "$THREADS" "$FORMAT" heic
}
echo "== 12 MP iPhone-like HEIC ($HEICS, a grid of 48 HEVC tiles each), $THREADS threads, $FORMAT =="
heic_row assetgate-java-heic-grid "$WORK/heic-grid" ffmpeg
heic_row assetgate-java-heic-grid-libheif "$WORK/heic-grid" libheif
echo "  (peak RSS: the largest process, the JVM; CPU includes its ffmpeg or vips children; one vips child alone:)"
/usr/bin/time -f "%M %U %S" -o "$WORK/rss" vips thumbnail "$(ls "$WORK"/heic-grid/*.heic | head -1)" "$WORK/one.png" \
  1280 --height 1280 --size down
usage "one vips HEIC decode" 1
shell_row "vipsthumbnail heic grid" "$HEICS" \
  "ls '$WORK'/heic-grid/*.heic | xargs -P '$THREADS' -I{} bash -c 'vips_one {} \"$WORK/vips-heic\" $FORMAT'"
echo "== 12 MP dense HEIC ($HEICS, one HEVC image each, x265 ultrafast), $THREADS threads, $FORMAT =="
heic_row assetgate-java-heic "$WORK/heic" ffmpeg
heic_row assetgate-java-heic-libheif "$WORK/heic" libheif
echo "sharp: no row for HEIC (its prebuilt libvips reads AVIF but not HEIC)"
echo "Outputs in $WORK"
