package io.assetgate.server.processing.image.heif;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The item reference box ({@code iref}): for each reference type ({@code dimg} from a grid to
 * its tiles, {@code auxl} from an alpha plane to its image, ...), which items an item points
 * to, in the order written (for {@code dimg}, the tiles row by row).
 */
record ItemReferences(Map<String, Map<Integer, List<Integer>>> byType) {

    static final ItemReferences NONE = new ItemReferences(Map.of());

    static ItemReferences read(Box iref) {
        if (iref == null) {
            return NONE;
        }
        Box.Reader header = new Box.Reader(iref.payload());
        int version = header.u8();
        Map<String, Map<Integer, List<Integer>>> byType = new LinkedHashMap<>();
        for (Box ref : Box.parse(iref.payload(), 4, iref.payload().length)) {
            Box.Reader r = new Box.Reader(ref.payload());
            int from = id(r, version);
            int count = r.u16();
            List<Integer> to = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                to.add(id(r, version));
            }
            byType.computeIfAbsent(ref.type(), t -> new LinkedHashMap<>())
                    .computeIfAbsent(from, f -> new ArrayList<>()).addAll(to);
        }
        return new ItemReferences(byType);
    }

    /** The items {@code from} points to with references of {@code type}; empty when none. */
    List<Integer> from(String type, int from) {
        return byType.getOrDefault(type, Map.of()).getOrDefault(from, List.of());
    }

    /** The items that point to {@code to} with references of {@code type}. */
    List<Integer> to(String type, int to) {
        List<Integer> out = new ArrayList<>();
        byType.getOrDefault(type, Map.of()).forEach((from, targets) -> {
            if (targets.contains(to)) {
                out.add(from);
            }
        });
        return out;
    }

    private static int id(Box.Reader r, int version) {
        long id = version == 0 ? r.u16() : r.u32();
        if (id > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("an item id overflows");
        }
        return (int) id;
    }
}
