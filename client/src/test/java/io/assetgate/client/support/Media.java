package io.assetgate.client.support;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

import javax.imageio.ImageIO;

/** Media files made by the tests: a real JPEG header, then seeded noise up to the wanted size. */
public final class Media {

    private Media() {
    }

    /** A file of exactly {@code size} bytes that the server's content check takes for a JPEG. */
    public static Path jpeg(Path dir, String name, long size, long seed) {
        byte[] head = smallJpeg();
        Path file = dir.resolve(name);
        try (OutputStream out = Files.newOutputStream(file)) {
            int first = (int) Math.min(size, head.length);
            out.write(head, 0, first);
            Random random = new Random(seed);
            byte[] chunk = new byte[64 * 1024];
            for (long left = size - first; left > 0; ) {
                random.nextBytes(chunk);
                int n = (int) Math.min(chunk.length, left);
                out.write(chunk, 0, n);
                left -= n;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    private static byte[] smallJpeg() {
        BufferedImage image = new BufferedImage(32, 32, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.ORANGE);
        g.fillRect(0, 0, 32, 32);
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "jpg", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
