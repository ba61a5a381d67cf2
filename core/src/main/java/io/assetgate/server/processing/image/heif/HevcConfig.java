package io.assetgate.server.processing.image.heif;

import java.util.ArrayList;
import java.util.List;

/**
 * An HEVC decoder configuration ({@code hvcC}, ISO/IEC 14496-15 8.3.3): the sampling and bit
 * depth a fast decoder must be able to take, the size of the length field before each NAL unit
 * of the coded data, and the parameter sets (VPS, SPS, PPS) that go in front of it.
 *
 * @param chromaFormat 0 monochrome, 1 4:2:0, 2 4:2:2, 3 4:4:4
 * @param lengthSize bytes of the big-endian length before each NAL unit in the item's data
 */
record HevcConfig(int chromaFormat, int lumaBits, int chromaBits, int lengthSize, List<byte[]> parameterSets) {

    static HevcConfig read(byte[] payload) {
        Box.Reader r = new Box.Reader(payload);
        if (r.u8() != 1) {
            throw new IllegalArgumentException("hvcC version is not 1");
        }
        // Profile, tier and level (15 bytes) say nothing the decoder does not check itself.
        r.skip(15);
        int chroma = r.u8() & 3;
        int luma = (r.u8() & 7) + 8;
        int chromaBits = (r.u8() & 7) + 8;
        r.skip(2);
        int lengthSize = (r.u8() & 3) + 1;
        if (lengthSize == 3) {
            throw new IllegalArgumentException("hvcC declares 3-byte NAL lengths");
        }
        int arrays = r.u8();
        List<byte[]> sets = new ArrayList<>();
        for (int a = 0; a < arrays; a++) {
            r.u8();
            int count = r.u16();
            for (int n = 0; n < count; n++) {
                sets.add(r.bytes(r.u16()));
            }
        }
        return new HevcConfig(chroma, luma, chromaBits, lengthSize, List.copyOf(sets));
    }

    /** True for what the fast path converts: 8-bit 4:2:0, as phones write. */
    boolean is8Bit420() {
        return chromaFormat == 1 && lumaBits == 8 && chromaBits == 8;
    }
}
