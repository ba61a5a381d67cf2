package io.assetgate.server.storage.local;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.core.io.FileSystemResource;
import org.springframework.core.io.Resource;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.assetgate.server.storage.Checksum;
import io.assetgate.server.storage.MultipartNotFoundException;
import io.assetgate.server.storage.ObjectNotFoundException;
import io.assetgate.server.storage.SignedWriteGate;
import io.assetgate.server.web.ApiException;
import io.assetgate.server.web.ErrorCode;
import io.assetgate.server.web.Problems;

import java.nio.charset.StandardCharsets;

/**
 * The local store's HTTP face: what S3 would be for signed links. It authenticates requests
 * only by their signature, never by a bearer token. A refused PUT stores nothing: the body
 * goes to a temporary file that is moved into place only after every check passed.
 *
 * <p>A valid signature is not enough to write: the upload it was signed for MUST still be
 * pending ({@link SignedWriteGate}), and the object MUST NOT exist yet. Like S3's
 * {@code If-None-Match: *}, the first complete PUT wins and no later one replaces it, so the
 * bytes verified at complete stay the bytes stored, however long the link still lives.
 */
@RestController
@org.springframework.boot.autoconfigure.condition.ConditionalOnBean(LocalObjectStore.class)
class LocalStoreController {

    static final String PATH = "/store";

    private final LocalObjectStore store;
    private final SignedWriteGate writes;

    LocalStoreController(LocalObjectStore store, SignedWriteGate writes) {
        this.store = store;
        this.writes = writes;
    }

    @PutMapping(PATH + "/**")
    ResponseEntity<?> put(HttpServletRequest request, @RequestParam(required = false) String exp,
            @RequestParam(required = false) String len, @RequestParam(required = false) String type,
            @RequestParam(required = false) String sum, @RequestParam(required = false) String sig,
            @RequestParam(required = false) String upload, @RequestParam(required = false) String part)
            throws IOException {
        String key = keyOf(request);
        if (upload != null) {
            return putPart(request, key, upload, part, exp, len, sig);
        }
        String signedSum = sum == null ? "" : sum;
        if (exp == null || len == null || type == null
                || !store.signer().verify(sig, "PUT", key, exp, len, type, signedSum)) {
            return refuse(ErrorCode.FORBIDDEN, "The signature does not match this request");
        }
        if (isExpired(exp)) {
            return refuse(ErrorCode.FORBIDDEN, "The signed URL has expired");
        }
        String contentType = request.getContentType();
        if (contentType == null || !sameType(contentType, type)) {
            return refuse(ErrorCode.FORBIDDEN, "Content-Type differs from the signed type");
        }
        long length = Long.parseLong(len);
        if (request.getContentLengthLong() != length) {
            return refuse(ErrorCode.FORBIDDEN, "Content-Length differs from the signed length");
        }
        Checksum checksum = signedSum.isEmpty() ? null : Checksum.parse(signedSum);
        if (checksum != null && !checksum.base64().equals(request.getHeader(checksumHeader(checksum)))) {
            return refuse(ErrorCode.FORBIDDEN, "The checksum header differs from the signed checksum");
        }
        if (!writes.acceptsWrites(key)) {
            return refuse(ErrorCode.UPLOAD_NOT_PENDING, "The upload of this link is no longer pending");
        }
        if (store.exists(key)) {
            return alreadyStored();
        }
        return store(key, request.getInputStream(), length, checksum);
    }

    /** A part of a multipart upload: like a PUT, but the signature binds the upload id and part number too. */
    private ResponseEntity<?> putPart(HttpServletRequest request, String key, String upload, String part, String exp,
            String len, String sig) throws IOException {
        if (part == null || exp == null || len == null
                || !store.signer().verify(sig, "PART", key, upload, part, exp, len)) {
            return refuse(ErrorCode.FORBIDDEN, "The signature does not match this request");
        }
        if (isExpired(exp)) {
            return refuse(ErrorCode.FORBIDDEN, "The signed URL has expired");
        }
        long length = Long.parseLong(len);
        if (request.getContentLengthLong() != length) {
            return refuse(ErrorCode.FORBIDDEN, "Content-Length differs from the signed length");
        }
        try {
            String etag = store.multipart().putPart(key, upload, Integer.parseInt(part), request.getInputStream(),
                    length);
            return ResponseEntity.ok().eTag("\"" + etag + "\"").build();
        } catch (MultipartNotFoundException e) {
            return refuse(ErrorCode.NOT_FOUND, "No such multipart upload");
        } catch (LocalObjectStore.LengthMismatchException e) {
            return refuse(ErrorCode.VALIDATION_FAILED, "The body length differs from the signed length");
        }
    }

    @GetMapping(PATH + "/**")
    ResponseEntity<?> get(HttpServletRequest request, @RequestParam(required = false) String exp,
            @RequestParam(required = false) String type, @RequestParam(required = false) String name,
            @RequestParam(required = false) String sig) {
        String key = keyOf(request);
        if (exp == null || type == null || name == null || !store.signer().verify(sig, "GET", key, exp, type, name)) {
            return refuse(ErrorCode.FORBIDDEN, "The signature does not match this request");
        }
        if (isExpired(exp)) {
            return refuse(ErrorCode.FORBIDDEN, "The signed URL has expired");
        }
        Path file;
        try {
            file = store.resolve(key);
        } catch (ObjectNotFoundException e) {
            return refuse(ErrorCode.NOT_FOUND, "No such object");
        }
        if (!Files.isRegularFile(file)) {
            return refuse(ErrorCode.NOT_FOUND, "No such object");
        }
        Resource body = new FileSystemResource(file);
        return ResponseEntity.ok()
                .contentType(MediaType.parseMediaType(type))
                .header(HttpHeaders.CONTENT_DISPOSITION,
                        ContentDisposition.attachment().filename(name, StandardCharsets.UTF_8).build().toString())
                .header("X-Content-Type-Options", "nosniff")
                .header(HttpHeaders.CACHE_CONTROL, "private, max-age=300")
                .body(body);
    }

    private ResponseEntity<?> store(String key, InputStream body, long length, Checksum checksum) throws IOException {
        Path part = store.newTempFile();
        try {
            // The store digests with SHA-256 anyway: a signed SHA-256 is checked against that.
            boolean storeDigest = checksum != null && checksum.algorithm().equals("sha256");
            MessageDigest digest = checksum == null || storeDigest ? null : checksum.newDigest();
            InputStream in = digest == null ? body : new DigestInputStream(body, digest);
            String etag = store.writeExactly(in, length, part);
            boolean matches = checksum == null
                    || checksum.matches(storeDigest ? HexFormat.of().parseHex(etag) : digest.digest());
            if (!matches) {
                LocalObjectStore.deleteQuietly(part);
                return refuse(ErrorCode.INTEGRITY_MISMATCH, "The body does not match the signed checksum");
            }
            if (!store.linkIntoPlaceIfAbsent(part, store.resolve(key))) {
                return alreadyStored(); // a concurrent PUT of the same link finished first
            }
            return ResponseEntity.ok().eTag("\"" + etag + "\"").build();
        } catch (LocalObjectStore.LengthMismatchException e) {
            LocalObjectStore.deleteQuietly(part);
            return refuse(ErrorCode.VALIDATION_FAILED, "The body length differs from the signed length");
        } catch (IOException | RuntimeException e) {
            LocalObjectStore.deleteQuietly(part);
            throw e;
        }
    }

    private static ResponseEntity<ProblemDetail> alreadyStored() {
        return refuse(ErrorCode.ALREADY_STORED, "The object of this link is already stored; complete the upload");
    }

    private boolean isExpired(String exp) {
        try {
            return Instant.ofEpochSecond(Long.parseLong(exp)).isBefore(store.clock().instant());
        } catch (NumberFormatException e) {
            return true;
        }
    }

    private static boolean sameType(String sent, String signed) {
        try {
            return MediaType.parseMediaType(sent).equalsTypeAndSubtype(MediaType.parseMediaType(signed));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static String checksumHeader(Checksum checksum) {
        return checksum.algorithm().equals("md5") ? LocalObjectStore.MD5_HEADER : LocalObjectStore.SHA256_HEADER;
    }

    private static String keyOf(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        return path.length() > PATH.length() + 1 ? path.substring(PATH.length() + 1) : "";
    }

    private static ResponseEntity<ProblemDetail> refuse(ErrorCode code, String detail) {
        return Problems.response(new ApiException(code, detail));
    }
}
