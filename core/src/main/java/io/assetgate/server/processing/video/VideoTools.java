package io.assetgate.server.processing.video;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

import org.springframework.stereotype.Component;

import io.assetgate.server.processing.ProcessingProperties;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * ffprobe and ffmpeg as child processes: video dimensions and duration, and a poster frame.
 * Arguments are passed as a list, never through a shell, and every run has a time limit.
 */
@Component
public class VideoTools {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final ProcessingProperties.Video settings;
    private volatile Boolean available;

    public VideoTools(ProcessingProperties properties) {
        this.settings = properties.video();
    }

    /**
     * What ffprobe reports of the first video stream.
     *
     * @param width coded width
     * @param height coded height
     * @param rotation degrees the display matrix turns the picture (a phone held upright: ±90)
     * @param capturedAt the container's creation time, or null
     */
    public record Probe(int width, int height, long durationMs, int rotation, java.time.Instant capturedAt) {

        /** Width as displayed: phones record the coded size and turn it with the display matrix. */
        public int displayWidth() {
            return quarterTurn() ? height : width;
        }

        public int displayHeight() {
            return quarterTurn() ? width : height;
        }

        private boolean quarterTurn() {
            return Math.floorMod(rotation, 180) == 90;
        }
    }

    /** True when both tools run; checked once. */
    public boolean available() {
        if (available == null) {
            available = runs(settings.ffprobe()) && runs(settings.ffmpeg());
        }
        return available;
    }

    public Probe probe(Path video) throws IOException {
        // ffprobe 5.1 reports a phone's rotation only as display-matrix side data; older files carry a tag.
        byte[] out = run(List.of(settings.ffprobe(), "-v", "error", "-select_streams", "v:0", "-show_entries",
                "stream=width,height:stream_side_data=rotation:stream_tags=rotate:format=duration"
                        + ":format_tags=creation_time",
                "-of", "json", video.toString()), null);
        JsonNode json = JSON.readTree(out);
        JsonNode stream = json.path("streams").path(0);
        if (stream.isMissingNode()) {
            throw new IOException("no video stream");
        }
        double seconds = json.path("format").path("duration").asDouble(0);
        int rotation = stream.path("tags").path("rotate").asInt(0);
        for (JsonNode side : stream.path("side_data_list")) {
            if (side.has("rotation")) {
                rotation = side.path("rotation").asInt(0);
            }
        }
        return new Probe(stream.path("width").asInt(), stream.path("height").asInt(), Math.round(seconds * 1000),
                rotation, instant(json.path("format").path("tags").path("creation_time").asString(null)));
    }

    /**
     * Remuxes {@code video} (stream copy, nothing re-encoded) without its container and stream
     * metadata: location, creation time, make and model, user data and timed-metadata tracks
     * are dropped; the display matrix, which is not metadata but how to show the picture, stays.
     *
     * @param muxer {@code mp4} or {@code mov}
     */
    public Path stripMetadata(Path video, String muxer, Path dir) throws IOException {
        Path out = dir.resolve("stripped");
        run(List.of(settings.ffmpeg(), "-nostdin", "-v", "error", "-y", "-i", video.toString(), "-map", "0:v",
                "-map", "0:a?", "-c", "copy", "-map_metadata", "-1", "-map_chapters", "-1", "-fflags", "+bitexact",
                "-movflags", "+faststart", "-f", muxer, out.toString()), null);
        if (!Files.exists(out) || Files.size(out) == 0) {
            throw new IOException("ffmpeg wrote no stripped copy");
        }
        return out;
    }

    private static java.time.Instant instant(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            java.time.Instant at = java.time.Instant.parse(text);
            // ffmpeg writes 1904-01-01 (the QuickTime epoch) or 1970 for "unknown".
            return at.isBefore(java.time.Instant.parse("1971-01-01T00:00:00Z")) ? null : at;
        } catch (java.time.format.DateTimeParseException e) {
            return null;
        }
    }

    /** Writes one frame as PNG: at the configured time, or the first frame of shorter videos. */
    public Path poster(Path video, Probe probe, Path dir) throws IOException {
        Path png = dir.resolve("poster.png");
        double at = probe.durationMs() > settings.posterAt().toMillis() ? settings.posterAt().toMillis() / 1000.0 : 0;
        run(List.of(settings.ffmpeg(), "-nostdin", "-v", "error", "-y", "-ss", String.valueOf(at), "-i",
                video.toString(), "-frames:v", "1", "-map_metadata", "-1", png.toString()), null);
        if (!Files.exists(png) || Files.size(png) == 0) {
            throw new IOException("ffmpeg wrote no poster frame");
        }
        return png;
    }

    private boolean runs(String command) {
        try {
            run(List.of(command, "-version"), Duration.ofSeconds(10));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private byte[] run(List<String> command, Duration timeout) throws IOException {
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try {
            process.getOutputStream().close();
            // Read on the side: reading here would wait for a hung tool forever, before the limit counts.
            CompletableFuture<byte[]> out = CompletableFuture.supplyAsync(() -> {
                try {
                    return process.getInputStream().readAllBytes();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }, task -> Thread.ofVirtual().start(task));
            Duration limit = timeout == null ? settings.timeout() : timeout;
            if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IOException(command.getFirst() + " took longer than " + limit);
            }
            if (process.exitValue() != 0) {
                throw new IOException(command.getFirst() + " failed with exit code " + process.exitValue());
            }
            return out.join();
        } catch (CompletionException e) {
            throw new IOException("Cannot read the output of " + command.getFirst(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } finally {
            process.destroyForcibly();
        }
    }
}
