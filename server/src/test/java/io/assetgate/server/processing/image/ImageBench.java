package io.assetgate.server.processing.image;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import io.assetgate.server.processing.ProcessingProperties;
import io.assetgate.server.processing.VariantSpec;

/**
 * The processing benchmark's Java side (see {@code bench/processing.sh}): renders the default
 * variants (and the placeholder) of every JPEG, or with {@code heic} as fifth argument every
 * HEIC, in a directory with the server's own pipeline, on {@code threads} threads, after a
 * warm-up pass, and prints images per second.
 *
 * <p>Usage: {@code ImageBench <input dir> <output dir> <threads> <format> [jpg|heic]}
 */
public final class ImageBench {

    private static final ProcessingProperties.Heif HEIF_SETTINGS = new ProcessingProperties.Heif("vips",
            java.time.Duration.ofSeconds(120), org.springframework.util.unit.DataSize.ofGigabytes(3),
            System.getProperty("assetgate.processing.heif.hevc-decoder", "ffmpeg"));
    private static final HeifDecoder HEIF = new HeifDecoder(HEIF_SETTINGS);
    private static final HevcDecoder HEVC = new HevcDecoder(HEIF_SETTINGS, "ffmpeg");

    private ImageBench() {
    }

    public static void main(String[] args) throws Exception {
        Path in = Path.of(args[0]);
        Path out = Files.createDirectories(Path.of(args[1]));
        int threads = Integer.parseInt(args[2]);
        String format = args.length > 3 ? args[3] : "webp";
        String input = args.length > 4 ? args[4] : "jpg";
        Map<String, VariantSpec> specs = ProcessingProperties.DEFAULT_VARIANTS;
        List<Path> files;
        try (Stream<Path> list = Files.list(in)) {
            files = list.filter(p -> p.toString().endsWith("." + input)).sorted().toList();
        }
        run(files.subList(0, Math.min(4, files.size())), out, threads, specs, format);
        long start = System.nanoTime();
        long cpuBefore = cpuNanos();
        run(files, out, threads, specs, format);
        double seconds = (System.nanoTime() - start) / 1e9;
        double cpuPerImage = (cpuNanos() - cpuBefore) / 1e9 / files.size();
        System.out.printf("assetgate-java-" + input + " %d images in %.2f s: %.2f images/s (%d threads, %s)%n", files.size(),
                seconds, files.size() / seconds, threads, format);
        System.out.printf("  (HEVC decoder: %s; JPEG decoder: %s; WebP encoder: %s; ICC: %s)%n",
                HEVC.available() ? "ffmpeg" : "libheif (vips)",
                io.assetgate.server.processing.image.codec.TurboJpeg.available() ? "libturbojpeg" : "ImageIO",
                io.assetgate.server.processing.image.codec.LibWebp.available() ? "libwebp" : "ImageIO (webp-imageio)",
                io.assetgate.server.processing.image.codec.LittleCms.available() ? "Little CMS" : "ImageIO");
        System.out.printf("  (measured pass alone: %.2f CPU-s per image, %.2f images/s per core: this JVM and its"
                + " decoder children, without start-up and warm-up, as a running server)%n", cpuPerImage, 1 / cpuPerImage);
    }

    /** CPU time of this JVM and of its children that have ended (the decoders: ffmpeg, vips). */
    private static long cpuNanos() throws java.io.IOException {
        long self = ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
        String stat = Files.readString(Path.of("/proc/self/stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        // cutime and cstime (fields 16 and 17 of proc(5)), in clock ticks of 10 ms.
        long childTicks = Long.parseLong(fields[13]) + Long.parseLong(fields[14]);
        return self + childTicks * 10_000_000L;
    }

    /**
     * As the server does (HeifInspection): header in Java, then ffmpeg's HEVC decoder for the
     * layouts the container reader handles, else libheif's decode to PNG in a child process;
     * variants in Java, the ICC profile applied.
     */
    private static ImageRenderer.Rendering heic(Path f, Path out, Map<String, VariantSpec> specs, String format)
            throws java.io.IOException {
        var heif = io.assetgate.server.processing.image.heif.HeifHeader.read(f);
        byte[] icc = io.assetgate.server.processing.image.heif.HeifHeader.iccProfile(f);
        Path dir = Files.createTempDirectory(out, "heif");
        if (HEVC.available()) {
            var image = io.assetgate.server.processing.image.heif.HevcImage.read(f);
            int factor = HevcDecoder.factorFor(image, heif.displayWidth(), heif.displayHeight(), specs);
            return ImageRenderer.renderAll(HEVC.decodeUpright(f, image, factor, dir), specs, s -> format, 82, icc);
        }
        Path png = HEIF.decodeUpright(f, ImageRenderer.longSideNeeded(heif.displayWidth(), heif.displayHeight(),
                specs), dir);
        ImageHeader decoded = ImageHeader.read(png, 1).orElseThrow();
        return ImageRenderer.renderAll(png, new ImageHeader("png", decoded.width(), decoded.height(), 1, 1, null),
                specs, s -> format, 82, icc);
    }

    private static void run(List<Path> files, Path out, int threads, Map<String, VariantSpec> specs, String format)
            throws Exception {
        try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            List<Future<Object>> jobs = files.stream().map(f -> pool.<Object>submit(() -> {
                ImageRenderer.Rendering rendering = f.toString().endsWith(".heic") ? heic(f, out, specs, format)
                        : ImageRenderer.renderAll(f, ImageHeader.read(f, 1).orElseThrow(), specs, s -> format, 82);
                for (ImageRenderer.Rendered r : rendering.variants()) {
                    Files.write(out.resolve(f.getFileName() + "-" + r.name() + "." + format), r.bytes());
                }
                return null;
            })).toList();
            for (Future<Object> job : jobs) {
                job.get();
            }
        }
    }
}
