package io.assetgate.server.upload;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Set;

import org.apache.tika.metadata.Metadata;
import org.apache.tika.mime.MediaType;
import org.apache.tika.mime.MediaTypeRegistry;
import org.apache.tika.mime.MimeTypes;
import org.springframework.stereotype.Component;

/**
 * Tells whether an object's leading bytes match the type its uploader declared, using Apache
 * Tika's magic-byte database. Only the bytes count: no filename is given to the detector.
 */
@Component
public class ContentSniffer {

    /** How many leading bytes are read for detection. */
    public static final int PROBE_BYTES = 64 * 1024;

    /** Formats that share the ISO base media file container and whose brands Tika may name differently. */
    private static final Set<String> ISO_BMFF = Set.of("video/mp4", "video/quicktime", "video/3gpp", "video/3gpp2",
            "video/x-m4v", "application/mp4", "audio/mp4", "image/heic", "image/heif", "image/avif",
            "image/heic-sequence", "image/heif-sequence");
    private static final Set<String> MATROSKA = Set.of("video/webm", "video/x-matroska", "audio/webm");

    /**
     * Tika's type database, read on first use rather than when the component is made: parsing it
     * is a good part of a Lambda function's cold start, and creating an upload never needs it.
     */
    private static final class Types {
        static final MimeTypes MIME_TYPES = MimeTypes.getDefaultMimeTypes();
        static final MediaTypeRegistry REGISTRY = MIME_TYPES.getMediaTypeRegistry();
    }

    /** The type the bytes show, as {@code type/subtype}. */
    public String detect(byte[] leadingBytes) {
        try {
            return Types.MIME_TYPES.detect(new ByteArrayInputStream(leadingBytes), new Metadata()).getBaseType().toString();
        } catch (IOException e) {
            throw new IllegalStateException("Reading from memory cannot fail", e);
        }
    }

    /** True when {@code leadingBytes} are plausibly of {@code declaredType}. */
    public boolean matches(String declaredType, byte[] leadingBytes) {
        String detected = detect(leadingBytes);
        if (detected.equals(declaredType)) {
            return true;
        }
        if (ISO_BMFF.contains(declaredType) && ISO_BMFF.contains(detected)) {
            return true;
        }
        if (MATROSKA.contains(declaredType) && MATROSKA.contains(detected)) {
            return true;
        }
        MediaType declared = MediaType.parse(declaredType);
        MediaType found = MediaType.parse(detected);
        return declared != null && found != null && Types.REGISTRY.isSpecializationOf(found, declared);
    }
}
