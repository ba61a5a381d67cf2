package io.assetgate.server.support;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

import javax.imageio.ImageIO;

/** Real media files made by the tests, so nothing binary is committed. */
public final class TestFiles {

    private TestFiles() {
    }

    /** A real JPEG of the given size with a gradient, so it is not trivially compressible. */
    public static byte[] jpeg(int width, int height) {
        return image("jpg", width, height, BufferedImage.TYPE_INT_RGB);
    }

    public static byte[] png(int width, int height) {
        return image("png", width, height, BufferedImage.TYPE_INT_ARGB);
    }

    private static byte[] image(String format, int width, int height, int type) {
        BufferedImage image = new BufferedImage(width, height, type);
        Graphics2D g = image.createGraphics();
        for (int x = 0; x < width; x += 8) {
            g.setColor(new Color((x * 255 / width), 128, 255 - (x * 255 / width)));
            g.fillRect(x, 0, 8, height);
        }
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, format, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** The API's checksum form (docs/api.md): {@code sha256:<base64>}. */
    /** {@code length} pseudo-random bytes, different on each call. */
    public static byte[] random(int length) {
        byte[] bytes = new byte[length];
        java.util.concurrent.ThreadLocalRandom.current().nextBytes(bytes);
        return bytes;
    }

    public static String sha256(byte[] bytes) {
        return "sha256:" + Base64.getEncoder().encodeToString(digest("SHA-256", bytes));
    }

    public static String md5(byte[] bytes) {
        return "md5:" + Base64.getEncoder().encodeToString(digest("MD5", bytes));
    }

    private static byte[] digest(String algorithm, byte[] bytes) {
        try {
            return MessageDigest.getInstance(algorithm).digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
