package io.assetgate.server.upload;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;

import io.assetgate.server.web.ApiException;
import io.assetgate.server.web.ErrorCode;

/**
 * The one place that decides whether a declared upload is allowed. It runs before anything
 * is recorded or signed, so a refused declaration costs nothing and leaves nothing behind.
 */
@Component
public class UploadPolicy {

    private final UploadProperties properties;

    public UploadPolicy(UploadProperties properties) {
        this.properties = properties;
    }

    /** Checks the declaration and returns it in normal form, or throws the contract's error. */
    public Declaration check(CreateUploadRequest request) {
        List<ApiException.FieldError> errors = new ArrayList<>();
        String filename = null;
        try {
            filename = FileNames.sanitize(request.filename());
        } catch (IllegalArgumentException e) {
            errors.add(new ApiException.FieldError("filename", e.getMessage()));
        }
        Checksum checksum = null;
        if (request.checksum() != null) {
            try {
                checksum = Checksum.parse(request.checksum());
            } catch (IllegalArgumentException e) {
                errors.add(new ApiException.FieldError("checksum", e.getMessage()));
            }
        }
        String contentType = normalType(request.contentType());
        if (contentType == null) {
            errors.add(new ApiException.FieldError("contentType", "is not a media type"));
        }
        if (!errors.isEmpty()) {
            throw new ApiException(ErrorCode.VALIDATION_FAILED, "The upload declaration is invalid", null, errors);
        }
        if (!properties.allowedTypes().contains(contentType)) {
            throw new ApiException(ErrorCode.CONTENT_TYPE_NOT_ALLOWED,
                    "Content type " + contentType + " is not accepted; allowed: " + properties.allowedTypes());
        }
        if (request.size() > properties.maxSize().toBytes()) {
            throw new ApiException(ErrorCode.UPLOAD_TOO_LARGE,
                    "The declared size exceeds the maximum of " + properties.maxSize().toBytes() + " bytes");
        }
        return new Declaration(filename, contentType, request.size(), checksum);
    }

    /** {@code type/subtype} in lower case without parameters, or null when not a concrete media type. */
    static String normalType(String raw) {
        try {
            MediaType type = MediaType.parseMediaType(raw);
            if (type.isWildcardType() || type.isWildcardSubtype()) {
                return null;
            }
            return (type.getType() + "/" + type.getSubtype()).toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** A declaration that passed the policy. {@code checksum} is null when none was declared. */
    public record Declaration(String filename, String contentType, long size, Checksum checksum) {
    }
}
