package io.assetgate.client;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Drives one upload through the API (docs/api.md): declare, send the bytes as the server's answer says
 * (one signed PUT, or parts in parallel), then complete with the checksums computed while the
 * bytes were read for sending: the file is read once. The server checks them against the
 * storage's own digests. An upload that expired before its bytes arrived is declared again
 * under a derived idempotency key; the expired one can never become an asset.
 */
final class Uploader {

    private static final int MAX_REDECLARATIONS = 2;

    private final Transport transport;
    private final SignedPut signedPut;
    private final ExecutorService parts;

    Uploader(Transport transport, Duration transferTimeout, ExecutorService parts) {
        this.transport = transport;
        this.signedPut = new SignedPut(transport, transferTimeout);
        this.parts = parts;
    }

    Asset upload(Path file, UploadOptions options) {
        long size = sizeOf(file);
        String filename = options.filename() != null ? options.filename() : file.getFileName().toString();
        String contentType = options.contentType() != null ? options.contentType() : ContentTypes.guess(filename);
        String key = options.idempotencyKey() != null ? options.idempotencyKey() : UUID.randomUUID().toString();
        // Declared, the checksum is bound into the signed URL: the store refuses other bytes, on
        // the first PUT and on any later use of the URL (see UploadOptions#streamingChecksum).
        // Reusing a duplicate needs it before the declaration too.
        String declared = options.streamingChecksum() && !options.reuseDuplicates() ? null
                : checksumOf(file, 0, size, Checksums.DEFAULT_ALGORITHM, options.cancellation());
        for (int generation = 0;; generation++) {
            Map<String, Object> declaration = new LinkedHashMap<>();
            declaration.put("filename", filename);
            declaration.put("contentType", contentType);
            declaration.put("size", size);
            if (declared != null) {
                declaration.put("checksum", declared);
            }
            if (options.reuseDuplicates()) {
                declaration.put("onDuplicate", "reuse");
            }
            String thisKey = generation == 0 ? key : key + "~" + generation;
            UploadInfo upload = transport.call("POST", "/v1/uploads", declaration,
                    Map.of("Idempotency-Key", thisKey), UploadInfo.class, options.cancellation());
            if (upload.existing()) {
                // The caller already has these bytes as a verified asset: nothing to send.
                return transport.call("GET", "/v1/assets/" + upload.assetId(), null, Map.of(), Asset.class,
                        options.cancellation());
            }
            options.onCreated().accept(upload);
            try {
                return send(upload, file, options, false);
            } catch (AssetgateException e) {
                if (!ErrorCodes.UPLOAD_EXPIRED.equals(e.code()) || generation >= MAX_REDECLARATIONS) {
                    throw e;
                }
            }
        }
    }

    /** Continues an upload recorded earlier, sending only what the storage does not hold yet. */
    Asset resume(String uploadId, Path file, UploadOptions options) {
        UploadInfo upload = get(uploadId, options.cancellation());
        if (upload.size() != sizeOf(file)) {
            throw AssetgateException.local(ErrorCodes.FILE_CHANGED, "The file's size differs from the upload's");
        }
        return send(upload, file, options, true);
    }

    UploadInfo get(String uploadId, Cancellation cancellation) {
        return transport.call("GET", "/v1/uploads/" + uploadId, null, Map.of(), UploadInfo.class, cancellation);
    }

    private Asset send(UploadInfo upload, Path file, UploadOptions options, boolean resuming) {
        if (UploadStates.COMPLETED.equals(upload.state())) {
            return complete(upload.uploadId(), null, options.cancellation());
        }
        if (UploadStates.EXPIRED.equals(upload.state())) {
            throw AssetgateException.uploadExpired("The upload expired");
        }
        try {
            if (upload.multipart()) {
                return new MultipartUpload(transport, signedPut, parts, upload, file, options).run();
            }
            // A declared checksum is checked by the store and at complete: nothing to compute while sending.
            String algorithm = upload.checksum() != null ? null : Checksums.algorithmFor(upload);
            if (resuming) {
                // The bytes may have arrived before an interruption: try completing first. It costs one
                // reading of the file for its checksum; the server cannot yet say whether a SINGLE
                // upload's object is stored without being asked to complete it.
                try {
                    String checksum = algorithm == null ? null
                            : checksumOf(file, 0, upload.size(), algorithm, options.cancellation());
                    return complete(upload.uploadId(), checksumBody(checksum), options.cancellation());
                } catch (AssetgateException e) {
                    if (!ErrorCodes.UPLOAD_INCOMPLETE.equals(e.code())) {
                        throw e;
                    }
                }
            }
            AtomicLong sent = new AtomicLong();
            Runnable progress = () -> options.progress().onProgress(
                    new ProgressListener.Progress(upload.filename(), sent.get(), upload.size()));
            SignedPut.Sent put = signedPut.send(SignedPut.fixed(() -> freshTarget(upload.uploadId(),
                    options.cancellation()), upload.target()),
                    new SignedPut.Slice(file, 0, upload.size(), algorithm, sent, progress), options.cancellation());
            String checksum = put.checksum();
            if (checksum == null && algorithm != null) {
                // The store already held the object (an earlier attempt's answer was lost): read it here.
                checksum = checksumOf(file, 0, upload.size(), algorithm, options.cancellation());
            }
            return complete(upload.uploadId(), checksumBody(checksum), options.cancellation());
        } catch (AssetgateException e) {
            if (e.isCancelled()) {
                abortQuietly(upload.uploadId());
            }
            throw e;
        }
    }

    private UploadInfo.Target freshTarget(String uploadId, Cancellation cancellation) {
        UploadInfo again = get(uploadId, cancellation);
        if (again.target() == null) {
            throw AssetgateException.uploadExpired("The upload expired before its bytes arrived");
        }
        return again.target();
    }

    Asset complete(String uploadId, Object body, Cancellation cancellation) {
        return transport.call("POST", "/v1/uploads/" + uploadId + "/complete", body, Map.of(), Asset.class,
                cancellation);
    }

    private static Map<String, Object> checksumBody(String checksum) {
        return checksum == null ? null : Map.of("checksum", checksum);
    }

    /** Reads a range of the file for its checksum: only needed for bytes sent by an earlier process. */
    static String checksumOf(Path file, long offset, long length, String algorithm, Cancellation cancellation) {
        try {
            return Checksums.of(file, offset, length, algorithm, cancellation);
        } catch (IOException e) {
            throw unreadable(file, e);
        }
    }

    private void abortQuietly(String uploadId) {
        try {
            transport.once("DELETE", "/v1/uploads/" + uploadId, null, Map.of(), null, null);
        } catch (AssetgateException ignored) {
            // Best effort: the server expires abandoned uploads anyway.
        }
    }

    private static AssetgateException unreadable(Path file, IOException e) {
        return AssetgateException.fileUnreadable("Cannot read " + file + ": " + e.getMessage(), e);
    }

    /** The file's size, opening it: a file that cannot be read fails here, for good, not as a network error later. */
    private static long sizeOf(Path file) {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            return channel.size();
        } catch (IOException e) {
            throw unreadable(file, e);
        }
    }
}
