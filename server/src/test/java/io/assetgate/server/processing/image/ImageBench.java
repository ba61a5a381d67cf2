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
 * variants of every JPEG in a directory with the server's own pipeline, on {@code threads}
 * threads, after a warm-up pass, and prints images per second.
 *
 * <p>Usage: {@code ImageBench <input dir> <output dir> <threads> <format>}
 */
public final class ImageBench {

    private ImageBench() {
    }

    public static void main(String[] args) throws Exception {
        Path in = Path.of(args[0]);
        Path out = Files.createDirectories(Path.of(args[1]));
        int threads = Integer.parseInt(args[2]);
        String format = args.length > 3 ? args[3] : "webp";
        Map<String, VariantSpec> specs = ProcessingProperties.DEFAULT_VARIANTS;
        List<Path> files;
        try (Stream<Path> list = Files.list(in)) {
            files = list.filter(p -> p.toString().endsWith(".jpg")).sorted().toList();
        }
        run(files.subList(0, Math.min(4, files.size())), out, threads, specs, format);
        long start = System.nanoTime();
        run(files, out, threads, specs, format);
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("assetgate-java %d images in %.2f s: %.2f images/s (%d threads, %s)%n", files.size(),
                seconds, files.size() / seconds, threads, format);
    }

    private static void run(List<Path> files, Path out, int threads, Map<String, VariantSpec> specs, String format)
            throws Exception {
        try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            List<Future<Object>> jobs = files.stream().map(f -> pool.<Object>submit(() -> {
                ImageHeader header = ImageHeader.read(f, 1).orElseThrow();
                for (ImageRenderer.Rendered r : ImageRenderer.render(f, header, specs, s -> format, 82)) {
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
