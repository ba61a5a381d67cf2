package io.assetgate.server.processing.image;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.springframework.stereotype.Component;

import io.assetgate.server.processing.ProcessingProperties;
import io.assetgate.server.processing.VariantSpec;
import io.assetgate.server.processing.image.heif.HevcImage;

/**
 * Decodes a HEIC's HEVC tiles with ffmpeg's HEVC decoder in a child process (about half the
 * CPU of libheif with libde265 here), and builds the upright image in Java: the container is read by
 * {@link HevcImage} (ffmpeg 5.1 cannot open HEIC stills), its tiles go to ffmpeg as one HEVC
 * byte stream, and the raw 4:2:0 pictures come back on ffmpeg's output, each converted to RGB
 * as it arrives, shrunk by the factor the variants allow, then placed in the grid. The
 * container's transforms are applied once, here; the EXIF orientation is not.
 *
 * <p>Isolation as for {@link HeifDecoder}: ffmpeg parses hostile input, so it MUST run as a
 * child with the same time limit (killed after {@code timeout}) and address-space limit
 * ({@code prlimit --as}), no shell, file names as plain arguments. Java checks every size and
 * offset of the container before ffmpeg runs, and expects exactly one picture of the declared
 * size per tile: anything else is refused, and the caller falls back to libheif.
 */
@Component
public class HevcDecoder {

    private final ProcessingProperties.Heif settings;
    private final String ffmpeg;
    private volatile Boolean available;

    @org.springframework.beans.factory.annotation.Autowired
    public HevcDecoder(ProcessingProperties properties) {
        this(properties.heif(), properties.video().ffmpeg());
    }

    /** With settings of its own (the benchmark, tests). */
    public HevcDecoder(ProcessingProperties.Heif settings, String ffmpeg) {
        this.settings = settings;
        this.ffmpeg = ffmpeg;
    }

    /** True when this path is switched on and ffmpeg runs with its HEVC decoder; checked once. */
    public boolean available() {
        if (available == null) {
            available = settings.hevcDecoder().equals("ffmpeg") && hasHevcDecoder();
        }
        return available;
    }

    private boolean hasHevcDecoder() {
        try {
            Process p = new ProcessBuilder(ffmpeg, "-hide_banner", "-decoders").redirectErrorStream(true).start();
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0
                    && out.lines().anyMatch(l -> l.matches("\\s*V\\S*\\s+hevc\\s.*"));
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * The largest factor (1, 2 or 4) by which {@code image}, shown {@code width}x{@code height}
     * once upright, may be decoded smaller and still serve every variant in {@code specs}
     * without enlarging. Tiles must be a multiple of it, so that each starts on a whole output pixel.
     */
    public static int factorFor(HevcImage image, int width, int height, Map<String, VariantSpec> specs) {
        int subsampling = ImageRenderer.subsampling(new ImageHeader("heic", width, height, 1, 1, null), specs);
        for (int factor = 4; factor > 1; factor /= 2) {
            boolean whole = image.tileWidth() % factor == 0 && image.tileHeight() % factor == 0;
            if (subsampling >= factor && (whole || image.tileCount() == 1)) {
                return factor;
            }
        }
        return 1;
    }

    /**
     * The upright image, {@code factor} (from {@link #factorFor}) times smaller than coded, in
     * the colour space of the file's pixels (its ICC profile still to be applied).
     *
     * @throws IOException when ffmpeg fails, times out, or gives other pictures than declared
     */
    public BufferedImage decodeUpright(Path file, HevcImage image, int factor, Path dir) throws IOException {
        Path stream = dir.resolve("tiles.hevc");
        try (OutputStream out = Files.newOutputStream(stream)) {
            image.writeAnnexB(file, out);
        }
        Path log = dir.resolve("ffmpeg.log");
        List<String> command = new ArrayList<>();
        command.addAll(ChildLimits.prefix(settings.memoryLimit()));
        // One thread: the job pool already decodes images in parallel. No stream probing: it decodes
        // the first picture an extra time (a whole 12 MP picture for a HEIC that is not a grid), and
        // Java knows the sizes. Every picture, in order, none dropped or repeated (passthrough), as
        // raw pictures in the decoder's own format on stdout.
        command.addAll(List.of(ffmpeg, "-nostdin", "-hide_banner", "-loglevel", "error", "-threads", "1",
                "-nofind_stream_info", "-f", "hevc", "-i", stream.toString(), "-map", "0:v:0", "-fps_mode", "passthrough",
                "-f", "rawvideo", "pipe:1"));
        Process process = new ProcessBuilder(command).redirectError(log.toFile()).start();
        AtomicBoolean timedOut = new AtomicBoolean();
        Thread watchdog = Thread.ofVirtual().start(() -> {
            try {
                if (!process.waitFor(settings.timeout().toSeconds(), TimeUnit.SECONDS)) {
                    timedOut.set(true);
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
            }
        });
        try {
            process.getOutputStream().close();
            BufferedImage decoded = readTiles(process.getInputStream(), image, factor);
            if (!process.waitFor(settings.timeout().toSeconds(), TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IOException("ffmpeg failed");
            }
            return PixelTransforms.apply(decoded, image.transforms(), factor);
        } catch (IOException e) {
            if (timedOut.get()) {
                throw new IOException("ffmpeg took longer than " + settings.timeout().toSeconds() + " s and was stopped");
            }
            throw new IOException(e.getMessage() + " (ffmpeg: " + said(log) + ")", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } finally {
            process.destroyForcibly();
            watchdog.interrupt();
        }
    }

    /** One picture per tile, row by row; then the output must end. */
    private static BufferedImage readTiles(InputStream in, HevcImage image, int factor) throws IOException {
        int tw = image.tileWidth();
        int th = image.tileHeight();
        YcbcrCanvas canvas = new YcbcrCanvas(image.width(), image.height(), factor, image.matrix());
        byte[] frame = new byte[YcbcrCanvas.frameBytes(tw, th)];
        for (int i = 0; i < image.tileCount(); i++) {
            int n = in.readNBytes(frame, 0, frame.length);
            if (n != frame.length) {
                throw new IOException("ffmpeg gave " + i + " of " + image.tileCount() + " pictures");
            }
            canvas.paste(frame, tw, th, (i % image.columns()) * tw, (i / image.columns()) * th);
        }
        if (in.read() >= 0) {
            throw new IOException("ffmpeg gave more or larger pictures than the container declares");
        }
        return canvas.image();
    }

    private static String said(Path log) {
        try {
            String text = Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
            String line = text.strip().lines().filter(l -> !l.isBlank()).findFirst().orElse("no message");
            return line.length() > 200 ? line.substring(0, 200) : line;
        } catch (IOException e) {
            return "no message";
        }
    }
}
