package io.assetgate.server.processing.image;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.springframework.stereotype.Component;

import io.assetgate.server.processing.ProcessingProperties;

/**
 * Decodes HEIC and AVIF (libheif, through libvips) in a child process, into an upright sRGB
 * PNG no larger than the variants need; the Java pipeline makes the variants from that PNG.
 *
 * <p>Why a child process: libheif and its HEVC and AV1 decoders are native code parsing
 * hostile input. In the server's process a crash would take the server down and a runaway
 * allocation would take its memory. Here each decode MUST run with a time limit (killed
 * after {@code timeout}) and an address-space limit ({@code prlimit --as}), with no shell and
 * the file name as a plain argument; the pixel limit is checked from the container header
 * ({@link io.assetgate.server.processing.image.heif.HeifHeader}) before this runs at all.
 *
 * <p>libheif applies the container's {@code irot}, {@code imir} and {@code clap} itself, and
 * libvips then drops the EXIF orientation: the output is upright, rotated once.
 */
@Component
public class HeifDecoder {

    private final ProcessingProperties.Heif settings;
    private volatile Boolean available;

    @org.springframework.beans.factory.annotation.Autowired
    public HeifDecoder(ProcessingProperties properties) {
        this(properties.heif());
    }

    /** With settings of its own (the benchmark). */
    public HeifDecoder(ProcessingProperties.Heif settings) {
        this.settings = settings;
    }

    /** True when {@code vips} runs and was built with libheif; checked once. */
    public boolean available() {
        if (available == null) {
            try {
                String loaders = new String(run(List.of(settings.vips(), "-l", "foreign"), 20),
                        java.nio.charset.StandardCharsets.UTF_8);
                available = loaders.contains("heifload");
            } catch (IOException e) {
                available = false;
            }
        }
        return available;
    }

    /**
     * Writes {@code file} as an upright, metadata-free sRGB PNG fitting {@code longSide}
     * (never enlarged), and answers it.
     */
    public Path decodeUpright(Path file, int longSide, Path dir) throws IOException {
        Path png = dir.resolve("decoded.png");
        // "[strip]" keeps EXIF, XMP and ICC out of the intermediate; the input name carries no options.
        // Colour: libvips 8.14 ignores nclx colour boxes and the pixels are taken as sRGB. Converting
        // an embedded profile here ("--export-profile srgb") shifted pure sRGB blue to (84, 15, 252)
        // on profile-less files in PhoneFormatsTest, so the pixels stay in the image's own space and
        // the Java side converts them with the container's ICC profile (HeifHeader.iccProfile).
        try {
            run(List.of(settings.vips(), "thumbnail", file.toString(), png + "[strip,compression=1]",
                    String.valueOf(longSide), "--height", String.valueOf(longSide), "--size", "down"),
                    settings.timeout().toSeconds());
        } catch (Refused e) {
            // The reason is shown to the owner: no path of this server's in it.
            throw new Refused(e.getMessage().replace(file.toString(), "the image").replace(dir.toString(), ""));
        }
        if (!Files.exists(png) || Files.size(png) == 0) {
            throw new IOException("the decoder wrote no image");
        }
        return png;
    }

    private byte[] run(List<String> args, long timeoutSeconds) throws IOException {
        List<String> command = new ArrayList<>();
        command.addAll(ChildLimits.prefix(settings.memoryLimit()));
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        // One decoding thread per job: the job pool already runs jobs in parallel.
        builder.environment().put("VIPS_CONCURRENCY", "1");
        builder.environment().put("VIPS_WARNING", "0");
        Process process = builder.start();
        try {
            process.getOutputStream().close();
            // Read on the side: reading here would wait for a hung decoder forever, before the limit counts.
            byte[][] output = new byte[1][];
            Thread out = Thread.ofVirtual().start(() -> {
                try {
                    output[0] = process.getInputStream().readNBytes(1 << 20);
                } catch (IOException e) {
                    output[0] = new byte[0];
                }
            });
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                throw new IOException("the decoder took longer than " + timeoutSeconds + " s and was stopped");
            }
            out.join(5000);
            if (process.exitValue() != 0) {
                String said = output[0] == null ? "" : new String(output[0], java.nio.charset.StandardCharsets.UTF_8);
                throw new Refused("the decoder refused the image (exit " + process.exitValue() + "): "
                        + firstLine(said));
            }
            return output[0] == null ? new byte[0] : output[0];
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } finally {
            process.destroyForcibly();
        }
    }

    /**
     * The decoder ran to its end and refused the file (corrupt, truncated, over a limit):
     * trying again would not change that. A timeout is a plain {@link IOException}: it may be load.
     */
    public static final class Refused extends IOException {
        Refused(String message) {
            super(message);
        }
    }

    private static String firstLine(String text) {
        String line = text.strip().lines().filter(l -> !l.isBlank() && !l.contains("WARNING")).findFirst()
                .orElse("no message");
        return line.length() > 200 ? line.substring(0, 200) : line;
    }
}
