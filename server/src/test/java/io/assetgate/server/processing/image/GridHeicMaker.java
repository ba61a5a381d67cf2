package io.assetgate.server.processing.image;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import javax.imageio.ImageIO;

import io.assetgate.server.support.PhoneMedia;

/**
 * The processing benchmark's iPhone-like HEICs (see {@code bench/processing.sh}): a JPEG laid
 * out as iPhones store photos, a grid of 512x512 HEVC tiles (heif-enc per tile; 48 for 12 MP)
 * turned upright by an {@code irot} of 90° clockwise.
 *
 * <p>Usage: {@code GridHeicMaker <in.jpg> <out.heic> [heif-enc quality, 60]}
 */
public final class GridHeicMaker {

    private GridHeicMaker() {
    }

    public static void main(String[] args) throws Exception {
        int quality = args.length > 2 ? Integer.parseInt(args[2]) : 60;
        byte[] heic = PhoneMedia.gridHeic(ImageIO.read(Path.of(args[0]).toFile()), false,
                List.of(new byte[] {0, 0, 0, 9, 'i', 'r', 'o', 't', 3}), quality);
        Files.write(Path.of(args[1]), heic);
    }
}
