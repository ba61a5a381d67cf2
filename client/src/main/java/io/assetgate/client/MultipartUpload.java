package io.assetgate.client;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The parts of one MULTIPART upload, sent in parallel on the client's part pool. Each part is
 * retried on its own; parts the storage already holds (after a crash) are not sent again. The
 * first part that fails for good cancels the others. Each part's checksum is computed as it is
 * sent and listed at complete, where the server checks it against the storage's digest.
 */
final class MultipartUpload {

    private static final int URL_BATCH = 100;

    private final Transport transport;
    private final SignedPut signedPut;
    private final ExecutorService pool;
    private final UploadInfo upload;
    private final Path file;
    private final UploadOptions options;
    private final Cancellation stop = new Cancellation();
    private final Map<Integer, UploadInfo.Target> urls = new HashMap<>();
    private final AtomicLong sent = new AtomicLong();
    private final String algorithm;

    MultipartUpload(Transport transport, SignedPut signedPut, ExecutorService pool, UploadInfo upload, Path file,
            UploadOptions options) {
        this.transport = transport;
        this.signedPut = signedPut;
        this.pool = pool;
        this.upload = upload;
        this.file = file;
        this.options = options;
        this.algorithm = Checksums.algorithmFor(upload);
    }

    Asset run() {
        long partSize = upload.partSize();
        int count = upload.partCount();
        Map<Integer, SignedPut.Sent> done = new TreeMap<>();
        if (upload.parts() != null) {
            for (UploadInfo.StoredPart held : upload.parts()) {
                if (held.partNumber() <= count && held.size() == lengthOf(held.partNumber(), partSize)) {
                    // Sent by an earlier process: its checksum comes from reading the part once more.
                    String checksum = Uploader.checksumOf(file, (held.partNumber() - 1) * partSize, held.size(),
                            algorithm, options.cancellation());
                    done.put(held.partNumber(), new SignedPut.Sent(held.etag(), checksum));
                    sent.addAndGet(held.size());
                }
            }
        }
        progress();
        List<Future<SignedPut.Sent>> futures = new ArrayList<>();
        List<Integer> numbers = new ArrayList<>();
        for (int n = 1; n <= count; n++) {
            if (!done.containsKey(n)) {
                int part = n;
                numbers.add(part);
                futures.add(pool.submit(() -> sendPart(part, partSize)));
            }
        }
        try {
            for (int i = 0; i < futures.size(); i++) {
                done.put(numbers.get(i), await(futures.get(i)));
            }
        } finally {
            stop.cancel();
        }
        List<Map<String, Object>> body = new ArrayList<>();
        done.forEach((number, part) -> {
            Map<String, Object> listed = new LinkedHashMap<>();
            listed.put("partNumber", number);
            listed.put("etag", part.etag() == null ? "" : part.etag());
            if (part.checksum() != null) {
                listed.put("checksum", part.checksum());
            }
            body.add(listed);
        });
        return transport.call("POST", "/v1/uploads/" + upload.uploadId() + "/complete", Map.of("parts", body),
                Map.of(), Asset.class, options.cancellation());
    }

    private SignedPut.Sent sendPart(int number, long partSize) {
        Cancellation either = Cancellation.linkedTo(stop, options.cancellation());
        long offset = (number - 1) * partSize;
        return signedPut.send(fresh -> target(number, fresh, either),
                new SignedPut.Slice(file, offset, lengthOf(number, partSize), algorithm, sent, this::progress), either);
    }

    private long lengthOf(int number, long partSize) {
        return Math.min(partSize, upload.size() - (number - 1) * partSize);
    }

    /** A signed URL for a part, fetched in batches for the parts that follow it. */
    private synchronized UploadInfo.Target target(int number, boolean fresh, Cancellation cancellation) {
        UploadInfo.Target known = urls.get(number);
        if (!fresh && known != null && (known.expiresAt() == null || known.expiresAt().isAfter(Instant.now()))) {
            return known;
        }
        List<Integer> batch = new ArrayList<>();
        for (int n = number; n <= upload.partCount() && batch.size() < (fresh ? 1 : URL_BATCH); n++) {
            if (n == number || !urls.containsKey(n)) {
                batch.add(n);
            }
        }
        PartUrls answer = transport.call("POST", "/v1/uploads/" + upload.uploadId() + "/parts",
                Map.of("partNumbers", batch), Map.of(), PartUrls.class, cancellation);
        for (UploadInfo.Target t : answer.parts()) {
            urls.put(t.partNumber(), t);
        }
        UploadInfo.Target target = urls.get(number);
        if (target == null) {
            throw AssetgateException.internal("The server signed no URL for part " + number, null);
        }
        return target;
    }

    private void progress() {
        options.progress().onProgress(new ProgressListener.Progress(upload.filename(), sent.get(), upload.size()));
    }

    private SignedPut.Sent await(Future<SignedPut.Sent> future) {
        try {
            return future.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof AssetgateException a) {
                throw a;
            }
            throw AssetgateException.internal(String.valueOf(e.getCause()), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stop.cancel();
            throw AssetgateException.cancelled();
        }
    }

    /** The answer of {@code POST /v1/uploads/{id}/parts}. */
    record PartUrls(List<UploadInfo.Target> parts) {
    }
}
